"""Triage: which services a taskforce should look at first.

For each target::

    risk     = 1 + sum over risk kinds k of  W(k) * L(k)  + (2 if likely accessed by children)
    gap      = sum over verdicts v of  S(v.severity) * F(v.status) * A(v.applicability)
    priority = risk * gap

- ``L``: the risk level (analyst's where given, else the level inferred from risk factors):
  negligible 0, low 1, medium 2, high 3; unknown 0.
- ``W``: 2 for kinds in a priority theme (CSEA, terrorism, hate, violence against women and
  girls, grooming, children's access to pornography), else 1.
- ``S``: critical 5, high 3, medium 2, low 1.
- ``F``: not_met 1, partly_met 0.5; met, not_observable and not_applicable 0 (a check that
  could not run is never a gap).
- ``A``: applies 1, probably_applies 0.75, applies_if_assessed 0.5, not_applicable 0.
- Mutually exclusive measures (ICU D8/D9, PCU D11/D12: one for large or multi-risk services,
  the other for the rest) can both be counted when size or risk is unknown; only the worse of
  the pair (the higher ``S*F*A``) counts then, once in ``gap``, ``gaps`` and ``themes``.

Size is deliberately not a factor: a small service with grooming factors and missing measures
ranks above a large, well-behaved one.  Ranks are 1-based, by priority, then risk, then id.
``themes``: up to three priority themes, scored by the gaps of measures carrying the theme plus
the weighted risk of the kinds that belong to it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from auditor.measures.catalogue import Catalogue, load_catalogue
from auditor.measures.profile import ServiceProfile
from auditor.measures.risk import LEVEL_RANK
from auditor.model import RISK_KINDS, Verdict

SEVERITY_WEIGHT = {"critical": 5.0, "high": 3.0, "medium": 2.0, "low": 1.0}
STATUS_WEIGHT = {"not_met": 1.0, "partly_met": 0.5}
APPLICABILITY_WEIGHT = {"applies": 1.0, "probably_applies": 0.75, "applies_if_assessed": 0.5}
LAC_BONUS = 2.0

#: Pairs of measures of which at most one applies to a service (large or multi-risk vs the rest).
EXCLUSIVE_PAIRS = (("ICU D8", "ICU D9"), ("PCU D11", "PCU D12"))

#: Priority themes of each risk kind.
KIND_THEMES = {
    "csam_image": ("csea",), "csam_url": ("csea",), "grooming": ("grooming", "csea"),
    "terrorism": ("terrorism",), "hate": ("hate",), "harassment": ("vawg",),
    "intimate_image_abuse": ("vawg",), "pornography": ("child_porn_access",),
}


@dataclass
class TriageRow:
    target_id: str
    risk_score: float
    gap_score: float
    priority: float
    rank: int = 0
    themes: list[str] = field(default_factory=list)
    gaps: int = 0               # measures not_met or partly_met
    unobserved: int = 0         # measures not_observable

    @property
    def top_themes(self) -> list[str]:
        return self.themes


def _risk(profile: ServiceProfile, themes: dict[str, float]) -> float:
    total = 1.0
    for k in RISK_KINDS:
        level = profile.risk(k).value
        if level is None:
            continue
        kts = KIND_THEMES.get(k, ())
        if k == "pornography" and profile.likely_accessed_by_children.value is not True:
            kts = ()
        score = (2.0 if kts else 1.0) * LEVEL_RANK[level]
        total += score
        for t in kts:
            themes[t] = themes.get(t, 0.0) + score
    if profile.likely_accessed_by_children.value is True:
        total += LAC_BONUS
    return total


def _weight(v: Verdict) -> float:
    return (SEVERITY_WEIGHT.get(v.severity, 1.0) * STATUS_WEIGHT.get(v.status, 0.0)
            * APPLICABILITY_WEIGHT.get(v.applicability, 0.0))


def _drop_exclusive(counted: list[tuple[Verdict, float]]) -> list[tuple[Verdict, float]]:
    """Keep only the worse of each exclusive pair counted both (the first on a tie)."""
    drop: set[int] = set()
    for pair in EXCLUSIVE_PAIRS:
        both = [i for i, (v, _) in enumerate(counted) if v.measure_id in pair]
        if len({counted[i][0].measure_id for i in both}) < 2:
            continue
        keep = max(both, key=lambda i: (counted[i][1], -i))
        drop.update(i for i in both if i != keep)
    return [c for i, c in enumerate(counted) if i not in drop]


def _gap(verdicts: Iterable[Verdict], catalogue: Catalogue,
         themes: dict[str, float]) -> tuple[float, int, int]:
    total, gaps, unobserved = 0.0, 0, 0
    counted: list[tuple[Verdict, float]] = []
    for v in verdicts:
        if v.status == "not_observable":
            unobserved += 1
        w = _weight(v)
        if w:
            counted.append((v, w))
    for v, w in _drop_exclusive(counted):
        gaps += 1
        total += w
        try:
            mthemes = catalogue.get(v.measure_id).themes
        except KeyError:
            mthemes = ()
        for t in mthemes:
            themes[t] = themes.get(t, 0.0) + w
    return total, gaps, unobserved


def _unpack(row: object) -> tuple[ServiceProfile, list[Verdict]]:
    if isinstance(row, (tuple, list)):
        parts = [p for p in row if isinstance(p, (ServiceProfile, list, tuple))]
        profile = next(p for p in parts if isinstance(p, ServiceProfile))
        verdicts = next(p for p in parts if isinstance(p, (list, tuple)))
        return profile, list(verdicts)
    return row.profile, list(row.verdicts)


def triage(rows: Iterable[object], catalogue: Catalogue | None = None) -> list[TriageRow]:
    """Rank targets by priority = risk x gap (formula in the module docstring).

    Each row is ``(profile, verdicts)`` or ``(target, profile, verdicts)`` (or an object with
    ``profile`` and ``verdicts``).  Returns rows sorted by rank.
    """
    cat = catalogue or load_catalogue()
    out: list[TriageRow] = []
    for row in rows:
        profile, verdicts = _unpack(row)
        themes: dict[str, float] = {}
        risk = _risk(profile, themes)
        gap, gaps, unobserved = _gap(verdicts, cat, themes)
        top = [t for t, s in sorted(themes.items(), key=lambda kv: (-kv[1], kv[0])) if s > 0]
        out.append(TriageRow(profile.target_id, round(risk, 2), round(gap, 2),
                             round(risk * gap, 2), 0, top[:3], gaps, unobserved))
    out.sort(key=lambda r: (-r.priority, -r.risk_score, r.target_id))
    for i, r in enumerate(out, 1):
        r.rank = i
    return out
