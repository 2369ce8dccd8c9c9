"""A WACZ's own digests, checked without the ``wacz`` package (which `auditor verify` need not
load): each resource ``datapackage.json`` lists must have the SHA-256 and size it gives, and
``datapackage-digest.json`` must give the SHA-256 of ``datapackage.json``.  The format is
WACZ 1.1.1 (https://specs.webrecorder.net/wacz/1.1.1/), as the ``wacz`` package writes it."""

from __future__ import annotations

import json
import zipfile
from typing import IO

from auditor.integrity import sha256, stream_sha256

PACKAGE = "datapackage.json"
PACKAGE_DIGEST = "datapackage-digest.json"


def _hash_of(value) -> str:
    text = str(value or "").strip().lower()
    algo, sep, digest = text.partition(":")
    return digest if sep and algo == "sha256" else ""


def wacz_problems(source: str | IO[bytes]) -> list[str]:
    """Why the WACZ at ``source`` (a path or a seekable binary file) does not match its own
    digests; an empty list when it does."""
    try:
        with zipfile.ZipFile(source) as zf:
            return _problems(zf)
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        return [f"not a readable WACZ ({type(exc).__name__})"]


def _problems(zf: zipfile.ZipFile) -> list[str]:
    names = {i.filename for i in zf.infolist() if not i.is_dir()}
    if PACKAGE not in names or PACKAGE_DIGEST not in names:
        return [f"a WACZ has {PACKAGE} and {PACKAGE_DIGEST}; this one lacks one"]
    out: list[str] = []
    try:
        package_bytes = zf.read(PACKAGE)
        package = json.loads(package_bytes)
        digest = json.loads(zf.read(PACKAGE_DIGEST))
    except (ValueError, zipfile.BadZipFile, OSError):
        return [f"its {PACKAGE} or {PACKAGE_DIGEST} is not readable JSON"]
    if _hash_of(digest.get("hash")) != sha256(package_bytes):
        out.append(f"its {PACKAGE} does not have the SHA-256 {PACKAGE_DIGEST} gives")
    listed = set()
    for res in package.get("resources") or []:
        path = str(res.get("path") or "")
        listed.add(path)
        want = _hash_of(res.get("hash"))
        if path not in names:
            out.append(f"{path}, listed in its {PACKAGE}, is missing")
            continue
        try:
            with zf.open(path) as fh:
                got = stream_sha256(fh)
        except (zipfile.BadZipFile, OSError):
            out.append(f"{path} fails the zip's own check (CRC)")
            continue
        if not want or got != want:
            out.append(f"{path} does not have the SHA-256 its {PACKAGE} gives")
        elif res.get("bytes") is not None and zf.getinfo(path).file_size != res.get("bytes"):
            out.append(f"{path} does not have the size its {PACKAGE} gives")
    for extra in sorted(names - listed - {PACKAGE, PACKAGE_DIGEST}):
        out.append(f"{extra} is in no resource of its {PACKAGE}")
    return out
