"""The reporting probe: unit tests of its words, and integration tests that drive it through a
real Session (as the runner builds one) against fixture sites of varied layouts served on
127.0.0.1 by tests/sitekit.py (pages in tests/pages/reporting/), and against the demo web."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
import sitekit
from sitekit import Site
from werkzeug.wrappers import Request, Response

from auditor import signals
from auditor.evidence import EvidenceRecorder
from auditor.model import Observation, Target
from auditor.session import Session
from probes import discovery, reporting
from probes.base import Link
from probes.reporting_text import (
    APPEAL,
    OPT_OUT,
    PRE_SUBMIT,
    REPORT_LOCAL,
    TELL_DECISION,
    categories_of,
    category_of,
    content_candidates,
    content_kind,
    dedicated_email,
    emails_in,
    find,
    listing_candidates,
    pick_items,
    search_url,
    sentences,
    timeframe_sentence,
)

PAGES = Path(__file__).parent / "pages" / "reporting"
SIGNALS = signals.signals_of("reporting")




def browser(fn):
    """Marks a test that drives Chromium (``-m "not browser"`` leaves them out)."""
    skip = pytest.mark.skipif(not sitekit.have_chromium(), reason="no Chromium")
    return pytest.mark.browser(skip(fn))


# -- unit: words ---------------------------------------------------------------------------------
@pytest.mark.parametrize("text, want", [
    ("It's illegal (for example terrorism, fraud, or selling drugs or weapons)", "illegal"),
    ("Other illegal content", "illegal"),
    ("It puts a child at risk or sexualises a child", "child_safety"),
    ("Person may be under 18", "child_safety"),
    ("Child sexual abuse material", "child_safety"),
    ("Shared without consent / intimate image abuse", "intimate_image"),
    ("A nude or sexual image of me shared without my consent", "intimate_image"),
    ("Hate speech or symbols", "hate"),
    ("It's harassing, threatening or bullying someone", "harassment"),
    ("Abusive or threatening", "harassment"),
    ("Suicide or self-harm", "self_harm"),
    ("It encourages suicide, self-harm or eating disorders", "self_harm"),
    ("It's spam, a scam or advertising", "spam"),
    ("Malware or phishing", "spam"),
    ("Something else", "other"),
    ("Other", "other"),
    ("Copyright infringement (DMCA)", None),
    ("Nudity or sexual activity", None),
    ("", None),
])
def test_category_of(text, want):
    assert category_of(text) == want


def test_categories_in_registry_order_with_their_source():
    cats, which = categories_of(["Spam", "Other", "Hate speech", "Copyright", "Junk mail spam"])
    assert cats == ["hate", "spam", "other"]
    assert which["hate"] == "Hate speech"
    assert all(c in signals.REPORT_CATEGORIES for c in cats)


@pytest.mark.parametrize("sentence, strict, hit", [
    ("We aim to respond to every complaint within 5 working days.", False, True),
    ("A moderator reviews every report, usually within 24 hours.", False, True),
    ("We will get back to you within 3 working days.", False, True),
    ("We review reports within forty-eight hours.", False, True),
    ("Please send it within 28 days of the decision.", False, False),
    ("You must appeal within 14 days.", False, False),
    ("Files may be deleted after 30 days without downloads.", False, False),
    ("We usually reply within a week.", True, False),      # contact page: not about reports
    ("We usually reply to reports within a week.", True, True),
])
def test_timeframes(sentence, strict, hit):
    assert bool(timeframe_sentence([sentence], need_report_context=strict)) is hit


def test_promise_patterns():
    assert TELL_DECISION.search("If you leave an email address we will tell you what we decided")
    assert TELL_DECISION.search("We will get back to you and explain what we decided.")
    assert not TELL_DECISION.search("We will tell you about new features.")
    assert OPT_OUT.search("You can opt out of further emails about your complaint.")
    assert OPT_OUT.search("Unsubscribe from updates at any time.")
    assert not OPT_OUT.search("We send a confirmation email.")
    assert PRE_SUBMIT.search("The person you report is not told who reported them.")
    assert PRE_SUBMIT.search("Reports are anonymous: the member will not be told.")
    assert not PRE_SUBMIT.search("Choose a reason below.")
    assert not PRE_SUBMIT.search("It is free and we do not share your address with anyone.")
    assert APPEAL.search("If you think we got a decision wrong you can appeal.")
    assert not APPEAL.search("An appealing layout with big photos.")


def test_find_prefers_sentences_to_headings():
    sents = sentences("What happens next\nA moderator will review your report soon. Thanks!")
    assert find(PRE_SUBMIT, sents) == "A moderator will review your report soon."


def test_sentences_split_and_bound():
    s = sentences("First one. Second one!\n\nThird line\n" + "x" * 2000)
    assert s[:3] == ["First one.", "Second one!", "Third line"]
    assert all(len(x) <= 600 for x in s)


@pytest.mark.parametrize("url, kind", [
    ("http://x.test/thread/101", "post"),
    ("http://x.test/t/11-best-budget-headphones", "post"),
    ("http://x.test/p/aX93kQ", "post"),
    ("http://x.test/story/2025/05/school-fete", "post"),
    ("http://x.test/2026/12/06/a-first-post/", "post"),        # a blog's dated permalink
    ("http://x.test/2026/12/a-first-post", "post"),
    ("http://x.test/2026/12/", ""),                            # a month's archive
    ("http://x.test/viewtopic.php?f=2&t=5", "post"),           # a forum script's topic
    ("http://x.test/showthread.php?tid=9", "post"),
    ("http://x.test/?p=123", "post"),                          # a plain CMS permalink
    ("http://x.test/?s=hello", ""),
    ("http://x.test/wp-login.php?action=register", ""),
    ("http://x.test/index.php/Garden_tools", "post"),          # a wiki's article
    ("http://x.test/wiki/Garden_tools", "post"),
    ("http://x.test/doku.php?id=start", "post"),
    ("http://x.test/index.php/Special:RecentChanges", ""),     # a wiki's special page
    ("http://x.test/index.php?title=Garden&action=edit", ""),
    ("http://x.test/video/120", "media"),
    ("http://x.test/watch?v=abc", "media"),
    ("http://x.test/f/k3v9xq2m", "media"),
    ("http://x.test/members/lampwick", "profile"),
    ("http://x.test/@maria", "profile"),
    ("http://x.test/post/1/delete", ""),
    ("http://x.test/logout", ""),
    ("http://x.test/thread/101/reply?quote=1", ""),
    ("http://x.test/report?post=1", ""),
    ("http://x.test/terms", ""),
    ("http://x.test/boards", ""),
    ("http://x.test/static/app.js", ""),
    ("http://x.test/", ""),
])
def test_content_kind(url, kind):
    assert content_kind(url) == kind


def test_pick_items_varies_kinds_and_skips_chrome():
    links = [Link("http://x.test/thread/1", "a", rel="body"),
             Link("http://x.test/thread/2", "b", rel="body"),
             Link("http://x.test/thread/3", "c", rel="body"),
             Link("http://x.test/members/ann", "ann", rel="body"),
             Link("http://x.test/post/9", "footer", rel="footer")]
    cands = content_candidates(links, "http://x.test/", set())
    picked = [c.url for c in pick_items(cands, 3)]
    assert "http://x.test/members/ann" in picked
    assert picked[0].startswith("http://x.test/thread/")
    assert "http://x.test/post/9" not in picked


def test_emails():
    emails = emails_in("Write to support@a.test or abuse@a.test.", ["mailto:complaints@a.test?x=1"])
    assert emails == ["complaints@a.test", "support@a.test", "abuse@a.test"]
    assert dedicated_email(["support@a.test", "complaints@a.test"]) == "complaints@a.test"
    assert dedicated_email(["support@a.test", "abuse@a.test"]) is None
    assert dedicated_email(["appeals.team@a.test"]) == "appeals.team@a.test"
    assert dedicated_email(["trust-and-safety@a.test"], REPORT_LOCAL) == "trust-and-safety@a.test"


def test_search_url_only_from_a_plain_get_search_box():
    base = "http://s.test/"
    assert search_url('<form action="/search" role="search"><input name="q"></form>', base) \
        == "http://s.test/search?q=how+to"
    assert search_url('<form action="/find"><input type="search" name="term">'
                      '<input type="hidden" name="lang" value="en"></form>', base) \
        == "http://s.test/find?lang=en&term=how+to"
    assert search_url('<form method="post" action="/search"><input name="q"></form>', base) is None
    assert search_url('<form action="/login"><input name="user"><input name="password" '
                      'type="password"></form>', base) is None
    assert search_url('<form action="/search"><input name="q"><input name="email"></form>',
                      base) is None


def test_listing_candidates():
    home = "http://b.test/"
    links = [Link("http://b.test/b/", "/b/ - Random", home, "body"),
             Link("http://b.test/board/cats", "Cats", home, "body"),
             Link("http://b.test/logout", "Log out", home, "body"),
             Link("http://b.test/terms", "Terms", home, "footer"),
             Link("http://b.test/x/y/z/w", "deep", home, "body")]
    assert listing_candidates(links, home, {"http://b.test/terms"}) == \
        ["http://b.test/board/cats", "http://b.test/b/"]


# -- fixture sites ---------------------------------------------------------------------------
def page(site_dir: str, file: str, **subs: str) -> str:
    text = (PAGES / site_dir / file).read_text(encoding="utf-8")
    for k, v in subs.items():
        text = text.replace("{{" + k + "}}", v)
    return text


SIMPLE = ("<!doctype html><html lang='en-GB'><head><title>{t}</title></head><body><main>"
          "<h1>{t}</h1><p>{t} of this small test site. Nothing more to see here.</p></main>"
          "</body></html>")


class Served:
    """A fixture site whose handlers record every request's method, for the never-submit rule."""

    def __init__(self, routes: dict[str, object]):
        self.calls: list[tuple[str, str]] = []
        wrapped = {path: self._wrap(h) for path, h in routes.items()}
        self.site = Site(wrapped)

    def _wrap(self, handler):
        def serve(req: Request) -> Response:
            self.calls.append((req.method, req.full_path.rstrip("?")))
            if callable(handler):
                return handler(req)
            if isinstance(handler, tuple):
                status, headers, body = handler
                return Response(body, status=status, headers=headers)
            return Response(handler, mimetype="text/html")
        return serve

    def __enter__(self) -> Served:
        self.site.__enter__()
        return self

    def __exit__(self, *exc) -> None:
        self.site.__exit__(*exc)

    def url(self, path: str = "/") -> str:
        return self.site.url(path)

    @property
    def unsafe(self) -> list[tuple[str, str]]:
        return [c for c in self.calls if c[0] not in ("GET", "HEAD", "OPTIONS")]


