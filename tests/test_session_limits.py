"""Hostile pages cannot hold a target: a server that drips its answer, a page that asks
"leave this page?" on every navigation."""

from __future__ import annotations

import asyncio
import time

import httpx
import pytest
import sitekit
from sitekit import Site, page
from werkzeug.wrappers import Response

from auditor.http import fetch, make_client
from auditor.model import Target


def _drip(_req):
    def body():
        yield b"<html><body>"
        for _ in range(60):                       # a byte every 0.1 s: each read is quick
            time.sleep(0.1)
            yield b"x"
        yield b"</body></html>"
    return Response(body(), mimetype="text/html", direct_passthrough=True)


async def test_a_dripping_server_is_cut_off_at_the_total_time_limit():
    with Site(hosts={"drip.test": {"/": _drip, "/ok": page("Fine", "<p>quick</p>")}}) as site:
        client = make_client(user_agent="t", host_map=site.host_map, timeout=5)
        try:
            ok = await fetch(client, "http://drip.test/ok", max_bytes=10_000, total_seconds=2)
            assert ok.status == 200 and b"quick" in ok.content
            t0 = time.monotonic()
            with pytest.raises(httpx.ReadTimeout, match="total time limit"):
                await fetch(client, "http://drip.test/", max_bytes=10_000, total_seconds=1.0)
            assert time.monotonic() - t0 < 4.5      # not the 6 s the drip lasts
        finally:
            await client.aclose()


LEAVE = page("Draft", "<textarea id='t'></textarea><button id='b'>Type</button>"
                      "<script>addEventListener('beforeunload', e => {"
                      " e.preventDefault(); e.returnValue = 'Leave?'; });</script>",
             "<a href='/next'>Next</a>")


@pytest.mark.browser
async def test_a_leave_this_page_prompt_does_not_hold_the_next_navigation(tmp_path):
    routes = {"/": LEAVE, "/next": page("Next", "<p>arrived</p>")}
    with Site(hosts={"draft.test": routes}) as site:
        async with sitekit.shared_browser(site.host_map, page_timeout=8) as shared:
            target = Target("d", "Draft", "http://draft.test/")
            async with sitekit.probe_session(shared, target, tmp_path) as session:
                async with session.page("http://draft.test/") as p:
                    seen: list[str] = []
                    p.on("dialog", lambda d: seen.append(d.type))
                    await p.click("#b")               # a user gesture arms beforeunload
                    await p.fill("#t", "unsaved words")
                    t0 = time.monotonic()
                    await session.goto(p, "http://draft.test/next")
                    took = time.monotonic() - t0
                    assert "arrived" in await p.inner_text("body")
    assert seen == ["beforeunload"]                   # the prompt came and was answered
    # held by the prompt, the navigation would last the 8 s page timeout
    assert took < 7 and not any("did not finish" in line for line in session.log)


LEAVING = page("Gate", "<a id='leave' href='http://gone.test/'>Leave</a>")


@pytest.mark.browser
async def test_a_navigation_the_page_interrupts_with_its_own_is_made_again(tmp_path):
    """A "Leave" link to a host that does not answer, clicked just before the probe moves on:
    Chromium commits its error page for the link while the probe's navigation is on its way,
    and Playwright fails ours as "interrupted by another navigation" (about every other time
    on this machine, so eight tries).  The session loads its page once more."""
    routes = {"/": LEAVING, "/next": page("Next", "<p>arrived</p>")}
    with Site(hosts={"gate.test": routes}) as site:
        async with sitekit.shared_browser(site.host_map) as shared:
            target = Target("g", "Gate", "http://gate.test/")
            async with sitekit.probe_session(shared, target, tmp_path) as session:
                for _ in range(8):
                    async with session.page("http://gate.test/") as p:
                        await p.click("#leave", no_wait_after=True)
                        await session.goto(p, "http://gate.test/next")
                        assert "arrived" in await p.inner_text("body")
                        assert p.url == "http://gate.test/next"
    retried = [line for line in session.log if "interrupted" in line]
    assert all(("loading it once more" in line or "then arrived" in line) for line in retried)


