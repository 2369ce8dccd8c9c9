"""OpenVibe: a social site that geo-blocks the United Kingdom and points to a mirror.

Exhibits: every page on openvibe.test (except robots.txt) answers HTTP 451 "not available in the
United Kingdom" (every visitor of the demo web counts as being in the UK), naming a mirror on
another domain (openvibe-mirror.test) in the page and in a ``Link: rel="alternate"`` header.
The mirror serves the same small site without the block.
"""

from __future__ import annotations

from werkzeug.wrappers import Request, Response

from auditor.demo.kit import Service, Site, doc, html, robots_txt

HOST = "openvibe.test"
MIRROR = "openvibe-mirror.test"
U = f"http://{HOST}"
M = f"http://{MIRROR}"

BLOCK = f"""
<main style="max-width:640px;margin:80px auto;font:17px/1.5 sans-serif">
<h1>OpenVibe is not available in the United Kingdom</h1>
<p>Because of the requirements of the UK Online Safety Act, we have decided to block access to
OpenVibe from the United Kingdom. We are sorry for the inconvenience.</p>
<p>Visitors from other countries can keep using OpenVibe through our mirror at
<a href="{M}/">{MIRROR}</a>.</p>
<p><small>HTTP 451 &middot; Unavailable For Legal Reasons</small></p>
</main>
"""


def build():
    site = Site([HOST, MIRROR], cookie="ov_sid")

    def page(title: str, main: str) -> Response:
        nav = ('<nav><a href="/">OpenVibe</a> &middot; <a href="/terms">Terms</a> &middot; '
               '<a href="/privacy">Privacy</a></nav>')
        return html(doc(f"{title} - OpenVibe", f"{nav}<main>{main}</main>", lang="en"))

    @site.route("/robots.txt")
    def robots(req: Request):
        return robots_txt([])

    @site.route("/", host=MIRROR)
    def home(req: Request):
        return page("Home", "<h1>OpenVibe</h1><p>Share what you are up to. Free speech, no "
                            "algorithms.</p>")

    @site.route("/terms", host=MIRROR)
    def terms(req: Request):
        return page("Terms", "<h1>Terms</h1><p>You must be 13 or older to use OpenVibe. Do not "
                             "post anything illegal where you live.</p>")

    @site.route("/privacy", host=MIRROR)
    def privacy(req: Request):
        return page("Privacy", "<h1>Privacy</h1><p>We collect as little as we can.</p>")

    @site.route("/robots.txt", host=MIRROR)
    def mirror_robots(req: Request):
        return robots_txt([])

    def app(environ: dict, start_response):
        req = Request(environ)
        host = req.host.rsplit(":", 1)[0].lower()
        if host == HOST and req.path != "/robots.txt":
            resp = html(doc("Not available in your country - OpenVibe", BLOCK, lang="en"),
                        status=451, headers={"Link": f'<{M}/>; rel="alternate"'})
            return resp(environ, start_response)
        return site(environ, start_response)

    app.site = site      # type: ignore[attr-defined]
    return app


SERVICE = Service(
    id="openvibe",
    name="OpenVibe",
    hosts=[HOST, MIRROR],
    start_url=f"{U}/",
    factory=build,
    row={"service_kind": "social", "tags": "demo;geo_blocked",
         "notes": "Demo: HTTP 451 for the UK; mirror on another domain"},
    description="geo-blocks the UK with HTTP 451 and names a mirror on another domain",
)
