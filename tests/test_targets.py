"""The target list loader: one test per kind of bad input, each checking line and fix."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from auditor.model import Target
from auditor.targets import MAX_ERRORS, TargetListError, load_targets

HEADER = "id,name,url"
GOOD = "forum-one,Forum One,https://forum.example/"
MESSAGE = re.compile(r"^.+:\d+: .+\. Fix: .+\.$", re.S)
REPO = Path(__file__).resolve().parent.parent


def write(tmp_path: Path, text: str | bytes, name: str = "targets.csv") -> Path:
    path = tmp_path / name
    if isinstance(text, str):
        text = text.encode("utf-8")
    path.write_bytes(text)
    return path


def errors(tmp_path: Path, text: str | bytes) -> list[str]:
    path = write(tmp_path, text)
    with pytest.raises(TargetListError) as info:
        load_targets(path)
    err = info.value
    assert isinstance(err, ValueError)
    assert str(err) == "\n".join(err.errors)
    for message in err.errors:
        assert MESSAGE.match(message), message
    return err.errors


def one_error(tmp_path: Path, text: str | bytes, line: int, *parts: str) -> str:
    """Exactly one problem, on ``line``, whose text contains every one of ``parts``."""
    found = errors(tmp_path, text)
    assert len(found) == 1, found
    message = found[0]
    assert f"targets.csv:{line}: " in message, message
    for part in parts:
        assert part in message, (part, message)
    return message


def fix_of(message: str) -> str:
    return message.split(". Fix: ", 1)[1]


# --- good input -------------------------------------------------------------------------------

def test_good_file_round_trip(tmp_path: Path) -> None:
    (tmp_path / "recipes").mkdir()
    recipe = tmp_path / "recipes" / "chat.toml"
    recipe.write_text('recipe = 1\n[[flow.send_message]]\nclick = "text=Message"\n')
    path = write(tmp_path, (
        "id,name,url,service_kind,extra_domains,size_band,risk_levels,"
        "likely_accessed_by_children,regime,allow_forms,accounts,recipe,tags,notes\n"
        "chat-one, Chat One ,https://chat.example/,CHAT,CDN.chat.example;help.chat.example:8443;"
        "cdn.chat.example,over_7m,grooming=high; csam_image = medium,TRUE,u2u;search;u2u,"
        "True,chat_one,recipes/chat.toml,wave-1,\"Notes, with a comma\"\n"
        "forum-one,Forum One,http://forum.test:8080/start?x=1,,,,,,,,,,,\n"))
    first, second = load_targets(path)
    assert first == Target(
        id="chat-one", name="Chat One", url="https://chat.example/", service_kind="chat",
        extra_domains=("cdn.chat.example", "help.chat.example:8443"), size_band="over_7m",
        risk_levels={"grooming": "high", "csam_image": "medium"},
        likely_accessed_by_children=True, regime=("u2u", "search"), allow_forms=True,
        accounts="chat_one", recipe=str(recipe.resolve()), tags="wave-1",
        notes="Notes, with a comma", line=2)
    assert second == Target(id="forum-one", name="Forum One",
                            url="http://forum.test:8080/start?x=1", line=3)
    assert second.likely_accessed_by_children is None and second.allow_forms is False


def test_only_required_columns(tmp_path: Path) -> None:
    (target,) = load_targets(write(tmp_path, f"{HEADER}\n{GOOD}\n"))
    assert (target.id, target.name, target.url, target.line) == (
        "forum-one", "Forum One", "https://forum.example/", 2)


def test_utf8_bom_is_accepted(tmp_path: Path) -> None:
    text = f"{HEADER}\r\nforum-one,Forum Ünø,https://forum.example/\r\n"
    (target,) = load_targets(write(tmp_path, b"\xef\xbb\xbf" + text.encode()))
    assert target.id == "forum-one" and target.name == "Forum Ünø"


def test_header_names_are_stripped_and_case_insensitive(tmp_path: Path) -> None:
    (target,) = load_targets(write(tmp_path, f" ID , Name ,URL\n{GOOD}\n"))
    assert target.id == "forum-one"


def test_blank_lines_are_skipped_but_counted(tmp_path: Path) -> None:
    path = write(tmp_path, f"\n{HEADER}\n\n{GOOD}\n  \n,,\nb,B,https://b.example/\n")
    assert [(t.id, t.line) for t in load_targets(path)] == [("forum-one", 4), ("b", 7)]


def test_multiline_quoted_field_counts_physical_lines(tmp_path: Path) -> None:
    text = (f"{HEADER},notes\n"
            'a,A,https://a.example/,"first line\nsecond line\r\nthird line"\n'
            "b,B,https://b.example/,\n"
            "Bad Id,C,https://c.example/,\n")
    message = one_error(tmp_path, text, 6, "'Bad Id'")
    assert "Fix: write e.g. 'bad-id'" in message
    path = write(tmp_path, text.replace("Bad Id", "c"))
    assert [t.line for t in load_targets(path)] == [2, 5, 6]
    assert load_targets(path)[0].notes == "first line\nsecond line\r\nthird line"


def test_example_file_loads() -> None:
    targets = load_targets(REPO / "targets.example.csv")
    assert len(targets) >= 6
    assert len({t.service_kind for t in targets}) >= 6
    assert any(t.notes for t in targets)
    for t in targets:
        assert re.search(r"\.(example|example\.co\.uk|test)(:\d+)?/", t.url), t.url


# --- the file as a whole ----------------------------------------------------------------------

def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(TargetListError) as info:
        load_targets(tmp_path / "nope.csv")
    assert "nope.csv" in str(info.value) and "Fix:" in str(info.value)


@pytest.mark.parametrize("text", ["", "\n\n  \r\n", "\ufeff"])
def test_empty_file(tmp_path: Path, text: str) -> None:
    message = one_error(tmp_path, text, 1, "the file is empty")
    assert "id,name,url" in fix_of(message)


def test_header_but_no_rows(tmp_path: Path) -> None:
    message = one_error(tmp_path, f"{HEADER},notes\n\n\n", 1, "header but no target rows")
    assert "add one line per service" in fix_of(message)


def test_not_utf8_names_byte_and_line(tmp_path: Path) -> None:
    text = f"{HEADER}\n{GOOD}\ncafe,Caf".encode() + b"\xe9" + b",https://cafe.example/\n"
    offset = text.index(b"\xe9")
    message = one_error(tmp_path, text, 3, f"byte {offset}", "not UTF-8")
    assert "UTF-8" in fix_of(message)


def test_utf16_is_refused(tmp_path: Path) -> None:
    text = f"{HEADER}\n{GOOD}\n".encode("utf-16")
    message = one_error(tmp_path, text, 1, "UTF-16")
    assert "UTF-8" in fix_of(message)


def test_unclosed_quote(tmp_path: Path) -> None:
    text = f'{HEADER},notes\n{GOOD},fine\nb,B,https://b.example/,"never closed\nmore\n'
    message = one_error(tmp_path, text, 3, "never closed")
    assert "double quotes" in fix_of(message)


def test_stray_quote(tmp_path: Path) -> None:
    one_error(tmp_path, f'{HEADER}\n{GOOD}\nb,"B"x,https://b.example/\n', 3, "cannot be read")


def test_too_few_fields(tmp_path: Path) -> None:
    message = one_error(tmp_path, f"{HEADER},tags\n{GOOD},t\nb,B\n", 3,
                        "2 fields but the header has 4 columns")
    assert "add the missing fields" in fix_of(message)


def test_too_many_fields(tmp_path: Path) -> None:
    message = one_error(tmp_path, f"{HEADER}\n{GOOD}\nb,Forum, the,https://b.example/\n", 3,
                        "4 fields but the header has 3 columns")
    assert "double quotes" in fix_of(message)


def test_trailing_commas(tmp_path: Path) -> None:
    message = one_error(tmp_path, f"{HEADER}\n{GOOD},,\n", 2, "5 fields")
    assert "trailing commas" in fix_of(message)


# --- the header -------------------------------------------------------------------------------

def test_no_header(tmp_path: Path) -> None:
    message = one_error(tmp_path, f"{GOOD}\nb,B,https://b.example/\n", 1, "looks like a target row")
    assert "header line" in fix_of(message)


def test_missing_required_column(tmp_path: Path) -> None:
    message = one_error(tmp_path, "id,name,tags\na,A,x\n", 1, "missing required column(s) url",
                        "'id', 'name', 'tags'")
    assert "add url" in fix_of(message)


def test_semicolon_separated(tmp_path: Path) -> None:
    message = one_error(tmp_path, "id;name;url\na;A;https://a.example/\n", 1, "uses ';'")
    assert "commas" in fix_of(message)


def test_unknown_column_suggests_nearest(tmp_path: Path) -> None:
    message = one_error(tmp_path, f"{HEADER},servce_kind\n{GOOD},forum\n", 1,
                        "unknown column 'servce_kind' (column 4)")
    assert fix_of(message) == "rename it to 'service_kind'."


def test_unknown_column_without_near_word(tmp_path: Path) -> None:
    message = one_error(tmp_path, f"{HEADER},colour\n{GOOD},red\n", 1, "unknown column 'colour'")
    assert "tags or notes" in fix_of(message)


def test_unknown_column_still_checks_rows(tmp_path: Path) -> None:
    found = errors(tmp_path, f"{HEADER},acounts\n{GOOD},x\nBAD,B,https://b.example/,y\n")
    assert len(found) == 2
    assert ":1: unknown column 'acounts'" in found[0] and "'accounts'" in found[0]
    assert ":3: id 'BAD'" in found[1]


def test_duplicate_column(tmp_path: Path) -> None:
    message = one_error(tmp_path, f"{HEADER},name\n{GOOD},again\n", 1,
                        "'name' appears twice", "columns 2 and 4")
    assert "delete or rename" in fix_of(message)


def test_unnamed_column(tmp_path: Path) -> None:
    message = one_error(tmp_path, f"{HEADER},,notes\n{GOOD},,n\n", 1, "column 4 of the header")
    assert "name it or delete" in fix_of(message)


# --- the cells --------------------------------------------------------------------------------

def test_duplicate_id_names_both_lines(tmp_path: Path) -> None:
    text = f"{HEADER}\n{GOOD}\nb,B,https://b.example/\n\nforum-one,Again,https://again.example/\n"
    message = one_error(tmp_path, text, 5, "'forum-one' is used on line 2 and again on line 5")
    assert "own id" in fix_of(message)


@pytest.mark.parametrize(("cell", "slug"), [("Forum One", "forum-one"), ("café.uk", "caf-uk")])
def test_bad_id(tmp_path: Path, cell: str, slug: str) -> None:
    message = one_error(tmp_path, f"{HEADER}\n{GOOD}\n{cell},B,https://b.example/\n", 3,
                        "lower-case letters, digits")
    assert fix_of(message) == f"write e.g. {slug!r}."


def test_empty_id(tmp_path: Path) -> None:
    message = one_error(tmp_path, f"{HEADER}\n,B,https://b.example/\n", 2, "id is empty")
    assert "unique id" in fix_of(message)


def test_empty_name(tmp_path: Path) -> None:
    message = one_error(tmp_path, f"{HEADER}\nb,  ,https://b.example/\n", 2, "name is empty")
    assert "display name" in fix_of(message)


@pytest.mark.parametrize(("url", "what", "fix"), [
    ("", "url is empty", "https://forum.example/"),
    ("forum.example/home", "does not start with http", "'https://forum.example/home'"),
    ("ftp://files.example/", "uses 'ftp'", "http:// or https://"),
    ("https:///path", "no host name", "in full"),
    ("https://forum example/", "contains a space", "%20"),
    ("https://forum.example:99999/", "invalid port", "1 to 65535"),
    ("https://bad_host!.example/", "invalid host name", "host name"),
    ("https://me:hunter2@forum.example/", "user name or password", "--secrets"),
])
def test_bad_url(tmp_path: Path, url: str, what: str, fix: str) -> None:
    message = one_error(tmp_path, f"{HEADER}\n{GOOD}\nb,B,{url}\n", 3, what)
    assert fix in fix_of(message)
    assert "hunter2" not in message


def test_service_kind_suggests_nearest(tmp_path: Path) -> None:
    message = one_error(tmp_path, f"{HEADER},service_kind\n{GOOD},froum\n", 2,
                        "service_kind 'froum' is not an allowed word",
                        "forum, social, chat, file_sharing, adult, search, dating, gaming, other")
    assert fix_of(message).startswith("write 'forum'")
    assert "empty" in fix_of(message)


def test_size_band_unknown(tmp_path: Path) -> None:
    text = f"{HEADER},size_band\n{GOOD},over_7M\nb,B,https://b.example/,over7m\n"
    message = one_error(tmp_path, text, 3, "size_band 'over7m'",
                        "under_700k, 700k_to_7m, over_7m")
    assert "'over_7m'" in fix_of(message)


@pytest.mark.parametrize(("cell", "what", "fix"), [
    ("u2u;serch", "regime 'serch' is not an allowed word", "'search'"),
    ("u2u,search", "contains a comma", "'u2u;search'"),
])
def test_bad_regime(tmp_path: Path, cell: str, what: str, fix: str) -> None:
    message = one_error(tmp_path, f"{HEADER},regime\n{GOOD},\"{cell}\"\n", 2, what)
    assert fix in fix_of(message)


@pytest.mark.parametrize(("cell", "what", "fix"), [
    ("grooming=high;groming=low", "risk_levels KIND 'groming'", "'grooming'"),
    ("grooming=hgh", "risk_levels LEVEL for grooming 'hgh'", "'high'"),
    ("grooming", "'grooming' is not KIND=LEVEL", "'grooming=high'"),
    ("hate=low;hate=high", "names 'hate' twice", "one level"),
])
def test_bad_risk_levels(tmp_path: Path, cell: str, what: str, fix: str) -> None:
    message = one_error(tmp_path, f"{HEADER},risk_levels\n{GOOD},{cell}\n", 2, what)
    assert fix in fix_of(message)


def test_risk_levels_lists_allowed_words(tmp_path: Path) -> None:
    message = one_error(tmp_path, f"{HEADER},risk_levels\n{GOOD},spam=low\n", 2,
                        "terrorism, grooming, csam_image")
    assert "allowed words" in fix_of(message)


@pytest.mark.parametrize(("column", "cell", "fix"), [
    ("allow_forms", "yes", "write 'true'."),
    ("allow_forms", "0", "write 'false'."),
    ("likely_accessed_by_children", "maybe", "write true or false."),
])
def test_bad_boolean(tmp_path: Path, column: str, cell: str, fix: str) -> None:
    message = one_error(tmp_path, f"{HEADER},{column}\n{GOOD},{cell}\n", 2,
                        f"{column} is {cell!r}", "only true, false or an empty cell")
    assert fix_of(message) == fix


@pytest.mark.parametrize(("cell", "what", "fix"), [
    ("https://cdn.forum.example/x", "not a bare host name", "'cdn.forum.example'"),
    ("cdn.forum.example/static", "not a bare host name", "'cdn.forum.example'"),
    ("cdn..forum.example", "not a valid host name", "separate entries with ';'"),
    ("a.example,b.example", "contains a comma", "'a.example;b.example'"),
])
def test_bad_extra_domains(tmp_path: Path, cell: str, what: str, fix: str) -> None:
    message = one_error(tmp_path, f"{HEADER},extra_domains\n{GOOD},\"{cell}\"\n", 2, what)
    assert fix in fix_of(message)


def test_extra_domains_with_a_port_are_in_the_targets_scope(tmp_path: Path) -> None:
    from auditor.scope import Scope

    path = write(tmp_path, f"{HEADER},extra_domains\n"
                           "f,Forum,http://forum.test:8080/,help.forum.test:8080;cdn.forum.test\n")
    (target,) = load_targets(path)
    scope = Scope(target.url, target.extra_domains)
    assert "http://help.forum.test:8080/x" in scope
    assert "http://help.forum.test/x" not in scope           # the port was named: only it
    assert "https://cdn.forum.test:8443/a.js" in scope       # no port named: any port


def test_bad_accounts_key(tmp_path: Path) -> None:
    message = one_error(tmp_path, f"{HEADER},accounts\n{GOOD},forum one\n", 2,
                        "accounts 'forum one'")
    assert "secrets file" in fix_of(message)


def test_broken_recipe_is_refused_before_any_visit(tmp_path: Path) -> None:
    (tmp_path / "bad.toml").write_text('recipe = 1\n[[flow.send_message]]\nclik = "x"\n')
    message = one_error(tmp_path, f"{HEADER},recipe\n{GOOD},bad.toml\n", 2,
                        "recipe file 'bad.toml' is not a valid recipe",
                        "unknown action 'clik'", "did you mean 'click'")
    assert "?.." not in message


def test_missing_recipe(tmp_path: Path) -> None:
    message = one_error(tmp_path, f"{HEADER},recipe\n{GOOD},recipes/none.toml\n", 2,
                        "recipe file 'recipes/none.toml' not found",
                        str(tmp_path / "recipes" / "none.toml"))
    assert "list's folder" in fix_of(message)


def test_recipe_relative_to_csv_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    sub = tmp_path / "lists"
    sub.mkdir()
    (sub / "r.toml").write_text('recipe = 1\n[[flow.inbox]]\ngoto = "/messages"\n')
    path = write(sub, f"{HEADER},recipe\n{GOOD},r.toml\n")
    monkeypatch.chdir(tmp_path)
    (target,) = load_targets(Path("lists") / "targets.csv")
    assert target.recipe == str((sub / "r.toml").resolve())
    assert path.exists()


# --- many problems ------------------------------------------------------------------------------

def test_all_problems_reported_together(tmp_path: Path) -> None:
    text = (f"{HEADER},service_kind,allow_forms\n"
            "a,A,https://a.example/,forum,true\n"
            "B,,a.example,froum,yes\n"
            "c,C,https://c.example/,,\n"
            "d,D\n")
    found = errors(tmp_path, text)
    assert [m.split(": ", 1)[0].rsplit(":", 1)[1] for m in found] == ["3"] * 5 + ["5"]


def test_error_count_is_capped(tmp_path: Path) -> None:
    rows = "".join(f"Bad{i},B,https://b.example/\n" for i in range(MAX_ERRORS + 20))
    found = errors(tmp_path, f"{HEADER}\n{rows}")
    assert len(found) == MAX_ERRORS + 1
    assert f"targets.csv:{MAX_ERRORS + 2}: ... and 20 more problems" in found[-1]
