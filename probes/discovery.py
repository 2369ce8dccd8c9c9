"""Discovery: the home page, robots.txt, sitemap and links, and which pages are the key ones.

Reads the home page over HTTP first (cheap) and then in the browser (footers that scripts build
late, links behind a "More" menu, links in open shadow roots); follows a legal or help hub when
the home page does not link the terms; falls back to the sitemap and common paths.  Records
bot walls and UK geo-blocks (with the mirrors they point to) as findings.

A guessed page is only taken for what it is: a page found at a common path (``/terms``) must
have a title or main heading in that page kind's words and content other than the home page's
(single-page apps and soft-404 sites answer every path with their home page), and an ambiguous
link (one whose URL, not its text, names the kind, as every sitemap entry does, or one picked for
two kinds) is checked against the linked page's title before it is believed.
"""

from __future__ import annotations

import asyncio
import re
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import httpx
from bs4 import BeautifulSoup

from auditor.model import Observation
from auditor.pagejs import content, evaluate
from auditor.session import RobotsDisallowed, Session, idle
from probes.a11y import check_page
from probes.base import KEY_PAGES, Findings, Link, SiteMap
from probes.pages import (
    HUB_WORDS,
    KEY_WORDS,
    LINKS_JS,
    MENU_WORDS,
    links_from_html,
    links_from_js,
    score_link,
    visible_text_of_html,
)
from probes.platforms import home_platform
from probes.walls import looks_geo_blocked, looks_like_bot_wall, mirrors

NAME = "discovery"
TARGET_PAGE = True      # reads in the target's reused page (probes/__init__.py)
#: Paths tried, in order, for a key page nothing links; the first page that passes
#: :func:`page_verdict` wins.  Each try is a polite request (the per-host delay applies), so the
#: lists are short: the terms, which the terms probe depends on, get four, the others fewer.
COMMON_PATHS = {
    "terms": ("/terms", "/tos", "/terms-of-service", "/terms-and-conditions"),
    "privacy": ("/privacy", "/privacy-policy"),
    "guidelines": ("/community-guidelines", "/rules"),
    "contact": ("/contact",),
    # never "report": on a site that files a report on a plain GET (a one-click flag link),
    # guessing /report could send one; a report page is found only through its links
}
#: Chromium's words for a navigation that cannot succeed (not a slow page)
NET_ERROR = re.compile(r"net::ERR_(TOO_MANY_REDIRECTS|NAME_NOT_RESOLVED|CONNECTION_REFUSED|"
                       r"INVALID_REDIRECT|UNSAFE_REDIRECT|INVALID_RESPONSE|EMPTY_RESPONSE|"
                       r"ADDRESS_UNREACHABLE)")
MAX_PATH_FETCHES = 10          # common-path requests per target, all kinds together
PAGE_COPY_CHARS = 200_000     # a key page's text kept as evidence, at most
MAX_SHELL_RENDERS = 3          # single-page-app routes read in the browser, all kinds together
MAX_LINK_CHECKS = 4            # ambiguous links read to check their title, per target
#: A title or heading that says the page is an error, whatever the path said.
ERROR_PAGE = re.compile(r"\b(not found|404|page (does not|doesn't) exist|can(no|')t be found|"
                        r"no longer available|went wrong|error)\b", re.I)
MAX_HUBS = 2
TEXT_JS = "() => document.body ? document.body.innerText : ''"
MAX_MENU_CLICKS = 3


class Unreachable(RuntimeError):
    """The start URL could not be loaded at all."""


