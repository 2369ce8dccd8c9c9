"""Where a signup flow hides on real community software: registration linked only from the
login page (the home page links "Log in" and nothing else)."""

from __future__ import annotations

import pytest
import sitekit
from test_signup_probe import FORM, FixtureWeb, audit
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
