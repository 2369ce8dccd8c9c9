"""The messaging account test on one-page chat clients, which have no profile pages and no inbox:
a direct message starts from a member's name in a room (its menu's "Direct messages") or from
"Start a new chat" under a menu button; the child's conversations are listed by the other
person's name; block and mute sit in the conversation's own menu, among many others."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import sitekit
from test_messaging_probe import audit, shared_browser
from werkzeug.wrappers import Request, Response

from auditor.model import Target
from auditor.secrets import Persona
from probes.messaging_flows import MARK, _name_controls, search_cue
from probes.profile_read import view_from_html

PAGES = Path(__file__).parent / "pages"
needs_chromium = pytest.mark.skipif(not sitekit.have_chromium(), reason="no Chromium to drive")
USERS = {"grown_up": "Chat-Grown-2026!", "kiddo": "Chat-Kid-2026!", "third": "Chat-Third-2026!"}


def chat_site(shape: str, *, offline_lost: bool = False) -> sitekit.Site:
    """The client of ``tests/pages/messaging/chat_client.html`` in the given shape, with a small
    JSON API: log in, the state a member sees, send a direct message.  ``offline_lost``: a
    message to a member who is signed out is never shown to them (a chat server that keeps no
    offline copy), only to its sender."""
    state = {"dms": [], "changed": [], "logouts": [], "online": set(),
             "room": [["third", "Welcome to the town square!"],
                      ["kiddo", "hi everyone, I like drawing"], ["grown_up", "Hello all"]]}
    client = (PAGES / "messaging" / "chat_client.html").read_text(encoding="utf-8")
    client = client.replace("<script>", f'<script>window.SHAPE = "{shape}";</script><script>', 1)

    def who(req: Request) -> str | None:
        u = req.cookies.get("chat_user")
        return u if u in USERS else None

    def js(data, **kw) -> Response:
        return Response(json.dumps(data), mimetype="application/json", **kw)

    def login(req: Request):
        data = json.loads(req.get_data() or b"{}")
        if USERS.get(data.get("user")) == data.get("pass"):
            state["online"].add(data["user"])
            resp = js({"ok": True})
            resp.set_cookie("chat_user", data["user"])
            return resp
        return js({"ok": False}, status=401)

    def logout(req: Request):
        state["logouts"].append(who(req))
        state["online"].discard(who(req))
        resp = js({"ok": True})
        resp.delete_cookie("chat_user")
        return resp

    def me(req: Request):
        user = who(req)
        if not user:
            return js({"me": None})
        dms: dict[str, list] = {}
        for frm, to, text, delivered in state["dms"]:
            if user == frm or (user == to and delivered):
                dms.setdefault(to if frm == user else frm, []).append([frm, text])
        return js({"me": user, "room": state["room"], "members": sorted(USERS), "dms": dms})

    def send(req: Request):
        data = json.loads(req.get_data() or b"{}")
        if who(req) and data.get("to") in USERS and data.get("text"):
            state["dms"].append((who(req), data["to"], data["text"],
                                 not offline_lost or data["to"] in state["online"]))
        return js({"ok": True})

    def changed(req: Request):
        state["changed"].append(json.loads(req.get_data() or b"{}"))
        return js({"ok": True})

    routes = {"/": client, "/api/login": login, "/api/logout": logout, "/api/state": me,
              "/api/send": send, "/api/changed": changed,
              "/robots.txt": (200, {"Content-Type": "text/plain"}, "User-agent: *\nDisallow:\n")}
    site = sitekit.Site(hosts={"chat.test": routes})
    site.state = state
    return site


def personas() -> dict:
    return {"adult": Persona("chat", "adult", USERS["grown_up"], username="grown_up", age=38),
            "child": Persona("chat", "child", USERS["kiddo"], username="kiddo", age=14)}


async def audit_chat(site: sitekit.Site, folder: Path) -> dict:
    """The messaging probe's observations on the chat site, with its two personas."""
    target = Target(id="chat", name="Chat", url="http://chat.test/", accounts="chat",
                    allow_forms=True, service_kind="chat")
    async with shared_browser(site.host_map) as shared:
        run = await audit(shared, target, personas(), folder)
    return run["obs"]


