"""Reporting and complaints: ICU D1-D12, PCU D1/D2/D13, ICS D, OSA s20 and s20A."""

from __future__ import annotations

from auditor.measures.checks.base import (
    CheckContext,
    Req,
    accessible,
    any_of,
    check,
    readable,
    unknown,
)

MAX_STEPS = 5   # steps from a piece of content to a submitted report that we accept as easy


def _report_route(ctx: CheckContext, *, decisive: bool = False) -> Req:
    return any_of("way to report content", [
        ctx.flag("reporting.item_control", "report control"),
        ctx.flag("discovery.report_url", "report page"),
    ], no="no way to report content found (no report control next to content, no report page)",
        decisive=decisive)


def _complaints_route(ctx: CheckContext) -> Req:
    return any_of("complaints route", [
        ctx.flag("reporting.complaints_route", "complaints route"),
        ctx.flag("discovery.complaints_url", "complaints page"),
        ctx.flag("terms.complaints", "complaints in the terms"),
    ])


@check("complaints_enabled", params={"children": bool})
def complaints_enabled(ctx: CheckContext) -> list[Req]:
    """A way to report, complain and appeal, open to people who are not users.

    No way to report content at all is ``not_met`` whatever else is there (decisive)."""
    reqs = [
        _report_route(ctx, decisive=True),
        _complaints_route(ctx),
        ctx.flag("reporting.appeals_route", "appeals route"),
        ctx.flag("reporting.logged_out", "reporting without logging in",
                 no="reporting needs a login, so people who are not users cannot report",
                 yes="reporting works without logging in"),
    ]
    if ctx.params.get("children"):
        cats = ctx.value("reporting.categories")
        ok = None if cats is None else "child_safety" in cats
        reqs.append(Req("report category for child safety", ok,
                        ctx.why("reporting.categories") if ok is None else "", core=False))
    return reqs


@check("complaints_easy", params={"children": bool, "max_steps": int})
def complaints_easy(ctx: CheckContext) -> list[Req]:
    """Report control next to content, few steps, room for detail, keyboard use."""
    max_steps = ctx.params.get("max_steps", MAX_STEPS)
    steps = ctx.value("reporting.steps")
    barrier = ctx.value("reporting.barrier")
    reqs = [
        ctx.flag("reporting.item_control", "report control next to content",
                 no="no report control found next to sampled content"),
        Req(f"report flow of at most {max_steps} steps",
            None if steps is None else steps <= max_steps, ctx.why("reporting.steps"),
            no=f"report flow takes {steps} steps (more than {max_steps})",
            yes=f"report flow of {steps} steps"),
        ctx.flag("reporting.free_text", "free-text field for supporting information"),
        ctx.flag("reporting.keyboard", "report flow usable by keyboard",
                 no="report flow not usable by keyboard alone",
                 yes="report flow usable by keyboard"),
        any_of("complaints link", [ctx.flag("discovery.complaints_url", "complaints page"),
                                   ctx.flag("discovery.report_url", "report page")],
               core=False),
        Req("report flow without a CAPTCHA", None if barrier is None else barrier != "captcha",
            ctx.why("reporting.barrier"), core=False, yes="no CAPTCHA before reporting",
            no="a CAPTCHA stands before reporting (check for an accessible alternative)"),
        *accessible(ctx, "reporting.a11y_violations", "report and complaints forms"),
    ]
    if ctx.params.get("children"):
        reqs.append(readable(ctx, "terms.reading_grade", core=False))
    return reqs


@check("appeals", params={"timeframe": bool})
def appeals(ctx: CheckContext) -> list[Req]:
    """An appeals route (and, for large or multi-risk services, a stated timeframe)."""
    reqs = [ctx.flag("reporting.appeals_route", "appeals route")]
    if ctx.params.get("timeframe"):
        reqs.append(ctx.flag("reporting.timeframe_stated", "stated timeframe for decisions"))
    return reqs


@check("proactive_tech_complaints")
def proactive_tech_complaints(ctx: CheckContext) -> list[Req]:
    """Where automated moderation is disclosed, a route to complain about it."""
    uses = ctx.value("terms.proactive_tech")
    if uses is not True:
        why = ctx.why("terms.proactive_tech") if uses is None else "cannot_see"
        return [unknown("use of proactive technology (the measure bites only where it is used; "
                        "none disclosed)" if uses is False else "use of proactive technology",
                        why)]
    return [Req("proactive technology disclosure", True, core=False),
            any_of("route to contest automated decisions", [
                ctx.flag("reporting.appeals_route", "appeals route"),
                ctx.flag("reporting.complaints_route", "complaints route")])]


@check("other_complaints")
def other_complaints(ctx: CheckContext) -> list[Req]:
    """A route for complaints about how the service meets its duties."""
    return [ctx.flag("reporting.complaints_route", "complaints route"),
            ctx.flag("terms.complaints", "complaints process in the terms")]


@check("nonuser_reporting")
def nonuser_reporting(ctx: CheckContext) -> list[Req]:
    """People who are not users can report without logging in (no way to report at all is
    ``not_met``: decisive)."""
    barrier = ctx.value("reporting.barrier")
    return [
        _report_route(ctx, decisive=True),
        ctx.flag("reporting.logged_out", "reporting without logging in",
                 no="reporting needs a login", yes="reporting works without logging in"),
        Req("report flow without a login wall", None if barrier is None else barrier != "login",
            ctx.why("reporting.barrier"), no="a login wall stands before reporting",
            yes="no login wall before reporting"),
    ]


@check("iia_reports")
def iia_reports(ctx: CheckContext) -> list[Req]:
    """A dedicated intimate image report route (s.20A) and the 48-hour promise (s.10(3A))."""
    cats = ctx.value("reporting.categories")
    return [
        ctx.flag("reporting.iia_route", "dedicated intimate image report route"),
        Req("intimate image report category", None if cats is None else "intimate_image" in cats,
            ctx.why("reporting.categories"), core=False),
        ctx.flag("terms.iia_48h", "48-hour takedown promise for intimate images", core=False),
    ]
