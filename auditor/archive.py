"""Web archives of every visit (issue 17): what each target's browser contexts and HTTP fetches
exchanged, kept as one WACZ per target in ``evidence/<id>/<id>-archive.wacz``.

* :class:`ArchiveRecorder` (one per target, its scratch files in the run folder's
  ``.archive-work/``, deleted when the target's archive is built): each browser context the
  session opens records a HAR (Playwright writes it when the context closes); each HTTP fetch
  is spooled to disk, its body only while the target's archive cap allows (memory stays flat
  however big the pages).
* :class:`ArchiveBuilder` (one per sweep): when a target's audit has ended (so whether it is
  adult, and every secret of the accounts it made, are known), its recording becomes a masked
  WARC and a WACZ in one long-lived worker process (:mod:`auditor.archive_build`), off the
  sweep's event loop and on the second core; the recording's scratch files are then deleted.

A failed build costs the target its archive, never its audit: the sweep says so, and the runner
writes why to ``errors.log``.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import multiprocessing
import shutil
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from auditor import __version__
from auditor.integrity import sha256
from auditor.model import Evidence, utcnow

BUILD_TIMEOUT_S = 300
SCRATCH = ".archive-work"    # recordings of the targets being audited, in the run folder


def archive_id(target_id: str) -> str:
    """The evidence id of a target's web archive (the report looks it up by this)."""
    return f"{target_id}-archive"


class ArchiveRecorder:
    """One target's recording, in its scratch folder."""

    def __init__(self, work_dir: Path, cap_bytes: int):
        self.work = Path(work_dir)
        shutil.rmtree(self.work, ignore_errors=True)
        (self.work / "http").mkdir(parents=True)
        self.cap_bytes = cap_bytes
        self.hars: list[Path] = []
        self._fetches = 0
        self._spooled = 0

    def har_options(self) -> dict:
        """What ``browser.new_context`` needs to record the context (bodies as files in a
        zip: the HAR stays small, and bodies are read one at a time when it is built)."""
        path = self.work / f"context-{len(self.hars) + 1:03d}.zip"
        self.hars.append(path)
        return {"record_har_path": str(path), "record_har_mode": "full",
                "record_har_content": "attach"}

    def http(self, res, started: str) -> None:
        """Spool one HTTP fetch (a :class:`auditor.http.FetchResult`)."""
        self._fetches += 1
        stem = self.work / "http" / f"http-{self._fetches:05d}"
        keep = self._spooled + len(res.content) <= self.cap_bytes
        meta = {"url": res.final_url, "method": "GET", "status": res.status,
                "headers": sorted(res.headers.items()),
                "request_headers": sorted((res.request_headers or {}).items()),
                "started": started, "ip": res.server_ip or "", "truncated": res.truncated,
                "body_kept": keep, "length": len(res.content)}
        if not keep:        # a kept body is hashed when the archive is built, off this loop
            meta["sha256"] = sha256(res.content)
        stem.with_suffix(".json").write_text(json.dumps(meta), encoding="utf-8")
        if keep and res.content:
            self._spooled += len(res.content)
            stem.with_suffix(".body").write_bytes(res.content)


def _quiet_worker() -> None:
    """The archive worker's start: its output goes nowhere (``wacz`` prints as it works) and
    ``wacz`` is imported once, here."""
    import os
    import sys

    sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - the worker's stdout for its lifetime
    import wacz.main  # noqa: F401


def _build(job: dict) -> dict:
    from auditor.archive_build import build

    return build(job)


class ArchiveBuilder:
    """The sweep's archives: recorders handed out per target, WACZ files built in one worker."""

    def __init__(self, options, out_dir: Path, *, message=None):
        self.options = options
        self.mode = options.archive
        self.cap_bytes = int(options.archive_cap_mb * 1_000_000)
        self.out = Path(out_dir)
        self._scratch: Path | None = None     # made when the first target starts
        self._pool: ProcessPoolExecutor | None = None
        self._message = message or (lambda text: None)
        self.errors: dict[str, BaseException] = {}   # target id -> why its build failed
        self.capped: list[str] = []

    def recorder(self, target_id: str) -> ArchiveRecorder:
        if self._scratch is None:
            # in the run folder (its lock keeps other sweeps out): what a killed sweep left
            # there is cleared when the run is resumed
            self._scratch = self.out / SCRATCH
            shutil.rmtree(self._scratch, ignore_errors=True)
            self._scratch.mkdir(parents=True)
        return ArchiveRecorder(self._scratch / target_id, self.cap_bytes)

    def _executor(self) -> ProcessPoolExecutor:
        if self._pool is None:
            self._pool = ProcessPoolExecutor(max_workers=1, initializer=_quiet_worker,
                                             mp_context=multiprocessing.get_context("spawn"))
        return self._pool

    async def build(self, target, recorder: ArchiveRecorder, evidence, *,
                    adult: str) -> Evidence | None:
        """Build ``target``'s WACZ into its evidence folder; its manifest row, or None (nothing
        recorded, or the build failed: logged and said, the audit's results kept)."""
        evidence.folder.mkdir(parents=True, exist_ok=True)
        out = evidence.folder / f"{archive_id(target.id)}.wacz"
        job = {"target_id": target.id, "target_url": target.url, "work_dir": str(recorder.work),
               "hars": [str(p) for p in recorder.hars if p.exists()], "out": str(out),
               "mode": self.mode, "cap_bytes": self.cap_bytes, "adult": adult,
               "secrets": list(evidence.secrets), "user_agent": self.options.user_agent,
               "proxy": self.options.proxy_shown(), "tool_version": __version__,
               "run_id": self.out.name}
        loop = asyncio.get_running_loop()
        try:
            summary = await asyncio.wait_for(loop.run_in_executor(self._executor(), _build, job),
                                             BUILD_TIMEOUT_S)
        except (BrokenProcessPool, TimeoutError, OSError, RuntimeError, ValueError) as exc:
            self._failed(target.id, exc)
            return None
        finally:
            shutil.rmtree(recorder.work, ignore_errors=True)
        if not summary.get("exchanges"):
            return None
        if summary.get("capped"):
            self.capped.append(target.id)
            if len(self.capped) in (1, 10, 100):
                self._message(f"{target.id}: its archive reached the cap of "
                              f"{self.options.archive_cap_mb:g} MB; {summary['capped']} later "
                              "bodies kept as URL, headers, length and SHA-256 only "
                              f"({len(self.capped)} target(s) so far; --archive-cap-mb raises it)")
        digest = summary["sha256"]       # the worker's, of the file it wrote and renamed
        return Evidence(archive_id(target.id), out.relative_to(self.out).as_posix(), digest,
                        digest, target.url, "archive", utcnow(), "browser", target.id)

    def _failed(self, target_id: str, exc: BaseException) -> None:
        self.errors[target_id] = exc
        if isinstance(exc, BrokenProcessPool) and self._pool is not None:
            with contextlib.suppress(Exception):
                self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None
        self._message(f"{target_id}: its web archive could not be built "
                      f"({type(exc).__name__}: {str(exc)[:200]}); its audit is kept")

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
        if self._scratch is not None:
            shutil.rmtree(self._scratch, ignore_errors=True)
            self._scratch = None
