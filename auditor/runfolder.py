"""Reading a run folder (CONTRACT.md, "The run folder") as plain rows or as pandas tables.

Two readers share one parser:

* :func:`read_run` returns a :class:`RunFolder` of plain dicts and lists: what ``reports/`` renders
  from (fast, no pandas in the hot path).
* :func:`load_run` returns a :class:`RunTables` of pandas DataFrames for researchers
  (re-exported as ``auditor.load_run``)::

      run = load_run("runs/2026-11-23")
      run.verdicts.groupby("status").size()
      run.meta["catalogue_edition"]

Older runs may lack ``measures.json``, ``profiles.json`` or ``triage.csv``: their tables are then
empty (with the usual columns) and the file's name is listed in ``missing``.  Only ``run.json`` is
required.  Nothing here touches the network.
"""

from __future__ import annotations

import csv
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

OBSERVATION_COLUMNS = ("target_id", "probe", "signal", "value", "confidence", "note", "url",
                       "observed_at", "evidence")
VERDICT_COLUMNS = ("target_id", "measure_id", "edition", "applicability", "applicability_reason",
                   "status", "severity", "reason", "evidence")
MANIFEST_COLUMNS = ("evidence_id", "path", "sha256", "original_sha256", "url", "kind",
                    "captured_at", "read_via")
TRIAGE_COLUMNS = ("target_id", "risk_score", "gap_score", "priority", "rank", "themes", "gaps",
                  "unobserved")
TARGET_COLUMNS = ("id", "name", "url", "outcome", "reason", "started_at", "finished_at", "pages",
                  "bytes")
MEASURE_COLUMNS = ("id", "code", "title", "summary", "themes", "severity", "source",
                   "id_confirmed", "from", "until")
PROFILE_COLUMNS = ("target_id", "service_kind", "service_kind_source", "regime", "size_band",
                   "likely_accessed_by_children", "risk_factors", "functionalities")

#: Optional files of a run folder (older runs may lack them).
OPTIONAL_FILES = ("observations.csv", "verdicts.csv", "evidence/manifest.csv", "measures.json",
                  "profiles.json", "triage.csv")

# Terms text and DOM snapshots make long cells; the csv module's default limit is 128 KiB.
csv.field_size_limit(min(sys.maxsize, 2**31 - 1))


class RunFolderError(ValueError):
    """The folder is not a readable run folder (no or unreadable ``run.json``)."""


@dataclass
class RunFolder:
    """A run folder as plain Python data, every CSV cell a ``str``."""

    path: Path
    meta: dict[str, Any]
    targets: list[dict[str, Any]]
    observations: list[dict[str, str]]
    verdicts: list[dict[str, str]]
    evidence: list[dict[str, str]]
    measures: list[dict[str, Any]]
    profiles: dict[str, dict[str, Any]]
    triage: list[dict[str, str]]
    missing: list[str] = field(default_factory=list)


@dataclass
class RunTables:
    """A run folder as pandas DataFrames (what :func:`load_run` returns)."""

    path: Path
    meta: dict[str, Any]
    targets: Any          # pandas.DataFrame, one row per target (profile and triage joined)
    observations: Any
    verdicts: Any
    evidence: Any
    measures: Any
    triage: Any
    profiles: Any
    missing: list[str] = field(default_factory=list)

    def __repr__(self) -> str:
        sizes = ", ".join(f"{n}={len(getattr(self, n))}" for n in
                          ("targets", "observations", "verdicts", "evidence", "measures",
                           "triage"))
        return f"RunTables({str(self.path)!r}, {sizes})"


def is_run_folder(path: str | Path) -> bool:
    return (Path(path) / "run.json").is_file()