def semantic_routes() -> dict:
    dialog = page("semantic", "dialog.html")
    return {
        "/": page("semantic", "home.html"),
        "/post/1": page("semantic", "post.html", id="1", dialog=dialog),
        "/post/2": page("semantic", "post.html", id="2", dialog=dialog),
        "/users/alice": page("semantic", "user.html", name="alice", dialog=dialog),
        "/users/bob": page("semantic", "user.html", name="bob", dialog=dialog),
        "/complaints": page("semantic", "complaints.html"),
        "/appeals": page("semantic", "appeals.html"),
        "/help": page("semantic", "help.html"),
        "/terms": page("semantic", "terms.html"),
        "/privacy": SIMPLE.format(t="Privacy"),
        "/contact": SIMPLE.format(t="Contact"),
        "/login": SIMPLE.format(t="Log in"),
        "/api/report": (403, {}, "no"),
    }


def divsoup_routes() -> dict:
    r = {"/": page("divsoup", "home.html"), "/contact": page("divsoup", "contact.html"),
         "/legal/terms": page("divsoup", "terms.html"), "/explore": page("divsoup", "home.html")}
    for pid in ("aX93kQ", "Bq81zz", "Zt55mn"):
        r[f"/p/{pid}"] = page("divsoup", "post.html", id=pid)
    for name in ("maria_k", "tom.r"):
        r[f"/u/{name}"] = page("divsoup", "user.html", name=name)
    return r


