"""The catalogue's schema, checked at load time with errors that name the entry and the field.

Kept as plain tables (no schema library): each measure field has a type, whether it is required,
and, for words, the allowed choices.  Cross-checks: signals are registered in
:mod:`auditor.signals`, the check is registered and its params fit, the code exists, dates are
in order and entries sharing an id are never in force on the same day.
"""

from __future__ import annotations

import re
from datetime import date, datetime

from auditor import signals
from auditor.measures.checks import REGISTRY
from auditor.model import RISK_KINDS, RISK_LEVELS, SIZE_BANDS

SEVERITIES = ("critical", "high", "medium", "low")
THEMES = ("csea", "terrorism", "hate", "vawg", "grooming", "child_porn_access")
BASES = ("confirmed", "recalled", "secondary", "draft")
OBSERVABILITY = ("full", "partial", "disclosure", "accounts", "none")
NEEDS = ("accounts", "forms")
HARMS = ("illegal", "children", "all")
ID_RE = re.compile(r"^(?:(?:ICU|PCU|ICS|PCS) (?:[A-Z][0-9]{0,2}|[a-z][a-z-]*)"
                   r"|(?:Part5|OSA) s[0-9]+[A-Z]?(?: [a-z][a-z-]*)?)$")
URL_RE = re.compile(r"^https://\S+$")

# field: (kind, required, choices)
MEASURE_FIELDS: dict[str, tuple[str, bool, tuple[str, ...]]] = {
    "id": ("str", True, ()),
    "code": ("str", True, ()),
    "edition": ("str", True, ()),
    "from": ("date", True, ()),
    "until": ("date", False, ()),
    "title": ("str", True, ()),
    "summary": ("str", True, ()),
    "applies_to": ("table", False, ()),
    "signals": ("list", True, ()),
    "check": ("str", True, ()),
    "params": ("table", False, ()),
    "severity": ("word", True, SEVERITIES),
    "themes": ("words", True, THEMES),
    "source": ("url", True, ()),
    "id_confirmed": ("bool", False, ()),
    "basis": ("word", False, BASES),
    "observability": ("word", False, OBSERVABILITY),
    "needs": ("words", False, NEEDS),
}
CODE_FIELDS = {"title": ("str", True, ()), "regime": ("words", True, signals.REGIMES),
               "harms": ("word", False, HARMS), "source": ("url", False, ())}
CLAUSE_FIELDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "regime": ("words", signals.REGIMES),
    "kind": ("words", signals.SERVICE_KINDS),
    "not_kind": ("words", signals.SERVICE_KINDS),
    "size": ("words", SIZE_BANDS),
    "risk": ("words", RISK_KINDS),
    "level": ("word", RISK_LEVELS),
    "risk_any": ("word", RISK_LEVELS),
    "multi_risk": ("bool", ()),
    "lac": ("bool", ()),
    "adult_content": ("bool", ()),
    "age_means": ("bool", ()),
    "uses_age_assurance": ("bool", ()),
    "functionality": ("words", signals.FUNCTIONALITIES),
    "if_assessed": ("str", ()),
    "if_unknown": ("word", ("applies_if_assessed", "not_applicable")),
}


class CatalogueError(ValueError):
    """The catalogue file is unreadable or breaks the schema; the message names where."""


def _type_problem(kind: str, value: object, choices: tuple[str, ...]) -> str | None:
    if kind == "str":
        return None if isinstance(value, str) and value.strip() else "must be a non-empty string"
    if kind == "bool":
        return None if isinstance(value, bool) else "must be true or false"
    if kind == "date":
        ok = isinstance(value, date) and not isinstance(value, datetime)
        return None if ok else "must be a date written YYYY-MM-DD (no quotes, no time)"
    if kind == "table":
        return None if isinstance(value, dict) else "must be a table"
    if kind == "url":
        return None if isinstance(value, str) and URL_RE.match(value) else "must be an https URL"
    if kind == "list":
        ok = isinstance(value, list) and all(isinstance(v, str) for v in value)
        return None if ok else "must be a list of strings"
    if kind == "word":
        return None if value in choices else f"{value!r} is not one of {', '.join(choices)}"
    if kind == "words":
        if not isinstance(value, list):
            return f"must be a list of words from {', '.join(choices)}"
        bad = [v for v in value if v not in choices]
        return f"{bad[0]!r} is not one of {', '.join(choices)}" if bad else None
    raise AssertionError(kind)


