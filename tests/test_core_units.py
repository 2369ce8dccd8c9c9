"""Core pieces on plain data: the signal registry, evidence redaction, scope, politeness gates,
the run-folder lock and the command line's answers to bad input."""

from __future__ import annotations

import asyncio
import hashlib
import io
import json
import time

import pytest
from PIL import Image

from auditor.cli import main
from auditor.evidence import MASK, EvidenceRecorder
from auditor.lock import FolderLocked, RunLock
from auditor.model import Observation
from auditor.politeness import HostGates
from auditor.scope import Scope, host_port, scope_key
from auditor.signals import SIGNALS, SignalError, check, from_cell, to_cell

# -- the registry -----------------------------------------------------------------------------


def test_every_contract_probe_has_signals_and_types_are_known():
    probes = {s.probe for s in SIGNALS.values()}
    assert probes == {"discovery", "terms", "reporting", "age_gate", "signup", "messaging",
                      "profile"}
    assert {s.kind for s in SIGNALS.values()} <= {"bool", "number", "url", "enum", "list",
                                                   "hash", "date", "text"}
    per_probe = {p: sum(1 for s in SIGNALS.values() if s.probe == p) for p in probes}
    # CONTRACT.md's signals, extended by age_gate.provider_methods (README, providers table)
    assert per_probe == {"discovery": 13, "terms": 20, "reporting": 16, "age_gate": 14,
                         "signup": 9, "messaging": 14, "profile": 9}


@pytest.mark.parametrize("signal,value", [
    ("terms.min_ages", 13),                      # not registered
    ("terms.min_age", "13"),                     # number as text
    ("terms.reporting", "true"),                 # bool as text
    ("age_gate.type", "checkbox"),               # not one of the words
    ("terms.harms_covered", ["terrorism", "memes"]),
    ("discovery.terms_url", "javascript:alert(1)"),
    ("terms.text_sha256", "abc"),
    ("terms.last_updated", "3 March 2025"),
])
def test_unregistered_or_ill_typed_observations_fail(signal, value):
    with pytest.raises(SignalError):
        Observation(signal.split(".")[0], signal, value)


def test_a_probe_cannot_write_another_probes_signal():
    with pytest.raises(SignalError, match="may not write"):
        Observation("terms", "reporting.item_control", True)


def test_cells_round_trip():
    for signal, value in [("terms.min_age", 13), ("terms.reporting", False),
                          ("terms.harms_covered", ["csea", "hate"]), ("reporting.steps", 2.5),
                          ("age_gate.type", "dob_entry"), ("terms.last_updated", "2025-03-03")]:
        check(signal, value)
        assert from_cell(signal, to_cell(value)) == value
    assert to_cell(None) == "" and from_cell("terms.min_age", "") is None


# -- evidence -----------------------------------------------------------------------------------


def _png(color=(200, 30, 30), size=(400, 900)) -> bytes:
    buf = io.BytesIO()
    img = Image.new("RGB", size, color)
    for x in range(0, size[0], 20):          # detail that a blur must remove
        for y in range(size[1]):
            img.putpixel((x, y), (0, 0, 0))
    img.save(buf, format="PNG")
    return buf.getvalue()


def test_redacted_screenshot_is_blurred_and_keeps_the_original_hash(tmp_path):
    rec = EvidenceRecorder(tmp_path, "velvet", set())
    raw = _png()
    eid = rec.picture(raw, url="http://velvet.test/", redact=True)
    item = next(e for e in rec.items if e.evidence_id == eid)
    stored = (tmp_path / item.path).read_bytes()
    assert item.original_sha256 == hashlib.sha256(raw).hexdigest()
    assert item.sha256 == hashlib.sha256(stored).hexdigest() != item.original_sha256
    with Image.open(io.BytesIO(stored)) as img:
        assert img.getpixel((0, 10)) != (0, 0, 0)          # the black lines are gone
    thumb = next(e for e in rec.items if e.evidence_id == f"{eid}-thumb")
    assert thumb.kind == "thumbnail"
    with Image.open(tmp_path / thumb.path) as img:
        assert img.width == 320 and img.height <= 400


