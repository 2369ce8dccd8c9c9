"""What a probe gets for one target (DESIGN.md, "Session").

* one reused browser context and page for ordinary reading (``page()``),
* ``fresh_context(javascript=...)`` for tests that need a clean or script-less session, counted
  against a bounded pool,
* an HTTP client for what needs no script (``fetch()``), 60-80 times cheaper than the browser,
* the evidence recorder, the site map from discovery, the target's permissions and personas.

Every navigation and fetch is polite (one in flight per host and port, a delay between them,
longer where robots.txt asks it with ``Crawl-delay``), obeys robots.txt unless the sweep ignores
it (HTTP redirects included, hop by hop), and counts against the target's page and byte budget.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import math
import time
import weakref
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import httpx

from auditor.archive import ArchiveRecorder
from auditor.evidence import EvidenceRecorder
from auditor.http import MAX_REDIRECTS, TRANSIENT_STATUS, FetchResult, Robots, fetch
from auditor.memory import MemoryWatch
from auditor.model import Target, utcnow
from auditor.options import SweepOptions
from auditor.politeness import HostGates
from auditor.scope import Scope, host_port

VIEWPORT = {"width": 1280, "height": 800}
FETCH_CACHE_BYTES = 12_000_000      # HTTP answers kept per target for probes that read them again


class BudgetExceeded(RuntimeError):
    """The target's page or byte budget is spent."""


class RobotsDisallowed(RuntimeError):
    """robots.txt forbids this URL for our user agent."""


@dataclass
class Shared:
    """What all sessions of a sweep share: one browser, one HTTP client, the bounds."""

    options: SweepOptions
    browser: Any                      # playwright Browser
    client: httpx.AsyncClient
    gates: HostGates
    render_slots: asyncio.Semaphore   # pages rendering at once
    fresh_slots: asyncio.Semaphore    # extra (fresh) contexts open at once
    memory: MemoryWatch | None = None  # holds fresh contexts back while over the budget
    robots: dict[str, Robots] = field(default_factory=dict)
    robots_locks: dict[str, asyncio.Lock] = field(default_factory=dict)
    crawl_delays: dict[str, float] = field(default_factory=dict)   # host -> Crawl-delay asked


class _RenderSlot:
    """One render slot as a page block holds it: given up while the block only waits
    (:func:`idle`), taken back before it reads on."""

    def __init__(self, slots: asyncio.Semaphore) -> None:
        self.slots = slots
        self.held = False

    async def take(self) -> None:
        await self.slots.acquire()
        self.held = True

    def give(self) -> None:
        if self.held:
            self.held = False
            self.slots.release()


#: The render slot of the page block the current task is in (None outside one).
_SLOT: contextvars.ContextVar[_RenderSlot | None] = contextvars.ContextVar("render_slot",
                                                                          default=None)
#: A wait shorter than this keeps its slot (giving it up and taking it back costs more).
IDLE_KEEP_SLOT_S = 0.1


async def idle(seconds: float) -> None:
    """Wait ``seconds`` while the page works on its own (a gate drawn late, the answer to a
    click).  Inside a :meth:`Session.page` block its render slot is given up meanwhile and
    taken back before the block reads on, so the slot renders another target's page instead
    of standing idle: fixed waits were about a third of the time slots were held (issue 15).
    Outside a block (or for a wait under :data:`IDLE_KEEP_SLOT_S`) it is a plain sleep."""
    slot = _SLOT.get()
    if slot is None or not slot.held or seconds < IDLE_KEEP_SLOT_S:
        await asyncio.sleep(max(0.0, seconds))
        return
    slot.give()
    try:
        await asyncio.sleep(seconds)
    finally:
        await slot.take()


