"""Render a run folder's ``report/`` (HTML) and ``exports/`` (XLSX, JSON).

The report is a folder of static pages that open from disk with no server and no network:
``index.html`` (overview and matrix), ``services.html``, ``measures.html``, ``changes.html``, one
page per service under ``services/`` and per measure under ``measures/``, and ``assets/`` with the
one stylesheet and the one script the content security policy allows.
"""

from __future__ import annotations

import csv
import os
import shutil
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from jinja2 import Environment
from markupsafe import Markup

from auditor.archive import archive_id
from auditor.integrity import root_hash
from auditor.runfolder import RunFolder, RunFolderError, read_run
from auditor.signals import PROBES
from reports import charts, fragments
from reports.compare import Comparison, HistoryPoint, compare, find_previous_run, history
from reports.exports import write_json, write_workbook
from reports.safety import json_for_script, safe_href, slug
from reports.templating import template_environment
from reports.view import (
    FALLBACK_SCORE_NOTES,
    OUTCOME_INFO,
    PROBLEM_OUTCOMES,
    RANK,
    SCORE_NOTES,
    SEVERITY_ORDER,
    STATUS_INFO,
    STATUS_ORDER,
    EvidenceView,
    ReportView,
    browser_text,
    build,
    fmt_bytes,
    fmt_num,
    fmt_time,
    humanise,
    list_name,
    reason_text,
    resolve_evidence,
    severity_rank,
    unchecked,
)

HERE = Path(__file__).parent
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
       "base-uri 'none'; form-action 'none'; object-src 'none'")


@dataclass
class RenderResult:
    """What :func:`render` wrote and found."""

    run_dir: Path
    report_dir: Path
    index: Path
    exports: list[Path]
    pages: int
    compare_dir: Path | None
    comparison: Comparison | None
    summary: dict[str, Any] | None       # the comparison summary (None without a comparison)
    regressions: int
    seconds: float                       # wall-clock time of the whole render
    cpu_seconds: float = 0.0             # CPU time of this process (steadier on a busy machine)
    warnings: list[str] = field(default_factory=list)   # e.g. a previous run it could not read
    compare_error: str = ""              # why no comparison could be made, "" if one was
    compare_automatic: bool = False      # the earlier run was to be found, not named
    timings: dict[str, float] = field(default_factory=dict)      # wall, per phase
    cpu_timings: dict[str, float] = field(default_factory=dict)  # CPU, per phase


def _env() -> Environment:
    env = template_environment()
    env.globals.update(
        STATUS_ORDER=STATUS_ORDER, STATUS_INFO=STATUS_INFO, OUTCOME_INFO=OUTCOME_INFO,
        label=lambda s: STATUS_INFO.get(s, ("No verdict",))[0],
        glyph=lambda s: STATUS_INFO.get(s, ("", "\u00b7"))[1],
        code=lambda s: STATUS_INFO.get(s, ("", "", "-"))[2],
        outcome_label=lambda o: OUTCOME_INFO.get(o, (humanise(o or "unknown"),))[0],
        outcome_text=lambda o: OUTCOME_INFO.get(o, ("", ""))[1],
        fmt_time=fmt_time, fmt_num=fmt_num, fmt_bytes=fmt_bytes, humanise=humanise,
        safe_href=safe_href, minibar=charts.stacked_bar,
        pct=lambda n, d: f"{100 * n / d:.0f}%" if d else "0%",
        sev_rank=severity_rank,
        status_rank=lambda s: STATUS_ORDER.index(s) if s in STATUS_ORDER else 9,
        diffcount=_diffcount, num=lambda v: f"{v:,}" if isinstance(v, int) else v,
        chip=fragments.chip, sev=fragments.sev,
        outcome=fragments.outcome, link=fragments.link, time=fragments.time,
        observation_rows=fragments.observation_rows, reason_text=reason_text,
        is_number=lambda v: _to_float(v) is not None,
        fmt_priority=lambda v: fmt_num(_to_float(v)) or str(v or ""),
        verdict_card=fragments.verdict_card, measure_rows=fragments.measure_rows,
    )
    return env


