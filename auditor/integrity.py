"""A run folder's hash lists and its root hash: what ``auditor verify`` checks a folder against.

Two lists in ``sha256sum`` format sit at the top of a run folder (``sha256sum -c SHA256SUMS``
checks them with no tool of ours):

* ``SHA256SUMS``: every file the sweep wrote that a finding stands on: ``run.json``, ``run.db``,
  the tables (``observations.csv``, ``verdicts.csv`` and every ``verdicts-DATE.csv`` that
  ``auditor rescore`` adds, ``measures.json``, ``profiles.json``, ``triage.csv``) and all of
  ``evidence/`` with its manifest.  Its own SHA-256 is the run's **root hash**: the sweep prints
  it and the report shows it, so a team can record it elsewhere.  A file changed together with
  this list then still shows, as a different root hash.
* ``SHA256SUMS-report``: the renderings of those files, ``report/`` and ``exports/``.  They are
  re-made at will by ``auditor report`` (which rewrites this list), and they show the root hash,
  so they cannot be inside it.

Not listed, and not "extra": the folder's lock (``.lock``) and SQLite's short-lived companions of
``run.db`` (``-wal``, ``-shm``, ``-journal``), which exist while a program has the store open.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable
from pathlib import Path, PurePosixPath
from typing import BinaryIO

LIST = "SHA256SUMS"
RENDER_LIST = "SHA256SUMS-report"
RENDERED = ("report", "exports")
TRANSIENT = frozenset({".lock", "run.db-wal", "run.db-shm", "run.db-journal"})
LISTS = frozenset({LIST, RENDER_LIST})

_CHUNK = 1 << 20


class HashListError(ValueError):
    """A hash list that is not in ``sha256sum`` format (the line is named)."""


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def stream_sha256(fh: BinaryIO) -> str:
    """SHA-256 of what an open binary file gives, read in 1 MiB pieces (memory stays flat)."""
    h = hashlib.sha256()
    while chunk := fh.read(_CHUNK):
        h.update(chunk)
    return h.hexdigest()


def file_sha256(path: str | Path) -> str:
    with open(path, "rb") as fh:
        return stream_sha256(fh)


def run_files(run_dir: Path) -> list[str]:
    """Every file below ``run_dir`` as a relative POSIX path, sorted, lists and transient files
    left out.  A symbolic link is listed as a file (it is something the sweep never writes)."""
    run_dir = Path(run_dir)
    found = []
    for root, dirs, files in os.walk(run_dir):
        dirs.sort()
        rel_root = Path(root).relative_to(run_dir)
        for name in files + [d for d in dirs if (Path(root) / d).is_symlink()]:
            rel = (rel_root / name).as_posix()
            if rel in TRANSIENT or rel in LISTS:
                continue
            found.append(rel)
    return sorted(found)


def is_rendered(rel: str) -> bool:
    return rel.split("/", 1)[0] in RENDERED


def format_list(entries: dict[str, str]) -> bytes:
    """``sha256sum`` lines (``HASH  PATH``), sorted by path."""
    return "".join(f"{entries[p]}  {p}\n" for p in sorted(entries)).encode("utf-8")


def parse_list(data: bytes, name: str = LIST) -> dict[str, str]:
    """The path -> hash entries of a ``sha256sum`` list."""
    entries: dict[str, str] = {}
    for n, line in enumerate(data.decode("utf-8", "replace").splitlines(), 1):
        if not line.strip():
            continue
        digest, sep, rel = line.partition("  ")
        if not sep:
            digest, sep, rel = line.partition(" *")      # sha256sum's binary-mode marker
        digest = digest.strip().lower()
        if not sep or len(digest) != 64 or any(c not in "0123456789abcdef" for c in digest) \
                or not rel:
            raise HashListError(f"{name} line {n}: {line[:120]!r} is not 'SHA256  PATH'")
        entries[rel] = digest
    return entries


def safe_relative(rel: str) -> bool:
    """A path that stays inside the folder it is read from (no absolute path, no ``..``)."""
    p = PurePosixPath(rel)
    return bool(rel) and not p.is_absolute() and ".." not in p.parts and "\\" not in rel


def _write(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def seal(run_dir: str | Path) -> str:
    """Write ``SHA256SUMS`` for every file of the run folder outside ``report/`` and
    ``exports/``; returns the root hash.  Called by the sweep once its store is closed."""
    run_dir = Path(run_dir)
    entries = {rel: file_sha256(run_dir / rel) for rel in run_files(run_dir)
               if not is_rendered(rel)}
    data = format_list(entries)
    _write(run_dir / LIST, data)
    return sha256(data)


def seal_rendered(run_dir: str | Path) -> None:
    """Write ``SHA256SUMS-report`` for every file of ``report/`` and ``exports/``."""
    run_dir = Path(run_dir)
    entries = {rel: file_sha256(run_dir / rel) for rel in run_files(run_dir)
               if is_rendered(rel)}
    _write(run_dir / RENDER_LIST, format_list(entries))


def add_to_seal(run_dir: str | Path, paths: Iterable[str | Path]) -> str | None:
    """Add (or replace) the entries of ``paths`` (files a command just wrote) in the run's
    ``SHA256SUMS``, leaving every other entry as it was, so a file changed before is still
    found changed.  Returns the new root hash; None (nothing written) for a run with no list
    (a run from before lists were kept: it is not sealed after the fact)."""
    run_dir = Path(run_dir)
    target = run_dir / LIST
    if not target.is_file():
        return None
    entries = parse_list(target.read_bytes())
    for p in paths:
        rel = Path(p).resolve().relative_to(run_dir.resolve()).as_posix()
        entries[rel] = file_sha256(run_dir / rel)
    data = format_list(entries)
    _write(target, data)
    return sha256(data)


def root_hash(run_dir: str | Path) -> str | None:
    """The root hash of a run folder (SHA-256 of its ``SHA256SUMS``), or None without one."""
    path = Path(run_dir) / LIST
    return file_sha256(path) if path.is_file() else None
