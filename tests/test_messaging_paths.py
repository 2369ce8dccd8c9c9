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


# -- where the platforms table knows the software's message address (its dm_path) ----------

WIKI_HOME = ("<!doctype html><html lang='en'><head><meta name='generator' content='MediaWiki "
             "1.40.2'><title>Pond Wiki</title></head><body class='mediawiki'><div id='top'>"
             "<a href='/index.php?title=Special:UserLogin'>Log in</a> <span>Not logged in</span>"
             "</div><div id='content'><h1>Pond plants</h1><p>Marginal plants like shallow water"
             ".</p></div></body></html>")
#: the message form's address as the software answers a visitor: a notice, HTTP 200
WIKI_NOTICE = ("<!doctype html><html><head><title>No sender address</title></head><body "
               "class='mediawiki'><div id='top'><a href='/index.php?title=Special:UserLogin'>"
               "Log in</a> <span>Not logged in</span></div><div id='content'><h1>No sender "
               "address</h1><p>You must be logged in and have a confirmed address in your "
               "settings to write to other members.</p><p><a href='/'>Back to the main page</a>"
               "</p></div></body></html>")


def _wiki(*, notice_everywhere: bool, generator: bool = True) -> object:
    home = WIKI_HOME if generator else WIKI_HOME.replace(
        "<meta name='generator' content='MediaWiki 1.40.2'>", "").replace(
        " class='mediawiki'", "")

    def any_path(req):
        title = req.args.get("title", "")
        if req.path == "/" or title == "Main_Page":
            return Response(home, mimetype="text/html")
        if title == "Special:EmailUser" or notice_everywhere:
            return Response(WIKI_NOTICE, mimetype="text/html")
        if title == "Special:UserLogin":
            return Response(LOGIN, mimetype="text/html")
        return Response("<!doctype html><title>No such page</title><h1>There is no page by "
                        "that name</h1>", 404, mimetype="text/html")
    return any_path


@pytest.fixture(scope="module")
def wikis():
    hosts = {"www.pondwiki.test": _wiki(notice_everywhere=False),
             "www.noticewiki.test": _wiki(notice_everywhere=True),
             "www.plainwiki.test": _wiki(notice_everywhere=False, generator=False)}
    with Catchall(hosts) as site:
        yield site


async def test_the_platforms_message_address_that_says_log_in_first_is_a_cue(wikis, tmp_path):
    o = await _dm(wikis, "www.pondwiki.test", tmp_path)
    assert o.value is True and o.confidence <= 0.75
    assert o.url.endswith("/index.php?title=Special:EmailUser")


async def test_a_notice_on_every_address_proves_nothing(wikis, tmp_path):
    o = await _dm(wikis, "www.noticewiki.test", tmp_path)
    assert o.value is not True


async def test_the_notice_counts_only_at_the_address_the_software_is_known_to_keep(wikis,
                                                                                    tmp_path):
    # the same answer, but no platform recognised: nothing says a message form is there
    o = await _dm(wikis, "www.plainwiki.test", tmp_path)
    assert o.value is False


# -- a site whose every page is its sign-in form ----------------------------------------------

#: a one-page client: the sign-in form is built by script after the page loaded
CLIENT = ("<!doctype html><html lang='en'><title>Harbour</title><body><div id='app'>Loading…"
          "</div><script>setTimeout(function () { var a = document.getElementById('app');"
          "a.innerHTML = '<h2>Sign in</h2><form><label>Username <input name=user></label>"
          "<label>Password <input type=password name=pw></label><button>Sign in</button>"
          "</form>'; location.hash = '#/sign-in'; }, 300);</script></body></html>")


@pytest.fixture(scope="module")
def client_site():
    def any_path(req):
        if req.path == "/":
            return Response(CLIENT, mimetype="text/html")
        return Response("<!doctype html><title>Not found</title>", 404, mimetype="text/html")
    with Catchall({"www.harbour.test": any_path}) as site:
        yield site


async def test_a_site_behind_its_sign_in_form_leaves_direct_messages_undecided(client_site,
                                                                               tmp_path):
    o = await _dm(client_site, "www.harbour.test", tmp_path)
    assert o.value is None and o.note.startswith("login_required")


def test_the_notice_is_quoted_from_where_it_starts():
    from types import SimpleNamespace

    from probes.messaging_paths import login_notice
    html = ("<html><body><main><h1>No sender address</h1><a href='#nav'>Skip to menu</a> "
            "<p>You must be logged in to write to other members.</p></main></body></html>")
    res = SimpleNamespace(status=200, content_type="text/html", text=html,
                          final_url="http://w.test/x")
    assert login_notice(res).startswith("You must be logged in to write")
    assert login_notice(SimpleNamespace(status=404, content_type="text/html", text=html,
                                        final_url="http://w.test/x")) == ""
