"""Real community software run locally and swept as a user would, against hand-checked truth.

For each application folder (``<app>/app.py`` + ``<app>/truth.toml``): install it (pins only; the
code lands in the git-ignored ``cache/``), start it on free ports on 127.0.0.1 with its seed data,
and run ``auditor sweep`` on it twice: visitor only, then with ``allow_forms`` and the test
``accounts`` (a secrets file written from the app's personas).  Each pass's observations are
compared with the app's ``truth.toml``; the script prints agreement per signal and per pass with
the counts, and lists every disagreement.

    .venv/bin/python benchmarks/real_community/benchmark.py [--only machina,flaskbb] \
        [--passes visitor,members] [--keep] [--out DIR]

Exit status 0 whatever the figures (they are figures, not a test); 2 when an application could
not be installed or started (the message says which and where its log is).
"""

from __future__ import annotations

import argparse
import csv
import os
import subprocess
import sys
import time
import tomllib
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT))

import common  # noqa: E402

from auditor.signals import to_cell  # noqa: E402

PASSES = ("visitor", "members")


@dataclass
class Tally:
    agree: dict[tuple[str, str], int] = field(default_factory=lambda: defaultdict(int))
    total: dict[tuple[str, str], int] = field(default_factory=lambda: defaultdict(int))
    wrong: list[str] = field(default_factory=list)
    per_app: dict[tuple[str, str], list[int]] = field(
        default_factory=lambda: defaultdict(lambda: [0, 0]))


def load_truth(app: str) -> dict:
    path = HERE / app / "truth.toml"
    if not path.is_file():
        raise SystemExit(f"{app}: no truth.toml (see README, 'Ground truth')")
    with open(path, "rb") as fh:
        truth = tomllib.load(fh)
    for p in PASSES:
        truth.setdefault(p, {})
    return truth


def write_inputs(app: str, mod, running: common.Running, pass_name: str, folder: Path) -> list[str]:
    """The one-row target list (and, for the members pass, the secrets file); the sweep's args."""
    folder.mkdir(parents=True, exist_ok=True)
    members = pass_name == "members"
    targets = folder / "targets.csv"
    with open(targets, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "name", "url", "service_kind", "allow_forms", "accounts"])
        w.writerow([app, mod.NAME, running.start_url, mod.KIND,
                    "true" if members else "false", app if members else ""])
    args = [str(targets)]
    if members:
        secrets = folder / "secrets.toml"
        lines = []
        for persona, fields in mod.PERSONAS.items():
            lines.append(f"[{app}.{persona}]")
            for k, v in fields.items():
                if k == "login_url" and isinstance(v, str) and v.startswith("/"):
                    v = running.base_url.rstrip("/") + v
                lines.append(f"{k} = {v!r}" if isinstance(v, str) else f"{k} = {v}")
            lines.append("")
        secrets.write_text("\n".join(lines).replace("'", '"'), encoding="utf-8")
        args += ["--secrets", str(secrets)]
        if running.mail_dir is not None:
            args += ["--mail-dir", str(running.mail_dir)]
    return args + list(getattr(mod, "SWEEP_ARGS", ()))  # e.g. --ignore-robots (README)



def sweep(args: list[str], out: Path, delay: float, log: Path, timeout: float = 420.0) -> int:
    cmd = [sys.executable, "-m", "auditor.cli", "sweep", *args, "--out", str(out),
           "--delay", str(delay), "--progress", "log", "--concurrency", "1",
           "--timeout-per-target", str(timeout), "--a11y"]      # every signal, axe's too
    print("  $", " ".join(cmd), flush=True)
    env = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    with open(log, "ab") as fh:
        r = subprocess.run(cmd, cwd=ROOT, env=env, stdout=fh, stderr=subprocess.STDOUT)
    return r.returncode


def observations(out: Path, app: str) -> dict[str, dict]:
    path = out / "observations.csv"
    if not path.is_file():
        return {}
    with open(path, newline="", encoding="utf-8") as fh:
        return {r["signal"]: r for r in csv.DictReader(fh) if r["target_id"] == app}


def compare(app: str, pass_name: str, truth: dict, obs: dict[str, dict], t: Tally) -> None:
    for signal, expected in truth[pass_name].items():
        row = obs.get(signal)
        got = row["value"] if row else "(no row)"
        want = to_cell(expected)
        key = (pass_name, signal)
        t.total[key] += 1
        t.per_app[(app, pass_name)][1] += 1
        if got == want:
            t.agree[key] += 1
            t.per_app[(app, pass_name)][0] += 1
        else:
            note = (row or {}).get("note", "")[:160]
            t.wrong.append(f"{pass_name:8} {app:12} {signal:40} want {want!r:14} got {got!r}"
                           + (f"  ({note})" if note else ""))


