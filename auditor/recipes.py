"""Per-target recipes: declarative steps for the flows a probe's heuristics miss.

A recipe is a TOML or JSON file named in the target list's ``recipe`` column.  It holds named
*flows*; each flow is a list of steps; each step does exactly one thing::

    recipe = 1                       # format version (required)
    service = "Hive"                 # free text (optional)
    notes = "Group chats hide behind the + button"

    [[flow.new_group]]
    goto = "/messages"
    [[flow.new_group]]
    click = "role=button[name='New group']"
    [[flow.new_group]]
    fill = "#members"
    value = "{child.username}"
    [[flow.new_group]]
    expect = "text=Invites sent"

The same in JSON: ``{"recipe": 1, "flow": {"new_group": [{"goto": "/messages"}, ...]}}``.

Actions: ``goto`` (a path or an http(s) URL on the target), ``click`` and ``fill`` (a
Playwright selector; ``fill`` needs ``value``), ``press`` (a key such as ``"Enter"``, with an
optional ``on`` selector), ``wait`` (milliseconds, at most 10000) and ``expect`` (a selector that
must become visible, or with ``absent = true`` must not be there).  Every step may add
``timeout`` (seconds, 0.5-60) and ``optional = true`` (a failure does not end the flow).
Placeholders in braces are filled in when the flow runs (:data:`PLACEHOLDERS`); ``{password}``
may appear only in a ``fill`` value, so it can never end up in a URL, a selector or a log.

:func:`load_recipe` reads and checks the whole file and raises :class:`RecipeError` with one
message per problem (file, flow, step number, what is wrong, the fix).  Recipes go stale when
services change: keep one live test per recipe.
"""

from __future__ import annotations

import difflib
import json
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

FORMAT_VERSION = 1

#: Flow name -> what it must do (the probe that uses it runs it at that point).
FLOWS: dict[str, str] = {
    "login": "as any persona: log in (placeholders {login} and {password}); ends logged in",
    "child_profile": "as the adult: open the child's profile page",
    "send_message": "as the adult: send {message} to the child; ends once it is sent",
    "inbox": "as the child: open the list of conversations where new messages arrive",
    "requests": "as the child: open the message requests (or filtered messages)",
    "open_message": "as the child: open the conversation or request holding {message}",
    "settings": "as the child: open the page with the 'who can message me' setting",
    "suggestions": "as the adult: open the 'people you may know' suggestions",
    "search": "as the adult: search for {query} (the child's username); ends on the results",
    "new_group": "as the adult: start a group chat named {group} with the child, first "
                 "message {message}",
    "group_invites": "as the child: open where group chat invitations arrive",
    "own_post": "as the child: open one of the child's own posts (for the comment controls)",
}

ACTIONS = ("goto", "click", "fill", "press", "wait", "expect")
MODIFIERS: dict[str, tuple[str, ...]] = {
    "goto": (), "click": (), "fill": ("value",), "press": ("on",), "wait": (),
    "expect": ("absent",),
}
COMMON = ("timeout", "optional")

#: Placeholders a step may use; ``{password}`` only in a ``fill`` value.
PLACEHOLDERS = ("login", "password", "username", "email", "display_name",
                "adult.username", "adult.display_name", "child.username", "child.display_name",
                "message", "group", "query", "home")
_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")


class RecipeError(ValueError):
    """The recipe file is wrong; ``errors`` holds one message per problem, each with its fix."""

    def __init__(self, errors: list[str]):
        self.errors = list(errors)
        super().__init__("\n".join(self.errors))


@dataclass(frozen=True)
class Step:
    number: int                 # 1-based, as the analyst counts them
    action: str                 # one of ACTIONS
    target: str | int           # selector, URL/path, key or milliseconds
    value: str | None = None    # fill value
    on: str | None = None       # press: the element to press the key on
    absent: bool = False        # expect: must not be there
    timeout: float | None = None
    optional: bool = False

    def describe(self) -> str:
        """The step for messages: never the ``fill`` value (it may hold a password)."""
        if self.action == "wait":
            return f"wait {self.target} ms"
        return f"{self.action} {str(self.target)!r}"


@dataclass(frozen=True)
class Recipe:
    path: str
    flows: dict[str, tuple[Step, ...]] = field(default_factory=dict)
    service: str = ""
    notes: str = ""

    def flow(self, name: str) -> tuple[Step, ...] | None:
        return self.flows.get(name)


