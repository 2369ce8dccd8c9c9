"""The page ``auditor check`` writes for a service's operator: one self-contained HTML file.

Made from the run folder alone (run.json, verdicts, observations, evidence manifest, and the
check's own ``check.json``: what the operator allowed), like the rest of ``reports/``.  It leads
with the gaps, most important first (:func:`order_key`), each as what was seen (with its
screenshots), why it matters, what to do (with the recognised software's own setting), and only
then the measure and the code; then what could not be checked from outside and why, what is in
place, and what the check created on the site.  The words are data (:mod:`reports.check_text`).

Target text reaches the page only through jinja2's autoescaping; links only through
:mod:`reports.safety`.  The page carries a content security policy with no script at all and
its one style block allowed by hash, and fetches nothing from the network.
"""

from __future__ import annotations

import base64
import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

from jinja2 import Environment

from auditor.measures.facts import why_code
from auditor.runfolder import read_run
from reports import check_text
from reports.check_forms import created
from reports.safety import safe_href
from reports.templating import template_environment
from reports.view import (
    OUTCOME_INFO,
    PROBLEM_OUTCOMES,
    EvidenceView,
    ServiceView,
    browser_text,
    build,
    fmt_time,
    humanise,
    reason_text,
    resolve_evidence,
    severity_rank,
    unchecked,
)

HERE = Path(__file__).parent
GAPS = ("not_met", "partly_met")
STATUS_WORDS = {"not_met": "Not met", "partly_met": "Partly met", "met": "In place",
                "not_observable": "Could not check", "not_applicable": "Does not apply"}
SEVERITY_WORDS = {"critical": "Most urgent", "high": "High priority", "medium": "Medium priority",
                  "low": "Lower priority"}
# definite before conditional: a measure that applies only if the provider's own assessment or
# size says so comes after every measure that applies (or probably applies)
APPLICABILITY_GROUP = {"applies": 0, "probably_applies": 0, "applies_if_assessed": 1}
MAX_PICTURES = 3
MAX_QUOTES = 2
NOT_ADVICE = ("This page is not legal advice and it is not a compliance decision. It shows only "
              "what any visitor could see from outside, on the day of the check.")


def order_key(status: str, severity: str, applicability: str, measure_id: str) -> tuple:
    """How findings are ordered: what applies for sure first, then not met before partly met,
    then higher severity first, then by measure id (a stable, readable order)."""
    return (APPLICABILITY_GROUP.get(applicability, 2),
            GAPS.index(status) if status in GAPS else len(GAPS),
            severity_rank(severity),
            measure_id)


@dataclass
class Finding:
    measure_id: str
    status: str
    severity: str
    applicability: str
    applicability_reason: str
    edition: str
    code: str
    code_title: str
    title: str
    seen: str
    detail: str
    why: str
    todo: str
    settings: list[str] = field(default_factory=list)
    pictures: list[EvidenceView] = field(default_factory=list)
    quotes: list[EvidenceView] = field(default_factory=list)

    @property
    def conditional(self) -> bool:
        return APPLICABILITY_GROUP.get(self.applicability, 2) > 0


@dataclass
class Unchecked:
    measure_id: str
    title: str
    why: str
    detail: str
    matters: str


@dataclass
class CheckView:
    name: str
    url: str
    url_href: str | None
    host: str
    outcome: str
    outcome_title: str
    outcome_text: str
    outcome_todo: str
    failed: bool
    findings: list[Finding]
    conditional: list[Finding]
    unchecked: list[Unchecked]
    undecided: list[dict[str, Any]]
    in_place: list[tuple[str, str]]
    not_applicable: list[tuple[str, str]]
    platform: str
    forms: dict[str, Any]
    provenance: list[tuple[str, str]]
    run_href: str
    checked_on: str

    @property
    def gaps(self) -> list[Finding]:
        return self.findings + self.conditional


def _service(run, target_id: str | None) -> tuple[Any, ServiceView]:
    view = build(run)
    if not view.services:
        raise ValueError(f"{run.path}: the run has no target")
    if target_id is None:
        return view, view.services[0]
    if target_id not in view.services_by_id:
        raise ValueError(f"{run.path}: no target {target_id!r} in the run")
    return view, view.services_by_id[target_id]


def run_href(run_dir: Path, page: Path) -> str:
    """The run folder as a relative link from the page (each segment percent-encoded, and
    starting with ``./`` so that no segment can read as a URL scheme)."""
    rel = os.path.relpath(Path(run_dir).resolve(), Path(page).resolve().parent)
    return "./" + "/".join(quote(seg, safe="") for seg in Path(rel).parts) + "/"


def _codes() -> dict[str, str]:
    from auditor.measures import load_catalogue

    return {k: c.title for k, c in load_catalogue().codes.items()}


def _settings(sv: ServiceView) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for adv in sv.advice:
        text = adv.text() + " (from the software's defaults, not seen on your site)"
        out.setdefault(adv.measure_id, [])
        if text not in out[adv.measure_id]:
            out[adv.measure_id].append(text)
    return out


