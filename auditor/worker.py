"""``auditor worker --broker URL``: a Celery worker that audits the targets of distributed
sweeps (README, "Running on several machines").

One worker process, one browser: Celery's ``threads`` pool runs ``--concurrency`` tasks at once,
each a thread that hands its target to the sweep's own async runner (one event loop in a thread
of its own, :class:`AuditService`) and waits; so ``--concurrency`` (targets open at once) and
``--render-concurrency`` (pages rendering at once) mean what they mean for ``auditor sweep``.

A task is safe to deliver again: it is acknowledged only when its result is stored; it counts its
deliveries in Redis (the third is not audited: ``error``); before a target whose row allows forms
or names test accounts is audited, a marker is written in Redis, and a delivery that finds the
marker skips every step that could submit a form (its observations say ``redelivered``).  A
worker refuses tasks from another tool version or catalogue, and every target ends before the
visibility timeout (so a slow target is never handed to a second worker while the first still
works on it).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import shutil
import sys
import tempfile
import threading
import time
from dataclasses import replace
from pathlib import Path

from auditor import __version__
from auditor.broker import (
    MAX_DELIVERIES,
    RESULT_EXPIRES,
    TASK_NAME,
    RunKeys,
    catalogue_edition,
    check_url,
    make_app,
    masked,
    ping,
    queue_name,
    task_cap,
    worker_name,
)
from auditor.model import utcnow
from auditor.options import SweepOptions
from auditor.progress import Progress
from auditor.redaction import mask_secrets
from auditor.result_pack import ResultTooLarge, pack
from auditor.store import target_from_row

REDELIVERED = "redelivered"
# the notes a probe gives a signal it could not test without forms or accounts
_FORM_NOTES = ("forms_not_allowed", "needs_accounts")


class AuditService:
    """The sweep's async runner in a thread of its own, one :class:`~auditor.runner.Runner` (and
    one browser) per distributed run; Celery's task threads hand it targets."""

    def __init__(self, *, workdir: Path, secrets: dict, secret_values: set[str],
                 broker_url: str, log=sys.stderr):
        self.workdir = Path(workdir)
        self.secrets = secrets
        self.secret_values = secret_values
        self.broker_url = broker_url
        self.progress = Progress(0, "log", log)
        self.loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self.loop.run_forever, name="auditor-loop",
                                        daemon=True)
        self._runners: dict[str, object] = {}
        self._lock: asyncio.Lock | None = None
        self._fleet = None

    def start(self) -> None:
        self._thread.start()

    def call(self, coro, timeout: float | None = None):
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(timeout)

    # -- in the loop ------------------------------------------------------------------------------
    async def check_browser(self) -> str:
        """Launch the browser once and close it: a worker whose browser cannot start takes no
        tasks.  Returns its version."""
        from playwright.async_api import async_playwright

        from auditor.browser import launch

        async with async_playwright() as pw:
            browser, _ = await launch(pw)
            version = browser.version
            await browser.close()
        return version

    async def _runner(self, run_id: str, options: SweepOptions):
        from auditor.runner import Runner

        if self._lock is None:
            self._lock = asyncio.Lock()
        async with self._lock:
            runner = self._runners.get(run_id)
            if runner is not None:
                return runner
            for old_id, old in list(self._runners.items()):   # another run's idle browser
                if old._open == 0:
                    del self._runners[old_id]
                    await old.stop()
            if self._fleet is None:
                from auditor.fleet_gates import FleetGates

                self._fleet = FleetGates(self.broker_url, on_retry=self.progress.message)
            runner = Runner([], options, self.workdir / run_id, None, secrets=self.secrets,
                            secret_values=self.secret_values, progress=self.progress,
                            fleet=self._fleet, errors_by_target=True)
            (self.workdir / run_id).mkdir(parents=True, exist_ok=True)
            await runner.start()
            self._runners[run_id] = runner
            return runner

    async def audit(self, run_id: str, options: SweepOptions, target, cap: float):
        """(result, evidence rows, run folder, browser facts, this target's errors.log text)."""
        runner = await self._runner(run_id, options)
        try:
            async with asyncio.timeout(cap):
                result, evidence = await runner.audit_one(target)
        except TimeoutError:
            shutil.rmtree(runner.out / "evidence" / target.id, ignore_errors=True)
            result, evidence = runner._failed(
                target, "timeout", f"stopped by its worker after {cap:.0f} s, before the "
                "broker's visibility timeout would hand it to another worker (worker option "
                "--visibility-timeout)"), []
        state = runner.state
        browser = {"version": state.browser_version, "executable": state.browser_executable,
                   "source": state.browser_source}
        errors = runner.errors_path(target.id)       # this target's own, sent with its result
        text = errors.read_text(encoding="utf-8") if errors.is_file() else ""
        errors.unlink(missing_ok=True)
        return result, evidence, runner.out, browser, text

    async def close(self) -> None:
        for runner in self._runners.values():
            with contextlib.suppress(Exception):
                await runner.stop()
        self._runners.clear()
        if self._fleet is not None:
            with contextlib.suppress(Exception):
                await self._fleet.aclose()

    def stop(self) -> None:
        with contextlib.suppress(Exception):
            self.call(self.close(), timeout=120)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self._thread.join(10)


