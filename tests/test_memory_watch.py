"""The sweep's memory watch: new work waits while the sweep is over its memory budget, never
for ever, and never when nothing else is open to free memory."""

from __future__ import annotations

import asyncio
import os
import sys

import pytest

from auditor.memory import MIB, MemoryWatch, anon_bytes, pss_bytes, tree_memory_bytes


class Readings:
    """PSS readings in order (the last one repeats), and how often it was asked."""

    def __init__(self, *values):
        self.values, self.asked = list(values), 0

    def __call__(self):
        self.asked += 1
        return self.values[min(self.asked, len(self.values)) - 1]


async def test_over_the_budget_new_work_waits_until_a_reading_is_under_it():
    watch = MemoryWatch(100 * MIB, interval=0.05,
                        measure=Readings(150 * MIB, 150 * MIB, 150 * MIB, 80 * MIB))
    watch.start()
    try:
        while watch.last is None:
            await asyncio.sleep(0.01)
        waited = await watch.room(lambda: True)
    finally:
        await watch.stop()
    assert 0.05 < waited < 2 and watch.held == 1 and not watch.over
    assert watch.peak == 150 * MIB


async def test_nothing_waits_under_the_budget_alone_or_without_a_budget():
    over = Readings(500 * MIB)
    watch = MemoryWatch(100 * MIB, interval=0.05, measure=over)
    watch.start()
    try:
        while watch.last is None:
            await asyncio.sleep(0.01)
        assert watch.over
        assert await watch.room(lambda: False) == 0.0      # no other target to wait for
        waited = await watch.room(lambda: True, most=0.2)   # bounded
        assert 0.15 < waited < 1.0
    finally:
        await watch.stop()

    never = Readings(500 * MIB)
    unlimited = MemoryWatch(0, interval=0.01, measure=never)
    unlimited.start()
    await asyncio.sleep(0.05)
    assert await unlimited.room(lambda: True) == 0.0 and never.asked == 0

    unknown = MemoryWatch(100 * MIB, interval=0.01, measure=lambda: None)   # not Linux
    unknown.start()
    await asyncio.sleep(0.05)
    assert await unknown.room(lambda: True) == 0.0
    await unknown.stop()


@pytest.mark.skipif(not os.path.exists("/proc/self/statm"), reason="Linux only")
def test_the_tree_counts_this_process_and_its_children():
    import subprocess

    alone = tree_memory_bytes()
    assert alone is not None and alone >= anon_bytes(os.getpid()) > 0
    assert 0.5 < anon_bytes(os.getpid()) / pss_bytes(os.getpid()) <= 1.2   # close to PSS
    child = subprocess.Popen([sys.executable, "-c", "import time; b = bytearray(60_000_000); "
                              "print('ready', flush=True); time.sleep(30)"],
                             stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout.readline().strip() == "ready"
        with_child = tree_memory_bytes()
        assert with_child - alone > 50 * MIB           # the child's 60 MB are counted
    finally:
        child.kill()
        child.wait()
    assert anon_bytes(child.pid) == 0 and pss_bytes(child.pid) == 0   # gone: nothing, no error
