"""Lustre: an adult site that hands visitors to an independent age-assurance provider.

Exhibits: a landing page that shows nothing explicit (no thumbnails, no previews) and a
"Verify my age" link; every content page (``/videos``, ``/video/3``, ``/models``...) redirects an
unverified visitor to the fictional provider AgeCheckr on another host (verify.agecheckr.test,
served by this module), which offers facial age estimation, photo ID with a liveness check and a
credit card check; the provider sends the visitor back with a signed result, and the pass lives in
a session cookie only (a new session is checked again); the gate is server-side (it holds with
scripting off, deep links are redirected too); a public age-assurance statement (a summary of the
written record) and an age-check appeal route ("Think we got your age wrong?").

The provider's start page has a **test-mode** form, "Simulate successful check" (and a failed
one), so tests can see what is behind the check.  The auditor never uses it: it only records.
ALL EXPLICIT MATERIAL IS REPRESENTED BY GREY PLACEHOLDER BOXES, and only after the check.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from urllib.parse import urlencode

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

HOST = "www.lustre.example.co.uk"
PROVIDER = "verify.agecheckr.test"
U = f"http://{HOST}"
P = f"http://{PROVIDER}"
CALLBACK = f"{U}/age-check/callback"
CLIENT = "lustre"

CSS = """
body{margin:0;background:#17131a;color:#eee;font:16px/1.5 Georgia,serif}
a{color:#f3b6c8}
header{display:flex;justify-content:space-between;align-items:center;padding:12px 20px;
 background:#241b28}
header .logo{font-size:24px;letter-spacing:2px}
header nav a{margin-left:16px}
main{padding:24px;max-width:980px;margin:auto}
.panel{background:#2a2030;border-radius:8px;padding:28px;max-width:560px;margin:40px auto;
 text-align:center}
.btn{display:inline-block;background:#c0396b;color:#fff;padding:12px 24px;border-radius:4px;
 text-decoration:none;font-size:18px}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(200px,1fr));gap:14px}
.thumb,.player{background:#888;color:#333;display:flex;align-items:center;justify-content:center}
.thumb{height:112px}.player{height:360px}
footer{padding:18px;font-size:13px;color:#aaa;border-top:1px solid #333}
footer a{margin-right:14px;color:#bbb}
"""

PROVIDER_CSS = """
body{margin:0;background:#f4f6f8;color:#1c2430;font:16px/1.5 Arial,sans-serif}
.bar{background:#0b5cad;color:#fff;padding:12px 20px;font-weight:bold}
main{max-width:640px;margin:30px auto;background:#fff;padding:24px;border-radius:8px}
.method{display:block;border:1px solid #cdd6e0;border-radius:6px;padding:12px;margin:10px 0;
 text-decoration:none;color:#1c2430}
.method strong{color:#0b5cad}
.test{margin-top:24px;padding:12px;border:2px dashed #c77;background:#fff5f5;font-size:14px}
"""

VIDEOS = {i: f"Placeholder video {i}" for i in range(1, 9)}
MODELS = ["amber-lane", "rosa-vale", "june-hart"]

STATEMENT = """
<h1>Age assurance statement</h1>
<p>This is the public summary of the written record Lustre keeps of how it checks the age of
its users, as the Online Safety Act 2023 requires of services that publish pornographic
content.</p>
<h2>How we check your age</h2>
<p>Before we show you any content, you must prove you are 18 or over with AgeCheckr, an
independent age-assurance provider. You can choose one of three methods:</p>
<ul>
<li><strong>Facial age estimation</strong>: take a selfie; the provider estimates your age from
your face and deletes the image straight away. If you look under 25 you will be asked to use
another method.</li>
<li><strong>Photo ID with a liveness check</strong>: scan your passport or driving licence and
take a live selfie, which is matched to the photo on the document.</li>
<li><strong>Credit card check</strong>: the provider checks that a UK credit card in your name is
valid. You are not charged.</li>
</ul>
<p>We do not show any explicit images, previews or thumbnails before or during the check. A
successful check lasts for your browsing session only: when you come back, you are asked
again.</p>
<p>Using a VPN or any other tool to get around our age check is against our terms.</p>
<h2>If you think we got your age wrong</h2>
<p>You can ask for a review of the result through our
<a href="/age-check/appeal">age check appeal form</a>. A person reviews every appeal within five
working days.</p>
<p>Last reviewed: 1 May 2025</p>
"""

TERMS = """
<h1>Terms of service</h1>
<p>Lustre (www.lustre.example.co.uk) is published by Lustre Media Ltd, London. By using the site
you agree to these terms.</p>
<h2>1. Adults only</h2>
<p>You must be at least 18 years old to use Lustre. Lustre publishes sexually explicit material
(pornography) for adults. We check the age of every visitor with an independent age-assurance
provider before showing any content; see our <a href="/age-assurance">age assurance
statement</a>.</p>
<h2>2. What is not allowed</h2>
<p>We do not allow any illegal content, including child sexual abuse material, material showing
anyone under 18 and intimate images shared without consent. Everyone who appears on Lustre was
18 or older at the time of filming and gave consent.</p>
<h2>3. Complaints</h2>
<p>You can complain about content or about our age checks through our
<a href="/complaints">complaints page</a>. If you think our age check got your age wrong, use the
<a href="/age-check/appeal">age check appeal form</a>.</p>
<p>Last updated: 1 May 2025</p>
"""


def _sign(secret: bytes, state: str, result: str) -> str:
    msg = f"{CLIENT}|{state}|{result}".encode()
    return hmac.new(secret, msg, hashlib.sha256).hexdigest()


def _page(title: str, inner: str, *, status: int = 200) -> Response:
    top = ('<header><div class="logo"><a href="/">LUSTRE</a></div><nav>'
           '<a href="/videos">Videos</a><a href="/models">Models</a>'
           '<a href="/categories">Categories</a></nav></header>')
    bottom = ('<footer><a href="/terms">Terms of service</a><a href="/privacy">Privacy</a>'
              '<a href="/age-assurance">Age assurance statement</a>'
              '<a href="/age-check/appeal">Think we got your age wrong?</a>'
              '<a href="/complaints">Complaints</a><a href="/contact">Contact</a>'
              "<div>&copy; 2025 Lustre Media Ltd, London. 18+ only.</div></footer>")
    return html(doc(f"{title} - Lustre", f"{top}<main>{inner}</main>{bottom}", css=CSS),
                status=status)


def _provider_page(title: str, inner: str, *, status: int = 200) -> Response:
    body = f'<div class="bar">AgeCheckr &mdash; independent age checks</div><main>{inner}</main>'
    return html(doc(f"{title} - AgeCheckr", body, css=PROVIDER_CSS), status=status)


def _card(vid: int) -> str:
    return (f'<div><a href="/video/{vid}"><div class="thumb" role="img" '
            'aria-label="placeholder thumbnail">placeholder thumbnail</div>'
            f"{esc(VIDEOS[vid])}</a></div>")


def build() -> Site:
    site = Site([HOST, PROVIDER], cookie="lu_sid",
                not_found=lambda req, e: _page("Not found", "<p>Page not found.</p>",
                                               status=404))
    secret = secrets.token_bytes(32)        # the client secret Lustre shares with AgeCheckr
    site.state["appeals"] = []

    def verified(req: Request) -> bool:
        return bool(site.peek_session(req).get("verified"))

    def gated(req: Request) -> Response | None:
        if verified(req):
            return None
        nxt = req.full_path.rstrip("?")
        return redirect(f"/age-check/start?{urlencode({'next': nxt})}", status=302)

    # -- the service -------------------------------------------------------------------------
    @site.route("/")
    def home(req: Request):
        if verified(req):
            grid = "".join(_card(v) for v in list(VIDEOS)[:6])
            return _page("Home", f'<h1>New this week</h1><div class="grid">{grid}</div>')
        panel = ('<div class="panel"><h1>Lustre is for adults only</h1>'
                 "<p>Lustre shows sexually explicit material. UK law requires us to check that "
                 "you are 18 or over before we show you anything at all.</p>"
                 "<p>The check is carried out by an independent age-assurance provider: we never "
                 "see your documents or your face.</p>"
                 '<p><a class="btn" id="verify" href="/age-check/start?next=%2Fvideos">'
                 "Verify my age</a></p>"
                 '<p><a href="/age-assurance">How we check your age</a></p></div>')
        return _page("Adults only", panel)

    @site.route("/videos")
    def videos(req: Request):
        stop = gated(req)
        if stop:
            return stop
        grid = "".join(_card(v) for v in VIDEOS)
        return _page("Videos", f'<h1>Videos</h1><div class="grid">{grid}</div>')

    @site.route("/video/<int:vid>")
    def video(req: Request, vid: int):
        if vid not in VIDEOS:
            raise NotFound()
        stop = gated(req)
        if stop:
            return stop
        return _page(VIDEOS[vid], f"<h1>{esc(VIDEOS[vid])}</h1>"
                                  '<div class="player" role="img" aria-label="placeholder video">'
                                  "placeholder video</div>")

    @site.route("/models")
    def models(req: Request):
        stop = gated(req)
        if stop:
            return stop
        items = "".join(f'<li><a href="/model/{m}">{esc(m)}</a></li>' for m in MODELS)
        return _page("Models", f"<h1>Models</h1><ul>{items}</ul>")

    @site.route("/model/<slug>")
    def model(req: Request, slug: str):
        if slug not in MODELS:
            raise NotFound()
        stop = gated(req)
        if stop:
            return stop
        return _page(slug, f'<h1>{esc(slug)}</h1><div class="thumb" role="img" '
                           'aria-label="placeholder portrait">placeholder portrait</div>')

    @site.route("/categories")
    def categories(req: Request):
        stop = gated(req)
        if stop:
            return stop
        return _page("Categories", "<h1>Categories</h1><ul><li>Couples</li><li>Solo</li></ul>")

    @site.route("/age-check/start")
    def check_start(req: Request):
        nxt = form_value(req, "next", "/videos")
        if not nxt.startswith("/") or nxt.startswith("//"):
            nxt = "/videos"
        sess = site.session(req)
        state = secrets.token_urlsafe(16)
        sess["state"], sess["next"] = state, nxt
        query = urlencode({"client": CLIENT, "state": state, "return": CALLBACK})
        return redirect(f"{P}/start?{query}", status=302)

    @site.route("/age-check/callback")
    def check_callback(req: Request):
        sess = site.session(req)
        state, result, sig = (form_value(req, k) for k in ("state", "result", "sig"))
        good = (state and state == sess.get("state")
                and hmac.compare_digest(sig, _sign(secret, state, result)))
        if not good:
            return _page("Check failed", "<h1>Something went wrong</h1><p>We could not read "
                                         "the result of your age check. Please try again.</p>",
                         status=400)
        sess.pop("state", None)
        if result == "pass":
            sess["verified"] = True
            return redirect(sess.pop("next", "/videos"))
        return _page("Not verified", "<h1>We couldn't confirm that you are 18 or over</h1>"
                                     '<p><a href="/age-check/appeal">Think we got your age '
                                     "wrong?</a></p>", status=403)

    @site.route("/age-assurance")
    def statement(req: Request):
        return _page("Age assurance statement", STATEMENT)

    @site.route("/age-check/appeal", methods=("GET", "POST"))
    def appeal(req: Request):
        if req.method == "POST":
            ref = new_ref("LU")
            with site.lock:
                site.state["appeals"].append(ref)
            return _page("Appeal received", f"<h1>Thank you</h1><p>Your appeal {ref} has been "
                                            "received. A person will review it within five "
                                            "working days.</p>")
        return _page("Think we got your age wrong?",
                     "<h1>Think we got your age wrong?</h1><p>If our age check refused you and "
                     "you are 18 or over, ask for a review. A person looks at every appeal.</p>"
                     '<form method="post"><label for="ref">Check reference</label> '
                     '<input id="ref" name="ref"><br><label for="email">Email</label> '
                     '<input id="email" name="email" type="email"><br>'
                     '<label for="msg">What happened?</label><br>'
                     '<textarea id="msg" name="msg" rows="4" cols="50"></textarea><br>'
                     "<button>Ask for a review</button></form>")

    @site.route("/terms")
    def terms(req: Request):
        return _page("Terms of service", TERMS)

    @site.route("/privacy")
    def privacy(req: Request):
        return _page("Privacy", "<h1>Privacy notice</h1><p>We keep a session cookie that "
                                "remembers a successful age check until you close your browser."
                                " The age-assurance provider deletes selfies and document images"
                                " once the check is done.</p>")

    @site.route("/complaints")
    def complaints(req: Request):
        return _page("Complaints", "<h1>Complaints</h1><p>Email complaints@lustre.example.co.uk"
                                   " about content or about our age checks. We reply within "
                                   "five working days.</p>")

    @site.route("/contact")
    def contact(req: Request):
        return _page("Contact", "<h1>Contact</h1><p>Lustre Media Ltd, 1 Example Street, London "
                                "EC1A 1AA. Email: hello@lustre.example.co.uk</p>")

    @site.route("/robots.txt")
    def robots(req: Request):
        return robots_txt([], sitemap=f"{U}/sitemap.xml")

    @site.route("/sitemap.xml")
    def sitemap(req: Request):
        return sitemap_xml([f"{U}/", f"{U}/videos", f"{U}/models", f"{U}/terms",
                            f"{U}/privacy", f"{U}/age-assurance", f"{U}/age-check/appeal",
                            f"{U}/complaints", f"{U}/contact"]
                           + [f"{U}/video/{v}" for v in VIDEOS])

    # -- the age-assurance provider (another host) ----------------------------------------
    @site.route("/", host=PROVIDER)
    def provider_home(req: Request):
        return _provider_page("AgeCheckr", "<h1>AgeCheckr</h1><p>Independent age checks for "
                                           "websites.</p>")

    @site.route("/start", host=PROVIDER)
    def provider_start(req: Request):
        client, state, ret = (form_value(req, k) for k in ("client", "state", "return"))
        if client != CLIENT or ret != CALLBACK or not state:
            return _provider_page("Invalid request", "<h1>Invalid request</h1>", status=400)
        psess = site.session(req)
        psess["pending"] = {"state": state, "return": ret}
        inner = (
            "<h1>Prove you are 18 or over</h1>"
            "<p>Lustre has asked us to check that you are 18 or over. Lustre never sees your "
            "images or documents. Choose how you want to prove your age:</p>"
            '<a class="method" href="/method/face"><strong>Facial age estimation</strong><br>'
            "Take a selfie and we estimate your age from your face. The image is deleted at "
            "once.</a>"
            '<a class="method" href="/method/id"><strong>Photo ID with a liveness check'
            "</strong><br>Scan your passport or driving licence, then take a live selfie that "
            "we match to the photo.</a>"
            '<a class="method" href="/method/card"><strong>Credit card</strong><br>We check '
            "that a UK credit card in your name is valid. You are not charged.</a>"
            '<p><a href="http://www.lustre.example.co.uk/age-check/appeal">Think we got your '
            "age wrong? Ask Lustre for a review</a></p>"
            '<div class="test"><strong>Test mode</strong> (demo web only): '
            '<form method="post" action="/simulate" style="display:inline">'
            '<input type="hidden" name="result" value="pass">'
            '<button type="submit" id="simulate-pass">Simulate successful check</button></form> '
            '<form method="post" action="/simulate" style="display:inline">'
            '<input type="hidden" name="result" value="fail">'
            '<button type="submit" id="simulate-fail">Simulate failed check</button></form>'
            "</div>")
        return _provider_page("Prove your age", inner)

    @site.route("/method/<kind>", host=PROVIDER)
    def provider_method(req: Request, kind: str):
        names = {"face": "Facial age estimation", "id": "Photo ID with a liveness check",
                 "card": "Credit card check"}
        if kind not in names:
            raise NotFound()
        return _provider_page(names[kind], f"<h1>{esc(names[kind])}</h1><p>This method needs "
                                           "a camera or a card reader, which the demo web "
                                           'does not have. <a href="javascript:history.back()">'
                                           "Back</a></p>")

    @site.route("/simulate", methods=("POST",), host=PROVIDER)
    def provider_simulate(req: Request):
        pending = site.peek_session(req).get("pending")
        if not pending:
            return _provider_page("No check", "<h1>No check in progress</h1>", status=400)
        result = "pass" if form_value(req, "result") == "pass" else "fail"
        query = urlencode({"state": pending["state"], "result": result,
                           "sig": _sign(secret, pending["state"], result)})
        return redirect(f"{pending['return']}?{query}")

    @site.route("/robots.txt", host=PROVIDER)
    def provider_robots(req: Request):
        return robots_txt([])

    return site


SERVICE = Service(
    id="lustre",
    name="Lustre",
    hosts=[HOST, PROVIDER],
    start_url=f"{U}/",
    factory=build,
    row={"service_kind": "adult", "risk_levels": "pornography=high", "regime": "part5",
         "tags": "demo;adult;part5",
         "notes": "Demo: hands every visitor to a third-party age check; nothing explicit before"},
    description="adult site; third-party age assurance on another host; statement and appeal",
)
