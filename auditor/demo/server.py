"""The demo web: fictional services served on 127.0.0.1 by one threaded WSGI server.

Services use fictional host names with no port in their URLs (``http://www.quietforum.co.uk/``).
One werkzeug server listens on ``127.0.0.1:<port>`` and dispatches on the ``Host`` header; the
browser reaches it through ``--host-resolver-rules`` (:func:`auditor.demo.client.browser_args`)
and the HTTP client through a transport that maps hosts to ``(127.0.0.1, port)``
(:func:`auditor.demo.client.mapped_async_client`).  Both take :attr:`DemoWeb.host_map`.

Every request is logged (monotonic and wall time, host, method, path, user agent, status) so tests
can check politeness per host and obedience to robots.txt.
"""

from __future__ import annotations

import csv
import threading
import time
import tomllib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from werkzeug.serving import BaseWSGIServer, WSGIRequestHandler, make_server
from werkzeug.wrappers import Request, Response

from auditor.demo import services as _services
from auditor.demo.kit import Service, doc, esc

#: Target-list columns (CONTRACT.md) in the order written.
TARGET_COLUMNS = ("id", "name", "url", "service_kind", "extra_domains", "size_band",
                  "risk_levels", "likely_accessed_by_children", "regime", "allow_forms",
                  "accounts", "recipe", "tags", "notes")


@dataclass(frozen=True)
class LoggedRequest:
    t: float            # time.monotonic() when the request arrived
    wall: float         # time.time() at the same moment
    host: str           # Host header without port, lower case
    method: str
    path: str
    query: str
    user_agent: str
    status: int
    service: str        # service id, "" when the host is unknown

    @property
    def url(self) -> str:
        return f"http://{self.host}{self.path}" + (f"?{self.query}" if self.query else "")


class _QuietHandler(WSGIRequestHandler):
    """No request lines on stderr; idle keep-alive connections give up their thread."""

    timeout = 15

    def log(self, type: str, message: str, *args: Any) -> None:  # noqa: A002
        pass