async def run(session: Session) -> list[Observation]:
    f = Findings(NAME)
    sm = SiteMap(start_url=session.target.url)
    session.sitemap = sm
    target = session.target

    try:
        robots = await session.robots(target.url)
    except RobotsDisallowed as exc:     # robots.txt unreadable (5xx): counts as disallowing all
        sm.robots, sm.robots_reason = "disallowed", str(exc)
        f.add("robots", "disallowed", url=urljoin(target.url, "/robots.txt"), confidence=0.8,
              note=f"robots_unavailable: {exc}"[:300])
        return f.finish(note="robots_disallowed")
    if not robots.present:
        sm.robots = "absent"
    elif robots.allowed(target.url):
        sm.robots = "allowed"
    else:
        sm.robots = "disallowed"
    f.add("robots", sm.robots, url=urljoin(target.url, "/robots.txt"))
    if sm.robots == "disallowed" and not session.options.ignore_robots:
        return f.finish(note="robots_disallowed")

    # 1. The home page over HTTP: status, redirects, raw links, walls.
    try:
        res = await session.fetch(target.url)
    except RobotsDisallowed:
        return f.finish(note="robots_disallowed")
    except httpx.HTTPError as exc:
        raise Unreachable(f"{target.url}: {type(exc).__name__}: {exc}") from exc
    sm.home_status = res.status
    raw_html = html_of(res)
    raw_text = visible_text_of_html(raw_html) if raw_html else ""
    links = links_from_html(raw_html, res.final_url) if raw_html else []

    # 2. The home page in the browser: the page as a visitor sees it.
    rendered_html, rendered_text, home_url = raw_html, raw_text, res.final_url
    shot = None
    try:
        async with session.page(target.url) as page:
            home_url = page.url or home_url
            rendered_html = await content(page)
            rendered_text = await evaluate(page, TEXT_JS)
            links = merge(links, links_from_js(await evaluate(page, LINKS_JS), home_url))
            links = merge(links, await open_menus(page, home_url))
            shot = await session.evidence.screenshot(page)
    except RobotsDisallowed:
        return f.finish(note="robots_disallowed")
    except Exception as exc:  # noqa: BLE001 - a page that breaks the browser still has HTTP facts
        session.log.append(f"home page did not render: {type(exc).__name__}")
    sm.home_url, sm.home_html, sm.home_text = home_url, rendered_html, rendered_text or ""
    guess = home_facts(sm, target.url, res.final_url, raw_html, raw_text)
    dom = session.evidence.text(rendered_html, url=home_url, kind="dom")
    sm.evidence["home"] = [e for e in (shot, dom) if e]
    f.add("home_url", home_url, url=target.url, evidence=sm.evidence["home"])

    sm.links = [lk for lk in links if lk.url in session.scope]
    sm.bot_wall = looks_like_bot_wall(res.status, rendered_html, sm.home_text)
    sm.geo_blocked = not sm.bot_wall and looks_geo_blocked(res.status, sm.home_text)
    f.add("bot_wall", sm.bot_wall, url=home_url, evidence=sm.evidence["home"])
    f.add("geo_blocked", sm.geo_blocked, url=home_url, evidence=sm.evidence["home"])
    if sm.geo_blocked:
        sm.mirror_urls = mirrors(links, session.scope)
    f.add("mirror_urls", sm.mirror_urls, url=home_url,
          confidence=1.0 if sm.geo_blocked else 0.6)
    if sm.wall:
        return f.finish(note=sm.wall)

    # 3. Key pages: the start address itself, home links, then hubs (legal, help), then the
    #    sitemap and common paths.
    sm.start_is = start_page_kind(target.url, titles_of_html(raw_html)
                                  + titles_of_html(rendered_html))
    if sm.start_is:
        sm.key_pages[sm.start_is] = home_url
    await classify(session, sm, sm.links, clicks=1, guess=guess)
    missing = [k for k in KEY_PAGES if k not in sm.key_pages]
    if missing:
        hubs = [lk for lk in sm.links if HUB_WORDS.search(lk.text) and lk.url != home_url]
        for hub in hubs[:MAX_HUBS]:
            hub_links = await read_links(session, hub.url)
            sm.links = merge(sm.links, [lk for lk in hub_links if lk.url in session.scope])
            await classify(session, sm, [lk for lk in hub_links if lk.url in session.scope],
                           clicks=2, guess=guess)
            if all(k in sm.key_pages for k in ("terms", "privacy")):
                break
    await from_sitemap(session, sm, robots, guess)
    await from_common_paths(session, sm, guess)
    await from_platform_paths(session, sm, guess)
    if "terms" not in sm.key_pages and "guidelines" in sm.key_pages:
        sm.key_pages["terms"] = sm.key_pages["guidelines"]     # a site whose "Rules" are its terms
        if "guidelines" in sm.key_clicks:
            sm.key_clicks["terms"] = sm.key_clicks["guidelines"]

    broken = await key_page_evidence(session, sm, guess)
    for kind in KEY_PAGES:
        url = sm.key_pages.get(kind)
        if url and kind in broken:          # a link that leads nowhere is no such page
            del sm.key_pages[kind]
            f.add(f"{kind}_url", None, url=home_url,
                  note=f"not_found: the link to {url} leads nowhere ({broken[kind]})"[:300])
        elif url:
            f.add(f"{kind}_url", url, url=home_url, evidence=sm.evidence.get(kind, []),
                  confidence=1.0 if kind in sm.key_clicks else 0.7)
        else:
            f.add(f"{kind}_url", None, note="not_found", url=home_url)
    return f.finish()


