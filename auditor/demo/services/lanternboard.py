"""Lanternboard: a small UK canal-boating forum on phpBB, with the shapes real forum software has.

The boards run phpBB (``<body id="phpbb">``, ``phpbb3_*`` cookies, the prosilver style, topics at
``viewtopic.php?t=12``, ``ucp.php?mode=terms``); accounts, member profiles and private messages
come from the association's own member system bridged into it (``/login/``, ``/register/``,
``/member/profile/7/``, ``/messages/inbox/``).  What the real applications taught the probes:

- **Registration linked only from the login page.**  The header and the topics link "Log in"
  only; the login page says "No account? Register" (``/register/``).  The login page also keeps
  a hidden (``display:none``) quick-registration modal holding a reCAPTCHA-style widget, and
  every page loads a CAPTCHA script, but the login form has no CAPTCHA and neither has the
  registration page.  Registration asks no age and says it will send an activation email.
  phpBB's own registration address (``ucp.php?mode=register``) is not used: it answers 404.
- **Member profiles addressed by id**, linked from the author names beside posts.
- **Member-only report controls.**  A visitor sees no report control on any post and no report
  page is linked for visitors; logged in, every post has a "Report" button leading to a form with
  reasons and a details box (``report.php?p=N``, which sends a visitor to log in).
- **Private messages on for every member, never shown to visitors.**  A visitor sees no inbox
  link and no message button, but ``/messages/inbox/`` sends a visitor to the login page (a
  made-up address answers 404).  Logged in: an "Inbox" link, "Send a private message" on
  profiles; a message from any member lands straight in the recipient's inbox, a child's
  included (no request step, no block, mute or report control in conversations); members have
  no messaging setting.

Messy markup as phpBB themes have it (definition lists in list items, ``./`` links, icon
buttons with screen-reader text); the home page's "Recent topics" is built by script.
Personas: ``adult`` (41) and ``child`` (14), who has posted on the boards.
"""

from __future__ import annotations

import json

from werkzeug.exceptions import NotFound
from werkzeug.wrappers import Request, Response

from auditor.demo.kit import (
    Account,
    Persona,
    Service,
    Site,
    captcha_widget,
    doc,
    esc,
    form_value,
    html,
    new_ref,
    redirect,
    robots_txt,
    text,
)

HOST = "forum.lanternboard.org.uk"
U = f"http://{HOST}"
COOKIE = "phpbb3_lb7x2"          # phpBB's cookie name: a prefix with a random part
PHPBB_VERSION = "3.3.11"

PERSONAS = {
    "adult": Persona("towpath_tom_test", "towpath.tom.test@example.org", "Lantern-Adult-2025!",
                     41),
    "child": Persona("kingfisher_kid_test", "kingfisher.kid.test@example.org",
                     "Lantern-Teen-2025!", 14),
}

#: member id -> (username, joined, location)
MEMBERS = {
    2: ("lockkeeper_meg", "2016-03-02", "Braunston"),
    3: ("butty_bill", "2017-08-19", ""),
    4: ("wren_on_the_cut", "2019-05-07", "Llangollen"),
    5: ("tillerpin", "2020-11-23", ""),
    6: ("coalboat_carol", "2021-04-30", "Stoke Bruerne"),
    7: ("towpath_tom_test", "2024-10-12", ""),
    8: ("kingfisher_kid_test", "2025-03-01", ""),
}

FORUMS = {
    2: ("Boats &amp; maintenance", "Engines, stoves, paint, blacking and everything that leaks."),
    3: ("Cruising &amp; moorings", "Routes, stoppages, winter moorings and where to fill up."),
    4: ("Towpath walks &amp; wildlife", "Walks along the cut, and what you saw on the way."),
    5: ("Introductions", "New to the board? Say hello."),
}

#: topic id -> (forum id, title, [(post id, author, when, text)])
TOPICS = {
    11: (2, "Stove glass keeps blackening", [
        (101, "butty_bill", "Tue May 27, 2025 7:12 pm",
         "Running on smokeless fuel but the glass is black by morning. Air wash blocked?"),
        (102, "lockkeeper_meg", "Tue May 27, 2025 8:40 pm",
         "Usually damp fuel or the vent turned down too far overnight. Keep the bags dry."),
        (103, "tillerpin", "Wed May 28, 2025 9:02 am",
         "A scrunched newspaper dipped in ash shifts it, then keep the air wash open."),
    ]),
    12: (2, "Blacking on a budget", [
        (104, "coalboat_carol", "Sun May 18, 2025 4:15 pm",
         "Quotes for dry dock and blacking have gone silly. Anyone done it themselves?"),
        (105, "wren_on_the_cut", "Sun May 18, 2025 6:01 pm",
         "Two of us did a 57 foot boat in a weekend. Hire the pressure washer, not the dock."),
    ]),
    13: (3, "Winter moorings on the Oxford canal", [
        (106, "tillerpin", "Fri May 30, 2025 10:22 am", "Looking for somewhere near Banbury."),
        (107, "lockkeeper_meg", "Fri May 30, 2025 11:35 am",
         "Book early: the trust's winter list fills in the summer."),
    ]),
    14: (4, "Kingfisher spotted at Foxton", [
        (108, "kingfisher_kid_test", "Sat May 31, 2025 2:50 pm",
         "Saw a kingfisher by the bottom lock at Foxton with my grandad today! So fast."),
        (109, "wren_on_the_cut", "Sat May 31, 2025 3:30 pm",
         "Lucky you. Sit still by the side pond in the morning and they come back."),
    ]),
    15: (4, "Bluebells along the Leicester line", [
        (110, "coalboat_carol", "Mon Apr 21, 2025 8:10 am",
         "The woods by the Crick tunnel are carpeted this week."),
    ]),
    16: (5, "Hello from a new continuous cruiser", [
        (111, "towpath_tom_test", "Sat Oct 12, 2024 5:30 pm",
         "Just bought a 50 foot trad and moved aboard. Lots to learn!"),
        (112, "lockkeeper_meg", "Sat Oct 12, 2024 6:05 pm", "Welcome aboard, Tom."),
    ]),
    17: (5, "Hi everyone", [
        (113, "kingfisher_kid_test", "Sat Mar 1, 2025 11:00 am",
         "Hi, I'm 14 and my family has a boat on the Grand Union. I like spotting birds."),
        (114, "butty_bill", "Sat Mar 1, 2025 12:20 pm", "Welcome! Post your bird photos."),
    ]),
}

