"""Test-account logins: the ``--secrets FILE`` (TOML) named by the ``accounts`` column.

The file holds one table per ``accounts`` key, and in it one table per persona::

    [forum-one.adult]
    username = "audit_adult_01"
    password = "..."
    age = 34

    [forum-one.child]
    email = "audit-child@mail.example"
    password = "..."
    date_of_birth = 2011-05-01
    login_url = "https://forum.example/login"

Messages name the file, the line and the TOML key path (``secrets.toml:7: [forum-one.child]
...``), never a value.  A :class:`Persona`'s ``repr`` and
``str`` mask the password; :func:`secret_values` gives every password so logs and evidence can be
masked.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, fields
from pathlib import Path

from auditor.model import Target

MASK = "********"
FIELDS = ("username", "email", "password", "age", "date_of_birth", "display_name", "login_url")
_ACCOUNT = re.compile(r"[A-Za-z0-9_-]+")
_PERSONA = re.compile(r"[a-z0-9_]+")


class SecretsError(ValueError):
    """The secrets file, or its use by the target list, is wrong; one message per problem."""

    def __init__(self, errors: list[str]):
        self.errors = list(errors)
        super().__init__("\n".join(self.errors))


@dataclass(frozen=True, repr=False)
class Persona:
    """One test account.  Never print ``password``; ``repr``/``str`` mask it."""

    account: str            # the accounts key
    name: str               # adult, child, ...
    password: str
    username: str | None = None
    email: str | None = None
    age: int | None = None
    date_of_birth: dt.date | None = None
    display_name: str | None = None
    login_url: str | None = None

    def __repr__(self) -> str:
        shown = ", ".join(f"{f.name}={MASK if f.name == 'password' else getattr(self, f.name)!r}"
                          for f in fields(self))
        return f"Persona({shown})"

    __str__ = __repr__

    @property
    def login(self) -> str:
        """The identifier to type into a login form: username, else email."""
        return self.username or self.email or ""


class _Lines:
    """Which line of the file defines each key path.

    tomllib gives no positions, so the text is scanned: table headers (``[a.b]``, ``[[a]]``),
    ``key = value`` lines (dotted and quoted keys included) and the keys of one-line inline
    tables (``adult = { username = "...", ... }``).  String contents are masked before keys
    are looked for, so nothing inside a value (a password) is ever taken for a key.  A path not
    found gives the line of its nearest ancestor that was.
    """

    def __init__(self, text: str):
        self.lines: dict[tuple[str, ...], int] = {}
        table: tuple[str, ...] = ()
        in_multiline: str | None = None
        for number, raw in enumerate(text.splitlines(), start=1):
            if in_multiline:
                if in_multiline in raw:
                    in_multiline = None
                continue
            masked, strings, in_multiline = _mask(raw)
            line = masked.split("#", 1)[0].strip()
            if not line:
                continue
            header = re.fullmatch(r"\[\[?([^=\[\]]*)\]\]?", line)
            if header:
                table = _key_path(header.group(1), strings)
                self._record(table, number)
                continue
            key, eq, value = line.partition("=")
            if not eq:
                continue
            path = table + _key_path(key, strings)
            self._record(path, number)
            value = value.strip()
            if value.startswith("{"):
                for inner in re.findall(r"[{,]\s*([^={},]+?)\s*=", value):
                    self._record(path + _key_path(inner, strings), number)

    def _record(self, path: tuple[str, ...], number: int) -> None:
        for end in range(1, len(path) + 1):
            self.lines.setdefault(path[:end], number)

    def line(self, path: tuple[str, ...]) -> int | None:
        for end in range(len(path), 0, -1):
            if path[:end] in self.lines:
                return self.lines[path[:end]]
        return None


def _mask(raw: str) -> tuple[str, list[str], str | None]:
    """``raw`` with every string literal replaced by a placeholder (a quoted NUL and the
    literal's index in ``strings``), the literals, and the delimiter of a multi-line string
    left open at the end of the line, if any."""
    out, strings, i = [], [], 0
    while i < len(raw):
        ch = raw[i]
        if ch == "#":
            out.append(raw[i:])
            break
        if ch in "\"'":
            triple = raw[i:i + 3] == ch * 3
            delim = ch * 3 if triple else ch
            j, start = i + len(delim), i + len(delim)
            while j < len(raw):
                if ch == '"' and raw[j] == "\\" and not triple:
                    j += 2
                    continue
                if raw.startswith(delim, j):
                    break
                j += 1
            if j >= len(raw) and triple:
                out.append('"\x00-"')
                return "".join(out), strings, delim
            strings.append(raw[start:j])
            out.append(f'"\x00{len(strings) - 1}"')
            i = j + len(delim)
            continue
        out.append(ch)
        i += 1
    return "".join(out), strings, None


def _key_path(text: str, strings: list[str]) -> tuple[str, ...]:
    parts = []
    for part in text.split("."):
        part = part.strip()
        quoted = re.fullmatch(r'"\x00(\d+)"', part)
        parts.append(strings[int(quoted.group(1))] if quoted else part)
    return tuple(parts)


class _Where:
    """Formats ``FILE:LINE:`` for a key path (``FILE:`` where the line is unknown)."""

    def __init__(self, path: Path, text: str = ""):
        self.path = path
        self.lines = _Lines(text)

    def __call__(self, *key: str) -> str:
        number = self.lines.line(tuple(key))
        return f"{self.path}:{number}" if number else f"{self.path}"


def _msg(where: _Where, key: tuple[str, ...], what: str, fix: str) -> str:
    return f"{where(*key)}: [{'.'.join(key)}] {what}. Fix: {fix}."


def _persona(where: _Where, account: str, name: str, table: dict,
             errors: list[str]) -> Persona | None:
    key = (account, name)
    bad = len(errors)
    for field in table:
        if field not in FIELDS:
            near = difflib.get_close_matches(field, FIELDS, n=1)
            fix = f"rename it to {near[0]!r}" if near else f"use only: {', '.join(FIELDS)}"
            errors.append(_msg(where, (*key, field), "unknown field", fix))
    for field in ("username", "email", "password", "display_name", "login_url"):
        if field in table and not isinstance(table[field], str):
            errors.append(_msg(where, (*key, field), "must be a string",
                               f'put the value in double quotes: {field} = "..."'))
    if not (isinstance(table.get("password"), str) and table["password"]):
        if "password" not in table:
            errors.append(_msg(where, key, "has no password", 'add password = "..."'))
        elif isinstance(table["password"], str):
            errors.append(_msg(where, (*key, "password"), "is empty", "write the password"))
    if not (table.get("username") or table.get("email")):
        errors.append(_msg(where, key, "has neither username nor email",
                           'add username = "..." or email = "..." (the login name)'))
    email = table.get("email")
    if isinstance(email, str) and email and "@" not in email:
        errors.append(_msg(where, (*key, "email"), "is not an e-mail address (no '@')",
                           "write the full address, or use username instead"))
    age = table.get("age")
    if age is not None and (isinstance(age, bool) or not isinstance(age, int)
                            or not 0 < age < 130):
        errors.append(_msg(where, (*key, "age"), "must be a whole number of years (1-129)",
                           "write e.g. age = 15, without quotes"))
    dob = _date(table.get("date_of_birth"))
    if "date_of_birth" in table and dob is None:
        errors.append(_msg(where, (*key, "date_of_birth"), "is not an ISO date",
                           "write e.g. date_of_birth = 2011-05-01"))
    url = table.get("login_url")
    if isinstance(url, str) and not re.match(r"https?://[^\s/]+", url):
        errors.append(_msg(where, (*key, "login_url"), "is not an http or https URL",
                           "write the login page in full, e.g. \"https://forum.example/login\""))
    if len(errors) > bad:
        return None
    return Persona(account=account, name=name, password=table["password"],
                   username=table.get("username") or None, email=email or None, age=age,
                   date_of_birth=dob, display_name=table.get("display_name"),
                   login_url=url)


def _date(value: object) -> dt.date | None:
    if isinstance(value, dt.datetime) or value is None:
        return None
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return None
    return None


def _read(path: Path) -> tuple[dict, str]:
    try:
        raw = path.read_bytes()
    except OSError as err:
        raise SecretsError([f"{path}: cannot read the secrets file ({err.strerror}). "
                            "Fix: check the --secrets path and its permissions."]) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw.count(b"\n", 0, err.start) + 1
        raise SecretsError([f"{path}:{line}: the file is not UTF-8 (byte {err.start}). "
                            "Fix: re-save it as UTF-8."]) from None
    try:
        return tomllib.loads(text), text
    except tomllib.TOMLDecodeError as err:
        # tomllib quotes the offending character, which may belong to a secret: drop it.
        reason = re.sub(r"character .*? \(at", "character (at", str(err))
        at = re.search(r"at line (\d+)", reason)
        where = f"{path}:{at.group(1)}" if at else f"{path}"
        raise SecretsError([f"{where}: not valid TOML: {reason}. Fix: correct that line "
                            '(strings go in double quotes: password = "...").']) from None


def load_secrets(path: str | Path) -> dict[str, dict[str, Persona]]:
    """Read and check the secrets file: ``{accounts key: {persona name: Persona}}``."""
    path = Path(path)
    data, text = _read(path)
    where = _Where(path, text)
    errors: list[str] = []
    out: dict[str, dict[str, Persona]] = {}
    if not data:
        errors.append(f"{path}: the secrets file has no accounts. Fix: add a table per accounts "
                      "key, e.g. [forum-one.adult] with username and password.")
    for account, personas in data.items():
        if not isinstance(personas, dict):
            errors.append(_msg(where, (account,), "is a value, not a table of personas",
                               f"write it as [{account}.adult] with username and password"))
            continue
        if not _ACCOUNT.fullmatch(account):
            errors.append(_msg(where, (account,), "is not a plain accounts key",
                               "use letters, digits, '-' and '_' only, as in the accounts column"))
        if not personas:
            errors.append(_msg(where, (account,), "has no personas",
                               f"add e.g. [{account}.adult] with username and password"))
        for name, table in personas.items():
            if not isinstance(table, dict):
                errors.append(_msg(where, (account, name), "is a value, not a persona table",
                                   f"put it under a persona, e.g. [{account}.adult]"))
                continue
            if not _PERSONA.fullmatch(name):
                errors.append(_msg(where, (account, name), "is not a valid persona name",
                                   "use lower-case letters, digits and '_', e.g. adult, child"))
                continue
            persona = _persona(where, account, name, table, errors)
            if persona is not None:
                out.setdefault(account, {})[name] = persona
    if errors:
        raise SecretsError(errors)
    return out


def check_accounts(targets: Iterable[Target], secrets: dict[str, dict[str, Persona]] | None,
                   targets_path: str | Path, secrets_path: str | Path | None = None) -> None:
    """Raise :class:`SecretsError` when a target names accounts the secrets do not hold."""
    errors: list[str] = []
    where = f"the secrets file {str(secrets_path)!r}" if secrets_path else "the secrets file"
    for target in targets:
        if not target.accounts:
            continue
        if secrets is None:
            errors.append(f"{targets_path}:{target.line}: accounts {target.accounts!r} is set but "
                          "no secrets file was given. Fix: run with --secrets FILE, or clear the "
                          "accounts cell.")
        elif target.accounts not in secrets:
            known = ", ".join(sorted(secrets)) or "none"
            errors.append(f"{targets_path}:{target.line}: accounts {target.accounts!r} is not in "
                          f"{where} (it has: {known}). Fix: add [{target.accounts}.adult] (and "
                          "other personas) there, or correct the accounts cell.")
    if errors:
        raise SecretsError(errors)


def secret_values(secrets: dict[str, dict[str, Persona]] | None) -> set[str]:
    """Every password, and every username, email and display name (6 characters or more: masking
    replaces substrings, so a short name would blank out parts of ordinary words), for masking
    logs and evidence."""
    out = set()
    for personas in (secrets or {}).values():
        for p in personas.values():
            if p.password:
                out.add(p.password)
            out.update(v for v in (p.username, p.email, p.display_name) if v and len(v) >= 6)
    return out
