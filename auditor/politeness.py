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

Across several worker machines (``fleet``, a :class:`~auditor.fleet_gates.FleetGates`): each time
a gate's lock is taken (a first hold, a lent gate taken back) the host's fleet-wide lock in Redis
is taken right after it, waiting out the delay since the host's last block anywhere in the fleet;
each time a gate's lock is given up (a block's end, a lend) the fleet lock is given back right
before it, with when the block ended (a lend ends it now).  Re-entry by the owner touches only
the local gate.  Each host's pair of locks is taken local-then-fleet and, by a task holding any,
only in the same sorted order, so the argument above holds across processes: no cycle of waits,
and never two workers in flight on one host.  Without a fleet nothing of Redis is imported.
"""

from __future__ import annotations

import asyncio
import time
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from auditor.fleet_gates import FleetGates

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
    def __init__(self, delay: float = 1.0, max_delay: float = MAX_DELAY,
                 fleet: FleetGates | None = None):
        self.delay = delay
        self.max_delay = max_delay
        self.fleet = fleet
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
        lent: list[str] = []                         # given up for now, taken back below
        try:
            for h in [h for h in stack if self._lendable(h, owner, task)]:
                lent.append(h)
                await self._release(h, ended=time.monotonic())   # a lend ends the block now
            await self._take(host, owner, task)      # holding nothing of ours while waiting
            stack.append(host)
            held = Held()
            try:
                await self._wait_delay(gate)
                yield held
            finally:
                gate.last_end = _ended(gate, held)
                stack.remove(host)
                await self._release(host, ended=gate.last_end)
        finally:
            try:
                for h in sorted(lent):               # one global order: no cycle of waits
                    await self._take(h, owner, task)
                    await self._wait_delay(self._gates[h])
            finally:
                if not stack:
                    self._stacks.pop(key, None)

    def _lendable(self, host: str, owner: object, task: object) -> bool:
        gate = self._gates[host]
        return gate.owner is owner and gate.task is task and gate.visitors == 0

    async def _take(self, host: str, owner: object, task: object) -> None:
        """Take ``host``'s gate for ``owner``'s ``task``: its lock, then the fleet's (the local
        lock is given up again if that wait fails or is cancelled)."""
        gate = self._gates[host]
        await gate.lock.acquire()
        if self.fleet is not None:
            try:
                await self.fleet.acquire(host, self.delay_for(host))
            except BaseException:
                gate.lock.release()
                raise
        gate.owner, gate.task, gate.visitors = owner, task, 0

    async def _release(self, host: str, ended: float) -> None:
        """Give up a gate this task holds (the fleet's lock first; the block on it ended at
        ``ended``, ``time.monotonic()``); a no-op when it no longer holds it (a lent gate not
        taken back because the task was cancelled while waiting for it)."""
        gate = self._gates[host]
        if gate.owner is not None and gate.task is asyncio.current_task() and gate.lock.locked():
            try:
                if self.fleet is not None:
                    await self.fleet.release(host, max(0.0, time.monotonic() - ended))
            finally:
                gate.owner, gate.task, gate.visitors = None, None, 0
                gate.lock.release()


def _ended(gate: _Gate, held: Held) -> float:
    """When the block under ``gate`` ended for politeness: now, or when its page went quiet
    (never before a request that ended inside the block, e.g. an HTTP fetch re-entering)."""
    now = time.monotonic()
    if held.quiet_since is None:
        return now
    return max(gate.last_end, min(held.quiet_since, now))
