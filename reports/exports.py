"""exports/run.xlsx (one sheet per table) and exports/run.json (the same, for pipelines)."""

from __future__ import annotations

import json
import math
import os
from pathlib import Path
from typing import Any

from auditor.runfolder import (
    MANIFEST_COLUMNS,
    OBSERVATION_COLUMNS,
    TRIAGE_COLUMNS,
    VERDICT_COLUMNS,
    profile_rows,
)
from reports.compare import Comparison
from reports.view import STATUS_ORDER, ReportView, plain, to_float
from reports.xlsx import Sheet, write_xlsx

TARGET_EXPORT_COLUMNS = ("id", "name", "url", "outcome", "reason", "service_kind", "rank",
                         "risk_score", "gap_score", "priority", *STATUS_ORDER, "started_at",
                         "finished_at", "pages", "bytes")


def _num(v: object) -> float | int | str:
    f = to_float(v)
    if f is None:
        return plain(v)
    return int(f) if f.is_integer() and "." not in str(v) else f


def target_records(view: ReportView) -> list[dict[str, Any]]:
    out = []
    for s in view.services:
        rec: dict[str, Any] = {
            "id": s.id, "name": s.name, "url": s.url, "outcome": s.outcome, "reason": s.reason,
            "service_kind": s.kind, "rank": s.rank, "risk_score": s.risk, "gap_score": s.gap,
            "priority": _num(s.priority) if s.priority else "",
            **{st: s.counts.get(st, 0) for st in STATUS_ORDER},
            "started_at": s.started_at, "finished_at": s.finished_at,
            "pages": _num(s.pages), "bytes": _num(s.bytes)}
        for k, v in s.row.items():
            if k not in ("id", "name", "url"):
                rec[f"row_{k}"] = v
        out.append(rec)
    return out


def comparison_record(comp: Comparison | None) -> dict[str, Any] | None:
    if comp is None:
        return None
    rec = comp.summary()
    rec["changes"] = [{"target_id": c.target_id, "measure_id": c.measure_id, "old": c.old,
                       "new": c.new, "kind": c.kind, "severity": c.severity,
                       "old_reason": c.old_reason, "reason": c.reason}
                      for c in comp.changes]
    rec["outcome_changes"] = [{"target_id": i, "old": o, "new": n}
                              for i, _, o, n in comp.outcome_changes]
    rec["terms_changes"] = [{"target_id": t.target_id, "old_sha256": t.old_sha,
                             "new_sha256": t.new_sha, "sentences_added": t.added,
                             "sentences_removed": t.removed, "sentences_reworded": t.reworded}
                            for t in comp.terms_changes]
    return rec


TRIAGE_NUMBERS = ("risk_score", "gap_score", "priority", "rank", "gaps", "unobserved")


def triage_table(view: ReportView) -> tuple[list[str], list[list[Any]]]:
    """triage.csv as exported: every column it has (``gaps``, ``unobserved`` and any newer
    ones after the usual ones), the scores and counts as numbers."""
    rows = view.run.triage
    cols = list(TRIAGE_COLUMNS) + sorted({k for r in rows for k in r} - set(TRIAGE_COLUMNS))
    out = []
    for r in rows:
        out.append([_num(r.get(c, "")) if c in TRIAGE_NUMBERS else r.get(c, "") for c in cols])
    return cols, out


