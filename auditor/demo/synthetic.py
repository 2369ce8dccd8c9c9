"""A synthetic web of N generated services for benchmarks and agreement tests (issue 3).

Every service is built from the same building blocks with features drawn from a seeded RNG and
recorded: where its terms link is (footer, a footer built by script, behind a "More" menu, on a
legal hub, only in the sitemap, only at a common path, nowhere), the minimum age its terms state,
report buttons on posts, robots.txt rules (some paths, or everything), a bot wall or a UK geo-block
on a few, an age gate on some, slow pages on a few.  Service ``i`` depends only on ``(seed, i)``,
so the first 50 services of a 1,000-service web are the 50 services of a 50-service web.

One process serves them all (``python -m auditor.demo.synthetic serve --n 1000 --seed 7 --port 0``
prints ``{"port": ...}`` on its first line), dispatching on the ``Host`` header (or on the
absolute URL when used as an HTTP proxy).  Host names are ``svc0042.synth.test``.  Running the
server in its own process keeps it off the auditor's event loop and GIL.

The ground truth (:func:`truth_records`, ``truth.json``/``truth.csv``) lists each service's features
and ``expected``: the values a correct, polite auditor reports (``outcome`` and signals such as
``discovery.terms_url``).  Expectations follow what a visitor can observe: a report button on a
thread page that robots.txt forbids is expected as unknown (``None``), not as true.

The server keeps a log of what it answered, classified as browser navigations, browser
subresources and plain HTTP fetches; ``GET http://127.0.0.1:PORT/__synth/stats`` and
``/__synth/log`` return it and ``/__synth/reset`` clears it (only on the loopback host name).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import csv
import json
import os
import random
import re
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import asdict, dataclass, field, fields
from functools import lru_cache
from html import escape
from pathlib import Path
from urllib.parse import urlsplit

DOMAIN = "synth.test"
MIRROR_DOMAIN = "synth-intl.test"      # where geo-blocked services point; never served

KINDS = ("forum", "social", "chat", "file_sharing", "adult", "dating", "gaming", "other")
KIND_WEIGHTS = (25, 20, 10, 10, 8, 7, 10, 10)
TERMS_WHERE = ("footer", "footer_script", "more_menu", "legal_hub", "sitemap_only",
               "common_path", "none")
TERMS_WHERE_WEIGHTS = (42, 14, 12, 12, 8, 6, 6)
#: paths the auditor tries when nothing links the terms (probes/discovery.py, first three)
COMMON_TERMS_PATHS = ("/terms", "/tos", "/terms-of-service")
#: paths for terms that must be found by following the feature, not by guessing
HIDDEN_TERMS_PATHS = ("/legal/terms", "/policies/terms", "/user-agreement", "/terms-of-use",
                      "/conditions")
TERMS_TEXTS = ("Terms of Service", "Terms", "Terms & Conditions", "Terms of Use",
               "User Agreement", "Conditions of use")
PRIVACY_PATHS = ("/privacy", "/privacy-policy", "/legal/privacy")
PRIVACY_TEXTS = ("Privacy", "Privacy policy", "Privacy notice")
GUIDELINES_PATHS = ("/guidelines", "/community-guidelines", "/rules")
GUIDELINES_TEXTS = ("Community guidelines", "House rules", "Community standards")
SIGNUP_PATHS = ("/signup", "/register", "/join")
LOGIN_PATHS = ("/login", "/signin")

ADJECTIVES = ("Amber", "Quiet", "Bright", "Copper", "Hollow", "Silver", "Maple", "Harbour",
              "Northern", "Willow", "Granite", "Cobalt", "Meadow", "Lantern", "Saffron", "Tidal",
              "Velvet", "Juniper", "Pebble", "Cedar")
NOUNS = ("Lane", "Square", "Circle", "Commons", "Corner", "Loft", "Yard", "Station", "Garden",
         "Works", "Bench", "Hall", "Quay", "Bridge", "Market", "Porch", "Orchard", "Den")
KIND_SUFFIX = {"forum": "Forum", "social": "Social", "chat": "Chat", "file_sharing": "Files",
               "adult": "After Dark", "dating": "Dates", "gaming": "Play", "other": "Hub"}
TOPICS = ("gardening", "cycling", "baking", "chess", "birdwatching", "knitting", "astronomy",
          "photography", "hiking", "pottery", "retro games", "sourdough", "houseplants",
          "canoeing", "woodwork", "jazz", "fountain pens", "model railways", "beekeeping",
          "climbing")
PHRASES = ("what got you started", "beginner questions", "show your latest project",
           "tips for the weekend", "a question about tools", "favourite books on the subject",
           "photos from this month", "looking for advice", "progress diary", "small wins")
WORDS = ("the", "a", "we", "tried", "again", "today", "with", "after", "some", "friends",
         "small", "careful", "slow", "new", "old", "kit", "weather", "was", "kind", "to", "us",
         "and", "then", "it", "worked", "nicely", "next", "time", "maybe", "earlier", "morning")
AUTHORS = ("ash", "bee", "cal", "dot", "eli", "fen", "gus", "hal", "ivy", "jo", "kit", "lou",
           "mo", "ned", "oli", "pip", "rae", "sol", "tam", "viv")

#: The first services are fixed archetypes (then the RNG alone decides), so that small webs
#: (tests, the smoke benchmark) cover every kind of placement and wall.
ARCHETYPES: tuple[dict, ...] = (
    {"terms_where": "footer"},
    {"terms_where": "footer_script", "footer_mode": "script_inline"},
    {"terms_where": "more_menu"},
    {"terms_where": "legal_hub"},
    {"terms_where": "sitemap_only"},
    {"terms_where": "common_path"},
    {"wall": "bot_wall"},
    {"wall": "geo_block"},
    {"terms_where": "footer_script", "footer_mode": "script_fetch",
     "age_gate": "self_declaration"},
    {"terms_where": "none", "robots": "absent"},
    {"robots": "disallow_all"},
    {"terms_where": "footer", "slow_ms": 2000, "age_gate": "dob_entry"},
)
_ARCHETYPE_DEFAULTS = {"terms_where": "footer", "footer_mode": "static", "wall": "none",
                       "robots": "standard", "age_gate": "none", "slow_ms": 0,
                       "slow_terms_ms": 0, "home_redirect": False}


@dataclass
class Features:
    """Everything that was drawn for one service (all of it recorded in the ground truth)."""

    index: int
    id: str
    host: str
    name: str
    service_kind: str
    terms_where: str                 # TERMS_WHERE
    terms_path: str | None
    terms_text: str | None
    min_age: int | None              # stated in the terms; None: no age stated
    footer_mode: str                 # static | script_inline | script_fetch
    privacy_path: str
    privacy_text: str
    guidelines_path: str | None
    guidelines_text: str | None
    report_link: bool                # a "Report abuse" link to /report
    report_button: bool              # a Report button on every post of a thread page
    contact: bool
    account_links: bool              # sign up / log in in the header
    signup_path: str | None
    login_path: str | None
    about_link: bool
    cookie_banner: bool
    sitemap_path: str | None         # None: no sitemap
    sitemap_in_robots: bool
    robots: str                      # standard | absent | disallow_all
    robots_disallow: list[str]
    wall: str                        # none | bot_wall | geo_block
    age_gate: str                    # none | self_declaration | dob_entry
    slow_ms: int                     # the home page answers this late
    slow_terms_ms: int               # the terms page answers this late
    home_redirect: bool              # / redirects to /home
    threads: int
    seed: int = 0
    mirror_url: str | None = None

    @property
    def base(self) -> str:
        return f"http://{self.host}"

    @property
    def start_url(self) -> str:
        return f"{self.base}/"

    @property
    def home_path(self) -> str:
        return "/home" if self.home_redirect else "/"


def _pick(rng: random.Random, options, weights=None):
    return rng.choices(options, weights=weights, k=1)[0] if weights else rng.choice(options)


def service_features(index: int, seed: int) -> Features:
    """The features of service ``index`` of the web with ``seed`` (independent of N)."""
    rng = random.Random(f"synthetic:{seed}:{index}")
    sid = f"svc{index:04d}"
    kind = _pick(rng, KINDS, KIND_WEIGHTS)
    adjective, noun = _pick(rng, ADJECTIVES), _pick(rng, NOUNS)
    d: dict = {
        "terms_where": _pick(rng, TERMS_WHERE, TERMS_WHERE_WEIGHTS),
        "footer_mode": _pick(rng, ("script_inline", "script_fetch")),
        "wall": _pick(rng, ("none", "bot_wall", "geo_block"), (96, 2, 2)),
        "robots": _pick(rng, ("standard", "absent", "disallow_all"), (80, 17, 3)),
        "slow_ms": rng.randint(1500, 3500) if rng.random() < 0.04 else 0,
        "slow_terms_ms": rng.randint(1500, 3000) if rng.random() < 0.03 else 0,
        "home_redirect": rng.random() < 0.05,
    }
    gate_roll = rng.random()
    if kind in ("adult", "dating"):
        d["age_gate"] = ("self_declaration" if gate_roll < 0.5 else
                         "dob_entry" if gate_roll < 0.8 else "none")
    else:
        d["age_gate"] = ("self_declaration" if gate_roll < 0.04 else
                         "dob_entry" if gate_roll < 0.07 else "none")
    min_age = _pick(rng, (13, 13, 16, 18, None))
    terms_text = _pick(rng, TERMS_TEXTS)
    hidden_path = _pick(rng, HIDDEN_TERMS_PATHS)
    common_path = _pick(rng, COMMON_TERMS_PATHS)
    any_path = _pick(rng, COMMON_TERMS_PATHS + HIDDEN_TERMS_PATHS)
    privacy_i = rng.randrange(len(PRIVACY_PATHS))
    guidelines = rng.random() < 0.5
    guide_i = rng.randrange(len(GUIDELINES_PATHS))
    report_link = rng.random() < 0.6
    report_button = rng.random() < 0.55
    contact = rng.random() < 0.75
    account_links = rng.random() < 0.7
    signup_path = _pick(rng, SIGNUP_PATHS)
    login_path = _pick(rng, LOGIN_PATHS)
    about_link = rng.random() < 0.5
    cookie_banner = rng.random() < 0.5
    sitemap_roll = rng.random()
    sitemap_in_robots = rng.random() < 0.5
    sitemap_alt = rng.random() < 0.3
    disallow = ["/admin/"]
    if rng.random() < 0.5:
        disallow.append("/search")
    if rng.random() < 0.3:
        disallow.append("/api/")
    if rng.random() < 0.1:
        disallow.append("/t/")
    threads = rng.randint(3, 8)

    if index < len(ARCHETYPES):                 # fixed archetype: override the core fields
        d.update(_ARCHETYPE_DEFAULTS)
        d.update(ARCHETYPES[index])
        if d["age_gate"] == "none" and kind in ("adult", "dating"):
            kind = "forum"          # archetypes without a gate are not adult services

    if kind == "adult":
        min_age = 18
    name = f"{adjective} {noun} {KIND_SUFFIX[kind]}"
    where = d["terms_where"]
    if where in ("more_menu", "legal_hub", "sitemap_only"):
        terms_path = hidden_path
    elif where == "common_path":
        terms_path = common_path
    elif where == "none":
        terms_path = None
    else:
        terms_path = any_path
    has_sitemap = where == "sitemap_only" or sitemap_roll < 0.7
    sitemap_path = None
    if has_sitemap:
        sitemap_path = "/sitemap.xml"
        if sitemap_alt and d["robots"] == "standard":
            sitemap_path, sitemap_in_robots = "/sitemaps/site.xml", True
    if d["robots"] != "standard":
        sitemap_in_robots = False
    if d["footer_mode"] == "script_fetch" and "/api/" in disallow:
        disallow.remove("/api/")    # the browser ignores robots for subresources; keep it clear
    return Features(
        index=index, id=sid, host=f"{sid}.{DOMAIN}", name=name, service_kind=kind,
        terms_where=where, terms_path=terms_path,
        terms_text=terms_text if terms_path else None,
        min_age=min_age if terms_path else None,
        footer_mode=d["footer_mode"] if where == "footer_script" else "static",
        privacy_path=PRIVACY_PATHS[privacy_i], privacy_text=PRIVACY_TEXTS[privacy_i],
        guidelines_path=GUIDELINES_PATHS[guide_i] if guidelines else None,
        guidelines_text=GUIDELINES_TEXTS[guide_i] if guidelines else None,
        report_link=report_link, report_button=report_button, contact=contact,
        account_links=account_links, signup_path=signup_path if account_links else None,
        login_path=login_path if account_links else None, about_link=about_link,
        cookie_banner=cookie_banner, sitemap_path=sitemap_path,
        sitemap_in_robots=sitemap_in_robots and sitemap_path is not None,
        robots=d["robots"], robots_disallow=disallow if d["robots"] == "standard" else [],
        wall=d["wall"], age_gate=d["age_gate"], slow_ms=d["slow_ms"],
        slow_terms_ms=d["slow_terms_ms"] if terms_path else 0,
        home_redirect=d["home_redirect"], threads=threads, seed=seed,
        mirror_url=f"http://{sid}.{MIRROR_DOMAIN}/" if d["wall"] == "geo_block" else None)


def generate(n: int, seed: int = 7) -> list[Features]:
    """The features of services ``0 .. n-1``."""
    return [service_features(i, seed) for i in range(n)]


# -- ground truth ------------------------------------------------------------------------------

KEY_KINDS = ("terms", "guidelines", "privacy", "report", "complaints", "contact", "signup",
             "login")


def _robots_allows(f: Features, path: str) -> bool:
    if f.robots == "disallow_all":
        return False
    return not any(path.startswith(p) for p in f.robots_disallow)


def expected(f: Features) -> dict:
    """What a correct, polite auditor reports for the service (signal -> value, plus outcome)."""
    base = f.base
    exp: dict = {"outcome": "ok",
                 "discovery.robots": {"standard": "allowed", "absent": "absent",
                                      "disallow_all": "disallowed"}[f.robots],
                 "discovery.home_url": base + f.home_path,
                 "discovery.bot_wall": f.wall == "bot_wall",
                 "discovery.geo_blocked": f.wall == "geo_block",
                 "discovery.mirror_urls": [f.mirror_url] if f.mirror_url else []}
    keys = {k: None for k in KEY_KINDS}
    if f.robots == "disallow_all":
        exp["outcome"] = "robots_disallowed"
        for k in ("home_url", "bot_wall", "geo_blocked", "mirror_urls"):
            exp[f"discovery.{k}"] = None
    elif f.wall != "none":
        exp["outcome"] = "bot_wall" if f.wall == "bot_wall" else "geo_blocked"
        exp["discovery.home_url"] = base + "/"
    else:
        keys.update(terms=base + f.terms_path if f.terms_path else None,
                    privacy=base + f.privacy_path,
                    guidelines=base + f.guidelines_path if f.guidelines_path else None,
                    report=base + "/report" if f.report_link else None,
                    contact=base + "/contact" if f.contact else None,
                    signup=base + f.signup_path if f.signup_path else None,
                    login=base + f.login_path if f.login_path else None)
    if keys["terms"] is None and keys["guidelines"] is not None:
        keys["terms"] = keys["guidelines"]  # discovery's rule: a site's rules are its terms
    for k, v in keys.items():
        exp[f"discovery.{k}_url"] = v
    ok = exp["outcome"] == "ok"
    terms_readable = ok and f.terms_path is not None and _robots_allows(f, f.terms_path)
    exp["terms.min_age"] = f.min_age if terms_readable else None
    exp["reporting.item_control"] = (f.report_button if ok and _robots_allows(f, "/t/")
                                     else None)
    exp["age_gate.type"] = f.age_gate if ok else None
    return exp


def truth_records(services: list[Features]) -> list[dict]:
    return [{"id": f.id, "name": f.name, "url": f.start_url, "host": f.host,
             "features": {k: v for k, v in asdict(f).items() if k not in ("id", "name", "host")},
             "expected": expected(f)} for f in services]


def write_truth(services: list[Features], folder: str | Path) -> dict[str, Path]:
    """``targets.csv``, ``truth.json`` and ``truth.csv`` for ``services`` in ``folder``."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    recs = truth_records(services)
    paths = {"targets": write_targets(services, folder / "targets.csv"),
             "truth_json": folder / "truth.json", "truth_csv": folder / "truth.csv"}
    paths["truth_json"].write_text(json.dumps({"seed": services[0].seed if services else None,
                                               "n": len(services), "services": recs},
                                              indent=1), encoding="utf-8")
    feat_cols = [f.name for f in fields(Features) if f.name not in ("id", "name", "host")]
    exp_cols = list(recs[0]["expected"]) if recs else []
    with open(paths["truth_csv"], "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["id", "name", "url", "host"] + feat_cols + [f"expected:{c}" for c in exp_cols])
        for r in recs:
            w.writerow([r["id"], r["name"], r["url"], r["host"]]
                       + [cell(r["features"][c]) for c in feat_cols]
                       + [cell(r["expected"][c]) for c in exp_cols])
    return paths


def cell(value: object) -> str:
    """A value as the run folder's CSV files write it (CONTRACT.md row conventions)."""
    from auditor.signals import to_cell

    return to_cell(value)


def write_targets(services: list[Features], path: str | Path) -> Path:
    """A target list (CONTRACT.md columns) for ``services``."""
    from auditor.demo.server import TARGET_COLUMNS

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=TARGET_COLUMNS, lineterminator="\n")
        w.writeheader()
        for f in services:
            row = {c: "" for c in TARGET_COLUMNS}
            row.update(id=f.id, name=f.name, url=f.start_url, service_kind=f.service_kind,
                       tags="synthetic", notes=f"synthetic web seed {f.seed}")
            w.writerow(row)
    return path


