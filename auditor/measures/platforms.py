"""Community software defaults that matter for the codes, as data, and what they may inform.

The table is ``auditor/measures/platform_defaults.toml`` (its header explains the fields; each
fact names its source).  It informs two things only, both labelled as inferred:

- **applicability**: a default can make a condition ``probably`` hold where nothing was
  observed (e.g. private messages on by default make ``dm`` a probable functionality and a
  grooming risk factor); an observation always wins (``messaging.dm_available`` observed false
  means no inference), and a measure's status never depends on it;
- **advice**: for a gap (a measure not met or partly met) whose observed value a setting can
  change, which setting of the recognised platform changes it (:func:`advice`).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

BUNDLED = Path(__file__).with_name("platform_defaults.toml")
DEFAULTS = ("on", "off", "absent", "unknown")
DEFAULT_WORDS = {"on": "on by default", "off": "off by default",
                 "absent": "not in the software", "unknown": "not known"}
GAP_STATUSES = ("not_met", "partly_met")


class PlatformDefaultsError(ValueError):
    """The defaults table cannot be used; the message says where."""


@dataclass(frozen=True)
class Topic:
    key: str
    title: str
    gaps: tuple[tuple[str, str], ...]      # (signal, observed cell) a setting can change


@dataclass(frozen=True)
class Default:
    topic: str
    default: str
    who: str = ""
    setting: str = ""
    note: str = ""
    source: str = ""

    @property
    def known(self) -> bool:
        return self.default != "unknown"


@dataclass(frozen=True)
class PlatformDefaults:
    key: str
    name: str
    topics: dict[str, Default] = field(default_factory=dict, hash=False, compare=False)

    def get(self, topic: str) -> Default:
        return self.topics.get(topic) or Default(topic, "unknown", source="not established")


@dataclass(frozen=True)
class DefaultsTable:
    topics: dict[str, Topic]
    platforms: dict[str, PlatformDefaults]

    def of(self, key: str | None) -> PlatformDefaults | None:
        return self.platforms.get(key or "")


def _parse(data: dict, origin: str) -> DefaultsTable:
    topics: dict[str, Topic] = {}
    for key, row in (data.get("topics") or {}).items():
        gaps = []
        for g in row.get("gaps", []):
            signal, sep, cell = str(g).partition("=")
            if not sep or "." not in signal:
                raise PlatformDefaultsError(f"{origin}: topic {key}: gap {g!r} is not "
                                            "signal=value")
            gaps.append((signal.strip(), cell.strip()))
        topics[key] = Topic(key, str(row.get("title", key)), tuple(gaps))
    platforms: dict[str, PlatformDefaults] = {}
    for key, row in (data.get("platform") or {}).items():
        if not isinstance(row, dict) or not isinstance(row.get("name"), str):
            raise PlatformDefaultsError(f"{origin}: platform {key}: no name")
        values: dict[str, Default] = {}
        for topic, d in row.items():
            if topic == "name":
                continue
            if topic not in topics:
                raise PlatformDefaultsError(f"{origin}: platform {key}: unknown topic {topic}")
            if d.get("default") not in DEFAULTS:
                raise PlatformDefaultsError(f"{origin}: platform {key}.{topic}: default must "
                                            f"be one of {', '.join(DEFAULTS)}")
            if not d.get("source"):
                raise PlatformDefaultsError(f"{origin}: platform {key}.{topic}: no source")
            values[topic] = Default(topic, d["default"], d.get("who", ""), d.get("setting", ""),
                                    d.get("note", ""), d["source"])
        platforms[key] = PlatformDefaults(key, row["name"], values)
    return DefaultsTable(topics, platforms)


@lru_cache(maxsize=2)
def load(path: str | None = None) -> DefaultsTable:
    p = Path(path) if path else BUNDLED
    return _parse(tomllib.loads(p.read_text(encoding="utf-8")), str(p))


# -- applicability --------------------------------------------------------------------------

def private_messages_reason(pd: PlatformDefaults) -> str:
    return f"{pd.name} offers private messages to members by default (inferred)"


def inferred_dm(platform: str | None, dm_available: object, observed_dm: bool,
                table: DefaultsTable | None = None) -> str | None:
    """The reason direct messages are probable from ``platform``'s defaults, or None: only
    when the platform has them on by default and no observation says otherwise (an observed
    ``messaging.dm_available`` of false wins; observed dm needs no inference)."""
    if observed_dm or dm_available is False or not platform:
        return None
    pd = (table or load()).of(platform)
    if pd is None or pd.get("private_messages").default != "on":
        return None
    return private_messages_reason(pd)


def inferred_age_asked(platform: str | None, table: DefaultsTable | None = None) -> str | None:
    """The reason an age is probably asked at registration, from the platform's defaults."""
    pd = (table or load()).of(platform) if platform else None
    if pd is None or pd.get("age_at_registration").default != "on":
        return None
    return f"{pd.name} asks for age or date of birth at registration by default (inferred)"


# -- advice ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Advice:
    measure_id: str
    topic: str
    title: str
    platform: str
    platform_name: str
    observed: str           # "signal = value" the setting can change
    default: str
    setting: str
    who: str
    note: str
    source: str

    def text(self) -> str:
        """One plain sentence for a small operator (inferred from the platform's defaults)."""
        head = f"{self.title}: {DEFAULT_WORDS[self.default]} in {self.platform_name}"
        head += f" ({self.who})" if self.who else ""
        if self.setting:
            return f"{head}. Setting: {self.setting}." + (f" {self.note}." if self.note else "")
        if self.note:
            return f"{head}. No setting for it is known: {self.note}."
        return f"{head}. No setting for it is known."


def advice(platform: str | None, verdicts: list[dict], observed: dict[str, str],
           measure_signals: dict[str, list[str]],
           table: DefaultsTable | None = None) -> list[Advice]:
    """For each gap a setting of ``platform`` can close, which setting.

    ``verdicts``: dicts with ``measure_id`` and ``status``; ``observed``: the service's
    observations as ``{signal: cell}`` (observations.csv cells); ``measure_signals``: the
    signals each measure reads.  A gap gets advice on a topic when its measure reads one of the
    topic's signals and the service's observed value is one the topic lists, and the platform's
    default for the topic is known (a setting, or a note on what to do without one).
    """
    table = table or load()
    pd = table.of(platform)
    if pd is None:
        return []
    out: list[Advice] = []
    for v in verdicts:
        if v.get("status") not in GAP_STATUSES:
            continue
        mid = v.get("measure_id", "")
        reads = set(measure_signals.get(mid, ()))
        for topic in table.topics.values():
            hit = next(((s, c) for s, c in topic.gaps
                        if s in reads and (observed.get(s) or "") == c
                        and (c or s in observed)), None)
            d = pd.get(topic.key)
            if hit is None or not d.known or not (d.setting or d.note):
                continue
            out.append(Advice(mid, topic.key, topic.title, pd.key, pd.name,
                              f"{hit[0]} = {hit[1] or 'empty'}", d.default, d.setting, d.who,
                              d.note, d.source))
    return out
