"""Hand-check helper (not used by the benchmark): open pages of the running WordPress in a fresh
Chromium profile, as a visitor or logged in as a persona, and print what a person would see:
the visible text and every link and button.  Imports nothing from ``probes/``.

    python look.py BASE_URL [--as adult|child|third] PATH [PATH ...] [--shot DIR]
"""

from __future__ import annotations

import argparse
import asyncio
import importlib.util
from pathlib import Path

from playwright.async_api import async_playwright

HERE = Path(__file__).resolve().parent
CONTROLS_JS = """els => els
  .filter(e => e.offsetParent !== null || e.getClientRects().length)
  .map(e => e.tagName + ' '
    + (e.innerText || e.value || e.getAttribute('aria-label') || '').trim().slice(0, 50)
    + ' -> ' + (e.getAttribute('href') || e.getAttribute('for') || ''))"""


def personas() -> dict:
    spec = importlib.util.spec_from_file_location("wp_app", HERE / "app.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return {**mod.PERSONAS, "third": mod.THIRD, "admin": mod.ADMIN}


async def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("base")
    ap.add_argument("paths", nargs="+")
    ap.add_argument("--as", dest="who", default="")
    ap.add_argument("--shot", type=Path)
    ap.add_argument("--text", type=int, default=1500)
    a = ap.parse_args()
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path="/usr/bin/chromium")
        ctx = await browser.new_context()
        page = await ctx.new_page()
        if a.who:
            p = personas()[a.who]
            await page.goto(a.base + "/wp-login.php")
            await page.fill("#user_login", p["username"])
            await page.fill("#user_pass", p["password"])
            await page.click("#wp-submit")
            await page.wait_for_load_state()
            print("logged in ->", page.url)
        for i, path in enumerate(a.paths):
            await page.goto(a.base + path)
            await page.wait_for_load_state("networkidle")
            print(f"\n===== {page.url}  [{await page.title()}]")
            text = await page.inner_text("body")
            print(text[: a.text])
            links = await page.eval_on_selector_all(
                "a, button, input[type=submit], [role=button], label", CONTROLS_JS)
            print("--- controls:")
            for x in links:
                print("  ", x)
            if a.shot:
                a.shot.mkdir(parents=True, exist_ok=True)
                await page.screenshot(path=str(a.shot / f"{a.who or 'visitor'}-{i}.png"),
                                      full_page=True)
        await browser.close()


if __name__ == "__main__":
    asyncio.run(main())
