"""Our scripts' answers travel as JSON (auditor.pagejs): the same answers as Playwright's own
transport, on plain pages and on pages that meddle with JSON."""

from __future__ import annotations

import contextlib
import math

import pytest
import sitekit

from auditor.pagejs import JSON_MARK, as_json, evaluate

pytestmark = pytest.mark.browser

PAGE = """<!doctype html><title>Shop</title><h1>Shop</h1>
<a href="/terms" data-x="1">Terms</a><a href="/privacy">Privacy £ “quoted” \u2028</a>"""

#: scripts like the probes' own: lists of objects with missing fields, text, numbers, nothing
SCRIPTS = [
    ("() => [...document.querySelectorAll('a')].map((a) => "
     "({href: a.href, text: a.textContent, x: a.dataset.x, n: a.textContent.length}))", None),
    ("document.title", None),
    ("(n) => ({n, list: [1, undefined, null, 'a\\u0000b', true], deep: {a: {b: [{}]}}})", 3),
    ("() => undefined", None),
    ("() => null", None),
    ("async () => { await new Promise((r) => setTimeout(r, 5)); return 'later'; }", None),
    ("(a) => a.map((x) => x * 2)", [1, 2, 3]),
    ("() => ({f: () => 1, big: 2 ** 53, neg: -1.5, empty: '', s: 'x'.repeat(5000)})", None),
]


@contextlib.asynccontextmanager
async def _page_with(html: str):
    """A page showing ``html``, in a browser of its own."""
    async with sitekit.shared_browser() as shared:
        context = await shared.browser.new_context()
        try:
            page = await context.new_page()
            await page.set_content(html)
            yield page
        finally:
            await context.close()


@pytest.mark.parametrize("meddling", ["", "<script>Array.prototype.toJSON = function () "
                                      "{ return JSON.stringify(this.slice()); };</script>"])
async def test_answers_as_json_equal_playwrights_own(meddling):
    async with _page_with(PAGE + meddling) as page:
        for script, arg in SCRIPTS:
            ours = await evaluate(page, script, arg)
            assert ours == await page.evaluate(script, arg), script
        # the wrapper did send JSON (where the page's JSON is the browser's own)
        raw = await page.evaluate(as_json(SCRIPTS[0][0]))
        assert (isinstance(raw, str) and raw.startswith(JSON_MARK)) == (not meddling)


async def test_answers_json_cannot_carry_come_back_as_playwright_sends_them():
    async with _page_with(PAGE) as page:
        assert math.isnan((await evaluate(page, "() => ({v: NaN})"))["v"])
        assert await evaluate(page, "() => [Infinity]") == [math.inf]
        cyc = await evaluate(page, "() => { const a = {n: 1}; a.self = a; return a; }")
        assert cyc["n"] == 1


async def test_a_page_that_fakes_json_gets_an_error_not_a_wrong_answer():
    async with _page_with(PAGE + "<script>JSON.stringify = () => '{not json';</script>") as page:
        with pytest.raises(ValueError):
            await evaluate(page, "() => [1, 2]")
