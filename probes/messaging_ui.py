"""Driving a logged-in page by what controls say: log in, find a button by its wording, open
"..." menus, write and send a message, read a setting, run a recipe flow.

Every action is bounded in time (a few seconds), every navigation a click causes is checked
against the target's scope and robots.txt and counted against its page budget (:class:`Guard`),
and nothing here ever logs, stores or returns a password: failures are reported by the step's
name and the exception's type only.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

from auditor.pagejs import evaluate
from auditor.recipes import Step, fill_placeholders
from auditor.session import settle
from probes.captcha import captcha_seen
from probes.profile_cues import form_purpose, profile_name, quote
from probes.profile_read import Control, PageView, locator, read_page
from probes.waiting import poll

ACTION_MS = 4000
MENU_WAIT_S = 1.5          # how long an opened menu may take to show its entries
MORE_LABEL = re.compile(r"^(?:\.{3}|…|⋯|⋮|︙|more|more options|options|actions|menu|"
                        r"[\w .@'-]{0,40} options|more actions|open (?:the )?(?:context )?menu|"
                        r"context menu|show more options)$",
                        re.I)
LOGIN_LABEL = re.compile(r"^(?:log ?in|sign ?in|continue|next|submit|enter|go)$", re.I)
LOGIN_LINK = re.compile(r"^(?:log ?in|sign ?in)(?: to .{0,20})?$", re.I)
LOGOUT_LABEL = re.compile(r"^(?:log ?out|sign ?out)$", re.I)
LOGIN_ERROR = re.compile(r"\b(incorrect|wrong|invalid|not right|doesn'?t match|failed|"
                         r"try again|no account)\b", re.I)
SEND_LABEL = re.compile(r"^(?:send|send message|send request|post|reply|submit|share|➤|➢|→|▶|"
                        r">|↵)$", re.I)
COMPOSE_LABEL = re.compile(r"\b(message|write|type|say|reply|text|chat|compose)\b", re.I)
NOT_COMPOSE = re.compile(r"\b(search|subject|title|name|email|password|to|recipient|"
                         r"username|find)\b", re.I)


@dataclass
class Guard:
    """Route handler for a persona's context: navigations stay in scope, obey robots.txt,
    count against the target's page budget and wait out the politeness delay (clicks that load
    a page happen inside a page block, which holds the host's gate)."""

    session: object
    expected: set[str] = field(default_factory=set)   # URLs navigated by session.goto
    blocked: list[str] = field(default_factory=list)  # why navigations were refused

    async def __call__(self, route) -> None:
        try:
            await self._decide(route)
        except Exception:  # noqa: BLE001 - a closed page or context: nothing left to route
            with contextlib.suppress(Exception):
                await route.abort("aborted")

    async def _decide(self, route) -> None:
        request = route.request
        try:
            main = request.is_navigation_request() and request.frame.parent_frame is None
        except Exception:  # noqa: BLE001 - frames of closed pages
            main = False
        if not main:
            await route.continue_()
            return
        url = request.url
        session = self.session
        if url not in session.scope:
            self.blocked.append("a link that leaves the service")
            await route.abort("aborted")
            return
        if not await session.allowed(url):
            self.blocked.append(f"robots_disallowed: {urlsplit(url).path}")
            await route.abort("aborted")
            return
        if url in self.expected:
            self.expected.discard(url)
        else:
            if session.pages >= session.options.max_pages_per_target:
                self.blocked.append("budget_exhausted")
                await route.abort("aborted")
                return
            session.pages += 1
            # the gate of the host is held by the page block; keep the delay between pages
            await asyncio.sleep(min(float(session.options.politeness_delay), 10.0))
        await route.continue_()


async def goto(session, guard: Guard, page, url: str) -> None:
    """Navigate politely (robots, budget, politeness gate) inside a persona's page block."""
    guard.expected.add(url)
    try:
        await session.goto(page, url)
    finally:
        guard.expected.discard(url)


async def view(page, kind: str = "") -> PageView:
    return await read_page(page, kind=kind)


