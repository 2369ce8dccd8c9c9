"""Gatehouse: a community site behind a bot wall that stops headless and script-less clients.

Exhibits: every page except robots.txt answers 403 with a challenge page until the visitor has a
clearance cookie.  A user agent containing "HeadlessChrome" gets a CAPTCHA widget placeholder
straight away; any other client gets "Checking your browser…", whose script sets the cookie and
reloads only for a browser that is not automated (``navigator.webdriver`` false and no
"HeadlessChrome").  Clients without JavaScript (an HTTP fetch) never pass.  The CAPTCHA cannot be
solved, by design: the auditor must record the wall, not defeat it.
"""

from __future__ import annotations

import secrets

from werkzeug.wrappers import Request, Response

from auditor.demo.kit import Service, Site, captcha_widget, doc, html, robots_txt

HOST = "www.gatehouse.test"
U = f"http://{HOST}"
COOKIE = "gh_clearance"

CHALLENGE_JS = """
(function () {
  var automated = navigator.webdriver || /HeadlessChrome/.test(navigator.userAgent);
  if (automated) {
    document.getElementById('checking').hidden = true;
    document.getElementById('captcha').hidden = false;
    return;
  }
  document.cookie = '%s=%s; path=/; max-age=3600; SameSite=Lax';
  setTimeout(function () { location.reload(); }, 400);
})();
"""

CSS = ("body{font:16px system-ui,sans-serif;background:#f4f4f4;color:#333;text-align:center;"
       "padding-top:80px}.box{display:inline-block;background:#fff;padding:30px 40px;"
       "border-radius:8px;text-align:left}")


def _challenge(token: str, headless: bool) -> Response:
    script = "" if headless else f"<script>{CHALLENGE_JS % (COOKIE, token)}</script>"
    body = ('<div class="box"><h1>www.gatehouse.test</h1>'
            f'<div id="checking"{" hidden" if headless else ""}><h2>Checking your browser before '
            "accessing www.gatehouse.test</h2><p>This process is automatic. Your browser will "
            "redirect to the requested content shortly.</p><p>Please enable JavaScript and "
            "cookies to continue.</p></div>"
            f'<div id="captcha"{"" if headless else " hidden"}><h2>Verify you are human</h2>'
            f"<p>Complete the security check to continue.</p>{captcha_widget()}</div>"
            "<p><small>Protected by GateShield &middot; Ray ID 8f2c1d0e</small></p></div>"
            f"{script}")
    return html(doc("Just a moment...", body, css=CSS), status=403,
                headers={"X-Challenge": "managed", "Cache-Control": "no-store"})


def build() -> Site:
    site = Site([HOST], cookie="gh_sid")
    token = secrets.token_hex(12)
    site.state["token"] = token
    inner = Site([HOST], cookie="gh_sid")

    def page(title: str, main: str) -> Response:
        nav = ('<nav><a href="/">Gatehouse</a> | <a href="/terms">Terms</a> | '
               '<a href="/privacy">Privacy</a> | <a href="/report">Report</a></nav>')
        return html(doc(f"{title} - Gatehouse", f"{nav}<main>{main}</main>"))

    @inner.route("/")
    def home(req: Request):
        return page("Home", "<h1>Gatehouse</h1><p>A community for allotment growers.</p>")

    @inner.route("/terms")
    def terms(req: Request):
        return page("Terms", "<h1>Terms</h1><p>You must be 16 or older to use Gatehouse. Do not "
                             "post illegal content.</p><p>Last updated: 2 March 2025</p>")

    @inner.route("/privacy")
    def privacy(req: Request):
        return page("Privacy", "<h1>Privacy</h1><p>We keep little data.</p>")

    @inner.route("/report", methods=("GET", "POST"))
    def report(req: Request):
        return page("Report", "<h1>Report</h1><p>Email abuse@gatehouse.test.</p>")

    @site.route("/robots.txt")
    def robots(req: Request):
        return robots_txt([])

    def wall(environ: dict, start_response):
        req = Request(environ)
        if req.path == "/robots.txt":
            return site(environ, start_response)
        if req.cookies.get(COOKIE) == token:
            return inner(environ, start_response)
        headless = "headlesschrome" in req.headers.get("User-Agent", "").lower()
        return _challenge(token, headless)(environ, start_response)

    wall.site = site      # type: ignore[attr-defined]
    return wall


SERVICE = Service(
    id="gatehouse",
    name="Gatehouse",
    hosts=[HOST],
    start_url=f"{U}/",
    factory=build,
    row={"service_kind": "social", "tags": "demo;bot_wall",
         "notes": "Demo: bot wall (403 challenge; CAPTCHA for headless browsers)"},
    description="bot wall: 403 challenge for clients without JS, CAPTCHA for headless Chrome",
)
