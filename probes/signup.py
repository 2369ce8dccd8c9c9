"""Signup: where the flow is, what it asks, and (only where the row allows forms) what a child
who uses it gets.

1. **Find the flow**: the signup page discovery found, else a link or a button that names it;
   a button that opens a modal (or a "sign up with email" step), or an in-page link of a
   one-page client, is clicked, never a submit.  A first step that only names the provider
   (the server the account will be on, as in federated chat) is pressed to fetch the server's
   blank form: it carries no personal data and creates nothing (see ``_provider_first``).
2. **Read its fields** across the steps of a wizard: a client-side "Next" is pressed with
   synthetic values under a guard that lets nothing typed leave the browser (no POST, no URL
   carrying a value), so without permission for forms nothing is ever sent.  Records a date of
   birth or age question (``asks_age``) and whether that screen is neutral (nothing pre-filled,
   no hint of the cut-off age: ``neutral_age_screen``), terms acceptance, email or phone
   verification (false where no step asks an address or a number a link or code could go to)
   and CAPTCHAs (recorded, never solved).
3. **Only with ``allow_forms``**: synthetic identities (ages 12, 15 and 25 by default; a sweep
   option ``signup_ages`` or ``$AUDITOR_SIGNUP_AGES`` may change them), each in a fresh context,
   and the outcome for the youngest (``underage_outcome``: blocked, accepted,
   accepted_restricted); a blocked child immediately retrying with an older date in the same
   session (``underage_retry``); the lowest age accepted, narrowed down between the ages tried
   (``lowest_age_accepted``); and the settings a child account starts with (``child_defaults``).
   Without it: ``underage_outcome = not_tested`` with the note ``forms_not_allowed``.

Identities and credentials are made up per run, typed only into the target's own form, and never
written to a report, a log or evidence (each is registered with the evidence masking as it is
made, so evidence text has them masked).

4. **Accounts for the messaging probe**: when the row allows forms and names no ``accounts``,
   an adult (aged 25 or over) and a child (under 18) account made here, each accepted by the
   service and then able to log in from a clean context, are left in the session
   (:class:`probes.messaging_personas.MadeAccounts`, in memory only) for the messaging probe,
   which runs after this one; otherwise the session keeps why there are none.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
import secrets
import string
import time
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import urlsplit

from auditor.model import Observation
from auditor.secrets import Persona
from auditor.session import BudgetExceeded, RobotsDisallowed, Session, idle
from probes.age_gate_dom import (
    FILL_MS,
    Control,
    Guard,
    Scan,
    dob_fields,
    dob_for,
    fill_dob,
    scan,
)
from probes.base import Findings
from probes.captcha import captcha_seen
from probes.messaging_personas import MadeAccounts, register_secrets, set_made_accounts
from probes.messaging_ui import FORM_INVALID_JS, login
from probes.messaging_ui import Guard as LoginGuard
from probes.pages import best_link, links_from_html
from probes.signup_mail import verification_link
from probes.waiting import poll

NAME = "signup"
MAIL_WAIT_S = 10.0        # how long a mailed verification link may take (--mail-dir)
MAX_STEPS = 4
MAX_REFINE = 4
SETTLE_MS = 1500
ANSWER_WAIT_S = 15.0  # after pressing submit: until the page changes (bounded; a busy
#                       server can take this long, and a form the browser refused ends it at once)
LATE_UI_S = 2.0            # a page's own signup form or button drawn late by script
FORM_WAIT_S = 3.0          # how long a linked page's form drawn by script is waited for
AGAIN_WAIT_S = 12.0        # a form seen before, waited for on each fresh load (bounded; it
#                            ends as soon as the form is there, and a busy machine is slow)
PRESS_MS = 8000            # pressing the form's own button (a busy machine can take seconds)
ADULT_AGE = 25                # the youngest synthetic adult handed to the messaging probe
LOGIN_SECONDS = 40.0

SIGNUP_WORDS = re.compile(r"\b(sign ?up|register|create (an |your |a new )?account|join( now| "
                          r"free| us| \w+)?|get started|sign up with (email|e-mail)|"
                          r"continue with (email|e-mail)|use (email|e-mail))\b", re.I)
SUBMIT_WORDS = re.compile(r"\b(sign ?up|create|join|register|submit|continue|next|get started|"
                          r"done|finish|agree|send|confirm|go)\b", re.I)
LOGIN_WORDS = re.compile(r"^\W*(log ?in|sign ?in)\b", re.I)
NEXT_WORDS = re.compile(r"^\W*(next|continue|proceed|forward)\b", re.I)
TERMS_WORDS = re.compile(r"\b(terms|conditions|privacy|guidelines|polic(y|ies)|rules|"
                         r"i agree|i accept|eula|user agreement)\b", re.I)
BY_AGREEING = re.compile(r"\bby (signing up|creating (an|your) account|joining|registering|"
                         r"continuing|clicking|tapping)[^.]{0,80}\b(agree|accept)", re.I)
MARKETING = re.compile(r"\b(newsletter|offers|marketing|promotions?|updates|news|partners)\b",
                       re.I)
AGE_CONFIRM = re.compile(r"\b(i am|i'?m|i confirm (that )?i am)\s+(at least |over |aged )?"
                         r"(1[3-9]|2[01])\b", re.I)
CUTOFF = re.compile(
    r"(\b(you must|you need to|you have to|must|need to|only if you)\s+be\s+(at least |over |"
    r"aged? )?(1[0-9]|2[01])\b|\b(1[0-9]|2[01])\s*\+|\b(1[0-9]|2[01])\s+(or|and)\s+(over|"
    r"older|above|up)\b|\b(over|under|older than|at least|aged)\s+(1[0-9]|2[01])\b|"
    r"\bminimum age\b|\bage (limit|requirement|restriction)|\b(1[0-9]|2[01]) years? (old|of "
    r"age)\b)", re.I)
VERIFY_HINT = re.compile(
    r"(verification (code|link|email)|verify your (email|e-mail|phone|number|account)|"
    r"confirm your (email|e-mail|address|account|phone)|we('ll| will) (send|email|text) you|"
    r"code (we|was) sent|one[- ]time (code|password)|check your (email|e-mail|inbox|phone)|"
    r"we('ve| have) sent (you )?(a|an) (link|code|email|text)|sms code|"
    r"activation (e-?mail|link|code)|activate your account|"
    r"confirmation (e-?mail|link|code)?\s*(will be|is) (e-?mailed|sent) to you)", re.I)
BLOCKED = re.compile(
    r"(can(no|')?t (create|make) (your|an|the) account|can(no|')?t (join|sign up|register)|"
    r"not (old enough|eligible)|too young|(you must|have to|need to) be (at least )?\d\d|"
    r"age requirement|minimum age|unable to create (your|an) account|not allowed to (join|"
    r"sign up|register|create)|under the (minimum )?age|sorry,? you can(no|')?t)", re.I)
ACCEPTED = re.compile(
    r"(check your (email|e-mail|inbox)|welcome\b|account (has been |was |is )?created|"
    r"verify your (email|e-mail)|confirm your (email|e-mail|account)|thanks? (you )?for "
    r"(joining|signing up|registering)|you('re| are) (now )?(in|signed in|logged in|registered|"
    r"a member)|registration (complete|successful)|log ?out|sign ?out)", re.I)
RESTRICTED = re.compile(
    r"(teen account|under[- ]18 account|supervised (account|experience)|parent(al)? "
    r"(consent|permission|approval|controls)|guardian|restricted (account|mode|experience)|"
    r"limited (account|features|experience)|child(ren's)? account|family (account|link|centre)|"
    r"private by default|some features (are|will be) (limited|unavailable|off)|"
    r"because you('re| are) under)", re.I)
ERRORS = re.compile(r"(please (enter|choose|fill|select|provide)|is required|required field|"
                    r"invalid|isn't valid|is not valid|already (taken|in use|exists)|"
                    r"at least \d+ characters|must (contain|include))", re.I)
PROVIDER_WORDS = re.compile(r"\b(provider|server|domain|host(name)?|instance|home ?server)\b",
                            re.I)
FETCH_WORDS = re.compile(r"\b(fetch|get|load|show|choose|select|continue|next|proceed|"
                         r"register|sign ?up|create)\b", re.I)
# a page that is itself about making an account (no "join a channel", no "connect")
ACCOUNT_WORDS = re.compile(r"\b(sign ?up|register|registration|create (an |your |a new )?"
                           r"account|new account)\b", re.I)
PROVIDER_WAIT_S = 8.0      # after naming the provider: its form comes from its server
SETTINGS_WORDS = re.compile(r"\b(settings|privacy|preferences|safety)\b", re.I)


#: How the synthetic identities are named (``auditor check`` tells the operator how to find them)
USERNAME_PREFIX = "osa_"
EMAIL_DOMAIN = "example.com"      # reserved (RFC 2606): no mail is ever delivered there

@dataclass
class Flow:
    url: str                                  # where the flow starts
    openers: list[str] = field(default_factory=list)   # button texts clicked to show it
    provider: tuple[str, str] | None = None   # a first step naming the server: (button, value)
    provider_shower: str = ""                 # the control that showed that step's field
    steps: int = 0
    controls: list[Control] = field(default_factory=list)  # every field met, all steps
    texts: list[str] = field(default_factory=list)         # each step's visible text
    captcha: bool = False
    blocked_step: bool = False                # a "next" would have sent data
    evidence: list[str] = field(default_factory=list)
    again_wait: float = AGAIN_WAIT_S          # how long the form is waited for on a new load


@dataclass
class Identity:
    age: int
    dob: date
    username: str
    email: str
    password: str
    typed: set[str] = field(default_factory=set)     # which values went into the form

    @classmethod
    def make(cls, age: int, today: date) -> Identity:
        tag = secrets.token_hex(4)
        alphabet = string.ascii_letters + string.digits
        pw = "".join(secrets.choice(alphabet) for _ in range(14)) + "!7aA"
        return cls(age, dob_for(age, today), f"{USERNAME_PREFIX}{tag}",
                   f"osa.{tag}@{EMAIL_DOMAIN}", pw)

    def values(self) -> list[str]:
        return [self.username, self.email, self.password, self.email.split("@")[0]]


@dataclass
class Attempt:
    outcome: str                # blocked | accepted | accepted_restricted | error | captcha
    text: str = ""
    url: str = ""
    defaults: list[str] = field(default_factory=list)
    ident: Identity | None = field(default=None, repr=False)
    why: str = ""               # for an error: what went wrong


def today(session: Session) -> date:
    return getattr(session.options, "today", None) or date.today()


def ages(session: Session) -> tuple[int, ...]:
    return session.options.ages()


# -- finding and reading the flow ------------------------------------------------------------------

def _form_fields(sc: Scan, opened: bool = False) -> list[Control]:
    """The signup form's fields on a scanned step (the form with the most account fields).
    ``opened``: the step was reached by pressing something that named signing up (an opener,
    a provider step), so a bare username and password are taken for a signup."""
    ctrls = [c for c in sc.controls() if c.kind in ("input", "select", "textarea", "checkbox",
                                                   "radio") and c.visible or
             c.kind in ("checkbox", "radio")]
    if not ctrls:
        return []
    groups: dict[str, list[Control]] = {}
    for c in ctrls:
        groups.setdefault(c.form or "-", []).append(c)

    def score(cs: list[Control]) -> int:
        s = 0
        for c in cs:
            words = c.words.lower()
            if c.type in ("password", "email"):
                s += 3
            if re.search(r"user|name|handle|birth|dob|day|month|year", words):
                s += 1
            if c.type == "search" or "search" in words:
                s -= 3
        return s
    best = max(groups.values(), key=score)
    if score(best) <= 0 and not dob_fields(best):
        return []
    pw = [c for c in best if c.type == "password"]
    filled = [c for c in best if c.kind in ("input", "select", "textarea")]
    if pw and len(filled) <= 2 and len(pw) == 1:           # a login form, not a signup
        form = best[0].form
        own = [c for c in sc.controls() if c.kind == "button" and c.form == form]
        if any(LOGIN_WORDS.search(c.text) for c in own):
            return []
        # a username and a password are a signup only where the page or the form's own
        # button says so ("Register" on a panel headed "Account Registration")
        if not (opened or SIGNUP_WORDS.search(sc.text[:4000]) or
                any(SIGNUP_WORDS.search(c.text) for c in own if form)):
            return []
    if not pw and not dob_fields(best) and not SIGNUP_WORDS.search(sc.text[:4000]):
        return []                                            # a newsletter or contact form
    return best


def _opener(sc: Scan, page_url: str, flow: Flow) -> Control | None:
    """A control on this page that opens a signup form in place, not pressed yet."""
    return next((c for c in _buttons(sc) if SIGNUP_WORDS.search(c.text)
                 and _opens_in_page(c, page_url) and c.text not in flow.openers), None)


def _opens_in_page(c: Control, page_url: str) -> bool:
    """A control that opens a signup form on this page: a button (not a submit), or a link to a
    place in this page (``#register``, a script route of a one-page client)."""
    if c.kind == "button":
        return c.type != "submit"
    href = (c.href or "").strip()
    if href.lower().startswith("javascript:"):
        return True
    here, _, frag = href.partition("#")
    return bool(frag) and here.rstrip("/") == page_url.split("#")[0].rstrip("/")


def _buttons(sc: Scan) -> list[Control]:
    return [c for c in sc.controls() if c.kind in ("button", "link") and not c.disabled]


async def _open_flow(session: Session, page, flow: Flow) -> Scan:
    """Scan the start page and press the openers that show the form (modals, "with email")."""
    sc = await scan(page)
    for label in flow.openers:
        # a one-page client draws its buttons a moment after load, as on the first read
        sc = await poll(lambda: scan(page), lambda s, t=label: any(
            c.text == t for c in _buttons(s)), LATE_UI_S, first=sc)
        for c in _buttons(sc):
            if c.text == label:
                await c.locator(page).click(timeout=3000, no_wait_after=True)
                await idle(0.7)
                break
        sc = await scan(page)
    if flow.provider is not None and not _form_fields(sc, True):
        if flow.provider_shower:
            sc = await poll(lambda: scan(page), lambda s: any(
                c.text == flow.provider_shower for c in _buttons(s)), LATE_UI_S, first=sc)
            for c in _buttons(sc):
                if c.text == flow.provider_shower:
                    with contextlib.suppress(Exception):
                        await c.locator(page).click(timeout=3000, no_wait_after=True)
                    break
        sc = await poll(lambda: scan(page), lambda s: _provider_step(s, flow) is not None,
                        LATE_UI_S, first=sc)
        step = _provider_step(sc, flow)
        if step is not None:
            sc = await _press_provider(page, step, flow.provider[1])
    return sc


def _provider_step(sc: Scan, flow: Flow) -> tuple[Control, Control] | None:
    """A first signup step that only names the provider (the server the account will be on):
    a form whose one field is a provider, server or domain field, with a button to go on
    ("Fetch the form", "Continue").  Only on a page about making an account, or after
    pressing a signup opener.  Returns the button and the field."""
    if not (flow.openers or ACCOUNT_WORDS.search(sc.text[:4000])):
        return None
    ctrls = [c for c in sc.controls() if c.visible and not c.disabled]
    forms: dict[str, list[Control]] = {}
    for c in ctrls:
        forms.setdefault(c.form or "-", []).append(c)
    for cs in forms.values():
        fields = [c for c in cs if c.kind in ("input", "select", "textarea", "checkbox",
                                              "radio")]
        buttons = [c for c in cs if c.kind == "button" and FETCH_WORDS.search(c.text)
                   and not LOGIN_WORDS.search(c.text)]
        if len(fields) != 1 or not buttons:
            continue
        f = fields[0]
        if f.kind not in ("input", "select") or f.type in ("password", "email", "tel", "date",
                                                           "search") \
                or not PROVIDER_WORDS.search(f.words) or dob_fields(fields):
            continue
        return next((b for b in buttons if b.type == "submit"), buttons[0]), f
    return None


def _provider_shower(sc: Scan, page_url: str, flow: Flow) -> Control | None:
    """On a signup panel, an in-page link or a plain button that shows the provider field
    ("Enter a provider manually", "Use another server"): it sends nothing."""
    if not (flow.openers or ACCOUNT_WORDS.search(sc.text[:4000])):
        return None
    here = page_url.split("#")[0].rstrip("/")
    for c in _buttons(sc):
        if not PROVIDER_WORDS.search(c.text) or LOGIN_WORDS.search(c.text):
            continue
        href = (c.href or "").strip()
        if c.kind == "button" and c.type != "submit" or \
                c.kind == "link" and ("#" in href and href.split("#")[0].rstrip("/") == here
                                      or href.lower().startswith("javascript:")):
            return c
    return None


async def _press_provider(page, step: tuple[Control, Control], value: str) -> Scan:
    """Name the provider (when the field is empty) and press the step's button; then wait,
    bounded, for the server's own fields."""
    button, fld = step
    if value and not (fld.value or "").strip():
        with contextlib.suppress(Exception):
            await fld.locator(page).fill(value, timeout=2000)
    with contextlib.suppress(Exception):
        await button.locator(page).click(timeout=3000, no_wait_after=True)
    return await poll(lambda: scan(page), lambda s: bool(_form_fields(s, True)),
                      PROVIDER_WAIT_S)


def _own_host(url: str) -> str:
    host = (urlsplit(url).hostname or "").lower()
    return host[4:] if host.startswith("www.") else host


async def find_flow(session: Session) -> Flow | None:
    sm = session.sitemap
    urls = []
    if sm.key_pages.get("signup"):
        urls.append(sm.key_pages["signup"])
    lk = best_link("signup", sm.links)
    if lk and lk.url not in urls:
        urls.append(lk.url)
    if not urls:
        # registration linked only from the login page ("No account? Register")
        lk = await _signup_link_on_login_pages(session)
        if lk is not None:
            urls.append(lk)
    linked = set(urls)                  # pages a link names as the signup: worth a wait
    home = sm.home_url or session.target.url
    if home not in urls:
        urls.append(home)
    for url in urls[:3]:
        try:                            # a signup page's form may be built late: waited for
            flow = await _read_flow(session, url,
                                    wait=FORM_WAIT_S if url in linked else 0.0)
        except RobotsDisallowed:
            continue
        if flow is not None:
            return flow
    return None


def _login_pages(session: Session) -> list[str]:
    """Login pages to look on for a registration link: discovery's, the best login link, and
    a test account's ``login_url`` (the row's secrets)."""
    sm = session.sitemap
    out = [sm.key_pages.get("login") or ""]
    lk = best_link("login", sm.links)
    out.append(lk.url if lk else "")
    out += [p.login_url or "" for p in (session.personas or {}).values()]
    return [u for u in dict.fromkeys(out) if u and u in session.scope][:2]


async def _signup_link_on_login_pages(session: Session) -> str | None:
    for url in _login_pages(session):
        try:
            res = await asyncio.wait_for(session.fetch(url), 10.0)
        except (BudgetExceeded, RobotsDisallowed):
            raise
        except Exception:  # noqa: BLE001 - a login page that will not load has no link
            continue
        if "html" not in res.content_type:
            continue
        links = [lk for lk in links_from_html(res.text, res.final_url) if lk.url in session.scope]
        lk = best_link("signup", links)
        if lk is not None:
            session.log.append(f"signup: the registration link is on the login page {url}")
            return lk.url
    return None


async def _read_flow(session: Session, url: str, *, wait: float = 0.0) -> Flow | None:
    flow = Flow(url)
    async with session.visitor_context() as ctx:
        async with session.page(url, context=ctx) as page:
            guard = await Guard(session.scope, allow_writes=False).install(page)
            try:
                sc = await _until_form(page, await scan(page), wait)
                fields = _form_fields(sc)
                if not fields and _opener(sc, page.url, flow) is None:
                    # a page built by script may draw its form or its "Sign up" button a moment
                    # after load (a slow machine): looked for a little longer, then given up
                    sc = await poll(lambda: scan(page), lambda s: bool(_form_fields(s)) or
                                    _opener(s, page.url, flow) is not None, LATE_UI_S, first=sc)
                    fields = _form_fields(sc)
                tries = 0
                while not fields and tries < 2 and _provider_step(sc, flow) is None:
                    opener = _opener(sc, page.url, flow)
                    if opener is None:
                        break
                    flow.openers.append(opener.text)
                    with contextlib.suppress(Exception):
                        await opener.locator(page).click(timeout=3000, no_wait_after=True)
                    await idle(0.7)
                    # a one-page client may draw the panel, or fetch its form, a moment later
                    sc = await poll(lambda: scan(page), lambda s: bool(_form_fields(s, True))
                                    or _provider_step(s, flow) is not None, LATE_UI_S)
                    fields = _form_fields(sc, True)
                    tries += 1
                pressed = not fields
                if pressed:
                    sc, fields = await _provider_first(session, page, guard, sc, flow)
                if not fields:
                    return None
                flow.captcha = await captcha_seen(page) or bool(re.search(
                    r"i'?m not a robot", sc.text, re.I))
                shot = await session.evidence.screenshot(page, full_page=False)
                if shot:
                    flow.evidence.append(shot)
                flow.controls += fields
                flow.texts.append(sc.text[:6000])
                flow.steps = 1
                # a wizard: press a client-side "Next" with synthetic values, nothing leaves
                ident = Identity.make(ADULT_AGE, today(session))
                register_secrets(session.evidence, ident.values())
                while flow.steps < MAX_STEPS:
                    nxt = next((c for c in _buttons(sc) if NEXT_WORDS.search(c.text)), None)
                    if nxt is None:
                        break
                    guard.typed = ident.values()
                    await _fill(page, fields, ident, session)
                    before = guard.blocked
                    with contextlib.suppress(Exception):
                        await nxt.locator(page).click(timeout=3000, no_wait_after=True)
                    await idle(0.9)
                    if guard.blocked > before:
                        flow.blocked_step = True
                        break
                    sc = await scan(page)
                    new = _form_fields(sc, _opened(flow))
                    seen = {(c.name, c.elid, c.type) for c in flow.controls}
                    fresh = [c for c in new if (c.name, c.elid, c.type) not in seen]
                    if not fresh:
                        break
                    flow.controls += fresh
                    fields = new
                    flow.texts.append(sc.text[:6000])
                    flow.steps += 1
                    flow.captcha = flow.captcha or await captcha_seen(page)
            finally:
                await guard.remove()
        if not pressed and not guard.typed:
            # the form read as a visitor reads it (nothing typed, no provider step asked for):
            # the visitor survey may go on in this context
            session.spare(ctx)
    return flow


def _opened(flow: Flow) -> bool:
    """The form is reached by pressing something that named signing up."""
    return bool(flow.openers or flow.provider)


def _asks_contact(flow: Flow) -> bool:
    """Whether the flow asks anything a code or link could be sent to (an email address or a
    phone number), or has a step not read (a "next" that needed the server)."""
    if flow.blocked_step:
        return True
    return any(c.type in ("email", "tel") or
               re.search(r"e-?mail|phone|mobile|\btel\b|msisdn", c.words, re.I)
               for c in flow.controls if c.kind in ("input", "textarea"))


async def _provider_first(session: Session, page, guard: Guard, sc: Scan,
                          flow: Flow) -> tuple[Scan, list[Control]]:
    """A signup whose first step only names the provider: its button is pressed, also without
    permission for forms, and the fields the server then sends are read.

    Why this is not a form submission: the step holds no personal field (no name, address,
    password or date); the only value is the provider's name, either the one the page itself
    filled in or, when the field is empty, this service's own host name; pressing it asks the
    server for its blank signup form and creates nothing.  The guard stays on, so nothing but
    GET requests leaves the browser (a step that needs a POST is blocked and recorded)."""
    step = await poll(lambda: scan(page), lambda s: _provider_step(s, flow) is not None
                      or _provider_shower(s, page.url, flow) is not None, LATE_UI_S, first=sc)
    shower = _provider_shower(step, page.url, flow) if _provider_step(step, flow) is None \
        else None
    if shower is not None:          # "Enter a server manually": shows the provider field
        with contextlib.suppress(Exception):
            await shower.locator(page).click(timeout=3000, no_wait_after=True)
        step = await poll(lambda: scan(page), lambda s: _provider_step(s, flow) is not None,
                          LATE_UI_S)
    found = _provider_step(step, flow)
    if found is None:
        return sc, []
    if shower is not None:
        flow.provider_shower = shower.text
    button, fld = found
    value = (fld.value or "").strip() or _own_host(page.url)
    before = guard.blocked
    sc = await _press_provider(page, found, value)
    fields = _form_fields(sc, True)
    if guard.blocked > before:
        flow.blocked_step = True
    if fields:
        flow.provider = (button.text, value)
        session.log.append(f"signup: a first step named the provider ({value or 'given'}) "
                           f"with {button.text!r}; the server's form followed")
    else:
        session.log.append(f"signup: a provider step ({button.text!r}) gave no form"
                           + (" (a request that sends data was blocked)"
                              if flow.blocked_step else ""))
    return sc, fields


def neutral(flow: Flow, session: Session) -> tuple[bool, str]:
    dob = dob_fields(flow.controls)
    for role, c in dob.items():
        if c.kind == "select":
            sel = (c.selected or "").strip()
            if c.value and re.fullmatch(r"(19|20)\d\d", sel) and role == "year" and \
                    today(session).year - int(sel) >= 10:
                return False, f"the year is pre-selected ({sel})"
            if c.value and role == "age" and sel.isdigit() and int(sel) >= 10:
                return False, f"the age is pre-selected ({sel})"
            years = [int(o[1]) for o in c.options if re.fullmatch(r"(19|20)\d\d",
                                                                  str(o[1]).strip())]
            if role == "year" and years and max(years) <= today(session).year - 13:
                return False, f"the year list stops at {max(years)}"
        elif (c.value or "").strip():
            return False, f"the {role} field is pre-filled"
    near = " ".join(f"{c.label} {c.placeholder}" for c in dob.values())
    for text in [near, *flow.texts]:
        m = CUTOFF.search(text)
        if m:
            return False, f"the screen hints at the cut-off: {m.group(0)[:60]}"
    return True, ""


# -- filling and submitting ------------------------------------------------------------------------

async def _fill(page, fields: list[Control], ident: Identity, session: Session) -> list[str]:
    """Fill ``fields`` as ``ident``; returns the names of the fields that would not take a value
    (the reason a form then refuses the try)."""
    dob = dob_fields(fields)
    done = {c.raw["id"] for c in dob.values()}
    refused: list[str] = []
    if dob:
        try:
            await fill_dob(page, dob, ident.dob, ident.age)
        except Exception:  # noqa: BLE001 - the date of birth left part-filled is reported
            refused.append("date of birth")
    radios_done: set[str] = set()
    for c in fields:
        if c.raw["id"] in done or c.disabled:
            continue
        loc = c.locator(page)
        words = c.words.lower()
        try:
            if c.type == "password":
                await loc.fill(ident.password, timeout=FILL_MS)
            elif c.type == "email" or re.search(r"\be-?mail\b", words):
                await loc.fill(ident.email, timeout=FILL_MS)
            elif c.kind == "checkbox":
                label = c.label or c.text
                m = AGE_CONFIRM.search(label)
                want = (TERMS_WORDS.search(label) and not MARKETING.search(label)) or \
                    (m and ident.age >= int(m.group(4))) or (c.required and not m)
                if want and not c.checked:
                    await loc.check(timeout=FILL_MS, force=True)
            elif c.kind == "radio":
                if c.name and c.name not in radios_done:
                    radios_done.add(c.name)
                    await loc.check(timeout=FILL_MS, force=True)
            elif c.kind == "select":
                if not c.value:
                    opt = next((o for o in c.options if str(o[0]).strip()), None)
                    if opt:
                        await loc.select_option(value=str(opt[0]), timeout=FILL_MS)
            elif c.type == "tel":
                continue
            elif c.kind in ("input", "textarea") and c.type not in ("file", "search", "date"):
                if re.search(r"user|handle|nick|login|screen", words):
                    val = ident.username
                    ident.typed.add("username")
                elif re.search(r"first", words):
                    val = "Alex"
                elif re.search(r"last|sur", words):
                    val = "Tester"
                elif re.search(r"name", words):
                    val = ident.username
                    ident.typed.add("username")
                elif re.search(r"town|city|location", words):
                    val = "London"
                elif re.search(r"post ?code|zip", words):
                    val = "EC1A 1AA"
                elif c.kind == "textarea" and not c.required:
                    continue
                else:
                    val = ident.username if not c.value else c.value
                if not c.value:
                    await loc.fill(val, timeout=FILL_MS)
        except Exception:  # noqa: BLE001 - a field that will not take a value is left
            refused.append(_field_name(c))
    return refused


def _refuses(text: str, first_read: str) -> re.Match | None:
    """A refusal on the page that its first read did not show (a block remembered by cookie,
    sign-ups closed): no form is coming."""
    m = BLOCKED.search(text)
    return m if m and m.group(0).lower() not in first_read.lower() else None


def _line_of(text: str, at: int) -> str:
    """The line of ``text`` around offset ``at`` (an error message the form showed)."""
    start = text.rfind("\n", 0, at) + 1
    end = text.find("\n", at)
    return text[start:end if end >= 0 else None].strip()[:120]


def _field_name(c: Control) -> str:
    return re.sub(r"\s+", " ", c.label or c.placeholder or c.name or c.type or c.kind).strip()[:40]


def _submit(sc: Scan, fields: list[Control]) -> Control | None:
    forms = {c.form for c in fields if c.form}
    buttons = [c for c in sc.controls() if c.kind == "button" and not c.disabled]
    for group in ([c for c in buttons if forms and c.form in forms], buttons):
        for c in group:
            if c.type == "submit" or SUBMIT_WORDS.search(c.text):
                return c
    return None


def _outcome(text: str, sc: Scan, start_url: str, opened: bool = False) -> str:
    if BLOCKED.search(text):
        return "blocked"
    fields = _form_fields(sc, opened)
    still_form = any(c.type == "password" for c in fields)
    if ACCEPTED.search(text) or (not still_form and sc.url != start_url):
        return "accepted_restricted" if RESTRICTED.search(text) else "accepted"
    if still_form or ERRORS.search(text):
        return "error"
    return "accepted_restricted" if RESTRICTED.search(text) else "accepted"


async def _until_form(page, sc: Scan, seconds: float = FORM_WAIT_S,
                      opened: bool = False) -> Scan:
    """The form as the page shows it, waited for (bounded): a script-built form can come
    later than the page settled, on a busy machine most of all."""
    return await poll(lambda: scan(page), lambda s: bool(_form_fields(s, opened)), seconds,
                      first=sc)


async def _attempt(session: Session, page, flow: Flow, ident: Identity) -> Attempt:
    """Fill and send the flow once as ``ident`` on ``page`` (the row allows forms)."""
    att = await _send(session, page, flow, ident)
    att.ident = ident
    return att


async def _send(session: Session, page, flow: Flow, ident: Identity) -> Attempt:
    guard = await Guard(session.scope, allow_writes=True).install(page)
    try:
        await session.goto(page, flow.url)
        sc = await _open_flow(session, page, flow)
        opened = _opened(flow)
        first_read = flow.texts[0] if flow.texts else ""
        sc = await poll(lambda: scan(page),
                        lambda s: bool(_form_fields(s, opened)) or _refuses(s.text, first_read),
                        flow.again_wait, first=sc)
        if not _form_fields(sc, opened):
            flow.again_wait = FORM_WAIT_S     # not coming on this service: no long waits again
            said = _refuses(sc.text, first_read)
            return Attempt("error", sc.text[:3000], page.url,
                           why="the signup form was not there when loaded again"
                           + (f"; the page said: {_line_of(sc.text, said.start())}"
                              if said else ""))
        before = sc.text
        troubles: list[str] = []       # what went wrong on the way, said when the try fails
        for _step in range(MAX_STEPS):
            fields = _form_fields(sc, opened)
            if not fields:
                break
            refused = await _fill(page, fields, ident, session)
            if refused:
                troubles.append("fields that would not take a value: " + ", ".join(refused))
            btn = _submit(sc, fields)
            if btn is None:
                troubles.append("no button to send the form")
                break
            url0 = page.url
            try:
                await btn.locator(page).click(timeout=PRESS_MS, no_wait_after=True)
            except Exception as exc:  # noqa: BLE001 - a button that will not press is said
                troubles.append(f"the button '{_field_name(btn) or btn.text[:30]}' would not "
                                f"press ({type(exc).__name__})")
            await idle(SETTLE_MS / 1000)
            with contextlib.suppress(Exception):
                await page.wait_for_load_state("load", timeout=5000)
            # the answer (a new page, an error shown in place) can take longer than the pause
            # on a busy machine: the unchanged form read too early looked like a refusal
            refused = False
            with contextlib.suppress(Exception):     # the browser kept the form (a field it
                refused = page.url == url0 and bool(  # requires): no answer will come
                    await btn.locator(page).evaluate(FORM_INVALID_JS, timeout=1000))
            sc = await poll(lambda: scan(page),
                            lambda s, b=before, u=url0: s.text != b or page.url != u,
                            0.5 if refused else ANSWER_WAIT_S)
            if sc.text == before and page.url == url0:
                break
            new_fields = _form_fields(sc, opened)
            if not new_fields or BLOCKED.search(sc.text) or ACCEPTED.search(sc.text):
                break
            if {(c.name, c.type) for c in new_fields} == {(c.name, c.type) for c in fields}:
                break                     # the same form again: an error or a refusal
            before = sc.text
        if _form_fields(sc, opened) and await captcha_seen(page):
            return Attempt("captcha", sc.text[:3000], page.url)
        outcome = _outcome(sc.text, sc, flow.url, _opened(flow))
        if outcome == "error" and not troubles:
            said = ERRORS.search(sc.text)
            troubles.append("the form came back" + (f" saying: {_line_of(sc.text, said.start())}"
                                                     if said else " unchanged"))
        return Attempt(outcome, sc.text[:3000], page.url,
                       why="; ".join(troubles) if outcome == "error" else "")
    finally:
        await guard.remove()


async def _child_defaults(session: Session, page) -> list[str]:
    """The settings a new account starts with, read from its settings or privacy page."""
    sc = await scan(page)
    links = [c for c in sc.controls() if c.kind == "link" and c.href
             and c.href in session.scope and SETTINGS_WORDS.search(c.text)]
    out: list[str] = []
    for lk in links[:2]:
        with contextlib.suppress(Exception):
            await session.goto(page, lk.href)
            await idle(0.8)
            st = await scan(page)
            for c in st.controls():
                label = re.sub(r"\s+", " ", (c.label or c.text or c.name)).strip()
                own, legend = label, ""
                m = re.match(r"^(.*?)\s*\[(.+)\]\s*$", label)
                if m:
                    own, legend = m.group(1).strip(), m.group(2).strip()
                if not own:
                    continue
                if c.kind == "checkbox":
                    out.append(f"{own}: {'on' if c.checked else 'off'}")
                elif c.kind == "radio" and c.checked:
                    out.append(f"{legend or c.name}: {own}")
                elif c.kind == "select" and c.selected:
                    out.append(f"{legend or own}: {c.selected}")
        if out:
            break
    out = [o.replace(";", ",")[:120] for o in out]
    return list(dict.fromkeys(out))[:20]


def _mask(text: str, idents: list[Identity]) -> str:
    for i in idents:
        for v in i.values():
            text = text.replace(v, "[synthetic]")
    return text


def _identity(session: Session, age: int, idents: list[Identity]) -> Identity:
    """A new synthetic identity, its values registered with the evidence masking at once."""
    ident = Identity.make(age, today(session))
    idents.append(ident)
    register_secrets(session.evidence, ident.values())
    return ident


# -- accounts for the messaging probe --------------------------------------------------------------

def _persona(role: str, ident: Identity) -> Persona:
    return Persona(account="signup", name=role, password=ident.password,
                   username=ident.username if "username" in ident.typed else None,
                   email=ident.email, age=ident.age, date_of_birth=ident.dob)


async def _can_log_in(session: Session, persona: Persona) -> bool:
    """Log in as ``persona`` in a clean context (the row allows forms); True when it worked."""
    sm = session.sitemap
    home = (sm.home_url if sm else "") or session.target.url
    try:
        async with asyncio.timeout(LOGIN_SECONDS):
            async with session.fresh_context() as ctx:
                guard = LoginGuard(session)
                await ctx.route("**/*", guard)
                async with session.page(None, context=ctx) as page:
                    res = await login(session, guard, page, persona,
                                      login_url=sm.key_pages.get("login") if sm else None,
                                      home_url=home)
    except (BudgetExceeded, asyncio.CancelledError):
        raise
    except Exception:  # noqa: BLE001 - never the message: it could quote what was typed
        return False
    return res.ok


def _no_accounts(session: Session, why: str) -> None:
    if session.allow_forms and not (session.personas or session.target.accounts):
        set_made_accounts(session, MadeAccounts({}, f"needs_accounts: {why}"))


async def _verify_by_mail(session: Session, results: dict[int, Attempt],
                          since: float) -> bool | None:
    """With ``--mail-dir``: follow the verification link mailed to each account made, so the
    accounts can be used.  True when a link came, False when accounts were made and none came
    within the wait, None without the option or without an account."""
    folder = getattr(session.options, "mail_dir", None)
    made = [(age, r) for age, r in sorted(results.items())
            if r.ident is not None and r.outcome in ("accepted", "accepted_restricted")]
    if not folder or not made:
        return None
    came = False
    for age, r in made:
        link = None
        deadline = time.monotonic() + (MAIL_WAIT_S if not came else MAIL_WAIT_S / 3)
        while link is None and time.monotonic() < deadline:
            link = await asyncio.to_thread(verification_link, folder, r.ident.email,
                                           session.scope.__contains__, since)
            if link is None:
                await asyncio.sleep(0.5)
        if link is None:
            continue
        came = True
        async with session.fresh_context() as ctx:
            async with session.page(None, context=ctx) as page:
                with contextlib.suppress(Exception):
                    await session.goto(page, link.url)
        session.log.append(f"signup: followed the verification link mailed to the {age}-year-old "
                           f"identity ({link.file})")
    return came


async def keep_accounts(session: Session, results: dict[int, Attempt], asks_age: bool) -> None:
    """Hand the messaging probe an adult (25 or over) and a child (under 18) account made here,
    when the row names no accounts of its own: each accepted by the service and able to log
    in.  Otherwise the session says why there are none."""
    if session.personas or session.target.accounts:
        return
    made = [(age, r) for age, r in sorted(results.items())
            if r.ident is not None and r.outcome in ("accepted", "accepted_restricted")]
    adults = [r for age, r in made if age >= ADULT_AGE]
    children = [r for age, r in made if age < 18]
    why = ""
    if not asks_age:
        why = "the signup form asks no age, so no account it made is a child's"
    elif not adults:
        why = f"no account aged {ADULT_AGE} or over was accepted"
    elif not children:
        why = "no account under 18 was accepted"
    personas: dict[str, Persona] = {}
    for role, cands in (("child", children[:2]), ("adult", adults[-1:])):
        if why:
            break
        for r in cands:
            persona = _persona(role, r.ident)
            if await _can_log_in(session, persona):
                personas[role] = persona
                break
        else:
            why = f"the {role} account the signup probe made could not log in"
    if why:
        set_made_accounts(session, MadeAccounts({}, f"needs_accounts: {why}"))
    else:
        set_made_accounts(session, MadeAccounts(personas))


# -- the probe -------------------------------------------------------------------------------------

async def run(session: Session) -> list[Observation]:
    f = Findings(NAME)
    sm = session.sitemap
    if sm is None:
        return _undecided(f.finish(note="not_run"))
    if sm.wall:
        return _undecided(f.finish(note=sm.wall))
    try:
        await _run(session, f)
    except BudgetExceeded as exc:
        session.log.append(f"signup: {exc}")
        return _undecided(f.finish(note="budget_exhausted"))
    return _undecided(f.finish())


def _undecided(obs: list[Observation]) -> list[Observation]:
    for o in obs:
        if o.value is None:
            o.confidence = 0.0
    return obs


async def _run(session: Session, f: Findings) -> None:
    flow = await find_flow(session)
    if flow is None:
        _no_accounts(session, "no signup flow seen")
        f.add("asks_age", False, confidence=0.6, note="not_found: no signup flow seen")
        for name in ("neutral_age_screen", "terms_acceptance", "email_verification", "captcha",
                     "underage_retry", "lowest_age_accepted", "child_defaults",
                     "underage_outcome"):
            f.add(name, None, note="not_found: no signup flow seen")
        return
    ev = flow.evidence
    dob = dob_fields(flow.controls)
    f.add("asks_age", bool(dob), url=flow.url, evidence=ev,
          confidence=0.9 if not flow.blocked_step else 0.6,
          note="" if dob or not flow.blocked_step else
          "a later step needs the server; forms_not_allowed")
    if dob:
        ok, why = neutral(flow, session)
        f.add("neutral_age_screen", ok, url=flow.url, evidence=ev, confidence=0.8, note=why)
    else:
        f.add("neutral_age_screen", None, note="not_applicable: no age question")
    boxes = [c for c in flow.controls if c.kind == "checkbox"]
    terms = any(TERMS_WORDS.search(c.label or "") and not MARKETING.search(c.label or "")
                for c in boxes) or any(BY_AGREEING.search(t) for t in flow.texts)
    f.add("terms_acceptance", terms, url=flow.url, evidence=ev, confidence=0.85)
    f.add("captcha", flow.captcha, url=flow.url, evidence=ev, confidence=0.85)
    hint = any(VERIFY_HINT.search(t) for t in flow.texts)

    if not session.allow_forms:
        if hint:
            f.add("email_verification", True, url=flow.url, confidence=0.7,
                  note="the form says a code or link will be sent")
        elif not _asks_contact(flow):
            f.add("email_verification", False, url=flow.url, evidence=ev, confidence=0.6,
                  note="the form asks no email address or phone number to verify")
        else:
            f.add("email_verification", None, note="forms_not_allowed")
        f.add("underage_outcome", "not_tested", note="forms_not_allowed")
        for name in ("underage_retry", "lowest_age_accepted", "child_defaults"):
            f.add(name, None, note="forms_not_allowed")
        return

    # -- synthetic identities (the row allows forms) ------------------------------------
    mail_since = time.time() - 2
    chosen = ages(session)
    idents: list[Identity] = []
    results: dict[int, Attempt] = {}
    retry: Attempt | None = None
    youngest = chosen[0]
    for age in chosen:
        ident = _identity(session, age, idents)
        async with session.fresh_context() as ctx:
            async with session.page(None, context=ctx) as page:
                att = await _attempt(session, page, flow, ident)
                results[age] = att
                if att.outcome in ("accepted", "accepted_restricted") and age < 18:
                    att.defaults = await _child_defaults(session, page)
                if age == youngest and att.outcome == "blocked":
                    older = _identity(session, max(chosen[-1], ADULT_AGE), idents)
                    retry = await _attempt(session, page, flow, older)
        if results[age].outcome == "captcha":
            break
    if any(a.outcome == "captcha" for a in results.values()):
        _no_accounts(session, "the signup form asks for a CAPTCHA, which is not solved")
        for name in ("underage_outcome", "underage_retry", "lowest_age_accepted",
                     "child_defaults"):
            f.add(name, None, note="captcha: the form asks for a CAPTCHA, which is not solved")
        f.add("email_verification", True if hint else None,
              note="" if hint else "captcha")
        return

    first = results[youngest]
    quote = session.evidence.text(_mask(first.text, idents), url=first.url, kind="quote")
    if first.outcome == "error":
        f.add("underage_outcome", None, url=flow.url, evidence=[quote],
              note="error: " + (_mask(first.why, idents)
                                 or "the form did not take the synthetic identity"))
    else:
        f.add("underage_outcome", first.outcome, url=flow.url, evidence=[quote],
              confidence=0.85, note=f"a {youngest}-year-old")
    if retry is not None:
        ok = retry.outcome in ("accepted", "accepted_restricted")
        f.add("underage_retry", ok, url=flow.url, confidence=0.85,
              note="retried at once with an older date in the same session: "
                   + retry.outcome + (f" ({_mask(retry.why, idents)})" if retry.why else ""))
    elif first.outcome in ("accepted", "accepted_restricted"):
        f.add("underage_retry", None, note="not_applicable: the youngest age was accepted")
    else:
        f.add("underage_retry", None, note=f"error: {first.outcome}")

    # the lowest age accepted, narrowed down between the ages tried
    accepted = sorted(a for a, r in results.items()
                      if r.outcome in ("accepted", "accepted_restricted"))
    if accepted:
        lo = accepted[0]
        below = [a for a, r in results.items() if a < lo and r.outcome == "blocked"]
        probe_age = (max(below) + 1) if below else lo
        tries = 0
        while probe_age < lo and tries < MAX_REFINE:
            ident = _identity(session, probe_age, idents)
            async with session.fresh_context() as ctx:
                async with session.page(None, context=ctx) as page:
                    att = await _attempt(session, page, flow, ident)
            tries += 1
            results[probe_age] = att
            if att.outcome in ("accepted", "accepted_restricted"):
                lo = probe_age
                break
            probe_age += 1
        exact = bool(below) and all(results.get(a) and results[a].outcome == "blocked"
                                    for a in range(max(below), lo))
        f.add("lowest_age_accepted", lo, url=flow.url, confidence=0.9 if exact else 0.6,
              note="" if exact else "no younger age was refused"
              + ("" if dob else "; the form does not ask for an age"))
    else:
        f.add("lowest_age_accepted", None, note="not_found: no age tried was accepted")

    children = [r for a, r in results.items() if a < 18 and r.defaults]
    if children:
        f.add("child_defaults", [_mask(d, idents) for d in children[0].defaults], url=flow.url,
              confidence=0.7)
    elif any(a < 18 and r.outcome in ("accepted", "accepted_restricted")
             for a, r in results.items()):
        f.add("child_defaults", [], url=flow.url, confidence=0.4,
              note="not_found: no settings page read")
    else:
        f.add("child_defaults", None, note="not_applicable: no child account was made")

    mailed = await _verify_by_mail(session, results, mail_since)
    adult = results.get(chosen[-1])
    if mailed:
        f.add("email_verification", True, url=flow.url, confidence=0.95,
              note="a verification link came by mail (--mail-dir) and was followed")
    elif adult and adult.outcome in ("accepted", "accepted_restricted"):
        f.add("email_verification", bool(VERIFY_HINT.search(adult.text) or hint),
              url=flow.url, confidence=0.85,
              note="no verification mail came (--mail-dir)" if mailed is False else "")
    else:
        if not hint and not _asks_contact(flow):
            f.add("email_verification", False, url=flow.url, evidence=ev, confidence=0.6,
                  note="the form asks no email address or phone number to verify")
        else:
            f.add("email_verification", True if hint else None,
                  note="" if hint else "error: no account was made to see"
                  + (f" (the adult's try: {adult.outcome}"
                     + (f": {_mask(adult.why, idents)})" if adult.why else ")")
                     if adult else ""))
    await keep_accounts(session, results, bool(dob))
