"""reports/: the run folder's report and exports, from synthetic run folders (no browser).

The browser tests (clicking, screenshots, hostile content in Chromium) are in
test_reports_browser.py.
"""

from __future__ import annotations

import json
import re
import shutil
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest
from report_fixtures.build import (
    HOSTILE_NAME,
    HOSTILE_QUOTE,
    HOSTILE_REASON,
    MEASURES,
    Changes,
    build_run,
)

import reports
from auditor.runfolder import RunFolderError, load_run, read_run
from reports.compare import text_diff
from reports.safety import evidence_href, evidence_relpath, json_for_script, safe_href, slug

OLD_TERMS = None  # the builder's default terms


def _later(tmp: Path, **kw) -> Path:
    """An earlier run (r1) and a later one (r2) of the same list with known differences."""
    build_run(tmp / "r1", started_at="2026-11-16T09:00:00Z")
    ch = Changes(
        statuses={("brightforum", "ICU C1"): "not_met",          # met -> not met: regression
                  ("brightforum", "ICU C9"): "met",               # not met -> met: improvement
                  ("brightforum", "ICU C2"): "not_observable"},   # partly -> n/o: other
        drop={"slowpoke"}, add=2,
        terms={"chatterbox": ["These terms apply to everyone who uses the service.",
                              "You must be at least 16 years old to use the service.",
                              "We may suspend accounts that repeatedly break these rules.",
                              "Appeals go to our independent panel."]},
        **kw)
    return build_run(tmp / "r2", started_at="2026-11-23T09:00:00Z", changes=ch)


@pytest.fixture
def run_pair(tmp_path):
    new = _later(tmp_path)
    return tmp_path / "r1", new


# ---------------------------------------------------------------------------------------------
# what render writes


def test_render_writes_every_page_and_export(run_pair):
    old, new = run_pair
    res = reports.render(new)
    rep = new / "report"
    assert res.index == rep / "index.html" and res.index.is_file()
    for name in ("services.html", "measures.html", "changes.html", "assets/report.css",
                 "assets/report.js"):
        assert (rep / name).is_file(), name
    run = read_run(new)
    assert len(list((rep / "services").glob("*.html"))) == len(run.targets)
    assert len(list((rep / "measures").glob("*.html"))) == len(MEASURES)
    assert res.pages == 4 + len(run.targets) + len(MEASURES)
    assert (new / "exports" / "run.xlsx").is_file() and (new / "exports" / "run.json").is_file()
    # found the previous run of the same list on its own, and counted its regression
    assert res.compare_dir.resolve() == old.resolve()
    assert res.regressions == 1 and res.summary["regressions"] == 1
    assert res.summary["improvements"] == 1
    assert not list(new.glob(".report-*")), "temporary folders left behind"
    # rendering again replaces the report cleanly
    res2 = reports.render(new, auto_compare=False)
    assert res2.comparison is None and res2.regressions == 0
    assert not list(new.glob(".report-*"))


def test_every_page_carries_csp_provenance_and_no_inline_script(run_pair):
    _, new = run_pair
    reports.render(new)
    meta = json.loads((new / "run.json").read_text())
    pages = list((new / "report").rglob("*.html"))
    assert len(pages) > 20
    for p in pages:
        html = p.read_text(encoding="utf-8")
        csp = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)"', html)
        assert csp and unescape(csp.group(1)).startswith(
            "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self';"), p
        for needle in (meta["tool_version"], meta["catalogue_edition"],
                       meta["browser"]["version"], meta["user_agent"], "Robots policy"):
            assert needle in html, (p, needle)
        scripts = re.findall(r"<script\b([^>]*)>(.*?)</script>", html, re.S)
        for attrs, body in scripts:
            if "src=" in attrs:
                assert body.strip() == "" and "assets/report.js" in attrs
            else:
                assert 'type="application/json"' in attrs, (p, attrs)


class _Tags(HTMLParser):
    """Every tag and attribute of a page, to prove nothing from a target became markup."""

    ALLOWED = {"html", "head", "meta", "title", "link", "script", "body", "a", "header", "div",
               "span", "nav", "main", "footer", "h1", "h2", "h3", "h4", "p", "b", "dl", "dt",
               "dd", "section", "table", "thead", "tbody", "tr", "th", "td", "ul", "li", "code",
               "time", "aside", "article", "figure", "figcaption", "img", "blockquote", "br",
               "details", "summary", "form", "label", "input", "select", "option", "button",
               "caption", "noscript", "svg", "desc", "defs", "pattern", "rect", "line",
               "text", "circle", "polyline", "g", "del", "ins", "abbr", "ol"}

    def __init__(self):
        super().__init__()
        self.problems: list[str] = []
        self.ids: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag not in self.ALLOWED:
            self.problems.append(f"tag <{tag}>")
        for k, v in attrs:
            if k.startswith("on"):
                self.problems.append(f"event handler {k}={v!r}")
            if k == "id":
                self.ids.append(v or "")
            if k in ("href", "src", "action", "formaction", "xlink:href") and v:
                low = v.strip().lower()
                scheme = re.match(r"^([a-z][a-z0-9+.-]*):", low)
                if scheme and scheme.group(1) not in ("http", "https"):
                    self.problems.append(f"{k}={v!r}")
                if k == "src" and scheme:
                    self.problems.append(f"remote {k}={v!r}")   # images come from disk only
            if k == "style":
                self.problems.append("inline style attribute")


