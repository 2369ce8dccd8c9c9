"""Age gate: is there a gate on the way to the content, what kind, and does it hold?

Facts only; measures judge (whether a method can be "highly effective" is decided there).

1. **Meet the gate.**  The landing page is read in a fresh context (no cookies): a layer that
   covers the viewport (overlay or modal, in open shadow roots and frames too), an interstitial
   page, a redirect (to a page on the service or a hand-off to an age-assurance provider), a
   date-of-birth form or a login wall.  Only what is rendered counts: a gate library that is
   loaded but never shows is no gate.  A "verify my age" link that stays on the service is
   followed (a plain link, never a form) to see where the hand-off goes.  Deep content URLs are
   read too, so a gate met only inside the site is found.
2. **Classify** in CONTRACT.md's words: ``type`` is the first gate met, ``types`` all of them;
   ``methods`` from the gate's own controls (self-declaration, date of birth) and the words of
   the gate and provider pages; ``providers`` by the domains handed off to and known providers'
   domains in the gate's scripts, frames and links.
3. **Robustness**, each in a fresh context: a deep URL read directly (``bypass_deep_url``),
   scripting off (``holds_without_js``), content in the DOM or on the wire under the gate
   (``content_behind_gate``), a new session with the first one's lasting cookies and storage
   (``regates_new_session``), an under-age answer then a second visit (``underage_remembered``;
   the answer never leaves the browser as form data unless the row allows forms), Escape, a close
   control or a click beside the dialog (``dismissible``).  The probe never passes a gate or a
   check: it only records.
4. **Words on the service**: advice on getting around the check (``circumvention_advice``), an
   age-check appeal route (``appeal_route``) and a public age-assurance statement
   (``statement_url``).

Screenshots are always redacted (blurred before writing): every page here may be behind an
adult gate.
"""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import urlsplit

from auditor.model import Observation
from auditor.pagejs import evaluate
from auditor.session import BudgetExceeded, RobotsDisallowed, Session, idle
from probes.age_gate_dom import (
    AGE_WORDS,
    APPEAL_WORDS,
    ASK_AGE,
    CLOSE_WORDS,
    LOGIN_PATH,
    LOGIN_WALL_WORDS,
    METHOD_WORDS,
    NO_WORDS,
    REFUSAL_WORDS,
    STATEMENT_PATH,
    STATEMENT_WORDS,
    VERIFY_WORDS,
    YES_WORDS,
    Control,
    Guard,
    Scan,
    circumvention_quote,
    dob_fields,
    dob_for,
    fill_dob,
    known_provider,
    provider_key,
    scan,
)
from probes.age_providers import ProviderTable, table_for
from probes.base import Findings
from probes.pages import visible_text_of_html

NAME = "age_gate"
MAX_DEEP = 3
MAX_DEEP_TRIES = 8
LATE_GATE_MS = 1200
UNDERAGE = 15
INFO_PATH = re.compile(
    r"/(terms|tos|privacy|policy|policies|legal|help|faq|support|about|contact|cookie|"
    r"login|log-in|signin|sign-in|signup|sign-up|register|join|account|report|abuse|"
    r"complaints?|appeals?|dmca|2257|careers|jobs|press|statement|age[-_]?(assurance|"
    r"verification|check|gate)|static|assets|robots|sitemap|feed|rss|enter|leave|exit|"
    r"disclaimer|warning|consent|verify|confirm|logout|log-out|messages?|inbox|chat|"
    r"notifications|settings|upload|compose|new|submit|cart|checkout|basket|search)"
    r"s?(?=[/._-]|$)", re.I)
CONTENT_PATH = re.compile(r"/(video|videos|watch|view|v|gallery|galleries|photo|photos|pics?|"
                          r"image|images|clip|clips|movie|movies|model|models|channel|channels|"
                          r"category|categories|tag|tags|post|posts|item|items|g|p|scene|"
                          r"scenes|stream|live|cam|cams|content|browse|explore)(/|$)", re.I)
STRONG_YES = re.compile(r"(18|21|adult|of (legal )?age|old enough|\benter\b|\byes\b)", re.I)
FAQ_WORDS = re.compile(r"\b(faq|help|support|questions|how (to|do i))\b", re.I)
SORRY_WORDS = re.compile(r"(you must be (of )?(the )?(legal|minimum|required)\b[\w ]{0,20}\bage|"
                         r"\bsorry\b[^.]{0,80}\b(age|old|adults?)\b)", re.I)
MEDIA_URL = re.compile(r"\.(jpe?g|png|webp|gif|avif|mp4|webm|m3u8|mov)\b", re.I)


@dataclass
class Gate:
    type: str                    # self_declaration | dob_entry | third_party | login_wall
    form: str                    # overlay | frame | page | redirect
    url: str                     # the page URL where it showed
    requested: str               # the URL asked for
    text: str = ""
    controls: list[Control] = field(default_factory=list)
    yes: list[Control] = field(default_factory=list)
    no: list[Control] = field(default_factory=list)
    close: list[Control] = field(default_factory=list)
    dob: dict[str, Control] = field(default_factory=dict)
    follow: list[str] = field(default_factory=list)     # hand-off links to read
    providers: set[str] = field(default_factory=set)
    methods: set[str] = field(default_factory=set)
    layer_ids: set[str] = field(default_factory=set)
    confidence: float = 0.9

    @property
    def answerable(self) -> bool:
        """The gate offers a way in to someone who says they are old enough."""
        return bool(self.yes or self.dob)


@dataclass
class Look:
    requested: str
    scan: Scan | None = None
    gate: Gate | None = None
    status: int = 0
    net_media: int = 0
    content: list = field(default_factory=list)     # CONTENT_JS blocks
    shot: str | None = None
    error: str = ""

    @property
    def ok(self) -> bool:
        return self.scan is not None and not self.error


# -- recognising a gate ---------------------------------------------------------------------------