def _finite(v: Any) -> Any:
    if isinstance(v, float):
        return v if math.isfinite(v) else None
    if isinstance(v, dict):
        return {k: _finite(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [_finite(x) for x in v]
    return v


def _table(columns: Any, rows: Any) -> dict[str, Any]:
    return {"columns": list(columns), "data": rows}


def write_json(path: Path, view: ReportView, comp: Comparison | None) -> None:
    """exports/run.json: the run's provenance and every table.

    Tables are ``{"columns": [...], "data": [[...], ...]}`` (pandas' "split" shape:
    ``pandas.DataFrame(**doc["tables"]["verdicts"])``); cells are as in the CSV files (lists
    ``;``-separated) except numbers (confidence, scores, ranks, pages, bytes).
    """
    run = view.run
    targets = target_records(view)
    tcols = _target_columns(targets)
    conf = OBSERVATION_COLUMNS.index("confidence")
    obs_rows = []
    for o in run.observations:
        row: list[Any] = [o[c] for c in OBSERVATION_COLUMNS]
        row[conf] = to_float(row[conf])
        obs_rows.append(row)
    data = {
        "format": "osa-auditor-run-export/1",
        "run": {k: v for k, v in run.meta.items() if k != "targets"},
        "missing_files": run.missing,
        "tables": {
            "targets": _table(tcols, [[t.get(c) for c in tcols] for t in targets]),
            "verdicts": _table(VERDICT_COLUMNS, [[v[c] for c in VERDICT_COLUMNS]
                                                 for v in run.verdicts]),
            "observations": _table(OBSERVATION_COLUMNS, obs_rows),
            "evidence": _table(MANIFEST_COLUMNS, [[e[c] for c in MANIFEST_COLUMNS]
                                                  for e in run.evidence]),
            "triage": _table(*triage_table(view)),
        },
        "measures": run.measures,
        "profiles": run.profiles,
        "comparison": comparison_record(comp),
    }
    tmp = path.with_suffix(".json.tmp")
    # json.dumps runs the C encoder; json.dump to a file would run the pure-Python one
    try:
        text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), default=str,
                          allow_nan=False)
    except ValueError:      # a NaN or infinity somewhere: JSON has no such numbers
        text = json.dumps(_finite(data), ensure_ascii=False, separators=(",", ":"),
                          default=str)
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def _target_columns(targets: list[dict[str, Any]]) -> list[str]:
    extra = sorted({k for t in targets for k in t if k not in TARGET_EXPORT_COLUMNS})
    return list(TARGET_EXPORT_COLUMNS) + extra


def write_workbook(path: Path, view: ReportView, comp: Comparison | None) -> None:
    run = view.run
    meta_rows: list[list[object]] = []
    for k, v in run.meta.items():
        if k == "targets":
            continue
        if isinstance(v, dict):
            for k2, v2 in v.items():
                meta_rows.append([f"{k}.{k2}", json.dumps(v2) if isinstance(v2, (dict, list))
                                  else plain(v2)])
        else:
            meta_rows.append([k, plain(v)])
    meta_rows.append(["missing_files", "; ".join(run.missing)])
    if comp is not None:
        for k, v in comp.summary().items():
            meta_rows.append([f"comparison.{k}", plain(v)])

    targets = target_records(view)
    tcols = _target_columns(targets)
    sheets = [
        Sheet("Run", ["field", "value"], meta_rows, [28, 90]),
        Sheet("Targets", tcols, ([t.get(c) for c in tcols] for t in targets)),
        Sheet("Verdicts", VERDICT_COLUMNS, ([v[c] for c in VERDICT_COLUMNS]
                                            for v in run.verdicts),
              [14, 12, 12, 18, 40, 14, 10, 60, 30]),
        Sheet("Observations", OBSERVATION_COLUMNS,
              ([o[c] if c != "confidence" else _num(o[c]) for c in OBSERVATION_COLUMNS]
               for o in run.observations), [14, 11, 30, 30, 11, 20, 40, 22, 30]),
        Sheet("Evidence", MANIFEST_COLUMNS, ([e[c] for c in MANIFEST_COLUMNS]
                                             for e in run.evidence)),
    ]
    if run.measures:
        mcols = ["id", "code", "title", "summary", "themes", "severity", "source",
                 "id_confirmed", "from", "until"]
        mcols += sorted({k for m in run.measures for k in m if k not in mcols})
        sheets.append(Sheet("Measures", mcols, ([plain(m.get(c)) for c in mcols]
                                                for m in run.measures),
                            [12, 8, 40, 60, 24, 10, 40, 12, 12, 12]))
    if run.triage:
        tcols_, trows = triage_table(view)
        sheets.append(Sheet("Triage", tcols_, trows))
    if run.profiles:
        prow = profile_rows(run.profiles)
        pcols = list(dict.fromkeys(k for r in prow for k in r))
        sheets.append(Sheet("Profiles", pcols, ([r.get(c, "") for c in pcols] for r in prow)))
    if comp is not None:
        sheets.append(Sheet("Changes", ["target_id", "name", "measure_id", "old", "new", "kind",
                                        "severity", "old_reason", "reason"],
                            ([c.target_id, c.name, c.measure_id, c.old, c.new, c.kind,
                              c.severity, c.old_reason, c.reason] for c in comp.changes)))
    write_xlsx(path, sheets)