def test_unredacted_screenshot_hashes_are_equal(tmp_path):
    rec = EvidenceRecorder(tmp_path, "forum", set())
    eid = rec.picture(_png(), url="http://forum.test/")
    item = next(e for e in rec.items if e.evidence_id == eid)
    assert item.sha256 == item.original_sha256


@pytest.mark.parametrize("fmt", ["PNG", "JPEG"])
def test_thumbnail_shows_the_top_of_a_tall_page_at_scale(fmt):
    """PNG and JPEG alike (a JPEG is decoded at a reduced scale): the top of the page, 320 px
    wide, in the screenshot's own format."""
    from auditor.evidence import thumbnail

    tall = Image.new("RGB", (1280, 6000), (255, 255, 255))
    for y in range(0, 200):                       # a black band across the top 200 px only
        for x in range(0, 1280, 4):
            tall.putpixel((x, y), (0, 0, 0))
    buf = io.BytesIO()
    tall.save(buf, format=fmt)
    with Image.open(io.BytesIO(thumbnail(buf.getvalue()))) as img:
        assert img.format == fmt
        assert img.size == (320, 400)              # 320 wide, cropped to 400 tall
        assert sum(img.getpixel((10, 20))) < 600   # the band, scaled by 1/4, is at the top
        assert sum(img.getpixel((10, 60))) > 740   # and ends where it ended (200 px / 4)
        assert sum(img.getpixel((10, 300))) > 750
    short = io.BytesIO()
    Image.new("RGB", (640, 100), (9, 9, 9)).save(short, format=fmt)
    with Image.open(io.BytesIO(thumbnail(short.getvalue()))) as img:
        assert img.size == (320, 50)


def test_screenshots_of_several_pages_at_once_keep_distinct_ordered_ids(tmp_path):
    rec = EvidenceRecorder(tmp_path, "forum", set())

    class FakePage:
        url = "http://forum.test/"
        viewport_size = {"width": 640}

        async def evaluate(self, _script, _arg=None):
            return 900

        async def screenshot(self, **_kw):
            return _png()

    async def shoot():
        return await asyncio.gather(*(rec.screenshot(FakePage()) for _ in range(6)))

    ids = asyncio.run(shoot())
    assert ids == [f"forum-screenshot-{i:03d}" for i in range(1, 7)]
    kinds = sorted(e.kind for e in rec.items)
    assert kinds.count("screenshot") == 6 and kinds.count("thumbnail") == 6
    assert all((tmp_path / e.path).exists() for e in rec.items)


def test_credentials_are_masked_in_captures(tmp_path):
    rec = EvidenceRecorder(tmp_path, "forum", {"hunter2-secret"})
    html = ('<form><input type="password" name="pw" value="typed-in-pass">'
            '<p>Logged in with hunter2-secret</p></form>')
    eid = rec.text(html, url="http://forum.test/login", kind="dom")
    item = next(e for e in rec.items if e.evidence_id == eid)
    text = (tmp_path / item.path).read_text()
    assert "hunter2-secret" not in text and "typed-in-pass" not in text and MASK in text
    assert item.original_sha256 != item.sha256


def test_credentials_are_masked_in_their_url_and_html_encoded_forms_too(tmp_path):
    rec = EvidenceRecorder(tmp_path, "forum", {"amy.tester@example.org", "pass word&1"})
    page = ('<a href="/profile?email=amy.tester%40example.org">me</a> '
            '<a href="/login?pw=pass+word%261">again</a> <p>pass word&amp;1</p>')
    masked = rec.mask(page)
    assert "amy.tester" not in masked and "pass" not in masked, masked
    assert masked.count(MASK) == 3


def test_evidence_file_names_never_come_from_urls(tmp_path):
    rec = EvidenceRecorder(tmp_path, "t1", set())
    rec.text("x", url="http://evil.test/../../etc/passwd?<script>", kind="quote")
    rec.capture(b"%PDF", url="http://evil.test/a/../../b.pdf", ext="../pdf")
    for e in rec.items:
        assert e.path.startswith("evidence/t1/t1-") and ".." not in e.path
        assert (tmp_path / e.path).resolve().is_relative_to(tmp_path.resolve())


# -- scope ----------------------------------------------------------------------------------------


