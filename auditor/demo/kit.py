"""What every demo service is built from: routing by host and path, sessions, accounts, pages.

A demo service is a small WSGI application (werkzeug) behind one or more fictional host names.
:class:`Site` gives it a router (``@site.route("/path", host=...)``), a server-side session
behind a random cookie, an in-memory account store seeded with the service's test personas,
and helpers for ``robots.txt`` and ``sitemap.xml``.  Pages are plain HTML strings built with
:func:`doc`; every value that comes from a request goes through :func:`esc`.

All state lives in the :class:`Site` instance; :class:`Service.fresh` builds a new one, so every
:class:`~auditor.demo.server.DemoWeb` starts from the same seeded state.
"""

from __future__ import annotations

import secrets
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from markupsafe import Markup, escape
from werkzeug.exceptions import HTTPException
from werkzeug.routing import Map, Rule
from werkzeug.wrappers import Request, Response

WSGIApp = Callable[..., Iterable[bytes]]

#: The day the demo web lives in: ages are computed against it so ground truth never drifts.
TODAY = date(2025, 6, 1)


def esc(value: object) -> Markup:
    """HTML-escape ``value`` (``Markup`` passes through unchanged)."""
    return escape(value)


@dataclass
class Persona:
    """A test account the secrets file names (CONTRACT.md ``accounts``)."""

    username: str
    email: str
    password: str
    age: int

    def as_dict(self) -> dict[str, Any]:
        return {"username": self.username, "email": self.email, "password": self.password,
                "age": self.age}


@dataclass
class Service:
    """One demo service: its hosts, its start URL, its WSGI app and its target-list row.

    ``row`` holds the CSV columns beyond ``id, name, url`` (``service_kind``, ``allow_forms``,
    ``accounts``...).  ``factory`` builds a fresh app (fresh state); ``app`` defaults to one.
    ``personas`` are the accounts the secrets file lists under ``row["accounts"]``.
    """

    id: str
    name: str
    hosts: list[str]
    start_url: str
    app: WSGIApp | None = None
    row: dict[str, str] = field(default_factory=dict)
    factory: Callable[[], WSGIApp] | None = None
    personas: dict[str, Persona] = field(default_factory=dict)
    description: str = ""

    def __post_init__(self) -> None:
        if self.app is None and self.factory is not None:
            self.app = self.factory()
        if self.app is None:
            raise ValueError(f"service {self.id}: give app or factory")

    def fresh(self) -> Service:
        """The same service with newly built state (accounts, sessions, uploads)."""
        if self.factory is None:
            return self
        return replace(self, app=self.factory())


@dataclass
class Account:
    username: str
    email: str
    password: str
    dob: date | None = None
    verified: bool = True
    data: dict[str, Any] = field(default_factory=dict)

    @property
    def age(self) -> int | None:
        return age_on(self.dob) if self.dob else None


def age_on(dob: date, today: date = TODAY) -> int:
    return today.year - dob.year - ((today.month, today.day) < (dob.month, dob.day))


def dob_for_age(age: int, today: date = TODAY) -> date:
    """A date of birth that makes someone ``age`` on ``today`` (birthday a month ago)."""
    month = today.month - 1 or 12
    year = today.year - age - (1 if today.month == 1 else 0)
    return date(year, month, min(today.day, 28))


View = Callable[..., Any]


