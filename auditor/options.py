"""Everything a sweep can be told, with the defaults; recorded whole in run.json."""

from __future__ import annotations

import contextlib
import os
from dataclasses import asdict, dataclass, field
from datetime import date
from urllib.parse import urlsplit

from auditor import __version__

DEFAULT_SIGNUP_AGES = (12, 15, 25)
DEFAULT_USER_AGENT = (f"osa-auditor/{__version__} (+compliance audit; contact: set --user-agent "
                      "to your team's address)")


def default_concurrency() -> int:
    """Targets open at once: many per core, since most of them wait out politeness delays
    (every probe, 1 s delay: a target makes about 17 page visits and 14 HTTP requests, so about
    half its time is spent waiting at its own host's gate).  Measured on the synthetic web
    (``benchmarks/README.md``, issue 15, headless shell, 2 cores, N = 100): with each target's
    idle page closed between probes, 32 targets (10 pages) 28.7 targets/min at 1.61 GiB, 40
    (12 pages) 27.0 at 1.83 GiB: the cores are then busy, and memory nears its goal (2 GiB)."""
    return max(2, 16 * (os.cpu_count() or 2))


def default_memory_budget_mb() -> int:
    """Memory (MiB) above which no new target starts: 800 a core, never over half the memory
    free when the sweep starts.  Measured as the sweep's resident anonymous memory, about nine
    tenths of its PSS (``auditor.memory``), so that on 2 cores the sweep's PSS stays under 2 GiB
    (issue 15's goal; a held-back sweep overshoots its budget by about 150 MiB while open
    targets finish).  Real pages take several times the synthetic web's memory: this, not the
    count of targets open at once, keeps a sweep inside the machine."""
    budget = 800 * (os.cpu_count() or 2)
    with contextlib.suppress(OSError, ValueError, IndexError):
        with open("/proc/meminfo", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("MemAvailable:"):
                    budget = min(budget, int(line.split()[1]) // 1024 // 2)
    return max(256, budget)


def default_render_concurrency() -> int:
    """Pages open for reading at once.  Raw navigation is fastest at one page per core
    (platform.md), but a probe's page block also waits (settling, menus opening, a gate drawn
    late), so with the headless shell several per core keep the cores busy (2 cores, 24 targets
    open: 4 pages 13.1 targets/min with the cores half idle, 8 pages 21.7 at 75%; 32 targets,
    10 pages: 28.7 at 78%).  Since the politeness delay runs from a page's last request
    (:mod:`auditor.politeness`), targets come back for a slot sooner: at N = 200, 10 pages
    36.4 targets/min with each target waiting for a slot, 14 pages 39.0 (84% of the cores, the
    same memory)."""
    return max(2, 7 * (os.cpu_count() or 2))


def masked_url(url: str, *, keep_user: bool = False) -> str:
    """``url`` with the password (``keep_user``) or the whole user part replaced by ``***``:
    what run.json, logs and messages show of a proxy or broker URL."""
    netloc = urlsplit(url).netloc
    if "@" not in netloc:
        return url
    userinfo, _, host = netloc.rpartition("@")
    shown = f"{userinfo.partition(':')[0]}:***@{host}" if keep_user else f"***@{host}"
    return url.replace(netloc, shown, 1)


def endpoint_problem(url: str, schemes: tuple[str, ...]) -> str:
    """What keeps ``url`` from naming a server: ``"scheme"`` (not one of ``schemes``),
    ``"host"`` (no host name, or an invalid port), or ``""`` when it is usable."""
    parts = urlsplit(url.strip())
    if parts.scheme.lower() not in schemes:
        return "scheme"
    try:
        port = parts.port
    except ValueError:
        port = 0
    return "host" if not parts.hostname or port == 0 else ""


ARCHIVE_MODES = ("none", "pages", "all")   # --archive (auditor.archive)
DEFAULT_ARCHIVE_CAP_MB = 25.0              # decoded bodies kept per target's web archive
DEFAULT_BYTES = 40_000_000      # download budget per target (bytes), unless --max-megabytes
DEEP_BYTES_FACTOR = 3           # for a row with test accounts or allow_forms


@dataclass
class SweepOptions:
    concurrency: int = field(default_factory=default_concurrency)
    render_concurrency: int = field(default_factory=default_render_concurrency)
    memory_budget_mb: int = field(default_factory=default_memory_budget_mb)  # 0: no limit
    user_agent: str = DEFAULT_USER_AGENT
    ignore_robots: bool = False
    proxy: str | None = None
    timeout_per_target: float = 180.0
    page_timeout: float = 20.0
    max_pages_per_target: int = 150
    max_bytes_per_target: int | None = None  # None: bytes_budget() decides per row
    max_bytes_per_page: int = 8_000_000
    politeness_delay: float = 1.0
    probes: tuple[str, ...] = ()             # empty: all
    screenshots: bool = True
    a11y: bool = True                       # axe-core on terms, report and complaints pages
    archive: str = "pages"                  # web archive per target: one of ARCHIVE_MODES
    archive_cap_mb: float = DEFAULT_ARCHIVE_CAP_MB
    resume: bool = False
    fail_on_regression: bool = False
    secrets_file: str | None = None
    providers_file: str | None = None       # extra age-assurance providers (probes/age_providers)
    platforms_file: str | None = None       # extra platform fingerprints (probes/platforms)
    edition: str | None = None              # catalogue edition date (ISO); default: today
    host_map: dict[str, tuple[str, int]] = field(default_factory=dict)  # demo web and tests only
    progress: str = "auto"                   # auto | bar | log | none
    signup_ages: tuple[int, ...] | None = None   # synthetic identities (allow_forms rows only);
    #                                           None: $AUDITOR_SIGNUP_AGES or 12, 15, 25
    today: date | None = None                # the day ages are counted from (demo web: fixed)
    mail_dir: str | None = None              # opt-in: where the service writes mail (signup
    #                                          follows a verification link found there)

    def recorded(self) -> dict:
        d = asdict(self)
        d["proxy"] = self.proxy_shown()
        d["host_map"] = sorted(self.host_map)  # which hosts were mapped, not where
        d["today"] = self.today.isoformat() if self.today else None
        d["signup_ages"] = list(self.ages())
        return d

    def to_json(self) -> dict:
        """Every option as plain JSON (a distributed sweep's task carries it to the workers)."""
        d = asdict(self)
        d["host_map"] = {h: list(a) for h, a in self.host_map.items()}
        d["today"] = self.today.isoformat() if self.today else None
        return d

    @classmethod
    def from_json(cls, d: dict, **overrides) -> SweepOptions:
        """The options :meth:`to_json` wrote (unknown keys, from a newer collector, ignored)."""
        known = {f for f in cls.__dataclass_fields__}
        kw = {k: v for k, v in d.items() if k in known}
        kw["host_map"] = {h: (a[0], int(a[1])) for h, a in (kw.get("host_map") or {}).items()}
        kw["probes"] = tuple(kw.get("probes") or ())
        if kw.get("signup_ages") is not None:
            kw["signup_ages"] = tuple(kw["signup_ages"])
        if kw.get("today"):
            kw["today"] = date.fromisoformat(kw["today"])
        kw.update(overrides)
        return cls(**kw)

    def bytes_budget(self, deep: bool) -> int:
        """The download budget of one target: the option, else 40 MB, or three times that for
        a ``deep`` row (test accounts or ``allow_forms``): each sign-up try and each persona's
        phase opens a fresh browser, which fetches the site's scripts, styles and fonts again
        (a forum's pages weigh 0.5-1 MB with them; real pages often more)."""
        if self.max_bytes_per_target is not None:
            return self.max_bytes_per_target
        return DEFAULT_BYTES * (DEEP_BYTES_FACTOR if deep else 1)

    def proxy_shown(self) -> str | None:
        """The proxy as recorded in run.json and reports: any user and password masked."""
        return masked_url(self.proxy) if self.proxy else self.proxy

    def ages(self) -> tuple[int, ...]:
        """Synthetic identities' ages: the option, else ``$AUDITOR_SIGNUP_AGES``, else 12, 15, 25
        (ages outside 5-99 are dropped; an unreadable variable falls back to the default)."""
        chosen = self.signup_ages
        env = os.environ.get("AUDITOR_SIGNUP_AGES", "")
        if not chosen and env:
            with contextlib.suppress(ValueError):
                chosen = tuple(int(x) for x in env.replace(";", ",").split(",") if x.strip())
        out = tuple(sorted({int(a) for a in (chosen or DEFAULT_SIGNUP_AGES) if 5 <= int(a) <= 99}))
        return out or DEFAULT_SIGNUP_AGES
