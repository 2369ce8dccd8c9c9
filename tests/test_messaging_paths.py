"""Direct messages a visitor never sees a link to: a forum whose inbox address sends a visitor
to log in (private messages on for every member, shown only after logging in).  A site that
walls every address proves nothing, and an inbox address that does not exist is no cue."""

from __future__ import annotations

import pytest
import sitekit
from test_messaging_probe import audit
from werkzeug.wrappers import Request, Response

from auditor.model import Target

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not sitekit.have_chromium(), reason="no Chromium to drive")]

HOME = ("<!doctype html><html lang='en-GB'><title>{n}</title><body><header><a href='/'>{n}</a>"
        " <a href='/account/login/'>Log in</a></header><main><h1>{n}</h1><ul>"
        "<li><a href='/topic/1-bikes'>Bikes</a></li><li><a href='/topic/2-tents'>Tents</a></li>"
        "</ul></main></body></html>")
LOGIN = ("<!doctype html><title>Log in</title><form method=post><label>Username <input "
         "name=u></label><label>Password <input type=password name=p></label><button>Log in"
         "</button></form>")
TOPIC = "<!doctype html><title>Topic</title><h1>A topic</h1><p>Some words by a member.</p>"


def _site(name: str, *, inbox: bool, walled: bool) -> dict:
    def any_path(req):
        if walled and not req.path.startswith("/account/login"):
            return Response("", 302, {"Location": f"/account/login/?next={req.path}"})
        if inbox and req.path == "/messages/inbox/":
            return Response("", 302, {"Location": "/account/login/?next=/messages/inbox/"})
        routes = {"/": HOME.format(n=name), "/account/login/": LOGIN, "/topic/1-bikes": TOPIC,
                  "/topic/2-tents": TOPIC}
        if req.path in routes:
            return Response(routes[req.path], mimetype="text/html")
        return Response("<!doctype html><title>Not found</title><h1>Not found</h1>", 404,
                        mimetype="text/html")
    return any_path


class Catchall(sitekit.Site):
    def __init__(self, hosts: dict):
        super().__init__({}, {h: {} for h in hosts})
        self.handlers = hosts

    def app(self, environ, start_response):
        req = Request(environ)
        if req.path == "/robots.txt":
                return Response("User-agent: *\n")(environ, start_response)
        host = environ.get("HTTP_HOST", "").split(":")[0]
        return self.handlers[host](req)(environ, start_response)


@pytest.fixture(scope="module")
def boards():
    hosts = {"www.pmboard.test": _site("PM board", inbox=True, walled=False),
             "www.plainboard.test": _site("Plain board", inbox=False, walled=False),
             "www.wallboard.test": _site("Wall board", inbox=True, walled=True)}
    with Catchall(hosts) as site:
        yield site


async def _dm(site, host: str, tmp_path) -> object:
    async with sitekit.shared_browser(site.host_map) as shared:
        r = await audit(shared, Target("t", "T", f"http://{host}/"), None, tmp_path)
    return r["obs"]["dm_available"]


async def test_an_inbox_that_asks_a_visitor_to_log_in_is_a_cue(boards, tmp_path):
    o = await _dm(boards, "www.pmboard.test", tmp_path)
    assert o.value is True and o.confidence <= 0.75
    assert o.url.endswith("/messages/inbox/")


async def test_no_inbox_address_no_cue(boards, tmp_path):
    o = await _dm(boards, "www.plainboard.test", tmp_path)
    assert o.value is False


async def test_a_site_that_walls_every_address_proves_nothing(boards, tmp_path):
    o = await _dm(boards, "www.wallboard.test", tmp_path)
    assert o.value is not True
