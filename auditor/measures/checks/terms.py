"""Terms of service and public statements: ICU G1/G3, PCU G1/G3, the ICS statement."""

from __future__ import annotations

from auditor.measures.checks.base import CheckContext, Req, accessible, check, readable
from auditor.measures.judgements import CHECKING_GATES

MAX_CLICKS = 3          # clicks from the home page to the terms we accept as signposted

#: Kinds of content harmful to children the PCU G1 terms must each address (terms.harms_covered)
CHILD_HARMS = ("pornography", "suicide_self_harm", "eating_disorders", "hate", "bullying",
               "violence", "dangerous_challenges", "harmful_substances")


def _covers(ctx: CheckContext, kinds: tuple[str, ...], label: str) -> Req:
    covered = ctx.value("terms.harms_covered")
    if covered is None:
        return Req(label, None, ctx.why("terms.harms_covered"))
    missing = [k for k in kinds if k not in covered]
    return Req(label, not missing, no=f"terms do not address {', '.join(missing)}")


@check("terms_illegal", params={"iia_48h": bool})
def terms_illegal(ctx: CheckContext) -> list[Req]:
    """Terms say how users are protected from illegal content, per kind, and how complaints go."""
    reqs = [
        ctx.flag("terms.illegal_content_protection",
                 "explanation of how users are protected from illegal content",
                 no="terms do not say how users are protected from illegal content",
                 decisive=True),   # the substance of G1 (4chan's £20k fine): nothing makes up
        ctx.flag("terms.prohibits_illegal", "prohibition of illegal content"),
        _covers(ctx, ("terrorism", "csea"), "separate terms on terrorism and CSEA"),
        ctx.flag("terms.complaints", "complaints process in the terms"),
        ctx.flag("terms.proactive_tech", "disclosure of any proactive technology", core=False,
                 no="no proactive technology disclosed (needed only where it is used)"),
    ]
    if ctx.params.get("iia_48h"):
        reqs.append(ctx.flag("terms.iia_48h", "48-hour takedown of intimate image reports"))
    return reqs


@check("terms_clarity", params={"children": bool, "max_clicks": int})
def terms_clarity(ctx: CheckContext) -> list[Req]:
    """Terms public without signing in, easy to reach, readable by the youngest user."""
    max_clicks = ctx.params.get("max_clicks", MAX_CLICKS)
    clicks = ctx.value("terms.clicks_from_home")
    return [
        ctx.flag("discovery.terms_url", "terms page", no="no terms page found"),
        ctx.flag("terms.reachable_logged_out", "terms readable without signing in",
                 no="terms need a login to read", yes="terms readable without signing in"),
        Req(f"terms within {max_clicks} clicks of the home page",
            None if clicks is None else clicks <= max_clicks, ctx.why("terms.clicks_from_home"),
            core=False, yes=f"terms {_clicks(clicks)} from the home page",
            no=f"terms {_clicks(clicks)} from the home page (more than {max_clicks})"),
        readable(ctx, "terms.reading_grade", core=bool(ctx.params.get("children"))),
        *accessible(ctx, "terms.a11y_violations", "terms page"),
    ]


def _clicks(n: object) -> str:
    return f"{n:g} click" + ("" if n == 1 else "s") if isinstance(n, (int, float)) else ""


@check("terms_children")
def terms_children(ctx: CheckContext) -> list[Req]:
    """Terms address each kind of content harmful to children, the age check and complaints."""
    gate = ctx.value("age_gate.type")
    reqs = [
        _covers(ctx, CHILD_HARMS, "terms on each kind of content harmful to children"),
        ctx.flag("terms.complaints", "complaints process in the terms"),
    ]
    described = ctx.flag("terms.age_assurance", "description of the age check")
    if gate in CHECKING_GATES:
        reqs.append(described)
    else:
        reqs.append(Req(described.label, described.ok, described.why, core=False))
    return reqs


@check("public_statement")
def public_statement(ctx: CheckContext) -> list[Req]:
    """A public statement reachable logged out that says how users are protected."""
    return [
        ctx.flag("terms.reachable_logged_out", "statement readable without signing in",
                 no="statement needs a login to read",
                 yes="statement readable without signing in"),
        ctx.flag("terms.illegal_content_protection",
                 "explanation of how users are protected from illegal content", decisive=True),
        ctx.flag("terms.complaints", "complaints process", core=False),
    ]
