"""The demo forum built from the shapes real forum software showed (``lanternboard``).

Registration linked only from the login page (which also hides a CAPTCHA-bearing registration
modal, while every page loads a CAPTCHA script); topics at forum-script addresses and profiles
addressed by id; report buttons for members only; private messages on for every member and never
shown to a visitor, except that the inbox address sends a visitor to log in.  First the shapes
themselves (over HTTP, and the hidden CAPTCHA in the browser), then the probes on them: one
visitor pass (no accounts, no forms) and one with the row's accounts, as the runner runs them.
"""

from __future__ import annotations

import asyncio
import re

import pytest
import pytest_asyncio
import sitekit

import probes
from auditor.demo import DemoWeb, load_truth, mapped_client
from auditor.model import Target
from auditor.secrets import load_secrets
from probes.captcha import captcha_seen

SID = "lanternboard"
needs_chromium = pytest.mark.skipif(not sitekit.have_chromium(), reason="no Chromium to drive")


@pytest.fixture(scope="module")
def web():
    with DemoWeb([SID]) as w:
        yield w


def _client(web, **kw):
    return mapped_client(web.host_map, **kw)


def _links(html: str) -> list[tuple[str, str]]:
    """(href, visible text) of every link."""
    return [(h, re.sub(r"<[^>]+>", "", t).strip())
            for h, t in re.findall(r'<a [^>]*href="([^"]*)"[^>]*>(.*?)</a>', html, re.S)]


def _log_in(web, who: str):
    persona = web.service(SID).personas[who]
    c = _client(web, follow_redirects=True)
    r = c.post(web.url(SID, "/login/"), data={"username": persona.username,
                                              "password": persona.password})
    assert r.status_code == 200 and "Log out" in r.text
    return c


# -- the shapes, over HTTP --------------------------------------------------------------------

def test_registration_is_linked_only_from_the_login_page(web):
    c = _client(web)
    for path in ("/", "/viewforum.php?f=4", "/viewtopic.php?t=14"):
        texts = [t.lower() for _h, t in _links(c.get(web.url(SID, path)).text)]
        assert "log in" in texts, path
        assert not [t for t in texts if "register" in t or "sign up" in t or "join" in t], path
    login = c.get(web.url(SID, "/login/")).text
    assert ("/register/", "Register") in _links(login) and "No account?" in login
    # the hidden quick-registration modal holds a CAPTCHA widget; the login form has none
    modal = re.search(r'<div id="quick-register"[^>]*>', login).group(0)
    assert "display:none" in modal
    assert login.index('id="login"') < login.index('id="quick-register"')
    assert 'class="captcha-widget g-recaptcha" data-sitekey=' in login
    form = login[login.index('id="login"'):login.index("</form>", login.index('id="login"'))]
    assert "captcha" not in form.lower()
    register = c.get(web.url(SID, "/register/")).text
    assert "g-recaptcha" not in register and "activation email" in register
    assert not re.search(r"birth|\bage\b", register, re.I)
    for path in ("/", "/login/", "/register/", "/viewtopic.php?t=11"):      # loaded everywhere
        assert "/assets/vendor/recaptcha/api.js" in c.get(web.url(SID, path)).text
    # phpBB's own registration address is not this board's
    assert c.get(web.url(SID, "/ucp.php?mode=register")).status_code == 404


def test_forum_script_topics_and_profiles_by_id(web):
    c = _client(web)
    topic = c.get(web.url(SID, "/viewtopic.php?t=14")).text
    assert ("/member/profile/8/", "kingfisher_kid_test") in _links(topic)
    profile = c.get(web.url(SID, "/member/profile/8/"))
    assert profile.status_code == 200 and "kingfisher_kid_test" in profile.text
    assert c.get(web.url(SID, "/member/profile/999/")).status_code == 404
    assert c.get(web.url(SID, "/viewtopic.php?t=999")).status_code == 404
    fresh = _client(web)
    home = fresh.get(web.url(SID, "/"))
    assert '<body id="phpbb"' in home.text
    assert any(k.startswith("phpbb3_") for k in fresh.cookies)     # a visitor's too


