"""Politeness across several worker machines: a host's lock and its last visit kept in Redis.

:class:`~auditor.politeness.HostGates` keeps one process polite; given a :class:`FleetGates`, it
also takes the host's fleet-wide lock right after its own and gives it back right before its own,
so a host is never visited by two workers at once and the per-host delay holds across them.

In Redis, for each host (``prefix`` ``osa:host:`` by default):

* ``<prefix><host>:lock``: a random token of the holder, set with ``SET NX PX lock_ttl``.  A
  holder renews its locks (token-checked ``PEXPIRE``) every ``lock_ttl / 3`` from one background
  task; a worker that dies stops renewing, so its locks free themselves within ``lock_ttl``.
* ``<prefix><host>:last``: when the last block on the host ended, in microseconds of the Redis
  server's ``TIME`` (so the workers' clocks do not matter); never moved backwards; it expires an
  hour after the last write.
* ``<prefix><host>:next``: the token of the worker that has waited longest, for a few seconds
  while it keeps polling: a free lock goes to it rather than to the worker that just gave the host
  up and asks again at once (which would otherwise keep the host for as long as it has pages).

Taking the lock and reading how much of the delay is left is one Lua script (one round trip);
giving it back (recording the end, deleting the lock if it is still ours) is another.  Scripts
call ``TIME`` next to writes, so the server must be Redis 5 or newer.

``redis`` (the ``distributed`` extra) is imported on first use only: importing this module, or
running without a fleet, needs nothing.
"""

from __future__ import annotations

import asyncio
import contextlib
import secrets
import time
from collections.abc import Callable
from urllib.parse import urlsplit

MAX_POLL = 0.5              # seconds between two looks at a lock someone else holds, at most
RETRY_FIRST = 1.0           # seconds before the first retry after losing Redis, doubled up to:
RETRY_MAX = 30.0
GIVE_UP_AFTER = 600.0       # seconds of failing to reach Redis before acquire raises
LAST_TTL_MS = 3_600_000     # ``last`` keys expire an hour after the last block on their host
NEXT_TTL_MS = 2_000         # a waiter's turn is kept this long after its last poll

_ACQUIRE = """
-- KEYS: lock, last, next.  ARGV: token, lock ttl (ms), delay (us), next ttl (ms).
-- Returns -1 while someone else holds the lock (or it is another waiter's turn), else takes the
-- lock and returns the microseconds left of the delay since the last block ended.
local holder = redis.call('GET', KEYS[1])
local turn = redis.call('GET', KEYS[3])
if holder and holder ~= ARGV[1] then
  if not turn or turn == ARGV[1] then
    redis.call('SET', KEYS[3], ARGV[1], 'PX', ARGV[4])
  end
  return -1
end
if turn and turn ~= ARGV[1] then
  return -1
end
if turn then
  redis.call('DEL', KEYS[3])
end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local last = tonumber(redis.call('GET', KEYS[2]) or '0')
local left = last + tonumber(ARGV[3]) - now
if left < 0 then
  left = 0
end
return left
"""

_RELEASE = """
-- KEYS: lock, last.  ARGV: token, ended ago (us), last ttl (ms).
-- Records the end (never earlier than the one recorded) and deletes the lock if it is ours;
-- returns 1 when it was, 0 when it had expired (or been taken) before.
local t = redis.call('TIME')
local ended = tonumber(t[1]) * 1000000 + tonumber(t[2]) - tonumber(ARGV[2])
local last = tonumber(redis.call('GET', KEYS[2]) or '0')
if last > ended then
  ended = last
end
redis.call('SET', KEYS[2], string.format('%.0f', ended), 'PX', ARGV[3])
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('DEL', KEYS[1])
  return 1
end
return 0
"""

_RENEW = """
-- KEYS: locks.  ARGV: lock ttl (ms), then one token per lock.
-- Extends the locks still ours; returns the 1-based positions of those that are not.
local lost = {}
for i, key in ipairs(KEYS) do
  if redis.call('GET', key) == ARGV[i + 1] then
    redis.call('PEXPIRE', key, ARGV[1])
  else
    lost[#lost + 1] = i
  end
end
return lost
"""

_ABANDON = """
-- KEYS: lock, next.  ARGV: token.  Gives up an acquisition that did not go through.
for _, key in ipairs(KEYS) do
  if redis.call('GET', key) == ARGV[1] then
    redis.call('DEL', key)
  end
end
return 0
"""


class FleetUnavailable(RuntimeError):
    """Redis could not be reached for ``give_up_after`` seconds in a row."""


