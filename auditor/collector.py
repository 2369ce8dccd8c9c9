"""``auditor sweep --broker URL``: the collector of a distributed sweep.

It sends one task per target not yet finished (task id = run id + target id; a target already
sent by an earlier start of the same run is not sent again), then takes each result from the
engine's result store as it arrives, checks it (:mod:`auditor.result_pack`: every file's
SHA-256), and stores it in the run folder exactly as a local sweep would; the run folder is then
finished by :func:`auditor.sweep.run_sweep` as any other.  A result for a target already stored
(a late duplicate) is dropped and logged.  Stopped (Ctrl-C, killed), the collector is started
again with ``--resume``: finished targets are kept, the tasks still queued or running are not
sent again, and their results wait in Redis.
"""

from __future__ import annotations

import time
import uuid
from contextlib import suppress
from pathlib import Path

from auditor import __version__
from auditor.broker import (
    RESULT_EXPIRES,
    TASK_NAME,
    RunKeys,
    catalogue_edition,
    check_url,
    make_app,
    masked,
    ping,
    queue_name,
    task_id,
)
from auditor.model import Target, utcnow
from auditor.options import SweepOptions
from auditor.progress import Progress
from auditor.result_pack import ResultRejected, unpack
from auditor.runner import (
    ERRORS_LOG,
    SweepState,
    append_errors,
    failed_result,
    scheduled_probes,
)
from auditor.store import Store, target_row

QUIET_WARNING_S = 120.0      # no result for this long: say what the collector waits for
DUPLICATE_CHECK_S = 10.0     # how often the targets stored are looked at for late duplicates


