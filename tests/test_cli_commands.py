"""The commands of CONTRACT.md as a user runs them: measures, rescore, report, probe."""

from __future__ import annotations

import csv
import io
import re
import shutil

import pytest
from sitekit import Site, page

from auditor.cli import main


def _csv(path):
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def test_measures_lists_the_catalogue_as_text_and_csv(capsys):
    assert main(["measures"]) == 0
    text = capsys.readouterr().out
    for mid in ("ICU D1", "ICU G1", "PCU B4", "Part5 s81", "OSA s20A"):
        assert mid in text
    assert main(["measures", "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert len(rows) >= 40 and {"ICU C9", "ICU F1"} <= {r["id"] for r in rows}


@pytest.mark.browser
@pytest.mark.slow
def test_rescore_writes_verdicts_for_another_edition_beside_the_old(demo_run, tmp_path):
    out, _ = demo_run
    run = tmp_path / "run"
    shutil.copytree(out, run)
    before = (run / "verdicts.csv").read_bytes()
    assert main(["rescore", str(run), "--edition", "2026-06-01"]) == 0
    assert main(["rescore", str(run), "--edition", "2026-10-01"]) == 0
    assert (run / "verdicts.csv").read_bytes() == before          # the old one is kept
    early = _csv(run / "verdicts-2026-06-01.csv")
    late = _csv(run / "verdicts-2026-10-01.csv")
    assert "OSA s20A" not in {r["measure_id"] for r in early}     # in force from 29 June 2026
    assert "OSA s20A" in {r["measure_id"] for r in late}
    assert {r["edition"] for r in early} != {r["edition"] for r in late}
    targets = {r["target_id"] for r in late}
    assert "quietforum" in targets


@pytest.mark.browser
@pytest.mark.slow
def test_report_against_an_older_run_exits_3_on_regression_for_cron(demo_run, tmp_path):
    out, _ = demo_run
    older, newer = tmp_path / "runs" / "a", tmp_path / "runs" / "b"
    shutil.copytree(out, older)
    shutil.copytree(out, newer)
    rows = _csv(older / "verdicts.csv")
    met = next(i for i, r in enumerate(rows) if r["status"] == "met")
    worse = [dict(r) for r in rows]
    worse[met]["status"] = "not_met"
    with open(newer / "verdicts.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, list(rows[0]))
        w.writeheader()
        w.writerows(worse)
    assert main(["report", str(newer), "--compare", str(older)]) == 0
    assert main(["report", str(newer), "--compare", str(older), "--fail-on-regression"]) == 3
    assert (newer / "report" / "index.html").is_file()
    assert (newer / "exports" / "run.xlsx").is_file()
    assert main(["report", str(older), "--compare", str(older), "--fail-on-regression"]) == 0


def test_report_of_a_folder_that_is_not_a_run_exits_2(tmp_path, capsys):
    assert main(["report", str(tmp_path)]) == 2
    assert "Fix" in capsys.readouterr().err


@pytest.mark.browser
def test_probe_command_prints_one_probes_observations(tmp_path, capsys):
    routes = {"/": page("Home", "<p>Welcome to a small place for talking.</p>",
                        "<a href='/legal'>User Agreement</a> <a href='/join'>Join now</a>")}
    routes["/legal"] = page("Terms", "<p>Be 13.</p>")
    routes["/join"] = page("Join", "<form><input name=dob></form>")
    with Site(routes) as site:
        code = main(["probe", "discovery", site.url("/"), "--out", str(tmp_path / "p"),
                     "--delay", "0.1"])
    out = capsys.readouterr().out
    assert code == 0
    assert re.search(rf"discovery\.terms_url +{re.escape(site.url('/legal'))}\n", out)
    assert re.search(rf"discovery\.signup_url +{re.escape(site.url('/join'))}\n", out)
    assert re.search(r"discovery\.login_url +- +\(not_found\)", out)
