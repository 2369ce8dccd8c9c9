"""The hand labels of the real-terms benchmark: reading, checking and comparing them.

``labels.csv`` (see GUIDE.md) has one row per document and signal.  :func:`load` turns it into
``{doc_id: {signal: Label}}`` with values typed as the reader gives them (bool, int, ISO date
text, harms tuple, band); :func:`problems` lists every row that breaks the guide, with its line.

    labels.py FILE [FILE ...]            check files (exit 1 and the lines when one is wrong)
    labels.py --agree FIRST SECOND       agreement between two readers on the documents both did
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from auditor.signals import HARMS  # noqa: E402

COLUMNS = ["doc_id", "signal", "value", "heading", "offset", "arguable", "note"]
BOOLEANS = ("prohibits_illegal", "illegal_content_protection", "reporting", "complaints",
            "proactive_tech", "hash_matching_csam", "hash_matching_iia", "url_list_detection",
            "age_assurance", "adult_content_allowed", "iia_48h")
SIGNALS = ("min_age", "min_age_uk", "prohibits_illegal", "illegal_content_protection",
           "harms_covered", "reporting", "complaints", "proactive_tech", "hash_matching_csam",
           "hash_matching_iia", "url_list_detection", "age_assurance", "adult_content_allowed",
           "iia_48h", "last_updated", "reading_band")
BANDS = ("easy", "standard", "dense")
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


@dataclass(frozen=True)
class Label:
    doc_id: str
    signal: str
    value: object
    heading: str
    offset: str
    arguable: bool
    note: str
    line: int

    @property
    def locator(self) -> str:
        where = f"@{self.offset}" if self.offset else "(silence)"
        return f"{self.heading!r} {where}" if self.heading else where


def parse_value(signal: str, raw: str) -> object:
    raw = raw.strip()
    if signal in BOOLEANS:
        if raw.lower() not in ("true", "false"):
            raise ValueError(f"{signal} must be true or false, not {raw!r}")
        return raw.lower() == "true"
    if signal in ("min_age", "min_age_uk"):
        if not raw:
            return None
        if not raw.isdigit() or not 5 <= int(raw) <= 25:
            raise ValueError(f"{signal} must be a whole number of years (5-25) or empty")
        return int(raw)
    if signal == "last_updated":
        if raw and not _DATE.match(raw):
            raise ValueError("last_updated must be YYYY-MM-DD, YYYY-MM, YYYY or empty")
        return raw or None
    if signal == "harms_covered":
        names = tuple(h.strip() for h in raw.split(";") if h.strip())
        unknown = [h for h in names if h not in HARMS]
        if unknown:
            raise ValueError(f"unknown harms {unknown}; choose from {', '.join(HARMS)}")
        return tuple(h for h in HARMS if h in names)
    if signal == "reading_band":
        if raw not in BANDS:
            raise ValueError(f"reading_band must be one of {', '.join(BANDS)}")
        return raw
    raise ValueError(f"unknown signal {signal!r}; choose from {', '.join(SIGNALS)}")


def read(path: Path) -> tuple[dict[str, dict[str, Label]], list[str]]:
    out: dict[str, dict[str, Label]] = {}
    problems: list[str] = []
    with path.open(newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        if reader.fieldnames != COLUMNS:
            return {}, [f"{path}:1: columns must be {','.join(COLUMNS)}"]
        for n, row in enumerate(reader, start=2):
            try:
                value = parse_value(row["signal"], row["value"] or "")
            except ValueError as exc:
                problems.append(f"{path}:{n}: {row['doc_id']}: {exc}")
                continue
            if row["offset"] and row["signal"] != "harms_covered" \
                    and not row["offset"].strip().isdigit():
                problems.append(f"{path}:{n}: offset must be a character offset (digits)")
            doc = out.setdefault(row["doc_id"], {})
            if row["signal"] in doc:
                problems.append(f"{path}:{n}: {row['doc_id']} {row['signal']} labelled twice")
            doc[row["signal"]] = Label(row["doc_id"], row["signal"], value, row["heading"] or "",
                                       (row["offset"] or "").strip(),
                                       (row["arguable"] or "").strip().lower() == "yes",
                                       row["note"] or "", n)
    for doc_id, labels in out.items():
        missing = [s for s in SIGNALS if s not in labels and s != "reading_band"]
        if missing:
            problems.append(f"{path}: {doc_id}: no row for {', '.join(missing)}")
    return out, problems


def load(*paths: Path) -> dict[str, dict[str, Label]]:
    merged: dict[str, dict[str, Label]] = {}
    for p in paths:
        labels, problems = read(p)
        if problems:
            raise SystemExit("\n".join(problems))
        merged.update(labels)
    return merged


def agreement(first: dict, second: dict) -> tuple[dict[str, tuple[int, int]], list[str]]:
    """Per signal: (agreeing, compared) over the documents both readers labelled (harms per
    harm), and every disagreement."""
    table: dict[str, list[int]] = {}
    diffs: list[str] = []
    for doc in sorted(set(first) & set(second)):
        for sig in SIGNALS:
            a, b = first[doc].get(sig), second[doc].get(sig)
            if a is None or b is None:
                continue
            if sig == "harms_covered":
                for h in HARMS:
                    same = (h in a.value) == (h in b.value)
                    t = table.setdefault(f"harm:{h}", [0, 0])
                    t[0] += same
                    t[1] += 1
                    if not same:
                        diffs.append(f"{doc} harm:{h}: first {h in a.value}, second "
                                     f"{h in b.value}")
                continue
            t = table.setdefault(sig, [0, 0])
            t[0] += a.value == b.value
            t[1] += 1
            if a.value != b.value:
                diffs.append(f"{doc} {sig}: first {a.value!r} ({a.note}), second {b.value!r} "
                             f"({b.note})")
    return {k: (v[0], v[1]) for k, v in table.items()}, diffs


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("files", nargs="*", type=Path)
    ap.add_argument("--agree", nargs=2, type=Path, metavar=("FIRST", "SECOND"))
    a = ap.parse_args(argv)
    if a.agree:
        table, diffs = agreement(load(a.agree[0]), load(a.agree[1]))
        agree = sum(v[0] for v in table.values())
        total = sum(v[1] for v in table.values())
        docs = len(set(load(a.agree[0])) & set(load(a.agree[1])))
        print(f"two readers, {docs} documents: {agree}/{total} labels agree "
              f"({agree / total if total else 0:.3f})")
        for sig, (k, n) in table.items():
            print(f"  {sig:28s} {k:3d}/{n:<3d} {k / n:.2f}")
        print("\n".join(["disagreements:"] + diffs if diffs else []))
        return 0
    bad = 0
    for path in a.files:
        labels, problems = read(path)
        for p in problems:
            print(p)
        bad += len(problems)
        print(f"{path}: {len(labels)} documents, {sum(len(v) for v in labels.values())} rows, "
              f"{len(problems)} problems")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
