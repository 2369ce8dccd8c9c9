# ruff: noqa: E501  (embedded JavaScript)
"""Every dropdown menu's items (hidden or not) as a member sees them, then the adult-to-child test.

    .venv/bin/python benchmarks/real_community/converse/checks/menus.py URL OUTDIR

Imports nothing from probes/.
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

from playwright.async_api import async_playwright

ADULT = ("alex", "Adult-pass-2026")
CHILD = ("casey", "Child-pass-2026")
MENUS = """() => [...document.querySelectorAll('.dropdown-menu')].map(m => {
  let p = m; while (p && !(p.tagName || '').startsWith('CONVERSE-')) p = p.parentElement;
  let q = p && p.parentElement; while (q && !(q.tagName || '').startsWith('CONVERSE-')) q = q.parentElement;
  const items = [...m.querySelectorAll('a,button')].map(e => e.textContent.trim().replace(/\\s+/g, ' '))
      .filter(t => t && t.length < 60);
  return `${q ? q.tagName.toLowerCase() : ''} > ${p ? p.tagName.toLowerCase() : ''}: ${items.join(' | ')}`;
}).filter(s => !s.includes('😀'))"""


async def login(browser, url, who):
    page = await (await browser.new_context()).new_page()
    await page.goto(url)
    await page.fill("input[name=jid]", who[0])
    await page.fill("input[name=password]", who[1])
    await page.keyboard.press("Enter")
    await page.wait_for_selector("converse-roster", timeout=30000)
    await page.wait_for_timeout(5000)
    return page


async def show(page, out, name):
    await page.screenshot(path=str(out / f"{name}.png"))
    print(f"==== {name}")
    for line in await page.evaluate(MENUS):
        print("  ", line)


async def main() -> None:
    url, out = sys.argv[1], Path(sys.argv[2])
    out.mkdir(parents=True, exist_ok=True)
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path="/usr/bin/chromium",
                                           args=["--disable-gpu"])
        adult = await login(browser, url, ADULT)
        await show(adult, out, "adult-room")
        await adult.click("converse-roster >> text=sam")
        await adult.wait_for_timeout(2000)
        await show(adult, out, "adult-chat-sam")
        # start a private chat with the child, who is not a contact: the "Start a new chat"
        # item of the contacts menu, found by its text
        await adult.evaluate("""() => { const a = [...document.querySelectorAll('converse-roster .dropdown-menu a, converse-roster .dropdown-menu button')]
            .find(e => /new chat|start/i.test(e.textContent)); if (a) a.click(); return !!a; }""")
        await adult.wait_for_timeout(1500)
        await adult.screenshot(path=str(out / "adult-new-chat.png"))
        body = await adult.evaluate("document.querySelector('.modal.show') ? "
                                    "document.querySelector('.modal.show').innerText : ''")
        print("==== new chat modal:\n" + body)
        inp = adult.locator(".modal.show input").first
        await inp.fill("casey@localhost")
        await adult.keyboard.press("Enter")
        await adult.wait_for_timeout(2500)
        await adult.locator("converse-chat textarea").first.fill(
            "Test message from the benchmark's hand check (adult to child)")
        await adult.keyboard.press("Enter")
        await adult.wait_for_timeout(2500)
        await show(adult, out, "adult-chat-casey")
        print(await adult.evaluate("document.querySelector('converse-chat') && "
                                   "document.querySelector('converse-chat').innerText"))
        child = await login(browser, url, CHILD)
        await child.wait_for_timeout(4000)
        await show(child, out, "child-home")
        print(await child.evaluate("document.body.innerText"))
        await browser.close()


if __name__ == "__main__":
    asyncio.run(main())
