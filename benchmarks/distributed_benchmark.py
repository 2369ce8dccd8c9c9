"""Distributed-sweep benchmark (issue 16): one machine, the synthetic web, a local sweep against
the same sweep spread over one and over two ``auditor worker`` processes on a local Redis, at the
same total concurrency (two workers get half each).

For each mode it prints targets per minute, CPU seconds per target (every process: collector or
sweep, workers, browsers, Redis), the engine's own share (the collector's and Redis's CPU, and the
bytes that went through Redis, per target), each worker's peak memory (PSS of its process tree),
and whether every outcome matched the local sweep's.

    .venv/bin/python benchmarks/distributed_benchmark.py --n 100 --json dist.json

Needs ``redis-server`` on the PATH and the ``distributed`` extra (``make test`` installs both).
It is a benchmark, not a test: its figures are for benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from sweep_benchmark import TreeSampler, become_subreaper, reap_orphans  # noqa: E402


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _cpu(rusage) -> float:
    return rusage.ru_utime + rusage.ru_stime


def _wait(proc: subprocess.Popen, timeout: float | None = None) -> tuple[int, float]:
    """Wait for a child; (exit code, CPU seconds of it and every descendant it reaped)."""
    end = None if timeout is None else time.monotonic() + timeout
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            proc.returncode = os.waitstatus_to_exitcode(status)
            return proc.returncode, _cpu(usage)
        if end is not None and time.monotonic() > end:
            raise TimeoutError(f"pid {proc.pid} still running")
        time.sleep(0.1)


def _auditor(*args: str, log: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "auditor.cli", *args], cwd=ROOT,
                            stdout=open(log, "w"), stderr=subprocess.STDOUT)


class Redis:
    def __init__(self, folder: Path):
        self.port = _free_port()
        self.proc = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--dir", str(folder)], stdout=subprocess.DEVNULL)
        self.url = f"redis://127.0.0.1:{self.port}/0"
        import redis

        self.client = redis.Redis.from_url(self.url)
        for _ in range(100):
            try:
                self.client.ping()
                break
            except redis.ConnectionError:
                time.sleep(0.05)

    def net_bytes(self) -> int:
        info = self.client.info("stats")
        return int(info["total_net_input_bytes"]) + int(info["total_net_output_bytes"])

    def stop(self) -> float:
        self.proc.terminate()
        return _wait(self.proc, 30)[1]


def _outcomes(run: Path) -> dict[str, str]:
    meta = json.loads((run / "run.json").read_text(encoding="utf-8"))
    return {t["id"]: t["outcome"] for t in meta["targets"]}


def bench_mode(workers: int, n: int, targets: Path, resolve: list[str], a, work: Path) -> dict:
    """workers 0: a local sweep; else a collector and that many workers on a fresh Redis."""
    name = "local" if workers == 0 else f"{workers} worker{'s' if workers > 1 else ''}"
    folder = work / name.replace(" ", "-")
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    common = ["--delay", str(a.delay), "--progress", "log", "--archive", a.archive, *resolve]
    if a.probes:
        common += ["--probes", a.probes]
    print(f"[{name}] sweeping {n} synthetic services ...", file=sys.stderr, flush=True)
    out = folder / "run"
    before = resource.getrusage(resource.RUSAGE_CHILDREN)

    def all_cpu() -> float:
        """Every process of this mode, browsers' orphaned helpers included (adopted: this
        process is their subreaper), once all have ended."""
        reap_orphans(3.0)
        return _cpu(resource.getrusage(resource.RUSAGE_CHILDREN)) - _cpu(before)

    if workers == 0:
        t0 = time.monotonic()
        sweep = _auditor("sweep", str(targets), "--out", str(out), "--concurrency",
                         str(a.concurrency), "--render-concurrency", str(a.render_concurrency),
                         *common, log=folder / "sweep.log")
        sampler = TreeSampler(sweep.pid, 2.0)
        sampler.start()
        code, _ = _wait(sweep)
        sampler.stop()
        wall = time.monotonic() - t0
        cpu = all_cpu()
        return {"mode": name, "exit": code, "seconds": round(wall, 1),
                "targets_per_min": round(60 * n / wall, 1),
                "cpu_s_per_target": round(cpu / n, 2), "engine_cpu_s_per_target": 0.0,
                "broker_kb_per_target": 0.0, "peak_pss_mib": [round(sampler.peak_mib)],
                "outcomes": _outcomes(out)}
    redis = Redis(folder)
    procs, samplers = [], []
    each_c = max(1, a.concurrency // workers)
    each_r = max(1, a.render_concurrency // workers)
    for i in range(workers):
        w = _auditor("worker", "--broker", redis.url, "--name", f"bench-{i}", "--concurrency",
                     str(each_c), "--render-concurrency", str(each_r),
                     log=folder / f"worker-{i}.log")
        procs.append(w)
    for i in range(workers):
        log = folder / f"worker-{i}.log"
        while "queue osa-auditor" not in log.read_text(errors="replace"):
            if procs[i].poll() is not None:
                raise RuntimeError(f"worker {i} exited; see {log}")
            time.sleep(0.2)
        s = TreeSampler(procs[i].pid, 2.0)
        s.start()
        samplers.append(s)
    bytes0 = redis.net_bytes()
    t0 = time.monotonic()
    collector = _auditor("sweep", str(targets), "--out", str(out), "--broker", redis.url,
                         *common, log=folder / "collector.log")
    code, collector_cpu = _wait(collector)
    wall = time.monotonic() - t0
    through = redis.net_bytes() - bytes0
    worker_cpu = 0.0
    for w, s in zip(procs, samplers, strict=True):
        s.stop()
        w.send_signal(signal.SIGTERM)
        worker_cpu += _wait(w, 300)[1]
    redis_cpu = redis.stop()
    cpu = max(all_cpu(), collector_cpu + worker_cpu + redis_cpu)
    return {"mode": name, "exit": code, "seconds": round(wall, 1),
            "targets_per_min": round(60 * n / wall, 1),
            "cpu_s_per_target": round(cpu / n, 2),
            "engine_cpu_s_per_target": round((collector_cpu + redis_cpu) / n, 3),
            "collector_cpu_s_per_target": round(collector_cpu / n, 3),
            "redis_cpu_s_per_target": round(redis_cpu / n, 3),
            "broker_kb_per_target": round(through / n / 1000, 1),
            "peak_pss_mib": [round(s.peak_mib) for s in samplers],
            "per_worker": f"{each_c} targets, {each_r} pages at once",
            "outcomes": _outcomes(out)}


def print_table(rows: list[dict], a, n: int) -> None:
    local = rows[0]["outcomes"] if rows and rows[0]["mode"] == "local" else {}
    print(f"\nN = {n} synthetic services, every probe, delay {a.delay:g} s, archive "
          f"{a.archive}, {a.concurrency} targets and {a.render_concurrency} pages at once in "
          f"all (two workers: half each), {os.cpu_count()} cores\n")
    print("| mode | targets/min | CPU s/target | engine CPU s/target (collector + Redis) | "
          "in and out of Redis kB/target | peak PSS MiB (per worker) | outcomes as local |")
    print("|---|---|---|---|---|---|---|")
    for r in rows:
        same = (sum(1 for k, v in r["outcomes"].items() if local.get(k) == v)
                if local else "-")
        print(f"| {r['mode']} | {r['targets_per_min']} | {r['cpu_s_per_target']} | "
              f"{r['engine_cpu_s_per_target']} | {r['broker_kb_per_target']} | "
              f"{', '.join(str(x) for x in r['peak_pss_mib'])} | {same} of {n} |")


def main(argv: list[str] | None = None) -> int:
    from auditor.demo import synthetic as syn
    from auditor.options import default_concurrency, default_render_concurrency

    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--n", type=int, default=100)
    p.add_argument("--modes", default="0,1,2", help="worker counts; 0 is a local sweep")
    p.add_argument("--delay", type=float, default=1.0)
    p.add_argument("--archive", default="pages")
    p.add_argument("--probes", default="", help="comma-separated probes (default all)")
    p.add_argument("--concurrency", type=int, default=default_concurrency())
    p.add_argument("--render-concurrency", type=int, default=default_render_concurrency())
    p.add_argument("--workdir", default=None)
    p.add_argument("--json", default=None)
    a = p.parse_args(argv)
    if shutil.which("redis-server") is None:
        print("redis-server is not installed. Fix: sudo apt-get install -y redis-server",
              file=sys.stderr)
        return 2
    become_subreaper()
    work = Path(a.workdir) if a.workdir else Path(tempfile.mkdtemp(prefix="dist-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    rows = []
    with syn.spawn(a.n) as server:
        services = server.services[:a.n]
        paths = syn.write_truth(services, work / "input")
        resolve = [f for h, (ip, port) in syn.host_map(services, server.port).items()
                   for f in ("--resolve", f"{h}={ip}:{port}")]
        for workers in (int(x) for x in a.modes.split(",")):
            server.control("reset")
            rows.append(bench_mode(workers, a.n, paths["targets"], resolve, a, work))
            if a.json:
                Path(a.json).write_text(json.dumps(rows, indent=1), encoding="utf-8")
    print_table(rows, a, a.n)
    return 0


if __name__ == "__main__":
    sys.exit(main())
