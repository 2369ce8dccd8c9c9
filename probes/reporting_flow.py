"""The reporting probe in the browser: report controls next to content, the flow they open, and
the keyboard test.

Nothing is ever submitted: while the probe drives a page, every request other than GET, HEAD or
OPTIONS is aborted (a one-click report, a beacon, a form post), and navigations robots.txt
forbids are aborted too.  A report button that is the submit button of a POST form is never
pressed; one of a GET form with no visible fields is a link in disguise and is followed as one.
"""

from __future__ import annotations

import asyncio
import contextlib
from dataclasses import dataclass, field
from typing import Any

from auditor.pagejs import evaluate
from auditor.session import Session, idle, settle
from probes.a11y import A11y, check_page
from probes.reporting_js import (
    ACTIVE_JS,
    BLUR_JS,
    FOCUSABLE_COUNT_JS,
    INSPECT_JS,
    MARK_DIALOGS_JS,
    SCAN_JS,
    STATE_JS,
)
from probes.reporting_text import LOGIN_PATH, LOGIN_PROMPT
from probes.waiting import poll

MAX_OPENERS = 3          # "..." menus opened per item page
MAX_HOPS = 2             # further report links followed after the first control
MAX_TABS = 150
CLICK_TIMEOUT_MS = 3000
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
EVAL_SECONDS = 10.0       # a page whose scripts hang does not hang the probe


async def js(page, script: str, arg: Any = None) -> Any:
    """``page.evaluate`` bounded in time (again on the next document if one replaced it)."""
    return await evaluate(page, script, arg, seconds=EVAL_SECONDS)


@dataclass
class Control:
    """A report control as found on the page (SCAN_JS)."""

    i: int
    label: str
    tag: str
    href: str
    visible: bool
    level: str                 # item | page | chrome
    sitewide: bool
    submitter: bool
    method: str
    get_url: str
    fields: int
    focusable: bool
    in_dialog: bool = False

    @classmethod
    def of(cls, d: dict) -> Control:
        return cls(int(d["i"]), str(d.get("label") or "")[:160], str(d.get("tag") or ""),
                   str(d.get("href") or ""), bool(d.get("visible")), str(d.get("level") or ""),
                   bool(d.get("sitewide")), bool(d.get("submitter")), str(d.get("method") or ""),
                   str(d.get("getUrl") or ""), int(d.get("fields") or 0),
                   bool(d.get("focusable")), bool(d.get("inDialog")))

    @property
    def selector(self) -> str:
        return f'[data-osa-rc="{self.i}"]'


LOGIN_PROMPT_JS = """() => {
  const h = document.querySelector('main h1, h1, main h2, h2');
  const t = (h && h.innerText || '').trim();
  return t || document.title || '';
}"""


@dataclass
class ItemCheck:
    url: str
    kind: str = "item"         # item | feed (the home page's items) | search (results page)
    found: bool = False
    how: str = ""              # visible | menu
    label: str = ""
    controls: int = 0          # eligible report controls seen on the page
    openers_clicked: int = 0
    evidence: list[str] = field(default_factory=list)
    error: str = ""
    login_url: str = ""        # where the item sent a visitor who is not logged in
    login_prompt: str = ""     # what that page says (its heading, else its title)


@dataclass
class Flow:
    """Where the report control led, up to (never past) the form."""

    start_url: str
    control: str = ""
    how: str = ""
    clicks: int = 0            # clicks or page loads from the content item to the form
    form: dict | None = None   # INSPECT_JS result
    form_url: str = ""
    login_wall: bool = False
    login_reason: str = ""
    blocked: str = ""          # post_form | robots | nothing_opened | error ...
    offsite: bool = False
    sent: list[str] = field(default_factory=list)   # requests the click tried (and we blocked)
    evidence: list[str] = field(default_factory=list)
    a11y: A11y | None = None   # axe-core on the form reached (scoped to it)