def kebab_routes() -> dict:
    return {"/": page("kebab", "home.html"),
            "/t/11-best-budget-headphones": page("kebab", "thread.html", id="11"),
            "/t/12-is-this-a-scam": page("kebab", "thread.html", id="12"),
            "/help": page("kebab", "help.html"),
            "/help/complaints": page("kebab", "complaints.html"),
            "/terms": SIMPLE.format(t="Terms"), "/login": SIMPLE.format(t="Sign in")}


def linkpage_routes() -> dict:
    return {"/": page("linkpage", "home.html"),
            "/posts/1": page("linkpage", "post.html", id="1"),
            "/posts/2": page("linkpage", "post.html", id="2"),
            "/report": page("linkpage", "report.html"),
            "/report/intimate-image": page("linkpage", "iia.html"),
            "/contact": page("linkpage", "contact.html"),
            "/terms": SIMPLE.format(t="Terms")}


def loginwall_routes(*, threads_too: bool = False) -> dict:
    """The report link asks to log in; with ``threads_too`` the threads themselves do."""
    def report(req: Request) -> Response:
        nxt = f"/report%3Fthread%3D{req.args.get('thread', '')}"
        return Response("", status=302, headers={"Location": f"/login?next={nxt}"})

    def thread(tid: str):
        if threads_too:
            return (302, {"Location": f"/login?next=/thread/{tid}"}, "")
        return page("loginwall", "thread.html", id=tid)
    return {"/": page("loginwall", "home.html"),
            "/thread/501": thread("501"), "/thread/502": thread("502"),
            "/report": report, "/login": page("loginwall", "login.html"),
            "/members/zed": (302, {"Location": "/login?next=/members/zed"}, ""),
            "/signup": SIMPLE.format(t="Sign up"), "/terms": SIMPLE.format(t="Terms")}