def _fix_name(name: str, known: tuple[str, ...] | list[str]) -> str:
    near = difflib.get_close_matches(name, known, n=1)
    return f"did you mean {near[0]!r}?" if near else f"use one of: {', '.join(known)}"


def _read(path: Path) -> dict:
    try:
        raw = path.read_bytes()
    except OSError as err:
        raise RecipeError([f"{path}: cannot read the recipe ({err.strerror}). Fix: check the "
                           "recipe column's path."]) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw.count(b"\n", 0, err.start) + 1
        raise RecipeError([f"{path}:{line}: the recipe is not UTF-8. Fix: re-save it as "
                           "UTF-8."]) from None
    suffix = path.suffix.lower()
    if suffix == ".json":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as err:
            raise RecipeError([f"{path}:{err.lineno}: not valid JSON ({err.msg}, column "
                               f"{err.colno}). Fix: correct that line."]) from None
    elif suffix == ".toml":
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as err:
            raise RecipeError([f"{path}: not valid TOML: {err}. Fix: correct that line "
                               '(strings go in double quotes: click = "#send").']) from None
    else:
        raise RecipeError([f"{path}: a recipe must be a .toml or .json file. Fix: rename it "
                           "with the extension of its format."])
    if not isinstance(data, dict):
        raise RecipeError([f"{path}: the recipe must be a table (TOML) or an object (JSON) "
                           'with "recipe" and "flow". Fix: see auditor/recipes.py for the '
                           "format."])
    return data


def _check_text(value: object, where: str, what: str, errors: list[str], *,
                password_ok: bool = False) -> str | None:
    if not isinstance(value, str) or not value.strip():
        errors.append(f"{where}: {what} must be a non-empty string. Fix: write it in double "
                      'quotes, e.g. click = "#send".')
        return None
    if "\n" in value or "\r" in value:
        errors.append(f"{where}: {what} spans several lines. Fix: write it on one line.")
        return None
    for name in _PLACEHOLDER.findall(value):
        if name not in PLACEHOLDERS:
            errors.append(f"{where}: unknown placeholder {{{name}}} in {what}. Fix: "
                          f"{_fix_name(name, PLACEHOLDERS)} (placeholders: "
                          + ", ".join("{" + p + "}" for p in PLACEHOLDERS) + ").")
        elif name == "password" and not password_ok:
            errors.append(f"{where}: {{password}} may only appear in a fill value, not in "
                          f"{what}. Fix: use it as value = \"{{password}}\" in a fill step.")
    return value


def _step(raw: object, number: int, where: str, errors: list[str]) -> Step | None:
    if not isinstance(raw, dict):
        errors.append(f"{where}: a step must be a table of one action, e.g. "
                      '{ click = "#send" }. Fix: write it as [[flow.NAME]] with one action.')
        return None
    actions = [k for k in raw if k in ACTIONS]
    if len(actions) != 1:
        unknown = [k for k in raw if k not in ACTIONS and k not in COMMON
                   and not any(k in m for m in MODIFIERS.values())]
        if not actions and unknown:
            errors.append(f"{where}: unknown action {unknown[0]!r}. Fix: "
                          f"{_fix_name(unknown[0], ACTIONS)}.")
        elif not actions:
            errors.append(f"{where}: no action. Fix: give exactly one of "
                          f"{', '.join(ACTIONS)}.")
        else:
            errors.append(f"{where}: {len(actions)} actions ({', '.join(actions)}) in one step. "
                          "Fix: split them into one step each.")
        return None
    action = actions[0]
    allowed = set(MODIFIERS[action]) | set(COMMON) | {action}
    bad = len(errors)
    for key in raw:
        if key not in allowed:
            known = sorted(allowed - {action})
            errors.append(f"{where}: {key!r} does not go with {action}. Fix: "
                          + (f"use only {', '.join(known)} beside {action}" if known else
                             f"remove it ({action} takes no options)") + ".")
    target = raw[action]
    value = on = None
    if action == "goto":
        target = _check_text(target, where, "goto", errors)
        if target and not (target.startswith("/") or re.match(r"https?://[^\s/]+", target)
                           or target.startswith("{home}")):
            errors.append(f"{where}: goto {target!r} is neither a path nor an http(s) URL. "
                          'Fix: write a path such as "/messages" or a full URL.')
    elif action in ("click", "expect"):
        target = _check_text(target, where, action, errors)
    elif action == "fill":
        target = _check_text(target, where, "fill", errors)
        if "value" not in raw:
            errors.append(f"{where}: fill has no value. Fix: add value = \"...\" (placeholders "
                          "such as {message} or {password} are allowed).")
        elif not isinstance(raw["value"], str):
            errors.append(f"{where}: value must be a string. Fix: write it in double quotes.")
        else:
            value = raw["value"]
            if value:
                _check_text(value, where, "value", errors, password_ok=True)
    elif action == "press":
        target = _check_text(target, where, "press", errors)
        if target and not re.fullmatch(r"[A-Za-z0-9+_]{1,40}", target):
            errors.append(f"{where}: press {target!r} is not a key name. Fix: write a key "
                          'such as "Enter", "Escape", "Tab" or "Control+Enter".')
        if "on" in raw:
            on = _check_text(raw["on"], where, "on", errors)
    elif action == "wait":
        if isinstance(target, bool) or not isinstance(target, int) or not 0 < target <= 10000:
            errors.append(f"{where}: wait must be a whole number of milliseconds from 1 to "
                          "10000. Fix: write e.g. wait = 500 (no quotes).")
    timeout = raw.get("timeout")
    if timeout is not None and (isinstance(timeout, bool) or not isinstance(timeout, (int, float))
                                or not 0.5 <= timeout <= 60):
        errors.append(f"{where}: timeout must be a number of seconds from 0.5 to 60. Fix: "
                      "write e.g. timeout = 5 (no quotes).")
    for flag in ("optional", "absent"):
        if flag in raw and not isinstance(raw[flag], bool):
            errors.append(f"{where}: {flag} must be true or false. Fix: write {flag} = true "
                          "(no quotes).")
    if len(errors) > bad:
        return None
    return Step(number, action, target, value, on, bool(raw.get("absent", False)),
                float(timeout) if timeout is not None else None, bool(raw.get("optional", False)))


