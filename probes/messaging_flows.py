"""The messaging tests with the row's test accounts: an adult and a child persona, each in its
own browser context, in three phases (child, adult, child again).

1. The child logs in and reads its own settings: the "who can message me" setting
   (``child_dm_default``) and any comment setting; it opens the "..." menu of one of its own
   posts (``disable_comments_control``).
2. The adult logs in; looks at its suggestions and searches for the child's username
   (``child_in_suggestions``, ``child_in_search``); opens the child's profile (connections,
   location, the message button, the "..." menu); sends one message marked as a test; starts a
   group chat with the child if the service offers one.
3. The child looks in its inbox and message requests for the test message and the group
   (``unknown_adult_can_dm_child``, ``group_invite_needs_acceptance``), opens the request
   (``child_support_prompts``, ``report_in_conversation``) and the adult's profile menu
   (``block_control``, ``mute_control``).  Nothing is ever accepted, blocked, reported or changed.

Contexts are opened one at a time (a context's cookies are kept in memory between phases), so
the bounded pool of fresh contexts is never held twice.  A recipe flow, when the target has one,
replaces the heuristic of its step.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import re
import secrets
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

from auditor.session import BudgetExceeded, RobotsDisallowed
from probes.messaging_personas import PersonaMask
from probes.messaging_ui import (
    COMMENT_SETTING,
    DM_SETTING,
    LOGOUT_LABEL,
    MENU_WAIT_S,
    QUIET_JS,
    FlowFailed,
    Guard,
    LoginResult,
    click,
    compose_box,
    entries_in_menus,
    find,
    find_soon,
    goto,
    links_to,
    logged_in,
    login,
    menu_buttons,
    menu_items,
    menus_near,
    read_setting,
    run_flow,
    still_logged_in,
    text_has,
    wait_quiet,
    write_and_send,
)
from probes.profile_cues import (
    CONN_HEAD,
    EMAIL_CHANNEL,
    GROUP,
    INBOX_LABEL,
    INBOX_PATH,
    MESSAGE_LABEL,
    SUGGEST,
    Cue,
    dm_cues,
    message_controls,
    profile_name,
    quote,
    sentences,
)
from probes.profile_read import Control, PageView, locator, read_page
from probes.reporting_text import content_candidates, content_kind, listing_candidates
from probes.waiting import poll

MARK = "[automated safety test — please ignore]"
GROUP_PREFIX = "Safety test"     # a test group chat's name: this, then a token
SETTINGS_LABEL = re.compile(r"^(?:settings|privacy|privacy settings|privacy (?:and|&) safety|"
                            r"account settings|preferences|settings (?:and|&) privacy|"
                            r"messag\w* settings|edit profile and settings)$", re.I)
SETTINGS_PATH = re.compile(r"/(settings|preferences|privacy-settings|account/privacy)(/|$)",
                           re.I)
SETTINGS_SUB = re.compile(r"\b(messag\w*|privacy|safety|who can|dms?|chat)\b", re.I)
OWN_PROFILE = re.compile(r"^(?:profile|my profile|me|your profile|view profile)$", re.I)
COMMENTS_OFF = re.compile(r"\b(turn off|disable|hide|limit|switch off|close|stop|restrict)\b"
                          r"[\w ]{0,12}\bcomment\w*|\bcomments? off\b|\bwho can comment\b|"
                          r"\bcommenting\b", re.I)
PEOPLE_LINK = re.compile(r"^(?:people|discover|discover people|find friends|suggestions|"
                         r"who to follow|people you may know)$", re.I)
DIRECTORY = re.compile(r"^(?:members|member list|people|directory|browse(?: members)?|"
                       r"find friends|users|community)$", re.I)
SEARCH_LINK = re.compile(r"^(?:search|search [\w ]{1,30}|find people)$", re.I)
REQUESTS_LABEL = re.compile(r"\b(?:message )?requests?\b|\bpending\b|\bfiltered\b|"
                            r"\bother messages\b|\bspam\b|\bunknown senders\b|\binvit\w+", re.I)
REQUEST_HEAD = re.compile(r"\b(requests?|pending|invit\w*|filtered|spam|other messages|"
                          r"unknown senders|hidden)\b", re.I)
ACCEPT = re.compile(r"^(?:accept|allow|approve|confirm|accept request|accept invite|"
                    r"accept invitation|join|join group|join chat)$", re.I)
ANSWER = re.compile(r"\b(accept|allow|approve|decline|delete|ignore|reject|block|report|"
                    r"remove|clear)\b", re.I)
NEW_MESSAGE = re.compile(r"^[»›+]?\s*(?:new message|compose|new chat|start a (?:new )?(?:chat|"
                         r"conversation)|write(?: a)?(?: new)?(?: message)?|new conversation|"
                         r"\+)$", re.I)
NEW_GROUP = re.compile(r"^(?:new group|create (?:a )?group(?: chat)?|new group chat|"
                       r"start a group(?: chat)?|create group|\+ group|group chat)$", re.I)
REFUSED = re.compile(r"(can'?t|cannot|unable to|not able to|isn'?t accepting|is not accepting|"
                     r"doesn'?t accept|does not accept|not allowed to|only (?:accepts?|receives?|"
                     r"gets?) messages from|turned off (?:their )?messages|"
                     r"(?:couldn'?t|could not) be sent|has blocked)", re.I)
REQUESTED = re.compile(r"message request|request (?:sent|pending)|(?:will|'ll) (?:only )?see "
                       r"(?:it|your messages?) (?:if|when|once) (?:they|he|she) accept|"
                       r"waiting for [\w ().@-]{1,40} to accept|pending (?:approval|acceptance)",
                       re.I)
SUPPORT = re.compile(
    r"(?:don'?t|do not) know (?:this person|them|who)|only accept (?:if|requests|messages)|"
    r"(?:adult|someone) you trust|trusted adult|childline|\b0800 ?1111\b|stay safe|"
    r"be careful|never share (?:your )?(?:address|school|photos?|personal|location|details)|"
    r"you don'?t follow (?:this person|them)|help is available|talk to (?:someone|an adult)|"
    r"samaritans|shout 85258|you can (?:always )?(?:block|report)", re.I)
_PLACE = r"(?:location|lives in|based in|hometown|home town|current city|town|city)"
LOCATION = re.compile(r"📍|\b" + _PLACE + r"\s*[:\-–]\s*\w|"
                      # a label in its own cell: "Location" above or beside its value (a
                      # definition list or table), as most profile templates draw it
                      r"(?m:^[ \t]*" + _PLACE + r"[ \t]*(?:\n|\t)[ \t]*\w)|"
                      r"\b\d+(?:\.\d+)?\s?(?:km|miles?|mi)\s+away\b|\bnear (?:you|me)\b", re.I)
PRIVATE = re.compile(r"\b(private|hidden|only (?:visible|shown) to|can'?t see|not visible)\b",
                     re.I)
CONN_LINK = re.compile(r"\b(followers|following|friends|connections|contacts)\b", re.I)
# "Ignore user" in a chat client blocks that user's messages (IRC's /ignore); an ignore list
# of a forum's members does the same for private messages
BLOCK = re.compile(r"\bblock\b|\bignore (?:this )?(?:user|member|person|nick)\b|"
                   r"\badd to (?:my |your )?ignore list\b", re.I)
MUTE = re.compile(r"\b(mute|silence|snooze)\b", re.I)
REPORT = re.compile(r"\breport\b", re.I)
CONNECTED = re.compile(r"^(?:following|unfollow|friends|remove friend|unfriend|connected|"
                       r"mutual|follows you)$", re.I)
# a chat client's room or channel in its list of conversations ("#general", "channel: #help")
ROOM_LABEL = re.compile(r"^(?:(?:channel|room|group ?chat)\s*:\s*)?#[\w.\-]{1,50}$|"
                        r"^(?:channel|room|group ?chat)\s*:\s*\S", re.I)
# the entry of a member's menu (a chat client's name menu) that opens a private conversation
MEMBER_DM = re.compile(r"^(?:(?:direct|private) messages?|(?:open|start) (?:a )?(?:direct|private) "
                       r"(?:chat|conversation|message)|query|send (?:a )?(?:direct |private )?"
                       r"message)$", re.I)
OLD_BOX = "data-osa-old-box"     # marks a compose box that was there before a new message
PROFILE_GUESSES = ("/u/{}", "/user/{}", "/users/{}", "/members/{}", "/profile/{}", "/@{}")


@dataclass
class Signal:
    value: object
    confidence: float = 0.8
    note: str = ""
    url: str = ""
    evidence: list[str] = field(default_factory=list)


@dataclass
class AccountResult:
    signals: dict[str, Signal] = field(default_factory=dict)
    account_cues: list[Cue] = field(default_factory=list)
    dm_seen: tuple[str, str] | None = None
    stopped: str = ""


def _age(persona) -> int | None:
    if persona.age is not None:
        return persona.age
    if persona.date_of_birth:
        today = dt.date.today()
        dob = persona.date_of_birth
        return today.year - dob.year - ((today.month, today.day) < (dob.month, dob.day))
    return None


def pick_personas(personas: dict | None):
    """(adult, child, why not) from the row's personas: ``adult`` and ``child`` by name, else by
    age."""
    if not personas:
        return None, None, "needs_accounts"
    adult = personas.get("adult")
    child = personas.get("child")
    for p in personas.values():
        age = _age(p)
        if adult is None and age is not None and age >= 18:
            adult = p
        if child is None and age is not None and age < 18:
            child = p
    if adult is None or child is None:
        return None, None, "needs_accounts: the row's accounts need an adult and a child persona"
    return adult, child, ""


@dataclass
class _Seen:
    """What the phases saw, before it becomes signals."""

    dm_setting: str | None = None
    dm_setting_url: str = ""
    dm_setting_options: list[str] = field(default_factory=list)
    settings_read: bool = False
    comments_control: bool = False
    comments_looked: bool = False
    comments_url: str = ""
    suggestions_lists: int = 0
    child_in_suggestions: bool = False
    suggestions_url: str = ""
    searched: bool = False
    child_in_search: bool = False
    search_url: str = ""
    search_how: str = ""
    profile_read: bool = False
    profile_url: str = ""
    connections: bool | None = None
    connections_why: str = ""
    location: bool | None = None
    location_why: str = ""
    sent: str = ""                  # sent | request | refused | failed | no_control
    sent_by_email: bool = False     # through an "Email this user" form (delivered off-site)
    sent_note: str = ""
    sent_url: str = ""
    inbox_read: bool = False
    where: str = ""                 # inbox | request | ""
    opened: bool = False
    accept_controls: bool = False
    support: list[str] = field(default_factory=list)
    support_url: str = ""
    conv_controls: set[str] = field(default_factory=set)
    conv_url: str = ""
    menu_looked: int = 0
    controls_found: dict[str, str] = field(default_factory=dict)   # block/mute -> where
    group_tried: str = ""           # created | no_control | failed
    group_note: str = ""
    group_where: str = ""           # inbox | request | ""
    group_accept: bool = False
    connected: str = ""             # a hint that the adult already follows the child
    evidence: dict[str, list[str]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


async def logged_in_dm_cue(page, v: PageView) -> str:
    """What tells a logged-in member there are direct messages, on the page they land on: an
    inbox or messages link, a message or new-chat control, text about direct messages, or such
    an entry in the page's menus (a chat client's "Start a new chat" under its menu button)."""
    inbox = [c for c in v.controls if c.visible and INBOX_LABEL.match(c.label.strip())]
    if inbox:
        return f'a "{quote(inbox[0].label, 30)}" link'
    pos, neg = dm_cues(v)
    if pos and not neg and pos[0].strength >= 0.75:
        return pos[0].why
    revealed, _visible = await menu_items(page, v, limit=2)
    for label in revealed:
        if MESSAGE_LABEL.match(label.strip()) or NEW_MESSAGE.match(label.strip()) or \
                INBOX_LABEL.match(label.strip()):
            return f'"{quote(label, 30)}" in a menu'
    return ""


class AccountTest:
    def __init__(self, session, adult, child, *, recipe=None, survey=None,
                 dm_visitor: bool | None = None, mask: PersonaMask | None = None):
        self.session = session
        self.mask = mask if mask is not None else PersonaMask({"adult": adult, "child": child})
        self.adult = adult
        self.child = child
        self.recipe = recipe
        self.survey = survey
        self.dm_visitor = dm_visitor
        token = secrets.token_hex(3)
        self.marker = f"{MARK} ref {token}"
        self.ref = f"ref {token}"            # unique, and first in a subject line: an inbox
        self.subject = f"{self.ref}: {MARK}"[:78]   # that shortens subjects still shows it
        self.group_name = f"{GROUP_PREFIX} {token}"
        self.group_marker = f"{MARK} group ref {token}"
        self.states: dict[str, dict] = {}
        self.logged_in: dict[str, bool] = {}
        self.blocked: list[str] = []
        self.signed_out: set[str] = set()        # personas the test itself signed out
        sm = session.sitemap
        self.home_url = (sm.home_url if sm and sm.home_url else "") or session.target.url
        self.login_url = sm.key_pages.get("login") if sm else None
        self.seen = _Seen()
        self.result = AccountResult()
        self.child_profile_seen = ""             # the child's own profile, as the child saw it

    # -- plumbing ----------------------------------------------------------------------------
    def values(self, persona) -> dict[str, str]:
        a, c = self.adult, self.child
        return {"login": persona.login, "password": persona.password,
                "username": persona.username or "", "email": persona.email or "",
                "display_name": persona.display_name or "",
                "adult.username": a.username or "", "adult.display_name": a.display_name or "",
                "child.username": c.username or "", "child.display_name": c.display_name or "",
                "message": self.marker, "group": self.group_name,
                "query": c.username or c.display_name or "", "home": self.home_url}

    def flow(self, name: str):
        return self.recipe.flow(name) if self.recipe is not None else None

    @contextlib.asynccontextmanager
    async def persona(self, who: str):
        """A browser context for ``who`` (cookies carried over from its last phase)."""
        state = self.states.get(who)
        kwargs = {"storage_state": state} if state else {}
        async with self.session.fresh_context(**kwargs) as ctx:
            guard = Guard(self.session)
            await ctx.route("**/*", guard)
            await ctx.add_init_script(QUIET_JS)
            try:
                yield ctx, guard
            finally:
                with contextlib.suppress(Exception):
                    self.states[who] = await ctx.storage_state()
                self.blocked += guard.blocked

    async def to_home(self, guard, page) -> None:
        """Go to the home page, unless the page is already there."""
        if page.url.split("#")[0].rstrip("/") != self.home_url.rstrip("/"):
            await goto(self.session, guard, page, self.home_url)

    @contextlib.asynccontextmanager
    async def page(self, ctx):
        async with self.session.page(None, context=ctx) as page:
            yield page

    async def shot(self, page, key: str) -> None:
        if not self.session.options.screenshots:
            return
        sid = await self.mask.screenshot(self.session, page)     # names hidden in the page
        if sid:
            self.seen.evidence.setdefault(key, []).append(sid)

    def quote(self, key: str, text: str, url: str) -> None:
        """Keep what was seen as ``quote`` evidence (masked like every evidence text, and the
        personas' names replaced by their roles)."""
        if text:
            eid = self.session.evidence.text(self.mask.text(text[:4000]),
                                             url=self.mask.text(url), kind="quote")
            self.seen.evidence.setdefault(key, []).append(eid)

    async def step(self, name: str, coro, seconds: float = 60.0) -> None:
        """Run one step; its failure is noted and the test goes on."""
        try:
            await asyncio.wait_for(coro, seconds)
        except (BudgetExceeded, asyncio.CancelledError):
            raise
        except FlowFailed as exc:
            self.seen.notes.append(f"{name}: {exc}")
        except TimeoutError:
            self.seen.notes.append(f"{name}: timeout")
        except RobotsDisallowed:
            self.seen.notes.append(f"{name}: robots_disallowed")
        except Exception as exc:  # noqa: BLE001 - never the message: it could quote a field
            self.seen.notes.append(f"{name}: {type(exc).__name__}")

    # -- the test ----------------------------------------------------------------------------
    async def run(self) -> AccountResult:
        limit = max(45.0, min(90.0, self.session.options.timeout_per_target * 0.45))
        try:
            async with asyncio.timeout(limit):
                await self.phase_child_settings()
                if self.logged_in.get("adult") is not False:
                    await self.phase_adult()
                if self.logged_in.get("child"):
                    await self.phase_child_inbox()
        except BudgetExceeded as exc:
            self.result.stopped = f"budget_exhausted: the target's {exc}"
        except TimeoutError:
            self.result.stopped = "timeout: the account tests ran out of time"
        self.decide()
        return self.result

    async def ensure_login(self, who: str, persona, guard: Guard, page) -> bool:
        if self.logged_in.get(who) and who in self.states and who not in self.signed_out:
            await self.to_home(guard, page)
            if await still_logged_in(page):
                return True
        self.signed_out.discard(who)
        flow = self.flow("login")
        if flow:
            try:
                await run_flow(self.session, guard, page, "login", flow, self.values(persona),
                               self.home_url)
                res = await logged_in(page)
            except FlowFailed as exc:
                res = LoginResult(False, f"login_required: {exc}")
        else:
            res = await login(self.session, guard, page, persona, login_url=self.login_url,
                              home_url=self.home_url)
        self.logged_in[who] = res.ok
        if not res.ok:
            self.seen.notes.append(f"the {who} persona: {res.note}")
        return res.ok

    # -- phase 1: the child's own settings and posts ---------------------------------------
    async def phase_child_settings(self) -> None:
        async with self.persona("child") as (ctx, guard):
            async with self.page(ctx) as page:
                ok = await self.ensure_login("child", self.child, guard, page)
            if not ok:
                return
            await self.step("child settings", self.child_settings(ctx, guard))
            await self.step("child's own post", self.child_own_post(ctx, guard))
            # signed out, as a careful member leaves: a chat server may otherwise keep the closed
            # session for a while and hand the adult's message to it, not to the next login
            await self.step("the child signs out", self.sign_out(ctx, guard), 30.0)

    async def sign_out(self, ctx, guard) -> None:
        """Press the child's log-out control: on the page, under a menu, or in the member's own
        profile panel (a chat client's)."""
        names = [x for x in (self.child.username, self.child.display_name) if x]
        regions = ("body", "main", "nav")

        def log_out(view: PageView) -> list[Control]:     # a dialog's footer counts too
            return find(view, LOGOUT_LABEL, regions=("body", "main", "nav", "menu", "dialog",
                                                     "footer"))

        def own(view: PageView) -> list[Control]:
            return _name_controls(view, names)

        async def revealed() -> list[Control]:
            return log_out(await poll(lambda: read_page(page), lambda x: bool(log_out(x)),
                                      MENU_WAIT_S))

        async with self.page(ctx) as page:
            await self.to_home(guard, page)
            # a client draws itself (and signs itself back in) a moment after loading
            v = await poll(lambda: read_page(page), lambda x: bool(
                log_out(x) or menu_buttons(x, regions) or own(x)), 5.0)
            out = log_out(v)
            mine = [] if out else own(v)
            if mine and await click(page, mine[0], wait=300, guard=guard):
                out = await revealed()                    # the member's own profile panel
                if not out:
                    with contextlib.suppress(Exception):
                        await page.keyboard.press("Escape")
            if not out:                                   # under a menu
                out = await entries_in_menus(page, log_out, regions=regions, limit=3)
            if out and await click(page, out[0], wait=600, guard=guard):
                self.signed_out.add("child")          # the next phase logs in again
            else:
                self.seen.notes.append("the child signs out: no log-out control found")

    async def child_settings(self, ctx, guard) -> None:
        async with self.page(ctx) as page:
            flow = self.flow("settings")
            if flow:
                await run_flow(self.session, guard, page, "settings", flow,
                               self.values(self.child), self.home_url)
            else:
                v, cands = await find_soon(page, SETTINGS_LABEL)
                cands = cands or [c for c in v.links() if SETTINGS_PATH.search(c.href)]
                if not cands:
                    for guess in ("/settings",):
                        await goto(self.session, guard, page, urljoin(self.home_url, guess))
                        v = await read_page(page)
                        if read_setting(v, DM_SETTING)[1] or find(v, SETTINGS_SUB):
                            break
                    else:
                        self.seen.notes.append("child settings: no settings page found")
                        return
                else:
                    await click(page, cands[0], guard=guard)
            v = await read_page(page)
            word, options, question = read_setting(v, DM_SETTING)
            if not options:
                subs = [c for c in find(v, SETTINGS_SUB, regions=("body", "main"))
                        if c.is_link or c.role == "tab"]
                if subs and await click(page, subs[0], guard=guard):
                    v = await read_page(page)
                    word, options, question = read_setting(v, DM_SETTING)
            self.seen.settings_read = True
            self.seen.dm_setting_url = page.url
            if options:
                self.seen.dm_setting = word
                self.seen.dm_setting_options = options
                chosen = next((c.label for c in v.controls if c.checked
                               and c.group == question), word or "none")
                self.quote("settings", f"{question}\noptions: {' | '.join(options)}\n"
                                       f"chosen: {chosen}", page.url)
                await self.shot(page, "settings")
            cword, copts, _q = read_setting(v, COMMENT_SETTING)
            if any(re.search(r"\b(no ?one|nobody|off|none)\b", o, re.I) for o in copts) or \
                    find(v, COMMENTS_OFF, kinds=("link", "button", "input")):
                self.seen.comments_control = True
                self.seen.comments_url = page.url
                self.quote("comments", "in the child's settings: " + " | ".join(copts),
                           page.url)

    async def child_own_post(self, ctx, guard) -> None:
        child = self.child
        async with self.page(ctx) as page:
            flow = self.flow("own_post")
            if flow:
                await run_flow(self.session, guard, page, "own_post", flow, self.values(child),
                               self.home_url)
            else:
                await self.to_home(guard, page)
                v = await read_page(page)
                mine = (links_to(v, child.username or "", regions=("nav", "body", "main"))
                        if child.username else []) + find(v, OWN_PROFILE)
                if mine:
                    await click(page, mine[0], guard=guard)
                    if page.url in self.session.scope and not SETTINGS_PATH.search(page.url):
                        self.child_profile_seen = page.url     # for the adult to open later
                elif child.username and self.profile_url(child.username):
                    await goto(self.session, guard, page, self.profile_url(child.username))
                else:
                    return
            v = await read_page(page)
            revealed, visible = await menu_items(page, v)
            self.seen.comments_looked = True
            if any(COMMENTS_OFF.search(x) for x in revealed + visible):
                self.seen.comments_control = True
                self.seen.comments_url = page.url
                self.quote("comments", "in the child's own post menus: " + " | ".join(
                    x for x in revealed + visible if COMMENTS_OFF.search(x)), page.url)
                await self.shot(page, "comments")

    # -- phase 2: the adult --------------------------------------------------------------------
    def profile_url(self, username: str) -> str | None:
        prefix = self.survey.profile_prefix if self.survey else None
        return prefix.format(username) if prefix and username else None

    async def phase_adult(self) -> None:
        async with self.persona("adult") as (ctx, guard):
            async with self.page(ctx) as page:
                ok = await self.ensure_login("adult", self.adult, guard, page)
                if ok:
                    v = await read_page(page)
                    seen = await logged_in_dm_cue(page, v)
                    if seen:
                        self.result.dm_seen = (page.url, f"{seen} once logged in")
                        self.result.account_cues.append(Cue("dm", 0.95, page.url,
                                                            f"{seen} once logged in"))
            if not ok:
                return
            await self.step("suggestions", self.adult_suggestions(ctx, guard))
            await self.step("search", self.adult_search(ctx, guard))
            await self.step("the child's profile", self.adult_child_profile(ctx, guard))
            await self.step("sending the message", self.adult_send(ctx, guard))
            await self.step("group chat", self.adult_group(ctx, guard))

    async def adult_suggestions(self, ctx, guard) -> None:
        child = (self.child.username or "").lower()
        async with self.page(ctx) as page:
            flow = self.flow("suggestions")
            if flow:
                await run_flow(self.session, guard, page, "suggestions", flow,
                               self.values(self.adult), self.home_url)
                pages = [await read_page(page)]
            else:
                await self.to_home(guard, page)
                v = await read_page(page)
                pages = [v]
                links = find(v, SUGGEST) + find(v, PEOPLE_LINK, kinds=("link",))
                links = [c for c in links if c.is_link]
                if links and await click(page, links[0], guard=guard):
                    pages.append(await read_page(page))
            for v in pages:
                members: list[str] = []
                for sec in v.sections:
                    if SUGGEST.search(sec.heading):
                        members += [u for u in sec.links if profile_name(u)]
                titled = any(SUGGEST.search(h.text) for h in v.headings) or \
                    SUGGEST.search(v.title)
                if flow or (len(pages) > 1 and v is pages[-1] and titled):
                    members += [c.href for c in v.links() if profile_name(c.href)
                                and c.region not in ("nav", "footer")]
                if members:
                    self.seen.suggestions_lists += 1
                    self.seen.suggestions_url = v.url
                    self.result.account_cues.append(Cue("suggestions", 0.9, v.url,
                                                        "a list of suggested people once "
                                                        "logged in"))
                    if child and any((profile_name(u) or "").lower() == child for u in members):
                        self.seen.child_in_suggestions = True
            if self.seen.suggestions_lists:
                self.quote("suggestions", f"{self.seen.suggestions_lists} suggestion list(s); "
                                          f"child listed: {self.seen.child_in_suggestions}",
                           self.seen.suggestions_url)
                await self.shot(page, "suggestions")

    async def adult_search(self, ctx, guard) -> None:
        child = self.child.username or ""
        if not child:
            return
        async with self.page(ctx) as page:
            flow = self.flow("search")
            if flow:
                await run_flow(self.session, guard, page, "search", flow,
                               self.values(self.adult), self.home_url)
                self.seen.searched, self.seen.search_how = True, "the recipe's search"
            else:
                await self.to_home(guard, page)
                v = await read_page(page)
                box = _search_box(v)
                if box is None:
                    links = [c for c in find(v, SEARCH_LINK) if c.is_link]
                    if links and await click(page, links[0], guard=guard):
                        v = await read_page(page)
                        box = _search_box(v)
                form = v.form_of(box) if box is not None else None
                if box is not None and form is not None and form.method not in ("", "get") \
                        and not self.session.allow_forms:
                    self.seen.notes.append("search: forms_not_allowed (the search form posts)")
                    box = None
                if box is not None:
                    await locator(page, box).fill(child, timeout=4000)
                    await locator(page, box).press("Enter", timeout=4000)
                    await wait_quiet(page, 600)
                    self.seen.searched, self.seen.search_how = True, "the search box"
            if self.seen.searched:
                v = await read_page(page)
                self.seen.search_url = page.url
                if links_to(v, child, regions=("body", "main")):
                    self.seen.child_in_search = True
                self.quote("search", f"searched {self.seen.search_how} for the child's "
                                     f"username; found: {self.seen.child_in_search}", page.url)
                await self.shot(page, "search")
            if not self.seen.searched and not flow:
                await self.to_home(guard, page)
                v = await read_page(page)
                dirs = [c for c in find(v, DIRECTORY) if c.is_link]
                if dirs and await click(page, dirs[0], guard=guard):
                    v = await read_page(page)
                    if any(profile_name(c.href) for c in v.links()):
                        self.seen.searched = True
                        self.seen.search_how = self.seen.search_how or "the member directory"
                        if links_to(v, child, regions=("body", "main")):
                            self.seen.child_in_search = True
                            self.seen.search_how = "the member directory"
                            self.seen.search_url = page.url
                            await self.shot(page, "search")

    async def open_child_profile(self, guard, page) -> PageView | None:
        child = self.child
        flow = self.flow("child_profile")
        if flow:
            await run_flow(self.session, guard, page, "child_profile", flow,
                           self.values(self.adult), self.home_url)
            return await read_page(page, kind="profile")
        if not child.username:
            return None
        guesses = []
        first = self.profile_url(child.username)
        if first:
            guesses.append(first)
        if self.child_profile_seen:              # where the child's own profile link led
            guesses.insert(0, self.child_profile_seen)
        guesses += [urljoin(self.home_url, g.format(child.username)) for g in PROFILE_GUESSES]
        for url in list(dict.fromkeys(guesses))[:3]:
            try:
                resp = await goto_status(self.session, guard, page, url)
            except RobotsDisallowed:
                continue
            v = await read_page(page, kind="profile")
            named = text_has(v, child.username) or (
                profile_name(page.url) or "").lower() == child.username.lower()
            if (resp is None or resp < 400) and named and \
                    not re.search(r"\b(not found|no such|doesn'?t exist)\b", v.title + " "
                                  + " ".join(h.text for h in v.headings[:2]), re.I):
                return v
        return await self.profile_by_name_link(guard, page)

    async def profile_by_name_link(self, guard, page) -> PageView | None:
        """A profile addressed by an id, not the name: follow the child's name where the site
        links it, beside what they wrote (an author link on a topic) or in a list of members."""
        child = self.child
        sm = self.session.sitemap
        if not child.username or sm is None:
            return None
        home = sm.home_url or self.home_url
        pages = [home] + [c.url for c in content_candidates(sm.links, home, set())[:2]]
        pages += listing_candidates(sm.links, home, set(sm.key_pages.values()))[:1]
        for url in list(dict.fromkeys(pages))[:4]:
            try:
                await goto(self.session, guard, page, url)
            except RobotsDisallowed:
                continue
            v = await read_page(page)
            links = links_to(v, child.username, regions=("body", "main"))
            if not links:
                # a listing: the topics on it may carry the child's name
                topics = [c.href for c in v.links() if c.href and c.href in self.session.scope
                          and content_kind(c.href) == "post"][:2]
                for t in topics:
                    await goto(self.session, guard, page, t)
                    v = await read_page(page)
                    links = links_to(v, child.username, regions=("body", "main"))
                    if links:
                        break
            if links and links[0].href and links[0].href in self.session.scope:
                await goto(self.session, guard, page, links[0].href)
                v = await read_page(page, kind="profile")
                if text_has(v, child.username):
                    return v
        return None

    async def adult_child_profile(self, ctx, guard) -> None:
        async with self.page(ctx) as page:
            v = await self.open_child_profile(guard, page)
            if v is None:
                self.seen.notes.append("the child's profile: not found")
                return
            self.seen.profile_read, self.seen.profile_url = True, page.url
            await self.shot(page, "profile")
            body = v.main or v.text
            m = LOCATION.search(body)
            self.seen.location = bool(m)
            line = next((x for x in body.splitlines() if LOCATION.search(x)), "") if m else ""
            self.seen.location_why = (f'"{quote(line or body[m.start(): m.end() + 30])}"'
                                      if m else "no location shown on the profile")
            me = page.url.rstrip("/")
            listed = [sec for sec in v.sections if CONN_HEAD.match(sec.heading.strip())
                      and any(profile_name(u) and u.rstrip("/") != me for u in sec.links)]
            if listed:
                self.seen.connections = True
                self.seen.connections_why = f'a "{quote(listed[0].heading, 40)}" list'
            else:
                conn = [c for c in v.links() if CONN_LINK.search(c.label)
                        and c.region not in ("nav", "footer") and c.href.rstrip("/") != me]
                private = [s for s in sentences(body) if CONN_LINK.search(s)
                           and PRIVATE.search(s)]
                if conn and await click(page, conn[0], guard=guard):
                    lv = await read_page(page)
                    people = [c for c in lv.links() if profile_name(c.href)
                              and c.region not in ("nav", "footer")
                              and c.href.rstrip("/") != me]
                    self.seen.connections = bool(people) and not any(
                        PRIVATE.search(s) for s in sentences(lv.main or lv.text)[:20])
                    self.seen.connections_why = (f"a list of {len(people)} members behind "
                                                 f'"{quote(conn[0].label, 30)}"'
                                                 if self.seen.connections else
                                                 f'"{quote(conn[0].label, 30)}" shows no list')
                    await goto(self.session, guard, page, self.seen.profile_url)
                    v = await read_page(page, kind="profile")
                else:
                    self.seen.connections = False
                    self.seen.connections_why = (f'"{quote(private[0])}"' if private else
                                                 "no follower or friend list on the profile")
            self.quote("profile", f"location: {self.seen.location_why}\n"
                                  f"connections: {self.seen.connections_why}",
                       self.seen.profile_url)
            tied = [c.label for c in v.controls if c.visible and c.is_button
                    and CONNECTED.match(c.label.strip())]
            if tied:
                self.seen.connected = f'the child\'s profile shows "{quote(tied[0], 30)}" to the ' \
                                      "adult: the personas may already be connected"
            buttons = message_controls(v)
            if buttons:
                self.result.dm_seen = (page.url, f'a "{quote(buttons[0].label, 30)}" button '
                                                 "on the child's profile")
                self.result.account_cues.append(Cue("dm", 1.0, page.url,
                                                    "a message button on a member's profile "
                                                    "once logged in"))
            revealed, visible = await menu_items(page, v)
            self.note_controls(revealed + visible, "the child's profile (adult's view)")

    def note_controls(self, labels: list[str], where: str) -> None:
        self.seen.menu_looked += 1
        for key, pattern in (("block", BLOCK), ("mute", MUTE), ("report", REPORT)):
            if key not in self.seen.controls_found and any(pattern.search(x) for x in labels):
                self.seen.controls_found[key] = where

    async def adult_send(self, ctx, guard) -> None:
        async with self.page(ctx) as page:
            flow = self.flow("send_message")
            if flow:
                await run_flow(self.session, guard, page, "send_message", flow,
                               self.values(self.adult), self.home_url)
                sent, why = True, ""
            else:
                sent, why = await self._send_heuristic(guard, page)
            if not sent:
                self.seen.sent = "no_control" if why.startswith("no ") else "failed"
                self.seen.sent_note = why
                return
            v = await read_page(page)
            text = v.text
            alerts = " ".join(s for s in text.splitlines() if REFUSED.search(s))
            if alerts and not text_has(v, self.marker):
                self.seen.sent = "refused"
                self.seen.sent_note = f'"{quote(alerts)}"'
            elif REQUESTED.search(text):
                self.seen.sent = "request"
                line = next(x for x in text.splitlines() if REQUESTED.search(x))
                self.seen.sent_note = f'"{quote(line)}"'
            elif text_has(v, self.marker):
                self.seen.sent = "sent"
            elif alerts:
                self.seen.sent = "refused"
                self.seen.sent_note = f'"{quote(alerts)}"'
            else:
                self.seen.sent = "sent"
                self.seen.sent_note = "the sender's page did not show the message"
            self.seen.sent_url = page.url
            self.quote("sent", f"sender's page after sending: {self.seen.sent}\n"
                               f"{self.seen.sent_note}", page.url)
            await self.shot(page, "sent")
            if self.seen.sent in ("sent", "request") and text_has(v, self.marker) \
                    and not self.seen.profile_read:     # a chat client: no profile to look at
                await self._sender_controls(page, v)

    async def _sender_controls(self, page, v: PageView) -> None:
        """The block and mute controls of the conversation the adult just wrote in: one
        conversation view offers both people the same controls, and a chat client shows its
        conversation only while both are signed in, so the child's side may never open."""
        labels = await self._conversation_labels(page, v, menus=3)
        self.note_controls(sorted(labels), "the conversation (adult's view)")

    async def _conversation_labels(self, page, v: PageView, *, menus: int) -> set[str]:
        """The labels of a conversation view's buttons and links, and of the entries of up to
        ``menus`` of its "..." menus (the conversation's own menus first; one fewer when none
        is known to be its own)."""
        labels = {c.label for c in v.controls if c.visible and c.region not in ("nav", "footer")
                  and (c.is_button or c.is_link)}
        near = await menus_near(page, self.ref)
        revealed, _visible = await menu_items(page, v, first=near,
                                              limit=menus if near else menus - 1)
        return labels | set(revealed)

    async def _send_heuristic(self, guard, page) -> tuple[bool, str]:
        here = page.url.rstrip("/")
        if self.seen.profile_url and here == self.seen.profile_url.rstrip("/"):
            v = await read_page(page, kind="profile")
        else:
            v = await self.open_child_profile(guard, page)
        if v is not None:
            buttons = message_controls(v)
            if buttons:
                self.seen.sent_by_email = bool(EMAIL_CHANNEL.search(buttons[0].label))
                if not await click(page, buttons[0], wait=700, guard=guard):
                    if guard.blocked:
                        return False, f"{guard.blocked[-1]} (the message page)"
                    return False, "the message button could not be pressed"
                return await write_and_send(page, self.marker, subject=self.subject)
        # no profile (a chat client): the direct-message entry of the child's name menu
        entry = await self._member_menu(guard, page)
        if entry is not None and await click(page, entry, wait=700, guard=guard):
            return await write_and_send(page, self.marker, subject=self.subject)
        # no button on the profile: a "new message" form in the inbox, or on the page a member
        # lands on (a chat client's "Start a new chat", perhaps under its menu button)
        await self.to_home(guard, page)
        hv, inbox = await find_soon(page, INBOX_LABEL)
        if inbox and not await click(page, inbox[0], guard=guard):
            inbox = []
        elif inbox:
            hv = await read_page(page)
        # the box already there (a room's, the page's own) is never the new message's
        there = compose_box(hv)
        there_key = (there.label, there.placeholder, there.name) if there else None
        if there is not None:
            with contextlib.suppress(Exception):
                await locator(page, there).evaluate(f"e => e.setAttribute('{OLD_BOX}', '1')",
                                                    timeout=2000)
        _iv, new = await find_soon(page, NEW_MESSAGE)
        opened = bool(new) and await click(page, new[0], guard=guard)
        if not opened:
            opened = await self._new_message_in_menus(page, guard)
        if not opened:
            return False, ("no message button on the child's profile and no new-message "
                           "control" + ("" if inbox else " or inbox"))
        def recipient(view: PageView) -> list[Control]:
            return [c for c in view.controls if c.visible and c.tag == "input"
                    and c.type in ("", "text") and re.search(
                        r"\b(to|recipient|username|name|search|people|address|user|nick|"
                        r"contact|jid)\b", f"{c.label} {c.placeholder} {c.name}", re.I)]

        to = recipient(await read_page(page))
        if not to:
            return False, "the new-message form has no recipient field"
        await locator(page, to[0]).fill(self.child.username or "", timeout=4000)
        await wait_quiet(page, 600)
        nv = await read_page(page)            # numbered afresh: the field found again in it
        to = [c for c in recipient(nv) if (c.label, c.name) == (to[0].label, to[0].name)] or to
        options = [c for c in nv.controls if c.visible and (c.role == "option" or c.is_button
                                                             or c.is_link)
                   and (self.child.username or "~").lower() in c.label.lower()]
        field = to[0]
        box = compose_box(nv)
        if options:
            await click(page, options[0])
        elif box is None or box.form < 0 or box.form != field.form:
            # a "who to?" step of its own (a modal): confirm the recipient to open the chat
            with contextlib.suppress(Exception):
                await locator(page, field).press("Enter", timeout=3000)
            await wait_quiet(page, 800)
        after = await read_page(page)
        if not await self._new_box(page, after, field, there_key):
            return False, "the new-message form did not open a conversation with the child"
        if not self.result.dm_seen:
            self.result.dm_seen = (page.url, "a new-message control opened a conversation with "
                                             "the child")
            self.result.account_cues.append(Cue("dm", 0.95, page.url, "a new-message control "
                                                "once logged in"))
        return await write_and_send(page, self.marker, subject=self.subject)

    @staticmethod
    async def _new_box(page, v: PageView, field: Control, there_key) -> bool:
        """A box to write the new message in: in the recipient's own form (a forum's new
        message), or one that was not on the page before (never a room's box, which would
        post the test in public): not marked as there before, and either worded otherwise or
        shown once the recipient step has gone."""
        box = compose_box(v)
        if box is None:
            return False
        if box.form >= 0 and box.form == field.form:
            return True
        try:
            if await locator(page, box).get_attribute(OLD_BOX, timeout=2000) is not None:
                return False
        except Exception:  # noqa: BLE001 - gone already: not a box to write in
            return False
        still = any((c.label, c.name) == (field.label, field.name) for c in v.controls
                    if c.visible)
        return (box.label, box.placeholder, box.name) != there_key or not still

    async def _member_menu(self, guard, page) -> Control | None:
        """A chat client has no profile pages: the child's name in a room's member list (or
        beside what they wrote) opens a menu. Look at it (block, mute, report) and return its
        direct-message entry, if it has one."""
        names = [x for x in (self.child.username, self.child.display_name) if x]
        if not names:
            return None
        await self.to_home(guard, page)

        def rooms(view: PageView) -> list[Control]:
            return [c for c in view.controls if c.visible and c.region != "footer"
                    and (c.is_link or c.is_button or c.role == "tab")
                    and ROOM_LABEL.match(" ".join(c.label.split()))]

        def in_room(view: PageView) -> list[Control]:     # a member list, a message's author
            return [c for c in _name_controls(view, names) if c.region != "nav"]

        # a client draws itself late: wait (a little) for a name or a room to show
        v = await poll(lambda: read_page(page),
                       lambda x: bool(_name_controls(x, names) or rooms(x)), 3.0)
        found = in_room(v)
        for room in ([] if found else rooms(v)[:2]):     # the rooms, one at a time
            if await click(page, room, wait=300, guard=guard):
                v = await poll(lambda: read_page(page), lambda x: bool(in_room(x)), 2.0)
                found = in_room(v)
                if found:
                    self.result.account_cues.append(Cue(
                        "group_chat", 0.9, page.url, f'a chat room ("{quote(room.label, 40)}") '
                        "listing its members once logged in"))
                    break
        found = found or _name_controls(v, names)       # a conversation with the child, listed
        cue = search_cue(v, page.url)
        if cue is not None:
            self.result.account_cues.append(cue)
        for name in found[:2]:
            before = {(c.label, c.href) for c in v.controls if c.visible}
            if not await click(page, name, wait=300, guard=guard):
                continue

            def new(view: PageView, before=before) -> list[Control]:
                return [c for c in view.controls if c.visible and c.label
                        and (c.label, c.href) not in before]

            after = await poll(lambda: read_page(page), lambda x: bool(new(x)), MENU_WAIT_S)
            shown = new(after)
            if shown:
                self.note_controls([c.label for c in shown],
                                   "the child's name menu in a chat room (adult's view)")
                dm = [c for c in shown if (c.is_button or c.is_link) and (
                    MEMBER_DM.match(c.label.strip()) or MESSAGE_LABEL.match(c.label.strip()))]
                if dm:
                    self.result.dm_seen = (page.url, f'"{quote(dm[0].label, 30)}" in the menu '
                                                     "of a member's name in a chat room")
                    self.result.account_cues.append(Cue("dm", 1.0, page.url,
                                                        "a direct-message entry in a member's "
                                                        "name menu once logged in"))
                    await self.shot(page, "profile")
                    return dm[0]
            with contextlib.suppress(Exception):
                await page.keyboard.press("Escape")
            await wait_quiet(page, 150)
            v = await read_page(page)
        return None

    async def _new_message_in_menus(self, page, guard) -> bool:
        """Open the page's menus one at a time (a side bar's too); press a new-message entry
        revealed in one."""
        def entries(view: PageView) -> list[Control]:
            return [c for c in view.controls if c.visible and NEW_MESSAGE.match(c.label.strip())]

        new = await entries_in_menus(page, entries, regions=("body", "main", "dialog", "nav"),
                                     limit=4)
        return bool(new) and await click(page, new[0], guard=guard)

    async def adult_group(self, ctx, guard) -> None:
        async with self.page(ctx) as page:
            flow = self.flow("new_group")
            values = {**self.values(self.adult), "message": self.group_marker}
            if flow:
                await run_flow(self.session, guard, page, "new_group", flow, values,
                               self.home_url)
                self.seen.group_tried = "created"
                await self.shot(page, "group")
                return
            await self.to_home(guard, page)
            v, inbox = await find_soon(page, INBOX_LABEL)
            if inbox and await click(page, inbox[0], guard=guard):
                v = await read_page(page)
            v, new = await find_soon(page, NEW_GROUP)
            if not new:
                self.seen.group_tried = "no_control"
                return
            self.result.account_cues.append(Cue("group_chat", 0.95, page.url,
                                                f'a "{quote(new[0].label, 30)}" control once '
                                                "logged in"))
            if not await click(page, new[0], guard=guard):
                self.seen.group_tried = "failed"
                self.seen.group_note = "; ".join(guard.blocked[-1:]) or "the control did not work"
                return
            gv = await read_page(page)
            ok = await _fill_group_form(page, gv, self.group_name, self.child.username or "",
                                        self.group_marker)
            self.seen.group_tried = "created" if ok else "failed"
            if not ok:
                self.seen.group_note = "the group form could not be filled"
            await self.shot(page, "group")

    # -- phase 3: the child's inbox --------------------------------------------------------
    async def phase_child_inbox(self) -> None:
        async with self.persona("child") as (ctx, guard):
            async with self.page(ctx) as page:
                ok = await self.ensure_login("child", self.child, guard, page)
            if not ok:
                return
            if self.seen.sent in ("sent", "request", "refused") or \
                    self.seen.group_tried == "created":
                await self.step("the child's inbox", self.child_inbox(ctx, guard))
            await self.step("the adult's profile", self.child_sees_adult(ctx, guard))

    async def child_inbox(self, ctx, guard) -> None:
        needles = [self.marker, self.ref]
        names = [x for x in (self.adult.display_name, self.adult.username) if x]
        chat = False
        async with self.page(ctx) as page:
            views: list[PageView] = []
            flow = self.flow("inbox")
            if flow:
                await run_flow(self.session, guard, page, "inbox", flow,
                               self.values(self.child), self.home_url)
            else:
                await self.to_home(guard, page)
                v, inbox = await find_soon(page, INBOX_LABEL)
                inbox += [c for c in v.links() if INBOX_PATH.search(urlsplit(c.href).path)
                          and c.region != "footer"]
                if not inbox:
                    # a chat client: the page a member lands on lists the conversations, each
                    # by the other person's name (once the client has drawn itself)
                    v = await poll(lambda: read_page(page),
                                   lambda x: bool(_name_controls(x, names)), 3.0, first=v)
                    chat = bool(_name_controls(v, names))
                    if not chat:
                        self.seen.notes.append("the child's inbox: no Messages or Inbox link, "
                                               "and no conversation named after the adult")
                        return
                elif not await click(page, inbox[0], guard=guard):
                    self.seen.notes.append("the child's inbox: " + ("; ".join(guard.blocked[-1:])
                                                                   or "the link did not open"))
                    return
                else:
                    await self._inbox_behind_menu(page, guard, v.url)
            v = await read_page(page, kind="inbox")
            views.append(v)
            self.seen.inbox_read = True
            await self.shot(page, "inbox")
            where = _where(v, self.marker) or _where(v, self.ref)
            gwhere = _where(v, self.group_name) or _where(v, self.group_marker)
            # the requests (or invitations) page
            rflow = self.flow("requests")
            if rflow:
                await run_flow(self.session, guard, page, "requests", rflow,
                               self.values(self.child), self.home_url)
                rv = await read_page(page, kind="requests")
            else:
                v, req = await find_soon(page, REQUESTS_LABEL)
                req = [c for c in req if c.region != "footer" and (c.is_link or c.role == "tab")
                       and not ANSWER.search(c.label)]
                rv = None
                if req and await click(page, req[0], guard=guard):
                    rv = await read_page(page, kind="requests")
            if rv is not None:
                views.append(rv)
                if _where(rv, self.marker) or _where(rv, self.ref):
                    where = "request"
                if _where(rv, self.group_name) or _where(rv, self.group_marker):
                    gwhere = "request"
                await self.shot(page, "requests")
            self.seen.where = where or ""
            self.seen.group_where = gwhere or ""
            for src in views:
                held = [sec for sec in src.sections if self.ref.lower() in sec.text.lower()
                        or self.group_name.lower() in sec.text.lower()]
                if held:
                    best = min(held, key=lambda sec: len(sec.text))
                    self.quote("requests" if src.kind == "requests" else "inbox",
                               f"{best.heading}\n{best.text}", src.url)
            # open the message (or the request holding it)
            oflow = self.flow("open_message")
            opened, opened_from = None, ""
            if oflow:
                await run_flow(self.session, guard, page, "open_message", oflow,
                               self.values(self.child), self.home_url)
                opened = await read_page(page, kind="conversation")
            else:
                def pick(view: PageView) -> Control | None:
                    item = _item_link(view, needles) or (_item_link(view, names)
                                                         if not where else None)
                    if item is None and chat:
                        item = next(iter(_name_controls(view, names)), None)
                    return item

                for src in reversed(views):
                    item = pick(src)
                    if item is None:
                        continue
                    if src is not views[-1]:
                        await goto(self.session, guard, page, src.url)
                        item = pick(await read_page(page))
                    if item is not None and await click(page, item, wait=600, guard=guard):
                        opened = await read_page(page, kind="conversation")
                        opened_from = src.kind
                        break
            if opened is not None and (text_has(opened, self.marker) or text_has(
                    opened, self.ref)) and not self.seen.where:
                # the list showed the sender's name only; the message is in the conversation
                self.seen.where = "request" if opened_from == "requests" else "inbox"
            if opened is not None and (text_has(opened, self.marker) or text_has(
                    opened, self.ref) or any(
                    text_has(opened, n) for n in names)):
                await self.read_conversation(page, opened)
            # the group chat, when it was not in the requests
            if self.seen.group_tried == "created" and self.seen.group_where == "inbox":
                for src in views:
                    item = _item_link(src, [self.group_name, self.group_marker])
                    if item is None:
                        continue
                    await goto(self.session, guard, page, src.url)
                    fresh = await read_page(page)
                    item = _item_link(fresh, [self.group_name, self.group_marker])
                    if item is not None and await click(page, item, wait=600, guard=guard):
                        gv = await read_page(page)
                        self.seen.group_accept = bool(find(gv, ACCEPT))
                    break

    async def _inbox_behind_menu(self, page, guard, was: str) -> None:
        """An "Inbox" that only opened a drop-down menu in place (the latest messages and a
        link to the whole inbox, as forum software often draws it): follow that link."""
        if page.url.split("#", 1)[0] != was.split("#", 1)[0]:
            return
        v = await read_page(page)
        here = urlsplit(page.url).path
        links = [c for c in v.links() if c.visible and c.region != "footer" and c.href
                 and urlsplit(c.href).path != here and not c.href.endswith("#")
                 and (INBOX_LABEL.match(c.label.strip())
                      or INBOX_PATH.search(urlsplit(c.href).path))]
        if links:      # one named as the inbox first (the menu's messages live under it too)
            links.sort(key=lambda c: not INBOX_LABEL.match(c.label.strip()))
            await click(page, links[0], guard=guard)

    async def read_conversation(self, page, v: PageView) -> None:
        self.seen.opened = True
        self.seen.conv_url = page.url
        self.seen.accept_controls = bool(find(v, ACCEPT))
        await self.shot(page, "conversation")
        labels = await self._conversation_labels(page, v, menus=5)
        for key, pattern in (("report", REPORT), ("block", BLOCK), ("mute", MUTE)):
            if any(pattern.search(x) for x in labels):
                self.seen.conv_controls.add(key)
        self.note_controls(sorted(labels), "the conversation (child's view)")
        body = [s for s in sentences(v.main or v.text) if s not in labels]
        body += sentences(v.dialogs)
        prompts = [s for s in body if SUPPORT.search(s)]
        if prompts:
            self.seen.support = prompts[:3]
            self.seen.support_url = page.url
        self.quote("conversation", "controls: " + " | ".join(sorted(labels))[:1500]
                   + ("\nprompts: " + " / ".join(prompts[:3]) if prompts else ""), page.url)

    async def child_sees_adult(self, ctx, guard) -> None:
        username = self.adult.username
        url = self.profile_url(username or "")
        if not url:
            return
        async with self.page(ctx) as page:
            try:
                await goto(self.session, guard, page, url)
            except RobotsDisallowed:
                return
            v = await read_page(page, kind="profile")
            if not text_has(v, username or "~"):
                return
            revealed, visible = await menu_items(page, v)
            self.note_controls(revealed + visible, "the adult's profile (child's view)")

    # -- the signals -------------------------------------------------------------------------
    def decide(self) -> None:
        s, out = self.seen, self.result.signals
        ev = s.evidence
        note_tail = "; ".join(dict.fromkeys(s.notes + [b for b in self.blocked
                                                       if b.startswith("robots")]))[:300]
        test_ev = "test-account evidence"

        # unknown adult -> child
        if s.where == "request" or (s.where == "inbox" and s.accept_controls):
            out["unknown_adult_can_dm_child"] = Signal(
                "request_only", 0.9, f"{test_ev}: the message waited in the child's message "
                                     "requests" + (f"; sender saw {s.sent_note}"
                                                   if s.sent_note else ""),
                self.seen.conv_url or s.sent_url, ev.get("requests", []) + ev.get("sent", []))
        elif s.where == "inbox":
            out["unknown_adult_can_dm_child"] = Signal(
                "true", 0.9, f"{test_ev}: the message reached the child's inbox with no request "
                             "step", s.conv_url or s.sent_url,
                ev.get("inbox", []) + ev.get("sent", []))
        elif s.sent == "refused":
            out["unknown_adult_can_dm_child"] = Signal(
                "false", 0.9, f"{test_ev}: the service refused the message: {s.sent_note}",
                s.sent_url, ev.get("sent", []))
        elif s.sent == "sent" and s.sent_by_email:
            out["unknown_adult_can_dm_child"] = Signal(
                "true", 0.7, f"{test_ev}: the service sent the adult's private message to the "
                             "child through its email-this-member form (delivered to the "
                             "child's mailbox, off the site; not looked for there)",
                s.sent_url, ev.get("sent", []))
        elif s.sent in ("sent", "request") and s.inbox_read:
            out["unknown_adult_can_dm_child"] = Signal(
                "false", 0.6, f"{test_ev}: sent, but not in the child's inbox or requests",
                s.sent_url, ev.get("sent", []) + ev.get("inbox", []))
        elif s.sent == "request":
            out["unknown_adult_can_dm_child"] = Signal(
                "request_only", 0.6, f"{test_ev}: the sender was told {s.sent_note}; the "
                                     "child's inbox was not checked", s.sent_url,
                ev.get("sent", []))
        elif s.sent == "no_control" and self.dm_visitor is False and not self.result.dm_seen:
            out["unknown_adult_can_dm_child"] = Signal(
                "false", 0.75, f"{test_ev}: the service offers no direct messages and the adult "
                               f"found no way to message the child ({s.sent_note})",
                s.profile_url, ev.get("profile", []))
        else:
            why = s.sent_note or ("sent, but the child's inbox could not be read"
                                  if s.sent in ("sent", "request") else
                                  "the message could not be sent")
            if self.dm_visitor or self.result.dm_seen:
                why += ("; the service offers messages: a recipe's child_profile and "
                        "send_message flows can do these steps")
            out["unknown_adult_can_dm_child"] = Signal(
                None, 0.0, f"not_found: {why}" + (f"; {note_tail}" if note_tail else ""),
                s.profile_url or s.sent_url, ev.get("profile", []) + ev.get("sent", []))

        # the child's default
        if s.dm_setting:
            out["child_dm_default"] = Signal(
                s.dm_setting, 0.9, f"{test_ev}: the child's message setting, unchanged since "
                                   "the account was made", s.dm_setting_url,
                ev.get("settings", []))
        else:
            dm = out["unknown_adult_can_dm_child"].value
            if dm == "true":
                out["child_dm_default"] = Signal(
                    "everyone", 0.6, f"{test_ev}: no message setting found; an unconnected "
                                     "adult's message was delivered", s.dm_setting_url)
            elif dm == "request_only":
                out["child_dm_default"] = Signal(
                    "connections", 0.6, f"{test_ev}: no message setting found; an unconnected "
                                        "adult's message was held as a request",
                    s.dm_setting_url)
            elif dm == "false" and self.dm_visitor is False and not self.result.dm_seen:
                out["child_dm_default"] = Signal(
                    "nobody", 0.6, f"{test_ev}: the service offers no direct messages, so "
                                   "nobody can message the child", s.dm_setting_url)
            else:
                out["child_dm_default"] = Signal(
                    None, 0.0, "not_found: no message setting in the child's settings"
                    if s.settings_read else "not_found: the child's settings were not read",
                    s.dm_setting_url)

        def boolean(name: str, looked: bool, value: bool, why: str, url: str, key: str,
                    missing: str) -> None:
            if looked:
                out[name] = Signal(bool(value), 0.85, f"{test_ev}: {why}", url, ev.get(key, []))
            else:
                out[name] = Signal(None, 0.0, missing, url)

        boolean("child_in_suggestions", s.suggestions_lists > 0, s.child_in_suggestions,
                "the child is listed among the adult's suggestions" if s.child_in_suggestions
                else f"the child is not in {s.suggestions_lists} suggestion list(s)",
                s.suggestions_url, "suggestions",
                "not_found: no suggestions were shown to the adult")
        boolean("child_in_search", s.searched, s.child_in_search,
                f"the child was found through {s.search_how}" if s.child_in_search else
                f"searching for the child's username through {s.search_how} found no link "
                "to the child", s.search_url, "search",
                "not_found: no search box or member directory found")
        boolean("child_connections_visible", s.profile_read and s.connections is not None,
                bool(s.connections), s.connections_why, s.profile_url, "profile",
                "not_found: the child's profile could not be opened")
        boolean("location_shown", s.profile_read, bool(s.location), s.location_why,
                s.profile_url, "profile", "not_found: the child's profile could not be opened")
        looked = s.menu_looked > 0
        for key, name in (("block", "block_control"), ("mute", "mute_control")):
            where = s.controls_found.get(key)
            boolean(name, looked, bool(where),
                    f"a {key} control on {where}" if where else
                    f"no {key} control in {s.menu_looked} profile or conversation view(s)",
                    s.conv_url or s.profile_url, "conversation" if s.conv_url else "profile",
                    "not_found: no profile or conversation could be examined")
        self._nothing_to_block(out, test_ev)
        has_comments = "comments" in self._functions()
        if s.comments_control:
            out["disable_comments_control"] = Signal(True, 0.85, f"{test_ev}: a control to "
                                                     "turn off comments", s.comments_url,
                                                     ev.get("comments", []))
        elif (s.comments_looked or s.settings_read) and has_comments:
            out["disable_comments_control"] = Signal(False, 0.7, f"{test_ev}: no control to "
                                                     "turn off comments in the child's settings "
                                                     "or on its posts", s.comments_url)
        else:
            out["disable_comments_control"] = Signal(
                None, 0.0, "not_applicable: no comments seen on the service" if not has_comments
                else "not_found: the child's posts and settings were not examined")
        boolean("report_in_conversation", s.opened, "report" in s.conv_controls,
                "a report control in the conversation" if "report" in s.conv_controls else
                "no report control in the conversation or its menus", s.conv_url,
                "conversation", "not_found: no conversation with the adult could be opened")
        if not s.opened and s.sent == "sent" and s.sent_by_email:
            out["report_in_conversation"] = Signal(
                False, 0.6, f"{test_ev}: the service's private messages are emails sent "
                            "through its email-this-member form: no conversation on the "
                            "service holds a report control", s.sent_url)
        if s.group_tried == "created" and s.group_where:
            needs = s.group_where == "request" or s.group_accept
            out["group_invite_needs_acceptance"] = Signal(
                needs, 0.85, f"{test_ev}: " + ("the group waited as an invitation to accept"
                                               if needs else "the child was added to the group "
                                               "without being asked"),
                s.conv_url, ev.get("group", []) + ev.get("requests", []))
        else:
            why = {"no_control": "not_found: no way to start a group chat was found",
                   "failed": "not_found: " + (s.group_note or "the group could not be started"),
                   "created": "not_found: the group did not appear in the child's inbox or "
                              "requests"}.get(s.group_tried, "not_found: not tried")
            out["group_invite_needs_acceptance"] = Signal(None, 0.0, why)
        boolean("child_support_prompts", s.opened, bool(s.support),
                f'"{quote(s.support[0])}"' if s.support else
                "no supportive prompt when the child opened a stranger's message",
                s.support_url or s.conv_url, "conversation",
                "not_found: the child could not open the stranger's message")

        if s.connected:
            sig = out["unknown_adult_can_dm_child"]
            out["unknown_adult_can_dm_child"] = Signal(
                sig.value, min(sig.confidence, 0.5), f"{sig.note}; {s.connected}"[:500],
                sig.url, sig.evidence)
        if self.result.stopped:
            for name, sig in out.items():
                if sig.value is None:
                    rest = sig.note.split(": ", 1)[-1] if sig.note.startswith("not_found") \
                        else sig.note
                    out[name] = Signal(None, 0.0, f"{self.result.stopped}; {rest}"[:500],
                                       sig.url, sig.evidence)

    def _nothing_to_block(self, out: dict[str, Signal], test_ev: str) -> None:
        """A service with neither member profiles nor direct messages (a blog's comments): no
        profile shows a location, and there is no one-to-one contact to block or mute.  Said
        only when the child's profile could not be found, the visitor's survey saw no
        profiles, and both personas found no way to message (confidence below a look)."""
        s = self.seen
        no_dm = s.sent == "no_control" and self.dm_visitor is False and not self.result.dm_seen
        if s.profile_read or not no_dm or "profiles" in self._functions():
            return
        why = (f"{test_ev}: the service shows no member profiles (none in the visitor's "
               "survey, none found for the child) and offers no direct messages")
        for name, what in (("location_shown", "no profile to show a location on"),
                           ("block_control", "nobody to block"),
                           ("mute_control", "nobody to mute")):
            if out[name].value is None:
                out[name] = Signal(False, 0.6, f"{why}: {what}", self.home_url)

    def _functions(self) -> set[str]:
        from probes.profile import collect, functionalities
        if self.survey is None:
            return set()
        return set(functionalities(collect(self.survey)))


# -- helpers -----------------------------------------------------------------------------

async def goto_status(session, guard: Guard, page, url: str) -> int | None:
    guard.expected.add(url)
    try:
        resp = await session.goto(page, url)
    finally:
        guard.expected.discard(url)
    with contextlib.suppress(Exception):
        return resp.status if resp is not None else None
    return None


def _search_box(v: PageView) -> Control | None:
    for c in v.controls:
        if not c.visible or c.disabled or c.tag != "input":
            continue
        if c.type == "search" or c.role in ("searchbox", "combobox") or (
                c.type in ("", "text") and (c.name.lower() in ("q", "query", "search", "s")
                                            or re.search(r"\bsearch\b", f"{c.label} "
                                                         f"{c.placeholder}", re.I))):
            return c
    return None


#: a search of what members write or who they are ("Search messages in this channel", "Search
#: people"), not a site search of the operator's pages (a bare "Search" box)
MEMBER_SEARCH = re.compile(r"\bsearch\b.{0,25}\b(messages?|posts?|people|members?|users?|"
                           r"conversations?|channels?|chats?|rooms?|topics?|threads?|"
                           r"comments?)\b", re.I)


def search_cue(v: PageView, url: str) -> Cue | None:
    """A ``search`` cue from a search of members' content seen once logged in (a chat
    client's message search sits only inside the signed-in client)."""
    for c in v.controls:
        if c.region == "footer" or not (c.is_button or c.tag == "input"):
            continue
        words = f"{c.label} {c.placeholder}"
        m = MEMBER_SEARCH.search(words)
        if m:
            return Cue("search", 0.8, url, f'"{quote(words.strip(), 50)}" once logged in')
    return None


def _where(v: PageView, needle: str) -> str | None:
    """Where ``needle`` is on an inbox page: ``request`` (under a requests heading), ``inbox``,
    or None when it is not there."""
    if not needle or not text_has(v, needle):
        return None
    low = needle.lower()
    holding = [sec for sec in v.sections if low in sec.text.lower()]
    if holding:
        best = min(holding, key=lambda sec: len(sec.text))
        if REQUEST_HEAD.search(best.heading):
            return "request"
    h1 = next((h.text for h in v.headings if h.level == 1), "")
    if REQUEST_HEAD.search(h1) or REQUEST_HEAD.search(v.title):
        return "request"
    return "inbox"


def _name_controls(v: PageView, names: list[str]) -> list[Control]:
    """Controls that stand for a member by name and open something in the page (a chat
    client's member list, a message's author, a conversation in the list): "alex", "@alex",
    "A alex" or "Aalex" (an avatar's initial), "query: alex", "alex (2 unread messages)",
    "alex 3";
    never a link to another page (a forum's author link is the profile's business)."""
    pats = [re.compile(r"(?:[\w ]{1,12}:\s*)?(?:" + re.escape(n.strip()[0]) + r"\s*)?@?"
                       + re.escape(n.strip())
                       + r"(?:\s*\(.{0,60}\))?(?:\s+\d{1,4})?", re.I)
            for n in names if n and n.strip()]
    here = urlsplit(v.url)._replace(fragment="").geturl()
    out = []
    for c in v.controls:
        if not c.visible or c.disabled or c.region == "footer":
            continue
        if c.href and urlsplit(c.href)._replace(fragment="").geturl() != here:
            continue
        if not (c.is_button or c.is_link or c.role in ("tab", "option", "treeitem")):
            continue
        if any(p.fullmatch(" ".join(c.label.split())) for p in pats):
            out.append(c)
    return out


def _item_link(v: PageView, needles: list[str]) -> Control | None:
    """The link that opens the conversation holding one of ``needles`` (never one that
    answers it: accept, decline, delete, block, report)."""
    for c in v.links():
        if c.region in ("nav", "footer"):
            continue
        # an answer button (accept, delete, block ...) is never pressed; the test message's
        # own words ("please ignore") in a subject link do not make it one
        label = c.label.lower()
        for n in [*needles, MARK, MARK.rstrip("]").split(" — ")[-1]]:
            label = label.replace(n.lower(), " ") if n else label
        if ANSWER.search(label):
            continue
        hay = f"{c.label} {c.context}".lower()
        if any(n and n.lower() in hay for n in needles):
            return c
    return None


async def _fill_group_form(page, v: PageView, name: str, member: str, text: str) -> bool:
    fields = [c for c in v.controls if c.visible and not c.disabled and c.is_text_entry
              and c.type != "search"]
    name_f = next((c for c in fields if c.tag == "input" and re.search(
        r"\b(group name|name|title|subject)\b", f"{c.label} {c.placeholder}", re.I)), None)
    member_f = next((c for c in fields if c is not name_f and c.tag == "input" and re.search(
        r"\b(add|people|members?|participants?|usernames?|friends|invite|to)\b",
        f"{c.label} {c.placeholder}", re.I)), None)
    text_f = next((c for c in fields if c.tag == "textarea" or c.tag not in ("input",)), None)
    if member_f is None or not member:
        return False
    try:
        if name_f is not None:
            await locator(page, name_f).fill(name, timeout=4000)
        await locator(page, member_f).fill(member, timeout=4000)
        await wait_quiet(page, 500)
        nv = await read_page(page)
        opts = [c for c in nv.controls if c.visible and (c.role == "option" or c.is_button)
                and member.lower() in c.label.lower()]
        if opts:
            await click(page, opts[0])
        if text_f is not None:
            await locator(page, text_f).fill(text, timeout=4000)
        nv = await read_page(page)
        form = member_f.form
        submit = [c for c in nv.controls if c.visible and c.is_button and c.form == form
                  and form >= 0 and (c.type == "submit" or re.match(
                      r"^(create|create group|start|start group|send|done|next|ok)$",
                      c.label.strip(), re.I))]
        if not submit:
            submit = find(nv, re.compile(r"^(create( group)?|start( group)?|done)$", re.I))
        if not submit:
            return False
        return await click(page, submit[0], wait=700)
    except Exception:  # noqa: BLE001
        return False


__all__ = ["AccountTest", "AccountResult", "Signal", "pick_personas", "GROUP"]
