"""Tables in and out: ``verdicts.csv``, the catalogue listing for ``auditor measures``, and
observation rows read back from ``observations.csv`` for rescoring.  Files only, no network."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from datetime import date
from pathlib import Path

from auditor import signals
from auditor.measures.applicability import describe
from auditor.measures.catalogue import Catalogue
from auditor.model import Observation, Verdict

VERDICT_COLUMNS = ("target_id", "measure_id", "edition", "applicability", "applicability_reason",
                   "status", "severity", "reason", "evidence")
CATALOGUE_COLUMNS = ("id", "code", "title", "summary", "themes", "severity", "source",
                     "id_confirmed", "from", "until", "edition", "applies_to", "signals",
                     "needs", "basis", "observability")


def verdicts_filename(on: date | None = None) -> str:
    """``verdicts.csv``, or ``verdicts-DATE.csv`` for a rescore under the edition of DATE."""
    return "verdicts.csv" if on is None else f"verdicts-{on.isoformat()}.csv"


def write_verdicts_csv(verdicts: Iterable[Verdict], path: str | Path) -> None:
    """Write ``verdicts`` with the CONTRACT.md columns (evidence ids ``;``-separated)."""
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(VERDICT_COLUMNS)
        for v in verdicts:
            w.writerow([v.target_id, v.measure_id, v.edition, v.applicability,
                        v.applicability_reason, v.status, v.severity, v.reason,
                        ";".join(v.evidence)])


def catalogue_records(catalogue: Catalogue) -> list[dict]:
    """One plain dict per catalogue entry (lists stay lists; dates are ISO strings)."""
    return [{
        "id": m.id, "code": m.code, "title": m.title, "summary": m.summary,
        "themes": list(m.themes), "severity": m.severity, "source": m.source,
        "id_confirmed": m.id_confirmed, "from": m.in_force_from.isoformat(),
        "until": m.in_force_until.isoformat() if m.in_force_until else "",
        "edition": m.edition, "applies_to": describe(m.applies_to, catalogue.regimes(m)),
        "signals": list(m.signals), "needs": list(m.needs), "basis": m.basis,
        "observability": m.observability,
    } for m in catalogue.measures]


def format_catalogue(catalogue: Catalogue, fmt: str = "text") -> str:
    """The catalogue as a text listing (grouped by code) or as CSV."""
    records = catalogue_records(catalogue)
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.DictWriter(buf, fieldnames=CATALOGUE_COLUMNS, lineterminator="\n")
        w.writeheader()
        for r in records:
            w.writerow({k: signals.to_cell(v) for k, v in r.items()})
        return buf.getvalue()
    if fmt != "text":
        raise ValueError(f"unknown format {fmt!r} (text or csv)")
    lines: list[str] = [f"{catalogue.name}: {len(records)} entries"]
    for code, c in catalogue.codes.items():
        rows = [r for r in records if r["code"] == code]
        if not rows:
            continue
        lines += ["", f"{code}: {c.title} ({len(rows)})"]
        for r in rows:
            dates = f"from {r['from']}" + (f" until {r['until']}" if r["until"] else "")
            flag = "" if r["id_confirmed"] else " [id unconfirmed]"
            lines.append(f"  {r['id']:<24} {r['severity']:<8} {r['title']}{flag}")
            lines.append(f"  {'':<24} {'':<8} {dates}; applies to: {r['applies_to']}")
    return "\n".join(lines) + "\n"


def observations_from_rows(rows: Iterable[Mapping[str, str]]) -> dict[str, list[Observation]]:
    """``observations.csv`` rows (dicts of strings) as ``{target_id: [Observation]}``.

    Rows naming a signal this version does not register are skipped.
    """
    out: dict[str, list[Observation]] = {}
    for row in rows:
        sig = row.get("signal", "")
        if sig not in signals.SIGNALS:
            continue
        value = signals.from_cell(sig, row.get("value", ""))
        conf = float(row.get("confidence") or 0.0)
        ev = [e for e in (row.get("evidence") or "").split(";") if e]
        obs = Observation(sig.split(".", 1)[0], sig, value, conf, row.get("note", ""),
                          row.get("url", ""), ev, row.get("observed_at", ""))
        out.setdefault(row.get("target_id", ""), []).append(obs)
    return out