@pytest.mark.browser
async def test_an_answer_that_loads_nothing_is_not_asked_for_again(tmp_path):
    """Chromium aborts a navigation whose answer loads nothing (a 204) with ERR_ABORTED, as it
    aborts ours when the page's own navigation commits first; only the second is retried
    (told apart by where the page went), so a 204 is asked for once."""
    routes = {"/": page("Start", "<p>start</p>"), "/nothing": (204, {}, "")}
    with Site(hosts={"quiet.test": routes}) as site:
        async with sitekit.shared_browser(site.host_map) as shared:
            target = Target("q", "Quiet", "http://quiet.test/")
            async with sitekit.probe_session(shared, target, tmp_path) as session:
                async with session.page("http://quiet.test/") as p:
                    with pytest.raises(Exception, match="ERR_ABORTED"):
                        await session.goto(p, "http://quiet.test/nothing")
                    assert "start" in await p.inner_text("body")
    assert len(site.hits_for("quiet.test", "/nothing")) == 1
    assert not any("once more" in line for line in session.log)


def test_only_interruptions_and_dropped_connections_are_retried():
    from auditor.session import INTERRUPTED, retry_reason
    assert retry_reason('Page.goto: Navigation to "http://a.test/" is interrupted by another '
                        'navigation to "chrome-error://chromewebdata/"') == INTERRUPTED
    assert "ERR_CONNECTION_RESET" in retry_reason("net::ERR_CONNECTION_RESET at http://a.test/")
    assert retry_reason("net::ERR_NAME_NOT_RESOLVED at http://a.test/") is None
    assert retry_reason("net::ERR_CERT_AUTHORITY_INVALID at https://a.test/") is None


# -- robots.txt and redirects over HTTP (no browser needed) --------------------------------------

def _http_session(site: Site, folder, *, delay: float = 0.05, **opts):
    """A Session whose Shared has an HTTP client but no browser (fetch and robots only)."""
    import asyncio

    from auditor.evidence import EvidenceRecorder
    from auditor.options import SweepOptions
    from auditor.politeness import HostGates
    from auditor.session import Session, Shared

    options = SweepOptions(host_map=site.host_map, politeness_delay=delay, page_timeout=5,
                           **opts)
    shared = Shared(options=options, browser=None,
                    client=make_client(user_agent=options.user_agent, host_map=site.host_map,
                                       timeout=5),
                    gates=HostGates(delay=delay), render_slots=asyncio.Semaphore(1),
                    fresh_slots=asyncio.Semaphore(1))
    target = Target("t", "T", "http://start.test/")
    return Session(target, shared, EvidenceRecorder(folder, "t", set()))


ROBOTS = (200, {"Content-Type": "text/plain"}, "User-agent: *\nDisallow: /private/\n")


async def test_a_redirect_to_a_disallowed_url_is_not_followed(tmp_path):
    from auditor.session import RobotsDisallowed

    routes = {"/robots.txt": ROBOTS,
              "/go": (302, {"Location": "http://other.test/private/x"}, ""),
              "/fine": (301, {"Location": "/landing"}, ""),
              "/landing": page("Landing", "<p>here</p>")}
    other = {"/robots.txt": ROBOTS, "/private/x": page("Secret", "<p>no</p>")}
    with Site(hosts={"start.test": routes, "other.test": other}) as site:
        session = _http_session(site, tmp_path)
        try:
            with pytest.raises(RobotsDisallowed, match="redirects to http://other.test/private/x"):
                await session.fetch("http://start.test/go")
            res = await session.fetch("http://start.test/fine")
        finally:
            await session.shared.client.aclose()
        assert not site.hits_for("other.test", "/private/x")
        assert site.hits_for("other.test", "/robots.txt")       # the new host's rules were read
    assert res.status == 200 and res.final_url == "http://start.test/landing"
    assert res.redirects == ["http://start.test/fine"] and b"here" in res.content
    assert any("robots.txt disallows" in line for line in session.log)
    assert session.pages == 2                                    # a fetch is one page, hops or not


async def test_redirect_hops_are_capped(tmp_path):
    routes = {f"/r{i}": (302, {"Location": f"/r{i + 1}"}, "") for i in range(30)}
    with Site(hosts={"start.test": routes}) as site:
        session = _http_session(site, tmp_path, delay=0.0)
        try:
            with pytest.raises(httpx.TooManyRedirects):
                await session.fetch("http://start.test/r0")
        finally:
            await session.shared.client.aclose()
        assert len(site.hits_for("start.test")) <= 12             # robots.txt + 11 hops


@pytest.mark.parametrize("status", [500, 503])
async def test_robots_txt_answering_5xx_disallows_the_host_with_the_reason(tmp_path, status):
    from auditor.session import RobotsDisallowed

    routes = {"/robots.txt": (status, {"Content-Type": "text/plain"}, "oops"),
              "/": page("Home", "<p>hi</p>")}
    with Site(hosts={"start.test": routes}) as site:
        session = _http_session(site, tmp_path)
        try:
            with pytest.raises(RobotsDisallowed, match=f"robots.txt .*answered HTTP {status}"):
                await session.robots("http://start.test/")
            assert not await session.allowed("http://start.test/anything")
            with pytest.raises(RobotsDisallowed, match=str(status)):
                await session.fetch("http://start.test/")
        finally:
            await session.shared.client.aclose()
        assert not site.hits_for("start.test", "/")
        assert len(site.hits_for("start.test", "/robots.txt")) == 2     # one retry, then kept


