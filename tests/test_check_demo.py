"""``auditor check`` run as a user runs it, against the bundled demo web on 127.0.0.1: a bot
wall is a finding (exit 0), an unreachable site exits 1, the consent plan is printed before
anything is sent, and with forms the page lists what was created and how to remove it.  (The
page itself, in a browser, is tests/test_check_page.py.)"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

import auditor.check
from auditor.cli import main
from auditor.demo.server import DemoWeb

pytestmark = [pytest.mark.browser, pytest.mark.slow]

FAST = ["--delay", "0.1", "--progress", "none"]


def _resolve(web: DemoWeb) -> list[str]:
    return [a for h in web.hosts for a in ("--resolve", f"{h}=127.0.0.1:{web.port}")]


def _today() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%d")


def _page(out: Path, host: str) -> Path:
    return out / f"check-{host}-{_today()}.html"


def test_a_bot_wall_is_a_finding_exit_0(tmp_path, capsys):
    with DemoWeb(["gatehouse"]) as web:
        code = main(["check", web.url("gatehouse"), "--out", str(tmp_path), *FAST,
                     *_resolve(web)])
    assert code == 0
    out = capsys.readouterr().out
    assert "bot wall" in out and "This is a finding" in out and "No gap found" not in out
    html = _page(tmp_path, "www.gatehouse.test").read_text(encoding="utf-8")
    assert "A bot wall stopped the check" in html and "This is a finding, not an error" in html
    assert "found nothing either way" in html


def test_an_unreachable_site_exits_1_and_says_so(tmp_path, capsys):
    code = main(["check", "http://nobody-home.test/", "--out", str(tmp_path), *FAST,
                 "--resolve", "nobody-home.test=127.0.0.1:9", "--timeout-per-target", "30"])
    assert code == 1
    out = capsys.readouterr().out
    assert "could not be audited" in out
    page = tmp_path / f"check-nobody-home.test-{_today()}.html"
    assert "We could not reach your site" in page.read_text(encoding="utf-8")


def test_with_yes_the_plan_is_printed_before_anything_is_sent(tmp_path, capsys, monkeypatch):
    seen_before_run = {}
    real = auditor.check.run_sweep

    def spy(targets, options, *args, **kwargs):
        seen_before_run["out"] = capsys.readouterr().out
        seen_before_run["allow_forms"] = targets[0].allow_forms
        return real(targets, options, *args, **kwargs)

    monkeypatch.setattr(auditor.check, "run_sweep", spy)
    code = main(["check", "http://nobody-home.test/", "--allow-forms", "--yes",
                 "--signup-ages", "13,30", "--out", str(tmp_path), *FAST,
                 "--resolve", "nobody-home.test=127.0.0.1:9", "--timeout-per-target", "30"])
    assert code == 1
    before = seen_before_run["out"]
    assert before.startswith("With --allow-forms") and "13, 30" in before
    assert "--yes given" in before and seen_before_run["allow_forms"] is True
    page = tmp_path / f"check-nobody-home.test-{_today()}.html"
    html = page.read_text(encoding="utf-8")
    assert "You allowed this check to fill in forms" in html and "How to remove it" in html


def test_with_forms_the_page_lists_what_was_created_and_how_to_remove_it(tmp_path, capsys):
    with DemoWeb(["quietforum"]) as web:
        code = main(["check", web.url("quietforum"), "--allow-forms", "--yes",
                     "--probes", "signup,messaging", "--out", str(tmp_path), *FAST,
                     *_resolve(web)])
        posted = [r for r in web.requests() if r.method == "POST"]
    assert code == 0
    out = capsys.readouterr().out
    assert out.index("With --allow-forms") < out.index("the check ran to the end")
    assert posted, "the check submitted nothing"
    html = _page(tmp_path, "www.quietforum.co.uk").read_text(encoding="utf-8")
    forms = html[html.index('id="forms-h"'):]
    assert "The sign-up form was filled in for made-up people aged 12, 15, 25" in forms
    assert "The youngest age your sign-up accepted was 15" in forms
    assert "tried to send one private message" in forms and "refused it" in forms
    assert "How to remove it" in forms and "osa_" in forms and "automated safety test" in forms
    run = tmp_path / f"check-www.quietforum.co.uk-{_today()}"
    plan = json.loads((run / "check.json").read_text(encoding="utf-8"))
    assert plan["allow_forms"] is True and plan["confirmed"] == "confirmed with --yes"