def methods_in(text: str) -> set[str]:
    out = set()
    for name in ("facial_estimation", "credit_card", "debit_card", "open_banking",
                 "mobile_operator", "digital_identity", "email_estimation"):
        if METHOD_WORDS[name].search(text):
            out.add(name)
    if METHOD_WORDS["photo_id"].search(text):
        out.add("photo_id_liveness" if METHOD_WORDS["liveness"].search(text)
                else "photo_id_no_liveness")
    return out


EVIDENCE_METHODS = {"facial_estimation", "photo_id_liveness", "photo_id_no_liveness",
                    "credit_card", "debit_card", "open_banking", "mobile_operator",
                    "digital_identity", "email_estimation"}


def _buttons(controls: list[Control]) -> list[Control]:
    return [c for c in controls if c.kind in ("button", "link") and not c.disabled]


def classify(sc: Scan, session: Session, *, text: str, controls: list[Control], form: str,
             requested: str, layer_ids: set[str] | None = None,
             strict: bool = False) -> Gate | None:
    """Decide whether ``text`` and ``controls`` (a layer, a page, a frame) make an age gate."""
    scope = session.scope
    table = table_for(session.options)
    dob = dob_fields(controls, text)
    account = any(c.type in ("password", "email") and c.visible for c in controls)
    if account:
        dob = {}                    # a signup or login form, not an age question
    buttons = _buttons(controls)
    yes = [c for c in buttons if YES_WORDS.search(c.text) and not NO_WORDS.search(c.text)
           and not CLOSE_WORDS.search(c.text) and not VERIFY_WORDS.search(c.text)
           and not (c.href and c.href not in scope)]
    no = [c for c in buttons if NO_WORDS.search(c.text)]
    close = [c for c in buttons if CLOSE_WORDS.search(c.text or "")]
    follow, providers = [], set()
    for c in buttons:
        target = c.href or (c.formAction if c.kind == "button" else "")
        if not target.startswith("http"):
            continue
        verify = bool(VERIFY_WORDS.search(c.text))
        if target not in scope and (verify or known_provider(target, table)):
            providers.add(provider_key(target, table))
            if c.kind == "link":
                follow.append(target)
        elif target in scope and verify and c.kind == "link":
            follow.append(target)
    for _frame, raw in sc.frame_scans:
        furl = str(raw.get("url") or "")
        if furl.startswith("http") and furl not in scope and (
                AGE_WORDS.search(raw.get("text") or "") or known_provider(furl, table)
                or VERIFY_WORDS.search(raw.get("text") or "")):
            providers.add(provider_key(furl, table))
    # a provider's verification frame on screen (in the gate's layers, or anywhere on a page)
    for fr in sc.raw.get("iframes") or []:
        src = str(fr.get("src") or "")
        if src.startswith("http") and src not in scope and known_provider(src, table) and (
                form == "page" or (layer_ids and fr.get("layer") in layer_ids)):
            providers.add(provider_key(src, table))
    methods = methods_in(text)
    age_words = bool(AGE_WORDS.search(text) or VERIFY_WORDS.search(text))
    if not (age_words or dob):
        return None
    # a provider SDK hand-off: the SDK is loaded and either the gate has a "verify my age"
    # button that starts it, or the SDK's own element is on screen
    sdk = sdk_providers(sc, table)
    verify_button = any(VERIFY_WORDS.search(c.text or "") for c in buttons)
    rendered = {p.domains[0] if p.domains else p.key
                for raw in [sc.raw] + [r for _, r in sc.frame_scans]
                for p in table.by_marks({"elements": (raw.get("sdk") or {}).get("shown")})}
    handoff = sdk if (verify_button and age_words) else rendered & sdk
    if handoff and age_words:
        providers |= handoff
    pw = any(c.type == "password" and c.visible for c in controls)
    g = Gate("", form, sc.url, requested, text=text[:4000], controls=controls, yes=yes, no=no,
             close=close, dob=dob, follow=follow, providers=providers, layer_ids=layer_ids or set())
    if pw and (LOGIN_WALL_WORDS.search(text) or not (yes or dob or follow)):
        g.type = "login_wall"
    elif providers or any(u not in scope for u in follow) or methods & EVIDENCE_METHODS:
        g.type = "third_party"
    elif dob and (not strict or ASK_AGE.search(text)):
        g.type = "dob_entry"
        methods.add("dob_entry")
    elif yes and (not strict or any(STRONG_YES.search(c.text) for c in yes) or no):
        g.type = "self_declaration"
        methods.add("self_declaration")
    elif follow:
        g.type = "third_party"            # "verify my age" staying on the service: read on
        g.confidence = 0.6
    else:
        return None
    g.methods = methods
    g.providers |= sdk_providers(sc, table)         # known providers' SDKs, once a gate shows
    return g


def provider_offer(providers: set[str], table: ProviderTable) -> set[str]:
    """The methods the providers table says these providers offer."""
    out: set[str] = set()
    for name in providers:
        hit = table.by_url(name) or next(((p, name) for p in table.providers if p.key == name),
                                         None)
        if hit:
            out |= set(hit[0].methods)
    return out


def offered_methods(providers: set[str], methods: set[str], table: ProviderTable) -> set[str]:
    """Where a gate hands off to providers of the table and its page names no evidence-based
    method, the methods those providers offer (said in the note of ``methods``, never its
    value: a provider offers many, a service turns on some)."""
    if methods & EVIDENCE_METHODS:
        return set()
    return provider_offer(providers, table)


def sdk_providers(sc: Scan, table: ProviderTable) -> set[str]:
    """The providers whose SDK the page (or a frame in its layers) loaded: a script from a
    provider's host or carrying its SDK's name, or the globals and elements the SDK leaves."""
    found: set[str] = set()
    for raw in [sc.raw] + [r for _, r in sc.frame_scans]:
        for src in raw.get("scripts") or []:
            p = table.by_script(str(src))
            if p is not None:
                found.add(p.domains[0] if p.domains else p.key)
        for p in table.by_marks(raw.get("sdk")):
            found.add(p.domains[0] if p.domains else p.key)
    return found


