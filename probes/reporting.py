"""Reporting and complaints: the report control next to content, the flow it opens, and the
complaints and appeals routes beyond it (ICU D1-D6, D8-D12; OSA s.20, s.20A).

1. Samples a few content items (threads, posts, profiles, videos, files) linked from the home
   page, its listings or the sitemap, and looks next to each for a report control: a button or
   link, an icon with only an ARIA label, or an entry of a "..." / "More options" menu.
2. Follows the first control it finds up to the report form, never past it (nothing is
   submitted, whatever the target allows: see :mod:`probes.reporting_flow`), and reads the form:
   categories, free text, attachments, a CAPTCHA or login wall, what it says will happen.
3. From a fresh load, presses Tab until the control has the focus and Enter to open it.
4. Reads complaints, appeals, help, contact and report pages (over HTTP first, in the browser
   when the HTML has no text) for routes, timeframes, outcomes, an opt-out and an intimate image
   route, and quotes every sentence relied on.

What is seen is turned into observations by :mod:`probes.reporting_decide`; the words it looks
for are in :mod:`probes.reporting_text`, the scripts it runs in pages in :mod:`probes.reporting_js`.
"""

from __future__ import annotations

import asyncio
import re
from urllib.parse import urldefrag, urlsplit

from auditor.model import Observation
from auditor.session import BudgetExceeded, RobotsDisallowed, Session
from probes.base import Findings, Link
from probes.messaging_ui import Guard as PersonaGuard
from probes.messaging_ui import login
from probes.pages import LINKS_JS, links_from_html, links_from_js
from probes.platforms import home_platform
from probes.reporting_decide import RoutePage, State, decide
from probes.reporting_flow import (
    Flow,
    Guard,
    ItemCheck,
    check_item,
    form_a11y,
    has_form,
    inspect,
    is_login_wall,
    js,
    keyboard_check,
    login_reason,
    shot,
)
from probes.reporting_js import MAILTO_JS, TEXT_JS
from probes.reporting_text import (
    PASSWORD_INPUT,
    content_candidates,
    emails_in,
    listing_candidates,
    pdf_text,
    pick_items,
    search_url,
    sentences,
    visible_lines_of_html,
)

NAME = "reporting"
TARGET_PAGE = True      # reads in the target's reused page (probes/__init__.py)
MAX_ITEMS = 3
MAX_LISTINGS = 2
MAX_ROUTE_PAGES = 7
PROBE_SHARE = 0.35             # of the target's time: the probe's own bound (30 s to 100 s)
FETCH_SECONDS = 10.0           # a page that never ends costs this much, not the target's time
ITEM_SECONDS = 8.0             # an item page is not started with less time than this left
END_MARGIN = 10.0              # seconds kept back from the target's deadline
THIN_TEXT = 250                # fewer visible characters over HTTP: read it in the browser

ROUTE_LINK_WORDS = (
    ("complaints", 10, r"complain"),
    ("appeals", 9, r"\bappeal"),
    ("reporting_help", 6, r"how (reporting|to report)|reporting (works|help|guide)|/reporting\b|"
                          r"report(ing)? (content|abuse|a concern)|safety cent|trust (and|&) "
                          r"safety|moderation"),
    ("help", 4, r"\bhelp\b|support|\bfaq|/help"),
    ("contact", 3, r"contact"),
    ("iia", 8, r"intimate|non-?consensual|stopncii"),
)


async def run(session: Session) -> list[Observation]:
    f = Findings(NAME)
    sm = session.sitemap
    if sm is None:
        return f.finish(note="not_run: discovery has not run")
    if sm.wall:
        return f.finish(note=sm.wall)
    st = State(session)
    st.seconds = max(30.0, min(100.0, PROBE_SHARE * session.options.timeout_per_target))
    left = target_time_left(session)
    if left is not None and left - END_MARGIN < st.seconds:
        st.seconds = max(5.0, left - END_MARGIN)     # finish, with what was seen, before the
        st.log.append(f"{st.seconds:.0f} s left for this probe")   # target's time runs out
    st.sitewide = sitewide_links(session)
    for stage in (sample_items, fallback_form, member_items, platform_report_page, read_routes,
                  keyboard_stage):
        if st.budget or st.time_left() < 2:
            continue
        try:
            async with asyncio.timeout(st.time_left()):
                await stage(st)
        except TimeoutError:
            st.log.append(f"{stage.__name__} cut short by the probe's time bound")
        except BudgetExceeded as exc:
            st.budget = True
            st.log.append(str(exc))
        except RobotsDisallowed as exc:
            st.log.append(str(exc))
        except Exception as exc:  # noqa: BLE001 - one stage's failure leaves the others' facts
            if not session.shared.browser.is_connected():
                raise
            st.log.append(f"{stage.__name__}: {type(exc).__name__}: {exc}"[:300])
    if st.log:
        session.log.append("reporting: " + "; ".join(st.log)[:400])
    decide(st, f)
    return f.finish(note="budget_exhausted" if st.budget else "not_found")