def test_report_controls_are_for_members_only(web):
    c = _client(web)
    visitor = c.get(web.url(SID, "/viewtopic.php?t=11")).text
    assert "report" not in visitor.lower()
    r = c.get(web.url(SID, "/report.php?p=101"))
    assert r.status_code == 302 and r.headers["location"].startswith("/login/")
    member = _log_in(web, "adult")
    topic = member.get(web.url(SID, "/viewtopic.php?t=11")).text
    assert topic.count("./report.php?p=") == 3                 # on every post
    form = member.get(web.url(SID, "/report.php?p=101")).text
    assert 'name="reason_id"' in form and "<textarea" in form


def test_private_messages_are_for_members_and_never_shown_to_visitors(web):
    c = _client(web)
    for path in ("/", "/viewtopic.php?t=17", "/member/profile/8/"):
        html = c.get(web.url(SID, path)).text.lower()
        assert "inbox" not in html and "private message" not in html, path
    r = c.get(web.url(SID, "/messages/inbox/"))
    assert r.status_code == 302 and r.headers["location"].startswith("/login/")
    assert c.get(web.url(SID, "/messages/")).status_code == 404
    assert c.get(web.url(SID, "/no-such-place/")).status_code == 404
    adult, child = _log_in(web, "adult"), _log_in(web, "child")
    assert "Send a private message" in adult.get(web.url(SID, "/member/profile/8/")).text
    assert "Inbox" in adult.get(web.url(SID, "/")).text
    settings = child.get(web.url(SID, "/member/settings/")).text.lower()
    form = settings[settings.index('action="/member/settings/"'):]
    assert "message" not in form[:form.index("</form>")]      # no messaging setting
    sent = adult.post(web.url(SID, "/messages/write/"),
                      data={"recipient": "kingfisher_kid_test", "message": "hello there"})
    assert "sent successfully" in sent.text
    assert "hello there" in child.get(web.url(SID, "/messages/inbox/")).text


@pytest.mark.browser
@needs_chromium
async def test_the_hidden_modal_holds_a_real_captcha(web, tmp_path):
    """The widget would be seen if the modal were shown: hidden, it is no CAPTCHA."""
    async with sitekit.shared_browser(web.host_map, screenshots=False) as shared:
        ctx = await shared.browser.new_context()
        try:
            page = await ctx.new_page()
            await page.goto(web.url(SID, "/login/"))
            await page.wait_for_selector(".g-recaptcha iframe", state="attached")
            assert await captcha_seen(page) is False
            await page.evaluate("document.getElementById('quick-register').style.display = "
                                "'block'")
            assert await captcha_seen(page) is True
        finally:
            await ctx.close()


# -- the probes on it, as the runner runs them ------------------------------------------------

def _target(web, *, members: bool) -> Target:
    svc = web.service(SID)
    return Target(id=SID, name=svc.name, url=svc.start_url, allow_forms=members,
                  accounts=svc.row["accounts"] if members else None)


PASSES = {"visitor": ("reporting", "signup", "messaging"),
          "members": ("reporting", "messaging")}


@pytest.fixture(scope="module")
def probed():
    """A demo web of its own for the probes (the tests above change the state of theirs)."""
    with DemoWeb([SID]) as w:
        yield w


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def runs(probed, tmp_path_factory):
    web = probed
    if not sitekit.have_chromium():
        pytest.skip("no Chromium to drive")
    tmp = tmp_path_factory.mktemp("lanternboard")
    secrets = load_secrets(web.write_secrets(tmp / "secrets.toml"))
    out: dict[str, dict] = {}
    async with sitekit.shared_browser(web.host_map, page_timeout=10,
                                      screenshots=False) as shared:
        async def one(name: str) -> None:
            members = name == "members"
            target = _target(web, members=members)
            personas = secrets.get(target.accounts) if members else None
            async with sitekit.probe_session(shared, target, tmp / name, personas) as session:
                obs = {o.signal: o for o in await probes.load("discovery").run(session)}
                for probe in PASSES[name]:
                    obs.update({o.signal: o for o in await probes.load(probe).run(session)})
            out[name] = {"obs": obs, "log": list(session.log), "evidence": session.evidence}
        await asyncio.gather(one("visitor"), one("members"))
    return out


def _value(run: dict, signal: str):
    return run["obs"][signal].value