def test_hostile_target_content_never_becomes_markup(run_pair):
    _, new = run_pair
    reports.render(new)
    rep = new / "report"
    for p in rep.rglob("*.html"):
        html = p.read_text(encoding="utf-8")
        parser = _Tags()
        parser.feed(html)
        assert not parser.problems, (p.name, parser.problems[:5])
        assert "pwned" not in parser.ids
        for raw in ("<script>alert", "<img src=x", "<svg onload", "<iframe", "<b id=",
                    "<b onmouseover", "javascript:alert(3)\">"):
            assert raw not in html, (p.name, raw)
    page = (rep / "services" / "hostile.html").read_text(encoding="utf-8")
    # ... and is still shown, as text
    assert "&lt;script&gt;alert(&#34;name&#34;)&lt;/script&gt;" in page
    assert "&lt;/script&gt;&lt;script&gt;alert(&#39;reason&#39;)" in page
    assert "alert(&#39;quote&#39;)" in page
    # a javascript: start URL is shown but never linked
    assert 'href="javascript' not in page.lower()
    assert "javascript:alert(document.domain)" in page
    # evidence whose path escapes evidence/ is not linked; the odd file name is, encoded
    assert "etc/passwd" not in page and "/etc/hostname" not in page
    assert "points outside evidence/" in page
    assert "shot%20%22x%22%20%3Cy%3E%26z.png" in page


def test_embedded_data_keeps_a_targets_script_end_tag_as_text(run_pair):
    _, new = run_pair
    reports.render(new)
    html = (new / "report" / "index.html").read_text(encoding="utf-8")
    m = re.search(r'<script type="application/json" id="report-data">(.*?)</script>', html, re.S)
    assert m, "data block missing"
    block = m.group(1)
    assert "<" not in block and ">" not in block and "&" not in block
    data = json.loads(block)
    names = {s["n"] for s in data["services"]}
    assert HOSTILE_NAME in names
    assert len(data["measures"]) == len(MEASURES)
    assert all(len(s["s"]) == len(MEASURES) for s in data["services"])
    assert html.count("</script>") == 2      # the data block and the report.js tag


def test_json_for_script_escapes_the_dangerous_characters():
    out = json_for_script({"x": "</script><!-- & \u2028 \u2029 '\""})
    assert "<" not in out and ">" not in out and "&" not in out
    assert "\u2028" not in out and "\u2029" not in out
    assert json.loads(out) == {"x": "</script><!-- & \u2028 \u2029 '\""}


@pytest.mark.parametrize("url, ok", [
    ("https://example.com/a?b=1#c", True), ("http://example.com", True),
    ("javascript:alert(1)", False), ("JaVaScRiPt:alert(1)", False),
    (" javascript:alert(1)", False), ("data:text/html,<script>", False),
    ("vbscript:x", False), ("//example.com/x", False), ("https://", False),
    ("http://exa mple.com", False), ("https://example.com/\nfoo", False), ("", False),
    (None, False), ("file:///etc/passwd", False), ("mailto:a@example.com", False),
])
def test_only_http_urls_become_links(url, ok):
    assert (safe_href(url) is not None) is ok


@pytest.mark.parametrize("path, rel", [
    ("evidence/a/b.png", "evidence/a/b.png"), ("evidence/./a.png", "evidence/a.png"),
    ("../../etc/passwd", None), ("evidence/../run.json", None), ("/etc/hostname", None),
    ("evidence/a/../../../x", None), ("C:/x.png", None), ("evidence\\a.png", None),
    ("other/a.png", None), ("evidence", None), ("", None), (None, None),
])
def test_evidence_paths_stay_inside_evidence(path, rel):
    assert evidence_relpath(path) == rel


def test_evidence_href_encodes_each_segment():
    assert evidence_href('evidence/x/a "b" <c>&d.png', "../../") == \
        "../../evidence/x/a%20%22b%22%20%3Cc%3E%26d.png"


def test_slugs_are_file_safe_and_unique():
    taken: set[str] = set()
    a, b, c = slug("ICU D1", taken), slug("icu-d1", taken), slug("ICU  D1", taken)
    assert a == "icu-d1" and len({a, b, c}) == 3
    assert all(re.fullmatch(r"[a-z0-9-]+", s) for s in (a, b, c))
    assert slug("../../etc") == "etc" and slug("<>") == "x"


# ---------------------------------------------------------------------------------------------
# comparison


