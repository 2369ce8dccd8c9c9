"""Community software as data: how each platform is recognised, and the pure matcher.

The table is ``probes/platforms.toml`` (its header explains the fields; every fact names its
source).  A user adds platforms, or replaces one by its key, with ``--platforms FILE`` in the
same format, with no code.

:func:`recognise` is a pure function of :class:`PageFacts` (a page's HTML, response headers,
cookie names and the JavaScript globals a browser saw), so it is unit-tested on fixture pages.
A platform is recognised on one strong marker (a generator tag, a platform-unique cookie or
element) or two weak ones; visible prose never counts: only tags, attributes, asset URLs,
inline scripts, headers and cookies are read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from bs4 import BeautifulSoup
from soupsieve import SelectorSyntaxError

from probes.data_tables import DataFileError, merged, read_toml

BUNDLED = Path(__file__).with_name("platforms.toml")
KINDS = ("generator", "meta", "cookie", "header", "asset", "element", "global", "source")
STRONG, WEAK = 2, 1
THRESHOLD = 2                     # one strong marker, or two weak ones
MAX_HTML = 2_000_000              # characters of a page read for markers
_MARKUP = re.compile(r"[<>=\"']")
_KEY = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
_MARKER_FIELDS = {"kind", "match", "name", "strong", "version", "attr", "source"}
_PLATFORM_FIELDS = {"key", "name", "version_url", "version_regex", "marker", "login_path",
                    "signup_path", "dm_path", "report_path"}
PATH_FIELDS = ("login_path", "signup_path", "dm_path")


class PlatformsFileError(DataFileError):
    """A platforms file that cannot be used; the message says where and how to fix it."""


@dataclass(frozen=True)
class Marker:
    kind: str
    match: str
    name: str = ""
    strong: bool = False
    version: str = ""
    attr: str = ""
    source: str = field(default="", compare=False)

    @property
    def what(self) -> str:
        return {"generator": "generator meta tag", "meta": f"meta {self.name}",
                "cookie": "cookie", "header": f"{self.name} header", "asset": "asset URL",
                "element": "element", "global": "JavaScript global",
                "source": "markup"}[self.kind]

    def describe(self) -> str:
        return f"{self.what} {self.match!r}" if self.match else self.what


@dataclass(frozen=True)
class Platform:
    key: str
    name: str
    markers: tuple[Marker, ...]
    version_url: str = ""
    version_regex: str = ""
    login_path: str = ""              # where the platform's login page is (from its root)
    signup_path: str = ""             # where its registration page is
    dm_path: str = ""                 # where a member writes a private message to another
    report_path: tuple[str, str] = ()  # (a content item's path regex, its report address)

    def report_url_for(self, item_url: str) -> str:
        """The report address of the content item at ``item_url`` (same site), where the table
        says how the software builds it from the item's address; else ""."""
        if not self.report_path:
            return ""
        parts = urlsplit(item_url)
        m = re.search(self.report_path[0], parts.path + ("?" + parts.query if parts.query
                                                          else ""))
        return urljoin(item_url, m.expand(self.report_path[1])) if m else ""

    def path_of(self, kind: str) -> str:
        return {"login": self.login_path, "signup": self.signup_path,
                "dm": self.dm_path}.get(kind, "")


@dataclass
class PageFacts:
    """What one page gave: its HTML, response headers (lower-case names), cookie names and
    the JavaScript globals a browser found (of those the table asks about)."""
    url: str = ""
    html: str = ""
    headers: dict[str, str] = field(default_factory=dict)
    cookies: list[str] = field(default_factory=list)
    globals: list[str] = field(default_factory=list)
    read_via: str = "http"


@dataclass(frozen=True)
class Hit:
    marker: Marker
    evidence: str             # what matched, capped
    url: str
    version: str = ""


@dataclass
class Recognition:
    platform: str = ""                      # key; "" when none recognised
    name: str = ""
    version: str = ""
    score: int = 0
    hits: list[Hit] = field(default_factory=list)
    others: list[tuple[str, int]] = field(default_factory=list)   # runners-up above 0
    version_from: str = ""

    @property
    def confidence(self) -> float:
        if not self.platform:
            return 0.6
        strong = sum(1 for h in self.hits if h.marker.strong)
        if strong >= 2 or (strong and len(self.hits) >= 2) or self.score >= 4:
            return 0.95
        return 0.8 if strong else 0.7

    def note(self) -> str:
        if not self.platform:
            seen = ", ".join(f"{k} ({s})" for k, s in self.others) or "none"
            return ("not_found: no known community software recognised (weak markers of: "
                    f"{seen})")
        parts = [f"{self.platform} recognised from " + "; ".join(
            f"{h.marker.what} {h.evidence or h.marker.match}" for h in self.hits)]
        if self.others:
            parts.append("also markers of " + ", ".join(f"{k} ({s})" for k, s in self.others))
        return " | ".join(parts)[:900]


