"""The whole demo web swept as a user would (``auditor demo``), compared with ground truth.

Fails on any disagreement that the service's truth file does not list, with a reason, under
``[known_limitations]``; prints the agreement table per signal.
"""

from __future__ import annotations

import csv
import json
from collections import defaultdict

import pytest

from auditor.demo.server import load_truth
from auditor.signals import to_cell

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def _observations(out):
    with open(out / "observations.csv", newline="", encoding="utf-8") as fh:
        return {(r["target_id"], r["signal"]): r for r in csv.DictReader(fh)}


def test_demo_exits_0_with_every_outcome_as_its_ground_truth_gives(demo_run):
    out, code = demo_run
    run = json.loads((out / "run.json").read_text())
    for t in run["targets"]:
        assert t["outcome"] == load_truth(t["id"]).get("outcome", "ok"), (t["id"], t["reason"])
    assert code == 0


def test_signals_agree_with_ground_truth(demo_run):
    out, _ = demo_run
    rows = _observations(out)
    run = json.loads((out / "run.json").read_text())
    table: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    unexpected, stale = [], []
    for t in run["targets"]:
        truth = load_truth(t["id"])
        known = truth.get("known_limitations", {})
        for signal, expected in truth["signals"].items():
            row = rows.get((t["id"], signal))
            got = row["value"] if row else "(no row)"
            ok = got == to_cell(expected)
            table[signal][0 if ok else 1] += 1
            if ok and signal in known:
                stale.append(f"{t['id']:12} {signal}")
            if not ok and signal not in known:
                unexpected.append(f"{t['id']:12} {signal:34} expected {to_cell(expected)!r} "
                                  f"got {got!r} ({row['note'] if row else ''})")
    lines = [f"{s:40} {a:3} agree {d:3} differ" for s, (a, d) in sorted(table.items())]
    print("\nagreement per signal\n" + "\n".join(lines))
    total = sum(a for a, _ in table.values()), sum(d for _, d in table.values())
    print(f"total: {total[0]} agree, {total[1]} differ")
    if stale:     # listed as a limitation but right this time (not a failure: some are load-bound)
        print("known limitations that agreed in this run:\n  " + "\n  ".join(stale))
    assert not unexpected, "disagreements not listed as known limitations:\n" + \
        "\n".join(unexpected)


def test_adult_services_pictures_are_all_blurred_and_others_are_not(demo_run):
    """Whichever probe took it, no screenshot of an adult service is stored in the clear."""
    out, _ = demo_run
    with open(out / "evidence" / "manifest.csv", newline="", encoding="utf-8") as fh:
        shots = [r for r in csv.DictReader(fh) if r["kind"] == "screenshot"]
    by_target: dict[str, list[dict]] = defaultdict(list)
    for r in shots:
        by_target[r["evidence_id"].rsplit("-screenshot-", 1)[0]].append(r)
    for sid in ("velvetroom", "lustre", "pinechan", "redlamp"):
        assert by_target[sid], sid
        clear = [r["url"] for r in by_target[sid] if r["sha256"] == r["original_sha256"]]
        assert not clear, f"{sid}: stored unblurred: {clear}"
    for sid in ("quietforum", "clearbox", "seekwell"):
        assert by_target[sid], sid
        assert all(r["sha256"] == r["original_sha256"] for r in by_target[sid]), sid


def test_verdicts_agree_with_ground_truth(demo_run):
    """Each truth file's ``[verdicts]`` (the status an honest audit must reach on each measure
    the service's design decides) against ``verdicts.csv``; disagreements fail unless listed
    under ``[known_limitations]`` as ``"verdict:<measure id>"``."""
    out, _ = demo_run
    with open(out / "verdicts.csv", newline="", encoding="utf-8") as fh:
        got = {(r["target_id"], r["measure_id"]): r for r in csv.DictReader(fh)}
    run = json.loads((out / "run.json").read_text())
    table: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    unexpected, checked = [], 0
    for t in run["targets"]:
        truth = load_truth(t["id"])
        known = truth.get("known_limitations", {})
        for mid, expected in truth.get("verdicts", {}).items():
            row = got.get((t["id"], mid))
            status = row["status"] if row else "(no row)"
            ok = status == expected
            checked += 1
            table[mid][0 if ok else 1] += 1
            if not ok and f"verdict:{mid}" not in known:
                unexpected.append(f"{t['id']:12} {mid:22} expected {expected!r} got {status!r}"
                                  f" ({row['reason'] if row else ''})")
    lines = [f"{m:24} {a:3} agree {d:3} differ" for m, (a, d) in sorted(table.items())]
    print("\nverdict agreement per measure\n" + "\n".join(lines))
    assert checked >= 100, f"only {checked} expected verdicts in the truth files"
    assert not unexpected, "verdicts not as the ground truth says:\n" + "\n".join(unexpected)
