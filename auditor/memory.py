"""The sweep's memory: what this process and everything it started (Playwright's driver,
Chromium, its renderers) hold, and a watch that holds new work back while it is over a budget.

Memory grows with the targets open at once, and a real service's page takes several times
what the synthetic web's does, so a fixed number of targets open at once is either slow or
unsafe.  Targets that are open finish and free their pages; new ones wait for room.  A target
is never held back while no other is open, so a sweep always moves on.

What is measured is the processes' resident anonymous memory (``/proc/PID/statm``: resident
less file-backed and shared pages), about nine tenths of their PSS (proportional set size, what
the benchmarks report; measured at 1,781 against 1,931 MiB for 48 processes).  PSS itself
(``smaps_rollup``) costs the kernel a walk of every page table: 64 ms of CPU a sample against
0.4.  Where ``/proc`` cannot be read the watch holds nothing back.
"""

from __future__ import annotations

import asyncio
import contextlib
import math
import os
import time
from collections.abc import Callable

MIB = 1024 * 1024
SAMPLE_S = 0.5
_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


def pss_bytes(pid: int) -> int:
    """PSS of one process (0 if it has gone or cannot be read); costly, for benchmarks."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii", errors="replace") as fh:
            for line in fh:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        pass
    return 0


def anon_bytes(pid: int) -> int:
    """Resident anonymous memory of one process (0 if it has gone or cannot be read)."""
    try:
        with open(f"/proc/{pid}/statm", encoding="ascii") as fh:
            fields = fh.read().split()
        return max(0, int(fields[1]) - int(fields[2])) * _PAGE
    except (OSError, ValueError, IndexError):
        return 0


def tree_pids(pid: int | None = None) -> list[int] | None:
    """``pid`` (default: this process) and all its descendants; None without ``/proc``."""
    import psutil

    pid = os.getpid() if pid is None else pid
    if not os.path.exists(f"/proc/{pid}/statm"):
        return None
    try:
        return [pid] + [p.pid for p in psutil.Process(pid).children(recursive=True)]
    except psutil.Error:
        return None


def tree_memory_bytes(pid: int | None = None) -> int | None:
    """Resident anonymous memory of ``pid``'s process tree (None where it cannot be read)."""
    pids = tree_pids(pid)
    return None if pids is None else sum(anon_bytes(p) for p in pids)


class MemoryWatch:
    """Samples the tree's memory every ``interval`` seconds (in a thread, off the event loop)
    and lets :meth:`room` hold new work back while the last sample is over ``budget`` bytes.

    ``budget`` None or 0: no limit (nothing is measured)."""

    def __init__(self, budget: int | None, *, interval: float = SAMPLE_S,
                 measure: Callable[[], int | None] = tree_memory_bytes) -> None:
        self.budget = budget or None
        self.interval = interval
        self.measure = measure
        self.last: int | None = None
        self.peak = 0
        self.held = 0                   # times new work was held back
        self.held_s = 0.0               # and for how long in all
        self._task: asyncio.Task | None = None
        self._sampled = asyncio.Event()

    @property
    def over(self) -> bool:
        return self.budget is not None and self.last is not None and self.last > self.budget

    async def _sample(self) -> None:
        value = await asyncio.to_thread(self.measure)
        self.last = value
        if value is not None:
            self.peak = max(self.peak, value)
        self._sampled.set()

    async def _run(self) -> None:
        while True:
            with contextlib.suppress(Exception):      # a process gone mid-read: next time
                await self._sample()
            if self.last is None:                       # cannot be measured here: stop
                return
            await asyncio.sleep(self.interval)

    def start(self) -> None:
        if self.budget is not None and self._task is None:
            self._task = asyncio.create_task(self._run())

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._task
            self._task = None

    async def room(self, others_open: Callable[[], bool], *, most: float | None = None) -> float:
        """Wait while the sweep is over its budget and ``others_open()`` (another target is
        still open: it will finish and free memory), at most ``most`` seconds; returns the
        seconds waited."""
        if not self.over or not others_open():
            return 0.0
        t0 = time.monotonic()
        end = math.inf if most is None else t0 + most
        self.held += 1
        while self.over and others_open() and time.monotonic() < end:
            self._sampled.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._sampled.wait(),
                                       min(self.interval * 4, max(0.01, end - time.monotonic())))
        waited = time.monotonic() - t0
        self.held_s += waited
        return waited
