"""Reporting with the row's test accounts: a forum that shows its report links to members only.

As a visitor the probe finds no control on any sampled post, which is a finding
(``reporting.logged_out`` false, with the reason, as CONTRACT.md says); logged in as the adult
test account it finds the members' "Report" links and reads their form, and says the controls
are for members only (barrier ``login``).  Nothing is ever submitted but the login."""

from __future__ import annotations

import secrets

import pytest
import sitekit
from test_reporting_probe import Served, audit
from werkzeug.wrappers import Request, Response

from auditor.secrets import Persona

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not sitekit.have_chromium(), reason="no Chromium to drive")]

PASSWORD = "pw-" + secrets.token_hex(6)
SESSIONS: set[str] = set()


def _member(req: Request) -> bool:
    return req.cookies.get("sid", "") in SESSIONS


def _page(title: str, body: str, member: bool) -> Response:
    nav = ("<a href='/logout'>Log out</a>" if member else
           "<a href='/login'>Log in</a>")
    return Response(f"<!doctype html><html lang='en-GB'><title>{title} - Nookboard</title><body>"
                    f"<header><a href='/'>Nookboard</a> {nav}</header><main>{body}</main>"
                    "<footer><a href='/rules'>Board rules</a></footer></body></html>",
                    mimetype="text/html")


def home(req: Request) -> Response:
    topics = "".join(f"<li><a href='/topic/{n}-{slug}'>{slug.replace('-', ' ')}</a></li>"
                     for n, slug in ((11, "first-bikes"), (12, "camping-tips"),
                                     (13, "garden-swap")))
    return _page("Home", f"<h1>Nookboard</h1><ul class='topics'>{topics}</ul>", _member(req))


def topic(req: Request) -> Response:
    member = _member(req)
    posts = []
    for n in range(3):
        tools = (f"<a class='post-report' href='/report?post={n}'>Report</a>" if member
                 else "")
        posts.append(f"<article class='post' id='p{n}'><p class='author'>user{n}</p>"
                     f"<p>Post number {n} in this topic, with some words about it.</p>"
                     f"<div class='post-tools'><a href='#p{n}'>Permalink</a> {tools}</div>"
                     "</article>")
    cta = "" if member else "<p><a href='/login'>Log in</a> to join the discussion.</p>"
    return _page("Topic", "<h1>A topic</h1>" + "".join(posts) + cta, member)


def login(req: Request) -> Response:
    if req.method == "POST":
        if req.form.get("username") == "grown_nook" and req.form.get("password") == PASSWORD:
            sid = secrets.token_hex(8)
            SESSIONS.add(sid)
            r = Response("", 303, {"Location": "/"})
            r.set_cookie("sid", sid)
            return r
        return _page("Log in", "<p role=alert>Wrong username or password.</p>", False)
    return _page("Log in", "<h1>Log in</h1><form method='post' action='/login'>"
                 "<label>Username <input name='username'></label>"
                 "<label>Password <input type='password' name='password'></label>"
                 "<button type='submit'>Log in</button></form>", False)


def report(req: Request) -> Response:
    if not _member(req):
        return Response("", 302, {"Location": "/login"})
    return _page("Report a post", "<h1>Report a post</h1><form method='post' action='/report'>"
                 "<fieldset><legend>Why are you reporting it?</legend>"
                 "<label><input type='radio' name='why' value='spam'> Spam</label>"
                 "<label><input type='radio' name='why' value='harass'> Harassment or "
                 "bullying</label><label><input type='radio' name='why' value='child'> "
                 "Child safety</label></fieldset><label for='d'>Tell us more</label>"
                 "<textarea id='d' name='details'></textarea>"
                 "<button type='submit'>Send report</button></form>", True)


ROUTES = {"/": home, "/login": login, "/report": report,
          "/rules": "<!doctype html><title>Rules</title><h1>Board rules</h1><p>Be kind.</p>",
          "/robots.txt": (200, {}, "User-agent: *\n")}
for _n, _slug in ((11, "first-bikes"), (12, "camping-tips"), (13, "garden-swap")):
    ROUTES[f"/topic/{_n}-{_slug}"] = topic


@pytest.fixture(scope="module")
def nookboard():
    with Served(ROUTES) as served:
        yield served


async def test_visitor_without_a_control_is_a_finding(nookboard, tmp_path):
    a = await audit(nookboard.url("/"), tmp_path)
    assert a["item_control"] is False
    assert a["logged_out"] is False
    assert "no report control" in a.note("logged_out")


async def test_member_only_controls_are_found_with_the_accounts(nookboard, tmp_path):
    adult = Persona("nook", "adult", PASSWORD, username="grown_nook", age=34)
    a = await audit(nookboard.url("/"), tmp_path, personas={"adult": adult})
    assert a["item_control"] is True and "members only" in a.note("item_control")
    assert a["logged_out"] is False and a["barrier"] == "login"
    assert a["free_text"] is True
    assert {"spam", "harassment", "child_safety"} <= set(a["categories"])
    posts = [c for c in nookboard.calls if c[0] == "POST"]
    assert posts and all(path == "/login" for _m, path in posts)   # the login, nothing else


