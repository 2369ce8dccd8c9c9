"""Distributed sweeps without a browser: the broker URL, a result's journey (hashes, size limit,
paths), the options a task carries, a worker's refusals, and the collector's failures (broker
down at start or lost mid-run, --sweep-timeout) against a real Redis."""

from __future__ import annotations

import base64
import hashlib
import json
import subprocess
import sys
import time
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from redis_kit import RedisServer, free_port

from auditor import __version__
from auditor.broker import BrokerError, catalogue_edition, check_url, masked, task_cap
from auditor.model import Evidence, Observation, TargetResult
from auditor.options import SweepOptions
from auditor.result_pack import ResultRejected, ResultTooLarge, pack, unpack

REPO = Path(__file__).resolve().parents[1]


def _auditor(*args, env=None, timeout=120):
    return subprocess.run([sys.executable, "-m", "auditor.cli", *args], capture_output=True,
                          text=True, cwd=REPO, timeout=timeout, env=env)


# -- the broker URL --------------------------------------------------------------------------

def test_broker_url_is_shown_without_its_password():
    assert masked("redis://:s3cret@10.0.0.5:6379/0") == "redis://:***@10.0.0.5:6379/0"
    assert masked("rediss://ops:s3cret@r.internal:6380/2") == "rediss://ops:***@r.internal:6380/2"
    assert masked("redis://127.0.0.1:6379/0") == "redis://127.0.0.1:6379/0"


def test_broker_url_checks_scheme_and_host_and_asks_tls_verification():
    with pytest.raises(BrokerError, match="not a redis:// or rediss://") as e:
        check_url("amqp://:pw@host:5672//")
    assert "pw" not in str(e.value)
    with pytest.raises(BrokerError, match="no host name"):
        check_url("redis://:pw@:6379/0")
    assert "ssl_cert_reqs=required" in check_url("rediss://:pw@r.internal:6380/0")
    assert check_url("rediss://r:6380/0?ssl_cert_reqs=none").endswith("ssl_cert_reqs=none")


def test_a_task_always_ends_before_its_visibility_timeout():
    assert task_cap(3600) == 3540
    assert task_cap(40) == 30
    assert all(0 < task_cap(v) < v for v in (20, 60, 240, 100000))


# -- a result's journey ------------------------------------------------------------------------

def _audited(tmp_path: Path, tid: str = "svc", *, sizes=(20_000,), archive: int = 0):
    """A run folder with one audited target: its files, evidence rows and result."""
    folder = tmp_path / "evidence" / tid
    folder.mkdir(parents=True)
    rows = []
    for i, n in enumerate(sizes):
        data = bytes((i * 7 + j) % 251 for j in range(n))
        (folder / f"{tid}-capture-{i:03d}.bin").write_bytes(data)
        rows.append(Evidence(f"{tid}-capture-{i:03d}", f"evidence/{tid}/{tid}-capture-{i:03d}.bin",
                             hashlib.sha256(data).hexdigest(), "x", "http://a.test/", "capture",
                             "2026-12-07T00:00:00.000Z", "http", tid))
    if archive:
        data = b"W" * archive
        (folder / f"{tid}-archive.wacz").write_bytes(data)
        rows.append(Evidence(f"{tid}-archive", f"evidence/{tid}/{tid}-archive.wacz",
                             hashlib.sha256(data).hexdigest(), "x", "http://a.test/", "archive",
                             "2026-12-07T00:00:00.000Z", "browser", tid))
    result = TargetResult(tid, "ok", "", "2026-12-07T00:00:00.000Z", "2026-12-07T00:01:00.000Z",
                          3, 1000, [Observation("terms", "terms.reachable_logged_out", True, 0.9,
                                                "", "http://a.test/terms",
                                                [rows[0].evidence_id])],
                          {"terms": 1.5})
    return result, rows


def test_a_result_arrives_whole_with_its_files_checked(tmp_path):
    src, dest = tmp_path / "worker", tmp_path / "collector"
    result, rows = _audited(src, sizes=(20_000, 5))
    payload, notes = pack(src, result, rows, limit=10_000_000, extra={"worker": "w1"})
    assert notes == []
    payload = json.loads(json.dumps(payload))            # what the broker carries
    got, evidence = unpack(payload, dest, "svc")
    assert got == result and evidence == rows
    for e in rows:
        assert (dest / e.path).read_bytes() == (src / e.path).read_bytes()


