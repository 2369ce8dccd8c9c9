"""The plain words of the ``auditor check`` page, as data (``reports/check_text.toml``).

Keyed by measure id (what a verdict means, why it matters, what to do), by outcome (how the
check ended) and by the leading word of a reason (why something could not be checked).  An
entry with ``same_as`` takes every field it does not give from the entry it names.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

TEXT_FILE = Path(__file__).with_name("check_text.toml")
FIELDS = ("title", "seen", "partly", "why", "todo")


@dataclass(frozen=True)
class MeasureText:
    title: str
    seen: str
    partly: str
    why: str
    todo: str

    def seen_for(self, status: str) -> str:
        return self.partly if status == "partly_met" and self.partly else self.seen


@dataclass(frozen=True)
class OutcomeText:
    title: str
    text: str
    todo: str = ""


@dataclass(frozen=True)
class CheckText:
    measures: dict[str, MeasureText]
    outcomes: dict[str, OutcomeText]
    unchecked: dict[str, str]
    unchecked_forms_allowed: dict[str, str]     # the same reasons when forms were allowed

    def measure(self, measure_id: str, fallback_title: str = "",
                fallback_summary: str = "") -> MeasureText:
        """The words for ``measure_id``; a measure the table does not know yet gets the
        catalogue's own title and summary, so the page never drops a finding."""
        got = self.measures.get(measure_id)
        if got is not None:
            return got
        return MeasureText(fallback_title or measure_id, fallback_summary, "",
                           fallback_summary, "")

    def outcome(self, word: str) -> OutcomeText:
        return self.outcomes.get(word) or self.outcomes["error"]

    def why_unchecked(self, code: str, *, forms_allowed: bool = False) -> str:
        said = self.unchecked_forms_allowed.get(code) if forms_allowed else None
        return said or self.unchecked.get(code) or self.unchecked["undecided"]


def _resolve(raw: dict[str, dict], key: str, seen: tuple[str, ...] = ()) -> dict[str, str]:
    entry = raw[key]
    base = entry.get("same_as")
    if not base:
        return {f: str(entry.get(f, "")) for f in FIELDS}
    if base not in raw or base in seen:
        raise ValueError(f"{TEXT_FILE}: measure {key!r}: same_as {base!r} is unknown or circular")
    parent = _resolve(raw, base, seen + (key,))
    return {f: str(entry.get(f, parent[f])) for f in FIELDS}


@lru_cache(maxsize=1)
def load() -> CheckText:
    data = tomllib.loads(TEXT_FILE.read_text(encoding="utf-8"))
    raw = data.get("measure", {})
    measures = {key: MeasureText(**_resolve(raw, key)) for key in raw}
    outcomes = {k: OutcomeText(v["title"], v["text"], v.get("todo", ""))
                for k, v in data.get("outcome", {}).items()}
    return CheckText(measures, outcomes, dict(data.get("unchecked", {})),
                     dict(data.get("unchecked_forms_allowed", {})))
