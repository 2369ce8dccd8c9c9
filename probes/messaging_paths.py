"""Private-conversation pages that answer a visitor with "log in first": a cue for direct
messages that a visitor never sees as a link (forums that offer private messages to every
member show no inbox link until one logs in).

First, where the home page is built with community software the platforms table knows, the
address where that software lets a member write a private message (its ``dm_path``, e.g.
MediaWiki's Special:EmailUser); then a few inbox addresses common to community software.  One
that sends a visitor to a login page, while an address that cannot exist does not, is a cue (not
proof) that members have private messages.  The platform's own address also counts when it
answers with a page that says one must be logged in (or shows a password box) where the made-up
address does not: the software is known to keep a message form there, so its notice speaks of
that form.  Nothing is submitted; each request is polite and budgeted.
"""

from __future__ import annotations

import asyncio
import re
import secrets
from urllib.parse import urljoin, urlsplit

from auditor.session import BudgetExceeded, RobotsDisallowed, Session
from probes.platforms import home_platform
from probes.profile_cues import Cue, quote, sentences
from probes.profile_read import view_from_html
from probes.reporting_text import LOGIN_PATH, LOGIN_PROMPT, PASSWORD_INPUT

#: inbox addresses of common community software (a short list: each costs a polite request)
INBOX_GUESSES = ("/messages/", "/messages/inbox/", "/conversations/", "/inbox/")
FETCH_SECONDS = 10.0
PASSWORD_BOX = "\x00password box"          # login_notice's answer for a login form
#: a notice that a page needs a logged-in visitor ("You must be logged in ... to send email")
LOGIN_NOTICE = re.compile(LOGIN_PROMPT.pattern + r"|\b(?:must|need to|have to) be (?:logged|signed)"
                          r"[- ]?in\b|\b(?:log|sign) ?in (?:first|to send|to message)\b", re.I)


def _asks_login(res) -> bool:
    if res is None or res.status >= 500 or res.status == 404:
        return False
    moved = res.final_url.split("#")[0] != res.url.split("#")[0]
    to_login = bool(LOGIN_PATH.search(urlsplit(res.final_url).path + "?"
                                      + urlsplit(res.final_url).query))
    if moved and to_login:
        return True
    text = res.text if "html" in (res.content_type or "") else ""
    return res.status in (401, 403) and bool(PASSWORD_INPUT.search(text[:200_000]))


async def _get(session: Session, url: str):
    try:
        return await asyncio.wait_for(session.fetch(url), FETCH_SECONDS)
    except (BudgetExceeded, RobotsDisallowed):
        raise
    except Exception:  # noqa: BLE001 - an address that does not answer says nothing
        return None


def login_notice(res) -> str:
    """The sentence of an HTML answer (below 500, not 404) that says one must log in, or
    :data:`PASSWORD_BOX` when it shows a login form; "" when neither."""
    if res is None or res.status >= 500 or res.status == 404 or \
            "html" not in (res.content_type or ""):
        return ""
    html = res.text[:500_000]
    view = view_from_html(html, res.final_url, status=res.status)
    for s in sentences(view.content_text):
        m = LOGIN_NOTICE.search(s)
        if m:
            # a page with little punctuation runs its headings and links into the sentence:
            # start at the last capitalised word shortly before the notice
            before = s[:m.start()].split()[-6:]
            caps = [i for i, w in enumerate(before) if w[:1].isupper()]
            return " ".join(before[caps[-1]:] + [s[m.start():]]) if caps else s[m.start():]
    return PASSWORD_BOX if PASSWORD_INPUT.search(html) else ""


def platform_dm_path(session: Session) -> tuple[str, str]:
    """(the platform's name, its ``dm_path``) for the software the home page is built with,
    else ("", "")."""
    platform = home_platform(session)
    if platform is None or not platform.dm_path:
        return "", ""
    return platform.name, platform.dm_path


async def inbox_asks_login(session: Session, base: str) -> Cue | None:
    """A cue when the platform's message address or one of the inbox addresses sends a
    visitor to log in (or, for the platform's own address, says one must be logged in) and a
    made-up address on the same site does not (a site that walls every page proves nothing)."""
    name, dm_path = platform_dm_path(session)
    if dm_path:
        cue = await _platform_asks_login(session, base, name, dm_path)
        if cue is not None:
            return cue
    for path in INBOX_GUESSES:
        url = urljoin(base, path)
        if url not in session.scope:
            continue
        try:
            if not await session.allowed(url):
                continue
            res = await _get(session, url)
        except RobotsDisallowed:
            continue
        if not _asks_login(res):
            continue
        control = await _get(session, urljoin(base, f"/osa-no-such-page-{secrets.token_hex(4)}/"))
        if control is None or _asks_login(control):
            return None                      # every address asks to log in: no evidence
        return Cue("dm", 0.7, url, f"the private-messages address {urlsplit(url).path} sends a "
                                   f"visitor to log in ({res.final_url[:160]})")
    return None


async def _platform_asks_login(session: Session, base: str, name: str,
                               path: str) -> Cue | None:
    url = urljoin(base, path)
    if url not in session.scope:
        return None
    try:
        if not await session.allowed(url):
            return None
        res = await _get(session, url)
    except RobotsDisallowed:
        return None
    moved = _asks_login(res)
    notice = "" if moved else login_notice(res)
    if not moved and not notice:
        return None
    control = await _get(session, urljoin(base, f"/osa-no-such-page-{secrets.token_hex(4)}/"))
    if control is None or _asks_login(control) or (notice and login_notice(control)):
        return None                          # every address asks to log in: no evidence
    if moved:
        said = f"sends a visitor to log in ({res.final_url[:160]})"
    elif notice == PASSWORD_BOX:
        said = "answers a visitor with a login form"
    else:
        said = f'answers a visitor with "{quote(notice, 120)}"'
    return Cue("dm", 0.7, url, f"{name}'s private-message address {quote(path, 80)} {said}")