def captcha_routes() -> dict:
    return {"/": page("captcha", "home.html"),
            "/recipe/item/31": page("captcha", "item.html", id="31"),
            "/recipe/item/32": page("captcha", "item.html", id="32"),
            "/flag": page("captcha", "flag.html"), "/terms": SIMPLE.format(t="Terms")}


def scripted_routes() -> dict:
    posts = [{"id": i, "title": f"Pin number {i}"} for i in (1, 2, 3)]
    r = {"/": page("scripted", "home.html"), "/terms": SIMPLE.format(t="Terms"),
         "/api/posts": (200, {"Content-Type": "application/json"}, json.dumps(posts))}
    for p in posts:
        r[f"/pin/{p['id']}"] = page("scripted", "pin.html", id=str(p["id"]))
    return r


def mailto_routes() -> dict:
    return {"/": page("mailto", "home.html"), "/help": page("mailto", "help.html"),
            "/story/2025/05/new-bus-timetable": page("mailto", "story.html"),
            "/story/2025/05/school-fete": page("mailto", "story.html")}


def postbutton_routes() -> dict:
    return {"/": page("postbutton", "home.html"),
            "/post/71": page("postbutton", "post.html", id="71"),
            "/post/72": page("postbutton", "post.html", id="72"),
            "/report": (200, {"Content-Type": "text/html"}, "<p>Report received</p>"),
            "/api/flag": (200, {}, "ok"), "/api/beacon": (204, {}, ""),
            "/terms": SIMPLE.format(t="Terms")}


# -- driving the probe -------------------------------------------------------------------------
@dataclass
class Audit:
    obs: dict[str, Observation]
    evidence: EvidenceRecorder
    session: Session
    seconds: float = 0.0              # the reporting probe's own run time

    def __getitem__(self, name: str) -> object:
        return self.obs[f"reporting.{name}"].value

    def note(self, name: str) -> str:
        return self.obs[f"reporting.{name}"].note

    def quotes(self, name: str) -> list[str]:
        ids = set(self.obs[f"reporting.{name}"].evidence)
        return [Path(self.evidence.run_dir, e.path).read_text(encoding="utf-8")
                for e in self.evidence.items if e.evidence_id in ids and e.kind == "quote"]


