"""The visitor's survey of a service: a bounded set of pages read once per target, shared by
the profile and messaging probes.

From the home page and the links discovery found, it reads (browser, logged out): the home page,
up to two help or FAQ pages, a pricing page, up to two member profiles (and one follower or
friend list they link), a member directory, up to two content pages (a thread, a post, a video,
a board), and a search page; the terms, privacy and contact pages over HTTP first.  Links that
look like adult sections are never followed.  Robots.txt, scope, the page budget and a time
bound apply to every read; a page that fails is skipped and noted.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
import weakref
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from auditor.pagejs import content, evaluate
from auditor.session import BudgetExceeded, idle
from probes.platforms import PageFacts, table_for
from probes.profile_cues import ADULT_LINK, Cue, profile_name, profile_prefix
from probes.profile_read import PageView, locator, read_page, view_from_html

MAX_READS = 10
HELP = re.compile(r"\b(help(?: cent(?:re|er))?|faq|frequently asked|how [\w ]{0,20}works|"
                  r"safety(?: cent(?:re|er)| tips)?|features|getting started|about(?: us)?)\b",
                  re.I)
PRICING = re.compile(r"\b(pricing|prices|plans|premium|upgrade|membership|go pro)\b", re.I)
DIRECTORY = re.compile(r"^(members|member list|people|directory|community|browse(?: members)?|"
                       r"find friends|users|browse people)$", re.I)
CONTENT_PATH = re.compile(r"/(thread|threads|t|topic|topics|post|posts|p|video|videos|watch|"
                          r"board|boards|forum|forums|room|rooms|f|d|r|discussion|discussions)/"
                          r"[^/?#]+|^/[a-z0-9]{1,4}/$|^/(19|20)\d\d/[01]?\d/([0-3]?\d/)?[^/?#]{3,}",
                          re.I)
#: a link to a form for writing: a wiki's "Edit" tab, a forum's "Reply" (read, never submitted)
WRITE_LINK = re.compile(r"^(?:edit|edit this page|edit source|reply|post (?:a )?reply|"
                        r"add (?:a )?reply|reply to (?:this )?(?:topic|thread|post)|"
                        r"new (?:topic|thread|post)|start (?:a )?new (?:topic|thread))$", re.I)
#: a page's history or a wiki's recent changes: where a wiki names who wrote what
HISTORY_LINK = re.compile(r"^(?:(?:view |page )?history|recent changes|contributors)$", re.I)
CONNECTION_LINK = re.compile(r"\b(followers|following|friends|connections|contacts)\b", re.I)
SUGGESTION_REPORT = re.compile(r"\b(report|feedback|inappropriate)\b", re.I)
SKIP_PATH = re.compile(r"/(log-?out|sign-?out|delete|download|upload|report|abuse|admin|"
                       r"settings|account|cart|checkout)", re.I)
SKIP_LABEL = re.compile(r"\b(log ?out|sign ?out|delete|download|report)\b", re.I)


@dataclass
class Survey:
    views: list[PageView] = field(default_factory=list)
    profile_urls: list[str] = field(default_factory=list)
    profile_prefix: str | None = None
    notes: list[str] = field(default_factory=list)
    suggestions_seen: bool | None = None        # a search box offered predictions
    suggestion_report: bool | None = None       # ... with a report control among them
    suggestion_url: str = ""
    suggestion_evidence: list[str] = field(default_factory=list)
    account_cues: list[Cue] = field(default_factory=list)   # added by the messaging probe
    visitor_cues: list[Cue] = field(default_factory=list)   # what other probes saw as visitors
    home_facts: PageFacts | None = None     # the rendered home page, for the platform markers

    def of_kind(self, *kinds: str) -> list[PageView]:
        return [v for v in self.views if v.kind in kinds]

    @property
    def home(self) -> PageView | None:
        homes = self.of_kind("home")
        return homes[0] if homes else None

    @property
    def service_text(self) -> str:
        """Text of the help, terms and about pages (for cues that need context)."""
        return "\n".join(v.text[:20000] for v in self.views
                         if v.kind in ("help", "terms", "home", "pricing"))


_SURVEYS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_LOCKS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def cached(session) -> Survey | None:
    return _SURVEYS.get(session)


def add_account_cue(session, cue: Cue) -> None:
    """Let the messaging probe record what the test accounts saw (used by the profile probe)."""
    survey = _SURVEYS.get(session)
    if survey is None:
        survey = Survey()
        _SURVEYS[session] = survey
        survey.notes.append("survey not run")
    survey.account_cues.append(cue)


def add_visitor_cue(session, cue: Cue) -> None:
    """Let another probe record what it saw as a visitor (an inbox address that asks to log
    in), for the profile probe's functionalities."""
    sv = _SURVEYS.get(session)
    if sv is not None:
        sv.visitor_cues.append(cue)


