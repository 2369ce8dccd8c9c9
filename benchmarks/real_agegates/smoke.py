"""Smoke-check every real-age-gate site in headless Chromium.

Starts ``server.start()``, opens each site's landing and deep page in a fresh browser
context, saves a screenshot of each (``cache/shots/SITE.png`` for the landing page,
``cache/shots/SITE-deep.png`` for the deep page), and reports page errors and failed
requests to anything but 127.0.0.1 (expected only for provider hand-off hosts).

    .venv/bin/python benchmarks/real_agegates/smoke.py [--only a,b] [--wait 2.5]
"""

from __future__ import annotations

import argparse
import sys
import tomllib
from pathlib import Path
from urllib.parse import urljoin, urlsplit

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import server  # noqa: E402

SHOTS = HERE / "cache" / "shots"
CHROMIUM = "/usr/bin/chromium"


def check(only: list[str] | None, wait: float) -> int:
    from playwright.sync_api import sync_playwright

    SHOTS.mkdir(parents=True, exist_ok=True)
    servers, urls = server.start(only)
    bad = 0
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True,
                                         args=["--no-sandbox", "--disable-gpu"])
            for name, base in urls.items():
                conf = tomllib.loads((server.SITES / name / "site.toml").read_text("utf-8"))
                for which in ("landing", "deep"):
                    ctx = browser.new_context(viewport={"width": 1280, "height": 800})
                    page = ctx.new_page()
                    errors: list[str] = []
                    offsite: list[str] = []
                    local_fail: list[str] = []
                    page.on("pageerror", lambda e, errors=errors: errors.append(str(e)[:200]))

                    def on_failed(req, offsite=offsite, local_fail=local_fail):
                        host = urlsplit(req.url).hostname or ""
                        (local_fail if host == "127.0.0.1" else offsite).append(
                            f"{req.url[:120]} ({req.failure})")

                    def on_response(resp, local_fail=local_fail):
                        if urlsplit(resp.url).hostname == "127.0.0.1" and resp.status >= 400 \
                                and not resp.url.endswith("favicon.ico"):
                            local_fail.append(f"{resp.url[:120]} HTTP {resp.status}")

                    page.on("requestfailed", on_failed)
                    page.on("response", on_response)
                    url = urljoin(base, conf.get(which, "/"))
                    try:
                        page.goto(url, wait_until="load", timeout=20000)
                    except Exception as e:  # noqa: BLE001
                        errors.append(f"goto: {str(e)[:160]}")
                    page.wait_for_timeout(int(wait * 1000))
                    shot = SHOTS / (f"{name}.png" if which == "landing" else f"{name}-deep.png")
                    try:
                        page.screenshot(path=str(shot))
                    except Exception as e:  # noqa: BLE001
                        errors.append(f"screenshot: {str(e)[:160]}")
                    status = "ok" if not errors and not local_fail else "PROBLEM"
                    if status != "ok":
                        bad += 1
                    print(f"{status:7} {name:24} {which:7} {page.url}  [{conf.get('kind')}]")
                    for e in errors:
                        print(f"        page error: {e}")
                    for e in local_fail:
                        print(f"        local failure: {e}")
                    for e in offsite:
                        print(f"        off-site request failed (hand-off?): {e}")
                    ctx.close()
            browser.close()
    finally:
        server.stop(servers)
    print(f"{len(urls)} sites, {bad} page(s) with problems; screenshots in {SHOTS}")
    return 1 if bad else 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--only", default="")
    ap.add_argument("--wait", type=float, default=3.0, help="seconds to wait after load")
    a = ap.parse_args(argv)
    only = [x.strip() for x in a.only.split(",") if x.strip()] or None
    return check(only, a.wait)


if __name__ == "__main__":
    sys.exit(main())