def test_compare_finds_regressions_improvements_services_and_terms(run_pair):
    old, new = run_pair
    comp = reports.compare(new, old)
    assert [(c.target_id, c.measure_id, c.old, c.new) for c in comp.regressions] == \
        [("brightforum", "ICU C1", "met", "not_met")]
    assert [(c.target_id, c.measure_id) for c in comp.improvements] == \
        [("brightforum", "ICU C9")]
    assert ("brightforum", "ICU C2", "unobservable") in \
        [(c.target_id, c.measure_id, c.kind) for c in comp.other_changes]
    assert [i for i, _ in comp.new_services] == ["svc-0001", "svc-0002"]
    assert [i for i, _ in comp.dropped_services] == ["slowpoke"]
    assert [t.target_id for t in comp.terms_changes] == ["chatterbox"]
    t = comp.terms_changes[0]
    assert t.reworded == 1 and t.added == 1 and t.removed >= 5
    change = next(b for b in t.blocks if b["op"] == "change")
    assert ("del", "13") in change["tokens"] and ("ins", "16") in change["tokens"]
    s = comp.summary()
    assert s["regressions"] == 1 and s["terms_changed"] == ["chatterbox"]
    json.dumps(s)


def test_changes_page_shows_the_terms_diff_and_links_back(run_pair):
    old, new = run_pair
    res = reports.render(new, old)
    assert res.comparison is not None and not res.comparison.automatic
    html = (new / "report" / "changes.html").read_text(encoding="utf-8")
    assert 'id="terms-chatterbox"' in html
    assert ('<span class="vh">deleted: </span><del>13</del>'
            '<span class="vh">inserted: </span><ins>16</ins>') in html
    assert "Appeals go to our independent panel." in html
    assert 'href="services/brightforum.html#m-icu-c1"' in html
    svc = (new / "report" / "services" / "chatterbox.html").read_text(encoding="utf-8")
    assert "../changes.html#terms-chatterbox" in svc


def test_text_diff_pairs_reworded_sentences_and_skips_unchanged_ones():
    old = ". ".join(f"Sentence number {i} stays the same" for i in range(20)) + "."
    new = old.replace("number 10 stays", "number 10 now stays") + " A new closing sentence."
    blocks, added, removed, reworded = text_diff(old, new)
    ops = [b["op"] for b in blocks]
    assert "skip" in ops and reworded == 1 and added == 1 and removed == 0
    change = next(b for b in blocks if b["op"] == "change")
    assert ("ins", "now") in change["tokens"] or any(
        op == "ins" and "now" in t for op, t in change["tokens"])


def test_find_previous_run_picks_the_latest_earlier_run_of_the_same_list(tmp_path):
    build_run(tmp_path / "a", n=2, started_at="2026-10-01T09:00:00Z")
    build_run(tmp_path / "b", n=2, started_at="2026-10-08T09:00:00Z")
    build_run(tmp_path / "other", n=2, started_at="2026-10-10T09:00:00Z",
              targets_file="other-list.csv")
    build_run(tmp_path / "later", n=2, started_at="2026-12-01T09:00:00Z")
    cur = build_run(tmp_path / "c", n=3, started_at="2026-10-15T09:00:00Z")  # a row added
    (tmp_path / "not-a-run").mkdir()
    (tmp_path / "broken").mkdir()
    (tmp_path / "broken" / "run.json").write_text("{not json")
    assert reports.find_previous_run(cur) == tmp_path / "b"
    assert reports.find_previous_run(tmp_path / "a") is None
    assert reports.find_previous_run(tmp_path / "other") is None


def test_trend_chart_appears_with_several_runs(tmp_path):
    for i, day in enumerate(("01", "08", "15")):
        build_run(tmp_path / f"w{i}", seed=i, started_at=f"2026-10-{day}T09:00:00Z")
    res = reports.render(tmp_path / "w2")
    html = res.index.read_text(encoding="utf-8")
    assert "Verdicts by status over the last 3 runs" in html
    svc = (tmp_path / "w2" / "report" / "services" / "brightforum.html").read_text()
    assert 'class="spark"' in svc


# ---------------------------------------------------------------------------------------------
# older runs and odd folders


def test_an_older_run_without_catalogue_profiles_or_triage_still_renders(tmp_path):
    run = build_run(tmp_path / "old", legacy=True)
    res = reports.render(run)
    html = res.index.read_text(encoding="utf-8")
    assert "computed from the verdicts" in html
    assert "no risk scores" in html                          # no scatter without risk
    for mid in ("icu-d1", "pcu-b2", "part-5-heaa"):
        assert (run / "report" / "measures" / f"{mid}.html").is_file()
    data = load_run(run)
    assert data.missing == ["triage.csv", "measures.json", "profiles.json"]
    assert len(data.triage) == 0 and list(data.measures.columns)[:3] == ["id", "code", "title"]


def test_a_bare_run_json_is_enough(tmp_path):
    """A run folder with nothing but a minimal run.json (an interrupted sweep) still renders."""
    (tmp_path / "run.json").write_text(json.dumps(
        {"targets": [{"id": "a", "name": "A", "url": "https://a.example.com/"},
                     {"id": "b"}, "not a target", {"name": "no id"}]}))
    res = reports.render(tmp_path)
    html = res.index.read_text(encoding="utf-8")
    assert "2 services against 0 measures" in html
    assert (tmp_path / "report" / "services" / "b.html").is_file()
    assert load_run(tmp_path).targets["id"].tolist() == ["a", "b", ""]


