"""Which URLs belong to a target (CONTRACT.md, "Scope of a target").

A target's own pages are those of its registrable domain (tldextract with its bundled suffix
list, never the network) plus ``extra_domains``; where there is no registrable domain (an IP
address, ``localhost``, ``.test``), the host and port.
"""

from __future__ import annotations

from functools import lru_cache
from urllib.parse import urlsplit

from tldextract import TLDExtract

_EXTRACT = TLDExtract(suffix_list_urls=(), cache_dir=None)


def host_port(url: str) -> str:
    """``host:port`` with the scheme's default port filled in (the politeness key)."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    port = parts.port or (443 if parts.scheme == "https" else 80)
    return f"{host}:{port}"


@lru_cache(maxsize=4096)
def registrable(host: str) -> str | None:
    ext = _EXTRACT(host)
    return ext.top_domain_under_public_suffix or None


def scope_key(url: str) -> str:
    """The registrable domain, else ``host:port``."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    reg = registrable(host) if host else None
    return reg if reg else host_port(url)


def _default_port(scheme: str) -> int:
    return 443 if scheme == "https" else 80


def _entry(domain: str) -> tuple[str, int | None]:
    """An ``extra_domains`` entry as ``(host, port or None)``: ``help.forum.example``,
    ``help.forum.example:8080``, ``[::1]:8080``."""
    parts = urlsplit("//" + domain.strip().lower().lstrip("."))
    try:
        port = parts.port
    except ValueError:
        port = None
    return (parts.hostname or "").rstrip("."), port


class Scope:
    """The URLs of one target.

    ``extra_domains`` entries widen it: a bare host (``help.forum.example``) takes in that host
    and its subdomains on any port, as a domain name does; an entry with a port
    (``help.forum.test:8080``) takes in that host and its subdomains on that port only (the
    scheme's default port when a URL names none).
    """

    def __init__(self, start_url: str, extra_domains: tuple[str, ...] | list[str] = ()):
        self.start_url = start_url
        self.keys = {scope_key(start_url)}
        self.extra = tuple(e for e in (_entry(d) for d in extra_domains) if e[0])

    def __contains__(self, url: str) -> bool:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https"):
            return False
        host = (parts.hostname or "").lower().rstrip(".")
        try:
            port = parts.port or _default_port(parts.scheme)
        except ValueError:                       # a port out of range: not a page of anyone's
            return False
        if scope_key(url) in self.keys:
            return True
        return any((host == d or host.endswith("." + d)) and (want is None or port == want)
                   for d, want in self.extra)