def validate(doc: dict, where: str = "catalogue") -> None:
    """Raise :class:`CatalogueError` at the first problem in the parsed TOML ``doc``."""
    for key in doc:
        if key not in ("schema", "name", "codes", "measure"):
            raise CatalogueError(f"{where}: unknown top-level key {key!r}")
    if doc.get("schema") != 1:
        raise CatalogueError(f"{where}: 'schema' must be 1 (got {doc.get('schema')!r})")
    codes = doc.get("codes")
    if not isinstance(codes, dict) or not codes:
        raise CatalogueError(f"{where}: a [codes.NAME] table is needed for every code")
    for name, code in codes.items():
        _fields(f"{where}: code {name!r}", code, CODE_FIELDS)
    measures = doc.get("measure")
    if not isinstance(measures, list) or not measures:
        raise CatalogueError(f"{where}: no [[measure]] entries")
    for n, m in enumerate(measures, 1):
        mid = m.get("id") if isinstance(m, dict) else None
        _measure(f"{where}: measure {n} ({mid!r})" if mid else f"{where}: measure {n}", m, codes)
    _no_overlap(measures, where)


def _fields(at: str, table: object, spec: dict) -> None:
    if not isinstance(table, dict):
        raise CatalogueError(f"{at}: must be a table")
    for key in table:
        if key not in spec:
            raise CatalogueError(f"{at}: unknown field {key!r} (known: {', '.join(spec)})")
    for key, (kind, required, choices) in spec.items():
        if key not in table:
            if required:
                raise CatalogueError(f"{at}: field {key!r} is missing")
            continue
        problem = _type_problem(kind, table[key], choices)
        if problem:
            raise CatalogueError(f"{at}: field {key!r}: {problem}")


def _measure(at: str, m: object, codes: dict) -> None:
    _fields(at, m, MEASURE_FIELDS)
    assert isinstance(m, dict)
    if not ID_RE.match(m["id"]):
        raise CatalogueError(f"{at}: field 'id': {m['id']!r} is not an Ofcom-style id "
                             "(e.g. 'ICU D1', 'PCU F', 'Part5 s81', 'OSA s20A')")
    if m["code"] not in codes:
        raise CatalogueError(f"{at}: field 'code': {m['code']!r} is not a code in [codes] "
                             f"({', '.join(codes)})")
    if not m["id"].startswith(m["code"] + " "):
        raise CatalogueError(f"{at}: field 'id': must start with its code {m['code']!r}")
    if "until" in m and m["until"] < m["from"]:
        raise CatalogueError(f"{at}: field 'until': {m['until']} is before 'from' {m['from']}")
    for s in m["signals"]:
        if s not in signals.SIGNALS:
            raise CatalogueError(f"{at}: field 'signals': {s!r} is not a registered signal "
                                 "(CONTRACT.md, auditor/signals.py)")
    spec = REGISTRY.get(m["check"])
    if spec is None:
        raise CatalogueError(f"{at}: field 'check': no check named {m['check']!r} "
                             f"(known: {', '.join(sorted(REGISTRY))})")
    params = m.get("params", {})
    for key, value in params.items():
        if key not in spec.params:
            raise CatalogueError(f"{at}: field 'params': check {spec.name!r} takes no "
                                 f"parameter {key!r}")
        want = spec.params[key]
        if not isinstance(value, want) or (want is int and isinstance(value, bool)):
            raise CatalogueError(f"{at}: field 'params': {key!r} must be {want.__name__}")
    for key in spec.required:
        if key not in params:
            raise CatalogueError(f"{at}: field 'params': check {spec.name!r} needs {key!r}")
    if "signal" in params and params["signal"] not in m["signals"]:
        raise CatalogueError(f"{at}: field 'params': signal {params['signal']!r} is not listed "
                             "in 'signals'")
    _clause(f"{at}: field 'applies_to'", m.get("applies_to", {}), top=True)


def _clause(at: str, c: object, top: bool) -> None:
    if not isinstance(c, dict):
        raise CatalogueError(f"{at}: must be a table")
    for key, value in c.items():
        if key == "any" and top:
            if not isinstance(value, list) or not value:
                raise CatalogueError(f"{at}: 'any' must be a non-empty list of tables")
            for i, sub in enumerate(value, 1):
                _clause(f"{at}.any[{i}]", sub, top=False)
            continue
        if key not in CLAUSE_FIELDS:
            raise CatalogueError(f"{at}: unknown condition {key!r} "
                                 f"(known: {', '.join(CLAUSE_FIELDS)}{', any' if top else ''})")
        kind, choices = CLAUSE_FIELDS[key]
        problem = _type_problem(kind, value, choices)
        if problem:
            raise CatalogueError(f"{at}: condition {key!r}: {problem}")
    if "level" in c and "risk" not in c:
        raise CatalogueError(f"{at}: condition 'level' needs 'risk'")


def _no_overlap(measures: list[dict], where: str) -> None:
    by_id: dict[str, list[dict]] = {}
    for m in measures:
        by_id.setdefault(m["id"], []).append(m)
    for mid, ms in by_id.items():
        ms = sorted(ms, key=lambda m: m["from"])
        for a, b in zip(ms, ms[1:], strict=False):
            if "until" not in a or a["until"] >= b["from"]:
                raise CatalogueError(f"{where}: measure {mid!r}: entries from {a['from']} and "
                                     f"{b['from']} are both in force on {b['from']}; give the "
                                     "earlier one an 'until' before the later 'from'")