@pytest.mark.browser
@needs_chromium
@pytest.mark.asyncio(loop_scope="module")
async def test_registration_found_through_the_login_page(runs):
    v = runs["visitor"]
    assert any("registration link is on the login page" in line for line in v["log"])
    assert _value(v, "signup.asks_age") is False
    assert _value(v, "signup.captcha") is False            # the script and the hidden modal
    assert _value(v, "signup.terms_acceptance") is True
    assert _value(v, "signup.email_verification") is True  # "We'll send an activation email"
    assert _value(v, "signup.underage_outcome") == "not_tested"


@pytest.mark.browser
@needs_chromium
@pytest.mark.asyncio(loop_scope="module")
async def test_a_visitor_without_a_report_control_is_a_finding(runs):
    v = runs["visitor"]
    assert _value(v, "reporting.item_control") is False
    assert _value(v, "reporting.logged_out") is False
    assert "no report control" in v["obs"]["reporting.logged_out"].note
    assert _value(v, "discovery.report_url") is None


@pytest.mark.browser
@needs_chromium
@pytest.mark.asyncio(loop_scope="module")
async def test_member_only_report_control_found_with_the_accounts(runs):
    m = runs["members"]
    assert _value(m, "reporting.item_control") is True
    assert "members only" in m["obs"]["reporting.item_control"].note
    assert _value(m, "reporting.logged_out") is False
    assert _value(m, "reporting.barrier") == "login"
    assert _value(m, "reporting.free_text") is True
    assert {"illegal", "harassment", "spam"} <= set(_value(m, "reporting.categories"))


@pytest.mark.browser
@needs_chromium
@pytest.mark.asyncio(loop_scope="module")
async def test_private_messages_seen_by_a_visitor_from_the_inbox_redirect(runs):
    v = runs["visitor"]
    dm = v["obs"]["messaging.dm_available"]
    assert dm.value is True
    assert dm.url.endswith("/messages/inbox/")              # the cue it rests on
    assert "/messages/inbox/ sends a visitor to log in" in _evidence_text(v, dm)
    assert _value(v, "messaging.visitor_sees_message_button") is False
    assert _value(v, "messaging.unknown_adult_can_dm_child") == "not_tested"


def _evidence_text(run: dict, obs) -> str:
    rec = run["evidence"]
    paths = {e.evidence_id: rec.run_dir / e.path for e in rec.items}
    return "\n".join(paths[i].read_text(encoding="utf-8") for i in obs.evidence)


@pytest.mark.browser
@needs_chromium
@pytest.mark.asyncio(loop_scope="module")
async def test_an_unknown_adult_can_message_the_child(runs, probed):
    m = runs["members"]
    dm = m["obs"]["messaging.unknown_adult_can_dm_child"]
    assert dm.value == "true" and "test-account evidence" in dm.note
    assert "captcha" not in dm.note.lower()                # logged in: no CAPTCHA claimed
    assert _value(m, "messaging.child_dm_default") == "everyone"
    for name in ("block_control", "mute_control", "report_in_conversation"):
        assert _value(m, f"messaging.{name}") is False, name
    truth = load_truth(SID)
    for key, want in truth["signals"].items():
        if key.startswith("messaging.") and key not in truth["known_limitations"]:
            assert _value(m, key) == (want if not isinstance(want, str) or want else None), key
    pms = probed.service(SID).app.state["pms"]
    to_child = [p for p in pms if p["to"] == "kingfisher_kid_test"]
    assert to_child and all(p["text"].startswith("[automated safety test") for p in to_child)


# -- the report of the whole demo sweep --------------------------------------------------------

@pytest.mark.browser
@pytest.mark.slow
def test_the_report_names_the_software_and_the_settings_that_close_gaps(demo_run):
    """The demo sweep (shared with tests/test_demo_agreement.py) recognises phpBB here, and the
    service's report page says which phpBB setting closes the visitor-reporting gap."""
    out, _code = demo_run
    page = (out / "report" / "services" / f"{SID}.html").read_text(encoding="utf-8")
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page))
    assert "Settings of phpBB that can close gaps" in text
    assert "Can report posts" in text and "Private messaging" in text
    assert "3.3.11" in text
