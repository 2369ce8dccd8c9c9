"""``auditor verify PATH``: is a run folder (or a case bundle) as the sweep left it?

A run folder is checked three ways:

1. every entry of ``SHA256SUMS`` and ``SHA256SUMS-report`` (:mod:`auditor.integrity`) against
   the file's bytes now; a listed file that is gone is *missing*;
2. every file of the folder that no list names is *extra* (the lock and SQLite's companions of
   ``run.db`` aside);
3. every row of ``evidence/manifest.csv``: the file it names must have the ``sha256`` it gives;
4. every web archive (``.wacz``) against its own digests (:mod:`auditor.wacz_digests`).

A case bundle (``auditor case``) is checked the same way inside the zip, and its evidence
against the hash list of the run it came from (``run-SHA256SUMS``), whose SHA-256 must be the
root hash ``case.json`` gives.  Nothing is extracted; every member is read as a stream.

The root hash found is always printed; ``--root HASH`` (the one recorded at the end of the sweep)
makes a different one a problem too: a file changed together with the lists.
"""

from __future__ import annotations

import csv
import functools
import io
import json
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from auditor.integrity import (
    LIST,
    RENDER_LIST,
    HashListError,
    file_sha256,
    parse_list,
    run_files,
    safe_relative,
    sha256,
    stream_sha256,
)
from auditor.wacz_digests import wacz_problems

MANIFEST = "evidence/manifest.csv"
CASE_JSON = "case.json"
RUN_LIST_IN_CASE = "run-SHA256SUMS"


class NotVerifiable(ValueError):
    """The path is neither a run folder nor a case bundle (exit 2); the message says why."""


@dataclass
class Verification:
    """What ``verify`` found: ``problems`` maps a path to why it is not as written."""

    path: Path
    kind: str                       # "run folder" or "case bundle"
    root_hash: str | None
    files: int = 0                  # files whose hash was checked
    manifest_rows: int = 0
    archives: int = 0               # web archives (WACZ) checked against their own digests
    #: path -> (kind, why): kind is ``changed``, ``missing`` or ``extra``
    problems: dict[str, list[tuple[str, str]]] = field(default_factory=dict)

    def problem(self, rel: str, kind: str, why: str) -> None:
        reasons = self.problems.setdefault(rel, [])
        if (kind, why) not in reasons:
            reasons.append((kind, why))

    @property
    def intact(self) -> bool:
        return not self.problems

    def lines(self) -> list[str]:
        """One line a problem, the kind first (``changed``, ``missing``, ``extra`` ...)."""
        out = []
        for rel in sorted(self.problems):
            reasons = self.problems[rel]
            out.append(f"{reasons[0][0]}: {rel} ({'; '.join(why for _, why in reasons)})")
        return out


def verify(path: str | Path, expected_root: str | None = None) -> Verification:
    """Check a run folder or a case bundle; raises :class:`NotVerifiable` for anything else."""
    path = Path(path)
    if path.is_dir():
        if not (path / "run.json").is_file():
            raise NotVerifiable(f"{path} is not a run folder (no run.json). Fix: give the --out "
                                "folder of a sweep, or a case bundle (.zip) made by `auditor "
                                "case`.")
        result = _verify_folder(path)
    elif path.is_file():
        result = _verify_bundle(path)
    else:
        raise NotVerifiable(f"{path}: no such file or folder. Fix: give a run folder or a case "
                            "bundle.")
    want = (expected_root or "").strip().lower()
    if want and result.root_hash != want:
        result.problem(LIST, "changed", f"its SHA-256 {result.root_hash or '(none)'} is not the "
                             f"root hash given, {want}")
    return result


# -- a run folder --------------------------------------------------------------------------------

