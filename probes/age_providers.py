"""Age-assurance providers as data: how each is recognised on a page and what it offers.

The table is ``probes/age_providers.toml`` (its header explains the fields; every fact names its
source).  A user adds providers, or replaces one by its key, with ``--providers FILE`` in the same
format, with no code.  The age_gate probe recognises a provider by the hosts of links, frames,
redirects and scripts (:meth:`ProviderTable.by_url`), by script URLs that carry an SDK's name
(:meth:`ProviderTable.by_script`), and by the globals and elements an SDK leaves in the page
(:meth:`ProviderTable.by_marks`, fed by the page scan's ``sdk`` facts).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

from probes.data_tables import DataFileError, merged, read_toml

BUNDLED = Path(__file__).with_name("age_providers.toml")
METHODS = ("facial_estimation", "photo_id_liveness", "photo_id_no_liveness", "credit_card",
           "debit_card", "open_banking", "mobile_operator", "digital_identity",
           "email_estimation")
_LISTS = ("domains", "script_hints", "globals", "elements", "methods")


class ProvidersFileError(DataFileError):
    """A providers file that cannot be used; the message says where and how to fix it."""


@dataclass(frozen=True)
class Provider:
    key: str
    name: str
    domains: tuple[str, ...] = ()
    script_hints: tuple[str, ...] = ()
    globals: tuple[str, ...] = ()
    elements: tuple[str, ...] = ()
    methods: tuple[str, ...] = ()
    sources: dict = field(default_factory=dict, compare=False, hash=False)

    def owns_host(self, host: str) -> str | None:
        """The provider domain ``host`` belongs to (itself or a subdomain), if any."""
        host = host.lower().rstrip(".")
        for dom in self.domains:
            if host == dom or host.endswith("." + dom):
                return dom
        return None


@dataclass(frozen=True)
class ProviderTable:
    providers: tuple[Provider, ...]
    origin: str = "bundled"

    def by_key(self, key: str) -> Provider | None:
        return next((p for p in self.providers if p.key == key), None)

    def by_url(self, url_or_host: str) -> tuple[Provider, str] | None:
        """The provider whose domain a URL (or bare host) is on, with that domain."""
        host = urlsplit(url_or_host).hostname if "//" in url_or_host else url_or_host
        host = (host or "").lower()
        best: tuple[Provider, str] | None = None
        for p in self.providers:
            dom = p.owns_host(host)
            if dom and (best is None or len(dom) > len(best[1])):
                best = (p, dom)          # the most specific domain wins
        return best

    def by_script(self, src: str) -> Provider | None:
        """The provider whose SDK a script URL loads (its host, or a hint in its path)."""
        hit = self.by_url(src) if src.startswith("http") else None
        if hit:
            return hit[0]
        low = src.lower()
        for p in self.providers:
            if any(h.lower() in low for h in p.script_hints):
                return p
        return None

    def by_marks(self, sdk: dict | None) -> list[Provider]:
        """Providers whose globals or elements a page scan found (``{"globals": [...],
        "elements": [...]}``, the names the scan was asked about and found)."""
        if not sdk:
            return []
        found_globals = set(sdk.get("globals") or [])
        found_elements = set(sdk.get("elements") or [])
        return [p for p in self.providers
                if found_globals & set(p.globals) or found_elements & set(p.elements)]

    def hints(self) -> dict:
        """What the page scan looks for: every table's globals and element marks (worked out
        once per table: every page scan asks)."""
        return _hints(self.providers)


@lru_cache(maxsize=8)
def _hints(providers: tuple[Provider, ...]) -> dict:
    return {"globals": sorted({g for p in providers for g in p.globals}),
            "elements": sorted({e for p in providers for e in p.elements})}


def _parse(data: dict, origin: str) -> list[Provider]:
    rows = data.get("provider")
    if not isinstance(rows, list) or not rows:
        raise ProvidersFileError(f"{origin}: no [[provider]] tables. Fix: add one per provider "
                                 f"(see {BUNDLED.name} in the package for the format).")
    out = []
    for n, row in enumerate(rows, start=1):
        where = f"{origin}: provider {n} ({row.get('key', 'no key')!r})"
        if not isinstance(row.get("key"), str) or not row["key"].strip():
            raise ProvidersFileError(f"{where}: no key. Fix: add key = \"short-name\".")
        if not isinstance(row.get("name"), str) or not row["name"].strip():
            raise ProvidersFileError(f"{where}: no name. Fix: add name = \"Display Name\".")
        unknown = set(row) - {"key", "name", "sources", *_LISTS}
        if unknown:
            raise ProvidersFileError(f"{where}: unknown field(s) {', '.join(sorted(unknown))}. "
                                     f"Fix: use only key, name, {', '.join(_LISTS)}, sources.")
        lists = {}
        for name in _LISTS:
            value = row.get(name, [])
            if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
                raise ProvidersFileError(f"{where}: {name} must be a list of strings.")
            lists[name] = tuple(value)
        bad = [m for m in lists["methods"] if m not in METHODS]
        if bad:
            raise ProvidersFileError(f"{where}: unknown method(s) {', '.join(bad)}. Fix: use "
                                     f"{', '.join(METHODS)}.")
        lists["domains"] = tuple(d.lower().strip(".") for d in lists["domains"])
        out.append(Provider(row["key"].strip(), row["name"].strip(), sources=dict(
            row.get("sources") or {}), **lists))
    return out


def read(path: Path) -> list[Provider]:
    return _parse(read_toml(path, ProvidersFileError, "providers", "provider"), str(path))


@lru_cache(maxsize=8)
def load(extra: str | None = None) -> ProviderTable:
    """The bundled table, with the providers of ``extra`` (a path) added or replacing the
    bundled ones of the same key."""
    return ProviderTable(merged(read(BUNDLED), extra, read, lambda p: p.key),
                         origin=extra or "bundled")


def table_for(options) -> ProviderTable:
    """The table a sweep uses (its ``providers_file`` option, else the bundled one)."""
    return load(getattr(options, "providers_file", None) or None)
