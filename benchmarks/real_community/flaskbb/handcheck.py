"""Hand check of FlaskBB's truth in a real browser (fresh profile per persona); no probe code.

    PYTHONPATH=$PWD .venv/bin/python benchmarks/real_community/flaskbb/handcheck.py BASE_URL OUT

Prints what a user sees, step by step, and leaves screenshots in OUT.  It registers one new
account (to see the sign-up flow and the activation mail) and sends one test message from the
adult persona to the child persona.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

from auditor.browser import find_chromium

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from app import PERSONAS  # noqa: E402

WORDS = ("report", "message", "inbox", "conversation", "block", "mute", "ignore", "register",
         "sign up", "terms", "privacy", "rules", "contact", "age", "birth", "captcha")


def visible_controls(page: Page) -> list[str]:
    """Visible links/buttons (text, title or aria-label) whose words matter here."""
    return page.evaluate("""(words) => {
      const out = [];
      for (const el of document.querySelectorAll('a, button, input[type=submit]')) {
        const r = el.getBoundingClientRect();
        const shown = r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== 'hidden';
        const label = [(el.innerText || el.value || '').trim(), el.title || '',
                       el.getAttribute('data-original-title') || '',
                       el.getAttribute('aria-label') || ''].filter(Boolean).join(' | ');
        const low = (label + ' ' + (el.getAttribute('href') || '')).toLowerCase();
        if (words.some(w => low.includes(w)))
          out.push((shown ? '' : '[hidden] ') + label + ' -> ' + (el.getAttribute('href') || ''));
      }
      return out;
    }""", list(WORDS))


def show(page: Page, url: str, out: Path, name: str) -> None:
    page.goto(url, wait_until="domcontentloaded")
    page.screenshot(path=str(out / f"{name}.png"), full_page=True)
    print(f"\n== {name}: {url} -> {page.url}  title={page.title()!r}")
    for c in visible_controls(page):
        print("   ", c)


def login(page: Page, base: str, persona: dict) -> None:
    page.goto(base + persona["login_url"], wait_until="domcontentloaded")
    page.fill("input[name=login]", persona["username"])
    page.fill("input[name=password]", persona["password"])
    page.click("[type=submit]")
    page.wait_for_load_state("domcontentloaded")
    print(f"\n== logged in as {persona['username']}: now at {page.url}")


def main() -> None:
    base, out = sys.argv[1].rstrip("/"), Path(sys.argv[2])
    out.mkdir(parents=True, exist_ok=True)
    adult, child = PERSONAS["adult"], PERSONAS["child"]
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=find_chromium().executable)
        # --- visitor, fresh profile
        v = browser.new_context().new_page()
        show(v, base + "/", out, "v_home")
        show(v, base + "/topic/2", out, "v_topic")
        show(v, base + f"/user/{child['username']}", out, "v_profile_child")
        show(v, base + "/conversations/", out, "v_conversations")
        show(v, base + "/post/2/report", out, "v_report_url")
        show(v, base + "/auth/register", out, "v_register")
        print("   register fields:", v.eval_on_selector_all(
            "form input, form select", "els => els.map(e => e.name + ':' + e.type)"))
        # sign up a new account as a visitor would
        stamp = str(int(time.time()))[-6:]
        v.fill("input[name=username]", f"newbie{stamp}")
        v.fill("input[name=email]", f"newbie{stamp}@flaskbb.test")
        v.fill("input[name=password]", "Newbie-pass-2026!")
        v.fill("input[name=confirm_password]", "Newbie-pass-2026!")
        v.click("input[type=submit], button[type=submit]")
        v.wait_for_load_state("domcontentloaded")
        v.screenshot(path=str(out / "v_register_done.png"), full_page=True)
        print("   after register:", v.url, v.inner_text("#flashed-messages")[:300])
        v.goto(base + "/auth/login")
        v.fill("input[name=login]", f"newbie{stamp}")
        v.fill("input[name=password]", "Newbie-pass-2026!")
        v.click("[type=submit]")
        v.wait_for_load_state("domcontentloaded")
        print("   login before activation:", v.url, v.inner_text("#flashed-messages")[:300])

        # --- adult member, fresh profile
        a = browser.new_context().new_page()
        login(a, base, adult)
        show(a, base + "/", out, "a_home")
        show(a, base + "/topic/2", out, "a_topic")
        show(a, base + f"/user/{child['username']}", out, "a_profile_child")
        show(a, base + "/conversations/new?to_user=" + child["username"], out, "a_new_conv")
        a.fill("input[name=subject]", "Test message (benchmark)")
        a.fill("textarea[name=message]", "This is a harmless test message from the benchmark.")
        a.click("input[name=send_message], button[name=send_message]")
        a.wait_for_load_state("domcontentloaded")
        print("   after send:", a.url, a.inner_text("#flashed-messages")[:200])
        show(a, base + "/conversations/sent", out, "a_sent")
        show(a, base + "/user/settings/general", out, "a_settings_general")

        # --- child member, fresh profile
        c = browser.new_context().new_page()
        login(c, base, child)
        show(c, base + "/conversations/", out, "c_inbox")
        links = c.eval_on_selector_all("a[href*='/conversations/']",
                                       "els => els.map(e => e.getAttribute('href'))")
        conv = next((h for h in links if h.endswith("/view")), None)
        print("   conversation links:", links)
        if conv:
            show(c, base + conv, out, "c_conversation")
        for sect in ("general", "email", "password", "user-details"):
            show(c, base + f"/user/settings/{sect}", out, f"c_settings_{sect}")
        browser.close()


if __name__ == "__main__":
    main()
