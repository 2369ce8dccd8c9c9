"""A small programmable web server for the foundation tests, on 127.0.0.1.

Each test site is a dict of path -> handler (a string of HTML, a (status, headers, body) tuple or
a callable taking the werkzeug Request).  Every request is logged with its monotonic time, so
tests count politeness and robots.txt obedience from the server's own log.
"""

from __future__ import annotations

import asyncio
import contextlib
import csv
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from werkzeug.serving import WSGIRequestHandler, make_server
from werkzeug.wrappers import Request, Response

from auditor.options import SweepOptions


def have_chromium() -> bool:
    """Whether the Chromium the auditor itself would use (``$AUDITOR_CHROMIUM``, Playwright's
    own, or the system's) is there; browser tests skip, saying so, where it is not."""
    from auditor.browser import BrowserNotFound, find_chromium

    try:
        find_chromium()
    except BrowserNotFound:
        return False
    return True


@dataclass
class Hit:
    t: float
    host: str
    path: str
    ua: str
    end: float = 0.0


class _Quiet(WSGIRequestHandler):
    def log(self, *a, **k):
        pass


class Site:
    def __init__(self, routes: dict[str, object] | None = None, hosts: dict | None = None):
        self.routes = routes or {}
        self.hosts = hosts or {}          # host name -> routes (virtual hosts)
        self.hits: list[Hit] = []
        self._lock = threading.Lock()
        self._srv = make_server("127.0.0.1", 0, self.app, threaded=True, request_handler=_Quiet)
        self._srv.daemon_threads = True
        self.port = self._srv.server_port
        self._thread = threading.Thread(target=self._srv.serve_forever, daemon=True)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._srv.shutdown()
        self._srv.server_close()

    def url(self, path: str = "/", host: str | None = None) -> str:
        return f"http://{host}/{path.lstrip('/')}" if host else \
            f"http://127.0.0.1:{self.port}/{path.lstrip('/')}"

    @property
    def host_map(self) -> dict:
        return {h: ("127.0.0.1", self.port) for h in self.hosts}

    def hits_for(self, host: str | None = None, path: str | None = None) -> list[Hit]:
        with self._lock:
            return [h for h in self.hits if (host is None or h.host.split(":")[0] == host)
                    and (path is None or h.path == path)]

    def app(self, environ, start_response):
        req = Request(environ)
        hit = Hit(time.monotonic(), req.host, req.path, req.headers.get("User-Agent", ""))
        with self._lock:
            self.hits.append(hit)
        host = req.host.split(":")[0]
        routes = self.hosts.get(host, self.routes)
        handler = routes.get(req.path)
        if handler is None:
            resp = Response("<h1>Not found</h1>", status=404, mimetype="text/html")
        elif callable(handler):
            resp = handler(req)
        elif isinstance(handler, tuple):
            status, headers, body = handler
            resp = Response(body, status=status, headers=headers)
        else:
            resp = Response(handler, mimetype="text/html")
        try:
            return resp(environ, start_response)
        finally:
            hit.end = time.monotonic()


def page(title: str, body: str, footer: str = "") -> str:
    return (f"<!doctype html><html lang='en-GB'><head><title>{title}</title></head><body>"
            f"<main>{body}</main><footer>{footer}</footer></body></html>")


def write_targets(path: Path, rows: list[dict]) -> Path:
    cols = ["id", "name", "url"] + sorted({k for r in rows for k in r} - {"id", "name", "url"})
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, cols)
        w.writeheader()
        w.writerows(rows)
    return path


def fast_options(**kw) -> SweepOptions:
    base = dict(concurrency=4, render_concurrency=2, politeness_delay=0.2, page_timeout=8,
                timeout_per_target=60, probes=("discovery",), progress="none")
    base.update(kw)
    return SweepOptions(**base)


# -- probes driven as the runner drives them ---------------------------------------------------

