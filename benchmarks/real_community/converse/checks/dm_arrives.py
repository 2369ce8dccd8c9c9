# ruff: noqa: E501  (embedded JavaScript)
"""Does a message from the unknown adult reach the child? The adult sends one (fresh profile);
then the child logs in with a fresh profile and we look for it (imports nothing from probes/).

    .venv/bin/python benchmarks/real_community/converse/checks/dm_arrives.py URL OUTDIR ADULT:PW CHILD:PW
"""

from __future__ import annotations

import asyncio
import sys
import time
from pathlib import Path

from playwright.async_api import async_playwright


async def login(browser, url, user, pw):
    page = await (await browser.new_context()).new_page()
    await page.goto(url)
    await page.fill("input[name=jid]", user)
    await page.fill("input[name=password]", pw)
    await page.keyboard.press("Enter")
    await page.wait_for_selector("converse-roster", timeout=30000)
    await page.wait_for_timeout(4000)
    return page


async def main() -> None:
    url, out = sys.argv[1], Path(sys.argv[2])
    (au, ap), (cu, cp) = (x.split(":", 1) for x in sys.argv[3:5])
    out.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%H:%M:%S")
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path="/usr/bin/chromium",
                                           args=["--disable-gpu"])
        adult = await login(browser, url, au, ap)
        await adult.evaluate("""() => [...document.querySelectorAll('converse-roster .dropdown-menu a')]
            .find(e => /new chat/i.test(e.textContent)).click()""")
        await adult.wait_for_timeout(1000)
        await adult.locator(".modal.show input").first.fill(f"{cu}@localhost")
        await adult.keyboard.press("Enter")
        await adult.wait_for_timeout(2000)
        await adult.locator("converse-chat textarea").first.fill(f"Test message {stamp}")
        await adult.keyboard.press("Enter")
        await adult.wait_for_timeout(2000)
        await adult.context.close()
        child = await login(browser, url, cu, cp)
        await child.wait_for_timeout(6000)
        await child.screenshot(path=str(out / f"child-{cu}.png"))
        roster = await child.evaluate("document.querySelector('converse-roster').innerText")
        print("child's contacts panel:", roster.replace("\n", " | "))
        await child.locator(f"converse-roster >> text={au}").first.click()
        await child.wait_for_timeout(2500)
        chat = await child.evaluate("[...document.querySelectorAll('converse-chat')].map(e => e.innerText).join('\\n')")
        print("child's chat:", chat.replace("\n", " | "), "| sent:", stamp)
        await browser.close()


if __name__ == "__main__":
    asyncio.run(main())