def test_an_unreadable_previous_run_is_skipped_with_a_warning(tmp_path, monkeypatch):
    build_run(tmp_path / "r1", n=2, started_at="2026-11-16T09:00:00Z")
    new = build_run(tmp_path / "r2", n=2, started_at="2026-11-23T09:00:00Z")
    import reports.report as rr

    def broken(*a, **kw):
        raise RunFolderError("r1/verdicts.csv: unreadable")

    monkeypatch.setattr(rr, "compare", broken)
    res = reports.render(new)
    assert res.comparison is None and res.regressions == 0
    assert "could not be read" in res.warnings[0] and res.compare_automatic
    assert "r1/verdicts.csv: unreadable" in res.compare_error
    html = (new / "report" / "changes.html").read_text()
    assert "could not be read" in html and "No comparison could be made" in html
    # a run named with --compare: the report is still written, the error is for the caller
    res = reports.render(new, tmp_path / "r1")
    assert res.compare_error and not res.compare_automatic and res.index.is_file()


def _broken_pair(tmp_path: Path, how: str) -> Path:
    """r1 then r2 of the same list, r1 damaged: ``verdicts`` (no verdicts.csv), ``empty``
    (header only), ``json`` (run.json not JSON)."""
    old = build_run(tmp_path / "r1", n=3, started_at="2026-11-16T09:00:00Z")
    new = build_run(tmp_path / "r2", n=3, started_at="2026-11-23T09:00:00Z",
                    changes=Changes(statuses={("brightforum", "ICU C1"): "not_met"}))
    if how == "verdicts":
        (old / "verdicts.csv").unlink()
    elif how == "empty":
        (old / "verdicts.csv").write_text("target_id,measure_id,status\n")
    elif how == "json":
        (old / "run.json").write_text('{"targets": [')
    return new


@pytest.mark.parametrize("how, says", [
    ("verdicts", "has no verdicts.csv"), ("empty", "holds no verdicts"),
    ("json", "Skipped the run folder r1"),
])
def test_an_earlier_run_that_cannot_be_compared_is_never_a_silent_pass(tmp_path, how, says,
                                                                      capsys):
    from auditor.finish import CouldNotCompare, render

    new = _broken_pair(tmp_path, how)
    res = reports.render(new)
    assert res.comparison is None and res.regressions == 0
    assert res.compare_error and any(says in w for w in res.warnings), res.warnings
    html = (new / "report" / "changes.html").read_text(encoding="utf-8")
    assert "No comparison could be made" in html and says in unescape(html)
    assert "There is no earlier run" not in html
    assert "warning" in (new / "report" / "index.html").read_text(encoding="utf-8")
    # finish (what sweep and report call): the warning goes to stderr ...
    capsys.readouterr()
    assert render(new) == 0
    err = capsys.readouterr().err
    assert "auditor: warning:" in err and says in err
    # ... and with --fail-on-regression the command cannot pass: exit 3, "could not compare"
    with pytest.raises(CouldNotCompare, match="^could not compare: ") as exc:
        render(new, fail_on_regression=True)
    assert exc.value.exit_code == 3
    assert (new / "report" / "index.html").is_file()      # the report was written all the same
    # a run named with --compare that cannot be compared is bad input (exit 2)
    with pytest.raises(RunFolderError, match="could not compare with"):
        render(new, tmp_path / "r1")


def test_cli_report_with_an_unreadable_compare_run_exits_2(tmp_path, capsys):
    from auditor.cli import main

    new = _broken_pair(tmp_path, "verdicts")
    assert main(["report", str(new), "--compare", str(tmp_path / "r1")]) == 2
    err = capsys.readouterr().err
    assert "could not compare with" in err and "no verdicts.csv" in err
    assert (new / "report" / "changes.html").is_file()


def test_a_corrupt_latest_run_is_reported_when_an_older_one_is_compared(tmp_path):
    build_run(tmp_path / "r0", n=3, started_at="2026-11-09T09:00:00Z")
    new = _broken_pair(tmp_path, "json")
    res = reports.render(new)
    assert res.compare_dir == tmp_path / "r0" and not res.compare_error
    assert any("Skipped the run folder r1" in w for w in res.warnings)
    assert "Skipped the run folder r1" in (new / "report" / "changes.html").read_text()


def test_missing_observations_in_the_earlier_run_narrow_the_comparison(run_pair):
    old, new = run_pair
    (old / "observations.csv").unlink()
    res = reports.render(new)
    assert res.comparison is not None and res.regressions == 1
    assert res.comparison.terms_changes == []
    assert any("no observations.csv: changed terms are not compared" in w
               for w in res.warnings)
    assert res.summary["warnings"] == res.comparison.warnings


