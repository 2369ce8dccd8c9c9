"""Bot walls and UK geo-blocks: recognised from the status and the page's own words.

Both are findings, not failures: a service that blocks the UK is a fact a supervisor needs, with
the mirror it points to.
"""

from __future__ import annotations

import re

from probes.base import Link

BOT_WALL_TEXT = re.compile(
    r"(verify (that )?you are (a )?human|are you a (robot|human)|checking (if the site connection"
    r" is secure|your browser)|just a moment\.\.\.|complete the (security )?check|"
    r"unusual traffic|bot (detection|protection)|enable javascript and cookies to continue|"
    r"prove you('| a)re not a robot|automated (access|requests|queries))", re.I)
CAPTCHA_MARKUP = re.compile(r"(g-recaptcha|h-captcha|hcaptcha\.com|recaptcha/api|cf-turnstile|"
                            r"challenges\.cloudflare\.com|data-sitekey|captcha)", re.I)
GEO_TEXT = re.compile(
    r"(not (currently )?available (to users )?in (the )?(uk|united kingdom|your (country|region|"
    r"location))|(unavailable|blocked|restricted) (in|for users in|to users in|from) (the )?"
    r"(uk|united kingdom)|users (in|from) the (uk|united kingdom) (are|can ?not|cannot)|"
    r"online safety act.{0,80}(block|unavailable|no longer|restrict)|"
    r"not available in your (country|region))", re.I | re.S)


def looks_like_bot_wall(status: int, html: str, text: str) -> bool:
    if BOT_WALL_TEXT.search(text[:5000]):
        return True
    short = len(text) < 1500
    return status in (403, 429, 503) and short and bool(CAPTCHA_MARKUP.search(html[:200_000]))


def looks_geo_blocked(status: int, text: str) -> bool:
    if status == 451:
        return True
    return bool(GEO_TEXT.search(text[:8000])) and len(text) < 6000


def mirrors(links: list[Link], in_scope) -> list[str]:
    """Links on a block page that lead out of the service's scope: the mirrors it points to."""
    out = []
    for lk in links:
        if lk.url not in in_scope and lk.url not in out:
            out.append(lk.url)
    return out[:10]
