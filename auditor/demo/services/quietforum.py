"""Quiet Hours Forum: a small volunteer-run UK forum that does most things right.

Exhibits: terms and help pages on another subdomain (help.quietforum.co.uk); a footer that only
exists after JavaScript runs on the home page (the raw HTML has an empty ``<footer>``); a
"Report" button on every post that works logged out and leads to a form with categories, free
text and a "what happens next" note; a neutral date-of-birth signup that blocks under-13s and
remembers it; login, sessions, a contact form, a complaints and appeals form; robots.txt that
disallows /admin/ and lists a sitemap.  Semantic HTML throughout.

Private messages between members, with the child-safe default: an account under 18 starts with
"Who can send you private messages?" set to *Nobody* (adults: *Everyone*), so an unconnected
adult's message is refused with "... does not accept private messages" and never reaches the
child.  Visitors see no message button, only "Log in to send ... a private message".
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
    age_on,
    doc,
    esc,
    form_value,
    html,
    new_ref,
    parse_dob,
    redirect,
    robots_txt,
    sitemap_xml,
    text,
)

WWW = "www.quietforum.co.uk"
HELP = "help.quietforum.co.uk"
W = f"http://{WWW}"
H = f"http://{HELP}"

PERSONAS = {
    "adult": Persona("nightowl_test", "nightowl.test@example.org", "Quiet-Adult-2025!", 34),
    "child": Persona("starlight_test", "starlight.test@example.org", "Quiet-Teen-2025!", 14),
}

CSS = """
body{font:16px/1.5 Georgia,serif;margin:0;color:#222;background:#f6f4ef}
header.site{background:#2d3a4a;color:#fff;padding:.6em 1.2em;display:flex;gap:2em;
 align-items:center}
header.site a{color:#fff}
header.site nav ul{list-style:none;display:flex;gap:1.2em;margin:0;padding:0}
main{max-width:46em;margin:1.5em auto;padding:0 1em}
article.post{background:#fff;border:1px solid #ddd;border-radius:4px;padding:.8em 1em;
 margin:0 0 1em}
article.post footer{display:flex;gap:.8em;font-size:.9em;color:#666}
article.post form{display:inline}
footer.site{border-top:1px solid #ccc;margin-top:3em;padding:1em;font-size:.9em;
 text-align:center;min-height:2em}
footer.site ul{list-style:none;display:flex;flex-wrap:wrap;justify-content:center;gap:1.2em;
 padding:0}
.note{background:#eef3f8;border-left:4px solid #2d3a4a;padding:.6em 1em}
.error{color:#a00}
label{display:block;margin:.5em 0 .2em}
fieldset{border:1px solid #ccc;margin:1em 0}
"""

FOOTER_LINKS = [
    ("Terms of service", f"{H}/terms"),
    ("Community guidelines", f"{H}/guidelines"),
    ("Privacy", f"{H}/privacy"),
    ("Complaints & appeals", f"{H}/complaints"),
    ("Report a concern", f"{W}/report"),
    ("Contact us", f"{W}/contact"),
    ("Help centre", f"{H}/"),
]

BOARDS = {
    "night-shifts": ("Night shifts", "For people who work while everyone else sleeps."),
    "cant-sleep": ("Can't sleep", "Company for the small hours, and what helps you rest."),
    "quiet-hobbies": ("Quiet hobbies", "Knitting, stargazing, puzzles, radio, reading."),
    "introductions": ("Introductions", "New here? Say hello."),
}

MEMBERS = {
    "lampwick": "2019-02-11", "harbourlight": "2020-07-30", "moth_and_moon": "2021-01-03",
    "ferrykeeper": "2018-10-21", "dawnchorus": "2022-05-14", "nightowl_test": "2025-01-05",
    "starlight_test": "2025-02-20",
}

THREADS = {
    101: ("night-shifts", "How do you sleep in the day?", [
        (1001, "lampwick", "2025-05-28 03:12",
         "Blackout blind, earplugs and a fan for white noise. Took me a year to sort out."),
        (1002, "harbourlight", "2025-05-28 04:40",
         "Same. I also keep the phone in another room, otherwise I just scroll."),
        (1003, "ferrykeeper", "2025-05-28 05:02",
         "A proper wind-down after a shift helps: tea, a short walk, then bed."),
    ]),
    102: ("night-shifts", "Meal ideas for a 12-hour night", [
        (1004, "dawnchorus", "2025-05-25 01:15",
         "Soup in a flask and something cold for 4am. Avoid a heavy meal at 3."),
        (1005, "lampwick", "2025-05-25 02:01", "Overnight oats for the drive home."),
    ]),
    103: ("cant-sleep", "Anyone else awake? (small hours chat)", [
        (1006, "moth_and_moon", "2025-05-30 02:22", "Three nights in a row now. Say hi."),
        (1007, "harbourlight", "2025-05-30 02:35", "Hi! Listening to the shipping forecast."),
        (1008, "ferrykeeper", "2025-05-30 02:50", "Sailing By is the best lullaby there is."),
    ]),
    104: ("cant-sleep", "What actually helped your insomnia?", [
        (1009, "dawnchorus", "2025-04-18 23:58",
         "Getting up at the same time every day, even weekends. Boring but it works."),
        (1010, "moth_and_moon", "2025-04-19 00:30", "Talking to my GP about it, honestly."),
    ]),
    105: ("quiet-hobbies", "Stargazing from a city balcony", [
        (1011, "ferrykeeper", "2025-05-20 23:10",
         "Saturn is low in the south-east before dawn this month."),
        (1012, "lampwick", "2025-05-21 00:02", "A pair of 10x50 binoculars is plenty to start."),
    ]),
    106: ("quiet-hobbies", "Late-night knitting projects", [
        (1013, "harbourlight", "2025-05-10 22:45", "Socks. Always socks. Easy to pick up."),
    ]),
    107: ("introductions", "Hello from a new night porter", [
        (1014, "dawnchorus", "2025-05-31 03:30",
         "Just started nights at a hotel in Leeds. Glad to find this place."),
        (1015, "lampwick", "2025-05-31 03:41", "Welcome! The night-shifts board is great."),
    ]),
}

REPORT_CATEGORIES = [
    ("illegal", "It's illegal (for example terrorism, fraud, or selling drugs or weapons)"),
    ("child_safety", "It puts a child at risk or sexualises a child"),
    ("intimate_image", "It shares an intimate image of someone without their consent"),
    ("hate", "It's hateful towards people because of who they are"),
    ("harassment", "It's harassing, threatening or bullying someone"),
    ("self_harm", "It encourages suicide, self-harm or eating disorders"),
    ("spam", "It's spam, a scam or advertising"),
    ("other", "Something else"),
]

WHAT_HAPPENS_NEXT = """
<section class="note" aria-labelledby="next-h">
<h2 id="next-h">What happens next</h2>
<ul>
<li>A trained volunteer moderator reviews every report, usually within 24 hours and always
within two working days.</li>
<li>The person you report is <strong>not</strong> told who reported them.</li>
<li>If the post breaks our rules or the law we remove it, and we may suspend the account.
Posts that may be illegal are also passed to the police where needed.</li>
<li>If you leave an email address we will tell you what we decided and how to
<a href="http://help.quietforum.co.uk/complaints">appeal</a> if you disagree.</li>
</ul>
</section>
"""


def _nav(user: Account | None) -> str:
    right = ('<li><a href="/messages">Messages</a></li><li><a href="/settings">Settings</a></li>'
             f'<li><a href="/account">{esc(user.username)}</a></li>'
             '<li><form method="post" action="/logout"><button>Log out</button></form></li>'
             if user else
             '<li><a href="/login">Log in</a></li><li><a href="/signup">Join</a></li>')
    return ('<header class="site"><a href="/" class="brand"><strong>Quiet Hours</strong></a>'
            '<nav aria-label="Main"><ul><li><a href="/boards">Boards</a></li>'
            '<li><a href="/search">Search</a></li>'
            f'<li><a href="{H}/">Help</a></li>{right}</ul></nav></header>')


def _static_footer() -> str:
    items = "".join(f'<li><a href="{u}">{esc(t)}</a></li>' for t, u in FOOTER_LINKS)
    return (f'<footer class="site"><nav aria-label="Footer"><ul>{items}</ul></nav>'
            "<p>&copy; 2025 Quiet Hours Forum CIC</p></footer>")


FOOTER_JS = """// Footer built after load (a reader of the raw HTML sees an empty <footer>).
document.addEventListener('DOMContentLoaded', function () {
  var links = __LINKS__;
  var footer = document.getElementById('site-footer');
  var nav = document.createElement('nav');
  nav.setAttribute('aria-label', 'Footer');
  var ul = document.createElement('ul');
  links.forEach(function (l) {
    var li = document.createElement('li');
    var a = document.createElement('a');
    a.href = l[1]; a.textContent = l[0];
    li.appendChild(a); ul.appendChild(li);
  });
  nav.appendChild(ul); footer.appendChild(nav);
  var p = document.createElement('p');
  p.textContent = '\\u00a9 2025 Quiet Hours Forum CIC';
  footer.appendChild(p);
});
""".replace("__LINKS__", json.dumps(FOOTER_LINKS))

LATEST_JS = """// The 'latest discussions' list is fetched after load.
fetch('/api/latest').then(function (r) { return r.json(); }).then(function (items) {
  var ol = document.getElementById('latest');
  ol.textContent = '';
  items.forEach(function (t) {
    var li = document.createElement('li');
    var a = document.createElement('a');
    a.href = '/thread/' + t.id; a.textContent = t.title;
    li.appendChild(a);
    li.appendChild(document.createTextNode(' \\u2014 ' + t.replies + ' replies'));
    ol.appendChild(li);
  });
});
"""


def _page(site: Site, req: Request, title: str, main: str, *, js_footer: bool = False,
          status: int = 200) -> Response:
    footer = ('<footer class="site" id="site-footer"></footer>'
              '<script src="/static/footer.js"></script>') if js_footer else _static_footer()
    body = f'{_nav(site.user(req))}<main id="content">{main}</main>{footer}'
    return html(doc(f"{title} | Quiet Hours Forum", body, css=CSS), status=status)


def _help_page(title: str, main: str, status: int = 200) -> Response:
    nav = ('<header class="site"><a href="/" class="brand"><strong>Quiet Hours Help</strong>'
           f'</a><nav aria-label="Main"><ul><li><a href="{W}/">Back to the forum</a></li>'
           '<li><a href="/terms">Terms</a></li><li><a href="/guidelines">Guidelines</a></li>'
           '<li><a href="/reporting">Reporting</a></li></ul></nav></header>')
    body = f'{nav}<main id="content">{main}</main>{_static_footer()}'
    return html(doc(f"{title} | Quiet Hours Help", body, css=CSS), status=status)


TERMS = f"""
<article>
<h1>Terms of service</h1>
<p>These terms are an agreement between you and Quiet Hours Forum CIC, a community interest
company registered in England and Wales (company number 11223344), which runs the Quiet Hours
Forum at www.quietforum.co.uk. By creating an account or posting you accept these terms and our
<a href="/guidelines">community guidelines</a>, which form part of them.</p>

<h2 id="age">1. Who can use Quiet Hours</h2>
<p>You must be at least 13 years old to create an account or to post on Quiet Hours. If you
are under 18, please make sure a parent or carer knows you use the forum. We ask for your date
of birth when you join and we close accounts that belong to anyone under 13.</p>

<h2 id="illegal">2. Illegal content is not allowed</h2>
<p>You must not use Quiet Hours to post, share or link to illegal content, or to plan, encourage
or take part in illegal activity. This includes in particular:</p>
<ul>
<li>terrorist content, or content that encourages or glorifies terrorism;</li>
<li>child sexual exploitation and abuse (CSEA), including child sexual abuse material and
grooming a child;</li>
<li>intimate image abuse: sharing, or threatening to share, intimate images of someone without
their consent;</li>
<li>hate speech that stirs up hatred on grounds of race, religion, sexual orientation,
disability or gender identity;</li>
<li>harassment, stalking and threats of violence;</li>
<li>fraud and scams, including fake offers and phishing;</li>
<li>encouraging or assisting suicide or serious self-harm;</li>
<li>selling or supplying drugs, weapons or other illegal goods.</li>
</ul>
<p>Pornography and other sexually explicit material are not allowed anywhere on Quiet
Hours.</p>

<h2 id="protection">3. How we protect you from illegal content</h2>
<p>Our volunteer moderators are trained to recognise illegal content and review every report we
receive. We also use automated tools (proactive technology) that check new posts and links as
they are submitted and hold anything that looks like spam, a scam or likely illegal content for
a moderator to check before it is published. When we find illegal content we remove it quickly,
suspend or ban the accounts involved and, where the law requires or a person may be at risk, we
report it to the police or the relevant authority. Moderators can see a post's history and
remove a whole thread at once.</p>

<h2 id="reporting">4. How to report content or a user</h2>
<p>Every post has a <strong>Report</strong> button. You do not need an account to use it. You
can also use our <a href="{W}/report">report form</a> to tell us about a user, a private
concern or anything else. Choose what is wrong, add any details, and send it; a moderator will
review it, usually within 24 hours. We never tell the person you reported who made the report.
Read more in <a href="/reporting">how reporting works</a>.</p>

<h2 id="complaints">5. Complaints and appeals</h2>
<p>If you think we got a decision wrong, for example we removed your post, suspended your
account, or did not act on your report, you can appeal. You can also complain about how we run
the forum or how we handle reports. Use our <a href="/complaints">complaints and appeals
form</a> within 28 days of the decision. A different moderator from the one who made the
decision will look at it and we will reply within five working days, telling you the outcome
and the reasons for it.</p>

<h2 id="account">6. Your account</h2>
<p>Keep your password to yourself. You are responsible for what is posted from your account. You
can delete your account at any time from your account page. We may suspend or close accounts
that break these terms; we will tell you why, and you can appeal.</p>

<h2 id="content">7. Your posts</h2>
<p>You keep the rights in what you post. You give us permission to show it on the forum. Do not
post other people's personal information without their permission.</p>

<h2 id="changes">8. Changes to these terms</h2>
<p>We will post any change here and announce it on the forum at least 14 days before it takes
effect.</p>

<h2 id="contact">9. Contact</h2>
<p>Write to us through our <a href="{W}/contact">contact page</a>, by email at
support@quietforum.co.uk, or by post at Quiet Hours Forum CIC, 12 Harbour Street, Whitby,
YO21 3PA, United Kingdom. These terms are governed by the law of England and Wales.</p>

<p class="updated"><small>Last updated: 14 March 2025</small></p>
</article>
"""

GUIDELINES = """
<article>
<h1>Community guidelines</h1>
<p>Quiet Hours is a calm place for people who are awake when most others are asleep. These
guidelines are part of our <a href="/terms">terms of service</a>.</p>
<h2>Be kind</h2>
<p>No bullying, name-calling or pile-ons. Disagree with ideas, not people. Do not harass or
follow anyone around the forum.</p>
<h2>Keep each other safe</h2>
<ul>
<li>Do not post content that promotes or glorifies suicide, self-harm or eating disorders. You
are welcome to talk about how you feel: if you are struggling, Samaritans are there day and
night on 116 123.</li>
<li>No hateful content about anyone's race, religion, disability, sexuality or gender.</li>
<li>No graphic violence or gore.</li>
<li>Do not share personal contact details, and never ask a younger member to move to a private
app.</li>
<li>No sexual content. Quiet Hours is for everyone aged 13 and over.</li>
</ul>
<h2>No selling</h2>
<p>No advertising, affiliate links or spam, and no selling of drugs, medicines or alcohol.</p>
<h2>If you see something wrong</h2>
<p>Use the Report button on the post. See <a href="/reporting">how reporting works</a>.</p>
</article>
"""

PRIVACY = """
<article>
<h1>Privacy notice</h1>
<p>Quiet Hours Forum CIC is the controller of your personal data. We collect your username,
email address and date of birth when you join, what you post, and basic logs (IP address,
browser) kept for 30 days to protect the forum from abuse.</p>
<p>We use your date of birth only to check you are old enough to join. We do not sell your data
or show adverts. Reports you send are seen only by moderators.</p>
<p>You can ask for a copy of your data or ask us to delete it by writing to
privacy@quietforum.co.uk. You can complain to the Information Commissioner's Office.</p>
<p><small>Last updated: 2 February 2025</small></p>
</article>
"""

REPORTING_HELP = f"""
<article>
<h1>How reporting works</h1>
<ol>
<li>Press <strong>Report</strong> under any post (no account needed), or open the
<a href="{W}/report">report form</a>.</li>
<li>Choose what is wrong: illegal content, a child at risk, an intimate image shared without
consent, hate, harassment or bullying, suicide or self-harm, spam, or something else.</li>
<li>Add details if you can, and an email address if you want to hear back.</li>
</ol>
<p>A moderator reviews every report within two working days. The person you report is not told
who reported them. If you disagree with what we decided you can
<a href="/complaints">appeal</a>.</p>
</article>
"""


def build() -> Site:
    site = Site([WWW, HELP], cookie="qh_session", personas=PERSONAS,
                not_found=lambda req, e: _page(site, req, "Page not found",
                                               "<h1>Page not found</h1>"
                                               '<p><a href="/">Back to the forum</a></p>',
                                               status=404))
    site.state.update(reports=[], complaints=[], messages=[],
                      threads={k: (b, t, list(p)) for k, (b, t, p) in THREADS.items()},
                      next_post=2000, next_thread=200)
    for name, joined in MEMBERS.items():
        site.state.setdefault("joined", {})[name] = joined
    for persona in PERSONAS.values():
        site.state["joined"].setdefault(persona.username, "2025-05-12")
    site.state.update(pms=[], pm_setting={})

    def pm_setting(acct: Account) -> str:
        """everyone | nobody: under-18 accounts start at nobody."""
        default = "nobody" if acct.age is not None and acct.age < 18 else "everyone"
        return site.state["pm_setting"].get(acct.username, default)

    # -- www: the forum -------------------------------------------------------------------
    @site.route("/")
    def home(req: Request):
        boards = "".join(f'<li><a href="/board/{slug}">{esc(t)}</a> &mdash; {esc(d)}</li>'
                         for slug, (t, d) in BOARDS.items())
        main = ("<h1>Welcome to Quiet Hours</h1>"
                "<p>A friendly forum for night workers, insomniacs and anyone awake in the small"
                " hours. Reading is open to everyone; join to post.</p>"
                f'<section><h2>Boards</h2><ul class="boards">{boards}</ul></section>'
                '<section><h2>Latest discussions</h2><ol id="latest"><li>Loading&hellip;</li>'
                '</ol></section><script src="/static/latest.js"></script>')
        return _page(site, req, "Home", main, js_footer=True)

    @site.route("/static/footer.js")
    def footer_js(req: Request):
        return text(FOOTER_JS, content_type="application/javascript; charset=utf-8")

    @site.route("/static/latest.js")
    def latest_js(req: Request):
        return text(LATEST_JS, content_type="application/javascript; charset=utf-8")

    @site.route("/api/latest")
    def api_latest(req: Request):
        with site.lock:
            items = [{"id": tid, "title": t, "replies": len(posts) - 1}
                     for tid, (_b, t, posts) in site.state["threads"].items()]
        items.sort(key=lambda x: -x["id"])
        return Response(json.dumps(items[:5]), content_type="application/json")

    @site.route("/boards")
    def boards(req: Request):
        items = "".join(f'<li><a href="/board/{slug}">{esc(t)}</a><p>{esc(d)}</p></li>'
                        for slug, (t, d) in BOARDS.items())
        return _page(site, req, "Boards", f"<h1>Boards</h1><ul>{items}</ul>")

    @site.route("/board/<slug>")
    def board(req: Request, slug: str):
        if slug not in BOARDS:
            raise NotFound()
        title, desc = BOARDS[slug]
        with site.lock:
            rows = [(tid, t, posts) for tid, (b, t, posts) in site.state["threads"].items()
                    if b == slug]
        items = "".join(f'<li><a href="/thread/{tid}">{esc(t)}</a> by '
                        f'<a href="/members/{esc(posts[0][1])}">{esc(posts[0][1])}</a>'
                        f" &middot; {len(posts) - 1} replies</li>" for tid, t, posts in rows)
        new = '<p><a href="/new?board=' + slug + '">Start a new discussion</a></p>'
        return _page(site, req, title, f"<h1>{esc(title)}</h1><p>{esc(desc)}</p>{new}"
                                       f"<ul class='threads'>{items}</ul>")

    @site.route("/thread/<int:tid>")
    def thread(req: Request, tid: int):
        with site.lock:
            if tid not in site.state["threads"]:
                raise NotFound()
            slug, title, posts = site.state["threads"][tid]
            posts = list(posts)
        arts = []
        for pid, author, when, body in posts:
            arts.append(
                f'<article class="post" id="post-{pid}"><header><a href="/members/{esc(author)}"'
                f'>{esc(author)}</a> <time datetime="{esc(when.replace(" ", "T"))}">'
                f"{esc(when)}</time></header><p>{esc(body)}</p><footer>"
                f'<a href="/thread/{tid}/reply?quote={pid}">Quote</a>'
                '<form method="get" action="/report">'
                f'<input type="hidden" name="post" value="{pid}">'
                f'<button type="submit" aria-label="Report post by {esc(author)}">Report</button>'
                "</form></footer></article>")
        reply = (f'<form method="post" action="/thread/{tid}/reply"><label for="body">Reply'
                 '</label><textarea id="body" name="body" rows="4" cols="60"></textarea>'
                 '<button type="submit">Post reply</button></form>'
                 if site.user(req) else
                 '<p><a href="/login">Log in</a> or <a href="/signup">join</a> to reply.</p>')
        crumbs = (f'<nav aria-label="Breadcrumb"><a href="/boards">Boards</a> &rsaquo; '
                  f'<a href="/board/{slug}">{esc(BOARDS[slug][0])}</a></nav>')
        return _page(site, req, title,
                     f"{crumbs}<h1>{esc(title)}</h1>{''.join(arts)}{reply}")

    @site.route("/thread/<int:tid>/reply", methods=("GET", "POST"))
    def reply(req: Request, tid: int):
        user = site.user(req)
        if user is None:
            return redirect(f"/login?next=/thread/{tid}")
        if req.method == "GET":
            return redirect(f"/thread/{tid}")
        body = form_value(req, "body")
        with site.lock:
            if tid not in site.state["threads"]:
                raise NotFound()
            if body:
                site.state["next_post"] += 1
                site.state["threads"][tid][2].append(
                    (site.state["next_post"], user.username, "2025-06-01 02:00", body))
        return redirect(f"/thread/{tid}")

    @site.route("/new", methods=("GET", "POST"))
    def new_thread(req: Request):
        user = site.user(req)
        if user is None:
            return redirect("/login?next=/new")
        if req.method == "POST":
            board_slug, title, body = (form_value(req, "board"), form_value(req, "title"),
                                       form_value(req, "body"))
            if board_slug in BOARDS and title and body:
                with site.lock:
                    site.state["next_thread"] += 1
                    site.state["next_post"] += 1
                    tid = site.state["next_thread"]
                    site.state["threads"][tid] = (board_slug, title, [
                        (site.state["next_post"], user.username, "2025-06-01 02:00", body)])
                return redirect(f"/thread/{tid}")
        opts = "".join(f'<option value="{s}">{esc(t)}</option>' for s, (t, _) in BOARDS.items())
        return _page(site, req, "New discussion",
                     '<h1>Start a discussion</h1><form method="post">'
                     f'<label for="board">Board</label><select id="board" name="board">{opts}'
                     '</select><label for="title">Title</label><input id="title" name="title">'
                     '<label for="body">Message</label><textarea id="body" name="body"></textarea>'
                     '<button type="submit">Post</button></form>')

    @site.route("/members/<name>")
    def member(req: Request, name: str):
        joined = site.state["joined"].get(name)
        if joined is None:
            raise NotFound()
        with site.lock:
            count = sum(1 for _b, _t, posts in site.state["threads"].values()
                        for p in posts if p[1] == name)
        return _page(site, req, name,
                     f"<h1>{esc(name)}</h1><dl><dt>Member since</dt><dd>{esc(joined)}</dd>"
                     f"<dt>Posts</dt><dd>{count}</dd></dl>" + pm_line(req, name))

    def pm_line(req: Request, name: str) -> str:
        user = site.user(req)
        if user is None:
            return (f'<p><a href="/login?next=/members/{esc(name)}">Log in</a> to send '
                    f"{esc(name)} a private message.</p>")
        if user.username == name:
            return '<p><a href="/settings">Your settings</a></p>'
        return (f'<p><a class="button" href="/messages/new?to={esc(name)}">Send private '
                "message</a></p>")

    @site.route("/messages")
    @site.members_only
    def inbox(req: Request, user: Account):
        with site.lock:
            mine = [m for m in site.state["pms"] if m["to"] == user.username]
        items = "".join(f'<li><article><h2>From <a href="/members/{esc(m["from"])}">'
                        f'{esc(m["from"])}</a></h2><p>{esc(m["text"])}</p></article></li>'
                        for m in reversed(mine))
        return _page(site, req, "Private messages",
                     "<h1>Private messages</h1>"
                     '<p><a href="/messages/new">New message</a></p>'
                     + (f"<ul>{items}</ul>" if items else "<p>No private messages yet.</p>"))

    def compose(to: str = "", problem: str = "") -> str:
        return ("<h1>New private message</h1>" + problem +
                '<form method="post" action="/messages/new">'
                f'<label for="to">To (username)</label><input id="to" name="to" '
                f'value="{esc(to)}">'
                '<label for="text">Message</label><textarea id="text" name="text" rows="5">'
                '</textarea><button type="submit">Send</button></form>')

    @site.route("/messages/new", methods=("GET", "POST"))
    @site.members_only
    def new_message(req: Request, user: Account):
        to = form_value(req, "to")
        if req.method == "GET":
            return _page(site, req, "New private message", compose(to))
        text = form_value(req, "text")
        target = site.accounts.get(to)
        if target is None or not text:
            problem = ('<p class="error" role="alert">'
                       + ("Write a message first." if target else "There is no member called "
                          f"{esc(to)}.") + "</p>")
            return _page(site, req, "New private message", compose(to, problem), status=400)
        if target.username != user.username and pm_setting(target) == "nobody":
            return _page(site, req, "Message not sent",
                         '<h1>Message not sent</h1><p class="error" role="alert">'
                         f"{esc(to)} does not accept private messages.</p>"
                         f'<p><a href="/members/{esc(to)}">Back to {esc(to)}</a></p>',
                         status=403)
        with site.lock:
            site.state["pms"].append({"from": user.username, "to": target.username,
                                      "text": text})
        return _page(site, req, "Message sent",
                     f"<h1>Message sent to {esc(to)}</h1><blockquote>{esc(text)}</blockquote>"
                     '<p><a href="/messages">Your messages</a></p>')

    @site.route("/settings", methods=("GET", "POST"))
    @site.members_only
    def settings(req: Request, user: Account):
        saved = ""
        if req.method == "POST" and form_value(req, "pm") in ("everyone", "nobody"):
            site.state["pm_setting"][user.username] = form_value(req, "pm")
            saved = '<p role="status">Your settings are saved.</p>'
        now = pm_setting(user)
        radios = "".join(
            f'<label><input type="radio" name="pm" value="{v}"'
            f'{" checked" if v == now else ""}> {label}</label>'
            for v, label in (("everyone", "Everyone"), ("nobody", "Nobody")))
        teen = ("<p>Because you are under 18, nobody can send you private messages until you "
                "change this.</p>" if user.age is not None and user.age < 18 else "")
        return _page(site, req, "Settings",
                     f"<h1>Settings</h1>{saved}<form method=\"post\" action=\"/settings\">"
                     "<fieldset><legend>Who can send you private messages?</legend>"
                     f"{radios}</fieldset>{teen}<button type=\"submit\">Save</button></form>")

    @site.route("/search")
    def search(req: Request):
        q = form_value(req, "q")
        results = ""
        if q:
            with site.lock:
                hits = [(tid, t) for tid, (_b, t, posts) in site.state["threads"].items()
                        if q.lower() in t.lower()
                        or any(q.lower() in p[3].lower() for p in posts)]
            results = ("<ul>" + "".join(f'<li><a href="/thread/{tid}">{esc(t)}</a></li>'
                                        for tid, t in hits) + "</ul>") if hits else \
                f"<p>No discussions match &ldquo;{esc(q)}&rdquo;.</p>"
        return _page(site, req, "Search",
                     '<h1>Search the forum</h1><form method="get" role="search">'
                     '<label for="q">Search</label>'
                     f'<input id="q" name="q" type="search" value="{esc(q)}">'
                     f'<button type="submit">Search</button></form>{results}')

    # -- reporting --------------------------------------------------------------------------
    @site.route("/report", methods=("GET", "POST"))
    def report(req: Request):
        post_id = form_value(req, "post")
        about = ""
        if post_id.isdigit():
            with site.lock:
                for tid, (_b, t, posts) in site.state["threads"].items():
                    for p in posts:
                        if str(p[0]) == post_id:
                            about = (f'<p>You are reporting <a href="/thread/{tid}#post-{p[0]}">'
                                     f"a post by {esc(p[1])}</a> in &ldquo;{esc(t)}&rdquo;.</p>")
        error = ""
        if req.method == "POST":
            cat = form_value(req, "category")
            if cat in dict(REPORT_CATEGORIES):
                ref = new_ref("QH")
                with site.lock:
                    site.state["reports"].append({"ref": ref, "post": post_id, "category": cat,
                                                  "details": form_value(req, "details"),
                                                  "email": form_value(req, "email")})
                return _page(site, req, "Report sent",
                             f"<h1>Thank you: your report has been sent</h1>"
                             f"<p>Your reference is <strong>{ref}</strong>.</p>"
                             f"{WHAT_HAPPENS_NEXT}<p>Not happy with how we handle it? "
                             f'<a href="{H}/complaints">Complaints and appeals</a>.</p>')
            error = '<p class="error" role="alert">Please choose what is wrong.</p>'
        radios = "".join(f'<label><input type="radio" name="category" value="{v}"> {esc(t)}'
                         "</label>" for v, t in REPORT_CATEGORIES)
        main = (f"<h1>Report a concern</h1>{about}{error}"
                '<form method="post" action="/report">'
                f'<input type="hidden" name="post" value="{esc(post_id)}">'
                f"<fieldset><legend>What's wrong?</legend>{radios}</fieldset>"
                '<label for="details">Tell us more (optional)</label>'
                '<textarea id="details" name="details" rows="5" cols="60"></textarea>'
                '<label for="email">Your email, if you want to hear the outcome (optional)</label>'
                '<input id="email" name="email" type="email">'
                f"{WHAT_HAPPENS_NEXT}"
                '<button type="submit">Send report</button></form>')
        return _page(site, req, "Report a concern", main)

    # -- accounts ---------------------------------------------------------------------------
    def signup_form(error: str = "", values: dict | None = None) -> str:
        v = values or {}
        months = "".join(f'<option value="{i}">{m}</option>' for i, m in enumerate(
            ["January", "February", "March", "April", "May", "June", "July", "August",
             "September", "October", "November", "December"], start=1))
        return ("<h1>Join Quiet Hours</h1>" + error +
                '<form method="post" action="/signup" novalidate>'
                '<label for="username">Username</label>'
                f'<input id="username" name="username" autocomplete="username" '
                f'value="{esc(v.get("username", ""))}">'
                '<label for="email">Email</label>'
                f'<input id="email" name="email" type="email" value="{esc(v.get("email", ""))}">'
                '<label for="password">Password</label>'
                '<input id="password" name="password" type="password"'
                ' autocomplete="new-password">'
                "<fieldset><legend>Date of birth</legend>"
                '<label for="dob-day">Day</label>'
                '<input id="dob-day" name="dob_day" inputmode="numeric" size="2">'
                '<label for="dob-month">Month</label>'
                f'<select id="dob-month" name="dob_month"><option value=""></option>{months}'
                "</select>"
                '<label for="dob-year">Year</label>'
                '<input id="dob-year" name="dob_year" inputmode="numeric" size="4">'
                "</fieldset>"
                '<label><input type="checkbox" name="accept_terms" value="yes"> I agree to the '
                f'<a href="{H}/terms">terms of service</a> and '
                f'<a href="{H}/guidelines">community guidelines</a></label>'
                '<button type="submit">Create account</button></form>'
                '<p>Already a member? <a href="/login">Log in</a></p>')

    blocked_page = ("<h1>We can't create your account</h1>"
                    "<p>Sorry, you can't join Quiet Hours at the moment. You can still read the "
                    'boards without an account. <a href="/">Back to the forum</a></p>')

    @site.route("/signup", methods=("GET", "POST"))
    def signup(req: Request):
        sess = site.session(req)
        if sess.get("underage") or req.cookies.get("qh_ua") == "1":
            return _page(site, req, "Join", blocked_page)
        if req.method == "GET":
            return _page(site, req, "Join", signup_form())
        vals = {k: form_value(req, k) for k in ("username", "email")}
        dob = parse_dob(form_value(req, "dob_day"), form_value(req, "dob_month"),
                        form_value(req, "dob_year"))
        problems = []
        if not vals["username"] or vals["username"] in site.accounts:
            problems.append("Choose a username that isn't taken.")
        if "@" not in vals["email"]:
            problems.append("Enter a valid email address.")
        if len(form_value(req, "password")) < 8:
            problems.append("Use a password of at least 8 characters.")
        if dob is None or age_on(dob) > 120 or age_on(dob) < 0:
            problems.append("Enter your date of birth.")
        if form_value(req, "accept_terms") != "yes":
            problems.append("You need to agree to the terms to join.")
        if problems:
            err = ('<ul class="error" role="alert">' +
                   "".join(f"<li>{esc(p)}</li>" for p in problems) + "</ul>")
            return _page(site, req, "Join", signup_form(err, vals), status=400)
        if age_on(dob) < 13:
            sess["underage"] = True
            resp = _page(site, req, "Join", blocked_page)
            resp.set_cookie("qh_ua", "1", max_age=90 * 86400, httponly=True, samesite="Lax")
            return resp
        acct = site.add_account(Account(vals["username"], vals["email"],
                                        form_value(req, "password"), dob, verified=False))
        site.state["joined"][acct.username] = "2025-06-01"
        sess["user"] = acct.username
        return _page(site, req, "Check your email",
                     "<h1>Check your email</h1>"
                     f"<p>We have sent a link to {esc(acct.email)}. Open it to confirm your "
                     "account before you post.</p>")

    @site.route("/login", methods=("GET", "POST"))
    def login(req: Request):
        nxt = form_value(req, "next", "/")
        if not nxt.startswith("/") or nxt.startswith("//"):
            nxt = "/"
        error = ""
        if req.method == "POST":
            acct = site.check_login(form_value(req, "login"), req.form.get("password", ""))
            if acct:
                site.session(req)["user"] = acct.username
                return redirect(nxt)
            error = '<p class="error" role="alert">That username or password is not right.</p>'
        return _page(site, req, "Log in",
                     f"<h1>Log in</h1>{error}<form method=\"post\" action=\"/login\">"
                     f'<input type="hidden" name="next" value="{esc(nxt)}">'
                     '<label for="login">Username or email</label>'
                     '<input id="login" name="login" autocomplete="username">'
                     '<label for="password">Password</label>'
                     '<input id="password" name="password" type="password"'
                     ' autocomplete="current-password">'
                     '<button type="submit">Log in</button></form>'
                     '<p>New here? <a href="/signup">Join Quiet Hours</a></p>',
                     status=401 if error else 200)

    @site.route("/logout", methods=("POST",))
    def logout(req: Request):
        site.session(req).pop("user", None)
        return redirect("/")

    @site.route("/account")
    def account(req: Request):
        user = site.user(req)
        if user is None:
            return redirect("/login?next=/account")
        return _page(site, req, "Your account",
                     f"<h1>Your account</h1><dl><dt>Username</dt><dd>{esc(user.username)}</dd>"
                     f"<dt>Email</dt><dd>{esc(user.email)}</dd></dl>"
                     '<form method="post" action="/logout"><button>Log out</button></form>')

    @site.route("/contact", methods=("GET", "POST"))
    def contact(req: Request):
        if req.method == "POST" and form_value(req, "message"):
            with site.lock:
                site.state["messages"].append(form_value(req, "message"))
            return _page(site, req, "Message sent",
                         "<h1>Thanks, we got your message</h1><p>We reply within five working "
                         "days.</p>")
        return _page(site, req, "Contact us",
                     "<h1>Contact us</h1>"
                     "<p>To report a post use its Report button or our "
                     '<a href="/report">report form</a>. For anything else:</p>'
                     "<address>Quiet Hours Forum CIC<br>12 Harbour Street<br>Whitby<br>YO21 3PA"
                     "<br>United Kingdom<br>Email: support@quietforum.co.uk<br>"
                     "Phone: 01947 600 123 (weekdays 10:00&ndash;16:00)</address>"
                     '<form method="post" action="/contact">'
                     '<label for="c-email">Your email</label>'
                     '<input id="c-email" name="email" type="email">'
                     '<label for="c-msg">Message</label>'
                     '<textarea id="c-msg" name="message" rows="5" cols="60"></textarea>'
                     '<button type="submit">Send</button></form>')

    @site.route("/admin/")
    @site.route("/admin/<path:rest>")
    def admin(req: Request, rest: str = ""):
        return _page(site, req, "Moderators only", "<h1>Moderators only</h1>", status=403)

    @site.route("/robots.txt")
    def robots(req: Request):
        return robots_txt(["/admin/"], sitemap=f"{W}/sitemap.xml")

    @site.route("/sitemap.xml")
    def sitemap(req: Request):
        urls = [f"{W}/", f"{W}/boards", f"{W}/search", f"{W}/report", f"{W}/contact",
                f"{W}/signup", f"{W}/login"]
        urls += [f"{W}/board/{s}" for s in BOARDS] + [f"{W}/thread/{t}" for t in THREADS]
        return sitemap_xml(urls)

    # -- help: terms and help pages -----------------------------------------------------------
    @site.route("/", host=HELP)
    def help_home(req: Request):
        return _help_page("Help centre",
                          "<h1>Help centre</h1><ul>"
                          '<li><a href="/terms">Terms of service</a></li>'
                          '<li><a href="/guidelines">Community guidelines</a></li>'
                          '<li><a href="/privacy">Privacy notice</a></li>'
                          '<li><a href="/reporting">How reporting works</a></li>'
                          '<li><a href="/complaints">Complaints and appeals</a></li>'
                          "</ul>")

    @site.route("/terms", host=HELP)
    def terms(req: Request):
        return _help_page("Terms of service", TERMS)

    @site.route("/guidelines", host=HELP)
    def guidelines(req: Request):
        return _help_page("Community guidelines", GUIDELINES)

    @site.route("/privacy", host=HELP)
    def privacy(req: Request):
        return _help_page("Privacy notice", PRIVACY)

    @site.route("/reporting", host=HELP)
    def reporting_help(req: Request):
        return _help_page("How reporting works", REPORTING_HELP)

    @site.route("/complaints", methods=("GET", "POST"), host=HELP)
    def complaints(req: Request):
        if req.method == "POST" and form_value(req, "details"):
            ref = new_ref("QC")
            with site.lock:
                site.state["complaints"].append({"ref": ref, "kind": form_value(req, "kind"),
                                                 "details": form_value(req, "details")})
            return _help_page("Complaint received",
                              f"<h1>We have your complaint</h1><p>Reference <strong>{ref}"
                              "</strong>. A moderator who was not involved in the decision will "
                              "reply within five working days.</p>")
        return _help_page(
            "Complaints and appeals",
            "<h1>Complaints and appeals</h1>"
            "<p>Use this form to appeal a decision we made about your post or account, to tell"
            " us we did not act on a report, or to complain about how we run Quiet Hours. "
            "Please send it within 28 days of the decision. Someone not involved in the "
            "original decision will review it and reply within five working days.</p>"
            '<form method="post" action="/complaints">'
            "<fieldset><legend>What is it about?</legend>"
            '<label><input type="radio" name="kind" value="appeal_removal"> Appeal: my post '
            "was removed</label>"
            '<label><input type="radio" name="kind" value="appeal_account"> Appeal: my account'
            " was suspended</label>"
            '<label><input type="radio" name="kind" value="report_handling"> You did not act on'
            " my report</label>"
            '<label><input type="radio" name="kind" value="other"> Another complaint</label>'
            "</fieldset>"
            '<label for="ref">Report or decision reference (if you have one)</label>'
            '<input id="ref" name="ref">'
            '<label for="details">What happened</label>'
            '<textarea id="details" name="details" rows="6" cols="60"></textarea>'
            '<label for="cemail">Your email</label><input id="cemail" name="email" type="email">'
            '<button type="submit">Send</button></form>')

    @site.route("/robots.txt", host=HELP)
    def help_robots(req: Request):
        return robots_txt([], sitemap=f"{H}/sitemap.xml")

    @site.route("/sitemap.xml", host=HELP)
    def help_sitemap(req: Request):
        return sitemap_xml([f"{H}/", f"{H}/terms", f"{H}/guidelines", f"{H}/privacy",
                            f"{H}/reporting", f"{H}/complaints"])

    return site


SERVICE = Service(
    id="quietforum",
    name="Quiet Hours Forum",
    hosts=[WWW, HELP],
    start_url=f"{W}/",
    factory=build,
    row={"service_kind": "forum", "size_band": "under_700k",
         "likely_accessed_by_children": "true", "regime": "u2u", "allow_forms": "true",
         "accounts": "quietforum", "tags": "demo;forum",
         "notes": "Demo: terms on help subdomain; footer built by JavaScript"},
    personas=PERSONAS,
    description="small UK forum; terms on a help subdomain; JS-built footer; logged-out reports",
)