def test_names_that_stand_for_a_member():
    v = view_from_html(
        "<nav><div role='tab'>query: grown_up</div><div role='tab'>channel: #town</div></nav>"
        "<main><span role='button'>grown_up</span> <a href='#'>G grown_up</a> "
        "<a href='/u/grown_up'>grown_up</a> <button>grown_up (away)</button> "
        "<button>grown_up (2 unread messages, 1 mention)</button> <button>grown_up_2</button> "
        "<span role='button'>Message grown_up now</span></main>",
        "http://chat.test/")
    labels = [c.label for c in _name_controls(v, ["grown_up"])]
    # a link to another page (a profile) and other names or sentences are not it
    assert labels == ["query: grown_up", "grown_up", "G grown_up", "grown_up (away)",
                      "grown_up (2 unread messages, 1 mention)"]


def test_a_search_of_what_members_write_seen_logged_in_is_a_search_cue():
    """A chat client's message search (The Lounge's magnifier, "Search messages in this
    channel") is member search; a bare "Search" box (a blog's admin bar, searching the
    operator's posts) is not."""
    client = view_from_html(
        "<main><div class='header'><button class='search' aria-label='Search messages in this "
        "channel'></button></div><form><input type='search' name='search' placeholder="
        "'Search messages…' hidden></form></main>", "http://chat.test/")
    cue = search_cue(client, "http://chat.test/")
    assert cue is not None and cue.name == "search" and "Search messages" in cue.why
    people = view_from_html("<main><input type='text' placeholder='Search people'></main>",
                            "http://chat.test/")
    assert search_cue(people, "http://chat.test/") is not None
    blog = view_from_html(
        "<div id='wpadminbar'><form role='search'><input type='search' name='s' aria-label="
        "'Search' placeholder='Search'><button>Search</button></form></div><main><h1>A blog"
        "</h1></main><footer><input placeholder='Search posts'></footer>", "http://blog.test/")
    assert search_cue(blog, "http://blog.test/") is None


@pytest.mark.browser
@needs_chromium
@pytest.mark.parametrize("shape", ["irc", "xmpp"])
async def test_a_stranger_s_message_reaches_a_child_in_a_chat_client(tmp_path, shape):
    with chat_site(shape) as site:
        obs = await audit_chat(site, tmp_path)
        sent = [m for m in site.state["dms"] if m[1] == "kiddo"]
        assert len(sent) == 1 and sent[0][0] == "grown_up" and sent[0][2].startswith(MARK)
        assert not [m for m in site.state["dms"] if m[1] != "kiddo"]
        assert not site.state["changed"]          # nothing ignored, blocked or muted
        # the child signed out after its first phase (from the side bar, or its profile panel)
        assert "kiddo" in site.state["logouts"]
        dm = obs["unknown_adult_can_dm_child"]
        assert dm.value == "true", dm.note
        assert obs["dm_available"].value is True
        assert obs["child_dm_default"].value == "everyone"
        assert obs["block_control"].value is True, obs["block_control"].note
        # "Mute conversation" is in the irc shape's conversation menu only
        assert obs["mute_control"].value is (shape == "irc"), obs["mute_control"].note
        assert obs["report_in_conversation"].value is False
        assert obs["child_support_prompts"].value is False


@pytest.mark.browser
@needs_chromium
async def test_the_sender_s_conversation_shows_its_controls_when_the_child_never_sees_it(
        tmp_path):
    """The child is signed out when the adult writes, and this server keeps no copy for it: the
    child never sees the conversation.  Its controls are read on the adult's side, where the
    same conversation view offers them ("Mute conversation" is only in that menu)."""
    with chat_site("irc", offline_lost=True) as site:
        obs = await audit_chat(site, tmp_path)
        sent = [m for m in site.state["dms"] if m[1] == "kiddo"]
        assert len(sent) == 1 and not sent[0][3]           # sent, never shown to the child
        assert not site.state["changed"]                   # menus opened, nothing pressed
        mute = obs["mute_control"]
        assert mute.value is True and "the conversation (adult's view)" in mute.note, mute.note
        assert obs["block_control"].value is True
        assert obs["report_in_conversation"].value is None   # the child's side never opened
        assert obs["unknown_adult_can_dm_child"].value != "true"
