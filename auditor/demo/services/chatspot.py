"""ChatSpot: a teen chat site that gets the big things wrong.

Exhibits: open direct messages from anyone to anyone (an adult stranger can message a 14-year-old;
no request step, no block, mute or report in the conversation); a public member directory that
shows ages and towns, can be filtered by age and lists friends; icon-only "send message" buttons
(an aria-label only) visible to visitors; signup with no age question; terms that open in a
modal filled by script (no stand-alone terms page); reporting only through an email address
buried at the end of a help article; a cookie-consent banner (script-built); static assets on
a CDN subdomain (cdn.chatspot.test, listed in ``extra_domains``).
"""

from __future__ import annotations

from werkzeug.exceptions import NotFound
from werkzeug.wrappers import Request, Response

from auditor.demo.kit import (
    COOKIE_BANNER_JS,
    Account,
    Persona,
    Service,
    Site,
    doc,
    esc,
    form_value,
    html,
    redirect,
    robots_txt,
)

HOST = "chatspot.test"
CDN = "cdn.chatspot.test"
U = f"http://{HOST}"

PERSONAS = {
    "adult": Persona("mark_test", "mark.test@example.org", "Chat-Adult-2025!", 27),
    "child": Persona("jess_test", "jess.test@example.org", "Chat-Teen-2025!", 14),
}

# username -> (display name, age, town, bio, friends)
MEMBERS = {
    "ellie_b": ("Ellie", 14, "Bristol", "music, netball, cats", ["maya_x", "jess_test"]),
    "tom_r": ("Tom", 15, "Leeds", "gaming and football", ["sam_k"]),
    "maya_x": ("Maya", 13, "Cardiff", "drawing!! anime", ["ellie_b"]),
    "sam_k": ("Sam", 16, "Glasgow", "skating, films", ["tom_r", "noah_j"]),
    "noah_j": ("Noah", 17, "Norwich", "guitar", ["sam_k"]),
    "jess_test": ("Jess", 14, "Bristol", "baking and books", ["ellie_b"]),
    "mark_test": ("Mark", 27, "Swindon", "just here to chat", []),
}

ROOMS = {"lobby": "The Lobby", "music": "Music", "gaming": "Gaming", "school": "School stuff"}

CSS = """
body{margin:0;font:15px/1.45 'Trebuchet MS',sans-serif;background:#fff7fb;color:#222}
.top{background:#ff5fa2;color:#fff;padding:10px 16px;display:flex;gap:18px;align-items:center}
.top a{color:#fff;text-decoration:none;font-weight:bold}
.wrap{max-width:880px;margin:0 auto;padding:16px}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(190px,1fr));gap:12px}
.card{background:#fff;border-radius:10px;padding:10px;box-shadow:0 1px 3px #0002}
.icon{font-size:20px;text-decoration:none;margin-left:6px}
.bottom{text-align:center;font-size:12px;padding:24px;color:#777}
.bottom a{color:#777;margin:0 6px}
dialog{max-width:560px}
.msg{background:#fff;border-radius:8px;padding:6px 10px;margin:6px 0}
"""

APP_JS = """
document.addEventListener('click', function (ev) {
  var a = ev.target.closest && ev.target.closest('[data-open-terms]');
  if (!a) return;
  ev.preventDefault();
  fetch('/legal/terms-fragment').then(function (r) { return r.text(); }).then(function (h) {
    var d = document.getElementById('terms-dialog');
    d.querySelector('.terms-body').innerHTML = h;
    d.showModal();
  });
});
"""

TERMS_FRAGMENT = """
<h2>ChatSpot Terms &amp; Rules</h2>
<p>ChatSpot is for people aged 13 and over. By using ChatSpot you agree to these rules.</p>
<ol>
<li>Be nice. No bullying.</li>
<li>Don't post anything illegal, rude or hurtful.</li>
<li>Don't share your password.</li>
<li>We can remove any content or ban any account at any time without giving a reason.</li>
</ol>
<p>ChatSpot Ltd is not responsible for what members say to each other.</p>
<p><small>Last updated 5 January 2023</small></p>
"""


def _card(name: str, show_msg: bool = True, rec: list | None = None) -> str:
    """A member card; ``rec`` is the live record (members who signed up are not in MEMBERS)."""
    disp, age, town, _bio, _f = rec if rec is not None else MEMBERS[name]
    msg = (f'<a class="icon" href="/messages/{name}" aria-label="Send message">&#9993;</a>'
           if show_msg else "")
    return (f'<div class="card"><a href="/u/{name}"><b>{esc(disp)}</b></a>, {age}'
            f'<div class="town">{esc(town)}</div><span class="online">&#9679; online</span>'
            f"{msg}</div>")