def html_of(res) -> str:
    """An HTTP answer's body as HTML, when it says it is HTML or says nothing of its type."""
    return res.text if "html" in res.content_type or not res.content_type else ""


def merge(a: list[Link], b: list[Link]) -> list[Link]:
    seen = {lk.url for lk in a}
    return a + [lk for lk in b if lk.url not in seen and not seen.add(lk.url)]


async def open_menus(page, source: str) -> list[Link]:
    """Click collapsed "More"/"Legal"/"..." menus and collect the links they reveal."""
    found: list[Link] = []
    try:
        handles = await page.query_selector_all(
            "button, summary, [role=button], [aria-haspopup], [aria-expanded=false]")
    except Exception:  # noqa: BLE001
        return found
    clicks = 0
    for h in handles:
        if clicks >= MAX_MENU_CLICKS:
            break
        try:
            label = (await h.inner_text()).strip() or (await h.get_attribute("aria-label") or "")
            if not MENU_WORDS.match(label) or not await h.is_visible():
                continue
            await h.click(timeout=2000, no_wait_after=True)
            clicks += 1
            await idle(0.3)
            found = merge(found, links_from_js(await evaluate(page, LINKS_JS), source))
        except Exception:  # noqa: BLE001 - a menu that will not open is just a menu
            continue
    for lk in found:
        lk.rel = lk.rel if lk.rel == "footer" else "menu"
    return found


async def read_links(session: Session, url: str) -> list[Link]:
    """Links of a hub page: over HTTP, and in the browser when the HTML has none."""
    try:
        res = await session.fetch(url)
        links = links_from_html(res.text, res.final_url) if "html" in res.content_type else []
        if len(links) >= 3:
            return links
        async with session.page(url) as page:
            return links_from_js(await evaluate(page, LINKS_JS), page.url)
    except Exception as exc:  # noqa: BLE001
        session.log.append(f"hub {url}: {type(exc).__name__}")
        return []


# -- what a page is ------------------------------------------------------------------------------
#: Kinds whose pages are judged by their title: a signup or login page is a form, often titled
#: with both words ("Log in or sign up"), so its link text is all there is to go on.
TITLED_KINDS = ("terms", "guidelines", "privacy", "report", "complaints", "contact")


@dataclass
class PageFacts:
    """What decides what a page is: where it ended up, its title and headings, its text."""

    url: str
    status: int
    titles: list[str]
    text: str


@dataclass
class Guess:
    """The home page to compare guessed pages with (its addresses and texts, over HTTP and as
    rendered), the pages already read, and what is left of the (small) budgets for reading pages
    only to check what they are."""

    home_pages: set[str]
    home_texts: list[str]
    home_titles: set[str]
    scripted: bool                       # the home page is built by script (an app shell)
    facts: dict[str, PageFacts | None] = field(default_factory=dict)
    path_fetches: int = 0
    shell_renders: int = 0
    link_checks: int = 0


def _same_page(url: str) -> str:
    return (url or "").split("#")[0].rstrip("/")


def _norm(text: str) -> str:
    return " ".join((text or "").split()).lower()


def titles_of_html(html: str) -> list[str]:
    """The page's <title>, its og:title and its <h1>s (the first heading when it has no h1)."""
    soup = BeautifulSoup(html or "", "html.parser")
    out: list[str] = []
    if soup.title and soup.title.string:
        out.append(soup.title.string)
    og = soup.find("meta", attrs={"property": "og:title"})
    if og and og.get("content"):
        out.append(str(og["content"]))
    heads = soup.find_all("h1", limit=3) or soup.find_all(["h2", "h3"], limit=1)
    out += [h.get_text(" ") for h in heads]
    return [t for t in (" ".join(x.split()) for x in out) if t]


def same_content(a: str, b: str) -> bool:
    """Two visible texts are the same page: equal, or nine tenths of their words shared (a
    soft-404 page differs from the home page in a token, a date or the path it echoes)."""
    a, b = _norm(a), _norm(b)
    if a == b:
        return True
    wa, wb = set(a.split()), set(b.split())
    if not wa or not wb:
        return False
    return len(wa & wb) / len(wa | wb) >= 0.9


