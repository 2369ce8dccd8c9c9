"""Where a signup flow hides on real community software: registration linked only from the
login page (the home page links "Log in" and nothing else)."""

from __future__ import annotations

import pytest
import sitekit
from test_signup_probe import FORM, FixtureWeb, audit

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
