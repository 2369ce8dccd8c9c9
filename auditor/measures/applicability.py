"""Who a measure applies to: the catalogue's ``applies_to`` predicate over a service profile.

Three-valued and honest about what cannot be seen.  Each condition yields one of

- ``YES``: known from the analyst's values or from observation;
- ``PROBABLY``: the risk factors seen suggest it (an inferred risk level);
- ``IF_ASSESSED``: it turns on something not observable (size, the provider's own risk
  assessment), so the measure applies only if the provider's figures say so;
- ``NO``: known not to hold.

A clause is the AND (minimum) of its conditions; ``any`` clauses are OR-ed (maximum).  The
result maps to the applicability words ``applies``, ``probably_applies``,
``applies_if_assessed`` and ``not_applicable``.
"""

from __future__ import annotations

from dataclasses import dataclass

from auditor.measures.profile import ServiceProfile
from auditor.measures.risk import at_least
from auditor.model import RISK_KINDS

NO, IF_ASSESSED, PROBABLY, YES = 0, 1, 2, 3
WORDS = {YES: "applies", PROBABLY: "probably_applies", IF_ASSESSED: "applies_if_assessed",
         NO: "not_applicable"}
SIZE_WORDS = {"under_700k": "700k or fewer", "700k_to_7m": "700k to 7m", "over_7m": "over 7m"}
REGIME_WORDS = {"u2u": "user-to-user", "search": "search", "part5": "Part 5 (pornography)"}
FLAG_WORDS = {
    "adult_content": ("allows adult content", "does not allow adult content"),
    "age_means": ("has a means of determining age", "has no means of determining age"),
    "uses_age_assurance": ("uses age assurance", "uses no age assurance"),
}


#: Risk kinds counted by ``risk_any`` and ``multi_risk``, by the code's family of harms.
HARMS = {
    "illegal": ("terrorism", "grooming", "csam_image", "csam_url", "intimate_image_abuse", "hate",
                "harassment", "fraud", "suicide_self_harm", "violence"),
    "children": ("pornography", "suicide_self_harm", "eating_disorders", "hate", "bullying",
                 "violence", "dangerous_challenges", "harmful_substances"),
    "all": RISK_KINDS,
}

#: Kinds counted as one kind of harm by ``multi_risk``.  ICU para 5.6: a service is multi-risk
#: at medium or high risk of two or more kinds of illegal harm in Table C, "excluding the kinds
#: set out in rows 2A, 2B and 2C", the CSEA sub-rows, so that CSEA is not counted twice
#: (measures.md, "Multi-risk").  measures.md does not name the sub-rows; third-party records
#: quoting the Code give them as grooming, image-based CSAM and CSAM URLs ("subsets of the CSEA
#: offences", Table C rows 2 to 2C), so all three fold into one CSEA kind.  The risk level of
#: CSEA overall is at least the highest of the three; a service at medium risk of grooming and
#: of image-based CSAM and nothing else is not multi-risk.  ``risk_any`` still reads each kind.
MULTI_RISK_GROUPS = {"csea": ("grooming", "csam_image", "csam_url")}

ANY_WORDS = {HARMS["illegal"]: "any kind of illegal harm",
             HARMS["children"]: "any kind of content harmful to children",
             HARMS["all"]: "any kind of harm"}


@dataclass(frozen=True)
class Tri:
    level: int
    text: str
    evidence: tuple[str, ...] = ()


def _and(parts: list[Tri]) -> Tri:
    if not parts:
        return Tri(YES, "")
    low = min(p.level for p in parts)
    pick = [p for p in parts if p.level == low and p.text]
    ev = tuple(dict.fromkeys(e for p in parts for e in p.evidence))
    joiner = " and " if low == IF_ASSESSED else "; "
    return Tri(low, joiner.join(dict.fromkeys(p.text for p in pick)), ev)


def _or(parts: list[Tri]) -> Tri:
    best = max(parts, key=lambda p: p.level)
    if best.level == NO:
        return Tri(NO, " and ".join(dict.fromkeys(p.text for p in parts if p.text)))
    return best


def _size_text(bands: list[str]) -> str:
    if set(bands) == {"700k_to_7m", "over_7m"}:
        return "over 700k"
    if set(bands) == {"under_700k", "700k_to_7m"}:
        return "7m or fewer"
    return " or ".join(SIZE_WORDS[b] for b in bands)


def _regime(want: list[str], p: ServiceProfile) -> Tri:
    pv = p.regime
    have = list(pv.value or [])
    hit = [r for r in want if r in have]
    names = " or ".join(REGIME_WORDS[r] for r in want)
    if hit:
        return Tri(YES, f"{REGIME_WORDS[hit[0]]} service ({pv.source})", pv.evidence)
    return Tri(NO, f"not a {names} service (regime {'/'.join(have) or 'unknown'}, "
                   f"{pv.source})", pv.evidence)