def host_map(services: list[Features], port: int, ip: str = "127.0.0.1") -> dict:
    return {f.host: (ip, port) for f in services}


# -- pages ---------------------------------------------------------------------------------------

CSS = """
body{font:15px/1.45 system-ui,sans-serif;margin:0;color:#222;background:#fafafa}
header{display:flex;gap:16px;align-items:center;padding:10px 24px;background:#234;color:#fff}
header a{color:#fff}.brand{font-weight:700;font-size:18px;margin-right:auto}
main{max-width:860px;margin:20px auto;padding:0 16px}
.post{background:#fff;border:1px solid #ddd;border-radius:6px;padding:10px 14px;margin:10px 0}
.post form{display:inline}.meta{color:#777;font-size:13px}
footer{border-top:1px solid #ccc;padding:16px 24px;color:#555;font-size:14px}
footer a{margin-right:14px}.menu{position:absolute;background:#fff;border:1px solid #999;
padding:8px 12px;right:24px;top:48px}.menu a{display:block;color:#234;margin:4px 0}
#age-gate{position:fixed;inset:0;background:rgba(0,0,0,.92);color:#fff;display:flex;
align-items:center;justify-content:center;z-index:1000}
#age-gate .box{background:#333;padding:28px;border-radius:8px;max-width:420px}
""".strip() + "\n"