class Session:
    def __init__(self, target: Target, shared: Shared, evidence: EvidenceRecorder,
                 personas: dict | None = None, archive: ArchiveRecorder | None = None):
        self.target = target
        self.archive = archive                 # records every exchange (None: --archive none)
        self.shared = shared
        self.options = shared.options
        self.evidence = evidence
        self.scope = Scope(target.url, target.extra_domains)
        self.personas = personas or {}
        self.sitemap = None                    # probes.base.SiteMap, set by discovery
        self.pages = 0
        self.bytes = 0
        self.log: list[str] = []               # what happened, for the target's reason line
        self.waited = 0.0                      # seconds spent waiting for gates and slots
        self.deadline: float | None = None     # event-loop time the target's audit must end by
        self._context = None
        self._page = None
        self._visitor = None                   # a visitor's context handed on (visitor_context)
        self._spared = None                    # the visitor block's context, once it said so
        self.last_status: int | None = None    # HTTP status of the last browser navigation
        self._fetched: dict[str, FetchResult] = {}     # HTTP answers of this audit, by URL
        self._fetched_bytes = 0
        self._noted_delays: set[str] = set()

    def time_left(self) -> float | None:
        """Seconds until the target's deadline (the runner moves it out by the time spent
        queueing for shared slots); None when nobody set one (a probe run on its own)."""
        if self.deadline is None:
            return None
        return self.deadline - asyncio.get_running_loop().time()

    # -- permissions -------------------------------------------------------------------------
    @property
    def allow_forms(self) -> bool:
        return self.target.allow_forms

    # -- budgets -----------------------------------------------------------------------------
    def _count_page(self, url: str) -> None:
        if self.pages >= self.options.max_pages_per_target:
            raise BudgetExceeded(f"page budget of {self.options.max_pages_per_target} spent "
                                 f"before {url}")
        self.pages += 1

    @property
    def bytes_budget(self) -> int:
        return self.options.bytes_budget(bool(self.target.accounts or self.target.allow_forms))

    def _count_bytes(self, n: int) -> None:
        self.bytes += n
        if self.bytes > self.bytes_budget:
            raise BudgetExceeded(f"byte budget of {self.bytes_budget} spent")

    # -- robots --------------------------------------------------------------------------------
    async def robots(self, url: str) -> Robots:
        """robots.txt of ``url``'s host, fetched once per sweep (not counted as a page).

        A 4xx answer means there is no robots.txt (allow all); so does a host that cannot be
        connected to at all (its pages' own fetches then say it is unreachable).  A 5xx or 429
        answer, or an answer that breaks off or times out, leaves the host's rules unknown: the
        host counts as disallowing everything for the rest of the sweep (Google's rule) and,
        unless the sweep ignores robots.txt, this raises :class:`RobotsDisallowed` with that
        reason, so a start URL's outcome is ``robots_disallowed`` saying why.  A ``Crawl-delay``
        longer than ``--delay`` becomes the host's delay (capped, see :mod:`auditor.politeness`)
        and is noted in the target's log.
        """
        key = host_port(url)
        lock = self.shared.robots_locks.setdefault(key, asyncio.Lock())
        async with lock:
            if key not in self.shared.robots:
                self.shared.robots[key] = await self._read_robots(url, key)
            robots = self.shared.robots[key]
        self._note_crawl_delay(key)
        if robots.unavailable and not self.options.ignore_robots:
            raise RobotsDisallowed(robots.unavailable)
        return robots

    async def _read_robots(self, url: str, key: str) -> Robots:
        robots_url = str(httpx.URL(url).copy_with(path="/robots.txt", query=None, fragment=None))
        ua = self.options.user_agent
        rule = "so everything there counts as disallowed, as Google treats it"
        try:
            res = await self._follow(robots_url, robots_checked=False, count_bytes=False,
                                     max_bytes=500_000, retries=1)
        except (httpx.ConnectError, httpx.ConnectTimeout, httpx.TooManyRedirects):
            return Robots(None, ua)
        except httpx.HTTPError as exc:
            return Robots(None, ua, unavailable=f"robots.txt of {key} could not be read "
                                                f"({type(exc).__name__}), {rule}")
        if res.status >= 500 or res.status == 429:
            return Robots(None, ua, unavailable=f"robots.txt of {key} answered HTTP "
                                                f"{res.status} (a server error), {rule}")
        text = res.text if res.status == 200 and "html" not in res.content_type else None
        robots = Robots(text, ua)
        if not self.options.ignore_robots:
            try:
                asked = robots.crawl_delay()
            except (ValueError, TypeError):
                asked = None
            if asked and math.isfinite(asked) and asked > self.options.politeness_delay:
                self.shared.gates.set_delay(key, asked)
                self.shared.crawl_delays[key] = float(asked)
        return robots

    def _note_crawl_delay(self, key: str) -> None:
        asked = self.shared.crawl_delays.get(key)
        if asked is None or key in self._noted_delays:
            return
        self._noted_delays.add(key)
        used = self.shared.gates.delay_for(key)
        capped = f" (capped from {asked:g} s)" if used < asked else ""
        self.log.append(f"{key}: robots.txt Crawl-delay applied: {used:g} s between requests"
                        f"{capped} instead of --delay {self.options.politeness_delay:g} s")

    async def allowed(self, url: str) -> bool:
        if self.options.ignore_robots:
            return True
        try:
            return (await self.robots(url)).allowed(url)
        except RobotsDisallowed:
            return False

    async def _check_robots(self, url: str) -> None:
        if self.options.ignore_robots:
            return
        if not (await self.robots(url)).allowed(url):      # robots() raises when unknown
            raise RobotsDisallowed(f"robots.txt disallows {url}")

    # -- HTTP ----------------------------------------------------------------------------------
    async def fetch(self, url: str, *, count: bool = True, retries: int = 1,
                    fresh: bool = False) -> FetchResult:
        """GET ``url`` over HTTP: polite, robots-checked, budgeted; one retry if transient.

        Redirects are followed here, hop by hop (at most ``MAX_REDIRECTS``): each hop waits at
        its own host's gate, and a hop to a URL robots.txt disallows raises
        :class:`RobotsDisallowed` (noted in the target's log).  The whole fetch counts as one
        page; every hop's bytes count.

        Probes often read the same page (discovery finds the terms, the terms probe reads them):
        an answer below HTTP 500 is kept for the rest of the target's audit (up to
        ``FETCH_CACHE_BYTES`` in all) and given again without a request, a page or a byte
        counted; ``fresh=True`` asks the server again.
        """
        cached = None if fresh else self._fetched.get(url)
        if cached is not None:
            return cached
        await self._check_robots(url)
        if count:
            self._count_page(url)
        res = await self._follow(url, robots_checked=True, count_bytes=True,
                                 max_bytes=self.options.max_bytes_per_page, retries=retries)
        if res.status < 500 and self._fetched_bytes + len(res.content) <= FETCH_CACHE_BYTES:
            self._fetched[url] = res
            self._fetched_bytes += len(res.content)
        return res

    async def _follow(self, url: str, *, robots_checked: bool, count_bytes: bool,
                      max_bytes: int, retries: int) -> FetchResult:
        hops: list[str] = []
        current, elapsed = url, 0.0
        while True:
            res = await self._one_hop(current, max_bytes, retries, count_bytes)
            elapsed += res.elapsed
            nxt = res.location
            if nxt is None or urlsplit(nxt).scheme not in ("http", "https"):
                break
            hops.append(current)
            if len(hops) > MAX_REDIRECTS:
                raise httpx.TooManyRedirects(f"{url}: more than {MAX_REDIRECTS} redirects",
                                             request=httpx.Request("GET", url))
            if robots_checked and not await self.allowed(nxt):
                why = f"{current} redirects to {nxt}, which robots.txt disallows"
                self.log.append(why)
                raise RobotsDisallowed(why)
            current = nxt
        return FetchResult(url, res.final_url, res.status, res.headers, res.content,
                           res.truncated, elapsed, hops)

    async def _one_hop(self, url: str, max_bytes: int, retries: int,
                       count_bytes: bool) -> FetchResult:
        attempt = 0
        while True:
            try:
                async with self.shared.gates.hold(host_port(url), self):
                    started = utcnow() if self.archive else ""
                    res = await fetch(self.shared.client, url, max_bytes=max_bytes,
                                      total_seconds=2 * self.options.page_timeout)
                if self.archive is not None:
                    self.archive.http(res, started)
                if count_bytes:
                    self._count_bytes(len(res.content))
                if res.status in TRANSIENT_STATUS and attempt < retries and res.status != 429:
                    attempt += 1
                    await asyncio.sleep(1.0)
                    continue
                return res
            except (httpx.ConnectTimeout, httpx.ReadTimeout, httpx.RemoteProtocolError,
                    httpx.ReadError):
                if attempt >= retries:
                    raise
                attempt += 1
                await asyncio.sleep(1.0)

    # -- browser -------------------------------------------------------------------------------
    async def _new_context(self, *, javascript: bool = True, **kwargs):
        ctx = await self.shared.browser.new_context(
            user_agent=self.options.user_agent, viewport=VIEWPORT, java_script_enabled=javascript,
            accept_downloads=False, locale="en-GB", timezone_id="Europe/London",
            # a service worker answers requests the probes' routes, politeness gates and byte
            # counts never see, and turns a 404 into a failed navigation (a chat web app's
            # offline cache): pages are read as a first visit, without one
            service_workers="block",
            **(self.archive.har_options() if self.archive is not None else {}), **kwargs)
        ctx.set_default_timeout(self.options.page_timeout * 1000)
        ctx.set_default_navigation_timeout(self.options.page_timeout * 1000)
        # what the politeness gate is told: every page of the context, popups closed at once
        # included (each page's own Traffic, what settle() waits on, adds to it)
        _CONTEXT_TRAFFIC[ctx] = Traffic(None)
        ctx.on("page", self._on_new_page)
        return ctx

    def _on_new_page(self, page) -> None:
        _TRAFFIC[page] = Traffic(page, _CONTEXT_TRAFFIC.get(page.context))
        page.on("dialog", _answer_dialog)
        page.on("response", self._on_response)
        page.on("popup", lambda p: asyncio.ensure_future(_quietly(p.close())))  # no pop-ups

    def _on_response(self, response) -> None:
        try:
            self.bytes += int(response.headers.get("content-length") or 0)
        except (ValueError, TypeError):
            pass

    async def context(self):
        """The target's reused browser context (created on first use)."""
        if self._context is None:
            self._context = await self._new_context()
        return self._context

    async def _page_in(self, context):
        if context is None:
            if self._page is None or self._page.is_closed():
                self._page = await (await self.context()).new_page()
            return self._page
        live = [p for p in context.pages if not p.is_closed()]
        return live[0] if live else await context.new_page()

    @contextlib.asynccontextmanager
    async def page(self, url: str | None = None, *, context=None,
                   wait_until: str = "load") -> AsyncIterator[Any]:
        """A page (the target's reused one, or the first of ``context``) for a block of reading.

        Holds the politeness gate of ``url``'s host and a render slot for the whole block (the
        slot given up while the block only waits: :func:`idle`), so keep blocks short.  With
        ``url``, navigates there first (see :meth:`goto`).
        """
        host = host_port(url or self.target.url)
        if url is not None:
            await self._check_robots(url)      # robots.txt read before taking its gate
        t0 = time.monotonic()
        async with self.shared.gates.hold(host, self) as held:
            slot = _RenderSlot(self.shared.render_slots)
            await slot.take()
            outer = _SLOT.get()
            _SLOT.set(slot)
            page = None
            try:
                self.waited += time.monotonic() - t0
                page = await self._page_in(context)
                if url is not None:
                    await self._navigate(page, url, wait_until)
                yield page
            finally:
                _SLOT.set(outer)
                slot.give()
                # the politeness delay runs from the page's last request, not from the end
                # of our reading it (the server saw nothing of that)
                held.quiet_since = quiet_since(page)

    async def goto(self, page, url: str, *, wait_until: str = "load"):
        """Navigate inside a ``page()`` block, politely (the gate of the new host is taken)."""
        await self._check_robots(url)          # robots.txt read before taking its gate
        async with self.shared.gates.hold(host_port(url), self) as held:
            try:
                return await self._navigate(page, url, wait_until)
            finally:
                held.quiet_since = quiet_since(page)

    async def _navigate(self, page, url: str, wait_until: str):
        await self._check_robots(url)
        self._count_page(url)
        if self.bytes > self.bytes_budget:
            raise BudgetExceeded(f"byte budget of {self.bytes_budget} spent")
        response = None
        self.last_status = None
        for attempt in range(NAV_TRIES):
            before = page.url
            try:
                response = await page.goto(url, wait_until=wait_until,
                                           timeout=self.options.page_timeout * 1000)
                self.last_status = response.status if response is not None else None
                break
            except Exception as exc:             # noqa: BLE001 - classify below
                if "Timeout" in type(exc).__name__ or "timeout" in str(exc).lower():
                    self.log.append(f"{url}: did not finish loading in "
                                    f"{self.options.page_timeout:.0f} s")
                    break
                why = retry_reason(str(exc))
                aborted = why is None and "net::ERR_ABORTED" in str(exc)
                if attempt == NAV_TRIES - 1 or (why is None and not aborted):
                    raise
                # let the other navigation (often a failed one, committing Chromium's error
                # page) finish before ours starts again; a network hiccup gets a second
                with contextlib.suppress(Exception):
                    await page.wait_for_load_state("load", timeout=3000)
                if aborted:
                    # Chromium aborts ours when the page's own navigation commits first (the
                    # same race as "interrupted", told apart by where the page went); an
                    # answer that loads nothing (a 204, a download) leaves it where it was
                    if _same_page(page.url, before) and not _same_page(before, url):
                        raise
                    why = INTERRUPTED
                if why == INTERRUPTED and _same_page(page.url, url):
                    # ours went on after the interruption and arrived: no second load
                    self.log.append(f"{url}: {why}, then arrived")
                    break
                self.log.append(f"{url}: {why}; loading it once more")
                if why != INTERRUPTED:
                    await asyncio.sleep(NAV_RETRY_DELAY_S)
        await settle(page)
        return response

    async def _open_fresh(self, *, javascript: bool = True, **kwargs):
        """A new context under the sweep's bound of fresh contexts (its slot taken here and
        given back by :meth:`_close_fresh`)."""
        t0 = time.monotonic()
        await self.shared.fresh_slots.acquire()
        try:
            if self.shared.memory is not None:
                # over the sweep's memory budget: other targets' pages close first (bounded)
                await self.shared.memory.room(lambda: True, most=FRESH_MEMORY_WAIT_S)
            self.waited += time.monotonic() - t0
            return await self._new_context(javascript=javascript, **kwargs)
        except BaseException:
            self.shared.fresh_slots.release()
            raise

    async def _close_fresh(self, ctx) -> None:
        try:
            await _quietly(ctx.close())
        finally:
            self.shared.fresh_slots.release()

    async def _drop_visitor(self) -> None:
        ctx, self._visitor = self._visitor, None
        if ctx is not None:
            await self._close_fresh(ctx)

    @contextlib.asynccontextmanager
    async def fresh_context(self, *, javascript: bool = True, **kwargs) -> AsyncIterator[Any]:
        """A clean context (no cookies, optionally no JavaScript), closed after the block."""
        # a context of its own: a visitor's context kept for later is closed first (its slot
        # freed, so that a target never holds two of the sweep's fresh slots and waits for one)
        await self._drop_visitor()
        ctx = await self._open_fresh(javascript=javascript, **kwargs)
        try:
            yield ctx
        finally:
            await self._close_fresh(ctx)

    @contextlib.asynccontextmanager
    async def visitor_context(self) -> AsyncIterator[Any]:
        """A first-time visitor's context, with script: the one an earlier block of this target
        handed back (:meth:`spare`: it only read, answered and typed nothing), else a fresh one.

        A new context costs about 130 ms of CPU, most of it the new page's renderer process;
        the age-gate probe's landing (when it met no gate), the sign-up probe's reading of the
        form and the visitor survey are each a visitor's first look, so they go on in one
        context, its page unloaded between them.  A block that cannot :meth:`spare` its context
        has it closed at the end, as :meth:`fresh_context` does."""
        ctx, self._visitor, self._spared = self._visitor, None, None
        if ctx is None:
            ctx = await self._open_fresh()
        try:
            yield ctx
        except BaseException:
            self._spared = None
            await self._close_fresh(ctx)
            raise
        spared, self._spared = self._spared is ctx, None
        if spared and await _unload_all(ctx):
            await self._drop_visitor()
            self._visitor = ctx
        else:
            await self._close_fresh(ctx)

    def spare(self, ctx) -> None:
        """Say that the :meth:`visitor_context` block of ``ctx`` only read as a visitor does:
        nothing answered, typed or submitted, so a later visitor block may go on in it."""
        self._spared = ctx

    async def rest(self, *, keep_page: bool = True) -> None:
        """Between probes: unload the target's reused page (to ``about:blank``) and keep its
        context (cookies, storage) and its renderer process; with ``keep_page=False`` (no later
        probe reads in it) close the page and free the process.

        A page left on a target's document keeps that document's scripts, timers and memory
        going while the target's next probes work in fresh contexts or wait at the politeness
        gate.  Closing the page freed them too, but the next probe's page then started a new
        renderer process: about 80 ms of CPU each time, against about 25 for a blank document
        and a same-site load in the process already there.  A page that will not unload
        within :data:`REST_UNLOAD_S` is closed instead (the next block opens a new one)."""
        page = self._page
        if page is None or page.is_closed() or not keep_page:
            self._page = None
            if page is not None:
                await _quietly(page.close())
            return
        if not await _blank(page):
            self._page = None
            await _quietly(page.close())

    async def close(self) -> None:
        await self._drop_visitor()
        if self._context is not None:
            await _quietly(self._context.close())
            self._context = self._page = None