async def survey(session) -> Survey:
    """The visitor survey of ``session``'s target, read once and shared."""
    lock = _LOCKS.setdefault(session, asyncio.Lock())
    async with lock:
        existing = _SURVEYS.get(session)
        if existing is not None and existing.views:
            return existing
        result = Survey(account_cues=list(existing.account_cues) if existing else [])
        _SURVEYS[session] = result
        limit = max(30.0, session.options.timeout_per_target * 0.3)
        try:
            async with asyncio.timeout(limit):
                # a visitor's look: on in the context the age gate's landing and the sign-up
                # form were read in, when they only read (auditor.session.visitor_context)
                async with session.visitor_context() as ctx:
                    await _run(session, result, ctx)
        except BudgetExceeded:
            result.notes.append("budget_exhausted: the page budget ran out during the survey")
        except TimeoutError:
            result.notes.append(f"timeout: the survey was cut short after {limit:.0f} s")
        return result


# -- reading --------------------------------------------------------------------------------

class _Reader:
    def __init__(self, session, result: Survey, ctx):
        self.session = session
        self.result = result
        self.ctx = ctx
        self.reads = 0
        self.seen: set[str] = set()
        self.script_built = False

    def want(self, url: str) -> bool:
        key = url.split("#")[0].rstrip("/")
        return bool(url) and key not in self.seen and url in self.session.scope \
            and self.reads < MAX_READS

    async def browser(self, url: str, kind: str, *, shot: bool = False,
                      probe_search: bool = False) -> PageView | None:
        if not self.want(url):
            return None
        self.seen.add(url.split("#")[0].rstrip("/"))
        self.reads += 1
        session = self.session
        limit = session.options.page_timeout + 20
        try:
            async with asyncio.timeout(limit):
                view = await self._read(url, kind, shot=shot, probe_search=probe_search)
        except BudgetExceeded:
            raise
        except Exception as exc:  # noqa: BLE001 - a page that fails is skipped, noted
            if "ERR_ABORTED" not in str(exc):
                self.result.notes.append(f"{kind} page not read ({type(exc).__name__})")
                return None
            # a page that holds on (beforeunload, a download) is closed and the read retried
            for stuck in list(self.ctx.pages):
                with contextlib.suppress(Exception):
                    await stuck.close(run_before_unload=False)
            try:
                async with asyncio.timeout(limit):
                    view = await self._read(url, kind, shot=shot, probe_search=probe_search)
            except BudgetExceeded:
                raise
            except Exception as exc2:  # noqa: BLE001
                self.result.notes.append(f"{kind} page not read ({type(exc2).__name__})")
                return None
        if view is not None:
            self.result.views.append(view)
        return view

    async def _read(self, url: str, kind: str, *, shot: bool,
                    probe_search: bool) -> PageView | None:
        session = self.session
        async with session.page(url, context=self.ctx) as page:
            view = await read_page(page, kind=kind)
            if view.url and view.url not in session.scope:
                self.result.notes.append(f"{kind} page left the service: skipped")
                return None
            if kind == "home" and self.result.home_facts is None:
                self.result.home_facts = await _platform_facts(session, page, self.ctx)
            if shot and session.options.screenshots:
                sid = await session.evidence.screenshot(page)
                if sid:
                    view.evidence.append(sid)
            if probe_search and self.result.suggestions_seen is None:
                await _search_suggestions(session, page, view, self.result)
        return view

    async def http(self, url: str, kind: str) -> PageView | None:
        """A key page over HTTP; in the browser when the HTML has little text (script-built)."""
        key = url.split("#")[0].rstrip("/")
        if not url or key in self.seen or url not in self.session.scope:
            return None
        if self.script_built:            # an earlier page was an empty shell: use the browser
            return await self.browser(url, kind)
        self.seen.add(key)
        try:
            res = await self.session.fetch(url)
        except BudgetExceeded:
            raise
        except Exception as exc:  # noqa: BLE001
            self.result.notes.append(f"{kind} page not fetched ({type(exc).__name__})")
            return None
        if res.status >= 400 or "html" not in (res.content_type or "html"):
            return None
        view = view_from_html(res.text, res.final_url, kind=kind, status=res.status)
        if len(view.text) < 400 and self.reads < MAX_READS:
            self.seen.discard(key)
            self.script_built = True
            return await self.browser(url, kind)
        self.result.views.append(view)
        return view


