"""The report in headless Chromium, opened from disk: matrix, filters, sorting, pages, print,
and hostile target content that must never run.

Screenshots go to ``$REPORT_SCREENSHOTS`` when set (to look at them), else to the test's tmp dir.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
from report_fixtures.build import HOSTILE_NAME, MEASURES, week_apart

import reports
from auditor.runfolder import read_run

pytestmark = pytest.mark.browser

ORDER = "NPOMA-"


@pytest.fixture
def shots(tmp_path):
    d = Path(os.environ.get("REPORT_SCREENSHOTS") or tmp_path / "shots")
    d.mkdir(parents=True, exist_ok=True)
    return d


@pytest.fixture(scope="module")
def sweep(tmp_path_factory):
    """Two runs of the same 60-service list a week apart; the later one rendered."""
    root = tmp_path_factory.mktemp("runs")
    _, new = week_apart(root, n=60)
    res = reports.render(new)
    assert res.regressions == 1
    return new


class Watch:
    """Dialogs, requests that leave the disk, page errors and CSP violations of one page."""

    INIT = """
      window.__csp = [];
      document.addEventListener('securitypolicyviolation', function (e) {
        window.__csp.push(e.violatedDirective + ' ' + e.blockedURI);
      });
    """

    def __init__(self, browser):
        self.context = browser.new_context(viewport={"width": 1400, "height": 900})
        self.context.add_init_script(self.INIT)
        self.dialogs: list[str] = []
        self.remote: list[str] = []
        self.errors: list[str] = []
        self.console: list[str] = []      # console messages of every page (the report logs none)
        self._watched: set[int] = set()
        self.context.on("page", self._watch)      # and every popup a link opens
        self.page = self.context.new_page()
        self._watch(self.page)

    def _watch(self, page) -> None:
        if id(page) in self._watched:
            return
        self._watched.add(id(page))
        page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        page.on("request", lambda r: r.url.startswith("file:") or self.remote.append(r.url))
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("console", lambda m: self.console.append(f"{page.url}: {m.text}"))

    def csp(self) -> list[str]:
        return self.page.evaluate("window.__csp")

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def watch(report_browser):
    w = Watch(report_browser)
    yield w
    w.close()


def _rows(page) -> list[dict]:
    return page.evaluate("""() => Array.from(document.querySelectorAll('#mx-table tbody tr'))
      .filter(tr => tr.querySelector('th'))
      .map(tr => ({name: tr.querySelector('th a').textContent,
                   kind: tr.querySelector('th .k').textContent,
                   cells: Array.from(tr.querySelectorAll('td.c')).map(td =>
                       td.className.replace(/.*st-(\\w+).*/, '$1'))}))""")


def _summary(page) -> str:
    return page.locator("#mx-summary").inner_text()


def _url(p: Path) -> str:
    return p.resolve().as_uri()


_EVIDENCE_LINKS = "a[href^='../../evidence/']"


def _open_all_details(page) -> None:
    page.evaluate("() => document.querySelectorAll('details').forEach(d => { d.open = true; })")


def click_every_evidence_link(watch, service_page: Path) -> list[str]:
    """Open a service page, expand the observations and every "+N more", and click each
    evidence link in turn (popups included); returns the hrefs clicked."""
    page = watch.page
    page.goto(_url(service_page))
    _open_all_details(page)
    hrefs = [page.locator(_EVIDENCE_LINKS).nth(i).get_attribute("href")
             for i in range(page.locator(_EVIDENCE_LINKS).count())]
    assert hrefs, "no evidence links on the page"
    for i, href in enumerate(hrefs):
        page.goto(_url(service_page))
        _open_all_details(page)
        link = page.locator(_EVIDENCE_LINKS).nth(i)
        assert link.get_attribute("href") == href
        link.scroll_into_view_if_needed()
        link.click()
        page.wait_for_timeout(250)               # a script would have run by now
        for other in watch.context.pages:
            if other is not page:
                other.wait_for_load_state()
                other.close()
    return hrefs


@pytest.mark.slow
def test_report_of_a_demo_sweep(demo_run, watch, shots):
    """The report the sweep itself rendered, for the bundled demo web.

    First in this file on purpose: the demo sweep (a session fixture) runs its own event loop,
    so it must start before this module's sync Playwright browser does."""
    out, _ = demo_run
    meta = json.loads((out / "run.json").read_text())
    page = watch.page
    page.goto(_url(out / "report" / "index.html"))
    page.wait_for_selector("#mx-table tbody tr")
    rows = _rows(page)
    assert len(rows) == min(50, len(meta["targets"]))
    page.screenshot(path=str(shots / "demo-overview.png"), full_page=True)
    page.locator("#mx-table tbody th a").first.click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == rows[0]["name"]
    assert page.locator("article.verdict").count() > 0
    page.screenshot(path=str(shots / "demo-service.png"), full_page=True)
    assert watch.dialogs == [] and watch.remote == [] and watch.errors == []
    assert watch.csp() == []
    # the demo's hostile service: none of its evidence links runs its script (its web archive
    # is a download, a zip: nothing in it runs)
    hrefs = click_every_evidence_link(watch, out / "report" / "services" / "trapdoor.html")
    assert not [h for h in hrefs if not re.search(r"\.(png|jpg|txt|wacz)$", h)], hrefs
    assert "../../evidence/trapdoor/trapdoor-archive.wacz" in hrefs
    assert watch.dialogs == [] and watch.console == [] and watch.errors == []
    assert watch.remote == []