def _verify_folder(run: Path) -> Verification:
    result = Verification(run, "run folder", _root(run))
    listed: dict[str, str] = {}
    whole = True                    # every list there and readable: unlisted files are extra
    for name, what in ((LIST, "the run's hash list (a run from before hash lists were kept, "
                              "or the list was deleted)"),
                       (RENDER_LIST, "the report's hash list")):
        f = run / name
        if not f.is_file():
            result.problem(name, "missing", f"{what}")
            whole = False
            continue
        try:
            listed.update(parse_list(f.read_bytes(), name))
        except HashListError as exc:
            result.problem(name, "changed", f"{exc}")
            whole = False
    digest_of = functools.cache(lambda rel: _file_digest(run, rel))   # each file hashed once
    for rel, digest in listed.items():
        _check_file(result, rel, digest, digest_of)
    if whole:
        for rel in run_files(run):
            if rel not in listed:
                result.problem(rel, "extra", "in the folder, but in no hash list")
    _check_manifest(result, _read_text(run / MANIFEST), digest_of)
    for rel in sorted(r for r in listed if r.endswith(WACZ) and safe_relative(r)):
        if digest_of(rel) is not None:
            _check_archive(result, rel, wacz_problems(str(run / rel)))
    shown = shown_root_hash(run)
    if shown and result.root_hash and shown != result.root_hash:
        # data and lists changed together, the report (under its own list) left as it was
        result.problem(LIST, "changed", f"its SHA-256 is not the root hash the report shows, "
                             f"{shown} (the report is re-rendered, with the hash, by `auditor "
                             "report` and `auditor rescore`)")
    return result


_SHOWN = re.compile(rb'<meta name="osa-root-hash" content="([0-9a-f]{64})"')


def shown_root_hash(run: Path) -> str | None:
    """The root hash the run's report was rendered with (its ``osa-root-hash`` meta), if any."""
    try:
        with open(run / "report" / "index.html", "rb") as fh:
            head = fh.read(8192)
    except OSError:
        return None
    m = _SHOWN.search(head)
    return m.group(1).decode() if m else None


def _root(run: Path) -> str | None:
    f = run / LIST
    return file_sha256(f) if f.is_file() else None


