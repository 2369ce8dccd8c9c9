"""Judgements the probes do not make: which age checks can be highly effective, what a reading
grade means for the youngest permitted user.  Pure functions over plain values.

Sources: Ofcom's Part 3 and Part 5 guidance on highly effective age assurance (HEAA, Jan 2025)
and the AVS Group decision (Dec 2025: photo upload without liveness is not capable of being
highly effective).  See measures.md section 3.
"""

from __future__ import annotations

from collections.abc import Iterable

#: Methods Ofcom lists as capable of being highly effective.
HEAA_CAPABLE = frozenset({"facial_estimation", "photo_id_liveness", "credit_card",
                          "open_banking", "mobile_operator", "digital_identity",
                          "email_estimation"})

#: Methods that are not highly effective, with the words used in reasons.
NOT_HEAA = {
    "self_declaration": "self-declaration",
    "dob_entry": "date-of-birth entry",
    "debit_card": "debit card",
    "photo_id_no_liveness": "photo ID without liveness",
}

#: Gate types (``age_gate.type``) that are an age check at all; a login wall is not.
CHECKING_GATES = frozenset({"self_declaration", "dob_entry", "third_party"})

#: Assumed youngest permitted user when the terms state no minimum age.
DEFAULT_MIN_AGE = 13


def weak_methods(methods: Iterable[str]) -> list[str]:
    """The offered methods that cannot be highly effective, in reason words."""
    return [NOT_HEAA[m] for m in methods if m in NOT_HEAA]


def methods_highly_effective(methods: Iterable[str] | None) -> bool | None:
    """True when methods are offered and every one is capable of being highly effective.

    A weak method offered beside a strong one lets a child choose the weak one, so the process
    as a whole is not highly effective.  None when the methods are unknown.
    """
    if methods is None:
        return None
    ms = list(methods)
    if not ms:
        return False
    return all(m in HEAA_CAPABLE for m in ms)


def gate_highly_effective(gate_type: str | None, methods: Iterable[str] | None,
                          dismissible: bool | None = None,
                          bypass_deep_url: bool | None = None,
                          holds_without_js: bool | None = None) -> bool | None:
    """Whether the observed gate is highly effective age assurance, as far as can be seen.

    False as soon as one observed fact rules it out; True only when every fact is known and
    fits; None otherwise.
    """
    if gate_type is not None and gate_type not in CHECKING_GATES:
        return False
    capable = methods_highly_effective(methods)
    facts = [capable, None if dismissible is None else not dismissible,
             None if bypass_deep_url is None else not bypass_deep_url, holds_without_js]
    if any(f is False for f in facts):
        return False
    if gate_type is None or any(f is None for f in facts):
        return None
    return True


def youngest_user(min_age: float | None, min_age_uk: float | None) -> tuple[int, bool]:
    """The youngest permitted UK user's age, and whether it was assumed (no age stated)."""
    for age in (min_age_uk, min_age):
        if isinstance(age, (int, float)) and not isinstance(age, bool) and age > 0:
            return int(age), False
    return DEFAULT_MIN_AGE, True


def readable_for(grade: float | None, age: int) -> bool | None:
    """Whether text at US school ``grade`` (Flesch-Kincaid) suits a reader aged ``age``.

    A US grade is about the reader's age minus 5 (grade 8 at 13), capped at 12 for adults.
    """
    if grade is None:
        return None
    return float(grade) <= min(age - 5, 12)
