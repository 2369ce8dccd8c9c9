"""osa-auditor: audit online services from the outside against the UK Online Safety Act codes."""

__version__ = "0.1.0"


def load_run(run_dir):
    """The tables of a run folder as pandas DataFrames (see :mod:`auditor.runfolder`)."""
    from auditor.runfolder import load_run as _load_run

    return _load_run(run_dir)
