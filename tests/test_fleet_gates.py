"""Politeness across worker processes: host locks and delays in a real Redis (``redis-server``
started by :mod:`redis_kit`), workers in separate Python processes."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
import redis_kit
from redis_kit import RedisServer

from auditor.fleet_gates import FleetGates, FleetUnavailable
from auditor.politeness import HostGates

ROOT = Path(__file__).resolve().parents[1]
HOST = "forum.test:443"

# One worker: ``python worker.py URL JOB`` (JSON).  It records what it did in Redis lists.
WORKER = textwrap.dedent('''
    import asyncio, json, sys, time

    import redis

    from auditor.fleet_gates import FleetGates
    from auditor.politeness import HostGates

    url, job = sys.argv[1], json.loads(sys.argv[2])
    r = redis.Redis.from_url(url)


    def barrier(name, n):
        r.incr(name)
        while int(r.get(name)) < n:
            time.sleep(0.005)


    async def blocks(gates):
        """Several sessions, each doing several blocks on one host; every block's wall times."""
        async def session(i):
            owner = object()
            for _ in range(job["blocks"]):
                async with gates.hold(job["host"], owner):
                    start = time.time()
                    await asyncio.sleep(job["work"])
                    end = time.time()
                r.rpush("spans", json.dumps([job["tag"], i, start, end]))
        barrier("ready", job["workers"])
        await asyncio.gather(*(session(i) for i in range(job["sessions"])))


    async def hold(gates):
        """Holds one host for ``seconds`` (or until killed), saying when it got in and out."""
        async with gates.hold(job["host"], object()):
            r.rpush("events", json.dumps(["in", job["tag"], time.time()]))
            await asyncio.sleep(job["seconds"])
            r.rpush("events", json.dumps(["out", job["tag"], time.time()]))


    async def cross(gates):
        """Holds ``first``, waits until every worker holds its own, then asks for ``second``."""
        owner = object()
        busy = lambda h, d: r.rpush("spans:" + h, json.dumps([job["tag"], time.time(), d]))
        async with gates.hold(job["first"], owner):
            busy(job["first"], "in")
            r.incr("holding")
            while int(r.get("holding")) < job["workers"]:
                await asyncio.sleep(0.005)
            busy(job["first"], "lend")
            async with gates.hold(job["second"], owner):
                busy(job["second"], "in")
                await asyncio.sleep(0.1)
                busy(job["second"], "out")
            busy(job["first"], "back")
            await asyncio.sleep(0.05)
            busy(job["first"], "out")
        r.rpush("done", job["tag"])


    async def main():
        fleet = FleetGates(url, lock_ttl=job.get("lock_ttl", 60.0), poll=0.02)
        gates = HostGates(delay=job.get("delay", 0.0), fleet=fleet)
        try:
            await {"blocks": blocks, "hold": hold, "cross": cross}[job["mode"]](gates)
        finally:
            await fleet.aclose()

    asyncio.run(main())
