"""A page pictured again while it looks the same is not captured twice (the first picture is
cited again), and anything a picture would show differently makes a new one: markup, a typed
value, the focus, the scroll, an image that has loaded, the blur; pages whose look the DOM does
not hold (a frame, a canvas, an open shadow root) are always captured."""

from __future__ import annotations

import time

import pytest
from sitekit import Site, browser_page, page
from werkzeug.wrappers import Response

from auditor.evidence import EvidenceRecorder
from probes.base import Findings

pytestmark = pytest.mark.browser

FORM = page("Report", """<h1>Report a post</h1>
<style>#dlg { opacity: 0 } #dlg.open { opacity: 1 }</style>
<form><label>Why <input id="why" name="why"></label>
<button type="button" id="open" onclick="document.getElementById('dlg').className='open'">
Report</button></form>
<div id="dlg" role="dialog">Thanks, we will look at it.</div>
<div style="height:3000px">posts</div>""")
TOKEN = page("Home", """<h1>Home</h1><p id="t"></p>
<script>document.getElementById('t').textContent = String(Math.random());</script>""")
FRAME = page("Embed", "<h1>Embed</h1><iframe srcdoc='<p>inside</p>'></iframe>")
CANVAS = page("Draw", "<h1>Draw</h1><canvas width=50 height=50></canvas>")
SHADOW = page("Widget", """<h1>Widget</h1><div id="w"></div>
<script>document.getElementById('w').attachShadow({mode: 'open'}).innerHTML = '<p>hi</p>';
</script>""")
LATE_IMAGE = page("Gallery", '<h1>Gallery</h1><img id="pic" src="/cat.gif" alt="a cat">')
PIXEL = (b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00"
         b"\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;")


def _slow_picture(request):
    time.sleep(1.0)
    return Response(PIXEL, mimetype="image/gif")


def _shots(rec: EvidenceRecorder) -> list[str]:
    return [e.evidence_id for e in rec.items if e.kind == "screenshot"]


@pytest.fixture(scope="module")
def site():
    with Site({"/form": FORM, "/token": TOKEN, "/frame": FRAME, "/canvas": CANVAS,
               "/shadow": SHADOW, "/gallery": LATE_IMAGE,
               "/cat.gif": _slow_picture}) as s:
        yield s


async def test_the_same_look_is_pictured_once_and_every_change_a_picture_shows_is_new(
        tmp_path, site):
    rec = EvidenceRecorder(tmp_path, "t", set())
    async with browser_page(viewport={"width": 1280, "height": 800}) as p:
        await p.goto(site.url("/form"))
        first = await rec.screenshot(p, full_page=False)
        assert await rec.screenshot(p, full_page=False) == first        # nothing changed
        await p.reload()
        assert await rec.screenshot(p, full_page=False) == first        # the same markup again
        assert rec.reused == 2 and len(_shots(rec)) == 1

        whole = await rec.screenshot(p)                  # the whole page is another picture
        blurred = await rec.screenshot(p, full_page=False, redact=True)   # and so is a blur
        await p.evaluate("() => { document.getElementById('why').value = 'spam'; }")
        typed = await rec.screenshot(p, full_page=False)                  # a field's value
        await p.focus("#open")
        focused = await rec.screenshot(p, full_page=False)                # the focus moved
        await p.click("#open")
        opened = await rec.screenshot(p, full_page=False)                 # a class shows a dialog
        await p.mouse.wheel(0, 600)
        await p.wait_for_function("() => scrollY > 0")
        scrolled = await rec.screenshot(p, full_page=False)               # the scroll
        ids = [first, whole, blurred, typed, focused, opened, scrolled]
        assert None not in ids and len(set(ids)) == len(ids), ids
        assert _shots(rec) == ids and rec.reused == 2, rec.missed


async def test_pages_whose_look_the_markup_does_not_hold_are_always_pictured(tmp_path, site):
    rec = EvidenceRecorder(tmp_path, "t", set())
    async with browser_page(viewport={"width": 1280, "height": 800}) as p:
        for path in ("/frame", "/canvas", "/shadow", "/token"):
            await p.goto(site.url(path))
            one = await rec.screenshot(p, full_page=False)
            if path == "/token":
                await p.reload()                        # the same URL, other text
            two = await rec.screenshot(p, full_page=False)
            assert one and two and one != two, path
        await p.goto(site.url("/gallery"), wait_until="domcontentloaded")
        before = await rec.screenshot(p, full_page=False)     # the picture still on its way
        await p.wait_for_function("() => document.getElementById('pic').complete")
        assert await rec.screenshot(p, full_page=False) != before    # the image has loaded
    assert rec.reused == 0


def test_a_finding_cites_each_piece_of_evidence_once():
    f = Findings("age_gate")
    obs = f.add("type", "none", evidence=["t-screenshot-001", "t-quote-002", "t-screenshot-001"])
    assert obs.evidence == ["t-screenshot-001", "t-quote-002"]


async def test_the_marks_our_own_scans_leave_do_not_change_the_look(tmp_path, site):
    rec = EvidenceRecorder(tmp_path, "t", set())
    async with browser_page(viewport={"width": 1280, "height": 800}) as p:
        await p.goto(site.url("/form"))
        first = await rec.screenshot(p, full_page=False)
        await p.evaluate("() => document.querySelectorAll('button, input').forEach("
                         "(el, i) => el.setAttribute('data-osa-c', 'C' + i))")
        assert await rec.screenshot(p, full_page=False) == first
        await p.evaluate("() => document.querySelector('h1').setAttribute('data-x', '1')")
        assert await rec.screenshot(p, full_page=False) != first      # the page's own attribute
