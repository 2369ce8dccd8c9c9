"""Community software recognised from fixture pages written here (markers only, no copied
pages): every listed platform by name (and version where its marker carries one), nothing from
pages that merely talk about platforms, the table's own checks and a user's extra file."""

from __future__ import annotations

from pathlib import Path

import pytest

from probes.platforms import (
    BUNDLED,
    PageFacts,
    PlatformsFileError,
    cookie_names,
    load,
    read,
    recognise,
)

PAGES = Path(__file__).parent / "pages" / "platforms"

#: fixture -> (platform, version); the headers a page is served with where its markers are
#: headers (a page alone carries no header).
EXPECTED = {
    "phpbb": ("phpbb", ""), "discourse": ("discourse", "3.2.1"), "xenforo": ("xenforo", "2.2"),
    "vbulletin": ("vbulletin", "5.7.5"), "mybb": ("mybb", ""), "smf": ("smf", "2.1.4"),
    "invision": ("invision", ""), "nodebb": ("nodebb", ""), "flarum": ("flarum", ""),
    "vanilla": ("vanilla", ""), "lemmy": ("lemmy", ""), "mastodon": ("mastodon", "4.2.8"),
    "element": ("element", ""), "mattermost": ("mattermost", "9.5.1"),
    "rocketchat": ("rocketchat", ""), "wordpress": ("wordpress", "6.4.2"),
    "mediawiki": ("mediawiki", "1.41.0"), "machina": ("machina", ""),
    "flaskbb": ("flaskbb", ""), "converse": ("converse", "10.1.6"),
    "thelounge": ("thelounge", ""), "hyperkitty": ("hyperkitty", "1.3.9"),
    "isso": ("isso", ""),
}
HEADERS = {"nodebb": {"X-Powered-By": "NodeBB"},
           "mattermost": {"X-Version-Id": "9.5.1.9.5.1.0a1b2c.false"}}
LISTED = ("phpbb discourse xenforo vbulletin mybb smf invision nodebb flarum vanilla lemmy "
          "mastodon element mattermost rocketchat wordpress mediawiki machina flaskbb converse "
          "thelounge hyperkitty isso").split()


def facts(name: str, **kw) -> PageFacts:
    html = (PAGES / f"{name}.html").read_text(encoding="utf-8")
    return PageFacts(url=f"http://{name}.example.test/", html=html,
                     headers=kw.pop("headers", HEADERS.get(name, {})), **kw)


def test_every_listed_platform_is_in_the_table_with_sources():
    table = load()
    assert set(LISTED) <= set(table.keys())
    assert set(EXPECTED) == set(LISTED)
    for p in table.platforms:
        assert p.key == p.key.lower()
        assert any(m.strong for m in p.markers) or len(p.markers) >= 2, p.key
        for m in p.markers:
            assert m.source.startswith(("read: ", "recalled: ")), (p.key, m)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_fixture_page_gives_its_platform_and_version(name):
    platform, version = EXPECTED[name]
    rec = recognise([facts(name)])
    assert (rec.platform, rec.version) == (platform, version), rec.note()
    assert rec.confidence >= 0.7 and rec.hits


def test_a_header_marker_alone_needs_its_header():
    # the Mattermost page without its header has only a weak meta marker: not recognised
    assert recognise([facts("mattermost", headers={})]).platform == ""
    rec = recognise([facts("nodebb", headers={})])      # assets alone still say NodeBB
    assert rec.platform == "nodebb"


@pytest.mark.parametrize("name", ["negative_blog", "negative_shop"])
def test_pages_that_merely_mention_platforms_give_nothing(name):
    rec = recognise([facts(name)])
    assert rec.platform == "" and rec.version == ""
    assert rec.note().startswith("not_found")


def test_the_blog_names_everything_but_only_in_prose_and_code_samples():
    text = (PAGES / "negative_blog.html").read_text(encoding="utf-8")
    for word in ("phpBB", "WordPress", "Discourse", "wp-content", 'id="phpbb"', "isoData"):
        assert word in text          # the words are there: only markup would count
    assert recognise([facts("negative_blog")]).others == []


