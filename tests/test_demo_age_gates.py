"""The demo web's Red Lamp (``auditor.demo.services.redlamp``): the age-gate shapes real gate
code taught the age_gate probe (issue 13), kept in the demo so that CI guards them.

* the feed: a date-of-birth modal in digit boxes that the app script lays over content already
  served (``content_behind_gate`` true, ``holds_without_js`` false), an under-age answer
  remembered (a sorry page on return);
* a creator's vault: a provider SDK hand-off recognised by the global its SDK defines, from a
  vendor bundle whose path names no provider;
* the shop: a year-of-birth question alone (``dob_entry``, not self-declaration).

The pages themselves are checked first (over HTTP, and in a browser with scripting on and off),
so that a change to the demo that loses a shape fails here rather than passing unnoticed; then
the probe is run on each entry URL.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest
import sitekit

import probes
from auditor import signals
from auditor.demo import DemoWeb, load_truth, mapped_async_client
from auditor.demo.kit import TODAY
from auditor.demo.services import redlamp
from auditor.model import Target
from probes.age_providers import load as load_providers

needs_browser = pytest.mark.skipif(not sitekit.have_chromium(), reason="no Chromium to drive")
FEED = f"http://{redlamp.HOST}/"
VAULT = f"http://{redlamp.HOST}/creators/ivy-rose/vault"
SHOP = f"http://{redlamp.SHOP}/"
MINOR = {"Cookie": "rl_age=minor"}


@pytest.fixture(scope="module")
def web():
    with DemoWeb(services=["redlamp"]) as w:
        yield w


@dataclass
class Audit:
    obs: dict

    def __getitem__(self, name: str):
        return self.obs[name].value

    def note(self, name: str) -> str:
        return self.obs[name].note


async def audit(web: DemoWeb, url: str, tmp_path: Path, extra_domains=()) -> Audit:
    """Discovery, then the age_gate probe, on ``url`` (politeness 0.05 s; the demo's day)."""
    out: dict = {}
    async with sitekit.shared_browser(web.host_map, today=TODAY) as shared:
        target = Target("t", "T", url, extra_domains=tuple(extra_domains))
        async with sitekit.probe_session(shared, target, tmp_path) as session:
            for name in ("discovery", "age_gate"):
                for o in await probes.load(name).run(session):
                    signals.check(o.signal, o.value)
                    out[o.signal] = o
    return Audit(out)


def _wrong(a: Audit, expected: dict) -> dict:
    wrong = {}
    for name, want in expected.items():
        got = a[name]
        if isinstance(want, list):
            got, want = sorted(got or []), sorted(want)
        if signals.to_cell(got) != signals.to_cell(want):     # "" in a truth file: no value
            wrong[name] = (got, want, a.note(name))
    return wrong


def _sdk_provider() -> str:
    """The providers table's name for the SDK whose global the vendor bundle defines."""
    found = load_providers().by_marks({"globals": ["veriffSDK"]})
    assert len(found) == 1
    return found[0].domains[0]


# -- the pages --------------------------------------------------------------------------------

async def test_pages_over_http(web):
    async with mapped_async_client(web.host_map) as client:
        feed = (await client.get(FEED)).text
        # the content is served whole; the gate is nowhere in the HTML, only the app bundle
        assert feed.count('alt="placeholder image"') == len(redlamp.POSTS)
        assert "Golden hour, part two" in feed and "Before you come in" not in feed
        assert f'src="{redlamp.APP_JS}" defer' in feed
        app = (await client.get(f"http://{redlamp.HOST}{redlamp.APP_JS}")).text
        assert app.count('maxlength: "1"') == 1 and '"D", 2' in app and '"Y", 4' in app
        cfg = (await client.get(f"http://{redlamp.HOST}/api/site-config")).json()
        assert cfg == {"min_age": 18, "today": TODAY.isoformat(),
                       "features": {"likes": True, "vault": True}}
        # an under-age answer is a cookie: every page of the feed then sends to the sorry page
        for path in ("/", "/posts/1041", "/creators/mara-lux", "/creators/mara-lux/vault"):
            r = await client.get(f"http://{redlamp.HOST}{path}", headers=MINOR)
            assert (r.status_code, r.headers["location"]) == (302, "/sorry"), path
        sorry = (await client.get(f"http://{redlamp.HOST}/sorry")).text
        assert "You must be 18 or over" in sorry
        assert (await client.get(f"http://{redlamp.HOST}/terms", headers=MINOR)).status_code \
            == 200
        # the vault: a server-drawn box, the SDK in a vendor bundle that names no provider
        vault = (await client.get(VAULT)).text
        assert 'id="vault-check"' in vault and "Verify my age" in vault
        scripts = re.findall(r'<script src="([^"]+)"', vault)
        assert redlamp.VENDOR_JS in scripts
        assert all(load_providers().by_script(f"http://{redlamp.HOST}{s}") is None
                   for s in scripts)
        vendor = (await client.get(f"http://{redlamp.HOST}{redlamp.VENDOR_JS}")).text
        assert "w.veriffSDK = " in vendor and "http" not in vendor.split("*/", 1)[1]
        # the shop: its own gate app, a year-of-birth select only
        shop = (await client.get(SHOP)).text
        assert 'role="alertdialog"' in shop and "Year of birth" in shop and " hidden>" in shop
        assert "day" not in shop.lower().split('id="age-check"')[1].split("</div>")[0]


@pytest.mark.browser
@needs_browser
async def test_feed_gate_in_a_browser(web):
    """Scripting on: the modal comes after the settings request, eight transparent one-digit
    fields drawn by boxes; an under-age date sends to the sorry page and is remembered; an
    adult date opens the feed for the session.  Scripting off: no modal, the feed is read."""
    from playwright.async_api import async_playwright

    from auditor.browser import launch

    async with async_playwright() as pw:
        browser, _ = await launch(pw, host_map=web.host_map)
        try:
            off = await browser.new_context(java_script_enabled=False)
            p0 = await off.new_page()
            await p0.goto(FEED)
            assert await p0.locator(".rl-gate").count() == 0
            assert await p0.get_by_text("Shot in the last ten minutes").is_visible()
            await off.close()

            ctx = await browser.new_context()
            page = await ctx.new_page()
            await page.goto(FEED)
            gate = page.get_by_role("dialog", name="Before you come in")
            await gate.wait_for(timeout=5000)
            boxes = gate.locator("input")
            assert await boxes.count() == 8
            # transparent fields: what shows is the box around each, with its letter
            assert await boxes.first.evaluate("e => getComputedStyle(e).opacity") == "0"
            assert await gate.locator(".rl-digit i").all_inner_texts() == list("DDMMYYYY")
            assert [await b.get_attribute("maxlength") for b in await boxes.all()] == ["1"] * 8
            # a visitor types digits; each box moves on to the next
            await boxes.first.click(force=True)
            await page.keyboard.type("0103" + str(TODAY.year - 15))
            assert [await b.input_value() for b in await boxes.all()] == \
                list("0103" + str(TODAY.year - 15))
            await gate.get_by_role("button", name="Enter").click()
            await page.wait_for_url(f"http://{redlamp.HOST}/sorry")
            await page.goto(f"http://{redlamp.HOST}/posts/1042")
            assert page.url == f"http://{redlamp.HOST}/sorry"
            cookie = next(c for c in await ctx.cookies() if c["name"] == "rl_age")
            assert cookie["value"] == "minor" and cookie["expires"] > 0
            await ctx.close()

            ctx = await browser.new_context()
            page = await ctx.new_page()
            await page.goto(FEED)
            gate = page.get_by_role("dialog", name="Before you come in")
            await gate.wait_for(timeout=5000)
            await gate.locator("input").first.click(force=True)
            await page.keyboard.type("0103" + str(TODAY.year - 30))
            await gate.get_by_role("button", name="Enter").click()
            await gate.wait_for(state="detached", timeout=3000)
            cookie = next(c for c in await ctx.cookies() if c["name"] == "rl_age")
            assert cookie["value"] == "adult" and cookie["expires"] == -1   # the session only
            await page.goto(f"http://{redlamp.HOST}/posts/1042")
            await page.wait_for_timeout(800)
            assert await page.locator(".rl-gate").count() == 0
            await ctx.close()
        finally:
            await browser.close()


# -- the probe on each entry URL ---------------------------------------------------------------

@pytest.mark.browser
@needs_browser
async def test_probe_on_the_feed_agrees_with_truth(web, tmp_path):
    """The whole site from its start URL (the shop in scope, as its target row has it): every
    age_gate signal of the truth file; the under-age date typed one digit per box stays in the
    browser and is remembered."""
    web.clear_log()
    svc = web.service("redlamp")
    a = await audit(web, svc.start_url, tmp_path, extra_domains=[redlamp.SHOP])
    truth = load_truth("redlamp")
    expected = {k: v for k, v in truth["signals"].items() if k.startswith("age_gate.")}
    expected["age_gate.providers"] = [_sdk_provider()]
    assert not _wrong(a, expected), _wrong(a, expected)
    log = web.requests()
    assert any(r.path == "/sorry" for r in log)        # the under-age answer was taken
    assert not [r for r in log if r.method != "GET"]
    assert not [r for r in log if re.search(r"(19|20)\d\d", r.query or "")]
    assert not any(r.path == "/api/age-check/session" for r in log)   # never started the SDK


@pytest.mark.browser
@needs_browser
async def test_probe_on_a_vault_sees_the_provider_handoff(web, tmp_path):
    """A "Verify my age" box whose button starts a provider SDK (recognised by its global)
    is a third-party gate, though the probe never presses it; the box is served, so it holds
    without scripting."""
    web.clear_log()
    a = await audit(web, VAULT, tmp_path)
    assert (a["age_gate.type"], a.note("age_gate.type")) == \
        ("third_party", f"overlay at {VAULT}")
    assert not _wrong(a, {"age_gate.providers": [_sdk_provider()],
                          "age_gate.methods": ["photo_id_liveness", "dob_entry"],
                          "age_gate.holds_without_js": True,
                          "age_gate.dismissible": False,
                          "age_gate.bypass_deep_url": False,
                          "age_gate.underage_remembered": None})
    assert a["age_gate.types"][0] == "third_party"
    log = web.requests()
    assert not any(r.path in ("/api/age-check/session", "/age-check/offline") for r in log)
    assert not [r for r in log if r.method != "GET"]


@pytest.mark.browser
@needs_browser
async def test_probe_on_the_shop_reads_a_year_of_birth(web, tmp_path):
    """One "Year of birth" select in a script-shown alertdialog is date-of-birth entry; the
    products are in the page under it and show without scripting; an under-age year is not
    remembered (the question stays)."""
    web.clear_log()
    a = await audit(web, SHOP, tmp_path)
    assert not _wrong(a, {"age_gate.type": "dob_entry", "age_gate.types": ["dob_entry"],
                          "age_gate.methods": ["dob_entry"], "age_gate.providers": [],
                          "age_gate.content_behind_gate": True,
                          "age_gate.holds_without_js": False,
                          "age_gate.bypass_deep_url": False,
                          "age_gate.underage_remembered": False,
                          "age_gate.dismissible": False})
    assert not [r for r in web.requests() if r.method != "GET"]