async def test_robots_txt_4xx_or_an_unknown_host_allows_all_and_ignore_robots_reads_anyway(
        tmp_path):
    routes = {"/robots.txt": (403, {"Content-Type": "text/plain"}, "no"),
              "/": page("Home", "<p>hi</p>")}
    broken = {"/robots.txt": (503, {}, ""), "/": page("Home", "<p>hi</p>")}
    with Site(hosts={"start.test": routes, "broken.test": broken}) as site:
        session = _http_session(site, tmp_path)
        ignoring = _http_session(site, tmp_path, ignore_robots=True)
        try:
            assert await session.allowed("http://start.test/x")
            assert await session.allowed("http://nowhere.test/x")     # not on the test network
            assert (await session.fetch("http://start.test/")).status == 200
            robots = await ignoring.robots("http://broken.test/")     # recorded, not obeyed
            assert robots.present and not robots.allowed("http://broken.test/")
            assert (await ignoring.fetch("http://broken.test/")).status == 200
        finally:
            await session.shared.client.aclose()
            await ignoring.shared.client.aclose()


async def test_crawl_delay_longer_than_the_delay_is_used_and_logged(tmp_path):
    routes = {"/robots.txt": (200, {"Content-Type": "text/plain"},
                              "User-agent: *\nCrawl-delay: 1\nDisallow: /private/\n"),
              "/a": page("A", "a"), "/b": page("B", "b")}
    greedy = {"/robots.txt": (200, {"Content-Type": "text/plain"},
                              "User-agent: *\nCrawl-delay: 600\n")}
    with Site(hosts={"start.test": routes, "greedy.test": greedy}) as site:
        session = _http_session(site, tmp_path, delay=0.05)
        try:
            await session.fetch("http://start.test/a")
            await session.fetch("http://start.test/b")
            await session.robots("http://greedy.test/")
        finally:
            await session.shared.client.aclose()
        hits = sorted(site.hits_for("start.test"), key=lambda h: h.t)
    assert [h.path for h in hits] == ["/robots.txt", "/a", "/b"]
    assert hits[2].t - hits[1].end >= 0.95 and hits[1].t - hits[0].end >= 0.95
    assert session.shared.gates.delay_for("greedy.test:80") == 30.0       # capped
    notes = [line for line in session.log if "Crawl-delay" in line]
    assert len(notes) == 2 and "start.test:80" in notes[0] and "1 s" in notes[0]
    assert "capped from 600 s" in notes[1]


LATE = page("Late", "<p id='n'>reading</p><script>setTimeout(() => fetch('/late.json')"
                    ".then((r) => r.text()).then((t) => {"
                    " document.getElementById('n').textContent = t; }), 300);</script>")


@pytest.mark.browser
async def test_the_politeness_delay_runs_from_the_pages_last_request_not_from_our_reading(
        tmp_path):
    """The server sees no request within the delay of the one before (a script's late fetch
    included), and reading a quiet page does not make the next request wait again."""
    routes = {"/": LATE, "/late.json": (200, {"Content-Type": "text/plain"}, "done"),
              "/next": page("Next", "<p>next</p>")}
    with Site(hosts={"late.test": routes}) as site:
        async with sitekit.shared_browser(site.host_map, delay=1.0) as shared:
            target = Target("l", "Late", "http://late.test/")
            async with sitekit.probe_session(shared, target, tmp_path) as session:
                async with session.page("http://late.test/") as p:
                    await p.wait_for_function("document.getElementById('n').textContent"
                                              " === 'done'")
                    await asyncio.sleep(1.2)       # reading the page: no request
                    read_end = time.monotonic()
                await session.fetch("http://late.test/next")
                started_next = time.monotonic()
        hits = sorted(site.hits_for("late.test"), key=lambda h: h.t)
    by_path = {h.path: h for h in hits}
    assert [h.path for h in hits if h.path != "/favicon.ico"] == \
        ["/robots.txt", "/", "/late.json", "/next"]
    assert by_path["/"].t - by_path["/robots.txt"].end >= 0.95
    # the page's own late fetch is part of the page; our next request waits from its end
    assert by_path["/next"].t - by_path["/late.json"].end >= 0.95
    assert started_next - read_end < 0.6, "the delay was waited again after a quiet read"


