"""The real-age-gate benchmark's own glue (benchmarks/real_agegates), without its downloads: the
pins, the sites, the labels' vocabulary, and that the label checks owe nothing to the probe they
grade.  The third-party code is a benchmark, not a test: CI never installs it."""

from __future__ import annotations

import csv
import json
import re
import tomllib
from pathlib import Path

from probes.age_providers import METHODS, load

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "benchmarks" / "real_agegates"
EVALUATION = ROOT.parent / "shared" / "EVALUATION.md"


def held_out_code() -> list[str]:
    """The package and repository names (in backticks) of EVALUATION.md's age-gate section."""
    if not EVALUATION.exists():
        return []
    text = EVALUATION.read_text(encoding="utf-8")
    section = text.split("## Age-gate code", 1)[-1].split("\n## ", 1)[0]
    lines = [ln for ln in section.splitlines() if ln.startswith("- ")]   # not the note about
    return [n.lower() for ln in lines for n in re.findall(r"`([^`]+)`", ln)]  # allowed code


def labels() -> list[dict]:
    with (BENCH / "labels.csv").open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def test_enough_gate_sites_and_look_alikes_each_with_its_folder():
    rows = labels()
    sites = {p.parent.name for p in (BENCH / "sites").glob("*/site.toml")}
    assert {r["site"] for r in rows} == sites
    kinds = [r["kind"] for r in rows]
    assert kinds.count("gate") >= 15 and kinds.count("lookalike") >= 5
    for toml in (BENCH / "sites").glob("*/site.toml"):
        conf = tomllib.loads(toml.read_text(encoding="utf-8"))
        assert conf["kind"] in ("gate", "lookalike") and conf["landing"] and conf["deep"], toml


def test_labels_use_the_contract_vocabulary():
    providers = {p.domains[0] for p in load().providers}
    methods = set(METHODS) | {"self_declaration", "dob_entry"}
    for r in labels():
        assert r["type"] in ("none", "self_declaration", "dob_entry", "third_party",
                             "login_wall"), r["site"]
        assert {m for m in r["methods"].split(";") if m} <= methods, r["site"]
        assert {p for p in r["providers"].split(";") if p} <= providers, r["site"]
        for b in ("bypass_deep_url", "content_behind_gate", "holds_without_js", "dismissible",
                  "regates_new_session", "underage_remembered"):
            assert r[b] in ("", "true", "false"), (r["site"], b)
        assert r["how"], r["site"]
        if r["kind"] == "lookalike":
            assert r["type"] == "none", r["site"]


def test_npm_code_is_pinned_exactly_and_repository_code_by_commit():
    pins = json.loads((BENCH / "packages.json").read_text(encoding="utf-8"))
    assert pins and all(re.fullmatch(r"\d+\.\d+\.\d+", v) for v in pins.values())
    with (BENCH / "sources.csv").open(newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            assert re.fullmatch(r"[0-9a-f]{40}", row["commit"]), row
    held = " ".join(pins) + (BENCH / "sources.csv").read_text(encoding="utf-8")
    assert not [h for h in held_out_code() if h in held.lower()]


def test_no_third_party_code_is_committed_and_the_checks_owe_nothing_to_the_probe():
    assert "/benchmarks/real_agegates/cache/" in (ROOT / ".gitignore").read_text("utf-8")
    scripts = [p for p in (BENCH / "sites").rglob("*.js")]
    for js in scripts:                        # glue only: it names the library it wraps
        assert "unmodified" in js.read_text(encoding="utf-8")[:400], js
    for name in ("checks.py", "checks_snapshot.js", "server.py", "install.py", "restore.py"):
        text = (BENCH / name).read_text(encoding="utf-8")
        assert not re.search(r"^\s*(from|import)\s+probes\b", text, re.M), name
