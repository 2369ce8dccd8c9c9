"""Checks used by many measures: one signal, a disclosure, or an internal process nobody outside
can see."""

from __future__ import annotations

from auditor.measures.checks.base import CheckContext, Req, check, unknown


@check("flag", params={"signal": str, "label": str, "want": bool, "note": str},
       required=("signal", "label"))
def flag(ctx: CheckContext) -> list[Req]:
    """One signal: a bool equal to ``want`` (default true), or a URL found (absent if false)."""
    p = ctx.params
    want = p.get("want", True)
    label = p["label"]
    note = f" ({p['note']})" if p.get("note") else ""
    req = ctx.flag(p["signal"], label, want=want,
                   yes=(f"{label} found" if want else f"no {label} found") + note,
                   no=(f"no {label} found" if want else f"{label} found") + note)
    return [req]


#: Note code of a disclosure-only measure whose disclosure was looked for and not found.
NOT_DISCLOSED = "not_disclosed"


@check("disclosure", params={"signal": str, "label": str}, required=("signal", "label"))
def disclosure(ctx: CheckContext) -> list[Req]:
    """A disclosure (hash matching, URL lists): found -> met; not found -> not observable.

    Whether the matching really runs cannot be seen from outside, so an absent disclosure is
    never scored as non-compliance (measures.md section 7): it is ``not_observable`` with the
    note code ``not_disclosed``.  An undecided signal is ``not_observable`` with its own note.
    """
    p = ctx.params
    label = p["label"]
    seen = ctx.value(p["signal"])
    if seen is True:
        return [Req(label, True, yes=f"{label} disclosed (disclosure only: whether it runs "
                                     "cannot be seen)")]
    if seen is False:
        return [unknown(label, NOT_DISCLOSED)]
    return [unknown(label, ctx.why(p["signal"]))]


@check("internal_process", params={"what": str}, required=("what",))
def internal_process(ctx: CheckContext) -> list[Req]:
    """Not observable from outside: an internal process."""
    return [unknown(ctx.params["what"], "internal_process")]