def test_scope_uses_registrable_domains_and_host_port_without_one(monkeypatch):
    import tldextract

    from auditor import scope
    s = Scope("https://www.example.com/", ["example.net"])       # names reserved by RFC 2606
    assert "https://help.example.com/terms" in s
    assert "https://static.example.net/x.pdf" in s
    assert "https://example.org/" not in s and "https://com/" not in s
    assert "mailto:abuse@example.com" not in s
    # a public suffix of two labels (as co.uk): a reserved name made one for the test
    monkeypatch.setattr(scope, "_EXTRACT", tldextract.TLDExtract(
        suffix_list_urls=(), cache_dir=None, extra_suffixes=("sch.test",)))
    scope.registrable.cache_clear()
    try:
        two = Scope("https://www.quietforum.sch.test/")
        assert "https://help.quietforum.sch.test/terms" in two
        assert "https://other.sch.test/" not in two and "https://sch.test/" not in two
    finally:
        scope.registrable.cache_clear()
    ip = Scope("http://127.0.0.1:8080/")
    assert "http://127.0.0.1:8080/terms" in ip and "http://127.0.0.1:8081/" not in ip
    assert scope_key("http://fileden.test/x") == "fileden.test:80"
    assert "http://other.fileden.test/" not in Scope("http://fileden.test/")
    assert host_port("https://Example.org/") == "example.org:443"


def test_extra_domains_with_a_port_match_that_port_and_bare_ones_any_port():
    s = Scope("http://forum.test:8080/", ("help.forum.test:8080",))
    assert "http://help.forum.test:8080/x" in s
    assert "http://docs.help.forum.test:8080/x" in s            # its subdomains too
    assert "http://help.forum.test/x" not in s and "http://help.forum.test:8081/" not in s
    bare = Scope("http://forum.test:8080/", ("help.forum.test",))
    assert "http://help.forum.test:8080/x" in bare and "https://help.forum.test/" in bare
    default = Scope("http://forum.test/", ("cdn.forum.test:443",))
    assert "https://cdn.forum.test/a.js" in default and "http://cdn.forum.test/" not in default
    v6 = Scope("http://forum.test/", ("[::1]:8080",))
    assert "http://[::1]:8080/" in v6 and "http://[::1]/" not in v6
    assert "http://help.forum.test:99999/" not in s             # a broken port is nobody's


# -- politeness ---------------------------------------------------------------------------


async def test_host_gate_serialises_one_host_with_a_delay_and_lets_others_run():
    gates = HostGates(delay=0.2)
    spans: dict[str, list[tuple[float, float]]] = {"a": [], "b": []}

    async def visit(host, owner):
        async with gates.hold(host, owner):
            t0 = time.monotonic()
            await asyncio.sleep(0.1)
            spans[host].append((t0, time.monotonic()))

    t0 = time.monotonic()
    await asyncio.gather(*(visit("a", object()) for _ in range(3)),
                         *(visit("b", object()) for _ in range(3)))
    total = time.monotonic() - t0
    for host in "ab":
        s = sorted(spans[host])
        for (_, end), (start, _) in zip(s, s[1:], strict=False):
            assert start - end >= 0.19
    assert total < 1.2           # the two hosts went side by side (serial would be ~1.7 s)


async def test_the_delay_runs_from_when_a_block_went_quiet_never_before_a_request_in_it():
    gates = HostGates(delay=0.3)
    owner = object()
    async with gates.hold("a", owner) as held:
        await asyncio.sleep(0.4)                 # reading a page that went quiet at the start
        held.quiet_since = time.monotonic() - 0.4
    t0 = time.monotonic()
    async with gates.hold("a", owner):
        assert time.monotonic() - t0 < 0.05      # 0.4 s of quiet already: no wait
    async with gates.hold("a", owner) as held:
        quiet = time.monotonic()
        async with gates.hold("a", owner):       # an HTTP fetch inside the block: a request
            await asyncio.sleep(0.05)
        fetched = time.monotonic()
        held.quiet_since = quiet                 # the page went quiet before the fetch
    t1 = time.monotonic()
    async with gates.hold("a", owner):           # waits from the fetch's end
        assert time.monotonic() - fetched >= 0.29
    async with gates.hold("a", owner):           # a block that cannot say: from its end
        pass
    t2 = time.monotonic()
    async with gates.hold("a", owner):
        assert time.monotonic() - t2 >= 0.29
    assert t1 - t0 < 0.5