GLOBALS_JS = r"""
(names) => names.filter((n) => {
  try { return Object.prototype.hasOwnProperty.call(window, n) &&
               window[n] !== undefined && window[n] !== null; } catch (e) { return false; }
})
"""
MAX_DOM = 2_000_000


async def _platform_facts(session, page, ctx) -> PageFacts | None:
    """What the platform markers read on the rendered home page: its DOM, the cookies the
    browser holds (names only) and which of the table's JavaScript globals are defined."""
    try:
        html = (await content(page))[:MAX_DOM]
    except Exception:  # noqa: BLE001 - a page that cannot be read gives no markers
        return None
    names: list[str] = []
    try:
        found = await evaluate(page, GLOBALS_JS, table_for(session.options).global_names(),
                               seconds=5)
        names = [str(n) for n in found or [] if isinstance(n, str)]
    except Exception:  # noqa: BLE001
        pass
    cookies: list[str] = []
    try:
        cookies = sorted({str(c.get("name", "")) for c in await ctx.cookies() if c.get("name")})
    except Exception:  # noqa: BLE001
        pass
    return PageFacts(url=page.url, html=html, cookies=cookies, globals=names,
                     read_via="browser")


def _links(views: list[PageView], sitemap) -> list[tuple[str, str, str]]:
    """(url, labels, region) of every visible link seen so far and those discovery found; a
    URL's labels are all the texts it was seen with, joined by " | "."""
    labels: dict[str, list[str]] = {}
    regions: dict[str, str] = {}
    for v in views:
        for c in v.links():
            labels.setdefault(c.href, []).append(c.label)
            regions.setdefault(c.href, c.region)
    for lk in getattr(sitemap, "links", []) or []:
        labels.setdefault(lk.url, []).append(lk.text)
        regions.setdefault(lk.url, lk.rel or "body")
    return [(u, " | ".join(dict.fromkeys(t for t in ts if t)), regions[u])
            for u, ts in labels.items()]


def _ok_link(url: str, label: str) -> bool:
    path = urlsplit(url).path
    return not (SKIP_PATH.search(path) or SKIP_LABEL.search(label) or ADULT_LINK.search(label)
                or urlsplit(url).scheme not in ("http", "https"))