class Guard:
    """Aborts every unsafe request of a page while installed (``async with Guard(...)``)."""

    def __init__(self, session: Session, page):
        self.session = session
        self.page = page
        self.blocked: list[str] = []

    async def _handle(self, route, request) -> None:
        try:
            if request.method.upper() not in SAFE_METHODS:
                self.blocked.append(f"{request.method} {request.url[:200]}")
                await route.abort()
                return
            if (request.is_navigation_request() and request.frame == self.page.main_frame
                    and request.url.startswith("http")
                    and not await self.session.allowed(request.url)):
                self.blocked.append(f"robots {request.url[:200]}")
                await route.abort()
                return
            await route.continue_()
        except Exception:  # noqa: BLE001 - a route already handled, a page that closed
            with contextlib.suppress(Exception):
                await route.abort()

    async def __aenter__(self) -> Guard:
        await self.page.route("**/*", self._handle)
        return self

    async def __aexit__(self, *exc) -> None:
        with contextlib.suppress(Exception):
            await self.page.unroute("**/*", self._handle)


async def scan(page, sitewide: list[str]) -> dict:
    try:
        res = await js(page, SCAN_JS, {"sitewide": sitewide})
    except Exception:  # noqa: BLE001 - a page that navigated or broke: nothing found
        return {"controls": [], "openers": [], "articles": 0}
    return res if isinstance(res, dict) else {"controls": [], "openers": [], "articles": 0}


def eligible(res: dict, *, feed: bool) -> list[Control]:
    """Report controls that belong to content: not in the site chrome, not a site-wide link;
    on a feed page (the home page sampled as content) only those inside an item."""
    out = []
    for d in res.get("controls", []):
        c = Control.of(d)
        if c.level == "chrome" or c.sitewide:
            continue
        if feed and c.level != "item":
            continue
        out.append(c)
    rank = {"item": 0, "page": 1}
    # a control that posts a form (a one-click report) is never pressed: prefer any other
    out.sort(key=lambda c: (not c.visible, c.submitter and (c.method == "post" or c.fields > 0),
                            rank.get(c.level, 2)))
    return out


async def state(page) -> dict:
    try:
        return await js(page, STATE_JS)
    except Exception:  # noqa: BLE001 - mid-navigation
        await idle(0.3)
        try:
            return await js(page, STATE_JS)
        except Exception:  # noqa: BLE001
            return {"url": page.url}


def changed(before: dict, after: dict) -> bool:
    if not after or after.get("url") != before.get("url"):
        return True
    if after.get("hash") != before.get("hash"):
        return True
    return any(int(after.get(k) or 0) > int(before.get(k) or 0)
               for k in ("dialogs", "forms", "fields", "menus"))


async def wait_change(page, before: dict, seconds: float = 3.0) -> bool:
    loop = asyncio.get_running_loop()
    end = loop.time() + seconds
    while loop.time() < end:
        await idle(0.2)
        now = await state(page)
        if changed(before, now):
            if now.get("url") != before.get("url"):
                with contextlib.suppress(Exception):
                    await page.wait_for_load_state("load", timeout=10_000)
                await settle(page, 1000)
            else:
                await idle(0.3)              # let an opening animation finish
            return True
    return False


async def click(page, selector: str) -> bool:
    """Click an element of the page; falls back to a scripted click (overlays, 0-size icons)."""
    loc = page.locator(selector).first
    try:
        await loc.click(timeout=CLICK_TIMEOUT_MS, no_wait_after=True)
        return True
    except Exception:  # noqa: BLE001
        pass
    try:
        await asyncio.wait_for(loc.evaluate("(e) => e.click()", timeout=CLICK_TIMEOUT_MS),
                               EVAL_SECONDS)
        return True
    except Exception:  # noqa: BLE001
        return False


async def form_a11y(session: Session, page) -> A11y | None:
    """axe-core on the form just reached (the part :func:`inspect` marked), if wanted."""
    if not session.options.a11y:
        return None
    return await check_page(page, scope="[data-osa-scope]")


