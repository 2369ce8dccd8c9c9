"""Scoring end to end on plain data: outcomes, evidence, rescore across an edition change,
verdicts.csv, and the triage ranking."""

from __future__ import annotations

import csv
from datetime import date

import pytest
from measures_fixtures.data import BEFORE_48H, GOOD, NOT_FOUND, ON, merged, obs, target

from auditor.measures import (
    build_profile,
    load_catalogue,
    observations_from_rows,
    rescore,
    score_target,
    triage,
    verdicts_filename,
    write_verdicts_csv,
)
from auditor.measures.facts import Facts, UndeclaredSignal
from auditor.model import OUTCOMES, STATUSES, Observation
from auditor.signals import to_cell

CAT = load_catalogue()


def test_one_verdict_per_measure_in_force():
    vs = score_target(target(), obs(GOOD), "ok", CAT, ON)
    assert [v.measure_id for v in vs] == [m.id for m in CAT.in_force(ON)]
    assert all(v.status in STATUSES for v in vs)
    assert {v.edition for v in vs} == {CAT.edition_for(ON)}
    na = [v for v in vs if v.applicability == "not_applicable"]
    assert na and all(v.status == "not_applicable" for v in na)
    assert all(v.reason.startswith("Not applicable") for v in na)


@pytest.mark.parametrize("outcome", [o for o in OUTCOMES if o != "ok"])
def test_non_ok_outcome_is_never_met_or_not_met(outcome):
    vs = score_target(target(), obs(GOOD), outcome, CAT, ON)
    for v in vs:
        assert v.status in ("not_observable", "not_applicable")
        if v.status == "not_observable":
            assert v.reason.startswith(outcome + ":")


def test_undecided_observations_never_count():
    values = {k: None for k in GOOD}
    for note in ("bot_wall", "timeout", "forms_not_allowed", "login_required"):
        vs = score_target(target(), obs(values, note=note), "ok", CAT, ON)
        assert {v.status for v in vs} <= {"not_observable", "not_applicable"}


def test_no_observations_at_all():
    vs = score_target(target(), [], "ok", CAT, ON)
    assert {v.status for v in vs} <= {"not_observable", "not_applicable", "not_met"}
    # absent URLs are findings only when the probe said not_found; nothing ran here
    assert all(v.status != "not_met" for v in vs)


def test_not_found_urls_are_findings():
    values = merged(GOOD, {"discovery.report_url": NOT_FOUND, "reporting.item_control": False})
    v = next(v for v in score_target(target(), obs(values), "ok", CAT, ON)
             if v.measure_id == "OSA s20")
    assert v.status == "not_met"          # a report page looked for and not found is a finding
    assert "no way to report content" in v.reason.lower()


def test_evidence_ids_are_those_of_the_signals_read():
    vs = score_target(target(), obs(GOOD), "ok", CAT, ON)
    d3 = next(v for v in vs if v.measure_id == "ICU D3")
    assert d3.evidence == ["ev-reporting.pre_submit_info"]


def test_checks_cannot_read_undeclared_signals():
    f = Facts(obs({"reporting.item_control": True, "reporting.keyboard": True}))
    view = f.restricted(["reporting.item_control"])
    assert view.value("reporting.item_control") is True
    with pytest.raises(UndeclaredSignal):
        view.value("reporting.keyboard")


def test_all_checks_run_without_reading_undeclared_signals():
    for day in (BEFORE_48H, ON):
        for changes in ({}, {"service_kind": "search", "regime": ("search",)},
                        {"service_kind": "adult", "regime": ("part5", "u2u")}):
            score_target(target(**changes), obs(GOOD), "ok", CAT, day)


# --- rescore across an edition change -------------------------------------------------------

def run_data():
    t1 = target(id="alpha")
    t2 = target(id="beta", accounts=None, allow_forms=False)   # no accounts, none made
    values = merged(GOOD, {"terms.iia_48h": False, "reporting.iia_route": False})
    rows = [("alpha", o) for o in obs(values)] + [("beta", o) for o in obs(GOOD)]
    return [t1, t2], rows