class TaskHandler:
    """What one task does, in a Celery thread (see the module docstring)."""

    def __init__(self, service: AuditService, url: str, *, concurrency: int,
                 render_concurrency: int, memory_budget_mb: int, secrets_file: str | None,
                 visibility_timeout: float, result_limit: int, name: str,
                 log=sys.stderr):
        import redis

        self.service = service
        self.redis = redis.Redis.from_url(url, socket_timeout=30, socket_connect_timeout=10,
                                          health_check_interval=30)
        self.overrides = dict(concurrency=concurrency, render_concurrency=render_concurrency,
                              memory_budget_mb=memory_budget_mb, resume=False, progress="none",
                              secrets_file=secrets_file)
        self.cap = task_cap(visibility_timeout)
        self.limit = result_limit
        self.host = name
        self.edition, self.catalogue_sha = catalogue_edition()
        self.log = log

    def say(self, text: str) -> None:
        print(f"{utcnow()} worker {self.host}: {text}", file=self.log, flush=True)

    def _redis(self, what, *args, **kw):
        """A Redis call, retried with back-off while the broker is away (said once a try)."""
        import redis

        wait = 1.0
        for attempt in range(12):
            try:
                return what(*args, **kw)
            except (redis.ConnectionError, redis.TimeoutError) as exc:
                if attempt == 11:
                    raise
                self.say(f"broker lost ({exc}); trying again in {wait:.0f} s")
                time.sleep(wait)
                wait = min(wait * 2, 60.0)

    def guarded(self, job: dict) -> dict:
        """:meth:`run`; a failure of ours becomes the target's ``error`` (masked, logged),
        never a task failure with a traceback in the broker."""
        try:
            return self.run(job)
        except Exception as exc:  # noqa: BLE001 - the collector must hear of every target
            import traceback

            text = self._mask(f"{type(exc).__name__}: {exc}")
            self.say(f"{job.get('target', {}).get('id')}: failed: {text}\n"
                     + self._mask(traceback.format_exc()))
            options = SweepOptions.from_json(job["options"], **self.overrides)
            extra = {"worker": self.host, "run_id": job["run_id"], "tool_version": __version__}
            return self._failed(job["run_id"], options, target_from_row(job["target"]),
                                "error", f"the worker failed: {text}"[:500], extra, 0)

    def _mask(self, text: str) -> str:
        return mask_secrets(text, self.service.secret_values)

    def run(self, job: dict) -> dict:
        run_id, row = job["run_id"], job["target"]
        tid = row["id"]
        t0 = time.monotonic()
        extra = {"worker": self.host, "run_id": run_id, "tool_version": __version__}
        options = SweepOptions.from_json(job["options"], **self.overrides)
        target = target_from_row(row)
        refused = self._refusal(job)
        if refused:
            self.say(f"{tid}: refused: {refused}")
            return self._failed(run_id, options, target, "error", refused, extra, delivery=0)
        keys = RunKeys(run_id)
        if self._redis(self.redis.exists, keys.closed):
            return {"skipped": "the collector closed the run (--sweep-timeout)", **extra}
        delivery = int(self._redis(self.redis.incr, keys.deliveries(tid)))
        self._redis(self.redis.expire, keys.deliveries(tid), RESULT_EXPIRES)
        extra["delivery"] = delivery
        if delivery > MAX_DELIVERIES:
            reason = (f"delivered {delivery} times: the worker auditing it was lost (killed, out "
                      f"of memory, machine gone) in each of its first {MAX_DELIVERIES} "
                      "deliveries; not audited again. Fix: look in the workers' logs for "
                      f"{tid}, then sweep it alone")
            self.say(f"{tid}: {reason}")
            return self._failed(run_id, options, target, "error", reason, extra, delivery)
        if target.accounts and target.accounts not in self.service.secrets:
            reason = (f"worker {self.host} has no test accounts {target.accounts!r} in its "
                      "--secrets file. Fix: give every worker the same secrets file "
                      "(auditor worker --secrets FILE)")
            self.say(f"{tid}: {reason}")
            return self._failed(run_id, options, target, "error", reason, extra, delivery)
        skip_forms = False
        if target.allow_forms or target.accounts:
            if delivery > 1 and self._redis(self.redis.exists, keys.forms(tid)):
                skip_forms = True
                target = replace(target, allow_forms=False, accounts=None)
            else:       # before any step that could submit a form
                self._redis(self.redis.set, keys.forms(tid),
                            json.dumps({"worker": self.host, "at": utcnow(),
                                        "delivery": delivery}), ex=RESULT_EXPIRES)
        options = self._with_data_files(options, job, run_id)
        self.say(f"{tid}: auditing (delivery {delivery})")
        result, evidence, out, browser, errors = self.service.call(
            self.service.audit(run_id, options, target, self.cap))
        if delivery > 1:
            _mark_redelivered(result, delivery, skip_forms)
        extra.update(browser=browser, errors_log=errors)
        try:
            payload, notes = pack(out, result, evidence, limit=self.limit, extra=extra)
        except ResultTooLarge as exc:
            payload = self._failed(run_id, options, target, "error", str(exc), extra,
                                   delivery)
            notes = []
        finally:
            shutil.rmtree(Path(out) / "evidence" / tid, ignore_errors=True)
        if notes:
            payload["errors_log"] = payload.get("errors_log", "") + "".join(
                f"--- {utcnow()} {tid} result\n{n}\n" for n in notes)
        self.say(f"{tid}: {payload['result']['outcome']} in {time.monotonic() - t0:.1f} s")
        return payload

    def _refusal(self, job: dict) -> str:
        theirs = (job.get("tool_version"), job.get("catalogue_sha256"))
        if theirs == (__version__, self.catalogue_sha):
            return ""
        return (f"worker {self.host} runs osa-auditor {__version__} with catalogue edition "
                f"{self.edition} ({self.catalogue_sha[:12]}); the sweep was started by "
                f"osa-auditor {job.get('tool_version')} with catalogue edition "
                f"{job.get('catalogue_edition')} ({str(job.get('catalogue_sha256'))[:12]}). "
                "Fix: install the same version on every worker and the collector")

    def _failed(self, run_id, options, target, outcome, reason, extra, delivery) -> dict:
        from auditor.runner import failed_result, scheduled_probes

        result = failed_result(scheduled_probes(options), target, outcome, reason)
        payload, _ = pack(self.service.workdir / "none", result, [], limit=self.limit,
                          extra={**extra, "delivery": delivery})
        return payload

    def _with_data_files(self, options: SweepOptions, job: dict, run_id: str) -> SweepOptions:
        """The collector's --providers / --platforms tables travel in the task (text, small):
        written to this worker's run folder and used from there."""
        files = job.get("data_files") or {}
        changes = {}
        for option, text in files.items():
            path = self.service.workdir / run_id / f"{option}.toml"
            path.parent.mkdir(parents=True, exist_ok=True)
            if not path.is_file():
                path.write_text(text, encoding="utf-8")
            changes[option] = str(path)
        return replace(options, **changes) if changes else options