async def test_same_owner_reenters_its_gate_without_deadlock():
    gates = HostGates(delay=0.0)
    owner = object()
    async with gates.hold("a", owner):
        async with gates.hold("a", owner):
            pass


async def test_crossed_nested_holds_never_share_a_host_and_never_deadlock():
    """Two sessions each holding one host and asking for the other's (A then B, B then A) used
    to wait 30 s and then go ahead without the lock: two owners in flight on one host."""
    gates = HostGates(delay=0.0)
    busy: dict[str, set[int]] = {"a": set(), "b": set()}
    overlaps: list[str] = []

    async def work(host: str, who: int) -> None:
        busy[host].add(who)
        if len(busy[host]) > 1:
            overlaps.append(host)
        await asyncio.sleep(0.05)
        busy[host].discard(who)

    async def session(first: str, second: str, who: int) -> None:
        owner = object()
        async with gates.hold(first, owner):
            await work(first, who)
            async with gates.hold(second, owner):
                await work(second, who)
                async with gates.hold(second, owner):     # same-owner re-entry still works
                    await work(second, who)
            await work(first, who)                        # back on the first host, held again

    await asyncio.wait_for(asyncio.gather(*(session("a", "b", i) for i in range(3)),
                                          *(session("b", "a", 10 + i) for i in range(3))), 5)
    assert not overlaps, f"two owners were in flight on {overlaps}"


async def test_a_cancelled_nested_hold_leaves_every_gate_free():
    gates = HostGates(delay=0.0)
    blocker, owner = object(), object()
    async with gates.hold("b", blocker):
        async def nested():
            async with gates.hold("a", owner):
                async with gates.hold("b", owner):        # waits: "b" is the blocker's
                    pass
        task = asyncio.create_task(nested())
        await asyncio.sleep(0.05)
        async with gates.hold("a", object()):             # "a" was lent while it waited
            pass
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
    for host in "ab":
        await asyncio.wait_for(_hold_once(gates, host), 1)


async def _hold_once(gates, host):
    async with gates.hold(host, object()):
        pass


def test_a_hosts_crawl_delay_is_used_when_longer_and_capped():
    gates = HostGates(delay=1.0)
    assert gates.set_delay("slow.test:80", 5) == 5.0 and gates.delay_for("slow.test:80") == 5.0
    assert gates.set_delay("eager.test:80", 0.2) == 1.0       # never shorter than --delay
    assert gates.set_delay("greedy.test:80", 3600) == 30.0    # capped
    assert gates.delay_for("other.test:80") == 1.0


# -- lock and command line ----------------------------------------------------------------------


def test_a_second_sweep_on_a_locked_folder_is_refused(tmp_path):
    with RunLock(tmp_path):
        with pytest.raises(FolderLocked, match="another sweep"):
            with RunLock(tmp_path):
                pass
    with RunLock(tmp_path):          # released again
        pass


