"""More hand checks (read-only: nothing is saved): anonymous edit form, member directory,
Special:Block and Special:Mute as the child, robots.txt.  Usage: python check/extra.py BASE_URL"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

from playwright.async_api import async_playwright

from auditor.browser import find_chromium

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from app import PERSONAS  # noqa: E402


async def text(page, url: str) -> str:
    r = await page.goto(url)
    body = (await page.inner_text("#content")).replace("\n", " | ")
    return f"{r.status} {page.url}\n    {body[:300]}"


async def main(base: str) -> None:
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=find_chromium().executable)
        page = await (await browser.new_context()).new_page()
        r = await page.goto(base + "/robots.txt")
        print("robots.txt:", r.status)
        edit = base + "/index.php?title=Allotment_tips&action=edit"
        print("visitor edit:", await text(page, edit))
        print("  textarea:", await page.locator("#wpTextbox1").count())
        print("visitor ListUsers:", await text(page, base + "/index.php/Special:ListUsers"))
        kid = PERSONAS["child"]
        page = await (await browser.new_context()).new_page()
        await page.goto(base + kid["login_url"])
        await page.fill("#wpName1", kid["username"])
        await page.fill("#wpPassword1", kid["password"])
        await page.click("#wpLoginAttempt")
        await page.wait_for_load_state()
        print("child Special:Block:", await text(page, base + "/index.php/Special:Block/AdultAlex"))
        print("child Special:Mute:", await text(page, base + "/index.php/Special:Mute/AdultAlex"))
        await browser.close()


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1].rstrip("/")))
