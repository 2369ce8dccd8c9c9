"""How well the terms reader reads real published terms: figures per signal, every disagreement.

Each restored page (``restore.py``) is read by the terms probe's own code path
(:func:`probes.terms_fetch.read_html` then :func:`probes.terms_text.analyse_terms`, with the URL
the page has when served by ``--serve``), and compared with the hand labels (``labels.csv``,
GUIDE.md).  Printed per signal: agreement (agreeing/labelled), and for yes/no signals precision
and recall of "yes" with the counts behind them (a false "yes" hides a gap; a false "no" invents a
breach); harms are counted per harm.  Arguable labels are counted, and the figures without them
are printed too.  Then the own corpus (``benchmarks/terms_accuracy.py``) beside it, and every
disagreement with its locator (heading and character offset in the restored original), also
written to ``cache/disagreements.csv``.

    .venv/bin/python benchmarks/real_terms/benchmark.py [--only ID,ID] [--json FILE]
    .venv/bin/python benchmarks/real_terms/benchmark.py --serve [--port 8765]
        serves the restored pages at http://127.0.0.1:PORT/ID/terms, so that
        ``auditor probe terms http://127.0.0.1:PORT/ID/terms`` prints the values counted here.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
for p in (str(ROOT), str(HERE)):
    if p not in sys.path:
        sys.path.insert(0, p)

from labels import BOOLEANS, Label, load  # noqa: E402
from restore import CACHE, Source, load_sources  # noqa: E402

from auditor.signals import HARMS  # noqa: E402

LABELS = HERE / "labels.csv"
PARTS = HERE / "labels_parts"
#: Flesch-Kincaid grades each hand-read band admits (as tests/corpus/terms/LABELS.md).
BANDS = {"easy": (None, 10.0), "standard": (8.0, 14.0), "dense": (12.0, None)}
PORT = 8765


def served_url(doc_id: str, port: int = PORT) -> str:
    return f"http://127.0.0.1:{port}/{doc_id}/terms"


def read(source: Source, port: int = PORT) -> dict[str, object]:
    """The values the terms probe gives for one restored page."""
    from probes.terms_fetch import read_html
    from probes.terms_text import analyse_terms

    url = served_url(source.id, port)
    text, lang = read_html(source.page.read_text(encoding="utf-8", errors="replace"), url)
    analysis = analyse_terms(text, url=url, lang=lang)
    values = analysis.values()
    values["_quotes"] = {k: f.quote_texts[:1] for k, f in analysis.signals.items()}
    values["_words"] = analysis.words
    return values


@dataclass
class Count:
    agree: int = 0
    total: int = 0
    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0
    arguable_total: int = 0
    arguable_agree: int = 0

    def add(self, ok: bool, expected: object = None, got: object = None, *,
            binary: bool = False, arguable: bool = False) -> None:
        self.total += 1
        self.agree += ok
        if arguable:
            self.arguable_total += 1
            self.arguable_agree += ok
        if binary:
            e, g = bool(expected), bool(got)
            self.tp += e and g
            self.fp += (not e) and g
            self.fn += e and not g
            self.tn += (not e) and not g

    @property
    def positives(self) -> int:
        return self.tp + self.fn


@dataclass
class Disagreement:
    doc: str
    signal: str
    expected: object
    got: object
    locator: str
    arguable: bool
    note: str
    quote: str = ""


@dataclass
class Result:
    counts: dict[str, Count] = field(default_factory=dict)
    disagreements: list[Disagreement] = field(default_factory=list)
    docs: int = 0
    services: int = 0
    words: int = 0
    seconds: float = 0.0


def same_date(expected: str | None, got: object) -> bool:
    if expected is None or got is None:
        return expected is None and got is None
    return str(got)[:len(expected)] == expected


def in_band(band: str, grade: object) -> bool:
    if grade is None:
        return False
    lo, hi = BANDS[band]
    return (lo is None or float(grade) >= lo) and (hi is None or float(grade) <= hi)


def compare(result: Result, doc: str, labels: dict[str, Label], got: dict) -> None:
    def miss(sig: str, label: Label, expected: object, value: object, quote_key: str) -> None:
        quotes = got["_quotes"].get(quote_key) or []
        result.disagreements.append(Disagreement(doc, sig, expected, value, label.locator,
                                                 label.arguable, label.note,
                                                 quotes[0][:200] if quotes else ""))

    for sig, label in labels.items():
        if sig == "harms_covered":
            have = set(got.get("harms_covered") or ())
            for h in HARMS:
                e, g = h in label.value, h in have
                c = result.counts.setdefault(f"harm:{h}", Count())
                c.add(e == g, e, g, binary=True, arguable=label.arguable)
                if e != g:
                    miss(f"harm:{h}", label, e, g, "harms_covered")
            continue
        if sig == "reading_band":
            ok = in_band(label.value, got.get("reading_grade"))
            result.counts.setdefault(sig, Count()).add(ok, arguable=label.arguable)
            if not ok:
                miss(sig, label, label.value, got.get("reading_grade"), "reading_grade")
            continue
        value = got.get(sig)
        if sig == "last_updated":
            ok = same_date(label.value, value)
        else:
            ok = label.value == value
        binary = sig in BOOLEANS
        result.counts.setdefault(sig, Count()).add(ok, label.value, value, binary=binary,
                                                   arguable=label.arguable)
        if sig in ("min_age", "min_age_uk"):
            # "an age is stated" as a yes/no question, for precision and recall
            result.counts.setdefault(f"{sig} stated", Count()).add(
                (label.value is None) == (value is None), label.value is not None,
                value is not None, binary=True, arguable=label.arguable)
        if not ok:
            miss(sig, label, label.value, value, sig)


def evaluate(only: set[str] | None = None) -> Result:
    labels = load_labels()
    sources = {s.id: s for s in load_sources()}
    result = Result()
    t0 = time.perf_counter()
    services = set()
    for doc_id in sorted(labels):
        if only and doc_id not in only:
            continue
        source = sources.get(doc_id)
        if source is None:
            raise SystemExit(f"labels.csv: {doc_id} is not in sources.csv (or is kept for "
                             f"evaluation). Fix: correct the id.")
        if not source.page.exists():
            raise SystemExit(f"{doc_id}: not restored. Fix: run benchmarks/real_terms/"
                             f"restore.py (see its docstring for the mirrors).")
        got = read(source)
        result.docs += 1
        result.words += int(got["_words"])
        services.add(source.service)
        compare(result, doc_id, labels[doc_id], got)
    result.services = len(services)
    result.seconds = time.perf_counter() - t0
    return result


def load_labels() -> dict[str, dict[str, Label]]:
    if LABELS.exists():
        return load(LABELS)
    parts = sorted(PARTS.glob("*.csv"))
    if not parts:
        raise SystemExit(f"no labels: {LABELS} is missing")
    return load(*parts)


def _ratio(a: int, b: int) -> str:
    return f"{a / b:.3f}" if b else "  -  "


def render(result: Result) -> str:
    lines = [f"Real terms: {result.docs} documents of {result.services} services, "
             f"{result.words:,} words, read in {result.seconds:.1f} s",
             f"{'signal':28s} {'agree':>9s} {'rate':>6s} {'w/o arg.':>8s} {'prec.':>6s} "
             f"{'recall':>6s}   TP  FP  FN  TN"]
    for sig in sorted(result.counts, key=_order):
        c = result.counts[sig]
        binary = c.tp + c.fp + c.fn + c.tn > 0
        clean = _ratio(c.agree - c.arguable_agree, c.total - c.arguable_total)
        line = f"{sig:28s} {c.agree:4d}/{c.total:<4d} {_ratio(c.agree, c.total):>6s} {clean:>8s}"
        if binary:
            line += (f" {_ratio(c.tp, c.tp + c.fp):>6s} {_ratio(c.tp, c.tp + c.fn):>6s} "
                     f"{c.tp:4d}{c.fp:4d}{c.fn:4d}{c.tn:4d}")
        lines.append(line)
    agree = sum(c.agree for k, c in result.counts.items() if not k.endswith(" stated"))
    total = sum(c.total for k, c in result.counts.items() if not k.endswith(" stated"))
    lines.append(f"{'all labels':28s} {agree:4d}/{total:<4d} {_ratio(agree, total):>6s}")
    return "\n".join(lines)


def _order(sig: str) -> tuple[int, str]:
    order = ["min_age", "min_age stated", "min_age_uk", "min_age_uk stated", *BOOLEANS,
             *(f"harm:{h}" for h in HARMS), "last_updated", "reading_band"]
    return (order.index(sig) if sig in order else 99, sig)


def render_disagreements(result: Result) -> str:
    lines = [f"{len(result.disagreements)} disagreements (label, then reader; locator into "
             f"cache/originals; * = arguable label):"]
    for d in sorted(result.disagreements, key=lambda d: (_order(d.signal), d.doc)):
        star = "*" if d.arguable else " "
        lines.append(f"{star} {d.signal:26s} {d.doc:42s} label={d.expected!r:10} "
                     f"reader={d.got!r:10} at {d.locator}")
    return "\n".join(lines)


def write_disagreements(result: Result, path: Path) -> None:
    """Locators and notes only: the reader's quotes are the document's text, kept in the
    git-ignored cache."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["doc_id", "signal", "label", "reader", "locator", "arguable", "label_note",
                    "reader_quote"])
        for d in result.disagreements:
            w.writerow([d.doc, d.signal, d.expected, d.got, d.locator,
                        "yes" if d.arguable else "", d.note, d.quote])


