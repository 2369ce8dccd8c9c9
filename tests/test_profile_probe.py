"""The profile probe: cue functions on saved pages, and every demo service through a real
Session built as the runner builds it."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
import pytest_asyncio
import sitekit

from auditor import signals
from auditor.demo import DemoWeb, load_truth
from auditor.demo.services import ALL
from auditor.model import Target
from probes.profile_cues import (
    age_cues,
    dm_cues,
    functionality_cues,
    profile_name,
    profile_prefix,
    regime,
    service_kind,
    uk_cues,
    whole_site_adult,
)
from probes.profile_read import view_from_html

PAGES = Path(__file__).parent / "pages" / "profile"




needs_chromium = pytest.mark.skipif(not sitekit.have_chromium(), reason="no Chromium to drive")


def page(name: str, kind: str, url: str | None = None):
    return view_from_html((PAGES / f"{name}.html").read_text(encoding="utf-8"),
                          url or f"http://site.test/{name}", kind=kind)


def names(cues) -> set[str]:
    return {c.name for c in cues}


# -- reading pages ---------------------------------------------------------------------------

def test_html_reader_labels_regions_forms_sections():
    v = page("forum_thread", "content")
    report = next(c for c in v.controls if c.label == "Report post by lampwick")
    assert report.is_button and v.form_of(report).action == "http://site.test/report"
    follow_us = next(c for c in v.controls if c.label == "Follow us")
    assert follow_us.region == "footer"
    assert next(c for c in v.controls if c.label == "Search").region == "nav"
    sec = next(s for s in v.sections if s.heading == "More from the board")
    assert "http://site.test/members/dawnchorus" in sec.links
    assert v.lang == "en-GB" and v.title.startswith("How do you sleep")


def test_profile_urls():
    assert profile_name("http://x.test/u/marlow") == "marlow"
    assert profile_name("http://x.test/members/lamp.wick/") == "lamp.wick"
    assert profile_name("http://x.test/@ellie") == "ellie"
    assert profile_name("http://x.test/channel/studio-a") == "studio-a"
    assert profile_name("http://x.test/index.php/User:KidKim") == "KidKim"   # a wiki's user page
    assert profile_name("http://x.test/wiki/User:Bob") == "Bob"
    assert profile_name("http://x.test/w/index.php/User:Bob") == "Bob"     # a script path
    for not_profile in ("http://x.test/u/marlow/followers", "http://x.test/users/new",
                        "http://x.test/members", "http://x.test/thread/101",
                        "http://x.test/people/search"):
        assert profile_name(not_profile) is None, not_profile
    assert profile_prefix("http://x.test/members/lampwick") == "http://x.test/members/{}"
    assert profile_prefix("http://x.test/@ellie").format("bee") == "http://x.test/@bee"


# -- functionalities -------------------------------------------------------------------------

def test_forum_page():
    found = names(functionality_cues(page("forum_thread", "content")))
    assert found == {"profiles", "search", "comments"}
    member = functionality_cues(page("forum_member", "profile"))
    assert "no_dm" in names(member) and "dm" not in names(member)   # "has no private messages"


def test_a_topics_replies_headed_re_are_comments():
    # the topic list shows replies only as a count in a column; the topic page shows them
    v = page("forum_topic_replies", "content")
    cues = [c for c in functionality_cues(v) if c.name == "comments"]
    assert cues and '1 reply headed "Re: Which multimeter first?' in cues[0].why
    # the opening post alone (its subject is not "Re: ...") is no reply
    v.headings = [h for h in v.headings if not h.text.startswith("Re:")]
    assert "comments" not in names(functionality_cues(v))


def test_a_wikis_discussion_page_is_comments_its_edit_form_anonymous_posting():
    url = "http://wiki.test/w/index.php/Hedgehog_houses"
    article = functionality_cues(page("wiki_article", "content", url))
    talk = [c for c in article if c.name == "comments"]
    assert talk and "Talk:Hedgehog_houses" in talk[0].why       # not the visitor's own "Talk"
    assert "anonymous_posting" not in names(article)            # an "Edit" link alone is not
    edit = names(functionality_cues(page(
        "wiki_edit", "write", "http://wiki.test/w/index.php?title=Hedgehog_houses&action=edit")))
    assert "anonymous_posting" in edit
    history = functionality_cues(page("wiki_history", "history",
                                      "http://wiki.test/w/index.php/Special:RecentChanges"))
    who = [c for c in history if c.name == "profiles"]
    assert who and who[0].why.endswith("/w/index.php/User:Bramble")   # not the missing page


def test_contact_form_is_not_a_message_button():
    v = page("forum_member", "profile")
    pos, neg = dm_cues(v)
    assert not pos and neg


def test_social_profile():
    found = names(functionality_cues(page("social_profile", "profile",
                                          "http://buzz.test/u/marlow")))
    assert {"profiles", "connections", "dm", "suggestions", "comments", "search"} <= found
    assert "connection_lists" not in found          # counts only; the lists are behind links
    assert not {"file_upload", "anonymous_posting", "adult_section"} & found


def test_chat_directory_and_profile():
    d = page("chat_directory", "directory")
    assert {"dm", "group_chat", "profiles", "search", "suggestions"} <= names(
        functionality_cues(d))
    assert age_cues(d), "a card reading 'Ellie, 14' shows an age"
    p = page("chat_profile", "profile", "http://talk.test/u/ellie")
    found = names(functionality_cues(p))
    assert {"connection_lists", "connections", "dm"} <= found
    whys = " ".join(c.why for c in age_cues(p))
    assert "Ellie 14" in whys


def test_help_page_describes_features():
    found = names(functionality_cues(page("help_messages", "help")))
    assert {"dm", "group_chat", "suggestions", "feed", "livestream"} <= found


def test_file_host():
    found = names(functionality_cues(page("filehost_home", "home")))
    assert found == {"file_upload", "anonymous_posting"}      # not image or video sharing


def test_image_board_with_adult_board():
    v = page("imageboard", "home")
    found = names(functionality_cues(v))
    assert found == {"image_sharing", "anonymous_posting", "comments", "adult_section"}
    assert not whole_site_adult(v)                            # a section, not the whole site


def test_adult_site_behind_a_gate():
    v = page("adult_gate", "home")
    assert whole_site_adult(v)
    assert {"video_sharing", "search", "profiles"} <= names(functionality_cues(v))
    assert "adult_section" not in names(functionality_cues(v))


def test_a_blogs_comment_form_is_for_posting_not_contact():
    """A blog's comment form says "Your email address will not be published": it is still a
    comment form (open to visitors), not a contact form."""
    v = page("blog_post_comments", "content")
    assert {"comments", "anonymous_posting"} <= names(functionality_cues(v))


def test_search_engine():
    v = page("search_engine", "home")
    assert names(functionality_cues(v)) == {"search"}
    assert not whole_site_adult(v)          # "filters pornography" is not adult content
    kind, _ = service_kind({"search"}, [v], adult_site=False, service_text="")
    assert kind == "search"
    assert regime({"search"}, "search") == ["search"]


def test_service_kinds():
    forum = page("forum_thread", "home")
    assert service_kind({"profiles", "comments"}, [forum], adult_site=False,
                        service_text="")[0] == "forum"
    chat = page("chat_directory", "home")
    assert service_kind({"profiles", "dm", "group_chat"}, [chat], adult_site=False,
                        service_text="")[0] == "chat"
    files = page("filehost_home", "home")
    assert service_kind({"file_upload", "anonymous_posting"}, [files], adult_site=False,
                        service_text="")[0] == "file_sharing"
    social = page("social_profile", "home")
    assert service_kind({"profiles", "connections", "feed"}, [social], adult_site=False,
                        service_text="")[0] == "social"
    assert service_kind(set(), [], adult_site=True, service_text="")[0] == "adult"
    assert service_kind(set(), [], adult_site=False, service_text="")[0] == "other"
    assert regime({"profiles", "video_sharing"}, "adult") == ["u2u", "part5"]
    assert regime({"file_upload"}, "file_sharing") == ["u2u"]
    assert regime(set(), "chat") == ["u2u"]        # a walled chat client shows a visitor nothing
    assert regime(set(), "other") == []


# -- UK links --------------------------------------------------------------------------------

def test_uk_links_address_phone_and_helplines():
    v = page("contact_uk", "contact")
    cues = {c.name: c for c in uk_cues(v)}
    assert set(cues) == {"uk_address", "uk_phone", "en_gb"}
    assert "01947 600 123" in cues["uk_phone"].why          # not Childline, not Samaritans
    assert "YO21 3PA" in cues["uk_address"].why


def test_uk_links_prices_and_street_address():
    cues = names(uk_cues(page("filehost_home", "home")))
    assert cues == {"gbp_prices", "uk_address", "en_gb"}
    plain = view_from_html("<html lang='en'><body><p>Plans from $4.99. Box 12, Cyprus.</p>"
                           "<p>Ticket AB1 2CD done.</p></body></html>", "http://x.test/")
    assert not uk_cues(plain)


def test_uk_domain_uses_the_bundled_suffix_list():
    from probes.profile import _uk_suffix, uk_domain

    class _S:
        sitemap = None

        def __init__(self, url):
            self.target = Target(id="t", name="t", url=url)

    assert uk_domain(_S("https://shop.example.org.uk/")) is not None
    # the list's other .uk registries, by their suffixes alone (no host anybody runs)
    assert [_uk_suffix(s) for s in ("co.uk", "me.uk", "ltd.uk")] == ["co.uk", "me.uk", "ltd.uk"]
    assert _uk_suffix("com") is None
    assert uk_domain(_S("https://ukraine-news.example.com/")) is None
    assert uk_domain(_S("http://app.hive.test/")) is None


def test_uk_domain_counts_the_extra_domains():
    from probes.profile import uk_domain

    class _S:
        sitemap = None

        def __init__(self, url, extra):
            self.target = Target(id="t", name="t", url=url, extra_domains=extra)

    cue = uk_domain(_S("https://www.example.com/", ("cdn.example.net", "help.example.org.uk")))
    assert cue is not None and "help.example.org.uk" in cue.why
    assert uk_domain(_S("https://www.example.com/", ("https://shop.example.org.uk/x",)))
    assert uk_domain(_S("https://www.example.com/", ("cdn.example.net", "ukcdn.com"))) is None


def test_content_behind_an_age_check_is_not_an_empty_service():
    from probes.profile import age_gate_cue
    from probes.profile_survey import Survey

    home = page("adult_thirdparty", "home", url="http://ember.test/")
    gate = age_gate_cue(Survey(views=[home]))
    assert gate is not None and "Verify my age" in gate.why
    video = view_from_html("<main><h1>Video 3</h1></main>", "http://ember.test/video/3",
                           kind="content")
    assert age_gate_cue(Survey(views=[home, video])) is None        # the content was seen
    forum = page("forum_thread", "home")
    assert age_gate_cue(Survey(views=[forum])) is None


# -- every demo service, as the runner runs it ------------------------------------------------

async def _audit_all(web: DemoWeb, tmp: Path) -> dict[str, dict]:
    import probes.discovery
    import probes.profile

    out: dict[str, dict] = {}
    async with sitekit.shared_browser(web.host_map, page_timeout=10, screenshots=False) as shared:
        queue = [s.id for s in web.services]

        async def worker():
            while queue:
                sid = queue.pop(0)
                svc = web.service(sid)
                target = Target(id=sid, name=svc.name, url=svc.start_url,
                                extra_domains=tuple(x for x in svc.row.get("extra_domains", "")
                                                    .split(";") if x))
                async with sitekit.probe_session(shared, target, tmp / sid) as session:
                    await probes.discovery.run(session)
                    sm = session.sitemap
                    if sm.wall:
                        out[sid] = {"outcome": sm.wall}
                        continue
                    obs = await probes.profile.run(session)
                    out[sid] = {o.name: o for o in obs}

        await asyncio.gather(worker(), worker())
    return out


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def audited(demo, tmp_path_factory):
    if not sitekit.have_chromium():
        pytest.skip("no Chromium to drive")
    return await _audit_all(demo, tmp_path_factory.mktemp("profile"))


@pytest.mark.browser
@needs_chromium
@pytest.mark.asyncio(loop_scope="module")
@pytest.mark.parametrize("sid", ALL)
async def test_demo_service_profile(audited, sid):
    truth = load_truth(sid)
    got = audited[sid]
    if truth["outcome"] != "ok":
        assert got == {"outcome": truth["outcome"]}
        return
    for obs in got.values():
        signals.check(obs.signal, obs.value)
    assert set(got) == {s.split(".", 1)[1] for s in signals.signals_of("profile")}
    expected = truth["signals"]
    if "profile.functionalities" in expected and \
            "profile.functionalities" not in truth["known_limitations"]:
        assert sorted(got["functionalities"].value) == sorted(
            expected["profile.functionalities"]), got["functionalities"].evidence
    for name in ("service_kind", "adult_content", "ages_on_profiles", "suggestion_reports"):
        key = f"profile.{name}"
        if key in expected and key not in truth["known_limitations"]:
            assert got[name].value == expected[key], (name, got[name].note)
    for name in ("uk_links", "regime"):
        key = f"profile.{name}"
        if key in expected and key not in truth["known_limitations"]:
            assert sorted(got[name].value) == sorted(expected[key]), (name, got[name].note)


@pytest.mark.browser
@needs_chromium
@pytest.mark.asyncio(loop_scope="module")
async def test_content_behind_a_third_party_age_check_is_said(audited):
    """Lustre hands every visitor to an age-assurance provider before any content: the list
    of functionalities says it was read in front of the gate, with low confidence."""
    funcs = audited["lustre"]["functionalities"]
    assert funcs.note.startswith("age_gate: content behind an age check not observed")
    assert "Verify my age" in funcs.note and funcs.confidence <= 0.3
    assert audited["lustre"]["ages_on_profiles"].note.startswith("age_gate")
    for sid in ("velvetroom", "quietforum", "hive"):       # content seen: no such note
        assert not audited[sid]["functionalities"].note.startswith("age_gate"), sid


ADULT_HOME = sitekit.page("Velvet Lounge", "<h1>Adult videos</h1><p>Explicit content for adults "
                          "only. You must be 18 or over to enter.</p><a href='/videos'>Videos</a>",
                          "<a href='/terms'>Terms</a>")


async def _profile_with_failing_home(tmp_path, monkeypatch, failures: int) -> dict:
    import probes.discovery
    import probes.profile
    import probes.profile_survey as survey_mod

    real, calls = survey_mod.read_page, []

    async def flaky(page, *, kind="", status=0):
        if kind == "home":
            calls.append(kind)
            if len(calls) <= failures:
                raise RuntimeError("the renderer was too busy to answer")
        return await real(page, kind=kind, status=status)

    monkeypatch.setattr(survey_mod, "read_page", flaky)
    routes = {"/": ADULT_HOME, "/terms": sitekit.page("Terms", "<p>Adults only.</p>")}
    with sitekit.Site(hosts={"lounge.test": routes}) as site:
        async with sitekit.shared_browser(site.host_map, screenshots=False) as shared:
            target = Target("lounge", "Lounge", "http://lounge.test/")
            async with sitekit.probe_session(shared, target, tmp_path) as session:
                await probes.discovery.run(session)
                return {o.name: o for o in await probes.profile.run(session)}


@pytest.mark.browser
@needs_chromium
async def test_a_home_page_that_fails_once_is_read_again(tmp_path, monkeypatch):
    got = await _profile_with_failing_home(tmp_path, monkeypatch, failures=1)
    assert got["adult_content"].value is True
    assert got["service_kind"].value == "adult"


@pytest.mark.browser
@needs_chromium
async def test_without_the_home_page_the_profile_says_so_and_claims_little(tmp_path,
                                                                            monkeypatch):
    got = await _profile_with_failing_home(tmp_path, monkeypatch, failures=99)
    adult = got["adult_content"]
    assert adult.value is False and adult.confidence <= 0.3
    assert adult.note.startswith("error: home page not read (RuntimeError)")
    assert got["service_kind"].note.startswith("error: home page not read")
    assert got["service_kind"].confidence <= 0.3
    assert "the list may be incomplete" in got["functionalities"].note


@pytest.mark.browser
@needs_chromium
async def test_the_target_lists_service_kind_wins_and_the_inference_is_kept(demo, tmp_path):
    """CONTRACT.md: an empty ``service_kind`` cell means infer it; a given one is the analyst's
    word.  The chat service given as a forum is recorded as a forum, and the note says what the
    pages read as."""
    import probes.discovery
    import probes.profile

    svc = demo.service("chatspot")
    target = Target(id="chatspot", name=svc.name, url=svc.start_url, service_kind="forum",
                    extra_domains=tuple(x for x in svc.row.get("extra_domains", "").split(";")
                                        if x))
    async with sitekit.shared_browser(demo.host_map, page_timeout=10,
                                      screenshots=False) as shared:
        async with sitekit.probe_session(shared, target, tmp_path) as session:
            await probes.discovery.run(session)
            obs = {o.name: o for o in await probes.profile.run(session)}
    assert obs["service_kind"].value == "forum"
    assert "given by the target list" in obs["service_kind"].note
    assert "the pages read as chat" in obs["service_kind"].note


# -- a wiki: its edit form and recent changes, one click from the article ---------------------

def _wiki_routes(*, visitors_edit: bool) -> dict:
    article = (PAGES / "wiki_article.html").read_text(encoding="utf-8")
    edit = (PAGES / "wiki_edit.html").read_text(encoding="utf-8")
    changes = (PAGES / "wiki_history.html").read_text(encoding="utf-8")
    login = sitekit.page("Log in", "<form method=post><label>Name <input name=u></label><label>"
                                   "Password <input type=password name=p></label><button>Log in"
                                   "</button></form>")
    member = sitekit.page("User:Bramble", "<h1>User:Bramble</h1><p>Hedges and ponds.</p>")

    def index(req):
        from werkzeug.wrappers import Response
        title, action = req.args.get("title", ""), req.args.get("action", "")
        if action == "edit" and not title.startswith("Talk:"):
            if visitors_edit:
                return Response(edit, mimetype="text/html")
            return Response("", 302, {"Location": "/w/index.php?title=Special:UserLogin"})
        if title == "Special:UserLogin":
            return Response(login, mimetype="text/html")
        if action == "history":
            return Response(changes.replace("Recent changes", "Revision history"),
                            mimetype="text/html")
        return Response(sitekit.page("No such page", "<p>There is no page by that name.</p>"),
                        404, mimetype="text/html")
    return {"/": article, "/w/index.php/Hedgehog_houses": article, "/w/index.php": index,
            "/w/index.php/Special:RecentChanges": changes, "/w/index.php/User:Bramble": member}


async def _wiki_profile(tmp_path, *, visitors_edit: bool) -> dict:
    import probes.discovery
    import probes.profile

    with sitekit.Site(hosts={"streetside.test": _wiki_routes(visitors_edit=visitors_edit)}) as site:
        async with sitekit.shared_browser(site.host_map, screenshots=False) as shared:
            target = Target("wiki", "Streetside Wiki", "http://streetside.test/")
            async with sitekit.probe_session(shared, target, tmp_path) as session:
                await probes.discovery.run(session)
                return {o.name: o for o in await probes.profile.run(session)}


@pytest.mark.browser
@needs_chromium
async def test_a_wiki_a_visitor_may_edit_lists_its_writers_talk_and_anonymous_posting(tmp_path):
    got = (await _wiki_profile(tmp_path, visitors_edit=True))["functionalities"].value
    assert {"anonymous_posting", "comments", "profiles"} <= set(got)


@pytest.mark.browser
@needs_chromium
async def test_an_edit_link_that_asks_a_visitor_to_log_in_is_no_anonymous_posting(tmp_path):
    got = (await _wiki_profile(tmp_path, visitors_edit=False))["functionalities"].value
    assert "anonymous_posting" not in got and {"comments", "profiles"} <= set(got)
