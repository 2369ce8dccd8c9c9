"""The page of ``auditor check`` for demo services with gaps (fileden; lanternboard on phpBB),
checked once per module: ordered findings, each with what was seen, why and what to do,
pictures that exist, the software's own setting; and the page in a real browser (375 px,
axe-core, a hostile service's text inert).  Every check runs before the browser starts (the
``page`` fixture needs ``checked``): a sync Playwright loop and the sweep's asyncio.run cannot
share a thread."""

from __future__ import annotations

import contextlib
import csv
import io
import re
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote

import pytest
from axe_playwright_python.sync_playwright import Axe
from report_fixtures.build import HOSTILE_NAME, HOSTILE_REASON, build_run

from auditor.cli import main
from auditor.demo.server import DemoWeb
from reports.check_page import NOT_ADVICE, order_key, render_check

pytestmark = [pytest.mark.browser, pytest.mark.slow]

FAST = ["--delay", "0.1", "--progress", "none"]
BLOCKING = ("serious", "critical")


def _resolve(web: DemoWeb) -> list[str]:
    return [a for h in web.hosts for a in ("--resolve", f"{h}=127.0.0.1:{web.port}")]


def _today() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%d")


@pytest.fixture(scope="module")
def checked(tmp_path_factory):
    """One check of fileden (gaps; the row's risk as its operator would give it) and one of
    lanternboard (phpBB), visitor only, with the terminal output of each."""
    out = tmp_path_factory.mktemp("check")
    results = {}
    with DemoWeb(["fileden", "lanternboard"]) as web:
        for sid, extra in (("fileden", ["--risk", "csam_image=medium", "--kind",
                                        "file_sharing"]),
                           ("lanternboard", ["--children-likely", "--kind", "forum"])):
            url = web.url(sid)
            buf = io.StringIO()
            with contextlib.redirect_stdout(buf):
                code = main(["check", url, "--out", str(out), *FAST, *_resolve(web), *extra])
            results[sid] = (code, buf.getvalue(), url)
    return out, results


def _page(out: Path, host: str) -> Path:
    return out / f"check-{host}-{_today()}.html"


class _Cards(HTMLParser):
    """The finding cards of the page: measure id, and the text under each h4."""

    def __init__(self):
        super().__init__()
        self.cards: list[dict] = []
        self.links: list[str] = []
        self.images: list[str] = []
        self._in: str | None = None
        self._h4 = ""

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "li" and "finding" in (a.get("class") or ""):
            self.cards.append({"status": a["class"].split()[1], "sections": {}, "ref": ""})
        elif self.cards and tag == "h4":
            self._in = "h4"
        elif self.cards and tag == "p" and (a.get("class") or "") in ("seen", "why", "todo",
                                                                      "ref"):
            self._in = a["class"]
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        if tag == "img" and a.get("src"):
            self.images.append(a["src"])

    def handle_endtag(self, tag):
        if tag in ("h4", "p"):
            self._in = None

    def handle_data(self, data):
        if self._in == "h4":
            self._h4 = data.strip()
            self.cards[-1]["sections"].setdefault(self._h4, "")
        elif self._in in ("seen", "why", "todo"):
            self.cards[-1]["sections"][self._h4] += data
        elif self._in == "ref":
            self.cards[-1]["ref"] += data


def test_a_service_with_gaps_gets_its_page_with_ordered_findings(checked):
    out, results = checked
    code, terminal, _ = results["fileden"]
    assert code == 0
    page = _page(out, "fileden.test")
    run = out / f"check-fileden.test-{_today()}"
    assert page.is_file() and (run / "run.json").is_file() and (run / "verdicts.csv").is_file()
    html = page.read_text(encoding="utf-8")
    assert NOT_ADVICE in html
    cards = _Cards()
    cards.feed(html)
    assert len(cards.cards) >= 3
    for card in cards.cards:
        sections = card["sections"]
        for head in ("What we saw", "Why it matters", "What to do"):
            assert sections.get(head, "").strip(), f"{card['ref']}: no text under {head!r}"
        assert list(sections)[:3] == ["What we saw", "Why it matters", "What to do"]
    # the order: as order_key gives it from the verdicts, and the ids come after the words
    with open(run / "verdicts.csv", newline="", encoding="utf-8") as fh:
        gaps = [r for r in csv.DictReader(fh) if r["status"] in ("not_met", "partly_met")]
    expected = [r["measure_id"] for r in sorted(gaps, key=lambda r: order_key(
        r["status"], r["severity"], r["applicability"], r["measure_id"]))]
    shown = [re.search(r"Measure (.+?):", c["ref"]).group(1).strip() for c in cards.cards]
    assert shown == expected
    statuses = [c["status"] for c in cards.cards if "only if" not in c["ref"]]
    assert statuses == sorted(statuses, key=("not_met", "partly_met").index)
    first = html.index("What we saw")
    assert html.index(expected[0]) > first            # the measure id only after the words
    # the terminal summary leads with the same first finding and names the page
    assert f"({expected[0]}:" in terminal.splitlines()[2]
    assert str(page) in terminal and "Not legal advice" in terminal


