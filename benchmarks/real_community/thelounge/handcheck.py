"""Hand checks behind truth.toml, in a real browser with fresh profiles (nothing from probes/).

    PYTHONPATH=$PWD .venv/bin/python benchmarks/real_community/thelounge/handcheck.py URL [OUT]

Prints what a visitor sees, then, signed in as the adult: the nick and conversation menus, a
direct message to the child (and whether it arrives in the child's session with no request
step), the child's settings, an /invite, and the message search. Screenshots go to OUT.
"""

from __future__ import annotations

import sys
from pathlib import Path

import httpx
from playwright.sync_api import sync_playwright

from auditor.browser import find_chromium

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from app import PERSONAS  # noqa: E402


def sign_in(browser, url, who):
    ctx = browser.new_context(viewport={"width": 1280, "height": 800})
    page = ctx.new_page()
    page.goto(url)
    page.fill("#signin-username", who["username"])
    page.fill("#signin-password", who["password"])
    page.click("#sign-in button[type=submit]")
    page.wait_for_selector(".channel-list-item", timeout=30_000)
    return ctx, page


def menu(page) -> list[str]:
    page.wait_for_timeout(500)
    items = page.locator("#context-menu .context-menu-item").all_inner_texts()
    page.keyboard.press("Escape")
    return [i.strip() for i in items]


def main(url: str, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    adult, child = PERSONAS["adult"], PERSONAS["child"]
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=find_chromium().executable)
        ctx = b.new_context()
        v = ctx.new_page()
        v.goto(url)
        v.wait_for_timeout(2000)
        print("visitor links:", v.eval_on_selector_all("a[href]", "e => e.map(a => a.href)"))
        print("visitor text:", v.inner_text("body").replace("\n", " | ")[:300])
        for path in ("register", "signup", "terms", "about", "robots.txt"):
            r = httpx.get(url.rstrip("/") + "/" + path)
            print(f"visitor /{path}: HTTP {r.status_code}")
        v.screenshot(path=str(out / "visitor.png"))
        ctx.close()

        actx, a = sign_in(b, url, adult)
        cctx, c = sign_in(b, url, child)
        a.click(".channel-list-item[data-name='#community']")
        a.wait_for_timeout(800)
        print("message hover actions:", a.locator("#chat .msg[data-type=message]").first
              .evaluate("m => { m.dispatchEvent(new MouseEvent('mouseover', {bubbles:true}));"
                        " return m.innerText }"))
        a.click(f".userlist .user:text-is('{child['username']}')", button="right")
        print("nick menu (adult on child):", menu(a))
        a.click(".channel-list-item[data-name='#community']", button="right")
        print("channel menu:", menu(a))
        a.click(".msg[data-type=message] .from .user >> nth=1")
        print("nick left-click menu:", menu(a))
        # the adult, who has never talked to the child, sends a direct message
        a.fill("#input", f"/msg {child['username']} [test] hello from a stranger, this is a test")
        a.press("#input", "Enter")
        c.wait_for_timeout(2500)
        names = c.locator(".channel-list-item").evaluate_all("e => e.map(x => x.dataset.name)")
        print("child's conversations after the DM:", names)
        if adult["username"] in names:
            c.click(f".channel-list-item[data-name='{adult['username']}']")
            c.wait_for_timeout(800)
            print("child sees:", c.inner_text("#chat .chat-view[data-type=query] .messages")[-200:])
            c.screenshot(path=str(out / "child-dm.png"))
            c.click(f".channel-list-item[data-name='{adult['username']}']", button="right")
            print("conversation menu (child):", menu(c))
        # settings the child has
        c.click("#footer a[href='#/settings']")
        c.wait_for_timeout(1200)
        print("child settings text:", c.inner_text("#settings").replace("\n", " | ")[:2500])
        c.screenshot(path=str(out / "child-settings.png"), full_page=True)
        c.click("#footer a[href='#/help']")
        c.wait_for_timeout(1200)
        help_text = c.inner_text("#help")
        print("help mentions /ignore:", "/ignore" in help_text, "| /msg:", "/msg" in help_text,
              "| /query:", "/query" in help_text, "| report:", "report" in help_text.lower())
        (out / "help.txt").write_text(help_text)
        actx.close()
        cctx.close()
        b.close()


if __name__ == "__main__":
    main(sys.argv[1], Path(sys.argv[2] if len(sys.argv) > 2 else "/tmp/thelounge-handcheck"))
