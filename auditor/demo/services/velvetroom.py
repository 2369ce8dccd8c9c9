"""Velvet Room: an adult video site behind a self-declaration click-through gate.

Exhibits: an "I am 18 or older — Enter" / "Leave" overlay rendered by the server over a video
grid that is already in the DOM behind it (content behind the gate); the gate holds without
JavaScript (Enter then posts a form); accepting sets a 30-day cookie (a new session meets the
gate again); deep links (``/video/123``) skip the gate; an icon-only flag link (aria-label only)
to report a video; terms that allow sexually explicit material for adults aged 18 and over.
Div-soup markup.  ALL EXPLICIT MATERIAL IS REPRESENTED BY GREY PLACEHOLDER BOXES.
"""

from __future__ import annotations

from werkzeug.exceptions import NotFound
from werkzeug.wrappers import Request, Response

from auditor.demo.kit import (
    Service,
    Site,
    doc,
    esc,
    form_value,
    html,
    new_ref,
    redirect,
    robots_txt,
    sitemap_xml,
)

HOST = "velvetroom.test"
U = f"http://{HOST}"
GATE_COOKIE = "vr_age_ok"

CSS = """
body{margin:0;background:#141018;color:#eee;font:15px/1.4 Helvetica,Arial,sans-serif}
a{color:#e9a8ff}
.vr-top{display:flex;justify-content:space-between;align-items:center;padding:10px 18px;
 background:#22182a}
.vr-logo{font-size:22px;font-weight:bold;letter-spacing:1px}
.vr-links a{margin-left:14px}
.vr-wrap{padding:18px}
.vr-grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(200px,1fr));gap:14px}
.vr-card a{text-decoration:none;color:#ddd}
.vr-thumb,.vr-player{background:#888;color:#333;display:flex;align-items:center;
 justify-content:center;font-size:13px}
.vr-thumb{height:112px}
.vr-player{height:360px;max-width:640px}
.vr-bottom{padding:18px;font-size:12px;color:#aaa;border-top:1px solid #333}
.vr-bottom a{margin-right:12px;color:#aaa}
.vr-gate{position:fixed;inset:0;background:rgba(10,5,15,.97);z-index:1000;display:flex;
 align-items:center;justify-content:center}
.vr-gate-box{background:#2a2030;padding:28px;max-width:440px;text-align:center;
 border-radius:8px}
.vr-gate-box button,.vr-gate-box .vr-leave{display:inline-block;margin:8px;padding:10px 20px;
 font-size:16px;border-radius:4px;border:0}
.vr-gate-box button{background:#b04fd0;color:#fff;cursor:pointer}
.vr-gate-box .vr-leave{background:#555;color:#fff;text-decoration:none}
.vr-icon{font-size:20px;text-decoration:none}
body.vr-locked{overflow:hidden}
"""

CATEGORIES = {"popular": "Popular", "new": "New", "couples": "Couples", "solo": "Solo",
              "amateur": "Amateur", "vintage": "Vintage"}
CHANNELS = ["studio-amber", "midnight-reels", "duet-films"]
VIDEOS = {vid: {"title": f"Placeholder video {vid}",
                "category": list(CATEGORIES)[i % len(CATEGORIES)],
                "channel": CHANNELS[i % len(CHANNELS)],
                "duration": f"{8 + i % 17}:{(i * 7) % 60:02d}"}
          for i, vid in enumerate(range(120, 136))}

GATE_JS = """
(function () {
  var gate = document.getElementById('age-gate');
  if (!gate) return;
  document.body.classList.add('vr-locked');
  document.getElementById('gate-enter').addEventListener('click', function (ev) {
    ev.preventDefault();
    document.cookie = 'vr_age_ok=1; max-age=2592000; path=/; SameSite=Lax';
    gate.parentNode.removeChild(gate);
    document.body.classList.remove('vr-locked');
  });
})();
"""


def _gate(next_path: str) -> str:
    return (
        '<div id="age-gate" class="vr-gate" role="dialog" aria-modal="true" '
        'aria-labelledby="gate-title"><div class="vr-gate-box">'
        '<div id="gate-title" class="vr-logo">Adults only</div>'
        "<p>Velvet Room contains sexually explicit material. Only enter if you are 18 or older "
        "and it is legal to view such material where you are.</p>"
        '<form method="post" action="/enter">'
        f'<input type="hidden" name="next" value="{esc(next_path)}">'
        '<button type="submit" id="gate-enter">I am 18 or older &mdash; Enter</button>'
        '<a class="vr-leave" id="gate-leave" href="https://www.example.com/">Leave</a>'
        "</form>"
        '<div style="font-size:12px;color:#aaa">By entering you agree to our '
        '<a href="/terms">terms</a>.</div></div></div>')


def _card(vid: int) -> str:
    v = VIDEOS[vid]
    return (f'<div class="vr-card"><a href="/video/{vid}">'
            '<div class="vr-thumb" role="img" aria-label="placeholder thumbnail">'
            "placeholder thumbnail</div>"
            f'<div class="vr-title">{esc(v["title"])}</div>'
            f'<div class="vr-meta">{esc(v["duration"])} &middot; {esc(v["channel"])}</div>'
            "</a></div>")


