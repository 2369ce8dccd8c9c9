"""The age_gate probe: on the demo web (every service against its ground truth, Lustre's
third-party hand-off in detail) and on gates built with open-source code installed from npm at
test time (``agegate``, the jQuery plugin ``age-check``, ``sweetalert2``), plus pages for the
other shapes a gate takes (shadow DOM, a provider's iframe, an interstitial redirect, a login
wall) and for what is no gate (libraries loaded but never shown)."""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
import sitekit
from sitekit import Site
from werkzeug.wrappers import Response

import probes
from auditor import signals
from auditor.browser import launch
from auditor.demo import load_truth
from auditor.evidence import EvidenceRecorder
from auditor.model import Target
from probes.age_gate import methods_in
from probes.age_gate_dom import (
    Control,
    circumvention_quote,
    dob_fields,
    dob_for,
    provider_key,
)
from probes.age_providers import load as load_providers

ROOT = Path(__file__).parent
PAGES = ROOT / "pages" / "age_gate"
#: the pins (package.json and its lock file) are committed here ...
NPM_PINS = ROOT / "npm"
_CACHE = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "osa-auditor"
#: ... the packages are installed outside the checkout, so no third-party code (nor the
#: internet addresses in its comments) ever sits in the project's tree
NPM_DIR = _CACHE / "npm-tests"
NPM_CACHE = _CACHE / "npm"          # npm's download cache (its logs name the registry's URLs)
NPM_PACKAGES = ("agegate", "age-check", "jquery", "js-cookie", "sweetalert2")




needs_browser = pytest.mark.skipif(not sitekit.have_chromium(), reason="no Chromium to drive")


# -- running probes through a real Session, as the runner does -------------------------------

@dataclass
class Audit:
    obs: dict
    evidence: EvidenceRecorder
    log: list[str]

    def __getitem__(self, name: str):
        return self.obs[name].value

    def note(self, name: str) -> str:
        return self.obs[name].note


async def audit(host_map: dict, url: str, tmp_path: Path, *, names=("age_gate",),
                allow_forms: bool = False, **opts) -> Audit:
    out: dict = {}
    async with sitekit.shared_browser(host_map, **opts) as shared:
        target = Target("t", "T", url, allow_forms=allow_forms)
        async with sitekit.probe_session(shared, target, tmp_path) as session:
            for name in ("discovery", *names):
                found = await probes.load(name).run(session)
                for o in found:
                    signals.check(o.signal, o.value)
                    assert o.signal.startswith(name + "."), o.signal
                    assert o.signal not in out, f"{o.signal} written twice"
                    out[o.signal] = o
                assert {o.signal for o in found} == set(signals.signals_of(name)), name
    return Audit(out, session.evidence, session.log)


def assert_redacted(a: Audit) -> None:
    """Where a gate was met, every screenshot the probe kept was blurred before it was written;
    where none was, the pictures stay readable."""
    shots = [e for e in a.evidence.items if e.kind == "screenshot"
             and "-screenshot-" in e.evidence_id]
    gate_shots = {i for o in a.obs.values() if o.signal.startswith("age_gate.")
                  for i in o.evidence}
    gated = a["age_gate.type"] not in (None, "none", "login_wall")
    assert bool(a.evidence.adult) == gated, a.evidence.adult
    for e in shots:
        if e.evidence_id in gate_shots:
            assert (e.sha256 != e.original_sha256) == gated, e.evidence_id


# -- unit checks of the word lists and field readers ---------------------------------------

def _c(**kw) -> Control:
    raw = {"kind": "input", "type": "text", "name": "", "elid": "", "cls": "", "text": "",
           "label": "", "placeholder": "", "autocomplete": "", "options": [], "id": "C0",
           "max": "", "visible": True}
    raw.update(kw)
    return Control(raw)


