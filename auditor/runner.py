"""The sweep: every target audited by the probes, bounded and polite, each ending with a
CONTRACT.md outcome, results stored whole per target so a killed run resumes cleanly.

Two bounds are kept apart (DESIGN.md, "The shape of performance"): targets open at once
(``concurrency``; most of them wait out politeness delays) and pages rendering at once
(``render_concurrency``; the cores decide).  Workers pull targets from the list one by one, so
memory stays flat however long the list is; and no new target starts while the sweep is over
its memory budget (``memory_budget_mb``, :mod:`auditor.memory`) until open ones finish.
"""

from __future__ import annotations

import asyncio
import contextlib
import shutil
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path

from auditor import __version__
from auditor.archive import ArchiveBuilder
from auditor.browser import launch
from auditor.evidence import EvidenceRecorder
from auditor.http import make_client
from auditor.memory import MIB, MemoryWatch
from auditor.model import CHECKED_OUTCOMES, Observation, Target, TargetResult, utcnow
from auditor.options import SweepOptions
from auditor.politeness import HostGates
from auditor.progress import Progress
from auditor.redaction import adult_reason
from auditor.session import BudgetExceeded, RobotsDisallowed, Session, Shared
from auditor.signals import signals_of
from auditor.store import Store


class BrowserCrashed(RuntimeError):
    pass


def _is_crash(exc: BaseException) -> bool:
    text = f"{type(exc).__name__} {exc}".lower()
    return ("target page, context or browser has been closed" in text
            or "browser has been closed" in text or "browser closed" in text
            or "connection closed" in text or "target crashed" in text)


ERRORS_LOG = "errors.log"   # a probe's failure in full (traceback), one entry per failure
RAMP_S = 0.5                # between the starts of the first targets


@dataclass
class SweepState:
    browser_version: str = ""
    browser_executable: str = ""
    browser_source: str = ""
    restarts: int = 0
    outcomes: dict[str, str] = field(default_factory=dict)
    peak_memory: int = 0         # bytes, the sweep's processes together (0: not measured)
    held_for_memory: int = 0     # new targets and fresh contexts that waited for memory
    held_for_memory_s: float = 0.0