def test_a_measure_with_two_versions_shows_the_one_in_force(tmp_path):
    run = build_run(tmp_path / "r", n=2)
    cat = json.loads((run / "measures.json").read_text())
    old = dict(next(m for m in cat if m["id"] == "ICU D1"), title="Old wording",
               until="2026-06-28")
    cat.insert(0, old)
    (run / "measures.json").write_text(json.dumps(cat))
    reports.render(run)
    page = (run / "report" / "measures" / "icu-d1.html").read_text(encoding="utf-8")
    assert "Enabling complaints" in page and "Old wording" not in page
    assert len(list((run / "report" / "measures").glob("*.html"))) == len(MEASURES)


def test_render_of_a_folder_without_run_json_says_so(tmp_path):
    with pytest.raises(RunFolderError, match="no run.json"):
        reports.render(tmp_path)


def test_missing_evidence_files_are_reported_not_fatal(tmp_path):
    run = build_run(tmp_path / "r", n=3)
    shutil.rmtree(run / "evidence" / "chatterbox")
    (run / "evidence" / "fileden" / "home.png").unlink()
    (run / "evidence" / "fileden" / "home.png").symlink_to("/etc/hostname")
    reports.render(run)
    page = (run / "report" / "services" / "chatterbox.html").read_text(encoding="utf-8")
    assert "the file is missing" in page
    page = (run / "report" / "services" / "fileden.html").read_text(encoding="utf-8")
    assert "evidence/fileden/home.png" not in page      # a symlink is never linked


# ---------------------------------------------------------------------------------------------
# exports and load_run


def test_exports_hold_every_table(run_pair):
    _, new = run_pair
    reports.render(new)
    import openpyxl
    import pandas as pd

    wb = openpyxl.load_workbook(new / "exports" / "run.xlsx", read_only=True)
    assert {"Run", "Targets", "Verdicts", "Observations", "Evidence", "Measures", "Triage",
            "Profiles", "Changes"} <= set(wb.sheetnames)
    run = read_run(new)
    sheets = pd.read_excel(new / "exports" / "run.xlsx", sheet_name=None, dtype=str)
    assert len(sheets["Verdicts"]) == len(run.verdicts)
    assert len(sheets["Observations"]) == len(run.observations)
    assert list(sheets["Verdicts"].columns) == list(run.verdicts[0])
    names = set(sheets["Targets"]["name"])
    assert HOSTILE_NAME in names                 # text kept as text
    reasons = set(sheets["Verdicts"]["reason"])
    assert HOSTILE_REASON in reasons
    doc = json.loads((new / "exports" / "run.json").read_text(encoding="utf-8"))
    assert doc["run"]["tool_version"] == "0.4.0" and "targets" not in doc["run"]
    verdicts = pd.DataFrame(**doc["tables"]["verdicts"])
    assert len(verdicts) == len(run.verdicts)
    obs = pd.DataFrame(**doc["tables"]["observations"])
    assert obs["confidence"].dtype.kind == "f"
    assert doc["comparison"]["regressions"] == 1
    assert doc["comparison"]["changes"][0]["kind"] in ("regression", "improvement", "unobservable")


def test_xlsx_never_turns_a_target_string_into_a_formula(tmp_path):
    import openpyxl

    from reports.xlsx import Sheet, write_xlsx

    p = tmp_path / "x.xlsx"
    evil = ['=HYPERLINK("http://evil.example","click")', "+1+1", "@SUM(A1)", "-2",
            "a\x00b\x1fc", " padded ", "x" * 40000, "<tag>&amp;", "naïve ✓"]
    write_xlsx(p, [Sheet("Odd [sheet]: name/that is far too long", ["v", "n"],
                         [[e, i] for i, e in enumerate(evil)])])
    wb = openpyxl.load_workbook(p)
    ws = wb.worksheets[0]
    assert len(ws.title) <= 31 and "[" not in ws.title
    cells = [(r[0].value, r[0].data_type, r[1].value) for r in ws.iter_rows(min_row=2)]
    assert [c[1] for c in cells] == ["s"] * len(evil)
    assert cells[0][0] == evil[0] and cells[1][0] == "+1+1" and cells[3][0] == "-2"
    assert cells[4][0] == "a\ufffdb\ufffdc" and cells[5][0] == " padded "
    assert len(cells[6][0]) == 32767 and cells[7][0] == "<tag>&amp;"
    assert cells[8][0] == "naïve ✓" and cells[2][2] == 2


def test_load_run_returns_dataframes(run_pair):
    _, new = run_pair
    run = load_run(new)
    assert len(run.targets) == len(read_run(new).targets)
    assert {"id", "name", "outcome", "service_kind", "rank", "risk_score"} <= set(
        run.targets.columns)
    assert run.observations["confidence"].dtype.kind == "f"
    assert str(run.observations["observed_at"].dt.tz) == "UTC"
    assert set(run.verdicts["status"]) == {"met", "partly_met", "not_met", "not_observable",
                                           "not_applicable"}
    assert run.meta["robots_policy"] == "obey" and "targets" not in run.meta
    assert set(run.evidence["kind"]) >= {"screenshot", "thumbnail", "quote", "text", "dom"}
    assert len(run.measures) == len(MEASURES)
    assert run.triage["rank"].min() == 1
    import auditor

    assert len(auditor.load_run(new).verdicts) == len(run.verdicts)


