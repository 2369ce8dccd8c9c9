"""Load and validate the target list (CONTRACT.md, "The target list").

The whole file is checked before anything is visited.  Every problem becomes one message
``FILE:LINE: what is wrong. Fix: what to do.`` (the header is line 1; a quoted field that spans
lines counts every physical line), and all of them are raised together as :class:`TargetListError`.
"""

from __future__ import annotations

import csv
import difflib
import io
import ipaddress
import re
from pathlib import Path
from urllib.parse import urlsplit

from auditor.model import RISK_KINDS, RISK_LEVELS, SIZE_BANDS, Target
from auditor.recipes import RecipeError, load_recipe
from auditor.signals import REGIMES, SERVICE_KINDS

REQUIRED = ("id", "name", "url")
COLUMNS = REQUIRED + ("service_kind", "extra_domains", "size_band", "risk_levels",
                      "likely_accessed_by_children", "regime", "allow_forms", "accounts",
                      "recipe", "tags", "notes")
MAX_ERRORS = 50

_ID = re.compile(r"[a-z0-9_-]+")
_ACCOUNTS_KEY = re.compile(r"[A-Za-z0-9_-]+")
_LABEL = re.compile(r"(?!-)[a-z0-9_-]{1,63}(?<!-)")
_BOOL_HINTS = {"yes": "true", "y": "true", "1": "true", "on": "true",
               "no": "false", "n": "false", "0": "false", "off": "false"}


class TargetListError(ValueError):
    """The target list is unusable; ``errors`` holds one message per problem."""

    def __init__(self, errors: list[str]):
        self.errors = list(errors)
        super().__init__("\n".join(self.errors))


class _Bad(Exception):
    """One cell is wrong: ``what`` is wrong, ``fix`` says what to do (both without final dot)."""

    def __init__(self, what: str, fix: str):
        super().__init__(what)
        self.what, self.fix = what, fix


def _q(text: str, limit: int = 60) -> str:
    """Quote a user's text for a message, shortened and with control characters escaped."""
    return repr(text if len(text) <= limit else text[:limit] + "...")


def _nearest(word: str, allowed: tuple[str, ...] | list[str]) -> str | None:
    found = difflib.get_close_matches(word.lower(), allowed, n=1, cutoff=0.6)
    return found[0] if found else None


def _word(what: str, cell: str, allowed: tuple[str, ...], empty_fix: str) -> str:
    word = cell.strip().lower()
    if word in allowed:
        return word
    near = _nearest(word, allowed)
    fix = f"write {near!r} (the nearest allowed word)" if near else "write one of the allowed words"
    raise _Bad(f"{what} {_q(cell)} is not an allowed word (allowed: {', '.join(allowed)})",
               f"{fix}{empty_fix}")


def _items(column: str, cell: str) -> list[str]:
    if "," in cell:
        raise _Bad(f"{column} {_q(cell)} contains a comma",
                   f"separate the entries with ';', e.g. {_q(cell.replace(',', ';'))}")
    return [item.strip() for item in cell.split(";") if item.strip()]


def _valid_host(host: str) -> bool:
    try:
        ipaddress.ip_address(host.strip("[]"))
        return True
    except ValueError:
        pass
    try:
        ascii_host = host.encode("idna").decode("ascii").lower()
    except UnicodeError:
        return False
    labels = ascii_host.rstrip(".").split(".")
    return bool(ascii_host) and all(_LABEL.fullmatch(label) for label in labels)


def _port_ok(parts) -> bool:
    try:
        return parts.port != 0
    except ValueError:
        return False


def _has_space(text: str) -> bool:
    return any(ch.isspace() or ord(ch) < 32 for ch in text)


# --- one parser per column: cell (stripped) -> value, or raise _Bad --------------------------