def walled_home(req: Request) -> Response:
    if _member(req):
        return _page("Chat", "<h1>#lobby</h1><ul class='messages'><li>user1: hello</li>"
                     "<li>user2: hi there</li></ul><form><input name='msg' "
                     "placeholder='Write a message'><button type='button'>Send</button></form>",
                     True)
    return _page("Sign in", "<h1>Sign in</h1><form method='post' action='/login'>"
                 "<label>Username <input name='username'></label><label>Password "
                 "<input type='password' name='password'></label><button type='submit'>Sign in"
                 "</button></form>", False)


@pytest.fixture(scope="module")
def chatroom():
    routes = {"/": walled_home, "/login": login, "/robots.txt": (200, {}, "User-agent: *\n")}
    with Served(routes) as served:
        yield served


async def test_a_home_page_that_is_a_login_form_walls_reporting(chatroom, tmp_path):
    a = await audit(chatroom.url("/"), tmp_path)
    assert a["logged_out"] is False and a["barrier"] == "login"
    assert a["item_control"] is None and a.note("item_control").startswith("login_required")


async def test_members_see_no_control_either_behind_the_wall(chatroom, tmp_path):
    adult = Persona("nook", "adult", PASSWORD, username="grown_nook", age=34)
    a = await audit(chatroom.url("/"), tmp_path, personas={"adult": adult})
    assert a["item_control"] is False and "logged in" in a.note("item_control")
    assert a["logged_out"] is False
    assert a["barrier"] is None


EMOJI = ("😀 😂 😍 👍 👎 🎉 🔥 💯 🙏 😢 😡 🤔 👀 🚀 🌈 "
         "🍕 ⚽ 🎵 🐶 🐱 🌟 💡 📌 📎 🚩 🏁 🎈 🎁 🍀 🌻").split()


def emoji_topic(req: Request) -> Response:
    picker = "".join(f"<button type='button' class='emoji'>{e}</button>" for e in EMOJI)
    posts = "".join(f"<article class='post'><p>Post {n} about the match.</p></article>"
                    for n in range(2))
    return _page("Topic", f"<h1>Match day</h1>{posts}<div class='composer'>"
                 "<textarea aria-label='Write a reply'></textarea><div class='emoji-picker'>"
                 f"{picker}</div></div>", False)


@pytest.fixture(scope="module")
def emojiboard():
    routes = {"/": home, "/robots.txt": (200, {}, "User-agent: *\n")}
    for n, slug in ((11, "first-bikes"), (12, "camping-tips"), (13, "garden-swap")):
        routes[f"/topic/{n}-{slug}"] = emoji_topic
    with Served(routes) as served:
        yield served


async def test_an_emoji_pickers_flag_is_no_report_control(emojiboard, tmp_path):
    a = await audit(emojiboard.url("/"), tmp_path)
    assert a["item_control"] is False, a.note("item_control")


# -- a report address the software is known to use (the platforms table's report_path) -------

NOOKBB = """[[platform]]
key = "nookbb"
name = "NookBB"
report_path = ['^/post/(\\d+)$', '/post/\\1/flag']
[[platform.marker]]
kind = "element"
match = "body.nookbb"
strong = true
source = "read: our own fixture"
"""


def _post(n: int):
    def serve(req: Request) -> Response:
        return Response(f"<!doctype html><html lang='en-GB'><title>Post {n}</title>"
                        f"<body class='nookbb'><header><a href='/'>Nook</a> <a href='/signin'>"
                        f"Sign in</a></header><main><article><p class='author'>user{n}</p>"
                        f"<p>Post {n}, with a few words about allotments.</p>"
                        f"<a href='/post/{n}'>#{n}</a></article></main></body></html>",
                        mimetype="text/html")
    return serve


def _flag(req: Request) -> Response:
    return Response("", 302, {"Location": f"/signin?next={req.path}"})


def _signin(req: Request) -> Response:
    return Response("<!doctype html><title>Sign in</title><body class='nookbb'><form method=post>"
                    "<label>Name <input name=u></label><label>Password <input type=password "
                    "name=p></label><button>Sign in</button></form>", mimetype="text/html")


NOOK_HOME = ("<!doctype html><html lang='en-GB'><title>Nook</title><body class='nookbb'>"
             "<header><a href='/'>Nook</a> <a href='/signin'>Sign in</a></header><main>"
             "<h1>Recent posts</h1><ul><li><a href='/post/4'>Seed swap</a></li>"
             "<li><a href='/post/9'>Slug traps</a></li></ul></main></body></html>")


@pytest.fixture(scope="module")
def nook_flags():
    routes = {"/": NOOK_HOME, "/signin": _signin, "/robots.txt": (200, {}, "User-agent: *\n")}
    for n in (4, 9):
        routes[f"/post/{n}"] = _post(n)
        routes[f"/post/{n}/flag"] = _flag
    with Served(routes) as served:
        yield served


async def test_the_softwares_report_address_that_asks_a_visitor_to_sign_in_is_the_barrier(
        nook_flags, tmp_path):
    table = tmp_path / "nook.toml"
    table.write_text(NOOKBB, encoding="utf-8")
    a = await audit(nook_flags.url("/"), tmp_path, platforms_file=str(table))
    assert a["item_control"] is False and a["logged_out"] is False
    assert a["barrier"] == "login" and "/flag" in a.note("barrier")
    assert all(method == "GET" for method, _path in nook_flags.calls)      # never submitted


async def test_without_the_platforms_word_no_barrier_is_claimed(nook_flags, tmp_path):
    a = await audit(nook_flags.url("/"), tmp_path)
    assert a["logged_out"] is False and a["barrier"] is None
