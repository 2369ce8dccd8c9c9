"""The test personas of a target and what must never show of them.

* :class:`MadeAccounts`: the accounts the signup probe made in this session (an adult aged 25 or
  over and a child under 18, made from its synthetic identities, accepted by the service and
  able to log in), handed to the messaging probe through the session when the row allows forms
  and names no accounts.  Held in memory only: never written to observations, evidence, logs
  or reports (its ``repr`` shows no value).
* :class:`PersonaMask`: replaces every persona's username, e-mail address and display name with
  ``[child persona]`` / ``[adult persona]`` in observation values, notes and URLs, in evidence
  text and URLs, and (for the time of a screenshot) in the page itself.  Passwords are masked by
  the evidence recorder; :func:`register_secrets` adds values to the set it masks.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import quote as urlquote

from auditor import signals

ATTR = "signup_personas"        # the Session attribute the signup probe fills
MIN_LEN = 3
_WORD = "A-Za-z0-9_"


@dataclass(repr=False)
class MadeAccounts:
    """Accounts the signup probe made and logged in with; ``note`` says why there are none."""

    personas: dict = field(default_factory=dict)     # role (adult, child) -> Persona
    note: str = ""

    def __repr__(self) -> str:
        return f"MadeAccounts(roles={sorted(self.personas)}, note={self.note!r})"

    __str__ = __repr__


def made_accounts(session) -> MadeAccounts | None:
    """What the signup probe left in ``session`` (None when it did not run or try)."""
    made = getattr(session, ATTR, None)
    return made if isinstance(made, MadeAccounts) else None


def set_made_accounts(session, made: MadeAccounts) -> None:
    setattr(session, ATTR, made)
    register_secrets(session.evidence, [v for p in made.personas.values()
                                        for v in persona_values(p, password=True)])


def register_secrets(recorder, values: Iterable[str]) -> None:
    """Add ``values`` to what the evidence recorder masks in every text it keeps."""
    current = set(getattr(recorder, "secrets", ()) or ())
    new = {v for v in values if isinstance(v, str) and len(v) >= MIN_LEN}
    if new - current:
        recorder.secrets = sorted(current | new, key=len, reverse=True)


def persona_values(persona, *, password: bool = False) -> list[str]:
    """What identifies a persona in a page: username, e-mail (and its local part), display
    name; with ``password``, the password too."""
    out = []
    for v in (getattr(persona, "username", None), getattr(persona, "email", None),
              getattr(persona, "display_name", None)):
        if isinstance(v, str) and len(v.strip()) >= MIN_LEN:
            out.append(v.strip())
    email = getattr(persona, "email", None)
    if isinstance(email, str) and "@" in email and len(email.split("@")[0]) >= 5:
        out.append(email.split("@")[0])
    if password and getattr(persona, "password", None):
        out.append(persona.password)
    return list(dict.fromkeys(out))


def role_of(name: str, persona) -> str:
    if name in ("adult", "child"):
        return name
    age = getattr(persona, "age", None)
    if age is None and getattr(persona, "date_of_birth", None):
        import datetime as dt
        dob, today = persona.date_of_birth, dt.date.today()
        age = today.year - dob.year - ((today.month, today.day) < (dob.month, dob.day))
    if age is not None:
        return "adult" if age >= 18 else "child"
    return name


def session_personas(session) -> dict:
    """Every persona the session may use: the row's accounts and those the signup probe made."""
    out = {}
    for name, p in (getattr(session, "personas", None) or {}).items():
        out[name] = p
    made = made_accounts(session)
    if made is not None:
        for role, p in made.personas.items():
            out.setdefault(role if role not in out else f"signup_{role}", p)
    return out