@dataclass(frozen=True)
class PlatformTable:
    platforms: tuple[Platform, ...]
    origin: str = "bundled"

    def by_key(self, key: str) -> Platform | None:
        return next((p for p in self.platforms if p.key == key), None)

    def keys(self) -> list[str]:
        return [p.key for p in self.platforms]

    def global_names(self) -> list[str]:
        """Every JavaScript global some platform is recognised by (asked of the browser)."""
        return _globals(self.platforms)


@lru_cache(maxsize=8)
def _globals(platforms: tuple[Platform, ...]) -> list[str]:
    return sorted({m.match for p in platforms for m in p.markers if m.kind == "global"})


# -- reading the table ----------------------------------------------------------------------

def _marker(row: dict, where: str) -> Marker:
    unknown = set(row) - _MARKER_FIELDS
    if unknown:
        raise PlatformsFileError(f"{where}: unknown field(s) {', '.join(sorted(unknown))}. "
                                 f"Fix: use only {', '.join(sorted(_MARKER_FIELDS))}.")
    kind = row.get("kind")
    if kind not in KINDS:
        raise PlatformsFileError(f"{where}: kind {kind!r} is not one of {', '.join(KINDS)}.")
    match = row.get("match", "")
    if not isinstance(match, str) or (not match and kind not in ("meta", "header")):
        raise PlatformsFileError(f"{where}: match must be a non-empty string.")
    name = row.get("name", "")
    if kind in ("meta", "header") and (not isinstance(name, str) or not name):
        raise PlatformsFileError(f"{where}: a {kind} marker needs name = \"...\".")
    for key in ("version", "attr", "source"):
        if not isinstance(row.get(key, ""), str):
            raise PlatformsFileError(f"{where}: {key} must be a string.")
    if not isinstance(row.get("strong", False), bool):
        raise PlatformsFileError(f"{where}: strong must be true or false.")
    if kind == "source" and not _MARKUP.search(match):
        raise PlatformsFileError(f"{where}: a source marker must anchor on markup (contain < > "
                                 "= or a quote), never on words alone.")
    regexes = [row.get("version", "")]
    if kind not in ("element", "global", "meta", "header") or (kind in ("meta", "header")
                                                               and match):
        regexes.append(match)
    for rx in regexes:
        if rx:
            try:
                re.compile(rx)
            except re.error as exc:
                raise PlatformsFileError(f"{where}: bad regex {rx!r} ({exc}).") from None
    if kind == "element":
        try:
            BeautifulSoup("<p></p>", "html.parser").select(match)
        except (SelectorSyntaxError, ValueError) as exc:
            raise PlatformsFileError(f"{where}: bad CSS selector {match!r} ({exc}).") from None
    return Marker(kind, match, name.lower() if kind == "header" else name,
                  row.get("strong", False), row.get("version", ""), row.get("attr", ""),
                  row.get("source", ""))


