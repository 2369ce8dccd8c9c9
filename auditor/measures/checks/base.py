"""What every check shares: requirements, the context a check reads, the registry, and the rule
that turns requirements into a status and a one-line reason.

A check is a small pure function ``fn(ctx) -> list[Req]`` registered under a name the catalogue
refers to (like an axe-core rule's evaluate function).  Each :class:`Req` is one thing the
measure expects, seen to hold (True), seen not to hold (False) or not seen (None, with the note
code saying why).  :func:`judge` then decides:

- a core requirement unknown and none seen to fail -> ``not_observable`` (the reason starts
  with the note code saying why, e.g. ``needs_accounts: ...``);
- a *decisive* requirement seen to fail -> ``not_met``, whatever else held: it is the substance
  of the measure, so nothing else can make up for it (an age check offering a method that
  cannot be highly effective; terms that do not say how users are protected at all; no way to
  report content);
- another core requirement seen to fail -> ``partly_met`` if another core one was seen to hold,
  else ``not_met`` (optional extras never lift a failure to partly met);
- every core requirement seen to hold -> ``met`` (an optional extra that was not seen does not
  prevent it; one seen to fail makes it ``partly_met``).

So a check that could not run never counts as met or not met.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from auditor.measures.facts import Facts, why_text
from auditor.measures.judgements import readable_for, youngest_user
from auditor.measures.profile import ServiceProfile
from auditor.model import Target


@dataclass(frozen=True)
class Req:
    label: str                 # what is expected, e.g. "report control next to content"
    ok: bool | None
    why: str = ""              # note code when ok is None
    core: bool = True          # optional extras never keep a measure from being met
    no: str = ""               # sentence when not met (default "no <label>")
    yes: str = ""              # sentence when met (default "<label>")
    decisive: bool = False     # seen to fail -> not_met, whatever else held (implies core)


@dataclass
class CheckContext:
    facts: Facts
    profile: ServiceProfile
    target: Target
    on: date
    params: dict = field(default_factory=dict)

    def value(self, signal: str) -> object:
        return self.facts.value(signal)

    def why(self, signal: str) -> str:
        return self.facts.why(signal)

    def flag(self, signal: str, label: str, *, want: bool = True, core: bool = True,
             no: str = "", yes: str = "", decisive: bool = False) -> Req:
        """A requirement that a bool signal is ``want`` (or a URL signal present/absent)."""
        spec_kind = _kind(signal)
        if spec_kind in ("url", "list"):
            seen = self.facts.present(signal)
        else:
            v = self.value(signal)
            seen = v if isinstance(v, bool) else None
        if seen is None:
            return Req(label, None, self.why(signal), core, no, yes, decisive)
        return Req(label, seen == want, "", core, no, yes, decisive)


def _kind(signal: str) -> str:
    from auditor.signals import SIGNALS
    spec = SIGNALS.get(signal)
    return spec.kind if spec else ""


def any_of(label: str, reqs: list[Req], *, core: bool = True, no: str = "",
           decisive: bool = False) -> Req:
    """One requirement met by any of several routes (e.g. a report control or a report page)."""
    if any(r.ok for r in reqs):
        return Req(label, True, core=core, no=no, decisive=decisive)
    unknown = [r for r in reqs if r.ok is None]
    if unknown:
        return Req(label, None, unknown[0].why, core, no, decisive=decisive)
    return Req(label, False, core=core, no=no, decisive=decisive)


def unknown(label: str, why: str, *, core: bool = True) -> Req:
    return Req(label, None, why, core)


def readable(ctx: CheckContext, signal: str, *, core: bool) -> Req:
    """The text at ``signal`` (a reading grade) suits the youngest permitted user."""
    grade = ctx.value(signal)
    age, assumed = youngest_user(ctx.value("terms.min_age"), ctx.value("terms.min_age_uk"))
    who = f"age {age}" + (" (assumed: no minimum age stated)" if assumed else "")
    ok = readable_for(grade, age)
    if ok is None:
        return unknown(f"reading level for {who}", ctx.why(signal), core=core)
    return Req(f"reading level for {who}", ok, core=core,
               yes=f"reading grade {grade:g} suits {who}",
               no=f"reading grade {grade:g} is too hard for {who}")


def accessible(ctx: CheckContext, signal: str, what: str) -> list[Req]:
    """No serious or critical axe-core violation on ``what`` (an optional extra: violations
    make a measure at most partly met, with the rules named).  Nothing when axe-core gave no
    count (not observed, or a run older than the signal): the measure stays as it was."""
    n = ctx.value(signal)
    if not isinstance(n, (int, float)) or isinstance(n, bool):
        return []
    note = ctx.facts.observation(signal).note if n else ""
    rules = ", ".join(dict.fromkeys(re.findall(r"([a-z0-9-]+) \((?:serious|critical)", note)))
    return [Req(f"no serious accessibility faults on the {what}", n == 0, core=False,
                yes=f"no serious or critical axe-core violation on the {what}",
                no=f"{n:g} serious or critical axe-core violation{'s' * (n != 1)} on the "
                   f"{what}" + (f" ({rules})" if rules else ""))]


CheckFn = Callable[[CheckContext], list[Req]]


@dataclass(frozen=True)
class CheckSpec:
    name: str
    fn: CheckFn
    params: dict[str, type]        # allowed params and their types
    required: tuple[str, ...] = ()
    doc: str = ""


REGISTRY: dict[str, CheckSpec] = {}


def check(name: str, *, params: dict[str, type] | None = None,
          required: tuple[str, ...] = ()) -> Callable[[CheckFn], CheckFn]:
    """Register ``fn`` as the check the catalogue calls ``name``."""
    def deco(fn: CheckFn) -> CheckFn:
        if name in REGISTRY:
            raise ValueError(f"check {name!r} registered twice")
        REGISTRY[name] = CheckSpec(name, fn, dict(params or {}), required,
                                   (fn.__doc__ or "").strip().splitlines()[0]
                                   if fn.__doc__ else "")
        return fn
    return deco


def _cap(s: str) -> str:
    return s[:1].upper() + s[1:]


def judge(reqs: list[Req]) -> tuple[str, str]:
    """``(status, reason)`` from a check's requirements (rules in the module docstring)."""
    core = [r for r in reqs if r.core or r.decisive]
    failed = [r for r in reqs if r.ok is False]
    held = [r for r in reqs if r.ok is True]
    open_ = [r for r in reqs if r.ok is None]
    core_open = [r for r in core if r.ok is None]
    core_failed = [r for r in core if r.ok is False]
    core_held = [r for r in core if r.ok is True]
    fails = [r.no or f"no {r.label}" for r in failed]
    founds = [r.yes or f"{r.label} found" for r in held]
    if not core or (core_open and not core_failed):
        why = (core_open or open_)[0].why if (core_open or open_) else "cannot_see"
        todo = f"could not check {', '.join(r.label for r in core_open or open_)}"
        return "not_observable", f"{why}: {why_text(why)}; " + "; ".join([*fails, todo, *founds])
    clauses = [*fails, *[f"{r.label} not checked ({r.why})" for r in open_], *founds]
    if core_failed:
        decided = any(r.decisive for r in core_failed)
        return ("partly_met" if core_held and not decided else "not_met"), _cap("; ".join(clauses))
    return ("partly_met" if failed else "met"), _cap("; ".join(clauses))
