"""Report benchmark: how long ``auditor report`` takes on a sweep of N services.

Builds two synthetic run folders a week apart (``tests/report_fixtures/build.py``: what a sweep
writes, with screenshots, thumbnails, quotes and a hostile target; the second run has ~20% of
services regressing on one measure), renders the later one with the comparison, and prints wall
and CPU seconds per stage, the pages written and the size of the index.  Not a timed test
(``tests/test_reports.py`` checks the same render for correctness at N = 1,000).

    .venv/bin/python benchmarks/report_benchmark.py --n 200,1000
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
for extra in (ROOT, ROOT / "tests"):
    if str(extra) not in sys.path:
        sys.path.insert(0, str(extra))


def one(n: int, work: Path) -> dict:
    from report_fixtures.build import Changes, build_run

    import reports

    t0 = time.monotonic()
    build_run(work / f"old-{n}", n=n, started_at="2026-11-16T09:00:00Z")
    new = build_run(work / f"new-{n}", n=n, started_at="2026-11-23T09:00:00Z",
                    changes=Changes(statuses={(f"svc-{i:04d}", "ICU D1"): "not_met"
                                              for i in range(1, max(2, n // 5))}))
    built = time.monotonic() - t0
    res = reports.render(new)
    return {"n": n, "build_s": built, "wall_s": res.seconds, "cpu_s": res.cpu_seconds,
            "pages": res.pages, "regressions": res.regressions,
            "index_kib": res.index.stat().st_size / 1024, "stages": res.cpu_timings}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--n", default="200,1000", help="comma-separated numbers of services")
    p.add_argument("--workdir", default=None, help="where the run folders go (default: temp)")
    a = p.parse_args(argv)
    work = Path(a.workdir or tempfile.mkdtemp(prefix="report-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    load = os.getloadavg()[0]
    print(f"Report benchmark: {os.cpu_count()} cores, load average {load:.2f} at the start")
    print("| N | render wall s | render CPU s | pages | index KiB | regressions | "
          "CPU by stage (s) |")
    print("|---|---|---|---|---|---|---|")
    try:
        for n in (int(x) for x in a.n.split(",") if x.strip()):
            r = one(n, work)
            stages = ", ".join(f"{k} {v:.2f}" for k, v in r["stages"].items())
            print(f"| {n} | {r['wall_s']:.2f} | {r['cpu_s']:.2f} | {r['pages']} | "
                  f"{r['index_kib']:.0f} | {r['regressions']} | {stages} |", flush=True)
    finally:
        if not a.workdir:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