def test_rescore_across_an_edition_change(tmp_path):
    targets, rows = run_data()
    outcomes = {"alpha": "ok", "beta": "ok"}
    old = rescore(rows, targets, outcomes, CAT, BEFORE_48H)
    new = rescore(rows, targets, outcomes, CAT, date(2026, 7, 1))
    assert {v.edition for v in old} == {"2025-07-25"}
    assert {v.edition for v in new} == {"2026-06-29"}

    def status(vs, tid, mid):
        return next((v.status for v in vs if v.target_id == tid and v.measure_id == mid), None)

    assert status(old, "alpha", "OSA s20A") is None
    assert status(new, "alpha", "OSA s20A") == "not_met"
    assert status(old, "alpha", "ICU G1") == "met"
    assert status(new, "alpha", "ICU G1") == "partly_met"
    assert status(new, "beta", "ICU G1") == "met"
    assert status(new, "beta", "ICU F1") == "not_observable"
    assert [v.target_id for v in new][0] == "alpha"

    path = tmp_path / verdicts_filename(date(2026, 7, 1))
    assert path.name == "verdicts-2026-07-01.csv"
    write_verdicts_csv(new, path)
    with open(path, newline="", encoding="utf-8") as fh:
        got = list(csv.DictReader(fh))
    assert list(got[0]) == ["target_id", "measure_id", "edition", "applicability",
                            "applicability_reason", "status", "severity", "reason", "evidence"]
    assert len(got) == len(new)
    assert verdicts_filename() == "verdicts.csv"


def test_rescore_accepts_mappings_and_outcome_objects():
    targets, rows = run_data()
    by_target: dict[str, list[Observation]] = {}
    for tid, o in rows:
        by_target.setdefault(tid, []).append(o)

    class Result:
        outcome = "bot_wall"

    a = rescore(by_target, {t.id: t for t in targets}, {"alpha": "ok", "beta": Result()},
                CAT, ON)
    b = rescore(rows, targets, {"alpha": "ok"}, CAT, ON)
    assert [v.status for v in a if v.target_id == "alpha"] == \
        [v.status for v in b if v.target_id == "alpha"]
    beta = [v for v in a if v.target_id == "beta" and v.status == "not_observable"]
    assert beta and all(v.reason.startswith("bot_wall:") for v in beta)
    beta_b = [v for v in b if v.target_id == "beta" and v.status == "not_observable"]
    assert all(v.reason.startswith("error:") for v in beta_b)


def test_observations_from_csv_rows_round_trip():
    original = obs(GOOD)
    rows = [{"target_id": "alpha", "probe": o.probe, "signal": o.signal,
             "value": to_cell(o.value), "confidence": str(o.confidence), "note": o.note,
             "url": o.url, "observed_at": o.observed_at, "evidence": ";".join(o.evidence)}
            for o in original]
    rows.append({"target_id": "alpha", "signal": "future.signal", "value": "x"})
    back = observations_from_rows(rows)["alpha"]
    assert [(o.signal, o.value) for o in back] == [(o.signal, o.value) for o in original]
    t = target(id="alpha")
    assert [v.status for v in score_target(t, back, "ok", CAT, ON)] == \
        [v.status for v in score_target(t, original, "ok", CAT, ON)]


# --- triage ---------------------------------------------------------------------------------

def assess(t, values, outcome="ok"):
    o = obs(values)
    return t, build_profile(t, o), score_target(t, o, outcome, CAT, ON)


BAD = merged(GOOD, {"reporting.item_control": False, "discovery.report_url": NOT_FOUND,
                    "reporting.logged_out": False, "messaging.unknown_adult_can_dm_child":
                    "true", "messaging.child_in_suggestions": True,
                    "terms.hash_matching_csam": False, "age_gate.type": "none"})


def test_small_risky_service_ranks_first():
    small = target(id="small", size_band="under_700k", risk_levels={},
                   likely_accessed_by_children=None)
    small_values = merged(BAD, {"profile.functionalities": ["dm", "connections",
                                                            "suggestions", "image_sharing",
                                                            "anonymous_posting"]})
    large = target(id="large", size_band="over_7m", risk_levels={"hate": "low"},
                   likely_accessed_by_children=False)
    rows = triage([assess(small, small_values), assess(large, GOOD)], CAT)
    assert [r.target_id for r in rows] == ["small", "large"]
    assert [r.rank for r in rows] == [1, 2]
    top = rows[0]
    assert top.priority == pytest.approx(top.risk_score * top.gap_score, rel=1e-3)
    assert top.gaps > 0 and "csea" in top.themes
    assert rows[1].gap_score == 0 and rows[1].priority == 0
    assert top.top_themes == top.themes