def _mark_redelivered(result, delivery: int, skipped_forms: bool) -> None:
    what = (f"{REDELIVERED} (delivery {delivery}: the worker of an earlier delivery was lost"
            + ("; steps that could submit a form were skipped, since the earlier delivery may "
               "have submitted them)" if skipped_forms else ")"))
    result.reason = f"{what}; {result.reason}" if result.reason else what
    if skipped_forms:
        for o in result.observations:
            if o.value in (None, "not_tested") and o.note.startswith(_FORM_NOTES):
                o.note = f"{REDELIVERED}: form steps skipped ({o.note})"


def run_worker(broker: str, *, concurrency: int, render_concurrency: int, memory_budget_mb: int,
               secrets_file: str | None, visibility_timeout: float, result_limit_mb: float,
               workdir: str | None = None, name: str | None = None, log=sys.stderr) -> int:
    """Serve tasks until stopped; 0 on a clean stop (SIGTERM or Ctrl-C finish the targets being
    audited), 2 on bad configuration (:class:`~auditor.broker.BrokerError` and the others
    raised to the command)."""
    from auditor.secrets import load_secrets, secret_values

    url = check_url(broker)
    ping(url)
    secrets = load_secrets(Path(secrets_file)) if secrets_file else {}
    own_dir = workdir is None
    folder = Path(tempfile.mkdtemp(prefix="auditor-worker-")) if own_dir else Path(workdir)
    folder.mkdir(parents=True, exist_ok=True)
    service = AuditService(workdir=folder, secrets=secrets,
                           secret_values=secret_values(secrets) if secrets else set(),
                           broker_url=url, log=log)
    service.start()
    try:
        try:
            version = service.call(service.check_browser(), timeout=120)
        except Exception as exc:  # noqa: BLE001 - any failure to start means: take no tasks
            print(f"auditor worker: the browser cannot start ({type(exc).__name__}: "
                  f"{str(exc).strip().splitlines()[0] if str(exc).strip() else ''}); this "
                  "worker takes no tasks. Fix: make setup (or set AUDITOR_CHROMIUM to a "
                  "Chromium), then start the worker again.", file=log)
            return 2
        handler = TaskHandler(service, url, concurrency=concurrency,
                              render_concurrency=render_concurrency,
                              memory_budget_mb=memory_budget_mb,
                              secrets_file=str(Path(secrets_file).resolve())
                              if secrets_file else None,
                              visibility_timeout=visibility_timeout,
                              result_limit=int(result_limit_mb * 1_000_000),
                              name=name or worker_name(), log=log)
        app = make_app(url, visibility_timeout=visibility_timeout,
                       restore_interval=min(10.0, max(1.0, visibility_timeout / 10)))
        def audit_target(job: dict) -> dict:
            return handler.guarded(job)

        app.task(name=TASK_NAME, acks_late=True, reject_on_worker_lost=True)(audit_target)
        edition, digest = catalogue_edition()
        handler.say(f"osa-auditor {__version__}, catalogue edition {edition} "
                    f"({digest[:12]}), Chromium {version}; queue {queue_name()} on "
                    f"{masked(url)}; {concurrency} targets at once, {render_concurrency} pages "
                    f"rendering; visibility timeout {visibility_timeout:.0f} s; pid {os.getpid()}")
        import warnings

        from celery.platforms import SecurityWarning

        # Celery warns of root because a pickle task could then run anything as root; this
        # app accepts JSON only (auditor.broker.make_app)
        warnings.filterwarnings("ignore", category=SecurityWarning)
        worker = app.Worker(pool="threads", concurrency=concurrency, queues=[queue_name()],
                            hostname=f"osa@{handler.host}-{os.getpid()}", loglevel="WARNING",
                            without_mingle=True, without_gossip=True, quiet=True,
                            optimization="fair")
        worker.start()
        handler.say(f"stopped (exit {worker.exitcode or 0})")
        return int(worker.exitcode or 0)
    finally:
        service.stop()
        if own_dir:
            shutil.rmtree(folder, ignore_errors=True)
