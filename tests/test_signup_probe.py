"""The signup probe: on the demo web's signup flows (against their ground truth) and on pages for
the shapes a flow takes (a modal, a client-side wizard, a server that makes teen accounts), with
and without permission to submit forms.  Synthetic identities never reach a report or a log."""

from __future__ import annotations

import io
import json
import secrets
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
import sitekit
from sitekit import Site
from werkzeug.wrappers import Request, Response

import probes
from auditor import signals
from auditor.demo import load_truth
from auditor.demo.kit import TODAY
from auditor.evidence import EvidenceRecorder
from auditor.model import Target
from auditor.options import SweepOptions
from probes.messaging_personas import made_accounts
from probes.signup import CUTOFF, Identity, ages

PAGES = Path(__file__).parent / "pages" / "signup"

needs_browser = pytest.mark.skipif(not sitekit.have_chromium(), reason="no Chromium to drive")


@dataclass
class Audit:
    obs: dict
    evidence: EvidenceRecorder
    log: list[str]
    run_dir: Path
    made: object = None                 # what the session holds for the messaging probe

    def __getitem__(self, name: str):
        return self.obs[name].value

    def note(self, name: str) -> str:
        return self.obs[name].note


async def audit(host_map: dict, url: str, tmp_path: Path, *, allow_forms: bool,
                today: date | None = None, mail_dir: Path | None = None) -> Audit:
    out: dict = {}
    async with sitekit.shared_browser(host_map, max_pages_per_target=120) as shared:
        if today is not None:
            shared.options.today = today             # the demo web lives on a fixed day
        if mail_dir is not None:
            shared.options.mail_dir = str(mail_dir)  # --mail-dir
        target = Target("t", "T", url, allow_forms=allow_forms)
        async with sitekit.probe_session(shared, target, tmp_path) as session:
            for name in ("discovery", "signup"):
                found = await probes.load(name).run(session)
                for o in found:
                    signals.check(o.signal, o.value)
                    assert o.signal not in out
                    out[o.signal] = o
                assert {o.signal for o in found} == set(signals.signals_of(name))
    evidence = session.evidence
    return Audit(out, evidence, session.log, tmp_path, made_accounts(session))


def assert_no_identities(a: Audit, typed: list[str]) -> None:
    """Nothing the probe typed shows in its observations, its log or its text evidence."""
    blob = " ".join(f"{o.value} {o.note}" for o in a.obs.values()) + " ".join(a.log)
    for path in a.run_dir.rglob("*"):
        if path.is_file() and path.suffix in (".txt", ".html"):
            blob += path.read_text(encoding="utf-8", errors="replace")
    for v in typed:
        assert v not in blob


class Recorder:
    """Wraps Identity.make to remember every synthetic value the probe used."""

    def __init__(self, monkeypatch):
        self.values: list[str] = []
        real = Identity.make.__func__

        def make(cls, age, today):
            ident = real(cls, age, today)
            self.values += [ident.username, ident.email, ident.password]
            return ident
        monkeypatch.setattr(Identity, "make", classmethod(make))


# -- units -------------------------------------------------------------------------------------

def test_ages_configurable(monkeypatch):
    class S:
        options = SweepOptions()
    assert ages(S()) == (12, 15, 25)
    monkeypatch.setenv("AUDITOR_SIGNUP_AGES", "16, 11")
    assert ages(S()) == (11, 16)
    S.options.signup_ages = (13, 17)
    assert ages(S()) == (13, 17)


def test_cutoff_words():
    assert CUTOFF.search("You must be 16 or over to join")
    assert CUTOFF.search("Only for 13+")
    assert not CUTOFF.search("Date of birth Day Month Year I agree to the terms")


# -- the demo web ------------------------------------------------------------------------------

def _truth_cases():
    # the three services whose rows allow forms (synthetic identities sent), and one that asks no
    # age; the rest agree in tests/test_demo_agreement.py
    return sitekit.demo_cases("signup.", only=("quietforum", "hive", "chatspot", "velvetroom"))


@pytest.mark.browser
@needs_browser
@pytest.mark.parametrize("sid", _truth_cases())
async def test_demo_service_matches_truth(demo, sid, tmp_path, monkeypatch):
    rec = Recorder(monkeypatch)
    truth = load_truth(sid)
    svc = demo.service(sid)
    a = await audit(demo.host_map, svc.start_url, tmp_path,
                    allow_forms=svc.row.get("allow_forms") == "true", today=TODAY)
    wrong = {}
    for name, want in truth["signals"].items():
        if not name.startswith("signup.") or name in truth["known_limitations"]:
            continue
        got = a[name]
        if isinstance(want, list):
            got, want = sorted(got or []), sorted(want)
        if got != want:
            wrong[name] = (got, want, a.note(name))
    assert not wrong, f"{sid}: (got, want, note) {wrong}"
    assert_no_identities(a, rec.values)