async def audit(url: str, tmp_path: Path, *, allow_forms: bool = False,
                host_map: dict | None = None, extra_domains: tuple[str, ...] = (),
                personas: dict | None = None, **options) -> Audit:
    """Discovery and then the reporting probe, through a Session built as the runner does."""
    async with sitekit.shared_browser(host_map, **options) as shared:
        target = Target("t", "Test", url, allow_forms=allow_forms, extra_domains=extra_domains)
        async with sitekit.probe_session(shared, target, tmp_path, personas) as session:
            await discovery.run(session)
            t0 = time.monotonic()
            found = await reporting.run(session)
            seconds = time.monotonic() - t0
    evidence = session.evidence
    check_contract(found, evidence)
    return Audit({o.signal: o for o in found}, evidence, session, seconds)


def check_contract(found: list[Observation], evidence: EvidenceRecorder) -> None:
    names = [o.signal for o in found]
    assert sorted(names) == sorted(SIGNALS), "every reporting signal exactly once"
    ids = {e.evidence_id for e in evidence.items}
    for o in found:
        signals.check(o.signal, o.value)
        assert 0.0 <= o.confidence <= 1.0
        assert set(o.evidence) <= ids, (o.signal, o.evidence)
        if o.value is None:
            assert o.note.split(":")[0] in signals.NOTES, (o.signal, o.note)
    for e in evidence.items:
        assert (evidence.run_dir / e.path).is_file()
        assert e.kind in ("screenshot", "thumbnail", "dom", "quote", "text")


@browser
async def test_semantic_articles_and_dialog(tmp_path):
    with Served(semantic_routes()) as srv:
        a = await audit(srv.url(), tmp_path)
    assert a["item_control"] is True
    assert "of 3 sampled" in a.note("item_control")
    assert a["steps"] == 2
    assert a["logged_out"] is True and a["barrier"] == "none"
    assert a["free_text"] is True and a["attachments"] is True
    assert a["categories"] == list(signals.REPORT_CATEGORIES)
    assert a["pre_submit_info"] is True
    assert a["keyboard"] is True
    assert a["iia_route"] is True
    assert a["complaints_route"] is True and a["appeals_route"] is True
    assert a["timeframe_stated"] is True and a["outcomes_stated"] is True
    assert a["opt_out"] is True
    assert any("48 hours" in q for q in a.quotes("timeframe_stated"))
    assert a.quotes("appeals_route") and a.quotes("outcomes_stated")
    shots = [e for e in a.evidence.items if e.kind == "screenshot"]
    assert set(a.obs["reporting.item_control"].evidence) & {e.evidence_id for e in shots}
    assert not srv.unsafe, srv.unsafe


@browser
async def test_div_soup_icon_only_control(tmp_path):
    with Served(divsoup_routes()) as srv:
        a = await audit(srv.url(), tmp_path)
    assert a["item_control"] is True
    assert "Report post" in a.note("item_control")
    assert a["steps"] == 2
    assert a["categories"] == ["hate", "spam", "other"]
    assert a["free_text"] is True and a["attachments"] is False
    assert a["keyboard"] is False                     # a span with no tabindex
    assert a["complaints_route"] is False and a["appeals_route"] is False
    assert a["iia_route"] is False
    assert not srv.unsafe


@browser
async def test_report_in_a_more_options_menu(tmp_path):
    with Served(kebab_routes()) as srv:
        a = await audit(srv.url(), tmp_path)
    assert a["item_control"] is True
    assert "(in a menu)" in a.note("item_control")
    assert a["steps"] == 3                            # "...", Report, then the send
    assert "at least" in a.note("steps")              # a first step of reason buttons
    assert a["free_text"] is None                     # later steps are not opened
    assert a["categories"] == ["hate", "harassment", "self_harm", "spam", "other"]
    assert a["keyboard"] is True                      # Tab, Enter, arrow keys, Enter
    assert "menu" in a.note("keyboard")
    assert a["complaints_route"] is True              # a page built by script, read rendered
    assert a["timeframe_stated"] is True and a["outcomes_stated"] is True
    assert any("3 working days" in q for q in a.quotes("timeframe_stated"))
    assert not srv.unsafe