def load_recipe(path: str | Path) -> Recipe:
    """Read and check a recipe file; :class:`RecipeError` lists every problem with its fix."""
    path = Path(path)
    data = _read(path)
    errors: list[str] = []
    for key in data:
        if key not in ("recipe", "service", "notes", "flow"):
            errors.append(f"{path}: unknown top-level key {key!r}. Fix: "
                          f"{_fix_name(key, ['recipe', 'service', 'notes', 'flow'])} "
                          "(a recipe has recipe, service, notes and flow).")
    version = data.get("recipe")
    if version is None:
        errors.append(f"{path}: no format version. Fix: add recipe = {FORMAT_VERSION} at the "
                      "top.")
    elif version != FORMAT_VERSION or isinstance(version, bool):
        errors.append(f"{path}: recipe = {version!r} is not a format this auditor reads. Fix: "
                      f"write recipe = {FORMAT_VERSION}.")
    for key in ("service", "notes"):
        if key in data and not isinstance(data[key], str):
            errors.append(f"{path}: {key} must be a string. Fix: write it in double quotes.")
    flows_raw = data.get("flow")
    flows: dict[str, tuple[Step, ...]] = {}
    if flows_raw is None:
        errors.append(f"{path}: no flows. Fix: add at least one, e.g. [[flow.send_message]] "
                      f"with its steps (flows: {', '.join(FLOWS)}).")
    elif not isinstance(flows_raw, dict):
        errors.append(f"{path}: flow must be a table of named flows. Fix: write "
                      "[[flow.NAME]] tables (TOML) or \"flow\": {\"NAME\": [...]} (JSON).")
    else:
        for name, steps in flows_raw.items():
            if name not in FLOWS:
                errors.append(f"{path}: unknown flow {name!r}. Fix: "
                              f"{_fix_name(name, list(FLOWS))}.")
                continue
            if not isinstance(steps, list) or not steps:
                errors.append(f"{path}: flow {name!r} has no steps. Fix: give it a list of "
                              f"steps ([[flow.{name}]] tables in TOML).")
                continue
            out = []
            for i, raw in enumerate(steps, start=1):
                step = _step(raw, i, f"{path}: flow {name!r} step {i}", errors)
                if step is not None:
                    out.append(step)
            flows[name] = tuple(out)
    if errors:
        raise RecipeError(errors)
    return Recipe(str(path), flows, data.get("service", ""), data.get("notes", ""))


def fill_placeholders(text: str, values: dict[str, str]) -> str:
    """Replace ``{name}`` placeholders (unknown or missing ones become empty)."""
    return _PLACEHOLDER.sub(lambda m: str(values.get(m.group(1), "")), text)