#: Installed in every document of a persona's context: counts requests the page makes and
#: notes DOM changes, so :func:`wait_quiet` knows when a script-built page has settled.
QUIET_JS = r"""
(() => {
  if (window.__osaQuiet) return;
  let inflight = 0, last = Date.now();
  const bump = () => { last = Date.now(); };
  try {
    const of = window.fetch;
    if (of) window.fetch = function () {
      inflight++; bump();
      return of.apply(this, arguments).finally(() => { inflight--; bump(); });
    };
    const os = XMLHttpRequest.prototype.send;
    XMLHttpRequest.prototype.send = function () {
      inflight++; bump();
      this.addEventListener('loadend', () => { inflight--; bump(); });
      return os.apply(this, arguments);
    };
    new MutationObserver(bump).observe(document, {subtree: true, childList: true,
                                                  attributes: true, characterData: true});
  } catch (e) {}
  Object.defineProperty(window, '__osaQuiet', {
    value: (ms) => inflight <= 0 && Date.now() - last >= ms});
})();
"""


async def wait_quiet(page, ms: int = 400) -> None:
    """Wait for the page to settle: the load state, then (where :data:`QUIET_JS` runs) no
    request in flight and no DOM change for 300 ms, else ``ms``; at most a few seconds."""
    await settle(page, 2500)
    try:
        hooked = await page.evaluate("() => typeof window.__osaQuiet === 'function'")
    except Exception:  # noqa: BLE001 - a navigation is under way
        hooked = False
    try:
        if hooked:
            await page.wait_for_function("(ms) => !window.__osaQuiet || window.__osaQuiet(ms)",
                                         arg=300, timeout=5000, polling=100)
        else:
            await page.wait_for_timeout(ms)
    except Exception:  # noqa: BLE001 - a page that never settles is read as it is
        pass


async def click(page, control: Control, *, wait: int = 400, guard: Guard | None = None) -> bool:
    """Click ``control``; False when it could not be clicked or (with ``guard``) when the
    navigation it started was refused (out of scope, robots.txt, budget)."""
    refused = len(guard.blocked) if guard is not None else 0
    try:
        await locator(page, control).click(timeout=ACTION_MS)
    except Exception:  # noqa: BLE001 - hidden, covered, detached: the caller goes on
        return False
    await wait_quiet(page, wait)
    return guard is None or len(guard.blocked) == refused


async def still_logged_in(page) -> bool:
    """After coming back in a later phase: a log-out control, or no log-in link."""
    v = await read_page(page)
    if find(v, LOGOUT_LABEL):
        return True
    return not find(v, LOGIN_LINK) and not any(
        c.visible and c.tag == "input" and c.type == "password" for c in v.controls)


def find(v: PageView, pattern: re.Pattern, *, kinds: tuple[str, ...] = ("link", "button"),
         regions: tuple[str, ...] = ("body", "main", "nav", "menu", "dialog")) -> list[Control]:
    """Visible, enabled controls whose label matches ``pattern``, best first (short labels)."""
    out = []
    for c in v.controls:
        if not c.visible or c.disabled or c.region not in regions:
            continue
        if not (("link" in kinds and c.is_link) or ("button" in kinds and c.is_button)
                or ("input" in kinds and c.tag in ("input", "textarea", "select"))):
            continue
        if pattern.search(c.label.strip()):
            out.append(c)
    out.sort(key=lambda c: len(c.label))
    return out


async def find_soon(page, pattern: re.Pattern, **kwargs) -> tuple[PageView, list[Control]]:
    """:func:`find` on the page now, and once more after a pause when nothing matched (pages
    that build themselves late)."""
    v = await read_page(page)
    found = find(v, pattern, **kwargs)
    if not found:
        await wait_quiet(page, 800)
        v = await read_page(page)
        found = find(v, pattern, **kwargs)
    return v, found


def find_href(v: PageView, path: re.Pattern) -> list[Control]:
    return [c for c in v.links() if path.search(urlsplit(c.href).path)
            and c.region not in ("footer",)]


# -- menus --------------------------------------------------------------------------------

def menu_buttons(v: PageView, regions: tuple[str, ...] = ("body", "main", "dialog")
                 ) -> list[Control]:
    return [c for c in v.controls if c.visible and not c.disabled and c.is_button
            and c.region in regions
            and (MORE_LABEL.match(c.label.strip()) or c.haspopup in ("menu", "true", "listbox"))]