@pytest.mark.browser
@needs_browser
async def test_quietforum_without_forms_sends_nothing(demo, tmp_path):
    demo.clear_log()
    a = await audit(demo.host_map, demo.url("quietforum"), tmp_path, allow_forms=False,
                    today=TODAY)
    assert a["signup.asks_age"] is True and a["signup.neutral_age_screen"] is True
    assert a["signup.underage_outcome"] == "not_tested"
    assert a.note("signup.underage_outcome") == "forms_not_allowed"
    for name in ("signup.underage_retry", "signup.lowest_age_accepted", "signup.child_defaults"):
        assert a[name] is None and a.note(name) == "forms_not_allowed"
    assert not [r for r in demo.requests() if r.method != "GET"]


# -- fixture flows ---------------------------------------------------------------------------------

def _age(day: str, month: str, year: str) -> int | None:
    try:
        d = date(int(year), int(month), int(day))
    except (TypeError, ValueError):
        return None
    t = date.today()
    return t.year - d.year - ((t.month, t.day) < (d.month, d.day))


FORM = ("<!doctype html><html lang='en-GB'><title>Join Teenly</title><body><h1>Join Teenly</h1>"
        "{err}<form method='post' action='/signup'>"
        "<label for='u'>Username</label> <input id='u' name='username'>"
        "<label for='e'>Email</label> <input id='e' name='email' type='email'>"
        "<label for='p'>Password</label> <input id='p' name='password' type='password'>"
        "<fieldset><legend>Date of birth</legend>"
        "<label for='d'>Day</label> <input id='d' name='dob_day' size='2'>"
        "<label for='m'>Month</label> <input id='m' name='dob_month' size='2'>"
        "<label for='y'>Year</label> <input id='y' name='dob_year' size='4'></fieldset>"
        "<label><input type='checkbox' name='agree' value='yes'> I agree to the "
        "<a href='/terms'>terms</a></label> <button type='submit'>Sign up</button></form>"
        "</body></html>")


def _built_late(html: str, ms: int) -> str:
    """``html``'s body written into the page by a timer ``ms`` after it loaded, with no request
    in flight meanwhile (a client-rendered form on a slow phone or a busy machine)."""
    body = html.split("<body>", 1)[1].rsplit("</body>", 1)[0]
    return ("<!doctype html><html lang='en-GB'><title>Join Teenly</title><body><div id='app'>"
            "</div><script>setTimeout(function () { document.getElementById('app').innerHTML"
            f" = {json.dumps(body)}; }}, {ms});</script></body></html>")


