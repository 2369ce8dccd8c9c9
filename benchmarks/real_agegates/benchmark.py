"""How well the age_gate probe reads real age-gate code: figures per signal, every disagreement.

Serves every site (``server.py``), sweeps them with the auditor itself (``run_sweep`` with the
probes ``discovery`` and ``age_gate``, as ``auditor sweep`` would: the landing page is the
target, deep pages are found as the probe finds them), and compares ``age_gate.*`` with the
labels of ``labels.csv`` (decided by ``checks.py`` in a real browser, which imports nothing from
``probes/``).  Printed: agreement per signal (labels marked undecidable offline, and empty
labels for not-applicable signals, are not counted), precision and recall of "a gate is present"
(look-alikes included), then every disagreement with the probe's note.

    .venv/bin/python benchmarks/real_agegates/benchmark.py [--only a,b] [--out DIR]
        [--delay 0.3] [--providers FILE]
"""

from __future__ import annotations

import argparse
import csv
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
for p in (str(ROOT), str(HERE)):
    if p not in sys.path:
        sys.path.insert(0, p)

import server  # noqa: E402

LABELS = HERE / "labels.csv"
BOOLS = ("bypass_deep_url", "content_behind_gate", "holds_without_js", "dismissible",
         "regates_new_session", "underage_remembered")
SIGNALS = ("type", "methods", "providers", *BOOLS)


@dataclass
class Count:
    agree: int = 0
    total: int = 0


@dataclass
class Result:
    counts: dict[str, Count] = field(default_factory=dict)
    misses: list[tuple[str, str, object, object, str]] = field(default_factory=list)
    gate_tp: int = 0
    gate_fp: int = 0
    gate_fn: int = 0
    gate_tn: int = 0
    seconds: float = 0.0
    outcomes: dict[str, str] = field(default_factory=dict)


def load_labels(path: Path = LABELS) -> dict[str, dict]:
    with path.open(newline="", encoding="utf-8") as fh:
        return {row["site"]: row for row in csv.DictReader(fh)}


def expected(row: dict, signal: str) -> object:
    raw = (row.get(signal) or "").strip()
    if signal in ("methods", "providers"):
        return tuple(sorted(x.strip() for x in raw.split(";") if x.strip()))
    if signal in BOOLS:
        return None if raw == "" else raw.lower() == "true"
    return raw or "none"


def got_value(obs: dict, signal: str) -> object:
    o = obs.get(f"age_gate.{signal}")
    value = o.value if o is not None else None
    if signal in ("methods", "providers"):
        return tuple(sorted(value or ()))
    if signal == "type":
        return value or "none"
    return value


def sweep(sites: list[str], out: Path, delay: float, providers: str | None) -> dict:
    from auditor.model import Target
    from auditor.options import SweepOptions
    from auditor.store import Store
    from auditor.sweep import run_sweep

    servers, urls = server.start(sites)
    try:
        targets = [Target(id=s, name=s, url=urls[s]) for s in sites]
        opts = SweepOptions(probes=("discovery", "age_gate"), politeness_delay=delay,
                            concurrency=4, progress="log", providers_file=providers,
                            timeout_per_target=300.0)
        _, outcomes = run_sweep(targets, opts, out, targets_file="(real_agegates)",
                                targets_sha256="", compare=None, judge_and_render=False)
    finally:
        server.stop(servers)
    store = Store(out / "run.db")
    obs: dict[str, dict] = {s: {} for s in sites}
    for tid, o in store.observations():
        obs.setdefault(tid, {})[o.signal if "." in o.signal else f"{o.probe}.{o.signal}"] = o
    store.close()
    return {"obs": obs, "outcomes": outcomes}


def compare(labels: dict[str, dict], obs: dict[str, dict]) -> Result:
    r = Result()
    for site, row in sorted(labels.items()):
        got = obs.get(site, {})
        undecidable = {x.strip() for x in (row.get("undecidable") or "").split(";") if x.strip()}
        exp_gate = expected(row, "type") != "none"
        got_gate = got_value(got, "type") != "none"
        r.gate_tp += exp_gate and got_gate
        r.gate_fp += got_gate and not exp_gate
        r.gate_fn += exp_gate and not got_gate
        r.gate_tn += not exp_gate and not got_gate
        for sig in SIGNALS:
            if sig in undecidable:
                continue
            e = expected(row, sig)
            if sig in BOOLS and e is None:
                continue                   # not applicable here (no gate, no under-age path)
            g = got_value(got, sig)
            c = r.counts.setdefault(sig, Count())
            c.total += 1
            c.agree += e == g
            if e != g:
                o = got.get(f"age_gate.{sig}")
                r.misses.append((site, sig, e, g, (o.note if o is not None else "") or ""))
    return r


def render(r: Result, n_sites: int) -> str:
    lines = [f"Real age gates: {n_sites} sites, swept in {r.seconds:.0f} s",
             f"{'signal':22s} {'agree':>7s}  rate"]
    for sig in SIGNALS:
        c = r.counts.get(sig)
        if c:
            lines.append(f"{sig:22s} {c.agree:3d}/{c.total:<3d} {c.agree / c.total:.3f}")
    agree = sum(c.agree for c in r.counts.values())
    total = sum(c.total for c in r.counts.values())
    lines.append(f"{'all labels':22s} {agree:3d}/{total:<3d} {agree / total if total else 0:.3f}")
    prec = r.gate_tp / (r.gate_tp + r.gate_fp) if r.gate_tp + r.gate_fp else 0.0
    rec = r.gate_tp / (r.gate_tp + r.gate_fn) if r.gate_tp + r.gate_fn else 0.0
    lines.append(f"gate present: precision {prec:.3f} recall {rec:.3f} (TP {r.gate_tp} FP "
                 f"{r.gate_fp} FN {r.gate_fn} TN {r.gate_tn})")
    lines.append(f"\n{len(r.misses)} disagreements (label, then probe):")
    for site, sig, e, g, note in r.misses:
        lines.append(f"  {sig:20s} {site:22s} label={e!r} probe={g!r}  {note[:120]}")
    odd = {s: o for s, o in r.outcomes.items() if o != "ok"}
    if odd:
        lines.append(f"outcomes other than ok: {odd}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--only", default="")
    ap.add_argument("--out", type=Path, default=None, help="run folder (default: a temp dir)")
    ap.add_argument("--delay", type=float, default=0.3, help="politeness delay per host")
    ap.add_argument("--providers", default=None, help="extra providers file")
    a = ap.parse_args(argv)
    labels = load_labels()
    sites = [s for s in labels if not a.only or s in a.only.split(",")]
    missing = [s for s in sites if not (server.SITES / s / "site.toml").exists()]
    if missing:
        raise SystemExit(f"labels.csv names sites with no folder: {missing}")
    if not server.NPM.exists():
        raise SystemExit("no npm packages. Fix: run benchmarks/real_agegates/install.py first "
                         "(and restore.py for the repository code).")
    out = a.out or Path(tempfile.mkdtemp(prefix="real-agegates-"))
    t0 = time.perf_counter()
    swept = sweep(sites, out, a.delay, a.providers)
    r = compare({s: labels[s] for s in sites}, swept["obs"])
    r.seconds = time.perf_counter() - t0
    r.outcomes = swept["outcomes"]
    print(render(r, len(sites)))
    print(f"(run folder: {out})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
