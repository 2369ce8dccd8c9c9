"""``auditor check`` on plain data: the order of findings, the plain-language table, the
one-row target and its bad input, the file names, and the consent to forms (no network)."""

from __future__ import annotations

import io
import random
import re
from datetime import date

import pytest

from auditor.check import confirm, host_label, make_target, paths_for, plan_text, submission_marks
from auditor.cli import main
from auditor.measures import load_catalogue
from auditor.measures.facts import WHY_TEXT
from auditor.model import OUTCOMES
from auditor.options import SweepOptions
from auditor.sweep import BadInput
from reports import check_text
from reports.check_page import order_key

# -- the order of findings ------------------------------------------------------------------


def test_findings_are_ordered_by_what_matters_most():
    expected = [
        ("not_met", "critical", "applies", "PCU B2"),
        ("not_met", "high", "probably_applies", "ICU D1"),
        ("not_met", "high", "applies", "ICU G1"),
        ("not_met", "low", "applies", "ICU D3"),
        ("partly_met", "critical", "applies", "ICU F1"),
        ("partly_met", "high", "applies", "OSA s20"),
        ("partly_met", "medium", "applies", "ICU G3"),
        # only if the provider's size or own assessment says so: after every definite gap
        ("not_met", "high", "applies_if_assessed", "ICU F2"),
        ("partly_met", "critical", "applies_if_assessed", "ICU F1x"),
    ]
    shuffled = expected[:]
    random.Random(3).shuffle(shuffled)
    assert shuffled != expected
    assert sorted(shuffled, key=lambda r: order_key(*r)) == expected


def test_not_met_comes_before_partly_met_whatever_the_severity():
    assert order_key("not_met", "low", "applies", "Z") < \
        order_key("partly_met", "critical", "applies", "A")


# -- the plain-language table ---------------------------------------------------------------

def _gradable_measures() -> set[str]:
    """Every measure the catalogue can mark not met or partly met from outside: all but those
    it can only ever leave not observable (internal processes, disclosure-only checks)."""
    cat = load_catalogue()
    return {m.id for m in cat.measures if m.observability not in ("none", "disclosure")}


def test_the_table_covers_every_measure_that_can_be_a_gap():
    texts = check_text.load()
    ids = _gradable_measures()
    assert len(ids) >= 30
    missing = sorted(ids - set(texts.measures))
    assert not missing, f"no plain words for {missing}: add them to reports/check_text.toml"
    for mid in ids:
        t = texts.measures[mid]
        for field in ("title", "seen", "why", "todo"):
            assert getattr(t, field).strip(), f"{mid}: empty {field}"


def test_every_catalogue_measure_has_a_plain_title():
    texts = check_text.load()
    assert {m.id for m in load_catalogue().measures} <= set(texts.measures)


def test_outcomes_and_reasons_are_all_said_in_plain_words():
    texts = check_text.load()
    assert set(OUTCOMES) <= set(texts.outcomes)
    assert set(WHY_TEXT) <= set(texts.unchecked)
    for word in ("bot_wall", "geo_blocked", "robots_disallowed"):
        assert "finding, not an error" in texts.outcome(word).todo


def _syllables(word: str) -> int:
    from probes.terms_text import syllables
    return syllables(word)


def fk_grade(text: str) -> float:
    """Flesch-Kincaid grade, with the syllable counter the terms probe uses."""
    sentences = [s for s in re.split(r"(?<=[.!?:])\s+", text.strip()) if s]
    words = re.findall(r"[A-Za-z][A-Za-z'-]*", text)
    syll = sum(_syllables(p) for w in words for p in w.split("-") if p)
    return 0.39 * len(words) / len(sentences) + 11.8 * syll / len(words) - 15.59


def test_plain_words_read_at_grade_9_or_simpler():
    texts = check_text.load()
    too_hard = {}
    for mid, t in texts.measures.items():
        text = " ".join(x for x in (t.seen, t.partly, t.why, t.todo) if x)
        grade = fk_grade(text)
        if grade > 9.0:
            too_hard[mid] = round(grade, 1)
    assert not too_hard, f"above grade 9: {too_hard}"
    everything = " ".join(" ".join((t.seen, t.why, t.todo)) for t in texts.measures.values())
    assert fk_grade(everything) <= 8.0