''')


@pytest.fixture
def server(tmp_path):
    srv = RedisServer(tmp_path / "redis")
    yield srv
    srv.stop()


@pytest.fixture
def worker(tmp_path):
    script = tmp_path / "worker.py"
    script.write_text(WORKER)
    procs: list[subprocess.Popen] = []

    def start(url: str, **job) -> subprocess.Popen:
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        proc = subprocess.Popen([sys.executable, str(script), url, json.dumps(job)], cwd=ROOT,
                                env=env, stderr=subprocess.PIPE, text=True)
        procs.append(proc)
        return proc

    yield start
    for proc in procs:
        if proc.poll() is None:
            proc.kill()
        proc.wait(10)


def finish(proc: subprocess.Popen, timeout: float) -> None:
    try:
        _, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        raise AssertionError(f"worker still running after {timeout} s (deadlock?)") from None
    assert proc.returncode == 0, err


def records(r, key: str) -> list:
    return [json.loads(x) for x in r.lrange(key, 0, -1)]


def wait_for(check, timeout: float):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        got = check()
        if got:
            return got
        time.sleep(0.01)
    raise AssertionError("timed out")


# -- the fleet as a whole ---------------------------------------------------------------------


def test_two_workers_never_overlap_on_a_host_and_keep_the_delay_between_them(server, worker):
    delay = 0.3
    procs = [worker(server.url, mode="blocks", tag=tag, host=HOST, workers=2, sessions=2,
                    blocks=2, work=0.05, delay=delay) for tag in ("w1", "w2")]
    for proc in procs:
        finish(proc, 20)
    spans = sorted(records(server.client(), "spans"), key=lambda s: s[2])
    assert len(spans) == 8
    for (_, _, _, end), (_, _, start, _) in zip(spans, spans[1:], strict=False):
        assert start >= end + delay - 0.005, f"two blocks closer than {delay} s: {spans}"
    workers = [tag for tag, *_ in spans]
    switches = sum(a != b for a, b in zip(workers, workers[1:], strict=False))
    assert switches >= 3, f"one worker kept the host while the other waited: {workers}"


def test_a_dead_workers_lock_frees_itself_within_its_ttl_and_a_live_ones_is_renewed(server,
                                                                                   worker):
    r = server.client()
    proc = worker(server.url, mode="hold", tag="dead", host=HOST, lock_ttl=1.0, seconds=60)
    wait_for(lambda: r.llen("events"), 15)
    token = r.get(f"osa:host:{HOST}:lock")
    time.sleep(1.6)                       # past its TTL: renewed by the live worker, still its own
    assert r.get(f"osa:host:{HOST}:lock") == token
    assert r.pttl(f"osa:host:{HOST}:lock") > 300

    async def take() -> float:
        fleet = FleetGates(server.url, poll=0.02)
        try:
            proc.send_signal(signal.SIGKILL)          # dies holding the host
            killed = time.monotonic()
            await fleet.acquire(HOST, 0.0)
            return time.monotonic() - killed
        finally:
            await fleet.aclose()

    waited = asyncio.run(take())
    assert 0.5 <= waited <= 1.0 + 0.6, f"took {waited:.2f} s to take a dead worker's 1 s lock"


def test_a_block_longer_than_the_lock_ttl_is_not_taken_over(server, worker):
    r = server.client()
    holder = worker(server.url, mode="hold", tag="long", host=HOST, lock_ttl=0.6, seconds=2.0)
    wait_for(lambda: r.llen("events"), 15)
    contender = worker(server.url, mode="hold", tag="next", host=HOST, seconds=0.0)
    finish(holder, 15)
    finish(contender, 15)
    events = records(r, "events")
    assert [e[:2] for e in events] == [["in", "long"], ["out", "long"], ["in", "next"],
                                       ["out", "next"]]
    assert events[1][2] - events[0][2] >= 1.9       # held for 2 s with a 0.6 s TTL


def test_crossed_holds_in_two_workers_lend_and_finish_without_deadlock(server, worker):
    procs = [worker(server.url, mode="cross", tag="w1", first="a.test:80", second="b.test:80",
                    workers=2, delay=0.05),
             worker(server.url, mode="cross", tag="w2", first="b.test:80", second="a.test:80",
                    workers=2, delay=0.05)]
    for proc in procs:
        finish(proc, 15)
    r = server.client()
    assert sorted(x.decode() for x in r.lrange("done", 0, -1)) == ["w1", "w2"]
    for host in ("a.test:80", "b.test:80"):
        inside: set[str] = set()
        for tag, _, what in records(r, f"spans:{host}"):
            if what in ("in", "back"):
                assert not inside, f"two workers in flight on {host}"
                inside.add(tag)
            else:                                   # "lend" or "out"
                inside.discard(tag)


# -- one process against Redis ----------------------------------------------------------------


async def test_the_delay_runs_from_the_fleet_wide_end_of_the_last_block(server):
    one, two = FleetGates(server.url, poll=0.02), FleetGates(server.url, poll=0.02)
    try:
        await one.acquire(HOST, 0.4)
        await one.release(HOST, ended_ago=0.1)          # the page went quiet 0.1 s before
        t0 = time.monotonic()
        await two.acquire(HOST, 0.4)
        assert 0.25 <= time.monotonic() - t0 <= 0.4
        await two.release(HOST)
        await one.acquire(HOST, 0.0)                    # no delay asked: straight in
        await one.release(HOST, ended_ago=3600)         # never moves the last end backwards
        t0 = time.monotonic()
        await two.acquire(HOST, 0.3)
        assert time.monotonic() - t0 >= 0.25
        await two.release(HOST)
        assert 0 < server.client().pttl(f"osa:host:{HOST}:last") <= 3_600_000
        assert not server.client().exists(f"osa:host:{HOST}:lock")
    finally:
        await one.aclose()
        await two.aclose()


async def test_two_host_gates_sharing_one_fleet_gates_take_turns(server):
    fleet = FleetGates(server.url, poll=0.02)
    spans: list[tuple[float, float]] = []

    async def visit(gates: HostGates) -> None:
        async with gates.hold(HOST, object()):
            start = time.monotonic()
            await asyncio.sleep(0.05)
            spans.append((start, time.monotonic()))

    try:
        async with asyncio.timeout(5):
            await asyncio.gather(*(visit(HostGates(delay=0.2, fleet=fleet)) for _ in range(3)))
    finally:
        await fleet.aclose()
    spans.sort()
    for (_, end), (start, _) in zip(spans, spans[1:], strict=False):
        assert start - end >= 0.19


async def test_cancelled_while_waiting_for_the_fleet_lock_frees_the_local_gate(server):
    r = server.client()
    r.set(f"osa:host:{HOST}:lock", "another worker", px=10_000)
    fleet = FleetGates(server.url, poll=0.02)
    gates = HostGates(delay=0.0, fleet=fleet)
    try:
        async def visit():
            async with gates.hold(HOST, object()):
                raise AssertionError("went in while another worker held the host")

        task = asyncio.create_task(visit())
        await asyncio.sleep(0.2)
        assert gates._gates[HOST].lock.locked()         # waiting at the fleet with its own lock
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        assert not gates._gates[HOST].lock.locked()
        await asyncio.sleep(0.05)                       # its turn, given up in the background
        assert not r.exists(f"osa:host:{HOST}:next")
        r.delete(f"osa:host:{HOST}:lock")
        async with asyncio.timeout(2):
            async with gates.hold(HOST, object()):
                assert r.exists(f"osa:host:{HOST}:lock")
        assert not r.exists(f"osa:host:{HOST}:lock")
    finally:
        await fleet.aclose()


async def test_lost_redis_is_retried_with_word_to_the_caller_then_given_up(tmp_path,
                                                                           monkeypatch):
    said: list[str] = []
    first = RedisServer(tmp_path / "r1")
    fleet = FleetGates(first.url, poll=0.02, on_retry=said.append)
    try:
        await fleet.acquire("a.test:80", 0.0)
        await fleet.release("a.test:80")
        first.stop()
        task = asyncio.create_task(fleet.acquire("b.test:80", 0.0))
        await asyncio.sleep(1.5)                        # failed at 0 s and 1 s, next try at 3 s
        assert not task.done()
        assert len(said) == 2 and "lost while waiting for b.test:80" in said[0]
        assert "retrying in 1 s" in said[0] and "retrying in 2 s" in said[1]
        monkeypatch.setattr(redis_kit, "free_port", lambda: first.port)
        second = RedisServer(tmp_path / "r2")           # the broker is back, on the same port
        try:
            async with asyncio.timeout(3):
                await task
            assert second.client().exists("osa:host:b.test:80:lock")
            await fleet.release("b.test:80")
        finally:
            second.stop()
    finally:
        first.stop()
        await fleet.aclose()

    quick = FleetGates(first.url, on_retry=said.append, give_up_after=1.5)
    t0 = time.monotonic()
    with pytest.raises(FleetUnavailable, match="(?s)unreachable for 1.5 s.*Fix"):
        await quick.acquire("c.test:80", 0.0)
    assert 1.4 <= time.monotonic() - t0 <= 2.5
    await quick.aclose()


def test_without_a_fleet_nothing_of_redis_is_imported_or_reached(tmp_path):
    code = textwrap.dedent('''
        import asyncio, sys, time
        from auditor.fleet_gates import FleetGates
        from auditor.politeness import HostGates

        FleetGates("redis://127.0.0.1:9/0")             # nothing reached until used

        async def main():
            gates = HostGates(delay=0.1)
            owner = object()
            async with gates.hold("a.test:80", owner):
                async with gates.hold("b.test:80", owner):
                    pass
            t0 = time.monotonic()
            async with gates.hold("a.test:80", object()):
                assert time.monotonic() - t0 >= 0.09
        asyncio.run(main())
        assert "redis" not in sys.modules, "redis imported"
        print("ok")
    ''')
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                         env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=30)
    assert out.returncode == 0 and out.stdout.strip() == "ok", out.stderr
