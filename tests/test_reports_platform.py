"""The report names each service's community software and, for each gap a setting of it can
close, which setting (inferred from the platform defaults table), escaping what targets gave."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from report_fixtures.build import HOSTILE_REASON, build_run

import reports


def _rewrite(path: Path, change) -> None:
    with open(path, newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
        cols = list(rows[0])
    rows = [change(r) or r for r in rows]
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, cols)
        w.writeheader()
        w.writerows(rows)


def _phpbb_run(tmp_path: Path) -> Path:
    """The synthetic run, with chatterbox on phpBB 3.3.11 (the builder's choice), a hostile
    platform note, visitors unable to report (observed) and ICU D1 not met."""
    run = build_run(tmp_path / "r")
    measures = json.loads((run / "measures.json").read_text(encoding="utf-8"))
    for m in measures:
        if m["id"] == "ICU D1":
            m["signals"] = ["reporting.item_control", "reporting.logged_out"]
    (run / "measures.json").write_text(json.dumps(measures), encoding="utf-8")

    def obs(r):
        if r["target_id"] != "chatterbox":
            return
        if r["signal"] == "reporting.logged_out":
            r["value"] = "false"
        if r["signal"] == "profile.platform":
            assert r["value"] == "phpbb"
            r["note"] = "phpbb recognised from element body#phpbb " + HOSTILE_REASON

    def verdict(r):
        if r["target_id"] == "chatterbox" and r["measure_id"] == "ICU D1":
            r["status"] = "not_met"

    _rewrite(run / "observations.csv", obs)
    _rewrite(run / "verdicts.csv", verdict)
    return run


def test_service_page_names_the_platform_and_the_setting_that_closes_a_gap(tmp_path):
    run = _phpbb_run(tmp_path)
    reports.render(run)
    page = (run / "report" / "services" / "chatterbox.html").read_text(encoding="utf-8")
    assert "Runs <b>phpBB 3.3.11</b>" in page
    assert "Settings of phpBB that can close gaps" in page
    assert "Inferred from phpBB" in page and "documented defaults" in page
    assert "ACP &gt; Forums &gt; Forum permissions &gt; Guests &gt; Can report posts" in page
    assert "observed: reporting.logged_out = false" in page
    assert 'href="#m-' in page.split("Settings of phpBB")[1].split("</section>")[0]
    # what the target gave is text, never markup
    assert HOSTILE_REASON not in page and "<b id=\"pwned\">" not in page
    assert "&lt;/script&gt;&lt;script&gt;alert(" in page
    services = (run / "report" / "services.html").read_text(encoding="utf-8")
    assert "phpBB 3.3.11" in services and "Software</button>" in services


def test_a_service_without_a_recognised_platform_gets_no_settings_section(tmp_path):
    run = _phpbb_run(tmp_path)
    reports.render(run)
    pages = {p.stem: p.read_text(encoding="utf-8")
             for p in (run / "report" / "services").glob("*.html")}
    with open(run / "observations.csv", newline="", encoding="utf-8") as fh:
        none = {r["target_id"] for r in csv.DictReader(fh)
                if r["signal"] == "profile.platform" and not r["value"]}
    assert none
    for tid in none:
        page = next((t for s, t in pages.items() if s.startswith(tid)), None)
        if page is not None:
            assert "Settings of" not in page and "Runs <b>" not in page


def test_a_platform_with_no_gap_to_close_says_so(tmp_path):
    run = build_run(tmp_path / "r")
    reports.render(run)
    with open(run / "observations.csv", newline="", encoding="utf-8") as fh:
        discourse = next(r["target_id"] for r in csv.DictReader(fh)
                         if r["signal"] == "profile.platform" and r["value"] == "discourse")
    page = next((run / "report" / "services").glob(f"{discourse}*.html")).read_text(
        encoding="utf-8")
    assert "Runs <b>Discourse 3.3.11</b>" in page
    assert "No gap was found that a setting of Discourse is known to close." in page