def test_one_weak_marker_is_not_enough_and_two_are():
    one = PageFacts(html='<html><head><link rel="stylesheet" href="/styles/prosilver/x.css">'
                         '</head><body></body></html>')
    assert recognise([one]).platform == ""
    assert recognise([one]).others == [("phpbb", 1)]
    two = PageFacts(html=one.html.replace("</body>", '<script src="/assets/javascript/core.js">'
                                                      "</script></body>"))
    assert recognise([two]).platform == "phpbb"


def test_markers_from_the_http_copy_and_the_browser_copy_add_up():
    http = PageFacts(html="<html><body><p>loading</p></body></html>",
                     headers={"Set-Cookie": "phpbb3_ab12c_u=1; expires=Wed, 21 Oct 2026 07:28:00 "
                                            "GMT; path=/, phpbb3_ab12c_sid=abc; path=/"})
    browser = PageFacts(html=(PAGES / "phpbb.html").read_text(encoding="utf-8"),
                        read_via="browser")
    rec = recognise([browser, http])
    assert rec.platform == "phpbb"
    assert {h.marker.kind for h in rec.hits} >= {"element", "cookie"}


def test_cookie_names_from_a_joined_set_cookie_header():
    value = ("a=1; Expires=Wed, 21 Oct 2026 07:28:00 GMT; Path=/, xf_csrf=zz; path=/; secure, "
             "mybb[lastvisit]=123")
    assert cookie_names(value) == ["a", "xf_csrf", "mybb[lastvisit]"]


def test_globals_a_browser_saw_count():
    page = PageFacts(html="<html><body><div id='app'></div></body></html>",
                     globals=["flarum"], cookies=["flarum_session"])
    assert recognise([page]).platform == "flarum"


def test_the_strongest_platform_wins_and_the_others_are_noted():
    html = (PAGES / "wordpress.html").read_text(encoding="utf-8").replace(
        "</body>", '<section id="isso-thread"></section></body>')
    rec = recognise([PageFacts(html=html)])
    assert rec.platform == "wordpress" and rec.others == [("isso", 2)]
    assert "also markers of isso" in rec.note()


def test_a_user_file_adds_and_replaces_platforms(tmp_path):
    extra = tmp_path / "mine.toml"
    extra.write_text('[[platform]]\nkey = "clubhouse"\nname = "Clubhouse BB"\n'
                     '[[platform.marker]]\nkind = "element"\nmatch = "body#clubhouse"\n'
                     'strong = true\nsource = "read: our own notes"\n', encoding="utf-8")
    table = load(str(extra))
    assert "clubhouse" in table.keys() and "phpbb" in table.keys()
    page = PageFacts(html='<html><body id="clubhouse"></body></html>')
    assert recognise([page], table).platform == "clubhouse"
    assert recognise([page]).platform == ""


@pytest.mark.parametrize("body,why", [
    ('[[platform]]\nkey = "Bad Key"\nname = "x"\n', "lower-case"),
    ('[[platform]]\nkey = "x"\nname = "x"\n[[platform.marker]]\nkind = "words"\nmatch = "a"\n',
     "kind"),
    ('[[platform]]\nkey = "x"\nname = "x"\n[[platform.marker]]\nkind = "source"\n'
     'match = "Powered by X"\n', "anchor on markup"),
    ('[[platform]]\nkey = "x"\nname = "x"\n[[platform.marker]]\nkind = "asset"\n'
     'match = "(unclosed"\n', "bad regex"),
    ('[[platform]]\nkey = "x"\nname = "x"\nversion_url = "/v"\n[[platform.marker]]\n'
     'kind = "asset"\nmatch = "x"\n', "go together"),
    ("not toml [", "not valid TOML"),
    ('[[platform]]\nkey = "x"\nname = "x"\ndm_path = "messages/new"\n[[platform.marker]]\n'
     'kind = "asset"\nmatch = "x"\n', "dm_path must be a path starting with /"),
    ('[[platform]]\nkey = "x"\nname = "x"\nreport_path = ["^/post/\\\\d+$", "/post/\\\\1/r"]\n'
     '[[platform.marker]]\nkind = "asset"\nmatch = "x"\n', "group the regex does not have"),
])
def test_a_bad_platforms_file_says_where_and_how_to_fix_it(tmp_path, body, why):
    f = tmp_path / "bad.toml"
    f.write_text(body, encoding="utf-8")
    with pytest.raises(PlatformsFileError, match=why):
        read(f)