async def shot(session: Session, page, selector: str | None = None) -> list[str]:
    """A screenshot of the viewport with ``selector`` scrolled into view (else the full page)."""
    if not session.options.screenshots:
        return []
    if selector:
        with contextlib.suppress(Exception):
            await page.locator(selector).first.scroll_into_view_if_needed(timeout=2000)
            eid = await session.evidence.screenshot(page, full_page=False)
            return [eid] if eid else []
    eid = await session.evidence.screenshot(page)
    return [eid] if eid else []


# -- one content item --------------------------------------------------------------------------
async def find_control(session: Session, page, sitewide: list[str], *,
                       feed: bool) -> tuple[Control | None, str, int, int]:
    """The best report control on the page: ``(control, how, opener_clicks, count)``.

    Visible controls first; else "..." / "More options" menus are opened one at a time.
    """
    res = await scan(page, sitewide)
    ctrls = eligible(res, feed=feed)
    if not ctrls:
        await asyncio.sleep(1.0)               # content built late by script
        res = await scan(page, sitewide)
        ctrls = eligible(res, feed=feed)
    shown = [c for c in ctrls if c.visible]
    if shown:
        return shown[0], "visible", 0, len(ctrls)
    hidden_boxes = {d.get("box") for d in res.get("controls", []) if not d.get("visible")}
    openers = [o for o in res.get("openers", [])
               if o.get("visible") and o.get("level") != "chrome"
               and not (o.get("submitter") and o.get("method") == "post")
               and (not feed or o.get("level") == "item")]
    openers.sort(key=lambda o: (o.get("box") not in hidden_boxes, o.get("level") != "item"))
    for o in openers[:MAX_OPENERS]:
        before = await state(page)
        if not await click(page, f'[data-osa-op="{o["i"]}"]'):
            continue
        await wait_change(page, before, 1.5)
        res2 = await scan(page, sitewide)
        shown = [c for c in eligible(res2, feed=feed) if c.visible]
        if shown:
            return shown[0], "menu", 1, len(shown)
        with contextlib.suppress(Exception):
            await page.keyboard.press("Escape")
        if (await state(page)).get("url") != before.get("url"):
            break                               # the "menu" was a link after all
    return None, "", 0, len(ctrls)


async def check_item(session: Session, url: str, sitewide: list[str], *, feed: bool,
                     follow_flow: bool, context=None) -> tuple[ItemCheck, Flow | None]:
    """Look next to one content item for a report control and follow it up to the form;
    ``context``: a browser context to do it in (a test account's, logged in)."""
    item = ItemCheck(url)
    flow: Flow | None = None
    async with session.page(url, context=context) as page, Guard(session, page) as guard:
        ctl, how, opener_clicks, count = await find_control(session, page, sitewide, feed=feed)
        item.controls = count
        if ctl is None:
            item.evidence = await shot(session, page)
            with contextlib.suppress(Exception):
                pw = await js(page, "() => !!document.querySelector('input[type=password]')")
                if LOGIN_PATH.search(page.url.split("#")[0]) or pw:
                    item.error = "login"            # the content itself is behind a login
                    item.login_url = page.url
                    item.login_prompt = str(await js(page, LOGIN_PROMPT_JS) or "")[:300]
                    item.evidence.append(session.evidence.text(
                        f"{item.login_prompt}\n(the content item {url} led to {page.url})",
                        url=page.url, kind="quote"))
                elif page.url.startswith("http") and page.url not in session.scope:
                    item.error = "elsewhere"        # sent off the site (an age check ...)
            return item, None
        item.found, item.how, item.label, item.openers_clicked = True, how, ctl.label, opener_clicks
        item.evidence = await shot(session, page, ctl.selector)
        if follow_flow:
            flow = Flow(start_url=page.url or url, control=ctl.label, how=how,
                        clicks=opener_clicks)
            sent_before = len(guard.blocked)
            try:
                await follow(session, page, ctl, flow, sitewide)
            except Exception as exc:  # noqa: BLE001 - what was seen so far still counts
                if "Budget" in type(exc).__name__ or "Robots" in type(exc).__name__:
                    raise
                flow.blocked = flow.blocked or f"error: {type(exc).__name__}"
            tried = [b for b in guard.blocked[sent_before:] if not b.startswith("robots ")]
            if flow.blocked == "nothing_opened" and tried:
                flow.blocked = "one_click"           # the click tried to send at once
                flow.sent = tried[:3]
    return item, flow


