"""``auditor sweep``: validate the inputs, lock the folder, run, then write everything.

Exit codes (CONTRACT.md): 0 every target reached a checked outcome; 1 some were unreachable,
timed out or failed; 2 bad input; 3 regressions found with ``--fail-on-regression``.
"""

from __future__ import annotations

import asyncio
import sys
from datetime import date
from pathlib import Path

from auditor.finish import judge, render, write_tables
from auditor.integrity import seal
from auditor.lock import RunLock
from auditor.model import Target, utcnow
from auditor.options import SweepOptions
from auditor.progress import Progress
from auditor.runner import Runner, exit_code, run_meta
from auditor.store import Store

EXIT_OK, EXIT_FAILURES, EXIT_BAD_INPUT, EXIT_REGRESSION = 0, 1, 2, 3


class BadInput(ValueError):
    """Input the user must fix; the message says how.  Exit code 2."""


def _check_same_list(store: Store, out: Path, targets_file: str, targets_sha256: str) -> None:
    """``--resume`` continues the run of one target list; another list would merge two runs."""
    old_file = store.get_meta("targets_file")
    old_sha = store.get_meta("targets_sha256")
    if not old_sha or not targets_sha256 or old_sha == targets_sha256:
        return              # a run.db from before lists were recorded, or the same list
    same_name = ("the same file name, changed since" if old_file == targets_file
                 else "a different list")
    raise BadInput(
        f"--resume: {out} holds a run of target list {old_file!r} (sha256 {old_sha[:12]}), but "
        f"this sweep was given {targets_file!r} (sha256 {targets_sha256[:12]}): {same_name}. "
        f"Resuming would merge two runs. Fix: sweep this list into a new --out folder, or "
        f"resume with the original list {old_file!r} unchanged.")


def run_sweep(targets: list[Target], options: SweepOptions, out: Path, *,
              targets_file: str, targets_sha256: str, secrets: dict | None = None,
              secret_values: set[str] | None = None, compare: Path | None = None,
              log=sys.stderr, judge_and_render: bool = True,
              collector=None) -> tuple[int, dict[str, str]]:
    """Audit ``targets`` into ``out``; returns the exit code and each target's outcome.

    With a ``collector`` (:class:`auditor.collector.Collector`), the targets are audited by
    workers on other machines and their results collected here; the run folder is the same."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    with RunLock(out):
        db = out / "run.db"
        if db.exists() and not options.resume:
            store = Store(db)
            if store.done_ids():
                store.close()
                raise BadInput(f"{out} already holds a run. Fix: add --resume to continue it, "
                               "or choose a new --out folder.")
            store.close()
        store = Store(db)
        try:
            if options.resume:
                _check_same_list(store, out, targets_file, targets_sha256)
            started = store.get_meta("started_at") if options.resume else None
            started = started or utcnow()
            store.set_meta("started_at", started)
            store.set_meta("targets_file", targets_file)
            store.set_meta("targets_sha256", targets_sha256)
            # a fresh start drops rows a killed earlier start left unfinished; a resume keeps
            # them (the list is the same, checked above)
            store.add_targets(targets, prune=not options.resume)
            progress = Progress(len(targets), options.progress, log)
            try:
                if collector is None:
                    runner = Runner(targets, options, out, store, secrets=secrets,
                                    secret_values=secret_values, progress=progress)
                    state = asyncio.run(runner.run())
                else:
                    state = collector.collect(targets, store, progress)
            finally:
                progress.close()
            meta_args = dict(targets_file=targets_file, targets_sha256=targets_sha256,
                             started_at=started,
                             distributed=collector.meta() if collector else None)
            edition_day = date.fromisoformat(options.edition) if options.edition else None
            write_tables(out, store, run_meta(options, state, store, finished_at=None,
                                              **meta_args))
            edition = judge(out, store, edition_day) if judge_and_render else ""
            write_tables(out, store, run_meta(options, state, store, finished_at=utcnow(),
                                              catalogue_edition=edition, **meta_args))
            outcomes = {t.id: st["outcome"] for t, st in store.targets()}
        finally:
            store.close()
        # the store is closed (run.db as it stays): the hash list, before the report shows it
        seal(out)
    regressions = render(out, compare, fail_on_regression=options.fail_on_regression) \
        if judge_and_render else 0
    code = exit_code(outcomes)
    if regressions and options.fail_on_regression:
        code = EXIT_REGRESSION
    return code, outcomes
