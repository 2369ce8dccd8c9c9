"""Core types that flow through the auditor (DESIGN.md, "Core types").

Probes produce :class:`Observation` and :class:`Evidence`; measures turn observations into
:class:`Verdict`; reports render all three.  Everything here is plain data.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

from auditor import signals

OUTCOMES = ("ok", "unreachable", "robots_disallowed", "bot_wall", "geo_blocked", "timeout", "error")
CHECKED_OUTCOMES = frozenset({"ok", "robots_disallowed", "bot_wall", "geo_blocked"})
EVIDENCE_KINDS = ("screenshot", "thumbnail", "dom", "text", "quote", "capture")
STATUSES = ("met", "partly_met", "not_met", "not_observable", "not_applicable")
APPLICABILITY = ("applies", "probably_applies", "applies_if_assessed", "not_applicable")
SIZE_BANDS = ("under_700k", "700k_to_7m", "over_7m")
RISK_KINDS = ("terrorism", "grooming", "csam_image", "csam_url", "intimate_image_abuse", "hate",
              "harassment", "fraud", "suicide_self_harm", "eating_disorders", "pornography",
              "violence", "bullying", "dangerous_challenges", "harmful_substances")
RISK_LEVELS = ("negligible", "low", "medium", "high")


def utcnow() -> str:
    """ISO 8601 UTC with ``Z`` and millisecond precision (CONTRACT.md row conventions)."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


@dataclass(frozen=True)
class Target:
    """One row of the target list, validated (see :mod:`auditor.targets`)."""

    id: str
    name: str
    url: str
    service_kind: str | None = None
    extra_domains: tuple[str, ...] = ()
    size_band: str | None = None
    risk_levels: dict[str, str] = field(default_factory=dict, hash=False, compare=False)
    likely_accessed_by_children: bool | None = None
    regime: tuple[str, ...] = ()
    allow_forms: bool = False
    accounts: str | None = None
    recipe: str | None = None
    tags: str = ""
    notes: str = ""
    line: int = 0   # line in the CSV file (header = 1), for messages


@dataclass
class Observation:
    """A fact a probe saw.  No judgement: measures judge."""

    probe: str
    signal: str
    value: object = None
    confidence: float = 1.0
    note: str = ""
    url: str = ""
    evidence: list[str] = field(default_factory=list)
    observed_at: str = field(default_factory=utcnow)

    def __post_init__(self) -> None:
        signals.check(self.signal, self.value)
        if not self.signal.startswith(self.probe + "."):
            raise signals.SignalError(f"probe {self.probe!r} may not write {self.signal!r}")
        if not 0.0 <= float(self.confidence) <= 1.0:
            raise signals.SignalError(f"{self.signal}: confidence {self.confidence} not in 0..1")

    @property
    def name(self) -> str:
        return self.signal.split(".", 1)[1]


@dataclass
class Evidence:
    """A stored artefact with its hash (and the hash before redaction)."""

    evidence_id: str
    path: str              # relative to the run folder, always under evidence/
    sha256: str
    original_sha256: str
    url: str
    kind: str
    captured_at: str
    read_via: str          # browser | http
    target_id: str = ""


@dataclass
class Verdict:
    target_id: str
    measure_id: str
    edition: str
    applicability: str
    applicability_reason: str
    status: str
    severity: str
    reason: str
    evidence: list[str] = field(default_factory=list)


@dataclass
class TargetResult:
    """How one target's audit ended (CONTRACT.md outcomes) and what it produced."""

    target_id: str
    outcome: str
    reason: str
    started_at: str
    finished_at: str
    pages: int = 0
    bytes: int = 0
    observations: list[Observation] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)   # probe -> seconds
