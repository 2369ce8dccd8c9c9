"""A sweep survives being killed (resume) and a browser that dies under it (restart)."""

from __future__ import annotations

import csv
import itertools
import json
import os
import signal
import subprocess
import sys
import threading
import time

import psutil
import pytest
from sitekit import Site, fast_options, page
from werkzeug.wrappers import Response

from auditor.signals import signals_of
from auditor.sweep import run_sweep
from auditor.targets import load_targets

pytestmark = pytest.mark.browser
NAMES = [f"svc{i}" for i in range(8)]


def slow_site(delay: float) -> Site:
    def home(req):
        time.sleep(delay)
        return Response(page("Home", "<p>A small service with enough words to read.</p>",
                             "<a href='/terms'>Terms</a>"), mimetype="text/html")
    routes = {"/": home, "/terms": page("Terms", "<p>Be 13.</p>")}
    return Site(hosts={f"{n}.test": routes for n in NAMES})


def rows_of(path):
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def test_resume_after_kill_loses_and_doubles_nothing(tmp_path, targets_csv):
    path = targets_csv([{"id": n, "name": n, "url": f"http://{n}.test/"} for n in NAMES])
    out = tmp_path / "run"
    with slow_site(0.8) as site:
        resolve = [a for n in NAMES for a in ("--resolve", f"{n}.test=127.0.0.1:{site.port}")]
        cmd = [sys.executable, "-m", "auditor.cli", "sweep", str(path), "--out", str(out),
               "--probes", "discovery", "--delay", "0.1", "--concurrency", "2",
               "--progress", "log", *resolve]
        proc = subprocess.Popen(cmd, stderr=subprocess.PIPE, text=True,
                                start_new_session=True)
        finished = []
        for line in proc.stderr:                 # wait until two targets are stored
            if "]" in line and ": ok" in line:
                finished.append(line.split("]")[1].split(":")[0].strip())
            if len(finished) >= 2:
                break
        os.killpg(proc.pid, signal.SIGKILL)    # the sweep and its browser, at once
        proc.wait()
        before = {h.host.split(":")[0] for h in site.hits if h.path == "/"}
        site.hits.clear()
        again = subprocess.run(cmd + ["--resume"], capture_output=True, text=True, timeout=300)
        assert again.returncode == 0, again.stderr[-2000:]
        revisited = {h.host.split(":")[0] for h in site.hits if h.path == "/"}
    assert len(before) >= 2
    for done in finished:                       # finished targets were not visited again
        assert f"{done}.test" not in revisited
    rows = rows_of(out / "observations.csv")
    keys = [(r["target_id"], r["signal"]) for r in rows]
    assert len(keys) == len(set(keys)) == len(NAMES) * len(signals_of("discovery"))
    run = json.loads((out / "run.json").read_text())
    assert {t["outcome"] for t in run["targets"]} == {"ok"}
    assert "resuming: " in again.stderr


def test_a_browser_killed_mid_sweep_is_restarted(tmp_path, targets_csv):
    path = targets_csv([{"id": n, "name": n, "url": f"http://{n}.test/"} for n in NAMES])
    targets = load_targets(path)
    me = psutil.Process()
    killed = []

    def killer():
        # once the sweep is visiting (the browser is started before any target is), not at a
        # fixed time: on a loaded machine 3 s can fall inside the launch, whose own retry is
        # no restart
        deadline = time.monotonic() + 120
        while not site.hits and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(0.3)
        for child in me.children(recursive=True):
            try:                           # a helper process may end between list and look
                if "chrom" in child.name().lower():
                    child.kill()
                    killed.append(child.pid)
            except psutil.NoSuchProcess:
                pass

    with slow_site(0.5) as site:
        threading.Thread(target=killer, daemon=True).start()
        out = tmp_path / "run"
        code, outcomes = run_sweep(
            targets, fast_options(host_map=site.host_map, concurrency=2), out,
            targets_file=path.name, targets_sha256="x", judge_and_render=False)
    assert killed, "the test did not find the browser to kill"
    run = json.loads((out / "run.json").read_text())
    assert run["browser"]["restarts"] >= 1
    assert set(outcomes) == set(NAMES)
    assert list(outcomes.values()).count("ok") >= len(NAMES) - 1
    rows = rows_of(out / "observations.csv")
    assert len(rows) == len(NAMES) * len(signals_of("discovery"))


def test_a_browser_that_dies_while_starting_is_launched_again(tmp_path, targets_csv,
                                                              monkeypatch):
    import auditor.runner as runner

    real, calls = runner.launch, []

    async def flaky(*a, **kw):
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("Target page, context or browser has been closed")
        return await real(*a, **kw)

    monkeypatch.setattr(runner, "launch", flaky)
    path = targets_csv([{"id": "svc0", "name": "svc0", "url": "http://svc0.test/"}])
    with slow_site(0.0) as site:
        code, outcomes = run_sweep(
            load_targets(path), fast_options(host_map=site.host_map), tmp_path / "run",
            targets_file=path.name, targets_sha256="x", judge_and_render=False)
    assert len(calls) == 2 and outcomes == {"svc0": "ok"} and code == 0


def test_over_its_memory_budget_a_sweep_audits_one_target_at_a_time_and_loses_none(
        tmp_path, targets_csv):
    """A budget the sweep is always over: each new target waits for the open one to finish
    (none is held for ever, none is lost), and run.json says so."""
    from datetime import datetime

    names = NAMES[:4]
    path = targets_csv([{"id": n, "name": n, "url": f"http://{n}.test/"} for n in names])
    with slow_site(0.3) as site:
        out = tmp_path / "run"
        code, outcomes = run_sweep(
            load_targets(path),
            fast_options(host_map=site.host_map, concurrency=4, memory_budget_mb=1), out,
            targets_file=path.name, targets_sha256="x", judge_and_render=False)
    assert outcomes == dict.fromkeys(names, "ok") and code == 0
    run = json.loads((out / "run.json").read_text())
    assert run["memory"]["budget_mib"] == 1 and run["memory"]["peak_mib"] > 100
    assert run["memory"]["times_held_back"] >= len(names) - 1
    spans = sorted((datetime.fromisoformat(t["started_at"]), datetime.fromisoformat(
        t["finished_at"])) for t in run["targets"])
    assert all(later[0] >= earlier[1] for earlier, later in itertools.pairwise(spans)), spans