BANNER_JS = """
(function () {
  if (document.cookie.indexOf('consent=') !== -1) return;
  var b = document.createElement('div');
  b.id = 'cookie-banner'; b.setAttribute('role', 'dialog');
  b.style.cssText = 'position:fixed;left:0;right:0;bottom:0;background:#222;color:#fff;' +
    'padding:14px 20px;z-index:900';
  b.innerHTML = '<p>We use cookies to keep you signed in and to count visits.</p>' +
    '<button id="cookie-accept">Accept all</button> <button id="cookie-reject">Essential only' +
    '</button>';
  document.body.appendChild(b);
  function close(v) {
    document.cookie = 'consent=' + v + '; max-age=31536000; path=/; SameSite=Lax';
    b.parentNode.removeChild(b);
  }
  document.getElementById('cookie-accept').onclick = function () { close('all'); };
  document.getElementById('cookie-reject').onclick = function () { close('essential'); };
})();
""".lstrip()

GATE_JS = """
(function () {
  var g = document.getElementById('age-gate');
  if (!g) return;
  if (document.cookie.indexOf('age_ok=1') !== -1) { g.remove(); return; }
  function pass() { document.cookie = 'age_ok=1; path=/; SameSite=Lax'; g.remove(); }
  var yes = document.getElementById('age-yes');
  if (yes) yes.onclick = pass;
  var no = document.getElementById('age-no');
  if (no) no.onclick = function () { location.href = '/underage'; };
  var form = document.getElementById('age-form');
  if (form) form.onsubmit = function (e) {
    e.preventDefault();
    var y = parseInt(form.elements.year.value, 10);
    if (y && 2025 - y >= 18) pass(); else location.href = '/underage';
  };
})();
"""