class Runner:
    def __init__(self, targets: list[Target], options: SweepOptions, out: Path, store: Store,
                 *, secrets: dict | None = None, secret_values: set[str] | None = None,
                 progress: Progress | None = None, fleet=None, errors_by_target: bool = False):
        import probes

        self.targets = targets
        self.options = options
        self.out = Path(out)
        self.store = store
        self.secrets = secrets or {}
        self.secret_values = secret_values or set()
        self.progress = progress or Progress(len(targets), "none")
        self.state = SweepState()
        self.probe_names = scheduled_probes(options)
        # after each probe: keep the target's page (unloaded) for a later probe, or close it
        self._keep_page = probes.keep_target_page(self.probe_names)
        self._playwright = None
        self._pw_manager = None
        self._fleet = fleet               # per-host gates shared by a fleet of workers (Redis)
        self.errors_by_target = errors_by_target
        self._shared: Shared | None = None
        self._restart_lock = asyncio.Lock()
        self._generation = 0
        self._open = 0                    # targets being audited now
        self._targets_held = 0            # new targets that waited for memory
        self._memory = MemoryWatch(options.memory_budget_mb * MIB)
        self._archives = (ArchiveBuilder(options, self.out, message=self.progress.message)
                          if options.archive != "none" else None)

    # -- browser lifecycle ---------------------------------------------------------------------
    async def _start_browser(self, attempts: int = 3) -> None:
        """Launch Chromium; a browser that dies while starting (killed, out of memory) is
        launched again, up to ``attempts`` times, before the sweep gives up."""
        for attempt in range(1, attempts + 1):
            try:
                browser, choice = await launch(self._playwright, host_map=self.options.host_map,
                                               proxy=self.options.proxy)
                break
            except Exception as exc:  # noqa: BLE001 - BrowserNotFound is bad input: no retry
                if type(exc).__name__ == "BrowserNotFound" or attempt == attempts:
                    raise
                self.progress.message(f"the browser did not start ({type(exc).__name__}); "
                                      "trying again")
                await asyncio.sleep(1.0)
        self.state.browser_version = browser.version
        self.state.browser_executable = choice.executable or "playwright-bundled"
        self.state.browser_source = choice.source
        if self._shared is None:
            o = self.options
            self._shared = Shared(
                options=o, browser=browser,
                client=make_client(user_agent=o.user_agent, host_map=o.host_map, proxy=o.proxy,
                                   timeout=o.page_timeout),
                gates=HostGates(delay=o.politeness_delay, fleet=self._fleet),
                render_slots=asyncio.Semaphore(o.render_concurrency),
                memory=self._memory,
                # one fresh context per open target besides its reused one: a probe's fresh
                # session spends most of its time at the host's politeness gate, so bounding
                # them by the pages rendering at once left targets queueing for an idle
                # context (issue 15: age-gate probe 61 s a target instead of 17)
                fresh_slots=asyncio.Semaphore(max(1, o.concurrency)))
        else:
            self._shared.browser = browser
        self._generation += 1

    def _log_error(self, target: Target, probe: str, exc: BaseException,
                   evidence: EvidenceRecorder) -> None:
        """A probe's failure in full, for whoever mends it, in ``errors.log`` beside run.json
        (masked like the evidence: the test accounts' secrets never reach it)."""
        text = "".join(traceback.format_exception(exc))
        append_errors(self.errors_path(target.id),
                      f"--- {utcnow()} {target.id} {probe}\n{evidence.mask(text)}\n")

    def errors_path(self, target_id: str) -> Path:
        """Where a target's failures are written: the run's ``errors.log``, or with
        ``errors_by_target`` (a distributed worker, which sends each target's own entries
        with its result) ``errors-<target id>.log``."""
        if self.errors_by_target:
            return self.out / f"errors-{target_id}.log"
        return self.out / ERRORS_LOG

    async def _restart_browser(self, seen_generation: int) -> None:
        async with self._restart_lock:
            if self._generation != seen_generation:      # someone else restarted it already
                return
            with contextlib.suppress(Exception):
                await self._shared.browser.close()
            self.state.restarts += 1
            self.progress.message("browser crashed; restarting it")
            await self._start_browser()

    # -- the sweep -------------------------------------------------------------------------------
    async def start(self) -> None:
        """Playwright, the browser and the memory watch: what :meth:`audit_one` needs."""
        from playwright.async_api import async_playwright

        self._pw_manager = async_playwright()
        self._playwright = await self._pw_manager.__aenter__()
        try:
            await self._start_browser()
        except BaseException:
            await self._pw_manager.__aexit__(None, None, None)
            raise
        self._memory.start()

    async def stop(self) -> None:
        await self._memory.stop()
        self.state.peak_memory = self._memory.peak
        self.state.held_for_memory = self._memory.held
        self.state.held_for_memory_s = self._memory.held_s
        await self._shared.client.aclose()
        with contextlib.suppress(Exception):
            await self._shared.browser.close()
        if self._archives is not None:
            await asyncio.to_thread(self._archives.close)
        await self._pw_manager.__aexit__(None, None, None)

    async def run(self) -> SweepState:
        done = self.store.done_ids() if self.options.resume else set()
        todo = [t for t in self.targets if t.id not in done]
        self.progress.skipped(len(self.targets) - len(todo))
        await self.start()
        queue: asyncio.Queue[Target] = asyncio.Queue()
        for t in todo:
            queue.put_nowait(t)
        workers = [asyncio.create_task(self._worker(queue, start_after=i * RAMP_S))
                   for i in range(min(self.options.concurrency, max(1, len(todo))))]
        try:
            await asyncio.gather(*workers)
        finally:
            for w in workers:
                w.cancel()
            await self.stop()
        return self.state

    async def audit_one(self, target: Target) -> tuple[TargetResult, list]:
        """One target, whole (a distributed worker's task): waits while the process is over
        its memory budget and targets are open, then audits it as a sweep does."""
        await self._wait_for_memory()
        self._open += 1
        try:
            return await self._audit_with_retry(target)
        finally:
            self._open -= 1

    async def _wait_for_memory(self) -> None:
        # over the memory budget: the open targets finish (and free their pages) first
        if await self._memory.room(lambda: self._open > 0):
            self._targets_held += 1
            if self._targets_held in (1, 10, 100, 1000, 10000):
                self.progress.message(
                    f"memory over the budget of {self.options.memory_budget_mb:,} MiB: a new "
                    f"target waited for open ones to finish ({self._targets_held:,} so far; "
                    "--memory-budget changes the budget)")

    async def _worker(self, queue: asyncio.Queue, *, start_after: float = 0.0) -> None:
        # the first targets start a moment apart: started together, they load their pages
        # together (the sweep's memory peaked at its start, 2.16 GiB for 40 targets against
        # 1.6-1.9 later) and stay in step for minutes, their waves of pages coming at once
        await asyncio.sleep(start_after)
        while True:
            if queue.empty():
                return
            await self._wait_for_memory()
            try:
                target = queue.get_nowait()
            except asyncio.QueueEmpty:
                return
            t0 = time.monotonic()
            self._open += 1
            try:
                result, evidence = await self._audit_with_retry(target)
            finally:
                self._open -= 1
            self.store.save_result(result, evidence)
            self.state.outcomes[target.id] = result.outcome
            self.progress.target_done(target.id, result.outcome, result.reason,
                                      time.monotonic() - t0)

    async def _audit_with_retry(self, target: Target):
        generation = self._generation
        if not self._shared.browser.is_connected():
            await self._restart_browser(generation)
            generation = self._generation
        try:
            return await self._audit(target)
        except BrowserCrashed:
            await self._restart_browser(generation)
        try:
            return await self._audit(target)
        except BrowserCrashed as exc:
            return self._failed(target, "error", f"browser crashed twice: {exc}"), []

    def _failed(self, target: Target, outcome: str, reason: str) -> TargetResult:
        return failed_result(self.probe_names, target, outcome, reason)

    def _fill(self, obs: list[Observation], note: str) -> list[Observation]:
        return _fill(self.probe_names, obs, note)

    async def _audit(self, target: Target) -> tuple[TargetResult, list]:
        import probes
        from probes.discovery import Unreachable

        started = utcnow()
        shutil.rmtree(self.out / "evidence" / target.id, ignore_errors=True)
        evidence = EvidenceRecorder(self.out, target.id, self.secret_values,
                                    adult=adult_reason(target, ()))
        personas = self.secrets.get(target.accounts) if target.accounts else None
        recorder = self._archives.recorder(target.id) if self._archives else None
        session = Session(target, self._shared, evidence, personas, archive=recorder)
        obs: dict[str, Observation] = {}
        outcome, reason, current = "ok", "", "discovery"
        fill_note = "not_run"
        timings: dict[str, float] = {}
        budget = self.options.timeout_per_target
        watch = None
        try:
            async with asyncio.timeout(budget) as deadline:
                session.deadline = deadline.when()
                watch = asyncio.create_task(_extend_by_waits(deadline, session, budget))
                for step, name in enumerate(self.probe_names):
                    current = name
                    t_probe = time.monotonic()
                    try:
                        found = await probes.load(name).run(session)
                    except Unreachable as exc:
                        outcome, reason = "unreachable", str(exc)
                        break
                    except RobotsDisallowed as exc:
                        if name == "discovery":
                            outcome, reason = "robots_disallowed", str(exc)
                            break
                        found, note = [], "robots_disallowed"
                    except BudgetExceeded as exc:
                        session.log.append(f"{name}: {exc}")
                        found, note = [], "budget_exhausted"
                    except asyncio.CancelledError:
                        raise
                    except Exception as exc:  # noqa: BLE001 - one probe's bug is that probe's
                        if _is_crash(exc) or not self._shared.browser.is_connected():
                            raise BrowserCrashed(str(exc)) from exc
                        first = (str(exc).strip().splitlines() or [""])[0]
                        what = evidence.mask(f"{type(exc).__name__}: {first}".rstrip(": "))
                        session.log.append(f"{name}: {what}"[:300])
                        found, note = [], f"probe_error: {what}"[:200]
                        self._log_error(target, name, exc, evidence)
                    else:
                        note = "not_found"
                    finally:
                        timings[name] = round(time.monotonic() - t_probe, 2)
                        await session.rest(keep_page=self._keep_page[step])
                    if not self._shared.browser.is_connected():
                        raise BrowserCrashed(f"the browser died during the {name} probe")
                    for o in found:
                        if o.signal.startswith(name + ".") and o.signal not in obs:
                            obs[o.signal] = o
                    for signal in signals_of(name):
                        obs.setdefault(signal, Observation(name, signal, None, 0.0, note))
                    if name == "discovery":
                        outcome, reason = _outcome_after_discovery(session)
                        if outcome != "ok":
                            break
        except TimeoutError:
            outcome = "timeout"
            reason = (f"not finished within {self.options.timeout_per_target:.0f} s "
                      f"(in the {current} probe)")
        except BrowserCrashed:
            await _close(session)
            raise
        finally:
            if watch is not None:
                watch.cancel()
            await _close(session)
        why_adult = adult_reason(target, obs.values())
        if why_adult:       # blur what was captured before anybody knew the service was adult
            await asyncio.to_thread(evidence.redact_taken, why_adult)
        if recorder is not None:
            # written now, when whether it is adult and every secret to mask are known
            archived = await self._archives.build(target, recorder, evidence,
                                                  adult=why_adult or evidence.adult)
            if archived is not None:
                evidence.items.append(archived)
            failed = self._archives.errors.pop(target.id, None)
            if failed is not None:
                self._log_error(target, "archive", failed, evidence)
        timings["waiting_for_slots"] = round(session.waited, 2)
        if outcome != "ok":
            fill_note = outcome
        if outcome == "ok" and session.log:
            reason = _log_reason(session.log)
        result = TargetResult(target.id, outcome, reason, started, utcnow(), session.pages,
                              session.bytes, self._fill(list(obs.values()), fill_note), timings)
        return result, evidence.items


