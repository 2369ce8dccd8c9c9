"""Build realistic synthetic run folders for the report tests (no browser, no network).

``build_run(path)`` writes what ``auditor sweep`` writes (CONTRACT.md, "The run folder"): run.json,
observations.csv, verdicts.csv, measures.json, profiles.json, triage.csv and evidence/ with its
manifest, screenshots and thumbnails made with Pillow, terms text and quotes.  The hand-made
services cover every status and outcome, and one of them (``hostile``) is full of markup, script
and odd URLs, as a hostile target's pages would be.  ``n`` beyond the hand-made ones adds generated
services (the 1,000-service timing test).  ``changes`` lets a test build a later run that differs
in known ways from an earlier one.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import random
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from auditor import signals
from auditor.model import RISK_KINDS

HOSTILE_NAME = '<script>alert("name")</script> & "Quotes" <img src=x onerror=alert(1)>'
HOSTILE_REASON = "</script><script>alert('reason')</script><b id=\"pwned\">bold</b>"
HOSTILE_QUOTE = ("We may remove content. </script><script>alert('quote')</script> "
                 "<iframe src=\"javascript:alert(3)\"></iframe> {{ 7*7 }} ${7*7}")

# A page copy with script that runs if the copy is ever opened as a page (it must not be).
HOSTILE_DOM = (b"<html><head><script>console.log('hostile-dom-ran'); alert('dom');</script>"
               b"</head><body onload=\"console.log('hostile-onload'); confirm('onload')\">"
               b"<h1>Page copy</h1><img src=x onerror=\"prompt('img')\"></body></html>")
HOSTILE_SVG = (b'<svg xmlns="http://www.w3.org/2000/svg" onload="console.log(\'hostile-svg\');'
               b'alert(\'svg\')"><script>alert("svg2")</script><rect width="9" height="9"/></svg>')

SRC = "https://codes.example.org/ofcom/"

# id, code, title, summary, themes, severity
MEASURES = [
    ("ICU C1", "ICU", "Content moderation function",
     "Have a moderation function that reviews suspected illegal content.",
     ["moderation"], "high"),
    ("ICU C2", "ICU", "Swift takedown of illegal content",
     "Take illegal content down swiftly once the service knows about it.",
     ["moderation"], "high"),
    ("ICU C9", "ICU", "Hash matching for CSAM",
     "Use perceptual hash matching to detect and remove known child sexual abuse images.",
     ["hash_matching", "csea"], "critical"),
    ("ICU C10", "ICU", "Detecting listed CSAM URLs",
     "Detect and remove links that are on lists of known child sexual abuse URLs.",
     ["hash_matching", "csea"], "critical"),
    ("ICU C14", "ICU", "Hash matching for intimate image abuse",
     "Match uploads against a database of intimate images shared without consent.",
     ["hash_matching", "intimate_image_abuse"], "high"),
    ("ICU D1", "ICU", "Enabling complaints",
     "Let users and affected non-users report illegal content and complain.",
     ["reporting"], "high"),
    ("ICU D2", "ICU", "Easy to find and use complaints",
     "Make reporting and complaints easy to find, reach and use.",
     ["reporting", "accessibility"], "medium"),
    ("ICU D3", "ICU", "Information before a complaint",
     "Tell the complainant before submission what will happen to the complaint.",
     ["reporting"], "low"),
    ("ICU D4", "ICU", "Indicative timeframes",
     "Give an indicative time for deciding a complaint.", ["reporting"], "low"),
    ("ICU D5", "ICU", "Possible outcomes of a complaint",
     "Explain possible outcomes and promise to tell the complainant the decision.",
     ["reporting"], "low"),
    ("ICU D8", "ICU", "Appeals",
     "Decide appeals against moderation decisions promptly.", ["reporting"], "medium"),
    ("ICU F1", "ICU", "Safety defaults for child users",
     "Children are not suggested to strangers and strangers cannot message them by default.",
     ["children", "grooming"], "critical"),
    ("ICU F2", "ICU", "Support for child users",
     "Show children supportive information at key moments, such as before accepting a request.",
     ["children", "grooming"], "high"),
    ("ICU G1", "ICU", "Terms of service: substance",
     "The terms say how users are protected from illegal content.", ["terms"], "medium"),
    ("ICU G3", "ICU", "Terms of service: clarity",
     "The terms are clear, easy to find and readable.", ["terms", "accessibility"], "medium"),
    ("ICU J1", "ICU", "Blocking and muting",
     "Users can block and mute other users.", ["user_controls"], "medium"),
    ("ICU J2", "ICU", "Disabling comments",
     "Users can turn off comments on their own posts.", ["user_controls"], "low"),
    ("PCU B2", "PCU", "Age assurance where porn is the principal purpose",
     "Keep children out of the whole service with highly effective age assurance.",
     ["age_assurance", "children"], "critical"),
    ("PCU B4", "PCU", "Age assurance where porn is not prohibited",
     "Use highly effective age assurance to keep children from pornography on the service.",
     ["age_assurance", "children"], "critical"),
    ("PCU D1", "PCU", "Complaints for children",
     "Children can report content and complain, and the route suits them.",
     ["reporting", "children"], "high"),
    ("PCU D11", "PCU", "Appeals against age decisions",
     "An adult wrongly judged to be a child can appeal.", ["age_assurance"], "medium"),
    ("PCU G1", "PCU", "Terms: protecting children",
     "The terms say how children are protected from each kind of harmful content.",
     ["terms", "children"], "medium"),
    ("PCU G3", "PCU", "Terms clear for children",
     "The terms are clear and accessible, also to children.", ["terms", "children"], "low"),
    ("PCU J1", "PCU", "Block and mute for children",
     "Children can block and mute other users whatever the service's size.",
     ["user_controls", "children"], "medium"),
    ("ICS C8", "ICS", "Search: warnings for CSAM queries",
     "Search services warn users who search for child sexual abuse material.",
     ["search", "csea"], "high"),
    ("ICS D1", "ICS", "Search: reporting and complaints",
     "Search users can report illegal search results and complain.",
     ["reporting", "search"], "medium"),
    ("Part 5 HEAA", "Part 5", "Highly effective age assurance (publishers)",
     "Publishers of pornography keep children out with highly effective age assurance.",
     ["age_assurance", "children"], "critical"),
]

MET, PART, NOT, NOBS, NA = "met", "partly_met", "not_met", "not_observable", "not_applicable"

REASONS = {
    MET: ["The report form was found one click from each post and accepts free text.",
          "The terms explain how users are protected from illegal content (section 4).",
          "A block control was offered on every profile we opened.",
          "Age check by facial estimation held on a deep link and in a fresh session."],
    PART: ["A report route exists but needs a login; logged-out visitors cannot report.",
           "The terms mention reporting but give no timeframe.",
           "The age gate is self-declaration only; it held on deep links."],
    NOT: ["No report control was found on posts, profiles or the help centre.",
          "The terms do not say how users are protected from illegal content.",
          "Deep link to /videos/ showed content without any age gate.",
          "A stranger account could message the child test account by default."],
    NOBS: ["needs_accounts: no test accounts were named for this target.",
           "bot_wall: a challenge page was shown on every visit.",
           "forms_not_allowed: the signup flow was not submitted.",
           "not_found: no terms of service page could be found."],
    NA: ["The service offers no direct messages.",
         "Not a search service.",
         "Pornography is not the principal purpose."],
}

APPLICABILITY_REASONS = {
    "applies": "Applies to every user-to-user service.",
    "probably_applies": "Likely accessed by children (no highly effective age assurance seen).",
    "applies_if_assessed": "Applies if the provider's risk assessment says medium or high risk of "
                           "grooming.",
    "not_applicable": "The profile lacks the functionality this measure is about.",
}

TERMS_SENTENCES = [
    "These terms apply to everyone who uses the service.",
    "You must be at least 13 years old to use the service.",
    "You must not post illegal content, including terrorist content or child sexual abuse "
    "material.",
    "We use automated tools, including hash matching, to find known illegal images.",
    "You can report any post or profile with the Report link beside it.",
    "We aim to review reports within 48 hours and will tell you what we decided.",
    "If you disagree with a decision you can appeal from your account settings.",
    "We may suspend accounts that repeatedly break these rules.",
    "Our community guidelines explain what bullying and harassment mean here.",
    "Contact our safety team at the address on the Contact page.",
]


@dataclass
class Changes:
    """How a later run differs from an earlier one built with the same seed."""

    statuses: dict[tuple[str, str], str] = field(default_factory=dict)  # (target, measure)->status
    drop: set[str] = field(default_factory=set)                          # target ids left out
    add: int = 0                                                         # extra generated services
    terms: dict[str, list[str]] = field(default_factory=dict)           # target -> sentences
    outcomes: dict[str, str] = field(default_factory=dict)              # target -> outcome


@dataclass
class Service:
    id: str
    name: str
    url: str
    kind: str
    outcome: str = "ok"
    reason: str = ""
    row_extra: dict[str, str] = field(default_factory=dict)


HANDMADE = [
    Service("brightforum", "Bright Forum", "https://brightforum.example.com/", "forum"),
    Service("chatterbox", "Chatterbox Social", "https://chatterbox.example.com/", "social"),
    Service("fileden", "FileDen", "https://fileden.example.net/", "file_sharing"),
    Service("velvet", "Velvet Lounge", "https://velvet.example.org/", "adult"),
    Service("seekr", "Seekr Search", "https://seekr.example.com/", "search"),
    Service("pixelplay", "PixelPlay Arcade", "https://pixelplay.example.com/", "gaming"),
    Service("hostile", HOSTILE_NAME, "javascript:alert(document.domain)//https://x.example",
            "social", reason=HOSTILE_REASON,
            row_extra={"notes": "<svg onload=alert(4)>", "tags": "\"'><script>alert(5)</script>"}),
    Service("walled", "Walled Garden", "https://walled.example.com/", "social", "bot_wall",
            "A challenge page was shown on every visit (Cloudflare-style interstitial)."),
    Service("gone", "Gone Away Chat", "https://gone.example.com/", "chat", "unreachable",
            "DNS lookup failed: NXDOMAIN"),
    Service("geofenced", "Geofenced Dating", "https://geofenced.example.com/", "dating",
            "geo_blocked", "The site says it is not available in the United Kingdom."),
    Service("slowpoke", "Slowpoke Boards", "https://slowpoke.example.com/", "forum", "timeout",
            "The per-target time budget (300 s) ran out during the reporting probe."),
]

KINDS = list(signals.SERVICE_KINDS)
WORDS = ["Amber", "Birch", "Cobalt", "Dune", "Echo", "Fern", "Glade", "Harbour", "Iris", "Jet",
         "Kite", "Lumen", "Maple", "Nimbus", "Orbit", "Pebble", "Quill", "Rook", "Sable", "Tide"]
NOUNS = {"forum": "Forum", "social": "Social", "chat": "Chat", "file_sharing": "Files",
         "adult": "Lounge", "search": "Search", "dating": "Dates", "gaming": "Games",
         "other": "Hub"}


def _iso(dt: datetime) -> str:
    return dt.strftime("%Y-%m-%dT%H:%M:%S") + "Z"


def _png(w: int, h: int, accent: tuple[int, int, int], label: str) -> bytes:
    from PIL import Image, ImageDraw

    img = Image.new("RGB", (w, h), (250, 250, 252))
    d = ImageDraw.Draw(img)
    s = w / 1280
    d.rectangle([0, 0, w, int(64 * s)], fill=accent)
    d.text((int(24 * s), int(22 * s)), label[:60], fill=(255, 255, 255))
    for i in range(9):
        y = int((110 + i * 56) * s)
        d.rectangle([int(40 * s), y, int((40 + 760 - (i * 53) % 300) * s), y + int(14 * s)],
                    fill=(205, 208, 215))
    d.rectangle([int(880 * s), int(110 * s), int(1240 * s), int(560 * s)], fill=(226, 230, 238))
    d.rectangle([0, int(720 * s), w, h], fill=(40, 44, 52))
    for i in range(5):
        x = int((40 + i * 150) * s)
        d.rectangle([x, int(752 * s), x + int(110 * s), int(764 * s)], fill=(150, 156, 170))
    buf = io.BytesIO()
    img.save(buf, "PNG", optimize=False)
    return buf.getvalue()


def _pv(value: object, source: str, reason: str = "", evidence: list[str] | None = None) -> dict:
    """A profile field as profiles.json holds it (auditor.measures.profile.ProfileValue)."""
    return {"value": value, "source": source, "reason": reason, "evidence": evidence or [],
            "confidence": 1.0}


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _services(n: int, rng: random.Random) -> list[Service]:
    out = [Service(s.id, s.name, s.url, s.kind, s.outcome, s.reason, dict(s.row_extra))
           for s in HANDMADE]
    if n <= len(out):
        return out[:max(n, 1)]
    i = 0
    while len(out) < n:
        i += 1
        kind = KINDS[rng.randrange(len(KINDS))]
        name = f"{WORDS[i % len(WORDS)]} {NOUNS[kind]} {i}"
        sid = f"svc-{i:04d}"
        outcome = "ok"
        r = rng.random()
        if r < 0.03:
            outcome = "bot_wall"
        elif r < 0.05:
            outcome = "timeout"
        elif r < 0.06:
            outcome = "unreachable"
        out.append(Service(sid, name, f"https://{sid}.example.com/", kind, outcome,
                           "" if outcome == "ok" else f"{outcome} during discovery"))
    return out


def _status_for(svc: Service, mi: int, code: str, rng: random.Random) -> str:
    if svc.outcome != "ok":
        return NOBS if rng.random() < 0.9 else NA
    if code == "ICS" and svc.kind != "search":
        return NA
    if code == "Part 5" and svc.kind != "adult":
        return NA
    if svc.kind == "search" and code in ("ICU", "PCU") and mi % 3 == 0:
        return NA
    r = rng.random()
    if r < 0.36:
        return MET
    if r < 0.55:
        return PART
    if r < 0.77:
        return NOT
    if r < 0.9:
        return NOBS
    return NA


def _value(spec: signals.SignalSpec, rng: random.Random, svc: Service) -> object:
    k = spec.kind
    if k == "bool":
        return rng.random() < 0.6
    if k == "number":
        if spec.name.endswith("min_age") or spec.name.endswith("min_age_uk"):
            return rng.choice([13, 13, 16, 18])
        if spec.name.endswith("reading_grade"):
            return round(rng.uniform(7, 16), 1)
        return rng.randint(1, 5)
    if k == "url":
        base = svc.url if svc.url.startswith("http") else "https://hostile.example.com/"
        return base.rstrip("/") + "/" + spec.name.split(".")[1].replace("_url", "")
    if k == "enum":
        return rng.choice(spec.choices)
    if k == "list":
        if spec.choices:
            return rng.sample(list(spec.choices), rng.randint(0, min(4, len(spec.choices))))
        return ["ExampleAge Ltd"] if "providers" in spec.name else []
    if k == "hash":
        return _sha(f"{svc.id}{rng.random()}".encode())
    if k == "date":
        return f"2026-{rng.randint(1, 9):02d}-{rng.randint(1, 28):02d}"
    if spec.name == "profile.platform":          # no random draw: the sequence stays as it was
        return PLATFORMS[sum(map(ord, svc.id)) % len(PLATFORMS)] or None
    if spec.name == "profile.platform_version":
        return "3.3.11"
    return "text"


#: Signals registered after these fixtures were made: drawn apart, so every other value (and
#: every test that reads one) stays as it was.
LATER_SIGNALS = ("terms.a11y_violations", "reporting.a11y_violations")


def _later_row(svc: Service, name: str, probe: str, value: int | None, at: str) -> list[str]:
    note = (f"axe: {value} rule(s) on {svc.url}" if value else f"axe: none on {svc.url}") \
        if value is not None else svc.outcome
    return [svc.id, probe, name, signals.to_cell(value), "0.8" if value is not None else "0.0",
            note, svc.url, at, ""]


#: the community software the synthetic services run (None: none recognised)
PLATFORMS = ("phpbb", "discourse", "", "wordpress")


def build_run(path: str | Path, *, n: int = len(HANDMADE), seed: int = 7,
              started_at: str = "2026-11-23T09:00:00Z", targets_file: str = "targets.csv",
              legacy: bool = False, screenshots: bool = True,
              changes: Changes | None = None) -> Path:
    """Write a run folder at ``path`` and return it.

    ``legacy`` leaves out measures.json, profiles.json and triage.csv (older runs).  The same
    ``seed`` gives the same services, verdicts and terms; ``changes`` then alters them.
    """
    root = Path(path)
    ev_dir = root / "evidence"
    ev_dir.mkdir(parents=True, exist_ok=True)
    ch = changes or Changes()
    rng = random.Random(seed)
    services = [s for s in _services(n + ch.add, rng) if s.id not in ch.drop]
    for s in services:
        if s.id in ch.outcomes:
            s.outcome = ch.outcomes[s.id]
            s.reason = s.reason or f"{s.outcome} this time"
    t0 = datetime.strptime(started_at, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)

    shot = _png(1280, 800, (32, 74, 135), "Home page") if screenshots else b""
    thumb = _png(320, 200, (32, 74, 135), "") if screenshots else b""

    manifest: list[list[str]] = []
    observations: list[list[str]] = []
    verdicts: list[list[str]] = []
    triage: list[list[str]] = []
    profiles: dict[str, dict] = {}
    targets: list[dict] = []

    def add_file(eid: str, rel: str, data: bytes, url: str, kind: str, at: str,
                 via: str = "browser", original: str | None = None) -> None:
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(data)
        sha = _sha(data)
        manifest.append([eid, rel, sha, original or sha, url, kind, at, via])

    edition = "2026-09-30"
    for idx, svc in enumerate(services):
        srng = random.Random(f"{seed}-{svc.id}")
        t_start = t0 + timedelta(seconds=idx * 7)
        at = _iso(t_start + timedelta(seconds=3))
        ok = svc.outcome == "ok"
        home = svc.url if svc.url.startswith("http") else "https://hostile.example.com/"
        ev: dict[str, list[str]] = {"shot": [], "quote": [], "text": [], "dom": []}
        if ok or svc.outcome == "bot_wall":
            if screenshots:
                sid = f"{svc.id}-home"
                name = "shot \"x\" <y>&z.png" if svc.id == "hostile" else "home.png"
                add_file(sid, f"evidence/{svc.id}/{name}", shot, home, "screenshot", at)
                add_file(sid + "-thumb", f"evidence/{svc.id}/thumb-{name}", thumb, home,
                         "thumbnail", at)
                ev["shot"].append(sid)
                if idx % 4 == 1:   # a redacted (blurred) capture: original hash differs
                    manifest[-2][3] = _sha(b"before-redaction" + svc.id.encode())
            dom_id = f"{svc.id}-home-dom"       # page copies are kept as text (.html.txt)
            add_file(dom_id, f"evidence/{svc.id}/home.html.txt",
                     f"<html><body><h1>{svc.name}</h1></body></html>".encode(), home, "dom", at)
            ev["dom"].append(dom_id)
            if svc.id == "hostile":
                # live script in page copies: one as text, one as an older run's .html, and an
                # SVG "screenshot"; none may run from the report
                add_file("hostile-dom-live", "evidence/hostile/live.html.txt", HOSTILE_DOM,
                         home, "dom", at)
                add_file("hostile-dom-legacy", "evidence/hostile/legacy.html", HOSTILE_DOM,
                         home, "dom", at)
                add_file("hostile-svg", "evidence/hostile/shot.svg", HOSTILE_SVG, home,
                         "screenshot", at)
                ev["dom"] += ["hostile-dom-live", "hostile-dom-legacy"]
                ev["shot"].append("hostile-svg")
        if ok:
            sentences = list(ch.terms.get(svc.id) or TERMS_SENTENCES)
            if svc.id == "hostile":
                sentences.append(HOSTILE_QUOTE)
            text = "\n".join(sentences) + "\n"
            terms_url = home.rstrip("/") + "/terms"
            add_file(f"{svc.id}-terms-text", f"evidence/{svc.id}/terms.txt", text.encode(),
                     terms_url, "text", at, "http")
            ev["text"].append(f"{svc.id}-terms-text")
            picks = (sentences[min(2, len(sentences) - 1)], sentences[min(4, len(sentences) - 1)],
                     sentences[-1])
            for qi, sentence in enumerate(picks):
                qid = f"{svc.id}-q{qi + 1}"
                add_file(qid, f"evidence/{svc.id}/quote-{qi + 1}.txt", sentence.encode(),
                         terms_url, "quote", at, "http")
                ev["quote"].append(qid)
        if svc.id == "hostile":
            manifest.append(["hostile-evil", "../../../etc/passwd", "0" * 64, "0" * 64,
                             "javascript:alert('ev')", "capture", at, "http"])
            manifest.append(["hostile-abs", "/etc/hostname", "0" * 64, "0" * 64,
                             "data:text/html,<script>alert(6)</script>", "screenshot", at,
                             "browser"])

        # observations: one row per signal
        for name, spec in signals.SIGNALS.items():
            probe = spec.probe
            if name in LATER_SIGNALS:       # their own draws: the sequence stays as it was
                lrng = random.Random(f"{seed}{svc.id}{name}")
                value = lrng.choice([0, 0, 1, 3]) if ok else None
                observations.append(_later_row(svc, name, probe, value, at))
                continue
            if not ok:
                value, note, conf = None, svc.outcome, 0.0
            else:
                r = srng.random()
                if r < 0.12 and probe in ("messaging", "signup"):
                    value, note, conf = None, "needs_accounts", 0.0
                elif r < 0.16:
                    value, note, conf = None, "not_found", 0.0
                else:
                    value, note, conf = _value(spec, srng, svc), "", round(srng.uniform(.6, 1), 2)
            if name == "terms.text_sha256" and ok:
                value = _sha((root / f"evidence/{svc.id}/terms.txt").read_bytes())
                note, conf = "", 1.0
            evid = []
            if ok and probe == "terms":
                evid = ev["text"] + (ev["quote"][:1] if name.endswith("prohibits_illegal") else [])
            elif name == "discovery.home_url":
                evid = ev["shot"] + ev["dom"]
            if svc.id == "hostile" and name == "discovery.terms_url":
                value, note = None, "not_found: " + HOSTILE_REASON
            url = home if probe == "discovery" else home.rstrip("/") + f"/{probe}"
            observations.append([svc.id, probe, name, signals.to_cell(value), str(conf), note,
                                 url, at, ";".join(evid)])

        # verdicts
        counts = {MET: 0, PART: 0, NOT: 0, NOBS: 0, NA: 0}
        sev_gap = 0.0
        for mi, (mid, code, _t, _s, _th, sev) in enumerate(MEASURES):
            status = _status_for(svc, mi, code, srng)
            if svc.id == "brightforum" and mi < 5:      # one service with every status, in order
                status = (MET, PART, NOT, NOBS, NA)[mi]
            status = ch.statuses.get((svc.id, mid), status)
            counts[status] += 1
            if status == NA:
                appl = "not_applicable"
            else:
                appl = ("applies", "probably_applies", "applies_if_assessed")[srng.randrange(3)]
            reason = srng.choice(REASONS[status])
            if svc.id == "hostile" and mi % 4 == 0:
                reason = HOSTILE_REASON
            if not ok and status == NOBS:
                reason = f"{svc.outcome}: {svc.reason}"
            evid = []
            if status in (MET, PART, NOT):
                evid = ev["shot"][:1] + ev["quote"][mi % 3:mi % 3 + 1]
                if svc.id == "hostile":
                    evid = ev["shot"] + ev["quote"][mi % 3:] + ev["dom"]
                if svc.id == "hostile" and mi == 0:
                    evid += ["hostile-evil", "hostile-abs", "no-such-evidence"]
            verdicts.append([svc.id, mid, edition, appl, APPLICABILITY_REASONS[appl], status,
                             sev, reason, ";".join(evid)])
            if status in (NOT, PART):
                sev_gap += {"low": 1, "medium": 2, "high": 3, "critical": 4}[sev] * (
                    1 if status == NOT else 0.5)

        kind = svc.kind
        lac = kind not in ("adult",)
        funcs = srng.sample(list(signals.FUNCTIONALITIES), srng.randint(2, 7))
        risk_factors = srng.sample(["dm_between_strangers", "connection_suggestions",
                                    "image_upload", "anonymous_accounts", "livestream",
                                    "adult_section", "child_appeal"], srng.randint(1, 4))
        if svc.id == "hostile":
            risk_factors.append("<b onmouseover=alert(7)>factor</b>")
        regime = ["search"] if kind == "search" else (
            ["u2u", "part5"] if kind == "adult" else ["u2u"])
        size = ["under_700k", "700k_to_7m", "over_7m"][idx % 3]
        risk_levels = {k: _pv(None, "unknown", "no risk factors seen") for k in RISK_KINDS}
        risk_levels["grooming"] = _pv("high" if "dm" in funcs else "low", "inferred",
                                      "dm, connections", ev["shot"])
        if idx % 3 == 0:
            risk_levels["csam_image"] = _pv("medium", "analyst", "target list")
        profiles[svc.id] = {
            "target_id": svc.id,
            "service_kind": _pv(kind, "analyst" if idx % 2 else "inferred",
                                "target list" if idx % 2 else "observed regime and content"),
            "regime": _pv(regime, "inferred", f"{kind} service hosts user content"),
            "size_band": _pv(size, "analyst", "target list") if idx % 4 else
            _pv(None, "unknown", "not observable; set size_band in the target list"),
            "likely_accessed_by_children": _pv(lac, "inferred",
                                               "no highly effective age assurance seen"),
            "risk_factors": _pv(risk_factors, "observed", "risk factors seen", ev["shot"]),
            "functionalities": _pv(funcs, "observed", "profile.functionalities", ev["shot"]),
            "adult_content": _pv(kind == "adult", "observed", "adult content seen"
                                 if kind == "adult" else "no adult content seen"),
            "heaa": _pv(None, "unknown", "age gate not observed (needs_accounts)"),
            "risk_levels": risk_levels,
        }
        risk = round(min(1.0, 0.15 * len(risk_factors) + srng.uniform(0, 0.4)), 3)
        gap = round(min(1.0, sev_gap / 40), 3)
        triage.append([svc.id, str(risk), str(gap), "", "0",
                       ";".join(sorted({t for m in MEASURES for t in m[4]})[:3]),
                       str(counts[NOT] + counts[PART]), str(counts[NOBS])])

        t_end = t_start + timedelta(seconds=srng.randint(20, 90))
        row = {"id": svc.id, "name": svc.name, "url": svc.url, "service_kind": svc.kind,
               "extra_domains": "", "size_band": profiles[svc.id]["size_band"],
               "risk_levels": "grooming=high;csam_image=medium" if idx % 3 == 0 else "",
               "likely_accessed_by_children": "", "regime": "", "allow_forms": "false",
               "accounts": "", "recipe": "", "tags": "", "notes": ""}
        row.update(svc.row_extra)
        targets.append({"id": svc.id, "name": svc.name, "url": svc.url, "row": row,
                        "outcome": svc.outcome, "reason": svc.reason,
                        "started_at": _iso(t_start), "finished_at": _iso(t_end),
                        "pages": srng.randint(3, 40) if ok else 1,
                        "bytes": srng.randint(200_000, 9_000_000) if ok else 0})

    # triage ranking: biggest risk x gap first (priority as auditor.measures.triage writes it)
    triage.sort(key=lambda r: -(float(r[1]) * 0.5 + float(r[2])))
    for i, r in enumerate(triage, 1):
        r[4] = str(i)
        r[3] = f"{float(r[1]) * 0.5 + float(r[2]):.3f}".rstrip("0").rstrip(".")

    finished = t0 + timedelta(seconds=len(services) * 7 + 120)
    targets_text = "\n".join(t["id"] for t in targets).encode()
    meta = {
        "tool_version": "0.4.0",
        "catalogue_edition": edition,
        "browser": {"name": "chromium", "version": "156.0.8078.79",
                    "executable": "/usr/bin/chromium"},
        "user_agent": "OSA-Auditor/0.4 (+mailto:audits@example.org)",
        "proxy": None,
        "robots_policy": "obey",
        "options": {"concurrency": 2, "timeout_per_target": 300, "ignore_robots": False},
        "targets_file": f"/srv/lists/{targets_file}",
        "targets_sha256": _sha(targets_text),
        "started_at": started_at,
        "finished_at": _iso(finished),
        "targets": targets,
    }
    (root / "run.json").write_text(json.dumps(meta, indent=1), encoding="utf-8")

    def write_csv(rel: str, header: tuple[str, ...], rows: list[list[str]]) -> None:
        with (root / rel).open("w", encoding="utf-8", newline="") as f:
            w = csv.writer(f)
            w.writerow(header)
            w.writerows(rows)

    from auditor import runfolder as rf

    write_csv("observations.csv", rf.OBSERVATION_COLUMNS, observations)
    write_csv("verdicts.csv", rf.VERDICT_COLUMNS, verdicts)
    write_csv("evidence/manifest.csv", rf.MANIFEST_COLUMNS, manifest)
    if not legacy:
        write_csv("triage.csv", rf.TRIAGE_COLUMNS, triage)
        (root / "profiles.json").write_text(json.dumps(profiles, indent=1), encoding="utf-8")
        cat = [{"id": m[0], "code": m[1], "title": m[2], "summary": m[3], "themes": m[4],
                "severity": m[5],
                "source": SRC + m[1].lower().replace(" ", "") + ".pdf#" + m[0].split()[-1],
                "id_confirmed": not m[0].startswith("PCU J"), "from": "2025-03-17",
                "until": None} for m in MEASURES]
        (root / "measures.json").write_text(json.dumps(cat, indent=1), encoding="utf-8")
    return root


def week_apart(root: str | Path, *, n: int) -> tuple[Path, Path]:
    """Two runs of the same ``n``-service list a week apart (``root/r1``, ``root/r2``); the later
    one has a regression and an improvement (brightforum's ICU C1 and C9), a dropped service
    (slowpoke), two new ones and chatterbox's terms changed.  Returns ``(earlier, later)``."""
    root = Path(root)
    old = build_run(root / "r1", n=n, started_at="2026-11-16T09:00:00Z")
    new = build_run(root / "r2", n=n, started_at="2026-11-23T09:00:00Z", changes=Changes(
        statuses={("brightforum", "ICU C1"): "not_met", ("brightforum", "ICU C9"): "met"},
        drop={"slowpoke"}, add=2,
        terms={"chatterbox": ["These terms apply to everyone who uses the service.",
                              "You must be at least 16 years old to use the service."]}))
    return old, new
