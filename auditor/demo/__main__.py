"""Serve the demo web for a person to explore: ``python -m auditor.demo [--services a,b]``.

Prints every service with its hosts, the Chromium flag that reaches them, a target list and a
secrets file (written to a temporary folder), then serves until Ctrl-C.
"""

from __future__ import annotations

import argparse
import shlex
import tempfile
import time
from pathlib import Path

from auditor.demo.client import browser_args
from auditor.demo.server import DemoWeb


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m auditor.demo", description=__doc__)
    ap.add_argument("--services", default="", help="comma-separated service ids (default all)")
    ap.add_argument("--port", type=int, default=0, help="port on 127.0.0.1 (default: a free one)")
    a = ap.parse_args(argv)
    services = [s for s in a.services.split(",") if s] or None
    with DemoWeb(services, a.port) as web, tempfile.TemporaryDirectory() as tmp:
        print(f"demo web on 127.0.0.1:{web.port}")
        for s in web.services:
            print(f"  {s.id:11} {s.start_url:36} {s.description}")
        targets = web.write_targets(Path(tmp) / "demo-targets.csv")
        secrets = web.write_secrets(Path(tmp) / "demo-secrets.toml")
        print(f"target list: {targets}\nsecrets:     {secrets}")
        flags = " ".join(shlex.quote(f) for f in browser_args(web.host_map))
        print(f"browse with: chromium --user-data-dir={tmp}/profile {flags} "
              f"{web.services[0].start_url}")
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