def _url(cell: str) -> str:
    example = "write the start page in full, e.g. 'https://forum.example/'"
    if not cell:
        raise _Bad("url is empty", example)
    if _has_space(cell):
        raise _Bad(f"url {_q(cell)} contains a space or control character",
                   "remove it, or write a space inside the path as %20")
    if "://" not in cell:
        raise _Bad(f"url {_q(cell)} does not start with http:// or https://",
                   f"write {_q('https://' + cell.lstrip('/'))}")
    parts = urlsplit(cell)
    if parts.scheme.lower() not in ("http", "https"):
        raise _Bad(f"url {_q(cell)} uses {parts.scheme!r}, not http or https",
                   "give the service's web address (http:// or https://)")
    if not parts.hostname:
        raise _Bad(f"url {_q(cell)} has no host name", example)
    if parts.username is not None or parts.password is not None:
        raise _Bad("url contains a user name or password (not repeated here)",
                   "remove it from the URL; put logins in the --secrets file and name them in "
                   "the accounts column")
    if not _port_ok(parts):
        raise _Bad(f"url {_q(cell)} has an invalid port", "use a port from 1 to 65535")
    if not _valid_host(parts.hostname):
        raise _Bad(f"url {_q(cell)} has an invalid host name {_q(parts.hostname)}",
                   "use letters, digits, '-' and '.' only in the host name")
    return cell


def _domains(cell: str) -> tuple[str, ...]:
    """``;``-list of hosts, each optionally with ``:port``; a bare host brings that host (and its
    subdomains) into the target's scope on any port, ``host:port`` on that port only
    (:class:`auditor.scope.Scope`)."""
    out: list[str] = []
    for item in _items("extra_domains", cell):
        item = item.lower()
        parts = urlsplit(item if "://" in item else "//" + item)
        host = parts.hostname or ""
        if "://" in item or parts.path or parts.query or parts.fragment:
            raise _Bad(f"extra_domains entry {_q(item)} is not a bare host name",
                       f"write only the host, e.g. {_q(host or 'cdn.forum.example')}")
        if not _port_ok(parts) or not _valid_host(host):
            raise _Bad(f"extra_domains entry {_q(item)} is not a valid host name",
                       "write a host such as 'help.forum.example' (optionally with :port); "
                       "separate entries with ';'")
        if item not in out:
            out.append(item)
    return tuple(out)