def test_dob_fields_recognised():
    months = [[str(i), m] for i, m in enumerate(["January", "February", "March", "April", "May",
                                                  "June", "July", "August", "September",
                                                  "October", "November", "December"])]
    plugin = [_c(kind="select", cls="month", options=months), _c(cls="day", placeholder="01"),
              _c(cls="year", placeholder="1989")]
    assert set(dob_fields(plugin)) == {"month", "day", "year"}
    assert set(dob_fields([_c(type="date", label="Date of birth")])) == {"date"}
    assert set(dob_fields([_c(name="dob_day", label="Day"), _c(name="dob_month"),
                           _c(name="dob_year")])) == {"day", "month", "year"}
    assert dob_fields([_c(name="min_age"), _c(name="max_age")]) == {}
    assert dob_fields([_c(name="year_of_release")]) == {}
    assert set(dob_fields([_c(placeholder="DD/MM/YYYY")])) == {"dmy"}


def test_digit_boxes_are_read_as_one_field_per_part():
    """Eight transparent one-digit fields drawn by boxes showing D D M M Y Y Y Y: a day, a month
    and a year, each with its boxes in page order (the probe types one digit into each: a box
    takes one character, so a whole "05" typed into the first would leave the date unreadable)."""
    def box(n: int, letter: str, layer: str = "L0") -> Control:
        return _c(id=f"C{n}", visible=False, box=letter, layer=layer)

    boxes = [box(i, ch) for i, ch in enumerate("DDMMYYYY")]
    fields = dob_fields(boxes)
    assert set(fields) == {"day", "month", "year"}
    assert [[c.id for c in fields[p].group] for p in ("day", "month", "year")] == \
        [["C0", "C1"], ["C2", "C3"], ["C4", "C5", "C6", "C7"]]
    # a box in another layer (another form on the page) makes no group with these
    other = dob_fields([*boxes[:4], box(9, "Y", "L1"), *boxes[4:]])
    assert [c.id for c in other["year"].group] == ["C9"]
    # fields that are no boxes have no group beyond themselves
    assert [c.id for c in dob_fields([_c(id="C1", type="date")])["date"].group] == ["C1"]


def test_dob_for_gives_the_age():
    from datetime import date
    for today in (date(2025, 6, 1), date(2024, 2, 29), date(2026, 1, 3)):
        for age in (12, 15, 25):
            d = dob_for(age, today)
            years = today.year - d.year - ((today.month, today.day) < (d.month, d.day))
            assert years == age


def test_methods_and_words():
    assert methods_in("Facial age estimation: take a selfie") == {"facial_estimation"}
    assert methods_in("Scan your passport, then a live selfie (liveness check)") == \
        {"photo_id_liveness"}
    assert methods_in("Upload a photo of your driving licence") == {"photo_id_no_liveness"}
    assert methods_in("Pay with a credit card or open banking") == {"credit_card",
                                                                    "open_banking"}
    assert circumvention_quote("Tip: use a VPN and you can skip the age check.")
    assert circumvention_quote("Using a VPN to get around our age check is against our "
                               "terms.") is None
    assert circumvention_quote("We verify every visitor's age.") is None
    for p in load_providers().providers:        # any of a provider's hosts is the provider
        for dom in p.domains:
            assert provider_key(f"https://age.{dom}/start") == p.domains[0]
    assert provider_key("http://verify.agecheckr.test/start") == "agecheckr.test"


def test_content_outside_the_gate():
    """The page's own text and pictures count; the gate's words, boxes with its form, and
    blurred or hidden pictures do not."""
    from probes.age_gate import has_content, seen_media
    gate_only = [{"tag": "h1", "text": "ROYAL TABLES", "visible": True, "gatey": True},
                 {"tag": "h2", "text": "Please confirm your age", "visible": True},
                 {"tag": "p", "text": "You must be 18 or over to enter.", "visible": True}]
    assert not has_content(gate_only)
    shop = [*gate_only, {"tag": "h1", "text": "Small-batch spirits", "visible": False}]
    assert has_content(shop) and not has_content(shop, visible_only=True)
    blurred = [{"tag": "img", "text": "", "media": True, "visible": False}] * 4
    assert seen_media(blurred) == 0
    assert seen_media([{"tag": "img", "text": "", "media": True, "visible": True}] * 3) == 3