def test_cli_report_exits_3_on_regression_only_when_asked(run_pair, capsys):
    from auditor.cli import main

    old, new = run_pair
    assert main(["report", str(new)]) == 0
    assert main(["report", str(new), "--fail-on-regression"]) == 3
    assert main(["report", str(new), "--compare", str(new), "--fail-on-regression"]) == 0
    assert "regressions: 1" in capsys.readouterr().out


# ---------------------------------------------------------------------------------------------
# 1,000 services


@pytest.mark.slow
def test_a_thousand_service_report_renders_every_page(tmp_path):
    """Scale, not speed: the time it takes is measured by benchmarks/report_benchmark.py."""
    build_run(tmp_path / "w1", n=1000, started_at="2026-11-16T09:00:00Z")
    new = build_run(tmp_path / "w2", n=1000, started_at="2026-11-23T09:00:00Z",
                    changes=Changes(statuses={(f"svc-{i:04d}", "ICU D1"): "not_met"
                                              for i in range(1, 200)}))
    res = reports.render(new)
    assert res.pages == 4 + 1000 + len(MEASURES)
    assert res.regressions > 0
    index = res.index.read_text(encoding="utf-8")
    assert len(index) < 1_000_000          # the matrix is drawn a page at a time, from JSON
    m = re.search(r'id="report-data">(.*?)</script>', index, re.S)
    assert m and len(json.loads(m.group(1))["services"]) == 1000


def test_hostile_quote_text_is_in_the_evidence(run_pair):
    """The fixture itself: the hostile quote is stored as quote evidence of the hostile target."""
    _, new = run_pair
    texts = [p.read_text() for p in (new / "evidence" / "hostile").glob("quote-*.txt")]
    assert HOSTILE_QUOTE in texts


# ---------------------------------------------------------------------------------------------
# evidence: compact findings, one evidence list, nothing that could run


def _evidence_hrefs(html: str) -> list[str]:
    return [unescape(h) for h in re.findall(r'(?:href|src)="(\.\./\.\./evidence/[^"]*)"', html)]


def test_page_copies_and_active_files_are_never_linked(run_pair):
    _, new = run_pair
    reports.render(new)
    rep = new / "report"
    for p in rep.rglob("*.html"):
        for h in _evidence_hrefs(p.read_text(encoding="utf-8")):
            assert h.lower().endswith((".png", ".jpg", ".jpeg", ".gif", ".webp", ".txt")), (p, h)
    page = (rep / "services" / "hostile.html").read_text(encoding="utf-8")
    hrefs = _evidence_hrefs(page)
    assert "../../evidence/hostile/live.html.txt" in hrefs        # a page copy, as text
    assert not any(h.endswith((".html", ".svg")) for h in hrefs)
    # an older run's .html copy and an SVG are listed with path and hash, not linked
    for path in ("evidence/hostile/legacy.html", "evidence/hostile/shot.svg"):
        assert f'<span class="mono break">{path}</span>' in page
        assert f'href="../../{path}"' not in page
    assert "page copy (HTML)" in page and "page copy (text)" in page
    assert "cannot run from this report" in page and "a .svg file is not linked" in page


def test_each_verdict_shows_its_evidence_briefly_and_the_page_lists_it_once(run_pair):
    _, new = run_pair
    reports.render(new)
    page = (new / "report" / "services" / "hostile.html").read_text(encoding="utf-8")
    verdicts = re.findall(r'<article class="verdict st-.*?</article>', page, re.S)
    assert verdicts
    for v in verdicts:
        inline = v.split('<details class="more">')[0]
        items = re.findall(r'class="evref"', inline)
        assert len(items) <= 3, v[:200]
        for n in re.findall(r'href="#ev-(\d+)"', v):
            assert f'id="ev-{n}"' in page                # every reference has its target
    more = re.search(r'<summary>\+(\d+) more evidence', page)
    assert more and int(more.group(1)) >= 1
    # the evidence list: each cited file once, numbered, with the findings that cite it
    ids = re.findall(r'id="ev-(\d+)"', page)
    assert len(ids) == len(set(ids)) and sorted(map(int, ids)) == list(range(1, len(ids) + 1))
    run = read_run(new)
    cited = {e for v in run.verdicts if v["target_id"] == "hostile"
             and v["status"] in ("met", "partly_met", "not_met")
             for e in v["evidence"].split(";") if e}
    cited |= {e for o in run.observations if o["target_id"] == "hostile"
              for e in o["evidence"].split(";") if e}
    assert len(ids) == len(cited)
    # screenshots in full once (the home page, an SVG listed unlinked, a path outside evidence/)
    assert page.count('<figure id="ev-') == 3
    assert page.count('alt="Screenshot of') == page.count('class="evs"') + 1
    assert "Cited by" in page
    # the full quote is in the list once; findings show it shortened
    assert page.count(unescape("We may remove content.")) >= 1