COOKIE = page("Set", "<script>document.cookie = 'consent=yes; path=/';</script><p>set</p>")
SHOW = page("Show", "<p id='c'></p><script>document.getElementById('c').textContent = "
                    "document.cookie;</script>")


TICK = page("Tick", "<p id='n'>0</p><script>let n = 0; setInterval(() => { "
                   "document.title = 'tick ' + (++n); }, 20);</script>")
HOLD = page("Hold", "<script>addEventListener('beforeunload', (e) => { e.preventDefault(); "
                    "e.returnValue = 'stay'; }); while (Date.now() < 0) {}</script><p>hold</p>")


@pytest.mark.browser
async def test_between_probes_the_reused_page_is_unloaded_and_the_context_kept(tmp_path):
    """An idle target runs no script of its own: between probes its reused page is sent to
    about:blank (the document and its timers gone, the renderer kept for the next probe); its
    cookies stay for the next probe, which reads on in the same page."""
    with Site(hosts={"keep.test": {"/": COOKIE, "/show": SHOW, "/tick": TICK}}) as site:
        async with sitekit.shared_browser(site.host_map) as shared:
            target = Target("k", "Keep", "http://keep.test/")
            async with sitekit.probe_session(shared, target, tmp_path) as session:
                async with session.page("http://keep.test/") as first:
                    assert "set" in await first.inner_text("body")
                context = first.context
                await session.rest()
                assert first.url == "about:blank" and context.pages == [first]
                async with session.page("http://keep.test/show") as second:
                    assert second is first and second.context is context
                    assert await second.inner_text("#c") == "consent=yes"
                async with session.page("http://keep.test/tick") as ticking:
                    await ticking.wait_for_function("parseInt(document.title.slice(5)) >= 3")
                await session.rest()
                await session.rest()                         # resting twice is harmless
                assert await ticking.title() == "" and ticking.url == "about:blank"
                await session.rest(keep_page=False)          # no later probe reads in it
                assert ticking.is_closed() and context.pages == []


@pytest.mark.browser
async def test_a_page_that_will_not_be_unloaded_is_closed_at_rest(tmp_path):
    """A page that asks to stay (beforeunload) is not waited on: it is closed, and the next
    probe gets a new page."""
    with Site(hosts={"keep.test": {"/hold": HOLD, "/show": SHOW}}) as site:
        async with sitekit.shared_browser(site.host_map) as shared:
            target = Target("k", "Keep", "http://keep.test/")
            async with sitekit.probe_session(shared, target, tmp_path) as session:
                async with session.page("http://keep.test/hold") as held:
                    await held.click("p")        # a page may only ask once the user has acted
                await session.rest()
                assert held.is_closed() or held.url == "about:blank"
                async with session.page("http://keep.test/show") as after:
                    assert not after.is_closed() and after.url.endswith("/show")


@pytest.mark.browser
async def test_a_visitor_context_goes_on_only_when_its_block_spared_it(tmp_path):
    """The age gate's landing, the sign-up form and the survey are each a first visitor's look:
    a block that only read hands its context on (its page unloaded, its routes gone, its
    cookies kept); one that did not is closed.  A fresh context asked for meanwhile closes the
    one kept, so that a target never holds two of the sweep's fresh slots (one here)."""
    from auditor.session import Shared

    with Site(hosts={"keep.test": {"/": COOKIE, "/show": SHOW}}) as site:
        async with sitekit.shared_browser(site.host_map) as two:
            shared = Shared(options=two.options, browser=two.browser, client=two.client,
                            gates=two.gates, render_slots=two.render_slots,
                            fresh_slots=asyncio.Semaphore(1))
            target = Target("k", "Keep", "http://keep.test/")
            async with sitekit.probe_session(shared, target, tmp_path) as session:
                blocked: list[str] = []

                async def block(route):
                    blocked.append(route.request.url)
                    await route.abort()

                async with session.visitor_context() as first:
                    async with session.page("http://keep.test/", context=first) as pg:
                        assert "set" in await pg.inner_text("body")
                        await pg.route("**/never", block)
                    session.spare(first)
                assert [p.url for p in first.pages] == ["about:blank"]
                async with session.visitor_context() as second:
                    assert second is first
                    async with session.page("http://keep.test/show", context=second) as pg:
                        assert await pg.inner_text("#c") == "consent=yes"
                        await pg.evaluate("() => fetch('/never').catch(() => 0)")
                    assert blocked == []                 # the first block's route is gone
                assert first.pages == []                 # not spared: closed
                async with session.visitor_context() as third:
                    assert third is not first and third.pages == []
                    session.spare(third)
                # a context of its own: the kept visitor's slot is freed for it, no waiting
                async with asyncio.timeout(10):
                    async with session.fresh_context() as own:
                        assert own is not third
                async with session.visitor_context() as fourth:
                    assert fourth is not third
                    session.spare(fourth)
            assert shared.fresh_slots.locked() is False   # closing the target freed the slot
            async with asyncio.timeout(5):
                async with shared.fresh_slots:
                    pass