async def _run(session, result: Survey, ctx) -> None:
    reader = _Reader(session, result, ctx)
    sm = session.sitemap
    home_url = (sm.home_url if sm and sm.home_url else "") or session.target.url
    home = await reader.browser(home_url, "home", probe_search=True)
    if home is None and not result.notes[-1:] == ["home page left the service: skipped"]:
        # everything else is judged from the home page: a page that failed once (a busy
        # machine, a dropped connection) is read once more before the survey goes without it
        reader.seen.discard(home_url.split("#")[0].rstrip("/"))
        await asyncio.sleep(1.0)
        home = await reader.browser(home_url, "home", probe_search=True)
    if home is None:
        result.notes.append("home page not read")
    key_pages = dict(sm.key_pages) if sm else {}

    def own() -> list[tuple[str, str, str]]:
        return [(u, t, r) for u, t, r in _links(result.views, sm)
                if u in session.scope and _ok_link(u, t)]

    # a help or FAQ page (else the terms) for what the service offers; contact, pricing
    helps = [u for u, t, _r in own() if HELP.search(t)]
    helps.sort(key=lambda u: 0 if re.search(r"help|faq", u, re.I) else 1)
    for url in helps[:1]:
        await reader.browser(url, "help", shot=True)
    for kind in ("terms", "contact"):
        url = key_pages.get(kind)
        if kind == "terms" and result.of_kind("help"):
            continue
        if url and not url.lower().split("?")[0].endswith(".pdf"):
            await reader.http(url, kind)
    for url in [u for u, t, _r in own() if PRICING.search(t)][:1]:
        await reader.browser(url, "pricing")

    # content pages (threads, posts, videos, boards), a member directory
    contents = [u for u, _t, r in own() if CONTENT_PATH.search(urlsplit(u).path)
                and not profile_name(u) and r != "footer"]
    contents.sort(key=lambda u: 0 if re.search(r"/(thread|t|topic|post|p|video|watch)/", u)
                  else 1)
    picked: list[str] = []
    for url in contents:
        if len(picked) >= 1:
            break
        first = urlsplit(url).path.strip("/").split("/")[0]
        if any(urlsplit(p).path.strip("/").split("/")[0] == first for p in picked):
            continue
        picked.append(url)
    for url in picked:
        await reader.browser(url, "content")
    for url in [u for u, t, _r in own() if any(DIRECTORY.match(x.strip())
                                                for x in t.split(" | "))][:1]:
        await reader.browser(url, "directory", shot=True)

    # a form for writing one click away (a wiki's "Edit" tab, a forum's "Reply"): whether a
    # visitor may post there shows in what that page gives a visitor (never submitted)
    def labelled(rx: re.Pattern) -> list[str]:
        return [u for u, t, r in own() if r != "footer"
                and any(rx.match(x.strip()) for x in t.split(" | "))]
    for url in labelled(WRITE_LINK)[:1]:
        await reader.http(url, "write")
    # no member named on any page read: a wiki's recent changes (else a page's history),
    # where it names who wrote what; a member whose page exists is linked there
    if not any(profile_name(u) for u, _t, r in own() if r != "footer"):
        recent = {u for u, t, _r in own() if re.search(r"\brecent changes\b", t, re.I)}
        histories = sorted(labelled(HISTORY_LINK), key=lambda u: u not in recent)
        for url in histories[:2]:
            view = await reader.http(url, "history")
            if view is not None and any(profile_name(c.href) for c in view.links()):
                break

    # member profiles and the follower or friend lists they link to
    names: dict[str, str] = {}
    for u, _t, r in own():
        name = profile_name(u)
        if name and r != "footer" and name not in names:
            names[name] = u
    result.profile_urls = list(names.values())
    if result.profile_urls:
        result.profile_prefix = profile_prefix(result.profile_urls[0])
    for url in result.profile_urls[:1]:
        view = await reader.browser(url, "profile", shot=True)
        if view is None or result.of_kind("connection_list"):
            continue
        lists = [c.href for c in view.links() if CONNECTION_LINK.search(c.label)
                 and c.href in session.scope and c.region not in ("nav", "footer")
                 and c.href.rstrip("/") != url.rstrip("/")]
        if lists:
            await reader.browser(lists[0], "connection_list", shot=True)

    # the search page, when the home page had no search box
    if result.suggestions_seen is None:
        search_links = [u for u, t, _r in own()
                        if any(re.match(r"^search\b", x.strip(), re.I) for x in t.split(" | "))]
        for url in search_links[:1]:
            await reader.browser(url, "search", probe_search=True)
    # profiles seen on the pages read later
    for v in result.views:
        for c in v.links():
            name = profile_name(c.href)
            if name and c.href in session.scope and c.href not in result.profile_urls:
                result.profile_urls.append(c.href)
    if result.profile_urls and not result.profile_prefix:
        result.profile_prefix = profile_prefix(result.profile_urls[0])


async def _search_suggestions(session, page, view: PageView, result: Survey) -> None:
    """Type a letter into the search box (never submitted) and look at the predictions."""
    boxes = [c for c in view.controls if c.visible and not c.disabled and c.tag == "input"
             and (c.type == "search" or c.role in ("combobox", "searchbox")
                  or c.name.lower() in ("q", "query", "search", "s")
                  or re.search(r"\bsearch\b", c.label, re.I))
             and c.type in ("", "text", "search")]
    if not boxes:
        return
    box = locator(page, boxes[0])
    before = {(c.label, c.href) for c in view.controls if c.visible}
    found: list = []
    try:
        for letters in ("s", "th"):
            await box.fill("", timeout=2000)
            await box.press_sequentially(letters, delay=60, timeout=3000)
            await idle(0.9)
            after = await read_page(page, kind="search")
            found = [c for c in after.controls if c.visible and (c.label, c.href) not in before
                     and (c.is_link or c.role == "option" or c.is_button) and c.label]
            if len(found) >= 2:
                break
        result.suggestions_seen = len(found) >= 2
        if result.suggestions_seen:
            result.suggestion_url = page.url
            result.suggestion_report = any(SUGGESTION_REPORT.search(c.label) for c in found)
            if session.options.screenshots:
                sid = await session.evidence.screenshot(page, full_page=False)
                if sid:
                    result.suggestion_evidence.append(sid)
    finally:
        with contextlib.suppress(Exception):
            await box.fill("", timeout=2000)
