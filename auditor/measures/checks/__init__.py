"""Named pure check functions, referenced by name from the catalogue (``check = "..."``).

Importing this package registers every check in :data:`REGISTRY`.
"""

from auditor.measures.checks import accounts, age, generic, reporting, terms  # noqa: F401
from auditor.measures.checks.base import REGISTRY, CheckContext, CheckSpec, Req, any_of, judge

__all__ = ["REGISTRY", "CheckContext", "CheckSpec", "Req", "any_of", "judge"]