def test_matrix_filters_sorting_and_a_service_page(sweep, watch, shots):
    page = watch.page
    run = read_run(sweep)
    n = len(run.targets)
    page.goto(_url(sweep / "report" / "index.html"))
    page.wait_for_selector("#mx-table tbody tr")
    page.screenshot(path=str(shots / "overview.png"), full_page=True)

    # the matrix: one page of 50 rows, one cell per measure, status as class and as text
    rows = _rows(page)
    assert len(rows) == 50 and f"Showing 1\u201350 of {n} services" in _summary(page)
    assert all(len(r["cells"]) == len(MEASURES) for r in rows)
    first = run.triage[0]["target_id"]
    assert rows[0]["name"] == next(t["name"] for t in run.targets if t["id"] == first)
    label = page.locator("#mx-table tbody tr").first.locator("td.c").first.inner_text()
    assert re.search(r"(Not met|Partly met|Met|Not observable|Not applicable)$", label)
    counts = {s: sum(v["status"] == s for v in run.verdicts) for s in
              ("not_met", "partly_met", "met", "not_observable", "not_applicable")}
    assert f"Not met: {counts['not_met']}" in _summary(page)
    assert f"Not applicable: {counts['not_applicable']}" in _summary(page)

    # filters: service kind, theme and code (columns), status, search
    page.select_option("#f-kind", "forum")
    rows = _rows(page)
    kinds = [t["row"]["service_kind"] for t in run.targets]
    assert len(rows) == kinds.count("forum") and all(r["kind"].startswith("forum") for r in rows)
    page.select_option("#f-kind", "")
    page.select_option("#f-theme", "search")
    assert page.locator("#mx-table thead th.mh").count() == \
        sum("search" in m[4] for m in MEASURES)
    page.select_option("#f-theme", "")
    # a column heading shows the measure's id and is named by its title too
    head = page.locator("#mx-table thead th.mh button").first
    assert head.inner_text().startswith(MEASURES[0][0])
    assert page.evaluate("b => b.textContent", head.element_handle()) == \
        f"{MEASURES[0][0]}: {MEASURES[0][2]}"
    page.select_option("#f-code", "PCU")
    assert page.locator("#mx-table thead th.mh").count() == sum(m[1] == "PCU" for m in MEASURES)
    page.select_option("#f-status", "N")
    rows = _rows(page)
    assert rows and all("not_met" in r["cells"] for r in rows)
    assert page.locator("#mx-table td.c.dim").count() > 0
    page.locator("#matrix").screenshot(path=str(shots / "matrix-filtered.png"))
    page.click("#f-reset")
    assert f"Showing 1\u201350 of {n} services" in _summary(page)
    page.fill("#f-q", "bright")
    assert [r["name"] for r in _rows(page)] == ["Bright Forum"]
    page.fill("#f-q", "")

    # sorting: by name, then by one measure's column (worst first, then the other way)
    page.select_option("#f-sort", "name")
    names = [r["name"] for r in _rows(page)]
    assert page.evaluate("ns => ns.every((n, i) => i === 0 || ns[i - 1].localeCompare(n, "
                         "undefined, {sensitivity: 'base', numeric: true}) <= 0)", names)
    page.locator("#mx-table thead button[data-col='5']").click()       # ICU D1
    col = [ORDER.index({"not_met": "N", "partly_met": "P", "not_observable": "O", "met": "M",
                        "not_applicable": "A"}.get(r["cells"][5], "-")) for r in _rows(page)]
    assert col == sorted(col) and col[0] == 0
    assert page.locator("#mx-table thead th[aria-sort]").count() == 1
    page.locator("#mx-table thead button[data-col='5']").click()
    col = [r["cells"][5] for r in _rows(page)]
    assert col[0] != "not_met"

    # pages of rows, and the view survives a reload (kept in the address)
    page.select_option("#f-size", "25")
    page.get_by_role("button", name="Next page").click()
    assert f"Showing 26\u201350 of {n}" in _summary(page)
    assert "Page 2 of 3" in page.locator("#mx-pager").inner_text()
    page.reload()
    page.wait_for_selector("#mx-table tbody tr")
    assert f"Showing 26\u201350 of {n}" in _summary(page)
    page.click("#f-reset")

    # a cell opens the service page at that verdict
    page.select_option("#f-sort", "rank")
    cell = page.locator("#mx-table tbody tr").first.locator("td.c a").nth(5)
    href = cell.get_attribute("href")
    assert href.startswith("services/") and href.endswith("#m-icu-d1")
    cell.click()
    page.wait_for_load_state()
    assert page.url.endswith(href)
    assert page.locator("article.verdict:target").count() == 1
    assert page.locator("article.verdict:target h4 a").inner_text() == "ICU D1"

    # a service page by clicking its name: profile, verdicts, evidence, what was not checked
    page.goto(_url(sweep / "report" / "index.html"))
    page.fill("#f-q", "Bright Forum")
    page.get_by_role("link", name="Bright Forum", exact=True).first.click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Bright Forum"
    assert page.locator("#prof-h").is_visible() and page.locator("#nc-h").is_visible()
    assert page.locator("article.verdict").count() == len(MEASURES)
    img = page.locator("article.verdict figure img").first
    img.scroll_into_view_if_needed()
    assert page.evaluate("i => i.complete && i.naturalWidth > 0", img.element_handle())
    full = page.locator("article.verdict figure a").first.get_attribute("href")
    assert full.startswith("../../evidence/") and full.endswith((".png", ".jpg"))
    quote = page.locator("article.verdict blockquote p").first.inner_text()
    assert quote.startswith("\u201c") and quote.endswith("\u201d")
    assert page.locator("time").first.get_attribute("datetime").endswith("Z")
    assert "regression" in page.locator("#chg-h").locator("..").inner_text()
    page.screenshot(path=str(shots / "service.png"), full_page=True)

    # print: a clean case file (no navigation, details opened)
    page.emulate_media(media="print")
    assert not page.locator("header.top").is_visible()
    assert page.locator(".printhead").is_visible()
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    assert page.locator("details.obs").get_attribute("open") is not None
    page.screenshot(path=str(shots / "service-print.png"), full_page=True)
    pdf = page.pdf(format="A4")
    assert pdf[:4] == b"%PDF"
    page.emulate_media(media="screen")

    # measure page and changes page
    page.goto(_url(sweep / "report" / "measures" / "icu-d1.html"))
    assert page.locator("tbody tr").count() == n
    page.screenshot(path=str(shots / "measure.png"), full_page=True)
    page.goto(_url(sweep / "report" / "changes.html"))
    assert page.locator("#reg-table tbody tr").count() == 1
    assert page.locator("#terms .diff del").first.inner_text() == "13"
    page.screenshot(path=str(shots / "changes.png"), full_page=True)
    page.goto(_url(sweep / "report" / "services.html"))
    page.locator("#svc-table thead button", has_text="Service").click()
    names = page.locator("#svc-table tbody td.svcname a").all_inner_texts()
    assert len(names) == n
    # numbers sort highest first on the first click, lowest first on the second
    risk = page.locator("#svc-table thead button", has_text="Risk")
    # the Risk column found by its heading (columns are added over time: Software, ...)
    col = ('(() => { const i = Array.from(document.querySelectorAll("#svc-table thead th"))'
           '.findIndex((th) => th.textContent.trim() === "Risk"); '
           'return Array.from(document.querySelectorAll("#svc-table tbody tr")).map(r => '
           'Number(r.cells[i].textContent)); })()')
    risk.click()
    vals = page.evaluate(col)
    assert vals == sorted(vals, reverse=True) and vals[0] > vals[-1]
    risk.click()
    assert page.evaluate(col) == sorted(vals)
    assert watch.dialogs == [] and watch.remote == [] and watch.errors == []
    assert watch.csp() == []
    for name in ("overview", "matrix-filtered", "service", "service-print", "measure",
                 "changes"):
        data = (shots / f"{name}.png").read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 5000


