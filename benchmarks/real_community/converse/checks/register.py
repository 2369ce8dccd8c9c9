# ruff: noqa: E501  (embedded JavaScript)
"""Register a new account through converse's "Create an account" form (fresh profile), then
report what the form asked and what happened (imports nothing from probes/).

    .venv/bin/python benchmarks/real_community/converse/checks/register.py URL OUTDIR USER PASS
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

from playwright.async_api import async_playwright


async def main() -> None:
    url, out, user, pw = sys.argv[1], Path(sys.argv[2]), sys.argv[3], sys.argv[4]
    out.mkdir(parents=True, exist_ok=True)
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path="/usr/bin/chromium",
                                          args=["--disable-gpu"])
        page = await (await browser.new_context()).new_page()
        await page.goto(url)
        await page.click("text=Create an account")
        await page.wait_for_selector("input[name=username]", timeout=20000)
        print("fields:", await page.evaluate("""() => [...document.querySelectorAll('form input, form select, form textarea, form img, iframe')]
            .map(e => `${e.tagName.toLowerCase()} ${e.name || e.src || ''} ${e.type || ''}`)"""))
        await page.fill("input[name=username]", user)
        await page.fill("input[name=password]", pw)
        await page.click("form [type=submit]")
        await page.wait_for_timeout(6000)
        await page.screenshot(path=str(out / "registered.png"))
        print((await page.evaluate("document.body.innerText"))[:600])
        await browser.close()


if __name__ == "__main__":
    asyncio.run(main())
