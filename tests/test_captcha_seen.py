"""A CAPTCHA counts only when one is seen: a visible challenge, not the word in the markup.

Real forums load a CAPTCHA script on every page for a registration modal that is hidden until
opened; their login form then has no challenge at all, and a login must not be given up on."""

from __future__ import annotations

import pytest
import sitekit

from probes.captcha import captcha_seen

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not sitekit.have_chromium(), reason="no Chromium to drive")]

LOGIN = ("<form id=login method=post action=/login><label>Username <input name=u></label>"
         "<label>Password <input type=password name=p></label><button>Log in</button></form>")
HIDDEN_REGISTER_MODAL = (
    "<script src='/static/js/recaptcha-loader.js'></script>"
    "<div class='modal' id='register-modal' style='display:none'><form action=/register>"
    "<input name=email><div class='g-recaptcha' data-sitekey='k'></div>"
    "<input name=captcha_answer placeholder='Type the captcha'></form></div>")
VISIBLE_WIDGET = ("<div class='h-captcha' data-sitekey='k' "
                  "style='width:300px;height:78px;border:1px solid #ccc'></div>")
V3_BADGE = ("<div class='grecaptcha-badge' style='width:256px;height:60px;position:fixed;"
            "bottom:14px;right:0'><iframe src='about:blank#recaptcha/api2/anchor?size=invisible'"
            " width=256 height=60></iframe></div>")
UNDRAWN_WIDGET = "<form><div class='g-recaptcha' data-sitekey='k'></div></form>"
IMAGE_CAPTCHA = ("<img src='/captcha.php?id=3' alt='Security code' width=120 height=40>"
                 "<label for=c>Enter the code shown (CAPTCHA)</label><input id=c name=code>")
WORDS_ONLY = ("<p>We never use CAPTCHA puzzles; tell us if you see one.</p>"
              "<meta name=captcha-policy content=none>")


async def _seen(html: str) -> bool:
    async with sitekit.shared_browser() as shared:
        ctx = await shared.browser.new_context()
        try:
            page = await ctx.new_page()
            await page.set_content(f"<!doctype html><html><body>{html}</body></html>")
            return await captcha_seen(page)
        finally:
            await ctx.close()


@pytest.mark.parametrize("html, seen", [
    (LOGIN + HIDDEN_REGISTER_MODAL, False),
    (LOGIN + V3_BADGE, False),
    (LOGIN + WORDS_ONLY.replace("<p>", "<p class='small'>"), False),
    (LOGIN + VISIBLE_WIDGET, True),
    (LOGIN + IMAGE_CAPTCHA, True),
    (LOGIN + UNDRAWN_WIDGET, True),
    (LOGIN + HIDDEN_REGISTER_MODAL.replace("display:none", "display:block"), True),
], ids=["hidden-modal", "v3-badge", "words-only", "widget", "image", "undrawn-widget",
        "modal-opened"])
async def test_captcha_seen(html, seen):
    assert await _seen(html) is seen
