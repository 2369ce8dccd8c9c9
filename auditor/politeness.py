"""Per-host politeness: at most one request or page in flight per host and port, and a delay
between the end of one and the start of the next.

A page's end is when its last request ended, not when the auditor stopped reading it: a block
that reads a loaded page (scans, clicks that fetch nothing, screenshots, waits for a gate drawn
late) tells its gate when its page went quiet (:class:`Held`), and the delay runs from then.  A
block that cannot say (a request still in flight, a page whose traffic is not watched) ends at
its own end.  The server sees the same thing either way: no request of ours within ``delay`` of
the end of the one before.

A gate is owned by the session holding it.  Re-entering a gate the same session already holds
(an HTTP fetch or a robots.txt check while the browser holds the same host, possibly from a route
handler's task) goes straight in, so it cannot deadlock on itself.

A session that holds host A and asks for another host B must not wait for B while keeping A:
two sessions doing that crosswise (A then B, B then A) would block each other for ever.  So
while a task waits for, and works on, B, the gates that *this task* holds are lent out (released)
and taken back, in sorted order, when its block on B ends (the politeness delay is waited again
before it carries on with A).  Nobody then waits while holding a gate except while taking lent
gates back in one global order, so no cycle of waits can form; and a host's lock is never held
by two owners at once, so two sessions never have requests in flight on one host together.
(During the lend the lending session is busy with B: it has nothing in flight on A.  A gate
that another task of the same session is inside at that moment is not lent.)

The delay is ``delay`` seconds, or a host's own longer one (robots.txt ``Crawl-delay``, set with
:meth:`HostGates.set_delay`), capped at ``max_delay``.
"""

from __future__ import annotations

import asyncio
import time
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

MAX_DELAY = 30.0


@dataclass
class Held:
    """What a block under a gate says when it ends: ``quiet_since`` (``time.monotonic()``) when
    every request it made had ended by then; None (the default) when it ends at its own end."""

    quiet_since: float | None = None


@dataclass
class _Gate:
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    owner: object = None
    task: object = None            # the task that acquired it (for lending)
    visitors: int = 0              # re-entries by the owner's other tasks, now inside
    last_end: float = 0.0
    delay: float | None = None     # this host's own delay (Crawl-delay), else the default


class HostGates:
    def __init__(self, delay: float = 1.0, max_delay: float = MAX_DELAY):
        self.delay = delay
        self.max_delay = max_delay
        self._gates: dict[str, _Gate] = {}
        self._stacks: dict[tuple[int, object], list[str]] = {}  # (owner, task) -> hosts acquired

    def _gate(self, host: str) -> _Gate:
        return self._gates.setdefault(host, _Gate())

    # -- delays -----------------------------------------------------------------------------------
    def set_delay(self, host: str, seconds: float) -> float:
        """Use ``max(delay, seconds)`` for ``host``, capped at ``max_delay``; returns it."""
        chosen = min(max(self.delay, float(seconds)), self.max_delay)
        self._gate(host).delay = chosen
        return chosen

    def delay_for(self, host: str) -> float:
        own = self._gate(host).delay
        return self.delay if own is None else own

    async def _wait_delay(self, gate: _Gate) -> None:
        delay = self.delay if gate.delay is None else gate.delay
        pause = gate.last_end + delay - time.monotonic()
        if pause > 0:
            await asyncio.sleep(pause)

    # -- holding ----------------------------------------------------------------------------------
    @asynccontextmanager
    async def hold(self, host: str, owner: object):
        gate = self._gate(host)
        task = asyncio.current_task()
        if gate.owner is owner:                      # re-entry by the same session
            visitor = gate.task is not task
            gate.visitors += visitor
            held = Held()
            try:
                await self._wait_delay(gate)
                yield held
            finally:
                if visitor and gate.owner is owner:
                    gate.visitors = max(0, gate.visitors - 1)
                gate.last_end = _ended(gate, held)
            return
        key = (id(owner), task)
        stack = self._stacks.setdefault(key, [])
        lent = [h for h in stack if self._lendable(h, owner, task)]
        for h in lent:
            self._release(self._gates[h])
        try:
            await gate.lock.acquire()                # holding nothing of ours while waiting
            gate.owner, gate.task, gate.visitors = owner, task, 0
            stack.append(host)
            held = Held()
            try:
                await self._wait_delay(gate)
                yield held
            finally:
                gate.last_end = _ended(gate, held)
                stack.remove(host)
                self._release(gate)
        finally:
            try:
                for h in sorted(lent):               # one global order: no cycle of waits
                    back = self._gates[h]
                    await back.lock.acquire()
                    back.owner, back.task, back.visitors = owner, task, 0
                    await self._wait_delay(back)
            finally:
                if not stack:
                    self._stacks.pop(key, None)

    def _lendable(self, host: str, owner: object, task: object) -> bool:
        gate = self._gates[host]
        return gate.owner is owner and gate.task is task and gate.visitors == 0

    @staticmethod
    def _release(gate: _Gate) -> None:
        """Give up a gate this task holds; a no-op when it no longer holds it (a lent gate not
        taken back because the task was cancelled while waiting for it)."""
        if gate.owner is not None and gate.task is asyncio.current_task() and gate.lock.locked():
            gate.owner, gate.task, gate.visitors = None, None, 0
            gate.lock.release()


def _ended(gate: _Gate, held: Held) -> float:
    """When the block under ``gate`` ended for politeness: now, or when its page went quiet
    (never before a request that ended inside the block, e.g. an HTTP fetch re-entering)."""
    now = time.monotonic()
    if held.quiet_since is None:
        return now
    return max(gate.last_end, min(held.quiet_since, now))
