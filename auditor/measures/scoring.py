"""Scoring: a pure function of stored observations, the target's outcome and the service
profile.  No network, no browser: a stored run can be re-judged under another edition."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date

from auditor.measures import applicability
from auditor.measures.catalogue import Catalogue, Measure
from auditor.measures.checks import REGISTRY, CheckContext, judge
from auditor.measures.facts import Facts, UndeclaredSignal, why_text
from auditor.measures.profile import ServiceProfile, build_profile
from auditor.model import Observation, Target, Verdict

#: What a measure needs from the target row, and the note code when the row does not give it.
NEEDS = {"accounts": "needs_accounts", "forms": "forms_not_allowed"}


def _has(target: Target, need: str) -> bool:
    """Whether the row lets the probes do what ``need`` asks.  Accounts come from the row's
    ``accounts``, or are made by the signup probe where the row allows forms (the messaging
    probe then uses those; where none could be made its signals say so, ``needs_accounts``)."""
    if need == "accounts":
        return bool(target.accounts or target.allow_forms)
    return bool(target.allow_forms)


def score_measure(m: Measure, catalogue: Catalogue, target: Target, facts: Facts,
                  profile: ServiceProfile, outcome: str, on: date, edition: str) -> Verdict:
    """One verdict: applicability first, then the target's outcome, the row's permissions and
    finally the measure's check."""
    app, app_reason, app_ev = applicability.evaluate(m.applies_to, catalogue.regimes(m),
                                                     profile, catalogue.harms(m))

    def verdict(status: str, reason: str, evidence: list[str]) -> Verdict:
        return Verdict(target.id, m.id, edition, app, app_reason, status, m.severity, reason,
                       evidence)

    if app == "not_applicable":
        return verdict("not_applicable", f"Not applicable: {app_reason}", app_ev)
    if outcome != "ok":
        return verdict("not_observable", f"{outcome}: {why_text(outcome)}; no check ran", [])
    for need in m.needs:
        if not _has(target, need):
            code = NEEDS[need]
            return verdict("not_observable", f"{code}: {why_text(code)}", [])
    view = facts.restricted(m.signals)
    ctx = CheckContext(view, profile, target, on, dict(m.params))
    try:
        reqs = REGISTRY[m.check].fn(ctx)
    except UndeclaredSignal:
        raise
    except Exception as e:  # a check bug must not stop the sweep; it is reported, not scored
        return verdict("not_observable", f"error: check {m.check} failed ({type(e).__name__}: "
                       f"{e})", view.evidence())
    status, reason = judge(reqs)
    return verdict(status, reason, view.evidence())


def score_target(target: Target, observations: Iterable[Observation], outcome: str,
                 catalogue: Catalogue, on: date) -> list[Verdict]:
    """One verdict per measure in force on ``on`` (not_applicable ones included)."""
    observations = list(observations)
    profile = build_profile(target, observations)
    facts = Facts(observations)
    edition = catalogue.edition_for(on)
    return [score_measure(m, catalogue, target, facts, profile, outcome or "error", on, edition)
            for m in catalogue.in_force(on)]


def _group(observations_rows: object) -> dict[str, list[Observation]]:
    if isinstance(observations_rows, Mapping):
        return {str(k): list(v) for k, v in observations_rows.items()}
    out: dict[str, list[Observation]] = {}
    for row in observations_rows:  # type: ignore[union-attr]
        if isinstance(row, tuple) and len(row) == 2:
            tid, obs = row
        else:
            tid, obs = row.target_id, row
        out.setdefault(str(tid), []).append(obs)
    return out


def rescore(observations_rows: object, targets: Iterable[Target] | Mapping[str, Target],
            outcomes: Mapping[str, object], catalogue: Catalogue, on: date) -> list[Verdict]:
    """Re-judge a stored run under the measures in force on ``on``; no network.

    ``observations_rows``: ``{target_id: [Observation, ...]}``, or an iterable of
    ``(target_id, Observation)`` pairs, or of Observation-like objects with a ``target_id``
    attribute.  ``targets``: the run's targets (a list or ``{id: Target}``).  ``outcomes``:
    ``{target_id: outcome}`` where an outcome is a word or has an ``outcome`` attribute; a
    target missing from it scores as ``error``.  Verdicts come in target order.
    """
    by_target = _group(observations_rows)
    tlist = list(targets.values()) if isinstance(targets, Mapping) else list(targets)
    out: list[Verdict] = []
    for t in tlist:
        oc = outcomes.get(t.id, "error")
        oc = getattr(oc, "outcome", oc)
        out.extend(score_target(t, by_target.get(t.id, []), str(oc or "error"), catalogue, on))
    return out