REPORT_REASONS = [
    ("illegal", "The post contains illegal content"),
    ("harass", "It harasses, bullies or threatens someone"),
    ("spam", "It is spam or advertising"),
    ("offtopic", "It is off-topic"),
    ("other", "Other (please give details below)"),
]

CSS = """
html,body{background:#f2efe6;color:#28313b;font:13px/1.45 Verdana,Helvetica,Arial,sans-serif}
#wrap{max-width:1000px;margin:0 auto;background:#fff;padding:15px;border:1px solid #e0dccc}
.headerbar{background:#1f4b5c;color:#fff;padding:6px 10px;border-radius:7px}
.headerbar a{color:#fff}.site-description h1{margin:4px 0;font-family:Georgia,serif}
.navbar{background:#cadceb;padding:3px 10px;border-radius:7px;margin-top:4px}
.navbar ul.linklist{list-style:none;margin:0;padding:0;display:flex;gap:14px;flex-wrap:wrap}
.navbar ul.linklist li.rightside{margin-left:auto}
ul.topiclist{list-style:none;margin:0;padding:0}ul.topiclist li.row{border-top:1px solid #fff;
 background:#ecf3f7;padding:5px 8px}ul.topiclist dl{display:flex;margin:0}
ul.topiclist dt{flex:1}ul.topiclist dd{width:160px;margin:0;font-size:11px}
.forabg{background:#1f4b5c;border-radius:7px;padding:4px;margin:10px 0}
.forabg .header{color:#fff;font-weight:bold;padding:2px 6px}
div.post{background:#e1ebf2;border-radius:7px;padding:6px 10px;margin:8px 0;display:flex;gap:12px}
div.post.bg1{background:#ecf3f7}.postprofile{width:150px;font-size:11px;border-right:1px solid #fff}
.postbody{flex:1}.postbody h3{margin:0 0 4px;font-size:13px}
ul.post-buttons{list-style:none;float:right;margin:0;padding:0;display:flex;gap:4px}
.button{display:inline-block;border:1px solid #c7c3bf;border-radius:4px;padding:2px 8px;
 background:#e9e9e9;color:#333;text-decoration:none;font-size:12px;min-height:24px;
 min-width:24px;box-sizing:border-box}
.sr-only{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0,0,0,0)}
.icon{font-style:normal}.panel{background:#ecf1f3;border-radius:7px;padding:8px 12px;margin:8px 0}
.copyright{text-align:center;font-size:10px;color:#555;padding:10px}
.error{color:#bc2a4d}dl.fields dt{font-weight:bold}
.modal{position:fixed;left:20%;top:10%;background:#fff;border:1px solid #888;padding:16px}
fieldset{border:0;padding:0}fieldset dl{margin:6px 0}
"""

#: every page loads the CAPTCHA script (for the quick-registration modal), drawn or not
CAPTCHA_SRC = "/assets/vendor/recaptcha/api.js?onload=lbCaptcha&render=explicit"
CAPTCHA_JS = """// A CAPTCHA loader (demo): draws a frame into each .g-recaptcha container.
// Where the container is hidden (the login page's quick-registration modal), so is the frame.
(function () {
  function draw() {
    var boxes = document.querySelectorAll('.g-recaptcha');
    for (var i = 0; i < boxes.length; i++) {
      if (boxes[i].getAttribute('data-drawn')) continue;
      var f = document.createElement('iframe');
      f.title = 'reCAPTCHA';
      f.src = '/assets/vendor/recaptcha/anchor.html?k=' + boxes[i].getAttribute('data-sitekey');
      f.width = '300'; f.height = '78'; f.style.border = '0';
      boxes[i].appendChild(f);
      boxes[i].setAttribute('data-drawn', '1');
    }
  }
  window.grecaptcha = {ready: function (cb) { cb(); }, render: draw, execute: function () {}};
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', draw);
  else draw();
})();
"""
ANCHOR_HTML = ("<!DOCTYPE html><html><body style='margin:0;font:12px sans-serif;"
               "background:#f9f9f9;border:1px solid #d3d3d3;height:74px'>"
               "<label style='display:block;padding:24px 12px'><input type=checkbox disabled> "
               "I'm not a robot</label></body></html>")

