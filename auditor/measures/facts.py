"""Stored observations as a lookup a check can read, with the reasons a value is missing.

A :class:`Facts` view is restricted to the signals a measure declares, so a check cannot rest on
a signal its catalogue entry does not name; every observation read is remembered, and its
evidence ids become the verdict's evidence.
"""

from __future__ import annotations

from collections.abc import Iterable

from auditor.model import Observation

NOT_TESTED = "not_tested"

#: Why a value is missing, or why a check could not run, in words a supervisor can read.
WHY_TEXT = {
    "bot_wall": "a bot wall blocked the pages",
    "geo_blocked": "the service blocks visitors from this vantage point",
    "needs_accounts": "needs test accounts, and the target row names none",
    "forms_not_allowed": "needs form submission, and the target row does not allow forms",
    NOT_TESTED: "not attempted: the row gives no test accounts or no permission for forms",
    "timeout": "the check timed out",
    "unreachable": "the service could not be reached",
    "robots_disallowed": "robots.txt disallows the pages",
    "error": "an error stopped the check",
    "probe_error": "the probe failed",
    "login_required": "the pages need a login",
    "captcha": "a CAPTCHA stopped the check (never solved)",
    "budget_exhausted": "the page or time budget ran out",
    "not_run": "the probe did not run",
    "not_found": "the probe could not find or decide it",
    "not_applicable": "the probe found nothing to test",
    "internal_process": "an internal process no visitor can see",
    "not_disclosed": "no disclosure found; whether matching runs cannot be seen from outside",
    "cannot_see": "not visible from outside",
    "undecided": "the probe could not decide",
}


def why_code(note: str) -> str:
    """The leading word of an observation note (``"bot_wall: cloudflare"`` -> ``bot_wall``)."""
    word = (note or "").split(":", 1)[0].strip()
    return word or "undecided"


def why_text(code: str) -> str:
    return WHY_TEXT.get(code, code.replace("_", " "))


class UndeclaredSignal(LookupError):
    """A check read a signal its catalogue entry does not list (a catalogue or code bug)."""


class Facts:
    """Observations of one target, by signal (the last one written for a signal wins)."""

    def __init__(self, observations: Iterable[Observation] = (), *,
                 _by: dict[str, Observation] | None = None,
                 allowed: frozenset[str] | None = None):
        self._by: dict[str, Observation] = _by if _by is not None else {}
        if _by is None:
            for o in observations:
                self._by[o.signal] = o
        self._allowed = allowed
        self._used: list[Observation] = []

    def restricted(self, signals: Iterable[str]) -> Facts:
        """A fresh view that may read only ``signals`` and records what it reads."""
        return Facts(_by=self._by, allowed=frozenset(signals))

    def observation(self, signal: str) -> Observation | None:
        if self._allowed is not None and signal not in self._allowed:
            raise UndeclaredSignal(f"{signal} is not among the signals of this measure")
        o = self._by.get(signal)
        if o is not None and o not in self._used:
            self._used.append(o)
        return o

    def value(self, signal: str) -> object:
        """The observed value, or None when missing, undecided or ``not_tested``."""
        o = self.observation(signal)
        if o is None or o.value == NOT_TESTED:
            return None
        return o.value

    def why(self, signal: str) -> str:
        """Why :meth:`value` is None: a note code such as ``bot_wall`` or ``not_tested``."""
        o = self.observation(signal)
        if o is None:
            return "not_run"
        if o.value == NOT_TESTED:
            return NOT_TESTED
        return why_code(o.note)

    def present(self, signal: str) -> bool | None:
        """For a URL or list signal: True when found, False when the probe looked and found
        nothing (empty note or ``not_found``), None when it could not look."""
        o = self.observation(signal)
        if o is None:
            return None
        if o.value not in (None, "", [], ()):
            return True
        return False if why_code(o.note) in ("undecided", "not_found") else None

    def evidence(self) -> list[str]:
        out: list[str] = []
        for o in self._used:
            for e in o.evidence:
                if e not in out:
                    out.append(e)
        return out

    def signals(self) -> list[str]:
        return list(self._by)