def _kind(want: list[str], p: ServiceProfile, negate: bool = False) -> Tri:
    pv = p.service_kind
    hit = (pv.value in want) != negate
    names = " or ".join(want)
    if hit:
        return Tri(YES, f"service kind {pv.value} ({pv.source})", pv.evidence)
    if pv.source == "inferred":
        return Tri(IF_ASSESSED, f"if it is {'not ' if negate else ''}a {names} service",
                   pv.evidence)
    return Tri(NO, f"service kind is {pv.value} ({pv.source})", pv.evidence)


def _size(want: list[str], p: ServiceProfile) -> Tri:
    pv = p.size_band
    if pv.known:
        lvl = YES if pv.value in want else NO
        return Tri(lvl, f"size band {pv.value} ({pv.source})")
    return Tri(IF_ASSESSED, f"if it has {_size_text(want)} monthly UK users (size not observable)")


def _risk(kinds: list[str], level: str, p: ServiceProfile, any_word: str = "") -> Tri:
    parts, unknown = [], []
    for k in kinds:
        pv = p.risk(k)
        if pv.source == "analyst":
            ok = at_least(pv.value, level)
            parts.append(Tri(YES if ok else NO, f"{k} risk {pv.value} (analyst)"))
        elif pv.source == "inferred" and at_least(pv.value, level):
            parts.append(Tri(PROBABLY, f"{k} risk factors seen ({pv.reason})", pv.evidence))
        else:
            unknown.append(k)
    if unknown:
        above = "" if level == "high" else " or above"
        what = (any_word if any_word and len(unknown) > 4 else
                " or ".join(unknown) + " risk")
        parts.append(Tri(IF_ASSESSED, f"if the provider assessed {what} as {level}{above}"))
    return _or(parts)


def _kinds_of_harm(harms: tuple[str, ...]) -> list[tuple[str, tuple[str, ...]]]:
    """``(name, risk kinds)`` of each kind of harm ``multi_risk`` counts (CSEA folded once)."""
    out: list[tuple[str, tuple[str, ...]]] = []
    done: set[str] = set()
    for k in harms:
        if k in done:
            continue
        group = next((tuple(m for m in members if m in harms)
                      for members in MULTI_RISK_GROUPS.values() if k in members), (k,))
        name = next((n for n, members in MULTI_RISK_GROUPS.items() if k in members), k)
        out.append((name if len(group) > 1 else k, group))
        done.update(group)
    return out


def _multi_risk(want: bool, p: ServiceProfile, harms: tuple[str, ...]) -> Tri:
    def rows_at_medium(ks: tuple[str, ...], source: str) -> list[str]:
        return [k for k in ks if p.risk(k).source == source and at_least(p.risk(k).value,
                                                                         "medium")]

    def word(name: str, ks: tuple[str, ...], rows: list[str]) -> str:
        return name if len(ks) == 1 else f"{name.upper()} ({', '.join(rows)})"

    kinds = _kinds_of_harm(harms)
    high, guessed, known = [], [], 0
    for name, ks in kinds:
        rows = rows_at_medium(ks, "analyst")
        if rows:
            high.append(word(name, ks, rows))
            known += 1
            continue
        if all(p.risk(k).source == "analyst" for k in ks):
            known += 1          # the analyst put every row of this kind below medium
        elif rows := rows_at_medium(ks, "inferred"):
            guessed.append(word(name, ks, rows))
    once = "; CSEA rows counted once" if any(len(ks) > 1 for _, ks in kinds) else ""
    if len(high) >= 2:
        return Tri(YES if want else NO, f"medium or high risk of {', '.join(high)} (analyst)")
    if known == len(kinds):
        return Tri(NO if want else YES, "fewer than two kinds of harm at medium or high risk "
                                        f"(analyst{once})")
    if want and len(high) + len(guessed) >= 2:
        return Tri(PROBABLY, "risk factors seen for " + ", ".join(high + guessed))
    words = "two or more" if want else "fewer than two"
    return Tri(IF_ASSESSED, f"if the provider assessed {words} kinds of harm at medium or high "
                            "risk")


def _lac(want: bool, p: ServiceProfile) -> Tri:
    pv = p.likely_accessed_by_children
    word = "likely accessed by children"
    if pv.value is None:
        return Tri(IF_ASSESSED, f"if it is {'' if want else 'not '}{word}")
    hit = pv.value == want
    if pv.source == "analyst":
        return Tri(YES if hit else NO, f"{'' if pv.value else 'not '}{word} (analyst)")
    if hit:
        return Tri(PROBABLY, f"{'' if pv.value else 'not '}{word}: {pv.reason}", pv.evidence)
    return Tri(IF_ASSESSED, f"if its children's access assessment found it "
                            f"{'' if want else 'not '}{word} ({pv.reason})", pv.evidence)


def _flag(name: str, want: bool, p: ServiceProfile) -> Tri:
    pv = getattr(p, name)
    yes, no = FLAG_WORDS[name]
    why = f": {pv.reason}" if pv.reason else ""
    if pv.value is None:
        return Tri(IF_ASSESSED, f"if it {yes if want else no} ({pv.reason or 'not observed'})",
                   pv.evidence)
    if pv.source == "inferred":      # e.g. a platform's default: probable, never certain
        if pv.value == want:
            return Tri(PROBABLY, f"{yes if pv.value else no}{why}", pv.evidence)
        return Tri(IF_ASSESSED, f"if it {yes if want else no} ({pv.reason})", pv.evidence)
    return Tri(YES if pv.value == want else NO, f"{yes if pv.value else no}{why} ({pv.source})",
               pv.evidence)


