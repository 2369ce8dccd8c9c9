"""The HTTP client side of a session: httpx with a host map for the demo web and tests,
robots.txt (protego), byte caps, and classification of transient errors.

The client does not follow redirects itself: :meth:`auditor.session.Session.fetch` follows them
hop by hop, so every hop is checked against robots.txt and waits at its own host's gate."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

import httpx
from protego import Protego

TRANSIENT_STATUS = frozenset({408, 425, 429, 500, 502, 503, 504})
REDIRECT_STATUS = frozenset({301, 302, 303, 307, 308})
MAX_REDIRECTS = 10


class MappedTransport(httpx.AsyncBaseTransport):
    """Sends requests for mapped host names to local addresses, keeping the Host header.

    httpx sets ``response.request`` back to the original request, so redirects and relative
    links resolve against the fictional host as they would on the web.
    """

    def __init__(self, host_map: dict[str, tuple[str, int]], inner: httpx.AsyncBaseTransport):
        self.host_map = {h.lower(): v for h, v in host_map.items()}
        self.inner = inner

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        target = self.host_map.get(request.url.host.lower())
        if target is None:
            if self.host_map:
                raise httpx.ConnectError(f"host {request.url.host} is not on this test network",
                                         request=request)
            return await self.inner.handle_async_request(request)
        ip, port = target
        mapped = httpx.Request(request.method, request.url.copy_with(host=ip, port=port),
                               headers=request.headers, stream=request.stream,
                               extensions=request.extensions)
        return await self.inner.handle_async_request(mapped)

    async def aclose(self) -> None:
        await self.inner.aclose()


def make_client(*, user_agent: str, host_map=None, proxy: str | None = None,
                timeout: float = 20.0) -> httpx.AsyncClient:
    inner = httpx.AsyncHTTPTransport(proxy=proxy, retries=0)
    transport = MappedTransport(host_map or {}, inner) if host_map else inner
    return httpx.AsyncClient(transport=transport, headers={"User-Agent": user_agent},
                             timeout=httpx.Timeout(timeout), follow_redirects=False,
                             max_redirects=MAX_REDIRECTS,
                             limits=httpx.Limits(max_connections=8))


@dataclass
class FetchResult:
    url: str                    # asked for
    final_url: str              # after redirects
    status: int
    headers: dict[str, str]
    content: bytes
    truncated: bool = False
    elapsed: float = 0.0
    redirects: list[str] = field(default_factory=list)
    request_headers: dict[str, str] = field(default_factory=dict)   # as sent (web archive)
    server_ip: str = ""                                             # where known

    @property
    def location(self) -> str | None:
        """The absolute URL a redirect answer points to, else None."""
        where = self.headers.get("location", "").strip()
        if self.status not in REDIRECT_STATUS or not where:
            return None
        try:
            return str(httpx.URL(self.final_url).join(where))
        except (httpx.InvalidURL, ValueError):
            return None

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()

    @property
    def text(self) -> str:
        charset = "utf-8"
        ct = self.headers.get("content-type", "")
        if "charset=" in ct:
            charset = ct.split("charset=")[-1].split(";")[0].strip() or "utf-8"
        try:
            return self.content.decode(charset, errors="replace")
        except LookupError:
            return self.content.decode("utf-8", errors="replace")


async def fetch(client: httpx.AsyncClient, url: str, *, max_bytes: int,
                method: str = "GET", total_seconds: float | None = None) -> FetchResult:
    """One request, the body read up to ``max_bytes``.  ``total_seconds`` bounds the whole
    exchange (httpx's timeouts bound each read, so a server dripping a byte a second would
    otherwise hold the target for ever): past it, :class:`httpx.ReadTimeout`."""
    loop = asyncio.get_running_loop()
    t0 = loop.time()
    try:
        async with asyncio.timeout(total_seconds):
            return await _exchange(client, url, max_bytes, method, t0)
    except TimeoutError:
        raise httpx.ReadTimeout(f"{url}: no complete answer within {total_seconds:g} s "
                                "(total time limit)") from None


async def _exchange(client: httpx.AsyncClient, url: str, max_bytes: int, method: str,
                    t0: float) -> FetchResult:
    loop = asyncio.get_running_loop()
    async with client.stream(method, url) as resp:
        chunks, size, truncated = [], 0, False
        async for chunk in resp.aiter_bytes():
            chunks.append(chunk)
            size += len(chunk)
            if size > max_bytes:
                truncated = True
                break
        body = b"".join(chunks)[:max_bytes]
        return FetchResult(url, str(resp.url), resp.status_code,
                           {k.lower(): v for k, v in resp.headers.items()}, body, truncated,
                           loop.time() - t0, [str(r.url) for r in resp.history],
                           dict(resp.request.headers.items()), _server_ip(resp))


def _server_ip(resp: httpx.Response) -> str:
    """The address the answer came from (recorded in the web archive), "" when unknown."""
    stream = resp.extensions.get("network_stream")
    try:
        addr = stream.get_extra_info("server_addr") if stream is not None else None
    except Exception:   # noqa: BLE001 - a transport that cannot say
        return ""
    return str(addr[0]) if isinstance(addr, tuple) and addr else ""


class Robots:
    """robots.txt of one host, as read once per run.

    ``unavailable`` is set (to the reason) when robots.txt could not be read for a reason other
    than its absence (a 5xx answer, a timeout): the host is then treated as disallowing
    everything for the sweep, as Google does.  A 4xx answer means no robots.txt: allow all.
    """

    def __init__(self, text: str | None, user_agent: str, *, unavailable: str | None = None):
        self.present = text is not None or unavailable is not None
        self.user_agent = user_agent
        self.unavailable = unavailable
        self._parser = Protego.parse(text) if text else None

    def allowed(self, url: str) -> bool:
        if self.unavailable:
            return False
        return self._parser is None or self._parser.can_fetch(url, self.user_agent)

    def sitemaps(self) -> list[str]:
        return list(self._parser.sitemaps) if self._parser else []

    def crawl_delay(self) -> float | None:
        return self._parser.crawl_delay(self.user_agent) if self._parser else None
