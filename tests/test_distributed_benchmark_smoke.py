"""The distributed benchmark runs end to end at a small N (a local sweep and one worker on a
real Redis) and prints its table (not a timed test: benchmarks/distributed_benchmark.py)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.browser


def test_distributed_benchmark_prints_its_table_at_small_n(tmp_path):
    out = tmp_path / "dist.json"
    cmd = [sys.executable, str(ROOT / "benchmarks" / "distributed_benchmark.py"), "--n", "4",
           "--modes", "0,1", "--probes", "terms", "--delay", "0.1", "--concurrency", "4",
           "--render-concurrency", "2", "--workdir", str(tmp_path / "work"), "--json", str(out)]
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=400)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    assert "| mode | targets/min | CPU s/target |" in proc.stdout
    local, one = json.loads(out.read_text())
    assert (local["mode"], one["mode"]) == ("local", "1 worker")
    assert local["exit"] == one["exit"] and one["outcomes"] == local["outcomes"]
    assert len(one["outcomes"]) == 4
    assert one["targets_per_min"] > 0 and one["cpu_s_per_target"] > 0
    assert one["broker_kb_per_target"] > 1          # the results travelled through Redis
    assert one["engine_cpu_s_per_target"] > 0 and len(one["peak_pss_mib"]) == 1
    assert "| 1 worker |" in proc.stdout and "4 of 4" in proc.stdout
