"""Accessibility signals (issue 18): axe-core on report and complaints forms and on the terms
page (``reporting.a11y_violations``, ``terms.a11y_violations``), and what the measures make of
them (ICU/PCU D2, G3).

Pages with known violations and clean ones prove the signal both ways; hostile pages (a fake
``axe``, a replaced ``Array.prototype.map`` and ``JSON.stringify``, a page that hogs its main
thread) prove an odd answer is "not observed", never "clean".
"""

from __future__ import annotations

import asyncio
import json
from datetime import date

import pytest
import sitekit
from sitekit import Site
from test_reporting_probe import Served, audit, semantic_routes
from test_terms_probe import audit as terms_audit
from test_terms_probe import home, terms_page

from auditor.measures.catalogue import load_catalogue
from auditor.measures.scoring import score_target
from auditor.model import Observation, Target
from probes.a11y import A11y, Violation, check_page, parse, total

CAT = load_catalogue()


def browser(fn):
    skip = pytest.mark.skipif(not sitekit.have_chromium(), reason="no Chromium")
    return pytest.mark.browser(skip(fn))


# -- unit: reading axe's answer ---------------------------------------------------------------
def _answer(*violations: tuple[str, str, int], run: int = 40) -> str:
    return json.dumps({"scoped": False, "run": run, "violations": [
        {"id": rid, "impact": impact, "help": "h", "nodes": n, "targets": ["#a"]}
        for rid, impact, n in violations]})


def test_only_serious_and_critical_violations_count():
    res = parse("http://t.test/", _answer(("label", "critical", 2), ("color-contrast", "serious",
                                                                     5),
                                          ("region", "moderate", 9), ("list", "minor", 1)))
    assert res.count == 2
    assert res.summary() == "label (critical, 2 elements); color-contrast (serious, 5 elements)"


@pytest.mark.parametrize("answer", [
    None, "", "not json", "[]", json.dumps({"run": 3}), json.dumps({"violations": []}),
    json.dumps({"run": "many", "violations": []}), json.dumps({"run": 3, "violations": "none"}),
])
def test_an_odd_answer_is_not_observed_never_clean(answer):
    res = parse("http://t.test/", answer)
    assert res.count is None and res.error.startswith("error:")


def test_an_answer_from_no_rule_at_all_is_not_observed():
    res = parse("http://t.test/", _answer(run=0))
    assert res.count is None and "ran no rule" in res.error


def test_total_sums_pages_read_and_names_each_rule_and_page():
    a = A11y("http://t.test/report", [Violation("label", "critical", 1)], rules_run=30)
    b = A11y("http://t.test/complaints", [], rules_run=30)
    c = A11y("http://t.test/help", error="timeout: axe-core did not finish in 8 s")
    n, note = total([a, b, c])
    assert n == 1
    assert note.startswith("axe: label (critical, 1 element) on http://t.test/report")
    assert "none on http://t.test/complaints" in note and "timeout" in note
    assert total([c]) == (None, c.error)


# -- axe in a real page -----------------------------------------------------------------------
BROKEN_FORM = """<!doctype html><html lang="en"><head><title>Report</title></head><body><main>
<h1>Report a post</h1>
<form id="f"><select name="why"><option>Spam</option><option>Hate</option></select>
<textarea name="details"></textarea><input type="text" name="who">
<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">
<button type="submit"><svg width="10" height="10"></svg></button></form>
<p style="color:#bbb;background:#fff">We review reports within 48 hours.</p>
</main></body></html>"""

CLEAN_FORM = """<!doctype html><html lang="en"><head><title>Report</title></head><body><main>
<h1>Report a post</h1>
<form id="f"><label for="why">Reason</label>
<select id="why" name="why"><option>Spam</option><option>Hate</option></select>
<label for="d">Tell us more</label><textarea id="d" name="details"></textarea>
<button type="submit">Send report</button></form>
<p>We review reports within 48 hours.</p></main></body></html>"""