def _functionality(want: list[str], p: ServiceProfile) -> Tri:
    pv = p.functionalities
    names = " or ".join(want)
    probable = p.platform_functionalities
    guessed = [f for f in want if f in (probable.value or [])]
    if pv.value is None:
        if guessed:         # nothing observed: the platform's defaults make it probable
            return Tri(PROBABLY, probable.reason, probable.evidence)
        return Tri(IF_ASSESSED, f"if it offers {names}")
    hit = [f for f in want if f in pv.value]
    if hit:
        return Tri(YES, f"offers {', '.join(hit)} (observed)", pv.evidence)
    if pv.confidence >= 0.8:
        return Tri(NO, f"no {names} seen", pv.evidence)
    if guessed:             # not seen, and not observed absent: probable from the defaults
        return Tri(PROBABLY, probable.reason, probable.evidence)
    return Tri(IF_ASSESSED, f"if it offers {names} (not seen)", pv.evidence)


def _clause(c: dict, p: ServiceProfile, harms: tuple[str, ...]) -> Tri:
    parts: list[Tri] = []
    for key, val in c.items():
        if key == "regime":
            parts.append(_regime(val, p))
        elif key in ("kind", "not_kind"):
            parts.append(_kind(val, p, negate=key == "not_kind"))
        elif key == "size":
            parts.append(_size(val, p))
        elif key == "risk":
            parts.append(_risk(val, c.get("level", "medium"), p))
        elif key == "risk_any":
            parts.append(_risk(list(harms), val, p, any_word=ANY_WORDS.get(harms, "")))
        elif key == "multi_risk":
            parts.append(_multi_risk(val, p, harms))
        elif key == "lac":
            parts.append(_lac(val, p))
        elif key in FLAG_WORDS:
            parts.append(_flag(key, val, p))
        elif key == "functionality":
            parts.append(_functionality(val, p))
        elif key == "if_assessed":
            parts.append(Tri(IF_ASSESSED, f"if {val}"))
    if "any" in c:
        parts.append(_or([_clause(sub, p, harms) for sub in c["any"]]))
    out = _and(parts)
    if out.level == IF_ASSESSED and c.get("if_unknown") == "not_applicable":
        return Tri(NO, f"not shown by the target list: {out.text.removeprefix('if ')}",
                   out.evidence)
    return out


def evaluate(applies_to: dict, regimes: list[str], profile: ServiceProfile,
             harms: str = "illegal") -> tuple[str, str, list[str]]:
    """``(applicability, reason, evidence ids)`` of a measure for ``profile``.

    ``regimes`` is the code's regime list, used unless ``applies_to`` names its own; ``harms``
    (``illegal`` or ``children``) says which risk kinds ``risk_any`` and ``multi_risk`` count.
    """
    clause = {"regime": list(applies_to.get("regime") or regimes)}
    clause.update({k: v for k, v in applies_to.items() if k != "regime"})
    out = _clause(clause, profile, HARMS[harms])
    text = out.text
    if out.level == YES and len(clause) == 1:
        text = f"every {text}"
    elif out.level == IF_ASSESSED:
        text = "applies " + text
    elif out.level == PROBABLY:
        text = "probably: " + text
    return WORDS[out.level], text, list(out.evidence)


def describe(applies_to: dict, regimes: list[str]) -> str:
    """Plain words for ``auditor measures``: who the measure is for."""
    parts = [" or ".join(REGIME_WORDS[r] for r in (applies_to.get("regime") or regimes))]
    parts += _describe_clause({k: v for k, v in applies_to.items() if k != "regime"})
    return "; ".join(p for p in parts if p)


def _describe_clause(c: dict) -> list[str]:
    out = []
    for key, val in c.items():
        if key == "kind":
            out.append("kind " + "/".join(val))
        elif key == "not_kind":
            out.append("kind not " + "/".join(val))
        elif key == "size":
            out.append(_size_text(val) + " UK users")
        elif key == "risk":
            lvl = c.get("level", "medium")
            out.append(f"{'/'.join(val)} risk {lvl}{'' if lvl == 'high' else '+'}")
        elif key == "risk_any":
            out.append(f"any illegal harm at {val}+")
        elif key == "multi_risk":
            out.append("multi-risk" if val else "not multi-risk")
        elif key == "lac":
            out.append("likely accessed by children" if val else "not likely accessed by "
                       "children")
        elif key in FLAG_WORDS:
            out.append(FLAG_WORDS[key][0 if val else 1].split(" (")[0])
        elif key == "functionality":
            out.append("offers " + "/".join(val))
        elif key == "if_assessed":
            out.append(f"if {val}")
        elif key == "any":
            out.append("(" + ") or (".join(", ".join(_describe_clause(s)) for s in val) + ")")
    return out