@dataclass
class Reply:
    status: int
    body: bytes
    content_type: str = "text/html; charset=utf-8"
    headers: tuple[tuple[str, str], ...] = ()
    delay: float = 0.0


REASONS = {200: "OK", 204: "No Content", 302: "Found", 403: "Forbidden", 404: "Not Found",
           405: "Method Not Allowed", 451: "Unavailable For Legal Reasons",
           400: "Bad Request"}


def _links(items: list[tuple[str, str]]) -> str:
    return " ".join(f'<a href="{escape(u)}">{escape(t)}</a>' for t, u in items)


def _doc(f: Features, title: str, main: str, *, footer: str = "", extra_head: str = "",
         header_extra: str = "", tail: str = "") -> str:
    nav = [("Home", "/"), ("Threads", "/t/1")]
    if f.account_links:
        nav += [("Sign up", f.signup_path), ("Log in", f.login_path)]
    scripts = '<script src="/static/site.js" defer></script>' if f.cookie_banner else ""
    return ("<!DOCTYPE html>\n<html lang=\"en-GB\"><head><meta charset=\"utf-8\">"
            f"<title>{escape(title)}</title>"
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f'<link rel="stylesheet" href="/static/site.css">{scripts}{extra_head}</head>\n'
            f'<body><header><a class="brand" href="/">{escape(f.name)}</a>'
            f"<nav>{_links(nav)}</nav>{header_extra}</header>\n"
            f"<main>{main}</main>\n<footer id=\"site-footer\">{footer}</footer>{tail}"
            "</body></html>\n")


def _container_items(f: Features) -> list[tuple[str, str]]:
    """The links that sit together with the terms (footer, menu or hub)."""
    items = []
    if f.terms_path and f.terms_where in ("footer", "footer_script", "more_menu", "legal_hub"):
        items.append((f.terms_text, f.terms_path))
    items.append((f.privacy_text, f.privacy_path))
    if f.guidelines_path:
        items.append((f.guidelines_text, f.guidelines_path))
    return items


