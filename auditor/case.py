"""``auditor case DIR TARGET_ID --out FILE.zip``: one service's findings as a case bundle.

What an investigator attaches to a case file, checkable on its own (``auditor verify FILE.zip``,
or ``unzip`` and ``sha256sum -c SHA256SUMS``):

* ``case.json``: the service (its row and outcome), the run it came from (provenance from
  ``run.json`` and the run's root hash), when the bundle was made (UTC), and every file with its
  SHA-256, size and, for evidence, the UTC time it was captured;
* ``observations.csv``, ``verdicts.csv`` (and each re-judged ``verdicts-DATE.csv``),
  ``profile.json``: the service's rows only;
* ``evidence/``: its evidence files (pictures, page copies, quotes, captures, archives) under the
  paths they have in the run folder, and ``evidence/manifest.csv`` with their rows;
* ``run-SHA256SUMS``: the run's own hash list, whose SHA-256 is the run's root hash, so each
  evidence file can be traced to the root hash a team recorded at the end of the sweep;
* ``SHA256SUMS``: every other file of the bundle.

A run folder that does not verify is not bundled (its problems are listed); a run made before
hash lists were kept is bundled with ``source_run.sealed`` false.
"""

from __future__ import annotations

import csv
import io
import json
import os
import zipfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath

from auditor.integrity import LIST, format_list, safe_relative, sha256
from auditor.runfolder import (
    MANIFEST_COLUMNS,
    OBSERVATION_COLUMNS,
    VERDICT_COLUMNS,
    read_csv,
    read_run,
)
from auditor.verify import CASE_JSON, MANIFEST, RUN_LIST_IN_CASE, verify

#: Already compressed: stored as they are.
_STORED = {".jpg", ".jpeg", ".png", ".webp", ".gif", ".zip", ".wacz", ".pdf", ".gz"}
FORMAT = "osa-auditor case bundle"
#: run.json's provenance fields a case carries.
PROVENANCE = ("tool", "tool_version", "catalogue_edition", "browser", "user_agent", "proxy",
              "robots_policy", "targets_file", "targets_sha256", "started_at", "finished_at")


class CaseError(ValueError):
    """The bundle cannot be made; the message says why and what to do (``exit_code``)."""

    def __init__(self, message: str, exit_code: int = 2):
        super().__init__(message)
        self.exit_code = exit_code


@dataclass
class CaseBundle:
    path: Path
    target_id: str
    files: int
    evidence: int
    root_hash: str                   # SHA-256 of the bundle's SHA256SUMS
    source_root_hash: str | None


