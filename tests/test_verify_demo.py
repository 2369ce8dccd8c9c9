"""The demo sweep's run folder, end to end: it verifies as the sweep left it, after `rescore`
and `report`; one byte changed in any evidence file fails it, naming the file; a case bundle of
one demo service verifies on its own."""

from __future__ import annotations

import csv
import hashlib
import random
import shutil
import zipfile

from auditor.cli import main
from auditor.integrity import LIST


def _evidence(run) -> list[dict]:
    with open(run / "evidence/manifest.csv", newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def test_the_demo_sweeps_folder_verifies_as_left(demo_run, capsys):
    out, _ = demo_run
    assert main(["verify", str(out)]) == 0, capsys.readouterr().out
    printed = capsys.readouterr().out
    root = hashlib.sha256((out / LIST).read_bytes()).hexdigest()
    assert f"root hash: {root}" in printed
    assert root in (out / "report" / "index.html").read_text(encoding="utf-8")


def test_rescore_and_report_keep_it_verified_and_a_changed_byte_is_named(demo_run, tmp_path,
                                                                        capsys):
    out, _ = demo_run
    run = tmp_path / "runs" / "copy"
    shutil.copytree(out, run)
    assert main(["rescore", str(run), "--edition", "2026-06-01"]) == 0
    capsys.readouterr()
    assert main(["verify", str(run)]) == 0, capsys.readouterr().out
    assert "verdicts-2026-06-01.csv" in (run / LIST).read_text(encoding="utf-8")
    assert main(["report", str(run)]) == 0
    capsys.readouterr()
    assert main(["verify", str(run)]) == 0, capsys.readouterr().out
    rows = _evidence(run)
    kinds = {r["kind"] for r in rows}
    assert {"screenshot", "thumbnail", "dom", "quote", "archive"} <= kinds
    rng = random.Random(15)
    for kind in sorted(kinds):          # one file of each kind, one byte each
        rel = rng.choice([r["path"] for r in rows if r["kind"] == kind])
        original = (run / rel).read_bytes()
        data = bytearray(original)
        data[rng.randrange(len(data))] ^= 0x20
        (run / rel).write_bytes(bytes(data))
        capsys.readouterr()
        assert main(["verify", str(run)]) == 1, kind
        problems = [x for x in capsys.readouterr().out.splitlines()
                    if x.split(":", 1)[0] in ("changed", "missing", "extra")]
        assert len(problems) == 1 and problems[0].startswith(f"changed: {rel} "), problems
        (run / rel).write_bytes(original)
    assert main(["verify", str(run)]) == 0


def test_a_case_bundle_of_one_demo_service_verifies_on_its_own(demo_run, tmp_path, capsys):
    out, _ = demo_run
    bundle = tmp_path / "elsewhere" / "quietforum.zip"
    assert main(["case", str(out), "quietforum", "--out", str(bundle)]) == 0
    assert main(["verify", str(bundle)]) == 0, capsys.readouterr().out
    with zipfile.ZipFile(bundle) as zf:
        names = zf.namelist()
    ours = [r["path"] for r in _evidence(out) if r["path"].startswith("evidence/quietforum/")]
    assert ours and set(ours) <= set(names)
    assert "evidence/quietforum/quietforum-archive.wacz" in names     # its web archive too
    assert "1 web archives checked against their own digests" in capsys.readouterr().out
    assert not any(n.startswith("evidence/") and "/quietforum/" not in n
                   and n != "evidence/manifest.csv" for n in names)