def test_a_service_page_is_shorter_with_shared_evidence(tmp_path):
    """Every finding of the service cites the same screenshot and quotes: they are drawn once
    in full, so the page grows by a line per finding, not by the evidence."""
    run = build_run(tmp_path / "r", n=2)
    reports.render(run)
    page = (run / "report" / "services" / "brightforum.html").read_text(encoding="utf-8")
    full_quotes = re.findall(r'<blockquote id="ev-', page)
    shots = re.findall(r'<figure id="ev-', page)
    assert len(full_quotes) <= 3 and len(shots) == 1


# ---------------------------------------------------------------------------------------------
# overview, services, measures: rankings, scales, charts, words


def test_where_services_fall_short_ranks_by_gaps_with_a_minimum_base():
    from reports.report import worst_measures
    from reports.view import MeasureView

    def m(i, mid, **counts):
        mv = MeasureView(mid, mid.lower(), "", "", "", [], "", "", None, None, "", "", True)
        mv.counts = {"not_met": 0, "partly_met": 0, "met": 0, "not_observable": 0,
                     "not_applicable": 0, **counts}
        mv.index = i
        return mv

    tiny = m(0, "TINY", not_met=1, not_applicable=30)          # 100% unmet of a base of 1
    two = m(1, "TWO", not_met=2, not_applicable=29)             # 100% of a base of 2
    big = m(2, "BIG", not_met=5, partly_met=4, met=20)          # 7 gaps of 29
    mid = m(3, "MID", not_met=3, met=3)                         # 3 gaps of 6
    half = m(4, "HALF", partly_met=8, met=1)                    # 4 gaps (partly counts half)
    none = m(5, "NONE", met=30)
    worst, base = worst_measures([tiny, two, big, mid, half, none], n_services=31)
    assert base == 3 and [x.id for x in worst] == ["BIG", "HALF", "MID"]
    worst, base = worst_measures([tiny, two], n_services=2)      # a two-service run
    assert base == 2 and [x.id for x in worst] == ["TWO"]


def test_the_overview_says_what_the_ranking_and_scores_mean(run_pair):
    _, new = run_pair
    reports.render(new)
    index = (new / "report" / "index.html").read_text(encoding="utf-8")
    assert "with the most gaps" in index and "fewer than 3 services are left out" in index
    assert "What the scores mean" in index
    services = (new / "report" / "services.html").read_text(encoding="utf-8")
    for words in ("Risk score", "1 means no risk was seen", "Gap score", "0 means no gap",
                  "Priority", "Risk score \u00d7 gap score"):
        assert words in services, words
    # Priority is a number, right-aligned, explained; numbers sort highest first
    run = read_run(new)
    top = run.triage[0]
    from reports.view import fmt_num

    assert f'<td class="num">{fmt_num(float(top["priority"]))}</td>' in services
    assert 'title="priority = risk \u00d7 gaps; the ranking sorts by it">Priority' in services
    assert 'data-first="asc"' in services                       # except the rank
    js = (new / "report" / "assets" / "report.js").read_text(encoding="utf-8")
    assert 'th.classList.contains("num")' in js
    # the matrix: the measures' names, not only their ids, in a legend and the headers' names
    assert '<details class="mlegend small">' in index
    for mid, _code, title, *_ in MEASURES:
        assert f"{mid}</a></dt><dd>{title}" in unescape(index), mid
    assert 'el("span", "vh", ": " + m.t)' in js


def test_status_chart_labels_fit_the_longest_measure_id():
    from reports.charts import label_width_for, status_bars
    from reports.view import MeasureView

    ids = ["ICU C1", "Part5 s81 statement", "OSA s20A"]
    ms = []
    for i, mid in enumerate(ids):
        mv = MeasureView(mid, slug(mid), "", "", "", [], "", "", None, None, "", "", True)
        mv.counts = {"not_met": 2, "partly_met": 1, "met": 3, "not_observable": 0,
                     "not_applicable": 0}
        mv.index = i
        ms.append(mv)
    svg = str(status_bars(ms, "measures/", title="t"))
    label_x = [float(x) for x in re.findall(r'<text x="([\d.]+)" y="[\d.]+" class="axis-label" '
                                            r'text-anchor="end">', svg)]
    # right-aligned labels: the column left of x must hold the longest id at ~7px a character
    assert min(label_x) >= len("Part5 s81 statement") * 7 - 1
    assert label_width_for(["ICU C1"]) < label_width_for(["Part5 s81 statement"])
    bar_x = re.search(r'<rect x="([\d.]+)" y="\d+" width="[\d.]+" height="20" class="track"',
                      svg)
    assert bar_x and float(bar_x.group(1)) > max(label_x)


