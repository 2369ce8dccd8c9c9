"""Hand check of the truth table in a real browser (fresh profile per role); imports nothing
from probes/.  Usage: python check/by_hand.py BASE_URL OUTDIR.  Prints what each role sees and
keeps screenshots in OUTDIR."""

from __future__ import annotations

import asyncio
import re
import sys
from pathlib import Path

from playwright.async_api import async_playwright

from auditor.browser import find_chromium

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from app import PERSONAS  # noqa: E402

REPORT = re.compile(r"\breport|flag|abuse|complain", re.I)
MSG = re.compile(r"e-?mail this user|message|\bemail\b|inbox|private", re.I)


async def links(page) -> list[tuple[str, str]]:
    return await page.eval_on_selector_all(
        "a", "els => els.filter(e => e.offsetParent !== null)"
             ".map(e => [e.innerText.trim(), e.getAttribute('href') || ''])")


async def show(page, url: str, out: Path, name: str) -> str:
    await page.goto(url)
    await page.screenshot(path=str(out / f"{name}.png"), full_page=True)
    body = await page.inner_text("body")
    ls = await links(page)
    rep = [x for x in ls if REPORT.search(x[0])]
    msg = [x for x in ls if MSG.search(x[0])]
    print(f"--- {name}: {page.url}\n  title={await page.title()!r}\n  report-ish links={rep}"
          f"\n  message-ish links={msg}")
    return body


async def login(page, base: str, who: dict) -> None:
    await page.goto(base + who["login_url"])
    await page.fill("#wpName1", who["username"])
    await page.fill("#wpPassword1", who["password"])
    await page.click("#wpLoginAttempt")
    await page.wait_for_load_state()
    print(f"  logged in as {who['username']}: {page.url}")


async def main(base: str, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=find_chromium().executable)
        # visitor, fresh profile
        ctx = await browser.new_context()
        page = await ctx.new_page()
        print("=== VISITOR")
        await show(page, base + "/index.php/Main_Page", out, "v_main")
        await show(page, base + "/index.php/Local_walking_routes", out, "v_article")
        await show(page, base + "/index.php/Talk:Local_walking_routes", out, "v_talk")
        await show(page, base + "/index.php/User:KidKim", out, "v_user_kid")
        body = await show(page, base + "/index.php/Special:EmailUser/KidKim", out, "v_emailuser")
        print("  EmailUser says:", body[:400].replace("\n", " | "))
        body = await show(page, base + "/index.php?title=Special:CreateAccount", out, "v_signup")
        fields = await page.eval_on_selector_all(
            "form input, form select", "els => els.map(e => [e.name, e.type, e.required])")
        print("  signup fields:", fields)
        print("  signup text:", body[:900].replace("\n", " | "))
        await show(page, base + "/index.php/Community_Wiki:Privacy_policy", out, "v_privacy")
        await show(page, base + "/index.php/Special:SpecialPages", out, "v_specialpages")
        await ctx.close()
        for role in ("adult", "child"):
            who = PERSONAS[role]
            other = PERSONAS["child" if role == "adult" else "adult"]
            ctx = await browser.new_context()
            page = await ctx.new_page()
            print(f"=== {role.upper()}")
            await login(page, base, who)
            await show(page, base + "/index.php/Local_walking_routes", out, f"{role}_article")
            await show(page, base + "/index.php/Talk:Local_walking_routes", out, f"{role}_talk")
            await show(page, base + f"/index.php/User:{other['username']}", out,
                       f"{role}_user_other")
            body = await show(page, base + f"/index.php/Special:EmailUser/{other['username']}",
                              out, f"{role}_emailuser")
            print("  EmailUser form:", body[:600].replace("\n", " | "))
            await page.goto(base + "/index.php/Special:Preferences")
            await page.screenshot(path=str(out / f"{role}_prefs.png"), full_page=True)
            opts = await page.eval_on_selector_all(
                "input[type=checkbox]", "els => els.map(e => [e.name, e.checked, "
                "(e.closest('.oo-ui-fieldLayout, .mw-htmlform-field-HTMLCheckField')||e)"
                ".innerText.trim().slice(0,80)])")
            print("  preference checkboxes:", [o for o in opts if "mail" in o[0].lower()
                                               or "mail" in o[2].lower()])
            txt = await page.inner_text("body")
            print("  prefs mention block/mute:",
                  sorted(set(m.lower() for m in re.findall(r"\b(block\w*|mute\w*)", txt))))
            await ctx.close()
        await browser.close()


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1].rstrip("/"), Path(sys.argv[2])))
