"""Distributed sweeps end to end, with every part real: Debian's redis-server on a free port, the
bundled demo web on 127.0.0.1, ``auditor worker`` processes (Celery, one browser each) and the
``auditor sweep --broker`` collector.  A few demo services and a short politeness delay keep
each test to a minute or two.  Workers lost mid-target: test_distributed_recovery.py."""

from __future__ import annotations

import contextlib
import json
import signal
import threading
import time

import pytest
from worker_kit import PASSWORD, Worker, _collector, _observations, _resolve, _wait_text

from auditor.cli import main
from auditor.demo import DemoWeb
from auditor.store import Store

pytestmark = pytest.mark.browser


def _record_traffic(server) -> list[str]:
    """Every command Redis receives from now on (MONITOR), as text, in a list that fills as the
    test runs."""
    seen: list[str] = []

    def listen():
        import redis

        with contextlib.suppress(redis.ConnectionError):     # the server stops at the end
            with server.client().monitor() as m:
                for command in m.listen():
                    seen.append(str(command.get("command", "")))

    threading.Thread(target=listen, daemon=True).start()
    time.sleep(0.5)
    return seen


def test_two_workers_give_a_local_sweeps_signals_and_the_collector_resumes(tmp_path, fleet):
    server, workers = fleet
    services = ["seekwell", "pinechan", "quietforum"]     # quietforum: test accounts, forms
    with DemoWeb(services) as web:
        targets = web.write_targets(tmp_path / "targets.csv")
        secrets = web.write_secrets(tmp_path / "secrets.toml")
        # a few pages at once, as each worker below: the suite's other groups share the cores
        common = ["--delay", "0.25", "--progress", "log", "--concurrency", "3",
                  "--render-concurrency", "2", *_resolve(web)]
        assert main(["sweep", str(targets), "--out", str(tmp_path / "local"), *common,
                     "--secrets", str(secrets)]) == 0
        broker_traffic = _record_traffic(server)
        out = tmp_path / "dist"
        args = ["sweep", str(targets), "--out", str(out), "--broker", server.url, *common]
        # the collector sends the tasks, then is stopped before any worker runs
        first = _collector(args, tmp_path / "collector-1.log")
        _wait_text(tmp_path / "collector-1.log", "target(s) sent to queue")
        first.send_signal(signal.SIGINT)
        assert first.wait(60) == 130
        assert "continue with --resume" in (tmp_path / "collector-1.log").read_text()
        # worker a takes one target; stopped with SIGTERM, it finishes that target first
        a = Worker(server.url, "worker-a", tmp_path, "--concurrency", "1", "--secrets",
                   str(secrets))
        workers.append(a)
        a.wait_for(": auditing (delivery 1)")
        b = Worker(server.url, "worker-b", tmp_path, "--concurrency", "2", "--secrets",
                   str(secrets))
        workers.append(b)
        b.wait_for("queue osa-auditor")
        a.proc.send_signal(signal.SIGTERM)
        assert a.proc.wait(180) == 0, a.text()
        assert ": ok in" in a.text() and "stopped (exit 0)" in a.text()
        again = _collector([*args, "--resume"], tmp_path / "collector-2.log")
        assert again.wait(300) == 0, (tmp_path / "collector-2.log").read_text()
        said = (tmp_path / "collector-2.log").read_text()
    assert "0 target(s) sent" in said and "3 sent by an earlier start" in said, said
    # the test accounts' secrets (and the accounts the signup probe made, masked like them)
    # never went through the broker: tasks carry the accounts key, evidence is masked first
    from auditor.secrets import load_secrets, secret_values

    traffic = "\n".join(broker_traffic)
    assert "quietforum" in traffic and len(traffic) > 100_000      # the results went through
    values = secret_values(load_secrets(secrets))
    assert not [v for v in values if v in traffic]
    # ... nor in the evidence files, which travelled in base64 (masked on the worker)
    texts = [p.read_text(errors="replace") for p in (out / "evidence").rglob("*")
             if p.suffix in (".txt", ".html", ".json", ".csv")]
    assert len(texts) > 10 and not [v for v in values for t in texts if v in t]
    meta = json.loads((out / "run.json").read_text())
    by = {t["id"]: t["worker"] for t in meta["targets"]}
    assert sorted(by) == sorted(services)
    assert "worker-a" in by.values() and "worker-b" in by.values(), by
    assert meta["distributed"]["broker"].startswith("redis://:***@127.0.0.1:")
    assert PASSWORD not in (out / "run.json").read_text()
    assert meta["distributed"]["duplicates_dropped"] == 0
    assert meta["browser"]["version"]
    local, dist = _observations(tmp_path / "local"), _observations(out)
    assert len(dist) > 100 and dist.keys() == local.keys()
    differ = {k: (local[k], dist[k]) for k in local if local[k] != dist[k]}
    assert not differ, differ
    # every evidence file arrived whole: the run folder verifies, manifest and web archives
    assert main(["verify", str(out)]) == 0
    assert {p.name for p in (out / "evidence").iterdir() if p.is_dir()} == set(services)
    assert (out / "report" / "index.html").is_file()
    store = Store(out / "run.db")
    try:
        assert {t: w for t, (w, _) in store.workers().items()} == by
        assert all(d == 1 for _, d in store.workers().values())
    finally:
        store.close()


def test_a_result_over_the_size_limit_ends_as_error_with_the_fix(tmp_path, fleet):
    server, workers = fleet
    with DemoWeb(["pinechan"]) as web:
        targets = web.write_targets(tmp_path / "targets.csv")
        w = Worker(server.url, "worker-small", tmp_path, "--result-limit-mb", "0.1",
                   "--concurrency", "1")
        workers.append(w)
        w.wait_for("queue osa-auditor")
        code = main(["sweep", str(targets), "--out", str(tmp_path / "run"), "--broker",
                     server.url, "--delay", "0.25", "--progress", "none", *_resolve(web)])
    assert code == 1
    [row] = json.loads((tmp_path / "run" / "run.json").read_text())["targets"]
    assert row["outcome"] == "error"
    assert "over the limit of 0.1 MB" in row["reason"] and "--result-limit-mb" in row["reason"]
    assert not (tmp_path / "run" / "evidence" / "pinechan").exists()
