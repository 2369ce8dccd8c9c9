"""Writing the test message into a real forum's private-message form: a required subject line
is filled with a test subject; a form the browser refuses (a required field the probe cannot
know how to fill) is "not sent", never taken for a sent message."""

from __future__ import annotations

import pytest
import sitekit

from probes.messaging_ui import write_and_send

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not sitekit.have_chromium(), reason="no Chromium to drive")]

SENT_JS = ("event.preventDefault(); document.body.innerHTML = '<p id=done>Sent: ' + "
           "this.subject.value + ' / ' + this.body.value + '</p>';")


def pm_form(extra: str = "") -> str:
    return ("<!doctype html><html><body><h1>Write</h1>"
            f"<form onsubmit=\"{SENT_JS}\"><label for=r>Recipients:</label>"
            "<input id=r name=recipients value='kid'><label for=s>Subject:</label>"
            f"<input id=s name=subject required>{extra}<label for=b>Body:</label>"
            "<textarea id=b name=body></textarea><button type=submit>Send</button></form>"
            "</body></html>")


async def _send(html: str, subject: str = "") -> tuple[bool, str, str]:
    async with sitekit.shared_browser() as shared:
        ctx = await shared.browser.new_context()
        try:
            page = await ctx.new_page()
            await page.set_content(html)
            ok, why = await write_and_send(page, "[test message, please ignore] ref 1a2b",
                                           subject=subject)
            done = await page.locator("#done").all_inner_texts()
            return ok, why, " ".join(done)
        finally:
            await ctx.close()


async def test_a_required_subject_is_filled_and_the_message_sent():
    ok, why, done = await _send(pm_form())
    assert ok, why
    # the subject repeats the marked message: an inbox listing subjects only still shows it
    assert "Sent: [test message, please ignore] ref 1a2b / [test message, please ignore] " \
        "ref 1a2b" in done


async def test_the_subject_given_leads_with_the_unique_reference():
    """An inbox that lists shortened subjects still shows a subject that starts with the
    message's unique reference."""
    ok, why, done = await _send(pm_form(), subject="ref 1a2b: test message")
    assert ok, why
    assert "Sent: ref 1a2b: test message / [test message, please ignore] ref 1a2b" in done


async def test_a_form_the_browser_refuses_is_not_sent():
    extra = ("<label for=c>Category</label><select id=c name=cat required>"
             "<option value=''>choose</option><option>a</option></select>")
    ok, why, done = await _send(pm_form(extra))
    assert not ok and "not sent" in why and "Category" in why
    assert not done


def test_the_inbox_item_carrying_the_reference_is_opened_not_an_answer_button():
    from probes.messaging_flows import _item_link
    from probes.profile_read import view_from_html

    html = ("<!doctype html><main><table><tr><td><a href='/m/9/block'>Block the sender of "
            "ref 1a2b</a></td><td><a href='/m/9/'>ref 1a2b: [automated "
            "safety test — please ignore]</a></td><td><a href='/m/9/delete'>Delete</a></td>"
            "</tr><tr><td><a href='/m/8/'>Bikes for sale</a></td></tr></table></main>")
    v = view_from_html(html, "http://forum.test/messages/inbox/", kind="inbox")
    item = _item_link(v, ["ref 1a2b"])
    assert item is not None and item.href.endswith("/m/9/")
    assert _item_link(v, ["ref 9z9z"]) is None