def start_page_kind(url: str, titles: list[str]) -> str:
    """The key page a start address is when a user points the tool at one (a terms page, a
    community-rules page) rather than at a home page: a path beyond "/" whose address says so
    (or, for terms, whose title does: a forum's "Rules" title alone is too common); "" for
    anything else."""
    path = urlsplit(url).path
    if not path.strip("/"):
        return ""
    if KEY_WORDS["terms"][1].search(path) or title_says("terms", titles):
        return "terms"
    return "guidelines" if KEY_WORDS["guidelines"][1].search(path) else ""


def home_facts(sm: SiteMap, start_url: str, http_url: str, raw_html: str,
               raw_text: str) -> Guess:
    texts = [t for t in (raw_text, sm.home_text) if t is not None]
    titles = {_norm(t) for t in titles_of_html(raw_html) + titles_of_html(sm.home_html)}
    return Guess(home_pages={_same_page(u) for u in (start_url, http_url, sm.home_url) if u},
                 home_texts=texts, home_titles=titles,
                 scripted=not same_content(raw_text, sm.home_text))


def home_again(facts: PageFacts, guess: Guess) -> bool:
    """The home page served at another address (a soft 404, an app shell): the same text, or
    nearly the same text under none but the home page's titles.  A page with a title of its own
    is not the home page however much header and footer it shares with it."""
    if any(_norm(facts.text) == _norm(t) for t in guess.home_texts):
        return True
    if not any(same_content(facts.text, t) for t in guess.home_texts):
        return False
    return not {_norm(t) for t in facts.titles} - guess.home_titles


def title_says(kind: str, titles: list[str]) -> bool:
    return any(KEY_WORDS[kind][0].search(t) for t in titles)


def page_verdict(kind: str, facts: PageFacts | None, guess: Guess) -> bool | None:
    """Is this page a ``kind`` page?  True: its title or heading says so; False: it is an error
    page, the home page again (a redirect, a soft 404, an app shell) or titled as another kind of
    page; None: nothing says either way."""
    if facts is None or facts.status != 200:
        return False
    if _same_page(facts.url) in guess.home_pages:
        return False
    if any(ERROR_PAGE.search(t) for t in facts.titles):
        return False
    if home_again(facts, guess):
        return False
    if title_says(kind, facts.titles):
        return True
    if any(title_says(other, facts.titles) for other in TITLED_KINDS if other != kind):
        return False
    return None


async def read_facts(session: Session, url: str, guess: Guess) -> PageFacts | None:
    """A page's facts over HTTP (each URL read once per target); None if it cannot be read."""
    if url in guess.facts:
        return guess.facts[url]
    facts = None
    try:
        res = await session.fetch(url)
        html = html_of(res)
        if res.final_url in session.scope:
            facts = PageFacts(res.final_url, res.status, titles_of_html(html),
                              visible_text_of_html(html) if html else "")
    except Exception as exc:  # noqa: BLE001 - a page we cannot read is no page
        session.log.append(f"checking {url}: {type(exc).__name__}")
    guess.facts[url] = facts
    return facts


async def rendered_facts(session: Session, url: str) -> PageFacts | None:
    """A route of a single-page app: its facts as the browser renders it."""
    try:
        async with session.page(url) as page:
            html = await content(page)
            title = await page.title()
            text = await evaluate(page, TEXT_JS)
            return PageFacts(page.url, 200, [title] + titles_of_html(html), text or "")
    except Exception as exc:  # noqa: BLE001
        session.log.append(f"checking {url} in the browser: {type(exc).__name__}")
        return None


def _ambiguous(kind: str, link: Link, first_picks: dict[str, int]) -> bool:
    """A link whose text does not name the kind (a sitemap entry, "Read more" to /terms), or
    one that is the best link for two kinds at once."""
    if kind not in TITLED_KINDS:
        return False
    label = " ".join(link.text.split())
    return not (label and KEY_WORDS[kind][0].search(label)) or first_picks.get(link.url, 0) > 1


def ranked_links(kind: str, links: list[Link]) -> list[Link]:
    """Links that may be the ``kind`` page, best first (the order of :func:`best_link`)."""
    scored = [(score_link(kind, lk), i, lk) for i, lk in enumerate(links)]
    return [lk for s, i, lk in sorted(scored, key=lambda x: (-x[0], x[1])) if s >= 2.0]