def append_errors(path: Path, text: str) -> None:
    """Add entries to an errors log (a full disk costs the log, never the sweep)."""
    if text:
        with contextlib.suppress(OSError), open(path, "a", encoding="utf-8") as fh:
            fh.write(text if text.endswith("\n") else text + "\n")


def scheduled_probes(options: SweepOptions) -> list[str]:
    """The probes a sweep runs, in order: discovery first."""
    import probes

    wanted = options.probes or tuple(probes.available())
    return ["discovery"] + [p for p in wanted if p != "discovery"]


def failed_result(probe_names: list[str], target: Target, outcome: str,
                  reason: str) -> TargetResult:
    """A target that was not audited: every scheduled signal empty, noted ``outcome``."""
    now = utcnow()
    return TargetResult(target.id, outcome, reason, now, now,
                        observations=_fill(probe_names, [], outcome))


def _fill(probe_names: list[str], obs: list[Observation], note: str) -> list[Observation]:
    """Exactly one row per scheduled signal: the ones not decided get an empty value."""
    have = {o.signal for o in obs}
    for name in probe_names:
        for signal in signals_of(name):
            if signal not in have:
                obs.append(Observation(name, signal, None, 0.0, note))
    return obs


def _log_reason(log: list[str], keep: int = 6) -> str:
    """The target's reason line from its log: one line per entry (a browser's call log is cut
    to its first line), what cut the audit short (budgets, probe errors) first."""
    lines = list(dict.fromkeys(" ".join(e.strip().splitlines()[0].split())[:200]
                               for e in log if e.strip()))
    first = [x for x in lines if "budget" in x or "Error" in x]
    ordered = first + [x for x in lines if x not in first]
    more = len(ordered) - keep
    return "; ".join(ordered[:keep]) + (f"; and {more} more" if more > 0 else "")


