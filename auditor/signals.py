"""The one registry of signal names (CONTRACT.md, "Signal names").

Every observation a probe writes must name a signal registered here and carry a value of the
registered type; :func:`check` enforces both.  Values are plain Python: ``bool``, ``int``/``float``,
``str`` (URL, enum word, hash, ISO date) or ``list[str]``; ``None`` means the check ran but could
not decide (the observation's ``note`` says why).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

HARMS = ("terrorism", "csea", "intimate_image_abuse", "hate", "harassment", "fraud",
         "suicide_self_harm", "eating_disorders", "pornography", "violence", "bullying",
         "dangerous_challenges", "harmful_substances")
SERVICE_KINDS = ("forum", "social", "chat", "file_sharing", "adult", "search", "dating",
                 "gaming", "other")
REGIMES = ("u2u", "search", "part5")
FUNCTIONALITIES = ("profiles", "connections", "suggestions", "connection_lists", "dm",
                   "group_chat", "file_upload", "image_sharing", "video_sharing", "livestream",
                   "anonymous_posting", "search", "feed", "comments", "adult_section")
UK_LINKS = ("uk_domain", "gbp_prices", "uk_address", "uk_phone", "en_gb")
AGE_GATE_TYPES = ("none", "self_declaration", "dob_entry", "third_party", "login_wall")
AGE_METHODS = ("facial_estimation", "photo_id_liveness", "photo_id_no_liveness", "credit_card",
               "debit_card", "open_banking", "mobile_operator", "digital_identity",
               "email_estimation", "self_declaration", "dob_entry")
REPORT_CATEGORIES = ("illegal", "child_safety", "intimate_image", "hate", "harassment",
                     "self_harm", "spam", "other")

#: Words a ``note`` may start with; free text may follow after ": ".
NOTES = ("bot_wall", "geo_blocked", "needs_accounts", "forms_not_allowed", "not_found",
         "timeout", "unreachable", "robots_disallowed", "error", "probe_error", "login_required",
         "captcha", "not_applicable", "budget_exhausted", "not_run", "not_tested",
         "inferred", "axe")


@dataclass(frozen=True)
class SignalSpec:
    name: str           # "probe.signal"
    kind: str           # bool | number | url | enum | list | hash | date | text
    choices: tuple[str, ...] = ()   # allowed words for enum and (when non-empty) list
    doc: str = ""

    @property
    def probe(self) -> str:
        return self.name.split(".", 1)[0]


def _specs() -> dict[str, SignalSpec]:
    out: dict[str, SignalSpec] = {}

    def add(probe: str, names: str, kind: str, choices: tuple[str, ...] = (), doc: str = ""):
        for n in names.split():
            out[f"{probe}.{n}"] = SignalSpec(f"{probe}.{n}", kind, choices, doc)

    add("discovery", "home_url terms_url guidelines_url privacy_url report_url complaints_url "
        "contact_url signup_url login_url", "url")
    add("discovery", "robots", "enum", ("allowed", "disallowed", "absent"))
    add("discovery", "bot_wall geo_blocked", "bool")
    add("discovery", "mirror_urls", "list")

    add("terms", "reachable_logged_out prohibits_illegal illegal_content_protection reporting "
        "complaints proactive_tech hash_matching_csam hash_matching_iia url_list_detection "
        "age_assurance adult_content_allowed iia_48h", "bool")
    add("terms", "clicks_from_home min_age min_age_uk reading_grade a11y_violations", "number")
    add("terms", "text_sha256", "hash")
    add("terms", "harms_covered", "list", HARMS)
    add("terms", "last_updated", "date")

    add("reporting", "item_control logged_out free_text attachments keyboard complaints_route "
        "appeals_route pre_submit_info timeframe_stated outcomes_stated opt_out iia_route", "bool")
    add("reporting", "steps a11y_violations", "number")
    add("reporting", "categories", "list", REPORT_CATEGORIES)
    add("reporting", "barrier", "enum", ("none", "captcha", "login"))

    add("age_gate", "type", "enum", AGE_GATE_TYPES)
    add("age_gate", "types", "list", AGE_GATE_TYPES)
    add("age_gate", "methods", "list", AGE_METHODS)
    add("age_gate", "providers", "list")
    add("age_gate", "provider_methods", "list", AGE_METHODS)   # what those providers offer
    add("age_gate", "bypass_deep_url content_behind_gate holds_without_js regates_new_session "
        "underage_remembered dismissible circumvention_advice appeal_route", "bool")
    add("age_gate", "statement_url", "url")

    add("signup", "asks_age neutral_age_screen terms_acceptance email_verification captcha "
        "underage_retry", "bool")
    add("signup", "underage_outcome", "enum", ("blocked", "accepted", "accepted_restricted",
                                               "not_tested"))
    add("signup", "lowest_age_accepted", "number")
    add("signup", "child_defaults", "list")

    add("messaging", "dm_available visitor_sees_message_button child_in_suggestions "
        "child_in_search child_connections_visible location_shown block_control mute_control "
        "disable_comments_control report_in_conversation group_invite_needs_acceptance "
        "child_support_prompts", "bool")
    add("messaging", "unknown_adult_can_dm_child", "enum",
        ("true", "false", "request_only", "not_tested"))
    add("messaging", "child_dm_default", "enum",
        ("everyone", "connections", "nobody", "not_tested"))

    add("profile", "functionalities", "list", FUNCTIONALITIES)
    add("profile", "service_kind", "enum", SERVICE_KINDS)
    add("profile", "regime", "list", REGIMES)
    add("profile", "uk_links", "list", UK_LINKS)
    add("profile", "ages_on_profiles adult_content suggestion_reports", "bool")
    add("profile", "platform platform_version", "text",
        doc="community software recognised (lower-case key of probes/platforms.toml) and its "
            "version; empty when none is recognised")
    return out


SIGNALS: dict[str, SignalSpec] = _specs()
PROBES: tuple[str, ...] = ("discovery", "terms", "reporting", "age_gate", "signup", "messaging",
                           "profile")

_SHA256 = re.compile(r"^[0-9a-f]{64}$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class SignalError(ValueError):
    """An observation names an unknown signal or carries a value of the wrong type."""


def signals_of(probe: str) -> list[str]:
    return [name for name, spec in SIGNALS.items() if spec.probe == probe]


def check(signal: str, value: object) -> None:
    """Raise :class:`SignalError` unless ``value`` fits the registered type of ``signal``."""
    spec = SIGNALS.get(signal)
    if spec is None:
        raise SignalError(f"unregistered signal {signal!r}; add it to auditor/signals.py")
    if value is None:
        return
    bad = SignalError(f"{signal}: {value!r} is not a valid {spec.kind}"
                      + (f" (one of {', '.join(spec.choices)})" if spec.choices else ""))
    k = spec.kind
    if k == "bool":
        if not isinstance(value, bool):
            raise bad
    elif k == "number":
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise bad
    elif k == "url":
        if not isinstance(value, str) or not re.match(r"^https?://", value):
            raise bad
    elif k == "enum":
        if value not in spec.choices:
            raise bad
    elif k == "list":
        if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
            raise bad
        if spec.choices and any(v not in spec.choices for v in value):
            raise bad
        if any(";" in v for v in value):
            raise bad
    elif k == "hash":
        if not isinstance(value, str) or not _SHA256.match(value):
            raise bad
    elif k == "date":
        if not isinstance(value, str) or not _DATE.match(value):
            raise bad
    elif k == "text":
        if not isinstance(value, str):
            raise bad


def to_cell(value: object) -> str:
    """CONTRACT.md row conventions: booleans true/false, lists ;-separated, empty for None."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return ";".join(str(v) for v in value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def from_cell(signal: str, cell: str) -> object:
    """Inverse of :func:`to_cell` for a registered signal (used by rescore and reports)."""
    spec = SIGNALS[signal]
    if cell is None or cell == "":
        return None
    if spec.kind == "bool":
        return cell == "true"
    if spec.kind == "number":
        f = float(cell)
        return int(f) if f.is_integer() else f
    if spec.kind == "list":
        return [v for v in cell.split(";") if v]
    return cell