def _utc_now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def _csv_bytes(columns, rows) -> bytes:
    buf = io.StringIO()
    w = csv.DictWriter(buf, list(columns), extrasaction="ignore", lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
    return buf.getvalue().encode("utf-8")


def build_case(run_dir: str | Path, target_id: str, out: str | Path) -> CaseBundle:
    run_dir, out = Path(run_dir), Path(out)
    if out.exists():
        raise CaseError(f"{out} exists. Fix: choose another --out, or move that file away "
                        "(a case bundle is never overwritten).")
    check = verify(run_dir)          # NotVerifiable (exit 2) when it is not a run folder
    sealed = (run_dir / LIST).is_file()
    if sealed and not check.intact:
        shown = check.lines()
        more = f"\n  ... and {len(shown) - 20} more" if len(shown) > 20 else ""
        raise CaseError(f"{run_dir} does not verify, so its evidence cannot be bundled:\n  "
                        + "\n  ".join(shown[:20]) + more
                        + "\nFix: bundle from an intact copy of the run (`auditor verify` "
                          "names what changed).", exit_code=1)
    run = read_run(run_dir)
    target = next((t for t in run.targets if str(t.get("id")) == target_id), None)
    if target is None:
        known = ", ".join(str(t.get("id")) for t in run.targets[:12])
        raise CaseError(f"{target_id!r} is not a target of {run_dir}. Fix: give one of its "
                        f"target ids ({known}{', ...' if len(run.targets) > 12 else ''}).")

    members: dict[str, bytes | Path] = {}
    observations = [r for r in run.observations if r["target_id"] == target_id]
    verdicts = [r for r in run.verdicts if r["target_id"] == target_id]
    members["observations.csv"] = _csv_bytes(OBSERVATION_COLUMNS, observations)
    members["verdicts.csv"] = _csv_bytes(VERDICT_COLUMNS, verdicts)
    for f in sorted(run_dir.glob("verdicts-*.csv")):          # re-judged editions
        rows = [r for r in read_csv(f, VERDICT_COLUMNS) or [] if r["target_id"] == target_id]
        members[f.name] = _csv_bytes(VERDICT_COLUMNS, rows)
    profile = run.profiles.get(target_id)
    if profile is not None:
        members["profile.json"] = json.dumps(profile, indent=1, default=str).encode("utf-8")

    cited = {e for r in observations + verdicts for e in (r.get("evidence") or "").split(";")
             if e}
    rows = [r for r in run.evidence
            if safe_relative(r["path"]) and (r["evidence_id"] in cited or
                                             PurePosixPath(r["path"]).parts[1:2] == (target_id,))]
    for r in rows:
        members[r["path"]] = run_dir / r["path"]
    members[MANIFEST] = _csv_bytes(MANIFEST_COLUMNS, rows)
    source_root = None
    if sealed:
        run_list = (run_dir / LIST).read_bytes()
        members[RUN_LIST_IN_CASE] = run_list
        source_root = sha256(run_list)

    captured = {r["path"]: r for r in rows}
    files = []
    digests: dict[str, str] = {}
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.{os.getpid()}.tmp")
    try:
        with zipfile.ZipFile(tmp, "w") as zf:

            def add(name: str, data: bytes) -> None:
                digests[name] = sha256(data)
                stored = PurePosixPath(name).suffix.lower() in _STORED
                zf.writestr(name, data, compress_type=zipfile.ZIP_STORED if stored
                            else zipfile.ZIP_DEFLATED)

            for name in sorted(members):         # each file read once: hashed as it is written
                body = members[name]
                add(name, body.read_bytes() if isinstance(body, Path) else body)
                entry = {"path": name, "sha256": digests[name],
                         "bytes": zf.getinfo(name).file_size}
                if name in captured:
                    entry.update(kind=captured[name]["kind"], url=captured[name]["url"],
                                 captured_at=captured[name]["captured_at"])
                files.append(entry)
            case = _case_record(run, target, run_dir, sealed, source_root, files,
                                observations=len(observations), verdicts=len(verdicts),
                                evidence=len(rows))
            add(CASE_JSON, json.dumps(case, indent=1, default=str).encode("utf-8"))
            sums = format_list(digests)
            zf.writestr(LIST, sums, compress_type=zipfile.ZIP_DEFLATED)
        os.replace(tmp, out)
    finally:
        tmp.unlink(missing_ok=True)
    return CaseBundle(out, target_id, len(digests) + 1, len(rows), sha256(sums), source_root)


def _case_record(run, target: dict, run_dir: Path, sealed: bool, source_root: str | None,
                 files: list[dict], *, observations: int, verdicts: int,
                 evidence: int) -> dict:
    """``case.json``: the service, the run it came from, when, and every file's hash."""
    return {
        "format": FORMAT, "format_version": 1, "created_at": _utc_now(),
        "target": {k: v for k, v in target.items() if k != "probe_seconds"},
        "source_run": {"folder": run_dir.resolve().name, "root_hash": source_root,
                       "sealed": sealed, **{k: run.meta.get(k) for k in PROVENANCE}},
        "counts": {"observations": observations, "verdicts": verdicts, "evidence": evidence},
        "files": files,
        "how_to_check": "auditor verify THIS.zip; or unzip it and run sha256sum -c SHA256SUMS "
                        "(every file), and compare the SHA-256 of run-SHA256SUMS with the root "
                        "hash recorded when the run ended",
    }