CORE_JS = """// phpBB-style core script (demo): the 'Recent topics' block is filled after load.
var phpbb = {version: '__VERSION__'};
document.addEventListener('DOMContentLoaded', function () {
  var box = document.getElementById('recent-topics');
  if (!box) return;
  fetch('./app.php/recent-topics').then(function (r) { return r.json(); }).then(function (items) {
    box.textContent = '';
    items.forEach(function (t) {
      var li = document.createElement('li'); li.className = 'row';
      var a = document.createElement('a'); a.className = 'topictitle';
      a.href = './viewtopic.php?t=' + t.id; a.textContent = t.title;
      var by = document.createElement('a'); by.className = 'username';
      by.href = '/member/profile/' + t.last_id + '/'; by.textContent = t.last_by;
      li.appendChild(a); li.appendChild(document.createTextNode(' \\u00bb last post by '));
      li.appendChild(by); box.appendChild(li);
    });
  });
});
""".replace("__VERSION__", PHPBB_VERSION)


def _head() -> str:
    return ('<link href="./styles/prosilver/theme/stylesheet.css?assets_version=42" '
            'rel="stylesheet">'
            '<script src="./assets/javascript/core.js?assets_version=42"></script>'
            f'<script src="{CAPTCHA_SRC}" async defer></script>')