def _outcome_after_discovery(session: Session) -> tuple[str, str]:
    sm = session.sitemap
    if sm is None:
        return "error", "discovery produced no site map"
    if sm.robots == "disallowed" and not session.options.ignore_robots:
        return "robots_disallowed", (sm.robots_reason or
                                     "robots.txt disallows the start URL for our user agent")
    if sm.bot_wall:
        return "bot_wall", f"a bot wall or CAPTCHA answered {sm.home_url} (HTTP {sm.home_status})"
    if sm.geo_blocked:
        mirrors = ", ".join(sm.mirror_urls[:3])
        return "geo_blocked", ("the service blocks UK visitors"
                               + (f"; it points to {mirrors}" if mirrors else ""))
    if sm.home_status >= 400 and not sm.home_text.strip():
        return "unreachable", f"the start URL answered HTTP {sm.home_status}"
    return "ok", ""


async def _extend_by_waits(deadline: asyncio.Timeout, session: Session, budget: float) -> None:
    """Time spent queueing for the sweep's shared browser slots is not the target's: move the
    deadline out by it, up to three times the budget in all."""
    loop = asyncio.get_running_loop()
    start = loop.time()
    while True:
        await asyncio.sleep(1.0)
        extra = min(session.waited, 2 * budget)
        deadline.reschedule(start + budget + extra)
        session.deadline = deadline.when()