async def _unload_all(ctx) -> bool:
    """Unload every page of a context handed back for later (its routes removed, the first page
    sent to ``about:blank``, its renderer process kept; any other closed).  False when that
    failed: the context is then closed instead."""
    pages = [p for p in ctx.pages if not p.is_closed()]
    for extra in pages[1:]:
        await _quietly(extra.close())
    try:
        if pages:
            await pages[0].unroute_all(behavior="ignoreErrors")
        await ctx.unroute_all(behavior="ignoreErrors")
    except Exception:   # noqa: BLE001 - a context that has gone
        return False
    return not pages or await _blank(pages[0])


async def _blank(page) -> bool:
    """Send ``page`` to ``about:blank`` (its document, scripts and timers gone, its renderer
    process kept); False when it would not go within :data:`REST_UNLOAD_S` (or has gone)."""
    try:
        await asyncio.wait_for(page.goto("about:blank"), REST_UNLOAD_S)
    except Exception:       # noqa: BLE001 - a page that holds on (or has gone)
        return False
    return True


INTERRUPTED = "interrupted by the page's own navigation"
FRESH_MEMORY_WAIT_S = 10.0
REST_UNLOAD_S = 3.0
#: Chromium's network errors worth one more try (a dropped or reset connection), not the
#: ones that will fail the same way again (no such host, certificate errors, blocked).
TRANSIENT_NET_ERRORS = ("ERR_CONNECTION_RESET", "ERR_CONNECTION_CLOSED", "ERR_EMPTY_RESPONSE",
                        "ERR_NETWORK_CHANGED", "ERR_CONNECTION_ABORTED", "ERR_SOCKET_NOT_CONNECTED",
                        "ERR_HTTP2_PROTOCOL_ERROR", "ERR_QUIC_PROTOCOL_ERROR")