def build() -> Site:
    def not_found(req: Request, e) -> Response:
        return page(req, "Information", '<div class="panel"><h2 class="message-title">'
                    "Information</h2><p>The requested page does not exist.</p>"
                    '<p><a href="./index.php">Return to the board index</a></p></div>',
                    title="Page not found", status=404)

    site = Site([HOST], cookie=f"{COOKIE}_sid", personas=PERSONAS, not_found=not_found)
    ids = {name: mid for mid, (name, _j, _l) in MEMBERS.items()}
    site.state.update(
        ids=ids, members={mid: {"name": n, "joined": j, "location": loc}
                          for mid, (n, j, loc) in MEMBERS.items()},
        topics={tid: (f, t, list(posts)) for tid, (f, t, posts) in TOPICS.items()},
        pms=[], reports=[], contact=[], next_member=100, next_post=1000, pending={})

    # -- the page frame ------------------------------------------------------------------------
    def header(user: Account | None) -> str:
        if user is None:
            right = ('<li class="rightside"><a href="/login/" title="Login" accesskey="x">'
                     '<i class="icon fa-power-off" aria-hidden="true"></i><span>Log in</span>'
                     "</a></li>")
        else:
            with site.lock:
                unread = sum(1 for m in site.state["pms"] if m["to"] == user.username
                             and not m["read"])
            badge = f' <strong class="badge">{unread}</strong>' if unread else ""
            right = (f'<li><a href="/messages/inbox/" title="Private messages">'
                     f'<i class="icon fa-inbox" aria-hidden="true"></i><span>Inbox</span>'
                     f"{badge}</a></li>"
                     '<li><a href="/member/settings/">Settings</a></li>'
                     f'<li><a href="/member/profile/{ids.get(user.username, 0)}/" '
                     f'class="username-coloured">{esc(user.username)}</a></li>'
                     '<li class="rightside"><form method="post" action="/logout/" '
                     'style="display:inline"><button class="button">Log out</button></form>'
                     "</li>")
        return ('<div id="page-header"><div class="headerbar" role="banner">'
                '<div class="site-description"><a id="logo" class="logo" href="./index.php" '
                'title="Board index"><span class="site_logo"></span></a>'
                "<h1>Lanternboard</h1><p>The forum for canal boaters and towpath walkers</p>"
                '</div><div id="search-box" class="search-box search-header" role="search">'
                '<form action="./search.php" method="get" id="search">'
                '<input name="keywords" id="keywords" type="search" maxlength="128" '
                'title="Search for keywords" class="inputbox search tiny" size="20" '
                'placeholder="Search…"><button class="button button-search" type="submit" '
                'title="Search"><i class="icon fa-search" aria-hidden="true"></i>'
                '<span class="sr-only">Search</span></button></form></div></div>'
                '<div class="navbar" role="navigation"><ul id="nav-main" class="linklist">'
                '<li><a href="./index.php">Board index</a></li>'
                '<li><a href="./ucp.php?mode=terms">Board rules</a></li>'
                f"{right}</ul></div></div>")

    def footer() -> str:
        return ('<div id="page-footer" class="page-footer" role="contentinfo">'
                '<div class="navbar"><ul class="linklist">'
                '<li><a href="./ucp.php?mode=privacy" title="Privacy">Privacy</a></li>'
                '<li><a href="./ucp.php?mode=terms" title="Terms">Terms of use</a></li>'
                '<li><a href="./memberlist.php?mode=contactadmin">Contact us</a></li>'
                "</ul></div>"
                '<div class="copyright">Lanternboard is run by volunteers of the Towpath '
                "Lantern Association, 7 Wharf Street, Banbury, OX16 5BS.<br>"
                'Powered by <a href="#">phpBB</a>&reg; Forum Software</div></div>')

    def page(req: Request, crumb: str, main: str, *, title: str = "",
             status: int = 200, section: str = "index") -> Response:
        body = (f'<div id="wrap" class="wrap">{header(site.user(req))}'
                f'<div id="page-body" class="page-body" role="main">'
                f'<h2 class="crumb">{crumb}</h2>{main}</div>{footer()}</div>')
        resp = html(doc(f"{title or crumb} - Lanternboard", body, css=CSS, head=_head(),
                        body_attrs=f'id="phpbb" class="nojs notouch section-{section} ltr"'),
                    status=status)
        # phpBB gives every visitor its cookies, logged in or not
        if not req.cookies.get(f"{COOKIE}_u"):
            resp.set_cookie(f"{COOKIE}_u", "1", max_age=31536000, httponly=True,
                            samesite="Lax", path="/")
            resp.set_cookie(f"{COOKIE}_k", "", max_age=31536000, httponly=True,
                            samesite="Lax", path="/")
        return resp

    def members_only(req: Request) -> Response | None:
        if site.user(req) is None:
            nxt = req.full_path.rstrip("?")
            return redirect(f"/login/?next={nxt}", status=302)
        return None

    def author(name: str) -> str:
        mid = ids.get(name)
        return (f'<a href="/member/profile/{mid}/" class="username">{esc(name)}</a>'
                if mid else f'<span class="username">{esc(name)}</span>')

    # -- assets ---------------------------------------------------------------------------------
    @site.route("/assets/javascript/core.js")
    def core_js(req: Request):
        return text(CORE_JS, content_type="application/javascript; charset=utf-8")

    @site.route("/assets/vendor/recaptcha/api.js")
    def captcha_js(req: Request):
        return text(CAPTCHA_JS, content_type="application/javascript; charset=utf-8")

    @site.route("/assets/vendor/recaptcha/anchor.html")
    def captcha_anchor(req: Request):
        return html(ANCHOR_HTML)

    @site.route("/styles/prosilver/theme/stylesheet.css")
    def stylesheet(req: Request):
        return text("/* prosilver (demo): the styles are inline */\n",
                    content_type="text/css; charset=utf-8")

    @site.route("/styles/prosilver/style.cfg")
    def style_cfg(req: Request):
        return text("# phpBB style configuration file\nname = prosilver\n"
                    "copyright = © phpBB Limited, 2007\n"
                    f"style_version = {PHPBB_VERSION}\nphpbb_version = {PHPBB_VERSION}\n")

    @site.route("/app.php/recent-topics")
    def recent(req: Request):
        with site.lock:
            items = []
            for tid, (_f, title, posts) in site.state["topics"].items():
                last = posts[-1]
                items.append({"id": tid, "title": title, "last_by": last[1],
                              "last_id": ids.get(last[1], 0), "last_post": last[0]})
        items.sort(key=lambda x: -x["last_post"])
        return Response(json.dumps(items[:6]), content_type="application/json")

    # -- the boards -----------------------------------------------------------------------------
    @site.route("/")
    @site.route("/index.php")
    def index(req: Request):
        rows = []
        with site.lock:
            for fid, (name, desc) in FORUMS.items():
                topics = [(tid, t, p) for tid, (f, t, p) in site.state["topics"].items()
                          if f == fid]
                posts = sum(len(p) for _t, _ti, p in topics)
                last = max((p[-1] for _t, _ti, p in topics), key=lambda x: x[0])
                rows.append(
                    '<li class="row"><dl class="row-item forum_read"><dt title="No unread posts">'
                    f'<div class="list-inner"><a href="./viewforum.php?f={fid}" '
                    f'class="forumtitle">{name}</a><br>{desc}</div></dt>'
                    f'<dd class="topics">{len(topics)} <dfn>Topics</dfn></dd>'
                    f'<dd class="posts">{posts} <dfn>Posts</dfn></dd>'
                    f'<dd class="lastpost"><span><dfn>Last post </dfn>by {author(last[1])}'
                    f"<br>{esc(last[2])}</span></dd></dl></li>")
        main = ('<p class="welcome">Welcome to Lanternboard. Reading is open to everyone.</p>'
                '<div class="forabg"><div class="header">Forum</div>'
                f'<ul class="topiclist forums">{"".join(rows)}</ul></div>'
                '<div class="panel"><h3>Recent topics</h3>'
                '<ul id="recent-topics" class="topiclist"><li>Loading…</li></ul></div>')
        return page(req, "Board index", main, title="Index page")

    @site.route("/viewforum.php")
    def viewforum(req: Request):
        try:
            fid = int(req.args.get("f", ""))
        except ValueError:
            raise NotFound() from None
        if fid not in FORUMS:
            raise NotFound()
        name, desc = FORUMS[fid]
        with site.lock:
            topics = [(tid, t, p) for tid, (f, t, p) in site.state["topics"].items()
                      if f == fid]
        rows = "".join(
            '<li class="row bg2"><dl class="row-item topic_read"><dt><div class="list-inner">'
            f'<a href="./viewtopic.php?t={tid}" class="topictitle">{esc(t)}</a><br>'
            f'<div class="topic-poster">by {author(p[0][1])} &raquo; {esc(p[0][2])}</div>'
            f'</div></dt><dd class="posts">{len(p) - 1} <dfn>Replies</dfn></dd></dl></li>'
            for tid, t, p in topics)
        main = (f'<p>{desc}</p><div class="action-bar"><a href="/login/" class="button">'
                "Log in to post a new topic</a></div>"
                f'<div class="forumbg"><ul class="topiclist topics">{rows}</ul></div>')
        return page(req, name, main, title=name.replace("&amp;", "&"), section="viewforum")

    @site.route("/viewtopic.php")
    def viewtopic(req: Request):
        try:
            tid = int(req.args.get("t", ""))
        except ValueError:
            raise NotFound() from None
        with site.lock:
            if tid not in site.state["topics"]:
                raise NotFound()
            fid, title, posts = site.state["topics"][tid]
            posts = list(posts)
        user = site.user(req)
        out = []
        for i, (pid, who, when, body) in enumerate(posts):
            buttons = ""
            if user is not None:      # post buttons are drawn for members only
                buttons = (
                    '<ul class="post-buttons">'
                    f'<li><a href="./report.php?p={pid}" title="Report this post" '
                    'class="button button-icon-only"><i class="icon fa-exclamation fa-fw" '
                    'aria-hidden="true"></i><span>Report</span></a></li>'
                    f'<li><a href="./posting.php?mode=quote&amp;p={pid}" title="Reply with '
                    'quote" class="button button-icon-only"><i class="icon fa-quote-left '
                    'fa-fw" aria-hidden="true"></i><span class="sr-only">Quote</span></a>'
                    "</li></ul>")
            out.append(
                f'<div id="p{pid}" class="post has-profile bg{2 - i % 2}"><div class="inner">'
                f'<dl class="postprofile" id="profile{pid}"><dt class="no-profile-rank">'
                f"{author(who)}</dt></dl>"
                f'<div class="postbody"><div id="post_content{pid}">{buttons}'
                f'<h3><a href="#p{pid}">Re: {esc(title)}</a></h3>'
                f'<p class="author"><span class="responsive-hide">by <strong>{author(who)}'
                f"</strong> &raquo; </span>{esc(when)}</p>"
                f'<div class="content">{esc(body)}</div></div></div></div></div>')
        reply = ("" if user else '<p><a href="/login/">Log in</a> to reply to this topic.</p>')
        crumbs = (f'<p class="crumbs"><a href="./index.php">Board index</a> &lsaquo; '
                  f'<a href="./viewforum.php?f={fid}">{FORUMS[fid][0]}</a></p>')
        return page(req, esc(title), crumbs + "".join(out) + reply, title=title,
                    section="viewtopic")

    @site.route("/search.php")
    def search(req: Request):
        q = form_value(req, "keywords")
        found = ""
        if q:
            needle = q.lower()
            with site.lock:
                hits = [(tid, t, p) for tid, (_f, t, posts) in site.state["topics"].items()
                        for p in posts if needle in p[3].lower() or needle in t.lower()
                        or needle == p[1].lower()]
            found = ("".join(
                f'<div class="search post"><h3><a href="./viewtopic.php?t={tid}#p{p[0]}">'
                f"{esc(t)}</a></h3><p>by {author(p[1])} &raquo; {esc(p[2])}</p>"
                f'<div class="content">{esc(p[3])}</div></div>' for tid, t, p in hits)
                     or f"<p>No suitable matches were found for &ldquo;{esc(q)}&rdquo;.</p>")
            found = f"<h3>Search found {len(hits)} matches</h3>{found}"
        main = ('<form method="get" action="./search.php" class="panel"><label for="kw">Search '
                "for keywords or a member's name</label> "
                f'<input id="kw" name="keywords" type="search" value="{esc(q)}"> '
                f'<button class="button" type="submit">Search</button></form>{found}')
        return page(req, "Search", main, section="search")

    # -- members --------------------------------------------------------------------------------
    @site.route("/member/profile/<int:mid>/")
    def profile(req: Request, mid: int):
        with site.lock:
            m = site.state["members"].get(mid)
            if m is None:
                raise NotFound()
            count = sum(1 for _f, _t, posts in site.state["topics"].values() for p in posts
                        if p[1] == m["name"])
        user = site.user(req)
        pm = ""
        if user is not None and user.username != m["name"]:
            pm = (f'<p><a class="button" href="/messages/write/{esc(m["name"])}/">'
                  '<i class="icon fa-envelope" aria-hidden="true"></i> '
                  "Send a private message</a></p>")
        loc = (f'<dt>Location:</dt><dd>{esc(m["location"])}</dd>' if m["location"] else "")
        main = (f'<div class="panel bg1"><h3>{esc(m["name"])}</h3><dl class="fields">'
                f'<dt>Joined:</dt><dd>{esc(m["joined"])}</dd><dt>Total posts:</dt>'
                f"<dd>{count}</dd>{loc}</dl>{pm}</div>")
        return page(req, f"Viewing profile - {esc(m['name'])}", main, section="memberlist")

    @site.route("/member/settings/", methods=("GET", "POST"))
    def settings(req: Request):
        wall = members_only(req)
        if wall:
            return wall
        user = site.user(req)
        saved = ""
        if req.method == "POST":
            with site.lock:
                user.data["signature"] = form_value(req, "signature")[:255]
            saved = '<p role="status">Your profile has been updated.</p>'
        main = (f"{saved}<form method=\"post\" action=\"/member/settings/\" class=\"panel\">"
                "<fieldset><dl><dt><label for=\"loc\">Location:</label></dt>"
                '<dd><input id="loc" name="location"></dd></dl>'
                '<dl><dt><label for="sig">Signature:</label></dt><dd><textarea id="sig" '
                f'name="signature" rows="3">{esc(user.data.get("signature", ""))}</textarea>'
                "</dd></dl><dl><dt>Email address:</dt>"
                f"<dd>{esc(user.email)}</dd></dl></fieldset>"
                '<button class="button" type="submit">Submit</button></form>')
        return page(req, "Edit profile", main, section="ucp")

    # -- private messages (members only) ------------------------------------------------------
    def mine(user: Account) -> list[dict]:
        with site.lock:
            return [m for m in site.state["pms"] if m["to"] == user.username]

    @site.route("/messages/inbox/")
    def inbox(req: Request):
        wall = members_only(req)
        if wall:
            return wall
        user = site.user(req)
        rows = "".join(
            f'<tr class="{"pm_unread" if not m["read"] else "pm_read"}"><td>'
            f'<a href="/messages/view/{m["id"]}/" class="topictitle">{esc(m["subject"])}</a>'
            f'<br><span class="snippet">{esc(m["text"][:120])}</span></td>'
            f'<td>{author(m["from"])}</td><td>{esc(m["when"])}</td></tr>'
            for m in reversed(mine(user)))
        table = (f'<table class="table1"><thead><tr><th>Subject</th><th>From</th><th>Sent</th>'
                 f"</tr></thead><tbody>{rows}</tbody></table>" if rows else
                 "<p>You have no messages in this folder.</p>")
        main = ('<p><a class="button" href="/messages/write/">Compose message</a> '
                '<a href="/messages/sent/">Sent messages</a></p>' + table)
        return page(req, "Private messages: Inbox", main, section="ucp")

    @site.route("/messages/sent/")
    def sent(req: Request):
        wall = members_only(req)
        if wall:
            return wall
        user = site.user(req)
        with site.lock:
            out = [m for m in site.state["pms"] if m["from"] == user.username]
        rows = "".join(f'<li>To {author(m["to"])}: {esc(m["subject"])}</li>' for m in out)
        return page(req, "Private messages: Sent", f"<ul>{rows}</ul>" if rows else
                    "<p>You have not sent any messages.</p>", section="ucp")

    def compose(to: str = "", problem: str = "") -> str:
        return (f"{problem}<form method=\"post\" action=\"/messages/write/\" class=\"panel\">"
                '<fieldset><dl><dt><label for="recipient">To:</label></dt><dd>'
                f'<input id="recipient" name="recipient" value="{esc(to)}"></dd></dl>'
                '<dl><dt><label for="subject">Subject:</label></dt><dd>'
                '<input id="subject" name="subject" maxlength="120"></dd></dl>'
                '<dl><dt><label for="message">Message body:</label></dt><dd>'
                '<textarea id="message" name="message" rows="8" cols="60"></textarea></dd></dl>'
                '</fieldset><button class="button" type="submit" name="post">Send</button>'
                "</form>")

    @site.route("/messages/write/", methods=("GET", "POST"))
    @site.route("/messages/write/<to>/", methods=("GET",))
    def write(req: Request, to: str = ""):
        wall = members_only(req)
        if wall:
            return wall
        user = site.user(req)
        if req.method == "GET":
            return page(req, "Compose message", compose(to or form_value(req, "to")),
                        section="ucp")
        to = form_value(req, "recipient")
        body = form_value(req, "message")
        target = site.accounts.get(to)
        if target is None or not body or target.username == user.username:
            why = ("You need to enter a message." if target else
                   f"The member &ldquo;{esc(to)}&rdquo; could not be found.")
            return page(req, "Compose message",
                        compose(to, f'<p class="error" role="alert">{why}</p>'),
                        status=400, section="ucp")
        with site.lock:
            site.state["next_post"] += 1
            site.state["pms"].append({
                "id": site.state["next_post"], "from": user.username, "to": target.username,
                "subject": form_value(req, "subject") or "(no subject)", "text": body,
                "when": "Sun Jun 01, 2025 9:00 am", "read": False})
        return page(req, "Message sent",
                    '<div class="panel"><p>This message has been sent successfully.</p>'
                    '<p><a href="/messages/inbox/">Return to your inbox</a></p></div>',
                    section="ucp")

    @site.route("/messages/view/<int:pid>/")
    def view(req: Request, pid: int):
        wall = members_only(req)
        if wall:
            return wall
        user = site.user(req)
        with site.lock:
            m = next((x for x in site.state["pms"] if x["id"] == pid
                      and user.username in (x["to"], x["from"])), None)
            if m is None:
                raise NotFound()
            if m["to"] == user.username:
                m["read"] = True
        other = m["from"] if m["to"] == user.username else m["to"]
        main = (f'<div class="post bg2"><div class="postbody"><h3>{esc(m["subject"])}</h3>'
                f'<p class="author">Sent by {author(m["from"])} &raquo; {esc(m["when"])}</p>'
                f'<div class="content">{esc(m["text"])}</div></div></div>'
                f'<form method="post" action="/messages/write/" class="panel">'
                f'<input type="hidden" name="recipient" value="{esc(other)}">'
                f'<input type="hidden" name="subject" value="Re: {esc(m["subject"])}">'
                '<label for="reply">Reply</label><textarea id="reply" name="message" rows="4">'
                '</textarea><button class="button" type="submit">Send</button></form>'
                '<p><a href="/messages/inbox/">Return to your inbox</a></p>')
        return page(req, "Private messages: View message", main, section="ucp")

    # -- reporting (members only) ------------------------------------------------------------
    def post_by_id(pid: str) -> tuple[int, str, tuple] | None:
        with site.lock:
            for tid, (_f, t, posts) in site.state["topics"].items():
                for p in posts:
                    if str(p[0]) == pid:
                        return tid, t, p
        return None

    @site.route("/report.php", methods=("GET", "POST"))
    def report(req: Request):
        wall = members_only(req)
        if wall:
            return wall
        pid = form_value(req, "p")
        found = post_by_id(pid)
        if found is None:
            raise NotFound()
        tid, title, post = found
        if req.method == "POST" and form_value(req, "reason_id") in dict(REPORT_REASONS):
            ref = new_ref("LB")
            with site.lock:
                site.state["reports"].append({"ref": ref, "post": pid,
                                              "reason": form_value(req, "reason_id"),
                                              "text": form_value(req, "report_text")})
            return page(req, "Report a post",
                        '<div class="panel"><p>The post has been reported to the board team.'
                        f'</p><p><a href="./viewtopic.php?t={tid}#p{pid}">Return to the topic'
                        "</a></p></div>", section="report")
        radios = "".join(f'<label><input type="radio" name="reason_id" value="{v}"> '
                         f"{esc(t)}</label><br>" for v, t in REPORT_REASONS)
        main = (f'<form method="post" action="./report.php?p={esc(pid)}" class="panel">'
                f'<p>You are reporting a post by {author(post[1])} in &ldquo;'
                f'<a href="./viewtopic.php?t={tid}#p{pid}">{esc(title)}</a>&rdquo;.</p>'
                f"<fieldset><legend>Reason</legend>{radios}</fieldset>"
                '<label for="report_text">Further information</label><br>'
                '<textarea id="report_text" name="report_text" rows="6" cols="60"></textarea>'
                '<br><label><input type="checkbox" name="notify" value="1"> Notify me when the '
                "report is closed</label><br>"
                '<button class="button" type="submit" name="submit">Submit</button></form>')
        return page(req, "Report a post", main, section="report")

    # -- accounts -----------------------------------------------------------------------------
    def register_form(problem: str = "", values: dict | None = None, *, in_modal: bool = False,
                      ) -> str:
        v = values or {}
        pre = "qr-" if in_modal else ""
        captcha = captcha_widget() if in_modal else ""
        return (f'{problem}<form method="post" action="/register/" id="{pre}register">'
                f'<fieldset><dl><dt><label for="{pre}username">Username:</label></dt><dd>'
                f'<input id="{pre}username" name="username" autocomplete="username" '
                f'value="{esc(v.get("username", ""))}"></dd></dl>'
                f'<dl><dt><label for="{pre}email">Email address:</label></dt><dd>'
                f'<input id="{pre}email" name="email" type="email" '
                f'value="{esc(v.get("email", ""))}"></dd></dl>'
                f'<dl><dt><label for="{pre}new_password">Password:</label></dt><dd>'
                f'<input id="{pre}new_password" name="new_password" type="password" '
                'autocomplete="new-password"></dd></dl>'
                f'<dl><dt><label for="{pre}password_confirm">Confirm password:</label></dt><dd>'
                f'<input id="{pre}password_confirm" name="password_confirm" type="password" '
                'autocomplete="new-password"></dd></dl></fieldset>'
                f"{captcha}"
                f'<p><label><input type="checkbox" name="agreed" value="1"> I have read and '
                'agree to the <a href="./ucp.php?mode=terms">terms of use</a> and the '
                '<a href="./ucp.php?mode=privacy">privacy policy</a></label></p>'
                "<p>We'll send an activation email to the address you give. Follow the link "
                "in it to activate your account before you log in.</p>"
                '<button class="button" type="submit" name="submit">Register</button></form>')

    @site.route("/register/", methods=("GET", "POST"))
    def register(req: Request):
        if req.method == "GET":
            return page(req, "Register", register_form(), section="register")
        vals = {"username": form_value(req, "username"), "email": form_value(req, "email")}
        pw = req.form.get("new_password", "")
        problems = []
        if not vals["username"] or len(vals["username"]) < 3 or \
                vals["username"] in site.accounts:
            problems.append("The username you entered is already in use or too short.")
        if "@" not in vals["email"]:
            problems.append("The email address you entered is invalid.")
        if len(pw) < 6 or pw != req.form.get("password_confirm", ""):
            problems.append("The passwords must match and have at least 6 characters.")
        if form_value(req, "agreed") != "1":
            problems.append("You must agree to the terms of use to register.")
        if problems:
            err = ('<div class="error" role="alert">'
                   + "".join(f"<p>{esc(p)}</p>" for p in problems) + "</div>")
            return page(req, "Register", register_form(err, vals), status=400,
                        section="register")
        acct = site.add_account(Account(vals["username"], vals["email"], pw, None,
                                        verified=False))
        with site.lock:
            site.state["next_member"] += 1
            mid = site.state["next_member"]
            ids[acct.username] = mid
            site.state["members"][mid] = {"name": acct.username, "joined": "2025-06-01",
                                          "location": ""}
            site.state["pending"][acct.username] = new_ref("act")
        return page(req, "Registration complete",
                    '<div class="panel"><p>Thank you for registering. Your account has been '
                    "created, but it must be activated first: we have sent an activation "
                    f"email to {esc(acct.email)}. Follow the link in it to activate your "
                    "account.</p></div>", section="register")

    @site.route("/login/", methods=("GET", "POST"))
    def login(req: Request):
        nxt = form_value(req, "next", "/")
        if not nxt.startswith("/") or nxt.startswith("//"):
            nxt = "/"
        error = ""
        if req.method == "POST":
            acct = site.check_login(form_value(req, "username"), req.form.get("password", ""))
            if acct is not None and not acct.verified:
                error = ('<p class="error" role="alert">Your account has not been activated '
                         "yet. Follow the link in the activation email.</p>")
            elif acct is not None:
                site.session(req)["user"] = acct.username
                return redirect(nxt)
            else:
                error = ('<p class="error" role="alert">You have specified an incorrect '
                         "username or password.</p>")
        modal = ('<div id="quick-register" class="modal" role="dialog" aria-hidden="true" '
                 'aria-labelledby="qr-title" style="display:none">'
                 '<h3 id="qr-title">Quick registration</h3>'
                 f"{register_form(in_modal=True)}</div>")
        main = (f'{error}<form method="post" action="/login/" id="login" class="panel">'
                f'<input type="hidden" name="next" value="{esc(nxt)}">'
                '<fieldset><dl><dt><label for="username">Username:</label></dt><dd>'
                '<input id="username" name="username" autocomplete="username" tabindex="1">'
                '</dd></dl><dl><dt><label for="password">Password:</label></dt><dd>'
                '<input id="password" name="password" type="password" '
                'autocomplete="current-password" tabindex="2"></dd></dl>'
                '<dl><dd><label><input type="checkbox" name="autologin"> Remember me</label>'
                '</dd></dl></fieldset><button class="button" type="submit" name="login">'
                "Log in</button></form>"
                '<div class="panel"><h3>No account?</h3><p>Reading is open to everyone; you '
                'need an account to post. <a href="/register/">Register</a></p></div>'
                f"{modal}")
        return page(req, "Log in", main, status=401 if error else 200, section="ucp")

    @site.route("/logout/", methods=("POST",))
    def logout(req: Request):
        site.session(req).pop("user", None)
        return redirect("/")

    # -- phpBB's own pages ----------------------------------------------------------------------
    @site.route("/ucp.php")
    def ucp(req: Request):
        mode = req.args.get("mode", "")
        if mode == "terms":
            return page(req, "Terms of use", TERMS, title="Terms of use", section="ucp")
        if mode == "privacy":
            return page(req, "Privacy policy", PRIVACY, title="Privacy policy", section="ucp")
        if mode == "login":             # phpBB's login hands over to the member system
            return redirect("/login/", status=302)
        raise NotFound()                 # registration is the member system's (/register/)

    @site.route("/memberlist.php", methods=("GET", "POST"))
    def memberlist(req: Request):
        if req.args.get("mode") != "contactadmin":
            wall = members_only(req)
            return wall or page(req, "Members", "<p>The member list is not available.</p>",
                                section="memberlist")
        if req.method == "POST" and form_value(req, "message"):
            with site.lock:
                site.state["contact"].append(form_value(req, "message"))
            return page(req, "Contact us", "<p>Your message has been sent to the board "
                                           "administrators.</p>", section="memberlist")
        main = ('<form method="post" action="./memberlist.php?mode=contactadmin" '
                'class="panel"><p>Write to the board administrators about the board, your '
                "account or the association.</p>"
                '<label for="c-email">Your email address</label><br>'
                '<input id="c-email" name="email" type="email"><br>'
                '<label for="c-name">Your name</label><br><input id="c-name" name="name"><br>'
                '<label for="c-subject">Subject</label><br><input id="c-subject" '
                'name="subject"><br>'
                '<label for="c-message">Message body</label><br>'
                '<textarea id="c-message" name="message" rows="6" cols="60"></textarea><br>'
                '<button class="button" type="submit">Send email</button></form>')
        return page(req, "Contact us", main, section="memberlist")

    @site.route("/robots.txt")
    def robots(req: Request):
        return robots_txt(["/adm/", "/posting.php"])

    return site