async def classify(session: Session, sm: SiteMap, links: list[Link], *, clicks: int | None,
                   guess: Guess | None = None) -> None:
    """Take the best link for each kind not yet found.  An ambiguous one is believed only if the
    linked page's title does not contradict it (within the checking budget); then the next best
    link is considered."""
    ranked = {kind: ranked_links(kind, links) for kind in KEY_PAGES if kind not in sm.key_pages}
    first_picks: dict[str, int] = {}
    for cands in ranked.values():
        if cands:
            first_picks[cands[0].url] = first_picks.get(cands[0].url, 0) + 1
    for kind, cands in ranked.items():
        for lk in cands[:3]:
            if guess is not None and _ambiguous(kind, lk, first_picks) and \
                    (lk.url in guess.facts or guess.link_checks < MAX_LINK_CHECKS):
                if lk.url not in guess.facts:
                    guess.link_checks += 1
                facts = await read_facts(session, lk.url, guess)
                if page_verdict(kind, facts, guess) is False:
                    continue
            # (an ambiguous link beyond the checking budget is believed, as a clear one is)
            sm.key_pages[kind] = lk.url
            if clicks is not None:
                sm.key_clicks[kind] = clicks
            break


async def from_sitemap(session: Session, sm: SiteMap, robots, guess: Guess | None = None) -> None:
    urls = robots.sitemaps() or [urljoin(sm.home_url or sm.start_url, "/sitemap.xml")]
    for url in urls[:2]:
        if url not in session.scope:
            continue
        try:
            res = await session.fetch(url)
        except Exception:  # noqa: BLE001
            continue
        if res.status != 200:
            continue
        locs = re.findall(r"<loc>\s*([^<\s]+)\s*</loc>", res.text)[:2000]
        sm.sitemap_urls.extend(u for u in locs if u in session.scope)
    if sm.sitemap_urls:
        links = [Link(u, "", "sitemap", "sitemap") for u in sm.sitemap_urls]
        await classify(session, sm, links, clicks=None, guess=guess)


async def from_common_paths(session: Session, sm: SiteMap, guess: Guess) -> None:
    """Guess the usual paths of key pages nothing links.  A page counts only if its title or
    heading names the kind and it is not the home page again; an app shell (the same HTML for
    every path) is rendered to see the route, within a small budget."""
    base = sm.home_url or sm.start_url
    for kind, paths in COMMON_PATHS.items():
        if kind in sm.key_pages:
            continue
        for path in paths:
            url = urljoin(base, path)
            if url not in session.scope or _same_page(url) in guess.home_pages:
                continue
            if url not in guess.facts:
                if guess.path_fetches >= MAX_PATH_FETCHES:
                    return
                guess.path_fetches += 1
            facts = await read_facts(session, url, guess)
            verdict = page_verdict(kind, facts, guess)
            if verdict is not True and facts is not None and facts.status == 200 and \
                    guess.scripted and any(same_content(facts.text, t)
                                           for t in guess.home_texts[:1]) and \
                    guess.shell_renders < MAX_SHELL_RENDERS:
                guess.shell_renders += 1
                verdict = page_verdict(kind, await rendered_facts(session, url), guess)
            if verdict is True:
                sm.key_pages[kind] = facts.url if facts else url
                break


async def from_platform_paths(session: Session, sm: SiteMap, guess: Guess) -> None:
    """Login and registration pages nothing links (a theme with no "Log in" or "Register"):
    where the community software the home page is built with keeps them (the platforms
    table's ``login_path`` / ``signup_path``).  A page counts unless it is an error page, the
    home page again, or titled as another kind of page."""
    missing = [k for k in ("signup", "login") if k not in sm.key_pages]
    if not missing or not sm.home_html:
        return
    platform = home_platform(session)
    if platform is None:
        return
    base = sm.home_url or sm.start_url
    for kind in missing:
        path = platform.path_of(kind)
        if not path:
            continue
        url = urljoin(base, path)
        if url not in session.scope or not await session.allowed(url):
            continue
        if url not in guess.facts:
            if guess.path_fetches >= MAX_PATH_FETCHES + 2:
                return
            guess.path_fetches += 1
        facts = await read_facts(session, url, guess)
        if facts is not None and page_verdict(kind, facts, guess) is not False:
            sm.key_pages[kind] = facts.url
            session.log.append(f"discovery: the {kind} page is where {platform.name} keeps it "
                               f"({path}); nothing on the site links it")


#: Key pages whose picture a verdict cites (the measures read the terms, reporting and
#: complaints pages); the others (guidelines, privacy, contact, signup, login) are checked and
#: kept as a page copy over HTTP, without a browser visit of their own.
PICTURED_KINDS = ("terms", "report", "complaints")


