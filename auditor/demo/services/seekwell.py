"""Seekwell: a small general search engine (the search regime, not user-to-user).

Exhibits: a search box with predictive suggestions fetched by script, and a "Report
inappropriate predictions" link under them; a results page where each result's "⋮" button
(aria-label only) opens a script-built menu with "Report this result"; a publicly available
statement that explains how the service protects users (IWF URL List de-indexing, SafeSearch on
by default, predictions filtering, complaints); terms with no minimum age; a cookie-consent
banner that covers the footer until answered.
"""

from __future__ import annotations

import json

from werkzeug.wrappers import Request, Response

from auditor.demo.kit import (
    COOKIE_BANNER_JS,
    Service,
    Site,
    doc,
    esc,
    form_value,
    html,
    new_ref,
    robots_txt,
    sitemap_xml,
)

HOST = "seekwell.test"
U = f"http://{HOST}"

INDEX = [
    ("Quiet Hours Forum - a friendly forum for night workers", "http://www.quietforum.co.uk/",
     "Night shifts, insomnia and quiet hobbies. Reading is open to everyone."),
    ("How to sleep after a night shift", "http://www.quietforum.co.uk/thread/101",
     "Blackout blind, earplugs and a fan for white noise."),
    ("Clearbox - share files safely", "http://www.clearbox.test/",
     "Upload and share files up to 10 MB."),
    ("FileDen - free anonymous file sharing", "http://fileden.test/",
     "No account needed. Files up to 5 MB."),
    ("Stargazing for beginners", "http://astro.example.org/beginners",
     "What you can see with binoculars from a city balcony."),
    ("Bird box plans (free PDF)", "http://diy.example.org/bird-box",
     "Build a bird box from one plank of wood."),
    ("Shipping forecast explained", "http://weather.example.org/shipping-forecast",
     "What Dogger, Fisher and German Bight mean."),
    ("Sourdough for beginners", "http://bake.example.org/sourdough",
     "A starter, flour, water and patience."),
]

SUGGESTIONS = ["sleep after night shift", "sleep tips", "stargazing tonight",
               "shipping forecast", "sourdough starter", "bird box plans", "file sharing free"]

CSS = """
body{margin:0;font:15px/1.5 arial,sans-serif;color:#202124}
.hdr{padding:14px 24px;display:flex;gap:18px;align-items:center;border-bottom:1px solid #eee}
.logo{font-size:26px;color:#1a5fb4;font-weight:bold;text-decoration:none}
.home{text-align:center;margin-top:120px}
.q{width:460px;padding:10px 14px;border:1px solid #ccc;border-radius:22px;font-size:16px}
#suggest{list-style:none;padding:0;width:460px;margin:0 auto;text-align:left}
.res{max-width:640px;margin:0 24px 22px;position:relative}
.res a.t{font-size:19px;color:#1a0dab}
.res .u{color:#006621;font-size:13px}
.more{background:none;border:0;font-size:18px;cursor:pointer}
.menu{position:absolute;right:0;background:#fff;border:1px solid #ccc;padding:6px;z-index:5}
.foot{position:fixed;bottom:0;left:0;right:0;background:#f2f2f2;padding:10px 24px;
 font-size:13px}
.foot a{margin-right:16px;color:#555}
"""

APP_JS = """
(function () {
  var q = document.getElementById('q'), list = document.getElementById('suggest');
  if (q && list) {
    q.addEventListener('input', function () {
      fetch('/complete?q=' + encodeURIComponent(q.value)).then(function (r) {
        return r.json(); }).then(function (items) {
        list.textContent = '';
        items.forEach(function (s) {
          var li = document.createElement('li'); var a = document.createElement('a');
          a.href = '/search?q=' + encodeURIComponent(s); a.textContent = s;
          li.appendChild(a); list.appendChild(li);
        });
        var li = document.createElement('li'); var r = document.createElement('a');
        r.href = '/feedback/predictions?q=' + encodeURIComponent(q.value);
        r.textContent = 'Report inappropriate predictions'; r.className = 'report-pred';
        li.appendChild(r); list.appendChild(li);
      });
    });
  }
  document.querySelectorAll('button.more').forEach(function (b) {
    b.addEventListener('click', function () {
      var open = b.parentNode.querySelector('.menu');
      if (open) { open.remove(); return; }
      var m = document.createElement('div'); m.className = 'menu'; m.setAttribute('role', 'menu');
      var a = document.createElement('a'); a.setAttribute('role', 'menuitem');
      a.href = '/feedback/result?url=' + encodeURIComponent(b.dataset.url);
      a.textContent = 'Report this result';
      m.appendChild(a); b.parentNode.appendChild(m);
    });
  });
})();
"""