def _parse(data: dict, origin: str) -> list[Platform]:
    rows = data.get("platform")
    if not isinstance(rows, list) or not rows:
        raise PlatformsFileError(f"{origin}: no [[platform]] tables. Fix: add one per platform "
                                 f"(see {BUNDLED.name} in the package for the format).")
    out = []
    for n, row in enumerate(rows, start=1):
        where = f"{origin}: platform {n} ({row.get('key', 'no key')!r})"
        key = row.get("key")
        if not isinstance(key, str) or not _KEY.match(key):
            raise PlatformsFileError(f"{where}: key must be a lower-case name such as "
                                     "\"phpbb\".")
        if not isinstance(row.get("name"), str) or not row["name"].strip():
            raise PlatformsFileError(f"{where}: no name. Fix: add name = \"Display Name\".")
        unknown = set(row) - _PLATFORM_FIELDS
        if unknown:
            raise PlatformsFileError(f"{where}: unknown field(s) {', '.join(sorted(unknown))}."
                                     f" Fix: use only {', '.join(sorted(_PLATFORM_FIELDS))}.")
        vurl, vrx = row.get("version_url", ""), row.get("version_regex", "")
        if bool(vurl) != bool(vrx) or (vurl and not str(vurl).startswith("/")):
            raise PlatformsFileError(f"{where}: version_url (a path starting with /) and "
                                     "version_regex go together.")
        if vrx:
            try:
                re.compile(vrx)
            except re.error as exc:
                raise PlatformsFileError(f"{where}: bad version_regex ({exc}).") from None
        for fld in PATH_FIELDS:
            if fld in row and (not isinstance(row[fld], str) or not row[fld].startswith("/")):
                raise PlatformsFileError(f"{where}: {fld} must be a path starting with /.")
        report = row.get("report_path", [])
        if report and not (isinstance(report, list) and len(report) == 2
                           and all(isinstance(x, str) for x in report)
                           and report[1].startswith("/")):
            raise PlatformsFileError(f"{where}: report_path must be [\"regex over a content "
                                     "item's path\", \"/its/report/path with \\1\"].")
        if report:
            try:
                groups = re.compile(report[0]).groups
                if any(int(g) > groups for g in re.findall(r"\\(\d)", report[1])):
                    raise re.error("the report path uses a group the regex does not have")
            except re.error as exc:
                raise PlatformsFileError(f"{where}: bad report_path ({exc}).") from None
        markers = row.get("marker")
        if not isinstance(markers, list) or not markers:
            raise PlatformsFileError(f"{where}: no [[platform.marker]] tables.")
        ms = tuple(_marker(m, f"{where} marker {i}") for i, m in enumerate(markers, start=1))
        out.append(Platform(key, row["name"].strip(), ms, vurl, vrx,
                            *(row.get(fld, "") for fld in PATH_FIELDS),
                            tuple(report)))
    return out


def read(path: Path) -> list[Platform]:
    return _parse(read_toml(path, PlatformsFileError, "platforms", "platform"), str(path))


@lru_cache(maxsize=8)
def load(extra: str | None = None) -> PlatformTable:
    """The bundled table, with the platforms of ``extra`` (a path) added or replacing the
    bundled ones of the same key."""
    return PlatformTable(merged(read(BUNDLED), extra, read, lambda p: p.key),
                         origin=extra or "bundled")


def table_for(options) -> PlatformTable:
    """The table a sweep uses (its ``platforms_file`` option, else the bundled one)."""
    return load(getattr(options, "platforms_file", None) or None)


def home_platform(session) -> Platform | None:
    """The platform the home page (as discovery rendered it) is built with, if the sweep's
    table knows it: the one question discovery, reporting and messaging ask, answered once per
    home page."""
    sm = session.sitemap
    if sm is None or not sm.home_html:
        return None
    table = table_for(session.options)
    key = _home_key(sm.home_url or sm.start_url, sm.home_html, table.origin)
    return table.by_key(key) if key else None


@lru_cache(maxsize=8)          # a few home pages at once (the targets open together)
def _home_key(url: str, html: str, origin: str) -> str:
    table = load(None if origin == "bundled" else origin)
    return recognise([PageFacts(url=url, html=html, read_via="browser")], table).platform


# -- matching ---------------------------------------------------------------------------------

@dataclass
class _Parsed:
    url: str
    soup: BeautifulSoup
    html: str
    meta: dict[str, list[str]]
    assets: list[str]
    scripts: str
    headers: dict[str, str]
    cookies: set[str]
    globals: set[str]


def _parse_page(p: PageFacts) -> _Parsed:
    html = (p.html or "")[:MAX_HTML]
    soup = BeautifulSoup(html, "html.parser")
    meta: dict[str, list[str]] = {}
    for tag in soup.find_all("meta"):
        key = (tag.get("name") or tag.get("property") or "").strip().lower()
        if key:
            meta.setdefault(key, []).append(str(tag.get("content") or "").strip())
    assets = []
    for tag in soup.find_all(["script", "link", "img", "source", "iframe"]):
        for attr in ("src", "href", "data-src"):
            v = tag.get(attr)
            if isinstance(v, str) and v.strip():
                assets.append(v.strip())
    scripts = "\n".join(s.get_text() or "" for s in soup.find_all("script")
                        if not s.get("src"))[:MAX_HTML]
    headers = {k.lower(): str(v) for k, v in (p.headers or {}).items()}
    cookies = set(p.cookies or ()) | set(cookie_names(headers.get("set-cookie", "")))
    return _Parsed(p.url, soup, html, meta, assets, scripts, headers, cookies,
                   set(p.globals or ()))


