"""From a run folder's rows to what the pages show (plain data, no markup).

Every string here may come from a target; it is escaped where it is written out (jinja2
autoescape in the templates, :func:`reports.fragments.esc` in the fragments), and links are made
only through :mod:`reports.safety`.
"""

from __future__ import annotations

import math
import os
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from auditor.archive import archive_id
from auditor.measures import platforms as platform_defaults
from auditor.measures.facts import WHY_TEXT, why_code, why_text
from auditor.measures.triage import APPLICABILITY_WEIGHT, LAC_BONUS
from auditor.measures.triage import SEVERITY_WEIGHT as TRIAGE_SEVERITY
from auditor.runfolder import RunFolder, profile_value
from reports.safety import evidence_href, evidence_relpath, is_image, openable, safe_href, slug

# key, label, glyph, one-letter code (for the embedded JSON), order worst-first
STATUS_INFO = {
    "not_met": ("Not met", "\u2717", "N"),
    "partly_met": ("Partly met", "\u25d0", "P"),
    "met": ("Met", "\u2713", "M"),
    "not_observable": ("Not observable", "?", "O"),
    "not_applicable": ("Not applicable", "\u2013", "A"),
}
STATUS_ORDER = ("not_met", "partly_met", "met", "not_observable", "not_applicable")
RANK = {"met": 2, "partly_met": 1, "not_met": 0}
SEVERITY_WEIGHT = {"low": 1, "medium": 2, "high": 3, "critical": 4}
SEVERITY_ORDER = ("critical", "high", "medium", "low")


def severity_rank(severity: str) -> int:
    """Where ``severity`` sorts: most severe first, anything unknown last."""
    return SEVERITY_ORDER.index(severity) if severity in SEVERITY_ORDER else 9

OUTCOME_INFO = {
    "ok": ("Checked", "The audit ran to the end."),
    "robots_disallowed": ("Robots disallowed", "robots.txt disallows the pages and the run obeys "
                          "robots.txt."),
    "bot_wall": ("Bot wall", "A challenge page stopped the visit; the tool never defeats one."),
    "geo_blocked": ("Geo-blocked", "The service refused visitors from this vantage point."),
    "unreachable": ("Unreachable", "The service could not be reached."),
    "timeout": ("Timed out", "The per-target time budget ran out."),
    "error": ("Error", "The audit of this service failed."),
}
PROBLEM_OUTCOMES = ("unreachable", "timeout", "error")


def parse_time(text: object) -> datetime | None:
    if not isinstance(text, str) or not text:
        return None
    t = text.strip()
    if t.endswith("Z"):
        t = t[:-1] + "+00:00"
    try:
        dt = datetime.fromisoformat(t)
    except ValueError:
        return None
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    return dt.astimezone(UTC)


@lru_cache(maxsize=65536)
def fmt_time(text: object, seconds: bool = False) -> str:
    """``2026-11-23 09:14 UTC`` for an ISO time (the raw text when it is not one)."""
    dt = parse_time(text)
    if dt is None:
        return str(text or "")
    return dt.strftime("%Y-%m-%d %H:%M:%S UTC" if seconds else "%Y-%m-%d %H:%M UTC")


def fmt_num(v: object, digits: int = 2) -> str:
    if v is None or v == "":
        return ""
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        if isinstance(v, float) and not math.isfinite(v):
            return ""
        if float(v).is_integer():
            return str(int(v))
        return f"{v:.{digits}f}"
    return str(v)


def fmt_bytes(n: object) -> str:
    try:
        v = float(n)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return ""
    for unit in ("B", "KB", "MB", "GB"):
        if v < 1024 or unit == "GB":
            return f"{v:.0f} {unit}" if unit == "B" else f"{v:.1f} {unit}"
        v /= 1024
    return ""


def to_float(v: object) -> float | None:
    try:
        f = float(v)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return f if math.isfinite(f) else None


def words(v: object) -> list[str]:
    """A profile or CSV list as words (``;``-separated text or a JSON list)."""
    if v is None or v == "":
        return []
    if isinstance(v, (list, tuple)):
        return [str(x) for x in v if x is not None and str(x) != ""]
    if isinstance(v, bool):
        return ["true" if v else "false"]
    return [w for w in str(v).split(";") if w]