def test_the_grade_measure_can_fail():
    legalese = ("Notwithstanding the aforementioned considerations, the provider's organisational "
                "responsibilities necessitate comprehensive documentation of administrative "
                "procedures.")
    assert fk_grade(legalese) > 9.0


def test_same_as_takes_the_fields_it_does_not_give():
    texts = check_text.load()
    assert texts.measures["PCU D12"] == texts.measures["PCU D11"]
    assert texts.measures["PCU D1"].seen == texts.measures["ICU D1"].seen
    assert texts.measures["PCU D1"].why != texts.measures["ICU D1"].why


# -- the target and its options -------------------------------------------------------------

def test_a_check_target_reads_its_fields_as_the_target_list_does():
    t = make_target("forum.example.org", kind="forum", size_band="under_700k",
                    risks=["grooming=low", "hate=medium"], children_likely=True,
                    allow_forms=True)
    assert t.url == "https://forum.example.org"
    assert (t.service_kind, t.size_band) == ("forum", "under_700k")
    assert t.risk_levels == {"grooming": "low", "hate": "medium"}
    assert t.likely_accessed_by_children is True and t.allow_forms is True
    assert re.fullmatch(r"[a-z0-9_-]+", t.id)


@pytest.mark.parametrize(("kw", "option", "words"), [
    ({"kind": "blog"}, "--kind", "forum, social, chat"),
    ({"size_band": "tiny"}, "--size-band", "under_700k, 700k_to_7m, over_7m"),
    ({"risks": ["grooming=severe"]}, "--risk", "negligible, low, medium, high"),
    ({"risks": ["spam=high"]}, "--risk", "terrorism, grooming"),
    ({"risks": ["grooming"]}, "--risk", "KIND=LEVEL"),
])
def test_bad_values_name_the_allowed_ones(kw, option, words):
    with pytest.raises(BadInput) as err:
        make_target("https://forum.example.org/", **kw)
    assert str(err.value).startswith(option) and words in str(err.value)
    assert "Fix:" in str(err.value)


@pytest.mark.parametrize("url", ["ftp://forum.example.org/", "https://exa mple.org/",
                                 "https://user:pw@forum.example.org/", "https://bad_host!/"])
def test_a_bad_url_is_refused_with_the_fix(url):
    with pytest.raises(BadInput) as err:
        make_target(url)
    assert "Fix:" in str(err.value)