NAV_RETRY_DELAY_S = 1.0
NAV_TRIES = 3


def _same_page(current: str, wanted: str) -> bool:
    """Whether the page is at ``wanted`` (its fragment and a trailing slash aside)."""
    def key(u: str) -> str:
        return u.split("#", 1)[0].rstrip("/")
    return bool(current) and key(current) == key(wanted)


def retry_reason(message: str) -> str | None:
    """Why a failed navigation deserves a second try, or None.

    ``page.goto`` fails with "interrupted by another navigation" when a navigation the page
    started itself (a "Leave" link clicked just before, a script's redirect, often one failing
    into ``chrome-error://``) commits while ours is on its way: ours was never refused."""
    if "interrupted by another navigation" in message:
        return INTERRUPTED
    for code in TRANSIENT_NET_ERRORS:
        if code in message:
            return f"network error {code}"
    return None


SETTLE_QUIET_S = 0.2       # no request in flight for this long: the page has settled
SETTLE_CAP_S = 1.5         # however busy it stays (polling, streams), at most this long
_TRAFFIC: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()   # page -> Traffic
_CONTEXT_TRAFFIC: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()   # context -> Traffic


class Traffic:
    """Requests in flight on one page (or, as ``shared``, on every page of a context), and when
    the last one started or ended (the events Playwright already sends; nothing is injected
    into the page)."""

    def __init__(self, page, shared: Traffic | None = None) -> None:
        self.inflight: set = set()
        self.last = time.monotonic()
        self.shared = shared
        if page is not None:
            page.on("request", self._start)
            page.on("requestfinished", self._end)
            page.on("requestfailed", self._end)

    def _start(self, request) -> None:
        self.inflight.add(request)
        self.last = time.monotonic()
        if self.shared is not None:
            self.shared._start(request)

    def _end(self, request) -> None:
        self.inflight.discard(request)
        self.last = time.monotonic()
        if self.shared is not None:
            self.shared._end(request)