def _diffcount(t: Any) -> str:
    def n(k: int, what: str) -> str:
        return f"{k} sentence{'s' if k != 1 else ''} {what}"
    parts = [n(t.added, "added"), n(t.reworded, "reworded"), n(t.removed, "removed")]
    return ", ".join(parts) if t.blocks or not t.note else "text not available"


def _write(path: Path, text: str) -> int:
    data = text.encode("utf-8")
    with open(path, "wb") as f:
        f.write(data)
    return len(data)


def _matrix_data(view: ReportView) -> dict[str, Any]:
    mids = [m.id for m in view.measures]
    codes = {s: info[2] for s, info in STATUS_INFO.items()}
    services = []
    for s in view.services:
        st = "".join(codes[s.verdicts[m].status] if m in s.verdicts else "-" for m in mids)
        services.append({"i": s.slug, "id": s.id, "n": s.name, "k": s.kind, "o": s.outcome,
                         "r": s.rank, "x": s.risk, "g": s.gap, "p": s.priority, "s": st})
    return {
        "statuses": [{"c": info[2], "key": k, "label": info[0], "glyph": info[1]}
                     for k, info in STATUS_INFO.items()],
        "measures": [{"id": m.id, "i": m.slug, "code": m.code, "t": m.title, "th": m.themes,
                      "sev": m.severity} for m in view.measures],
        "services": services,
        "problemOutcomes": list(PROBLEM_OUTCOMES),
    }


def _write_exports(folder: Path, view: ReportView, comp: Comparison | None,
                   timings: dict[str, float], cpu: dict[str, float]) -> list[Path]:
    out = []
    for name, write in (("run.xlsx", write_workbook), ("run.json", write_json)):
        t, c = time.perf_counter(), time.thread_time()
        write(folder / name, view, comp)
        key = name.split(".")[1]
        timings[key] = round(time.perf_counter() - t, 3)
        cpu[key] = round(time.thread_time() - c, 3)
        out.append(folder / name)
    return out


def _to_float(v: Any) -> float | None:
    try:
        f = float(v)
    except (TypeError, ValueError):
        return None
    return f if f == f and f not in (float("inf"), float("-inf")) else None


#: "Where services fall short" leaves out measures judged (met, partly or not met) for fewer
#: services than this, so a measure with a tiny base does not top the list.
MIN_BASE = 3


def _gaps(m: Any) -> float:
    return m.counts.get("not_met", 0) + 0.5 * m.counts.get("partly_met", 0)


def worst_measures(measures: list[Any], n_services: int, limit: int = 12
                   ) -> tuple[list[Any], int]:
    """The measures with the most gaps (services not meeting them, partly met counting half),
    among those judged for at least ``MIN_BASE`` services (fewer when the run has fewer);
    ties go to the larger share, then catalogue order.  Returns them and the minimum base."""
    min_base = max(1, min(MIN_BASE, n_services))
    cands = []
    for m in measures:
        base = sum(m.counts.get(s, 0) for s in RANK)
        if _gaps(m) > 0 and base >= min_base:
            cands.append((-_gaps(m), -_gaps(m) / base, m.index, m))
    cands.sort(key=lambda t: t[:3])
    return [t[3] for t in cands[:limit]], min_base


DOWNLOADS = [
    ("exports/run.xlsx", "../exports/run.xlsx", "every table, one sheet each (Excel)"),
    ("exports/run.json", "../exports/run.json", "every table as JSON, for pipelines"),
    ("verdicts.csv", "../verdicts.csv", "one row per service and measure"),
    ("observations.csv", "../observations.csv", "one row per service and signal"),
    ("evidence/manifest.csv", "../evidence/manifest.csv",
     "every evidence file with its SHA-256, URL and UTC time"),
    ("run.json", "../run.json", "the run's provenance and per-service outcomes"),
]