def test_hostile_target_content_runs_no_script(sweep, watch, shots):
    page = watch.page
    pages = ["index.html", "services/hostile.html", "services.html", "changes.html",
             "measures/icu-c1.html", "measures.html"]
    for rel in pages:
        page.goto(_url(sweep / "report" / rel))
        page.wait_for_load_state("load")
        found = page.evaluate("""() => ({
            pwned: !!document.getElementById('pwned'),
            img: document.querySelectorAll('img[src="x"], img:not([src^="../"])').length,
            frames: document.querySelectorAll('iframe, object, embed').length,
            handlers: Array.from(document.querySelectorAll('*')).filter(e =>
                Array.from(e.attributes).some(a => a.name.startsWith('on'))).length,
            jsLinks: Array.from(document.querySelectorAll('[href]')).filter(e =>
                !/^(https?:|\\.\\.?\\/|#|[a-z0-9-]+(\\/|\\.html))/i.test(e.getAttribute('href'))
            ).map(e => e.getAttribute('href')),
        })""")
        assert found == {"pwned": False, "img": 0, "frames": 0, "handlers": 0, "jsLinks": []}, \
            (rel, found)
        assert watch.csp() == [], (rel, watch.csp())
    # the hostile strings are on the page, as text
    page.goto(_url(sweep / "report" / "services" / "hostile.html"))
    assert page.locator("h1").inner_text() == HOSTILE_NAME
    assert page.get_by_text("alert('quote')", exact=False).count() >= 1
    page.goto(_url(sweep / "report" / "index.html"))
    page.fill("#f-q", "script")
    assert [r["name"] for r in _rows(page)] == [HOSTILE_NAME]
    page.locator("#matrix").screenshot(path=str(shots / "hostile-matrix.png"))
    assert watch.dialogs == [] and watch.remote == [] and watch.errors == []

    # and the content security policy is really in force: injected script is refused
    page.evaluate("""() => {
        const s = document.createElement('script');
        s.textContent = 'window.__ran = 1; alert(1)';
        document.body.appendChild(s);
        const d = document.createElement('div');
        d.innerHTML = '<img src="../evidence/none.png" onerror="window.__ran2 = 1">';
        document.body.appendChild(d);
    }""")
    page.wait_for_timeout(300)
    assert page.evaluate("[window.__ran, window.__ran2]") == [None, None]
    assert len(watch.csp()) >= 2 and all("script-src" in v for v in watch.csp())
    assert watch.dialogs == []