def detect(sc: Scan, session: Session, requested: str) -> Gate | None:
    """The gate this scan shows, if any (see the module doc for the kinds)."""
    scope = session.scope
    url = sc.url
    if url.startswith("http") and url not in scope:
        text = sc.text[:8000] + " " + sc.frame_text()
        controls = sc.controls()
        if AGE_WORDS.search(text) or VERIFY_WORDS.search(text) or methods_in(text):
            g = Gate("third_party", "redirect", url, requested, text=text[:4000],
                     controls=controls, providers={provider_key(url, table_for(
                         session.options))},
                     methods=methods_in(text))
            return g
        if sc.raw.get("password") or LOGIN_PATH.search(url):
            return Gate("login_wall", "redirect", url, requested, text=text[:4000],
                        controls=controls, confidence=0.7)
        return None
    layers = sc.layers
    covered = float(sc.raw.get("covered") or 0)
    cand = [ly for ly in layers if ly.get("cover", 0) >= 0.12 or ly.get("centre")
            or ly.get("modal")]
    if cand and (covered >= 0.4 or any(ly.get("centre") or ly.get("modal") for ly in cand)):
        ids = {ly["id"] for ly in cand}
        text = " ".join(str(ly.get("text") or "") for ly in cand)
        frames_in = [raw for _, raw in sc.frame_scans if raw.get("frame_id")]
        text += " " + " ".join(str(raw.get("text") or "") for raw in frames_in)
        controls = sc.controls(layer_ids=ids)
        form = "frame" if any(ly.get("isFrame") for ly in cand) or frames_in else "overlay"
        g = classify(sc, session, text=text, controls=controls, form=form,
                     requested=requested, layer_ids=ids)
        if g:
            return g
    # an interstitial page, a page the visitor was sent to, or a login wall
    text = sc.text[:6000]
    controls = [c for c in sc.controls() if not c.layer]
    moved = _path(url) != _path(requested)
    if sc.raw.get("password") and (LOGIN_WALL_WORDS.search(text) or (
            moved and LOGIN_PATH.search(url) and not LOGIN_PATH.search(requested))):
        return Gate("login_wall", "redirect" if moved else "page", url, requested,
                    text=text[:4000], controls=controls, confidence=0.8)
    short = len(sc.text) < 3000 or moved
    if not short:
        return None
    g = classify(sc, session, text=text, controls=controls, form="page", requested=requested,
                 strict=True)
    if g and g.form == "page" and moved:
        g.form = "redirect"
    return g


def _loaded(lk: Look) -> bool:
    """The page answered (a gate counts, whatever its status); a dead link does not."""
    return lk.ok and (lk.gate is not None or 0 < lk.status < 400)


def _path(url: str) -> str:
    p = urlsplit(url)
    return f"{p.hostname}{p.path.rstrip('/')}"


CONTENT_JS = r"""
() => {
  // the page's own text blocks (headings, paragraphs, list items) outside the layers the scan
  // tagged (data-osa-l) and outside header/nav/footer, open shadow roots included
  const parentOf = (e) => e.parentElement || (e.getRootNode && e.getRootNode().host) || null;
  const CHROME = /^(HEADER|NAV|FOOTER)$/;
  const FORMISH = 'form, input, select, textarea, button';
  const out = [];
  let seen = 0;
  const walk = (root) => {
    for (const el of root.querySelectorAll('*')) {
      if (out.length >= 300 || ++seen > 8000) return;
      if (el.shadowRoot) walk(el.shadowRoot);
      const media = /^(IMG|VIDEO|CANVAS|PICTURE)$/.test(el.tagName);
      if (!media && !/^(H1|H2|H3|P|LI)$/.test(el.tagName)) continue;
      if (media) {
        const r = el.getBoundingClientRect();
        if (r.width < 80 || r.height < 60) continue;
      }
      const text = media ? '' : (el.textContent || '').replace(/\s+/g, ' ').trim();
      if (!media && text.length < 3) continue;
      let inLayer = false, chrome = false, blurred = false, hidden = false;
      for (let e = el; e && e.nodeType === 1; e = parentOf(e)) {
        if (e.getAttribute('data-osa-l')) { inLayer = true; break; }
        if (CHROME.test(e.tagName) || /^(banner|navigation|contentinfo)$/.test(
            e.getAttribute('role') || '')) { chrome = true; break; }
        const cs = getComputedStyle(e);
        if (cs.display === 'none' || cs.visibility === 'hidden' || cs.opacity === '0')
          hidden = true;
        if (cs.filter && cs.filter.indexOf('blur') >= 0) blurred = true;
      }
      if (inLayer || chrome) continue;
      const box = parentOf(el);
      const gatey = !!(box && box !== document.body && box !== document.documentElement
                       && box.querySelector && box.querySelector(FORMISH));
      const visible = !hidden && !blurred && el.getClientRects().length > 0;
      out.push({tag: el.tagName.toLowerCase(), text: text.slice(0, 300), visible, gatey, media});
    }
  };
  try { walk(document); } catch (x) { /* a page that will not be read */ }
  return out;
}
"""


def content_blocks(raw: list | None, *, visible_only: bool = False) -> list[str]:
    """The page's own content outside the gate: text blocks that are not in a layer, not in
    a box with the gate's form controls and say nothing of age or verification."""
    out = []
    for b in raw or []:
        text = str(b.get("text") or "")
        if b.get("media") or b.get("gatey") or (visible_only and not b.get("visible")):
            continue
        if AGE_WORDS.search(text) or VERIFY_WORDS.search(text) or ASK_AGE.search(text):
            continue
        out.append(text)
    return out


def seen_media(raw: list | None) -> int:
    """Pictures and players of the page's own that show (not blurred, not hidden)."""
    return sum(1 for b in raw or [] if b.get("media") and b.get("visible"))