def test_bad_target_list_exits_2_with_line_and_fix(tmp_path, capsys):
    bad = tmp_path / "t.csv"
    bad.write_text("id,name,url\nok1,One,https://one.example/\nBad Id,Two,ftp://two\n")
    code = main(["sweep", str(bad), "--out", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert code == 2
    assert "t.csv:3" in err and "Fix" in err
    assert not (tmp_path / "out" / "run.db").exists()     # nothing visited, nothing written


def test_missing_file_and_bad_options_exit_2(tmp_path, capsys):
    assert main(["sweep", str(tmp_path / "nope.csv"), "--out", str(tmp_path / "o")]) == 2
    good = tmp_path / "t.csv"
    good.write_text("id,name,url\na,A,https://a.example/\n")
    assert main(["sweep", str(good), "--out", str(tmp_path / "o"), "--probes", "nosuch"]) == 2
    assert main(["sweep", str(good), "--out", str(tmp_path / "o"), "--resolve", "x"]) == 2
    assert main(["rescore", str(tmp_path), "--edition", "yesterday"]) == 2
    err = capsys.readouterr().err
    assert err.count("Fix") >= 3
    for ages in ("twelve", "12,200", ""):
        assert main(["sweep", str(good), "--out", str(tmp_path / "o"), "--signup-ages", ages]) == 2
        assert "--signup-ages" in capsys.readouterr().err


@pytest.mark.parametrize("args,words", [
    (["--proxy", "notaurl"], ["--proxy", "http://", "socks5://"]),
    (["--proxy", "http://"], ["--proxy", "host"]),
    (["--proxy", "ftp://proxy.example:21"], ["--proxy", "http://"]),
    (["--delay", "-1"], ["--delay", "0 or more"]),
    (["--delay", "nan"], ["--delay"]),
    (["--timeout-per-target", "0"], ["--timeout-per-target", "more than 0"]),
    (["--max-pages", "0"], ["--max-pages", "at least 1"]),
    (["--max-megabytes", "0.5"], ["--max-megabytes", "at least 1"]),
    (["--concurrency", "0"], ["--concurrency", "at least 1"]),
    (["--render-concurrency", "0"], ["--render-concurrency"]),
    (["--memory-budget", "-1"], ["--memory-budget", "0 (no limit) or more"]),
])
def test_bad_option_values_exit_2_with_the_fix(tmp_path, capsys, args, words):
    good = tmp_path / "t.csv"
    good.write_text("id,name,url\na,A,https://a.example/\n")
    assert main(["sweep", str(good), "--out", str(tmp_path / "o"), *args]) == 2
    err = capsys.readouterr().err
    assert "Fix:" in err and "Traceback" not in err
    for word in words:
        assert word in err
    assert not (tmp_path / "o" / "run.db").exists()


def test_a_proxy_password_is_never_echoed(tmp_path, capsys):
    good = tmp_path / "t.csv"
    good.write_text("id,name,url\na,A,https://a.example/\n")
    main(["sweep", str(good), "--out", str(tmp_path / "o"), "--proxy", "ftp://me:hunter2@p.example"])
    assert "hunter2" not in capsys.readouterr().err


def test_good_option_values_pass():
    from auditor.cli import _options, build_parser

    a = build_parser().parse_args(["sweep", "t.csv", "--out", "o", "--proxy",
                                   "http://proxy.example.net:3128", "--delay", "0",
                                   "--max-pages", "1", "--timeout-per-target", "0.5",
                                   "--memory-budget", "0"])
    opts = _options(a)
    assert opts.memory_budget_mb == 0                     # no limit
    assert opts.proxy == "http://proxy.example.net:3128" and opts.politeness_delay == 0
    assert opts.max_pages_per_target == 1 and opts.timeout_per_target == 0.5


def test_resume_with_another_list_is_refused_naming_both(tmp_path, capsys):
    from auditor.integrity import file_sha256
    from auditor.store import Store

    first = tmp_path / "first.csv"
    first.write_text("id,name,url\na,A,https://a.example/\n")
    other = tmp_path / "other.csv"
    other.write_text("id,name,url\nb,B,https://b.example/\n")
    out = tmp_path / "run"
    out.mkdir()
    store = Store(out / "run.db")                   # what a sweep of first.csv leaves behind
    store.set_meta("targets_file", "first.csv")
    store.set_meta("targets_sha256", file_sha256(first))
    store.close()
    assert main(["sweep", str(other), "--out", str(out), "--resume"]) == 2
    err = capsys.readouterr().err
    assert "first.csv" in err and "other.csv" in err and "new --out" in err
    assert file_sha256(first)[:12] in err and file_sha256(other)[:12] in err
    store = Store(out / "run.db")
    assert store.targets() == [] and store.get_meta("targets_file") == "first.csv"
    store.close()


def test_signup_ages_come_from_the_option_else_the_environment(monkeypatch):
    from auditor.cli import _options, build_parser

    monkeypatch.setenv("AUDITOR_SIGNUP_AGES", "16,11")
    a = build_parser().parse_args(["sweep", "t.csv", "--out", "o"])
    assert _options(a).ages() == (11, 16)
    a = build_parser().parse_args(["sweep", "t.csv", "--out", "o", "--signup-ages", "14,30"])
    assert _options(a).ages() == (14, 30)


def test_accounts_without_secrets_file_exit_2(tmp_path, capsys):
    t = tmp_path / "t.csv"
    t.write_text("id,name,url,accounts\na,A,https://a.example/,forum\n")
    assert main(["sweep", str(t), "--out", str(tmp_path / "o")]) == 2
    assert "t.csv:2" in capsys.readouterr().err


def test_time_spent_queueing_moves_the_targets_deadline_and_the_session_sees_it():
    from types import SimpleNamespace

    from auditor.runner import _extend_by_waits

    async def scenario():
        loop = asyncio.get_running_loop()
        session = SimpleNamespace(waited=0.0, deadline=None)
        async with asyncio.timeout(30) as deadline:
            start = loop.time()
            session.deadline = deadline.when()
            watch = asyncio.create_task(_extend_by_waits(deadline, session, 30))
            session.waited = 12.0                   # queued 12 s for render slots
            await asyncio.sleep(1.3)
            moved = session.deadline - start
            session.waited = 500.0                  # far more than the cap of 2x the budget
            await asyncio.sleep(1.1)
            capped = session.deadline - start
            watch.cancel()
        return moved, capped

    moved, capped = asyncio.run(scenario())
    assert 41.5 < moved < 42.5                      # 30 + 12
    assert 89.5 < capped < 90.5                     # 30 + 2 x 30


def test_session_time_left_is_unknown_outside_a_sweep_and_counts_down_inside():
    from auditor.session import Session

    session = Session.__new__(Session)
    session.deadline = None

    async def left():
        assert session.time_left() is None
        session.deadline = asyncio.get_running_loop().time() + 5
        return session.time_left()

    assert 4.5 < asyncio.run(left()) <= 5


def test_a_link_to_a_section_of_a_page_keeps_its_own_words():
    from probes.pages import best_link, links_from_html, links_from_js

    html = ('<p><a href="/faq">FAQ</a> <a href="/faq#contact">Contact</a> <a href="/faq">Help'
            '</a> <a href="/faq#contact">Write to us</a> <a href="/rules">Rules</a></p>')
    links = links_from_html(html, "http://chan.test/")
    assert [(lk.url, lk.text) for lk in links] == [
        ("http://chan.test/faq", "FAQ"), ("http://chan.test/faq", "Contact"),
        ("http://chan.test/rules", "Rules")]           # one link per page or page section
    assert best_link("contact", links).url == "http://chan.test/faq"
    js = links_from_js([{"href": "http://chan.test/faq", "text": "FAQ"},
                        {"href": "http://chan.test/faq#contact", "text": "Contact"},
                        {"href": "http://chan.test/faq#contact", "text": "again"}], "home")
    assert [lk.text for lk in js] == ["FAQ", "Contact"]


def test_a_proxy_password_never_reaches_run_json():
    from auditor.options import SweepOptions

    o = SweepOptions(proxy="http://audit:s3cret@uk-proxy.example:3128")
    assert o.proxy_shown() == "http://***@uk-proxy.example:3128"
    assert "s3cret" not in json.dumps(o.recorded())
    assert SweepOptions(proxy="http://uk-proxy.example:3128").proxy_shown() == \
        "http://uk-proxy.example:3128"


def test_a_targets_reason_puts_what_cut_it_short_first_one_line_each():
    from auditor.runner import _log_reason

    log = ["http://t.test/slow: did not finish loading in 20 s",
           "page.goto: Timeout 20000ms exceeded.\nCall log:\n  - navigating to ...",
           "signup: page budget of 150 spent before http://t.test/x",
           *[f"hub {i}: ConnectError" for i in range(8)]]
    reason = _log_reason(log)
    assert reason.startswith("signup: page budget of 150 spent")
    assert "Call log" not in reason and "\n" not in reason
    assert reason.endswith("and 5 more")


def test_a_compare_run_that_cannot_be_compared_fails_before_the_sweep(tmp_path, capsys):
    good = tmp_path / "t.csv"
    good.write_text("id,name,url\na,A,http://127.0.0.1:9/\n")
    old = tmp_path / "old"
    old.mkdir()
    assert main(["sweep", str(good), "--out", str(tmp_path / "o"), "--compare", str(old)]) == 2
    assert "run.json" in capsys.readouterr().err
    (old / "run.json").write_text('{"targets": []}')
    assert main(["sweep", str(good), "--out", str(tmp_path / "o"), "--compare", str(old)]) == 2
    assert "verdicts.csv" in capsys.readouterr().err
    assert not (tmp_path / "o").exists()                   # nothing was visited or written


class _NavigatingPage:
    """A page whose first answers fail the way Playwright fails while a navigation replaces
    the document; records what the helper waited for."""

    def __init__(self, failures: list[str]):
        self.failures, self.waited = list(failures), []

    async def content(self):
        if self.failures:
            raise RuntimeError(self.failures.pop(0))
        return "<p>new document</p>"

    async def evaluate(self, script, arg=None):
        if self.failures:
            raise RuntimeError(self.failures.pop(0))
        return arg

    async def wait_for_load_state(self, state, timeout=None):
        self.waited.append(state)


async def test_reading_a_page_that_is_navigating_waits_for_the_new_document_and_asks_again():
    from auditor.pagejs import TRIES, content, evaluate
    busy = ("Page.content: Unable to retrieve content because the page is navigating and "
            "changing the content.")
    page = _NavigatingPage([busy])
    assert await content(page) == "<p>new document</p>" and page.waited == ["load"]
    gone = "Page.evaluate: Execution context was destroyed, most likely because of a navigation"
    page = _NavigatingPage([gone, gone])
    assert await evaluate(page, "(x) => x", 7) == 7 and page.waited == ["load", "load"]
    page = _NavigatingPage([gone] * TRIES)                 # a page that never stops moving
    with pytest.raises(RuntimeError, match="context was destroyed"):
        await evaluate(page, "(x) => x", 7)
    page = _NavigatingPage(["Page.evaluate: ReferenceError: x is not defined"])
    with pytest.raises(RuntimeError, match="ReferenceError"):  # our own bug is not retried
        await evaluate(page, "() => x")
    assert page.waited == []


def test_the_download_budget_of_a_row_with_accounts_or_forms_is_larger(tmp_path):
    """Sign-up tries and the personas' phases each open a fresh browser, which fetches the
    site's scripts and styles again: such rows get three times the default budget; a budget
    the user gave holds for every row."""
    from types import SimpleNamespace

    from auditor.model import Target
    from auditor.options import SweepOptions
    from auditor.session import BudgetExceeded, Session

    def session(options: SweepOptions, **row) -> Session:
        target = Target(id="t", name="T", url="http://www.example.org/", **row)
        return Session(target, SimpleNamespace(options=options),
                       EvidenceRecorder(tmp_path, "t", set()))

    auto = SweepOptions()
    assert session(auto).bytes_budget == 40_000_000
    assert session(auto, accounts="forum").bytes_budget == 120_000_000
    assert session(auto, allow_forms=True).bytes_budget == 120_000_000
    given = SweepOptions(max_bytes_per_target=5_000_000)
    assert session(given, accounts="forum").bytes_budget == 5_000_000
    s = session(given)
    s._count_bytes(4_000_000)
    with pytest.raises(BudgetExceeded, match="byte budget of 5000000 spent"):
        s._count_bytes(2_000_000)


def test_axe_is_off_for_a_sweep_unless_asked_and_on_for_one_service():
    """axe-core costs a sweep 6% of its speed (benchmarks/README.md): ``sweep`` runs it with
    --a11y only; ``probe``, ``check`` and ``demo`` (one service, or the showcase) unless
    --no-a11y.  What was chosen is in the options run.json records."""
    from auditor.cli import _options, build_parser

    def a11y(*argv: str) -> bool:
        return _options(build_parser().parse_args(list(argv))).a11y

    assert a11y("sweep", "t.csv", "--out", "o") is False
    assert a11y("sweep", "t.csv", "--out", "o", "--a11y") is True
    assert a11y("probe", "terms", "https://a.example/") is True
    assert a11y("probe", "terms", "https://a.example/", "--no-a11y") is False
    assert a11y("check", "https://a.example/") is True
    assert a11y("demo", "--out", "o") is True
    assert _options(build_parser().parse_args(["sweep", "t.csv", "--out", "o"])) \
        .recorded()["a11y"] is False
