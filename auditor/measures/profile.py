"""The service profile: what a measure's applicability is judged against.

Built from the profile probe's observations (and a few other signals: the age gate, signup,
terms) and the analyst's target-list values, which always win.  Every field records its value,
where it came from (``analyst``, ``observed``, ``inferred`` or ``unknown``), a short reason and
the evidence ids it rests on.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass, field

from auditor.measures.facts import Facts, why_text
from auditor.measures.judgements import CHECKING_GATES, gate_highly_effective
from auditor.measures.platforms import inferred_age_asked, inferred_dm
from auditor.measures.risk import infer_risks
from auditor.model import RISK_KINDS, Observation, Target

SOURCES = ("analyst", "observed", "inferred", "unknown")


@dataclass(frozen=True)
class ProfileValue:
    value: object
    source: str
    reason: str = ""
    evidence: tuple[str, ...] = ()
    confidence: float = 1.0

    @property
    def known(self) -> bool:
        return self.value is not None


def _unknown(reason: str) -> ProfileValue:
    return ProfileValue(None, "unknown", reason)


@dataclass
class ServiceProfile:
    target_id: str
    service_kind: ProfileValue
    regime: ProfileValue
    size_band: ProfileValue
    likely_accessed_by_children: ProfileValue
    risk_factors: ProfileValue
    functionalities: ProfileValue
    adult_content: ProfileValue
    uk_links: ProfileValue
    age_means: ProfileValue
    uses_age_assurance: ProfileValue
    heaa: ProfileValue
    risk_levels: dict[str, ProfileValue] = field(default_factory=dict)
    platform: ProfileValue = field(default_factory=lambda: _unknown("not observed"))
    platform_version: ProfileValue = field(default_factory=lambda: _unknown("not observed"))
    #: functionalities probable from the platform's defaults where none was observed
    #: (inferred; applicability only, never a status)
    platform_functionalities: ProfileValue = field(
        default_factory=lambda: ProfileValue([], "inferred", ""))

    def risk(self, kind: str) -> ProfileValue:
        return self.risk_levels.get(kind) or _unknown("not assessed")

    def offers(self, functionality: str) -> bool | None:
        fs = self.functionalities.value
        return None if fs is None else functionality in fs

    def to_dict(self) -> dict:
        """Plain data (for ``profiles.json``)."""
        return asdict(self)

    def records(self) -> list[dict]:
        """One row per field: field, value, source, reason, evidence."""
        rows = []
        for name in ("service_kind", "regime", "size_band", "likely_accessed_by_children",
                     "risk_factors", "functionalities", "adult_content", "uk_links",
                     "age_means", "uses_age_assurance", "heaa", "platform",
                     "platform_version", "platform_functionalities"):
            pv = getattr(self, name)
            rows.append({"field": name, "value": pv.value, "source": pv.source,
                         "reason": pv.reason, "evidence": list(pv.evidence)})
        for kind, pv in self.risk_levels.items():
            rows.append({"field": f"risk.{kind}", "value": pv.value, "source": pv.source,
                         "reason": pv.reason, "evidence": list(pv.evidence)})
        return rows


class _Reader:
    """Reads observed values and collects their evidence."""

    def __init__(self, observations: Iterable[Observation]):
        self.facts = Facts(observations)

    def get(self, signal: str) -> object:
        return self.facts.value(signal)

    def obs(self, signal: str) -> Observation | None:
        return self.facts.observation(signal)

    def evidence(self, *signals: str) -> tuple[str, ...]:
        out: list[str] = []
        for s in signals:
            o = self.obs(s)
            for e in (o.evidence if o else ()):
                if e not in out:
                    out.append(e)
        return tuple(out)

    def observed(self, signal: str, reason: str = "") -> ProfileValue:
        o = self.obs(signal)
        v = self.get(signal)
        if o is None or v is None:
            code = self.facts.why(signal)
            return _unknown(f"{signal} not observed ({code}: {why_text(code)})")
        return ProfileValue(v, "observed", reason or signal, tuple(o.evidence), o.confidence)


def build_profile(target: Target, observations: Iterable[Observation]) -> ServiceProfile:
    """The service profile of ``target``: analyst values first, then observations, then
    inference (each field says which)."""
    r = _Reader(observations)
    functionalities = r.observed("profile.functionalities")
    fset = set(functionalities.value or [])
    if r.get("messaging.dm_available") is True:
        fset.add("dm")

    platform, version = _platform(r)
    dm_why = inferred_dm(platform.value, r.get("messaging.dm_available"), "dm" in fset)
    probable = ProfileValue(["dm"] if dm_why else [], "inferred", dm_why or "",
                            platform.evidence if dm_why else ())

    adult = _adult(r, fset)
    regime_obs = r.observed("profile.regime")
    kind = _kind(target, r, regime_obs)
    regime = _regime(target, regime_obs, kind, fset)
    heaa = _heaa(r)
    risks, factors = _risks(target, r, fset, kind, adult, inferred={"dm": dm_why} if dm_why
                            else {})
    lac = _lac(target, r, heaa, kind, regime)
    size = (ProfileValue(target.size_band, "analyst", "target list")
            if target.size_band else
            _unknown("not observable; set size_band in the target list"))
    return ServiceProfile(
        target_id=target.id, service_kind=kind, regime=regime, size_band=size,
        likely_accessed_by_children=lac, risk_factors=factors,
        functionalities=functionalities, adult_content=adult,
        uk_links=r.observed("profile.uk_links"), age_means=_age_means(r, platform.value),
        uses_age_assurance=_uses_age_assurance(r), heaa=heaa, risk_levels=risks,
        platform=platform, platform_version=version, platform_functionalities=probable)


def _platform(r: _Reader) -> tuple[ProfileValue, ProfileValue]:
    """The community software the profile probe recognised, and its version."""
    name, version = r.get("profile.platform"), r.get("profile.platform_version")
    if not name:
        why = r.obs("profile.platform")
        reason = (why.note if why is not None and why.note else "profile.platform not observed")
        return _unknown(reason[:300]), _unknown("no platform recognised")
    o = r.obs("profile.platform")
    ev = r.evidence("profile.platform", "profile.platform_version")
    pv = ProfileValue(str(name), "observed", (o.note if o else "")[:300], ev,
                      o.confidence if o else 1.0)
    if version:
        vo = r.obs("profile.platform_version")
        return pv, ProfileValue(str(version), "observed", (vo.note if vo else "")[:200], ev)
    vo = r.obs("profile.platform_version")
    return pv, _unknown((vo.note if vo and vo.note else "version not observed")[:200])


def _adult(r: _Reader, fset: set[str]) -> ProfileValue:
    sigs = ("profile.adult_content", "terms.adult_content_allowed")
    vals = [r.get(s) for s in sigs]
    ev = r.evidence(*sigs)
    if vals[0] is True:
        return ProfileValue(True, "observed", "adult content seen", ev)
    if vals[1] is True:
        return ProfileValue(True, "observed", "terms permit pornography for some users", ev)
    if "adult_section" in fset:
        return ProfileValue(True, "observed", "adult section seen",
                            r.evidence("profile.functionalities"))
    if False in vals:
        return ProfileValue(False, "observed", "no adult content seen and terms do not "
                            "permit it", ev)
    return _unknown("adult content not observed")


def _kind(target: Target, r: _Reader, regime_obs: ProfileValue) -> ProfileValue:
    if target.service_kind:
        return ProfileValue(target.service_kind, "analyst", "target list")
    obs = r.observed("profile.service_kind")
    if obs.known:
        return obs
    regimes = set(regime_obs.value or ())
    if regimes == {"search"}:
        return ProfileValue("search", "inferred", "observed regime is search only",
                            regime_obs.evidence)
    if "part5" in regimes:
        return ProfileValue("adult", "inferred", "observed regime includes Part 5",
                            regime_obs.evidence)
    return ProfileValue("other", "inferred", "service kind not observed; treated as other")


def _regime(target: Target, regime_obs: ProfileValue, kind: ProfileValue,
            fset: set[str]) -> ProfileValue:
    if target.regime:
        return ProfileValue(list(target.regime), "analyst", "target list")
    if regime_obs.known and regime_obs.value:
        return regime_obs
    k = kind.value
    if k == "search":
        return ProfileValue(["search"], "inferred", "search service", kind.evidence)
    if k == "adult":
        users = {"file_upload", "video_sharing", "image_sharing", "comments"} & fset
        value = ["u2u", "part5"] if users else ["part5"]
        why = "adult service" + (" with user content" if users else "")
        return ProfileValue(value, "inferred", why, kind.evidence)
    return ProfileValue(["u2u"], "inferred", f"{k} service hosts user content", kind.evidence)


def _heaa(r: _Reader) -> ProfileValue:
    sigs = ("age_gate.type", "age_gate.methods", "age_gate.dismissible",
            "age_gate.bypass_deep_url", "age_gate.holds_without_js")
    gate_type, methods, dismissible, bypass, holds = (r.get(s) for s in sigs)
    ok = gate_highly_effective(gate_type, methods, dismissible, bypass, holds)
    ev = r.evidence(*sigs)
    if ok is None:
        if gate_type is None:
            code = r.facts.why("age_gate.type")
            return _unknown(f"age gate not observed ({code})")
        return ProfileValue(None, "unknown", "age gate seen but not fully tested", ev)
    why = ("highly effective age check seen" if ok else
           "no age check seen" if gate_type in ("none", "login_wall") else
           "age check seen is not highly effective")
    return ProfileValue(ok, "inferred", why, ev)


def _uses_age_assurance(r: _Reader) -> ProfileValue:
    gate_type, terms = r.get("age_gate.type"), r.get("terms.age_assurance")
    ev = r.evidence("age_gate.type", "terms.age_assurance")
    if gate_type in CHECKING_GATES:
        return ProfileValue(True, "observed", f"age gate seen ({gate_type})", ev)
    if terms is True:
        return ProfileValue(True, "observed", "terms describe an age check", ev)
    if gate_type is not None:
        return ProfileValue(False, "observed", "no age check seen", ev)
    return _unknown("age gate not observed")


def _age_means(r: _Reader, platform: object = None) -> ProfileValue:
    """Whether the service has an existing means of determining users' ages (ICU F1/F2).

    Seen: an age asked at signup, an age check, or users' ages shown on profiles.  Never False
    from outside: ages worked out by other means (measures.md, ICU F1 "cannot observe") are not
    visible, so "no age asked" leaves it unknown (the measure applies if assessed).
    """
    asks, gate_type = r.get("signup.asks_age"), r.get("age_gate.type")
    on_profiles = r.get("profile.ages_on_profiles")
    sigs = ("signup.asks_age", "age_gate.type", "profile.ages_on_profiles")
    ev = r.evidence(*sigs)
    if asks is True:
        return ProfileValue(True, "observed", "signup asks for age or date of birth",
                            r.evidence("signup.asks_age"))
    if gate_type in ("dob_entry", "third_party"):
        return ProfileValue(True, "observed", f"age gate seen ({gate_type})",
                            r.evidence("age_gate.type"))
    if on_profiles is True:
        return ProfileValue(True, "observed", "users' ages shown on profiles",
                            r.evidence("profile.ages_on_profiles"))
    other = "other means, such as age estimation, cannot be seen from outside"
    if asks is None and (why := inferred_age_asked(platform if isinstance(platform, str)
                                                    else None)):
        return ProfileValue(True, "inferred", why, r.evidence("profile.platform"))
    if asks is False:
        return ProfileValue(None, "unknown", f"no age asked at signup and no age check or "
                            f"profile ages seen; {other}", ev)
    return ProfileValue(None, "unknown", f"signup not observed; {other}", ev)


def _risks(target: Target, r: _Reader, fset: set[str], kind: ProfileValue,
           adult: ProfileValue, inferred: dict[str, str] | None = None
           ) -> tuple[dict[str, ProfileValue], ProfileValue]:
    """``inferred``: functionalities probable from the platform's defaults, with the reason
    that replaces their name among the factors (labelled inferred)."""
    labels = dict(inferred or {})
    seen_set = fset | set(labels)
    estimates = infer_risks(seen_set, kind.value, adult.value,
                            r.get("profile.ages_on_profiles"))
    inferred = {k: (lvl, [labels.get(x, x) for x in seen]) for k, (lvl, seen)
                in estimates.items()}
    ev = r.evidence("profile.functionalities", "profile.ages_on_profiles",
                    "messaging.dm_available") + adult.evidence
    if labels:
        ev += r.evidence("profile.platform")
    out: dict[str, ProfileValue] = {}
    for k in RISK_KINDS:
        if k in target.risk_levels:
            out[k] = ProfileValue(target.risk_levels[k], "analyst", "target list")
        elif k in inferred:
            level, seen = inferred[k]
            out[k] = ProfileValue(level, "inferred", ", ".join(seen), ev)
        else:
            out[k] = _unknown("no risk factors seen; provider's assessment not observable")
    guessed = set(labels.values())
    factors = sorted({f for _, seen in inferred.values() for f in seen} - guessed)
    why = "risk factors seen"
    if guessed:
        why += "; and from the platform's defaults: " + "; ".join(sorted(guessed))
    fpv = ProfileValue(factors, "observed", why, ev)
    return out, fpv


def _lac(target: Target, r: _Reader, heaa: ProfileValue, kind: ProfileValue,
         regime: ProfileValue) -> ProfileValue:
    if target.likely_accessed_by_children is not None:
        return ProfileValue(target.likely_accessed_by_children, "analyst", "target list")
    whole = kind.value == "adult" or "part5" in (regime.value or ())
    if heaa.value is True and whole:
        return ProfileValue(False, "inferred", "highly effective age assurance at entry keeps "
                            "children out", heaa.evidence)
    min_age = r.get("terms.min_age_uk") or r.get("terms.min_age")
    why = {True: "highly effective age check seen only on part of the service",
           False: heaa.reason, None: "no highly effective age assurance seen"}[heaa.value]
    if isinstance(min_age, (int, float)) and min_age >= 18:
        why += " (an 18+ rule in the terms alone does not keep children out)"
    return ProfileValue(True, "inferred", why + "; Ofcom expects services without highly "
                        "effective age assurance to be likely accessed by children", heaa.evidence)
