"""The service profile and applicability: analyst values win, inference is labelled, size and
the provider's risk assessment are never claimed as seen; dates in force."""

from __future__ import annotations

from datetime import date

import pytest
from measures_fixtures.data import GOOD, ON, obs, target

from auditor.measures import build_profile, load_catalogue, score_target
from auditor.measures.applicability import evaluate
from auditor.measures.judgements import (
    gate_highly_effective,
    methods_highly_effective,
    readable_for,
    weak_methods,
    youngest_user,
)
from auditor.model import RISK_KINDS

CAT = load_catalogue()

PLAIN = target(service_kind=None, regime=(), size_band=None, risk_levels={},
               likely_accessed_by_children=None)


def applicability(mid, t, values, on=ON):
    m = CAT.get(mid, on)
    p = build_profile(t, obs(values))
    return evaluate(m.applies_to, CAT.regimes(m), p, CAT.harms(m))


# --- profile --------------------------------------------------------------------------------

def test_profile_from_observations_alone():
    p = build_profile(PLAIN, obs({"profile.service_kind": "social",
                                  "profile.regime": ["u2u"],
                                  "profile.functionalities": ["dm", "connections",
                                                              "suggestions"],
                                  "age_gate.type": "none"}))
    assert (p.service_kind.value, p.service_kind.source) == ("social", "observed")
    assert p.service_kind.evidence == ("ev-profile.service_kind",)
    assert (p.regime.value, p.regime.source) == (["u2u"], "observed")
    assert (p.size_band.value, p.size_band.source) == (None, "unknown")
    assert p.risk("grooming").value == "high" and p.risk("grooming").source == "inferred"
    assert "dm" in p.risk("grooming").reason
    assert p.risk("terrorism").source == "unknown"
    lac = p.likely_accessed_by_children
    assert (lac.value, lac.source) == (True, "inferred")
    assert "Ofcom expects" in lac.reason


def test_analyst_values_override_observations():
    t = target(service_kind="chat", regime=("u2u", "search"), size_band="700k_to_7m",
               risk_levels={"grooming": "low"}, likely_accessed_by_children=False)
    p = build_profile(t, obs({"profile.service_kind": "forum", "profile.regime": ["u2u"],
                              "profile.functionalities": ["dm", "connections", "suggestions"]}))
    assert (p.service_kind.value, p.service_kind.source) == ("chat", "analyst")
    assert p.regime.value == ["u2u", "search"]
    assert (p.size_band.value, p.size_band.source) == ("700k_to_7m", "analyst")
    assert (p.risk("grooming").value, p.risk("grooming").source) == ("low", "analyst")
    assert p.likely_accessed_by_children.value is False
    assert p.likely_accessed_by_children.source == "analyst"


def test_kind_and_regime_inferred_when_nothing_given():
    p = build_profile(PLAIN, [])
    assert (p.service_kind.value, p.service_kind.source) == ("other", "inferred")
    assert (p.regime.value, p.regime.source) == (["u2u"], "inferred")
    p = build_profile(target(service_kind="adult", regime=()),
                      obs({"profile.functionalities": ["video_sharing"]}))
    assert p.regime.value == ["u2u", "part5"]
    p = build_profile(target(service_kind="search", regime=()), [])
    assert p.regime.value == ["search"]


def test_adult_content_from_terms_or_sections():
    p = build_profile(PLAIN, obs({"terms.adult_content_allowed": True}))
    assert p.adult_content.value is True
    p = build_profile(PLAIN, obs({"profile.functionalities": ["adult_section"]}))
    assert p.adult_content.value is True
    p = build_profile(PLAIN, obs({"profile.adult_content": False,
                                  "terms.adult_content_allowed": False}))
    assert p.adult_content.value is False
    assert build_profile(PLAIN, []).adult_content.source == "unknown"


def test_heaa_at_entry_of_adult_service_means_not_likely_accessed():
    values = {k: v for k, v in GOOD.items() if k.startswith("age_gate.")}
    p = build_profile(target(service_kind="adult", likely_accessed_by_children=None),
                      obs(values))
    assert p.heaa.value is True
    assert p.likely_accessed_by_children.value is False
    assert p.likely_accessed_by_children.source == "inferred"


def test_self_declaration_means_likely_accessed():
    p = build_profile(target(service_kind="adult", likely_accessed_by_children=None),
                      obs({"age_gate.type": "self_declaration",
                           "age_gate.methods": ["self_declaration"],
                           "terms.min_age": 18}))
    assert p.heaa.value is False
    assert p.likely_accessed_by_children.value is True
    assert "18+ rule" in p.likely_accessed_by_children.reason