# the "..." menus nearest to the last place ``needle`` is written on the page (a message in a
# conversation): their ``data-osa`` numbers, the closest first, as the last read numbered them
MENUS_NEAR_JS = r"""({needle, more}) => {
  const low = String(needle || '').toLowerCase();
  if (!low) return [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  let node, hit = null, n = 0;
  while ((node = walker.nextNode()) && n++ < 20000) {
    if ((node.nodeValue || '').toLowerCase().includes(low)) hit = node.parentElement;
  }
  const words = new RegExp(more, 'i');
  const said = (b) => b.getAttribute('aria-label') || b.getAttribute('title') || b.textContent;
  const menuish = (b) => b.hasAttribute('aria-haspopup') || words.test((said(b) || '').trim());
  const out = [];
  for (let el = hit; el && el !== document.body && out.length < 8; el = el.parentElement) {
    for (const b of el.querySelectorAll('[data-osa]')) {
      const k = Number(b.getAttribute('data-osa'));
      if (!out.includes(k) && b.offsetParent !== null && menuish(b)) out.push(k);
    }
  }
  return out.slice(0, 8);
}"""


async def menus_near(page, needle: str) -> tuple[int, ...]:
    """:data:`MENUS_NEAR_JS` for ``needle`` (nothing when the page will not say)."""
    try:
        found = await evaluate(page, MENUS_NEAR_JS, {"needle": needle, "more": MORE_LABEL.pattern},
                               seconds=3.0)
    except Exception:  # noqa: BLE001 - a hostile or closed page: no preference
        return ()
    return tuple(int(x) for x in found if isinstance(x, int | float))[:8] \
        if isinstance(found, list) else ()


async def menu_items(page, v: PageView, *, limit: int = 4,
                     first: tuple[int, ...] = ()) -> tuple[list[str], list[str]]:
    """Open up to ``limit`` "..." menus one at a time, those numbered in ``first`` first (the
    menus next to what is being looked at); (labels revealed, visible labels)."""
    revealed: list[str] = []
    before = {(c.label, c.href) for c in v.controls if c.visible}
    buttons = sorted(menu_buttons(v), key=lambda c: c.idx not in first)
    for btn in buttons[:limit]:
        if not await click(page, btn, wait=300):
            continue

        def new_labels(view: PageView) -> list[str]:
            return [c.label for c in view.controls
                    if c.visible and (c.label, c.href) not in before and c.label]

        # a menu drawn by script can take a moment on a busy machine: read until it shows
        after = await poll(lambda: read_page(page), lambda x: bool(new_labels(x)), MENU_WAIT_S)
        revealed += new_labels(after)
        with contextlib.suppress(Exception):
            await page.keyboard.press("Escape")
        with contextlib.suppress(Exception):
            if btn.tag == "summary":      # <details> menus close by a second click
                await locator(page, btn).click(timeout=1500)
        await wait_quiet(page, 150)
    visible = [c.label for c in v.controls if c.visible and c.region not in ("nav", "footer")]
    return revealed, visible


async def entries_in_menus(page, want: Callable[[PageView], list[Control]], *,
                           regions: tuple[str, ...], limit: int) -> list[Control]:
    """Open the page's first ``limit`` menus one at a time (read afresh each time: closing one
    may redraw the page) until one shows entries ``want`` finds; those entries (that menu left
    open), else []."""
    for i in range(limit):
        buttons = menu_buttons(await read_page(page), regions)
        if i >= len(buttons):
            break
        if not await click(page, buttons[i], wait=300):
            continue
        found = want(await poll(lambda: read_page(page), lambda x: bool(want(x)), MENU_WAIT_S))
        if found:
            return found
        with contextlib.suppress(Exception):
            await page.keyboard.press("Escape")
        await wait_quiet(page, 150)
    return []


# -- logging in ---------------------------------------------------------------------------

@dataclass
class LoginResult:
    ok: bool
    note: str = ""
    url: str = ""


def _identifier(v: PageView, pw: Control) -> Control | None:
    fields = [c for c in v.controls if c.visible and not c.disabled and c.tag == "input"
              and c.type in ("", "text", "email", "tel") and c.form == pw.form]
    if not fields:
        fields = [c for c in v.controls if c.visible and not c.disabled and c.tag == "input"
                  and c.type in ("", "text", "email", "tel")
                  and form_purpose(v, c) != "search"]

    def score(c: Control) -> int:
        s = 0
        hay = f"{c.autocomplete} {c.name} {c.id} {c.label} {c.placeholder}".lower()
        if re.search(r"user|email|login|e-mail|account|name|phone", hay):
            s += 2
        if c.autocomplete in ("username", "email"):
            s += 3
        if c.idx < pw.idx:
            s += 1
        return s
    fields.sort(key=score, reverse=True)
    return fields[0] if fields else None