def cookie_names(set_cookie: str) -> list[str]:
    """Cookie names in a Set-Cookie header value (several joined by ", " as HTTP clients do;
    an Expires date's comma is not taken for a new cookie)."""
    return re.findall(r"(?:^|,\s*)([^=;,\s]+)=", set_cookie or "")


def _cap(text: str, n: int = 80) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= n else text[: n - 1] + "…"


def _version(rx: str, text: str) -> str:
    if not rx or not text:
        return ""
    m = re.search(rx, text)
    return m.group(1).strip() if m and m.groups() and m.group(1) else ""


def _declares(scripts: str, name: str) -> bool:
    rx = (r"(?:\b(?:var|let|const)\s+|\bwindow\.|(?<![\w.$]))" + re.escape(name)
          + r"\s*=(?!=)")
    return re.search(rx, scripts) is not None


def _match(m: Marker, pg: _Parsed) -> Hit | None:
    k = m.kind
    if k in ("generator", "meta"):
        values = pg.meta.get("generator" if k == "generator" else m.name.lower(), [])
        for v in values:
            if not m.match or re.search(m.match, v):
                return Hit(m, _cap(v), pg.url, _version(m.version, v))
    elif k == "cookie":
        for c in sorted(pg.cookies):
            if re.fullmatch(m.match, c):
                return Hit(m, _cap(c, 60), pg.url)
    elif k == "header":
        v = pg.headers.get(m.name)
        if v is not None and (not m.match or re.search(m.match, v)):
            return Hit(m, f"{m.name}: {_cap(v, 60)}", pg.url, _version(m.version, v))
    elif k == "asset":
        hit = next((a for a in pg.assets if re.search(m.match, a)), None)
        if hit is not None:
            ver = next((v for a in pg.assets if (v := _version(m.version, a))), "")
            return Hit(m, _cap(hit), pg.url, ver)
    elif k == "element":
        try:
            el = pg.soup.select_one(m.match)
        except (SelectorSyntaxError, ValueError):
            return None
        if el is not None:
            ver = _version(m.version, str(el.get(m.attr) or "")) if m.attr else ""
            return Hit(m, _cap(m.match), pg.url, ver)
    elif k == "global":
        if m.match in pg.globals or _declares(pg.scripts, m.match):
            return Hit(m, "", pg.url)
    elif k == "source":
        found = re.search(m.match, pg.html)
        if found:
            return Hit(m, "", pg.url, _version(m.version, pg.html))
    return None


def score(hits: list[Hit]) -> int:
    return sum(STRONG if h.marker.strong else WEAK for h in hits)


def recognise(pages: list[PageFacts], table: PlatformTable | None = None) -> Recognition:
    """The platform ``pages`` (one service's pages) show, if any; the version where a matched
    marker carries one."""
    table = table or load()
    parsed = [_parse_page(p) for p in pages if p is not None]
    results: list[tuple[int, int, int, Platform, list[Hit]]] = []
    for order, plat in enumerate(table.platforms):
        hits: list[Hit] = []
        for m in plat.markers:
            hit = next((h for pg in parsed if (h := _match(m, pg)) is not None), None)
            if hit is not None:
                hits.append(hit)
        if hits:
            strong = sum(1 for h in hits if h.marker.strong)
            results.append((score(hits), strong, -order, plat, hits))
    results.sort(key=lambda r: (r[0], r[1], r[2]), reverse=True)
    if not results or results[0][0] < THRESHOLD:
        return Recognition(others=[(r[3].key, r[0]) for r in results])
    top_score, _strong, _o, plat, hits = results[0]
    version, vfrom = "", ""
    for h in hits:
        if h.version:
            version, vfrom = h.version, h.marker.what
            break
    others = [(r[3].key, r[0]) for r in results[1:]]
    return Recognition(plat.key, plat.name, version, top_score, hits, others, vfrom)


def version_from_answer(platform: Platform, text: str) -> str:
    """The version a platform's ``version_url`` answer states (``""`` if none)."""
    return _version(platform.version_regex, (text or "")[:200_000])
