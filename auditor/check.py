"""``auditor check URL``: audit one service and write one plain-language page for its operator.

The service becomes a one-row target (:func:`make_target`, its fields read as the target list
reads them), audited by the sweep machinery (:func:`auditor.sweep.run_sweep`) into a run folder
``check-HOST-DATE/``; the page ``check-HOST-DATE.html`` is written beside it by
:func:`reports.check_page.render_check`, so its relative links to the evidence keep working when
both are copied together.  With ``--allow-forms`` the plan of what will be submitted is printed
and confirmed first (:func:`confirm`), and recorded in the run folder (``check.json``).

Exit codes: 0 the check ran (gaps, a bot wall, a geo-block or robots.txt are findings); 1 the
site could not be audited (unreachable, timeout, error); 2 bad input.
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TextIO
from urllib.parse import urlsplit

from auditor.model import Target, utcnow
from auditor.options import SweepOptions
from auditor.sweep import BadInput, run_sweep
from auditor.targets import parse_field

CHECK_FILE = "check.json"
SHOWN_FINDINGS = 5


# -- input ----------------------------------------------------------------------------------

def _field(column: str, cell: str, option: str) -> object:
    try:
        return parse_field(column, cell)
    except ValueError as err:
        raise BadInput(f"{option}: {err}") from None


def host_label(url: str) -> str:
    """The URL's host for file names: lower case, ASCII, with a non-default port as ``-PORT``
    (never a ``:``, which a relative link would read as a URL scheme)."""
    parts = urlsplit(url)
    host = (parts.hostname or "site").encode("idna").decode("ascii").lower()
    label = re.sub(r"[^a-z0-9.-]+", "-", host).strip("-.") or "site"
    return f"{label}-{parts.port}" if parts.port else label


def make_target(url: str, *, kind: str | None = None, size_band: str | None = None,
                risks: list[str] | None = None, children_likely: bool | None = None,
                allow_forms: bool = False, accounts: str | None = None) -> Target:
    """The one-row target of a check; bad values raise :class:`BadInput` naming the allowed
    words, as the target list loader does."""
    url = url.strip()
    if url and "://" not in url:
        url = "https://" + url
    url = str(_field("url", url, "URL"))
    label = host_label(url)
    return Target(
        id=re.sub(r"[^a-z0-9_-]+", "-", label).strip("-") or "site", name=urlsplit(url).netloc,
        url=url,
        service_kind=_field("service_kind", kind, "--kind") if kind else None,
        size_band=_field("size_band", size_band, "--size-band") if size_band else None,
        risk_levels=_field("risk_levels", ";".join(risks), "--risk") if risks else {},
        likely_accessed_by_children=children_likely, allow_forms=allow_forms,
        accounts=_field("accounts", accounts, "--accounts") if accounts else None, line=0)


def load_personas(target: Target, secrets_file: str | None) -> dict:
    """The secrets file's personas, when ``--accounts KEY`` names some (else ``{}``)."""
    if not target.accounts:
        return {}
    if not secrets_file:
        raise BadInput(f"--accounts {target.accounts}: no secrets file was given. Fix: add "
                       "--secrets FILE (a TOML file with your test accounts' logins).")
    from auditor.secrets import load_secrets

    secrets = load_secrets(Path(secrets_file))
    if target.accounts not in secrets:
        raise BadInput(f"--accounts {target.accounts}: {secrets_file} has no table of that "
                       f"name. Fix: use one of {', '.join(sorted(secrets))}.")
    return {target.accounts: secrets[target.accounts]}


@dataclass(frozen=True)
class Paths:
    page: Path
    run: Path


def paths_for(out: Path, target: Target, day: str, *, resume: bool = False) -> Paths:
    """``out/check-HOST-DATE.html`` and ``out/check-HOST-DATE/``; a second check of the same
    host on the same day gets ``-2``, ``-3``... (``--resume`` continues the latest instead)."""
    base = f"check-{host_label(target.url)}-{day}"
    n, chosen = 1, None
    while True:
        name = base if n == 1 else f"{base}-{n}"
        run = out / name
        if not run.exists() and not (out / f"{name}.html").exists():
            break
        chosen = Paths(out / f"{name}.html", run)
        n += 1
    if resume and chosen is not None:
        return chosen
    return Paths(out / f"{name}.html", out / name)


# -- consent --------------------------------------------------------------------------------

def submission_marks() -> dict[str, str]:
    """How everything the probes submit is marked, read from the probes themselves."""
    from probes.messaging_flows import GROUP_PREFIX, MARK
    from probes.signup import EMAIL_DOMAIN, USERNAME_PREFIX

    return {"account_prefix": USERNAME_PREFIX, "email_domain": EMAIL_DOMAIN,
            "message_marker": MARK, "group_prefix": GROUP_PREFIX}