async def login(session, guard: Guard, page, persona, *, login_url: str | None,
                home_url: str) -> LoginResult:
    """Log in with the heuristics (no recipe): find the form, fill it, check the result."""
    url = persona.login_url or login_url or home_url
    await goto(session, guard, page, url)
    pw = await _password_field(page)
    if pw is None:
        v = await read_page(page)
        links = find(v, LOGIN_LINK)
        if links and await click(page, links[0]):
            pw = await _password_field(page)
    v = await read_page(page)
    if pw is None:
        ident = [c for c in v.controls if c.visible and c.tag == "input"
                 and c.type in ("email", "text", "") and form_purpose(v, c) in ("login", "")]
        nxt = find(v, re.compile(r"^(?:continue|next)$", re.I))
        if ident and nxt:
            await locator(page, ident[0]).fill(persona.login, timeout=ACTION_MS)
            await click(page, nxt[0])
            pw = await _password_field(page)
            v = await read_page(page)
    if pw is None:
        return LoginResult(False, "login_required: no login form was found", page.url)
    if await captcha_seen(page):          # seen, not a word in the markup (a hidden modal's)
        return LoginResult(False, "captcha: the login form has a CAPTCHA", page.url)
    pw = next((c for c in v.controls if c.visible and c.tag == "input" and c.type == "password"),
              None)
    if pw is None:
        return LoginResult(False, "login_required: the password field went away", page.url)
    ident = _identifier(v, pw)
    try:
        if ident is not None:
            value = persona.email if (ident.type == "email" and persona.email) else persona.login
            await locator(page, ident).fill(value, timeout=ACTION_MS)
        await locator(page, pw).fill(persona.password, timeout=ACTION_MS)
    except Exception as exc:  # noqa: BLE001 - never echo what was typed
        return LoginResult(False, f"login_required: the login form could not be filled "
                                  f"({type(exc).__name__})", page.url)
    buttons = [c for c in v.controls if c.visible and c.is_button and c.form == pw.form
               and c.form >= 0 and (c.type == "submit" or LOGIN_LABEL.match(c.label.strip()))]
    if buttons:
        await click(page, buttons[0], wait=600)
    else:
        with contextlib.suppress(Exception):
            await locator(page, pw).press("Enter", timeout=ACTION_MS)
        await wait_quiet(page, 600)
    return await logged_in(page)


async def _password_field(page) -> Control | None:
    with contextlib.suppress(Exception):
        await page.locator("input[type=password]").first.wait_for(state="visible", timeout=5000)
    v = await read_page(page)
    return next((c for c in v.controls if c.visible and c.tag == "input"
                 and c.type == "password"), None)


async def logged_in(page) -> LoginResult:
    for _ in range(3):
        v = await read_page(page)
        pw = [c for c in v.controls if c.visible and c.tag == "input" and c.type == "password"]
        out = find(v, LOGOUT_LABEL)
        if out or not pw:
            return LoginResult(True, "", page.url)
        alerts = [s for s in v.text.splitlines() if LOGIN_ERROR.search(s)]
        if alerts:
            return LoginResult(False, "login_required: the service refused the login",
                               page.url)
        await wait_quiet(page, 700)
    return LoginResult(False, "login_required: still on the login form after submitting",
                       page.url)


# -- composing and sending ----------------------------------------------------------------

def compose_box(v: PageView) -> Control | None:
    """The text box for writing a message (not search, subject, recipient or login)."""
    boxes = []
    for c in v.controls:
        if not c.visible or c.disabled or not c.is_text_entry or c.tag == "select":
            continue
        if c.type == "search" or form_purpose(v, c) not in ("",):
            continue
        label = f"{c.label} {c.placeholder} {c.name}"
        if c.tag != "textarea" and NOT_COMPOSE.search(label) and not COMPOSE_LABEL.search(
                c.placeholder):
            continue
        score = (3 if c.tag == "textarea" or c.tag not in ("input",) else 0) + \
                (2 if COMPOSE_LABEL.search(label) else 0) + \
                (1 if c.region in ("main", "dialog") else 0)
        boxes.append((score, c))
    boxes.sort(key=lambda x: -x[0])
    return boxes[0][1] if boxes and boxes[0][0] > 0 else None


def send_button(v: PageView, box: Control) -> Control | None:
    same = [c for c in v.controls if c.visible and not c.disabled and c.is_button
            and box.form >= 0 and c.form == box.form]
    for c in same:
        if SEND_LABEL.match(c.label.strip()):
            return c
    for c in same:
        if c.type == "submit" or c.tag == "button" and c.type in ("", "submit"):
            return c
    near = [c for c in v.controls if c.visible and not c.disabled and c.is_button
            and SEND_LABEL.match(c.label.strip()) and c.region in ("main", "body", "dialog")]
    return near[0] if near else None