class DemoWeb:
    """The bundled demo web; a context manager (``with DemoWeb() as web: ...``).

    ``services``: service ids to serve (default: all of :data:`auditor.demo.services.ALL`).
    ``port``: 0 picks a free port.  ``stream_seconds`` caps how long the never-ending page of
    the hostile service keeps a connection (and a server thread) busy.
    """

    def __init__(self, services: list[str] | None = None, port: int = 0, *,
                 stream_seconds: float = 30.0):
        self.services: list[Service] = [s.fresh() for s in _services.load(services)]
        self._by_host: dict[str, Service] = {}
        for svc in self.services:
            for h in svc.hosts:
                if h.lower() in self._by_host:
                    raise ValueError(f"host {h} served twice")
                self._by_host[h.lower()] = svc
        self._port = port
        self._server: BaseWSGIServer | None = None
        self._thread: threading.Thread | None = None
        self._log: list[LoggedRequest] = []
        self._log_lock = threading.Lock()
        self.stopping = threading.Event()
        self.stream_seconds = stream_seconds

    # -- lifecycle ---------------------------------------------------------------------------
    def start(self) -> DemoWeb:
        if self._server is not None:
            return self
        self.stopping.clear()
        self._server = make_server("127.0.0.1", self._port, self._dispatch, threaded=True,
                                   request_handler=_QuietHandler)
        self._port = self._server.server_port
        self._thread = threading.Thread(target=self._server.serve_forever,
                                        kwargs={"poll_interval": 0.1},
                                        name=f"demo-web:{self._port}", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is None:
            return
        self.stopping.set()
        self._server.shutdown()
        self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._server = None
        self._thread = None

    def __enter__(self) -> DemoWeb:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def running(self) -> bool:
        return self._server is not None

    @property
    def port(self) -> int:
        if self._server is None and self._port == 0:
            raise RuntimeError("DemoWeb not started: the port is chosen at start()")
        return self._port

    # -- addressing --------------------------------------------------------------------------
    @property
    def hosts(self) -> list[str]:
        return list(self._by_host)

    @property
    def host_map(self) -> dict[str, tuple[str, int]]:
        """Every host of every service -> ("127.0.0.1", port)."""
        return {h: ("127.0.0.1", self.port) for h in self._by_host}

    def service(self, service_id: str) -> Service:
        for svc in self.services:
            if svc.id == service_id:
                return svc
        raise KeyError(f"no demo service {service_id!r} in this DemoWeb")

    def url(self, service_id: str, path: str = "") -> str:
        """The service's start URL, or ``path`` on its first host."""
        svc = self.service(service_id)
        if not path:
            return svc.start_url
        return f"http://{svc.hosts[0]}{path if path.startswith('/') else '/' + path}"

    # -- the request log ---------------------------------------------------------------------
    def requests(self, host: str | None = None) -> list[LoggedRequest]:
        """Logged requests in arrival order (optionally only those for ``host``)."""
        with self._log_lock:
            out = sorted(self._log, key=lambda r: r.t)
        if host is not None:
            out = [r for r in out if r.host == host.lower()]
        return out

    def clear_log(self) -> None:
        with self._log_lock:
            self._log.clear()

    def _dispatch(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        raw_host = environ.get("HTTP_HOST") or environ.get("SERVER_NAME") or ""
        host = raw_host.rsplit(":", 1)[0].lower() if not raw_host.startswith("[") else raw_host
        svc = self._by_host.get(host)
        environ["demo.web"] = self
        arrived, arrived_wall = time.monotonic(), time.time()

        def logging_start_response(status: str, headers: list, exc_info: Any = None):
            entry = LoggedRequest(
                t=arrived, wall=arrived_wall, host=host,
                method=environ.get("REQUEST_METHOD", ""),
                path=environ.get("PATH_INFO", ""), query=environ.get("QUERY_STRING", ""),
                user_agent=environ.get("HTTP_USER_AGENT", ""),
                status=int(status.split(" ", 1)[0]), service=svc.id if svc else "")
            with self._log_lock:
                self._log.append(entry)
            return start_response(status, headers, exc_info) if exc_info else \
                start_response(status, headers)

        if svc is None:
            return self._index(environ, logging_start_response)
        return svc.app(environ, logging_start_response)

    def _index(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        """127.0.0.1 itself (or an unknown host): a list of the services, for people."""
        req = Request(environ)
        known = req.host.split(":")[0] in ("127.0.0.1", "localhost")
        items = "".join(f"<li><a href='{esc(s.start_url)}'>{esc(s.name)}</a> "
                        f"<code>{esc(' '.join(s.hosts))}</code> {esc(s.description)}</li>"
                        for s in self.services)
        body = doc("Demo web", f"<h1>Demo web</h1><p>Fictional services on port {self.port}; "
                               f"reach them by host name.</p><ul>{items}</ul>")
        resp = Response(body, status=200 if known else 404, content_type="text/html")
        return resp(environ, start_response)

    # -- files for the auditor ---------------------------------------------------------------
    def target_rows(self) -> list[dict[str, str]]:
        rows = []
        for svc in self.services:
            row = {c: "" for c in TARGET_COLUMNS}
            row.update(id=svc.id, name=svc.name, url=svc.start_url)
            for k, v in svc.row.items():
                if k not in row:
                    raise ValueError(f"service {svc.id}: unknown target column {k!r}")
                row[k] = v
            rows.append(row)
        return rows

    def write_targets(self, path: str | Path) -> Path:
        """A target list (CONTRACT.md schema) for the services of this demo web."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("w", newline="", encoding="utf-8") as f:
            w = csv.DictWriter(f, fieldnames=TARGET_COLUMNS, lineterminator="\n")
            w.writeheader()
            w.writerows(self.target_rows())
        return path

    def write_secrets(self, path: str | Path) -> Path:
        """The secrets file (TOML) for the ``accounts`` keys the target list names."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        out = ["# Test personas of the demo web (fictional accounts on 127.0.0.1).", ""]
        for svc in self.services:
            key = svc.row.get("accounts")
            if not key:
                continue
            for persona, p in svc.personas.items():
                out.append(f"[{key}.{persona}]")
                for k, v in p.as_dict().items():
                    out.append(f"{k} = {_toml_value(v)}")
                out.append("")
        path.write_text("\n".join(out), encoding="utf-8")
        return path

    def truth(self, service_id: str) -> dict[str, Any]:
        """The ground truth of a service (``auditor/demo/truth/<id>.toml``)."""
        self.service(service_id)
        return load_truth(service_id)


def load_truth(service_id: str) -> dict[str, Any]:
    ref = resources.files("auditor.demo").joinpath("truth", f"{service_id}.toml")
    data = tomllib.loads(ref.read_text(encoding="utf-8"))
    data.setdefault("signals", {})
    data.setdefault("known_limitations", {})
    return data


def _toml_value(v: object) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    s = str(v).replace("\\", "\\\\").replace('"', '\\"')
    return f'"{s}"'