def _overview_pages(env: Environment, common: dict[str, Any], view: ReportView,
                    run: RunFolder, points: list[HistoryPoint], out: Path) -> int:
    """index.html (overview and matrix), services.html, measures.html, changes.html."""
    worst, min_base = worst_measures(view.measures, len(view.services))
    ctx = dict(common, up="", page="overview", services=view.services,
               measures=view.measures, counts=view.counts,
               total_verdicts=sum(view.counts.values()),
               checked=sum(1 for s in view.services if s.outcome not in PROBLEM_OUTCOMES
                           and s.outcome != "unknown"),
               problems=sum(1 for s in view.services if s.outcome in PROBLEM_OUTCOMES),
               top=view.services[:10],
               scatter=charts.triage_scatter(view.services, "services/"),
               worst=worst, min_base=min_base,
               bars=charts.status_bars(worst, "measures/",
                                       title="Verdicts by status, measures with most gaps"),
               trend=charts.trend_lines([(p.started_at, p.counts) for p in points]),
               history=points, kinds=view.kinds, themes=view.themes, codes=view.codes,
               outcomes=sorted(view.outcome_counts), downloads=DOWNLOADS,
               run_dir_name=run.path.name, missing=run.missing,
               data_json=Markup(json_for_script(_matrix_data(view))))
    _write(out / "index.html", env.get_template("index.html").render(ctx))
    ctx = dict(common, up="", page="services", services=view.services)
    _write(out / "services.html", env.get_template("services.html").render(ctx))
    ctx = dict(common, up="", page="measures", measures=view.measures,
               bars=charts.status_bars(view.measures, "measures/",
                                       title="Verdicts by status for every measure"))
    _write(out / "measures.html", env.get_template("measures.html").render(ctx))
    comp = common["comp"]
    ctx = dict(common, up="", page="changes", old_name=comp.old_dir.name if comp else "")
    _write(out / "changes.html", env.get_template("changes.html").render(ctx))
    return 4


def _measure_pages(env: Environment, common: dict[str, Any], view: ReportView,
                   comp: Comparison | None, out: Path) -> int:
    """measures/<slug>.html: how every service fares on one measure."""
    tpl = env.get_template("measure.html")
    order = {s: i for i, s in enumerate(STATUS_ORDER)}
    changes: dict[str, list[Any]] = {}
    for c in comp.changes if comp else []:
        changes.setdefault(c.measure_id, []).append(c)
    for mv in view.measures:
        rows = [(s, s.verdicts.get(mv.id)) for s in view.services]
        rows.sort(key=lambda r: (order.get(r[1].status, 9) if r[1] else 10, r[0].rank or 0))
        ctx = dict(common, up="../", page="measure", x=mv, rows=rows,
                   bar=charts.stacked_bar(mv.counts, width=640, height=22, label=f"{mv.id}: "),
                   changes=changes.get(mv.id, []))
        _write(out / "measures" / f"{mv.slug}.html", tpl.render(ctx))
    return len(view.measures)