SUBJECT = "Test message (please ignore)"   # when there is no text to repeat
# The subject repeats the marked test message: an inbox that lists subjects only still shows it.
# the compose box's form: its other empty text fields a sender must fill (a required field, or
# one named as a subject or title), marked for filling
MARK_OTHER_FIELDS_JS = """(box) => {
  const f = box.form || box.closest('form');
  if (!f) return 0;
  let n = 0;
  for (const i of f.querySelectorAll('input')) {
    const t = (i.getAttribute('type') || 'text').toLowerCase();
    if (t !== 'text' || i.value || i === box || !i.offsetParent) continue;
    const lab = i.labels && i.labels[0] ? i.labels[0].textContent : '';
    const words = [i.name, i.id, i.placeholder, lab].join(' ');
    if (i.required || /subject|title|topic/i.test(words)) {
      i.setAttribute('data-osa-fill', '1'); n++;
    }
  }
  return n;
}"""
# after pressing send (or sign up): the form is still there and the browser refused it (a field
# it requires); the field's label, else ""
FORM_INVALID_JS = """(box) => {
  const f = box.form || box.closest('form');
  if (!f || f.checkValidity()) return '';
  const bad = f.querySelector(':invalid');
  const lab = bad && bad.labels && bad.labels[0] ? bad.labels[0].textContent : '';
  return ((lab || (bad && (bad.name || bad.id)) || 'a field').trim()).slice(0, 60);
}"""


async def write_and_send(page, text: str, *, subject: str = "") -> tuple[bool, str]:
    """Fill the compose box with ``text`` and send it; (sent?, why not).  A subject line the
    form needs gets ``subject`` (else the start of ``text``)."""
    v = await read_page(page)
    box = compose_box(v)
    if box is None:
        await wait_quiet(page, 800)
        v = await read_page(page)
        box = compose_box(v)
    if box is None:
        return False, "no box to write a message in"
    try:
        await locator(page, box).fill(text, timeout=ACTION_MS)
    except Exception as exc:  # noqa: BLE001
        return False, f"the message box could not be filled ({type(exc).__name__})"
    with contextlib.suppress(Exception):      # a subject line the form requires (a forum PM)
        await locator(page, box).evaluate(MARK_OTHER_FIELDS_JS)
        marked = page.locator("[data-osa-fill]")
        for i in range(min(await marked.count(), 3)):
            await marked.nth(i).fill(subject or text[:78] or SUBJECT, timeout=ACTION_MS)
    v = await read_page(page)
    box = next((c for c in v.controls if c.idx == box.idx), box)
    btn = send_button(v, box)
    if btn is not None and await click(page, btn, wait=700):
        refused = ""
        with contextlib.suppress(Exception):   # still on the form, which the browser refused
            refused = await locator(page, box).evaluate(FORM_INVALID_JS, timeout=1500)
        if refused:
            return False, f"the message form was not sent: the page asks for {refused}"
        return True, ""
    try:
        await locator(page, box).press("Enter", timeout=ACTION_MS)
    except Exception as exc:  # noqa: BLE001
        return False, f"no send button ({type(exc).__name__})"
    await wait_quiet(page, 700)
    return True, ""


# -- settings -----------------------------------------------------------------------------

DM_SETTING = re.compile(r"\b(who can (?:send you |)(?:direct )?(?:message|messages|dm|dms|"
                        r"contact|chat)|messages? from|message requests|direct messages|"
                        r"allow (?:direct )?messages|private messages|who can message)\b", re.I)
COMMENT_SETTING = re.compile(r"\b(who can comment|comments? (?:on|from)|allow comments|"
                             r"commenting)\b", re.I)
EVERYONE = re.compile(r"\b(everyone|anyone|all users|public|all members|anybody)\b", re.I)
CONNECTIONS = re.compile(r"\b(friends|followers|people (?:you|i) follow|following|connections|"
                         r"contacts|mutuals?|friends of friends|people you know)\b", re.I)
NOBODY = re.compile(r"\b(no ?one|nobody|none|off|disabled|only me)\b", re.I)


def setting_word(label: str) -> str | None:
    if NOBODY.search(label):
        return "nobody"
    if CONNECTIONS.search(label):
        return "connections"
    if EVERYONE.search(label):
        return "everyone"
    return None


