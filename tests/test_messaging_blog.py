"""The messaging account test on a blog: members can log in and comment, and that is all.  No
member profiles, no private messages: there is no one to block or mute and no profile to show a
location on, so those are answered (false), not left undecided.  The same blog with profile
pages is read, not assumed: a profile showing a town is found.  With an "Email this user" form
on the profiles (a wiki's way), the message leaves the site as an email: there is no
conversation on the service to hold a report control."""

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
USERS = {"ann_reader": "Blog-Reader-2026!", "kit_young": "Blog-Young-2026!"}
COMMENTS = [("kit_young", "I tried this recipe with my gran, it was great"),
            ("ann_reader", "Lovely photos as always.")]


def blog_site(profiles: bool, email_form: bool = False) -> sitekit.Site:
    """A small server-rendered blog. ``profiles``: commenters' names link to member pages that
    show where they live; ``email_form``: those pages offer "Email this user"."""
    posts: list[str] = []
    mails: list[tuple[str, str, str]] = []

    def user(req: Request) -> str | None:
        u = req.cookies.get("blog_user")
        return u if u in USERS else None

    def page(req: Request, title: str, body: str) -> Response:
        who = user(req)
        nav = ("<a href='/account'>My account</a> <a href='/logout'>Log out</a>" if who else
               "<a href='/login'>Log in</a>")
        return Response(f"<!doctype html><html lang='en-GB'><head><title>{title} · Crumbs"
                        f"</title></head><body><header><a href='/'>Crumbs</a><nav>{nav}</nav>"
                        f"</header><main>{body}</main><footer><a href='/terms'>Terms</a> "
                        "<a href='/privacy'>Privacy</a></footer></body></html>",
                        mimetype="text/html")

    def name(n: str) -> str:
        return f"<a href='/people/{n}'>{n}</a>" if profiles else f"<b>{n}</b>"

    def home(req: Request):
        return page(req, "Home", "<h1>Crumbs: a baking blog</h1><article><h2><a href='/p/1'>"
                    "Rye loaf, third attempt</a></h2><p>By the editor.</p></article>")

    def post(req: Request):
        items = "".join(f"<li>{name(n)} says: <p>{html.escape(t)}</p></li>" for n, t in COMMENTS)
        form = ("<form method='post' action='/p/1/comment'><label>Comment <textarea "
                "name='comment'></textarea></label><button>Post comment</button></form>"
                if user(req) else "<p><a href='/login'>Log in</a> to comment.</p>")
        return page(req, "Rye loaf", "<article><h1>Rye loaf, third attempt</h1><p>Rye flour, "
                    f"water, salt and time.</p></article><h2>Comments</h2><ol>{items}</ol>{form}")

    login, logout = sitekit.cookie_login(USERS, "blog_user", page, user_field="log",
                                         pass_field="pwd")

    def account(req: Request):
        who = user(req)
        if not who:
            return Response("", 303, {"Location": "/login"})
        return page(req, "My account", f"<h1>My account</h1><p>Logged in as {who}.</p><form>"
                    "<label>Display name <input name='display' value='me'></label><label>"
                    "New password <input type='password' name='pw'></label></form>")

    def person(req: Request):
        n = req.path.rsplit("/", 1)[-1]
        if not profiles or n not in USERS:
            return Response("Not found", 404)
        mail = (f"<p><a href='/people/{n}/email'>Email this user</a></p>"
                if email_form and user(req) else "")
        return page(req, n, f"<h1>{n}</h1><p>Member since March 2025</p><dl><dt>Location</dt>"
                    f"<dd>Leeds, UK</dd></dl>{mail}")

    def email(req: Request):
        n = req.path.split("/")[2]
        if not (email_form and user(req)) or n not in USERS:
            return Response("Not found", 404)
        if req.method == "POST":
            form = parse_qs(req.get_data(as_text=True))
            mails.append((user(req), n, form.get("text", [""])[0]))
            return page(req, "Email sent", "<h1>Email sent</h1><p>Your email has been sent to "
                        f"{n}.</p><p><a href='/'>Back to the blog</a></p>")
        return page(req, "Email user", f"<h1>Email {n}</h1><form method='post'><label>Subject "
                    "<input name='subject'></label><label>Message <textarea name='text'>"
                    "</textarea></label><button>Send</button></form>")

    def comment(req: Request):
        posts.append(req.get_data(as_text=True))
        return Response("", 303, {"Location": "/p/1"})

    routes = {"/": home, "/p/1": post, "/p/1/comment": comment, "/login": login,
              "/logout": logout, "/account": account,
              **{f"/people/{n}": person for n in USERS},
              **{f"/people/{n}/email": email for n in USERS},
              "/terms": "<!doctype html><title>Terms</title><h1>Terms of use</h1>",
              "/privacy": "<!doctype html><title>Privacy</title><h1>Privacy</h1>",
              "/robots.txt": (200, {"Content-Type": "text/plain"}, "User-agent: *\nDisallow:\n")}
    site = sitekit.Site(hosts={"crumbs.test": routes})
    site.posts, site.mails = posts, mails
    return site


def personas() -> dict:
    return {"adult": Persona("blog", "adult", USERS["ann_reader"], username="ann_reader",
                             age=41),
            "child": Persona("blog", "child", USERS["kit_young"], username="kit_young", age=14)}


async def _run(profiles: bool, tmp_path, email_form: bool = False) -> tuple[dict, sitekit.Site]:
    with blog_site(profiles, email_form) as site:
        target = Target(id="crumbs", name="Crumbs", url="http://crumbs.test/", accounts="blog",
                        allow_forms=True)
        async with shared_browser(site.host_map) as shared:
            run = await audit(shared, target, personas(), tmp_path)
    return run["obs"], site


@pytest.mark.browser
@needs_chromium
async def test_a_blog_without_profiles_or_messages_has_nothing_to_block(tmp_path):
    obs, site = await _run(False, tmp_path)
    assert obs["dm_available"].value is False
    assert obs["unknown_adult_can_dm_child"].value == "false", obs["unknown_adult_can_dm_child"]
    for name in ("block_control", "mute_control", "location_shown"):
        o = obs[name]
        assert o.value is False, (name, o.note)
        assert "no member profiles" in o.note and "no direct messages" in o.note, o.note
        assert o.confidence < 0.85                      # below what a look would give
    assert not site.posts                                # no comment was ever posted


@pytest.mark.browser
@needs_chromium
async def test_the_same_blog_with_profiles_is_read_not_assumed(tmp_path):
    obs, site = await _run(True, tmp_path)
    loc = obs["location_shown"]
    assert loc.value is True, loc.note                   # "Location: Leeds, UK" on kit_young
    assert "no member profiles" not in obs["block_control"].note
    assert not site.posts


@pytest.mark.browser
@needs_chromium
async def test_private_messages_that_are_emails_have_no_conversation_to_report_in(tmp_path):
    obs, site = await _run(True, tmp_path, email_form=True)
    assert [(m[0], m[1]) for m in site.mails] == [("ann_reader", "kit_young")]
    dm = obs["unknown_adult_can_dm_child"]
    assert dm.value == "true" and "email" in dm.note, dm.note
    rep = obs["report_in_conversation"]
    assert rep.value is False and "emails" in rep.note, rep.note
    assert rep.confidence < 0.85