def has_content(raw: list | None, *, visible_only: bool = False) -> bool:
    """A heading of the page's own, or a few lines of its text, outside the gate."""
    blocks = content_blocks(raw, visible_only=visible_only)
    heads = [b for b in raw or [] if str(b.get("tag")) in ("h1", "h2")
             and str(b.get("text") or "") in blocks and len(str(b.get("text"))) >= 8]
    return bool(heads) or sum(len(t) for t in blocks) >= 160


# -- looking at pages -----------------------------------------------------------------------------

async def look(session: Session, ctx, url: str, *, late: bool = True, shoot: bool = True,
               page_cb=None) -> Look:
    """Open ``url`` in ``ctx`` and read it for a gate (and for media on the wire)."""
    lk = Look(url)
    media = {"n": 0}
    pending = []

    def on_response(resp) -> None:
        try:
            rt = resp.request.resource_type
            if resp.status >= 400:
                return
            if rt == "media":
                media["n"] += 2
            elif rt == "image":
                size = int(resp.headers.get("content-length") or 0)
                if size >= 15000:
                    media["n"] += 1
            elif rt in ("xhr", "fetch") and "json" in (resp.headers.get("content-type") or ""):
                pending.append(resp)
        except Exception:  # noqa: BLE001
            pass

    try:
        async with session.page(None, context=ctx) as page:
            page.on("response", on_response)
            resp = await session.goto(page, url)
            lk.status = resp.status if resp is not None else 0
            sc = await scan(page, hints=table_for(session.options).hints())
            gate = detect(sc, session, url)
            if gate is None and late and lk.status < 400:
                await idle(LATE_GATE_MS / 1000)
                sc = await scan(page, hints=table_for(session.options).hints())
                gate = detect(sc, session, url)
            sc.status, sc.requested = lk.status, url
            lk.scan, lk.gate = sc, gate
            with contextlib.suppress(Exception):
                lk.content = list(await evaluate(page, CONTENT_JS) or [])
            for r in pending[:10]:
                with contextlib.suppress(Exception):
                    body = (await r.body())[:500_000].decode("utf-8", "replace")
                    if len(MEDIA_URL.findall(body)) >= 3:
                        media["n"] += 4             # a feed of media waiting behind the gate
            lk.net_media = media["n"]
            if gate is not None and gate.type != "login_wall":
                # what a gate guards may be explicit: every later picture of the target blurred
                session.evidence.mark_adult(f"an age gate ({gate.type}) at {url}")
            if shoot and session.options.screenshots:
                # a page with an age gate is blurred (what it guards may show through); others
                # are blurred when the page or the target looks adult (auditor.redaction)
                guards = gate is not None and gate.type != "login_wall"
                lk.shot = await session.evidence.screenshot(page, redact=guards, full_page=False)
            if page_cb is not None:
                await page_cb(page, lk)
            page.remove_listener("response", on_response)
    except (BudgetExceeded, RobotsDisallowed):
        raise
    except Exception as exc:  # noqa: BLE001 - a page that breaks is recorded, not fatal
        lk.error = f"{type(exc).__name__}: {exc}"[:200]
        session.log.append(f"age_gate {url}: {lk.error}")
    return lk


async def follow_handoff(session: Session, ctx, gate: Gate, seen: list[Look]) -> Gate:
    """Read where a "verify my age" link leads (a plain link, never a form)."""
    for url in gate.follow[:1]:
        try:
            lk = await look(session, ctx, url, late=False)
        except RobotsDisallowed:
            continue
        seen.append(lk)
        if not lk.ok:
            continue
        nxt = lk.gate
        if nxt is not None:
            gate.providers |= nxt.providers
            gate.methods |= nxt.methods
            gate.text += " " + nxt.text
            if gate.type == "third_party" and gate.confidence < 0.9 and nxt.type:
                gate.type = nxt.type
                gate.confidence = 0.9
            elif nxt.type == "third_party" and gate.type != "third_party":
                gate.type = "third_party"
        elif lk.scan is not None and lk.scan.url not in session.scope:
            gate.providers.add(provider_key(lk.scan.url, table_for(session.options)))
    return gate


# -- the probe ------------------------------------------------------------------------------------

def deep_candidates(session: Session, start: str, exclude: set[str] = frozenset(),
                    limit: int = MAX_DEEP) -> list[str]:
    """Content URLs to read directly: never a gate's own answer links (``exclude``).  The most
    specific pages first (content words, numbers, more path segments), one per section before
    a second of the same section, so a dead link does not use up a section."""
    sm = session.sitemap
    key = set(sm.key_pages.values()) | set(exclude)
    seen, scored = set(), []
    home_path = urlsplit(start).path.rstrip("/")
    urls = [lk.url for lk in sm.links] + list(sm.sitemap_urls)
    for u in urls:
        u = u.split("#")[0]
        if u in seen or u in key or u.split("?")[0] in key or u not in session.scope:
            continue
        seen.add(u)
        path = urlsplit(u).path
        if not path.strip("/") or path.rstrip("/") == home_path or INFO_PATH.search(path):
            continue
        if re.search(r"\.(css|js|png|jpe?g|gif|svg|ico|xml|txt|pdf|zip)$", path, re.I):
            continue
        score = 0.0
        if CONTENT_PATH.search(path):
            score += 2
        if re.search(r"\d", path):
            score += 1
        segments = [x for x in path.split("/") if x]
        score += min(len(segments), 3) * 0.3
        if len(segments) >= 2:
            score += 0.5                    # an item inside a section, not the section
        scored.append((score, u))
    scored.sort(key=lambda t: -t[0])
    first, rest, shapes = [], [], set()
    for _score, u in scored:
        shape = re.sub(r"\d+", "N", urlsplit(u).path.strip("/").split("/")[0])
        (rest if shape in shapes else first).append(u)
        shapes.add(shape)
    return (first + rest)[:limit]


def made_up_url(start: str) -> str:
    """An inner URL no page links to: a server that answers it with its gate (not a "not
    found") gates every URL, deep ones included."""
    p = urlsplit(start)
    return f"{p.scheme}://{p.netloc}/osa-audit-check/item-1"


