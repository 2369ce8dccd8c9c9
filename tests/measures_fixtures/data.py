"""Observation sets and targets for the measures tests: everything is built from plain data.

``GOOD`` is a service that does everything the catalogue looks for; ``CASES`` says, for each
measure, how to make it applicable (target and observation overrides) and what breaks it.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from auditor.model import RISK_KINDS, Observation, Target
from auditor.signals import FUNCTIONALITIES, HARMS

ON = date(2026, 10, 1)          # every measure of the catalogue but the old ICU G1 is in force
BEFORE_48H = date(2026, 6, 28)  # the last day of the first ICU G1 and before OSA s20A

ALL_HIGH = {k: "high" for k in RISK_KINDS}
ALL_LOW = {k: "low" for k in RISK_KINDS}

TARGET = Target(id="svc", name="Service", url="https://svc.example", service_kind="forum",
                regime=("u2u",), size_band="over_7m", risk_levels=dict(ALL_HIGH),
                likely_accessed_by_children=True, accounts="personas", allow_forms=True)

GOOD: dict[str, object] = {
    "discovery.report_url": "https://svc.example/report",
    "discovery.complaints_url": "https://svc.example/complaints",
    "discovery.terms_url": "https://svc.example/terms",
    "reporting.item_control": True, "reporting.logged_out": True, "reporting.free_text": True,
    "reporting.attachments": True, "reporting.keyboard": True,
    "reporting.complaints_route": True, "reporting.appeals_route": True,
    "reporting.pre_submit_info": True, "reporting.timeframe_stated": True,
    "reporting.outcomes_stated": True, "reporting.opt_out": True, "reporting.iia_route": True,
    "reporting.steps": 3, "reporting.barrier": "none",
    "reporting.categories": ["illegal", "child_safety", "intimate_image", "other"],
    "terms.reachable_logged_out": True, "terms.clicks_from_home": 1,
    "terms.illegal_content_protection": True, "terms.prohibits_illegal": True,
    "terms.harms_covered": list(HARMS), "terms.complaints": True, "terms.proactive_tech": True,
    "terms.hash_matching_csam": True, "terms.hash_matching_iia": True,
    "terms.url_list_detection": True, "terms.age_assurance": True, "terms.iia_48h": True,
    "terms.reading_grade": 7.5, "terms.min_age": 13,
    "age_gate.type": "third_party", "age_gate.methods": ["facial_estimation", "open_banking"],
    "age_gate.content_behind_gate": False, "age_gate.dismissible": False,
    "age_gate.bypass_deep_url": False, "age_gate.holds_without_js": True,
    "age_gate.regates_new_session": True, "age_gate.circumvention_advice": False,
    "age_gate.appeal_route": True, "age_gate.statement_url": "https://svc.example/age-assurance",
    "signup.asks_age": True,
    "messaging.unknown_adult_can_dm_child": "request_only",
    "messaging.child_dm_default": "connections", "messaging.child_in_suggestions": False,
    "messaging.child_in_search": False, "messaging.child_connections_visible": False,
    "messaging.location_shown": False, "messaging.block_control": True,
    "messaging.mute_control": True, "messaging.disable_comments_control": True,
    "messaging.group_invite_needs_acceptance": True, "messaging.child_support_prompts": True,
    "profile.functionalities": list(FUNCTIONALITIES), "profile.adult_content": True,
    "profile.suggestion_reports": True,
}

NOT_FOUND = object()   # marker: the value is empty with the note ``not_found``


def obs(values: dict[str, object], *, note: str = "", evidence: bool = True) -> list[Observation]:
    """Observations for ``values`` (``None`` values get ``note``; NOT_FOUND gets not_found)."""
    out = []
    for sig, v in values.items():
        probe = sig.split(".", 1)[0]
        n = ""
        if v is NOT_FOUND:
            v, n = None, "not_found"
        elif v is None:
            n = note or "timeout"
        ev = [f"ev-{sig}"] if evidence else []
        out.append(Observation(probe, sig, v, 1.0, n, "https://svc.example/", ev))
    return out


def merged(*dicts: dict[str, object]) -> dict[str, object]:
    out: dict[str, object] = {}
    for d in dicts:
        out.update(d)
    return out


def target(**changes: object) -> Target:
    return replace(TARGET, **changes)


SMALL_NOT_MULTI = {"size_band": "under_700k", "risk_levels": dict(ALL_LOW)}
SEARCH = {"service_kind": "search", "regime": ("search",)}
PUBLISHER = {"service_kind": "adult", "regime": ("part5",)}

NO_REPORTING = {"reporting.item_control": False, "discovery.report_url": NOT_FOUND,
                "reporting.complaints_route": False, "discovery.complaints_url": NOT_FOUND,
                "terms.complaints": False, "reporting.appeals_route": False,
                "reporting.logged_out": False}
HARD_REPORTING = {"reporting.item_control": False, "reporting.steps": 9,
                  "reporting.free_text": False, "reporting.keyboard": False}
BAD_TERMS_ACCESS = {"discovery.terms_url": NOT_FOUND, "terms.reachable_logged_out": False}
WEAK_GATE = {"age_gate.type": "self_declaration", "age_gate.methods": ["self_declaration"],
             "age_gate.content_behind_gate": True, "age_gate.dismissible": True,
             "age_gate.bypass_deep_url": True, "age_gate.holds_without_js": False}

#: Measures that can never be more than ``applies_if_assessed`` from outside.
ALWAYS_IF_ASSESSED = {"PCU B5", "ICS C8"}

#: Disclosure-only measures: their "bad" overrides (no disclosure found) give not_observable
#: with the note code ``not_disclosed``, never not_met.
DISCLOSURE_ONLY = {"ICU C9", "ICU C10", "ICU C14", "ICS C8"}

#: measure id -> (target changes, not_met observation overrides); an applicable, observable
#: GOOD service meets every measure but the internal-process ones (None below).  For the
#: DISCLOSURE_ONLY measures the overrides are "no disclosure found" (not_observable).
CASES: dict[str, tuple[dict, dict | None]] = {
    "ICU C1": ({}, None),
    "ICU C2": ({}, None),
    "ICU C9": ({}, {"terms.hash_matching_csam": False}),
    "ICU C10": ({}, {"terms.url_list_detection": False}),
    "ICU C14": ({}, {"terms.hash_matching_iia": False}),
    "ICU D1": ({}, NO_REPORTING),
    "ICU D2": ({}, HARD_REPORTING),
    "ICU D3": ({}, {"reporting.pre_submit_info": False}),
    "ICU D4": ({}, {"reporting.timeframe_stated": False}),
    "ICU D5": ({}, {"reporting.outcomes_stated": False}),
    "ICU D6": ({}, {"reporting.opt_out": False}),
    "ICU D8": ({}, {"reporting.appeals_route": False, "reporting.timeframe_stated": False}),
    "ICU D9": (SMALL_NOT_MULTI, {"reporting.appeals_route": False}),
    "ICU D11": ({}, {"reporting.appeals_route": False, "reporting.complaints_route": False}),
    "ICU D12": ({}, {"reporting.complaints_route": False, "terms.complaints": False}),
    "ICU F1": ({}, {"messaging.unknown_adult_can_dm_child": "true",
                    "messaging.child_in_suggestions": True,
                    "messaging.child_connections_visible": True,
                    "messaging.location_shown": True}),
    "ICU F2": ({}, {"messaging.child_support_prompts": False}),
    "ICU G1": ({}, {"terms.illegal_content_protection": False, "terms.prohibits_illegal": False,
                    "terms.harms_covered": ["fraud"], "terms.complaints": False,
                    "terms.iia_48h": False}),
    "ICU G3": ({}, BAD_TERMS_ACCESS),
    "ICU J1": ({}, {"messaging.block_control": False, "messaging.mute_control": False}),
    "ICU J2": ({}, {"messaging.disable_comments_control": False}),
    "PCU B1": ({}, {"age_gate.methods": ["self_declaration", "debit_card"],
                    "age_gate.dismissible": True, "age_gate.bypass_deep_url": True}),
    "PCU B2": ({"service_kind": "adult"}, {"age_gate.type": "none"}),
    "PCU B3": ({}, WEAK_GATE),
    "PCU B4": ({}, {"age_gate.type": "none"}),
    "PCU B5": ({}, WEAK_GATE),
    "PCU C2": ({}, {"age_gate.content_behind_gate": True}),
    "PCU D1": ({}, NO_REPORTING),
    "PCU D2": ({}, HARD_REPORTING),
    "PCU D11": ({}, {"age_gate.appeal_route": False}),
    "PCU D12": (SMALL_NOT_MULTI, {"age_gate.appeal_route": False}),
    "PCU D13": ({}, {"reporting.complaints_route": False, "terms.complaints": False}),
    "PCU F": ({}, {"messaging.group_invite_needs_acceptance": False,
                   "messaging.child_support_prompts": False}),
    "PCU G1": ({}, {"terms.harms_covered": ["fraud"], "terms.age_assurance": False,
                    "terms.complaints": False}),
    "PCU G3": ({}, merged(BAD_TERMS_ACCESS, {"terms.reading_grade": 14.0})),
    "PCU J": ({}, {"messaging.block_control": False, "messaging.mute_control": False,
                   "messaging.disable_comments_control": False}),
    "ICS D": (SEARCH, NO_REPORTING),
    "ICS suggestions": (SEARCH, {"profile.suggestion_reports": False}),
    "ICS statement": (SEARCH, {"terms.reachable_logged_out": False,
                               "terms.illegal_content_protection": False}),
    "ICS C8": (SEARCH, {"terms.hash_matching_iia": False}),
    "Part5 s81": (PUBLISHER, merged(WEAK_GATE, {"age_gate.methods":
                                                ["self_declaration", "debit_card"]})),
    "Part5 s81 no-exposure": (PUBLISHER, WEAK_GATE),
    "Part5 s81 statement": (PUBLISHER, {"age_gate.statement_url": NOT_FOUND}),
    "Part5 s81 circumvention": (PUBLISHER, {"age_gate.circumvention_advice": True}),
    "OSA s20": ({}, {"reporting.item_control": False, "discovery.report_url": NOT_FOUND,
                     "reporting.logged_out": False, "reporting.barrier": "login"}),
    "OSA s20A": ({}, {"reporting.iia_route": False, "reporting.categories": ["other"],
                      "terms.iia_48h": False}),
}