def target_time_left(session: Session) -> float | None:
    """Seconds left of the target's time, as the runner keeps it (None outside a sweep).

    The runner drops a probe's observations when the target times out inside it, so the probe
    bounds itself by this and finishes with what it has seen."""
    return session.time_left()


# -- sampling content ----------------------------------------------------------------------------
def sitewide_links(session: Session) -> list[str]:
    """Report links of the site's chrome: a control with one of these is not per item."""
    sm = session.sitemap
    out = {u for k, u in sm.key_pages.items() if k in ("report", "complaints", "contact")}
    for lk in sm.links:
        url = urldefrag(lk.url)[0]
        parts = urlsplit(url)
        shallow = not parts.query and len([p for p in parts.path.split("/") if p]) <= 1
        if lk.rel in ("footer", "nav", "menu") or shallow:
            out.add(url)
    return sorted(out)


async def item_urls(st: State) -> list[str]:
    session, sm = st.session, st.session.sitemap
    exclude = set(sm.key_pages.values())
    links = list(sm.links) + [Link(u, "", "sitemap", "sitemap") for u in sm.sitemap_urls[:500]]
    cands = content_candidates(links, sm.home_url, exclude)
    if len(cands) < MAX_ITEMS:
        for url in listing_candidates(sm.links, sm.home_url, exclude)[:MAX_LISTINGS]:
            if url not in session.scope or not await session.allowed(url):
                continue
            found = await listing_links(session, url)
            cands = content_candidates(links + found, sm.home_url, exclude)
            if len(cands) >= MAX_ITEMS:
                break
    return [c.url for c in pick_items(cands, MAX_ITEMS) if c.url in session.scope]


async def listing_links(session: Session, url: str) -> list[Link]:
    try:
        res = await asyncio.wait_for(session.fetch(url), FETCH_SECONDS)
    except (BudgetExceeded, RobotsDisallowed):
        raise
    except Exception:  # noqa: BLE001
        return []
    links = links_from_html(res.text, res.final_url) if "html" in res.content_type else []
    if len([lk for lk in links if lk.url in session.scope]) >= 5:
        return [lk for lk in links if lk.url in session.scope]
    try:
        async with session.page(url) as page:
            found = links_from_js(await js(page, LINKS_JS), page.url)
    except (BudgetExceeded, RobotsDisallowed):
        raise
    except Exception:  # noqa: BLE001 - a listing that will not load lists nothing
        return []
    return [lk for lk in found if lk.url in session.scope]


async def sample_items(st: State) -> None:
    session, sm = st.session, st.session.sitemap
    urls = await item_urls(st)
    if urls:
        await check_items(st, urls, kind="item")
        return
    # No links to single items: the items of a feed (the home page), else of the results page
    # of a neutral search (a search service's content is its results).
    feeds = [(sm.home_url, "feed")] if sm.home_url else []
    search = search_url(sm.home_html, sm.home_url or sm.start_url)
    if search and search in session.scope:
        feeds.append((search, "search"))
    for url, kind in feeds:
        await check_items(st, [url], kind=kind)
        if st.items:
            return
    if sm.home_url and PASSWORD_INPUT.search(sm.home_html or ""):
        # the home page is itself a login form, with no content a visitor can reach: the
        # content, and any report control next to it, is behind the login
        item = ItemCheck(sm.home_url, kind="feed", error="login", login_url=sm.home_url)
        m = re.search(r"<title[^>]*>(.*?)</title>", sm.home_html, re.I | re.S)
        item.login_prompt = " ".join((m.group(1) if m else "").split())[:200]
        st.items.append(item)
        return
    st.item_note = ("no content items linked from the home page, its listings or the sitemap, "
                    "and no report control on items of the home page"
                    + (" or of a search results page" if search else ""))


async def check_items(st: State, urls: list[str], *, kind: str) -> None:
    session = st.session
    feed = kind != "item"
    for url in urls:
        if not await session.allowed(url):
            st.log.append(f"item {url}: robots.txt disallows it")
            continue
        if st.time_left() < ITEM_SECONDS:
            st.log.append("item sampling cut short by the probe's time bound")
            break
        want_flow = st.flow is None or not (st.flow.form or st.flow.login_wall
                                            or st.flow.blocked in ("post_form", "one_click"))
        try:
            item, flow = await check_item(session, url, st.sitewide, feed=feed,
                                          follow_flow=want_flow)
        except (BudgetExceeded, RobotsDisallowed):
            raise
        except Exception as exc:  # noqa: BLE001 - a page that breaks is one item not checked
            st.log.append(f"item {url}: {type(exc).__name__}")
            continue
        if feed and not item.found and not item.controls:
            continue                        # a page with no items of its own: not a sample
        item.kind = kind
        st.items.append(item)
        if flow is not None and (st.flow is None or better(flow, st.flow)):
            st.flow = flow