def today(session: Session) -> date:
    return getattr(session.options, "today", None) or date.today()


async def run(session: Session) -> list[Observation]:
    f = Findings(NAME)
    sm = session.sitemap
    if sm is None:
        return f.finish(note="not_run")
    if sm.wall:
        return f.finish(note=sm.wall)
    start = session.target.url          # the URL asked for: a redirect to a gate is a gate
    looks: list[Look] = []
    try:
        await _run(session, f, start, looks)
    except BudgetExceeded as exc:
        session.log.append(f"age_gate: {exc}")
        _words(session, f, looks)
        return _undecided(f.finish(note="budget_exhausted"))
    return _undecided(f.finish())


def _undecided(obs: list[Observation]) -> list[Observation]:
    """An empty value carries no confidence (its note says why)."""
    for o in obs:
        if o.value is None:
            o.confidence = 0.0
    return obs


def _deep_urls(session: Session, start: str, *gates: Gate | None) -> list[str]:
    """Deep content URLs to try, less the gates' own controls and hand-off links."""
    exclude: set[str] = set()
    for g in gates:
        if g is not None:
            exclude |= {c.href.split("#")[0] for c in g.controls if c.href}
            exclude |= {u.split("?")[0] for u in g.follow}
    return deep_candidates(session, start, exclude, limit=MAX_DEEP_TRIES)


async def _read_deep(session: Session, ctx, start: str, candidates: list[str], first: Gate | None,
                     looks: list[Look]) -> tuple[list[Look], Look | None]:
    """Read up to :data:`MAX_DEEP` deep content URLs in ``ctx``; where a gate was served in place
    of the landing page and no deep URL loaded, a made-up inner URL (is the gate all there is?)."""
    deep: list[Look] = []
    for url in candidates:
        try:
            lk = await look(session, ctx, url, shoot=False)
        except RobotsDisallowed:
            continue
        if not _loaded(lk):
            continue                # a dead link: try the next one
        deep.append(lk)
        looks.append(lk)
        if len(deep) >= MAX_DEEP:
            break
    made_up = None
    if not deep and first is not None and first_is_page(first):
        # a gate served in place of the page: does the server answer any inner URL with it?
        with contextlib.suppress(RobotsDisallowed):
            lk = await look(session, ctx, made_up_url(start), shoot=False)
            if lk.ok and lk.gate is not None and lk.gate.type == first.type:
                made_up = lk
    return deep, made_up


async def _run(session: Session, f: Findings, start: str, looks: list[Look]) -> None:
    # 1. the landing page, in a fresh context; a hand-off link is followed.  2. deep content
    # URLs, read directly: in a fresh context of their own after a gate (the gate's page may
    # have marked the visitor), else on in the landing's context (nothing was answered or
    # shown there; a context fewer is a renderer process fewer, about 130 ms of CPU; the
    # landing's context is a visitor's, handed on to later probes when no gate was met)
    state = None
    deep: list[Look] = []
    made_up = None
    async with session.visitor_context() as ctx:
        landing = await look(session, ctx, start)
        looks.append(landing)
        first = landing.gate
        if first is not None and first.follow:
            first = await follow_handoff(session, ctx, first, looks)
        with contextlib.suppress(Exception):
            state = await ctx.storage_state()
        clean = first is None and landing.gate is None
        if clean:
            deep, made_up = await _read_deep(session, ctx, start, _deep_urls(session, start),
                                             None, looks)
            if not any(lk.gate is not None for lk in deep):
                # a visitor's reading only: the sign-up form and the survey may go on in it
                session.spare(ctx)
    if not clean:
        candidates = _deep_urls(session, start, landing.gate, first)
        if candidates or (first is not None and first_is_page(first)):
            async with session.fresh_context() as ctx:
                deep, made_up = await _read_deep(session, ctx, start, candidates, first, looks)
    for lk in deep:
        # a login wall on one inner page of an open service guards a function (messages,
        # settings), not content from children: an age gate only when it speaks of age
        g = lk.gate
        if g is not None and g.type == "login_wall" and landing.gate is None and \
                not AGE_WORDS.search(g.text):
            lk.gate = None
            lk.error = lk.error or "a login wall on a function page"
    deep_gates = [lk.gate for lk in deep if lk.gate is not None]
    if first is None and deep_gates:
        first = deep_gates[0]
        gated_look = next(lk for lk in deep if lk.gate is first)
        if first.follow:
            async with session.fresh_context() as ctx:
                first = await follow_handoff(session, ctx, first, looks)
    else:
        gated_look = landing

    if first is None and not landing.ok:
        f.add("type", None, url=start, note=f"error: {landing.error}"[:200])
        _words(session, f, looks)
        return
    if first is None:
        f.add("type", "none", url=start, evidence=[landing.shot] if landing.shot else [],
              confidence=0.9)
        f.add("types", [], url=start)
        f.add("methods", [], url=start)
        f.add("providers", [], url=start)
        f.add("provider_methods", [], url=start)
        na = "not_applicable: no age gate met"
        for name in ("bypass_deep_url", "content_behind_gate", "holds_without_js",
                     "regates_new_session", "underage_remembered", "dismissible"):
            f.add(name, None, note=na, confidence=0.0)
        _words(session, f, looks)
        await _pages_words(session, f, looks)
        return

    gates = [g for g in [first, landing.gate, *deep_gates] if g is not None]
    types: list[str] = []
    for g in gates:
        if g.type not in types:
            types.append(g.type)
    methods, providers = set(), set()
    for g in gates:
        methods |= g.methods
        providers |= g.providers
    ev = [lk.shot for lk in looks if lk.shot]
    quote = session.evidence.text(first.text[:4000], url=first.url, kind="quote")
    f.add("type", first.type, url=first.requested, confidence=first.confidence,
          evidence=[*ev[:2], quote], note=f"{first.form} at {first.url}"[:300])
    f.add("types", types, url=first.requested, evidence=ev[:3])
    order = ["facial_estimation", "photo_id_liveness", "photo_id_no_liveness", "credit_card",
             "debit_card", "open_banking", "mobile_operator", "digital_identity",
             "email_estimation", "self_declaration", "dob_entry"]
    offered = offered_methods(providers, methods, table_for(session.options))
    if offered:
        # the value is what the gate shows or names; what its providers could offer is said
        # in the note only (a provider offers many methods, a service turns on some)
        f.add("methods", [m for m in order if m in methods], url=first.url,
              evidence=[quote], confidence=0.6,
              note="inferred: the page names no method; "
                   f"{', '.join(sorted(providers))} offers "
                   f"{', '.join(m for m in order if m in offered)} (providers table; "
                   "age_gate.provider_methods)"[:300])
    else:
        f.add("methods", [m for m in order if m in methods], url=first.url, evidence=[quote])
    f.add("providers", sorted(providers), url=first.url)
    table = table_for(session.options)
    f.add("provider_methods", [m for m in order if m in provider_offer(providers, table)],
          url=first.url, confidence=0.6 if providers else 0.9,
          note="inferred: what the recognised providers offer (providers table), not what the "
               "service turned on" if providers else "")

    # 3. robustness
    # bypass by deep URL
    shown = [lk for lk in deep if lk.ok and lk.gate is None and 0 < lk.status < 400
             and lk.scan.url in session.scope]
    if not deep and made_up is not None:
        f.add("bypass_deep_url", False, url=made_up.requested, confidence=0.6,
              note="no content URL found; the server answers an inner URL no page links to "
                   f"with its gate ({made_up.gate.form}), so every URL is gated"[:300])
    elif not deep:
        f.add("bypass_deep_url", None, note="not_found: no deep content URL to try"
              + (f" ({len(candidates)} linked pages did not load)" if candidates else ""))
    elif shown:
        f.add("bypass_deep_url", True, url=shown[0].requested,
              confidence=0.9 if landing.gate is not None else 0.6,
              note=f"no gate at {shown[0].requested}"[:300])
    elif any(lk.gate is not None for lk in deep):
        f.add("bypass_deep_url", False, url=deep[0].requested,
              confidence=min(0.9, 0.5 + 0.15 * len(deep_gates)))
    else:
        f.add("bypass_deep_url", None, note="error: the deep URLs did not load")

    # content in the DOM or fetched before the check
    src = gated_look
    if src.scan is not None:
        served = first.form != "redirect" and _path(src.scan.url) == _path(src.requested)
        dom_media = int(src.scan.raw.get("media") or 0) if served else 0
        net = src.net_media
        blocks = content_blocks(src.content) if served else []
        text_behind = served and has_content(src.content)
        behind = dom_media >= 3 or net >= 4 or text_behind
        notes = []
        if dom_media >= 3 or net >= 4:
            notes.append(f"{dom_media} media items in the page under the gate; "
                         f"{net} media responses")
        if text_behind:
            notes.append(f"the page's own text is in the DOM beside the gate: {blocks[0]!r}")
        f.add("content_behind_gate", behind, url=src.requested,
              confidence=0.8 if behind else 0.7, note="; ".join(notes)[:300])

    await _holds_without_js(session, f, first)
    await _regates(session, f, first, state)
    await _underage(session, f, first)
    await _dismissible(session, f, first)
    _words(session, f, looks)
    await _pages_words(session, f, looks)