def _ids(res: A11y) -> set[str]:
    return {v.rule for v in res.violations}


@browser
async def test_known_violations_are_found_and_a_clean_form_has_none():
    async with sitekit.browser_page() as pg:
        await pg.set_content(BROKEN_FORM)
        bad = await check_page(pg)
        await pg.set_content(CLEAN_FORM)
        good = await check_page(pg)
    assert {"select-name", "label", "button-name", "image-alt", "color-contrast"} <= _ids(bad)
    assert bad.count == len(bad.violations) >= 5 and not bad.error
    assert all(v.impact in ("serious", "critical") for v in bad.violations)
    assert good.count == 0 and good.rules_run > 10, "axe really read the clean form"


@browser
async def test_only_the_scope_is_read_when_it_matches():
    scoped = CLEAN_FORM.replace('<form id="f">', '<form id="f" data-osa-scope="1">').replace(
        "</main>", '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="></main>')
    async with sitekit.browser_page() as pg:
        await pg.set_content(scoped)
        inside = await check_page(pg, scope="[data-osa-scope]")
        whole = await check_page(pg)
        missing = await check_page(pg, scope="#no-such-thing")
    assert inside.count == 0 and inside.scope == "[data-osa-scope]"
    assert "image-alt" in _ids(whole) and whole.scope == ""
    assert "image-alt" in _ids(missing) and missing.scope == "", "no match: the whole page"


HOSTILE = BROKEN_FORM.replace("</body>", """<script>
window.axe = {run: function () { return Promise.resolve({violations: [], passes: [{}]}); }};
Array.prototype.map = function () { return []; };
Array.prototype.slice = function () { return []; };
JSON.stringify = function () { return '{"run": 99, "violations": []}'; };
Object.defineProperty(window, 'axe', {value: window.axe, writable: false});
</script></body>""")


@browser
async def test_a_page_cannot_bend_axe_from_its_own_scripts():
    async with sitekit.browser_page() as pg:
        await pg.set_content(HOSTILE)
        res = await check_page(pg)
    assert not res.error
    assert {"select-name", "label", "button-name", "image-alt"} <= _ids(res)


@browser
async def test_a_page_that_hogs_its_main_thread_is_not_observed():
    busy = CLEAN_FORM.replace("</body>", "<script>setTimeout(function () { var end = Date.now()"
                                         " + 6000; while (Date.now() < end) {} }, 30);"
                                         "</script></body>")
    async with sitekit.browser_page() as pg:
        await pg.set_content(busy)
        await asyncio.sleep(0.2)             # the page's loop has begun
        res = await check_page(pg, seconds=1.0)
    assert res.count is None and res.error.startswith("timeout:")


# -- the probes ---------------------------------------------------------------------------------
BROKEN_DIALOG = """<dialog id="report-dialog"><form method="post" action="/api/report">
<h2>Report this</h2><select name="reason"><option>Spam</option><option>Hate speech</option>
<option>It puts a child in danger</option></select>
<textarea name="details"></textarea>
<button type="submit"><svg width="12" height="12"></svg></button></form></dialog>
<script>document.querySelectorAll('button.report').forEach(function (b) {
b.addEventListener('click', function () {
document.getElementById('report-dialog').showModal(); }); });</script>"""


def _broken_semantic_routes() -> dict:
    routes = semantic_routes()
    for path, html in list(routes.items()):
        if isinstance(html, str) and "<dialog id=\"report-dialog\"" in html:
            start = html.index('<dialog id="report-dialog"')
            end = html.index("</script>", start) + len("</script>")
            routes[path] = html[:start] + BROKEN_DIALOG + html[end:]
    return routes


