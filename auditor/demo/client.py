"""Reaching the demo web's fictional hosts: an httpx client and Chromium launch arguments.

Both take a host map ``{host: (ip, port)}`` (:attr:`auditor.demo.server.DemoWeb.host_map`).
URLs keep their fictional host and no port; only the connection goes to ``ip:port``.
"""

from __future__ import annotations

from typing import Any

import httpx

HostMap = dict[str, tuple[str, int]]

_LOOPBACK = ("127.0.0.1", "localhost", "::1")


class MappedTransport(httpx.AsyncBaseTransport):
    """Sends a request for a mapped host to its ``(ip, port)``, keeping the ``Host`` header.

    The request passed on is a copy with a rewritten URL; httpx sets ``response.request`` back to
    the original request, so redirects and ``response.url`` keep the fictional host.  Hosts not
    in the map fail as unresolvable (``strict``, the default, as the browser's ``MAP *
    ~NOTFOUND``), except loopback addresses, which pass through.
    """

    def __init__(self, host_map: HostMap, *, strict: bool = True,
                 inner: httpx.AsyncBaseTransport | None = None):
        self.host_map = {h.lower(): v for h, v in host_map.items()}
        self.strict = strict
        self.inner = inner or httpx.AsyncHTTPTransport()

    def _rewrite(self, request: httpx.Request) -> httpx.Request:
        host = request.url.host.lower()
        if host in self.host_map:
            ip, port = self.host_map[host]
            url = request.url.copy_with(scheme="http", host=ip, port=port)
            return httpx.Request(request.method, url, headers=request.headers,
                                 stream=request.stream, extensions=request.extensions)
        if self.strict and host not in _LOOPBACK:
            raise httpx.ConnectError(f"[demo] host {host!r} is not in the host map",
                                     request=request)
        return request

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        return await self.inner.handle_async_request(self._rewrite(request))

    async def aclose(self) -> None:
        await self.inner.aclose()


class MappedSyncTransport(httpx.BaseTransport):
    """The synchronous twin of :class:`MappedTransport`."""

    def __init__(self, host_map: HostMap, *, strict: bool = True):
        self._mapper = MappedTransport(host_map, strict=strict, inner=None)
        self.inner = httpx.HTTPTransport()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        return self.inner.handle_request(self._mapper._rewrite(request))

    def close(self) -> None:
        self.inner.close()


def mapped_async_client(host_map: HostMap, *, strict: bool = True,
                        **kwargs: Any) -> httpx.AsyncClient:
    """An ``httpx.AsyncClient`` that reaches the demo hosts through ``host_map``."""
    kwargs.setdefault("timeout", 10.0)
    return httpx.AsyncClient(transport=MappedTransport(host_map, strict=strict), **kwargs)


def mapped_client(host_map: HostMap, *, strict: bool = True, **kwargs: Any) -> httpx.Client:
    """The synchronous ``httpx.Client`` equivalent of :func:`mapped_async_client`."""
    kwargs.setdefault("timeout", 10.0)
    return httpx.Client(transport=MappedSyncTransport(host_map, strict=strict), **kwargs)


def host_resolver_rules(host_map: HostMap) -> str:
    rules = [f"MAP {h} {ip}:{port}" for h, (ip, port) in host_map.items()]
    rules += ["MAP * ~NOTFOUND", "EXCLUDE localhost", "EXCLUDE 127.0.0.1"]
    return ", ".join(rules)


def browser_args(host_map: HostMap) -> list[str]:
    """Chromium arguments that resolve every mapped host to its ``ip:port`` and nothing else."""
    return [f"--host-resolver-rules={host_resolver_rules(host_map)}"]
