"""Where a signup flow hides on real community software: registration linked only from the
login page (the home page links "Log in" and nothing else), kept where the recognised platform
keeps it, opened by an in-page link of a one-page client, or reached in two steps whose first
only names the server the account will be on."""

from __future__ import annotations

import json

import pytest
import sitekit
from test_signup_probe import FORM, FixtureWeb, Recorder, assert_no_identities, audit
from werkzeug.wrappers import Response

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not sitekit.have_chromium(), reason="no Chromium to drive")]

HOME = ("<!doctype html><html lang='en-GB'><title>Lakeside board</title><body><header>"
        "<a href='/'>Lakeside</a> <a href='/account/login/'>Log in</a></header><main>"
        "<h1>Lakeside board</h1><p><a href='/t/1-welcome'>Welcome thread</a></p></main>"
        "</body></html>")
LOGIN = ("<!doctype html><html lang='en-GB'><title>Log in</title><body><h1>Log in</h1>"
         "<form method='post' action='/account/login/'><label>Username <input name='u'>"
         "</label><label>Password <input type='password' name='p'></label>"
         "<button>Log in</button></form><p>No account yet? <a href='/account/join/'>Create "
         "one</a></p></body></html>")


@pytest.fixture(scope="module")
def lakeside():
    routes = {"/": HOME, "/account/login/": LOGIN,
              "/account/join/": FORM.replace("Teenly", "Lakeside"),
              "/t/1-welcome": "<!doctype html><h1>Welcome</h1>",
              "/robots.txt": (200, {}, "User-agent: *\n")}
    with FixtureWeb({"www.lakeside.test": routes}) as site:
        yield site


async def test_registration_linked_only_from_the_login_page(lakeside, tmp_path):
    a = await audit(lakeside.host_map, "http://www.lakeside.test/", tmp_path, allow_forms=False)
    assert a["signup.asks_age"] is True                 # the form at /account/join/ was read
    assert a["signup.terms_acceptance"] is True
    assert any("on the login page" in line for line in a.log)
    assert not [m for m in lakeside.methods if m[1] != "GET"]    # nothing sent


BLOG_HOME = ("<!doctype html><html lang='en-GB'><head><title>Parish notes</title>"
             "<meta name='generator' content='WordPress 6.1.9'>"
             "<link rel='stylesheet' href='/wp-content/themes/plain/style.css'></head><body>"
             "<h1>Parish notes</h1><article><h2><a href='/2026/12/06/fete/'>The fete</a></h2>"
             "<p>Thanks to everyone who came.</p></article></body></html>")
WP_REGISTER = ("<!doctype html><html lang='en-GB'><head><title>Registration Form &lsaquo; "
               "Parish notes &#8212; WordPress</title></head><body class='login'>"
               "<p class='message register'>Register For This Site</p>"
               "<form name='registerform' action='/wp-login.php?action=register' method='post'>"
               "<label for='user_login'>Username</label><input id='user_login' "
               "name='user_login'><label for='user_email'>Email</label><input id='user_email' "
               "type='email' name='user_email'><p>Registration confirmation will be emailed to "
               "you.</p><input type='submit' value='Register'></form></body></html>")


def wp_login(req):
    if req.args.get("action") == "register":
        return Response(WP_REGISTER, mimetype="text/html")
    return Response(LOGIN, mimetype="text/html")


@pytest.fixture(scope="module")
def parish():
    routes = {"/": BLOG_HOME, "/wp-login.php": wp_login,
              "/2026/12/06/fete/": "<!doctype html><h1>The fete</h1>",
              "/robots.txt": (200, {}, "User-agent: *\n")}
    with FixtureWeb({"www.parish.test": routes}) as site:
        yield site


async def test_registration_where_the_recognised_platform_keeps_it(parish, tmp_path):
    """A theme that links neither "Log in" nor "Register": the platforms table says where
    the recognised software keeps its registration page."""
    a = await audit(parish.host_map, "http://www.parish.test/", tmp_path, allow_forms=False)
    assert a["discovery.signup_url"].endswith("/wp-login.php?action=register")
    assert a["signup.asks_age"] is False and "no signup flow" not in a.note("signup.asks_age")
    assert a["signup.terms_acceptance"] is False
    assert a["signup.email_verification"] is True     # "confirmation will be emailed to you"
    assert any("where WordPress keeps it" in line for line in a.log)


CLIENT = """<!doctype html><html lang='en-GB'><head><title>Lobby chat</title></head><body>
<div id='root'></div><script>
function show() {
  var root = document.getElementById('root');
  if (location.hash === '#app/register') {
    root.innerHTML = "<h2>Create your account</h2><form><label>Username <input name='nick'>" +
      "</label><label>Password <input type='password' name='pw'></label><label>Email " +
      "<input type='email' name='mail'></label><button type='submit'>Register</button></form>";
  } else {
    root.innerHTML = "<h2>Log in</h2><form><label>Address <input name='jid'></label>" +
      "<label>Password <input type='password' name='pw'></label><button type='submit'>" +
      "Log in</button></form><p>No account? <a href='#app/register'>Create an account</a></p>";
  }
}
window.addEventListener('hashchange', show);
setTimeout(show, 400);
</script></body></html>"""


