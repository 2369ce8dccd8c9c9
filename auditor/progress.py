"""Progress on long sweeps: a bar on a terminal, plain timestamped lines under cron."""

from __future__ import annotations

import sys
import time

from auditor.model import CHECKED_OUTCOMES, utcnow


class Progress:
    def __init__(self, total: int, mode: str = "auto", stream=None):
        self.stream = stream or sys.stderr
        if mode == "auto":
            mode = "bar" if getattr(self.stream, "isatty", lambda: False)() else "log"
        self.mode = mode
        self.total = total
        self.done = 0
        self.failed = 0
        self.t0 = time.monotonic()
        self._bar = self._task = None
        if mode == "bar":
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                TextColumn,
                TimeElapsedColumn,
                TimeRemainingColumn,
            )
            from rich.progress import Progress as Bar

            self._bar = Bar(TextColumn("[bold]sweep"), BarColumn(), MofNCompleteColumn(),
                            TextColumn("{task.fields[last]}"), TimeElapsedColumn(),
                            TimeRemainingColumn(), transient=False)
            self._task = self._bar.add_task("sweep", total=total, last="")
            self._bar.start()

    def skipped(self, n: int) -> None:
        if n:
            self.done += n
            self._emit(f"resuming: {n} target(s) already finished")
            if self._bar:
                self._bar.update(self._task, advance=n)

    def target_done(self, target_id: str, outcome: str, reason: str, seconds: float) -> None:
        self.done += 1
        if outcome not in CHECKED_OUTCOMES:
            self.failed += 1
        if self._bar:
            self._bar.update(self._task, advance=1, last=f"{target_id}: {outcome}")
        else:
            extra = f" ({reason})" if reason and outcome != "ok" else ""
            self._emit(f"[{self.done}/{self.total}] {target_id}: {outcome}{extra} "
                       f"in {seconds:.1f} s")

    def message(self, text: str) -> None:
        if self._bar:
            self._bar.console.print(text)
        else:
            self._emit(text)

    def _emit(self, text: str) -> None:
        if self.mode != "none":
            print(f"{utcnow()} {text}", file=self.stream, flush=True)

    def close(self) -> None:
        if self._bar:
            self._bar.stop()