def _footer_items(f: Features) -> list[tuple[str, str]]:
    """Everything in the footer (whether static or built by script)."""
    items = []
    if f.terms_where in ("footer", "footer_script", "sitemap_only", "common_path", "none"):
        items += _container_items(f)
    if f.terms_where == "legal_hub":
        items.append(("Legal", "/legal"))
    if f.report_link:
        items.append(("Report abuse", "/report"))
    if f.contact:
        items.append(("Contact us", "/contact"))
    if f.about_link:
        items.append(("About", "/about"))
    return items


def _rng(f: Features, what: str) -> random.Random:
    return random.Random(f"synthetic:{f.seed}:{f.index}:{what}")


def _sentence(rng: random.Random, n: int = 12) -> str:
    words = [rng.choice(WORDS) for _ in range(n)]
    return " ".join(words).capitalize() + "."


def _thread_title(f: Features, k: int) -> str:
    rng = _rng(f, f"title{k}")
    return f"{rng.choice(TOPICS).capitalize()}: {rng.choice(PHRASES)}"


def _age_gate(f: Features) -> str:
    if f.age_gate == "self_declaration":
        inner = ("<h2>This site is for adults</h2><p>Please confirm you are 18 or over to "
                 "continue.</p><button id=\"age-yes\">I am 18 or over - enter</button> "
                 "<button id=\"age-no\">I am under 18</button>")
    elif f.age_gate == "dob_entry":
        inner = ("<h2>Age check</h2><p>Enter your date of birth to continue.</p>"
                 '<form id="age-form"><label>Day <input name="day" size="2"></label> '
                 '<label>Month <input name="month" size="2"></label> '
                 '<label>Year <input name="year" size="4"></label> '
                 "<button type=\"submit\">Continue</button></form>")
    else:
        return ""
    return (f'<div id="age-gate" role="dialog" aria-modal="true" aria-label="Age check">'
            f'<div class="box">{inner}</div></div><script>{GATE_JS}</script>')


def _footer_script(f: Features) -> str:
    items = json.dumps([{"text": t, "href": u} for t, u in _footer_items(f)])
    build = ("function build(items){var ft=document.getElementById('site-footer');"
             "items.forEach(function(it){var a=document.createElement('a');a.href=it.href;"
             "a.textContent=it.text;ft.appendChild(a);ft.appendChild(document.createTextNode(' '"
             "));});}")
    if f.footer_mode == "script_fetch":
        return (f"<script>{build}fetch('/api/footer.json').then(function(r){{return r.json()}})"
                ".then(build);</script>")
    return (f"<script>{build}document.addEventListener('DOMContentLoaded',function(){{"
            f"build({items});}});</script>")


def _more_menu(f: Features) -> tuple[str, str]:
    """(the header button, the script that builds the menu on click)."""
    items = json.dumps([{"text": t, "href": u} for t, u in _container_items(f)])
    button = ('<button id="more" aria-haspopup="true" aria-expanded="false">More</button>'
              '<div id="more-menu" class="menu" hidden></div>')
    script = ("<script>(function(){var b=document.getElementById('more'),"
              "m=document.getElementById('more-menu'),built=false;b.onclick=function(){"
              f"if(!built){{{items}.forEach(function(it){{var a=document.createElement('a');"
              "a.href=it.href;a.textContent=it.text;m.appendChild(a);});built=true;}"
              "m.hidden=!m.hidden;b.setAttribute('aria-expanded',String(!m.hidden));};})();"
              "</script>")
    return button, script


def _page(f: Features, title: str, main: str, *, gate: bool = False) -> str:
    header_extra, tail = "", ""
    footer = ""
    if f.footer_mode == "static":
        footer = _links(_footer_items(f))
    else:
        tail += _footer_script(f)
    if f.terms_where == "more_menu":
        header_extra, script = _more_menu(f)
        tail += script
    if gate:
        tail += _age_gate(f)
    return _doc(f, title, main, footer=footer, header_extra=header_extra, tail=tail)


def _home(f: Features) -> str:
    rng = _rng(f, "home")
    posts = []
    for k in range(1, f.threads + 1):
        posts.append(f'<div class="post"><a href="/t/{k}">{escape(_thread_title(f, k))}</a>'
                     f'<p>{escape(_sentence(rng, rng.randint(10, 30)))}</p>'
                     f'<span class="meta">{rng.randint(2, 60)} replies</span></div>')
    main = (f"<h1>{escape(f.name)}</h1><p>A friendly place for people who like "
            f"{escape(rng.choice(TOPICS))} and {escape(rng.choice(TOPICS))}.</p>"
            f"<section class=\"feed\">{''.join(posts)}</section>")
    return _page(f, f.name, main, gate=f.age_gate != "none")


def _thread(f: Features, k: int) -> str:
    rng = _rng(f, f"thread{k}")
    posts = []
    for j in range(rng.randint(3, 7)):
        button = ""
        if f.report_button:
            button = ('<form method="get" action="/flag">'
                      f'<input type="hidden" name="post" value="{k}-{j}">'
                      f'<button type="submit" aria-label="Report this post">Report</button>'
                      "</form>")
        posts.append(f'<div class="post"><span class="meta">{rng.choice(AUTHORS)} wrote:</span>'
                     f"<p>{escape(_sentence(rng, rng.randint(8, 40)))}</p>{button}</div>")
    main = f"<h1>{escape(_thread_title(f, k))}</h1>{''.join(posts)}"
    return _page(f, _thread_title(f, k), main, gate=f.age_gate != "none")


