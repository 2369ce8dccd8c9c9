"""The measures layer: Ofcom's code measures as data, judged by small pure functions.

Like axe-core or Lighthouse: rules are data (``catalogue.toml``: one entry per measure, with
who it applies to, the signals it reads and the name of its check) plus named check functions
(:mod:`auditor.measures.checks`).  Probes gather facts; this package judges them and never
touches the network or a browser, so a stored run can be re-scored under another edition.

Modules: ``schema`` (catalogue validation), ``catalogue`` (loading, editions), ``profile``
(service profile), ``risk`` (risk-factor inference), ``judgements`` (age-check and readability
judgements), ``applicability``, ``checks`` (the check functions), ``scoring``, ``triage``, ``io``.
"""

from auditor.measures.applicability import describe
from auditor.measures.catalogue import Catalogue, Code, Measure, load_catalogue
from auditor.measures.io import (
                                 catalogue_records,
                                 format_catalogue,
                                 observations_from_rows,
                                 verdicts_filename,
                                 write_verdicts_csv,
)
from auditor.measures.profile import ProfileValue, ServiceProfile, build_profile
from auditor.measures.schema import CatalogueError
from auditor.measures.scoring import rescore, score_measure, score_target
from auditor.measures.triage import TriageRow, triage

__all__ = ["Catalogue", "CatalogueError", "Code", "Measure", "ProfileValue", "ServiceProfile",
           "TriageRow", "build_profile", "catalogue_records", "describe", "format_catalogue",
           "load_catalogue", "observations_from_rows", "rescore", "score_measure",
           "score_target", "triage", "verdicts_filename", "write_verdicts_csv"]
