"""Recipes: loading and checking (every problem with its file, flow, step and fix)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from auditor.recipes import (
    ACTIONS,
    FLOWS,
    RecipeError,
    Step,
    fill_placeholders,
    load_recipe,
)

PAGES = Path(__file__).parent / "pages" / "messaging"

GOOD_TOML = """
recipe = 1
service = "Example"
notes = "group chats hide behind the + button"

[[flow.login]]
goto = "/signin"
[[flow.login]]
fill = "#handle"
value = "{login}"
[[flow.login]]
fill = "input[type=password]"
value = "{password}"
[[flow.login]]
press = "Enter"
on = "input[type=password]"
[[flow.login]]
expect = "text=Sign out"
timeout = 8

[[flow.new_group]]
goto = "{home}messages"
[[flow.new_group]]
click = "role=button[name='New group']"
optional = true
[[flow.new_group]]
wait = 500
[[flow.new_group]]
expect = ".spinner"
absent = true
"""


def write(tmp_path: Path, text: str, name: str = "r.toml") -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def errors_of(path: Path) -> list[str]:
    with pytest.raises(RecipeError) as info:
        load_recipe(path)
    return info.value.errors


def test_good_toml(tmp_path):
    r = load_recipe(write(tmp_path, GOOD_TOML))
    assert r.service == "Example" and set(r.flows) == {"login", "new_group"}
    login = r.flow("login")
    assert [s.action for s in login] == ["goto", "fill", "fill", "press", "expect"]
    assert login[2] == Step(3, "fill", "input[type=password]", "{password}")
    assert login[3].on == "input[type=password]" and login[4].timeout == 8.0
    group = r.flow("new_group")
    assert group[1].optional and group[2].target == 500 and group[3].absent
    assert r.flow("inbox") is None


def test_good_json(tmp_path):
    data = {"recipe": 1, "flow": {"send_message": [
        {"goto": "/m/{child.username}"}, {"click": ".dm-open"},
        {"fill": ".pad", "value": "{message}"}, {"click": ".go"},
        {"expect": "text=Sent", "timeout": 5}]}}
    r = load_recipe(write(tmp_path, json.dumps(data), "r.json"))
    assert [s.number for s in r.flow("send_message")] == [1, 2, 3, 4, 5]


def test_bundled_test_recipe_is_valid():
    r = load_recipe(PAGES / "nook_recipe.toml")
    assert set(r.flows) == {"child_profile", "send_message", "inbox"}


def test_every_problem_is_listed_with_its_fix(tmp_path):
    text = """
recipe = 1
colour = "blue"

[[flow.send_mesage]]
goto = "/x"

[[flow.inbox]]
clik = "#inbox"
[[flow.inbox]]
click = "#a"
fill = "#b"
[[flow.inbox]]
fill = "#box"
[[flow.inbox]]
goto = "messages"
[[flow.inbox]]
wait = 60000
[[flow.inbox]]
click = "#x"
timeout = "5"
[[flow.inbox]]
expect = "#y"
absent = "yes"
[[flow.inbox]]
press = "Enter please"
[[flow.inbox]]
click = "#z"
value = "oops"
"""
    errs = errors_of(write(tmp_path, text))
    joined = "\n".join(errs)
    assert all(str(tmp_path / "r.toml") in e and "Fix:" in e for e in errs), joined
    assert "unknown top-level key 'colour'" in joined
    assert "unknown flow 'send_mesage'. Fix: did you mean 'send_message'?" in joined
    assert "flow 'inbox' step 1: unknown action 'clik'. Fix: did you mean 'click'?" in joined
    assert "step 2: 2 actions (click, fill) in one step" in joined
    assert "step 3: fill has no value" in joined
    assert "step 4: goto 'messages' is neither a path nor an http(s) URL" in joined
    assert "step 5: wait must be a whole number of milliseconds" in joined
    assert "step 6: timeout must be a number of seconds" in joined
    assert "step 7: absent must be true or false" in joined
    assert "step 8: press 'Enter please' is not a key name" in joined
    assert "step 9: 'value' does not go with click" in joined
    assert len(errs) == 11


def test_placeholders_are_checked_and_password_kept_to_fill_values(tmp_path):
    text = """
recipe = 1
[[flow.login]]
goto = "/login?user={login}&pw={password}"
[[flow.login]]
fill = "#u"
value = "{usrname}"
[[flow.login]]
click = "text={password}"
[[flow.login]]
fill = "#p"
value = "{password}"
"""
    errs = errors_of(write(tmp_path, text))
    joined = "\n".join(errs)
    assert "step 1: {password} may only appear in a fill value, not in goto" in joined
    assert "step 2: unknown placeholder {usrname} in value. Fix: did you mean 'username'?" \
        in joined
    assert "step 3: {password} may only appear in a fill value, not in click" in joined
    assert "step 4" not in joined


def test_version_and_structure(tmp_path):
    assert "no format version" in errors_of(write(tmp_path, '[[flow.inbox]]\ngoto = "/"\n'))[0]
    assert "recipe = 2 is not a format" in errors_of(
        write(tmp_path, 'recipe = 2\n[[flow.inbox]]\ngoto = "/"\n'))[0]
    assert "no flows" in errors_of(write(tmp_path, "recipe = 1\n"))[0]
    assert "has no steps" in errors_of(write(tmp_path, '{"recipe": 1, "flow": {"inbox": []}}',
                                             "r.json"))[0]
    assert "flow must be a table" in errors_of(write(tmp_path, 'recipe = 1\nflow = "x"\n'))[0]
    step_not_table = errors_of(write(tmp_path, '{"recipe": 1, "flow": {"inbox": ["/x"]}}',
                                     "r.json"))[0]
    assert "step 1: a step must be a table" in step_not_table


def test_unreadable_and_malformed_files(tmp_path):
    missing = errors_of(tmp_path / "none.toml")[0]
    assert "cannot read the recipe" in missing and "Fix:" in missing
    bad_toml = errors_of(write(tmp_path, 'recipe = 1\n[[flow.inbox]\ngoto = "/"\n'))[0]
    assert "not valid TOML" in bad_toml and "line 2" in bad_toml
    bad_json = errors_of(write(tmp_path, '{"recipe": 1,\n "flow": }', "r.json"))[0]
    assert bad_json.startswith(f"{tmp_path / 'r.json'}:2: not valid JSON")
    yaml = errors_of(write(tmp_path, "recipe: 1\n", "r.yaml"))[0]
    assert "must be a .toml or .json file" in yaml
    latin = tmp_path / "l.toml"
    latin.write_bytes(b'recipe = 1\nnotes = "caf\xe9"\n')
    assert "not UTF-8" in errors_of(latin)[0]


def test_messages_never_quote_fill_values(tmp_path):
    text = """
recipe = 1
[[flow.login]]
fill = "#p"
value = "hunter2-{pasword}"
"""
    joined = "\n".join(errors_of(write(tmp_path, text)))
    assert "{pasword}" in joined and "hunter2" not in joined
    step = Step(1, "fill", "#p", "s3cret-value")
    assert "s3cret" not in step.describe()


def test_fill_placeholders():
    values = {"child.username": "bee", "message": "[test] hi"}
    assert fill_placeholders("/m/{child.username}", values) == "/m/bee"
    assert fill_placeholders("{message} to {child.username}", values) == "[test] hi to bee"
    assert fill_placeholders("{missing}", values) == ""


def test_documented_names():
    assert set(ACTIONS) == {"goto", "click", "fill", "press", "wait", "expect"}
    assert {"login", "send_message", "inbox", "requests", "settings", "new_group"} <= set(FLOWS)