def test_profile_records_and_plain_data():
    p = build_profile(PLAIN, obs({"profile.functionalities": ["dm"]}))
    rows = p.records()
    assert {r["field"] for r in rows} >= {"service_kind", "size_band", "risk.grooming"}
    d = p.to_dict()
    assert d["service_kind"]["source"] == "inferred"
    assert d["risk_factors"]["value"] == ["dm"]


# --- judgements -----------------------------------------------------------------------------

@pytest.mark.parametrize("methods,ok", [
    (["facial_estimation"], True), (["credit_card", "open_banking"], True),
    (["self_declaration"], False), (["dob_entry"], False), (["debit_card"], False),
    (["photo_id_no_liveness"], False), (["photo_id_liveness", "debit_card"], False),
    ([], False), (None, None)])
def test_methods_highly_effective(methods, ok):
    assert methods_highly_effective(methods) is ok


def test_gate_judgement():
    assert gate_highly_effective("third_party", ["facial_estimation"], False, False, True)
    assert gate_highly_effective("third_party", ["facial_estimation"], True, False, True) is False
    assert gate_highly_effective("login_wall", None) is False
    assert gate_highly_effective("third_party", ["facial_estimation"]) is None
    assert weak_methods(["debit_card", "credit_card"]) == ["debit card"]


def test_readability():
    assert youngest_user(None, None) == (13, True)
    assert youngest_user(16, 18) == (18, False)
    assert readable_for(8, 13) is True
    assert readable_for(9, 13) is False
    assert readable_for(12, 18) is True
    assert readable_for(None, 13) is None


# --- applicability: size bands and risk -----------------------------------------------------

@pytest.mark.parametrize("size,kind,expected", [
    ("under_700k", "forum", "not_applicable"),
    ("700k_to_7m", "forum", "applies"),
    ("over_7m", "forum", "applies"),
    ("under_700k", "file_sharing", "applies"),
    (None, "forum", "applies_if_assessed"),
    (None, "file_sharing", "applies"),
])
def test_c9_size_bands(size, kind, expected):
    t = target(size_band=size, service_kind=kind, risk_levels={"csam_image": "high"})
    app, reason, _ = applicability("ICU C9", t, {})
    assert app == expected, reason


def test_c9_medium_risk_needs_large():
    t = target(size_band="700k_to_7m", risk_levels={"csam_image": "medium"})
    assert applicability("ICU C9", t, {})[0] == "not_applicable"
    t = target(size_band="over_7m", risk_levels={"csam_image": "medium"})
    assert applicability("ICU C9", t, {})[0] == "applies"


@pytest.mark.parametrize("size,expected", [("under_700k", "not_applicable"),
                                           ("700k_to_7m", "not_applicable"),
                                           ("over_7m", "applies"),
                                           (None, "applies_if_assessed")])
def test_j1_large_services_only(size, expected):
    t = target(size_band=size)
    assert applicability("ICU J1", t, {})[0] == expected


def test_size_unknown_says_so():
    app, reason, _ = applicability("ICU J1", target(size_band=None), {})
    assert app == "applies_if_assessed"
    assert "over 7m monthly UK users" in reason and "not observable" in reason


def test_csam_image_and_url_alone_are_not_multi_risk():
    # ICU 5.6: the CSEA sub-rows are not counted a second time
    lows = {k: "low" for k in RISK_KINDS}
    t = target(size_band="under_700k",
               risk_levels={**lows, "csam_image": "medium", "csam_url": "medium"})
    app, reason, _ = applicability("ICU D8", t, {})
    assert app == "not_applicable", reason
    assert "fewer than two kinds" in reason
    assert applicability("ICU D9", t, {})[0] == "applies"
    t = target(size_band="under_700k",
               risk_levels={**lows, "grooming": "high", "csam_image": "high",
                            "csam_url": "medium"})
    assert applicability("ICU D8", t, {})[0] == "not_applicable"


def test_csea_with_another_kind_is_multi_risk():
    lows = {k: "low" for k in RISK_KINDS}
    t = target(size_band="under_700k", risk_levels={**lows, "csam_image": "medium",
                                                    "csam_url": "high", "fraud": "medium"})
    app, reason, _ = applicability("ICU D8", t, {})
    assert app == "applies", reason
    assert "CSEA (csam_image, csam_url)" in reason and "fraud" in reason
    assert applicability("ICU D9", t, {})[0] == "not_applicable"