class Site:
    """A WSGI app: per-host routing, sessions, accounts, error pages."""

    def __init__(self, hosts: list[str], *, cookie: str = "sid",
                 personas: dict[str, Persona] | None = None,
                 not_found: Callable[[Request, HTTPException], Response] | None = None):
        self.hosts = [h.lower() for h in hosts]
        self.cookie = cookie
        self._maps: dict[str, Map] = {h: Map(strict_slashes=False) for h in self.hosts}
        self._views: dict[str, View] = {}
        self._sessions: dict[str, dict[str, Any]] = {}
        self.accounts: dict[str, Account] = {}
        self.lock = threading.RLock()
        self.state: dict[str, Any] = {}
        self._not_found = not_found
        for p in (personas or {}).values():
            self.add_account(Account(p.username, p.email, p.password, dob_for_age(p.age)))

    # -- routing ---------------------------------------------------------------------------
    def route(self, path: str, methods: Iterable[str] = ("GET",),
              host: str | None = None) -> Callable[[View], View]:
        hosts = [host.lower()] if host else [self.hosts[0]]

        def deco(fn: View) -> View:
            for h in hosts:
                endpoint = f"{h} {path} {fn.__name__}"
                self._maps[h].add(Rule(path, endpoint=endpoint, methods=list(methods)))
                self._views[endpoint] = fn
            return fn
        return deco

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        req = Request(environ)
        host = req.host.rsplit(":", 1)[0].lower() if req.host else self.hosts[0]
        if host not in self._maps:
            host = self.hosts[0]
        adapter = self._maps[host].bind(host, url_scheme="http")
        try:
            endpoint, args = adapter.match(req.path, method=req.method)
            resp = self._views[endpoint](req, **args)
        except HTTPException as e:
            if e.code == 404 and self._not_found is not None:
                resp = self._not_found(req, e)
            else:
                resp = e.get_response(environ)
        if isinstance(resp, str):
            resp = html(resp)
        new_sid = environ.get("demo.new_sid")
        if new_sid:
            resp.set_cookie(self.cookie, new_sid, httponly=True, samesite="Lax", path="/")
        return resp(environ, start_response)

    # -- sessions and accounts ---------------------------------------------------------------
    def session(self, req: Request) -> dict[str, Any]:
        """The request's server-side session; creates one (and its cookie) when absent."""
        sid = req.cookies.get(self.cookie) or req.environ.get("demo.new_sid")
        with self.lock:
            if sid and sid in self._sessions:
                return self._sessions[sid]
            sid = secrets.token_urlsafe(18)
            self._sessions[sid] = {}
            req.environ["demo.new_sid"] = sid
            return self._sessions[sid]

    def peek_session(self, req: Request) -> dict[str, Any]:
        """The session if the visitor has one, else an empty dict (no cookie is set)."""
        sid = req.cookies.get(self.cookie) or req.environ.get("demo.new_sid")
        with self.lock:
            return self._sessions.get(sid or "", {})

    def user(self, req: Request) -> Account | None:
        name = self.peek_session(req).get("user")
        with self.lock:
            return self.accounts.get(name) if name else None

    def members_only(self, view: Callable[..., Response]) -> View:
        """A view for logged-in members: ``view(req, user, **args)``; visitors are sent to
        ``/login?next=<this path>``."""
        def wrapped(req: Request, **kw: Any) -> Response:
            user = self.user(req)
            if user is None:
                return redirect(f"/login?next={req.path}")
            return view(req, user, **kw)
        wrapped.__name__ = view.__name__
        return wrapped

    def add_account(self, acct: Account) -> Account:
        with self.lock:
            self.accounts[acct.username] = acct
        return acct

    def check_login(self, login: str, password: str) -> Account | None:
        login = (login or "").strip().lower()
        with self.lock:
            for acct in self.accounts.values():
                if login in (acct.username.lower(), acct.email.lower()):
                    return acct if secrets.compare_digest(acct.password, password or "") else None
        return None


# -- responses --------------------------------------------------------------------------------

def html(body: str, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    return Response(body, status=status, headers=headers,
                    content_type="text/html; charset=utf-8")


def text(body: str, status: int = 200, content_type: str = "text/plain; charset=utf-8"
         ) -> Response:
    return Response(body, status=status, content_type=content_type)


def redirect(location: str, status: int = 303) -> Response:
    return Response("", status=status, headers={"Location": location})


def robots_txt(disallow: Iterable[str] = (), sitemap: str | None = None,
               extra: str = "") -> Response:
    lines = ["User-agent: *"]
    lines += [f"Disallow: {p}" for p in disallow] or ["Disallow:"]
    if extra:
        lines += ["", extra.strip()]
    if sitemap:
        lines += ["", f"Sitemap: {sitemap}"]
    return text("\n".join(lines) + "\n")


def sitemap_xml(urls: Iterable[str]) -> Response:
    items = "".join(f"  <url><loc>{esc(u)}</loc></url>\n" for u in urls)
    body = ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
            f"{items}</urlset>\n")
    return Response(body, content_type="application/xml")


def doc(title: str, body: str, *, css: str = "", head: str = "", lang: str = "en-GB",
        body_attrs: str = "") -> str:
    """A whole HTML document.  ``title`` is escaped; ``body``/``head``/``css`` are trusted."""
    style = f"<style>{css}</style>" if css else ""
    return (f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{esc(title)}</title>\n{style}{head}\n</head>\n"
            f"<body{(' ' + body_attrs) if body_attrs else ''}>\n{body}\n</body>\n</html>\n")