def test_triage_formula_on_a_small_case():
    t = target(id="x", risk_levels={"grooming": "high", "fraud": "medium"},
               likely_accessed_by_children=True)
    _, profile, _ = assess(t, {})
    from auditor.model import Verdict
    verdicts = [Verdict("x", "ICU F1", "e", "applies", "", "not_met", "critical", "r"),
                Verdict("x", "ICU D4", "e", "applies_if_assessed", "", "partly_met",
                        "medium", "r"),
                Verdict("x", "ICU D1", "e", "applies", "", "not_observable", "high", "r")]
    [row] = triage([(profile, verdicts)], CAT)
    # risk = 1 + 2*3 (grooming, a theme) + 1*2 (fraud) + 2 (children) = 11
    assert row.risk_score == 11
    # gap = 5*1*1 + 2*0.5*0.5 = 5.5
    assert row.gap_score == 5.5
    assert row.priority == 60.5
    assert row.themes[:2] == ["csea", "grooming"]  # tie broken by name
    assert row.unobserved == 1 and row.gaps == 2


def _v(mid, status, applicability="applies_if_assessed", severity="medium"):
    from auditor.model import Verdict
    return Verdict("x", mid, "e", applicability, "", status, severity, "r")


def test_exclusive_pairs_count_once():
    # size and multi-risk unknown: D8 and D9 both applies_if_assessed, only one can apply
    _, profile, _ = assess(target(id="x", risk_levels={}), {})
    both = [_v("ICU D8", "not_met"), _v("ICU D9", "not_met"),
            _v("PCU D11", "partly_met"), _v("PCU D12", "not_met")]
    [row] = triage([(profile, both)], CAT)
    # ICU: 2*1*0.5 = 1 (not 2); PCU: worse of 0.5 and 1 = 1 (not 1.5)
    assert row.gap_score == 2.0
    assert row.gaps == 2
    [alone] = triage([(profile, [_v("ICU D8", "not_met"), _v("PCU D12", "not_met")])], CAT)
    assert alone.gap_score == row.gap_score and alone.gaps == row.gaps


def test_exclusive_pair_keeps_the_worse_whichever_comes_first():
    _, profile, _ = assess(target(id="x", risk_levels={}), {})
    worse_second = [_v("ICU D9", "partly_met"), _v("ICU D8", "not_met", "applies")]
    [row] = triage([(profile, worse_second)], CAT)
    assert row.gap_score == 2.0 and row.gaps == 1


def test_other_measures_still_add_up():
    _, profile, _ = assess(target(id="x", risk_levels={}), {})
    vs = [_v("ICU D8", "not_met"), _v("ICU D4", "not_met"), _v("ICU D9", "met")]
    [row] = triage([(profile, vs)], CAT)
    assert row.gap_score == 2.0 and row.gaps == 2


def test_unreachable_services_have_no_gaps():
    t = target(id="gone")
    [row] = triage([assess(t, {}, outcome="unreachable")], CAT)
    assert row.gap_score == 0


def test_a_failing_check_is_reported_not_scored(monkeypatch):
    from auditor.measures.checks import REGISTRY
    from auditor.measures.checks.base import CheckSpec

    def boom(ctx):
        raise RuntimeError("bad data")

    spec = REGISTRY["appeals"]
    monkeypatch.setitem(REGISTRY, "appeals", CheckSpec("appeals", boom, spec.params))
    v = next(v for v in score_target(target(), obs(GOOD), "ok", CAT, ON)
             if v.measure_id == "ICU D8")
    assert v.status == "not_observable"
    assert v.reason.startswith("error: check appeals failed (RuntimeError: bad data)")


def test_every_reason_is_one_line():
    for values in (GOOD, {}, {k: None for k in GOOD}):
        for v in score_target(target(accounts=None), obs(values), "ok", CAT, ON):
            assert v.reason and "\n" not in v.reason
            assert v.applicability_reason and "\n" not in v.applicability_reason
