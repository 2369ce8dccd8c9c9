"""The run folder's core files (CONTRACT.md, "The run folder"): observations.csv,
evidence/manifest.csv and run.json, written from the store."""

from __future__ import annotations

import csv
import json
import os
from pathlib import Path

from auditor.signals import to_cell
from auditor.store import Store

OBSERVATION_COLUMNS = ["target_id", "probe", "signal", "value", "confidence", "note", "url",
                       "observed_at", "evidence"]
MANIFEST_COLUMNS = ["evidence_id", "path", "sha256", "original_sha256", "url", "kind",
                    "captured_at", "read_via"]


def _atomic_csv(path: Path, columns: list[str], rows) -> int:
    tmp = path.with_suffix(path.suffix + ".tmp")
    n = 0
    with open(tmp, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(columns)
        for row in rows:
            w.writerow(row)
            n += 1
    os.replace(tmp, path)
    return n


def write_observations(store: Store, out: Path) -> int:
    def rows():
        for tid, o in store.observations():
            conf = f"{o.confidence:.2f}".rstrip("0").rstrip(".") if o.confidence else "0"
            yield [tid, o.probe, o.signal, to_cell(o.value), conf, o.note, o.url, o.observed_at,
                   ";".join(o.evidence)]
    return _atomic_csv(Path(out) / "observations.csv", OBSERVATION_COLUMNS, rows())


def write_manifest(store: Store, out: Path) -> int:
    folder = Path(out) / "evidence"
    folder.mkdir(parents=True, exist_ok=True)
    rows = ([e.evidence_id, e.path, e.sha256, e.original_sha256, e.url, e.kind, e.captured_at,
             e.read_via] for e in store.evidence())
    return _atomic_csv(folder / "manifest.csv", MANIFEST_COLUMNS, rows)


def write_run_json(out: Path, meta: dict) -> None:
    path = Path(out) / "run.json"
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(meta, indent=2, ensure_ascii=False), encoding="utf-8")
    os.replace(tmp, path)