def test_a_damaged_file_or_a_path_outside_the_target_is_refused_and_nothing_written(tmp_path):
    result, rows = _audited(tmp_path / "w")
    payload, _ = pack(tmp_path / "w", result, rows, limit=10_000_000)
    bad = json.loads(json.dumps(payload))
    data = bytearray(base64.b64decode(bad["files"][0]["data"]))
    data[100] ^= 1
    bad["files"][0]["data"] = base64.b64encode(bytes(data)).decode()
    with pytest.raises(ResultRejected, match="damaged on the way"):
        unpack(bad, tmp_path / "c", "svc")
    assert not (tmp_path / "c" / "evidence").exists()
    for path in ("evidence/other/x.bin", "evidence/svc/../../run.json", "/etc/passwd",
                 "evidence/svc"):
        evil = json.loads(json.dumps(payload))
        evil["files"][0]["path"] = path
        with pytest.raises(ResultRejected):
            unpack(evil, tmp_path / "c", "svc")
    assert not (tmp_path / "c" / "run.json").exists()
    with pytest.raises(ResultRejected, match="expected 'other'"):
        unpack(payload, tmp_path / "c", "other")


def test_over_the_size_limit_the_archive_goes_first_then_the_result_is_refused(tmp_path):
    result, rows = _audited(tmp_path, sizes=(10_000,), archive=300_000)
    payload, notes = pack(tmp_path, result, rows, limit=100_000)
    assert [f["path"].rsplit("/", 1)[1] for f in payload["files"]] == ["svc-capture-000.bin"]
    assert all(e["kind"] != "archive" for e in payload["evidence"])
    assert "web archive left out" in notes[0] and "0.1 MB" in notes[0]
    with pytest.raises(ResultTooLarge, match="over the limit of 0.0 MB.*--result-limit-mb"):
        pack(tmp_path, result, rows, limit=5_000)


# -- what a task carries -----------------------------------------------------------------------

def test_options_travel_as_json_and_come_back_equal():
    o = SweepOptions(host_map={"a.test": ("127.0.0.1", 8080)}, today=date(2026, 3, 1),
                     probes=("terms", "reporting"), signup_ages=(13, 30), proxy="http://p:3128",
                     timeout_per_target=42.0)
    back = SweepOptions.from_json(json.loads(json.dumps(o.to_json())), concurrency=3)
    assert back == replace(o, concurrency=3)


# -- against a real Redis ----------------------------------------------------------------------

@pytest.fixture
def redis_server(tmp_path):
    server = RedisServer(tmp_path / "redis", password="pw-for-tests")
    yield server
    server.stop()