def _risks(cell: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for item in _items("risk_levels", cell):
        if "=" not in item:
            raise _Bad(f"risk_levels entry {_q(item)} is not KIND=LEVEL",
                       "write entries such as 'grooming=high', separated by ';'")
        kind, level = (part.strip() for part in item.split("=", 1))
        kind = _word("risk_levels KIND", kind, RISK_KINDS, "")
        level = _word(f"risk_levels LEVEL for {kind}", level, RISK_LEVELS, "")
        if kind in out:
            raise _Bad(f"risk_levels names {kind!r} twice", "keep one level per kind")
        out[kind] = level
    return out


def _regimes(cell: str) -> tuple[str, ...]:
    words = [_word("regime", item, REGIMES, ", or leave the cell empty to infer it")
             for item in _items("regime", cell)]
    return tuple(dict.fromkeys(words))


def _bool(column: str, cell: str) -> bool | None:
    low = cell.lower()
    if low in ("", "true", "false"):
        return None if not low else low == "true"
    hint = _BOOL_HINTS.get(low)
    fix = f"write {hint!r}" if hint else "write true or false"
    raise _Bad(f"{column} is {_q(cell)}, but it accepts only true, false or an empty cell",
               fix)


def _accounts(cell: str) -> str | None:
    if cell and not _ACCOUNTS_KEY.fullmatch(cell):
        raise _Bad(f"accounts {_q(cell)} is not a plain key",
                   "use letters, digits, '-' and '_' only, matching a [table] in the secrets "
                   "file")
    return cell or None


def _recipe(cell: str, base: Path) -> str | None:
    if not cell:
        return None
    path = Path(cell).expanduser()
    path = path if path.is_absolute() else base / path
    if not path.is_file():
        raise _Bad(f"recipe file {_q(cell)} not found (looked for {str(path)!r})",
                   f"check the path; a relative path is read from the list's folder ({base})")
    try:                                   # a broken recipe stops the run before any visit
        load_recipe(path)
    except RecipeError as err:
        problems = " ".join(e.rstrip(".") + ";" for e in err.errors).rstrip(";")
        raise _Bad(f"recipe file {_q(cell)} is not a valid recipe: {problems}",
                   "correct the recipe as each message says (the format is described at the top "
                   "of auditor/recipes.py and in the README)") from None
    return str(path.resolve())


def _name(cell: str) -> str:
    if not cell:
        raise _Bad("name is empty", "write the service's display name")
    return cell


def _check_id(cell: str) -> str:
    if not cell:
        raise _Bad("id is empty", "give the row a unique id such as 'forum-one'")
    if not _ID.fullmatch(cell):
        slug = re.sub(r"[^a-z0-9_-]+", "-", cell.lower()).strip("-") or "forum-one"
        raise _Bad(f"id {_q(cell)} may use only lower-case letters, digits, '-' and '_'",
                   f"write e.g. {slug!r}")
    return cell


# --- the file ---------------------------------------------------------------------------------

class _Report:
    def __init__(self, path: Path):
        self.path, self.errors, self.lines = path, [], []

    def add(self, line: int, what: str, fix: str) -> None:
        self.errors.append(f"{self.path}:{line}: {what}. Fix: {fix}.")
        self.lines.append(line)

    def raise_if_any(self) -> None:
        if not self.errors:
            return
        shown = self.errors[:MAX_ERRORS]
        if len(self.errors) > MAX_ERRORS:
            shown.append(f"{self.path}:{self.lines[MAX_ERRORS]}: ... and "
                         f"{len(self.errors) - MAX_ERRORS} more problems from this line on, not "
                         "shown. Fix: correct the ones above and run again.")
        raise TargetListError(shown)


def _decode(raw: bytes, report: _Report) -> str | None:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        report.add(1, "the file is UTF-16, not UTF-8",
                   "re-save it as UTF-8 (in Excel: 'CSV UTF-8 (Comma delimited)')")
        return None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw.count(b"\n", 0, err.start) + 1
        report.add(line, f"the file is not UTF-8: byte {err.start} (0x{raw[err.start]:02x}, "
                   "counted from 0) is not valid UTF-8; the file was probably saved as "
                   "Windows-1252 or Latin-1",
                   "re-save it as UTF-8 (in Excel: 'CSV UTF-8 (Comma delimited)'), or convert "
                   "it: iconv -f windows-1252 -t utf-8 OLD.csv > NEW.csv")
        return None


def _header(cells: list[str], line: int, report: _Report) -> dict[str, int] | None:
    """Map known column -> index; None when the rows cannot be read at all."""
    names = [c.strip().lower() for c in cells]
    missing = [c for c in REQUIRED if c not in names]
    joined = ",".join(cells)
    if missing and len(cells) == 1 and (";" in joined or "\t" in joined):
        sep = "';'" if ";" in joined else "tabs"
        report.add(line, f"the header is one column {_q(joined)}: the file uses {sep} "
                   "between columns, not commas",
                   "save it with commas between columns (in Excel: 'CSV UTF-8 (Comma "
                   "delimited)')")
        return None
    if missing and not set(names) & set(COLUMNS) and any(
            re.match(r"(?i)https?://", name) for name in names):
        report.add(line, "the first line looks like a target row, not a header",
                   "insert a header line naming the columns in order, e.g. 'id,name,url'")
        return None
    index: dict[str, int] = {}
    for pos, name in enumerate(names, start=1):
        if not name:
            report.add(line, f"column {pos} of the header has no name",
                       "name it or delete that column from every line")
        elif name in index:
            report.add(line, f"column {name!r} appears twice in the header "
                       f"(columns {index[name] + 1} and {pos})", "delete or rename one of them")
        elif name in COLUMNS:
            index[name] = pos - 1
        else:
            near = _nearest(name, COLUMNS)
            fix = (f"rename it to {near!r}" if near else
                   f"rename it to one of: {', '.join(COLUMNS)} (keep free text in tags or notes)")
            report.add(line, f"unknown column {_q(cells[pos - 1].strip())} (column {pos})", fix)
    if not missing:
        return index
    report.add(line, f"missing required column(s) {', '.join(missing)}; the header has: "
               f"{', '.join(_q(c.strip()) for c in cells)}",
               f"add {', '.join(missing)} to the header on line {line} (required: "
               f"{', '.join(REQUIRED)}) and a value for each row")
    return None


def _kind(cell: str) -> str | None:
    empty = ", or leave the cell empty to infer it"
    return _word("service_kind", cell, SERVICE_KINDS, empty) if cell else None


def _band(cell: str) -> str | None:
    return _word("size_band", cell, SIZE_BANDS, ", or leave it empty") if cell else None


_PARSERS = {
    "id": _check_id,
    "name": _name,
    "url": _url,
    "service_kind": _kind,
    "extra_domains": _domains,
    "size_band": _band,
    "risk_levels": _risks,
    "likely_accessed_by_children": lambda v: _bool("likely_accessed_by_children", v),
    "regime": _regimes,
    "allow_forms": lambda v: bool(_bool("allow_forms", v)),
    "accounts": _accounts,
}


def parse_field(column: str, cell: str) -> object:
    """One cell of ``column`` read as the target list reads it (for options that stand in for a
    row, e.g. ``auditor check --kind``); raises ``ValueError("what. Fix: what to do.")``."""
    try:
        return _PARSERS[column](cell.strip())
    except _Bad as bad:
        raise ValueError(f"{bad.what}. Fix: {bad.fix}.") from None


def _row(cells: list[str], index: dict[str, int], line: int, base: Path,
         report: _Report) -> Target | None:
    values: dict[str, object] = {}
    ok = True
    for col, pos in index.items():
        try:
            if col == "recipe":
                values[col] = _recipe(cells[pos], base)
            else:
                values[col] = _PARSERS[col](cells[pos]) if col in _PARSERS else cells[pos]
        except _Bad as bad:
            report.add(line, bad.what, bad.fix)
            ok = False
    return Target(**values, line=line) if ok else None


def load_targets(path: str | Path) -> list[Target]:
    """Read and validate the whole target list; raise :class:`TargetListError` on any problem."""
    path = Path(path)
    report = _Report(path)
    try:
        raw = path.read_bytes()
    except OSError as err:
        raise TargetListError([f"{path}: cannot read the target list ({err.strerror}). "
                               "Fix: check the path and the file's permissions."]) from None
    text = _decode(raw, report)
    report.raise_if_any()
    if not text.strip():
        report.add(1, "the file is empty",
                   "write a header line such as 'id,name,url' and one line per service")
        report.raise_if_any()
    reader = csv.reader(io.StringIO(text, newline=""), strict=True, skipinitialspace=True)
    targets: list[Target] = []
    index: dict[str, int] | None = None
    seen: dict[str, int] = {}
    end = width = header_line = 0
    while True:
        start = end + 1
        try:
            row = next(reader, None)
        except csv.Error as err:
            what = (f"a quoted field starting on line {start} is never closed"
                    if "end of data" in str(err) else f"the line cannot be read as CSV ({err})")
            report.add(start if "end of data" in str(err) else reader.line_num, what,
                       "check the double quotes: a quoted value must end with '\"', and a '\"' "
                       "inside it is written twice ('\"\"')")
            break
        if row is None:
            break
        end = reader.line_num
        cells = [c.strip() for c in row]
        if not any(cells):
            continue
        if index is None:
            index = _header(row, start, report)
            if index is None:
                break
            width, header_line = len(row), start
            continue
        if len(cells) != width:
            _wrong_width(cells, width, start, report)
            continue
        row_id = cells[index["id"]]
        if row_id and row_id in seen:
            report.add(start, f"id {_q(row_id)} is used on line {seen[row_id]} and again on "
                       f"line {start}", "give each row its own id")
        seen.setdefault(row_id, start)
        target = _row(cells, index, start, path.resolve().parent, report)
        if target is not None:
            targets.append(target)
    if index is not None and not targets and not report.errors:
        report.add(header_line, "the file has a header but no target rows",
                   "add one line per service below the header")
    report.raise_if_any()
    return targets


def _wrong_width(cells: list[str], width: int, line: int, report: _Report) -> None:
    what = f"the row has {len(cells)} fields but the header has {width} columns"
    if len(cells) < width:
        fix = (f"add the missing fields so the row has {width} (an empty field is just a "
               "comma), and put double quotes around values that contain a line break")
    elif not any(cells[width:]):
        fix = "remove the trailing commas at the end of the line"
    else:
        fix = ("put double quotes around values that contain a comma, e.g. "
               "'\"Forum, the\"', or remove the extra commas")
    report.add(line, what, fix)