def read_meta(path: str | Path) -> dict[str, Any]:
    """Only ``run.json`` (cheap; used to find earlier runs)."""
    p = Path(path) / "run.json"
    try:
        meta = json.loads(p.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise RunFolderError(f"{path}: no run.json; is this a run folder (auditor sweep --out)?"
                             ) from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise RunFolderError(f"{p}: unreadable ({exc}); re-run the sweep or restore the file"
                             ) from exc
    if not isinstance(meta, dict):
        raise RunFolderError(f"{p}: expected a JSON object")
    targets = meta.get("targets")
    meta["targets"] = [t for t in targets if isinstance(t, dict)] if isinstance(targets, list) \
        else []
    return meta


def read_csv(path: Path, columns: tuple[str, ...],
             keep: tuple[str, str] | None = None) -> list[dict[str, str]] | None:
    """Rows of a CSV as dicts with at least ``columns`` (missing cells are ``""``).

    ``keep=(column, prefix)`` keeps only the rows whose ``column`` starts with ``prefix``.
    ``None`` when the file does not exist.
    """
    try:
        f = path.open(encoding="utf-8", errors="replace", newline="")
    except FileNotFoundError:
        return None
    with f:
        reader = csv.reader(f)
        header = next(reader, None)
        if header is None:
            return []
        header = [h.strip().lstrip("\ufeff") for h in header]
        extra = [c for c in columns if c not in header]
        n = len(header)
        ki, prefix = (header.index(keep[0]), keep[1]) if keep and keep[0] in header else (-1, "")
        rows = []
        for rec in reader:
            if not rec:
                continue
            if ki >= 0 and not (len(rec) > ki and rec[ki].startswith(prefix)):
                continue
            if len(rec) < n:
                rec = rec + [""] * (n - len(rec))
            row = dict(zip(header, rec[:n], strict=True))
            for c in extra:
                row[c] = ""
            rows.append(row)
        return rows


def _read_json(path: Path, kind: type) -> Any:
    try:
        data = json.loads(path.read_text(encoding="utf-8", errors="replace"))
    except FileNotFoundError:
        return None
    except (OSError, json.JSONDecodeError):
        return None
    return data if isinstance(data, kind) else None


def read_run(path: str | Path, *, signals: str | None = None) -> RunFolder:
    """Read every table of a run folder as plain rows.  Raises :class:`RunFolderError`.

    ``signals`` (a prefix such as ``"terms."``) reads only those observations.
    """
    root = Path(path)
    meta = read_meta(root)
    missing: list[str] = []

    def csv_or_empty(name: str, columns: tuple[str, ...],
                     keep: tuple[str, str] | None = None) -> list[dict[str, str]]:
        rows = read_csv(root / name, columns, keep)
        if rows is None:
            missing.append(name)
            return []
        return rows

    observations = csv_or_empty("observations.csv", OBSERVATION_COLUMNS,
                                ("signal", signals) if signals else None)
    verdicts = csv_or_empty("verdicts.csv", VERDICT_COLUMNS)
    evidence = csv_or_empty("evidence/manifest.csv", MANIFEST_COLUMNS)
    triage = csv_or_empty("triage.csv", TRIAGE_COLUMNS)
    measures = _read_json(root / "measures.json", list)
    if measures is None:
        missing.append("measures.json")
        measures = []
    measures = [m for m in measures if isinstance(m, dict) and m.get("id")]
    profiles = _read_json(root / "profiles.json", dict)
    if profiles is None:
        missing.append("profiles.json")
        profiles = {}
    profiles = {str(k): v for k, v in profiles.items() if isinstance(v, dict)}
    return RunFolder(root, meta, meta["targets"], observations, verdicts, evidence, measures,
                     profiles, triage, missing)


# ---------------------------------------------------------------------------------------------
# pandas


def profile_value(profile: dict[str, Any], key: str) -> Any:
    """A profile field's value, whether stored as ``{"value":..,"source":..}`` or bare."""
    v = profile.get(key)
    if isinstance(v, dict) and "value" in v:
        return v.get("value")
    return v


def _cell(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (list, tuple)):
        return ";".join(_cell(x) for x in v)
    if isinstance(v, dict):
        return json.dumps(v, ensure_ascii=False, sort_keys=True)
    return str(v)


def profile_rows(profiles: dict[str, dict[str, Any]]) -> list[dict[str, str]]:
    rows = []
    for tid, prof in profiles.items():
        sk = prof.get("service_kind")
        row = {"target_id": tid,
               "service_kind": _cell(profile_value(prof, "service_kind")),
               "service_kind_source": _cell(sk.get("source")) if isinstance(sk, dict) else ""}
        for key in PROFILE_COLUMNS[3:]:
            row[key] = _cell(profile_value(prof, key))
        for key in prof:
            if key not in row:
                row[key] = _cell(profile_value(prof, key))
        rows.append(row)
    return rows


def target_rows(run: RunFolder) -> list[dict[str, Any]]:
    """One flat row per target: run.json fields, then the target list row as ``row_<column>``."""
    rows = []
    for t in run.targets:
        row: dict[str, Any] = {c: _cell(t.get(c)) for c in TARGET_COLUMNS}
        src = t.get("row")
        if isinstance(src, dict):
            for k, v in src.items():
                row[f"row_{k}"] = _cell(v)
        rows.append(row)
    return rows


def load_run(path: str | Path) -> RunTables:
    """The run folder at ``path`` as pandas DataFrames (``.targets``, ``.observations``,
    ``.verdicts``, ``.evidence``, ``.measures``, ``.triage``, ``.profiles``) plus ``.meta``
    (``run.json`` without its ``targets`` list).

    Cells are strings as in the CSV files, except: ``confidence``, ``risk_score``, ``gap_score``,
    ``priority``, ``rank``, ``gaps``, ``unobserved``, ``pages`` and ``bytes`` are numbers; times
    (``observed_at``, ``captured_at``, ``started_at``, ``finished_at``) are UTC timestamps.
    ``targets`` has the profile (``service_kind``, ``regime``, ...) and triage columns joined on
    for convenience.
    """
    import pandas as pd

    run = read_run(path)

    def frame(rows: list[dict[str, Any]], columns: tuple[str, ...]) -> Any:
        df = pd.DataFrame.from_records(rows) if rows else pd.DataFrame(columns=list(columns))
        for c in columns:
            if c not in df.columns:
                df[c] = ""
        rest = [c for c in df.columns if c not in columns]
        return df[list(columns) + rest]

    def numbers(df: Any, *cols: str) -> None:
        for c in cols:
            if c in df.columns:
                df[c] = pd.to_numeric(df[c], errors="coerce")

    def times(df: Any, *cols: str) -> None:
        for c in cols:
            if c in df.columns:
                df[c] = pd.to_datetime(df[c].replace("", None), utc=True, errors="coerce",
                                       format="ISO8601")

    observations = frame(run.observations, OBSERVATION_COLUMNS)
    numbers(observations, "confidence")
    times(observations, "observed_at")
    verdicts = frame(run.verdicts, VERDICT_COLUMNS)
    evidence = frame(run.evidence, MANIFEST_COLUMNS)
    times(evidence, "captured_at")
    triage = frame(run.triage, TRIAGE_COLUMNS)
    numbers(triage, "risk_score", "gap_score", "priority", "rank", "gaps", "unobserved")
    measures = frame([{k: (_cell(v) if k == "themes" else v) for k, v in m.items()}
                      for m in run.measures], MEASURE_COLUMNS)
    profiles = frame(profile_rows(run.profiles), PROFILE_COLUMNS)

    targets = frame(target_rows(run), TARGET_COLUMNS)
    numbers(targets, "pages", "bytes")
    times(targets, "started_at", "finished_at")
    if len(profiles):
        targets = targets.merge(profiles.rename(columns={"target_id": "id"}), on="id",
                                how="left", suffixes=("", "_profile"))
    if len(triage):
        targets = targets.merge(triage.rename(columns={"target_id": "id"}), on="id",
                                how="left", suffixes=("", "_triage"))

    meta = {k: v for k, v in run.meta.items() if k != "targets"}
    return RunTables(run.path, meta, targets, observations, verdicts, evidence, measures, triage,
                     profiles, run.missing)