def plain(v: object) -> str:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (list, tuple)):
        return "; ".join(plain(x) for x in v)
    if isinstance(v, dict):
        return "; ".join(f"{k}: {plain(x)}" for k, x in v.items())
    return str(v)


def humanise(word: str) -> str:
    return str(word).replace("_", " ")


@lru_cache(maxsize=16384)
def reason_text(reason: str) -> str:
    """A reason as a reader should see it: a leading code (``internal_process: ...``,
    ``needs_accounts: ...``) becomes its plain words.  The CSV files keep the code."""
    reason = str(reason or "")
    code, sep, rest = reason.partition(":")
    code = code.strip()
    if not sep or code not in WHY_TEXT:
        return reason
    why, rest = WHY_TEXT[code], rest.strip()
    if not rest:
        text = why
    elif rest.lower().startswith(why.lower()):
        text = rest
    else:
        text = f"{why} \u2014 {rest}"
    return text[:1].upper() + text[1:]


def _weights(d: dict[str, float]) -> str:
    return ", ".join(f"{k} {v:g}" for k, v in d.items())


#: What the triage scores mean (auditor.measures.triage), said once where they are shown.
SCORE_NOTES = {
    "risk": ("Risk score: 1, plus the risk level of each kind of harm (low 1, medium 2, high 3; "
             "doubled for priority themes such as CSEA, grooming, hate and terrorism), plus "
             f"{LAC_BONUS:g} when children are likely to use the service. 1 means no risk was "
             "seen; the score has no upper limit."),
    "gap": ("Gap score: the measures not met, each weighted by severity ("
            f"{_weights(TRIAGE_SEVERITY)}), half for partly met, and less when a measure only "
            f"probably applies ({_weights(APPLICABILITY_WEIGHT).replace('_', ' ')}). 0 means no "
            "gap was found; the score has no upper limit. Not observable never counts."),
    "priority": ("Priority: risk score \u00d7 gap score. Services are ranked by it, highest "
                 "first (then by risk)."),
}
FALLBACK_SCORE_NOTES = {
    "gap": ("Gap score (computed from the verdicts, as this run has no triage.csv): the share "
            "of judged measures not met, weighted by severity (partly met counts half), from 0 "
            "(no gap) to 1 (every measure not met). Services are ranked by it."),
}


# ---------------------------------------------------------------------------------------------


@dataclass(slots=True)
class EvidenceView:
    id: str
    kind: str
    href: str | None           # the file, relative to the page; None when missing or unsafe
    thumb: str | None          # thumbnail, for screenshots
    url: str
    url_href: str | None
    captured_at: str
    read_via: str
    sha256: str
    redacted: bool
    exists: bool
    quote: str | None = None   # text of a quote, read from its .txt file
    problem: str = ""          # what is wrong with it (missing, outside evidence/, ...)
    path: str = ""             # the manifest path, shown when the file is not linked
    label: str = ""            # what it is, in words ("page copy (text)", ...)
    unlinked: str = ""         # why an existing file is deliberately not linked
    replay: str | None = None  # the page in the target's web archive, replayed by pywb


_COLLECTION = re.compile(r"[A-Za-z0-9_-]{1,64}")   # a name pywb's wb-manager accepts
#: Where ``wayback`` (pywb) serves its collections, as the report's replay links assume.
REPLAY_BASE = "http://localhost:8080"


def replay_href(collection: str, captured_at: str, url: str) -> str | None:
    """pywb's address of ``url`` as archived near ``captured_at`` in ``collection`` (a
    collection made from the target's WACZ, named after the target); None for a URL that is
    not http(s) or a time that cannot be read."""
    href = safe_href(url)
    digits = "".join(ch for ch in (captured_at or "")[:19] if ch.isdigit())
    if not href or not href.startswith(("http://", "https://")) or len(digits) != 14 \
            or not _COLLECTION.fullmatch(collection or ""):
        return None
    return f"{REPLAY_BASE}/{collection}/{digits}/{href}"


