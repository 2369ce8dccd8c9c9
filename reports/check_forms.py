"""What ``auditor check`` was allowed to submit and what the run shows it created.

Read from the run folder: ``check.json`` (the plan the operator confirmed: how accounts and
messages are marked) and the signup and messaging observations.  The tool never stores its test
accounts' names, so this says how to find them rather than naming them.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from reports.view import humanise, reason_text


def _detail(note: str) -> str:
    """A note without its leading code word (``needs_accounts: the form asks no age``)."""
    code, sep, rest = str(note or "").partition(":")
    return rest.strip() if sep and rest.strip() else reason_text(note)


DELIVERY = {"true": "it reached the child", "request_only": "it arrived as a request",
            "false": "your site refused it, or it never arrived"}


def created(run_dir: Path, observations: list[dict[str, str]], meta: dict[str, Any]
            ) -> dict[str, Any]:
    """What the operator allowed (check.json) and what the run shows was created with it."""
    try:
        plan = json.loads((run_dir / "check.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        plan = {}
    if not isinstance(plan, dict):
        plan = {}
    signup = plan.get("allow_forms") is True
    own = plan.get("accounts") is True
    allowed = signup or own
    cells = {o["signal"]: (o["value"], o["note"]) for o in observations}
    options = meta.get("options") if isinstance(meta.get("options"), dict) else {}
    ages = [a for a in (options.get("signup_ages") or plan.get("ages") or [])
            if isinstance(a, int)]
    made = []
    if allowed:
        outcome, note = cells.get("signup.underage_outcome", ("", "")) if signup else ("", "")
        lowest, _ = cells.get("signup.lowest_age_accepted", ("", ""))
        if outcome and outcome != "not_tested":
            made.append(f"The sign-up form was filled in for made-up people aged "
                        f"{', '.join(str(a) for a in ages)} (and, to find the lowest age "
                        "accepted, perhaps ages in between). The youngest was "
                        f"{humanise(outcome)}" + (f" ({note})" if note else "") + ".")
            if lowest:
                made.append(f"The youngest age your sign-up accepted was {lowest}. Each "
                            "sign-up your site accepted may have left an account (perhaps "
                            "waiting for an email confirmation that never comes).")
        elif outcome or note:
            made.append("The sign-up form was not filled in"
                        + (f": {_detail(note)}" if note else "") + ".")
        sent, why = cells.get("messaging.unknown_adult_can_dm_child", ("", ""))
        if sent and sent != "not_tested":
            made.append("The adult test account tried to send one private message to the "
                        "child test account: " + DELIVERY.get(sent, "see the details above")
                        + ".")
        elif sent == "not_tested":
            made.append("No test message was sent"
                        + (f": {_detail(why)}" if why else "") + ".")
        group, _ = cells.get("messaging.group_invite_needs_acceptance", ("", ""))
        if group:
            made.append("The adult test account started a group chat and invited the child "
                        "test account.")
    return {"allowed": allowed, "signup": signup, "own_accounts": own, "ages": ages,
            "made": made,
            "account_prefix": str(plan.get("account_prefix") or ""),
            "email_domain": str(plan.get("email_domain") or ""),
            "message_marker": str(plan.get("message_marker") or ""),
            "group_prefix": str(plan.get("group_prefix") or ""),
            "confirmed": str(plan.get("confirmed") or "")}