def _terms(f: Features) -> str:
    rng = _rng(f, "terms")
    paras = [f"<p>These terms apply to everyone who uses {escape(f.name)}. "
             f"{escape(_sentence(rng, 20))}</p>"]
    if f.min_age is not None:
        paras.append(rng.choice((
            f"<p>You must be at least {f.min_age} years old to use {escape(f.name)}.</p>",
            f"<p>Users must be {f.min_age} or over to create an account.</p>",
            f"<p>Minimum age: you need to be {f.min_age} or older to join.</p>")))
    paras.append("<p>Do not post anything illegal. We remove illegal content when we find it "
                 "and may suspend accounts that post it.</p>")
    for _ in range(rng.randint(3, 8)):
        paras.append(f"<p>{escape(_sentence(rng, rng.randint(15, 40)))}</p>")
    return _page(f, f"{f.terms_text} - {f.name}",
                 f"<h1>{escape(f.terms_text or 'Terms')}</h1>{''.join(paras)}")


def _simple(f: Features, title: str, body: str) -> str:
    return _page(f, f"{title} - {f.name}", f"<h1>{escape(title)}</h1>{body}")


def _bot_wall() -> str:
    return ("<!DOCTYPE html><html lang=\"en\"><head><title>Just a moment...</title></head>"
            "<body><h1>Just a moment...</h1><p>Verify you are human by completing the action "
            'below.</p><div class="g-recaptcha" data-sitekey="synthetic-placeholder"></div>'
            "</body></html>")


def _geo_block(f: Features) -> str:
    return ("<!DOCTYPE html><html lang=\"en\"><head><title>Unavailable</title></head><body>"
            f"<h1>{escape(f.name)} is not available in the United Kingdom</h1>"
            "<p>Because of the Online Safety Act we have blocked access from the UK.</p>"
            f'<p>Outside the UK? <a href="{escape(f.mirror_url or "")}">Visit our international '
            "site</a>.</p></body></html>")


def _sitemap(f: Features) -> str:
    paths = [f.home_path, "/t/1", "/t/2", f.privacy_path]
    if f.terms_path and f.terms_where != "common_path":
        paths.append(f.terms_path)
    if f.guidelines_path:
        paths.append(f.guidelines_path)
    if f.about_link:
        paths.append("/about")
    items = "".join(f"  <url><loc>{escape(f.base + p)}</loc></url>\n" for p in paths)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
            f"{items}</urlset>\n")


def _robots(f: Features) -> str | None:
    if f.robots == "absent":
        return None
    lines = ["User-agent: *"]
    if f.robots == "disallow_all":
        lines.append("Disallow: /")
    else:
        lines += [f"Disallow: {p}" for p in f.robots_disallow]
    if f.sitemap_in_robots and f.sitemap_path:
        lines += ["", f"Sitemap: {f.base}{f.sitemap_path}"]
    return "\n".join(lines) + "\n"


def _html(body: str, status: int = 200, delay_ms: int = 0) -> Reply:
    return Reply(status, body.encode("utf-8"), delay=delay_ms / 1000)


NOT_FOUND = ("<!DOCTYPE html><html lang=\"en\"><head><title>Not found</title></head><body>"
             "<h1>Page not found</h1></body></html>")


class SynthWeb:
    """Answers requests for the services of a synthetic web (no sockets: see SynthServer)."""

    def __init__(self, services: list[Features], *, delays: bool = True):
        self.services = services
        self.by_host = {f.host: f for f in services}
        self.delays = delays            # False: slow pages answer at once (quick tests)
        self._render = lru_cache(maxsize=8192)(self._render_uncached)

    def respond(self, method: str, host: str, path: str) -> Reply:
        f = self.by_host.get(host.lower().rsplit(":", 1)[0] if host else "")
        if f is None:
            return _html(NOT_FOUND, 404)
        if method not in ("GET", "HEAD"):
            return Reply(405, b"", "text/plain", (("Allow", "GET, HEAD"),))
        reply = self._render(f.index, path)
        if reply.delay and not self.delays:
            reply = Reply(reply.status, reply.body, reply.content_type, reply.headers)
        return reply

    def _render_uncached(self, index: int, path: str) -> Reply:
        f = self.services[index]
        if path == "/robots.txt":
            text = _robots(f)
            if text is None:
                return _html(NOT_FOUND, 404)
            return Reply(200, text.encode(), "text/plain; charset=utf-8")
        if f.wall == "bot_wall":
            return _html(_bot_wall(), 403)
        if f.wall == "geo_block":
            return _html(_geo_block(f), 451)
        if path == "/static/site.css":
            return Reply(200, CSS.encode(), "text/css", (("Cache-Control", "max-age=3600"),))
        if path == "/static/site.js":
            return Reply(200, BANNER_JS.encode(), "application/javascript",
                         (("Cache-Control", "max-age=3600"),))
        if f.home_redirect and path == "/":
            return Reply(302, b"", "text/plain", (("Location", f"{f.base}/home"),))
        if path == f.home_path:
            return _html(_home(f), delay_ms=f.slow_ms)
        m = re.fullmatch(r"/t/(\d+)", path)
        if m and 1 <= int(m.group(1)) <= f.threads:
            return _html(_thread(f, int(m.group(1))))
        if f.sitemap_path and path == f.sitemap_path:
            return Reply(200, _sitemap(f).encode(), "application/xml")
        if f.footer_mode == "script_fetch" and path == "/api/footer.json":
            items = [{"text": t, "href": u} for t, u in _footer_items(f)]
            return Reply(200, json.dumps(items).encode(), "application/json")
        if f.terms_path and path == f.terms_path:
            return _html(_terms(f), delay_ms=f.slow_terms_ms)
        if path == f.privacy_path:
            return _html(_simple(f, f.privacy_text, "<p>We keep the data we need to run the "
                                 "service and nothing else. You can ask us for a copy.</p>"))
        if f.guidelines_path and path == f.guidelines_path:
            return _html(_simple(f, f.guidelines_text or "Guidelines",
                                 "<p>Be kind. No spam. Stay on topic. Moderators may remove "
                                 "posts that break these guidelines.</p>"))
        if f.terms_where == "legal_hub" and path == "/legal":
            return _html(_simple(f, "Legal", "<ul>" + "".join(
                f"<li>{_links([item])}</li>" for item in _container_items(f)) + "</ul>"))
        if f.report_link and path == "/report":
            return _html(_simple(f, "Report abuse", '<form method="post" action="/report">'
                                 "<label>What is wrong? <textarea name=\"what\"></textarea>"
                                 "</label><button type=\"submit\">Send report</button></form>"))
        if f.report_button and path == "/flag":
            return _html(_simple(f, "Report this post", '<form method="post" action="/flag">'
                                 "<label>Reason <select name=\"reason\"><option>Illegal content"
                                 "</option><option>Spam</option><option>Harassment</option>"
                                 "</select></label><button type=\"submit\">Send</button></form>"))
        if f.contact and path == "/contact":
            return _html(_simple(f, "Contact us", f"<p>Email us at hello@{f.host}.</p>"))
        if f.about_link and path == "/about":
            return _html(_simple(f, "About", f"<p>{escape(f.name)} is run by a small team of "
                                 "volunteers.</p>"))
        if f.account_links and path == f.signup_path:
            return _html(_simple(f, "Create your account", '<form method="post">'
                                 '<label>Email <input name="email" type="email"></label>'
                                 '<label>Password <input name="password" type="password">'
                                 "</label><button type=\"submit\">Create account</button></form>"))
        if f.account_links and path == f.login_path:
            return _html(_simple(f, "Welcome back", '<form method="post">'
                                 '<label>Email <input name="email" type="email"></label>'
                                 '<label>Password <input name="password" type="password">'
                                 "</label><button type=\"submit\">Continue</button></form>"))
        if f.age_gate != "none" and path == "/underage":
            return _html(_simple(f, "Sorry", "<p>You cannot use this site.</p>"))
        return _html(NOT_FOUND, 404)