@dataclass(slots=True)
class VerdictView:
    measure_id: str
    measure: Any               # MeasureView
    status: str
    applicability: str
    applicability_reason: str
    severity: str
    reason: str
    edition: str
    evidence_ids: list[str]
    evidence: list[EvidenceView] = field(default_factory=list)


@dataclass(slots=True)
class MeasureView:
    id: str
    slug: str
    code: str
    title: str
    summary: str
    themes: list[str]
    severity: str
    source: str
    source_href: str | None
    id_confirmed: Any
    valid_from: str
    valid_until: str
    in_catalogue: bool
    counts: dict[str, int] = field(default_factory=dict)
    index: int = 0
    signals: list[str] = field(default_factory=list)


@dataclass(slots=True)
class ServiceView:
    id: str
    slug: str
    name: str
    url: str
    url_href: str | None
    kind: str
    kind_source: str
    outcome: str
    reason: str
    started_at: str
    finished_at: str
    pages: str
    bytes: str
    row: dict[str, str]
    profile: list[ProfileItem]
    risk_levels: list[ProfileItem]
    rank: int | None
    risk: float | None
    gap: float | None
    priority: str
    triage_themes: list[str]
    verdicts: dict[str, VerdictView] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    observations: list[dict[str, str]] = field(default_factory=list)
    evidence_ids: set[str] = field(default_factory=set)
    platform: str = ""              # profile.platform (key), "" when none recognised
    platform_name: str = ""
    platform_version: str = ""
    platform_note: str = ""
    advice: list[Any] = field(default_factory=list)   # auditor.measures.platforms.Advice

    @property
    def platform_label(self) -> str:
        if not self.platform:
            return ""
        return f"{self.platform_name} {self.platform_version}".strip()


@dataclass
class ReportView:
    run: RunFolder
    provenance: list[tuple[str, str]]
    meta: dict[str, Any]
    measures: list[MeasureView]
    measures_by_id: dict[str, MeasureView]
    services: list[ServiceView]
    services_by_id: dict[str, ServiceView]
    evidence: dict[str, dict[str, str]]
    counts: dict[str, int]
    outcome_counts: dict[str, int]
    kinds: list[str]
    themes: list[str]
    codes: list[str]
    triage_source: str
    editions: list[str]
    files: set[str] | None = None       # regular files under evidence/ (no symlinks), lazily


def scan_evidence(root: Path) -> set[str]:
    """Relative paths (``evidence/...``) of the regular files under ``root/evidence``.
    Symbolic links are left out, so evidence cannot point outside the run folder."""
    out: set[str] = set()
    stack = [("evidence", str(root / "evidence"))]
    while stack:
        rel, d = stack.pop()
        try:
            with os.scandir(d) as it:
                for e in it:
                    if e.is_symlink():
                        continue
                    if e.is_dir(follow_symlinks=False):
                        stack.append((f"{rel}/{e.name}", e.path))
                    elif e.is_file(follow_symlinks=False):
                        out.add(f"{rel}/{e.name}")
        except OSError:
            continue
    return out


def list_name(meta: dict[str, Any]) -> str:
    """The file name of the run's target list (what makes two runs comparable)."""
    return str(meta.get("targets_file") or "").replace("\\", "/").rsplit("/", 1)[-1]


def browser_text(meta: dict[str, Any]) -> str:
    browser = meta.get("browser")
    if isinstance(browser, dict):
        return " ".join(str(browser.get(k) or "") for k in ("name", "version")).strip()
    return plain(browser)


def _provenance(meta: dict[str, Any]) -> list[tuple[str, str]]:
    tf_name = list_name(meta)
    sha = str(meta.get("targets_sha256") or "")
    rows = [
        ("Tool version", plain(meta.get("tool_version"))),
        ("Catalogue edition", plain(meta.get("catalogue_edition"))),
        ("Browser", browser_text(meta)),
        ("User agent", plain(meta.get("user_agent"))),
        ("Robots policy", plain(meta.get("robots_policy"))),
        ("Proxy", plain(meta.get("proxy")) or "none"),
        ("Started", fmt_time(meta.get("started_at"), seconds=True)),
        ("Finished", fmt_time(meta.get("finished_at"), seconds=True)),
        ("Target list", tf_name + (f" (sha256 {sha[:12]}\u2026)" if sha else "")),
    ]
    return [(k, v or "\u2014") for k, v in rows]