def render(t: Tally, apps: list[str]) -> str:
    out = []
    for p in PASSES:
        keys = sorted(k for k in t.total if k[0] == p)
        if not keys:
            continue
        a = sum(t.agree[k] for k in keys)
        n = sum(t.total[k] for k in keys)
        out.append(f"\n## Pass: {p}  ({a}/{n} = {a / n:.3f})\n")
        out.append("| signal | agree | of | rate |\n|---|---:|---:|---:|")
        for k in keys:
            out.append(f"| {k[1]} | {t.agree[k]} | {t.total[k]} | {t.agree[k] / t.total[k]:.2f} |")
    out.append("\n## Per application\n")
    out.append("| app | " + " | ".join(PASSES) + " |\n|---|" + "---:|" * len(PASSES))
    for app in apps:
        cells = []
        for p in PASSES:
            a, n = t.per_app.get((app, p), [0, 0])
            cells.append(f"{a}/{n}" if n else "-")
        out.append(f"| {app} | " + " | ".join(cells) + " |")
    out.append(f"\n## Disagreements ({len(t.wrong)})\n")
    out.extend(t.wrong or ["(none)"])
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--only", default="", help="comma-separated application folders")
    ap.add_argument("--passes", default=",".join(PASSES))
    ap.add_argument("--delay", type=float, default=0.2, help="politeness delay per host")
    ap.add_argument("--timeout", type=float, default=420.0,
                    help="time budget per target and pass, seconds (a busy machine needs more "
                         "than the sweep's default 180)")
    ap.add_argument("--out", type=Path, default=common.CACHE / "runs",
                    help="where the run folders go")
    ap.add_argument("--keep", action="store_true",
                    help="leave the applications running at the end (prints their URLs)")
    ap.add_argument("--install-only", action="store_true")
    ap.add_argument("--rescore", metavar="STAMP", default="",
                    help="compare the run folders of earlier runs (their names' time stamps, "
                         "comma-separated, e.g. 20261206-111443; per app and pass the newest "
                         "that has it) with the truth again, without sweeping")
    a = ap.parse_args(argv)
    apps = [x for x in a.only.split(",") if x] or common.apps()
    passes = [p for p in a.passes.split(",") if p]
    bad = [p for p in passes if p not in PASSES]
    if bad:
        raise SystemExit(f"--passes: unknown {', '.join(bad)} (use {', '.join(PASSES)})")
    t = Tally()
    if a.rescore:
        stamps = sorted(x for x in a.rescore.split(",") if x)
        for app in apps:
            truth = load_truth(app)
            for p in passes:
                # the newest of the stamps given that has this app's run of this pass
                found = [a.out / f"{st}-{app}-{p}" for st in stamps
                         if (a.out / f"{st}-{app}-{p}" / "observations.csv").is_file()]
                if found:
                    print(f"  {app} {p}: {found[-1].name}")
                    compare(app, p, truth, observations(found[-1], app), t)
        print(render(t, apps))
        return 0
    stamp = time.strftime("%Y%m%d-%H%M%S", time.gmtime())
    failed: list[str] = []
    for app in apps:
        mod = common.load_app(app)
        truth = load_truth(app)
        cache = common.cache_dir(app)
        print(f"# {app}: {mod.NAME}", flush=True)
        running = None
        try:
            mod.install(cache)
            if a.install_only:
                continue
            running = mod.start(cache, common.free_port())
            print(f"  running at {running.start_url}", flush=True)
            for p in passes:
                out = a.out / f"{stamp}-{app}-{p}"
                args = write_inputs(app, mod, running, p, out / "_inputs")
                t0 = time.monotonic()
                code = sweep(args, out, a.delay, out / "_inputs" / "sweep.log", a.timeout)
                print(f"  {p}: exit {code} in {time.monotonic() - t0:.0f} s -> {out}", flush=True)
                compare(app, p, truth, observations(out, app), t)
        except (RuntimeError, OSError) as exc:
            failed.append(f"{app}: {exc}")
            print(f"  FAILED: {exc}", file=sys.stderr, flush=True)
        finally:
            if running is not None and not a.keep:
                running.stop()
    if not a.install_only:
        print(render(t, apps))
    for f in failed:
        print(f"could not run {f}", file=sys.stderr)
    return 2 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