async def _holds_without_js(session: Session, f: Findings, gate: Gate) -> None:
    try:
        async with session.fresh_context(javascript=False) as ctx:
            lk = await look(session, ctx, gate.requested, late=False, shoot=False)
    except RobotsDisallowed:
        f.add("holds_without_js", None, note="robots_disallowed")
        return
    if not lk.ok:
        f.add("holds_without_js", None, note=f"error: {lk.error}"[:200])
        return
    sc = lk.scan
    moved = _path(sc.url) != _path(gate.requested) and (
        _path(sc.url) == _path(gate.url) or sc.url not in session.scope
        or lk.gate is not None or bool(INFO_PATH.search(urlsplit(sc.url).path)))
    if moved:
        f.add("holds_without_js", True, url=gate.requested, confidence=0.9,
              note=f"without scripting the server sends the visitor to {sc.url}"[:300])
    elif lk.gate is not None and lk.gate.form in ("overlay", "frame"):
        f.add("holds_without_js", True, url=gate.requested, confidence=0.9,
              note="a layer in the served page covers the content without scripting")
    elif seen_media(lk.content) >= 3 or has_content(lk.content, visible_only=True):
        f.add("holds_without_js", False, url=gate.requested, confidence=0.85,
              note="the page's content shows when scripting is off"
                   + (" (beside its gate)" if lk.gate is not None else ""))
    elif lk.gate is not None or len(sc.text) < 200:
        f.add("holds_without_js", True, url=gate.requested, confidence=0.7,
              note="without scripting the page shows its gate and nothing of its content"
                   if lk.gate is not None else "the page shows nothing without scripting")
    elif first_is_page(gate):
        f.add("holds_without_js", True, url=gate.requested, confidence=0.6,
              note="without scripting the server still answers the page in place of the "
                   "content, and none of the page's own content shows")
    else:
        f.add("holds_without_js", False, url=gate.requested, confidence=0.7,
              note="the page shows without its gate when scripting is off")


def first_is_page(gate: Gate) -> bool:
    """The gate was served in place of the page (an interstitial, or a page the visitor was
    sent to), not laid over it."""
    return gate.form in ("page", "redirect") or _path(gate.url) != _path(gate.requested)


