"""The sweep end to end against servers the tests start on 127.0.0.1: concurrency, politeness,
robots.txt, budgets, outcomes, walls, scoping and the run folder (counted from server logs)."""

from __future__ import annotations

import csv
import json
import time

import pytest
from sitekit import Site, fast_options, page

from auditor.signals import SIGNALS, check, from_cell, signals_of
from auditor.sweep import run_sweep
from auditor.targets import load_targets

pytestmark = pytest.mark.browser


def forum_routes(name: str, *, slow: float = 0.0) -> dict:
    def home(req):
        if slow:
            time.sleep(slow)
        from werkzeug.wrappers import Response
        return Response(page(name, f"<h1>{name}</h1><p>Welcome to {name}, a friendly forum."
                                   "</p><a href='/t/1'>First thread</a>",
                             "<a href='/terms'>Terms of Service</a> <a href='/privacy'>Privacy"
                             "</a> <a href='/admin/panel'>Admin</a>"), mimetype="text/html")
    return {
        "/": home,
        "/terms": page("Terms", "<p>You must be 13 or older.</p>"),
        "/privacy": page("Privacy", "<p>Privacy notice.</p>"),
        "/t/1": page("Thread", "<p>Hello.</p>"),
        "/admin/panel": page("Admin", "<p>secret</p>"),
        "/robots.txt": (200, {"Content-Type": "text/plain"},
                        "User-agent: *\nDisallow: /admin/\n"),
    }


def sweep(tmp_path, targets_csv, site, rows, **opt):
    path = targets_csv(rows)
    targets = load_targets(path)
    options = fast_options(host_map=site.host_map, **opt)
    out = tmp_path / "run"
    code, outcomes = run_sweep(targets, options, out, targets_file=path.name,
                               targets_sha256="x", judge_and_render=False)
    return code, outcomes, out