def read_setting(v: PageView, pattern: re.Pattern) -> tuple[str | None, list[str], str]:
    """(chosen option's word, every option's label, the question) of a setting on the page."""
    radios = [c for c in v.controls if c.tag == "input" and c.type == "radio"
              and pattern.search(c.group)]
    radios += [c for c in v.controls if c.role == "radio" and pattern.search(c.group)]
    if radios:
        chosen = next((c for c in radios if c.checked), None)
        return (setting_word(chosen.label) if chosen else None,
                [c.label for c in radios], radios[0].group)
    for c in v.controls:
        if c.tag == "select" and pattern.search(c.label):
            return setting_word(c.context), c.group.split(" | "), c.label
    for c in v.controls:
        if c.tag == "input" and c.type == "checkbox" or c.role in ("switch", "checkbox"):
            if pattern.search(c.label) and EVERYONE.search(c.label):
                return ("everyone" if c.checked else None), [c.label], c.label
    return None, [], ""


# -- recipes ------------------------------------------------------------------------------

class FlowFailed(RuntimeError):
    """A recipe step failed; the message names the flow, the step and what was expected."""


async def run_flow(session, guard: Guard, page, name: str, steps: tuple[Step, ...],
                   values: dict[str, str], home_url: str) -> None:
    """Run a recipe flow on ``page``; raises :class:`FlowFailed` (never with a fill value)."""
    for step in steps:
        timeout = int((step.timeout or 5) * 1000)
        try:
            if step.action == "goto":
                target = fill_placeholders(str(step.target), {**values, "home": home_url})
                url = urljoin(home_url, target)
                if url not in session.scope:
                    raise FlowFailed(f"flow {name!r} step {step.number} ({step.describe()}): "
                                     "the URL is not on the target")
                await goto(session, guard, page, url)
            elif step.action == "click":
                sel = fill_placeholders(str(step.target), values)
                await page.locator(sel).first.click(timeout=timeout)
                await wait_quiet(page, 300)
            elif step.action == "fill":
                sel = fill_placeholders(str(step.target), values)
                await page.locator(sel).first.fill(fill_placeholders(step.value or "", values),
                                                   timeout=timeout)
            elif step.action == "press":
                if step.on:
                    await page.locator(fill_placeholders(step.on, values)).first.press(
                        str(step.target), timeout=timeout)
                else:
                    await page.keyboard.press(str(step.target))
                await wait_quiet(page, 300)
            elif step.action == "wait":
                await page.wait_for_timeout(min(int(step.target), 10000))
            elif step.action == "expect":
                sel = fill_placeholders(str(step.target), values)
                await page.locator(sel).first.wait_for(
                    state="hidden" if step.absent else "visible", timeout=timeout)
        except FlowFailed:
            if not step.optional:
                raise
        except Exception as exc:  # noqa: BLE001 - reported by step, never with values
            if step.optional:
                continue
            what = "did not appear" if step.action == "expect" and not step.absent else \
                "is still there" if step.action == "expect" else \
                f"failed ({type(exc).__name__})"
            raise FlowFailed(f"flow {name!r} step {step.number} ({step.describe()}) {what} "
                             f"within {timeout / 1000:g} s") from None


# -- finding a member on a page -----------------------------------------------------------

def links_to(v: PageView, username: str, *, regions=("body", "main", "dialog", "menu")
             ) -> list[Control]:
    """Links on ``v`` to the member ``username`` (by profile URL or exact link text)."""
    name = username.lower()
    out = []
    for c in v.links():
        if c.region not in regions:
            continue
        pn = profile_name(c.href)
        if (pn and pn.lower() == name) or c.label.strip().lower().lstrip("@") == name:
            out.append(c)
    return out


def text_has(v: PageView, needle: str) -> bool:
    return bool(needle) and needle.lower() in v.text.lower()


async def timed(coro, seconds: float):
    """Run ``coro`` for at most ``seconds``; None when it ran out."""
    try:
        return await asyncio.wait_for(coro, seconds)
    except TimeoutError:
        return None


__all__ = ["Guard", "LoginResult", "FlowFailed", "click", "compose_box", "find", "goto",
           "links_to", "logged_in", "login", "menu_items", "quote", "read_setting", "run_flow",
           "send_button", "setting_word", "still_logged_in", "text_has", "timed", "view",
           "wait_quiet", "write_and_send"]