def test_the_command_exits_2_on_bad_input_with_the_fix(tmp_path, capsys):
    assert main(["check", "ftp://forum.example.org/", "--out", str(tmp_path)]) == 2
    assert "http" in capsys.readouterr().err
    assert main(["check", "https://forum.example.org/", "--kind", "blog",
                 "--out", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "--kind" in err and "allowed: forum" in err and "Fix:" in err
    assert main(["check", "https://forum.example.org/", "--delay", "-1",
                 "--out", str(tmp_path)]) == 2
    assert "--delay" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []                  # nothing written, nothing visited


def test_file_names_carry_the_host_and_never_a_colon(tmp_path):
    assert host_label("https://Forum.Example.org/x") == "forum.example.org"
    assert host_label("http://127.0.0.1:8080/") == "127.0.0.1-8080"
    assert host_label("https://bücher.example/") == "xn--bcher-kva.example"
    t = make_target("http://forum.example.org:8080/")
    p = paths_for(tmp_path, t, "2026-12-07")
    assert p.page.name == "check-forum.example.org-8080-2026-12-07.html"
    assert p.run.name == "check-forum.example.org-8080-2026-12-07"
    p.run.mkdir()
    again = paths_for(tmp_path, t, "2026-12-07")
    assert again.run.name.endswith("2026-12-07-2") and again.page.name.endswith("-2.html")
    assert paths_for(tmp_path, t, "2026-12-07", resume=True) == p


# -- consent to forms -----------------------------------------------------------------------

class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def _plan() -> str:
    t = make_target("https://forum.example.org/", allow_forms=True)
    return plan_text(t, SweepOptions(signup_ages=(13, 16, 30)), submission_marks())


def test_the_plan_names_the_ages_accounts_and_messages():
    plan = _plan()
    assert "13, 16, 30" in plan
    marks = submission_marks()
    assert marks["account_prefix"] in plan and marks["email_domain"] in plan
    assert marks["message_marker"] in plan


def test_what_the_probes_submit_is_marked_as_a_test():
    """The page says test accounts and messages are marked: the marks are the probes' own."""
    from probes.messaging_flows import MARK
    from probes.signup import Identity

    marks = submission_marks()
    assert "test" in marks["message_marker"].lower() and marks["message_marker"] == MARK
    ident = Identity.make(25, date(2026, 12, 7))
    assert ident.username.startswith(marks["account_prefix"])
    assert ident.email.endswith("@" + marks["email_domain"])
    assert marks["email_domain"] == "example.com"           # reserved: no one receives it


def test_without_a_terminal_and_without_yes_forms_are_refused():
    out = io.StringIO()
    with pytest.raises(BadInput) as err:
        confirm(_plan(), yes=False, stdin=io.StringIO("yes\n"), out=out)
    assert "--yes" in str(err.value)
    assert "Sign-up" in out.getvalue()                       # the plan was shown all the same


def test_on_a_terminal_only_yes_goes_ahead():
    out = io.StringIO()
    assert "terminal" in confirm(_plan(), yes=False, stdin=_Tty("yes\n"), out=out)
    assert "Go ahead?" in out.getvalue()
    with pytest.raises(BadInput):
        confirm(_plan(), yes=False, stdin=_Tty("\n"), out=io.StringIO())
    with pytest.raises(BadInput):
        confirm(_plan(), yes=False, stdin=_Tty("no\n"), out=io.StringIO())


def test_yes_skips_the_question_but_prints_the_plan():
    out = io.StringIO()
    assert "--yes" in confirm(_plan(), yes=True, stdin=io.StringIO(""), out=out)
    assert out.getvalue().startswith("With --allow-forms") and "Go ahead?" not in out.getvalue()


def test_the_command_refuses_forms_without_a_terminal(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    code = main(["check", "http://forum.example.test/", "--allow-forms", "--out", str(tmp_path),
                 "--resolve", "forum.example.test=127.0.0.1:9"])
    assert code == 2
    captured = capsys.readouterr()
    assert "add --yes" in captured.err and "Sign-up" in captured.out
    assert list(tmp_path.iterdir()) == []                  # refused before any visit


def test_own_accounts_need_a_secrets_file_holding_them(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    assert main(["check", "https://forum.example.org/", "--accounts", "mine",
                 "--out", str(tmp_path)]) == 2
    assert "--secrets" in capsys.readouterr().err
    secrets = tmp_path / "s.toml"
    secrets.write_text('[other]\nadult = { username = "a_adult", password = "pw-123456" }\n',
                       encoding="utf-8")
    assert main(["check", "https://forum.example.org/", "--accounts", "mine", "--secrets",
                 str(secrets), "--out", str(tmp_path / "o")]) == 2
    assert "other" in capsys.readouterr().err
    secrets.write_text('[mine]\nadult = { username = "a_adult", password = "pw-123456" }\n',
                       encoding="utf-8")
    assert main(["check", "https://forum.example.org/", "--accounts", "mine", "--secrets",
                 str(secrets), "--out", str(tmp_path / "o")]) == 2       # no terminal, no --yes
    captured = capsys.readouterr()
    assert "--accounts mine" in captured.out and "add --yes" in captured.err
    assert "pw-123456" not in captured.out + captured.err
    assert not (tmp_path / "o").exists()


def test_an_operator_who_allowed_forms_is_not_told_to_allow_them():
    """With --allow-forms the check makes and uses its own accounts: a measure still without
    them means the check could not make them, said as such (not "run with --allow-forms")."""
    from reports import check_text

    t = check_text.load()
    assert "--allow-forms" in t.why_unchecked("needs_accounts")
    for code in ("needs_accounts", "forms_not_allowed", "not_tested"):
        said = t.why_unchecked(code, forms_allowed=True)
        assert "--allow-forms" not in said and "could not" in said
    assert t.why_unchecked("bot_wall", forms_allowed=True) == t.why_unchecked("bot_wall")