def _service_pages(env: Environment, common: dict[str, Any], view: ReportView,
                   comp: Comparison | None, points: list[HistoryPoint], out: Path) -> int:
    """services/<slug>.html: one service's case file."""
    tpl = env.get_template("service.html")
    cache: dict[str, EvidenceView] = {}
    by_target = comp.by_target() if comp else {}
    terms = {t.target_id: t for t in comp.terms_changes} if comp else {}
    new_ids = {i for i, _ in comp.new_services} if comp else set()
    sev_rank = {s: i for i, s in enumerate(SEVERITY_ORDER)}
    probe_order = {p: i for i, p in enumerate(PROBES)}

    def evidence_for(ids: str) -> list[EvidenceView]:
        return resolve_evidence(view, [e for e in ids.split(";") if e], "../../", cache)

    for sv in view.services:
        groups = []
        cited: list[EvidenceView] = []                 # in order of first citation
        cited_by: dict[str, list[Any]] = {}
        for st in STATUS_ORDER:
            items = [v for v in sv.verdicts.values() if v.status == st]
            if not items:
                continue
            items.sort(key=lambda v: (sev_rank.get(v.severity, 9), v.measure.index))
            if st != "not_applicable":
                for v in items:
                    v.evidence = resolve_evidence(view, v.evidence_ids, "../../", cache)
                    for e in v.evidence:
                        by = cited_by.setdefault(e.id, [])
                        if not by:
                            cited.append(e)
                        if not by or by[-1] is not v:    # once per verdict
                            by.append(v)
            groups.append((st, items))
        obs_groups: dict[str, list[dict[str, str]]] = {}
        seen = set(cited_by)
        for o in sv.observations:
            obs_groups.setdefault(o["probe"], []).append(o)
            if o["evidence"]:
                for e in evidence_for(o["evidence"]):
                    if e.id not in seen and e.kind != "thumbnail":
                        seen.add(e.id)
                        cited.append(e)
        numbers = fragments.number_evidence(cited)
        aid = archive_id(sv.id)
        archived = (resolve_evidence(view, [aid], "../../", cache)[0]
                    if aid in view.evidence else None)
        spark = None
        if len(points) > 1:
            vals = []
            for p in points:
                c = p.per_target.get(sv.id)
                ranked = sum(c.get(s, 0) for s in RANK) if c else 0
                vals.append(c.get("met", 0) / ranked if c and ranked else None)
            spark = charts.sparkline(vals, label="Share of measures met in each run")
        ctx = dict(common, up="../", page="service", s=sv, groups=groups,
                   n_services=len(view.services),
                   applicability=Counter(v.applicability for v in sv.verdicts.values()
                                         ).most_common(),
                   unobservable=[v for v in sv.verdicts.values()
                                 if v.status == "not_observable"],
                   unchecked=unchecked(sv),
                   obs_by_probe=sorted(obs_groups.items(),
                                       key=lambda kv: probe_order.get(kv[0], 99)),
                   evidence_for=evidence_for, changes=by_target.get(sv.id, []),
                   numbers=numbers, n_evidence=len(numbers),
                   appendix=fragments.evidence_appendix(cited, numbers, cited_by),
                   archive=fragments.archive_block(archived, sv.id),
                   terms_change=terms.get(sv.id), new_service=sv.id in new_ids, spark=spark)
        _write(out / "services" / f"{sv.slug}.html", tpl.render(ctx))
    return len(view.services)


def _comparison(run_dir: Path, run: RunFolder, compare_dir: str | Path | None,
                auto_compare: bool
                ) -> tuple[Comparison | None, Path | None, bool, list[str], str]:
    """The comparison to show, the run compared with, whether it was found automatically, the
    warnings, and why no comparison could be made ("" when one was, or none was asked for)."""
    warnings: list[str] = []
    cdir = Path(compare_dir) if compare_dir is not None else None
    automatic = cdir is None and auto_compare
    skipped: list[tuple[Path, str]] = []
    if automatic:
        cdir = find_previous_run(run_dir, skipped=skipped)
    for d, err in skipped:
        warnings.append(f"Skipped the run folder {d.name}: its run.json could not be read "
                        f"({err}). If it is an earlier run of this target list, nothing is "
                        "compared with it.")
    if cdir is None:
        if skipped:
            return None, None, automatic, warnings, (
                "no readable earlier run of this target list was found, and "
                f"{len(skipped)} run folder{'s' if len(skipped) != 1 else ''} beside this one "
                "could not be read")
        return None, None, automatic, warnings, ""
    try:
        comp = compare(run_dir, cdir, new_run=run)
    except (RunFolderError, OSError, ValueError, csv.Error) as exc:
        which = "previous run" if automatic else "run named with --compare"
        warnings.append(f"Nothing is compared: the {which}, {cdir}, could not be read: {exc}")
        text = str(exc)
        return None, None, automatic, warnings, text if str(cdir) in text else f"{cdir}: {text}"
    comp.automatic = automatic
    warnings.extend(comp.warnings)
    return comp, cdir, automatic, warnings, ""