def _measure_views(run: RunFolder) -> tuple[list[MeasureView], dict[str, MeasureView]]:
    taken: set[str] = set()
    out: list[MeasureView] = []
    by_id: dict[str, MeasureView] = {}
    # A measure that changed between editions has one entry per version: show the one in force
    # on the date the run was judged (the verdicts' edition, else the catalogue edition).
    day = next((v["edition"] for v in run.verdicts if v["edition"]), "") or \
        plain(run.meta.get("catalogue_edition"))
    versions: dict[str, list[dict[str, Any]]] = {}
    for m in run.measures:
        versions.setdefault(str(m.get("id")), []).append(m)
    for mid, entries in versions.items():
        m = next((e for e in entries if plain(e.get("from")) <= day
                  and (not e.get("until") or day <= plain(e.get("until")))), entries[-1])
        src = plain(m.get("source"))
        mv = MeasureView(
            id=mid, slug=slug(mid, taken), code=plain(m.get("code")) or mid.split(" ")[0],
            title=plain(m.get("title")), summary=plain(m.get("summary")),
            themes=words(m.get("themes")), severity=plain(m.get("severity")),
            source=src, source_href=safe_href(src), id_confirmed=m.get("id_confirmed"),
            valid_from=plain(m.get("from")), valid_until=plain(m.get("until")),
            in_catalogue=True, signals=words(m.get("signals")))
        out.append(mv)
        by_id[mid] = mv
    extra = sorted({v["measure_id"] for v in run.verdicts if v["measure_id"]} - set(by_id))
    sev: dict[str, str] = {}
    for v in run.verdicts:
        if v["measure_id"] in extra and v["severity"]:
            sev.setdefault(v["measure_id"], v["severity"])
    for mid in extra:
        mv = MeasureView(id=mid, slug=slug(mid, taken), code=mid.split(" ")[0] if " " in mid
                         else "", title="", summary="", themes=[], severity=sev.get(mid, ""),
                         source="", source_href=None, id_confirmed=None, valid_from="",
                         valid_until="", in_catalogue=False)
        out.append(mv)
        by_id[mid] = mv
    for i, mv in enumerate(out):
        mv.index = i
        mv.counts = {s: 0 for s in STATUS_ORDER}
    return out, by_id


PROFILE_LABELS = {
    "service_kind": "Service kind", "regime": "Regime", "size_band": "Size band",
    "likely_accessed_by_children": "Likely accessed by children",
    "functionalities": "Functionalities", "risk_factors": "Risk factors seen",
    "adult_content": "Adult content", "uk_links": "Links to the UK", "age_means": "Means of "
    "determining age", "uses_age_assurance": "Uses age assurance",
    "heaa": "Highly effective age assurance", "platform": "Community software",
    "platform_version": "Software version",
    "platform_functionalities": "Probable from the software's defaults"}


def profile_text(v: object) -> str:
    if v is None or v == "":
        return "not known"
    if isinstance(v, bool):
        return "yes" if v else "no"
    if isinstance(v, (list, tuple)):
        return ", ".join(humanise(plain(x)) for x in v) if v else "none"
    return humanise(plain(v))


@dataclass(slots=True)
class ProfileItem:
    key: str
    label: str
    value: str
    source: str
    reason: str
    evidence: list[str]


