"""``auditor verify`` and ``auditor case`` on run folders as a sweep writes them (no browser).

The demo sweep's own folder is checked end to end in ``test_verify_demo.py``."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from report_fixtures.build import build_run

from auditor.cli import main
from auditor.finish import render
from auditor.integrity import LIST, RENDER_LIST, parse_list, seal


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@pytest.fixture(scope="module")
def sealed_run(tmp_path_factory) -> Path:
    """A run folder as the sweep leaves it: tables and evidence, SHA256SUMS, then the report."""
    root = tmp_path_factory.mktemp("sealed") / "runs" / "r1"
    build_run(root)
    # the fixture's hostile rows name files outside the folder (a report must not link them);
    # a sweep never writes such rows, and verify names them (tested below)
    text = (root / "evidence/manifest.csv").read_text(encoding="utf-8").splitlines(True)
    (root / "evidence/manifest.csv").write_text(
        "".join(x for x in text if ",../" not in x and ",/etc/" not in x), encoding="utf-8")
    seal(root)
    render(root)
    return root


@pytest.fixture
def run(sealed_run, tmp_path) -> Path:
    """A copy of it to change."""
    dst = tmp_path / "runs" / "copy"
    shutil.copytree(sealed_run, dst)
    return dst


def _flip(path: Path, at: int = -10) -> None:
    data = bytearray(path.read_bytes())
    data[at] ^= 0x01
    path.write_bytes(bytes(data))


def _screenshot(run: Path) -> str:
    rows = list(csv.DictReader(open(run / "evidence/manifest.csv", encoding="utf-8")))
    return next(r["path"] for r in rows if r["kind"] == "screenshot")


def test_a_sealed_run_verifies_and_the_report_shows_its_root_hash(sealed_run, capsys):
    assert main(["verify", str(sealed_run)]) == 0
    out = capsys.readouterr().out
    root = _sha((sealed_run / LIST).read_bytes())
    assert f"root hash: {root}" in out and "intact" in out
    assert root in (sealed_run / "report" / "index.html").read_text(encoding="utf-8")
    listed = parse_list((sealed_run / LIST).read_bytes())
    assert "run.json" in listed and "evidence/manifest.csv" in listed
    assert not any(p.startswith(("report/", "exports/")) for p in listed)
    rendered = parse_list((sealed_run / RENDER_LIST).read_bytes())
    assert "report/index.html" in rendered and all(
        p.startswith(("report/", "exports/")) for p in rendered)
    # the lists are sha256sum's own format: checkable with no tool of ours
    for name in (LIST, RENDER_LIST):
        done = subprocess.run(["sha256sum", "--quiet", "-c", name], cwd=sealed_run,
                              capture_output=True, text=True)
        assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.parametrize("which", ["screenshot", "observations.csv", "run.json",
                                   "report/index.html", "exports/run.json",
                                   "evidence/manifest.csv"])
def test_one_byte_changed_anywhere_exits_1_naming_that_file(run, which, capsys):
    rel = _screenshot(run) if which == "screenshot" else which
    _flip(run / rel)
    assert main(["verify", str(run)]) == 1
    out = capsys.readouterr().out
    problems = [line for line in out.splitlines() if line.startswith(("changed:", "missing:",
                                                                     "extra:"))]
    assert problems and all(rel in line for line in problems if line.startswith("changed: "
                                                                                + rel))
    assert any(line.startswith(f"changed: {rel}") for line in problems), out
    if which != "evidence/manifest.csv":
        assert len(problems) == 1, out       # that file, and nothing else


def test_a_screenshot_changed_is_named_by_both_the_list_and_the_manifest(run, capsys):
    rel = _screenshot(run)
    _flip(run / rel)
    main(["verify", str(run)])
    line = next(x for x in capsys.readouterr().out.splitlines() if x.startswith("changed:"))
    assert "hash list" in line and "evidence/manifest.csv row" in line


def test_missing_and_extra_files_are_named_and_sqlite_and_lock_files_are_not(run, capsys):
    gone = _screenshot(run)
    (run / gone).unlink()
    (run / "evidence" / "planted.jpg").write_bytes(b"\xff\xd8\xff not ours")
    (run / ".lock").write_text("")
    (run / "run.db-wal").write_bytes(b"")
    assert main(["verify", str(run)]) == 1
    out = capsys.readouterr().out
    assert f"missing: {gone}" in out
    assert "extra: evidence/planted.jpg" in out
    assert ".lock" not in out and "run.db-wal" not in out


def test_a_file_changed_together_with_the_lists_shows_as_another_root_hash(run, capsys):
    recorded = _sha((run / LIST).read_bytes())
    rel = _screenshot(run)
    _flip(run / rel)
    new = _sha((run / rel).read_bytes())
    # the tamperer fixes the manifest and the list too
    rows = list(csv.DictReader(open(run / "evidence/manifest.csv", encoding="utf-8")))
    for r in rows:
        if r["path"] == rel:
            r["sha256"] = new
    with open(run / "evidence/manifest.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    seal(run)
    # the report, under its own list, still shows the root hash it was rendered with
    assert main(["verify", str(run)]) == 1
    out = capsys.readouterr().out
    assert f"changed: {LIST}" in out and "the report shows" in out and recorded in out
    assert main(["verify", str(run), "--root", recorded]) == 1   # and the record finds it
    out = capsys.readouterr().out
    assert f"changed: {LIST}" in out and "root hash given" in out
    # the report re-rendered and re-listed too: consistent with itself ...
    render(run)
    assert main(["verify", str(run)]) == 0
    capsys.readouterr()
    assert main(["verify", str(run), "--root", recorded]) == 1   # ... not with the record
    out = capsys.readouterr().out
    assert f"changed: {LIST}" in out and recorded in out


def test_a_manifest_path_outside_the_folder_is_a_problem_and_is_not_read(run, capsys):
    text = (run / "evidence/manifest.csv").read_text(encoding="utf-8")
    rel = _screenshot(run)
    (run / "evidence/manifest.csv").write_text(text.replace(rel, "../../../../etc/passwd", 1),
                                               encoding="utf-8")
    assert main(["verify", str(run)]) == 1
    out = capsys.readouterr().out
    assert "outside the folder" in out and "root:" not in out


def test_a_run_without_lists_is_not_vouched_for(run, capsys):
    (run / LIST).unlink()
    assert main(["verify", str(run)]) == 1
    out = capsys.readouterr().out
    assert f"missing: {LIST}" in out and "root hash: (none" in out


@pytest.mark.parametrize("what", ["missing", "plain folder", "text file", "other zip"])
def test_what_is_neither_a_run_nor_a_bundle_exits_2(tmp_path, what, capsys):
    path = tmp_path / "thing"
    if what == "plain folder":
        path.mkdir()
    elif what == "text file":
        path.write_text("hello")
    elif what == "other zip":
        with zipfile.ZipFile(path, "w") as zf:
            zf.writestr("a.txt", "a")
    assert main(["verify", str(path)]) == 2
    assert "Fix:" in capsys.readouterr().err


# -- case bundles --------------------------------------------------------------------------------

def _some_target(run: Path) -> str:
    meta = json.loads((run / "run.json").read_text(encoding="utf-8"))
    rows = list(csv.DictReader(open(run / "observations.csv", encoding="utf-8")))
    with_evidence = {r["target_id"] for r in rows if r["evidence"]}
    return next(t["id"] for t in meta["targets"] if t["id"] in with_evidence)


def test_a_case_bundle_holds_one_service_and_verifies_on_its_own(sealed_run, tmp_path, capsys):
    tid = _some_target(sealed_run)
    out = tmp_path / "cases" / f"{tid}.zip"
    assert main(["case", str(sealed_run), tid, "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    alone = tmp_path / "elsewhere" / "bundle.zip"
    alone.parent.mkdir()
    shutil.copy(out, alone)
    assert main(["verify", str(alone)]) == 0, capsys.readouterr().out
    assert "case bundle" in capsys.readouterr().out
    with zipfile.ZipFile(out) as zf:
        names = set(zf.namelist())
        case = json.loads(zf.read("case.json"))
        obs = list(csv.DictReader(zf.read("observations.csv").decode().splitlines()))
        ver = list(csv.DictReader(zf.read("verdicts.csv").decode().splitlines()))
        manifest = list(csv.DictReader(zf.read("evidence/manifest.csv").decode().splitlines()))
        run_list = zf.read("run-SHA256SUMS")
        members = {n: zf.read(n) for n in names}
    assert case["target"]["id"] == tid
    assert case["source_run"]["root_hash"] == _sha((sealed_run / LIST).read_bytes())
    assert run_list == (sealed_run / LIST).read_bytes()
    assert case["source_run"]["root_hash"] in printed
    assert obs and {r["target_id"] for r in obs} == {tid}
    assert ver and {r["target_id"] for r in ver} == {tid}
    cited = {e for r in obs + ver for e in r["evidence"].split(";") if e}
    assert cited <= {r["evidence_id"] for r in manifest}
    for r in manifest:                          # the run's own evidence files, byte for byte
        assert members[r["path"]] == (sealed_run / r["path"]).read_bytes()
        assert _sha(members[r["path"]]) == r["sha256"]
    times = {f["path"]: f.get("captured_at") for f in case["files"]}
    assert all(times[r["path"]] == r["captured_at"] for r in manifest)
    assert all(t.endswith("Z") for t in (case["created_at"], *filter(None, times.values())))
    sums = parse_list(members[LIST])
    assert set(sums) == names - {LIST}


def _rewrite(bundle: Path, change) -> None:
    with zipfile.ZipFile(bundle) as zf:
        members = {n: zf.read(n) for n in zf.namelist()}
    change(members)
    with zipfile.ZipFile(bundle, "w") as zf:
        for n, data in members.items():
            zf.writestr(n, data)


def test_a_changed_bundle_exits_1_even_with_its_own_list_rewritten(sealed_run, tmp_path, capsys):
    tid = _some_target(sealed_run)
    bundle = tmp_path / "case.zip"
    assert main(["case", str(sealed_run), tid, "--out", str(bundle)]) == 0
    with zipfile.ZipFile(bundle) as zf:
        shot = next(n for n in zf.namelist() if n.endswith((".png", ".jpg")) and "thumb" not in n)

    def flip(members):
        data = bytearray(members[shot])
        data[-10] ^= 1
        members[shot] = bytes(data)

    def flip_and_relist(members):
        flip(members)
        sums = parse_list(members[LIST])
        sums[shot] = _sha(members[shot])
        members[LIST] = "".join(f"{h}  {p}\n" for p, h in sorted(sums.items())).encode()

    def flip_and_relist_and_fix_manifest(members):
        flip(members)
        text = members["evidence/manifest.csv"].decode()
        rows = list(csv.DictReader(text.splitlines()))
        for r in rows:
            if r["path"] == shot:
                r["sha256"] = _sha(members[shot])
        buf = io.StringIO()
        w = csv.DictWriter(buf, list(rows[0]))
        w.writeheader()
        w.writerows(rows)
        members["evidence/manifest.csv"] = buf.getvalue().encode()
        sums = parse_list(members[LIST])
        for name in (shot, "evidence/manifest.csv"):
            sums[name] = _sha(members[name])
        members[LIST] = "".join(f"{h}  {p}\n" for p, h in sorted(sums.items())).encode()

    # the last is caught only by the run's own list carried in the bundle (run-SHA256SUMS)
    for change in (flip, flip_and_relist, flip_and_relist_and_fix_manifest):
        copy = tmp_path / f"{change.__name__}.zip"
        shutil.copy(bundle, copy)
        _rewrite(copy, change)
        capsys.readouterr()
        assert main(["verify", str(copy)]) == 1
        out = capsys.readouterr().out
        assert f"changed: {shot}" in out, out


def test_case_refuses_what_it_cannot_bundle(sealed_run, run, tmp_path, capsys):
    tid = _some_target(sealed_run)
    assert main(["case", str(sealed_run), "no-such-service", "--out",
                 str(tmp_path / "x.zip")]) == 2
    err = capsys.readouterr().err
    assert "no-such-service" in err and tid in err and "Fix:" in err
    taken = tmp_path / "taken.zip"
    taken.write_bytes(b"keep me")
    assert main(["case", str(sealed_run), tid, "--out", str(taken)]) == 2
    assert taken.read_bytes() == b"keep me"
    _flip(run / _screenshot(run))                 # a run that does not verify
    out = tmp_path / "from-changed.zip"
    assert main(["case", str(run), tid, "--out", str(out)]) == 1
    assert "does not verify" in capsys.readouterr().err and not out.exists()
    assert not list(tmp_path.glob(".*.tmp"))


def test_an_unsealed_older_run_is_bundled_but_says_so(run, tmp_path, capsys):
    (run / LIST).unlink()
    tid = _some_target(run)
    out = tmp_path / "old.zip"
    assert main(["case", str(run), tid, "--out", str(out)]) == 0
    assert "no SHA256SUMS" in capsys.readouterr().err
    with zipfile.ZipFile(out) as zf:
        case = json.loads(zf.read("case.json"))
        assert "run-SHA256SUMS" not in zf.namelist()
    assert case["source_run"]["sealed"] is False and case["source_run"]["root_hash"] is None
    assert main(["verify", str(out)]) == 0
