"""Measures tested with test accounts (an adult and a child persona): ICU F1/F2/J1/J2, PCU F, J.

The engine makes these ``not_observable`` (``needs_accounts``) before calling them when the
target row names no accounts; enumeration values ``not_tested`` read as unknown here.
"""

from __future__ import annotations

from auditor.measures.checks.base import CheckContext, Req, check


def _enum(ctx: CheckContext, signal: str, good: tuple[str, ...], label: str, *,
          core: bool = True, no: str = "") -> Req:
    v = ctx.value(signal)
    if v is None:
        return Req(label, None, ctx.why(signal), core)
    return Req(label, v in good, core=core, no=no or f"{label}: {v}", yes=label)


def _stmt(ctx: CheckContext, signal: str, label: str, **kw: object) -> Req:
    """A flag whose label reads as a finding when it holds."""
    return ctx.flag(signal, label, yes=label, **kw)  # type: ignore[arg-type]


@check("child_defaults")
def child_defaults(ctx: CheckContext) -> list[Req]:
    """Safety defaults for a child account, seen from an adult stranger's account."""
    return [
        _enum(ctx, "messaging.unknown_adult_can_dm_child", ("false", "request_only"),
              "strangers cannot message a child unannounced",
              no="an unknown adult's message reaches the child test account directly"),
        _enum(ctx, "messaging.child_dm_default", ("connections", "nobody"),
              "child messages limited to connections by default", core=False,
              no="a child's messages are open to everyone by default"),
        _stmt(ctx, "messaging.child_in_suggestions", "child kept out of suggestions", want=False,
                 no="the child is suggested to an adult stranger",
                 core=ctx.profile.offers("suggestions") is not False),
        _stmt(ctx, "messaging.child_in_search", "child kept out of search recommendations",
                 want=False, core=False, no="the child is recommended in an adult's search"),
        _stmt(ctx, "messaging.child_connections_visible", "child's connection lists hidden",
                 want=False, no="the child's connection lists are visible to strangers"),
        _stmt(ctx, "messaging.location_shown", "child's location not shown", want=False,
                 no="the child's location is shown to others"),
    ]


@check("child_support")
def child_support(ctx: CheckContext) -> list[Req]:
    """Supportive information for a child at key moments."""
    return [ctx.flag("messaging.child_support_prompts", "supportive prompts for the child",
                     no="no supportive information shown to the child test account")]


@check("block_mute")
def block_mute(ctx: CheckContext) -> list[Req]:
    """Block and mute controls."""
    return [ctx.flag("messaging.block_control", "block control"),
            ctx.flag("messaging.mute_control", "mute control")]


@check("disable_comments")
def disable_comments(ctx: CheckContext) -> list[Req]:
    """A control to turn off comments on one's own posts."""
    return [ctx.flag("messaging.disable_comments_control", "control to disable comments")]


@check("child_user_support")
def child_user_support(ctx: CheckContext) -> list[Req]:
    """Group invitations need the child's acceptance; supportive prompts are shown."""
    groups = ctx.profile.offers("group_chat")
    return [
        _stmt(ctx, "messaging.group_invite_needs_acceptance",
                 "group chat invitations need the child's acceptance", core=groups is not False,
                 no="the child is added to group chats without accepting"),
        ctx.flag("messaging.child_support_prompts", "supportive prompts for the child",
                 no="no supportive information shown to the child test account"),
    ]


@check("child_user_controls")
def child_user_controls(ctx: CheckContext) -> list[Req]:
    """A child can block, mute and disable comments."""
    comments = ctx.profile.offers("comments")
    return [
        ctx.flag("messaging.block_control", "block control"),
        ctx.flag("messaging.mute_control", "mute control"),
        ctx.flag("messaging.disable_comments_control", "control to disable comments",
                 core=comments is not False),
    ]
