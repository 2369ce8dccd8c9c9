"""What a whole-page screenshot holds, in a real browser: a page that fits in the window is the
window's capture (the cheap path), a taller page is captured whole down to its foot, and a page
that lies about the window's height cannot cut its own picture short."""

from __future__ import annotations

import io

import pytest
from PIL import Image
from sitekit import Site, browser_page, page

from auditor.evidence import EvidenceRecorder, blur_picture

pytestmark = pytest.mark.browser

SHORT = page("Help", "<h1>Help</h1><p>Ask in the forum.</p>")
TALL = page("Rules", """<h1>Rules</h1><div style="height:2300px">long rules</div>
<footer id="foot" style="height:100px;background:rgb(200,0,0)">Report abuse</footer>""")
LIAR = page("Rules", """<script>
Object.defineProperty(window, 'innerHeight', {get: () => 100000});
Object.defineProperty(window, 'outerHeight', {get: () => 100000});
</script><h1>Rules</h1><div style="height:1900px">long rules</div>
<footer style="height:100px;background:rgb(200,0,0)">Report abuse</footer>""")


async def _sizes(tmp_path, paths):
    rec = EvidenceRecorder(tmp_path, "t", set())
    out = []
    with Site({"/short": SHORT, "/tall": TALL, "/liar": LIAR}) as site:
        async with browser_page(viewport={"width": 1280, "height": 800}) as p:
            for path in paths:
                await p.goto(site.url(path))
                eid = await rec.screenshot(p)
                item = next(e for e in rec.items if e.evidence_id == eid)
                with Image.open(tmp_path / item.path) as img:
                    out.append((img.size, img.convert("RGB").getpixel((20, img.height - 40))))
    return out


async def test_a_page_that_fits_is_the_window_and_a_tall_one_is_whole(tmp_path):
    (short, _), (tall, foot), (liar, liar_foot) = await _sizes(tmp_path, ["/short", "/tall",
                                                                          "/liar"])
    assert short == (1280, 800)
    assert tall[0] == 1280 and tall[1] >= 2400
    assert foot[0] > 150 and foot[1] < 60               # the red footer is in the picture
    assert liar[1] >= 2000 and liar_foot[0] > 150       # the page's word for the window ignored


def test_a_blurred_picture_keeps_its_size_and_loses_its_detail():
    img = Image.new("RGB", (1280, 800), (255, 255, 255))
    for x in range(0, 1280, 8):                 # fine detail: text-like black strokes
        for y in range(0, 800):
            img.putpixel((x, y), (0, 0, 0))
    buf = io.BytesIO()
    img.save(buf, format="JPEG", quality=90)
    with Image.open(io.BytesIO(blur_picture(buf.getvalue()))) as out:
        assert out.size == (1280, 800)
        row = [sum(out.convert("RGB").getpixel((x, 400))) for x in range(100, 140)]
    assert max(row) - min(row) < 40             # the strokes are gone: an even grey
