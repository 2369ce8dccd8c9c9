"""A key-page link that leads nowhere (a redirect loop, an HTTP error) is no such page."""

from __future__ import annotations

import pytest
import sitekit
from sitekit import Site, page
from werkzeug.utils import redirect
from werkzeug.wrappers import Response

from auditor.model import Target
from probes import discovery

pytestmark = pytest.mark.browser

FOOTER = ('<a href="/terms">Terms of Service</a> <a href="/privacy">Privacy</a> '
          '<a href="/report-abuse">Report abuse</a> <a href="/contact">Contact us</a>')


def _routes():
    return {
        "/": page("Shop", "<h1>Welcome</h1><p>Our shop.</p>", FOOTER),
        "/terms": page("Terms of Service", "<h1>Terms of Service</h1><p>You must be 13.</p>"),
        "/privacy": lambda req: Response("<h1>Gone</h1>", status=410, mimetype="text/html"),
        "/report-abuse": lambda req: redirect("/report-abuse/next"),
        "/report-abuse/next": lambda req: redirect("/report-abuse"),
        "/contact": page("Contact us", "<h1>Contact us</h1><p>Write to us.</p>"),
    }


async def test_broken_key_page_links_are_not_key_pages(tmp_path):
    with Site(_routes()) as site:
        target = Target("shop", "Shop", site.url("/"))
        async with sitekit.shared_browser() as shared:
            async with sitekit.probe_session(shared, target, tmp_path) as session:
                found = {o.signal: o for o in await discovery.run(session)}
                key_pages = dict(session.sitemap.key_pages)
                kept = {e.evidence_id: e for e in session.evidence.items}
        contact_hits = site.hits_for(path="/contact")
    assert found["discovery.terms_url"].value == site.url("/terms")
    assert found["discovery.contact_url"].value == site.url("/contact")
    assert found["discovery.terms_url"].evidence          # the key page's screenshot is cited
    assert [kept[e].kind for e in found["discovery.terms_url"].evidence] == ["screenshot"]
    # no verdict cites a picture of the contact page: it is read once, over HTTP, and a copy of
    # its text is its evidence
    assert len(contact_hits) == 1
    [copy] = [kept[e] for e in found["discovery.contact_url"].evidence]
    assert (copy.kind, copy.read_via, copy.url) == ("text", "http", site.url("/contact"))
    assert "Write to us." in (tmp_path / copy.path).read_text()
    report, privacy = found["discovery.report_url"], found["discovery.privacy_url"]
    assert report.value is None and "TOO_MANY_REDIRECTS" in report.note
    assert report.note.startswith("not_found: the link to ")
    assert privacy.value is None and "HTTP 410" in privacy.note
    assert "report" not in key_pages and "privacy" not in key_pages   # later probes skip them