# -- following the control ---------------------------------------------------------------------
async def follow(session: Session, page, ctl: Control, flow: Flow, sitewide: list[str]) -> None:
    """Open the report control and look at what it leads to, up to the form; never submit."""
    for hop in range(MAX_HOPS + 1):
        with contextlib.suppress(Exception):
            await js(page, MARK_DIALOGS_JS)
        before = await state(page)
        if ctl.href and not ctl.href.startswith(("http://", "https://")):
            flow.blocked = "mailto" if ctl.href.lower().startswith("mailto:") else "not_http"
            flow.form_url = ctl.href[:300]
            return
        if ctl.href:
            if ctl.href not in session.scope:
                flow.offsite = True
            await session.goto(page, ctl.href)
        elif ctl.submitter and ctl.method == "get" and ctl.fields == 0 and ctl.get_url:
            await session.goto(page, ctl.get_url)          # a link dressed as a form button
        elif ctl.submitter and ctl.method not in ("get", "dialog"):
            flow.blocked = "post_form"
            return
        elif ctl.submitter and ctl.method == "get" and ctl.fields:
            flow.blocked = "post_form"               # pressing it would send what is filled in
            return
        else:
            if not await click(page, ctl.selector):
                flow.blocked = "not_clickable"
                return
            if not await wait_change(page, before):
                flow.blocked = "nothing_opened"
                return
        flow.clicks += 1
        ins = await inspect(page)
        if is_login_wall(ins):
            flow.login_wall = True
            flow.login_reason = login_reason(ins)
            flow.form_url = str(ins.get("url") or page.url)
            flow.evidence += await shot(session, page)
            return
        if has_form(ins):
            flow.form, flow.form_url = ins, str(ins.get("url") or page.url)
            flow.evidence += await shot(session, page, "[data-osa-scope]")
            flow.a11y = await form_a11y(session, page)
            dom = session.evidence.text(str(ins.get("html") or ""), url=flow.form_url,
                                        kind="dom") if ins.get("html") else None
            if dom:
                flow.evidence.append(dom)
            return
        if hop == MAX_HOPS:
            break
        # Not a form yet: a page or dialog with a further report link or button ("Report post").
        res = await scan(page, sitewide)
        nxt = [c for c in eligible(res, feed=False) if c.visible and c.label != ctl.label]
        nxt = nxt or [c for c in eligible(res, feed=False) if c.visible and c.in_dialog]
        if not nxt:
            break
        ctl = nxt[0]
    flow.form_url = page.url
    flow.blocked = flow.blocked or "no_form"
    flow.evidence += await shot(session, page)


async def inspect(page) -> dict:
    try:
        ins = await js(page, INSPECT_JS)
    except Exception:  # noqa: BLE001 - mid-navigation: wait and read again
        await settle(page, 1000)
        try:
            ins = await js(page, INSPECT_JS)
        except Exception:  # noqa: BLE001
            return {"kind": "none", "url": page.url}
    if not isinstance(ins, dict):
        return {"kind": "none", "url": page.url}
    return ins


def has_form(ins: dict) -> bool:
    if ins.get("kind") == "none":
        return False
    return bool(ins.get("options") or ins.get("textareas") or ins.get("textInputs")
                or ins.get("selects") or ins.get("radios") or ins.get("files"))


def is_login_wall(ins: dict) -> bool:
    url = str(ins.get("url") or "")
    text = f"{ins.get('text') or ''}\n{str(ins.get('pageText') or '')[:5000]}"
    reportish = has_form(ins) and not ins.get("password")
    if LOGIN_PATH.search(url.split("#")[0]) and not reportish:
        return True
    if ins.get("password") or (ins.get("hasPassword") and not reportish):
        return True
    return bool(LOGIN_PROMPT.search(text)) and not reportish