async def key_page_evidence(session: Session, sm: SiteMap,
                            guess: Guess | None = None) -> dict[str, str]:
    """Evidence of each key page: a full-page screenshot (and thumbnail) of the pages a verdict
    cites, a copy of the text of the others as read over HTTP.

    Returns the key pages whose link leads nowhere, with why: an HTTP error (4xx, 5xx) or a
    navigation the browser (or, for a page read over HTTP, the HTTP client) gives up on (a
    redirect loop, an unknown host, a refused connection).  A page that is slow, or that
    robots.txt or a budget keeps us from, is not called broken."""
    broken: dict[str, str] = {}
    done: dict[str, list[str]] = {}
    for kind in sorted(KEY_PAGES, key=lambda k: k not in PICTURED_KINDS):   # pictures first
        url = sm.key_pages.get(kind)
        if not url or kind in sm.evidence:
            continue
        if url in done:
            sm.evidence[kind] = done[url]
            continue
        if kind in PICTURED_KINDS:
            if not (session.options.screenshots or _axe_wanted(session, kind)):
                continue
            why, ev = await _picture(session, kind, url, sm)
        else:
            why, ev = await _page_copy(session, kind, url, guess)
        if why:
            broken[kind] = why
        if ev is not None:
            sm.evidence[kind] = done[url] = ev
    for kind in KEY_PAGES:              # kinds that share a broken page's URL
        url = sm.key_pages.get(kind)
        first = next((k for k in broken if sm.key_pages.get(k) == url), None)
        if url and first and kind not in broken:
            broken[kind] = broken[first]
    return broken


#: The probe that reports axe-core's findings on each pictured kind of key page.
AXE_FOR = {"terms": "terms", "report": "reporting", "complaints": "reporting"}


def _axe_wanted(session: Session, kind: str) -> bool:
    probe = AXE_FOR.get(kind)
    chosen = session.options.probes
    return bool(probe) and session.options.a11y and (not chosen or probe in chosen)


async def _picture(session: Session, kind: str, url: str,
                   sm: SiteMap) -> tuple[str, list[str] | None]:
    """(why the page is broken or "", its screenshot evidence or None when unread); axe-core
    reads it too, for the probe that reports on it (:data:`AXE_FOR`), in the same visit."""
    why = ""
    shot = None
    try:
        async with session.page(url) as page:
            status = session.last_status
            if status is not None and status >= 400:
                why = f"HTTP {status}"
            if session.options.screenshots:
                shot = await session.evidence.screenshot(page)
            if not why and _axe_wanted(session, kind) and url not in sm.a11y:
                sm.a11y[url] = await check_page(page)
    except Exception as exc:  # noqa: BLE001 - budgets and robots: not broken, just unread
        net = NET_ERROR.search(str(exc))
        session.log.append(f"{kind} page {url}: {net.group(0) if net else type(exc).__name__}")
        return (net.group(0) if net else ""), None
    if not session.options.screenshots:
        return why, None
    return why, [shot] if shot else []


async def _page_copy(session: Session, kind: str, url: str,
                     guess: Guess | None) -> tuple[str, list[str] | None]:
    """(why the page is broken or "", a copy of its text as evidence or None when unread), over
    HTTP: the answer discovery already read is reused, no request is made twice."""
    limit = session.options.page_timeout
    try:
        # bounded as a browser visit is: a page that never finishes is not waited out twice
        res = await asyncio.wait_for(session.fetch(url, retries=0), limit)
    except (TimeoutError, httpx.ReadTimeout):
        session.log.append(f"{url}: did not finish loading in {limit:.0f} s (over HTTP)")
        return "", None
    except (httpx.TooManyRedirects, httpx.ConnectError) as exc:
        why = ("too many redirects (over HTTP)" if isinstance(exc, httpx.TooManyRedirects)
               else "the connection failed (over HTTP)")
        session.log.append(f"{kind} page {url}: {why}")
        return why, None
    except Exception as exc:  # noqa: BLE001 - budgets, robots, timeouts: not broken, just unread
        session.log.append(f"{kind} page {url}: {type(exc).__name__}")
        return "", None
    if res.status >= 400:
        return f"HTTP {res.status}", None
    facts = guess.facts.get(url) if guess is not None else None
    if facts is not None and facts.url == res.final_url:
        text = facts.text
    else:
        html = html_of(res)
        text = visible_text_of_html(html) if html else ""
    if not text.strip():
        return "", []
    return "", [session.evidence.text(text[:PAGE_COPY_CHARS], url=res.final_url,
                                      read_via="http")]

