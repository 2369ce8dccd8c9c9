"""Service profile: the functionalities of Ofcom's risk profiles, the kind of service, its
regime, its links with the UK, ages on profiles and adult content, as a visitor sees them.

Decided from the visitor survey (:mod:`probes.profile_survey`): the home page, help pages,
member profiles and their follower lists, a directory, content pages, a search page, and the
terms, privacy and contact pages.  Each functionality is listed when at least one cue shows it
(a control, a link pattern, a visible form, or a sentence of the help pages); the evidence keeps
every cue with the page it was seen on.  When the messaging probe ran with test accounts first,
what those accounts saw (a message button, a group chat control, suggestions) counts too, and
the note says so.  Combining this with the analyst's CSV values is the measures' work.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

from auditor.model import Observation
from auditor.scope import _EXTRACT
from auditor.session import Session
from auditor.signals import FUNCTIONALITIES, UK_LINKS
from probes.base import Findings
from probes.messaging_personas import PersonaMask
from probes.platforms import PageFacts, Recognition, recognise, table_for, version_from_answer
from probes.profile_cues import (
    Cue,
    age_cues,
    functionality_cues,
    quote,
    regime,
    sentences,
    service_kind,
    uk_cues,
    whole_site_adult,
)
from probes.profile_survey import Survey, survey

NAME = "profile"
PRESENT = 0.65           # the weakest cue strength that lists a functionality
GATED_CONFIDENCE = 0.3   # a list read only from in front of an age check
AGE_CHECK = re.compile(
    r"\b(verify (?:my|your) age|age[- ](?:check|verification|assurance|gate)|"
    r"(?:check|confirm|prove) (?:that )?(?:you are|you're|i am|i'm) (?:over |at least |aged )?"
    r"18|are you (?:over )?18|(?:i am|i'm) (?:over )?18 or (?:older|over)|"
    r"enter (?:your )?date of birth)\b", re.I)


def _host(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


def _uk_suffix(host: str) -> str | None:
    suffix = _EXTRACT(host).suffix.lower() if host else ""
    return suffix if suffix == "uk" or suffix.endswith(".uk") else None


def uk_domain(session: Session) -> Cue | None:
    """A .uk registrable domain: the start URL's, the home page's or one of the target's
    ``extra_domains`` (tldextract's bundled suffix list, no network)."""
    sm = session.sitemap
    for url in (session.target.url, sm.home_url if sm else ""):
        host = _host(url)
        suffix = _uk_suffix(host)
        if suffix:
            return Cue("uk_domain", 1.0, url, f"the domain {host} is under .{suffix}")
    for domain in getattr(session.target, "extra_domains", ()) or ():
        domain = domain.strip()
        host = _host(domain if "://" in domain else f"http://{domain}")
        suffix = _uk_suffix(host)
        if suffix:
            return Cue("uk_domain", 0.9, session.target.url,
                       f"the service's other domain {host} (extra_domains) is under .{suffix}")
    return None


def home_missing(sv: Survey) -> str:
    """Why the survey has no home page, in the words its notes give."""
    why = [n for n in sv.notes if n.startswith("home page")]
    return "error: " + (why[0] if why else "home page not read")


def age_gate_cue(sv: Survey) -> Cue | None:
    """The content is behind an age check a visitor does not pass: the home page offers or
    demands one (a control, a dialog, or an adult home page's own words) and no content,
    profile or directory page could be read."""
    home = sv.home
    if home is None or sv.of_kind("content", "profile", "directory", "connection_list"):
        return None
    labels = [c.label.strip() for c in home.controls
              if c.visible and (c.is_link or c.is_button) and c.region != "footer"]
    texts = [*sentences(home.dialogs), *labels]
    if whole_site_adult(home):
        texts += sentences(home.main or home.text)
    hit = next((t for t in texts if AGE_CHECK.search(t)), None)
    if hit is None:
        return None
    return Cue("age_gate", 0.8, home.url, f'"{quote(hit, 80)}" on the home page')


def _evidence_text(title: str, cues: list[Cue]) -> str:
    lines = [title, ""]
    for c in cues:
        lines.append(f"- {c.name}: {c.why} ({c.url})")
    return "\n".join(lines)


def collect(sv: Survey) -> dict[str, list[Cue]]:
    """Functionality name (and ``no_dm``) -> the cues seen, strongest first."""
    by: dict[str, list[Cue]] = {}
    text = sv.service_text
    for view in sv.views:
        for cue in functionality_cues(view, service_text=text):
            by.setdefault(cue.name, []).append(cue)
    for cue in sv.visitor_cues + sv.account_cues:
        by.setdefault(cue.name, []).append(cue)
    for cues in by.values():
        cues.sort(key=lambda c: -c.strength)
    return by


def functionalities(by: dict[str, list[Cue]]) -> list[str]:
    out = [f for f in FUNCTIONALITIES if by.get(f) and by[f][0].strength >= PRESENT]
    if "dm" in out and by.get("no_dm") and by["dm"][0].strength < 0.85:
        out.remove("dm")         # "no private messages" outweighs prose that mentions them
    return out


async def run(session: Session) -> list[Observation]:
    f = Findings(NAME)
    sm = session.sitemap
    if sm is not None and sm.wall:
        return f.finish(note=sm.wall)
    mask = PersonaMask.of(session)          # the test personas never show in what is kept
    try:
        return mask.observations(await _run(session, f))
    finally:
        mask.evidence_urls(session.evidence)


async def _run(session: Session, f: Findings) -> list[Observation]:
    sv = await survey(session)
    if not sv.views:
        return f.finish(note="not_found: no page of the service could be read")
    home = sv.home
    home_url = home.url if home else session.target.url
    record = session.evidence.text

    # functionalities
    by = collect(sv)
    funcs = functionalities(by)
    used = [by[x][0] for x in funcs] + [c for x in funcs for c in by[x][1:3]]
    shots = sorted({e for v in sv.views for e in v.evidence})
    ev = [record(_evidence_text("Functionalities seen (visitor survey)", used), url=home_url)]
    from_accounts = sorted({x for x in funcs if all(c in sv.account_cues for c in by[x])})
    note = ("seen only with the test accounts: " + ", ".join(from_accounts)) \
        if from_accounts else ""
    conf = min((by[x][0].strength for x in funcs), default=0.6)
    cut = next((n for n in sv.notes if n.startswith(("budget_exhausted", "timeout"))), "")
    if cut:
        note = f"{cut}; the list may be incomplete" + (f"; {note}" if note else "")
        conf = min(conf, 0.5)
    if not sv.of_kind("home"):
        note = f"{home_missing(sv)}; the list may be incomplete" + (f"; {note}" if note else "")
        conf = min(conf, 0.3)
    gate = age_gate_cue(sv)
    gate_note = ""
    if gate is not None:
        gate_note = (f"age_gate: content behind an age check not observed ({gate.why}); "
                     "only what a visitor sees before the check is listed")
        note = gate_note + (f"; {note}" if note else "")
        conf = min(conf, GATED_CONFIDENCE)
        ev.append(record(_evidence_text("An age check before the content", [gate]),
                         url=gate.url))
    f.add("functionalities", funcs, confidence=round(conf, 2), note=note, url=home_url,
          evidence=ev + shots[:6])

    # adult content: the whole site, or a section of it
    adult_cues = [c for v in sv.of_kind("home") for c in whole_site_adult(v)]
    adult_site = bool(adult_cues)
    adult_cues += by.get("adult_section", [])
    if adult_cues:
        f.add("adult_content", True, confidence=adult_cues[0].strength, url=adult_cues[0].url,
              evidence=[record(_evidence_text("Adult content", adult_cues), url=home_url)])
    elif not sv.of_kind("home"):
        f.add("adult_content", False, confidence=0.3, url=home_url,
              note=f"{home_missing(sv)}: no adult section or wording seen on the other pages")
    else:
        f.add("adult_content", False, confidence=0.7, url=home_url,
              note="no adult gate, section or wording seen by a visitor")

    # kind and regime
    kind, why = service_kind(set(funcs), sv.views, adult_site=adult_site,
                             service_text=sv.service_text)
    given = session.target.service_kind
    if given:
        # the target list's word wins (CONTRACT.md: an empty cell means infer it); what the
        # pages suggest stays in the note, for the analyst to compare
        f.add("service_kind", given, confidence=1.0, url=home_url,
              note=f"given by the target list; the pages read as {kind} ({why})"[:500])
        kind = given
    else:
        f.add("service_kind", kind, confidence=(0.7 if kind != "other" else 0.4)
              if sv.of_kind("home") else 0.3, url=home_url,
              note=why if sv.of_kind("home") else f"{home_missing(sv)}; {why}")
    f.add("regime", regime(set(funcs), kind), confidence=0.6, url=home_url,
          note="inferred from the functionalities and the kind of service")

    # UK links
    uk: list[Cue] = []
    dom = uk_domain(session)
    if dom:
        uk.append(dom)
    seen = {c.name for c in uk}
    for view in sv.views:
        for cue in uk_cues(view):
            if cue.name == "en_gb" and view.kind != "home":
                continue
            if cue.name not in seen:
                seen.add(cue.name)
                uk.append(cue)
    links = [x for x in UK_LINKS if x in seen]
    f.add("uk_links", links, confidence=0.8, url=home_url,
          note="; ".join(f"{c.name}: {c.url}" for c in uk)[:500],
          evidence=[record(_evidence_text("Links with the UK", uk), url=home_url)] if uk else [])

    # ages or schools on profiles
    ages = [c for v in sv.views for c in age_cues(v)]
    looked = sv.of_kind("profile", "directory", "connection_list")
    if ages:
        f.add("ages_on_profiles", True, confidence=ages[0].strength, url=ages[0].url,
              evidence=[record(_evidence_text("Ages or schools on profiles", ages),
                               url=ages[0].url)] + [e for v in looked for e in v.evidence][:2])
    elif looked:
        f.add("ages_on_profiles", False, confidence=0.7, url=looked[0].url,
              note=f"no age or school on {len(looked)} member page(s) read")
    elif gate is not None:
        f.add("ages_on_profiles", False, confidence=GATED_CONFIDENCE, url=gate.url,
              note=gate_note.replace("only what a visitor sees before the check is listed",
                                     "no member profile or directory is visible before it"))
    else:
        f.add("ages_on_profiles", False, confidence=0.6, url=home_url,
              note="no member profile or directory is visible to a visitor")

    await _platform(session, sv, f, home_url)

    # report control among search predictions
    if sv.suggestions_seen:
        f.add("suggestion_reports", bool(sv.suggestion_report), confidence=0.8,
              url=sv.suggestion_url, evidence=sv.suggestion_evidence)
    else:
        f.add("suggestion_reports", None, confidence=0.0, url=home_url,
              note="not_applicable: no search predictions appeared as a letter was typed"
              if sv.suggestions_seen is False else "not_found: no search box seen")
    return f.finish()


# -- the community software ----------------------------------------------------------------

MAX_HTTP_HTML = 2_000_000


async def platform_pages(session: Session, sv: Survey) -> list[PageFacts]:
    """The home page as the browser rendered it (DOM, cookies, globals) and as served over
    HTTP (headers, Set-Cookie, the HTML before scripts ran; discovery's fetch, cached)."""
    pages = [sv.home_facts] if sv.home_facts is not None else []
    try:
        res = await session.fetch(session.target.url)
    except Exception:  # noqa: BLE001 - the browser's copy is still read
        return pages
    html = res.text[:MAX_HTTP_HTML] if "html" in (res.content_type or "html") else ""
    pages.append(PageFacts(res.final_url, html, dict(res.headers), read_via="http"))
    return pages


async def _version_from_url(session: Session, rec: Recognition, table, home_url: str
                            ) -> tuple[str, str]:
    """The version a recognised platform states at its ``version_url`` (one fetch, in scope,
    robots obeyed); ``("", why)`` when it cannot be read."""
    plat = table.by_key(rec.platform)
    if plat is None or not plat.version_url:
        return "", "no version marker in the pages read"
    base = home_url if home_url.endswith("/") else home_url.rsplit("/", 1)[0] + "/"
    url = urljoin(base, plat.version_url.lstrip("/"))
    if url not in session.scope:
        return "", f"{plat.version_url} is outside the service"
    try:
        res = await session.fetch(url)
    except Exception as exc:  # noqa: BLE001 - a version is a nicety, never a failure
        return "", f"{plat.version_url} not read ({type(exc).__name__})"
    if res.status >= 400:
        return "", f"{plat.version_url} answered {res.status}"
    version = version_from_answer(plat, res.text)
    return (version, url) if version else ("", f"{plat.version_url} states no version")


async def _platform(session: Session, sv: Survey, f: Findings, home_url: str) -> None:
    table = table_for(session.options)
    pages = await platform_pages(session, sv)
    if not pages:
        f.add("platform", None, confidence=0.0, url=home_url,
              note="not_found: the home page could not be read")
        f.add("platform_version", None, confidence=0.0, url=home_url,
              note="not_found: the home page could not be read")
        return
    rec = recognise(pages, table)
    read = " and ".join(dict.fromkeys(p.read_via for p in pages))
    if not rec.platform:
        note = rec.note() + f"; home page read by {read}"
        f.add("platform", None, confidence=rec.confidence, url=home_url, note=note)
        f.add("platform_version", None, confidence=rec.confidence, url=home_url,
              note="not_applicable: no platform recognised")
        return
    lines = [f"Community software recognised: {rec.name} ({rec.platform}), score {rec.score} "
             f"(one strong marker or two weak ones are needed); home page read by {read}", ""]
    for h in rec.hits:
        strength = "strong" if h.marker.strong else "weak"
        lines.append(f"- {strength}: {h.marker.describe()}"
                     + (f" = {h.evidence}" if h.evidence else "") + f" ({h.url})")
        if h.marker.source:
            lines.append(f"  source of the fact: {h.marker.source}")
    if rec.others:
        lines.append("")
        lines.append("Markers of other platforms (below the recognised one): "
                     + ", ".join(f"{k} score {s}" for k, s in rec.others))
    version, vwhere = rec.version, rec.version_from
    if not version:
        version, vwhere = await _version_from_url(session, rec, table, home_url)
        if version:
            lines.append(f"Version {version} read from {vwhere}")
    ev = [session.evidence.text("\n".join(lines), url=home_url)]
    f.add("platform", rec.platform, confidence=rec.confidence, url=home_url,
          note=rec.note(), evidence=ev)
    if version:
        f.add("platform_version", version, confidence=min(rec.confidence, 0.9), url=home_url,
              note=f"read from the {vwhere}" if rec.version else f"read from {vwhere}",
              evidence=ev)
    else:
        f.add("platform_version", None, confidence=0.0, url=home_url,
              note=f"not_found: {vwhere}", evidence=ev)
