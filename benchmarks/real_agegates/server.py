"""Serve every real-age-gate site at once on 127.0.0.1, one port per site.

Each site is a folder ``sites/SITE`` with a ``site.toml`` and glue pages.  The server answers

* ``/robots.txt``: allows everything and names the sitemap;
* ``/sitemap.xml``: the site's landing and deep page (from ``site.toml``), as a real site lists
  its content for search engines (a site's own ``sitemap.xml`` file wins);
* ``/_vendor/npm/PATH`` from ``cache/npm/node_modules`` (``install.py``);
* ``/_vendor/repo/ID/PATH`` from ``cache/repos/ID`` (``restore.py``);
* anything else from the site folder (``/`` -> ``index.html``, ``/a/b`` -> ``a/b.html`` or
  ``a/b/index.html``), after the site's optional ``[server]`` behaviour:

  - ``gate = "cookie_interstitial"``: every page is answered with ``interstitial`` (default
    ``interstitial.html``) until the cookie ``cookie`` is set by the site's own code;
  - ``gate = "redirect_verify"``: pages redirect (302) to ``verify_path?next=PATH`` until the
    cookie is set;
  - ``gate = "login_wall"``: pages redirect (302) to ``/login?next=PATH`` unless the session
    cookie ``cookie`` (default ``session``) is present;
  - ``underage_cookie``: when the site's code set it, pages are answered with ``sorry.html``.

  Assets (scripts, styles, images, fonts) are never gated.

    .venv/bin/python benchmarks/real_agegates/server.py [--port-base 8700] [--only a,b]

From Python: ``servers, urls = start()`` (ephemeral ports unless ``port_base`` is given),
``stop(servers)``.  Loopback only.
"""

from __future__ import annotations

import argparse
import mimetypes
import sys
import threading
import tomllib
from http.cookies import SimpleCookie
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

HERE = Path(__file__).resolve().parent
SITES = HERE / "sites"
NPM = HERE / "cache" / "npm" / "node_modules"
REPOS = HERE / "cache" / "repos"
HOST = "127.0.0.1"
PAGE_SUFFIXES = {"", ".html", ".htm"}
TYPES = {".js": "text/javascript", ".mjs": "text/javascript", ".cjs": "text/javascript",
         ".css": "text/css", ".svg": "image/svg+xml", ".json": "application/json",
         ".wasm": "application/wasm", ".html": "text/html; charset=utf-8",
         ".webp": "image/webp", ".png": "image/png", ".jpg": "image/jpeg",
         ".woff2": "font/woff2", ".woff": "font/woff", ".map": "application/json"}
ROBOTS = b"User-agent: *\nAllow: /\n"


def load_sites(only: list[str] | None = None) -> dict[str, dict]:
    out = {}
    for toml in sorted(SITES.glob("*/site.toml")):
        name = toml.parent.name
        if only and name not in only:
            continue
        conf = tomllib.loads(toml.read_text(encoding="utf-8"))
        conf["_dir"] = toml.parent
        out[name] = conf
    return out


def _inside(base: Path, rel: str) -> Path | None:
    base = base.resolve()
    p = (base / rel.lstrip("/")).resolve()
    if p != base and base not in p.parents:
        return None
    return p


def _resolve_page(site_dir: Path, path: str) -> Path | None:
    rel = path.lstrip("/")
    if rel == "" or rel.endswith("/"):
        cands = [rel + "index.html"]
    elif Path(rel).suffix:
        cands = [rel]
    else:
        cands = [rel + ".html", rel + "/index.html"]
    for c in cands:
        p = _inside(site_dir, c)
        if p and p.is_file() and p.name != "site.toml":
            return p
    return None


