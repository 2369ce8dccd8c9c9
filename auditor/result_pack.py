"""One target's result as it travels from a worker to the collector through the engine: plain
JSON (observations, evidence rows, every file of the target's evidence folder in base64 with
its size and SHA-256).  No shared filesystem: the collector checks every file's hash on arrival
and refuses a result whose files do not match, or that tries to write outside the target's own
evidence folder.

A result is at most ``limit`` bytes as sent (README, "Running on several machines"): above it
the web archive is left out first (the target keeps its audit, as when an archive cannot be
built); a result still above it is refused (:class:`ResultTooLarge`), and the worker sends the
target as ``error`` with the reason and the fix instead.
"""

from __future__ import annotations

import base64
import hashlib
import json
import shutil
from dataclasses import asdict
from pathlib import Path, PurePosixPath

from auditor.model import Evidence, Observation, TargetResult

FORMAT = 1


class ResultTooLarge(ValueError):
    pass


class ResultRejected(ValueError):
    """A result the collector will not store: the reason says what was wrong with it."""


def _encoded_len(size: int) -> int:
    return (size + 2) // 3 * 4


def pack(out: Path, result: TargetResult, evidence: list[Evidence], *, limit: int,
         extra: dict | None = None) -> tuple[dict, list[str]]:
    """The JSON-ready result of one target audited into run folder ``out``, and notes on what
    was left out to keep it under ``limit`` bytes."""
    tid = result.target_id
    folder = Path(out) / "evidence" / tid
    files = sorted(p for p in folder.rglob("*") if p.is_file()) if folder.is_dir() else []
    head = json.dumps({"result": asdict(result), "evidence": [asdict(e) for e in evidence],
                       **(extra or {})})
    sizes = {p: p.stat().st_size for p in files}
    total = len(head) + sum(_encoded_len(n) + 200 for n in sizes.values())
    notes: list[str] = []
    if total > limit:
        archives = {Path(out) / e.path for e in evidence if e.kind == "archive"}
        if archives:
            saved = sum(_encoded_len(sizes.get(p, 0)) + 200 for p in archives)
            files = [p for p in files if p not in archives]
            evidence = [e for e in evidence if e.kind != "archive"]
            total -= saved
            notes.append(f"web archive left out: the result was {_mb(total + saved)} MB, over "
                         f"the limit of {_mb(limit)} MB a result may take through the broker")
    if total > limit:
        raise ResultTooLarge(f"its result is {_mb(total)} MB ({len(files)} evidence files), over "
                             f"the limit of {_mb(limit)} MB a result may take through the broker."
                             " Fix: start the workers with a larger --result-limit-mb (and "
                             "raise Redis's proto-max-bulk-len above it), or sweep with a "
                             "smaller --max-megabytes")
    packed_files = []
    for p in files:
        data = p.read_bytes()
        packed_files.append({"path": p.relative_to(out).as_posix(), "size": len(data),
                             "sha256": hashlib.sha256(data).hexdigest(),
                             "data": base64.b64encode(data).decode("ascii")})
    return {"format": FORMAT, "result": asdict(result),
            "evidence": [asdict(e) for e in evidence], "files": packed_files,
            **(extra or {})}, notes


def _mb(n: int) -> str:
    return f"{n / 1_000_000:.1f}"


def _safe_path(path: str, target_id: str) -> PurePosixPath:
    p = PurePosixPath(path)
    if (p.is_absolute() or "\\" in path or len(p.parts) < 3 or p.parts[:2] != ("evidence",
                                                                               target_id)
            or any(part in ("", ".", "..") for part in p.parts)):
        raise ResultRejected(f"file {path!r} is outside the target's evidence folder")
    return p


def unpack(payload: dict, out: Path, target_id: str) -> tuple[TargetResult, list[Evidence]]:
    """Check a result from a worker and write its evidence files into run folder ``out``;
    :class:`ResultRejected` (nothing written) when anything does not match."""
    fmt = payload.get("format") if isinstance(payload, dict) else None
    if fmt != FORMAT:
        raise ResultRejected(f"result format {fmt!r}, expected {FORMAT} (a worker of another "
                             "version?)")
    try:
        r = dict(payload["result"])
        obs = [Observation(**o) for o in r.pop("observations")]
        result = TargetResult(**r, observations=obs)
        evidence = [Evidence(**e) for e in payload["evidence"]]
        files = list(payload["files"])
    except (KeyError, TypeError, ValueError) as exc:
        raise ResultRejected(f"result not readable: {type(exc).__name__}: {exc}") from None
    if result.target_id != target_id:
        raise ResultRejected(f"result names target {result.target_id!r}, expected "
                             f"{target_id!r}")
    decoded: dict[str, bytes] = {}
    for f in files:
        path = _safe_path(str(f.get("path", "")), target_id)
        try:
            data = base64.b64decode(f["data"], validate=True)
        except (KeyError, ValueError) as exc:
            raise ResultRejected(f"file {path}: not readable ({exc})") from None
        digest = hashlib.sha256(data).hexdigest()
        if len(data) != f.get("size") or digest != f.get("sha256"):
            raise ResultRejected(f"file {path}: SHA-256 {digest[:16]}… and {len(data):,} bytes "
                                 f"on arrival, the worker sent {str(f.get('sha256'))[:16]}… and "
                                 f"{f.get('size')} bytes: damaged on the way")
        decoded[str(path)] = data
    for e in evidence:
        data = decoded.get(e.path)
        if data is None:
            raise ResultRejected(f"evidence {e.evidence_id}: its file {e.path} was not sent")
        if hashlib.sha256(data).hexdigest() != e.sha256:
            raise ResultRejected(f"evidence {e.evidence_id}: {e.path} does not match the "
                                 "SHA-256 of its manifest row")
    folder = Path(out) / "evidence" / target_id
    shutil.rmtree(folder, ignore_errors=True)
    for rel, data in decoded.items():
        dest = Path(out) / rel
        dest.parent.mkdir(parents=True, exist_ok=True)
        part = dest.with_name(dest.name + ".part")
        part.write_bytes(data)
        part.replace(dest)
    return result, evidence
