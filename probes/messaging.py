"""Messaging: whether strangers can reach children by direct message, and the controls and
defaults around it.

Without accounts (every target): ``dm_available`` is judged from every visible cue of the
visitor survey (message buttons on profiles and member cards, a Messages or Inbox link, help and
FAQ pages that describe direct messages or message requests, and text saying there are none);
``visitor_sees_message_button`` is whether a visitor sees a message button on a profile or a
member card.  The other signals need the row's test accounts: enumerations are ``not_tested``
and booleans empty with the note ``needs_accounts``.

With the accounts the row names (an adult and a child persona, never printed), in separate
browser contexts (see :mod:`probes.messaging_flows`): the adult, unconnected to the child, sends
one harmless message marked as a test; the child's inbox and message requests show whether it
was delivered ("true"), held as a request ("request_only") or never arrived ("false").  The
same session reads the child's message setting, the adult's suggestions and search, the child's
profile as the adult sees it (connections, location), the controls in "..." menus (block, mute,
report, turn off comments), a group chat invite, and the prompts the child is shown.  A per-target
recipe (``recipe`` column, :mod:`auditor.recipes`) replaces any step the heuristics miss.

Where the row names no accounts but allows forms, the personas are the accounts the signup probe
(which runs first) made in this session from its synthetic identities: an adult aged 25 or over
and a child under 18, each accepted by the service and able to log in
(:mod:`probes.messaging_personas`); the notes of the signals they decided say so.

The personas' usernames, e-mail addresses and display names never show in what is kept: every
observation value, note and URL, every evidence text and its URL, and screenshots (the names are
replaced in the page while the picture is taken) read ``[child persona]`` / ``[adult persona]``.
"""

from __future__ import annotations

from auditor.model import Observation
from auditor.recipes import RecipeError, load_recipe
from auditor.session import BudgetExceeded, RobotsDisallowed, Session
from probes.base import Findings
from probes.messaging_flows import AccountTest, pick_personas
from probes.messaging_paths import inbox_asks_login
from probes.messaging_personas import PersonaMask, made_accounts, register_secrets
from probes.profile_cues import Cue, dm_cues, message_controls, quote
from probes.profile_survey import add_account_cue, add_visitor_cue, survey
from probes.reporting_text import PASSWORD_INPUT

NAME = "messaging"
ACCOUNT_BOOLS = ("child_in_suggestions", "child_in_search", "child_connections_visible",
                 "location_shown", "block_control", "mute_control", "disable_comments_control",
                 "report_in_conversation", "group_invite_needs_acceptance",
                 "child_support_prompts")
ACCOUNT_ENUMS = ("unknown_adult_can_dm_child", "child_dm_default")
MADE_NOTE = "personas: accounts the signup probe made in this run (the row allows forms)"


def visitor_dm(sv) -> tuple[list[Cue], list[Cue], list[Cue]]:
    """(cues for DMs, cues against, message buttons a visitor sees) from the survey."""
    pos: list[Cue] = []
    neg: list[Cue] = []
    buttons: list[Cue] = []
    for v in sv.views:
        p, n = dm_cues(v)
        pos += p
        neg += n
        if v.kind in ("profile", "directory", "home", "content", "connection_list"):
            for c in message_controls(v):
                buttons.append(Cue("visitor_button", 0.95, v.url,
                                   f'"{quote(c.label, 40)}" on a {v.kind} page', v.evidence))
                break
    pos.sort(key=lambda c: -c.strength)
    return pos, neg, buttons


def login_walled(sv, home_html: str = "") -> bool:
    """The visitor met only a sign-in form: the home page shows a password box (as the survey
    read it, or as discovery rendered it: a one-page client builds its form late) and no
    content, profile or member list could be read.  Such a site gives a visitor no evidence
    about direct messages either way."""
    home = sv.home
    if home is None:
        return False
    if not any(c.visible and c.type == "password" for c in home.controls) and \
            not PASSWORD_INPUT.search(home_html[:500_000]):
        return False
    return not sv.of_kind("content", "profile", "directory", "connection_list")


def _text(title: str, cues: list[Cue]) -> str:
    return "\n".join([title, ""] + [f"- {c.why} ({c.url})" for c in cues])


def personas_for(session: Session) -> tuple[dict | None, str, str]:
    """(personas, why there are none, where they came from): the row's accounts, else, where
    the row allows forms and names none, the accounts the signup probe made in this session."""
    if session.personas or session.target.accounts:
        return session.personas, "", ""
    made = made_accounts(session) if session.allow_forms else None
    if made is None:
        return None, "needs_accounts", ""
    if made.personas:
        return made.personas, "", "signup"
    return None, made.note or "needs_accounts: the signup probe made no accounts", ""


async def run(session: Session) -> list[Observation]:
    f = Findings(NAME)
    sm = session.sitemap
    if sm is not None and sm.wall:
        return f.finish(note=sm.wall)
    personas, no_personas, source = personas_for(session)
    mask = PersonaMask(personas)
    register_secrets(session.evidence, [value for value, _label in mask.pairs])
    try:
        return mask.observations(await _run(session, f, personas, no_personas, source, mask))
    finally:
        mask.evidence_urls(session.evidence)


