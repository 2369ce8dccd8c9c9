"""Private-conversation pages that answer a visitor with "log in first": a cue for direct
messages that a visitor never sees as a link (forums that offer private messages to every
member show no inbox link until one logs in).

A few inbox addresses common to community software are asked for over HTTP; one that sends a
visitor to a login page, while an address that cannot exist does not, is a cue (not proof) that
members have private messages.  Nothing is submitted; each request is polite and budgeted.
"""

from __future__ import annotations

import asyncio
import secrets
from urllib.parse import urljoin, urlsplit

from auditor.session import BudgetExceeded, RobotsDisallowed, Session
from probes.profile_cues import Cue
from probes.reporting_text import LOGIN_PATH, PASSWORD_INPUT

#: inbox addresses of common community software (a short list: each costs a polite request)
INBOX_GUESSES = ("/messages/", "/messages/inbox/", "/conversations/", "/inbox/")
FETCH_SECONDS = 10.0


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


async def inbox_asks_login(session: Session, base: str) -> Cue | None:
    """A cue when one of the inbox addresses sends a visitor to log in and a made-up address
    on the same site does not (a site that walls every page proves nothing)."""
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