async def _close(session: Session) -> None:
    with contextlib.suppress(Exception):
        await session.close()


def exit_code(outcomes: dict[str, str]) -> int:
    return 0 if all(o in CHECKED_OUTCOMES for o in outcomes.values()) else 1


def run_meta(options: SweepOptions, state: SweepState, store: Store, *, targets_file: str,
             targets_sha256: str, started_at: str, finished_at: str | None,
             catalogue_edition: str = "", distributed: dict | None = None) -> dict:
    rows = []
    workers = store.workers()
    for t, st in store.targets():
        rows.append({"id": t.id, "name": t.name, "url": t.url, "line": t.line,
                     "row": _row_strings(t), "outcome": st["outcome"], "reason": st["reason"],
                     "state": st["state"], "started_at": st["started_at"],
                     "finished_at": st["finished_at"], "pages": st["pages"],
                     "bytes": st["bytes"], "probe_seconds": st["timings"],
                     "worker": workers.get(t.id, (None,))[0]})
    return {
        "tool": "osa-auditor", "tool_version": __version__,
        "catalogue_edition": catalogue_edition,
        "browser": {"name": "chromium", "version": state.browser_version,
                    "executable": state.browser_executable, "source": state.browser_source,
                    "restarts": state.restarts},
        "memory": {"budget_mib": options.memory_budget_mb or None,
                   "peak_mib": round(state.peak_memory / MIB) if state.peak_memory else None,
                   "times_held_back": state.held_for_memory,
                   "seconds_held_back": round(state.held_for_memory_s, 1)},
        "user_agent": options.user_agent, "proxy": options.proxy_shown(),
        "robots_policy": "ignore" if options.ignore_robots else "obey",
        "options": options.recorded(),
        "targets_file": targets_file, "targets_sha256": targets_sha256,
        "started_at": started_at, "finished_at": finished_at,
        # a distributed sweep: the broker (no password), its queue and run id; else null
        "distributed": distributed, "targets": rows,
    }


def _row_strings(t: Target) -> dict[str, str]:
    def b(v):
        return "" if v is None else ("true" if v else "false")
    return {"id": t.id, "name": t.name, "url": t.url, "service_kind": t.service_kind or "",
            "extra_domains": ";".join(t.extra_domains), "size_band": t.size_band or "",
            "risk_levels": ";".join(f"{k}={v}" for k, v in t.risk_levels.items()),
            "likely_accessed_by_children": b(t.likely_accessed_by_children),
            "regime": ";".join(t.regime), "allow_forms": b(t.allow_forms),
            "accounts": t.accounts or "", "recipe": t.recipe or "", "tags": t.tags,
            "notes": t.notes}