class Collector:
    def __init__(self, broker: str, options: SweepOptions, out: Path, *,
                 sweep_timeout: float | None = None, data_files: dict[str, str] | None = None,
                 poll: float = 1.0):
        self.url = check_url(broker)
        self.options = options
        self.out = Path(out)
        self.sweep_timeout = sweep_timeout
        self.data_files = data_files or {}
        self.poll = poll
        self.run_id = ""
        self.duplicates = 0

    def check(self) -> None:
        """The broker answers (exit 2 with the URL, password masked, and the fix, if not)."""
        ping(self.url)

    def meta(self) -> dict:
        return {"broker": masked(self.url), "queue": queue_name(), "run_id": self.run_id,
                "sweep_timeout_s": self.sweep_timeout, "duplicates_dropped": self.duplicates}

    # -- the sweep ------------------------------------------------------------------------------
    def collect(self, targets: list[Target], store: Store, progress: Progress) -> SweepState:
        import redis

        self.run_id = store.get_meta("distributed_run_id") or uuid.uuid4().hex[:16]
        store.set_meta("distributed_run_id", self.run_id)
        self.app = make_app(self.url)
        self.redis = redis.Redis.from_url(self.url, socket_timeout=60, socket_connect_timeout=10)
        self.keys = RunKeys(self.run_id)
        self.state = SweepState()
        self.probe_names = scheduled_probes(self.options)
        done = store.done_ids()
        self.stored: set[str] = set()           # stored by this start: late duplicates?
        pending = {t.id: t for t in targets if t.id not in done}
        progress.skipped(len(targets) - len(pending))
        self._retrying(progress, self._send, list(pending.values()), progress)
        deadline = (time.monotonic() + self.sweep_timeout) if self.sweep_timeout else None
        quiet_since = dup_check = time.monotonic()
        while pending:
            if deadline is not None and time.monotonic() >= deadline:
                self._retrying(progress, self._close_run, pending, store, progress)
                break
            arrived = self._retrying(progress, self._collect_ready, list(pending), pending,
                                     store, progress)
            if time.monotonic() - dup_check > DUPLICATE_CHECK_S:
                dup_check = time.monotonic()
                self._retrying(progress, self._collect_ready, list(self.stored), pending,
                               store, progress)
            if arrived:
                quiet_since = time.monotonic()
            elif time.monotonic() - quiet_since > QUIET_WARNING_S:
                progress.message(f"waiting for {len(pending):,} target(s); no result for "
                                 f"{QUIET_WARNING_S:.0f} s. Is a worker of this version "
                                 f"running? auditor worker --broker {masked(self.url)} "
                                 f"(queue {queue_name()})")
                quiet_since = time.monotonic()
            if pending:
                time.sleep(self.poll if not arrived else 0.05)
        return self.state

    def _retrying(self, progress: Progress, fn, *args):
        """``fn(*args)``, tried again with back-off (1 s doubling to 60 s) while the broker is
        unreachable, saying so each time."""
        import redis
        from kombu.exceptions import OperationalError

        wait = 1.0
        while True:
            try:
                return fn(*args)
            except (redis.ConnectionError, redis.TimeoutError, OperationalError) as exc:
                progress.message(f"broker {masked(self.url)} lost ({type(exc).__name__}: "
                                 f"{exc}); trying again in {wait:.0f} s")
                time.sleep(wait)
                wait = min(wait * 2, 60.0)

    def _send(self, todo: list[Target], progress: Progress) -> None:
        edition, digest = catalogue_edition()
        common = {"run_id": self.run_id, "tool_version": __version__,
                  "catalogue_edition": edition, "catalogue_sha256": digest,
                  "options": self.options.to_json(), "data_files": self.data_files}
        sent = 0
        for t in todo:
            if not self.redis.sadd(self.keys.enqueued, t.id):
                continue                        # sent by an earlier start of this run
            self.app.send_task(TASK_NAME, kwargs={"job": {**common, "target": target_row(t)}},
                               task_id=task_id(self.run_id, t.id), queue=queue_name())
            sent += 1
        self.redis.expire(self.keys.enqueued, RESULT_EXPIRES)
        again = len(todo) - sent
        progress.message(f"{sent:,} target(s) sent to queue {queue_name()} on "
                         f"{masked(self.url)} (run {self.run_id})"
                         + (f"; {again:,} sent by an earlier start, still awaited" if again
                            else ""))

    def _collect_ready(self, ids: list[str], pending: dict[str, Target], store: Store,
                       progress: Progress) -> int:
        """Store every result of ``ids`` that has arrived; how many were stored."""
        backend = self.app.backend
        arrived = 0
        for i in range(0, len(ids), 500):
            chunk = ids[i:i + 500]
            pipe = self.redis.pipeline(transaction=False)
            for tid in chunk:
                pipe.exists(backend.get_key_for_task(task_id(self.run_id, tid)))
            for tid, there in zip(chunk, pipe.execute(), strict=True):
                if there:
                    arrived += self._take(tid, pending, store, progress)
        return arrived

    def _take(self, tid: str, pending: dict[str, Target], store: Store,
              progress: Progress) -> int:
        tkey = task_id(self.run_id, tid)
        meta = self.app.backend.get_task_meta(tkey)
        status, payload = meta.get("status"), meta.get("result")
        if status not in ("SUCCESS", "FAILURE"):
            return 0
        info = payload if isinstance(payload, dict) else {}
        worker, delivery = info.get("worker"), int(info.get("delivery") or 1)
        target = pending.get(tid)
        if info.get("skipped") or target is None:
            if target is None and not info.get("skipped"):
                self.duplicates += 1
                text = (f"a second result for {tid} (worker {worker}, delivery {delivery}) "
                        "arrived after its first was stored: dropped")
                progress.message(text)
                append_errors(self.out / ERRORS_LOG, f"--- {utcnow()} {tid} collector\n{text}\n")
            self.app.backend.forget(tkey)
            return 0
        evidence: list = []
        if status == "FAILURE":
            result = failed_result(self.probe_names, target, "error",
                                   f"the task failed on its worker: {payload}"[:500])
        else:
            try:
                result, evidence = unpack(payload, self.out, tid)
            except ResultRejected as exc:
                result = failed_result(self.probe_names, target, "error",
                                       f"result from worker {worker} refused: {exc}"[:500])
            self._note_browser(info)
        store.save_result(result, evidence, worker=worker, delivery=delivery)
        append_errors(self.out / ERRORS_LOG, info.get("errors_log") or "")
        self.app.backend.forget(tkey)          # only once stored: a crash before keeps it
        del pending[tid]
        self.stored.add(tid)
        self.state.outcomes[tid] = result.outcome
        progress.target_done(tid, result.outcome, result.reason, _seconds(result))
        return 1

    def _note_browser(self, payload: dict) -> None:
        b = payload.get("browser") or {}
        if b.get("version") and not self.state.browser_version:
            self.state.browser_version = b["version"]
            self.state.browser_executable = b.get("executable", "")
            self.state.browser_source = b.get("source", "")

    def _close_run(self, pending: dict[str, Target], store: Store, progress: Progress) -> None:
        """--sweep-timeout: the tasks not finished are given up (a worker that takes one later
        skips it) and their targets end as ``timeout``."""
        self.redis.set(self.keys.closed, "1", ex=RESULT_EXPIRES)
        progress.message(f"--sweep-timeout of {self.sweep_timeout:g} s reached: "
                         f"{len(pending):,} target(s) not finished end as timeout")
        for tid, target in list(pending.items()):
            result = failed_result(self.probe_names, target, "timeout",
                                   f"not finished within the sweep's --sweep-timeout of "
                                   f"{self.sweep_timeout:g} s")
            store.save_result(result, [])
            del pending[tid]
            self.state.outcomes[tid] = "timeout"
            progress.target_done(tid, "timeout", result.reason, 0.0)


def _seconds(result) -> float:
    from datetime import datetime

    with suppress(ValueError, TypeError):
        a = datetime.fromisoformat(result.started_at.replace("Z", "+00:00"))
        b = datetime.fromisoformat(result.finished_at.replace("Z", "+00:00"))
        return (b - a).total_seconds()
    return 0.0