def _findings(view, sv: ServiceView, up: str, texts, codes) -> list[Finding]:
    settings = _settings(sv)
    cache: dict[str, EvidenceView] = {}
    out = []
    for mid, v in sv.verdicts.items():
        if v.status not in GAPS:
            continue
        t = texts.measure(mid, v.measure.title, v.measure.summary)
        ev = resolve_evidence(view, v.evidence_ids, up, cache)
        pictures = [e for e in ev if e.kind == "screenshot" and e.href][:MAX_PICTURES]
        quotes = [e for e in ev if e.kind == "quote" and e.quote][:MAX_QUOTES]
        out.append(Finding(mid, v.status, v.severity, v.applicability,
                           reason_text(v.applicability_reason), v.edition, v.measure.code,
                           codes.get(v.measure.code, v.measure.code), t.title,
                           t.seen_for(v.status), reason_text(v.reason), t.why, t.todo,
                           settings.get(mid, []), pictures, quotes))
    out.sort(key=lambda f: order_key(f.status, f.severity, f.applicability, f.measure_id))
    return out


def _unchecked(sv: ServiceView, texts, forms_allowed: bool) -> list[Unchecked]:
    out = []
    for mid, v in sv.verdicts.items():
        if v.status != "not_observable":
            continue
        t = texts.measure(mid, v.measure.title, v.measure.summary)
        why = texts.why_unchecked(why_code(v.reason), forms_allowed=forms_allowed)
        out.append(Unchecked(mid, t.title, why, reason_text(v.reason), t.why))
    out.sort(key=lambda u: (severity_rank(sv.verdicts[u.measure_id].severity), u.measure_id))
    return out


def _undecided(sv: ServiceView, texts) -> list[dict[str, Any]]:
    groups = unchecked(sv)
    for g in groups:
        g["plain"] = texts.why_unchecked(g["word"])
        g["signals"] = [humanise(s) for s in g["signals"]]
    return groups


def _provenance(meta: dict[str, Any], sv: ServiceView) -> list[tuple[str, str]]:
    rows = [("Checked", f"{fmt_time(sv.started_at, seconds=True)} to "
                        f"{fmt_time(sv.finished_at, seconds=True)}"),
            ("Tool", f"osa-auditor {meta.get('tool_version') or ''}".strip()),
            ("Measures catalogue edition", str(meta.get("catalogue_edition") or "")),
            ("Browser", browser_text(meta)),
            ("Identified itself as", str(meta.get("user_agent") or "")),
            ("robots.txt", str(meta.get("robots_policy") or "")),
            ("Pages visited", sv.pages)]
    return [(k, v or "\u2014") for k, v in rows]


def build_check(run_dir: str | Path, page: str | Path, target_id: str | None = None
                ) -> CheckView:
    """Everything the page shows, from the run folder (``page``: where it will be written, so
    that links to the evidence are relative to it)."""
    run_dir = Path(run_dir)
    run = read_run(run_dir)
    view, sv = _service(run, target_id)
    up = run_href(run_dir, Path(page))
    texts = check_text.load()
    gaps = _findings(view, sv, up, texts, _codes())
    failed = sv.outcome in PROBLEM_OUTCOMES or sv.outcome not in OUTCOME_INFO
    out = texts.outcome(sv.outcome)
    plat = sv.platform_label
    forms = created(run_dir, sv.observations, run.meta)
    in_place, not_applicable = [], []
    for mid, v in sv.verdicts.items():
        title = texts.measure(mid, v.measure.title, v.measure.summary).title
        if v.status == "met":
            in_place.append((mid, title))
        elif v.status == "not_applicable":
            not_applicable.append((mid, title))
    return CheckView(
        name=sv.name, url=sv.url, url_href=safe_href(sv.url),
        host=sv.url.split("://", 1)[-1].split("/", 1)[0], outcome=sv.outcome,
        outcome_title=out.title, outcome_text=out.text, outcome_todo=out.todo, failed=failed,
        findings=[f for f in gaps if not f.conditional],
        conditional=[f for f in gaps if f.conditional],
        unchecked=_unchecked(sv, texts, forms["allowed"]), undecided=_undecided(sv, texts),
        in_place=in_place, not_applicable=not_applicable, platform=plat,
        forms=forms, provenance=_provenance(run.meta, sv),
        run_href=up, checked_on=(sv.started_at or "")[:10])


# -- rendering --------------------------------------------------------------------------------

def _env() -> Environment:
    env = template_environment()
    env.globals.update(STATUS_WORDS=STATUS_WORDS, SEVERITY_WORDS=SEVERITY_WORDS,
                       NOT_ADVICE=NOT_ADVICE, fmt_time=fmt_time)
    return env


def csp_for(style: str) -> str:
    digest = base64.b64encode(hashlib.sha256(style.encode("utf-8")).digest()).decode("ascii")
    return (f"default-src 'none'; style-src 'sha256-{digest}'; img-src 'self'; "
            "base-uri 'none'; form-action 'none'; object-src 'none'")


def render_check(run_dir: str | Path, page: str | Path, target_id: str | None = None
                 ) -> CheckView:
    """Write the page for the run's (only, or named) target to ``page``; returns what it
    shows (the command prints a summary from it)."""
    cv = build_check(run_dir, page, target_id)
    env = _env()
    style = (HERE / "static" / "check.css").read_text(encoding="utf-8")
    html = env.get_template("check.html").render(c=cv, style=style, csp=csp_for(style))
    Path(page).write_text(html, encoding="utf-8")
    return cv