def test_the_bundled_file_is_the_documented_one():
    assert BUNDLED.name == "platforms.toml" and read(BUNDLED)


def test_where_a_platform_keeps_its_message_form():
    table = load()
    assert table.by_key("mediawiki").path_of("dm") == "/index.php?title=Special:EmailUser"
    assert table.by_key("wordpress").path_of("dm") == ""        # no private messages in core
    assert all(p.dm_path.startswith("/") for p in table.platforms if p.dm_path)
    flaskbb = table.by_key("flaskbb")
    assert flaskbb.report_url_for("http://f.test/post/12") == "http://f.test/post/12/report"
    assert flaskbb.report_url_for("http://f.test/topic/3-bikes") == ""


# -- the profile probe on served fixture pages ----------------------------------------------

def _served(name: str, headers: list[tuple[str, str]] | None = None):
    html = (PAGES / f"{name}.html").read_text(encoding="utf-8")
    return (200, [("Content-Type", "text/html; charset=utf-8"), *(headers or [])], html)


async def _profile(tmp_path, routes: dict) -> dict:
    import sitekit

    import probes.discovery
    import probes.profile
    from auditor.model import Target

    with sitekit.Site(hosts={"club.example.test": routes}) as site:
        async with sitekit.shared_browser(site.host_map, screenshots=False) as shared:
            target = Target("club", "Club", "http://club.example.test/")
            async with sitekit.probe_session(shared, target, tmp_path) as session:
                await probes.discovery.run(session)
                return {o.name: o for o in await probes.profile.run(session)}


def _needs_chromium():
    import sitekit

    if not sitekit.have_chromium():
        pytest.skip("no Chromium to drive")


@pytest.mark.browser
async def test_probe_names_the_platform_and_reads_its_version_file(tmp_path):
    _needs_chromium()
    from auditor import signals

    routes = {
        "/": _served("phpbb", [("Set-Cookie", "phpbb3_ab12c_sid=0f; path=/; HttpOnly")]),
        "/styles/prosilver/style.cfg": (200, [("Content-Type", "text/plain")],
                                        "name = prosilver\nphpbb_version = 3.3.11\n"),
    }
    got = await _profile(tmp_path, routes)
    platform, version = got["platform"], got["platform_version"]
    for o in (platform, version):
        signals.check(o.signal, o.value)
    assert platform.value == "phpbb" and platform.confidence >= 0.9
    assert "body#phpbb" in platform.note and "phpbb3_ab12c_sid" in platform.note
    assert platform.evidence
    assert version.value == "3.3.11" and "style.cfg" in version.note


@pytest.mark.browser
async def test_probe_on_an_unrelated_site_gives_no_platform(tmp_path):
    _needs_chromium()
    got = await _profile(tmp_path, {"/": _served("negative_blog")})
    assert got["platform"].value is None
    assert got["platform"].note.startswith("not_found: no known community software")
    assert got["platform_version"].value is None
    assert got["platform_version"].note.startswith("not_applicable")


@pytest.mark.browser
async def test_probe_reads_a_version_from_the_page_and_a_header(tmp_path):
    _needs_chromium()
    got = await _profile(tmp_path, {"/": _served("mattermost", [("X-Version-Id",
                                                                  "9.5.1.9.5.1.0a1b2c.false")])})
    assert got["platform"].value == "mattermost"
    assert got["platform_version"].value == "9.5.1"


def test_a_bad_platforms_option_stops_the_command_before_any_visit(tmp_path):
    from auditor.cli import BadInput, _check_data_file

    def _check_platforms(path):
        return _check_data_file(path, "platforms")

    bad = tmp_path / "bad.toml"
    bad.write_text('[[platform]]\nkey = "x"\nname = "x"\n', encoding="utf-8")
    with pytest.raises(BadInput, match="no \\[\\[platform.marker\\]\\] tables"):
        _check_platforms(str(bad))
    good = tmp_path / "good.toml"
    good.write_text('[[platform]]\nkey = "x"\nname = "X"\n[[platform.marker]]\nkind = "cookie"\n'
                    'match = "x_sid"\nstrong = true\nsource = "read: notes"\n', encoding="utf-8")
    assert _check_platforms(str(good)) == str(good.resolve())
    assert _check_platforms(None) is None