def test_csea_rows_alone_do_not_make_multi_risk_from_partial_data():
    t = target(size_band="under_700k", risk_levels={"csam_image": "medium",
                                                    "csam_url": "medium"})
    assert applicability("ICU D8", t, {})[0] == "applies_if_assessed"
    assert applicability("ICU D9", t, {})[0] == "applies_if_assessed"


def test_csea_rows_still_count_for_any_kind_of_harm():
    lows = {k: "low" for k in RISK_KINDS}
    t = target(size_band="under_700k", risk_levels={**lows, "csam_url": "medium"})
    assert applicability("ICU D4", t, {})[0] == "applies"


def test_d8_d9_split_by_size_and_multi_risk():
    small = target(size_band="under_700k", risk_levels={"hate": "high", "fraud": "medium"})
    assert applicability("ICU D8", small, {})[0] == "applies"
    assert applicability("ICU D9", small, {})[0] == "not_applicable"
    large = target(size_band="over_7m", risk_levels={})
    assert applicability("ICU D8", large, {})[0] == "applies"
    assert applicability("ICU D9", large, {})[0] == "not_applicable"


def test_grooming_factors_make_f1_probably_apply():
    t = target(size_band=None, risk_levels={})
    values = {"profile.functionalities": ["dm", "connections", "suggestions"],
              "signup.asks_age": True}
    app, reason, ev = applicability("ICU F1", t, values)
    assert app == "probably_applies"
    assert "grooming risk factors seen" in reason and "dm" in reason
    assert "ev-profile.functionalities" in ev


def test_analyst_low_grooming_rules_f1_out_despite_factors():
    t = target(size_band="over_7m", risk_levels={"grooming": "low"})
    values = {"profile.functionalities": ["dm", "connections", "suggestions"],
              "signup.asks_age": True}
    assert applicability("ICU F1", t, values)[0] == "not_applicable"


def test_no_factors_means_applies_if_assessed():
    t = target(size_band=None, risk_levels={})
    app, reason, _ = applicability("ICU F1", t, {"signup.asks_age": True})
    assert app == "applies_if_assessed"
    assert "if the provider assessed grooming risk as high" in reason


def test_f1_needs_a_means_of_determining_age():
    t = target(risk_levels={"grooming": "high"})
    assert applicability("ICU F1", t, {"signup.asks_age": True})[0] == "applies"
    assert applicability("ICU F1", t, {"age_gate.type": "dob_entry"})[0] == "applies"
    assert applicability("ICU F1", t, {})[0] == "applies_if_assessed"


@pytest.mark.parametrize("mid", ["ICU F1", "ICU F2"])
def test_no_age_asked_is_not_no_means_of_determining_age(mid):
    # ages worked out by other means cannot be seen, so "no age asked" is never not_applicable
    t = target(risk_levels={"grooming": "high"})
    app, reason, ev = applicability(mid, t, {"signup.asks_age": False, "age_gate.type": "none",
                                             "profile.ages_on_profiles": False})
    assert app == "applies_if_assessed", reason
    assert "no age asked at signup" in reason and "cannot be seen from outside" in reason
    assert "ev-signup.asks_age" in ev
    p = build_profile(t, obs({"signup.asks_age": False, "age_gate.type": "none"}))
    assert p.age_means.value is None


@pytest.mark.parametrize("mid", ["ICU F1", "ICU F2"])
def test_ages_on_profiles_are_a_means_of_determining_age(mid):
    t = target(risk_levels={"grooming": "high"})
    values = {"signup.asks_age": False, "age_gate.type": "none",
              "profile.ages_on_profiles": True}
    app, reason, ev = applicability(mid, t, values)
    assert app == "applies", reason
    assert "ages shown on profiles" in reason
    assert "ev-profile.ages_on_profiles" in ev


def test_teen_chat_without_signup_age_but_ages_on_profiles_gets_f1():
    chat = target(service_kind="chat", size_band=None, risk_levels={},
                  likely_accessed_by_children=None)
    values = {"signup.asks_age": False, "age_gate.type": "none",
              "profile.ages_on_profiles": True,
              "profile.functionalities": ["profiles", "dm", "group_chat", "connections"]}
    p = build_profile(chat, obs(values))
    assert (p.age_means.value, p.age_means.source) == (True, "observed")
    assert p.risk("grooming").value == "high"
    for mid in ("ICU F1", "ICU F2"):
        app, reason, _ = applicability(mid, chat, values)
        assert app == "probably_applies", reason
        assert "grooming risk factors seen" in reason


