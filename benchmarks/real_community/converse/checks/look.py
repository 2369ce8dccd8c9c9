# ruff: noqa: E501  (embedded JavaScript)
"""Hand checks in a real browser (fresh profile each run): visitor, then a persona.

    .venv/bin/python benchmarks/real_community/converse/checks/look.py URL OUTDIR [user pass]

Prints the visible text and the links/buttons, and saves screenshots; imports nothing from
``probes/``.
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

from playwright.async_api import async_playwright


async def dump(page, out: Path, name: str) -> None:
    await page.screenshot(path=str(out / f"{name}.png"), full_page=True)
    text = await page.evaluate("document.body.innerText")
    ctrls = await page.evaluate("""() => [...document.querySelectorAll('a,button,input,select,textarea,[role=button]')]
        .filter(e => e.offsetParent !== null)
        .map(e => `${e.tagName.toLowerCase()} ${e.getAttribute('href')||''} ${e.getAttribute('name')||''} ${e.getAttribute('type')||''} [${(e.innerText||e.getAttribute('placeholder')||e.getAttribute('aria-label')||e.title||'').trim().slice(0,60)}]`)""")
    print(f"==== {name}: {page.url}\n{text}\n---- controls\n" + "\n".join(ctrls))


async def main() -> None:
    url, out = sys.argv[1], Path(sys.argv[2])
    out.mkdir(parents=True, exist_ok=True)
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path="/usr/bin/chromium", args=["--disable-gpu"])
        page = await (await browser.new_context()).new_page()
        await page.goto(url)
        await page.wait_for_timeout(4000)
        await dump(page, out, "visitor")
        if len(sys.argv) > 4:
            await page.fill("input[name=jid]", sys.argv[3])
            await page.fill("input[name=password]", sys.argv[4])
            await page.keyboard.press("Enter")
            await page.wait_for_timeout(8000)
            await dump(page, out, f"member-{sys.argv[3]}")
        await browser.close()


if __name__ == "__main__":
    asyncio.run(main())
