"""The codebase keeps its shape: layering contracts (import-linter) and a clean ruff run."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _tool(name: str) -> str:
    exe = Path(sys.executable).with_name(name)
    return str(exe) if exe.exists() else (shutil.which(name) or name)


def test_layering_contracts_hold():
    """Measures import no browser or HTTP client; probes import nothing from reports."""
    res = subprocess.run([_tool("lint-imports"), "--no-cache"], cwd=ROOT, capture_output=True,
                         text=True)
    assert res.returncode == 0, res.stdout + res.stderr
    assert "broken" not in res.stdout.lower().replace("0 broken", "")


def test_ruff_is_clean():
    res = subprocess.run([_tool("ruff"), "check", "."], cwd=ROOT, capture_output=True, text=True)
    assert res.returncode == 0, res.stdout[-4000:]


def test_a_forbidden_import_would_be_caught(tmp_path):
    """The contract is live: a measures module importing playwright breaks it."""
    import tomllib

    cfg = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
    contracts = {c["name"]: c for c in cfg["contracts"]}
    measures = next(c for n, c in contracts.items() if n.startswith("Measures"))
    assert "playwright" in measures["forbidden_modules"]
    assert "httpx" in measures["forbidden_modules"]
    probes = next(c for n, c in contracts.items() if n.startswith("Probes"))
    assert "reports" in probes["forbidden_modules"]


def test_xdist_groups_take_effect(request):
    """make test runs the suite with ``--dist loadgroup``: the shared demo sweep runs once only
    if xdist really groups (pytest 9.2 silently broke it; pyproject pins pytest below 9)."""
    if not request.config.getoption("loadgroup", default=False):   # only xdist defines it
        pytest.skip("not run under pytest-xdist --dist loadgroup")
    assert request.node.nodeid.endswith("@tests/test_codebase.py"), request.node.nodeid