@browser
async def test_report_link_to_a_separate_page(tmp_path):
    with Served(linkpage_routes()) as srv:
        a = await audit(srv.url(), tmp_path)
        assert ("GET", "/report?post=1") in srv.calls or ("GET", "/report?post=2") in srv.calls
    assert a["item_control"] is True
    assert "Report this post" in a.note("item_control")
    assert a["steps"] == 2
    assert a["categories"] == ["illegal", "harassment", "spam"]
    assert a["free_text"] is True                     # "Anything else we should know?"
    assert a["pre_submit_info"] is True
    assert any("not be told" in q for q in a.quotes("pre_submit_info"))
    assert a["iia_route"] is True                     # a separate intimate image form
    assert "intimate-image" in a.obs["reporting.iia_route"].url
    assert a["keyboard"] is True
    assert a["timeframe_stated"] is False             # "reply within a week" is about email
    assert not srv.unsafe


@browser
async def test_report_behind_a_login(tmp_path):
    with Served(loginwall_routes()) as srv:
        a = await audit(srv.url(), tmp_path)
    assert a["item_control"] is True
    assert "2 of 2 sampled" in a.note("item_control")   # the members-only profile is left out
    assert a["logged_out"] is False
    assert a["barrier"] == "login"
    assert a["steps"] is None and a.note("steps").startswith("login_required")
    assert a["free_text"] is None and a["categories"] is None
    assert not srv.unsafe


@browser
async def test_report_behind_a_login_content_too(tmp_path):
    """Every sampled item asks to log in: the report controls are behind that login too."""
    with Served(loginwall_routes(threads_too=True)) as srv:
        a = await audit(srv.url(), tmp_path)
    assert a["item_control"] is None and a.note("item_control").startswith("login_required")
    assert a["barrier"] == "login" and a["logged_out"] is False
    for name in ("barrier", "logged_out", "steps"):
        assert "/login" in a.obs[f"reporting.{name}"].url, name
        assert "Log in to continue" in a.note(name), name
    assert a["steps"] is None and a.note("steps").startswith("login_required")
    prompt = [q for q in a.quotes("barrier") if "Log in to continue" in q]
    assert prompt, "the login prompt is kept as evidence"
    assert a["free_text"] is None and a.note("free_text").startswith("login_required")
    assert not srv.unsafe


@browser
async def test_captcha_on_the_report_form(tmp_path):
    with Served(captcha_routes()) as srv:
        a = await audit(srv.url(), tmp_path)
    assert a["item_control"] is True
    assert a["barrier"] == "captcha"
    assert a["logged_out"] is True
    assert a["categories"] == ["hate", "spam", "other"]
    assert not srv.unsafe


@browser
async def test_content_built_by_script(tmp_path):
    with Served(scripted_routes()) as srv:
        a = await audit(srv.url(), tmp_path)
    assert a["item_control"] is True
    assert a["steps"] == 2
    assert a["categories"] == ["child_safety", "harassment", "self_harm", "spam"]
    assert a["free_text"] is True                     # "Describe the problem"
    assert a["keyboard"] is True
    assert not srv.unsafe


@browser
async def test_only_an_abuse_address_in_the_help_page(tmp_path):
    with Served(mailto_routes()) as srv:
        a = await audit(srv.url(), tmp_path)
    assert a["item_control"] is False
    assert "0 of 2" in a.note("item_control")
    assert a["steps"] is None and a["categories"] is None and a["keyboard"] is None
    # an abuse address is a way to report, not a complaints route (as the demo's ChatSpot)
    assert a["complaints_route"] is False
    assert "abuse@villagetimes.test" in a.note("complaints_route")
    assert any("abuse@villagetimes.test" in q for q in a.quotes("complaints_route"))
    assert a["appeals_route"] is False
    assert a["pre_submit_info"] is False