class FleetGates:
    """Fleet-wide host locks and delays in the Redis at ``redis_url``.

    One instance per process, used from one event loop: the client is made there on first use.
    Several :class:`~auditor.politeness.HostGates` may share it: a host is held through it by one
    of them at a time, the others waiting their turn as another worker's would.  (Holding a host
    already held by the same caller deadlocks: HostGates lets re-entries skip the fleet.)
    ``on_retry`` is told, in a sentence, when Redis cannot be reached and when a lock was lost
    (it expired while its block ran); nothing is printed here.
    """

    def __init__(self, redis_url: str, *, prefix: str = "osa:host:", lock_ttl: float = 60.0,
                 poll: float = 0.05, on_retry: Callable[[str], object] | None = None,
                 give_up_after: float = GIVE_UP_AFTER):
        if lock_ttl <= 0 or poll <= 0:
            raise ValueError("lock_ttl and poll must be positive")
        self.redis_url = redis_url
        self.prefix = prefix
        self.lock_ttl = float(lock_ttl)
        self.poll = float(poll)
        self.on_retry = on_retry
        self.give_up_after = float(give_up_after)
        self._client = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._scripts: dict[str, object] = {}
        self._held: dict[str, str] = {}         # host -> our token
        self._turns: dict[str, asyncio.Lock] = {}   # host -> held by one caller here at a time
        self._lost: set[str] = set()            # held hosts whose lock was found gone
        self._renewer: asyncio.Task | None = None
        self._background: set[asyncio.Task] = set()

    # -- keys, client, messages -------------------------------------------------------------------
    def _key(self, host: str, kind: str) -> str:
        return f"{self.prefix}{host}:{kind}"

    @property
    def _ttl_ms(self) -> int:
        return max(1, round(self.lock_ttl * 1000))

    def _where(self) -> str:
        """The Redis address without its password, for messages."""
        parts = urlsplit(self.redis_url)
        host = parts.hostname or "localhost"
        port = f":{parts.port}" if parts.port else ""
        return f"{parts.scheme}://{host}{port}{parts.path}"

    def _say(self, message: str) -> None:
        if self.on_retry is not None:
            self.on_retry(message)

    def _script(self, name: str):
        loop = asyncio.get_running_loop()
        if self._client is None:
            import redis.asyncio
            from redis.asyncio.retry import Retry
            from redis.backoff import NoBackoff

            # one quick retry (a pooled connection Redis dropped); longer outages are ours
            self._client = redis.asyncio.Redis.from_url(
                self.redis_url, socket_timeout=10, socket_connect_timeout=5,
                retry=Retry(NoBackoff(), 1))
            self._loop = loop
            self._scripts = {name: self._client.register_script(text) for name, text in
                             (("acquire", _ACQUIRE), ("release", _RELEASE),
                              ("renew", _RENEW), ("abandon", _ABANDON))}
        elif loop is not self._loop:
            raise RuntimeError("a FleetGates is used from one event loop only")
        return self._scripts[name]

    @staticmethod
    def _connection_errors() -> tuple[type[BaseException], ...]:
        import redis.exceptions

        return (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError, OSError)

    async def _call(self, name: str, keys: list[str], args: list, *, doing: str,
                    give_up_after: float) -> object:
        """Run a script, retrying with back-off (1, 2, 4 ... 30 s) while Redis cannot be
        reached; raise :class:`FleetUnavailable` after ``give_up_after`` seconds of that."""
        errors = self._connection_errors()
        started, backoff = time.monotonic(), RETRY_FIRST
        while True:
            script = self._script(name)
            try:
                return await script(keys=keys, args=args)
            except errors as exc:
                left = give_up_after - (time.monotonic() - started)
                if left <= 0:
                    raise FleetUnavailable(
                        f"Redis at {self._where()} unreachable for {give_up_after:g} s while "
                        f"{doing} ({exc}). Fix: check that the broker is running and reachable "
                        f"from this machine") from exc
                pause = min(backoff, left)
                self._say(f"Redis at {self._where()} lost while {doing} ({exc}); "
                          f"retrying in {pause:g} s")
                await asyncio.sleep(pause)
                backoff = min(backoff * 2, RETRY_MAX)

    # -- acquiring and releasing ------------------------------------------------------------------
    async def acquire(self, host: str, delay: float) -> None:
        """Wait until this process holds ``host`` fleet-wide, then wait out what is left of
        ``delay`` seconds since the last block on it ended (anywhere in the fleet)."""
        turn = self._turns.setdefault(host, asyncio.Lock())
        await turn.acquire()
        token = secrets.token_hex(16)
        keys = [self._key(host, "lock"), self._key(host, "last"), self._key(host, "next")]
        args = [token, self._ttl_ms, max(0, round(delay * 1_000_000)), NEXT_TTL_MS]
        pause = self.poll
        try:
            while True:
                left = int(await self._call("acquire", keys, args, doing=f"waiting for {host}",
                                            give_up_after=self.give_up_after))
                if left >= 0:
                    break
                await asyncio.sleep(pause)
                pause = min(pause * 2, max(MAX_POLL, self.poll))
            self._held[host] = token
            self._lost.discard(host)
            self._start_renewer()
            if left > 0:
                await asyncio.sleep(left / 1_000_000)
        except BaseException:
            # cancelled (or failed) somewhere in there, possibly with the lock taken by a reply
            # we never read: give back whatever is ours, in the background, once
            self._held.pop(host, None)
            self._spawn(self._abandon(keys[0], keys[2], token)).add_done_callback(
                lambda _: turn.release())
            raise

    async def release(self, host: str, ended_ago: float = 0.0) -> None:
        """Give ``host`` back: its block ended ``ended_ago`` seconds ago (by the Redis clock).
        A no-op when ``host`` is not held through this instance.  Runs to its end even when the
        caller is cancelled meanwhile (the lock is then freed without it waiting)."""
        token = self._held.pop(host, None)
        if token is None:
            return
        lost = host in self._lost
        self._lost.discard(host)
        job = self._spawn(self._give_back(host, token, max(0.0, ended_ago), lost))
        job.add_done_callback(lambda _: self._turns[host].release())
        await asyncio.shield(job)

    async def _give_back(self, host: str, token: str, ended_ago: float, lost: bool) -> None:
        keys = [self._key(host, "lock"), self._key(host, "last")]
        args = [token, round(ended_ago * 1_000_000), LAST_TTL_MS]
        try:
            # past lock_ttl the lock is gone anyway; only the recorded end would be missing
            ours = await self._call("release", keys, args, doing=f"giving {host} back",
                                    give_up_after=self.lock_ttl)
        except FleetUnavailable as exc:
            self._say(f"{exc}; its lock expires by itself")
            return
        if not ours and not lost:
            self._say(f"the lock on {host} had expired before its block ended: another worker "
                      f"may have visited it meanwhile")

    async def _abandon(self, lock: str, turn: str, token: str) -> None:
        with contextlib.suppress(Exception):     # best effort: it expires within lock_ttl
            await self._script("abandon")(keys=[lock, turn], args=[token])

    def _spawn(self, coro) -> asyncio.Task:
        task = asyncio.get_running_loop().create_task(coro)
        self._background.add(task)
        task.add_done_callback(self._background.discard)
        return task

    # -- renewing ---------------------------------------------------------------------------------
    def _start_renewer(self) -> None:
        if self._renewer is None or self._renewer.done():
            self._renewer = asyncio.get_running_loop().create_task(self._renew_while_held())

    async def _renew_while_held(self) -> None:
        import redis.exceptions

        errors = (redis.exceptions.RedisError, OSError)     # whatever it is, try again later
        while self._held:
            await asyncio.sleep(self.lock_ttl / 3)
            held = list(self._held.items())
            if not held:
                break
            try:
                lost = await self._script("renew")(
                    keys=[self._key(h, "lock") for h, _ in held],
                    args=[self._ttl_ms, *(token for _, token in held)])
            except errors as exc:
                self._say(f"Redis at {self._where()} failed renewing host locks ({exc}); "
                          f"retrying in {self.lock_ttl / 3:g} s")
                continue
            for i in lost:
                host, token = held[int(i) - 1]
                if self._held.get(host) == token and host not in self._lost:
                    self._lost.add(host)
                    self._say(f"the lock on {host} expired while its block ran: another worker "
                              f"may be visiting it too")

    # -- closing ----------------------------------------------------------------------------------
    async def aclose(self) -> None:
        """Stop renewing and close the client.  Locks still held are not released (they expire
        within ``lock_ttl``); releases already under way are given a few seconds to finish."""
        if self._renewer is not None:
            self._renewer.cancel()
            await asyncio.gather(self._renewer, return_exceptions=True)
            self._renewer = None
        if self._background:
            pending = list(self._background)
            _, late = await asyncio.wait(pending, timeout=5)
            for task in late:
                task.cancel()
            await asyncio.gather(*late, return_exceptions=True)
        if self._client is not None:
            client, self._client, self._scripts, self._loop = self._client, None, {}, None
            await client.aclose()