def own_corpus() -> str:
    from benchmarks.terms_accuracy import evaluate as own_evaluate
    from benchmarks.terms_accuracy import load_corpus
    r = own_evaluate(load_corpus())
    return f"Own corpus (tests/corpus/terms): {r.correct}/{r.total} ({r.accuracy:.3f})"


def serve(port: int) -> int:
    """The restored pages at http://127.0.0.1:PORT/ID/terms (loopback only)."""
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    pages = {s.id: s.page for s in load_sources() if s.page.exists()}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - http.server's name
            parts = self.path.split("?")[0].strip("/").split("/")
            if self.path.split("?")[0] == "/robots.txt":
                body, status, kind = b"User-agent: *\nAllow: /\n", 200, "text/plain"
            elif len(parts) == 2 and parts[1] == "terms" and parts[0] in pages:
                body, status, kind = pages[parts[0]].read_bytes(), 200, "text/html"
            elif len(parts) == 1 and parts[0] in pages:
                body = (f'<!doctype html><html lang="en"><title>{parts[0]}</title><body>'
                        f'<a href="/{parts[0]}/terms">Terms of Service</a></body></html>'
                        ).encode()
                status, kind = 200, "text/html"
            else:
                body, status, kind = b"not found", 404, "text/plain"
            self.send_response(status)
            self.send_header("Content-Type", f"{kind}; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    print(f"serving {len(pages)} restored pages at http://127.0.0.1:{port}/ID/terms "
          f"(Ctrl-C stops)", flush=True)
    try:
        httpd.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--only", default="", help="comma-separated document ids")
    ap.add_argument("--json", type=Path, help="also write the figures as JSON")
    ap.add_argument("--serve", action="store_true", help="serve the restored pages instead")
    ap.add_argument("--port", type=int, default=PORT)
    a = ap.parse_args(argv)
    if a.serve:
        return serve(a.port)
    only = {x.strip() for x in a.only.split(",") if x.strip()} or None
    result = evaluate(only)
    print(render(result))
    print(own_corpus())
    print()
    print(render_disagreements(result))
    out = CACHE / "disagreements.csv"
    write_disagreements(result, out)
    print(f"\n(disagreements with the reader's quotes: {out})")
    if a.json:
        a.json.write_text(json.dumps({k: vars(c) for k, c in result.counts.items()}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
