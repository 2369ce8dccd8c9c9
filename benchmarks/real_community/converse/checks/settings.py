"""The child's own settings and profile panels, and another member's 'Details' as the child
sees it (fresh profile; imports nothing from probes/).

    .venv/bin/python benchmarks/real_community/converse/checks/settings.py URL OUTDIR
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

from playwright.async_api import async_playwright

MODAL = ("() => [...document.querySelectorAll('.modal.show')].map(m => m.innerText)"
         ".join('\\n---\\n')")


async def main() -> None:
    url, out = sys.argv[1], Path(sys.argv[2])
    out.mkdir(parents=True, exist_ok=True)
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path="/usr/bin/chromium",
                                          args=["--disable-gpu"])
        page = await (await browser.new_context()).new_page()
        await page.goto(url)
        await page.fill("input[name=jid]", "casey")
        await page.fill("input[name=password]", "Child-pass-2026")
        await page.keyboard.press("Enter")
        await page.wait_for_selector("converse-roster", timeout=30000)
        await page.wait_for_timeout(4000)
        for label, sel in (("settings (gear)", "converse-user-profile .show-client-info, "
                                               "converse-user-profile a[title*=etting], "
                                               "converse-user-profile converse-icon.fa-cog"),
                           ("own profile (avatar)", "converse-user-profile .show-profile, "
                                                    "converse-user-profile a.show-profile")):
            loc = page.locator(sel)
            if not await loc.count():
                print(f"==== {label}: not found")
                continue
            await loc.first.click()
            await page.wait_for_timeout(1500)
            await page.screenshot(path=str(out / f"{label.split()[0]}.png"))
            print(f"==== {label}\n{await page.evaluate(MODAL)}")
            tabs = page.locator(".modal.show .nav-link, .modal.show [role=tab]")
            for i in range(await tabs.count()):
                await tabs.nth(i).click()
                await page.wait_for_timeout(600)
                print(f"---- tab {i}\n{await page.evaluate(MODAL)}")
            await page.keyboard.press("Escape")
            await page.wait_for_timeout(600)
        print("==== profile html:", await page.evaluate(
            "document.querySelector('converse-user-profile') && "
            "document.querySelector('converse-user-profile').innerHTML.slice(0, 1500)"))
        await browser.close()


if __name__ == "__main__":
    asyncio.run(main())