def _member(session: Session):
    """The test account to look as (the row's ``accounts``): the adult persona first."""
    personas = session.personas or {}
    return personas.get("adult") or next(iter(personas.values()), None)


async def member_items(st: State) -> None:
    """With the row's test accounts: where a visitor found no report control next to content
    (or the content asked to log in), look at the same items logged in, as a member does."""
    session, sm = st.session, st.session.sitemap
    persona = _member(session)
    if persona is None or any(i.found for i in st.items):
        return
    if st.flow and st.flow.form:
        return
    urls = [i.url for i in st.items if i.kind == "item"][:MAX_ITEMS]
    if not urls:
        urls = (await item_urls(st))[:MAX_ITEMS] or [sm.home_url or sm.start_url]
    if st.time_left() < ITEM_SECONDS * 2:
        st.member_note = "no time left to look as a member"
        return
    async with session.fresh_context() as ctx:
        guard = PersonaGuard(session)
        await ctx.route("**/*", guard)
        async with session.page(None, context=ctx) as page:
            res = await login(session, guard, page, persona, login_url=sm.key_pages.get("login"),
                              home_url=sm.home_url or sm.start_url)
        if not res.ok:
            st.member_note = f"the {persona.name} test account could not log in: {res.note}"
            st.log.append(st.member_note)
            return
        for url in urls:
            if st.time_left() < ITEM_SECONDS:
                break
            try:
                item, flow = await check_item(session, url, st.sitewide, feed=url == sm.home_url,
                                              follow_flow=st.member_flow is None, context=ctx)
            except (BudgetExceeded, RobotsDisallowed):
                raise
            except Exception as exc:  # noqa: BLE001 - one item that breaks is one not checked
                st.log.append(f"member item {url}: {type(exc).__name__}")
                continue
            st.member_items.append(item)
            if flow is not None and (st.member_flow is None or better(flow, st.member_flow)):
                st.member_flow = flow


def better(a: Flow, b: Flow) -> bool:
    def rank(x: Flow) -> int:
        return 3 if x.form else 2 if x.login_wall else \
            1 if x.blocked in ("post_form", "one_click") else 0
    return rank(a) > rank(b)


async def keyboard_stage(st: State) -> None:
    flow = st.flow
    if flow is None or st.time_left() < 6:
        return
    st.keyboard = await keyboard_check(st.session, flow.start_url, st.sitewide,
                                       via_menu=flow.how == "menu")


async def _open_report_page(session, url: str) -> Flow:
    """A report page opened as a visitor (never submitted): its form, or the login it asks
    for, with a screenshot."""
    flow = Flow(start_url=url)
    async with session.page(url) as page, Guard(session, page):
        ins = await inspect(page)
        flow.form_url = str(ins.get("url") or url)
        if is_login_wall(ins):
            flow.login_wall, flow.login_reason = True, login_reason(ins)
        elif has_form(ins):
            flow.form = ins
        flow.evidence = await shot(session, page, "[data-osa-scope]" if flow.form else None)
        if flow.form:
            # discovery's visit of this page read all of it already (a11y_violations)
            flow.a11y = session.sitemap.a11y.get(url) or await form_a11y(session, page)
    return flow


async def fallback_form(st: State) -> None:
    """No item control reached a form: inspect the site's report page (discovery) instead."""
    if st.flow and (st.flow.form or st.flow.login_wall):
        return
    url = st.session.sitemap.key_pages.get("report")
    if not url or st.time_left() < 6:
        return
    session = st.session
    flow = await _open_report_page(session, url)
    if flow.form or flow.login_wall:
        st.fallback = flow


async def platform_report_page(st: State) -> None:
    """No report control, no report page and no member's flow: where the community software
    the home page is built with reports a post (the platforms table's ``report_path``), the
    report address of a sampled item is opened (never submitted); a login there is the
    barrier a visitor meets."""
    if (st.flow and (st.flow.form or st.flow.login_wall)) or st.fallback or st.member_flow:
        return
    session, sm = st.session, st.session.sitemap
    items = [i for i in st.items if not i.error and not i.found]
    if not items or not sm.home_html or st.time_left() < 6:
        return
    platform = home_platform(session)
    if platform is None or not platform.report_path:
        return
    url = next((u for i in items if (u := platform.report_url_for(i.url))), "")
    if not url or url not in session.scope or not await session.allowed(url):
        return
    flow = await _open_report_page(session, url)
    if flow.form or flow.login_wall:
        flow.control = f"{platform.name}'s report address for a post"
        st.fallback = flow
        st.log.append(f"reporting: opened {url} ({platform.name}'s report address for a "
                      "sampled post)")