TERMS = """
<div class="panel" id="terms">
<h2>Lanternboard - Terms of use</h2>
<p>By reading or posting on Lanternboard (forum.lanternboard.org.uk) you agree to these terms.
Lanternboard is run by volunteers of the Towpath Lantern Association for people who live on,
work on or walk beside the canals and rivers of the United Kingdom.</p>
<h3>Who can join</h3>
<p>You must be 16 or over to register an account. Anyone may read the boards.</p>
<h3>What you must not post</h3>
<p>Do not post anything that breaks the law of the United Kingdom. In particular you must
not post:</p>
<ul>
<li>hate speech, or anything hateful about people because of their race, religion,
disability, sexuality or gender;</li>
<li>posts that harass, bully or threaten another member;</li>
<li>pornography or other sexually explicit material;</li>
<li>scams, fraud, or spam and advertising that the board team has not agreed to.</li>
</ul>
<h3>Reporting a post</h3>
<p>If you see a post that breaks these terms, use the Report button on the post to tell the
board team about it.</p>
<h3>Your account</h3>
<p>You are responsible for keeping your password safe. The board team may suspend or remove
the account of anyone who breaks these terms.</p>
<p>These terms were last revised on 9 September 2024.</p>
</div>
"""

PRIVACY = """
<div class="panel" id="privacy">
<h2>Lanternboard - Privacy policy</h2>
<p>The Towpath Lantern Association keeps the username, email address and password you give
when you register, the posts you write and the IP address you post from. Cookies: the board
sets cookies named phpbb3_* to keep you logged in and to remember what you have read.</p>
<p>We do not sell your data. Write to the board administrators through the contact form to ask
for a copy of your data or to have your account deleted.</p>
<p>Last revised: 9 September 2024.</p>
</div>
"""


SERVICE = Service(
    id="lanternboard",
    name="Lanternboard",
    hosts=[HOST],
    start_url=f"{U}/",
    factory=build,
    row={"service_kind": "forum", "size_band": "under_700k", "risk_levels": "grooming=high",
         "likely_accessed_by_children": "true", "regime": "u2u", "allow_forms": "true",
         "accounts": "lanternboard", "tags": "demo;forum;phpbb",
         "notes": "Demo: registration only from the login page; member-only reports; private "
                  "messages for every member, unseen by visitors"},
    personas=PERSONAS,
    description="phpBB forum; registration from the login page; member-only report buttons; "
                "private messages on for every member",
)