def teen_app(min_age: int, *, late_ms: int = 0, busy_ms: int = 0, busy_after: int = 0,
             form_visits: int | None = None):
    """A server-side signup: under ``min_age`` refused (not remembered); under 18 a private
    teen account; adults are asked to confirm their email.  ``late_ms``: the form is built by
    script that long after load; ``busy_ms``: that long instead on every visit after the first
    ``busy_after``; ``form_visits``: only that many visits see the form at all (sign-ups then
    "paused")."""
    accounts: dict[str, dict] = {}
    visits = [0]

    def signup(req: Request):
        if req.method == "GET":
            visits[0] += 1
            if form_visits is not None and visits[0] > form_visits:
                return Response("<!doctype html><title>Join Teenly</title><h1>Join Teenly</h1>"
                                "<p>New sign-ups are paused for maintenance. Try again "
                                "later.</p>", mimetype="text/html")
            form = FORM.format(err="")
            late = busy_ms if busy_ms and visits[0] > busy_after else late_ms
            return Response(_built_late(form, late) if late else form, mimetype="text/html")
        f = req.form
        age = _age(f.get("dob_day"), f.get("dob_month"), f.get("dob_year"))
        if not f.get("username") or "@" not in f.get("email", "") or f.get("agree") != "yes" \
                or age is None:
            return Response(FORM.format(err="<p role=alert>Please fill in every field.</p>"),
                            status=400, mimetype="text/html")
        if age < min_age:
            return Response("<!doctype html><title>Sorry</title><h1>Sorry</h1><p>You can't "
                            "create an account yet.</p><p><a href='/signup'>Back</a></p>",
                            mimetype="text/html")
        sid = secrets.token_hex(8)
        accounts[sid] = {"teen": age < 18}
        if age < 18:
            body = ("<h1>Welcome to Teenly!</h1><p>Because you're under 18, your account is "
                    "private by default and only friends can message you.</p>"
                    "<p><a href='/settings'>Privacy settings</a></p>")
        else:
            body = "<h1>Welcome!</h1><p>Check your email to confirm your account.</p>"
        r = Response(f"<!doctype html><title>Welcome</title>{body}", mimetype="text/html")
        r.set_cookie("sid", sid)
        return r

    def settings(req: Request):
        acct = accounts.get(req.cookies.get("sid", ""))
        if acct is None:
            return Response("", 302, {"Location": "/signup"})
        teen = acct["teen"]
        chk = " checked" if teen else ""
        return Response(
            "<!doctype html><title>Settings</title><h1>Privacy settings</h1><form>"
            f"<label><input type='checkbox' name='private'{chk}> Private account</label>"
            f"<label><input type='checkbox' name='dm_all'{'' if teen else ' checked'}> "
            "Let anyone message me</label><fieldset><legend>Who can see your posts</legend>"
            f"<label><input type='radio' name='see' value='all'{'' if teen else ' checked'}> "
            f"Everyone</label><label><input type='radio' name='see' value='friends'{chk}> "
            "Friends</label></fieldset></form>", mimetype="text/html")

    home = ("<!doctype html><title>Teenly</title><h1>Teenly</h1><p><a href='/signup'>Sign up"
            "</a> <a href='/terms'>Terms</a></p>")
    return {"/": home, "/signup": signup, "/settings": settings,
            "/terms": "<!doctype html><title>Terms</title><h1>Terms of service</h1>",
            "/robots.txt": (200, {}, "User-agent: *\n")}


class FixtureWeb(Site):
    def __init__(self, hosts: dict):
        super().__init__({}, hosts)
        self.methods: list[tuple[str, str, str, bytes]] = []

    def app(self, environ, start_response):
        body = b""
        if environ.get("REQUEST_METHOD") == "POST":
            n = int(environ.get("CONTENT_LENGTH") or 0)
            body = environ["wsgi.input"].read(n)
            environ["wsgi.input"] = io.BytesIO(body)
        self.methods.append((environ.get("HTTP_HOST", "").split(":")[0],
                             environ.get("REQUEST_METHOD", ""), environ.get("PATH_INFO", ""),
                             body))
        return super().app(environ, start_response)


def _static(name: str) -> dict:
    return {"/": (PAGES / name).read_text(encoding="utf-8"),
            "/signup": (PAGES / name).read_text(encoding="utf-8"),
            "/terms": "<!doctype html><title>Terms</title><h1>Terms of service</h1>",
            "/robots.txt": (200, {}, "User-agent: *\n")}


@pytest.fixture(scope="module")
def fixtures():
    modal = _static("modal.html")
    modal.pop("/signup")                     # the flow is only a button on the home page
    hosts = {"www.modal.test": modal, "www.wizard.test": _static("wizard.html"),
             "www.teenly.test": teen_app(13), "www.anyage.test": teen_app(0),
             # discovery and the flow's first read see the form 0.9 s after load; every
             # try's load 3.8 s after (a machine busy with other work)
             "www.lateteen.test": teen_app(13, late_ms=900, busy_ms=3800, busy_after=2),
             # discovery's look at /signup and the flow's first read see the form, no later one
             "www.pausedteen.test": teen_app(13, form_visits=2)}
    with FixtureWeb(hosts) as site:
        yield site


def _posts(site: FixtureWeb, host: str) -> list:
    return [m for m in site.methods if m[0] == host and m[1] != "GET"]


@pytest.mark.browser
@needs_browser
async def test_modal_signup(fixtures, tmp_path):
    a = await audit(fixtures.host_map, "http://www.modal.test/", tmp_path, allow_forms=False)
    assert a["signup.asks_age"] is True
    assert a["signup.neutral_age_screen"] is False
    assert "pre-selected" in a.note("signup.neutral_age_screen")
    assert a["signup.captcha"] is True
    assert a["signup.terms_acceptance"] is True
    assert a["signup.underage_outcome"] == "not_tested"
    assert not _posts(fixtures, "www.modal.test")