@browser
async def test_reporting_counts_the_violations_of_the_form_reached(tmp_path):
    with Served(_broken_semantic_routes()) as srv:
        a = await audit(srv.url(), tmp_path)
    assert a["item_control"] is True
    n = a["a11y_violations"]
    note = a.note("a11y_violations")
    assert n is not None and n >= 3, note
    assert note.startswith("axe: ") and "select-name" in note and "button-name" in note
    assert "/post/" in note, "the page where the form was reached is named"
    shots = {e.evidence_id for e in a.evidence.items if e.kind == "screenshot"}
    assert set(a.obs["reporting.a11y_violations"].evidence) & shots


@browser
async def test_reporting_on_an_accessible_form_counts_none(tmp_path):
    with Served(semantic_routes()) as srv:
        a = await audit(srv.url(), tmp_path)
    assert a["a11y_violations"] == 0, a.note("a11y_violations")
    assert "none on" in a.note("a11y_violations")


@browser
async def test_no_a11y_leaves_the_signal_empty_saying_why(tmp_path):
    with Served(semantic_routes()) as srv:
        a = await audit(srv.url(), tmp_path, a11y=False)
    assert a["a11y_violations"] is None
    assert a.note("a11y_violations").startswith("not_run:")
    assert a["item_control"] is True, "the rest of the probe is unchanged"


@browser
async def test_terms_page_violations_both_ways(tmp_path):
    low_contrast = ('<p style="color:#c8c8c8;background:#ffffff">Contact us at '
                    'legal@acorn.example about these terms.</p>'
                    '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">')
    for extra, want_some in ((low_contrast, True), ("", False)):
        routes = {"/": home('<a href="/terms">Terms of Service</a>'),
                  "/terms": terms_page(extra)}
        with Site(routes) as site:
            a = await terms_audit(site.url("/"), tmp_path / str(want_some))
        n, note = a["a11y_violations"], a.o("a11y_violations").note
        assert n is not None, note
        assert (n > 0) is want_some, note
        if want_some:
            assert "color-contrast" in note and "image-alt" in note
        assert a["reachable_logged_out"] is True


# -- the measures -------------------------------------------------------------------------------
def _judge(measure_id: str, obs: list[Observation]) -> tuple[str, str]:
    target = Target("t", "T", "https://t.example/", service_kind="forum", size_band="small")
    verdicts = score_target(target, obs, "ok", CAT, date(2026, 12, 7))
    v = next(v for v in verdicts if v.measure_id == measure_id)
    return v.status, v.reason


def _o(signal: str, value: object, note: str = "") -> Observation:
    return Observation(signal.split(".")[0], signal, value, 0.9, note)


D2_MET = [_o("reporting.item_control", True), _o("reporting.steps", 2),
          _o("reporting.free_text", True), _o("reporting.keyboard", True),
          _o("reporting.barrier", "none"),
          _o("discovery.complaints_url", "https://t.example/complaints"),
          _o("discovery.report_url", "https://t.example/report")]
G3_MET = [_o("discovery.terms_url", "https://t.example/terms"),
          _o("terms.reachable_logged_out", True), _o("terms.clicks_from_home", 1),
          _o("terms.reading_grade", 6.0), _o("terms.min_age", 13)]


@pytest.mark.parametrize("measure, base, signal", [
    ("ICU D2", D2_MET, "reporting.a11y_violations"),
    ("PCU D2", D2_MET, "reporting.a11y_violations"),
    ("ICU G3", G3_MET, "terms.a11y_violations"),
])
def test_violations_make_a_measure_at_most_partly_met(measure, base, signal):
    before = _judge(measure, base)
    assert before[0] == "met", before
    assert _judge(measure, [*base, _o(signal, 0, "axe: none on https://t.example/r")])[0] == "met"
    status, reason = _judge(measure, [*base, _o(signal, 2, "axe: label (critical, 1 element); "
                                                           "button-name (critical, 1 element) "
                                                           "on https://t.example/r")])
    assert status == "partly_met"
    assert "label" in reason and "button-name" in reason, "the rules are named in the reason"
    # not observed (axe timed out) and an older run without the signal: as before
    assert _judge(measure, [*base, _o(signal, None, "timeout: axe-core did not finish")]) \
        == before