def plan_text(target: Target, options: SweepOptions, marks: dict[str, str]) -> str:
    ages = ", ".join(str(a) for a in options.ages())
    if target.accounts:
        return "\n".join([
            f"With --accounts {target.accounts}, the check will log in on {target.url} as "
            "your test accounts (the personas in the secrets file):",
            "  - Messages: the adult account sends the child account one private message "
            f"marked \"{marks['message_marker']}\", and may start a group chat named "
            f"\"{marks['group_prefix']} ...\" and invite the child.",
        ] + ([f"  - Sign-up (--allow-forms): it also tries the sign-up form for made-up people "
              f"aged {ages}; user names start with {marks['account_prefix']}, addresses are at "
              f"{marks['email_domain']}."] if target.allow_forms else []) + [
            "  It never solves a CAPTCHA. The page it writes says what was sent and how to "
            "remove it."])
    return "\n".join([
        f"With --allow-forms, the check will fill in forms on {target.url}:",
        f"  - Sign-up: it tries to make test accounts for made-up people aged {ages} (and, to "
        "find the lowest age your sign-up accepts, perhaps ages in between). User names start "
        f"with {marks['account_prefix']}, email addresses are at {marks['email_domain']} (a "
        "domain that receives no mail).",
        "  - Messages: if it makes an adult and a child account, the adult account sends the "
        f"child account one private message marked \"{marks['message_marker']}\", and may start "
        f"a group chat named \"{marks['group_prefix']} ...\" and invite the child.",
        "  - Age check: it may answer your age check as a child, to see whether the answer is "
        "remembered.",
        "  It never solves a CAPTCHA. The page it writes says what was created and how to "
        "remove it.",
    ])


def confirm(plan: str, *, yes: bool, stdin: TextIO, out: TextIO) -> str:
    """Print the plan, then ask; returns how consent was given.  Without a terminal and without
    ``--yes`` it refuses (exit 2) before anything is visited."""
    print(plan, file=out, flush=True)
    if yes:
        print("--yes given: going ahead.", file=out, flush=True)
        return "confirmed with --yes"
    if not (hasattr(stdin, "isatty") and stdin.isatty()):
        raise BadInput("--allow-forms: the plan above needs your confirmation, and there is no "
                       "terminal to ask on. Nothing was visited. Fix: add --yes to confirm the "
                       "plan (for scripts), or run the check from a terminal.")
    out.write("Go ahead? Type yes to continue: ")
    out.flush()
    answer = stdin.readline().strip().lower()
    if answer not in ("y", "yes"):
        raise BadInput("not confirmed: nothing was visited or sent. Fix: answer yes to go "
                           "ahead, or run the check without --allow-forms.")
    return "confirmed on the terminal"


# -- running --------------------------------------------------------------------------------

def _write_plan(run: Path, target: Target, options: SweepOptions, consent: str,
                marks: dict[str, str]) -> None:
    run.mkdir(parents=True, exist_ok=True)
    record = {"url": target.url, "allow_forms": target.allow_forms,
              "accounts": bool(target.accounts), "recorded_at": utcnow()}
    if target.allow_forms or target.accounts:
        record.update(ages=list(options.ages()), confirmed=consent, **marks)
    (run / CHECK_FILE).write_text(json.dumps(record, indent=1), encoding="utf-8")


def run_check(target: Target, options: SweepOptions, out: Path, *, yes: bool = False,
              secrets: dict | None = None, stdin: TextIO | None = None,
              stdout: TextIO | None = None, stderr: TextIO | None = None,
              day: str | None = None) -> int:
    """Check ``target`` into ``out``; returns the exit code (0 checked, 1 not audited).
    ``secrets``: the personas of ``target.accounts`` (:func:`load_personas`)."""
    from auditor.secrets import secret_values
    from reports.check_page import render_check

    stdin, stdout = stdin or sys.stdin, stdout or sys.stdout
    stderr = stderr or sys.stderr
    day = day or datetime.now(UTC).strftime("%Y-%m-%d")
    paths = paths_for(Path(out), target, day, resume=options.resume)
    consent, marks = "", {}
    if target.allow_forms or target.accounts:
        marks = submission_marks()
        consent = confirm(plan_text(target, options, marks), yes=yes, stdin=stdin, out=stdout)
    _write_plan(paths.run, target, options, consent, marks)
    code, outcomes = run_sweep([target], options, paths.run,
                               targets_file=f"check {host_label(target.url)}",
                               targets_sha256="", secrets=secrets or {},
                               secret_values=secret_values(secrets) if secrets else set(),
                               log=stderr)
    view = render_check(paths.run, paths.page, target.id)
    print(summary(view, paths), file=stdout)
    return code


def summary(view, paths: Paths) -> str:
    """What the terminal shows: how the check ended, the first gaps, where the page is."""
    lines = [f"{view.url}: {view.outcome_title.lower()}."]
    if view.failed:
        lines.append(f"  The site could not be audited. {view.outcome_text} {view.outcome_todo}")
    elif view.outcome != "ok":
        lines.append(f"  This is a finding: {view.outcome_text}")
    if view.findings:
        lines.append(f"  {len(view.findings)} thing(s) to fix, most important first:")
        for n, f in enumerate(view.findings[:SHOWN_FINDINGS], 1):
            lines.append(f"    {n}. {f.title} ({f.measure_id}: "
                         f"{f.status.replace('_', ' ')}, {f.severity})")
        if len(view.findings) > SHOWN_FINDINGS:
            lines.append(f"    ... and {len(view.findings) - SHOWN_FINDINGS} more on the page")
    elif view.outcome == "ok":
        lines.append("  No gap found in what could be checked from outside.")
    lines.append(f"  {len(view.conditional)} more that may apply, {len(view.unchecked)} "
                 f"could not be checked from outside, {len(view.in_place)} in place.")
    lines.append("  Not legal advice, nor a compliance decision.")
    lines.append(f"page: {paths.page}  (evidence: {paths.run}/)")
    return "\n".join(lines)