# -- complaints, appeals and help pages --------------------------------------------------------
def route_sources(st: State) -> list[tuple[str, str, int]]:
    session, sm = st.session, st.session.sitemap
    seen: dict[str, tuple[str, int]] = {}

    def add(url: str | None, kind: str, score: int) -> None:
        if not url:
            return
        url = urldefrag(url)[0]
        if url not in session.scope:
            return
        if url not in seen or seen[url][1] < score:
            seen[url] = (kind, score)

    add(sm.key_pages.get("complaints"), "complaints", 12)
    add(sm.key_pages.get("report"), "report", 7)
    add(sm.key_pages.get("contact"), "contact", 3)
    for lk in sm.links:
        kind, score = route_kind(lk)
        if kind:
            add(lk.url, kind, score)
    add(sm.key_pages.get("terms"), "terms", 1)
    add(sm.key_pages.get("guidelines"), "guidelines", 1)
    return sorted(((u, k, s) for u, (k, s) in seen.items()), key=lambda x: -x[2])


def route_kind(lk: Link) -> tuple[str, int]:
    hay = f"{lk.text} {urlsplit(lk.url).path}"
    for kind, score, pat in ROUTE_LINK_WORDS:
        if re.search(pat, hay, re.I):
            return kind, score
    return "", 0


async def read_routes(st: State) -> None:
    session = st.session
    queue = route_sources(st)
    st.routes_listed = len(queue)
    done: set[str] = set()
    while queue and len(done) < MAX_ROUTE_PAGES and st.time_left() > 2:
        url, kind, _score = queue.pop(0)
        if url in done:
            continue
        done.add(url)
        if not await session.allowed(url):
            continue
        page = await read_page(st, url, kind)
        if page is None:
            continue
        st.pages.append(page)
        for lk in page.links:                      # one level deeper: help hub -> complaints
            k, s = route_kind(lk)
            if k in ("complaints", "appeals", "reporting_help", "iia") and lk.url not in done \
                    and lk.url in session.scope:
                queue.append((urldefrag(lk.url)[0], k, s))
        queue.sort(key=lambda x: -x[2])


async def read_page(st: State, url: str, kind: str) -> RoutePage | None:
    session = st.session
    rp = RoutePage(url, kind)
    try:
        res = await asyncio.wait_for(session.fetch(url), FETCH_SECONDS)
    except (BudgetExceeded, RobotsDisallowed):
        raise
    except Exception as exc:  # noqa: BLE001
        st.log.append(f"{url}: {type(exc).__name__}")
        return None
    rp.status = res.status
    if res.status >= 400:
        return rp
    if res.content_type == "application/pdf" or res.content[:5] == b"%PDF-":
        rp.text = re.sub(r"(?<!\n)\n(?!\n)", " ", pdf_text(res.content))   # lines -> paragraphs
        rp.sents, rp.emails = sentences(rp.text), emails_in(rp.text, [])
        return rp
    if "html" not in res.content_type and res.content_type:
        return rp
    html = res.text
    rp.text = visible_lines_of_html(html)
    rp.links = links_from_html(html, res.final_url)
    hrefs = [lk.url for lk in rp.links]
    hrefs += re.findall(r"""href\s*=\s*["'](mailto:[^"'<>\s]{3,200})""", html, re.I)
    rp.has_form = bool(re.search(r"<(textarea|select)\b|type=[\"']?radio", html, re.I))
    thin = len(" ".join(rp.text.split())) < THIN_TEXT
    if thin and re.search(r"<script\b", html, re.I):   # built by script: read it rendered
        try:
            async with session.page(url) as page:
                rp.text = await js(page, TEXT_JS)
                rp.links = links_from_js(await js(page, LINKS_JS), page.url)
                hrefs = [lk.url for lk in rp.links] + list(await js(page, MAILTO_JS))
                rp.has_form = bool(await page.locator("textarea, select, input[type=radio]")
                                   .count())
                rp.via = "browser"
        except (BudgetExceeded, RobotsDisallowed):
            raise
        except Exception as exc:  # noqa: BLE001
            st.log.append(f"{url} in the browser: {type(exc).__name__}")
    rp.sents = sentences(rp.text)
    rp.emails = emails_in(rp.text, hrefs)
    m = re.search(r"<title[^>]*>(.*?)</title>", html, re.I | re.S)
    rp.title = " ".join((m.group(1) if m else "").split())[:200]
    return rp