# -- the server ----------------------------------------------------------------------------------

CONTROL_HOSTS = ("127.0.0.1", "localhost")


class RequestLog:
    """Counts and a log of navigations, classified from the request headers.

    Chromium sends ``Accept-Language`` (the auditor's contexts set a locale) and httpx does not;
    navigations carry ``Upgrade-Insecure-Requests`` or ``Accept: text/html...``.
    """

    def __init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        self.counts: Counter = Counter()
        self.navigations: list[tuple[float, str, int]] = []     # (time, url, status)
        self.fetches: list[tuple[float, str, int]] = []
        self.started = time.monotonic()

    @staticmethod
    def classify(headers: dict[str, str]) -> str:
        browser = "accept-language" in headers or "sec-ch-ua" in headers
        if not browser:
            return "http"
        accept = headers.get("accept", "")
        if "upgrade-insecure-requests" in headers or accept.startswith("text/html"):
            return "navigation"
        return "subresource"

    def add(self, kind: str, url: str, status: int) -> None:
        self.counts[kind] += 1
        self.counts[f"status_{status}"] += 1
        if kind == "navigation":
            self.navigations.append((time.monotonic() - self.started, url, status))
        elif kind == "http":
            self.fetches.append((time.monotonic() - self.started, url, status))


class SynthServer:
    """An HTTP/1.1 server (keep-alive, no TLS) for a :class:`SynthWeb` on 127.0.0.1.

    Also answers absolute-form requests (``GET http://host/path``), so it can be given to the
    browser and the HTTP client as a proxy when a host map would be too long.
    """

    def __init__(self, web: SynthWeb, port: int = 0, host: str = "127.0.0.1",
                 idle_timeout: float = 30.0):
        self.web = web
        self.bind = host
        self.port = port
        self.idle_timeout = idle_timeout
        self.log = RequestLog()
        self._server: asyncio.base_events.Server | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None

    async def start_async(self) -> int:
        self._server = await asyncio.start_server(self._handle, self.bind, self.port,
                                                  backlog=1024, limit=65536)
        self.port = self._server.sockets[0].getsockname()[1]
        return self.port

    async def serve_forever(self) -> None:
        assert self._server is not None
        async with self._server:
            await self._server.serve_forever()

    # in-process use (tests): the server runs on its own loop in a daemon thread
    def start(self) -> SynthServer:
        ready = threading.Event()

        def run() -> None:
            self._loop = asyncio.new_event_loop()
            self._loop.run_until_complete(self.start_async())
            ready.set()
            with contextlib.suppress(asyncio.CancelledError):
                self._loop.run_until_complete(self.serve_forever())

        self._thread = threading.Thread(target=run, name="synthetic-web", daemon=True)
        self._thread.start()
        ready.wait(10)
        return self

    def stop(self) -> None:
        if self._loop and self._server:
            async def shut() -> None:
                self._server.close()
                for task in asyncio.all_tasks():
                    if task is not asyncio.current_task():
                        task.cancel()

            asyncio.run_coroutine_threadsafe(shut(), self._loop)
        if self._thread:
            self._thread.join(timeout=5)

    def __enter__(self) -> SynthServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def host_map(self) -> dict:
        return host_map(self.web.services, self.port)

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                try:
                    head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"),
                                                  self.idle_timeout)
                except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, TimeoutError):
                    return
                lines = head.decode("latin-1").split("\r\n")
                try:
                    method, target, version = lines[0].split(" ", 2)
                except ValueError:
                    return
                headers: dict[str, str] = {}
                for ln in lines[1:]:
                    if ln:
                        k, _, v = ln.partition(":")
                        headers[k.strip().lower()] = v.strip()
                if "chunked" in headers.get("transfer-encoding", "").lower():
                    writer.write(self._bytes(Reply(400, b"", "text/plain"), True, "GET"))
                    await writer.drain()
                    return
                length = int(headers.get("content-length") or 0)
                if length:
                    await reader.readexactly(length)
                keep = (version.upper() == "HTTP/1.1"
                        and headers.get("connection", "").lower() != "close")
                host = headers.get("host", "")
                path = target
                if target.startswith(("http://", "https://")):          # proxy form
                    parts = urlsplit(target)
                    host, path = parts.netloc, parts.path or "/"
                path = path.split("?", 1)[0].split("#", 1)[0] or "/"
                hostname = host.rsplit(":", 1)[0].lower()
                if hostname in CONTROL_HOSTS and path.startswith("/__synth/"):
                    reply = self._control(path)
                else:
                    reply = self.web.respond(method, hostname, path)
                    self.log.add(RequestLog.classify(headers), f"http://{hostname}{path}",
                                 reply.status)
                if reply.delay:
                    await asyncio.sleep(reply.delay)
                writer.write(self._bytes(reply, keep, method))
                await writer.drain()
                if not keep:
                    return
        except (ConnectionError, asyncio.IncompleteReadError):
            return
        finally:
            with contextlib.suppress(Exception):
                writer.close()

    @staticmethod
    def _bytes(reply: Reply, keep: bool, method: str) -> bytes:
        head = [f"HTTP/1.1 {reply.status} {REASONS.get(reply.status, 'OK')}",
                f"Content-Type: {reply.content_type}", f"Content-Length: {len(reply.body)}",
                "Connection: " + ("keep-alive" if keep else "close"), "Server: synthetic-web"]
        head += [f"{k}: {v}" for k, v in reply.headers]
        body = b"" if method == "HEAD" else reply.body
        return ("\r\n".join(head) + "\r\n\r\n").encode("latin-1") + body

    def _control(self, path: str) -> Reply:
        if path == "/__synth/reset":
            self.log.reset()
            return Reply(200, b'{"reset": true}', "application/json")
        if path == "/__synth/stats":
            data = {"counts": dict(self.log.counts), "services": len(self.web.services),
                    "navigations": len(self.log.navigations), "fetches": len(self.log.fetches),
                    "pid": os.getpid(), "since": time.monotonic() - self.log.started}
            return Reply(200, json.dumps(data).encode(), "application/json")
        if path == "/__synth/log":
            data = {"navigations": self.log.navigations, "fetches": self.log.fetches}
            return Reply(200, json.dumps(data).encode(), "application/json")
        return _html(NOT_FOUND, 404)