def _page(req: Request, title: str, inner: str, *, gated: bool, status: int = 200) -> Response:
    show_gate = gated and req.cookies.get(GATE_COOKIE) != "1"
    top = ('<div class="vr-top"><div class="vr-logo"><a href="/">VELVET ROOM</a></div>'
           '<div class="vr-links"><a href="/category/popular">Popular</a>'
           '<a href="/category/new">New</a><a href="/channels">Channels</a>'
           '<a href="/search">Search</a></div></div>')
    bottom = ('<div class="vr-bottom"><a href="/terms">Terms of Service</a>'
              '<a href="/privacy">Privacy Policy</a><a href="/report">Report Content</a>'
              '<a href="/contact">Contact</a><a href="/creators">Become a Creator</a>'
              "<div>&copy; 2025 Velvet Room Media Ltd. All models were 18 or older at the time "
              "of filming.</div></div>")
    gate = _gate(req.full_path.rstrip("?")) if show_gate else ""
    body = (f'<div class="vr-page">{top}<div class="vr-wrap">{inner}</div>{bottom}</div>{gate}'
            + ('<script src="/static/gate.js"></script>' if show_gate else ""))
    return html(doc(f"{title} - Velvet Room", body, css=CSS, lang="en"), status=status)


TERMS = """
<div class="vr-legal"><div class="vr-h1">Terms of Service</div>
<div class="vr-p">Velvet Room (velvetroom.test) is operated by Velvet Room Media Ltd. By using the
site you agree to these terms.</div>
<div class="vr-h2">1. Adults only</div>
<div class="vr-p">You must be at least 18 years old, or the age of majority where you live if
that is higher, to enter or use Velvet Room. Velvet Room hosts sexually explicit material
(pornography) intended for adults. Adult content is permitted on the site only for users aged 18
and over, and only if viewing it is legal where you are.</div>
<div class="vr-h2">2. Prohibited content</div>
<div class="vr-p">We do not allow any illegal content. In particular we prohibit child sexual
abuse material and any content involving anyone under 18, intimate images shared without the
consent of everyone shown (including so-called revenge porn), and content uploaded without the
consent of the people who appear in it. Creators must keep records proving every performer was
18 or older and consented.</div>
<div class="vr-h2">3. Reporting</div>
<div class="vr-p">If you see something that breaks these rules, use the flag icon under the video
or our <a href="/report">report page</a>. We review reports and remove content that breaks
these terms.</div>
<div class="vr-h2">4. Accounts and creators</div>
<div class="vr-p">Creators apply through our creator programme. We may remove content or close
channels at our discretion.</div>
<div class="vr-h2">5. Liability</div>
<div class="vr-p">The site is provided as is. These terms are governed by the laws of
Cyprus.</div>
<div class="vr-p vr-small">Effective date: 30 September 2024</div>
</div>
"""

REPORT_REASONS = [
    ("illegal", "Illegal content"),
    ("underage", "Person may be under 18"),
    ("nonconsensual", "Shared without consent / intimate image abuse"),
    ("copyright", "Copyright"),
    ("other", "Other"),
]


