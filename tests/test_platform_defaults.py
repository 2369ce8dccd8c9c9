"""The platform defaults table and what it may inform: applicability ("probably", labelled
inferred) and the advice on gaps; never a measure's status, never over an observation."""

from __future__ import annotations

from datetime import date

import pytest

from auditor.measures import build_profile, load_catalogue, score_target
from auditor.measures.platforms import advice, load
from auditor.model import Observation, Target
from probes.platforms import load as load_fingerprints

TOPICS = {"private_messages", "visitor_report", "age_at_registration", "min_age"}


def obs(signal: str, value, note: str = "") -> Observation:
    return Observation(signal.split(".", 1)[0], signal, value, 0.9, note)


def forum(platform: str | None, **extra) -> list[Observation]:
    """A small forum as a visitor sees it: posts with comments and a feed, profiles; no
    private messages seen by the probes."""
    out = [obs("profile.functionalities", ["profiles", "comments", "feed", "search"]),
           obs("profile.service_kind", "forum"), obs("profile.regime", ["u2u"]),
           obs("profile.adult_content", False), obs("profile.ages_on_profiles", False),
           obs("reporting.logged_out", False), obs("reporting.item_control", False),
           obs("reporting.barrier", "login"), obs("terms.min_age", None, "not_found")]
    if platform:
        out += [obs("profile.platform", platform, f"{platform} recognised from element"),
                obs("profile.platform_version", "3.3.11")]
    for signal, value in extra.items():
        out.append(obs(signal.replace("__", "."), value))
    return out


TARGET = Target("club", "Club forum", "http://club.example.test/")


def test_every_fingerprinted_platform_has_its_defaults_with_sources():
    table = load()
    assert set(load_fingerprints().keys()) <= set(table.platforms)
    assert set(table.topics) == TOPICS
    for key, pd in table.platforms.items():
        assert set(pd.topics) == TOPICS, key
        for d in pd.topics.values():
            assert d.source, (key, d.topic)
            if d.known and d.default != "absent":
                assert d.source.startswith(("read: ", "recalled: ")), (key, d.topic)
            if d.default == "unknown":
                assert not d.setting, (key, d.topic)     # unknowns are never guessed


def test_private_messages_on_by_default_make_dm_a_probable_risk_factor():
    p = build_profile(TARGET, forum("phpbb"))
    assert p.platform.value == "phpbb" and p.platform_version.value == "3.3.11"
    assert p.platform_functionalities.value == ["dm"]
    why = "phpBB offers private messages to members by default (inferred)"
    assert p.platform_functionalities.reason == why
    assert "dm" not in p.functionalities.value               # the observation is unchanged
    assert why in p.risk("grooming").reason and p.risk("grooming").source == "inferred"
    assert why not in p.risk_factors.value and why in p.risk_factors.reason


def test_an_observation_wins_over_the_defaults():
    # messaging.dm_available observed false: no inference
    p = build_profile(TARGET, forum("phpbb", messaging__dm_available=False))
    assert p.platform_functionalities.value == []
    assert "grooming" not in {k for k, v in p.risk_levels.items() if "phpBB" in v.reason}
    # dm observed: nothing to infer
    p = build_profile(TARGET, forum("phpbb", messaging__dm_available=True))
    assert p.platform_functionalities.value == []
    # a platform without private messages, and an unknown one
    for name in ("wordpress", "clubhouse", None):
        assert build_profile(TARGET, forum(name)).platform_functionalities.value == []


def _verdicts(observations):
    cat = load_catalogue()
    return {v.measure_id: v for v in score_target(TARGET, observations, "ok", cat,
                                                  date(2026, 12, 6))}


def test_the_defaults_change_applicability_only_never_a_status():
    without, with_pm = _verdicts(forum(None)), _verdicts(forum("phpbb"))
    assert without.keys() == with_pm.keys()
    changed = []
    for mid, v in without.items():
        w = with_pm[mid]
        if v.applicability == "not_applicable" or w.applicability == "not_applicable":
            continue
        assert (w.status, w.reason) == (v.status, v.reason), mid
        if (v.applicability, v.applicability_reason) != (w.applicability,
                                                          w.applicability_reason):
            changed.append(mid)
    # PCU F (children's user support): bullying factors comments + feed + probable messages
    pcu_f = with_pm["PCU F"]
    assert pcu_f.applicability == "probably_applies"
    assert "phpBB offers private messages to members by default (inferred)" in \
        pcu_f.applicability_reason
    assert without["PCU F"].applicability == "applies_if_assessed"
    assert "PCU F" in changed


def test_advice_names_the_setting_that_closes_a_gap():
    observed = {"reporting.logged_out": "false", "reporting.barrier": "login",
                "messaging.unknown_adult_can_dm_child": "true", "terms.min_age": ""}
    reads = {"OSA s20": ["reporting.logged_out", "reporting.barrier"],
             "ICU F1": ["messaging.unknown_adult_can_dm_child"],
             "ICU G3": ["terms.min_age"], "ICU G1": ["terms.prohibits_illegal"]}
    verdicts = [{"measure_id": "OSA s20", "status": "not_met"},
                {"measure_id": "ICU F1", "status": "partly_met"},
                {"measure_id": "ICU G3", "status": "met"},          # no gap: no advice
                {"measure_id": "ICU G1", "status": "not_met"}]      # no setting changes it
    got = advice("phpbb", verdicts, observed, reads)
    by = {(a.measure_id, a.topic): a for a in got}
    assert set(by) == {("OSA s20", "visitor_report"), ("ICU F1", "private_messages")}
    report = by[("OSA s20", "visitor_report")]
    assert "Guests > Can report posts" in report.setting
    assert report.observed == "reporting.logged_out = false"
    assert "Setting:" in report.text() and "off by default in phpBB" in report.text()
    assert "Can send private messages" in by[("ICU F1", "private_messages")].setting


def test_advice_without_a_setting_says_what_to_do_and_unknowns_say_nothing():
    observed = {"reporting.logged_out": "false"}
    reads = {"OSA s20": ["reporting.logged_out"]}
    gap = [{"measure_id": "OSA s20", "status": "not_met"}]
    (wp,) = advice("wordpress", gap, observed, reads)
    assert wp.default == "absent" and not wp.setting
    assert wp.text().startswith("A report button for visitors without an account: not in "
                                "the software in WordPress")
    assert "No setting for it is known" in wp.text()
    assert advice("vbulletin", gap, observed, reads) == []          # unknown: nothing said
    assert advice("clubhouse", gap, observed, reads) == []          # not in the table
    assert advice(None, gap, observed, reads) == []


@pytest.mark.parametrize("key", sorted(load().platforms))
def test_every_platform_entry_reads_as_advice(key):
    pd = load().platforms[key]
    for d in pd.topics.values():
        assert d.default in ("on", "off", "absent", "unknown")
