"""Loading the measures catalogue (``catalogue.toml``, read with :mod:`tomllib`) into
:class:`Measure` objects, and choosing the measures in force on a date."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from auditor.measures.schema import CatalogueError, validate

DEFAULT_PATH = Path(__file__).with_name("catalogue.toml")


@dataclass(frozen=True)
class Code:
    name: str
    title: str
    regime: tuple[str, ...]
    harms: str = "illegal"
    source: str = ""


@dataclass(frozen=True)
class Measure:
    id: str
    code: str
    edition: str
    in_force_from: date
    in_force_until: date | None
    title: str
    summary: str
    applies_to: dict
    signals: tuple[str, ...]
    check: str
    params: dict
    severity: str
    themes: tuple[str, ...]
    source: str
    id_confirmed: bool = True
    basis: str = "confirmed"
    observability: str = "full"
    needs: tuple[str, ...] = ()

    def in_force(self, on: date) -> bool:
        """In force on ``on``: from ``in_force_from`` up to and including ``in_force_until``."""
        return self.in_force_from <= on and (self.in_force_until is None
                                             or on <= self.in_force_until)


@dataclass
class Catalogue:
    name: str
    codes: dict[str, Code]
    measures: list[Measure] = field(default_factory=list)
    path: str = ""

    def in_force(self, on: date) -> list[Measure]:
        """The measures in force on ``on``, in catalogue order."""
        return [m for m in self.measures if m.in_force(on)]

    def changes(self) -> list[date]:
        """Every date on which the set of measures in force changes, ascending."""
        days = {m.in_force_from for m in self.measures}
        days |= {m.in_force_until + timedelta(days=1) for m in self.measures
                 if m.in_force_until is not None}
        return sorted(days)

    def edition_for(self, on: date) -> str:
        """The catalogue edition in force on ``on``: the ISO date of the latest change on or
        before it (``"none"`` before the first measure came into force)."""
        past = [d for d in self.changes() if d <= on]
        return past[-1].isoformat() if past else "none"

    def get(self, measure_id: str, on: date | None = None) -> Measure:
        """The entry for ``measure_id`` (in force on ``on`` when given, else the latest)."""
        ms = [m for m in self.measures if m.id == measure_id and (on is None or m.in_force(on))]
        if not ms:
            raise KeyError(measure_id)
        return ms[-1]

    def regimes(self, m: Measure) -> list[str]:
        return list(self.codes[m.code].regime)

    def harms(self, m: Measure) -> str:
        return self.codes[m.code].harms


def load_catalogue(path: str | Path | None = None) -> Catalogue:
    """Read and validate a catalogue (the bundled one by default).

    Raises :class:`CatalogueError` naming the file, the entry and the field at fault.
    """
    p = Path(path) if path is not None else DEFAULT_PATH
    try:
        with open(p, "rb") as fh:
            doc = tomllib.load(fh)
    except OSError as e:
        raise CatalogueError(f"{p}: cannot read the catalogue ({e.strerror or e})") from e
    except tomllib.TOMLDecodeError as e:
        raise CatalogueError(f"{p}: not valid TOML: {e}") from e
    validate(doc, str(p))
    codes = {name: Code(name, c["title"], tuple(c["regime"]), c.get("harms", "illegal"),
                        c.get("source", ""))
             for name, c in doc["codes"].items()}
    measures = [Measure(
        id=m["id"], code=m["code"], edition=m["edition"], in_force_from=m["from"],
        in_force_until=m.get("until"), title=m["title"], summary=m["summary"],
        applies_to=m.get("applies_to", {}), signals=tuple(m["signals"]), check=m["check"],
        params=m.get("params", {}), severity=m["severity"], themes=tuple(m["themes"]),
        source=m["source"], id_confirmed=m.get("id_confirmed", True),
        basis=m.get("basis", "confirmed"), observability=m.get("observability", "full"),
        needs=tuple(m.get("needs", ())),
    ) for m in doc["measure"]]
    return Catalogue(doc.get("name", p.stem), codes, measures, str(p))
