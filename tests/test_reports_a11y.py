"""Accessibility of the report: axe-core (bundled with axe-playwright-python, so offline) on every
kind of page the report writes, in headless Chromium opened from disk.  No page may have a
violation axe rates serious or critical (public-sector staff read these reports: issue 18).

One report is built from the fixtures (two runs a week apart, so the changes page and the
"changes since" parts have content, and the hostile service is in it); each page is checked
with its <details> opened, so what they hide is checked too.  A last test proves the harness
fails on a page with known violations.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from report_fixtures.build import week_apart

import reports
from auditor.runfolder import read_run

pytestmark = pytest.mark.browser

TEMPLATES = Path(reports.__file__).parent / "templates"
BLOCKING = ("serious", "critical")


@pytest.fixture
def page(report_browser):
    context = report_browser.new_context(viewport={"width": 1400, "height": 900})
    yield context.new_page()
    context.close()


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> tuple[Path, list[str]]:
    """A small sweep (16 services, every hand-made shape) and a later run of it that differs:
    a regression, a dropped and two new services, one service's terms changed.  Returns the
    report folder and the ids of the new services."""
    root = tmp_path_factory.mktemp("a11y")
    old, new = week_apart(root, n=16)
    res = reports.render(new)
    assert res.regressions == 1
    before = {t["id"] for t in read_run(old).targets}
    added = [t["id"] for t in read_run(new).targets if t["id"] not in before]
    assert added
    return new / "report", added


def axe_violations(page) -> list[dict]:
    """axe-core's violations on the page as it is now (every rule axe runs by default)."""
    result = Axe().run(page, options={"resultTypes": ["violations"]}).response
    assert result["passes"], "axe ran no check at all"        # it really looked at the page
    return result["violations"]


def blocking(violations: list[dict]) -> list[str]:
    """The serious and critical ones, one line each: rule, impact, nodes, a couple of targets."""
    out = []
    for v in violations:
        if v["impact"] in BLOCKING:
            where = "; ".join(" ".join(n["target"]) if isinstance(n["target"], list)
                              else str(n["target"]) for n in v["nodes"][:2])
            out.append(f"{v['id']} ({v['impact']}): {len(v['nodes'])} node(s), e.g. {where}")
    return out


def _open_details(page) -> None:
    page.evaluate("() => document.querySelectorAll('details').forEach(d => { d.open = true; })")


def _filtered_and_sorted(page) -> None:
    """The matrix with a status filter (dimmed cells, a pressed chip) and a sorted column."""
    page.select_option("#f-status", "N")
    page.locator("#mx-table thead button[data-col='5']").click()
    assert page.locator("#mx-table td.c.dim").count() > 0
    assert page.locator("#mx-table thead th[aria-sort]").count() == 1


def _sorted_table(page) -> None:
    page.locator("#svc-table thead button", has_text="Risk").click()
    assert page.locator("#svc-table thead th[aria-sort='descending']").count() == 1


def _printed(page) -> None:
    page.emulate_media(media="print")
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")


def test_every_kind_of_report_page_has_no_serious_axe_violation(report, page):
    out, added = report
    new_service = added[0]
    # (page, the template that wrote it, what to do before axe looks)
    checks: list[tuple[str, str, Callable | None]] = [
        ("index.html", "index", None),
        ("index.html", "index", _filtered_and_sorted),
        ("services.html", "services", _sorted_table),
        ("measures.html", "measures", None),
        ("measures/icu-d1.html", "measure", None),
        ("changes.html", "changes", None),
        # every status, changes since the last run, the community software's settings
        ("services/brightforum.html", "service", None),
        # markup, script and odd URLs from the target, shown as text; evidence of every kind
        ("services/hostile.html", "service", None),
        ("services/chatterbox.html", "service", None),      # its terms changed
        ("services/gone.html", "service", None),            # unreachable: nothing checked
        (f"services/{new_service}.html", "service", None),  # not in the earlier run
        ("services/brightforum.html", "service", _printed),  # the case file, as printed
    ]
    # every template that writes a page is among them (base and macros only take part)
    # (check.html is the self-check page, not the report's: tests/test_check_page.py runs axe)
    pages_written = {p.stem for p in TEMPLATES.glob("*.html")} - {"base", "macros", "check"}
    assert {t for _, t, _ in checks} == pages_written

    found: dict[str, list[str]] = {}
    for rel, _tpl, prepare in checks:
        page.emulate_media(media="screen")
        page.goto((out / rel).resolve().as_uri())
        page.wait_for_load_state("load")
        _open_details(page)
        label = rel
        if prepare is not None:
            prepare(page)
            label += f" ({prepare.__name__.strip('_').replace('_', ' ')})"
        bad = blocking(axe_violations(page))
        if bad:
            found[label] = bad
    assert not found, "axe-core found serious or critical violations:\n" + "\n".join(
        f"  {label}: {line}" for label, lines in found.items() for line in lines)


BAD_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Known violations</title></head>
<body><main>
<h1>A page that fails</h1>
<p style="color: #aaaaaa; background: #ffffff">Pale grey text on white (2.3:1).</p>
<button type="button">Open <a href="#x">this</a></button>
</main></body></html>
"""


def test_the_harness_reports_known_violations(page, tmp_path):
    """The same helpers, on a page with low-contrast text and a link inside a button."""
    bad = tmp_path / "bad.html"
    bad.write_text(BAD_PAGE, encoding="utf-8")
    page.goto(bad.resolve().as_uri())
    lines = blocking(axe_violations(page))
    rules = {line.split(" ", 1)[0] for line in lines}
    assert {"color-contrast", "nested-interactive"} <= rules, lines
    assert any(line.startswith("color-contrast (serious): 1 node(s), e.g. p") for line in lines)
