"""After the visits: the run folder's tables, the verdicts and the report.

Used by ``sweep`` at the end of a run and by ``report``/``rescore`` on a stored run, so a run can
be re-judged and re-rendered without visiting anything again.
"""

from __future__ import annotations

import csv
import json
import sys
from dataclasses import asdict
from datetime import date
from pathlib import Path

from auditor.export import write_manifest, write_observations, write_run_json
from auditor.store import Store


def write_tables(out: Path, store: Store, meta: dict) -> None:
    write_observations(store, out)
    write_manifest(store, out)
    write_run_json(out, meta)


def judge(out: Path, store: Store, on: date | None = None,
          filename: str = "verdicts.csv") -> str:
    """Score every target's stored observations; write verdicts, profiles, triage, measures.

    Returns the catalogue edition used.
    """
    from auditor import measures

    on = on or date.today()
    catalogue = measures.load_catalogue()
    all_verdicts, triage_rows = [], []
    profiles = {}
    by_target: dict[str, list] = {}
    for tid, obs in store.observations():
        by_target.setdefault(tid, []).append(obs)
    for target, st in store.targets():
        if st["state"] != "done":
            continue
        obs = by_target.get(target.id, [])
        verdicts = measures.score_target(target, obs, st["outcome"] or "error", catalogue, on)
        profile = measures.build_profile(target, obs)
        profiles[target.id] = _jsonable(profile)
        all_verdicts.extend(verdicts)
        triage_rows.append((target, profile, verdicts))
    measures.write_verdicts_csv(all_verdicts, out / filename)
    if filename == "verdicts.csv":
        (out / "measures.json").write_text(
            json.dumps(measures.catalogue_records(catalogue), indent=1, default=str),
            encoding="utf-8")
        (out / "profiles.json").write_text(json.dumps(profiles, indent=1, default=str),
                                           encoding="utf-8")
        _write_triage(out / "triage.csv", measures.triage(triage_rows))
    return catalogue.edition_for(on)


def _jsonable(obj):
    if hasattr(obj, "__dataclass_fields__"):
        return {k: _jsonable(v) for k, v in asdict(obj).items()}
    if isinstance(obj, dict):
        return {k: _jsonable(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple, set)):
        return [_jsonable(v) for v in obj]
    return obj


def _write_triage(path: Path, rows) -> None:
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["target_id", "risk_score", "gap_score", "priority", "rank", "themes",
                    "gaps", "unobserved"])
        for r in rows:
            w.writerow([r.target_id, f"{r.risk_score:g}", f"{r.gap_score:g}",
                        f"{r.priority:g}", r.rank, ";".join(r.themes), r.gaps, r.unobserved])


class CouldNotCompare(Exception):
    """``--fail-on-regression`` asked for a comparison with the previous run, and none could be
    made (exit 3, as for a regression: cron must not pass silently)."""

    exit_code = 3


def render(out: Path, compare: Path | None = None, *, fail_on_regression: bool = False,
           log=None) -> int:
    """Render report/ and exports/; returns the number of regressions found.

    Every warning of the render (an earlier run that could not be read or lacks files) is
    printed to ``log`` (stderr).  The report is always written; then, when no comparison could
    be made:

    * with ``compare`` named (``--compare``): raises :class:`auditor.runfolder.RunFolderError`
      (the command line's exit 2, bad input);
    * with the previous run found automatically and ``fail_on_regression``: raises
      :class:`CouldNotCompare` ("could not compare: ...", exit 3).  Without it, only the
      warning.
    """
    import reports
    from auditor.integrity import seal_rendered
    from auditor.runfolder import RunFolderError

    log = sys.stderr if log is None else log
    result = reports.render(out, compare, auto_compare=compare is None)
    seal_rendered(out)              # what was rendered, for `auditor verify`
    for w in result.warnings:
        print(f"auditor: warning: {w}", file=log)
    if result.compare_error:
        if compare is not None:
            raise RunFolderError(f"could not compare with {compare}: {result.compare_error}. "
                                 "Fix: name a readable earlier run folder (one with run.json "
                                 "and verdicts.csv) with --compare, or leave --compare out. "
                                 "The report was written without the changes.")
        if fail_on_regression:
            raise CouldNotCompare(f"could not compare: {result.compare_error}. The report was "
                                  "written without the changes; --fail-on-regression cannot "
                                  "tell whether anything regressed.")
    return int(result.regressions or 0)