def render(run_dir: str | Path, compare_dir: str | Path | None = None, *,
           auto_compare: bool = True) -> RenderResult:
    """Render ``run_dir/report/`` and ``run_dir/exports/`` from the run folder's files.

    With ``compare_dir`` the report shows the changes since that run; otherwise, when
    ``auto_compare``, since :func:`reports.find_previous_run` (if there is one).  Raises
    :class:`auditor.runfolder.RunFolderError` when ``run_dir`` has no readable ``run.json``.

    A comparison that cannot be made (the earlier run is unreadable or has no verdicts, or every
    earlier run folder found is unreadable) never stops the report: it is rendered without the
    changes, ``compare_error`` says why and ``warnings`` (also on the changes page) say so.
    :func:`auditor.finish.render` turns that into an error for the command line.
    """
    t_start, c_start = time.perf_counter(), time.process_time()
    timings: dict[str, float] = {}
    cpu: dict[str, float] = {}        # CPU of the thread doing each phase
    mark = [t_start, time.thread_time()]

    def lap(name: str) -> None:
        now, cnow = time.perf_counter(), time.thread_time()
        timings[name] = round(now - mark[0], 3)
        cpu[name] = round(cnow - mark[1], 3)
        mark[:] = [now, cnow]

    run_dir = Path(run_dir)
    run = read_run(run_dir)
    view = build(run)
    lap("read")

    comp, cdir, automatic, warnings, compare_error = _comparison(run_dir, run, compare_dir,
                                                                 auto_compare)
    points = history(run_dir, run, extra=Path(compare_dir) if compare_dir else None,
                     known={comp.old_dir: comp.old_run} if comp else None)
    lap("compare")

    env = _env()
    meta = {k: "" for k in ("tool_version", "catalogue_edition", "robots_policy", "user_agent",
                             "started_at", "finished_at", "targets_file")}
    meta.update({k: v for k, v in view.meta.items() if v is not None})
    list_file = list_name(meta)
    started = fmt_time(meta.get("started_at"))
    run_title = f"{list_file or run_dir.name} \u00b7 {started or 'undated run'}"
    service_slug = {s.id: s.slug for s in view.services}
    measure_slug = {m.id: m.slug for m in view.measures}
    common = dict(
        csp=CSP, meta=meta, provenance=view.provenance, run_title=run_title,
        root_hash=root_hash(run_dir) or "",
        started_fmt=started or "\u2014", finished_fmt=fmt_time(meta.get("finished_at")) or "\u2014",
        browser=browser_text(meta) or "\u2014", comp=comp, list_name=list_file,
        rendered_at=datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S UTC"),
        slug_of=lambda tid: service_slug.get(tid) or slug(tid),
        mslug=lambda mid: measure_slug.get(mid) or slug(mid),
        triage_source=view.triage_source, editions=view.editions, warnings=warnings,
        compare_error=compare_error,
        score_notes=SCORE_NOTES if view.run.triage else FALLBACK_SCORE_NOTES,
    )

    out = run_dir / "report"
    tmp = run_dir / f".report-{os.getpid()}-{int(time.time() * 1000)}"
    (tmp / "services").mkdir(parents=True)
    (tmp / "measures").mkdir()
    (tmp / "assets").mkdir()
    for name in ("report.css", "report.js"):
        shutil.copyfile(HERE / "static" / name, tmp / "assets" / name)

    # The exports are written by a second thread while this one renders the pages: zlib and
    # file writes release the GIL, so their compression and I/O overlap the templating.
    exports = run_dir / "exports"
    exports.mkdir(exist_ok=True)
    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="report-exports")
    exported = pool.submit(_write_exports, exports, view, comp, timings, cpu)
    pool.shutdown(wait=False)

    pages = 0
    try:
        pages += _overview_pages(env, common, view, run, points, tmp)
        lap("overview")
        pages += _measure_pages(env, common, view, comp, tmp)
        lap("measures")
        pages += _service_pages(env, common, view, comp, points, tmp)
        lap("services")

        # swap in the new report
        old = None
        if out.exists():
            old = run_dir / f".report-old-{os.getpid()}-{int(time.time() * 1000)}"
            out.rename(old)
        tmp.rename(out)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        exported.exception()          # let the export thread finish before unwinding
        raise
    export_paths = exported.result()   # re-raises an export error here

    return RenderResult(run_dir=run_dir, report_dir=out, index=out / "index.html",
                        exports=export_paths, pages=pages,
                        compare_dir=cdir, comparison=comp,
                        summary=comp.summary() if comp else None,
                        regressions=len(comp.regressions) if comp else 0,
                        seconds=round(time.perf_counter() - t_start, 3),
                        cpu_seconds=round(time.process_time() - c_start, 3), warnings=warnings,
                        compare_error=compare_error, compare_automatic=automatic,
                        timings=timings, cpu_timings=cpu)
