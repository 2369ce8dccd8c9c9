"""What every probe shares: the discovered site map and a findings accumulator.

A probe is a module in ``probes/`` with ``NAME`` (its signals' prefix) and
``async def run(session) -> list[Observation]``.  It gathers facts only; measures judge.
It must return exactly one observation for every signal of its prefix in
:mod:`auditor.signals` (``Findings.finish`` fills any it did not decide with an empty value and
a note saying why).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from auditor import signals
from auditor.model import Observation
from probes.a11y import A11y

KEY_PAGES = ("terms", "guidelines", "privacy", "report", "complaints", "contact", "signup", "login")


@dataclass
class Link:
    url: str
    text: str = ""          # visible text, else aria-label / title
    source: str = ""        # URL of the page it was found on
    rel: str = ""           # where on the page: footer, nav, menu, body, sitemap, path


@dataclass
class SiteMap:
    """What discovery learnt about a target; every later probe reads it."""

    start_url: str
    home_url: str = ""                                   # after redirects
    key_pages: dict[str, str] = field(default_factory=dict)     # KEY_PAGES -> URL
    key_clicks: dict[str, int] = field(default_factory=dict)    # KEY_PAGES -> clicks from home
    links: list[Link] = field(default_factory=list)      # in-scope links seen (home, hubs, menus)
    sitemap_urls: list[str] = field(default_factory=list)
    robots: str = "absent"                               # allowed | disallowed | absent
    robots_reason: str = ""                              # why, when robots.txt was unreadable
    bot_wall: bool = False
    geo_blocked: bool = False
    mirror_urls: list[str] = field(default_factory=list)
    home_html: str = ""                                  # rendered DOM of the home page
    home_text: str = ""                                  # visible text of the home page
    home_status: int = 0
    start_is: str = ""                                   # the key page the start URL itself is
    evidence: dict[str, list[str]] = field(default_factory=dict)  # page kind -> evidence ids
    a11y: dict[str, A11y] = field(default_factory=dict)  # URL -> axe-core on a key page opened

    @property
    def wall(self) -> str | None:
        """``bot_wall`` or ``geo_blocked`` when the service turned the visitor away: the note
        every later probe finishes with, since it has nothing to read."""
        return "bot_wall" if self.bot_wall else "geo_blocked" if self.geo_blocked else None

    def links_matching(self, *words: str) -> list[Link]:
        """In-scope links whose text or URL contains any of ``words`` (case-insensitive)."""
        ws = [w.lower() for w in words]
        return [lk for lk in self.links
                if any(w in lk.text.lower() or w in lk.url.lower() for w in ws)]


class Findings:
    """Collects one probe's observations, one per signal, and fills the rest at the end."""

    def __init__(self, probe: str):
        self.probe = probe
        self._obs: dict[str, Observation] = {}

    def add(self, name: str, value: object, *, confidence: float = 1.0, note: str = "",
            url: str = "", evidence: list[str] | tuple[str, ...] = ()) -> Observation:
        signal = f"{self.probe}.{name}"
        # each piece once (a picture of a page that looked the same is one picture)
        obs = Observation(self.probe, signal, value, confidence, note, url,
                          list(dict.fromkeys(evidence)))
        self._obs[signal] = obs          # the last word on a signal wins
        return obs

    def has(self, name: str) -> bool:
        return f"{self.probe}.{name}" in self._obs

    def get(self, name: str) -> object:
        obs = self._obs.get(f"{self.probe}.{name}")
        return obs.value if obs else None

    def finish(self, note: str = "not_found") -> list[Observation]:
        for signal in signals.signals_of(self.probe):
            if signal not in self._obs:
                self._obs[signal] = Observation(self.probe, signal, None, 0.0, note)
        return list(self._obs.values())