# -- the demo web -----------------------------------------------------------------------------

def _truth_cases():
    # the two gates (self-declaration, third-party hand-off) and two services without one
    return sitekit.demo_cases("age_gate.", only=("velvetroom", "lustre", "quietforum", "hive"))


@pytest.mark.browser
@needs_browser
@pytest.mark.parametrize("sid", _truth_cases())
async def test_demo_service_matches_truth(demo, sid, tmp_path):
    truth = load_truth(sid)
    svc = demo.service(sid)
    a = await audit(demo.host_map, svc.start_url, tmp_path,
                    allow_forms=svc.row.get("allow_forms") == "true")
    wrong = {}
    for name, want in truth["signals"].items():
        if not name.startswith("age_gate.") or name in truth["known_limitations"]:
            continue
        got = a[name]
        if isinstance(want, list):
            got = sorted(got or [])
            want = sorted(want)
        if got != want:
            wrong[name] = (got, want, a.note(name))
    assert not wrong, f"{sid}: (got, want, note) {wrong}"
    assert_redacted(a)


@pytest.mark.browser
@needs_browser
async def test_lustre_third_party_handoff(demo, tmp_path):
    demo.clear_log()
    a = await audit(demo.host_map, demo.url("lustre"), tmp_path)
    assert a["age_gate.type"] == "third_party"
    assert a["age_gate.providers"] == ["agecheckr.test"]
    assert set(a["age_gate.methods"]) == {"facial_estimation", "photo_id_liveness",
                                          "credit_card"}
    assert a["age_gate.bypass_deep_url"] is False
    assert a["age_gate.content_behind_gate"] is False
    assert a["age_gate.holds_without_js"] is True
    assert a["age_gate.appeal_route"] is True
    assert a["age_gate.statement_url"] == demo.url("lustre", "/age-assurance")
    assert a["age_gate.underage_remembered"] is None
    log = demo.requests()
    # it read the provider but never pressed anything there: no check was attempted or passed
    assert any(r.host == "verify.agecheckr.test" and r.path == "/start" for r in log)
    assert not any(r.path == "/simulate" or r.path.startswith("/method/") for r in log)
    assert not any(r.method != "GET" for r in log if r.service == "lustre")
    assert not any(r.path == "/age-check/callback" for r in log)
    assert_redacted(a)


@pytest.mark.browser
@needs_browser
async def test_lustre_check_passes_only_in_test_mode_and_regates(demo):
    """The fake provider lets a *test* pass (signed result); a new session is gated again."""
    from playwright.async_api import async_playwright

    async with async_playwright() as pw:
        browser, _ = await launch(pw, host_map=demo.host_map)
        try:
            ctx = await browser.new_context()
            page = await ctx.new_page()
            await page.goto(demo.url("lustre", "/video/3"))
            assert page.url.startswith("http://verify.agecheckr.test/start?")
            assert "placeholder video" not in await page.content()
            await page.get_by_role("button", name="Simulate successful check").click()
            await page.wait_for_url(demo.url("lustre", "/video/3"))
            assert await page.get_by_role("img", name="placeholder video").count() == 1
            await page.goto(demo.url("lustre", "/"))
            assert await page.get_by_role("img", name="placeholder thumbnail").count() >= 3
            # a forged result is refused
            await page.goto(demo.url("lustre", "/age-check/callback?state=x&"
                                                "result=pass&sig=00"))
            assert "Something went wrong" in await page.content()
            await ctx.close()
            ctx2 = await browser.new_context()
            p2 = await ctx2.new_page()
            await p2.goto(demo.url("lustre", "/videos"))
            assert p2.url.startswith("http://verify.agecheckr.test/start?")
            await p2.get_by_role("button", name="Simulate failed check").click()
            await p2.wait_for_load_state()
            assert "couldn't confirm" in await p2.content()
            await ctx2.close()
        finally:
            await browser.close()