@pytest.fixture(scope="module")
def lobby():
    routes = {"/": CLIENT, "/robots.txt": (200, {}, "User-agent: *\n")}
    with FixtureWeb({"www.lobby.test": routes}) as site:
        yield site


async def test_registration_opened_by_an_in_page_link_of_a_one_page_client(lobby, tmp_path):
    a = await audit(lobby.host_map, "http://www.lobby.test/", tmp_path, allow_forms=False)
    assert "no signup flow" not in a.note("signup.asks_age")
    assert a["signup.asks_age"] is False and a["signup.terms_acceptance"] is False


# A one-page client whose sign-up is two steps: a link in the page opens a panel that first
# asks which home server the account is for (pre-filled on one host, empty on the other), and
# the fields come from that server only after "Get the form" is pressed.
HARBOUR = """<!doctype html><html lang='en-GB'><head><title>Harbour talk</title></head><body>
<main id='shell'></main><script>
var shell = document.getElementById('shell');
var PRESET = %(preset)s;
function sayWelcome() { shell.innerHTML = "<h2>Welcome aboard, you are signed in.</h2>"; }
function askServer() {
  shell.innerHTML = "<h2>Join the harbour</h2><form id='pick'><label for='srv'>Your home " +
    "server</label> <input id='srv' name='server' placeholder='e.g. example.net'> " +
    "<button type='submit'>Get the form</button></form>" +
    "<p><a href='#/in'>Back to signing in</a></p>";
  document.getElementById('srv').value = PRESET;
  document.getElementById('pick').addEventListener('submit', function (ev) {
    ev.preventDefault();
    var srv = document.getElementById('srv').value;
    fetch('/api/join-form?server=' + encodeURIComponent(srv)).then(function (r) {
      return r.json(); }).then(function (spec) {
      if (!spec.fields) { shell.insertAdjacentHTML('beforeend', '<p>' + spec.error + '</p>');
                          return; }
      var html = "<h2>Your new account on " + srv + "</h2><form id='acct'>";
      spec.fields.forEach(function (f) {
        html += "<label>" + f.label + " <input name='" + f.name + "' type='" + f.type +
                "'></label> "; });
      shell.innerHTML = html + "<button type='submit'>Create it</button></form>";
      document.getElementById('acct').addEventListener('submit', function (e2) {
        e2.preventDefault();
        fetch('/api/join', {method: 'POST', body: new FormData(e2.target)}).then(sayWelcome);
      });
    });
  });
}
function route() {
  if (location.hash === '#/join') { setTimeout(askServer, 300); return; }
  shell.innerHTML = "<h2>Sign in</h2><form><label>Address <input name='addr'></label> " +
    "<label>Password <input type='password' name='pw'></label> <button type='submit'>" +
    "Sign in</button></form><p>New here? <a href='#/join'>Join the harbour</a></p>";
}
window.addEventListener('hashchange', route);
setTimeout(route, 500);
</script></body></html>"""


def harbour(domain: str, preset: str) -> dict:
    def join_form(req):
        if req.args.get("server") != domain:
            body = {"error": "That server is not known here."}
        else:
            body = {"fields": [{"name": "handle", "label": "Pick a name", "type": "text"},
                               {"name": "secret", "label": "Password", "type": "password"}]}
        return Response(json.dumps(body), mimetype="application/json")

    return {"/": HARBOUR % {"preset": json.dumps(preset)}, "/api/join-form": join_form,
            "/api/join": lambda req: Response("{}", mimetype="application/json"),
            "/robots.txt": (200, {}, "User-agent: *\n")}


@pytest.fixture(scope="module")
def harbours():
    hosts = {"www.harbour.test": harbour("harbour.test", "harbour.test"),   # pre-filled
             "www.quay.test": harbour("quay.test", "")}                     # left empty
    with FixtureWeb(hosts) as site:
        yield site


@pytest.mark.parametrize("host", ["www.harbour.test", "www.quay.test"])
async def test_a_registration_whose_first_step_names_the_server(harbours, host, tmp_path):
    """Without permission for forms the server's blank form is fetched (the step sends only
    the server's name) and read; nothing is posted."""
    a = await audit(harbours.host_map, f"http://{host}/", tmp_path, allow_forms=False)
    assert "no signup flow" not in a.note("signup.asks_age")
    assert a["signup.asks_age"] is False and a["signup.terms_acceptance"] is False
    assert a["signup.captcha"] is False
    assert a["signup.email_verification"] is False     # nothing a link could be sent to
    assert a["signup.underage_outcome"] == "not_tested"
    assert any("named the provider" in line for line in a.log)
    mine = [m for m in harbours.methods if m[0] == host]
    assert any(m[2] == "/api/join-form" for m in mine)
    assert not [m for m in mine if m[1] != "GET"]        # nothing sent


async def test_a_two_step_registration_is_replayed_when_forms_are_allowed(harbours, tmp_path,
                                                                        monkeypatch):
    """With permission for forms each synthetic identity goes through both steps again."""
    rec = Recorder(monkeypatch)
    a = await audit(harbours.host_map, "http://www.harbour.test/", tmp_path, allow_forms=True)
    assert a["signup.underage_outcome"] == "accepted", a.note("signup.underage_outcome")
    assert a["signup.email_verification"] is False
    assert [m for m in harbours.methods if m[0] == "www.harbour.test" and m[2] == "/api/join"]
    assert_no_identities(a, rec.values)