def test_children_code_needs_likely_accessed():
    assert applicability("PCU D1", target(likely_accessed_by_children=False), {})[0] \
        == "not_applicable"
    assert applicability("PCU D1", target(likely_accessed_by_children=True), {})[0] == "applies"
    app, reason, _ = applicability("PCU D1", target(likely_accessed_by_children=None), {})
    assert app == "probably_applies"
    assert "likely accessed by children" in reason


def test_regime_rules_out_other_codes():
    assert applicability("ICS D", target(), {})[0] == "not_applicable"
    assert applicability("ICU D1", target(regime=("search",)), {})[0] == "not_applicable"
    assert applicability("OSA s20", target(regime=("search",)), {})[0] == "applies"
    assert applicability("OSA s20A", target(regime=("search",)), {})[0] == "not_applicable"
    assert applicability("Part5 s81", target(regime=("part5",)), {})[0] == "applies"


def test_b2_principal_purpose():
    assert applicability("PCU B2", target(service_kind="adult"), {})[0] == "applies"
    forum = target(service_kind="forum", risk_levels={})
    app, reason, _ = applicability("PCU B2", forum, {})
    assert app == "not_applicable"
    assert "target list" in reason
    suicide = target(service_kind="forum", risk_levels={"suicide_self_harm": "high"})
    assert applicability("PCU B2", suicide, {})[0] == "applies"


def test_b4_not_for_principal_purpose_services():
    values = {"profile.adult_content": True}
    assert applicability("PCU B4", target(service_kind="forum"), values)[0] == "applies"
    assert applicability("PCU B4", target(service_kind="adult"), values)[0] == "not_applicable"
    assert applicability("PCU B4", target(service_kind="forum"),
                         {"profile.adult_content": False,
                          "terms.adult_content_allowed": False})[0] == "not_applicable"


# --- dates in force -------------------------------------------------------------------------

def ids_on(day):
    return {v.measure_id for v in score_target(target(), [], "ok", CAT, day)}


def test_c14_in_force_from_30_september_2026():
    assert "ICU C14" not in ids_on(date(2026, 9, 29))
    assert "ICU C14" in ids_on(date(2026, 9, 30))


def test_ics_c8_in_force_from_30_september_2026():
    assert "ICS C8" not in ids_on(date(2026, 9, 29))
    assert "ICS C8" in ids_on(date(2026, 9, 30))


def test_ics_c8_for_search_services_only_and_never_more_than_if_assessed():
    search = target(service_kind="search", regime=("search",))
    app, reason, _ = applicability("ICS C8", search, {})
    assert app == "applies_if_assessed"
    assert "image search" in reason
    assert applicability("ICS C8", target(), {})[0] == "not_applicable"


def test_s20a_in_force_from_29_june_2026():
    assert "OSA s20A" not in ids_on(date(2026, 6, 28))
    assert "OSA s20A" in ids_on(date(2026, 6, 29))


def test_children_code_from_25_july_2025_and_part5_earlier():
    assert not any(i.startswith("PCU") for i in ids_on(date(2025, 7, 24)))
    assert "PCU D1" in ids_on(date(2025, 7, 25))
    assert "Part5 s81" in ids_on(date(2025, 1, 17))
    assert "ICU D1" not in ids_on(date(2025, 3, 16))
    assert ids_on(date(2024, 12, 1)) == set()


def test_until_is_inclusive_and_one_entry_per_day():
    old = [m for m in CAT.measures if m.id == "ICU G1"]
    assert len(old) == 2
    assert [m.id for m in CAT.in_force(date(2026, 6, 28))].count("ICU G1") == 1
    assert CAT.get("ICU G1", date(2026, 6, 28)).in_force_until == date(2026, 6, 28)
    assert CAT.get("ICU G1", date(2026, 6, 29)).params == {"iia_48h": True}


def test_edition_for():
    assert CAT.edition_for(date(2024, 1, 1)) == "none"
    assert CAT.edition_for(date(2025, 2, 1)) == "2025-01-17"
    assert CAT.edition_for(date(2025, 8, 1)) == "2025-07-25"
    assert CAT.edition_for(date(2026, 7, 1)) == "2026-06-29"
    assert CAT.edition_for(date(2026, 9, 30)) == "2026-09-30"
    assert CAT.edition_for(date(2030, 1, 1)) == "2026-09-30"