def read_csv(path):
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def test_run_folder_holds_one_row_per_target_and_signal(tmp_path, targets_csv):
    hosts = {f"{n}.test": forum_routes(n) for n in ("alpha", "beta")}
    with Site(hosts=hosts) as site:
        code, outcomes, out = sweep(tmp_path, targets_csv, site, [
            {"id": "alpha", "name": "Alpha", "url": "http://alpha.test/"},
            {"id": "beta", "name": "Beta", "url": "http://beta.test/"}])
    assert code == 0 and outcomes == {"alpha": "ok", "beta": "ok"}
    rows = read_csv(out / "observations.csv")
    keys = [(r["target_id"], r["signal"]) for r in rows]
    assert len(keys) == len(set(keys)) == 2 * len(signals_of("discovery"))
    for r in rows:                       # every row is a registered signal of its type
        check(r["signal"], from_cell(r["signal"], r["value"]))
        assert r["signal"] in SIGNALS and r["observed_at"].endswith("Z")
    terms = {r["target_id"]: r["value"] for r in rows if r["signal"] == "discovery.terms_url"}
    assert terms == {"alpha": "http://alpha.test/terms", "beta": "http://beta.test/terms"}
    run = json.loads((out / "run.json").read_text())
    assert run["browser"]["version"] and run["robots_policy"] == "obey"
    assert {t["id"]: t["outcome"] for t in run["targets"]} == outcomes
    manifest = read_csv(out / "evidence" / "manifest.csv")
    kinds = {m["kind"] for m in manifest}
    assert {"screenshot", "thumbnail", "dom"} <= kinds
    import hashlib
    for m in manifest:
        data = (out / m["path"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == m["sha256"]
        assert m["path"].startswith("evidence/") and ".." not in m["path"]


def test_politeness_one_request_in_flight_per_host_with_delay(tmp_path, targets_csv):
    routes = forum_routes("alpha", slow=0.0)
    for i in range(2, 6):
        routes[f"/p{i}"] = page(f"P{i}", "x")
    routes["/"] = page("Home", "<p>hello there</p>", " ".join(
        f"<a href='/p{i}'>Terms</a>" if i == 2 else f"<a href='/p{i}'>Privacy</a>"
        for i in range(2, 4)))
    with Site(hosts={"alpha.test": routes}) as site:
        sweep(tmp_path, targets_csv, site, [{"id": "a", "name": "A", "url": "http://alpha.test/"}],
              politeness_delay=0.5)
        hits = sorted((h for h in site.hits_for("alpha.test") if h.path != "/favicon.ico"),
                      key=lambda h: h.t)
    assert len(hits) >= 4
    for prev, nxt in zip(hits, hits[1:], strict=False):
        assert nxt.t >= prev.end - 0.01, "two requests to one host overlapped"
        assert nxt.t - prev.end >= 0.45, f"no politeness delay before {nxt.path}"


def test_targets_run_concurrently_but_bounded(tmp_path, targets_csv):
    names = [f"s{i}" for i in range(6)]
    hosts = {f"{n}.test": forum_routes(n, slow=0.6) for n in names}
    rows = [{"id": n, "name": n, "url": f"http://{n}.test/"} for n in names]
    with Site(hosts=hosts) as site:
        t0 = time.monotonic()
        code, outcomes, _ = sweep(tmp_path, targets_csv, site, rows, concurrency=3,
                                  screenshots=False, politeness_delay=0.05)
        elapsed = time.monotonic() - t0
        homes = [h for h in site.hits if h.path == "/"]
    assert set(outcomes.values()) == {"ok"}
    events = sorted([(h.t, 1) for h in homes] + [(h.end, -1) for h in homes])
    peak = cur = 0
    for _, d in events:
        cur += d
        peak = max(peak, cur)
    assert 2 <= peak <= 3, f"{peak} home pages were in flight at once; the bound is 3"
    assert elapsed > 0


def test_robots_disallowed_paths_are_never_requested(tmp_path, targets_csv):
    with Site(hosts={"alpha.test": forum_routes("alpha")}) as site:
        sweep(tmp_path, targets_csv, site, [{"id": "a", "name": "A", "url": "http://alpha.test/"}])
        assert site.hits_for("alpha.test", "/robots.txt")
        assert not site.hits_for("alpha.test", "/admin/panel")


@pytest.mark.parametrize("robots, says", [
    ((200, {"Content-Type": "text/plain"}, "User-agent: *\nDisallow: /\n"),
     "robots.txt disallows the start URL"),
    ((503, {"Content-Type": "text/plain"}, "maintenance"), "HTTP 503"),    # unknown = disallowed
])
def test_start_url_disallowed_is_a_checked_outcome_and_nothing_else_is_fetched(
        tmp_path, targets_csv, robots, says):
    routes = forum_routes("alpha")
    routes["/robots.txt"] = robots
    with Site(hosts={"alpha.test": routes}) as site:
        code, outcomes, out = sweep(tmp_path, targets_csv, site,
                                    [{"id": "a", "name": "A", "url": "http://alpha.test/"}])
        paths = {h.path for h in site.hits_for("alpha.test")}
    assert outcomes == {"a": "robots_disallowed"} and code == 0
    assert paths == {"/robots.txt"}
    rows = [r for r in read_csv(out / "observations.csv") if r["signal"] == "discovery.robots"]
    assert rows[0]["value"] == "disallowed"
    reason = json.loads((out / "run.json").read_text())["targets"][0]["reason"]
    assert says in reason


def test_ignore_robots_is_obeyed_and_recorded(tmp_path, targets_csv):
    routes = forum_routes("alpha")
    routes["/robots.txt"] = (200, {"Content-Type": "text/plain"}, "User-agent: *\nDisallow: /\n")
    with Site(hosts={"alpha.test": routes}) as site:
        code, outcomes, out = sweep(tmp_path, targets_csv, site,
                                    [{"id": "a", "name": "A", "url": "http://alpha.test/"}],
                                    ignore_robots=True)
        assert site.hits_for("alpha.test", "/")
    assert outcomes == {"a": "ok"}
    assert json.loads((out / "run.json").read_text())["robots_policy"] == "ignore"


def test_a_target_that_never_answers_costs_at_most_its_budget(tmp_path, targets_csv):
    def hang(req):
        time.sleep(30)
        return page("late", "late")
    hosts = {"stuck.test": {"/": hang}, "alpha.test": forum_routes("alpha")}
    with Site(hosts=hosts) as site:
        t0 = time.monotonic()
        code, outcomes, out = sweep(
            tmp_path, targets_csv, site,
            [{"id": "stuck", "name": "Stuck", "url": "http://stuck.test/"},
             {"id": "alpha", "name": "Alpha", "url": "http://alpha.test/"}],
            timeout_per_target=10, page_timeout=30)
        elapsed = time.monotonic() - t0
    assert outcomes == {"stuck": "timeout", "alpha": "ok"}
    assert code == 1
    assert elapsed < 10 + 15, elapsed        # the hung page (30 s) was cut at the budget
    run = json.loads((out / "run.json").read_text())
    stuck = next(t for t in run["targets"] if t["id"] == "stuck")
    assert "10 s" in stuck["reason"]


def test_unreachable_host_is_an_outcome_not_a_crash(tmp_path, targets_csv):
    with Site(hosts={"alpha.test": forum_routes("alpha")}) as site:
        code, outcomes, _ = sweep(tmp_path, targets_csv, site, [
            {"id": "gone", "name": "Gone", "url": "http://nowhere.test/"},
            {"id": "alpha", "name": "Alpha", "url": "http://alpha.test/"}])
    assert outcomes == {"gone": "unreachable", "alpha": "ok"} and code == 1


def test_bot_wall_and_geo_block_are_findings_with_mirrors(tmp_path, targets_csv):
    wall = (403, {"Content-Type": "text/html"},
            page("Just a moment...", "<h1>Verify you are human</h1>"
                 "<div class='cf-turnstile' data-sitekey='x'></div>"))
    geo = (451, {"Content-Type": "text/html"},
           page("Unavailable", "<p>Sorry, this service is not available in the United Kingdom."
                " Visit our mirror at <a href='http://mirror-geo.example/'>mirror-geo</a>.</p>"))
    hosts = {"walled.test": {"/": wall}, "geo.test": {"/": geo}}
    with Site(hosts=hosts) as site:
        code, outcomes, out = sweep(tmp_path, targets_csv, site, [
            {"id": "walled", "name": "W", "url": "http://walled.test/"},
            {"id": "geo", "name": "G", "url": "http://geo.test/"}])
    assert outcomes == {"walled": "bot_wall", "geo": "geo_blocked"} and code == 0
    rows = {(r["target_id"], r["signal"]): r for r in read_csv(out / "observations.csv")}
    assert rows[("geo", "discovery.mirror_urls")]["value"] == "http://mirror-geo.example/"
    assert rows[("walled", "discovery.bot_wall")]["value"] == "true"
    assert rows[("walled", "discovery.terms_url")]["note"] == "bot_wall"


def test_a_help_subdomain_named_in_extra_domains_is_in_scope_and_nothing_else(tmp_path,
                                                                            targets_csv):
    """The sweep keeps to the target's scope.  Fictional ``.test`` hosts have no registrable
    domain, so the help subdomain joins through ``extra_domains``; how registrable domains
    (``help.`` of a ``.co.uk``) join by themselves is checked on strings in test_core_units."""
    home = page("Quiet", "<p>Hello and welcome to a quiet place.</p>",
                "<a href='http://help.quietplace.test/terms'>Terms of Use</a> "
                "<a href='http://otherplace.test/privacy'>Privacy</a>")
    hosts = {"www.quietplace.test": {"/": home},
             "help.quietplace.test": {"/terms": page("Terms", "<p>Terms</p>")},
             "otherplace.test": {"/privacy": page("P", "<p>P</p>")}}
    with Site(hosts=hosts) as site:
        _, outcomes, out = sweep(tmp_path, targets_csv, site, [
            {"id": "q", "name": "Q", "url": "http://www.quietplace.test/",
             "extra_domains": "help.quietplace.test"}])
        visited_other = site.hits_for(host="otherplace.test")
    rows = {r["signal"]: r for r in read_csv(out / "observations.csv")}
    assert rows["discovery.terms_url"]["value"] == "http://help.quietplace.test/terms"
    assert rows["discovery.privacy_url"]["value"] == ""     # another host, out of scope
    assert not visited_other


def test_a_second_sweep_into_the_same_folder_needs_resume(tmp_path, targets_csv):
    from auditor.sweep import BadInput
    with Site(hosts={"alpha.test": forum_routes("alpha")}) as site:
        rows = [{"id": "a", "name": "A", "url": "http://alpha.test/"}]
        sweep(tmp_path, targets_csv, site, rows)
        with pytest.raises(BadInput, match="--resume"):
            sweep(tmp_path, targets_csv, site, rows)


def test_resume_with_a_different_list_is_refused_and_the_same_list_resumes(tmp_path,
                                                                          targets_csv):
    from auditor.integrity import file_sha256
    from auditor.store import Store
    from auditor.sweep import BadInput

    hosts = {f"{n}.test": forum_routes(n) for n in ("alpha", "beta")}
    with Site(hosts=hosts) as site:
        first = targets_csv([{"id": "alpha", "name": "A", "url": "http://alpha.test/"}],
                            name="weekly.csv")
        other = targets_csv([{"id": "beta", "name": "B", "url": "http://beta.test/"}],
                            name="other.csv")
        out = tmp_path / "run"

        def run(path, **opt):
            return run_sweep(load_targets(path), fast_options(host_map=site.host_map, **opt),
                             out, targets_file=path.name, targets_sha256=file_sha256(path),
                             judge_and_render=False)

        run(first)
        with pytest.raises(BadInput) as info:
            run(other, resume=True)
        message = str(info.value)
        assert "weekly.csv" in message and "other.csv" in message
        assert file_sha256(first)[:12] in message and file_sha256(other)[:12] in message
        assert "new --out" in message and "original list" in message
        assert not site.hits_for("beta.test")
        code, outcomes = run(first, resume=True)
    assert code == 0 and outcomes == {"alpha": "ok"}
    store = Store(out / "run.db")
    try:
        assert [t.id for t, _ in store.targets()] == ["alpha"]
        assert store.get_meta("targets_sha256") == file_sha256(first)
        assert store.get_meta("targets_file") == "weekly.csv"
    finally:
        store.close()


def test_a_fresh_start_over_an_unfinished_folder_keeps_only_its_own_list(tmp_path, targets_csv):
    from auditor.model import Target
    from auditor.store import Store

    out = tmp_path / "run"
    out.mkdir()
    store = Store(out / "run.db")            # a start killed before any target finished
    store.add_targets([Target("stale", "Stale", "http://stale.test/")])
    store.close()
    with Site(hosts={"alpha.test": forum_routes("alpha")}) as site:
        _, outcomes, _ = sweep(tmp_path, targets_csv, site,
                               [{"id": "a", "name": "A", "url": "http://alpha.test/"}])
    assert outcomes == {"a": "ok"}
    run = json.loads((out / "run.json").read_text())
    assert [t["id"] for t in run["targets"]] == ["a"]


def test_a_port_in_extra_domains_brings_that_host_and_port_into_scope(tmp_path, targets_csv):
    home = page("Ported", "<p>Hello and welcome to a quiet place.</p>",
                "<a href='http://help.ported.test:8080/terms'>Terms of Use</a> "
                "<a href='http://help.ported.test:9090/privacy'>Privacy</a>")
    hosts = {"www.ported.test": {"/": home},
             "help.ported.test": {"/terms": page("Terms", "<p>Terms</p>"),
                                  "/privacy": page("P", "<p>P</p>")}}
    with Site(hosts=hosts) as site:
        _, outcomes, out = sweep(tmp_path, targets_csv, site, [
            {"id": "p", "name": "P", "url": "http://www.ported.test/",
             "extra_domains": "help.ported.test:8080"}])
    rows = {r["signal"]: r for r in read_csv(out / "observations.csv")}
    assert rows["discovery.terms_url"]["value"] == "http://help.ported.test:8080/terms"
    assert rows["discovery.privacy_url"]["value"] == ""      # another port, out of scope


def test_a_probe_that_fails_leaves_its_traceback_in_errors_log_with_secrets_masked(
        tmp_path, targets_csv, monkeypatch):
    import types

    import probes
    from auditor.evidence import MASK
    from auditor.runner import ERRORS_LOG

    async def broken(session):
        session.evidence.add_secrets(["hunter2-child-password"])
        raise ValueError("the form said: wrong password hunter2-child-password")

    real_load = probes.load
    monkeypatch.setattr(probes, "load", lambda name: types.SimpleNamespace(run=broken)
                        if name == "terms" else real_load(name))
    with Site(hosts={"a.test": forum_routes("A")}) as site:
        code, outcomes, out = sweep(tmp_path, targets_csv, site,
                                    [{"id": "a", "name": "A", "url": "http://a.test/"}],
                                    probes=("discovery", "terms"))
    assert outcomes == {"a": "ok"}                 # one probe's bug is that probe's
    rows = {r["signal"]: r for r in read_csv(out / "observations.csv")}
    assert rows["terms.min_age"]["note"].startswith("probe_error: ValueError")
    log = (out / ERRORS_LOG).read_text(encoding="utf-8")
    assert "--- " in log and " a terms\n" in log
    assert "Traceback (most recent call last)" in log and "in broken" in log
    assert MASK in log and "hunter2-child-password" not in log
    assert "hunter2-child-password" not in rows["terms.min_age"]["note"]
