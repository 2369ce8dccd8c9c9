"""Seed The Lounge as its members would: sign in through the web client and type.

Each member signs in (a fresh browser context each), opens ``#community`` and says something; the
third member then sends the adult a private message with ``/msg``. The Lounge keeps the scrollback
(its SQLite message storage, a default), so the messages are there for every later visitor of the
channel. Uses the Chromium the auditor finds (``auditor.browser.find_chromium``) through
Playwright; imports nothing from the auditor's probes.
"""

from __future__ import annotations

from playwright.sync_api import sync_playwright

LINES = {
    "alex": "Hi all, I'm Alex. Anyone here into model railways? Happy to share photos.",
    "charlie": "hey everyone, charlie here :) just joined, school starts again on monday",
    "sam": "Welcome Charlie! This is the community chat: be kind, and ping an op if needed.",
}
DM = ("alex", "Hi Alex, sam here: the meetup is on Saturday at 2pm, see you there?")


def _chromium() -> str | None:
    """The Chromium the auditor itself would use (``$AUDITOR_CHROMIUM``, Playwright's own, the
    system's headless shell or full browser)."""
    from auditor.browser import find_chromium

    return find_chromium().executable


def _sign_in(page, base_url: str, username: str, password: str) -> None:
    page.goto(base_url)
    page.fill("#signin-username", username)
    page.fill("#signin-password", password)
    page.click("#sign-in button[type=submit]")
    page.wait_for_selector(".channel-list-item", timeout=30_000)


def _say(page, text: str) -> None:
    box = page.locator("#input")
    box.click()
    box.fill(text)
    box.press("Enter")
    page.wait_for_timeout(700)


def seed(base_url: str, personas: dict, third: dict, channel: str) -> None:
    people = [personas["adult"], personas["child"], third]
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=_chromium())
        try:
            for person in people:
                ctx = browser.new_context()
                page = ctx.new_page()
                _sign_in(page, base_url, person["username"], person["password"])
                page.locator(f".channel-list-item[data-name='{channel}']").click()
                page.wait_for_selector(".chat-view[data-type=channel]", timeout=15_000)
                _say(page, LINES.get(person["username"], "Hello!"))
                if person is third:
                    _say(page, f"/msg {DM[0]} {DM[1]}")
                ctx.close()
        finally:
            browser.close()
