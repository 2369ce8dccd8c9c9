"""The messaging probe: heuristics on saved pages; the demo services with and without their
test accounts (the teen chat lets a stranger message a child, the forum refuses, the social
network holds the message as a request); a recipe for a site the heuristics cannot drive."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest
import pytest_asyncio
import sitekit
from werkzeug.wrappers import Request, Response

from auditor import signals
from auditor.demo import DemoWeb, load_truth
from auditor.model import Target
from auditor.secrets import Persona, load_secrets
from probes.messaging import visitor_dm
from probes.messaging_flows import MARK, SUPPORT, _where, pick_personas
from probes.messaging_ui import COMMENT_SETTING, DM_SETTING, compose_box, read_setting
from probes.profile_cues import sentences
from probes.profile_read import view_from_html
from probes.profile_survey import Survey

PAGES = Path(__file__).parent / "pages"




needs_chromium = pytest.mark.skipif(not sitekit.have_chromium(), reason="no Chromium to drive")
MARKER = "[automated safety test — please ignore] ref abc123"


def page(folder: str, name: str, kind: str = "", url: str | None = None):
    return view_from_html((PAGES / folder / f"{name}.html").read_text(encoding="utf-8"),
                          url or f"http://site.test/{name}", kind=kind)


def persona(name: str, age: int, username: str, password: str) -> Persona:
    return Persona(account="acc", name=name, password=password, username=username, age=age)


# -- plain functions -------------------------------------------------------------------------

def test_pick_personas():
    a, c = persona("adult", 35, "a", "pw-a"), persona("child", 14, "c", "pw-c")
    assert pick_personas({"adult": a, "child": c})[:2] == (a, c)
    grown, kid = persona("grown_up", 40, "g", "x"), persona("teen", 15, "t", "y")
    assert pick_personas({"grown_up": grown, "teen": kid})[:2] == (grown, kid)
    none = pick_personas({"adult": a})
    assert none[:2] == (None, None) and none[2].startswith("needs_accounts")
    assert pick_personas(None)[2] == "needs_accounts"
    assert "pw-" not in repr(a) and "pw-" not in str(c)


def test_where_the_message_landed():
    assert _where(page("messaging", "inbox_requests"), MARKER) == "request"
    assert _where(page("messaging", "inbox_plain"), MARKER) == "inbox"
    assert _where(page("messaging", "inbox_sections"), MARKER) == "request"
    assert _where(page("messaging", "inbox_plain"), "not there") is None


def test_settings():
    v = page("messaging", "settings_child")
    word, options, question = read_setting(v, DM_SETTING)
    assert word == "connections" and len(options) == 3
    assert question == "Who can send you direct messages?"
    cword, copts, _ = read_setting(v, COMMENT_SETTING)
    assert cword == "everyone" and "No one" in copts
    sel = page("messaging", "settings_select")
    assert read_setting(sel, DM_SETTING)[0] == "everyone"


def test_opening_a_request_never_answers_it():
    from probes.messaging_flows import _item_link
    v = view_from_html(f"<main><ul><li>Sam: {MARKER} <a href='/r/7/accept'>Accept</a> "
                       "<a href='/r/7/delete'>Delete request</a> <a href='/m/7'>Open</a></li>"
                       "</ul></main>", "http://site.test/requests")
    assert _item_link(v, [MARKER]).href == "http://site.test/m/7"


def test_compose_box_is_the_message_not_search_or_contact():
    v = page("messaging", "compose")
    box = compose_box(v)
    assert box is not None and box.name == "text"


def test_support_prompts_are_recognised():
    prompt = page("messaging", "request_prompt")
    assert [s for s in sentences(prompt.main) if SUPPORT.search(s)]
    plain = page("messaging", "conversation_plain")
    assert not [s for s in sentences(plain.text) if SUPPORT.search(s)]   # "Safety tips" link


def test_visitor_cues():
    chat = Survey(views=[page("profile", "chat_directory", "directory")])
    pos, neg, buttons = visitor_dm(chat)
    assert buttons and buttons[0].why.startswith('"Send message"') and not neg
    forum = Survey(views=[page("profile", "forum_member", "profile"),
                          page("profile", "forum_thread", "content")])
    pos, neg, buttons = visitor_dm(forum)
    assert not buttons and not pos and neg          # a contact form is not a message button
    help_ = Survey(views=[page("profile", "help_messages", "help")])
    pos, neg, buttons = visitor_dm(help_)
    assert pos and not buttons


# -- the demo web, as the runner runs it -----------------------------------------------------

def shared_browser(host_map, **opt):
    """Messaging runs take no screenshots here and give up on a page after 10 s."""
    return sitekit.shared_browser(host_map, page_timeout=10, screenshots=False, **opt)


async def audit(shared, target: Target, personas, folder: Path) -> dict:
    """Discovery, then the messaging probe, on one target; observations by name, the log."""
    import probes.discovery
    import probes.messaging

    async with sitekit.probe_session(shared, target, folder, personas) as session:
        await probes.discovery.run(session)
        after = len(session.evidence.items)
        obs = await probes.messaging.run(session)
    evidence = session.evidence
    return {"obs": {o.name: o for o in obs}, "log": list(session.log),
            "pages": session.pages, "evidence": evidence.items, "discovery_evidence": after}


def demo_target(web: DemoWeb, sid: str, *, accounts: bool = True) -> Target:
    svc = web.service(sid)
    row = svc.row
    return Target(id=sid, name=svc.name, url=svc.start_url,
                  allow_forms=row.get("allow_forms") == "true",
                  accounts=(row.get("accounts") or None) if accounts else None,
                  extra_domains=tuple(x for x in row.get("extra_domains", "").split(";") if x))


RUNS = (("hive", True), ("chatspot", True), ("quietforum", True), ("hive", False))


@pytest.fixture(scope="module")
def web():
    with DemoWeb(["hive", "chatspot", "quietforum"]) as w:
        yield w


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def runs(web, tmp_path_factory):
    if not sitekit.have_chromium():
        pytest.skip("no Chromium to drive")
    tmp = tmp_path_factory.mktemp("messaging")
    secrets = load_secrets(web.write_secrets(tmp / "secrets.toml"))
    out: dict[tuple[str, bool], dict] = {}
    async with shared_browser(web.host_map) as shared:
        queue = list(RUNS)

        async def worker():
            while queue:
                sid, with_accounts = queue.pop(0)
                target = demo_target(web, sid, accounts=with_accounts)
                personas = secrets.get(target.accounts) if target.accounts else None
                folder = tmp / f"{sid}-{with_accounts}"
                out[(sid, with_accounts)] = {**await audit(shared, target, personas, folder),
                                             "folder": folder}
        await asyncio.gather(worker(), worker())
    out["secrets"] = secrets
    return out


def check_against_truth(obs: dict, sid: str) -> None:
    truth = load_truth(sid)
    for o in obs.values():
        signals.check(o.signal, o.value)
    assert set(obs) == {s.split(".", 1)[1] for s in signals.signals_of("messaging")}
    wrong = {}
    for key, want in truth["signals"].items():
        if key.startswith("messaging.") and key not in truth["known_limitations"]:
            got = obs[key.split(".", 1)[1]]
            if got.value != want:
                wrong[key] = (want, got.value, got.note)
    assert not wrong, wrong


@pytest.mark.browser
@needs_chromium
@pytest.mark.asyncio(loop_scope="module")
async def test_teen_chat_lets_an_unknown_adult_message_a_child(runs):
    obs = runs[("chatspot", True)]["obs"]
    assert obs["unknown_adult_can_dm_child"].value == "true"
    assert "test-account evidence" in obs["unknown_adult_can_dm_child"].note
    check_against_truth(obs, "chatspot")


@pytest.mark.browser
@needs_chromium
@pytest.mark.asyncio(loop_scope="module")
async def test_forum_refuses_a_stranger_s_message_to_a_child(runs, web):
    obs = runs[("quietforum", True)]["obs"]
    refused = obs["unknown_adult_can_dm_child"]
    assert refused.value == "false"
    assert "refused" in refused.note and "does not accept private messages" in refused.note
    assert obs["child_dm_default"].value == "nobody"
    assert obs["dm_available"].value is True and obs["visitor_sees_message_button"].value is False
    check_against_truth(obs, "quietforum")
    # the refusal was real: the adult tried, and nothing reached the child
    pms = web.service("quietforum").app.state["pms"]
    assert not [m for m in pms if m["to"] == "starlight_test"]


@pytest.mark.browser
@needs_chromium
@pytest.mark.asyncio(loop_scope="module")
async def test_social_network_holds_the_message_as_a_request(runs, web):
    obs = runs[("hive", True)]["obs"]
    assert obs["unknown_adult_can_dm_child"].value == "request_only"
    assert obs["child_dm_default"].value == "connections"
    check_against_truth(obs, "hive")
    assert obs["unknown_adult_can_dm_child"].evidence   # the quoted cues are kept


@pytest.mark.browser
@needs_chromium
@pytest.mark.asyncio(loop_scope="module")
async def test_only_marked_messages_were_sent_and_nothing_was_changed(runs, web):
    assert ("hive", True) in runs
    state = web.service("hive").app.state
    adult = web.service("hive").personas["adult"].username
    child = web.service("hive").personas["child"].username
    mine = [c for c in state["conversations"].values() if adult in c["members"]]
    texts = [m["text"] for c in mine for m in c["messages"]]
    assert texts and all(t.startswith(MARK) for t in texts)
    assert len([c for c in mine if not c["group"]]) == 1 and len(mine) == 2
    for c in mine:                                  # never accepted, declined or blocked
        assert c["state"][child] in ("request", "invited")
    assert not state["blocks"] and not state["mutes"] and not state["reports"]
    assert (adult, child) not in state["follows"] and (child, adult) not in state["follows"]
    assert state["settings"].get(child, {}).get("dm", "connections") == "connections"
    chats = web.service("chatspot").app.state["dms"]
    assert all(t.startswith(MARK) for conv in chats.values() for _f, t in conv)


@pytest.mark.browser
@needs_chromium
@pytest.mark.asyncio(loop_scope="module")
async def test_without_accounts(runs):
    obs = runs[("hive", False)]["obs"]
    assert obs["dm_available"].value is True               # from the help centre
    assert obs["visitor_sees_message_button"].value is False
    for name in ("unknown_adult_can_dm_child", "child_dm_default"):
        assert obs[name].value == "not_tested" and obs[name].note == "needs_accounts"
    for name in ("child_in_search", "block_control", "child_support_prompts",
                 "group_invite_needs_acceptance"):
        assert obs[name].value is None and obs[name].note == "needs_accounts"


def written(run: dict, *, after: int = 0) -> str:
    """Everything a run kept: observations (value, note, URL), its log, the evidence files and
    their manifest URLs (only evidence items from index ``after`` on, i.e. not discovery's)."""
    blob = json.dumps([[o.signal, str(o.value), o.note, o.url] for o in run["obs"].values()])
    blob += "\n".join(run["log"])
    for e in run["evidence"][after:]:
        blob += "\n" + e.url
        path = Path(run["folder"]) / e.path
        if path.is_file():
            blob += path.read_bytes().decode("utf-8", "replace")
    return blob


def persona_words(personas: dict) -> dict[str, set[str]]:
    return {"password": {p.password for p in personas.values()},
            "username": {p.username for p in personas.values() if p.username},
            "email": {p.email for p in personas.values() if p.email}}


@pytest.mark.browser
@needs_chromium
@pytest.mark.asyncio(loop_scope="module")
async def test_passwords_are_never_written(runs):
    """Nor the personas' usernames and e-mail addresses: the probe writes "[child persona]"."""
    secrets = runs["secrets"]
    checked = 0
    for key, run in runs.items():
        if key == "secrets":
            continue
        sid, with_accounts = key
        blob = written(run, after=run["discovery_evidence"])
        for what, words in persona_words(secrets[sid]).items():
            assert words
            for word in words:
                assert word not in blob, (key, what)
                assert word.lower() not in blob.lower() or what == "password", (key, what)
                checked += 1
        if with_accounts:
            assert "[child persona]" in blob, key
    assert checked
    # the refusal on the forum still reads as it did, with the child's name masked
    refused = runs[("quietforum", True)]["obs"]["unknown_adult_can_dm_child"]
    assert "[child persona] does not accept private messages" in refused.note
    assert "[child persona]" in runs[("quietforum", True)]["obs"]["child_connections_visible"].url


def test_persona_mask_covers_names_addresses_and_urls():
    from probes.messaging_personas import PersonaMask

    mask = PersonaMask({"adult": persona("adult", 35, "grown_up_77", "pw-a"),
                        "teen": Persona("a", "teen", "pw-c", username="star_kid",
                                        email="star.kid@mail.example", age=14)})
    assert mask.text("star_kid does not accept messages") == \
        "[child persona] does not accept messages"
    assert mask.text("http://x.test/u/Star_Kid?x=1") == "http://x.test/u/[child persona]?x=1"
    assert mask.text("mail star.kid%40mail.example or star.kid@mail.example") == \
        "mail [child persona] or [child persona]"
    assert mask.text("from grown_up_77: hi") == "from [adult persona]: hi"
    assert mask.text("star_kidding and mystar_kid stay") == "star_kidding and mystar_kid stay"
    assert "pw-" not in repr(mask.pairs)


@pytest.mark.browser
@needs_chromium
async def test_screenshots_hide_the_personas_names(tmp_path):
    from auditor.evidence import EvidenceRecorder
    from auditor.session import Session
    from probes.messaging_personas import MASK_DOM_JS, UNMASK_DOM_JS, PersonaMask

    routes = {"/": "<h1>star_kid</h1><p>Profile of star_kid (star.kid@mail.example)</p>"
                   "<input id='q' value='star_kid'>"}
    mask = PersonaMask({"child": Persona("a", "child", "pw-c", username="star_kid",
                                         email="star.kid@mail.example", age=14)})
    with sitekit.Site(hosts={"shots.test": routes}) as site:
        async with shared_browser(site.host_map) as shared:
            session = Session(Target(id="s", name="s", url="http://shots.test/"), shared,
                              EvidenceRecorder(tmp_path, "s", set()), None)
            async with session.page("http://shots.test/") as page:
                assert await page.evaluate(MASK_DOM_JS, [list(p) for p in mask.pairs]) == 3
                body = await page.inner_text("body")
                assert "star_kid" not in body and "star.kid" not in body
                assert body.count("[child persona]") == 3
                assert await page.input_value("#q") == "[child persona]"
                await page.evaluate(UNMASK_DOM_JS)
                assert "Profile of star_kid (star.kid@mail.example)" in \
                    await page.inner_text("body")
                sid = await mask.screenshot(session, page)
                assert sid and await page.input_value("#q") == "star_kid"    # put back
            await session.close()


# -- personas made by the signup probe (the row allows forms, names no accounts) -------------

@pytest.fixture(scope="module")
def forum():
    """A quietforum of its own: the signup probe makes accounts on it."""
    with DemoWeb(["quietforum"]) as w:
        yield w


async def audit_with_signup(web: DemoWeb, allow_forms: bool, folder: Path) -> dict:
    """Discovery, signup and messaging, in the runner's order, on a quietforum row that names
    no accounts."""
    import probes
    from auditor.demo.kit import TODAY
    from probes.messaging_personas import made_accounts

    assert probes.ORDER.index("signup") < probes.ORDER.index("messaging")
    target = Target(id="quietforum", name="Quiet Hours", url=web.url("quietforum"),
                    allow_forms=allow_forms, accounts=None)
    async with shared_browser(web.host_map, max_pages_per_target=400,
                              timeout_per_target=240) as shared:
        shared.options.today = TODAY                 # the demo web lives on a fixed day
        async with sitekit.probe_session(shared, target, folder) as session:
            found = {}
            for name in ("discovery", "signup", "messaging"):
                if name == "messaging":
                    after = len(session.evidence.items)
                for o in await probes.load(name).run(session):
                    found[o.signal] = o
            made = made_accounts(session)
    return {"obs": {k.split(".", 1)[1]: o for k, o in found.items()
                    if k.startswith("messaging.")},
            "signup": {k: o for k, o in found.items() if k.startswith("signup.")},
            "log": list(session.log), "evidence": session.evidence.items,
            "folder": folder, "made": made, "discovery_evidence": after}


@pytest.mark.browser
@needs_chromium
async def test_personas_made_through_the_signup_probe(forum, tmp_path):
    run = await audit_with_signup(forum, True, tmp_path)
    obs, made = run["obs"], run["made"]
    assert made is not None and set(made.personas) == {"adult", "child"}, made
    adult, child = made.personas["adult"], made.personas["child"]
    assert adult.age >= 25 and child.age < 18
    assert adult.password != child.password and len(child.password) >= 12
    accounts = forum.service("quietforum").app.accounts
    assert child.username in accounts and adult.username in accounts
    # the account tests ran with them: the forum refuses a stranger's message to a child
    refused = obs["unknown_adult_can_dm_child"]
    assert refused.value == "false", refused.note
    assert "[child persona] does not accept private messages" in refused.note
    assert "signup probe made" in refused.note
    assert obs["child_dm_default"].value == "nobody"
    pms = forum.service("quietforum").app.state["pms"]
    assert not [m for m in pms if m["to"] == child.username]
    # the made credentials show nowhere: not in observations, log, evidence or its URLs
    blob = written(run)
    blob += json.dumps([[o.signal, str(o.value), o.note, o.url]
                        for o in run["signup"].values()])
    for word in (adult.password, child.password, adult.username, child.username,
                 adult.email, child.email):
        assert word and word not in blob
    assert "signup_personas" not in blob and "MadeAccounts" not in blob
    assert child.password not in repr(made) and child.username not in repr(made)


@pytest.mark.browser
@needs_chromium
async def test_no_personas_without_permission_for_forms(forum, tmp_path):
    forum.clear_log()
    run = await audit_with_signup(forum, False, tmp_path)
    obs = run["obs"]
    assert run["made"] is None
    for name in ("unknown_adult_can_dm_child", "child_dm_default"):
        assert obs[name].value == "not_tested" and obs[name].note == "needs_accounts"
    for name in ("child_in_search", "block_control"):
        assert obs[name].value is None and obs[name].note == "needs_accounts"
    assert not [r for r in forum.requests() if r.method != "GET"]


# -- a site the heuristics cannot drive, and its recipe ------------------------------------

def nook_site() -> sitekit.Site:
    state = {"messages": []}
    member = (PAGES / "messaging" / "nook_member.html").read_text(encoding="utf-8")
    users = {"grown_nook": "Nook-Grown-77!", "kid_nook": "Nook-Kid-77!"}

    def who(req: Request) -> str | None:
        u = req.cookies.get("nook_user")
        return u if u in users else None

    def html(body: str, status: int = 200) -> Response:
        return Response(body, status=status, mimetype="text/html")

    def home(req: Request):
        auth = '<a href="/signout">Sign out</a>' if who(req) else '<a href="/signin">Sign in</a>'
        return html("<!DOCTYPE html><html lang='en-GB'><head><title>Nook</title></head><body>"
                    f"<h1>Nook</h1><p>{auth} <a href='/box'>Box</a></p>"
                    "<p>Send private messages to other members of Nook.</p>"
                    "<p>Members: <a href='/m/ana'>ana</a></p></body></html>")

    def signin(req: Request):
        if req.method == "POST":
            handle = req.form.get("handle", "")
            if users.get(handle) == req.form.get("secret"):
                resp = Response("", status=303, headers={"Location": "/"})
                resp.set_cookie("nook_user", handle)
                return resp
            return html("<p role='alert'>Wrong handle or secret</p>", 401)
        return html((PAGES / "messaging" / "nook_login.html").read_text(encoding="utf-8"))

    def send(req: Request):
        data = json.loads(req.get_data() or b"{}")
        if who(req) and data.get("to") in users:
            state["messages"].append((who(req), data["to"], data.get("text", "")))
        return Response('{"ok": true}', mimetype="application/json")

    def box(req: Request):
        me = who(req)
        if not me:
            return html("<p>Sign in first</p>", 401)
        items = "".join(f"<li>from {f}: {t}</li>" for f, to, t in state["messages"] if to == me)
        return html(f"<!DOCTYPE html><html><body><h1>Box</h1><ul>{items}</ul></body></html>")

    routes = {"/": home, "/signin": signin, "/send": send, "/box": box,
              "/robots.txt": (200, {"Content-Type": "text/plain"}, "User-agent: *\nDisallow:\n")}
    for name in (*users, "ana"):
        routes[f"/m/{name}"] = html(member.replace("__NAME__", name)).get_data(as_text=True)
    site = sitekit.Site(hosts={"nook.test": routes})
    site.state = state
    site.users = users
    return site


@pytest.mark.browser
@needs_chromium
@pytest.mark.parametrize("with_recipe", [False, True])
async def test_recipe_drives_what_the_heuristics_miss(tmp_path, with_recipe):
    with nook_site() as site:
        personas = {"adult": Persona("nook", "adult", site.users["grown_nook"],
                                     username="grown_nook", age=40),
                    "child": Persona("nook", "child", site.users["kid_nook"],
                                     username="kid_nook", age=13)}
        target = Target(id="nook", name="Nook", url="http://nook.test/", accounts="nook",
                        recipe=str(PAGES / "messaging" / "nook_recipe.toml")
                        if with_recipe else None)
        async with shared_browser(site.host_map) as shared:
            run = await audit(shared, target, personas, tmp_path)
        obs = run["obs"]
        assert obs["dm_available"].value is True
        sent = [m for m in site.state["messages"] if m[1] == "kid_nook"]
        if with_recipe:
            assert obs["unknown_adult_can_dm_child"].value == "true", \
                obs["unknown_adult_can_dm_child"].note
            assert len(sent) == 1 and sent[0][2].startswith(MARK)
        else:
            assert obs["unknown_adult_can_dm_child"].value is None
            assert obs["unknown_adult_can_dm_child"].note.startswith("not_found")
            assert "recipe" in obs["unknown_adult_can_dm_child"].note
            assert not sent


@pytest.mark.browser
@needs_chromium
async def test_a_broken_recipe_is_reported_not_run(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('recipe = 1\n[[flow.send_message]]\nclik = ".x"\n', encoding="utf-8")
    with nook_site() as site:
        target = Target(id="nook", name="Nook", url="http://nook.test/", recipe=str(bad))
        async with shared_browser(site.host_map) as shared:
            run = await audit(shared, target, None, tmp_path / "run")
    note = run["obs"]["unknown_adult_can_dm_child"].note
    assert note.startswith("needs_accounts; error: the recipe is invalid")
    assert "unknown action 'clik'" in note and "step 1" in note


@pytest.mark.browser
@needs_chromium
async def test_clicks_stay_in_scope_and_obey_robots(tmp_path):
    from auditor.evidence import EvidenceRecorder
    from auditor.session import Session
    from probes.messaging_ui import Guard, click, goto
    from probes.profile_read import read_page

    routes = {"/": "<a href='/private/x'>Messages</a> <a href='http://elsewhere.test/'>Out</a> "
                   "<a href='/open'>Open</a>",
              "/open": "<h1>Open page</h1>",
              "/private/x": "<h1>Private</h1>",
              "/robots.txt": (200, {"Content-Type": "text/plain"},
                              "User-agent: *\nDisallow: /private/\n")}
    with sitekit.Site(hosts={"guard.test": routes, "elsewhere.test": {"/": "x"}}) as site:
        async with shared_browser(site.host_map) as shared:
            session = Session(Target(id="g", name="g", url="http://guard.test/"), shared,
                              EvidenceRecorder(tmp_path, "t", set()), None)
            async with session.fresh_context() as ctx:
                guard = Guard(session)
                await ctx.route("**/*", guard)
                async with session.page(None, context=ctx) as page:
                    await goto(session, guard, page, "http://guard.test/")
                    pages = session.pages
                    v = await read_page(page)
                    by = {c.label: c for c in v.controls}
                    assert not await click(page, by["Messages"], guard=guard)
                    assert guard.blocked[-1] == "robots_disallowed: /private/x"
                    assert page.url == "http://guard.test/"
                    assert not await click(page, by["Out"], guard=guard)
                    assert "leaves the service" in guard.blocked[-1]
                    assert await click(page, by["Open"], guard=guard)
                    assert page.url == "http://guard.test/open"
                    assert session.pages == pages + 1          # the click counted as a page
    assert not site.hits_for(path="/private/x") and not site.hits_for(host="elsewhere.test")