@browser
@pytest.mark.parametrize("allow_forms", [False, True])
async def test_one_click_reports_are_never_sent(tmp_path, allow_forms):
    with Served(postbutton_routes()) as srv:
        a = await audit(srv.url(), tmp_path, allow_forms=allow_forms)
        calls = list(srv.calls)
    assert a["item_control"] is True
    assert not [c for c in calls if c[0] != "GET"], calls
    assert not [c for c in calls if c[1].startswith(("/report", "/api/"))], calls
    assert a["steps"] is None and a.note("steps").startswith("forms_not_allowed")
    assert "one-click" in a.note("steps")            # the flag button's POST, blocked
    assert a["keyboard"] is True and "Enter not" in a.note("keyboard")


# -- the demo web --------------------------------------------------------------------------------
@browser
# a report control on every post (quietforum), reports in "..." menus of a single-page app (hive),
# only a buried email address (chatspot), an abuse form with no account (fileden); the others
# agree in tests/test_demo_agreement.py
@pytest.mark.parametrize("service", sitekit.demo_cases(
    "reporting.", only=("quietforum", "hive", "chatspot", "fileden")))
async def test_demo_service_matches_its_ground_truth(tmp_path, service):
    from auditor.demo import DemoWeb

    with DemoWeb([service]) as web:
        row = web.service(service).row
        extra = tuple(d for d in row.get("extra_domains", "").split(";") if d)
        a = await audit(web.url(service), tmp_path, allow_forms=row.get("allow_forms") == "true",
                        host_map=web.host_map, extra_domains=extra)
        truth = web.truth(service)
        unsafe = [r for r in web.requests() if r.method not in ("GET", "HEAD", "OPTIONS")]
    assert not unsafe, unsafe
    for name, want in truth["signals"].items():
        if not name.startswith("reporting.") or name in truth["known_limitations"]:
            continue
        got = a.obs[name].value
        if isinstance(want, list):                   # registry order, as CSV cells compare
            assert got == want, (name, got, a.obs[name].note)
        else:
            assert got == want, (name, got, a.obs[name].note)
    kinds = {e.kind for e in a.evidence.items}
    assert {"screenshot", "dom"} <= kinds
    if service == "quietforum":
        assert "Report post by" in a.note("item_control")
        assert a.quotes("timeframe_stated") and a.quotes("appeals_route")


@browser
async def test_robots_disallowed_items_are_not_visited(tmp_path):
    routes = semantic_routes()
    routes["/robots.txt"] = (200, {"Content-Type": "text/plain"},
                             "User-agent: *\nDisallow: /post/\nDisallow: /users/\n")
    with Served(routes) as srv:
        a = await audit(srv.url(), tmp_path)
        visited = [c for c in srv.calls if c[1].startswith(("/post/", "/users/"))]
    assert not visited, visited
    assert a["item_control"] is None
    assert a["complaints_route"] is True              # the rest of the probe still ran


@browser
async def test_report_control_that_is_an_email_link(tmp_path):
    story = page("mailto", "story.html").replace(
        '<a href="/story/2025/05/new-bus-timetable#c1">Link</a>',
        '<a href="mailto:abuse@villagetimes.test?subject=Comment%20c1">Report comment</a>')
    routes = mailto_routes()
    routes["/story/2025/05/new-bus-timetable"] = routes["/story/2025/05/school-fete"] = story
    with Served(routes) as srv:
        a = await audit(srv.url(), tmp_path)
    assert a["item_control"] is True
    assert a["steps"] is None and "email link" in a.note("steps")
    assert a["keyboard"] is True and "mailto" in a.note("keyboard")


@browser
async def test_the_probe_finishes_within_the_targets_time(tmp_path):
    """With little of the target's time left after discovery, the probe bounds itself and still
    returns every signal (the runner would drop them all if the target timed out inside it)."""
    with Served(kebab_routes()) as srv:
        a = await audit(srv.url(), tmp_path, timeout_per_target=24)
    left = 24 - 10                          # END_MARGIN is kept back
    assert a.seconds < left + 6, a.seconds     # and so inside the 24 s (slack for a loaded machine)
    assert "left for this probe" in " ".join(a.session.log)