# -- running it in its own process ---------------------------------------------------------------

@dataclass
class ServerProcess:
    """A synthetic web served by a child process (:func:`spawn`); stop it with :meth:`stop`."""

    proc: subprocess.Popen
    port: int
    services: list[Features]
    info: dict = field(default_factory=dict)

    @property
    def pid(self) -> int:
        return self.proc.pid

    @property
    def host_map(self) -> dict:
        return host_map(self.services, self.port)

    @property
    def proxy(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def control(self, what: str) -> dict:
        import urllib.request

        with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/__synth/{what}",
                                    timeout=30) as r:
            return json.loads(r.read())

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()

    def __enter__(self) -> ServerProcess:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def spawn(n: int, seed: int = 7, port: int = 0, *, out: str | Path | None = None,
          python: str | None = None) -> ServerProcess:
    """Start ``python -m auditor.demo.synthetic serve`` and wait for its port."""
    cmd = [python or sys.executable, "-m", "auditor.demo.synthetic", "serve", "--n", str(n),
           "--seed", str(seed), "--port", str(port)]
    if out is not None:
        cmd += ["--out", str(out)]
    root = str(Path(__file__).resolve().parents[2])
    env = dict(os.environ)
    env["PYTHONPATH"] = root + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=None, text=True, env=env)
    line = proc.stdout.readline() if proc.stdout else ""
    if not line:
        proc.wait(5)
        raise RuntimeError(f"the synthetic web did not start (exit {proc.returncode})")
    info = json.loads(line)
    return ServerProcess(proc, int(info["port"]), generate(n, seed), info)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m auditor.demo.synthetic",
                                description="Generate and serve a synthetic web of N services.")
    sub = p.add_subparsers(dest="cmd", required=True)
    for name in ("serve", "generate"):
        s = sub.add_parser(name)
        s.add_argument("--n", type=int, default=100, help="number of services")
        s.add_argument("--seed", type=int, default=7)
        s.add_argument("--out", default=None,
                       help="folder for targets.csv, truth.json and truth.csv")
        if name == "serve":
            s.add_argument("--port", type=int, default=0, help="0: a free port")
            s.add_argument("--bind", default="127.0.0.1")
    a = p.parse_args(argv)
    services = generate(a.n, a.seed)
    paths = write_truth(services, a.out) if a.out else {}
    if a.cmd == "generate":
        if not a.out:
            json.dump(truth_records(services), sys.stdout, indent=1)
            print()
        else:
            print(json.dumps({k: str(v) for k, v in paths.items()}))
        return 0
    server = SynthServer(SynthWeb(services), a.port, a.bind)

    async def run() -> None:
        port = await server.start_async()
        print(json.dumps({"port": port, "pid": os.getpid(), "n": a.n, "seed": a.seed,
                          "domain": DOMAIN, **{k: str(v) for k, v in paths.items()}}),
              flush=True)
        loop = asyncio.get_running_loop()
        stop = asyncio.Event()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, stop.set)
        serving = asyncio.create_task(server.serve_forever())
        await stop.wait()
        serving.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await serving

    asyncio.run(run())
    return 0


if __name__ == "__main__":
    sys.exit(main())