def test_the_target_page_is_kept_until_the_last_probe_that_reads_in_it():
    import probes

    names = ["discovery", "terms", "reporting", "age_gate", "signup", "messaging", "profile"]
    assert probes.keep_target_page(names) == [True, True, False, False, False, False, False]
    assert probes.keep_target_page(["discovery", "age_gate"]) == [False, False]


# -- render slots: a block that only waits lends its slot ----------------------------------------

class _OpenPage:
    def is_closed(self) -> bool:
        return False


class _Context:
    """A browser context as ``Session.page(context=...)`` uses it: its open pages."""

    pages = [_OpenPage()]


def _two_sessions(folder, *, slots: int = 1):
    """Two targets' sessions sharing one sweep's bounds: ``slots`` render slots, no browser."""
    import asyncio

    from auditor.evidence import EvidenceRecorder
    from auditor.options import SweepOptions
    from auditor.politeness import HostGates
    from auditor.session import Session, Shared

    shared = Shared(options=SweepOptions(politeness_delay=0.0), browser=None, client=None,
                    gates=HostGates(delay=0.0), render_slots=asyncio.Semaphore(slots),
                    fresh_slots=asyncio.Semaphore(1))
    return shared, [Session(Target(t, t, f"http://{t}.test/"), shared,
                            EvidenceRecorder(folder, t, set())) for t in ("a", "b")]


async def test_a_block_that_only_waits_lends_its_render_slot_and_takes_it_back(tmp_path):
    """While a page block waits for the page to work on its own (a gate drawn late), another
    target's block renders in its slot; the waiting block reads on only with a slot again, and
    every slot is free once both are done."""
    import asyncio

    from auditor.session import idle

    shared, (a, b) = _two_sessions(tmp_path)
    events: list[str] = []

    async def waits():
        async with a.page(context=_Context()):
            events.append("a in")
            await idle(0.3)
            events.append("a reads on")
            assert shared.render_slots.locked()          # its slot back before it reads on
        events.append("a out")

    async def renders():
        while "a in" not in events:
            await asyncio.sleep(0.01)
        async with b.page(context=_Context()):
            events.append("b in")
            await asyncio.sleep(0.5)                       # rendering: keeps its slot
            events.append("b out")

    await asyncio.gather(waits(), renders())
    assert events == ["a in", "b in", "b out", "a reads on", "a out"]
    assert not shared.render_slots.locked()


async def test_a_short_wait_keeps_the_slot_and_a_cancelled_block_gives_back_only_its_own(
        tmp_path):
    import asyncio

    from auditor.session import IDLE_KEEP_SLOT_S, idle

    shared, (a, b) = _two_sessions(tmp_path)
    entered = asyncio.Event()

    async def short_wait():
        async with a.page(context=_Context()):
            entered.set()
            await idle(IDLE_KEEP_SLOT_S / 2)
            return shared.render_slots.locked()

    async def other():
        await entered.wait()
        async with b.page(context=_Context()):
            return "b"

    kept, _ = await asyncio.gather(short_wait(), other())
    assert kept is True                                   # b could not slip in meanwhile

    # cancelled while waiting for its slot back: nothing given back twice
    holding = asyncio.Event()
    release = asyncio.Event()

    async def hold_slot():
        async with b.page(context=_Context()):
            holding.set()
            await release.wait()

    async def idle_then_cancelled():
        async with a.page(context=_Context()):
            await idle(0.2)

    waiter = asyncio.create_task(idle_then_cancelled())
    await asyncio.sleep(0.05)                              # a is idle, its slot lent
    holder = asyncio.create_task(hold_slot())
    await holding.wait()
    await asyncio.sleep(0.3)                               # a now waits for its slot back
    waiter.cancel()
    with pytest.raises(asyncio.CancelledError):
        await waiter
    release.set()
    await holder
    assert not shared.render_slots.locked()               # its one slot free ...
    await shared.render_slots.acquire()
    assert shared.render_slots.locked()                   # ... and not given back twice