# -- gates built with open-source code from npm, and other shapes ------------------------------

def _npm_ready() -> bool:
    """Every pinned package is installed at its pinned version."""
    wanted = json.loads((NPM_PINS / "package.json").read_text(encoding="utf-8"))["dependencies"]
    assert set(wanted) == set(NPM_PACKAGES)
    for name, version in wanted.items():
        meta = NPM_DIR / "node_modules" / name / "package.json"
        if not meta.exists() or json.loads(meta.read_text(encoding="utf-8"))["version"] != version:
            return False
    return True


@pytest.fixture(scope="session")
def npm_modules():
    """Install the pinned gate libraries outside the checkout (once; skipped when present).
    The folder is shared by every checkout on the machine: one install at a time."""
    npm = shutil.which("npm")
    NPM_DIR.mkdir(parents=True, exist_ok=True)
    with open(NPM_DIR / ".install.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not _npm_ready():
            if npm is None:
                pytest.skip("npm is not installed: the tests on real gate libraries need it")
            for name in ("package.json", "package-lock.json"):
                shutil.copyfile(NPM_PINS / name, NPM_DIR / name)
            proc = subprocess.run([npm, "install", "--prefix", str(NPM_DIR), "--no-audit",
                                   "--no-fund", "--cache", str(NPM_CACHE), "--logs-max=0"],
                                  capture_output=True, text=True, timeout=300)
            assert proc.returncode == 0, proc.stderr[-2000:]
            assert _npm_ready(), "npm install did not install every package"
    return NPM_DIR / "node_modules"


class FixtureWeb(Site):
    """The sitekit server with every request's method logged too."""

    def __init__(self, hosts: dict):
        super().__init__({}, hosts)
        self.methods: list[tuple[str, str, str]] = []

    def app(self, environ, start_response):
        self.methods.append((environ.get("HTTP_HOST", ""), environ.get("REQUEST_METHOD", ""),
                             environ.get("PATH_INFO", "")))
        return super().app(environ, start_response)


PLACEHOLDER_SVG = ('<svg xmlns="http://www.w3.org/2000/svg" width="200" height="112">'
                   '<rect width="200" height="112" fill="#888"/></svg>')
NPM_FILES = ("agegate/src/index.js", "agegate/src/countries.js", "js-cookie/dist/js.cookie.mjs",
             "jquery/dist/jquery.min.js", "age-check/jquery.agecheck.js",
             "age-check/agecheck.css", "sweetalert2/dist/sweetalert2.all.min.js")
TYPES = {"js": "application/javascript", "mjs": "application/javascript", "css": "text/css"}


# a provider SDK as a bundler serves it (the path carries its npm name, a script hint of the
# providers table); this stand-in only defines the global the real UMD build defines
SDK_PATH = "/npm/@veriff/incontext-sdk/dist/index.umd.js"
SDK_STUB = "window.veriffSDK = {createVeriffFrame: function () { return {}; }};"


def _page(name: str) -> str:
    grid = (PAGES / "_grid.html").read_text(encoding="utf-8")
    return (PAGES / name).read_text(encoding="utf-8").replace("<!--GRID-->", grid)


def _ungated() -> str:
    grid = (PAGES / "_grid.html").read_text(encoding="utf-8")
    return f"<!doctype html><html lang='en-GB'><title>Video 7</title><body>{grid}</body></html>"


def _plain(title: str) -> str:
    return f"<!doctype html><html lang='en-GB'><title>{title}</title><body><h1>{title}</h1>" \
           "<p>Placeholder text.</p></body></html>"


def _routes(modules: Path, home: str, *, deep: str | None = None) -> dict:
    routes: dict = {"/": _page(home), "/gallery/1": _page(deep or home),
                    "/video/7": _page(deep or home), "/terms": _plain("Terms of service"),
                    "/privacy": _plain("Privacy"), "/robots.txt": (200, {}, "User-agent: *\n"),
                    "/placeholder.svg": (200, {"Content-Type": "image/svg+xml"},
                                         PLACEHOLDER_SVG)}
    for rel in NPM_FILES:
        body = (modules / rel).read_bytes()
        routes[f"/npm/{rel}"] = (200, {"Content-Type": TYPES[rel.rsplit(".", 1)[1]]}, body)
    return routes


def _sitemap(host: str) -> tuple:
    locs = "".join(f"<url><loc>http://{host}{p}</loc></url>" for p in ("/video/7", "/gallery/1"))
    return (200, {"Content-Type": "application/xml"},
            f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            f"{locs}</urlset>")


def _enter_site() -> dict:
    def gate_or(req, inner):
        if req.cookies.get("under") == "1":
            return Response("", 302, {"Location": "/enter/no"})
        if req.cookies.get("ok") != "1":
            return Response("", 302, {"Location": f"/enter?next={req.path}"})
        return Response(inner, mimetype="text/html")

    def no(req):
        r = Response("<!doctype html><title>Sorry</title><h1>Sorry</h1><p>You must be 18 or over "
                     "to enter this site.</p>", mimetype="text/html")
        r.set_cookie("under", "1")
        return r

    return {"/": lambda req: gate_or(req, _plain("Home")),
            "/video/7": lambda req: gate_or(req, _plain("Video 7")),
            "/gallery/1": lambda req: gate_or(req, _plain("Gallery 1")),
            "/enter": _page("enter.html"), "/enter/no": no,
            "/sitemap.xml": _sitemap("www.enter.test"),
            "/terms": _plain("Terms of service"), "/robots.txt": (200, {}, "User-agent: *\n")}


def _textshop_site() -> dict:
    """A script modal over a text-only shop; the home page links dead pages before a live one."""
    page = _page("textshop.html")
    return {"/": page, "/spirits/river-bourbon-7": page,
            "/terms": _plain("Terms of service"), "/privacy": _plain("Privacy"),
            "/robots.txt": (200, {}, "User-agent: *\n")}


def _interstitial_site() -> dict:
    """Every URL (linked or not) is answered with the age check until a cookie is set; an
    under-age answer is remembered and answered with a sorry page."""
    def gate_or(req):
        if req.cookies.get("it_under") == "1":
            return Response("<!doctype html><title>Access denied</title><h1>Sorry</h1><p>You "
                            "must be of legal gambling age to use Royal Tables.</p>",
                            mimetype="text/html")
        if req.cookies.get("it_ok") != "1":
            return Response(_page("interstitial.html"), mimetype="text/html")
        return Response(_plain("Tables"), mimetype="text/html")

    return _EveryPath(gate_or, {"/robots.txt": (200, {}, "User-agent: *\n")})


class _EveryPath(dict):
    """Routes where every path not listed goes to one handler (a server-side gate)."""

    def __init__(self, handler, routes: dict):
        super().__init__(routes)
        self.handler = handler

    def get(self, key, default=None):
        return super().get(key, self.handler)


def _login_site() -> dict:
    def wall(req):
        return Response("", 302, {"Location": f"/login?next={req.path}"})
    return {"/": wall, "/video/7": wall, "/gallery/1": wall, "/login": _page("login.html"),
            "/sitemap.xml": _sitemap("www.login.test"),
            "/terms": _plain("Terms of service"), "/robots.txt": (200, {}, "User-agent: *\n")}


@pytest.fixture(scope="module")
def fixtures(npm_modules):
    feed = json.dumps({"clips": [f"/media/clip{i}.mp4" for i in range(6)]
                       + [f"/media/thumb{i}.jpg" for i in range(6)]})
    netfeed = _routes(npm_modules, "netfeed.html")
    netfeed["/api/feed"] = (200, {"Content-Type": "application/json"}, feed)
    hosts = {
        "www.agegate-npm.test": _routes(npm_modules, "agegate.html"),
        "www.agecheck-npm.test": {**_routes(npm_modules, "agecheck.html"),
                                  "/video/7": _ungated()},     # the plugin is left out here
        "www.swal-npm.test": _routes(npm_modules, "sweetalert.html"),
        "www.dormant.test": _routes(npm_modules, "dormant.html"),
        "www.shadow.test": _routes(npm_modules, "shadow.html"),
        "www.iframe.test": _routes(npm_modules, "iframe.html"),
        "widget.agewidget.test": {"/embed": _page("widget.html"),
                                  "/robots.txt": (200, {}, "User-agent: *\n")},
        "www.netfeed.test": netfeed,
        "www.enter.test": _enter_site(),
        "www.login.test": _login_site(),
        "www.textshop.test": _textshop_site(),
        "www.memberbox.test": {"/": _page("memberbox.html"), "/terms": _plain("Terms"),
                               "/robots.txt": (200, {}, "User-agent: *\n")},
        "www.interstitial.test": _interstitial_site(),
        "www.vpn.test": {**_routes(npm_modules, "vpn.html")},
        "www.yearselect.test": _routes(npm_modules, "yearselect.html"),
        "www.digitboxes.test": _routes(npm_modules, "digitboxes.html"),
        "www.sdkoverlay.test": {**_routes(npm_modules, "sdkoverlay.html"),
                                SDK_PATH: (200, {"Content-Type": "application/javascript"},
                                           SDK_STUB)},
        "www.inpageframe.test": _routes(npm_modules, "inpageframe.html"),
    }
    with FixtureWeb(hosts) as site:
        yield site


def _posts(site: FixtureWeb, host: str) -> list:
    return [m for m in site.methods if m[0].split(":")[0] == host and m[1] != "GET"]


# (host, type, expected signals) for every fixture page; None = not asserted
CASES = {
    "www.agegate-npm.test": ("dob_entry", {
        "age_gate.methods": ["dob_entry"], "age_gate.bypass_deep_url": False,
        "age_gate.content_behind_gate": True, "age_gate.holds_without_js": False,
        "age_gate.regates_new_session": True, "age_gate.underage_remembered": True,
        "age_gate.dismissible": False, "age_gate.providers": []}),
    "www.agecheck-npm.test": ("dob_entry", {
        "age_gate.methods": ["dob_entry"], "age_gate.bypass_deep_url": True,
        "age_gate.content_behind_gate": True, "age_gate.holds_without_js": False,
        "age_gate.regates_new_session": True, "age_gate.underage_remembered": False,
        "age_gate.dismissible": False}),
    "www.swal-npm.test": ("self_declaration", {
        "age_gate.methods": ["self_declaration"], "age_gate.bypass_deep_url": False,
        "age_gate.content_behind_gate": True, "age_gate.holds_without_js": False,
        "age_gate.regates_new_session": True, "age_gate.underage_remembered": False,
        "age_gate.dismissible": True}),
    "www.dormant.test": ("none", {"age_gate.types": [], "age_gate.providers": []}),
    "www.shadow.test": ("self_declaration", {
        "age_gate.bypass_deep_url": False, "age_gate.holds_without_js": False,
        "age_gate.content_behind_gate": True, "age_gate.dismissible": False,
        "age_gate.underage_remembered": False}),
    "www.iframe.test": ("third_party", {
        "age_gate.providers": ["agewidget.test"],
        "age_gate.methods": ["facial_estimation", "open_banking"],
        "age_gate.holds_without_js": True}),
    "www.enter.test": ("self_declaration", {
        "age_gate.bypass_deep_url": False, "age_gate.holds_without_js": True,
        "age_gate.content_behind_gate": False, "age_gate.dismissible": False,
        "age_gate.underage_remembered": True, "age_gate.regates_new_session": True}),
    "www.login.test": ("login_wall", {
        "age_gate.bypass_deep_url": False, "age_gate.holds_without_js": True,
        "age_gate.dismissible": False, "age_gate.underage_remembered": None}),
    "www.netfeed.test": ("self_declaration", {
        "age_gate.content_behind_gate": True, "age_gate.regates_new_session": False}),
    "www.vpn.test": ("none", {"age_gate.circumvention_advice": True}),
    # a year-of-birth select alone, in an alertdialog, is a date-of-birth question
    "www.yearselect.test": ("dob_entry", {"age_gate.methods": ["dob_entry"],
                                          "age_gate.providers": []}),
    # digit boxes: transparent fields drawn by boxes showing "Y", "M", "D"
    "www.digitboxes.test": ("dob_entry", {"age_gate.methods": ["dob_entry"],
                                          "age_gate.providers": []}),
    # an overlay whose "Verify my age" starts a provider SDK; "an ID document and a selfie"
    "www.sdkoverlay.test": ("third_party", {"age_gate.providers": ["veriff.com"],
                                            "age_gate.methods": ["photo_id_liveness"]}),
    # a provider's frame in a verification box on the page (nothing covers the page); the
    # page names no method, so none is reported (the providers' offer is in the note only)
    "www.inpageframe.test": ("third_party", {"age_gate.providers": ["checkframe.test"],
                                             "age_gate.methods": []}),
    # dead links first, then a live item page; the page's own text under a script modal
    "www.textshop.test": ("self_declaration", {
        "age_gate.bypass_deep_url": False, "age_gate.content_behind_gate": True,
        "age_gate.holds_without_js": False}),
    # a verification box beside the page's own text: nothing covers it, with scripting off too
    "www.memberbox.test": ("third_party", {
        "age_gate.content_behind_gate": True, "age_gate.holds_without_js": False}),
    # no page linked; an inner URL no page links to gets the age check too; without
    # scripting only the check's words show; a sorry page after an under-age answer
    "www.interstitial.test": ("dob_entry", {
        "age_gate.bypass_deep_url": False, "age_gate.content_behind_gate": False,
        "age_gate.holds_without_js": True, "age_gate.underage_remembered": True,
        "age_gate.dismissible": False}),
}


@pytest.mark.browser
@needs_browser
@pytest.mark.parametrize("host", list(CASES))
async def test_fixture_gates(fixtures, host, tmp_path):
    gate_type, expected = CASES[host]
    a = await audit(fixtures.host_map, f"http://{host}/", tmp_path,
                    providers_file=str(PAGES / "providers.toml"))
    assert a["age_gate.type"] == gate_type, (a["age_gate.type"], a.note("age_gate.type"))
    wrong = {}
    for name, want in expected.items():
        got = a[name]
        if isinstance(want, list):
            got, want = sorted(got or []), sorted(want)
        if got != want:
            wrong[name] = (got, want, a.note(name))
    assert not wrong, f"{host}: (got, want, note) {wrong}"
    assert not _posts(fixtures, host), "the probe sent a form"
    assert_redacted(a)


@pytest.mark.browser
@needs_browser
async def test_underage_answer_never_leaves_the_browser(fixtures, tmp_path):
    """The date typed into a client-side gate is never sent to the service."""
    fixtures.hits.clear()
    a = await audit(fixtures.host_map, "http://www.agegate-npm.test/", tmp_path)
    assert a["age_gate.underage_remembered"] is True
    assert not any("20" in h.path and "dob" in h.path for h in fixtures.hits)
    assert not _posts(fixtures, "www.agegate-npm.test")


def test_npm_packages_are_not_committed():
    ignore = (ROOT.parent / ".gitignore").read_text(encoding="utf-8")
    assert "node_modules/" in ignore.split()
    assert json.loads((NPM_PINS / "package.json").read_text())["dependencies"]["agegate"]
    assert ROOT.parent.resolve() not in NPM_DIR.resolve().parents   # installed outside