def _profile_items(prof: dict[str, Any], row: dict[str, str]) -> list[ProfileItem]:
    """The profile's fields in a fixed order: value, where it came from, why, evidence."""
    items: list[ProfileItem] = []
    keys = list(PROFILE_LABELS) + [k for k in prof if k not in PROFILE_LABELS]
    for key in keys:
        if key in ("target_id", "risk_levels"):
            continue
        if key not in prof:
            if key in ("service_kind", "regime", "size_band", "likely_accessed_by_children") \
                    and row.get(key):
                items.append(ProfileItem(key, PROFILE_LABELS[key], humanise(row[key]),
                                         "target list", "", []))
            continue
        raw = prof[key]
        if key == "platform_functionalities" and isinstance(raw, dict) and not raw.get("value"):
            continue
        if isinstance(raw, dict) and "value" in raw:
            items.append(ProfileItem(key, PROFILE_LABELS.get(key, humanise(key).capitalize()),
                                     profile_text(raw.get("value")), plain(raw.get("source")),
                                     plain(raw.get("reason")), words(raw.get("evidence"))))
        else:
            items.append(ProfileItem(key, PROFILE_LABELS.get(key, humanise(key).capitalize()),
                                     profile_text(raw), "", "", []))
    return items


def _risk_levels(prof: dict[str, Any], row: dict[str, str]) -> list[ProfileItem]:
    """Known risk levels (the provider's own from the target list, else inferred)."""
    out: list[ProfileItem] = []
    raw = prof.get("risk_levels")
    if isinstance(raw, dict):
        for kind, pv in raw.items():
            if isinstance(pv, dict):
                if pv.get("value") in (None, ""):
                    continue
                out.append(ProfileItem(kind, humanise(kind), plain(pv.get("value")),
                                       plain(pv.get("source")), plain(pv.get("reason")),
                                       words(pv.get("evidence"))))
            elif pv not in (None, ""):
                out.append(ProfileItem(kind, humanise(kind), plain(pv), "", "", []))
    elif row.get("risk_levels"):
        for part in row["risk_levels"].split(";"):
            kind, _, level = part.partition("=")
            if kind and level:
                out.append(ProfileItem(kind, humanise(kind), level, "target list", "", []))
    order = {"high": 0, "medium": 1, "low": 2, "negligible": 3}
    out.sort(key=lambda i: (order.get(i.value, 4), i.key))
    return out


def _platform(sv: ServiceView) -> None:
    """The community software recognised (profile.platform) and, for each gap a setting of
    it can close, which setting (inferred from the platform defaults table)."""
    cells = {plain(o.get("signal")): plain(o.get("value")) for o in sv.observations}
    notes = {plain(o.get("signal")): plain(o.get("note")) for o in sv.observations}
    key = cells.get("profile.platform", "")
    if not key:
        return
    table = platform_defaults.load()
    pd = table.of(key)
    sv.platform, sv.platform_name = key, pd.name if pd else key
    sv.platform_version = cells.get("profile.platform_version", "")
    sv.platform_note = notes.get("profile.platform", "")
    verdicts = [{"measure_id": v.measure_id, "status": v.status} for v in sv.verdicts.values()]
    reads = {mid: v.measure.signals for mid, v in sv.verdicts.items()}
    sv.advice = platform_defaults.advice(key, verdicts, cells, reads, table)


def _fallback_triage(services: list[ServiceView]) -> None:
    """Without triage.csv: gap = severity-weighted share of unmet measures; rank by gap."""
    for s in services:
        total = got = 0.0
        for v in s.verdicts.values():
            if v.status in RANK:
                w = SEVERITY_WEIGHT.get(v.severity, 2)
                total += w
                got += w * (1.0 if v.status == "not_met" else 0.5 if v.status == "partly_met"
                            else 0.0)
        s.gap = round(got / total, 3) if total else None
    order = sorted(services, key=lambda s: (-(s.gap or 0.0), s.name.lower()))
    for i, s in enumerate(order, 1):
        s.rank = i