def test_screenshots_are_relative_links_to_files_beside_the_page(checked):
    out, _ = checked
    page = _page(out, "fileden.test")
    cards = _Cards()
    cards.feed(page.read_text(encoding="utf-8"))
    pictures = cards.images
    assert pictures, "no screenshot on the page"
    evidence_links = [h for h in cards.links if "/evidence/" in h]
    assert evidence_links
    for ref in pictures + evidence_links:
        assert ref.startswith("./check-fileden.test-") and "://" not in ref
        assert (page.parent / unquote(ref)).is_file(), ref


def test_a_recognised_forum_software_gets_its_own_setting(checked):
    out, results = checked
    code, _, _ = results["lanternboard"]
    assert code == 0
    html = _page(out, "forum.lanternboard.org.uk").read_text(encoding="utf-8")
    assert "Your site runs <strong>phpBB" in html
    assert "Forum permissions" in html and "Can report posts" in html


# -- in a browser ---------------------------------------------------------------------------

@pytest.fixture
def page(checked, report_browser):
    context = report_browser.new_context(viewport={"width": 375, "height": 800})
    p = context.new_page()
    p.dialogs = []
    p.on("dialog", lambda d: (p.dialogs.append(d.message), d.dismiss()))
    yield p
    context.close()


def _blocking(violations: list[dict]) -> list[str]:
    return [f"{v['id']} ({v['impact']})" for v in violations if v["impact"] in BLOCKING]


@pytest.mark.parametrize("host", ["fileden.test", "forum.lanternboard.org.uk"])
def test_the_page_fits_375_px_loads_its_pictures_and_passes_axe(checked, page, host):
    out, _ = checked
    page.goto(_page(out, host).as_uri())
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    sizes = page.evaluate("[...document.images].map(i => i.complete && i.naturalWidth)")
    assert sizes and all(sizes), "a picture did not load"
    page.evaluate("() => document.querySelectorAll('details').forEach(d => { d.open = true; })")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    result = Axe().run(page, options={"resultTypes": ["violations"]}).response
    assert result["passes"]
    assert not _blocking(result["violations"])


def test_the_harness_sees_a_page_that_scrolls_sideways(page, tmp_path):
    wide = tmp_path / "wide.html"
    wide.write_text('<!DOCTYPE html><html lang="en"><title>w</title><meta name="viewport" '
                    'content="width=device-width"><div style="width:900px">x</div></html>')
    page.goto(wide.as_uri())
    assert page.evaluate("document.documentElement.scrollWidth") > 375


def test_a_hostile_services_text_is_inert(tmp_path, page):
    run = build_run(tmp_path / "run")
    target = tmp_path / "check-hostile.html"
    view = render_check(run, target, "hostile")
    assert view.name == HOSTILE_NAME
    html = target.read_text(encoding="utf-8")
    assert "<script" not in html.lower()
    assert "<img src=x" not in html and "<b id=\"pwned\">" not in html
    page.goto(target.as_uri())
    assert page.dialogs == []
    assert page.evaluate("document.scripts.length") == 0
    assert page.evaluate("document.querySelectorAll('[onerror],[onload],#pwned').length") == 0
    assert HOSTILE_NAME in page.inner_text("h1")              # shown as text
    assert page.title().endswith(HOSTILE_NAME)
    assert any(HOSTILE_REASON in f.detail for f in view.gaps)
    assert HOSTILE_REASON in page.inner_text("main")           # the reason, as text
    hrefs = page.evaluate("[...document.links].map(a => a.getAttribute('href'))")
    assert not [h for h in hrefs if h.lower().startswith(("javascript:", "data:", "file:"))]
    local = [h for h in hrefs + page.evaluate("[...document.images].map(i => i.getAttribute("
                                              "'src'))") if "://" not in h]
    assert local and all(h == "./run/" or h.startswith("./run/evidence/") for h in local)
    assert not [h for h in local if ".." in unquote(h)]
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
