"""When a target's screenshots are blurred (DESIGN.md, "Evidence passes a redaction step").

Explicit imagery must never be stored in the clear, but a regulator still needs readable pictures
of ordinary services.  So a screenshot is blurred when any of these holds:

- the probe asks for it (the age gate probe blurs every page it meets behind a gate);
- the page itself shows strong adult cues: an adult rating label (``RTA-5042-...``, ``<meta
  name="rating" content="adult">``), an age-gate button ("I am 18 or older"), or adult words in
  its title, main heading, banners or dialogs ("adult board", "NSFW", "sexually explicit" ...); the
  body text alone does not count, because every set of terms mentions pornography;
- the target is already known to be adult: its row says ``service_kind = adult``, or an earlier
  page of the same target showed the cues above (the mark is sticky for the target).

When the target's audit ends, :func:`adult_reason` reads its observations (adult content or an
adult section seen, terms allowing adult content, an age gate met, the service kind); if they
say adult, the screenshots taken before anybody knew are blurred then, in place, before the
target's evidence is recorded.  The hash of every picture as captured stays in
``original_sha256``.
"""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Iterable
from urllib.parse import quote, quote_plus

from auditor.model import Observation, Target
from auditor.pagejs import script_file

#: Evaluated in the page before a screenshot: a short reason when the page looks adult, else "".
PAGE_CUES_JS = script_file("adult_cues.js")

#: A password field's value in markup (masked in page copies and web archives).
PASSWORD_VALUE = r'(<input\b[^>]*type=["\']?password["\']?[^>]*\bvalue=)(["\'])(.*?)\2'


@functools.lru_cache(maxsize=256)
def secret_forms(secrets: tuple[str, ...]) -> tuple[str, ...]:
    """Every form a test account's secret takes in a page, a URL or a header: as it is,
    URL-encoded (``amy.tester%40example.org``, ``+`` for spaces) and HTML-escaped; longest
    first, so a longer secret is masked before a shorter one inside it.  Page copies, quotes,
    logs (:meth:`auditor.evidence.EvidenceRecorder.mask`) and web archives
    (:mod:`auditor.archive_build`) all mask these."""
    forms = {v for s in secrets if s and len(s) >= 3
             for v in (s, quote(s, safe=""), quote_plus(s), html.escape(s, quote=True))}
    return tuple(sorted(forms, key=len, reverse=True))

MASK = "[redacted]"
_PASSWORD_RE = re.compile(PASSWORD_VALUE, re.I | re.S)


def mask_secrets(text: str, secrets) -> str:
    """``text`` with password fields' values and every form of every secret
    (:func:`secret_forms`) replaced by ``[redacted]``: evidence, logs, a worker's messages."""
    text = _PASSWORD_RE.sub(lambda m: f"{m.group(1)}{m.group(2)}{MASK}{m.group(2)}", text)
    for form in secret_forms(tuple(secrets)):
        text = text.replace(form, MASK)
    return text


_GATES = ("self_declaration", "dob_entry", "third_party")


def adult_reason(target: Target, observations: Iterable[Observation]) -> str:
    """Why the target's pictures must all be blurred ("" when nothing says it is adult)."""
    if target.service_kind == "adult":
        return "the target list says the service is adult"
    seen = {o.signal: o.value for o in observations}
    if seen.get("profile.adult_content") is True:
        return "adult content seen on the service"
    if "adult_section" in (seen.get("profile.functionalities") or ()):
        return "an adult section seen on the service"
    if seen.get("terms.adult_content_allowed") is True:
        return "the terms allow adult content"
    if seen.get("profile.service_kind") == "adult":
        return "the service looks adult"
    gate = seen.get("age_gate.type")
    if gate in _GATES:
        return f"an age gate ({gate}) in front of the content"
    return ""


_WORD = re.compile(r"\s+")


def short(reason: str) -> str:
    return _WORD.sub(" ", reason).strip()[:120]