def form_value(req: Request, name: str, default: str = "") -> str:
    return (req.form.get(name) or req.args.get(name) or default).strip()


def parse_dob(day: str, month: str, year: str) -> date | None:
    try:
        return date(int(year), int(month), int(day))
    except (TypeError, ValueError):
        return None


def new_ref(prefix: str) -> str:
    return f"{prefix}-{secrets.randbelow(900000) + 100000}"


def simple_pdf(title: str, paragraphs: Iterable[str], *, width: int = 88) -> bytes:
    """A small text PDF (Helvetica, A4, several pages as needed) with an extractable text layer.

    Text is Latin-1; characters outside it become ``?``.  Enough for terms published as a PDF.
    """
    import textwrap

    lines: list[tuple[str, int]] = [(title, 16), ("", 11)]
    for para in paragraphs:
        size = 13 if para.startswith("# ") else 11
        body = para[2:] if para.startswith("# ") else para
        for ln in textwrap.wrap(body, width) or [""]:
            lines.append((ln, size))
        lines.append(("", 11))
    per_page = 52
    pages = [lines[i:i + per_page] for i in range(0, len(lines), per_page)] or [[]]

    def pdf_str(s: str) -> str:
        s = s.encode("latin-1", "replace").decode("latin-1")
        return "(" + s.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ")"

    objs: list[bytes] = []
    n_pages = len(pages)
    # 1 catalog, 2 pages, 3 font, then (page, content) pairs
    kids = " ".join(f"{4 + 2 * i} 0 R" for i in range(n_pages))
    objs.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    objs.append(f"<< /Type /Pages /Kids [{kids}] /Count {n_pages} >>".encode())
    objs.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica "
                b"/Encoding /WinAnsiEncoding >>")
    for i, page in enumerate(pages):
        ops = ["BT", "50 800 Td", "14 TL"]
        for ln, size in page:
            ops.append(f"/F1 {size} Tf {pdf_str(ln)} Tj T*")
        ops.append("ET")
        stream = "\n".join(ops).encode("latin-1")
        objs.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
                    f"/Resources << /Font << /F1 3 0 R >> >> /Contents {5 + 2 * i} 0 R >>"
                    .encode())
        objs.append(f"<< /Length {len(stream)} >>\nstream\n".encode() + stream
                    + b"\nendstream")
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for num, body in enumerate(objs, start=1):
        offsets.append(len(out))
        out += f"{num} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objs) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += (f"trailer\n<< /Size {len(objs) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n"
            .encode())
    return bytes(out)


def captcha_widget(label: str = "I'm not a robot") -> str:
    """A CAPTCHA widget placeholder (looks like one; nothing can solve it, by design)."""
    return ('<div class="captcha-widget g-recaptcha" data-sitekey="demo-placeholder" '
            'role="group" aria-label="CAPTCHA" style="border:1px solid #aaa;width:300px;'
            'padding:12px;background:#f9f9f9;font:14px sans-serif;margin:8px 0">'
            f'<label><input type="checkbox" disabled> {esc(label)}</label>'
            '<div style="font-size:10px;color:#777">CAPTCHA placeholder &middot; '
            "demo web</div></div>")


COOKIE_BANNER_JS = """
(function () {
  if (document.cookie.indexOf('consent=') !== -1) return;
  var b = document.createElement('div');
  b.id = 'cookie-banner'; b.setAttribute('role', 'dialog');
  b.setAttribute('aria-label', 'Cookie consent');
  b.style.cssText = 'position:fixed;left:0;right:0;bottom:0;z-index:900;background:#222;' +
    'color:#fff;padding:18px 24px;font:15px sans-serif;min-height:90px';
  b.innerHTML = '<p>We and our 214 partners use cookies to personalise content and ads. ' +
    'You can change your choice at any time.</p>' +
    '<button id="cookie-accept">Accept all</button> ' +
    '<button id="cookie-reject">Reject non-essential</button>';
  document.body.appendChild(b);
  function close(v) {
    document.cookie = 'consent=' + v + '; max-age=31536000; path=/; SameSite=Lax';
    b.parentNode.removeChild(b);
  }
  document.getElementById('cookie-accept').onclick = function () { close('all'); };
  document.getElementById('cookie-reject').onclick = function () { close('essential'); };
})();
"""