async def _regates(session: Session, f: Findings, gate: Gate, state) -> None:
    carried = None
    if state:
        carried = {"cookies": [c for c in state.get("cookies", [])
                               if float(c.get("expires", -1)) > 0],
                   "origins": state.get("origins", [])}
    try:
        kwargs = {"storage_state": carried} if carried else {}
        async with session.fresh_context(**kwargs) as ctx:
            lk = await look(session, ctx, gate.requested, shoot=False)
    except RobotsDisallowed:
        f.add("regates_new_session", None, note="robots_disallowed")
        return
    if not lk.ok:
        f.add("regates_new_session", None, note=f"error: {lk.error}"[:200])
        return
    f.add("regates_new_session", lk.gate is not None, url=gate.requested, confidence=0.8,
          note="a new session (lasting cookies and storage kept) "
               + ("met the gate again" if lk.gate is not None else "was not gated"))


async def _underage(session: Session, f: Findings, gate: Gate) -> None:
    if gate.type not in ("self_declaration", "dob_entry"):
        f.add("underage_remembered", None,
              note=f"not_applicable: a {gate.type} gate takes no under-age answer")
        return
    if gate.type == "self_declaration" and not gate.no:
        f.add("underage_remembered", None, note="not_found: the gate offers no under-age answer")
        return
    outcome: dict = {}

    async def answer(page, lk: Look) -> None:
        g = lk.gate
        if g is None or g.type != gate.type:
            outcome["error"] = "the gate did not show again"
            return
        dob = dob_for(UNDERAGE, today(session))
        guard = Guard(session.scope, [str(dob.year), dob.isoformat()],
                      allow_writes=session.allow_forms)
        await guard.install(page)
        try:
            if g.type == "dob_entry":
                typed = await fill_dob(page, g.dob, dob, UNDERAGE)
                guard.typed = [t for t in typed if len(t) >= 4] or guard.typed
                await _pick_country(page, g.controls)
                submit = _submit_of(g)
                if submit is not None:
                    await submit.locator(page).click(timeout=3000, no_wait_after=True)
                else:
                    last = list(g.dob.values())[-1]
                    await last.locator(page).press("Enter", timeout=3000)
            else:
                await g.no[0].locator(page).click(timeout=3000, no_wait_after=True)
            await idle(1.5)
            with contextlib.suppress(Exception):
                await page.wait_for_load_state("load", timeout=3000)
        finally:
            await guard.remove()
        outcome["blocked"] = guard.blocked
        try:
            again = await session.goto(page, gate.requested)
        except (BudgetExceeded, RobotsDisallowed):
            raise
        except Exception:  # noqa: BLE001 - the answer's own navigation was still under way
            await idle(1.5)
            again = await session.goto(page, gate.requested)
        sc = await scan(page, hints=table_for(session.options).hints())
        g2 = detect(sc, session, gate.requested)
        if g2 is None:
            await idle(LATE_GATE_MS / 1000)
            sc = await scan(page, hints=table_for(session.options).hints())
            g2 = detect(sc, session, gate.requested)
        outcome["status"] = again.status if again is not None else 0
        outcome["gate"] = g2
        outcome["text"] = sc.text[:3000]

    try:
        async with session.fresh_context() as ctx:
            lk = await look(session, ctx, gate.requested, shoot=False, page_cb=answer)
    except RobotsDisallowed:
        f.add("underage_remembered", None, note="robots_disallowed")
        return
    if lk.error or outcome.get("error"):
        f.add("underage_remembered", None,
              note=f"error: {lk.error or outcome.get('error')}"[:200])
        return
    if outcome.get("blocked"):
        f.add("underage_remembered", None,
              note="forms_not_allowed: the answer would have been sent to the service")
        return
    g2 = outcome.get("gate")
    if g2 is None:
        refused = REFUSAL_WORDS.search(outcome.get("text", "")) or \
            SORRY_WORDS.search(outcome.get("text", ""))
        f.add("underage_remembered", bool(refused), url=gate.requested, confidence=0.6,
              note="after an under-age answer the page showed no gate")
        return
    remembered = not g2.answerable
    f.add("underage_remembered", remembered, url=gate.requested, confidence=0.85,
          note=("the gate refused again without asking" if remembered
                else "the gate asked again after an under-age answer"))


def _submit_of(g: Gate) -> Control | None:
    buttons = [c for c in g.controls if c.kind == "button" and not NO_WORDS.search(c.text)
               and not CLOSE_WORDS.search(c.text)]
    forms = {c.form for c in g.dob.values() if c.form}
    same = [c for c in buttons if forms and c.form in forms]
    for group in (same, buttons):
        for c in group:
            if c.type == "submit" or YES_WORDS.search(c.text):
                return c
        if group:
            return group[0]
    return None


async def _pick_country(page, controls: list[Control]) -> None:
    for c in controls:
        if c.kind != "select":
            continue
        for value, text in c.options:
            if str(text).strip().lower() in ("united kingdom", "uk", "great britain", "gb") or \
                    str(value).strip().upper() in ("GB", "UK"):
                with contextlib.suppress(Exception):
                    await c.locator(page).select_option(value=str(value), timeout=2000)
                return


async def _dismissible(session: Session, f: Findings, gate: Gate) -> None:
    if gate.form not in ("overlay", "frame"):
        f.add("dismissible", False, url=gate.url, confidence=0.8,
              note=f"a {gate.form} gate has nothing to close")
        return
    result: dict = {}

    async def attempts(page, lk: Look) -> None:
        g = lk.gate
        if g is None:
            result["error"] = "the gate did not show again"
            return
        guard = Guard(session.scope, allow_writes=False)
        await guard.install(page)
        try:
            for how in ("escape", "close", "backdrop"):
                done = await _try_close(page, g, how)
                if not done:
                    continue
                await idle(0.7)
                if guard.left or guard.blocked:
                    result["how"] = None
                    result["left"] = True
                    return
                sc = await scan(page, hints=table_for(session.options).hints())
                if detect(sc, session, gate.requested) is None and \
                        sc.url in session.scope and float(sc.raw.get("covered") or 0) < 0.4:
                    result["how"] = how
                    return
        finally:
            await guard.remove()

    try:
        async with session.fresh_context() as ctx:
            lk = await look(session, ctx, gate.requested, shoot=False, page_cb=attempts)
    except RobotsDisallowed:
        f.add("dismissible", None, note="robots_disallowed")
        return
    if lk.error or result.get("error"):
        f.add("dismissible", None, note=f"error: {lk.error or result.get('error')}"[:200])
        return
    how = result.get("how")
    words = {"escape": "the Escape key", "close": "its close control",
             "backdrop": "a click beside the dialog"}
    f.add("dismissible", bool(how), url=gate.requested, confidence=0.85,
          note=f"closed by {words[how]} without an answer" if how else "")