@pytest.mark.browser
@needs_browser
async def test_wizard_steps_read_without_sending(fixtures, tmp_path, monkeypatch):
    rec = Recorder(monkeypatch)
    fixtures.hits.clear()
    a = await audit(fixtures.host_map, "http://www.wizard.test/", tmp_path, allow_forms=False)
    assert a["signup.asks_age"] is True                     # on step 2
    assert a["signup.neutral_age_screen"] is False          # "You must be 16 or over"
    assert a["signup.terms_acceptance"] is True             # "By signing up you agree" (step 3)
    assert a["signup.email_verification"] is True           # "We'll send you a verification code"
    assert a["signup.underage_outcome"] == "not_tested"
    assert not _posts(fixtures, "www.wizard.test")
    for h in fixtures.hits:
        assert not any(v in h.path for v in rec.values)
    assert_no_identities(a, rec.values)


@pytest.mark.browser
@needs_browser
async def test_teen_accounts_with_forms(fixtures, tmp_path, monkeypatch):
    rec = Recorder(monkeypatch)
    a = await audit(fixtures.host_map, "http://www.teenly.test/", tmp_path, allow_forms=True)
    assert a["signup.asks_age"] is True and a["signup.neutral_age_screen"] is True
    assert a["signup.underage_outcome"] == "blocked"
    assert a["signup.underage_retry"] is True               # the refusal is not remembered
    assert a["signup.lowest_age_accepted"] == 13
    assert a["signup.email_verification"] is True
    defaults = a["signup.child_defaults"]
    assert "Private account: on" in defaults and "Let anyone message me: off" in defaults
    assert "Who can see your posts: Friends" in defaults
    posts = _posts(fixtures, "www.teenly.test")
    assert posts                                              # forms were allowed
    assert_no_identities(a, rec.values)


@pytest.mark.browser
@needs_browser
async def test_accounts_are_handed_on_only_when_they_can_log_in(fixtures, tmp_path,
                                                                 monkeypatch):
    """Teenly makes accounts but has no login page: the messaging probe gets none, and is
    told why; every synthetic value was registered with the evidence masking."""
    rec = Recorder(monkeypatch)
    a = await audit(fixtures.host_map, "http://www.teenly.test/", tmp_path, allow_forms=True)
    assert a.made is not None and not a.made.personas
    assert a.made.note.startswith("needs_accounts: the child account") and \
        "could not log in" in a.made.note
    assert rec.values and set(rec.values) <= set(a.evidence.secrets)
    assert_no_identities(a, rec.values)


@pytest.mark.browser
@needs_browser
async def test_no_accounts_handed_on_without_forms(fixtures, tmp_path):
    a = await audit(fixtures.host_map, "http://www.teenly.test/", tmp_path, allow_forms=False)
    assert a.made is None


@pytest.mark.browser
@needs_browser
async def test_child_accepted_restricted(fixtures, tmp_path):
    a = await audit(fixtures.host_map, "http://www.anyage.test/", tmp_path, allow_forms=True)
    assert a["signup.underage_outcome"] == "accepted_restricted"
    assert a["signup.lowest_age_accepted"] == 12
    assert a["signup.underage_retry"] is None


@pytest.mark.browser
@needs_browser
async def test_a_form_built_late_is_waited_for_before_each_attempt(fixtures, tmp_path):
    """The flow is read with its form drawn 0.9 s after load; each age is then tried on a
    fresh load where the form comes 3.8 s after (a busy machine).  The form is known to be
    there, so each try waits for it rather than giving up, and never reads a page it sent
    nothing from as an acceptance: the child is refused, the adult's account is made."""
    a = await audit(fixtures.host_map, "http://www.lateteen.test/", tmp_path, allow_forms=True)
    assert a["signup.asks_age"] is True
    assert a["signup.underage_outcome"] == "blocked"
    assert a["signup.lowest_age_accepted"] == 13
    assert a["signup.email_verification"] is True       # "Check your email" after the adult's
    assert _posts(fixtures, "www.lateteen.test")


@pytest.mark.browser
@needs_browser
async def test_a_form_gone_on_the_next_load_is_an_error_not_an_acceptance(fixtures, tmp_path):
    a = await audit(fixtures.host_map, "http://www.pausedteen.test/", tmp_path, allow_forms=True)
    assert a["signup.asks_age"] is True                     # the first visit saw the form
    assert a["signup.underage_outcome"] is None
    assert "not there when loaded again" in a.note("signup.underage_outcome")
    # why no account was made is said where the verdict is missing, for the next reader
    assert a["signup.email_verification"] is None
    assert "the adult's try: error: the signup form was not there" in \
        a.note("signup.email_verification")
    assert a["signup.lowest_age_accepted"] is None
    assert not _posts(fixtures, "www.pausedteen.test")
