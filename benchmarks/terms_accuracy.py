"""Terms-text accuracy: ``probes.terms_text.analyse_terms`` against the labelled corpus.

Reads every ``tests/corpus/terms/NAME.txt`` with its ``NAME.json`` labels (see LABELS.md there;
``NAME__xxx.txt`` files are extra pages of document NAME), analyses it and prints, per signal,
correct/total and, for booleans, precision and recall of ``true``, for all documents, for the
held-out documents (labelled before the classifier was run on them: their label notes start
"Held-out document") and for the long documents (2,500 words or more); then every miss.

    .venv/bin/python benchmarks/terms_accuracy.py [--misses-only] [--json FILE]

``tests/test_terms_text.py`` imports :func:`evaluate` and fails when overall accuracy drops
below the level recorded there.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from probes.terms_text import SIGNALS, analyse_terms, text_sha256  # noqa: E402

CORPUS = ROOT / "tests" / "corpus" / "terms"
BANDS = {"plain": (None, 10.0), "standard": (8.0, 14.0), "dense": (12.0, None)}
BOOLEANS = ("prohibits_illegal", "illegal_content_protection", "reporting", "complaints",
            "proactive_tech", "hash_matching_csam", "hash_matching_iia", "url_list_detection",
            "age_assurance", "adult_content_allowed", "iia_48h")


@dataclass
class Doc:
    name: str
    text: str
    url: str
    expected: dict
    extra_texts: dict[str, str] = field(default_factory=dict)
    notes: str = ""

    @property
    def held_out(self) -> bool:
        return self.notes.startswith("Held-out document")

    @property
    def words(self) -> int:
        return len(self.text.split())


@dataclass
class Miss:
    doc: str
    signal: str
    expected: object
    got: object
    quotes: list[str]


@dataclass
class Result:
    table: dict[str, dict[str, int]]           # signal -> counts (correct, total, tp, fp, fn)
    misses: list[Miss]

    @property
    def correct(self) -> int:
        return sum(c["correct"] for c in self.table.values())

    @property
    def total(self) -> int:
        return sum(c["total"] for c in self.table.values())

    @property
    def accuracy(self) -> float:
        return self.correct / self.total if self.total else 0.0


def load_corpus(folder: Path = CORPUS) -> list[Doc]:
    docs = []
    for label in sorted(folder.glob("*.json")):
        if "__" in label.stem:
            continue
        meta = json.loads(label.read_text(encoding="utf-8"))
        text = (folder / f"{label.stem}.txt").read_text(encoding="utf-8")
        extras = {k: (folder / v).read_text(encoding="utf-8")
                  for k, v in (meta.get("extra_texts") or {}).items()}
        docs.append(Doc(label.stem, text, meta.get("url", ""), meta["expected"], extras,
                        meta.get("notes", "")))
    return docs


def reflowed(text: str) -> list[str]:
    """The same text re-wrapped: other line width, CRLF, doubled spaces, indentation."""
    words = text.split()
    narrow = "\n".join(" ".join(words[i:i + 7]) for i in range(0, len(words), 7))
    return [narrow, text.replace("\n", "\r\n"), text.replace(" ", "  "),
            "\n".join("    " + ln for ln in text.split("\n")), " ".join(words)]


def one_word_changed(text: str) -> str:
    words = text.split()
    i = len(words) // 2
    words[i] = words[i] + "x"
    return " ".join(words)


def judge(signal: str, expected: object, got: object, text: str) -> bool:
    if signal == "reading_grade":
        if got is None:
            return expected is None
        lo, hi = BANDS[str(expected)]
        return (lo is None or got >= lo) and (hi is None or got <= hi)
    if signal == "text_sha256":
        h = text_sha256(text)
        return got == h and all(text_sha256(t) == h for t in reflowed(text)) and \
            text_sha256(one_word_changed(text)) != h
    if signal == "harms_covered":
        return (list(got) if got is not None else None) == \
            (list(expected) if expected is not None else None)
    return got == expected


def evaluate(docs: list[Doc] | None = None) -> Result:
    docs = load_corpus() if docs is None else docs
    table = {s: {"correct": 0, "total": 0, "tp": 0, "fp": 0, "fn": 0} for s in SIGNALS}
    misses: list[Miss] = []
    for doc in docs:
        analysis = analyse_terms(doc.text, url=doc.url, extra_texts=doc.extra_texts)
        for signal in SIGNALS:
            if signal not in doc.expected:
                continue
            expected, got = doc.expected[signal], analysis.value(signal)
            row = table[signal]
            row["total"] += 1
            ok = judge(signal, expected, got, doc.text)
            row["correct"] += ok
            if signal in BOOLEANS:
                row["tp"] += got is True and expected is True
                row["fp"] += got is True and expected is not True
                row["fn"] += got is not True and expected is True
            if signal == "harms_covered" and isinstance(got, list) and isinstance(expected, list):
                row["tp"] += len(set(got) & set(expected))
                row["fp"] += len(set(got) - set(expected))
                row["fn"] += len(set(expected) - set(got))
            if not ok:
                misses.append(Miss(doc.name, signal, expected, got,
                                   analysis[signal].quote_texts))
    return Result(table, misses)


def _ratio(a: int, b: int) -> str:
    return f"{a / b:.2f}" if b else "  - "


def render(result: Result) -> str:
    lines = [f"{'signal':28} {'correct':>9} {'acc':>5} {'prec':>5} {'recall':>6}",
             "-" * 58]
    for signal, c in result.table.items():
        if not c["total"]:
            continue
        pr = signal in BOOLEANS or signal == "harms_covered"
        lines.append(f"{signal:28} {c['correct']:>4}/{c['total']:<4} "
                     f"{_ratio(c['correct'], c['total']):>5} "
                     f"{_ratio(c['tp'], c['tp'] + c['fp']) if pr else '':>5} "
                     f"{_ratio(c['tp'], c['tp'] + c['fn']) if pr else '':>6}")
    lines.append("-" * 58)
    lines.append(f"{'overall':28} {result.correct:>4}/{result.total:<4} "
                 f"{_ratio(result.correct, result.total):>5}")
    lines.append("(harms_covered precision/recall are per harm word)")
    return "\n".join(lines)


def render_misses(result: Result) -> str:
    if not result.misses:
        return "no misses"
    out = [f"misses ({len(result.misses)}):"]
    for m in result.misses:
        out.append(f"  {m.doc:32} {m.signal:26} expected {m.expected!r} got {m.got!r}")
        for q in m.quotes[:2]:
            out.append(f"      relied on: {q[:150]}")
    return "\n".join(out)


LONG_WORDS = 2500


def subsets(docs: list[Doc]) -> dict[str, list[Doc]]:
    """The document sets the benchmark reports on."""
    return {"all": docs, "held_out": [d for d in docs if d.held_out],
            "long": [d for d in docs if d.words >= LONG_WORDS]}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--misses-only", action="store_true")
    ap.add_argument("--json", help="also write the tables and misses as JSON to this file")
    args = ap.parse_args(argv)
    docs = load_corpus()
    results = {name: evaluate(ds) for name, ds in subsets(docs).items() if ds}
    titles = {"all": f"all documents ({len(docs)})",
              "held_out": "held-out documents ({})".format(len(subsets(docs)["held_out"])),
              "long": "long documents, {}+ words ({})".format(
                  LONG_WORDS, len(subsets(docs)["long"]))}
    if not args.misses_only:
        print(f"terms corpus: {len(docs)} documents\n")
        for name, result in results.items():
            print(f"== {titles[name]}")
            print(render(result))
            print()
    print(render_misses(results["all"]))
    if args.json:
        Path(args.json).write_text(json.dumps({
            name: {"documents": [d.name for d in subsets(docs)[name]], "table": r.table,
                   "accuracy": r.accuracy, "misses": [m.__dict__ for m in r.misses]}
            for name, r in results.items()}, indent=2, default=str))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