def test_not_observable_reasons_read_as_words(run_pair):
    from reports.view import reason_text

    assert reason_text("internal_process: an internal process no visitor can see; could not "
                       "check reviews") == ("An internal process no visitor can see; could not "
                                            "check reviews")
    assert reason_text("needs_accounts: no test accounts were named.") == \
        "Needs test accounts, and the target row names none \u2014 no test accounts were named."
    assert reason_text("bot_wall") == "bot_wall"           # no colon: left as it is
    assert reason_text("Deep link to /videos/: no gate") == "Deep link to /videos/: no gate"
    _, new = run_pair
    reports.render(new)
    for p in (new / "report" / "services").glob("*.html"):
        page = p.read_text(encoding="utf-8")
        reasons = re.findall(r'<p class="reason break">(.*?)</p>', page)
        assert not any(re.match(r"[a-z_]+: ", r) for r in reasons), (p.name, reasons[:3])
    # the CSV keeps the code
    assert any(v["reason"].startswith("needs_accounts: ") for v in read_run(new).verdicts)


def test_changes_show_the_earlier_reason_beside_the_new(run_pair):
    old, new = run_pair
    reports.render(new)
    html = (new / "report" / "changes.html").read_text(encoding="utf-8")
    assert "Reason before" in html and "Reason now" in html
    before = next(v["reason"] for v in read_run(old).verdicts
                  if (v["target_id"], v["measure_id"]) == ("brightforum", "ICU C1"))
    reg = html[html.index('id="reg-table"'):html.index('id="improvements"')]
    assert f'<td class="break small was">{before}</td>' in unescape(reg)
    measure = (new / "report" / "measures" / "icu-c1.html").read_text(encoding="utf-8")
    assert '<ul class="changelist">' in measure and "<b>Before:</b>" in measure
    doc = json.loads((new / "exports" / "run.json").read_text(encoding="utf-8"))
    assert {"old_reason", "reason"} <= set(doc["comparison"]["changes"][0])


def test_the_printed_header_carries_the_user_agent(run_pair):
    _, new = run_pair
    reports.render(new)
    ua = json.loads((new / "run.json").read_text())["user_agent"]
    page = (new / "report" / "services" / "brightforum.html").read_text(encoding="utf-8")
    head = re.search(r'<div class="printhead">(.*?)</div>', page, re.S).group(1)
    assert f"user agent {ua}" in unescape(head)


def test_terms_diff_reads_as_prose_not_markdown():
    from reports.compare import sentences

    old = ("# Terms\n\n## 6. Content rules\n\nYou must be seven years old. Do not post "
           "\\<script\\> tags, e.g. in bios.\n- See section 7. It applies.\n")
    new = old.replace("seven", "thirty")
    assert sentences(old) == ["Terms", "6. Content rules", "You must be seven years old.",
                              "Do not post <script> tags, e.g. in bios.", "See section 7.",
                              "It applies."]
    blocks, added, removed, reworded = text_diff(old, new)
    assert reworded == 1 and added == removed == 0
    change = next(b for b in blocks if b["op"] == "change")
    assert ("del", "seven") in change["tokens"] and ("ins", "thirty") in change["tokens"]
    css = (Path(reports.__file__).parent / "static" / "report.css").read_text()
    rule = re.search(r"\.diff ins \{([^}]*)\}", css).group(1)
    assert "text-decoration: underline" in rule


# ---------------------------------------------------------------------------------------------
# exports keep every triage column


def test_exports_and_load_run_keep_every_triage_column(run_pair):
    _, new = run_pair
    reports.render(new)
    import pandas as pd

    run = read_run(new)
    want = ["target_id", "risk_score", "gap_score", "priority", "rank", "themes", "gaps",
            "unobserved"]
    sheet = pd.read_excel(new / "exports" / "run.xlsx", sheet_name="Triage")
    assert list(sheet.columns) == want and len(sheet) == len(run.triage)
    assert sheet["gaps"].dtype.kind in "if" and sheet["priority"].dtype.kind == "f"
    doc = json.loads((new / "exports" / "run.json").read_text(encoding="utf-8"))
    tri = pd.DataFrame(**doc["tables"]["triage"])
    assert list(tri.columns) == want
    first = tri.iloc[0]
    src = run.triage[0]
    assert first["gaps"] == int(src["gaps"]) and first["unobserved"] == int(src["unobserved"])
    assert first["priority"] == pytest.approx(float(src["priority"]))
    data = load_run(new)
    for col in ("risk_score", "gap_score", "priority", "rank", "gaps", "unobserved"):
        assert data.triage[col].dtype.kind in "if", col
    assert data.triage["priority"].iloc[0] == pytest.approx(float(src["priority"]))
    assert {"gaps", "unobserved", "priority"} <= set(data.targets.columns)


def test_cli_report_for_cron_exits_3_when_nothing_could_be_compared(tmp_path, capsys):
    from auditor.cli import main

    new = _broken_pair(tmp_path, "verdicts")
    assert main(["report", str(new)]) == 0                    # a warning, not a failure
    assert "warning" in capsys.readouterr().err
    assert main(["report", str(new), "--fail-on-regression"]) == 3
    assert "could not compare" in capsys.readouterr().err