def build(run: RunFolder) -> ReportView:
    measures, measures_by_id = _measure_views(run)
    evidence = {e["evidence_id"]: e for e in run.evidence if e.get("evidence_id")}
    triage = {t["target_id"]: t for t in run.triage if t.get("target_id")}
    services: list[ServiceView] = []
    by_id: dict[str, ServiceView] = {}
    taken: set[str] = {"index"}
    for t in run.targets:
        tid = plain(t.get("id"))
        if not tid or tid in by_id:
            continue
        row = t.get("row") if isinstance(t.get("row"), dict) else {}
        row = {str(k): plain(v) for k, v in row.items()}
        prof = run.profiles.get(tid, {})
        kind_raw = prof.get("service_kind")
        kind = plain(profile_value(prof, "service_kind")) or row.get("service_kind") or "unknown"
        kind_src = plain(kind_raw.get("source")) if isinstance(kind_raw, dict) else (
            "target list" if row.get("service_kind") else "")
        tri = triage.get(tid, {})
        rank = to_float(tri.get("rank"))
        url = plain(t.get("url")) or row.get("url", "")
        sv = ServiceView(
            id=tid, slug=slug(tid, taken), name=plain(t.get("name")) or row.get("name") or tid,
            url=url, url_href=safe_href(url), kind=kind, kind_source=kind_src,
            outcome=plain(t.get("outcome")) or "unknown", reason=plain(t.get("reason")),
            started_at=plain(t.get("started_at")), finished_at=plain(t.get("finished_at")),
            pages=plain(t.get("pages")), bytes=plain(t.get("bytes")), row=row,
            profile=_profile_items(prof, row), risk_levels=_risk_levels(prof, row),
            rank=int(rank) if rank is not None else None, risk=to_float(tri.get("risk_score")),
            gap=to_float(tri.get("gap_score")), priority=plain(tri.get("priority")),
            triage_themes=words(tri.get("themes")))
        sv.counts = {s: 0 for s in STATUS_ORDER}
        services.append(sv)
        by_id[tid] = sv

    counts = {s: 0 for s in STATUS_ORDER}
    editions: set[str] = set()
    for v in run.verdicts:
        sv = by_id.get(v["target_id"])
        mv = measures_by_id.get(v["measure_id"])
        if sv is None or mv is None:
            continue
        status = v["status"] if v["status"] in STATUS_INFO else "not_observable"
        ids = [e for e in v["evidence"].split(";") if e]
        sv.verdicts[mv.id] = VerdictView(mv.id, mv, status, v["applicability"],
                                         v["applicability_reason"],
                                         v["severity"] or mv.severity, v["reason"], v["edition"],
                                         ids)
        if v["edition"]:
            editions.add(v["edition"])
    for sv in services:
        for vv in sv.verdicts.values():
            sv.counts[vv.status] += 1
            vv.measure.counts[vv.status] += 1
            counts[vv.status] += 1

    for o in run.observations:
        sv = by_id.get(o["target_id"])
        if sv is not None:
            sv.observations.append(o)

    for sv in services:
        _platform(sv)

    triage_source = "triage.csv"
    if not run.triage:
        _fallback_triage(services)
        triage_source = "computed from the verdicts (this run has no triage.csv)"
    else:
        unranked = sorted((s for s in services if s.rank is None), key=lambda s: s.name.lower())
        top = max((s.rank for s in services if s.rank is not None), default=0)
        for i, s in enumerate(unranked, 1):
            s.rank = top + i
    services.sort(key=lambda s: (s.rank if s.rank is not None else 10**9, s.name.lower()))

    outcome_counts: dict[str, int] = {}
    for s in services:
        outcome_counts[s.outcome] = outcome_counts.get(s.outcome, 0) + 1
    themes = sorted({t for m in measures for t in m.themes})
    codes = []
    for m in measures:
        if m.code and m.code not in codes:
            codes.append(m.code)
    kinds = sorted({s.kind for s in services})
    meta = dict(run.meta)
    return ReportView(run, _provenance(meta), meta, measures, measures_by_id, services, by_id,
                      evidence, counts, outcome_counts, kinds, themes, codes, triage_source,
                      sorted(editions))


# ---------------------------------------------------------------------------------------------
# evidence, resolved per service page (only when the page is rendered)

_QUOTE_LIMIT = 4000


def resolve_evidence(view: ReportView, ids: list[str], up: str,
                     cache: dict[str, EvidenceView]) -> list[EvidenceView]:
    out = []
    for eid in ids:
        ev = cache.get(eid)
        if ev is None:
            ev = _evidence_view(view, eid, up)
            cache[eid] = ev
        out.append(ev)
    return out