def _read_text(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None


def _file_digest(run: Path, rel: str) -> str | None:
    """The file's SHA-256, or None when it is not there (or would be read from outside)."""
    if not safe_relative(rel):
        return None
    f = run / rel
    if not f.is_file() or f.is_symlink():
        return None
    return file_sha256(f)


WACZ = ".wacz"


def _check_archive(result: Verification, rel: str, problems: list[str]) -> None:
    """A web archive checked against its own digests (:mod:`auditor.wacz_digests`)."""
    result.archives += 1
    for why in problems:
        result.problem(rel, "changed", f"web archive: {why}")


def _check_file(result: Verification, rel: str, digest: str,
                digest_of: Callable[[str], str | None]) -> None:
    where = "its line in the hash list"
    if not safe_relative(rel):
        result.problem(rel, "changed", f"a path outside the folder in {where}")
        return
    got = digest_of(rel)
    result.files += 1
    if got is None:
        result.problem(rel, "missing", f"named by {where}")
    elif got != digest:
        result.problem(rel, "changed", f"its SHA-256 differs from {where}")


def _check_manifest(result: Verification, text: str | None,
                    digest_of: Callable[[str], str | None]) -> None:
    if text is None:
        result.problem(MANIFEST, "missing", "the evidence manifest")
        return
    for n, row in enumerate(csv.DictReader(io.StringIO(text)), 2):
        result.manifest_rows += 1
        rel, want = (row.get("path") or "").strip(), (row.get("sha256") or "").strip().lower()
        if not rel or not want:
            result.problem(MANIFEST, "changed", f"row {n} has no path or no sha256")
            continue
        if not safe_relative(rel):
            result.problem(MANIFEST, "changed", f"row {n} names a path outside the folder")
            continue
        got = digest_of(rel)
        if got is None:
            result.problem(rel, "missing", f"named by {MANIFEST} row {n}")
        elif got != want:
            result.problem(rel, "changed", f"its SHA-256 differs from {MANIFEST} row {n}")


# -- a case bundle -----------------------------------------------------------------------------

def _verify_bundle(path: Path) -> Verification:
    if not zipfile.is_zipfile(path):
        raise NotVerifiable(f"{path} is neither a run folder nor a case bundle (not a zip). "
                            "Fix: give a sweep's --out folder or a .zip made by `auditor case`.")
    with zipfile.ZipFile(path) as zf:
        names = [i.filename for i in zf.infolist() if not i.is_dir()]
        if CASE_JSON not in names or LIST not in names:
            raise NotVerifiable(f"{path} is a zip, but not a case bundle (no {CASE_JSON} and "
                                f"{LIST}). Fix: give a .zip made by `auditor case`.")
        list_bytes = zf.read(LIST)
        result = Verification(path, "case bundle", sha256(list_bytes))
        try:
            listed = parse_list(list_bytes, LIST)
        except HashListError as exc:
            result.problem(LIST, "changed", f"{exc}")
            return result
        digests: dict[str, str | None] = {}
        for name in names:
            if name == LIST:
                continue
            digests[name] = _member_digest(zf, name)
            if name not in listed:
                result.problem(name, "extra", f"in the bundle, but not in its {LIST}")
        for rel, digest in listed.items():
            result.files += 1
            got = digests.get(rel)
            if rel not in digests:
                result.problem(rel, "missing", f"named by the bundle's {LIST}")
            elif got is None:
                result.problem(rel, "changed", "the zip's own check (CRC) fails")
            elif got != digest:
                result.problem(rel, "changed", f"its SHA-256 differs from the bundle's {LIST}")
        text = zf.read(MANIFEST).decode("utf-8", "replace") if MANIFEST in digests else None
        _check_manifest(result, text, digests.get)
        _check_provenance(result, zf, digests)
        for name in sorted(n for n, d in digests.items() if n.endswith(WACZ) and d):
            _check_archive(result, name, wacz_problems(io.BytesIO(zf.read(name))))
    return result


def _member_digest(zf: zipfile.ZipFile, name: str) -> str | None:
    """The member's SHA-256; None when the zip's own check (CRC) fails."""
    try:
        with zf.open(name) as fh:
            return stream_sha256(fh)
    except (zipfile.BadZipFile, OSError):
        return None


def _check_provenance(result: Verification, zf: zipfile.ZipFile,
                      digests: dict[str, str | None]) -> None:
    """The evidence in the bundle is the evidence of the run it names: each file's hash is its
    line in that run's list, whose own hash is the run's root hash in ``case.json``."""
    try:
        case = json.loads(zf.read(CASE_JSON))
    except (ValueError, KeyError, zipfile.BadZipFile):
        result.problem(CASE_JSON, "changed", "not readable JSON")
        return
    run_root = str((case.get("source_run") or {}).get("root_hash") or "")
    if RUN_LIST_IN_CASE not in digests:
        if run_root:
            result.problem(RUN_LIST_IN_CASE, "missing", "the run's hash list case.json refers to")
        return
    if digests[RUN_LIST_IN_CASE] != run_root:
        result.problem(RUN_LIST_IN_CASE, "changed", "its SHA-256 is not the run's root hash in "
                                         f"{CASE_JSON}")
    try:
        run_list = parse_list(zf.read(RUN_LIST_IN_CASE), RUN_LIST_IN_CASE)
    except HashListError as exc:
        result.problem(RUN_LIST_IN_CASE, "changed", f"{exc}")
        return
    for rel, got in digests.items():
        if rel.startswith("evidence/") and rel != MANIFEST and got is not None:
            want = run_list.get(rel)
            if want is None:
                result.problem(rel, "extra", f"not in the run's list ({RUN_LIST_IN_CASE})")
            elif want != got:
                result.problem(rel, "changed", f"its SHA-256 differs from the run's list "
                                    f"({RUN_LIST_IN_CASE})")