def make_handler(name: str, conf: dict):
    site_dir: Path = conf["_dir"]
    server_conf = conf.get("server", {}) or {}
    gate = server_conf.get("gate", "none")
    cookie = server_conf.get("cookie", "session" if gate == "login_wall" else "age_verified")
    verify_path = server_conf.get("verify_path", "/age-verification")
    underage = server_conf.get("underage_cookie")
    interstitial = server_conf.get("interstitial", "interstitial.html")
    sorry = server_conf.get("sorry", "sorry.html")

    class Handler(BaseHTTPRequestHandler):
        server_version = "RealAgeGates/1"

        def log_message(self, fmt, *args):  # quiet
            pass

        def do_HEAD(self):
            self.do_GET(head=True)

        def do_POST(self):
            # Glue forms post nowhere real: answer with the page as GET would.
            self.do_GET()

        def _send(self, status: int, body: bytes, ctype: str, extra=None, head=False):
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            for k, v in (extra or {}).items():
                self.send_header(k, v)
            self.end_headers()
            if not head:
                self.wfile.write(body)

        def _file(self, p: Path, status=200, head=False):
            ctype = TYPES.get(p.suffix.lower()) or mimetypes.guess_type(p.name)[0] \
                or "application/octet-stream"
            self._send(status, p.read_bytes(), ctype, head=head)

        def _not_found(self, head=False):
            nf = site_dir / "404.html"
            if nf.is_file():
                return self._file(nf, 404, head)
            self._send(404, b"<!doctype html><title>Not found</title><h1>Not found</h1>",
                       "text/html; charset=utf-8", head=head)

        def do_GET(self, head=False):
            parts = urlsplit(self.path)
            path = unquote(parts.path) or "/"
            if path == "/robots.txt":
                host = self.headers.get("Host") or f"{HOST}:{self.server.server_port}"
                body = ROBOTS + f"Sitemap: http://{host}/sitemap.xml\n".encode()
                return self._send(200, body, "text/plain", head=head)
            if path == "/sitemap.xml" and not (site_dir / "sitemap.xml").is_file():
                host = self.headers.get("Host") or f"{HOST}:{self.server.server_port}"
                locs = "".join(f"<url><loc>http://{host}{quote(conf.get(k) or '/')}</loc></url>"
                               for k in ("landing", "deep"))
                body = ('<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.'
                        f'sitemaps.org/schemas/sitemap/0.9">{locs}</urlset>').encode()
                return self._send(200, body, "application/xml", head=head)
            if path.startswith("/_vendor/npm/"):
                p = _inside(NPM, path[len("/_vendor/npm/"):])
                return self._file(p, head=head) if p and p.is_file() else self._not_found(head)
            if path.startswith("/_vendor/repo/"):
                p = _inside(REPOS, path[len("/_vendor/repo/"):])
                return self._file(p, head=head) if p and p.is_file() else self._not_found(head)
            page = _resolve_page(site_dir, path)
            is_page = Path(path).suffix.lower() in PAGE_SUFFIXES
            if is_page and gate != "none":
                jar = SimpleCookie()
                try:
                    jar.load(self.headers.get("Cookie", ""))
                except Exception:
                    pass
                if underage and underage in jar and path != "/sorry":
                    p = site_dir / sorry
                    if p.is_file():
                        return self._file(p, head=head)
                exempt = {"/login"} if gate == "login_wall" else {verify_path}
                if cookie not in jar and path not in exempt:
                    nxt = quote(path + (("?" + parts.query) if parts.query else ""))
                    if gate == "cookie_interstitial":
                        return self._file(site_dir / interstitial, head=head)
                    target = "/login" if gate == "login_wall" else verify_path
                    return self._send(302, b"", "text/html", {"Location": f"{target}?next={nxt}"},
                                      head=head)
            if page is None:
                return self._not_found(head)
            return self._file(page, head=head)

    return Handler


def start(sites: list[str] | None = None, port_base: int | None = None):
    """Start one loopback server per site in daemon threads.

    Returns ``(servers, {site: "http://127.0.0.1:PORT/"})``.  Ports are ephemeral unless
    ``port_base`` is given (then ``port_base + index`` in sorted site order).
    """
    confs = load_sites(sites)
    servers, urls = [], {}
    for i, (name, conf) in enumerate(confs.items()):
        port = 0 if port_base is None else port_base + i
        srv = ThreadingHTTPServer((HOST, port), make_handler(name, conf))
        srv.daemon_threads = True
        threading.Thread(target=srv.serve_forever, name=f"site-{name}", daemon=True).start()
        servers.append(srv)
        urls[name] = f"http://{HOST}:{srv.server_address[1]}/"
    return servers, urls


def stop(servers) -> None:
    for s in servers:
        s.shutdown()
        s.server_close()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--port-base", type=int, default=8700)
    ap.add_argument("--only", default="", help="comma-separated site names")
    a = ap.parse_args(argv)
    only = [x.strip() for x in a.only.split(",") if x.strip()] or None
    if not NPM.is_dir():
        print(f"warning: {NPM} is missing: run install.py first", file=sys.stderr)
    servers, urls = start(only, a.port_base)
    for name, url in urls.items():
        print(f"{name} {url}", flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        stop(servers)
    return 0


if __name__ == "__main__":
    sys.exit(main())