def quiet_since(page) -> float | None:
    """When the last request of ``page``'s context ended (``time.monotonic()``), if none is in
    flight now; None when one is, or when nobody watched (a page opened outside a session)."""
    context = getattr(page, "context", None)
    traffic = _CONTEXT_TRAFFIC.get(context) if context is not None else None
    if traffic is None or traffic.inflight:
        return None
    return traffic.last


async def settle(page, quiet_s: float = SETTLE_QUIET_S, cap_s: float = SETTLE_CAP_S) -> None:
    """Give scripts that build the page late a moment: until no request has been in flight for
    ``quiet_s`` (a script's fetch and the DOM it builds from the answer included) and one turn
    of the page's own event loop started no new request, capped at ``cap_s``.

    The turn matters on a busy machine: a script that has downloaded but not yet run (its
    fetch not yet asked for) looks like a quiet network.  Playwright's ``networkidle`` waits a
    fixed 500 ms of quiet on every page, which cost a render slot half a second per page on
    pages with nothing left to load; a page opened outside a session (no :class:`Traffic`)
    still uses it."""
    traffic = _TRAFFIC.get(page)
    if traffic is None:
        with contextlib.suppress(Exception):
            await page.wait_for_load_state("networkidle", timeout=cap_s * 1000)
        return
    end = time.monotonic() + cap_s
    while True:
        now = time.monotonic()
        quiet_for = now - traffic.last
        if now >= end:
            return
        if not traffic.inflight and quiet_for >= quiet_s:
            mark = traffic.last
            await _page_turn(page, end - now)
            if not traffic.inflight and traffic.last == mark:
                return
            continue
        wait = quiet_s - quiet_for if not traffic.inflight else 0.05
        await asyncio.sleep(max(0.02, min(wait, end - now)))


_TURN_JS = "() => new Promise((done) => { try { setTimeout(done, 0); } catch (e) { done(); } })"


async def _page_turn(page, seconds: float) -> None:
    """Wait until the page's main thread has run what was queued before now (scripts still to
    execute), plus a moment for the requests they start to be reported; bounded, since a
    hostile page may replace ``setTimeout`` or never yield."""
    with contextlib.suppress(Exception):
        await asyncio.wait_for(page.evaluate(_TURN_JS), max(0.05, min(seconds, 1.0)))
    await asyncio.sleep(0.02)


def _answer_dialog(dialog) -> None:
    """Alerts, confirms and prompts are dismissed; a "leave this page?" (beforeunload) is
    accepted, or it would hold every later navigation of that page until it timed out."""
    answer = dialog.accept() if dialog.type == "beforeunload" else dialog.dismiss()
    asyncio.ensure_future(_quietly(answer))


async def _quietly(awaitable) -> None:
    with contextlib.suppress(Exception):
        await awaitable
