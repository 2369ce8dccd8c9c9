"""The terms probe end to end: discovery and then the terms probe through a real Session (built as
the runner builds one) against fixture sites served on 127.0.0.1 by tests/sitekit.py (page texts
in tests/pages/terms/), and against the bundled demo web's ground truth."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
import sitekit
from sitekit import Site, page
from werkzeug.utils import redirect
from werkzeug.wrappers import Response

from auditor import signals
from auditor.demo.kit import simple_pdf
from auditor.evidence import EvidenceRecorder
from auditor.model import Observation, Target
from probes import discovery, terms
from probes.terms import CONTENT_SIGNALS
from probes.terms_fetch import read_html
from probes.terms_text import analyse_terms, extract_main_text

PAGES = Path(__file__).parent / "pages" / "terms"
SIGNALS = signals.signals_of("terms")
TERMS_BODY = (PAGES / "terms_body.html").read_text(encoding="utf-8")
CHROME = (PAGES / "cookie_and_chrome.html").read_text(encoding="utf-8")
UPLOAD_HELP = (PAGES / "upload_help.html").read_text(encoding="utf-8")

def _demo_with_terms():
    # terms on a help subdomain (quietforum), in a dialog (chatspot), as a PDF (clearbox), in a
    # single-page app (hive), behind an age overlay (velvetroom), silent on hash matching
    # (fileden); the others agree in tests/test_demo_agreement.py
    return sitekit.demo_cases("terms.", only=("quietforum", "chatspot", "clearbox", "hive",
                                              "velvetroom", "fileden"))


DEMO_WITH_TERMS = _demo_with_terms()
#: Where a demo truth file and tests/corpus/terms/LABELS.md disagree, the probe follows LABELS.md
#: and this pins its value until the truth file is settled.
TRUTH_CONFLICTS: dict[tuple[str, str], tuple[object, str]] = {}




pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not sitekit.have_chromium(), reason="no Chromium")]


# -- running the probe -----------------------------------------------------------------------------
@dataclass
class Audit:
    obs: dict[str, Observation]
    discovery: dict[str, Observation]
    evidence: EvidenceRecorder

    def __getitem__(self, name: str) -> object:
        return self.obs[f"terms.{name}"].value

    def o(self, name: str) -> Observation:
        return self.obs[f"terms.{name}"]

    def items(self, name: str, kind: str) -> list:
        ids = set(self.o(name).evidence)
        return [e for e in self.evidence.items if e.evidence_id in ids and e.kind == kind]

    def quotes(self, name: str) -> list[str]:
        return [Path(self.evidence.run_dir, e.path).read_text(encoding="utf-8")
                for e in self.items(name, "quote")]

    def texts(self, name: str = "text_sha256") -> list[str]:
        return [Path(self.evidence.run_dir, e.path).read_text(encoding="utf-8")
                for e in self.items(name, "text")]


async def audit(url: str, tmp_path: Path, *, host_map: dict | None = None,
                extra_domains: tuple[str, ...] = (), screenshots: bool = False) -> Audit:
    """Discovery and then the terms probe, through a Session built as the runner does
    (discovery's key-page screenshots only when asked for: they take most of the time)."""
    async with sitekit.shared_browser(host_map, screenshots=screenshots) as shared:
        target = Target("t", "Test", url, extra_domains=extra_domains)
        async with sitekit.probe_session(shared, target, tmp_path) as session:
            disc = await discovery.run(session)
            found = await terms.run(session)
    evidence = session.evidence
    check_contract(found, evidence)
    return Audit({o.signal: o for o in found}, {o.signal: o for o in disc}, evidence)


def check_contract(found: list[Observation], evidence: EvidenceRecorder) -> None:
    names = [o.signal for o in found]
    assert sorted(names) == sorted(SIGNALS), "every terms signal exactly once"
    ids = {e.evidence_id for e in evidence.items}
    for o in found:
        signals.check(o.signal, o.value)
        assert 0.0 <= o.confidence <= 1.0
        assert set(o.evidence) <= ids, (o.signal, o.evidence)
        if o.note:
            assert o.note.split(":")[0] in signals.NOTES, (o.signal, o.note)
        if o.value is None:
            assert o.note, o.signal
    for e in evidence.items:
        assert (evidence.run_dir / e.path).is_file()
        assert e.kind in ("screenshot", "thumbnail", "dom", "quote", "text", "capture")


# -- fixture sites ---------------------------------------------------------------------------------
def home(links: str, body: str = "") -> str:
    return page("Acorn community", f"{CHROME}<h1>Acorn</h1><p>Neighbours helping neighbours: "
                                   f"swap tools, share news and find a plumber.</p>{body}",
                footer=links)


def terms_page(extra: str = "") -> str:
    return page("Terms of Service | Acorn", CHROME + TERMS_BODY + extra,
                footer='<a href="/">Home</a> <a href="/privacy">Privacy</a>')


def expect_acorn(a: Audit) -> None:
    """The values tests/pages/terms/terms_body.html states."""
    assert a["reachable_logged_out"] is True
    assert a["min_age"] == 13 and a["min_age_uk"] == 16
    assert a["prohibits_illegal"] is True and a["illegal_content_protection"] is True
    assert a["harms_covered"] == ["terrorism", "csea", "intimate_image_abuse", "hate",
                                  "harassment", "fraud", "pornography"]
    assert a["reporting"] is True and a["complaints"] is True
    assert a["adult_content_allowed"] is False and a["iia_48h"] is False
    assert a["age_assurance"] is False
    assert a["last_updated"] == "2025-03-03"
    assert isinstance(a["reading_grade"], float) and 3 < a["reading_grade"] < 14
    assert len(str(a["text_sha256"])) == 64
    assert any("at least 13 years old" in q for q in a.quotes("min_age"))
    text = "\n".join(a.texts())
    assert "Acorn Community Ltd" in text and "cookies" not in text.lower()


async def test_user_agreement_link_and_an_upload_help_page(tmp_path):
    routes = {
        "/": home('<a href="/legal/user-agreement">User Agreement</a> '
                  '<a href="/help/uploading">Help: uploading photos</a>'),
        "/legal/user-agreement": terms_page(),
        "/help/uploading": page("Uploading photos", UPLOAD_HELP),
    }
    with Site(routes) as site:
        a = await audit(site.url("/"), tmp_path, screenshots=True)
    expect_acorn(a)
    assert a["clicks_from_home"] == 1
    assert a.o("min_age").url.endswith("/legal/user-agreement")
    # hash matching and the URL list are disclosed on the upload page only, and quoted from it
    assert a["hash_matching_csam"] is True and a["url_list_detection"] is True
    assert a["proactive_tech"] is True and a["hash_matching_iia"] is False
    assert any(e.url.endswith("/help/uploading") for e in a.items("hash_matching_csam", "quote"))
    assert any("PhotoDNA" in q for q in a.quotes("hash_matching_csam"))
    assert {e.read_via for e in a.items("text_sha256", "text")} == {"http"}
    assert a.items("reachable_logged_out", "screenshot"), "discovery's terms screenshot"


async def test_a_start_address_that_is_the_terms_page_is_read_as_the_terms(tmp_path):
    # a user points the tool at a service's terms page, not its home page (as the real-terms
    # benchmark's served pages are read): the page itself is the terms, with no clicks counted
    routes = {"/": home('<a href="/blog">Blog</a>'), "/legal/terms-of-use": terms_page()}
    with Site(routes) as site:
        a = await audit(site.url("/legal/terms-of-use"), tmp_path)
    expect_acorn(a)
    assert a.o("min_age").url.endswith("/legal/terms-of-use")
    assert a["clicks_from_home"] is None
    assert "start address is the terms page" in a.o("clicks_from_home").note
    # one code path: what the real-terms benchmark counts for a page is what the probe says
    url = site.url("/legal/terms-of-use")
    text, lang = read_html(routes["/legal/terms-of-use"], url)
    offline = analyse_terms(text, url=url, lang=lang)
    for name in CONTENT_SIGNALS:
        assert a[name] == offline.value(name), name


def test_which_start_addresses_are_key_pages():
    assert discovery.start_page_kind("https://x.example/legal/terms", []) == "terms"
    assert discovery.start_page_kind("https://x.example/policies/x", ["Terms of Use"]) == "terms"
    assert discovery.start_page_kind("https://x.example/community-guidelines", []) == \
        "guidelines"
    # a home page, or a deep page that says nothing of terms, is no key page
    assert discovery.start_page_kind("https://x.example/", ["Terms of Service"]) == ""
    assert discovery.start_page_kind("https://x.example/forum/t/42", ["Welcome"]) == ""


async def test_conditions_of_use_link(tmp_path):
    routes = {"/": home('<a href="/conditions-of-use">Conditions of Use</a>'),
              "/conditions-of-use": terms_page()}
    with Site(routes) as site:
        a = await audit(site.url("/"), tmp_path)
    expect_acorn(a)
    assert a["clicks_from_home"] == 1
    assert a["hash_matching_csam"] is False and a["proactive_tech"] is False


async def test_legal_hub_page_in_between(tmp_path):
    hub = page("Legal", "<h1>Legal</h1><ul><li><a href='/legal/tos'>Terms of Service</a></li>"
                        "<li><a href='/legal/privacy'>Privacy notice</a></li></ul>")
    routes = {"/": home('<a href="/legal">Legal</a> <a href="/blog">Blog</a>'),
              "/legal": hub, "/legal/tos": terms_page(),
              "/legal/privacy": page("Privacy", "<h1>Privacy</h1>")}
    with Site(routes) as site:
        a = await audit(site.url("/"), tmp_path)
    expect_acorn(a)
    assert a["clicks_from_home"] == 2


async def test_terms_in_a_collapsed_more_menu_built_on_click(tmp_path):
    menu = ('<button id="more" aria-expanded="false">More</button><div id="menu"></div>'
            "<script>document.getElementById('more').addEventListener('click', function () {"
            "document.getElementById('menu').innerHTML = "
            "'<a href=\"/about/terms-of-use\">Terms of use</a>';"
            "this.setAttribute('aria-expanded', 'true');});</script>")
    routes = {"/": home("", body=menu), "/about/terms-of-use": terms_page()}
    with Site(routes) as site:
        a = await audit(site.url("/"), tmp_path)
    expect_acorn(a)
    assert a["clicks_from_home"] == 1


async def test_terms_built_by_script_after_load_are_read_in_the_browser(tmp_path):
    import json

    script = ("<div id='app'>Loading…</div><script>window.addEventListener('load', function () {"
              f"document.getElementById('app').innerHTML = {json.dumps(TERMS_BODY)};}});"
              "</script>")
    routes = {"/": home('<a href="/terms">Terms</a>'),
              "/terms": page("Terms of Service | Acorn", script)}
    with Site(routes) as site:
        a = await audit(site.url("/"), tmp_path)
    expect_acorn(a)
    assert {e.read_via for e in a.items("text_sha256", "text")} == {"browser"}
    assert {e.read_via for e in a.items("min_age", "quote")} == {"browser"}


async def test_terms_published_as_a_pdf(tmp_path):
    paras = [extract_main_text(f"<html><body><main>{TERMS_BODY}</main></body></html>")
             .replace("## ", "# ")]
    pdf = simple_pdf("Acorn Terms of Service", paras[0].split("\n\n"))
    routes = {"/": home('<a href="/docs/acorn-terms-2025.pdf">Terms of service (PDF)</a>'),
              "/docs/acorn-terms-2025.pdf": (200, {"Content-Type": "application/pdf"}, pdf)}
    with Site(routes) as site:
        a = await audit(site.url("/"), tmp_path)
    assert a["reachable_logged_out"] is True and a["clicks_from_home"] == 1
    assert a["min_age"] == 13 and a["min_age_uk"] == 16
    assert a["prohibits_illegal"] is True and a["reporting"] is True
    assert a["last_updated"] == "2025-03-03"
    assert a.items("reachable_logged_out", "capture"), "the PDF itself is kept"


async def test_terms_that_open_in_a_dialog(tmp_path):
    dialog = ('<dialog id="terms-dialog"><div class="body"></div>'
              '<form method="dialog"><button>Close</button></form></dialog>'
              "<script>document.addEventListener('click', function (ev) {"
              "var a = ev.target.closest('[data-terms]'); if (!a) return; ev.preventDefault();"
              "fetch('/fragments/terms').then(function (r) { return r.text(); })"
              ".then(function (h) { var d = document.getElementById('terms-dialog');"
              "d.querySelector('.body').innerHTML = h; d.showModal(); });});</script>")
    routes = {"/": home('<a href="/#terms" data-terms>Terms</a>', body=dialog),
              "/fragments/terms": TERMS_BODY}
    with Site(routes) as site:
        a = await audit(site.url("/"), tmp_path)
    assert a["reachable_logged_out"] is True and a["clicks_from_home"] == 1
    assert a.o("min_age").url.endswith("#terms-dialog")
    assert a["min_age"] == 13 and a["prohibits_illegal"] is True
    assert a["last_updated"] == "2025-03-03"


async def test_terms_on_a_help_subdomain_behind_a_stub_page(tmp_path):
    www, help_ = "www.acorn.example.org", "help.acorn.example.org"   # one registrable domain
    stub = page("Terms", "<h1>Terms</h1><p>Our terms now live in the help centre: "
                         f"<a href='http://{help_}/articles/terms-of-service'>Terms of Service"
                         "</a>.</p>")
    hosts = {www: {"/": home('<a href="/terms">Terms</a>'), "/terms": stub},
             help_: {"/articles/terms-of-service": terms_page()}}
    with Site(hosts=hosts) as site:
        a = await audit(site.url("/", host=www), tmp_path, host_map=site.host_map)
    expect_acorn(a)
    assert a.o("min_age").url == f"http://{help_}/articles/terms-of-service"
    assert a["clicks_from_home"] == 2


async def test_terms_link_only_in_the_signup_form(tmp_path):
    signup = page("Join", "<h1>Join Acorn</h1><form method='post'><input name='email'>"
                          "<label><input type='checkbox' name='ok'> I agree to the "
                          "<a href='/legal/member-agreement-v3'>Terms</a></label>"
                          "<button>Join</button></form>")
    routes = {"/": home('<a href="/join">Sign up</a>'), "/join": signup,
              "/legal/member-agreement-v3": terms_page()}
    with Site(routes) as site:
        a = await audit(site.url("/"), tmp_path)
    expect_acorn(a)
    assert a["clicks_from_home"] == 2


async def test_terms_link_only_in_a_signup_form_built_by_script(tmp_path):
    # the signup page's HTML has no form at all: a script builds it, with the only terms link
    form = ("<form method='post'><input name='email'><label><input type='checkbox' name='ok'> "
            "I agree to the <a href='/legal/member-agreement-v3'>Terms</a></label>"
            "<button>Join</button></form>")
    signup = page("Join", "<h1>Join Acorn</h1><div id='signup'></div><script>"
                          "window.addEventListener('load', function () {"
                          f"document.getElementById('signup').innerHTML = {form!r};}});"
                          "</script>")
    routes = {"/": home('<a href="/join">Sign up</a>'), "/join": signup,
              "/legal/member-agreement-v3": terms_page()}
    with Site(routes) as site:
        a = await audit(site.url("/"), tmp_path)
        join_hits = site.hits_for(path="/join")
    expect_acorn(a)
    assert a["clicks_from_home"] == 2
    assert len(join_hits) >= 2, "read over HTTP first, then in the browser"


async def test_terms_link_only_in_a_signup_dialog_opened_on_the_home_page(tmp_path):
    dialog = ("<button id='join' type='button'>Sign up</button><div id='modal'></div><script>"
              "document.getElementById('join').addEventListener('click', function () {"
              "document.getElementById('modal').innerHTML = '<div role=\"dialog\" "
              "aria-modal=\"true\"><form method=\"post\"><input name=\"email\"><label>"
              "<input type=\"checkbox\"> I accept the <a href=\"/legal/membership\">Terms of "
              "Membership</a></label><button>Create account</button></form></div>';});</script>")
    posted = []
    routes = {"/": lambda req: (posted.append(req.path) if req.method == "POST" else None) or
              Response(home('<a href="/about">About</a>', body=dialog), mimetype="text/html"),
              "/legal/membership": terms_page()}
    with Site(routes) as site:
        a = await audit(site.url("/"), tmp_path)
    expect_acorn(a)
    assert a["clicks_from_home"] == 2
    assert not posted, "the signup form is never submitted"


async def test_terms_behind_a_login_wall(tmp_path):
    login = page("Log in", "<h1>Log in</h1><form method='post'><input name='user'>"
                           "<input type='password' name='pw'><button>Log in</button></form>")
    routes = {"/": home('<a href="/terms">Terms</a>'),
              "/terms": lambda req: redirect("/login?next=/terms"),
              "/login": login}
    with Site(routes) as site:
        a = await audit(site.url("/"), tmp_path)
    assert a["reachable_logged_out"] is False
    assert a.o("reachable_logged_out").note.startswith("login_required")
    assert a["clicks_from_home"] == 1
    for name in ("min_age", "prohibits_illegal", "harms_covered", "text_sha256"):
        assert a[name] is None and a.o(name).note.startswith("login_required")


async def test_no_terms_anywhere(tmp_path):
    routes = {"/": home('<a href="/about">About</a>'),
              "/about": page("About", "<h1>About</h1><p>We are neighbours.</p>"),
              "/terms": lambda req: Response("<h1>Not found</h1>", status=404,
                                             mimetype="text/html")}
    with Site(routes) as site:
        a = await audit(site.url("/"), tmp_path)
    assert a["reachable_logged_out"] is False
    for name in SIGNALS:
        name = name.split(".", 1)[1]
        if name != "reachable_logged_out":
            assert a[name] is None and a.o(name).note.startswith("not_found"), name


# -- guessed pages: common paths, the sitemap, soft 404s and app shells ---------------------------
class EveryPath(dict):
    """Routes that answer every other path with ``fallback`` (a soft-404 site, or a single-page
    app whose server returns the same shell for every route)."""

    def __init__(self, fallback, routes=None):
        super().__init__(routes or {})
        self.fallback = fallback

    def get(self, path, default=None):
        return super().get(path, self.fallback)

    def __bool__(self):
        return True


def privacy_page() -> str:
    return page("Privacy notice | Acorn", "<h1>Privacy notice</h1><p>We keep your e-mail "
                "address and what you post, and nothing else. You can ask us for a copy at any "
                "time and we will send it within a month.</p>")


def found_by_guessing(a: Audit) -> None:
    assert a["clicks_from_home"] is None
    assert "sitemap or a common path" in a.o("clicks_from_home").note
    assert a.discovery["discovery.terms_url"].confidence < 1


def test_what_a_guessed_page_is_judged_by():
    from probes.discovery import Guess, PageFacts, page_verdict

    chrome = " ".join(f"menu{i}" for i in range(600))        # a mega-menu on every page
    home_text = f"{chrome} Acorn neighbours helping neighbours"
    guess = Guess(home_pages={"http://a.test"}, home_texts=[home_text, home_text],
                  home_titles={"acorn community", "acorn"}, scripted=False)

    def facts(titles, text, url="http://a.test/terms", status=200):
        return page_verdict("terms", PageFacts(url, status, titles, text), guess)

    assert facts(["Terms of Service | Acorn"], f"{chrome} You must be 13 to use Acorn.") is True
    assert facts(["Acorn community"], home_text + " 2025") is False        # a soft 404
    assert facts(["Acorn community", "Terms"], home_text) is False         # the home page again
    assert facts(["Page not found"], "Sorry, no terms here.") is False
    assert facts(["Terms"], "Terms", status=404) is False
    assert facts(["Terms"], "Our terms", url="http://a.test/") is False    # redirected home
    assert facts(["Privacy notice"], "We keep your e-mail address.") is False
    assert facts(["Acorn Help"], "How to use the site.") is None            # nothing says


async def test_a_site_that_answers_every_path_with_its_home_page_has_no_guessed_pages(tmp_path):
    # a soft-404 site: /terms, /privacy (and the link "Site info" to /tos) are the home page again
    routes = EveryPath(home('<a href="/tos">Site info</a> <a href="/about">About</a>'))
    with Site(routes) as site:
        a = await audit(site.url("/"), tmp_path)
        asked = {h.path for h in site.hits}
    assert a.discovery["discovery.home_url"].value == site.url("/")
    for kind in ("terms", "privacy", "guidelines", "contact", "report"):
        assert a.discovery[f"discovery.{kind}_url"].value is None, kind
    assert a["reachable_logged_out"] is False
    assert {"/terms", "/tos", "/terms-of-service", "/terms-and-conditions", "/privacy"} <= asked
    assert len([p for p in asked if p not in ("/", "/robots.txt", "/sitemap.xml")]) <= 12


async def test_terms_only_at_a_common_path_on_a_soft_404_site(tmp_path):
    routes = EveryPath(home('<a href="/about">About</a>'),
                       {"/terms-and-conditions": terms_page(), "/privacy-policy": privacy_page()})
    with Site(routes) as site:
        a = await audit(site.url("/"), tmp_path)
    assert a.discovery["discovery.terms_url"].value == site.url("/terms-and-conditions")
    assert a.discovery["discovery.privacy_url"].value == site.url("/privacy-policy")
    expect_acorn(a)
    found_by_guessing(a)


async def test_a_single_page_app_route_is_read_in_the_browser_and_its_other_routes_are_not_pages(
        tmp_path):
    import json

    views = {"/tos": ["Terms of Service | Acorn", TERMS_BODY],
             "/privacy": ["Privacy notice | Acorn", "<h1>Privacy notice</h1><p>We keep your "
                          "e-mail address and nothing else, and delete it when you leave.</p>"]}
    shell = ("<!doctype html><html lang='en-GB'><head><title>Acorn</title></head><body>"
             "<div id='app'></div><script>var views = " + json.dumps(views) + ";"
             "var v = views[location.pathname] || ['Acorn community', '<h1>Acorn</h1><p>"
             "Neighbours helping neighbours: swap tools, share news and find a plumber.</p>'];"
             "document.title = v[0]; document.getElementById('app').innerHTML = v[1];"
             "</script></body></html>")
    with Site(EveryPath(shell)) as site:
        a = await audit(site.url("/"), tmp_path)
    assert a.discovery["discovery.terms_url"].value == site.url("/tos")      # not /terms
    assert a.discovery["discovery.privacy_url"].value == site.url("/privacy")
    expect_acorn(a)
    found_by_guessing(a)


async def test_terms_only_in_the_sitemap_past_a_stale_entry(tmp_path):
    sitemap = ("<?xml version='1.0' encoding='UTF-8'?><urlset xmlns="
               "'http://www.sitemaps.org/schemas/sitemap/0.9'>"
               + "".join(f"<url><loc>{{base}}{p}</loc></url>"
                         for p in ("/", "/about", "/terms", "/policies/terms")) + "</urlset>")
    routes = {"/": home('<a href="/about">About</a>'),
              "/about": page("About", "<h1>About</h1><p>We are neighbours.</p>"),
              "/policies/terms": terms_page()}
    with Site(routes) as site:
        routes["/sitemap.xml"] = (200, {"Content-Type": "application/xml"},
                                  sitemap.replace("{base}", site.url("/").rstrip("/")))
        a = await audit(site.url("/"), tmp_path)
    # the stale /terms (a 404) is checked and passed over for the page that is there
    assert a.discovery["discovery.terms_url"].value == site.url("/policies/terms")
    expect_acorn(a)
    found_by_guessing(a)


# -- the demo web ----------------------------------------------------------------------------------
@pytest.mark.parametrize("service", DEMO_WITH_TERMS)
async def test_demo_service_agrees_with_its_ground_truth(tmp_path, service):
    from auditor.demo import DemoWeb

    with DemoWeb([service]) as web:
        row = web.service(service).row
        extra = tuple(d for d in (row.get("extra_domains") or "").split(";") if d)
        a = await audit(web.url(service), tmp_path, host_map=web.host_map, extra_domains=extra)
        truth = web.truth(service)
    wanted = {k: v for k, v in truth["signals"].items() if k.startswith("terms.")}
    assert wanted, "the service has terms truth"
    disagree = []
    for name, want in wanted.items():
        if name in truth["known_limitations"]:
            continue
        got = a.obs[name].value
        conflict = TRUTH_CONFLICTS.get((service, name))
        if conflict is not None:
            assert got == conflict[0], (name, got)       # LABELS.md's reading, pinned
            continue
        if got != want:
            disagree.append(f"{name}: truth {want!r}, probe {got!r} ({a.obs[name].note})")
    assert not disagree, "\n".join(disagree)
    # every decided content signal quotes what it relied on
    for name in ("min_age", "prohibits_illegal", "reporting"):
        if a[name] not in (None, False):
            assert a.quotes(name), name
