"""Install the real-age-gates benchmark's npm pins (``packages.json``) into ``cache/npm``.

Third-party code is never committed: only the pins.  The packages land in the git-ignored
``cache/npm/node_modules`` and ``server.py`` serves them under ``/_vendor/npm/``.

    .venv/bin/python benchmarks/real_agegates/install.py [--dry-run]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
PINS = HERE / "packages.json"
PREFIX = HERE / "cache" / "npm"


def npm_cache() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "osa-auditor" / "npm"


def command(pins: dict[str, str]) -> list[str]:
    npm = shutil.which("npm") or "npm"
    return [npm, "install", "--prefix", str(PREFIX), "--no-audit", "--no-fund",
            "--cache", str(npm_cache()), "--logs-max=0",
            *[f"{name}@{version}" for name, version in pins.items()]]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--dry-run", action="store_true", help="print the npm command only")
    a = ap.parse_args(argv)
    pins = json.loads(PINS.read_text(encoding="utf-8"))
    cmd = command(pins)
    print(" ".join(cmd))
    if a.dry_run:
        return 0
    PREFIX.mkdir(parents=True, exist_ok=True)
    r = subprocess.run(cmd)
    if r.returncode != 0:
        return r.returncode
    missing = [n for n in pins if not (PREFIX / "node_modules" / n / "package.json").is_file()]
    wrong = []
    for n, v in pins.items():
        pj = PREFIX / "node_modules" / n / "package.json"
        if pj.is_file() and json.loads(pj.read_text(encoding="utf-8")).get("version") != v:
            wrong.append(n)
    for n in missing:
        print(f"missing after install: {n}", file=sys.stderr)
    for n in wrong:
        print(f"wrong version installed: {n} (want {pins[n]})", file=sys.stderr)
    print(f"installed {len(pins) - len(missing) - len(wrong)} of {len(pins)} pins into {PREFIX}")
    return 0 if not missing and not wrong else 1


if __name__ == "__main__":
    sys.exit(main())
