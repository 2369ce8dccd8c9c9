"""The child's inbox behind a drop-down: the "Inbox" in the navigation bar only opens a menu in
place (the unread messages, each a link under /conversations/, and a link to the whole inbox), as
forum software such as FlaskBB's conversations plugin draws it.  The account test follows the
menu's "Inbox" link (not the first message link), opens the stranger's conversation there and
reads its controls."""

from __future__ import annotations

import html
from urllib.parse import parse_qs

import pytest
import sitekit
from test_messaging_probe import audit, shared_browser
from werkzeug.wrappers import Request, Response

from auditor.model import Target
from auditor.secrets import Persona

needs_chromium = pytest.mark.skipif(not sitekit.have_chromium(), reason="no Chromium to drive")
USERS = {"ann_reader": "Board-Reader-2026!", "kit_young": "Board-Young-2026!"}


def board_site() -> sitekit.Site:
    convs: list[dict] = []      # {"from", "to", "subject", "text"}
    reports: list[int] = []

    def user(req: Request) -> str | None:
        u = req.cookies.get("board_user")
        return u if u in USERS else None

    def page(req: Request, title: str, body: str) -> Response:
        who = user(req)
        if who:
            mine = [(i, c) for i, c in enumerate(convs) if c["to"] == who]
            items = "".join(f"<li><a href='/conversations/{i}/view'>"
                            f"{html.escape(c['subject'])}</a></li>" for i, c in mine) \
                or "<li><a href='#'>No unread messages.</a></li>"
            nav = ("<ul class='nav'><li class='dropdown'><a href='#' class='dropdown-toggle' "
                   "onclick=\"document.getElementById('dd').hidden = false; return false\">"
                   f"Inbox {len(mine)}</a><ul id='dd' hidden>{items}<li><a "
                   "href='/conversations/inbox'>Inbox</a></li></ul></li><li><a href='/logout'>"
                   "Log out</a></li></ul>")
        else:
            nav = "<a href='/login'>Log in</a>"
        return Response(f"<!doctype html><html lang='en-GB'><head><title>{title} · Spokes"
                        f"</title></head><body><header><a href='/'>Spokes</a><nav>{nav}</nav>"
                        f"</header><main>{body}</main><footer><a href='/terms'>Terms</a>"
                        "</footer></body></html>", mimetype="text/html")

    def home(req: Request):
        return page(req, "Forum", "<h1>Spokes cycling forum</h1><ul><li><a href='/t/1'>"
                    "Best saddle for long rides?</a></li></ul>")

    def topic(req: Request):
        posts = "".join(f"<div class='post'><a href='/u/{n}'>{n}</a><p>{t}</p></div>" for n, t in
                        (("kit_young", "I ride to school every day"),
                         ("ann_reader", "A gel saddle helped me.")))
        return page(req, "Saddles", f"<h1>Best saddle for long rides?</h1>{posts}")

    def profile(req: Request):
        n = req.path.rsplit("/", 1)[-1]
        msg = f"<p><a href='/new?to={n}'>Send message</a></p>" if user(req) else ""
        return page(req, n, f"<h1>{n}</h1><p>Member since May 2025</p>{msg}")

    def new(req: Request):
        who = user(req)
        if not who:
            return Response("", 303, {"Location": "/login"})
        if req.method == "POST":
            f = parse_qs(req.get_data(as_text=True))
            to = f.get("to", [""])[0]
            if to in USERS and to != who:
                convs.append({"from": who, "to": to, "subject": f.get("subject", [""])[0],
                              "text": f.get("text", [""])[0]})
                return Response("", 303, {"Location": f"/conversations/{len(convs) - 1}/view"})
        to = html.escape(req.args.get("to", ""))
        return page(req, "New message", "<h1>New message</h1><form method='post'><label>To "
                    f"<input name='to' value='{to}'></label><label>Subject <input name='subject'>"
                    "</label><label>Message <textarea name='text'></textarea></label><button>"
                    "Send message</button></form>")

    def inbox(req: Request):
        who = user(req)
        if not who:
            return Response("", 303, {"Location": "/login"})
        rows = "".join(f"<div class='row'><a href='/conversations/{i}/view'>"
                       f"{html.escape(c['subject'])}</a> <span>From {c['from']}</span></div>"
                       for i, c in enumerate(convs) if c["to"] == who)
        return page(req, "Inbox", f"<h1>Inbox</h1>{rows or '<p>No conversations.</p>'}")

    def conversation(req: Request):
        who = user(req)
        i = int(req.path.split("/")[2])
        if not who or i >= len(convs) or who not in (convs[i]["from"], convs[i]["to"]):
            return Response("Not found", 404)
        c = convs[i]
        return page(req, c["subject"], f"<h1>{html.escape(c['subject'])}</h1><div><b>"
                    f"{c['from']}</b><p>{html.escape(c['text'])}</p></div><p><a href="
                    f"'/conversations/{i}/report'>Report this conversation</a></p><form "
                    "method='post' action='/reply'><textarea name='text'></textarea><button>"
                    "Reply</button></form>")

    def report(req: Request):
        reports.append(int(req.path.split("/")[2]))
        return page(req, "Report", "<h1>Report</h1><form method='post'><textarea></textarea>"
                    "<button>Send report</button></form>")

    login, logout = sitekit.cookie_login(USERS, "board_user", page)

    routes = {"/": home, "/t/1": topic, "/new": new, "/conversations/inbox": inbox,
              "/login": login, "/logout": logout,
              **{f"/u/{n}": profile for n in USERS},
              **{f"/conversations/{i}/view": conversation for i in range(4)},
              **{f"/conversations/{i}/report": report for i in range(4)},
              "/terms": "<!doctype html><title>Terms</title><h1>Terms of use</h1>",
              "/robots.txt": (200, {"Content-Type": "text/plain"}, "User-agent: *\nDisallow:\n")}
    site = sitekit.Site(hosts={"spokes.test": routes})
    site.convs, site.reports = convs, reports
    return site


@pytest.mark.browser
@needs_chromium
async def test_the_inbox_behind_a_drop_down_is_opened_through_its_link(tmp_path):
    with board_site() as site:
        target = Target(id="spokes", name="Spokes", url="http://spokes.test/", accounts="board",
                        allow_forms=True, service_kind="forum")
        personas = {"adult": Persona("board", "adult", USERS["ann_reader"],
                                     username="ann_reader", age=41),
                    "child": Persona("board", "child", USERS["kit_young"],
                                     username="kit_young", age=14)}
        async with shared_browser(site.host_map) as shared:
            run = await audit(shared, target, personas, tmp_path)
    obs = run["obs"]
    assert [(c["from"], c["to"]) for c in site.convs] == [("ann_reader", "kit_young")]
    assert obs["unknown_adult_can_dm_child"].value == "true", obs["unknown_adult_can_dm_child"]
    rep = obs["report_in_conversation"]
    assert rep.value is True, rep.note              # read in the conversation the child opened
    assert not site.reports                         # a report control is looked at, never used