class PersonaMask:
    """Masks personas' usernames, e-mail addresses and display names in text."""

    def __init__(self, personas: dict | None = None):
        labels: dict[str, str] = {}
        self.pairs: list[tuple[str, str]] = []          # (value as shown, label), for pages
        for name, p in (personas or {}).items():
            label = f"[{role_of(name, p)} persona]"
            for v in persona_values(p):
                self.pairs.append((v, label))
                for form in (v, urlquote(v, safe=""), urlquote(v), urlquote(v, safe="@"),
                             v.replace(" ", "+")):
                    labels.setdefault(form.lower(), label)
        self.pairs.sort(key=lambda x: -len(x[0]))
        self._labels = labels
        if labels:
            alts = "|".join(re.escape(v) for v in sorted(labels, key=len, reverse=True))
            self._rx: re.Pattern | None = re.compile(f"(?<![{_WORD}])(?:{alts})(?![{_WORD}])",
                                                     re.I)
        else:
            self._rx = None

    @classmethod
    def of(cls, session) -> PersonaMask:
        return cls(session_personas(session))

    def __bool__(self) -> bool:
        return self._rx is not None

    def text(self, s):
        if not s or self._rx is None or not isinstance(s, str):
            return s
        return self._rx.sub(lambda m: self._labels.get(m.group(0).lower(), "[persona]"), s)

    def value(self, v):
        if isinstance(v, str):
            return self.text(v)
        if isinstance(v, list | tuple):
            return type(v)(self.text(x) if isinstance(x, str) else x for x in v)
        return v

    def observation(self, o):
        """Mask one observation in place (value, note, URL); returns it."""
        if self._rx is None:
            return o
        o.note = self.text(o.note)
        o.url = self.text(o.url)
        masked = self.value(o.value)
        if masked != o.value:
            with contextlib.suppress(signals.SignalError):
                signals.check(o.signal, masked)
                o.value = masked
        return o

    def observations(self, obs: list) -> list:
        for o in obs:
            self.observation(o)
        return obs

    def cue(self, cue):
        """A copy of a profile cue with its URL and reason masked."""
        if self._rx is None:
            return cue
        from dataclasses import replace
        return replace(cue, url=self.text(cue.url), why=self.text(cue.why))

    def evidence_urls(self, recorder) -> None:
        """Mask the URL every evidence item was taken at (the manifest's ``url``)."""
        if self._rx is None:
            return
        for item in getattr(recorder, "items", ()):
            with contextlib.suppress(Exception):
                item.url = self.text(item.url)

    async def screenshot(self, session, page, **kwargs) -> str | None:
        """A screenshot with the personas' names replaced in the page while it is taken."""
        if self._rx is None:
            return await session.evidence.screenshot(page, **kwargs)
        masked = False
        with contextlib.suppress(Exception):
            await page.evaluate(MASK_DOM_JS, [list(p) for p in self.pairs])
            masked = True
        try:
            if not masked:
                return None            # never a picture with the names showing
            return await session.evidence.screenshot(page, **kwargs)
        finally:
            with contextlib.suppress(Exception):
                await page.evaluate(UNMASK_DOM_JS)


#: Replaces the personas' names in every text node and form field of the page, keeping what
#: it changed so :data:`UNMASK_DOM_JS` can put it back after the screenshot.
MASK_DOM_JS = r"""(pairs) => {
  const esc = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const labels = new Map(pairs.map(([v, l]) => [v.toLowerCase(), l]));
  const re = new RegExp('(?<![A-Za-z0-9_])(?:' + pairs.map((p) => esc(p[0])).join('|')
                        + ')(?![A-Za-z0-9_])', 'gi');
  const swap = (t) => t.replace(re, (m) => labels.get(m.toLowerCase()) || '[persona]');
  const undo = window.__osaUnmask || [];
  const root = document.body || document.documentElement;
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  let n;
  while ((n = walker.nextNode())) {
    const t = n.nodeValue;
    re.lastIndex = 0;
    if (t && re.test(t)) { undo.push([n, t, '']); n.nodeValue = swap(t); }
  }
  for (const el of root.querySelectorAll('input, textarea')) {
    const v = el.value;
    re.lastIndex = 0;
    if (v && re.test(v)) { undo.push([el, v, 'value']); el.value = swap(v); }
  }
  window.__osaUnmask = undo;
  return undo.length;
}"""

UNMASK_DOM_JS = r"""() => {
  for (const [n, t, k] of (window.__osaUnmask || []).reverse()) {
    if (k) n[k] = t; else n.nodeValue = t;
  }
  window.__osaUnmask = [];
}"""