BACKDROP_JS = r"""
(ids) => {
  const vw = innerWidth, vh = innerHeight;
  const pts = [[8, 8], [vw - 8, 8], [8, vh - 8], [vw - 8, vh - 8], [vw / 2, 8], [vw / 2, vh - 8]];
  const inLayer = (el) => {
    for (let e = el; e; e = e.parentElement || (e.getRootNode && e.getRootNode().host)) {
      if (e.nodeType !== 1) return false;
      const id = e.getAttribute('data-osa-l');
      if (id) return ids.includes(id);
    }
    return false;
  };
  for (const [x, y] of pts) {
    let el = document.elementFromPoint(x, y);
    while (el && el.shadowRoot) { const i = el.shadowRoot.elementFromPoint(x, y);
                                  if (!i || i === el) break; el = i; }
    if (!el || !inLayer(el)) continue;
    if (el.closest && el.closest('a, button, input, select, textarea, label, [role=button]'))
      continue;
    return [x, y];
  }
  return null;
}
"""


async def _try_close(page, g: Gate, how: str) -> bool:
    try:
        if how == "escape":
            await page.keyboard.press("Escape")
            return True
        if how == "close":
            for c in g.close:
                if YES_WORDS.search(c.text) or NO_WORDS.search(c.text):
                    continue
                await c.locator(page).click(timeout=2000, no_wait_after=True)
                return True
            return False
        if how == "backdrop" and g.layer_ids:
            pt = await evaluate(page, BACKDROP_JS, sorted(g.layer_ids))
            if pt:
                await page.mouse.click(pt[0], pt[1])
                return True
    except Exception:  # noqa: BLE001 - a control that will not take the click
        return False
    return False


# -- words on the service -------------------------------------------------------------------------

def _texts(session: Session, looks: list[Look]) -> list[tuple[str, str]]:
    sm = session.sitemap
    out = [(sm.home_url or sm.start_url, sm.home_text or "")]
    for lk in looks:
        if lk.scan is not None:
            out.append((lk.scan.url, lk.scan.text + " " + lk.scan.frame_text()))
            if lk.gate is not None:
                out.append((lk.scan.url, lk.gate.text))
    return out


def _links(session: Session, looks: list[Look]) -> list[tuple[str, str]]:
    out = [(lk.url, lk.text) for lk in session.sitemap.links]
    for lk in looks:
        if lk.scan is not None:
            out += [(c.href, c.text) for c in lk.scan.controls() if c.kind == "link" and c.href]
    return out


def _words(session: Session, f: Findings, looks: list[Look]) -> None:
    """Circumvention advice, appeal route and statement from what was already read."""
    if not f.has("circumvention_advice"):
        for url, text in _texts(session, looks):
            q = circumvention_quote(text)
            if q:
                ev = session.evidence.text(q, url=url, kind="quote")
                f.add("circumvention_advice", True, url=url, evidence=[ev], confidence=0.8)
                break
    links = _links(session, looks)
    if not f.has("appeal_route"):
        for href, text in links:
            if APPEAL_WORDS.search(text or ""):
                f.add("appeal_route", True, url=href, confidence=0.85,
                      note=f"link: {text[:120]}")
                break
    if not f.has("statement_url"):
        for href, text in links:
            if href and href.startswith("http") and (
                    STATEMENT_WORDS.search(text or "") or STATEMENT_PATH.search(
                        urlsplit(href).path)):
                f.add("statement_url", href, confidence=0.85, note=f"link: {text[:120]}")
                break


async def _pages_words(session: Session, f: Findings, looks: list[Look]) -> None:
    """Read the statement and help pages (over HTTP) for advice, an appeal route, a statement."""
    sm = session.sitemap
    pages: list[str] = []
    st = f.get("statement_url")
    if st and st in session.scope:
        pages.append(st)
    for lk in sm.links:
        if FAQ_WORDS.search(lk.text or "") and lk.url not in pages:
            pages.append(lk.url)
        if len(pages) >= 3:
            break
    for url in pages:
        try:
            res = await session.fetch(url)
        except (RobotsDisallowed, BudgetExceeded):
            continue
        except Exception:  # noqa: BLE001
            continue
        if res.status >= 400 or "html" not in (res.content_type or "html"):
            continue
        text = visible_text_of_html(res.text)
        if not f.has("circumvention_advice"):
            q = circumvention_quote(text)
            if q:
                ev = session.evidence.text(q, url=url, kind="quote", read_via="http")
                f.add("circumvention_advice", True, url=url, evidence=[ev], confidence=0.8)
        if not f.has("appeal_route"):
            m = APPEAL_WORDS.search(text)
            if m:
                f.add("appeal_route", True, url=url, confidence=0.7,
                      note=f"text: {m.group(0)[:120]}")
        if url == st:
            ev = session.evidence.text(text[:20000], url=url, kind="text", read_via="http")
            obs = f.add("statement_url", st, confidence=0.95 if AGE_WORDS.search(text) or
                        METHOD_WORDS["photo_id"].search(text) else 0.6,
                        evidence=[ev], url=url)
            obs.note = "the page describes the age check" if obs.confidence > 0.9 else ""
    if not f.has("circumvention_advice"):
        f.add("circumvention_advice", False, confidence=0.7,
              note=f"{len(_texts(session, looks)) + len(pages)} pages read")
    if not f.has("appeal_route"):
        f.add("appeal_route", False, confidence=0.6)
    if not f.has("statement_url"):
        f.add("statement_url", None, note="not_found")


