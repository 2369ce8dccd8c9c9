"""Hand check of the truth in a real browser (fresh profiles): visitor, then each persona.

    PYTHONPATH=$PWD .venv/bin/python benchmarks/real_community/machina/handcheck.py BASE_URL

Prints what a person sees (links, buttons, form fields) on the pages the truth is about, and
saves screenshots in cache/machina/handcheck/.  Imports nothing from probes/.
"""

import re
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

from auditor.browser import find_chromium

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
import common  # noqa: E402

sys.path.insert(0, str(HERE))
import app  # noqa: E402

OUT = common.cache_dir("machina") / "handcheck"
OUT.mkdir(exist_ok=True)
WORDS = re.compile(r"report|flag|block|mute|ignore|message|inbox|sign ?up|register|terms|rules|"
                   r"\bage\b|birth|sign ?in|log ?in|captcha|complain|delete|archive", re.I)


def visible_controls(page) -> list[str]:
    items = page.eval_on_selector_all(
        "a, button, input[type=submit], input[type=button]",
        "els => els.filter(e => e.offsetParent !== null)"
        ".map(e => (e.innerText || e.value || '').trim() + ' -> '"
        " + (e.getAttribute('href') || ''))")
    return sorted({i for i in items if WORDS.search(i)})


def fields(page) -> list[str]:
    return page.eval_on_selector_all(
        "form input:not([type=hidden]), form select, form textarea",
        "els => els.map(e => (e.name || e.id) + ':' + (e.type || e.tagName))")


def show(page, label: str) -> None:
    print(f"--- {label}: {page.url}")
    print("   controls:", visible_controls(page))
    page.screenshot(path=str(OUT / (re.sub(r"\W+", "_", label) + ".png")), full_page=True)


def login(page, base: str, who: dict) -> None:
    page.goto(base + who["login_url"])
    page.fill("input[name=username]", who["username"])
    page.fill("input[name=password]", who["password"])
    page.click("input[type=submit]")
    page.wait_for_load_state()


def main(base: str) -> None:
    with sync_playwright() as pw:
        exe = find_chromium().executable
        browser = pw.chromium.launch(executable_path=exe)
        # visitor
        ctx = browser.new_context()
        page = ctx.new_page()
        page.goto(base + "/")
        show(page, "visitor home")
        page.click("text=Project showcase")
        page.click("text=My line-following robot")
        show(page, "visitor topic")
        page.goto(base + "/member/profile/3/")
        show(page, "visitor child profile")
        page.goto(base + "/register/")
        print("   signup fields:", fields(page))
        show(page, "visitor register")
        page.goto(base + "/messages/write/")
        print("   visitor write fields:", fields(page))
        show(page, "visitor write")
        page.goto(base + "/messages/inbox/")
        print("   visitor inbox ->", page.url)
        ctx.close()
        # adult writes to the child
        ctx = browser.new_context()
        page = ctx.new_page()
        login(page, base, app.PERSONAS["adult"])
        show(page, "adult home")
        page.click("text=Project showcase")
        page.click("text=My line-following robot")
        show(page, "adult topic")
        child_id = page.eval_on_selector(
            f"a:has-text('{app.PERSONAS['child']['username']}')", "e => e.getAttribute('href')")
        page.goto(base + child_id)
        show(page, "adult child profile")
        page.click("text=Send a private message")
        print("   write fields:", fields(page))
        page.fill("input[name=subject]", "[test] hello")
        page.fill("textarea[name=body]", "[test] hand check message from an unknown adult")
        form = page.locator("form:has(textarea[name=body])")
        form.locator("button[type=submit], input[type=submit]").first.click()
        page.wait_for_load_state()
        show(page, "adult after send")
        ctx.close()
        # child reads it
        ctx = browser.new_context()
        page = ctx.new_page()
        login(page, base, app.PERSONAS["child"])
        page.goto(base + "/messages/inbox/")
        show(page, "child inbox")
        page.click("text=[test] hello")
        show(page, "child conversation")
        page.goto(base + "/member/profile/edit/")
        print("   child profile settings fields:", fields(page))
        show(page, "child profile settings")
        ctx.close()
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1].rstrip("/"))
