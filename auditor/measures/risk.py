"""Estimating risk levels from the risk factors a visitor can see (measures.md section 8).

The provider's own risk assessment is not observable: these estimates only say which factors
were seen and what level Ofcom's Risk Profiles suggest.  An analyst's ``risk_levels`` always win.
An inferred level never rules a measure out; it can only make it ``probably_applies``.
"""

from __future__ import annotations

from auditor.model import RISK_LEVELS

LEVEL_RANK = {lvl: i for i, lvl in enumerate(RISK_LEVELS)}   # negligible 0 .. high 3

GROOMING_NETWORK = ("connections", "suggestions", "connection_lists")
GROOMING_OTHER = ("livestream", "group_chat")
SHARING = ("file_upload", "image_sharing", "video_sharing")
INTERACTION = ("comments", "feed", "anonymous_posting", "dm", "group_chat", "livestream")


def at_least(level: str | None, minimum: str) -> bool:
    return level is not None and LEVEL_RANK[level] >= LEVEL_RANK[minimum]


def infer_risks(functionalities: set[str], kind: str | None, adult: bool | None,
                ages_on_profiles: bool | None) -> dict[str, tuple[str, list[str]]]:
    """``{risk kind: (estimated level, factors seen)}`` for the kinds with factors seen."""
    f = functionalities
    out: dict[str, tuple[str, list[str]]] = {}

    groom = [x for x in ("dm", *GROOMING_NETWORK, *GROOMING_OTHER) if x in f]
    if ages_on_profiles:
        groom.append("ages_on_profiles")
    if kind in ("chat", "dating", "gaming"):
        groom.append(f"{kind} service")
    network = [x for x in GROOMING_NETWORK if x in f]
    if "dm" in f and (len(network) >= 2 or ages_on_profiles):
        out["grooming"] = ("high", groom)
    elif len(groom) >= 2:
        out["grooming"] = ("medium", groom)
    elif groom:
        out["grooming"] = ("low", groom)

    share = [x for x in SHARING if x in f]
    anon = "anonymous_posting" in f
    if kind == "file_sharing":
        out["csam_image"] = ("high", ["file_sharing service", *share])
    elif share and anon:
        out["csam_image"] = ("high", [*share, "anonymous_posting"])
    elif share:
        out["csam_image"] = ("medium", share)

    links = [x for x in ("comments", "feed", "anonymous_posting") if x in f]
    if kind == "file_sharing":
        out["csam_url"] = ("medium", ["file_sharing service", *links])
    elif anon and len(links) >= 2:
        out["csam_url"] = ("medium", links)
    elif links:
        out["csam_url"] = ("low", links)

    images = [x for x in ("image_sharing", "video_sharing") if x in f]
    if images and (adult or kind == "adult"):
        out["intimate_image_abuse"] = ("high", [*images, "adult content"])
    elif images:
        out["intimate_image_abuse"] = ("medium", images)

    if adult or kind == "adult" or "adult_section" in f:
        out["pornography"] = ("high", ["adult content"])

    inter = [x for x in INTERACTION if x in f]
    if inter:
        level = "medium" if len(inter) >= 3 else "low"
        for k in ("hate", "harassment", "bullying"):
            out[k] = (level, inter)
    return out
