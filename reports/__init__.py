"""Rendering only: the run folder's files in, ``report/`` and ``exports/`` out.

Public API::

    reports.render(run_dir, compare_dir=None, *, auto_compare=True) -> RenderResult
    reports.find_previous_run(run_dir) -> Path | None
    reports.compare(new_dir, old_dir) -> Comparison

Nothing here touches the network, a browser or the probes (import-linter checks it): the report
is made from run.json, the CSV tables, the JSON snapshots and evidence/ alone.
"""

from reports.compare import Change, Comparison, TermsChange, compare, find_previous_run
from reports.report import RenderResult, render

__all__ = ["Change", "Comparison", "RenderResult", "TermsChange", "compare",
           "find_previous_run", "render"]