def login_reason(ins: dict) -> str:
    url = str(ins.get("url") or "")
    if LOGIN_PATH.search(url):
        return f"the report control led to a login page ({url[:200]})"
    m = LOGIN_PROMPT.search(f"{ins.get('text') or ''}\n{ins.get('pageText') or ''}")
    if m:
        return f"the flow asks to log in (\"{m.group(0)}\")"
    return "the flow shows a password field"


# -- keyboard --------------------------------------------------------------------------------
@dataclass
class KeyResult:
    value: bool | None
    note: str
    confidence: float = 0.9
    presses: int = 0
    evidence: list[str] = field(default_factory=list)


async def keyboard_check(session: Session, url: str, sitewide: list[str], *,
                         via_menu: bool) -> KeyResult:
    """From a fresh load: Tab until a report control has the focus, then Enter opens it?"""
    async with session.page(url) as page, Guard(session, page):
        with contextlib.suppress(Exception):
            await page.bring_to_front()
        await until_controls(page, sitewide, via_menu=via_menu)
        await js(page, BLUR_JS)
        try:
            n = int(await js(page, FOCUSABLE_COUNT_JS) or 0)
        except Exception:  # noqa: BLE001
            n = MAX_TABS
        limit = max(5, min(MAX_TABS, n + 10))
        opened = 0
        info: dict[str, Any] = {}
        reached = False
        presses = 0
        for _ in range(limit):
            await page.keyboard.press("Tab")
            presses += 1
            info = await _active(page, sitewide)
            if info.get("isReport"):
                reached = True
                break
            if via_menu and info.get("isOpener") and opened < MAX_OPENERS and not info.get("href"):
                await page.keyboard.press("Enter")
                opened += 1
                await idle(0.4)
                info = await _active(page, sitewide)
                if info.get("isReport"):
                    reached = True
                    break
                if info.get("inMenu"):
                    for _ in range(8):
                        await page.keyboard.press("ArrowDown")
                        presses += 1
                        info = await _active(page, sitewide)
                        if info.get("isReport") or not info.get("inMenu"):
                            break
                    if info.get("isReport"):
                        reached = True
                        break
        if not reached:
            return KeyResult(False, f"Tab did not reach a report control in {presses} presses"
                                    + (f" (opened {opened} menus with Enter)" if opened else ""),
                             0.8, presses)
        label = str(info.get("label") or "")[:80]
        href = str(info.get("href") or "")
        if href and not href.startswith(("http://", "https://")):
            return KeyResult(True, f"Tab reached \"{label}\" after {presses} presses; Enter not "
                                   f"pressed (a link to {href.split(':')[0]}:)", 0.75, presses)
        if info.get("submitter") and (info.get("method") not in ("get", "dialog", "")
                                      or int(info.get("fields") or 0) > 0):
            return KeyResult(True, f"Tab reached \"{label}\" after {presses} presses; Enter not "
                                   "pressed (it would submit a form)", 0.7, presses)
        before = await state(page)
        await page.keyboard.press("Enter")
        if await wait_change(page, before):
            ev = await shot(session, page)
            return KeyResult(True, f"Tab reached \"{label}\" after {presses} presses"
                                   + (f" (opening {opened} menu with Enter)" if opened else "")
                                   + " and Enter opened it", 0.95, presses, ev)
        return KeyResult(False, f"Tab reached \"{label}\" after {presses} presses but Enter "
                                "opened nothing", 0.85, presses)


async def until_controls(page, sitewide: list[str], *, via_menu: bool,
                         seconds: float = 2.5) -> bool:
    """Wait (bounded) for the report control, or the menu that holds it, to be built: the
    page was loaded afresh, and a script may build it after the network has gone quiet."""
    def built(res: dict) -> bool:
        return any(c.visible for c in eligible(res, feed=False)) or (
            via_menu and any(o.get("visible") and o.get("level") != "chrome"
                             for o in res.get("openers", [])))
    return built(await poll(lambda: scan(page, sitewide), built, seconds))


async def _active(page, sitewide: list[str]) -> dict:
    try:
        res = await js(page, ACTIVE_JS, {"sitewide": sitewide})
        return res if isinstance(res, dict) else {}
    except Exception:  # noqa: BLE001
        return {}
