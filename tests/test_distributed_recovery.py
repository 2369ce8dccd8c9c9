"""Workers lost mid-target (SIGKILL of the worker and its browser, as a machine that dies):
nothing lost, nothing done twice, no form submitted twice, and a target that kills its worker
twice ends as ``error``.  Real Redis, real workers, the demo web (see worker_kit.py)."""

from __future__ import annotations

import json
import time

import pytest
from worker_kit import Worker, _collector, _resolve

from auditor.cli import main
from auditor.demo import DemoWeb
from auditor.store import Store

pytestmark = pytest.mark.browser


def test_a_worker_killed_mid_target_loses_nothing_and_no_form_is_sent_twice(tmp_path, fleet):
    server, workers = fleet
    with DemoWeb(["hive"]) as web:
        targets = web.write_targets(tmp_path / "targets.csv")
        assert "true" in targets.read_text()             # the row allows forms
        secrets = web.write_secrets(tmp_path / "secrets.toml")   # its test accounts
        out = tmp_path / "run"
        vt = ["--visibility-timeout", "60", "--secrets", str(secrets)]
        a = Worker(server.url, "worker-a", tmp_path, "--concurrency", "2", *vt)
        workers.append(a)
        a.wait_for("queue osa-auditor")
        collector = _collector(["sweep", str(targets), "--out", str(out), "--broker",
                                server.url, "--delay", "0.25", "--progress", "log",
                                *_resolve(web)], tmp_path / "collector.log")
        a.wait_for("hive: auditing (delivery 1)")
        time.sleep(3)                                     # well into the target
        a.kill()
        b = Worker(server.url, "worker-b", tmp_path, "--concurrency", "2", *vt)
        workers.append(b)
        b.wait_for("hive: auditing (delivery 2)", timeout=150)
        assert collector.wait(300) == 0, (tmp_path / "collector.log").read_text()
    meta = json.loads((out / "run.json").read_text())
    [row] = meta["targets"]
    assert row["outcome"] == "ok" and row["worker"] == "worker-b"
    assert row["reason"].startswith("redelivered (delivery 2")
    store = Store(out / "run.db")
    try:
        assert store.workers() == {"hive": ("worker-b", 2)}
        notes = {o.signal: o.note for _, o in store.observations()}
    finally:
        store.close()
    # the first delivery may have submitted the sign-up forms: the second did not try again
    assert notes["signup.underage_outcome"].startswith("redelivered: form steps skipped")
    assert main(["verify", str(out)]) == 0


def test_a_target_that_kills_its_worker_twice_ends_as_error(tmp_path, fleet):
    server, workers = fleet
    with DemoWeb(["quietforum"]) as web:
        targets = web.write_targets(tmp_path / "targets.csv")
        secrets = web.write_secrets(tmp_path / "secrets.toml")
        out = tmp_path / "run"
        opts = ["--visibility-timeout", "25", "--secrets", str(secrets), "--concurrency", "1"]
        collector = _collector(["sweep", str(targets), "--out", str(out), "--broker",
                                server.url, "--delay", "0.25", "--progress", "log",
                                *_resolve(web)], tmp_path / "collector.log")
        for n, name in ((1, "worker-a"), (2, "worker-b")):
            w = Worker(server.url, name, tmp_path, *opts)
            workers.append(w)
            w.wait_for(f"quietforum: auditing (delivery {n})", timeout=120)
            w.kill()
        c = Worker(server.url, "worker-c", tmp_path, *opts)
        workers.append(c)
        assert collector.wait(240) == 1, (tmp_path / "collector.log").read_text()
    [row] = json.loads((out / "run.json").read_text())["targets"]
    assert row["outcome"] == "error" and row["worker"] == "worker-c"
    assert row["reason"].startswith("delivered 3 times"), row["reason"]
    assert "quietforum: delivered 3 times" in c.text()