async def _run(session: Session, f: Findings, personas: dict | None, no_personas: str,
               source: str, mask: PersonaMask) -> list[Observation]:
    sv = await survey(session)
    sm = session.sitemap
    home_url = sv.home.url if sv.home else session.target.url

    def record(content: str, *, url: str, **kwargs) -> str:
        return session.evidence.text(mask.text(content), url=mask.text(url), **kwargs)

    # -- what a visitor sees -----------------------------------------------------------------
    pos, neg, buttons = visitor_dm(sv)
    profiles_read = sv.of_kind("profile", "directory")
    if buttons:
        f.add("visitor_sees_message_button", True, confidence=0.95, url=buttons[0].url,
              evidence=[record(_text("Message buttons a visitor sees", buttons),
                               url=buttons[0].url)] + buttons[0].evidence)
    elif profiles_read:
        f.add("visitor_sees_message_button", False, confidence=0.8, url=profiles_read[0].url,
              note=f"no message button on {len(profiles_read)} member page(s) read",
              evidence=[e for v in profiles_read for e in v.evidence][:2])
    elif sv.views:
        f.add("visitor_sees_message_button", False, confidence=0.5, url=home_url,
              note="no member profile is visible to a visitor; no message button elsewhere")
    strong = [c for c in pos if c.strength >= 0.85] + buttons
    dm_value: bool | None
    if strong:
        dm_value, dm_conf, dm_cue = True, 0.95, strong[0]
    elif pos and not neg:
        dm_value, dm_conf, dm_cue = True, pos[0].strength, pos[0]
    elif neg:
        dm_value, dm_conf, dm_cue = False, neg[0].strength, neg[0]
    elif sv.views and login_walled(sv, sm.home_html if sm else ""):
        dm_value, dm_conf, dm_cue = None, 0.0, None
    elif sv.views:
        dm_value, dm_conf, dm_cue = False, 0.55, None
    else:
        dm_value, dm_conf, dm_cue = None, 0.0, None
    if dm_value is False and not neg:
        # no cue a visitor sees: does a private-messages address ask a visitor to log in?
        try:
            walled = await inbox_asks_login(session, home_url)
        except (BudgetExceeded, RobotsDisallowed):
            walled = None
        if walled is not None:
            pos.insert(0, walled)
            add_visitor_cue(session, walled)
            dm_value, dm_conf, dm_cue = True, walled.strength, walled

    # -- with the test accounts ------------------------------------------------------------
    adult, child, why_not = pick_personas(personas)
    if personas is None:
        why_not = no_personas
    recipe = None
    recipe_note = ""
    if session.target.recipe:
        try:
            recipe = load_recipe(session.target.recipe)
        except RecipeError as err:
            recipe_note = "error: the recipe is invalid: " + err.errors[0][:300]
    result = None
    if adult is not None and child is not None:
        test = AccountTest(session, adult, child, recipe=recipe, survey=sv, dm_visitor=dm_value,
                           mask=mask)
        result = await test.run()
        for cue in result.account_cues:
            add_account_cue(session, mask.cue(cue))
        if result.dm_seen:
            dm_value, dm_conf = True, 1.0
            dm_cue = Cue("dm", 1.0, result.dm_seen[0],
                         f"with the test accounts: {result.dm_seen[1]}")
    if dm_value is None:
        f.add("dm_available", None, confidence=0.0, url=home_url,
              note="login_required: a visitor meets only a sign-in form, which says nothing "
                   "about direct messages" if sv.views else
                   "not_found: no page of the service could be read")
    else:
        ev = [record(_text("Cues for and against direct messages",
                           ([dm_cue] if dm_cue else []) + pos[:4] + neg[:2] + buttons[:1]),
                     url=home_url)]
        f.add("dm_available", dm_value, confidence=round(dm_conf, 2),
              url=dm_cue.url if dm_cue else home_url, evidence=ev,
              note="" if dm_cue else "no message button, inbox link or mention of messages seen")

    if result is None:
        note = why_not or "needs_accounts"
        if recipe_note:
            note += "; " + recipe_note
        for name in ACCOUNT_ENUMS:
            f.add(name, "not_tested", confidence=1.0, note=note, url=home_url)
        for name in ACCOUNT_BOOLS:
            f.add(name, None, confidence=0.0, note=note, url=home_url)
        return f.finish()
    for name in (*ACCOUNT_ENUMS, *ACCOUNT_BOOLS):
        r = result.signals.get(name)
        if r is None:
            f.add(name, "not_tested" if name in ACCOUNT_ENUMS else None, confidence=0.0,
                  note="not_found: " + (result.stopped or "the step did not run"), url=home_url)
            continue
        note = r.note
        if recipe_note and r.value is None:
            note = (note + "; " if note else "") + recipe_note
        if source == "signup":
            note = (note[:500 - len(MADE_NOTE) - 2] + "; " if note else "") + MADE_NOTE
        f.add(name, r.value, confidence=r.confidence, note=note[:500], url=r.url or home_url,
              evidence=r.evidence)
    return f.finish()