def _targets(tmp_path: Path, n: int = 2) -> Path:
    path = tmp_path / "targets.csv"
    lines = ["id,name,url"] + [f"t{i},Target {i},https://t{i}.example.org/" for i in range(n)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_broker_down_at_start_exits_2_naming_it_without_the_password(tmp_path):
    url = f"redis://:hunter22@127.0.0.1:{free_port()}/0"
    r = _auditor("sweep", str(_targets(tmp_path)), "--out", str(tmp_path / "run"),
                 "--broker", url)
    assert r.returncode == 2, r.stderr
    assert f"redis://:***@127.0.0.1:{url.rsplit(':', 1)[1]}" in r.stderr
    assert "hunter22" not in r.stderr + r.stdout
    assert "Fix:" in r.stderr and not (tmp_path / "run" / "run.db").exists()
    w = _auditor("worker", "--broker", url)
    assert w.returncode == 2 and "cannot reach the broker" in w.stderr
    assert "hunter22" not in w.stderr


def test_wrong_broker_password_and_a_browser_that_cannot_start_exit_2(tmp_path, redis_server):
    wrong = redis_server.url.replace("pw-for-tests", "nope")
    r = _auditor("worker", "--broker", wrong)
    assert r.returncode == 2 and "refused our password" in r.stderr and "nope" not in r.stderr
    import os

    env = {**os.environ, "AUDITOR_CHROMIUM": str(tmp_path / "no-such-chrome")}
    w = _auditor("worker", "--broker", redis_server.url, env=env)
    assert w.returncode == 2, w.stderr
    assert "the browser cannot start" in w.stderr and "takes no tasks" in w.stderr
    # it took none: nothing of ours was ever written to the broker
    assert not [k for k in redis_server.client().keys("*") if b"osa:" in k]


def test_sweep_timeout_ends_what_no_worker_took_as_timeout(tmp_path, redis_server):
    out = tmp_path / "run"
    t0 = time.monotonic()
    r = _auditor("sweep", str(_targets(tmp_path, 3)), "--out", str(out), "--broker",
                 redis_server.url, "--sweep-timeout", "3", "--progress", "log")
    assert r.returncode == 1, r.stderr
    assert time.monotonic() - t0 < 60
    meta = json.loads((out / "run.json").read_text())
    assert [t["outcome"] for t in meta["targets"]] == ["timeout"] * 3
    assert "--sweep-timeout of 3 s" in meta["targets"][0]["reason"]
    assert meta["distributed"]["broker"] == redis_server.url.replace("pw-for-tests", "***")
    assert "pw-for-tests" not in (out / "run.json").read_text()
    # the run is closed: a worker that takes one of its tasks later skips it
    run_id = meta["distributed"]["run_id"]
    assert redis_server.client().exists(f"osa:run:{run_id}:closed")
    verdicts = (out / "verdicts.csv").read_text()
    assert "t0" in verdicts


def test_collector_rides_out_a_broker_restart_and_says_so(tmp_path):
    server = RedisServer(tmp_path / "redis")
    proc = subprocess.Popen([sys.executable, "-m", "auditor.cli", "sweep",
                             str(_targets(tmp_path)), "--out", str(tmp_path / "run"),
                             "--broker", server.url, "--sweep-timeout", "12", "--progress", "log"],
                            cwd=REPO, stderr=subprocess.PIPE, text=True)
    try:
        time.sleep(4)
        server.stop()                                   # the broker goes away mid-run
        time.sleep(3)
        server2 = RedisServer(tmp_path / "redis2", port=server.port)   # back where it was
        try:
            _, err = proc.communicate(timeout=180)
        finally:
            server2.stop()
    finally:
        proc.kill()
    assert "lost" in err and "trying again" in err, err
    assert proc.returncode == 1, err
    meta = json.loads((tmp_path / "run" / "run.json").read_text())
    assert {t["outcome"] for t in meta["targets"]} == {"timeout"}


def test_a_worker_refuses_a_task_of_another_version_and_says_why(tmp_path, redis_server):
    from auditor.model import Target
    from auditor.store import target_row
    from auditor.worker import TaskHandler

    class NoBrowser:                    # the refusal must come before any audit
        secrets, secret_values, workdir = {}, set(), tmp_path

        def call(self, *_a, **_k):
            raise AssertionError("a refused task must not be audited")

    handler = TaskHandler(NoBrowser(), redis_server.url, concurrency=1, render_concurrency=1,
                          memory_budget_mb=0, secrets_file=None, visibility_timeout=60,
                          result_limit=1_000_000, name="w-test", log=sys.stderr)
    edition, digest = catalogue_edition()
    job = {"run_id": "r1", "tool_version": "0.0.9", "catalogue_edition": "2025-01-01",
           "catalogue_sha256": "0" * 64, "options": SweepOptions(probes=("terms",)).to_json(),
           "target": target_row(Target("svc", "Svc", "https://svc.example.org/"))}
    payload = handler.run(job)
    assert payload["result"]["outcome"] == "error"
    reason = payload["result"]["reason"]
    assert f"runs osa-auditor {__version__}" in reason and "0.0.9" in reason
    assert edition in reason and "Fix:" in reason
    assert all(o["value"] is None for o in payload["result"]["observations"])
    assert not redis_server.client().exists("osa:run:r1:deliveries:svc")
    # the same task from this version is taken (counted), and a closed run is skipped
    redis_server.client().set("osa:run:r1:closed", "1")
    ok = handler.run({**job, "tool_version": __version__, "catalogue_sha256": digest})
    assert "skipped" in ok