STATEMENT = """
<h1>How Seekwell keeps search safe: our publicly available statement</h1>
<p>This statement explains how Seekwell protects people who use our search engine from illegal
content and, for children, from harmful content, as the Online Safety Act 2023 requires.</p>
<h2>Illegal content in search results</h2>
<p>We remove from our index web pages that contain illegal content once we become aware of them.
We de-index every URL on the Internet Watch Foundation (IWF) URL List of child sexual abuse
pages, updated twice a day, and we use automated classifiers to detect and demote likely
illegal content and fraudulent adverts.</p>
<h2>SafeSearch</h2>
<p>SafeSearch is on by default and filters pornography, violence and self-harm content from
results. Signed-out users in the United Kingdom cannot turn it off.</p>
<h2>Search predictions</h2>
<p>We filter predictions that are sexual, hateful, violent or that could lead someone to
self-harm or child sexual abuse material. You can report a prediction with the "Report
inappropriate predictions" link under the suggestions.</p>
<h2>Reporting and complaints</h2>
<p>Use "Report this result" in the menu next to any result, or our
<a href="/feedback/result">reporting form</a>. We review reports within 72 hours. If you
disagree with a decision, or want to complain about how we handle search, use our
<a href="/complaints">complaints form</a>; we reply within 10 working days.</p>
<p><small>Last reviewed: 20 May 2025</small></p>
"""

TERMS = """
<h1>Seekwell Terms of Use</h1>
<p>Seekwell Search Ltd provides a web search engine at seekwell.test.</p>
<h2>Using Seekwell</h2>
<p>You must not use Seekwell for any illegal purpose, to scrape results in bulk or to interfere
with the service. Results come from third-party websites that we do not control.</p>
<h2>Reporting</h2>
<p>To report a result or a search prediction, use the links on the results page. See our
<a href="/about/publicly-available-statement">publicly available statement</a>.</p>
<h2>Complaints</h2>
<p>You can complain about our decisions or appeal them through our
<a href="/complaints">complaints form</a>.</p>
<p><small>Last updated: 20 May 2025</small></p>
"""

RESULT_REASONS = [("child_safety", "Child sexual abuse material"),
                  ("illegal", "Other illegal content"), ("hate", "Hate"),
                  ("self_harm", "Suicide or self-harm"), ("spam", "Scam, spam or malware"),
                  ("other", "Something else")]


def _page(title: str, inner: str, *, status: int = 200, home: bool = False) -> Response:
    hdr = "" if home else ('<div class="hdr"><a class="logo" href="/">Seekwell</a>'
                           '<form action="/search" role="search"><input class="q" id="q" '
                           'name="q" aria-label="Search" autocomplete="off"></form></div>')
    foot = ('<div class="foot"><a href="/about/publicly-available-statement">How search works '
            '(publicly available statement)</a><a href="/terms">Terms</a>'
            '<a href="/privacy">Privacy</a><a href="/feedback/result">Report content</a>'
            '<a href="/complaints">Complaints</a><a href="/contact">Contact</a></div>')
    body = (f"{hdr}{inner}<div style='height:80px'></div>{foot}"
            '<script src="/static/app.js"></script><script src="/static/consent.js"></script>')
    return html(doc(f"{title} - Seekwell", body, css=CSS), status=status)