def build() -> Site:
    site = Site([HOST], cookie="vr_sid",
                not_found=lambda req, e: _page(req, "Not found", "<div>Page not found.</div>",
                                               gated=False, status=404))
    site.state["reports"] = []

    @site.route("/")
    def home(req: Request):
        grid = "".join(_card(v) for v in VIDEOS)
        return _page(req, "Free videos", '<div class="vr-h1">Trending now</div>'
                                         f'<div class="vr-grid" id="grid">{grid}</div>',
                     gated=True)

    @site.route("/static/gate.js")
    def gate_js(req: Request):
        return Response(GATE_JS, content_type="application/javascript; charset=utf-8")

    @site.route("/enter", methods=("POST",))
    def enter(req: Request):
        nxt = form_value(req, "next", "/")
        if not nxt.startswith("/") or nxt.startswith("//"):
            nxt = "/"
        resp = redirect(nxt)
        resp.set_cookie(GATE_COOKIE, "1", max_age=30 * 86400, path="/", samesite="Lax")
        return resp

    @site.route("/category/<slug>")
    def category(req: Request, slug: str):
        if slug not in CATEGORIES:
            raise NotFound()
        grid = "".join(_card(v) for v, d in VIDEOS.items() if d["category"] == slug)
        return _page(req, CATEGORIES[slug], f'<div class="vr-h1">{esc(CATEGORIES[slug])}</div>'
                                            f'<div class="vr-grid">{grid}</div>', gated=True)

    @site.route("/channels")
    def channels(req: Request):
        items = "".join(f'<div><a href="/channel/{c}">{esc(c)}</a></div>' for c in CHANNELS)
        return _page(req, "Channels", f'<div class="vr-h1">Channels</div>{items}', gated=True)

    @site.route("/channel/<name>")
    def channel(req: Request, name: str):
        if name not in CHANNELS:
            raise NotFound()
        grid = "".join(_card(v) for v, d in VIDEOS.items() if d["channel"] == name)
        return _page(req, name, f'<div class="vr-h1">{esc(name)}</div>'
                                '<div class="vr-avatar vr-thumb">placeholder avatar</div>'
                                f'<div class="vr-grid">{grid}</div>', gated=True)

    @site.route("/search")
    def search(req: Request):
        q = form_value(req, "q")
        hits = [v for v, d in VIDEOS.items() if q and q.lower() in d["title"].lower()]
        grid = "".join(_card(v) for v in hits)
        return _page(req, "Search", '<form method="get"><input name="q" placeholder="Search '
                                    f'videos" value="{esc(q)}"><button>Go</button></form>'
                                    f'<div class="vr-grid">{grid}</div>', gated=True)

    @site.route("/video/<int:vid>")
    def video(req: Request, vid: int):
        if vid not in VIDEOS:
            raise NotFound()
        v = VIDEOS[vid]
        related = "".join(_card(r) for r in list(VIDEOS)[:4] if r != vid)
        inner = (f'<div class="vr-h1">{esc(v["title"])}</div>'
                 '<div class="vr-player" role="img" aria-label="placeholder video">'
                 "placeholder video</div>"
                 f'<div class="vr-meta">{esc(v["duration"])} &middot; '
                 f'<a href="/channel/{esc(v["channel"])}">{esc(v["channel"])}</a> &middot; '
                 f'<a href="/category/{esc(v["category"])}">{esc(CATEGORIES[v["category"]])}'
                 "</a> "
                 f'<a class="vr-icon" href="/report?video={vid}" aria-label="Report this video">'
                 "&#9873;</a></div>"
                 f'<div class="vr-h2">Related</div><div class="vr-grid">{related}</div>')
        return _page(req, v["title"], inner, gated=False)

    @site.route("/report", methods=("GET", "POST"))
    def report(req: Request):
        vid = form_value(req, "video")
        if req.method == "POST":
            reason = form_value(req, "reason")
            if reason in dict(REPORT_REASONS) and "@" in form_value(req, "email"):
                ref = new_ref("VR")
                with site.lock:
                    site.state["reports"].append({"ref": ref, "video": vid, "reason": reason})
                return _page(req, "Report received",
                             f"<div>Thanks. Your report {ref} has been received.</div>",
                             gated=False)
        opts = "".join(f'<option value="{k}">{esc(t)}</option>' for k, t in REPORT_REASONS)
        inner = ('<div class="vr-h1">Report content</div>'
                 '<form method="post" action="/report"><div>'
                 '<label for="video">Video URL or ID</label> '
                 f'<input id="video" name="video" value="{esc(vid)}"></div>'
                 '<div><label for="reason">Reason</label> <select id="reason" name="reason">'
                 f'<option value="">Choose…</option>{opts}</select></div>'
                 '<div><label for="details">Details</label><br>'
                 '<textarea id="details" name="details" rows="4" cols="50"></textarea></div>'
                 '<div><label for="email">Your email</label> '
                 '<input id="email" name="email" type="email" required></div>'
                 '<div><button type="submit">Submit</button></div></form>')
        return _page(req, "Report content", inner, gated=False)

    @site.route("/terms")
    def terms(req: Request):
        return _page(req, "Terms of Service", TERMS, gated=False)

    @site.route("/privacy")
    def privacy(req: Request):
        return _page(req, "Privacy Policy",
                     '<div class="vr-h1">Privacy Policy</div><div>We use cookies to remember '
                     "that you confirmed your age and to count views. We do not sell personal "
                     "data.</div>", gated=False)

    @site.route("/contact")
    def contact(req: Request):
        return _page(req, "Contact", '<div class="vr-h1">Contact</div>'
                                     "<div>Email: support@velvetroom.test</div>"
                                     "<div>Velvet Room Media Ltd, Limassol, Cyprus</div>",
                     gated=False)

    @site.route("/creators")
    def creators(req: Request):
        return _page(req, "Become a Creator",
                     '<div class="vr-h1">Become a Creator</div><div>Applications are closed at '
                     "the moment.</div>", gated=True)

    @site.route("/robots.txt")
    def robots(req: Request):
        return robots_txt(["/search"], sitemap=f"{U}/sitemap.xml")

    @site.route("/sitemap.xml")
    def sitemap(req: Request):
        return sitemap_xml([f"{U}/", f"{U}/terms", f"{U}/privacy", f"{U}/report",
                            f"{U}/contact"] + [f"{U}/video/{v}" for v in VIDEOS])

    return site


SERVICE = Service(
    id="velvetroom",
    name="Velvet Room",
    hosts=[HOST],
    start_url=f"{U}/",
    factory=build,
    row={"service_kind": "adult", "risk_levels": "pornography=high",
         "likely_accessed_by_children": "", "regime": "", "tags": "demo;adult",
         "notes": "Demo: self-declaration click-through gate; deep links skip it"},
    description="adult video site; click-through 18+ gate; content in the DOM behind it",
)