def test_no_evidence_link_runs_a_targets_script(sweep, watch):
    """The hostile service's evidence includes page copies full of script (one kept as text,
    one as an older run's .html) and an SVG: clicking every evidence link on its page (the
    observations and every "+N more" expanded) opens nothing that runs."""
    hrefs = click_every_evidence_link(watch, sweep / "report" / "services" / "hostile.html")
    assert "../../evidence/hostile/live.html.txt" in hrefs
    assert not [h for h in hrefs if not re.search(r"\.(png|jpg|txt)$", h)], hrefs
    assert watch.dialogs == [] and watch.errors == [] and watch.remote == []
    assert watch.console == [], watch.console
    # the page copy opens as text: its script is characters on the screen
    page = watch.page
    page.goto(_url(sweep / "evidence" / "hostile" / "live.html.txt"))
    assert page.evaluate("document.contentType") == "text/plain"
    assert "<script>" in page.inner_text("body")
    assert watch.dialogs == [] and watch.console == []
    # and the watch would have seen it: the older run's .html copy, opened as a page, runs
    page.goto(_url(sweep / "evidence" / "hostile" / "legacy.html"))
    for _ in range(20):                     # its events arrive a moment later on a busy machine
        if watch.dialogs and any("hostile-dom-ran" in c for c in watch.console):
            break
        page.wait_for_timeout(250)
    assert watch.dialogs and any("hostile-dom-ran" in c for c in watch.console)