def build() -> Site:
    site = Site([HOST], cookie="sw_sid",
                not_found=lambda req, e: _page("Not found", "<p>Not found.</p>", status=404))
    site.state["feedback"] = []

    @site.route("/")
    def home(req: Request):
        return _page("Search", '<div class="home"><div class="logo">Seekwell</div>'
                               '<form action="/search" role="search">'
                               '<input class="q" id="q" name="q" aria-label="Search" '
                               'autocomplete="off"> <button>Search</button></form>'
                               '<ul id="suggest"></ul>'
                               "<p>SafeSearch: on</p></div>", home=True)

    @site.route("/static/app.js")
    def app_js(req: Request):
        return Response(APP_JS, content_type="application/javascript")

    @site.route("/static/consent.js")
    def consent_js(req: Request):
        return Response(COOKIE_BANNER_JS, content_type="application/javascript")

    @site.route("/complete")
    def complete(req: Request):
        q = form_value(req, "q").lower()
        items = [s for s in SUGGESTIONS if q and s.startswith(q)][:5]
        return Response(json.dumps(items), content_type="application/json")

    @site.route("/search")
    def search(req: Request):
        q = form_value(req, "q")
        words = [w for w in q.lower().split() if w]
        hits = [r for r in INDEX if words and any(w in (r[0] + r[2]).lower() for w in words)]
        res = "".join(
            f'<div class="res"><a class="t" href="{esc(u)}">{esc(t)}</a>'
            f'<div class="u">{esc(u)}</div><div>{esc(s)}</div>'
            f'<button class="more" aria-label="More options" data-url="{esc(u)}">&#8942;'
            "</button></div>" for t, u, s in hits)
        return _page(f"{q}" if q else "Search",
                     f'<p style="margin:12px 24px">About {len(hits)} results</p>{res}'
                     if q else '<p style="margin:24px">Type something to search.</p>')

    def feedback_form(kind: str, target_name: str, target: str, reasons: list) -> str:
        radios = "".join(f'<div><label><input type="radio" name="reason" value="{k}"> '
                         f"{esc(t)}</label></div>" for k, t in reasons)
        return (f'<form method="post" action="/feedback/{kind}" style="margin:24px">'
                f'<p><label>{esc(target_name)} <input name="target" size="50" '
                f'value="{esc(target)}"></label></p>'
                f"<fieldset><legend>Why are you reporting it?</legend>{radios}</fieldset>"
                '<p><label for="comments">Comments</label><br><textarea id="comments" '
                'name="comments" rows="3" cols="50"></textarea></p>'
                "<p>We review reports within 72 hours. We may remove the result or prediction; "
                "we do not reply to each report.</p>"
                "<p><button>Send</button></p></form>")

    def feedback_post(req: Request, kind: str) -> Response | None:
        if req.method == "POST" and form_value(req, "reason"):
            ref = new_ref("SW")
            with site.lock:
                site.state["feedback"].append({"kind": kind, "ref": ref,
                                               "target": form_value(req, "target"),
                                               "reason": form_value(req, "reason")})
            return _page("Thanks", f'<p style="margin:24px">Thanks, report {ref} received.</p>')
        return None

    @site.route("/feedback/result", methods=("GET", "POST"))
    def feedback_result(req: Request):
        done = feedback_post(req, "result")
        return done or _page("Report a result", '<h1 style="margin:24px">Report a search '
                                                "result</h1>" +
                             feedback_form("result", "Result URL", form_value(req, "url"),
                                           RESULT_REASONS))

    @site.route("/feedback/predictions", methods=("GET", "POST"))
    def feedback_predictions(req: Request):
        done = feedback_post(req, "prediction")
        reasons = [("sexual", "Sexually explicit"), ("hate", "Hateful"),
                   ("violence", "Violent"), ("dangerous", "Dangerous or harmful"),
                   ("other", "Something else")]
        return done or _page("Report predictions", '<h1 style="margin:24px">Report '
                                                   "inappropriate predictions</h1>" +
                             feedback_form("predictions", "What you typed",
                                           form_value(req, "q"), reasons))

    @site.route("/about/publicly-available-statement")
    def statement(req: Request):
        return _page("Publicly available statement", f'<div style="margin:24px;max-width:760px">'
                                                     f"{STATEMENT}</div>")

    @site.route("/terms")
    def terms(req: Request):
        return _page("Terms", f'<div style="margin:24px;max-width:760px">{TERMS}</div>')

    @site.route("/privacy")
    def privacy(req: Request):
        return _page("Privacy", '<div style="margin:24px">We keep search logs for 9 months, '
                                "then anonymise them.</div>")

    @site.route("/contact")
    def contact(req: Request):
        return _page("Contact", '<div style="margin:24px">Seekwell Search Ltd, 40 Castle '
                                "Street, Edinburgh EH2 3BN. hello@seekwell.test</div>")

    @site.route("/complaints", methods=("GET", "POST"))
    def complaints(req: Request):
        if req.method == "POST" and form_value(req, "details"):
            return _page("Complaint received", '<p style="margin:24px">Received. We reply '
                                               "within 10 working days.</p>")
        return _page("Complaints", '<div style="margin:24px"><h1>Complaints and appeals</h1>'
                                   "<p>Complain about a decision we made on a report, appeal a "
                                   "removal of your site from our results, or complain about "
                                   "how we handle search.</p>"
                                   '<form method="post"><textarea name="details" rows="5" '
                                   'cols="50" aria-label="Your complaint"></textarea>'
                                   "<br><button>Send</button></form></div>")

    @site.route("/robots.txt")
    def robots(req: Request):
        return robots_txt(["/admin/"], sitemap=f"{U}/sitemap.xml")

    @site.route("/sitemap.xml")
    def sitemap(req: Request):
        return sitemap_xml([f"{U}/", f"{U}/about/publicly-available-statement", f"{U}/terms",
                            f"{U}/privacy", f"{U}/complaints", f"{U}/feedback/result"])

    return site


SERVICE = Service(
    id="seekwell",
    name="Seekwell",
    hosts=[HOST],
    start_url=f"{U}/",
    factory=build,
    row={"service_kind": "search", "regime": "search", "allow_forms": "true",
         "tags": "demo;search",
         "notes": "Demo: publicly available statement; report predictions and results"},
    description="search engine; publicly available statement; prediction and result reports",
)

