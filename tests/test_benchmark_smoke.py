"""The sweep benchmark runs end to end at a small N and produces its figures (not a timed test:
the real runs are ``make bench`` / ``benchmarks/sweep_benchmark.py``)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.browser


def test_benchmark_produces_its_figures_at_small_n(tmp_path):
    out = tmp_path / "bench.json"
    cmd = [sys.executable, str(ROOT / "benchmarks" / "sweep_benchmark.py"), "--n", "8",
           "--probes", "discovery", "--delay", "0.1", "--concurrency", "8",
           "--render-concurrency", "2", "--no-screenshots", "--phase-timings", "--raw-frame",
           "--workdir", str(tmp_path / "work"), "--json", str(out)]
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=240)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    assert "| N | sweep s | targets/min |" in proc.stdout
    assert "Politeness: 0.1 s between requests to one host" in proc.stdout
    data = json.loads(out.read_text())
    (r,) = data["results"]
    assert r["n"] == 8 and r["exit_code"] == 0
    assert r["targets_per_min"] > 0 and r["pages_per_s"] > 0 and r["browser_pages"] >= 8
    assert r["http_fetches"] > 0 and r["cpu_ms_per_page"] > 0
    assert 100 < r["peak_pss_mib"] < 4096 and r["pss_samples"] >= 1
    raw = r["raw"]
    assert raw["pages"] == raw["of_pages"] == r["browser_pages"]   # small N: every visit replayed
    assert raw["errors"] == 0 and raw["pages_per_s"] > 0
    assert raw["frame"] is True                 # each raw visit waited for its first frame
    assert r["ratio_rate"] > 0
    assert r["phases"]["render slot held"]["calls"] >= r["browser_pages"] - 1
    agree = r["agreement"]
    assert agree["outcome"]["n"] == 8 and agree["outcome"]["pct"] >= 75
    assert agree["discovery.terms_url"]["pct"] >= 75
    assert agree["discovery.bot_wall"]["pct"] == 100
    assert agree["discovery.geo_blocked"]["pct"] == 100
    assert r["outcomes"].get("bot_wall") == 1 and r["outcomes"].get("geo_blocked") == 1
    assert (Path(r["folder"]) / "mismatches.csv").exists()


def test_report_benchmark_prints_its_table_at_small_n():
    proc = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "report_benchmark.py"),
                           "--n", "15"], cwd=ROOT, capture_output=True, text=True, timeout=240)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    (row,) = [line for line in proc.stdout.splitlines() if line.startswith("| 15 |")]
    cells = [c.strip() for c in row.strip("|").split("|")]
    assert float(cells[1]) > 0 and float(cells[2]) > 0        # wall and CPU seconds measured
    assert int(cells[3]) > 15                                  # a page per service and more
    assert int(cells[5]) > 0 and "services" in cells[6]        # regressions found, stages timed
