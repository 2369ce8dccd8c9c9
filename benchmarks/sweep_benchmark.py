"""Sweep benchmark: the auditor against the synthetic web, next to raw Playwright (issue 3).

For each N (default 50, 200 and 1,000) it

1. serves N synthetic services from one separate process (``auditor.demo.synthetic``),
2. sweeps them with the auditor in a child process (``run_sweep``) while a thread samples the
   summed PSS of that child and all its descendants (``/proc/PID/smaps_rollup``) once a second,
3. replays the same browser page visits (taken from the server's log) with a minimal
   raw-Playwright script: one browser, one reused context+page per worker, ``goto`` each URL,
   as many workers as the auditor had pages rendering at once (``--render-concurrency``),
4. compares the auditor's findings with the synthetic ground truth,

and prints targets per minute, browser pages per second, CPU per page, peak memory, the ratio
auditor / raw and the agreement per signal, with the politeness settings it ran under.

It is a benchmark, not a test: ``tests/test_benchmark_smoke.py`` only runs it at a small N.

    .venv/bin/python benchmarks/sweep_benchmark.py --n 50,200 --json bench.json
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import json
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from auditor.memory import MIB, pss_bytes  # noqa: E402 - after the path is set

# -- memory and CPU of a process tree ------------------------------------------------------------

def process_kind(cmdline: list[str], name: str) -> str:
    """python | driver | browser | renderer | gpu | utility | zygote | other."""
    joined = " ".join(cmdline[:3]).lower()
    if name == "node" or "run-driver" in cmdline:
        return "driver"
    if name.startswith("python") or "python" in Path(cmdline[0] if cmdline else "").name:
        return "python"
    for arg in cmdline:
        if arg.startswith("--type="):
            kind = arg.split("=", 1)[1]
            return {"gpu-process": "gpu"}.get(kind, kind if kind in (
                "renderer", "utility", "zygote") else "other")
    if "chrom" in name or "chrom" in joined:
        return "browser"
    return "other"


class TreeSampler(threading.Thread):
    """Samples the summed PSS (and per-kind CPU) of a process and its descendants.

    At most once per ``interval`` seconds (never faster than 1 s by default), so the sampling
    costs the run almost nothing (platform.md: sampling 10 times a second cost ~30%).
    """

    def __init__(self, pid: int, interval: float = 1.0, log_path: Path | None = None):
        super().__init__(name=f"pss-sampler-{pid}", daemon=True)
        import psutil

        self.root = psutil.Process(pid)
        self.interval = max(0.2, interval)
        self.stop_event = threading.Event()
        self.samples: list[tuple[float, int, int]] = []   # (t, pss bytes, processes)
        self.cpu: dict[int, tuple[str, float]] = {}        # pid -> (kind, cpu seconds)
        self.t0 = time.monotonic()
        self.busy_other = 0.0
        self.log_path = log_path          # one line per sample, for runs stopped early

    def sample(self) -> None:
        import psutil

        try:
            procs = [self.root] + self.root.children(recursive=True)
        except psutil.Error:
            return
        total = 0
        for p in procs:
            total += pss_bytes(p.pid)
            try:
                with p.oneshot():
                    times = p.cpu_times()
                    kind = self.cpu.get(p.pid, (None, 0))[0] or process_kind(p.cmdline(),
                                                                             p.name())
                self.cpu[p.pid] = (kind, times.user + times.system)
            except psutil.Error:
                continue
        self.samples.append((time.monotonic() - self.t0, total, len(procs)))
        if self.log_path is not None:
            with open(self.log_path, "a", encoding="ascii") as fh:
                fh.write(f"{self.samples[-1][0]:.1f},{total // MIB},{len(procs)}\n")

    def run(self) -> None:
        while not self.stop_event.wait(self.interval):
            self.sample()

    def stop(self) -> None:
        self.stop_event.set()
        self.join(5)

    @property
    def peak_mib(self) -> float:
        return max((s[1] for s in self.samples), default=0) / MIB

    @property
    def peak_procs(self) -> int:
        return max((s[2] for s in self.samples), default=0)

    def cpu_by_kind(self) -> dict[str, float]:
        out: Counter = Counter()
        for kind, secs in self.cpu.values():
            out[kind] += secs
        return {k: round(v, 1) for k, v in out.most_common()}


def run_child(args: list[str], log_path: Path, sample_interval: float
              ) -> tuple[int, float, float, TreeSampler]:
    """Run a child process, sample its tree; returns (exit code, wall s, CPU s, sampler).

    CPU is what the child and every descendant used (the child adopts and reaps orphans, so
    ``RUSAGE_CHILDREN`` sees them all); ``sampler.busy_other`` is the CPU the rest of the machine
    used meanwhile (other work on the cores makes every figure worse).
    """
    import psutil

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    machine0 = psutil.cpu_times()
    t0 = time.monotonic()
    with open(log_path, "w", encoding="utf-8") as log:
        proc = subprocess.Popen([sys.executable, str(Path(__file__).resolve())] + args,
                                stdout=log, stderr=subprocess.STDOUT, cwd=str(ROOT))
        sampler = TreeSampler(proc.pid, sample_interval,
                              log_path.with_name(log_path.stem + "-pss.csv"))
        sampler.start()
        try:
            code = proc.wait()
        finally:
            sampler.stop()
            if proc.poll() is None:
                proc.kill()
    wall = time.monotonic() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    machine1 = psutil.cpu_times()
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    cpu = max(cpu, sum(secs for _, secs in sampler.cpu.values()))
    busy = sum(getattr(machine1, k) - getattr(machine0, k)
               for k in ("user", "nice", "system", "irq", "softirq", "steal"))
    sampler.busy_other = max(0.0, busy - cpu)
    return code, wall, cpu, sampler


# -- the children --------------------------------------------------------------------------------

def become_subreaper() -> None:
    """Adopt orphaned descendants (Chromium helpers outlive their parents at shutdown), so that
    reaping them adds their CPU time to this process's RUSAGE_CHILDREN and so to the parent's."""
    import ctypes

    try:
        ctypes.CDLL(None, use_errno=True).prctl(36, 1, 0, 0, 0)   # PR_SET_CHILD_SUBREAPER
    except (OSError, AttributeError):
        pass


def reap_orphans(wait: float = 3.0) -> None:
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            time.sleep(0.05)


class PhaseTimer:
    """Where a target's time goes (``--phase-timings``): wraps a few functions of the core by
    monkeypatching them in the child process only; the core files are not changed."""

    def __init__(self) -> None:
        self.totals: Counter = Counter()
        self.counts: Counter = Counter()

    def add(self, name: str, seconds: float) -> None:
        self.totals[name] += seconds
        self.counts[name] += 1

    def wrap_async(self, owner, attr: str, name: str) -> None:
        fn = getattr(owner, attr)
        timer = self

        async def timed(*args, **kwargs):
            t0 = time.monotonic()
            try:
                return await fn(*args, **kwargs)
            finally:
                timer.add(name, time.monotonic() - t0)
        setattr(owner, attr, timed)

    def wrap_sync(self, owner, attr: str, name: str) -> None:
        fn = getattr(owner, attr)
        timer = self

        def timed(*args, **kwargs):
            t0 = time.monotonic()
            try:
                return fn(*args, **kwargs)
            finally:
                timer.add(name, time.monotonic() - t0)
        setattr(owner, attr, timed)

    def install(self) -> None:
        import auditor.evidence as evidence
        import auditor.politeness as politeness
        import auditor.runner as runner
        import auditor.session as session
        import auditor.store as store
        import probes.discovery as discovery
        import probes.pages as pages

        self.wrap_async(session, "settle", "settle (quiet network wait)")
        self.wrap_async(politeness.HostGates, "_wait_delay", "politeness delay sleep")
        self.wrap_async(session.Session, "fetch", "http fetch (incl. gate)")
        self.wrap_async(session.Session, "_navigate", "browser goto+settle")
        self.wrap_async(session.Session, "_new_context", "new context")
        self.wrap_async(session.Session, "close", "close context")
        self.wrap_async(evidence.EvidenceRecorder, "screenshot", "screenshot (all)")
        self.wrap_sync(evidence.EvidenceRecorder, "picture", "  of which PIL blur+thumbnail")
        self.wrap_sync(evidence.EvidenceRecorder, "text", "evidence text/dom write")
        self.wrap_async(discovery, "open_menus", "open menus")
        self.wrap_sync(discovery, "links_from_html", "links_from_html (bs4)")
        self.wrap_sync(discovery, "visible_text_of_html", "visible_text_of_html (bs4)")
        self.wrap_sync(pages, "links_from_html", "links_from_html (bs4)")
        self.wrap_sync(store.Store, "save_result", "store.save_result (SQLite)")
        timer = self
        start = runner.Runner._start_browser

        async def start_browser(self_runner):
            await start(self_runner)
            slots = self_runner._shared.render_slots
            if not isinstance(slots, _TimedSlots):
                self_runner._shared.render_slots = _TimedSlots(slots, timer)
        runner.Runner._start_browser = start_browser

    def report(self, n_targets: int) -> dict:
        return {k: {"total_s": round(v, 1), "calls": self.counts[k],
                    "ms_per_target": round(1000 * v / max(1, n_targets), 1)}
                for k, v in sorted(self.totals.items(), key=lambda kv: -kv[1])}


class _TimedSlots:
    """Render slots that record the wait for a slot and how long each is held (the totals are
    right whichever holder lets go first; a block that only waits gives its slot up)."""

    def __init__(self, inner: asyncio.Semaphore, timer: PhaseTimer):
        self.inner, self.timer = inner, timer
        self._held: list[float] = []

    async def acquire(self) -> bool:
        t0 = time.monotonic()
        await self.inner.acquire()
        now = time.monotonic()
        self.timer.add("wait for a render slot", now - t0)
        self._held.append(now)
        return True

    def release(self) -> None:
        self.timer.add("render slot held", time.monotonic() - self._held.pop())
        self.inner.release()

    async def __aenter__(self):
        await self.acquire()
        return self

    async def __aexit__(self, *exc):
        self.release()
        return False


def child_sweep(cfg: dict) -> int:
    """Sweep the targets with the auditor (in this process) and write a result JSON."""
    import cProfile

    become_subreaper()
    if cfg.get("child_setup"):          # an experiment: patch the core in this process only
        import runpy

        runpy.run_path(cfg["child_setup"], run_name="sweep_benchmark_setup")
    timer = None
    if cfg.get("phase_timings"):
        timer = PhaseTimer()
        timer.install()

    from auditor.integrity import file_sha256
    from auditor.options import SweepOptions
    from auditor.sweep import run_sweep
    from auditor.targets import load_targets

    targets = load_targets(cfg["targets"])
    kw = dict(concurrency=cfg["concurrency"], render_concurrency=cfg["render_concurrency"],
              memory_budget_mb=cfg["memory_budget"], politeness_delay=cfg["delay"],
              probes=tuple(cfg["probes"]),
              screenshots=cfg["screenshots"], a11y=cfg.get("a11y", False), progress="log",
              archive=cfg.get("archive", "pages"))
    if cfg.get("proxy"):
        kw["proxy"] = cfg["proxy"]
    else:
        kw["host_map"] = {h: tuple(v) for h, v in cfg["host_map"].items()}
    options = SweepOptions(**kw)
    out = Path(cfg["out"])
    prof = cProfile.Profile() if cfg.get("cprofile") else None
    t0 = time.monotonic()
    if prof:
        prof.enable()
    code, outcomes = run_sweep(targets, options, out, targets_file=Path(cfg["targets"]).name,
                               targets_sha256=file_sha256(Path(cfg["targets"])),
                               judge_and_render=False)
    if prof:
        prof.disable()
    sweep_s = time.monotonic() - t0
    result = {"exit_code": code, "outcomes": outcomes, "sweep_seconds": sweep_s,
              "options": options.recorded(), "judge_seconds": None, "judge_error": None}
    usage = resource.getrusage(resource.RUSAGE_SELF)
    result["python_cpu_seconds"] = usage.ru_utime + usage.ru_stime
    result["phases"] = timer.report(len(targets)) if timer else None
    if prof:
        import pstats

        prof.dump_stats(cfg["cprofile"])
        with open(cfg["cprofile"] + ".txt", "w", encoding="utf-8") as fh:
            stats = pstats.Stats(prof, stream=fh)
            stats.sort_stats("tottime").print_stats(40)
            stats.sort_stats("cumulative").print_stats(60)
    if cfg.get("judge"):
        t1 = time.monotonic()
        try:
            from auditor.finish import judge, render
            from auditor.store import Store

            store = Store(out / "run.db")
            try:
                judge(out, store)
            finally:
                store.close()
            render(out)
            result["judge_seconds"] = time.monotonic() - t1
        except Exception as exc:  # noqa: BLE001 - report it, keep the sweep's figures
            result["judge_error"] = f"{type(exc).__name__}: {exc}"[:500]
    Path(cfg["result"]).write_text(json.dumps(result, indent=1), encoding="utf-8")
    reap_orphans()
    return 0


#: what ``--raw-frame`` waits for after each load: the page's next frame, and a task after it
FRAME_JS = "() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)))"


def child_raw(cfg: dict) -> int:
    """The physical limit: the same page visits with raw Playwright, reused contexts."""
    from auditor.browser import launch

    become_subreaper()

    async def main() -> dict:
        from playwright.async_api import async_playwright

        urls = cfg["urls"]
        host_map = {h: tuple(v) for h, v in cfg.get("host_map", {}).items()}
        async with async_playwright() as pw:
            browser, _ = await launch(pw, host_map=host_map or None, proxy=cfg.get("proxy"))
            queue: asyncio.Queue[str] = asyncio.Queue()
            for u in urls:
                queue.put_nowait(u)
            pages = []
            for _ in range(max(1, cfg["workers"])):
                ctx = await browser.new_context(viewport={"width": 1280, "height": 800})
                page = await ctx.new_page()
                pages.append(page)
            if urls:                                     # one warm-up visit each, not counted
                await asyncio.gather(*(p.goto(urls[0], wait_until="load") for p in pages),
                                     return_exceptions=True)
            done, errors = 0, 0

            async def worker(page) -> None:
                nonlocal done, errors
                while True:
                    try:
                        url = queue.get_nowait()
                    except asyncio.QueueEmpty:
                        return
                    try:
                        await page.goto(url, wait_until="load", timeout=20000)
                        if cfg.get("frame"):        # --raw-frame: the page drawn once
                            await page.evaluate(FRAME_JS)
                        done += 1
                    except Exception:  # noqa: BLE001 - counted
                        errors += 1

            t0 = time.monotonic()
            await asyncio.gather(*(worker(p) for p in pages))
            seconds = time.monotonic() - t0
            await browser.close()
        return {"pages": done, "errors": errors, "seconds": seconds}

    result = asyncio.run(main())
    Path(cfg["result"]).write_text(json.dumps(result), encoding="utf-8")
    reap_orphans()
    return 0


# -- agreement with the ground truth ---------------------------------------------------------------

def agreement(truth: list[dict], outcomes: dict[str, str], obs_csv: Path,
              probes_ran: set[str]) -> tuple[dict[str, dict], list[dict]]:
    """Per signal: how many services the auditor got right; and the mismatches."""
    from auditor.demo.synthetic import cell

    observed: dict[tuple[str, str], tuple[str, str]] = {}
    if obs_csv.exists():
        with open(obs_csv, newline="", encoding="utf-8") as fh:
            for r in csv.DictReader(fh):
                observed[(r["target_id"], r["signal"])] = (r["value"], r["note"])
    per: dict[str, dict] = {}
    misses: list[dict] = []
    for rec in truth:
        tid = rec["id"]
        for signal, want in rec["expected"].items():
            probe = signal.split(".", 1)[0]
            if signal == "outcome":
                got, note = outcomes.get(tid, ""), ""
            elif probe not in probes_ran:
                continue
            else:
                got, note = observed.get((tid, signal), ("<missing>", ""))
            stat = per.setdefault(signal, {"n": 0, "correct": 0})
            stat["n"] += 1
            if got == cell(want):
                stat["correct"] += 1
            else:
                f = rec["features"]
                misses.append({"id": tid, "signal": signal, "expected": cell(want),
                               "got": got, "note": note, "terms_where": f["terms_where"],
                               "age_gate": f["age_gate"], "wall": f["wall"],
                               "robots": f["robots"]})
    for stat in per.values():
        stat["pct"] = round(100.0 * stat["correct"] / stat["n"], 1) if stat["n"] else None
    return per, misses


# -- one N -------------------------------------------------------------------------------------

def bench_one(n: int, server, a: argparse.Namespace, work: Path) -> dict:
    from auditor.demo import synthetic as syn

    folder = work / f"n{n}"
    folder.mkdir(parents=True, exist_ok=True)
    services = server.services[:n]
    paths = syn.write_truth(services, folder / "input")
    via_proxy = a.via == "proxy" or (a.via == "auto" and n > 2000)
    reach = ({"proxy": server.proxy} if via_proxy
             else {"host_map": syn.host_map(services, server.port)})
    cfg = {"targets": str(paths["targets"]), "out": str(folder / "run"),
           "result": str(folder / "sweep-result.json"), "concurrency": a.concurrency,
           "render_concurrency": a.render_concurrency, "delay": a.delay,
           "memory_budget": a.memory_budget,
           "probes": a.probe_list, "screenshots": not a.no_screenshots, "a11y": a.a11y,
           "archive": a.archive, "judge": a.judge,
           "cprofile": str(folder / "sweep.prof") if a.cprofile else None,
           "phase_timings": a.phase_timings,
           "child_setup": str(Path(a.child_setup).resolve()) if a.child_setup else None,
           **reach}
    (folder / "sweep-config.json").write_text(json.dumps(cfg), encoding="utf-8")
    server.control("reset")
    server_cpu0 = _cpu_of(server.pid)
    print(f"[n={n}] sweeping {n} synthetic services ...", file=sys.stderr, flush=True)
    code, wall, cpu, sampler = run_child(["--child", "sweep", str(folder / "sweep-config.json")],
                                         folder / "sweep.log", a.sample_interval)
    server_cpu = _cpu_of(server.pid) - server_cpu0
    if code != 0 or not Path(cfg["result"]).exists():
        raise RuntimeError(f"the sweep child failed (exit {code}); see {folder / 'sweep.log'}")
    res = json.loads(Path(cfg["result"]).read_text(encoding="utf-8"))
    stats = server.control("stats")
    log = server.control("log")
    navs = [u for _, u, _ in sorted(log["navigations"])]
    with open(folder / "requests.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)              # what the server answered: every visit, every fetch
        w.writerow(["seconds", "kind", "url", "status"])
        w.writerows(sorted([(t, "browser", u, st) for t, u, st in log["navigations"]]
                           + [(t, "http", u, st) for t, u, st in log.get("fetches", [])]))
    counts = stats["counts"]

    raw: dict = {}
    if not a.no_raw and navs:
        replay = sample_evenly(navs, a.raw_max_pages)
        print(f"[n={n}] replaying {len(replay)} of {len(navs)} page visits with raw "
              "Playwright ...", file=sys.stderr, flush=True)
        rcfg = {"urls": replay, "workers": a.raw_workers or a.render_concurrency,
                "frame": a.raw_frame,
                "result": str(folder / "raw-result.json"), **reach}
        (folder / "raw-config.json").write_text(json.dumps(rcfg), encoding="utf-8")
        server.control("reset")
        rcode, rwall, rcpu, rsampler = run_child(
            ["--child", "raw", str(folder / "raw-config.json")], folder / "raw.log",
            a.sample_interval)
        if rcode == 0 and Path(rcfg["result"]).exists():
            r = json.loads(Path(rcfg["result"]).read_text(encoding="utf-8"))
            raw = {"pages": r["pages"], "of_pages": len(navs), "errors": r["errors"],
                   "seconds": round(r["seconds"], 2),
                   "pages_per_s": round(r["pages"] / r["seconds"], 2) if r["seconds"] else None,
                   "workers": rcfg["workers"], "frame": rcfg["frame"],
                   "cpu_seconds": round(rcpu, 1),
                   "cpu_ms_per_page": round(1000 * rcpu / max(1, r["pages"]), 1),
                   "peak_pss_mib": round(rsampler.peak_mib, 1),
                   "other_load_cores": round(rsampler.busy_other / max(1e-9, rwall), 2),
                   "cpu_by_kind": rsampler.cpu_by_kind()}
        else:
            raw = {"error": f"raw child exit {rcode}; see {folder / 'raw.log'}"}

    truth = syn.truth_records(services)
    probes_ran = set(res["options"]["probes"]) or _all_probes()
    probes_ran.add("discovery")
    per, misses = agreement(truth, res["outcomes"], Path(cfg["out"]) / "observations.csv",
                            probes_ran)
    with open(folder / "mismatches.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=["id", "signal", "expected", "got", "note",
                                           "terms_where", "age_gate", "wall", "robots"])
        w.writeheader()
        w.writerows(misses)

    sweep_s = res["sweep_seconds"]
    nav_n = len(navs)
    out = {
        "n": n, "folder": str(folder), "exit_code": res["exit_code"],
        "sweep_seconds": round(sweep_s, 1), "child_wall_seconds": round(wall, 1),
        "targets_per_min": round(60 * n / sweep_s, 1),
        "browser_pages": nav_n, "http_fetches": counts.get("http", 0),
        "subresources": counts.get("subresource", 0),
        "pages_per_s": round(nav_n / sweep_s, 2),
        "cpu_seconds": round(cpu, 1), "python_cpu_seconds": round(res["python_cpu_seconds"], 1),
        "cpu_ms_per_page": round(1000 * cpu / max(1, nav_n), 1),
        "cpu_ms_per_target": round(1000 * cpu / n, 1),
        "cpu_util": round(cpu / sweep_s / (os.cpu_count() or 1), 2),
        "server_cpu_seconds": round(server_cpu, 1),
        "other_load_cores": round(sampler.busy_other / max(1e-9, wall), 2),
        "phases": res.get("phases"),
        "peak_pss_mib": round(sampler.peak_mib, 1), "peak_processes": sampler.peak_procs,
        "pss_samples": len(sampler.samples), "cpu_by_kind": sampler.cpu_by_kind(),
        "outcomes": dict(Counter(res["outcomes"].values())),
        "judge_seconds": res.get("judge_seconds"), "judge_error": res.get("judge_error"),
        "raw": raw, "agreement": per, "mismatches": len(misses),
        "via": "proxy" if via_proxy else "host_map",
    }
    if raw.get("pages_per_s"):
        out["ratio_rate"] = round(out["pages_per_s"] / raw["pages_per_s"], 2)
        out["ratio_cpu_per_page"] = round(raw["cpu_ms_per_page"] / out["cpu_ms_per_page"], 2)
    (folder / "result.json").write_text(json.dumps(out, indent=1), encoding="utf-8")
    return out


def _cpu_of(pid: int) -> float:
    import psutil

    try:
        t = psutil.Process(pid).cpu_times()
        return t.user + t.system
    except psutil.Error:
        return 0.0


def _all_probes() -> set[str]:
    import probes

    return set(probes.available())


# -- printing -----------------------------------------------------------------------------------

KEY_SIGNALS = ("outcome", "discovery.terms_url", "discovery.privacy_url", "discovery.report_url",
               "discovery.bot_wall", "discovery.geo_blocked", "discovery.robots",
               "terms.min_age", "reporting.item_control", "age_gate.type")


def print_report(results: list[dict], a: argparse.Namespace, stream=sys.stdout) -> None:
    def p(line: str = "") -> None:
        print(line, file=stream)

    p(f"Sweep benchmark: synthetic web seed {a.seed}, {os.cpu_count()} cores, "
      f"Python {sys.version.split()[0]}")
    p(f"Politeness: {a.delay:g} s between requests to one host, one request or page in flight "
      f"per host, robots.txt obeyed; targets open at once {a.concurrency}, pages rendering at "
      f"once {a.render_concurrency}; probes {','.join(a.probe_list) or 'all'}; screenshots "
      f"{'off' if a.no_screenshots else 'on'}; archive {a.archive}")
    p(f"Raw Playwright: {a.raw_workers or a.render_concurrency} workers, at most "
      f"{a.raw_max_pages} of the sweep's page visits (evenly spaced) per N"
      + ("; each waits for its first frame (--raw-frame)" if a.raw_frame else ""))
    if a.child_setup:
        p(f"Experiment: {a.child_setup} patched the core in the sweep child")
    p()
    head = ("| N | sweep s | targets/min | browser pages | pages/s | raw pages/s | ratio | "
            "CPU ms/page (raw) | CPU s/target | peak PSS MiB (raw) | procs | outcomes |")
    p(head)
    p("|" + "---|" * (head.count("|") - 1))
    for r in results:
        raw = r.get("raw") or {}
        p(f"| {r['n']} | {r['sweep_seconds']} | {r['targets_per_min']} | {r['browser_pages']} "
          f"(+{r['http_fetches']} http) | {r['pages_per_s']} | {raw.get('pages_per_s', '-')} | "
          f"{r.get('ratio_rate', '-')} | {r['cpu_ms_per_page']} ({raw.get('cpu_ms_per_page', '-')})"
          f" | {r['cpu_ms_per_target'] / 1000:.2f} | {r['peak_pss_mib']} "
          f"({raw.get('peak_pss_mib', '-')}) | {r['peak_processes']} | "
          + ", ".join(f"{k} {v}" for k, v in sorted(r["outcomes"].items())) + " |")
    p()
    first_pss = results[0]["peak_pss_mib"] if results else 0
    for r in results:
        # the goals of issue 15 (every probe, 1 s politeness, 2 cores)
        minutes = 1000 / r["targets_per_min"] if r["targets_per_min"] else float("inf")
        raw_ms = (r.get("raw") or {}).get("cpu_ms_per_page")
        times_raw = f"{r['cpu_ms_per_page'] / raw_ms:.1f}x raw" if raw_ms else "raw not run"
        growth = (f", {100 * (r['peak_pss_mib'] / first_pss - 1):+.0f}% on N={results[0]['n']}"
                  if first_pss and r is not results[0] else "")
        p(f"N={r['n']}: {r['targets_per_min']} targets/min, 1,000 would take {minutes:.0f} min "
          f"(goal: at least 35/min, under 30 min); CPU per page {times_raw} (goal: at most 2x); "
          f"CPU per target {r['cpu_ms_per_target'] / 1000:.2f} s (goal: at most 3.2); peak PSS "
          f"{r['peak_pss_mib'] / 1024:.2f} GiB{growth} (goal: under 2, at most +10% from N=200 "
          "to 1,000)")
    p()
    signals = [s for s in KEY_SIGNALS if any(s in r["agreement"] for r in results)]
    signals += sorted({s for r in results for s in r["agreement"]} - set(signals))
    p("Agreement with the ground truth (correct / services):")
    p("| signal | " + " | ".join(f"N={r['n']}" for r in results) + " |")
    p("|---|" + "---|" * len(results))
    for s in signals:
        cells = []
        for r in results:
            st = r["agreement"].get(s)
            cells.append(f"{st['pct']}% ({st['correct']}/{st['n']})" if st else "-")
        p(f"| {s} | " + " | ".join(cells) + " |")
    p()
    for r in results:
        raw = r.get("raw") or {}
        p(f"N={r['n']}: CPU by process kind (s, sampled): {r['cpu_by_kind']}; auditor Python "
          f"{r['python_cpu_seconds']} s; synthetic server {r['server_cpu_seconds']} s; "
          f"CPU use {r['cpu_util']:.0%} of {os.cpu_count()} cores; raw: {raw.get('cpu_by_kind')}")
        p(f"N={r['n']}: other work on the machine meanwhile: {r['other_load_cores']} cores "
          f"during the sweep, {raw.get('other_load_cores', '-')} during the raw replay")
        if r.get("phases"):
            p(f"N={r['n']}: phases (total s, calls, ms per target):")
            for k, v in r["phases"].items():
                p(f"    {k:<34} {v['total_s']:>8} s {v['calls']:>7} {v['ms_per_target']:>9} ms")
        if r.get("judge_seconds") is not None or r.get("judge_error"):
            p(f"N={r['n']}: judge + render {r['judge_seconds'] and round(r['judge_seconds'], 1)} s"
              f"{'; error: ' + r['judge_error'] if r.get('judge_error') else ''}")
        p(f"N={r['n']}: run folder {r['folder']} (mismatches.csv lists {r['mismatches']} "
          "disagreements)")


def sample_evenly(items: list, limit: int) -> list:
    """At most ``limit`` items spread evenly over the list, in order (all of them if it fits)."""
    if limit <= 0 or len(items) <= limit:
        return list(items)
    step = len(items) / limit
    return [items[int(i * step)] for i in range(limit)]


# -- main -------------------------------------------------------------------------------------

def parse_args(argv: list[str] | None) -> argparse.Namespace:
    from auditor.options import (
        default_concurrency,
        default_memory_budget_mb,
        default_render_concurrency,
    )

    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--n", default="50,200,1000", help="comma-separated web sizes")
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--probes", default="", help="comma-separated probes (default: all there are)")
    p.add_argument("--concurrency", type=int, default=default_concurrency(),
                   help="targets open at once (default %(default)s)")
    p.add_argument("--render-concurrency", type=int, default=default_render_concurrency(),
                   help="pages rendering at once (default %(default)s)")
    p.add_argument("--memory-budget", type=int, default=default_memory_budget_mb(), metavar="MB",
                   help="no new target starts while the sweep holds more memory (default "
                        "%(default)s; 0: no limit)")
    p.add_argument("--delay", type=float, default=1.0,
                   help="politeness delay per host, seconds (default %(default)s)")
    p.add_argument("--no-screenshots", action="store_true")
    p.add_argument("--archive", choices=["none", "pages", "all"], default="pages",
                   help="web archive per target, as the sweep's --archive (default: pages)")
    p.add_argument("--a11y", action="store_true",
                   help="axe-core on the terms, report and complaints pages (as `auditor sweep "
                        "--a11y`; off by default, as in a sweep)")
    p.add_argument("--no-raw", action="store_true", help="skip the raw-Playwright replay")
    p.add_argument("--raw-workers", type=int, default=0,
                   help="raw-Playwright workers (default: --render-concurrency)")
    p.add_argument("--raw-frame", action="store_true",
                   help="the raw replay waits for each page's first frame after its load (a "
                        "page drawn, as every page an audit reads is; raw alone never draws one)")
    p.add_argument("--raw-max-pages", type=int, default=1500,
                   help="replay at most this many of the sweep's page visits, evenly spaced "
                        "through its log (the rate, not the total, is compared; default "
                        "%(default)s)")
    p.add_argument("--judge", action="store_true", help="also time judging and the report")
    p.add_argument("--via", choices=["auto", "host_map", "proxy"], default="auto",
                   help="how the browser reaches the synthetic hosts (auto: a host map up to "
                        "2,000 services, else the server as an HTTP proxy)")
    p.add_argument("--cprofile", action="store_true", help="profile the auditor's Python")
    p.add_argument("--phase-timings", action="store_true",
                   help="time the phases of a target (waits, renders, screenshots, parsing)")
    p.add_argument("--child-setup", default=None, metavar="FILE",
                   help="a Python file run in the sweep child first, to try a change to the "
                        "core (monkeypatch) without editing it")
    p.add_argument("--sample-interval", type=float, default=1.0, help="PSS sampling, seconds")
    p.add_argument("--workdir", default=None, help="where run folders go (default: a temp dir)")
    p.add_argument("--json", default=None, help="also write all figures to this JSON file")
    a = p.parse_args(argv)
    a.ns = [int(x) for x in a.n.split(",") if x.strip()]
    a.probe_list = [x.strip() for x in a.probes.split(",") if x.strip()]
    if a.sample_interval < 1.0:
        p.error("--sample-interval must be at least 1 s (faster sampling slows the run)")
    return a


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--child"]:
        cfg = json.loads(Path(argv[2]).read_text(encoding="utf-8"))
        return child_sweep(cfg) if argv[1] == "sweep" else child_raw(cfg)
    a = parse_args(argv)
    from auditor.demo import synthetic as syn

    work = Path(a.workdir) if a.workdir else Path(tempfile.mkdtemp(prefix="sweep-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    results = []
    with syn.spawn(max(a.ns), a.seed) as server:
        for n in a.ns:
            results.append(bench_one(n, server, a, work))
            if a.json:
                Path(a.json).write_text(json.dumps({"args": _args_dict(a), "results": results},
                                                   indent=1), encoding="utf-8")
    print_report(results, a)
    return 0


def _args_dict(a: argparse.Namespace) -> dict:
    return {k: v for k, v in vars(a).items() if k not in ("ns",)}


if __name__ == "__main__":
    sys.exit(main())