@contextlib.asynccontextmanager
async def shared_browser(host_map: dict | None = None, *, delay: float = 0.05,
                         page_timeout: float = 15, **opts):
    """One Chromium, HTTP client and politeness gates, as the runner's ``Shared`` holds them
    (fast politeness; two pages rendering at once)."""
    from playwright.async_api import async_playwright

    from auditor.browser import launch
    from auditor.http import make_client
    from auditor.politeness import HostGates
    from auditor.session import Shared

    host_map = host_map or {}
    options = SweepOptions(host_map=host_map, politeness_delay=delay, page_timeout=page_timeout,
                           render_concurrency=2, **opts)
    async with async_playwright() as pw:
        browser, _choice = await launch(pw, host_map=host_map)
        client = make_client(user_agent=options.user_agent, host_map=host_map,
                             timeout=page_timeout)
        try:
            yield Shared(options=options, browser=browser, client=client,
                         gates=HostGates(delay=delay), render_slots=asyncio.Semaphore(2),
                         fresh_slots=asyncio.Semaphore(2))
        finally:
            await client.aclose()
            with contextlib.suppress(Exception):
                await browser.close()


@contextlib.asynccontextmanager
async def browser_page(**page_kw):
    """A page of a Chromium of its own (as the auditor launches it), closed afterwards."""
    from playwright.async_api import async_playwright

    from auditor.browser import launch

    async with async_playwright() as pw:
        browser, _choice = await launch(pw)
        try:
            yield await browser.new_page(**page_kw)
        finally:
            await browser.close()


@contextlib.asynccontextmanager
async def probe_session(shared, target, folder: Path, personas=None):
    """A Session for one target with its evidence recorder in ``folder``; closed afterwards.
    Its deadline is set as the runner sets it (``timeout_per_target`` from now)."""
    from auditor.evidence import EvidenceRecorder
    from auditor.session import Session

    session = Session(target, shared, EvidenceRecorder(folder, target.id, set()), personas)
    session.deadline = asyncio.get_running_loop().time() + shared.options.timeout_per_target
    try:
        yield session
    finally:
        with contextlib.suppress(Exception):
            await session.close()


def demo_cases(prefix: str, only: tuple[str, ...] = ()) -> list[str]:
    """Demo services (outcome ok) whose truth file gives ``prefix`` signals, limited to ``only``.

    Every service's every signal is checked by tests/test_demo_agreement.py on one full demo
    sweep; a probe's own module re-runs the probe on the services where it has the most to get
    wrong (``only``), where it can also check what the sweep cannot (what was sent, redaction).
    """
    from auditor.demo import ALL, load_truth

    out = []
    for sid in ALL:
        if only and sid not in only:
            continue
        try:
            truth = load_truth(sid)
        except FileNotFoundError:          # a service still being written has no truth yet
            continue
        if truth.get("outcome", "ok") == "ok" and any(
                k.startswith(prefix) and k not in truth["known_limitations"]
                for k in truth["signals"]):
            out.append(sid)
    assert not only or len(out) == len(only), f"no {prefix} truth for {set(only) - set(out)}"
    return out


def cookie_login(users: dict[str, str], cookie: str, page, *, user_field: str = "user",
                 pass_field: str = "password"):
    """The ``/login`` and ``/logout`` handlers of a small test site whose members are ``users``
    (name: password): a posted form with the right password sets ``cookie`` to the name and
    goes home; ``page(req, title, body)`` draws the login form."""
    from urllib.parse import parse_qs

    def login(req: Request):
        if req.method == "POST":
            form = parse_qs(req.get_data(as_text=True))
            u, p = form.get(user_field, [""])[0], form.get(pass_field, [""])[0]
            if users.get(u) == p:
                r = Response("", 303, {"Location": "/"})
                r.set_cookie(cookie, u)
                return r
        return page(req, "Log in", "<h1>Log in</h1><form method='post' action='/login'><label>"
                    f"Username <input name='{user_field}'></label><label>Password <input "
                    f"name='{pass_field}' type='password'></label><button>Log in</button></form>")

    def logout(req: Request):
        r = Response("", 303, {"Location": "/"})
        r.delete_cookie(cookie)
        return r

    return login, logout