KIND_LABELS = {"screenshot": "screenshot", "thumbnail": "thumbnail", "dom": "page copy (text)",
               "text": "page text", "quote": "quote", "capture": "downloaded file",
               "archive": "web archive (WACZ)"}


def kind_label(kind: str, path: str = "") -> str:
    if kind == "dom" and path and not path.lower().endswith(".txt"):
        return "page copy (HTML)"
    return KIND_LABELS.get(kind, humanise(kind) if kind else "file")


def _unlinked_why(kind: str, rel: str) -> str:
    ext = rel.rsplit("/", 1)[-1].rpartition(".")[2].lower() if "." in rel else ""
    if kind == "dom" or ext in ("html", "htm", "xhtml", "shtml"):
        return ("a page copy saved as HTML (an older run) is not linked, so the target's script "
                "cannot run from this report; read it as text in the run folder")
    what = f"a .{ext} file" if ext else "a file of unknown type"
    return (f"{what} is not linked: opened from the report it could run what it contains; "
            "open it from the run folder with a viewer you trust")


def _evidence_view(view: ReportView, eid: str, up: str) -> EvidenceView:
    root = view.run.path
    e = view.evidence.get(eid)
    if e is None:
        return EvidenceView(eid, "", None, None, "", None, "", "", "", False, False,
                            problem="not in the evidence manifest", label="evidence")
    if view.files is None:
        view.files = scan_evidence(root)
    rel = evidence_relpath(e.get("path"))
    exists = False
    problem = ""
    if rel is None:
        problem = "its path points outside evidence/; not linked"
    else:
        exists = rel in view.files
        if not exists:
            problem = "the file is missing"
    kind = e.get("kind", "")
    href = evidence_href(rel, up) if exists else None
    unlinked = ""
    if href and rel is not None and not (is_image(rel) if kind == "screenshot"
                                         else openable(rel)):
        href, unlinked = None, _unlinked_why(kind, rel)
    thumb = None
    if kind == "screenshot" and href:
        t = view.evidence.get(eid + "-thumb")
        trel = evidence_relpath(t.get("path")) if t else None
        if trel and trel in view.files and is_image(trel):
            thumb = evidence_href(trel, up)
        else:
            thumb = href
    quote = None
    if kind == "quote" and exists and rel is not None:
        try:
            with (root / rel).open(encoding="utf-8", errors="replace") as f:
                quote = f.read(_QUOTE_LIMIT + 1)
        except OSError:
            quote = None
        if quote is not None and len(quote) > _QUOTE_LIMIT:
            quote = quote[:_QUOTE_LIMIT] + "\u2026"
    sha = e.get("sha256", "")
    orig = e.get("original_sha256", "")
    replay = None
    owner = rel.split("/")[1] if rel and rel.count("/") >= 2 else ""
    if owner and kind not in ("archive", "thumbnail") and archive_id(owner) in view.evidence:
        replay = replay_href(owner, e.get("captured_at", ""), e.get("url", ""))
    return EvidenceView(eid, kind, href, thumb, e.get("url", ""), safe_href(e.get("url", "")),
                        e.get("captured_at", ""), e.get("read_via", ""), sha,
                        bool(orig and sha and orig != sha), exists, quote, problem,
                        path=rel or "", label=kind_label(kind, rel or ""), unlinked=unlinked,
                        replay=replay)


def unchecked(sv: ServiceView) -> list[dict[str, Any]]:
    """Observations without a value, grouped by the note's leading word (why not decided)."""
    groups: dict[str, dict[str, Any]] = {}
    for o in sv.observations:
        if o["value"] != "":
            continue
        word = why_code(o["note"])
        rest = o["note"].partition(":")[2].strip()
        text = why_text(word)
        g = groups.setdefault(word, {"word": word, "label": text[:1].upper() + text[1:],
                                     "signals": [], "details": set()})
        g["signals"].append(o["signal"])
        if rest:
            g["details"].add(rest)
    out = sorted(groups.values(), key=lambda g: (-len(g["signals"]), g["word"]))
    for g in out:
        g["details"] = sorted(g["details"])
    return out
