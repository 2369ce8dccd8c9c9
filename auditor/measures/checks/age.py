"""Age assurance: PCU B1-B5 and C2, Part 5 s.81.  Which methods can be highly effective is
judged in :mod:`auditor.measures.judgements`.

The methods requirement is decisive: a gate that offers self-declaration, a debit card or a
photo ID check without liveness is not highly effective (measures.md section 3), so the measure
is ``not_met`` however well the gate holds otherwise.

``age_gate.content_behind_gate`` is TRUE when the gated content (media) is already loaded in the
page under the gate or fetched before the check: TRUE is exposure, so every check here wants it
false.
"""

from __future__ import annotations

from auditor.measures.checks.base import CheckContext, Req, check, unknown
from auditor.measures.judgements import CHECKING_GATES, weak_methods


def _methods(ctx: CheckContext) -> Req:
    methods = ctx.value("age_gate.methods")
    label = "only methods capable of being highly effective"
    if methods is None:
        return Req(label, None, ctx.why("age_gate.methods"), decisive=True)
    if not methods:
        return Req(label, False, no="no age check method identified", decisive=True)
    weak = weak_methods(methods)
    return Req(label, not weak, yes=f"highly effective methods only ({', '.join(methods)})",
               no=f"offers {', '.join(weak)}, which cannot be highly effective", decisive=True)


def _robust(ctx: CheckContext, *, regates: bool, core_js: bool = True) -> list[Req]:
    reqs = [
        ctx.flag("age_gate.dismissible", "gate that cannot be dismissed", want=False,
                 no="the age gate can be dismissed", yes="gate cannot be dismissed"),
        ctx.flag("age_gate.bypass_deep_url", "no bypass by direct link", want=False,
                 no="content reachable by direct link without the check",
                 yes="no bypass by direct link"),
        ctx.flag("age_gate.holds_without_js", "gate holds without JavaScript", core=core_js,
                 no="the gate disappears with JavaScript off",
                 yes="gate holds without JavaScript"),
    ]
    if regates:
        reqs.append(ctx.flag("age_gate.regates_new_session", "check repeated in a new session",
                             core=False, no="a new session is not checked again",
                             yes="check repeated in a new session"))
    return reqs


@check("heaa_gate", params={"scope": str, "absent": str, "regates": bool, "needs_adult": bool},
       required=("scope",))
def heaa_gate(ctx: CheckContext) -> list[Req]:
    """Highly effective age assurance in front of ``scope``, shown before content loads.

    No gate: ``not_met``, unless ``absent = "not_observable"`` (whether the content is allowed
    cannot be seen) or ``needs_adult`` and adult content was not seen on the service.
    """
    scope = ctx.params["scope"]
    gate = ctx.value("age_gate.type")
    if gate is None:
        return [unknown(f"age check in front of {scope}", ctx.why("age_gate.type"))]
    if gate not in CHECKING_GATES:
        if ctx.params.get("needs_adult") and ctx.profile.adult_content.value is not True:
            return [unknown("whether the service allows adult content", "cannot_see")]
        if ctx.params.get("absent") == "not_observable":
            return [unknown(f"whether {scope} is allowed and needs an age check", "cannot_see")]
        what = "a login wall only" if gate == "login_wall" else "no age check"
        return [Req(f"age check in front of {scope}", False,
                    no=f"{what} in front of {scope}")]
    return [
        Req(f"age check in front of {scope}", True, core=False,
            yes=f"age check ({gate}) in front of {scope}"),
        _methods(ctx),
        ctx.flag("age_gate.content_behind_gate", "no content loaded before the check is passed",
                 want=False,
                 no="content already loaded under the gate or fetched before the check",
                 yes="no content loaded before the check is passed"),
        *_robust(ctx, regates=bool(ctx.params.get("regates"))),
    ]


@check("heaa_process")
def heaa_process(ctx: CheckContext) -> list[Req]:
    """The age assurance process: strong methods, no easy circumvention."""
    return [
        _methods(ctx),
        *_robust(ctx, regates=True, core_js=False),
        ctx.flag("age_gate.circumvention_advice", "no advice on getting around the check",
                 want=False, core=False, no="the service hosts advice on getting around the check",
                 yes="no advice on getting around the check seen"),
    ]


@check("no_exposure")
def no_exposure(ctx: CheckContext) -> list[Req]:
    """No pornographic content before or during the age check.

    A direct link, a dismissible gate or JavaScript off that shows the content is exposure with
    no check at all, so each is decisive (``not_met`` whatever else holds); content loaded but
    hidden under the gate is not decisive on its own.
    """
    return [
        ctx.flag("age_gate.content_behind_gate", "no content loaded before the check is passed",
                 want=False,
                 no="explicit content already loaded under the gate or fetched before the check",
                 yes="no content loaded before the check is passed"),
        ctx.flag("age_gate.bypass_deep_url", "no exposure by direct link", want=False,
                 no="explicit content reachable by direct link without the check",
                 yes="no exposure by direct link", decisive=True),
        ctx.flag("age_gate.holds_without_js", "no exposure with JavaScript off",
                 no="explicit content shown with JavaScript off",
                 yes="no exposure with JavaScript off", decisive=True),
        ctx.flag("age_gate.dismissible", "gate that cannot be dismissed", want=False,
                 no="the age gate can be dismissed to reveal content",
                 yes="gate cannot be dismissed", decisive=True),
    ]


@check("children_restricted")
def children_restricted(ctx: CheckContext) -> list[Req]:
    """Where adult content is hosted, children's access to it is restricted: behind an age
    check (no check at all, or a login wall only, is ``not_met``) that loads nothing before."""
    adult = ctx.profile.adult_content.value
    if adult is not True:
        return [unknown("how content harmful to children is taken down or restricted",
                        "internal_process")]
    gate = ctx.value("age_gate.type")
    if gate is not None and gate not in CHECKING_GATES:
        wall = " (a login wall only)" if gate == "login_wall" else ""
        return [Req("adult content behind an age check", False,
                    no=f"adult content hosted with no age check in front of it{wall}")]
    return [ctx.flag("age_gate.content_behind_gate",
                     "adult content not loaded until the age check is passed", want=False,
                     no="adult content already loaded under the age gate or fetched before the "
                        "check",
                     yes="adult content not loaded until the age check is passed")]