def build() -> Site:
    site = Site([HOST, CDN], cookie="cs_sid", personas=PERSONAS,
                not_found=lambda req, e: html(doc("Not found", "<h1>Oops! Page not found</h1>"),
                                              status=404))
    site.state["members"] = {k: list(v) for k, v in MEMBERS.items()}
    site.state["dms"] = {}          # frozenset({a, b}) -> [(from, text)]
    site.state["rooms"] = {k: [("sam_k", "anyone here?"), ("ellie_b", "hiii")] for k in ROOMS}

    def page(req: Request, title: str, inner: str, status: int = 200) -> Response:
        user = site.user(req)
        acct = (f'<a href="/messages">Messages</a><a href="/u/{esc(user.username)}">Me</a>'
                '<form method="post" action="/logout" style="display:inline">'
                '<button>Log out</button></form>'
                if user else '<a href="/login">Log in</a><a href="/signup">Sign up free!</a>')
        body = ('<div class="top"><a href="/">&#128172; ChatSpot</a><a href="/members">Members'
                f'</a><a href="/rooms">Chat rooms</a>{acct}</div>'
                f'<div class="wrap">{inner}</div>'
                '<div class="bottom"><a href="/about">About</a><a href="/help">Help</a>'
                '<a href="/safety-tips">Safety tips</a><a href="/privacy">Privacy</a>'
                '<a href="/#terms" data-open-terms>Terms</a>'
                "<div>&copy; 2025 ChatSpot Ltd</div></div>"
                '<dialog id="terms-dialog"><div class="terms-body"></div>'
                '<form method="dialog"><button>Close</button></form></dialog>'
                f'<script src="http://{CDN}/js/app.js"></script>'
                f'<script src="http://{CDN}/js/consent.js"></script>')
        head = f'<link rel="stylesheet" href="http://{CDN}/css/site.css">'
        return html(doc(f"{title} - ChatSpot", body, head=head), status=status)

    def member_row(name: str) -> list:
        with site.lock:
            return site.state["members"].get(name)

    @site.route("/")
    def home(req: Request):
        online = "".join(_card(n) for n in ["ellie_b", "tom_r", "maya_x", "sam_k"])
        user = site.user(req)
        suggest = ""
        if user:
            with site.lock:
                recs = [(n, r) for n, r in site.state["members"].items()
                        if n != user.username][:6]
            suggest = ("<h2>People you may know</h2><div class='cards'>"
                       + "".join(_card(n, rec=r) for n, r in recs) + "</div>")
        return page(req, "Chat with teens", "<h1>Make new friends! &#10024;</h1>"
                                            "<p>Chat with teens from all over the UK. It's "
                                            "free!</p>" + suggest +
                    f"<h2>Online now</h2><div class='cards'>{online}</div>")

    @site.route("/members")
    def members(req: Request):
        lo, hi, town = (form_value(req, "min_age"), form_value(req, "max_age"),
                        form_value(req, "town").lower())
        with site.lock:
            rows = list(site.state["members"].items())
        out = []
        for name, rec in rows:
            _d, age, t, _b, _f = rec
            if lo.isdigit() and age < int(lo) or hi.isdigit() and age > int(hi):
                continue
            if town and town not in t.lower():
                continue
            out.append(_card(name, rec=rec))
        form = ('<form method="get" class="filters">Age from <input name="min_age" size="2" '
                f'value="{esc(lo)}"> to <input name="max_age" size="2" value="{esc(hi)}"> '
                f'Town <input name="town" value="{esc(town)}"> <button>Find friends</button>'
                "</form>")
        return page(req, "Members", f"<h1>Find friends</h1>{form}"
                                    f"<div class='cards'>{''.join(out)}</div>")

    @site.route("/u/<name>")
    def profile(req: Request, name: str):
        row = member_row(name)
        if row is None:
            raise NotFound()
        disp, age, town, bio, friends = row
        fl = "".join(f'<li><a href="/u/{esc(f)}">{esc(MEMBERS.get(f, (f,))[0])}</a></li>'
                     for f in friends)
        return page(req, disp,
                    f"<h1>{esc(disp)} <small>{age}</small></h1><p>&#128205; {esc(town)}</p>"
                    f"<p>{esc(bio)}</p>"
                    f'<a class="icon" href="/messages/{esc(name)}" aria-label="Send message">'
                    "&#9993;</a>"
                    f'<form method="post" action="/friends/add" style="display:inline">'
                    f'<input type="hidden" name="who" value="{esc(name)}">'
                    '<button aria-label="Add friend">&#10133;</button></form>'
                    f"<h2>Friends ({len(friends)})</h2><ul>{fl}</ul>")

    @site.route("/friends/add", methods=("POST",))
    def add_friend(req: Request):
        user = site.user(req)
        if user is None:
            return redirect("/login")
        who = form_value(req, "who")
        with site.lock:
            if who in site.state["members"] and user.username in site.state["members"]:
                site.state["members"][user.username][4].append(who)
                site.state["members"][who][4].append(user.username)
        return redirect(f"/u/{who}")

    @site.route("/messages")
    def inbox(req: Request):
        user = site.user(req)
        if user is None:
            return redirect("/login?next=/messages")
        with site.lock:
            convs = [(k, v) for k, v in site.state["dms"].items() if user.username in k]
        items = "".join(
            f'<li><a href="/messages/{esc(o)}">{esc(o)}</a>: {esc(v[-1][1])}</li>'
            for k, v in convs for o in k if o != user.username)
        return page(req, "Messages", f"<h1>Messages</h1><ul>{items or '<li>No messages</li>'}"
                                     "</ul>")

    @site.route("/messages/<name>", methods=("GET", "POST"))
    def conversation(req: Request, name: str):
        user = site.user(req)
        if user is None:
            return redirect(f"/login?next=/messages/{name}")
        if member_row(name) is None:
            raise NotFound()
        key = frozenset({user.username, name})
        if req.method == "POST" and form_value(req, "text"):
            with site.lock:
                site.state["dms"].setdefault(key, []).append((user.username,
                                                               form_value(req, "text")))
            return redirect(f"/messages/{name}")
        with site.lock:
            msgs = list(site.state["dms"].get(key, []))
        shown = "".join(f'<div class="msg"><b>{esc(f)}</b>: {esc(t)}</div>' for f, t in msgs)
        return page(req, f"Chat with {name}",
                    f"<h1>Chat with {esc(name)}</h1><div id='conversation'>{shown}</div>"
                    f'<form method="post"><input name="text" id="text" aria-label="Message" '
                    'autocomplete="off"><button aria-label="Send">&#10148;</button></form>')

    @site.route("/rooms")
    def rooms(req: Request):
        items = "".join(f'<li><a href="/rooms/{k}">{esc(v)}</a></li>' for k, v in ROOMS.items())
        return page(req, "Chat rooms", f"<h1>Chat rooms</h1><ul>{items}</ul>")

    @site.route("/rooms/<slug>", methods=("GET", "POST"))
    def room(req: Request, slug: str):
        if slug not in ROOMS:
            raise NotFound()
        user = site.user(req)
        if req.method == "POST":
            if user is None:
                return redirect("/login")
            with site.lock:
                site.state["rooms"][slug].append((user.username, form_value(req, "text")))
            return redirect(f"/rooms/{slug}")
        with site.lock:
            msgs = list(site.state["rooms"][slug])
        shown = "".join(f'<div class="msg"><a href="/u/{esc(f)}">{esc(f)}</a>: {esc(t)}</div>'
                        for f, t in msgs)
        box = ('<form method="post"><input name="text" aria-label="Message">'
               '<button aria-label="Send">&#10148;</button></form>') if user else \
            '<p><a href="/login">Log in</a> to chat</p>'
        return page(req, ROOMS[slug], f"<h1>{esc(ROOMS[slug])}</h1>{shown}{box}")

    @site.route("/signup", methods=("GET", "POST"))
    def signup(req: Request):
        err = ""
        if req.method == "POST":
            name, email, pw = (form_value(req, "username"), form_value(req, "email"),
                               form_value(req, "password"))
            if (name and name not in site.accounts and "@" in email and len(pw) >= 6
                    and form_value(req, "agree") == "on"):
                site.add_account(Account(name, email, pw))
                with site.lock:
                    site.state["members"][name] = [name, 0, form_value(req, "town") or "UK",
                                                   "", []]
                site.session(req)["user"] = name
                return redirect("/welcome")
            err = "<p style='color:red'>Please fill in everything.</p>"
        return page(req, "Sign up", "<h1>Join ChatSpot &#127881;</h1>" + err +
                    '<form method="post" action="/signup">'
                    '<p><label>Username <input name="username"></label></p>'
                    '<p><label>Email <input name="email" type="email"></label></p>'
                    '<p><label>Password <input name="password" type="password"></label></p>'
                    '<p><label>I am <select name="gender"><option>a girl</option>'
                    "<option>a boy</option><option>other</option></select></label></p>"
                    '<p><label>Town <input name="town"></label></p>'
                    '<p><label><input type="checkbox" name="agree"> I agree to the '
                    '<a href="/#terms" data-open-terms>Terms</a></label></p>'
                    "<p><button>Sign up!</button></p></form>")

    @site.route("/welcome")
    def welcome(req: Request):
        return page(req, "Welcome", "<h1>You're in! &#127881;</h1><p>Add your age to your "
                                    "profile so people your age can find you.</p>"
                                    '<p><a href="/members">Find friends</a></p>')

    @site.route("/login", methods=("GET", "POST"))
    def login(req: Request):
        nxt = form_value(req, "next", "/")
        if not nxt.startswith("/") or nxt.startswith("//"):
            nxt = "/"
        err = ""
        if req.method == "POST":
            acct = site.check_login(form_value(req, "username"), req.form.get("password", ""))
            if acct:
                site.session(req)["user"] = acct.username
                return redirect(nxt)
            err = "<p style='color:red'>Wrong username or password</p>"
        return page(req, "Log in", f"<h1>Log in</h1>{err}<form method='post' action='/login'>"
                                   f'<input type="hidden" name="next" value="{esc(nxt)}">'
                                   '<p><label>Username <input name="username"></label></p>'
                                   '<p><label>Password <input name="password" type="password">'
                                   "</label></p><p><button>Log in</button></p></form>",
                    status=401 if err else 200)

    @site.route("/logout", methods=("POST",))
    def logout(req: Request):
        site.session(req).pop("user", None)
        return redirect("/")

    @site.route("/legal/terms-fragment")
    def terms_fragment(req: Request):
        return Response(TERMS_FRAGMENT, content_type="text/html; charset=utf-8")

    @site.route("/about")
    def about(req: Request):
        return page(req, "About", "<h1>About ChatSpot</h1><p>ChatSpot started in 2021 as a "
                                  "place for teens to meet new people. We have over 40,000 "
                                  "members.</p>")

    @site.route("/safety-tips")
    def safety(req: Request):
        return page(req, "Safety tips", "<h1>Safety tips</h1><ul><li>Never share your "
                                        "password.</li><li>Think before you post a photo.</li>"
                                        "<li>Only meet people in real life if you know them."
                                        "</li></ul>")

    @site.route("/privacy")
    def privacy(req: Request):
        return page(req, "Privacy", "<h1>Privacy</h1><p>We store your profile and messages. "
                                    "Your profile (name, age, town, friends) is public.</p>")

    @site.route("/help")
    def help_index(req: Request):
        arts = [("getting-started", "Getting started"), ("profile", "Your profile"),
                ("account-settings", "Account settings and other questions"),
                ("rooms", "Using chat rooms")]
        items = "".join(f'<li><a href="/help/faq/{k}">{esc(t)}</a></li>' for k, t in arts)
        return page(req, "Help", f"<h1>Help</h1><ul>{items}</ul>")

    @site.route("/help/faq/<slug>")
    def faq(req: Request, slug: str):
        bodies = {
            "getting-started": "<p>Sign up, add a photo and start chatting!</p>",
            "profile": "<p>Your profile shows your name, age and town so friends can find "
                       "you.</p>",
            "rooms": "<p>Rooms are open to everyone. Be nice!</p>",
            "account-settings": (
                "<h2>How do I change my password?</h2><p>Go to Me, then Settings.</p>"
                "<h2>Can I change my username?</h2><p>Not at the moment.</p>"
                "<h2>How do I delete my account?</h2><p>Email us from the address you signed "
                "up with.</p><h2>Other questions</h2><p>For anything else, or if someone is "
                "bothering you, you can email safety@chatspot.test with their username and we "
                "will look into it.</p>"),
        }
        if slug not in bodies:
            raise NotFound()
        return page(req, "Help", f"<h1>Help</h1>{bodies[slug]}")

    @site.route("/robots.txt")
    def robots(req: Request):
        return robots_txt(["/admin/"])

    # -- the CDN subdomain --------------------------------------------------------------------
    @site.route("/js/app.js", host=CDN)
    def app_js(req: Request):
        return Response(APP_JS, content_type="application/javascript")

    @site.route("/js/consent.js", host=CDN)
    def consent_js(req: Request):
        return Response(COOKIE_BANNER_JS, content_type="application/javascript")

    @site.route("/css/site.css", host=CDN)
    def css(req: Request):
        return Response(CSS, content_type="text/css")

    return site


SERVICE = Service(
    id="chatspot",
    name="ChatSpot",
    hosts=[HOST, CDN],
    start_url=f"{U}/",
    factory=build,
    row={"service_kind": "chat", "extra_domains": CDN, "likely_accessed_by_children": "true",
         "risk_levels": "grooming=medium", "allow_forms": "true", "accounts": "chatspot",
         "tags": "demo;chat;teens",
         "notes": "Demo: open DMs to children; ages in a public directory; report by email only"},
    personas=PERSONAS,
    description="teen chat; open DMs from anyone; directory with ages; report only by email",
)
