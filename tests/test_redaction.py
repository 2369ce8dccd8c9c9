"""Screenshots of adult pages are blurred before they are written, whichever probe takes them;
ordinary pages (terms that merely forbid pornography included) stay readable."""

from __future__ import annotations

import hashlib

import pytest
from sitekit import Site, browser_page, page

from auditor.evidence import EvidenceRecorder
from auditor.model import Observation, Target
from auditor.redaction import adult_reason

pytestmark = pytest.mark.browser

FORUM_TERMS = page("Terms of Service - Quiet Forum", """
<h1>Terms of Service</h1>
<h2>Pornography and sexual content</h2>
<p>Pornography, sexually explicit material and adult content are not allowed anywhere on the
forum. Posts that break this rule are removed.</p>""")
ADULT_BOARD = page("/x/ - Pinechan", """
<div class="nsfw-banner">This board contains adult content. You should be 18 or older.</div>
<h1>/x/ - Adult</h1><div style="height:300px;background:#c88">placeholder image</div>""")
GATE = page("Velvet Room", """
<div style="position:fixed;inset:0;background:#000c"><p>Only enter if you are 18 or older.</p>
<button>I am 18 or older &mdash; Enter</button></div><div>placeholder grid</div>""")
RATED = ('<html><head><title>Clips</title>'
         '<meta name="rating" content="RTA-5042-1996-1400-1577-RTA">'
         "</head><body><p>welcome</p></body></html>")
PLAIN = page("About us", "<h1>About</h1><p>We are a small team.</p>")


def _blurred(rec: EvidenceRecorder, eid: str) -> bool:
    item = next(e for e in rec.items if e.evidence_id == eid)
    data = (rec.run_dir / item.path).read_bytes()
    assert item.sha256 == hashlib.sha256(data).hexdigest()
    return item.sha256 != item.original_sha256


async def _shots(tmp_path, paths, target_id="t", adult=""):
    routes = {"/terms": FORUM_TERMS, "/x/": ADULT_BOARD, "/gate": GATE, "/rated": RATED,
              "/about": PLAIN}
    rec = EvidenceRecorder(tmp_path, target_id, set(), adult=adult)
    out = []
    with Site(routes) as site:
        async with browser_page() as p:
            for path in paths:
                await p.goto(site.url(path))
                out.append(await rec.screenshot(p, full_page=False))
    assert None not in out, rec.missed          # a picture not taken says why
    return rec, out


async def test_terms_that_forbid_pornography_stay_readable(tmp_path):
    rec, (terms, about) = await _shots(tmp_path, ["/terms", "/about"])
    assert not _blurred(rec, terms) and not _blurred(rec, about)
    assert rec.adult == ""
    for e in rec.items:                       # JPEG: cheaper for Chromium to encode than PNG
        assert e.path.endswith(".jpg") and (tmp_path / e.path).read_bytes()[:3] == b"\xff\xd8\xff"


@pytest.mark.parametrize("path", ["/x/", "/gate", "/rated"])
async def test_adult_pages_are_blurred_and_mark_the_target(tmp_path, path):
    rec, (adult, later) = await _shots(tmp_path, [path, "/about"])
    assert _blurred(rec, adult)
    assert rec.adult                       # sticky: the next page of the target is blurred too
    assert _blurred(rec, later)
    thumb = next(e for e in rec.items if e.evidence_id == f"{adult}-thumb")
    assert (tmp_path / thumb.path).exists()


async def test_a_target_the_list_calls_adult_is_blurred_from_the_first_picture(tmp_path):
    why = adult_reason(Target("v", "V", "http://v.test/", service_kind="adult"), ())
    rec, (about,) = await _shots(tmp_path, ["/about"], adult=why)
    assert _blurred(rec, about)


async def test_pictures_taken_before_the_service_was_known_adult_are_blurred_after(tmp_path):
    rec, (about, terms) = await _shots(tmp_path, ["/about", "/terms"])
    assert not _blurred(rec, about)
    obs = [Observation("profile", "profile.adult_content", True)]
    why = adult_reason(Target("t", "T", "http://t.test/"), obs)
    assert "adult content" in why
    assert rec.redact_taken(why) == 2
    assert _blurred(rec, about) and _blurred(rec, terms)
    thumb = next(e for e in rec.items if e.evidence_id == f"{about}-thumb")
    assert thumb.sha256 == hashlib.sha256((tmp_path / thumb.path).read_bytes()).hexdigest()
    assert rec.redact_taken(why) == 0        # nothing blurred twice


@pytest.mark.parametrize("signal,value,adult", [
    ("age_gate.type", "self_declaration", True), ("age_gate.type", "login_wall", False),
    ("terms.adult_content_allowed", True, True), ("terms.adult_content_allowed", False, False),
    ("profile.functionalities", ["comments", "adult_section"], True),
    ("profile.functionalities", ["comments"], False), ("profile.service_kind", "adult", True),
])
def test_what_says_a_service_is_adult(signal, value, adult):
    why = adult_reason(Target("t", "T", "http://t.test/"),
                       [Observation(signal.split(".")[0], signal, value)])
    assert bool(why) is adult
