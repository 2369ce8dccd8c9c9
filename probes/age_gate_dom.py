"""Reading a page for age gates and forms: what covers the viewport, its words and its controls.

:data:`SCAN_JS` runs in a page or frame (it works with scripting disabled too: Playwright's
evaluate is not page script) and returns a plain description:

* ``layers``: the outermost fixed (or large absolute, or modal ``<dialog>``) elements that are
  topmost at a 5 x 5 grid of viewport points, with the share of points each covers and their text,
* ``controls``: every visible button, link, input and select (open shadow roots included) with
  its label, name, type, pre-filled value (never a password's), the form it belongs to and the
  layer it sits in; each is tagged ``data-osa-c`` so a locator can find it again,
* ``iframes`` (tagged ``data-osa-f``), ``media`` outside the layers (thumbnails, players,
  background images), script sources and the page's visible text.

Only what is *rendered* counts: a gate library that is loaded but never shows leaves no layer.
The word lists below are shared by the age-gate and signup probes.
"""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any
from urllib.parse import urlsplit

from auditor.pagejs import evaluate
from auditor.scope import registrable
from probes.age_providers import ProviderTable
from probes.age_providers import load as load_providers

#: how long typing into or choosing in a field seen on the page may take: generous, because a busy
#: machine can take seconds to answer, and a field left empty makes a form refuse the whole try
FILL_MS = 8000

SCAN_JS = r"""
(opts) => {
  opts = opts || {};
  const MAXEL = opts.maxel || 6000;
  const vw = window.innerWidth || 1280, vh = window.innerHeight || 800;
  const parentOf = (e) => {
    if (e.parentElement) return e.parentElement;
    const root = e.getRootNode ? e.getRootNode() : null;
    return root && root.host ? root.host : null;
  };
  const shown = (e) => {
    try {
      if (e.checkVisibility && !e.checkVisibility({opacityProperty: true,
                                                   visibilityProperty: true})) return false;
    } catch (x) { /* older engines */ }
    const r = e.getBoundingClientRect();
    return r.width > 1 && r.height > 1;
  };
  const SKIP = new Set(['SCRIPT', 'STYLE', 'TEMPLATE', 'NOSCRIPT', 'HEAD', 'META', 'LINK']);
  const deepText = (node, budget) => {
    const out = [];
    let used = 0;
    const rec = (n) => {
      if (used > budget) return;
      if (n.nodeType === 3) {
        const t = n.textContent;
        if (t && t.trim()) { out.push(t.trim()); used += t.length; }
        return;
      }
      if (n.nodeType === 1) {
        if (SKIP.has(n.tagName)) return;
        if (!shown(n) && n.tagName !== 'SLOT') return;
        if (n.tagName === 'SLOT') { n.assignedNodes({flatten: true}).forEach(rec); return; }
        if (n.tagName === 'INPUT' && /^(submit|button)$/i.test(n.type) && n.value) {
          out.push(n.value);
          return;
        }
        const kids = n.shadowRoot ? n.shadowRoot.childNodes : n.childNodes;
        kids.forEach(rec);
        return;
      }
      if (n.nodeType === 11) n.childNodes.forEach(rec);
    };
    rec(node);
    return out.join(' ').replace(/\s+/g, ' ').slice(0, budget);
  };
  const els = [];
  const walk = (root) => {
    for (const el of root.querySelectorAll('*')) {
      if (els.length >= MAXEL) return;
      els.push(el);
      if (el.shadowRoot) walk(el.shadowRoot);
    }
  };
  walk(document);
  els.forEach((el) => { el.removeAttribute('data-osa-c'); el.removeAttribute('data-osa-l');
                        el.removeAttribute('data-osa-f'); el.removeAttribute('data-osa-form'); });

  const styleOf = (e) => { try { return getComputedStyle(e); } catch (x) { return null; } };
  const isLayerEl = (e) => {
    if (e.tagName === 'DIALOG' && e.open) return true;
    const cs = styleOf(e);
    if (!cs) return false;
    if (cs.position === 'fixed') return true;
    if (cs.position === 'absolute' || cs.position === 'sticky') {
      const r = e.getBoundingClientRect();
      return r.width >= vw * 0.8 && r.height >= vh * 0.6 && (parseInt(cs.zIndex, 10) || 0) > 0;
    }
    return false;
  };
  const layerCache = new Map();
  const layerOf = (el) => {
    let layer = null;
    for (let e = el; e && e.nodeType === 1; e = parentOf(e)) {
      if (e === document.body || e === document.documentElement) break;
      if (layerCache.has(e)) { const l = layerCache.get(e); if (l) layer = l; break; }
      if (isLayerEl(e)) layer = e;
    }
    return layer;
  };
  const topAt = (x, y) => {
    let el = document.elementFromPoint(x, y);
    for (let i = 0; el && el.shadowRoot && i < 10; i++) {
      const inner = el.shadowRoot.elementFromPoint(x, y);
      if (!inner || inner === el) break;
      el = inner;
    }
    return el;
  };
  const hits = new Map();
  let covered = 0, points = 0, centreLayer = null;
  for (const fx of [0.1, 0.3, 0.5, 0.7, 0.9]) {
    for (const fy of [0.1, 0.3, 0.5, 0.7, 0.9]) {
      points++;
      const el = topAt(vw * fx, vh * fy);
      if (!el) continue;
      const layer = layerOf(el);
      if (!layer || !shown(layer)) continue;
      covered++;
      hits.set(layer, (hits.get(layer) || 0) + 1);
      if (fx === 0.5 && fy === 0.5) centreLayer = layer;
    }
  }
  // modal dialogs that are open and visible count as layers even where the grid misses them
  els.forEach((e) => {
    if (hits.has(e) || !shown(e)) return;
    const role = (e.getAttribute('role') || '').toLowerCase();
    const modal = (e.tagName === 'DIALOG' && e.open) || e.getAttribute('aria-modal') === 'true'
      || role === 'alertdialog';
    if (modal && layerOf(e) === null) hits.set(e, 0);
    else if (modal) { const l = layerOf(e); if (l && !hits.has(l)) hits.set(l, 0); }
  });
  const layers = [];
  let ln = 0;
  for (const [el, n] of hits.entries()) {
    const id = 'L' + (ln++);
    el.setAttribute('data-osa-l', id);
    layerCache.set(el, el);
    const r = el.getBoundingClientRect();
    const cs = styleOf(el);
    layers.push({id, tag: el.tagName.toLowerCase(), role: (el.getAttribute('role') || ''),
                 modal: el.getAttribute('aria-modal') === 'true'
                   || (el.tagName === 'DIALOG' && el.open),
                 cover: n / points, centre: el === centreLayer,
                 area: Math.min(1, (Math.max(0, r.width) * Math.max(0, r.height)) / (vw * vh)),
                 z: cs ? (parseInt(cs.zIndex, 10) || 0) : 0,
                 text: deepText(el, 4000), isFrame: el.tagName === 'IFRAME'});
  }
  const layerIdOf = (el) => {
    for (let e = el; e && e.nodeType === 1; e = parentOf(e)) {
      const id = e.getAttribute('data-osa-l');
      if (id) return id;
    }
    return null;
  };
  const textOf = (n) => (n ? deepText(n, 300) : '');
  const labelOf = (el) => {
    const parts = [];
    if (el.labels) for (const l of el.labels) parts.push(textOf(l));
    const al = el.getAttribute('aria-label'); if (al) parts.push(al);
    const lb = el.getAttribute('aria-labelledby');
    if (lb) lb.split(/\s+/).forEach((id) => {
      const root = el.getRootNode(); const t = root.getElementById ? root.getElementById(id) : null;
      if (t) parts.push(textOf(t));
    });
    if (el.title) parts.push(el.title);
    const fs = el.closest ? el.closest('fieldset') : null;
    if (fs) { const lg = fs.querySelector('legend'); if (lg) parts.push('[' + textOf(lg) + ']'); }
    if (!parts.length && el.parentElement && el.parentElement.tagName === 'LABEL')
      parts.push(textOf(el.parentElement));
    return parts.join(' ').replace(/\s+/g, ' ').trim().slice(0, 300);
  };
  const forms = new Map();
  const formIdOf = (f) => {
    if (!f) return null;
    if (!forms.has(f)) {
      const id = 'F' + forms.size;
      forms.set(f, id);
      f.setAttribute('data-osa-form', id);
    }
    return forms.get(f);
  };
  const controls = [];
  let cn = 0;
  const FIELD = /^(INPUT|SELECT|TEXTAREA)$/;
  for (const el of els) {
    if (controls.length >= 400) break;
    const tag = el.tagName;
    const role = (el.getAttribute('role') || '').toLowerCase();
    let kind = null;
    if (tag === 'A' && el.hasAttribute('href')) kind = 'link';
    else if (tag === 'BUTTON' || role === 'button') kind = 'button';
    else if (tag === 'INPUT') {
      const t = (el.type || 'text').toLowerCase();
      if (t === 'hidden') continue;
      kind = /^(submit|button|image|reset)$/.test(t) ? 'button' : t === 'checkbox' ? 'checkbox'
        : t === 'radio' ? 'radio' : 'input';
    } else if (tag === 'SELECT') kind = 'select';
    else if (tag === 'TEXTAREA') kind = 'textarea';
    else if (role === 'checkbox') kind = 'checkbox';
    if (!kind) continue;
    const vis = shown(el);
    // a digit box: a transparent or zero-size text field drawn by its small visible box (a
    // digit and a one-letter placeholder such as "Y", "M", "D"); its box stands for it
    let box = '';
    if (!vis && kind === 'input' && /^(text|number|tel)$/.test((el.type || '').toLowerCase())) {
      const pe = el.parentElement;
      const bt = pe ? (pe.textContent || '').replace(/\s+/g, '') : '';
      if (pe && shown(pe) && bt.length >= 1 && bt.length <= 3 && /^\d?[A-Za-z]{1,2}$/.test(bt)) {
        const r = pe.getBoundingClientRect();
        if (r.width <= 240 && r.height <= 240) box = bt;
      }
    }
    if (!vis && !box && !(kind === 'checkbox' || kind === 'radio')) continue;
    if (!vis && !box && el.labels && ![...el.labels].some(shown)) continue;
    const id = 'C' + (cn++);
    el.setAttribute('data-osa-c', id);
    const form = el.form || (el.closest ? el.closest('form') : null);
    const c = {id, kind, tag: tag.toLowerCase(), type: (el.type || '').toLowerCase(),
               name: el.getAttribute('name') || '', elid: el.id || '',
               cls: (typeof el.className === 'string' ? el.className : '').slice(0, 120),
               text: '', label: '', placeholder: el.getAttribute('placeholder') || '',
               autocomplete: (el.getAttribute('autocomplete') || '').toLowerCase(),
               inputmode: el.getAttribute('inputmode') || '', value: '', checked: false,
               disabled: !!el.disabled, required: !!el.required,
               min: el.getAttribute('min') || '', max: el.getAttribute('max') || '',
               options: [], optionCount: 0, selected: '', href: '', formAction: '',
               formMethod: '', form: formIdOf(form), layer: layerIdOf(el), visible: vis,
               box};
    const aria = el.getAttribute('aria-label') || el.title || '';
    if (kind === 'link') { c.href = el.href; c.text = textOf(el) || aria; }
    if (kind === 'button') {
      c.text = (tag === 'INPUT' ? el.value : textOf(el)) || aria;
      if (form) {
        c.formAction = el.formAction || form.action || '';
        c.formMethod = (el.formMethod || form.method || 'get').toLowerCase();
      }
    }
    if (FIELD.test(tag) || kind === 'checkbox' || kind === 'radio') {
      c.label = labelOf(el);
      const box = kind === 'checkbox' || kind === 'radio';
      if (c.type !== 'password' && !box) c.value = (el.value || '').slice(0, 100);
      if (box) {
        c.checked = el.checked === true || el.getAttribute('aria-checked') === 'true';
        c.value = el.value || '';
      }
      if (form) {
        c.formAction = form.action || '';
        c.formMethod = (form.method || 'get').toLowerCase();
      }
    }
    if (kind === 'select') {
      const opts = [...el.options];
      c.optionCount = opts.length;
      const pick = opts.length > 80 ? opts.slice(0, 40).concat(opts.slice(-40)) : opts;
      c.options = pick.map((o) => [o.value, (o.text || '').trim().slice(0, 40)]);
      const s = el.selectedIndex >= 0 ? opts[el.selectedIndex] : null;
      c.selected = s ? (s.text || '').trim().slice(0, 40) : '';
      c.value = s ? s.value : '';
      c.selectedDefault = s ? s.defaultSelected : false;
    }
    c.text = c.text.replace(/\s+/g, ' ').trim().slice(0, 200);
    controls.push(c);
  }
  const iframes = [];
  let fn = 0;
  for (const el of els) {
    if (el.tagName !== 'IFRAME' || !shown(el)) continue;
    const id = 'I' + (fn++);
    el.setAttribute('data-osa-f', id);
    const r = el.getBoundingClientRect();
    iframes.push({id, src: el.src || '', layer: layerIdOf(el),
                  area: Math.min(1, (r.width * r.height) / (vw * vh))});
  }
  const CHROME = 'header, nav, footer, [role=banner], [role=navigation], [role=contentinfo]';
  const inChrome = (e) => !!(e.closest && e.closest(CHROME));
  let media = 0, mediaInLayers = 0;
  for (const el of els) {
    const tag = el.tagName;
    let isMedia = tag === 'IMG' || tag === 'VIDEO' || tag === 'CANVAS' || tag === 'PICTURE'
      || (el.getAttribute('role') || '') === 'img';
    if (!isMedia) {
      const cs = styleOf(el);
      isMedia = !!(cs && cs.backgroundImage && cs.backgroundImage.indexOf('url(') >= 0);
    }
    if (!isMedia) continue;
    const r = el.getBoundingClientRect();
    if (r.width < 80 || r.height < 60) continue;
    const cs = styleOf(el);
    if (cs && (cs.display === 'none')) continue;
    if (inChrome(el)) continue;
    if (layerIdOf(el)) mediaInLayers++; else media++;
  }
  let text = '';
  try { text = (document.body ? document.body.innerText : '') || ''; } catch (x) { text = ''; }
  for (const el of els) {
    if (text.length > 30000) break;
    if (el.shadowRoot) text += ' ' + deepText(el.shadowRoot, 5000);
  }
  const scripts = [...document.querySelectorAll('script[src]')].map((s) => s.src).slice(0, 200);
  // age-assurance SDKs' marks (probes/age_providers.toml): globals defined, elements present
  const sdk = {globals: [], elements: [], shown: []};
  for (const g of (opts.globals || [])) {
    try { if (typeof window[g] !== 'undefined') sdk.globals.push(g); } catch (x) { /* guarded */ }
  }
  const marks = opts.elements || [];
  if (marks.length) {
    const seen = new Set(), rendered = new Set();
    const consider = (e) => {
      const names = [e.tagName ? e.tagName.toLowerCase() : '', e.id || ''];
      if (e.classList) names.push(...e.classList);
      for (const m of marks) {
        if (seen.has(m) && rendered.has(m)) continue;
        const prefix = /[-_]$/.test(m);
        if (names.some((n) => n && (prefix ? n.startsWith(m) : n === m))) {
          seen.add(m);
          if (e.tagName !== 'STYLE' && shown(e)) rendered.add(m);
        }
      }
    };
    for (const e of els) consider(e);
    for (const e of document.querySelectorAll('iframe, style[id], [id]')) {
      if (seen.size >= marks.length) break;
      consider(e);
    }
    sdk.elements = [...seen];
    sdk.shown = [...rendered];          // the marks of an SDK element that is on screen
  }
  const pw = controls.some((c) => c.type === 'password' && c.visible);
  let lockedScroll = false;
  try {
    const bs = getComputedStyle(document.body), hs = getComputedStyle(document.documentElement);
    lockedScroll = bs.overflow === 'hidden' || hs.overflow === 'hidden';
  } catch (x) { /* no body */ }
  return {url: location.href, title: document.title || '', covered: covered / points,
          layers, controls, iframes, media, mediaInLayers,
          text: text.replace(/[ \t]+/g, ' ').slice(0, 30000),
          scripts, sdk, password: pw, lockedScroll};
}
"""

# -- words ------------------------------------------------------------------------------------

# a question for the year of birth alone ("What year were you born?", "Year of birth")
YEAR_OF_BIRTH = (r"year of (your )?birth|(what )?year (were|was) you born|\bbirth ?year|"
                 r"year you were born")
AGE_WORDS = re.compile(
    r"(\b(18|21)\s*\+|\b(1[3-9]|2[015])\s*(years?|yrs)\s*(old|of age)?|\bor (older|over)\b|"
    r"\badults?\s*(only|content)|\bage[- ](verification|verify|check|gate|assurance|"
    r"estimation|restricted|limit)|\b(verify|confirm|prove|check)\s+(your|my)\s+age|"
    r"date of birth|\bbirth ?(date|day)\b|how old are you|\b(over|under) (the age of )?(18|21)\b|"
    r"legal (drinking )?age|age of majority|mature (content|audiences)|sexually explicit|"
    r"\bnsfw\b|not old enough|\bexplicit (content|material)|enter your (date of )?birth|"
    r"you must be (at least )?(18|21)|\bi am (over )?(18|21)\b|\bi'?m (over )?(18|21)\b|"
    r"\b(18|21) (and|or) (over|older)\b|\baged (18|21)\b|" + YEAR_OF_BIRTH + ")", re.I)
YES_WORDS = re.compile(
    r"^\W*(yes\b|enter\b|i am (over |at least )?(18|21)|i'?m (over |at least )?(18|21)|"
    r"i am an adult|i'?m an adult|i am of (legal )?age|over (18|21)|(18|21)\s*\+|"
    r"i am old enough|i'?m old enough|confirm\b|continue\b|proceed\b|i agree\b|agree\b|"
    r"accept\b|enter (the )?site|let me in|ok\b|okay\b|go\b|submit\b|"
    r"yes,? i am|i am 18 or older|i'?m 18 or older)", re.I)
NO_WORDS = re.compile(
    r"^\W*(no\b|leave\b|exit\b|i am (not|under)|i'?m (not|under)|under (18|21)|"
    r"not yet|take me (away|back|out)|get me out|i disagree|decline|cancel\b|go back)", re.I)
ASK_AGE = re.compile(r"(date of birth|birth ?(date|day)|how old are you|(enter|confirm|verify|"
                     r"prove|check) (your|my) age|your age|age (verification|check|gate)|"
                     + YEAR_OF_BIRTH + ")", re.I)
CLOSE_WORDS = re.compile(r"^\W*(×|✕|✖|x|close|dismiss|skip|not now|maybe later|hide)\W*$", re.I)
VERIFY_WORDS = re.compile(
    r"(verify (my |your )?age|check (my |your )?age|confirm (my |your )?age|prove (my |your )?age|"
    r"start (the )?(age )?(verification|check)|age (verification|check|assurance)|"
    r"continue to (age )?verification|get verified|verify now|verify with|start verification)",
    re.I)
REFUSAL_WORDS = re.compile(
    r"(not old enough|too young|under ?age|can(no|')t (enter|access|continue|join)|"
    r"access (is )?denied|you must be (at least )?\d\d|sorry,? you|not (allowed|permitted|"
    r"eligible)|come back when)", re.I)
LOGIN_WALL_WORDS = re.compile(
    r"((log|sign) ?in (to|and) (continue|view|watch|see|access|enter|browse)|members only|"
    r"you (must|need to|have to) (be )?(logged|signed|log|sign) ?in|(log|sign) ?in required|"
    r"please (log|sign) ?in|create an account to (continue|view|watch))", re.I)
LOGIN_PATH = re.compile(r"/(log[-_]?in|sign[-_]?in|session(s)?/new|auth(enticate)?|"
                        r"account/login|users/sign_in)(\.\w+)?([/?#]|$)", re.I)

METHOD_WORDS: dict[str, re.Pattern] = {
    "facial_estimation": re.compile(
        r"(facial age estimation|face(-| )based age|age estimation (from|using|with) (a |your )?"
        r"(selfie|face|photo)|estimate (your|my) age (from|using|with) (a |your )?(selfie|face)|"
        r"face scan|(take|use) a selfie\W[^.]{0,60}estimat|estimat[^.]{0,60}selfie)", re.I),
    "photo_id": re.compile(
        r"(photo ?id\b|photographic id|passport|driving licen[cs]e|driver'?s licen[cs]e|"
        r"identity document|id document|national id( card)?|id card|"
        r"\b(scan|upload|show|photograph|photo of|picture of) (your |an? )?id\b|"
        r"\bid (document )?and (a |take a )?selfie)", re.I),
    "liveness": re.compile(r"(liveness|live selfie|live photo|selfie (check|match|video)|"
                           r"match(es|ing)? (it |you )?(to|with|against) (a |your )?(selfie|face)|"
                           r"face match|"
                           # a selfie taken with the ID is matched to it: "ID and a selfie"
                           r"\b(id|document|passport|licen[cs]e)\b[^.]{0,40}\bselfie\b)", re.I),
    "credit_card": re.compile(r"\bcredit ?card", re.I),
    "debit_card": re.compile(r"\bdebit ?card", re.I),
    "open_banking": re.compile(r"(open banking|(log|sign) in to your bank|your bank confirms|"
                               r"bank (account )?check)", re.I),
    "mobile_operator": re.compile(r"(mobile (network )?operator|mobile (phone )?(network|"
                                  r"provider|number) (check|confirms)|\bmno\b|your mobile "
                                  r"(network|provider)|network operator)", re.I),
    "digital_identity": re.compile(r"(digital id(entity)?\b|id wallet|identity wallet|"
                                   r"reusable (digital )?id|digital identity (app|wallet))",
                                   re.I),
    "email_estimation": re.compile(r"(email(-| )based age|age estimation (from|using|with) "
                                   r"(your )?email|estimat\w+ (your )?age (from|using) (your )?"
                                   r"email)", re.I),
}

CIRCUMVENTION = re.compile(
    r"((use|try|get|with|using|connect (to|via|through)|switch on|turn on) (a |an |our )?"
    r"(vpn|proxy|tor\b)|vpn (to|and|for) (access|watch|view|visit|get around|bypass|unblock)|"
    r"(bypass|get around|avoid|skip|circumvent|dodge|beat) (the |our |this |uk |any )?"
    r"(age (check|verification|gate)s?|verification|block|restriction|ban)|"
    r"(visit|use|try) (our )?(mirror|alternative|backup) (site|domain|address|url)|"
    r"mirror (site|domain)s?\b|(change|set|switch) your (location|country|region) to|"
    r"unblock (us|the site|this site))", re.I)
NEGATION = re.compile(r"\b(never|don'?t|do not|does not|prohibit\w*|breach\w*|against (our|the)|"
                      r"forbid\w*|may not|must not|not (allowed|permitted)|is not allowed|"
                      r"ban(s|ned)?)\b", re.I)
APPEAL_WORDS = re.compile(
    r"(got (your|the|my) age wrong|wrong(ly)? (age|estimat\w*|block\w*|refus\w*)|"
    r"(appeal|challenge|dispute|contest|review)\w* (of |against )?(the |an? |this |our |your |my )?"
    r"(age|result|decision|outcome|estimate)|age[- ](check|verification|assurance)? ?"
    r"(appeal|review|dispute)s?|ask for a review)", re.I)
STATEMENT_WORDS = re.compile(
    r"(age[- ](assurance|verification|check(ing)?)s? (statement|policy|notice|summary|record|"
    r"information)|how we (check|verify) (your )?age|summary of (our )?age[- ]assurance|"
    r"written record)", re.I)
STATEMENT_PATH = re.compile(r"/age[-_]?(assurance|verification|check)[-_]?(statement|policy|"
                            r"notice)?(\.\w+)?/?$", re.I)


# -- parsed scans -------------------------------------------------------------------------------

@dataclass
class Control:
    raw: dict
    frame: Any = None           # the Playwright frame it lives in
    #: for a digit box, every box of its part (day, month or year) in page order, itself first
    group: list[Control] = field(default_factory=list, repr=False)

    def __getattr__(self, name: str) -> Any:
        try:
            return self.raw[name]
        except KeyError as exc:
            raise AttributeError(name) from exc

    @property
    def words(self) -> str:
        """Everything that names the control (label, name, id, classes, placeholder, text)."""
        r = self.raw
        return " ".join(str(r.get(k) or "") for k in ("text", "label", "name", "elid", "cls",
                                                      "placeholder", "autocomplete"))

    def locator(self, page):
        return (self.frame or page).locator(f'[data-osa-c="{self.raw["id"]}"]').first


@dataclass
class Scan:
    raw: dict
    frame_scans: list[tuple[Any, dict]] = field(default_factory=list)   # (frame, raw)
    status: int = 0
    requested: str = ""

    @property
    def url(self) -> str:
        return str(self.raw.get("url") or "")

    @property
    def text(self) -> str:
        return str(self.raw.get("text") or "")

    @property
    def layers(self) -> list[dict]:
        return list(self.raw.get("layers") or [])

    def controls(self, *, layer_ids: set[str] | None = None,
                 frames: bool = True) -> list[Control]:
        out = [Control(c) for c in self.raw.get("controls") or []
               if layer_ids is None or c.get("layer") in layer_ids]
        if frames:
            for frame, raw in self.frame_scans:
                out += [Control(c, frame) for c in raw.get("controls") or []]
        return out

    def frame_text(self) -> str:
        return " ".join(str(raw.get("text") or "") for _, raw in self.frame_scans)


async def scan(page, *, frames_of_layers: bool = True, hints: dict | None = None) -> Scan:
    """Scan the page (and the frames that sit in its layers or cover it); ``hints`` are the
    providers table's globals and element marks to look for (:meth:`ProviderTable.hints`)."""
    raw = await evaluate(page, SCAN_JS, dict(hints or {}))
    sc = Scan(raw)
    if not frames_of_layers:
        return sc
    wanted = {f["id"] for f in raw.get("iframes") or []
              if f.get("layer") or float(f.get("area") or 0) >= 0.5}
    if not wanted:
        return sc
    for frame in page.frames[1:12]:
        try:
            el = await frame.frame_element()
            fid = await el.get_attribute("data-osa-f")
            if fid not in wanted:
                continue
            sub = await evaluate(frame, SCAN_JS, {"maxel": 3000, **(hints or {})})
            sub["frame_id"] = fid
            sc.frame_scans.append((frame, sub))
        except Exception:  # noqa: BLE001 - a frame that went away or refuses is skipped
            continue
    return sc


# -- date-of-birth fields ----------------------------------------------------------------------

MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
          "september", "october", "november", "december")
_TOK = re.compile(r"[a-z]+", re.I)


def _tokens(s: str) -> set[str]:
    return {t.lower() for t in _TOK.findall(s.replace("_", " ").replace("-", " "))}


def dob_role(c: Control) -> str | None:
    """What part of a date of birth (or an age) a field asks for, if any.

    ``date`` (a whole date), ``day``, ``month``, ``year``, ``dmy`` (one text field for the whole
    date), ``age`` (a number of years), or None.
    """
    if c.kind not in ("input", "select"):
        return None
    box = re.sub(r"[^a-z]", "", str(c.raw.get("box") or "").lower())
    if box:                                 # a digit box with a "Y" / "M" / "D" placeholder
        return {"y": "year", "yy": "year", "m": "month", "mm": "month", "d": "day",
                "dd": "day"}.get(box)
    t = c.type
    ac = c.autocomplete
    if t == "date" or ac == "bday":
        return "date" if t == "date" else "dmy"
    if ac == "bday-day":
        return "day"
    if ac == "bday-month":
        return "month"
    if ac == "bday-year":
        return "year"
    if t in ("email", "password", "tel", "url", "search", "checkbox", "radio", "file"):
        return None
    ph = (c.placeholder or "").strip().lower()
    if re.fullmatch(r"(dd|mm|yyyy)[/.\- ](dd|mm)[/.\- ](yyyy|yy|dd)", ph) or \
            re.fullmatch(r"yyyy[/.\- ]mm[/.\- ]dd", ph):
        return "dmy"
    name_toks = _tokens(" ".join([c.name, c.elid, c.cls, ph]))
    label = (c.label or "").lower()
    if c.kind == "select":
        texts = " ".join(str(o[1]).lower() for o in c.options)
        if sum(m in texts for m in MONTHS) >= 6 or sum(m[:3] in texts for m in MONTHS) >= 10:
            return "month"
        years = [int(o[1]) for o in c.options if re.fullmatch(r"(19|20)\d\d", str(o[1]).strip())]
        if len(years) >= 10:
            return "year"
        days = [o for o in c.options if re.fullmatch(r"0?[1-9]|[12]\d|3[01]", str(o[1]).strip())]
        if len(days) >= 28 and ("day" in name_toks or "day" in label or "dd" in name_toks):
            return "day"
    for role, keys in (("day", {"day", "dd", "dobday", "dob_day", "birthday_day", "bday_day"}),
                       ("month", {"month", "mm", "mon"}),
                       ("year", {"year", "yyyy", "yy", "yr"})):
        if name_toks & keys or re.search(rf"\b{role}\b", label):
            return role
    if ph in ("dd", "d"):
        return "day"
    if ph in ("mm", "m"):
        return "month"
    if ph in ("yyyy", "yy") or re.fullmatch(r"(19|20)\d\d", ph):
        return "year"
    if re.fullmatch(r"0?[1-9]|[12]\d|3[01]", ph) and c.raw.get("max", "") != "":
        return "day"
    if "dob" in name_toks or "birthdate" in name_toks or "birthday" in name_toks or \
            "date of birth" in label or "birth" in name_toks:
        return "dmy"
    if name_toks & {"min", "max", "from", "to", "lo", "hi", "range", "filter"}:
        return None                         # an age range filter, not a question
    if "age" in name_toks or re.search(r"\bhow old\b|\byour age\b|^age\b", label):
        return "age"
    return None


def dob_fields(controls: list[Control], text: str = "") -> dict[str, Control]:
    """The date-of-birth fields among ``controls`` (first of each role).  A year field alone
    is a year of birth only where its label, or ``text`` (the words around the fields, when the
    caller gives them), asks for the year of birth."""
    out: dict[str, Control] = {}
    for c in controls:
        role = dob_role(c)
        if role and role not in out:
            out[role] = c
            c.group = [c]
        elif role and out[role].raw.get("box") and c.raw.get("box") and \
                c.frame is out[role].frame and c.raw.get("layer") == out[role].raw.get("layer"):
            out[role].group.append(c)        # the next digit box of the same part
    yob = re.compile(YEAR_OF_BIRTH, re.I)
    if set(out) & {"day", "month", "year"} == {"year"} and not ("date" in out or "dmy" in out) \
            and (yob.search(out["year"].label or "") or yob.search(text or "")):
        return out                           # "Year of birth": one select or field
    if set(out) & {"day", "month", "year"} and not ({"month", "year"} <= set(out)
                                                    or "date" in out or "dmy" in out):
        # a lone "day" or "year" field is not a date of birth
        for k in ("day", "month", "year"):
            out.pop(k, None)
    return out


def dob_for(age: int, today: date) -> date:
    """A birthday about 100 days ago that makes someone ``age`` today."""
    try:
        anniversary = today.replace(year=today.year - age)
    except ValueError:                       # 29 February
        anniversary = today.replace(year=today.year - age, day=28)
    dob = anniversary - timedelta(days=100)
    return dob.replace(day=min(dob.day, 28))


async def fill_dob(page, fields: dict[str, Control], dob: date, age: int) -> list[str]:
    """Fill the date-of-birth ``fields``; returns the values typed (to guard and mask)."""
    typed: list[str] = []
    for role, c in fields.items():
        loc = c.locator(page)
        if c.raw.get("box") and role in ("day", "month", "year"):
            # digit boxes: a visitor types one digit into each box of the part
            value = {"day": f"{dob.day:02d}", "month": f"{dob.month:02d}",
                     "year": str(dob.year)}[role]
            await _fill_boxes(page, c.group or [c], value)
            if role == "year":
                typed.append(str(dob.year))
            continue
        if role == "date":
            val = dob.isoformat()
            if c.type == "date":
                await loc.fill(val, timeout=FILL_MS)
            else:
                await loc.fill(_dmy(c.placeholder, dob), timeout=FILL_MS)
            typed.append(str(dob.year))
        elif role == "dmy":
            await loc.fill(_dmy(c.placeholder, dob), timeout=FILL_MS)
            typed.append(str(dob.year))
        elif role == "age":
            await _set(loc, c, str(age), [str(age)])
            typed.append(str(age))
        elif role == "day":
            await _set(loc, c, f"{dob.day:02d}", [str(dob.day), f"{dob.day:02d}"])
        elif role == "month":
            await _set_month(loc, c, dob.month)
        elif role == "year":
            await _set(loc, c, str(dob.year), [str(dob.year)])
            typed.append(str(dob.year))
    return typed


async def _fill_boxes(page, boxes: list[Control], value: str) -> None:
    """One digit in each box (the last digits where there are fewer boxes, as "YY" takes the
    year's last two); a single box takes the whole value.  The boxes are drawn over
    transparent or zero-size fields, so filling skips the visibility wait."""
    if len(boxes) == 1:
        await boxes[0].locator(page).fill(value, timeout=FILL_MS, force=True)
        return
    for box, digit in zip(boxes, value[-len(boxes):], strict=False):
        await box.locator(page).fill(digit, timeout=FILL_MS, force=True)


def _dmy(placeholder: str, d: date) -> str:
    ph = (placeholder or "").lower()
    if ph.startswith("yyyy"):
        return f"{d.year}-{d.month:02d}-{d.day:02d}"
    if ph.startswith("mm"):
        return f"{d.month:02d}/{d.day:02d}/{d.year}"
    return f"{d.day:02d}/{d.month:02d}/{d.year}"


async def _set(loc, c: Control, text: str, choices: list[str]) -> None:
    if c.kind == "select":
        for o in c.options:
            if str(o[1]).strip() in choices or str(o[0]).strip() in choices:
                await loc.select_option(value=str(o[0]), timeout=FILL_MS)
                return
        raise ValueError("no matching option")
    if not c.visible:
        # a field drawn as boxes over a transparent or zero-size input ("Y Y Y Y" digit
        # boxes): a visitor types into it; filling skips the visibility wait that never ends
        await loc.fill(text, timeout=FILL_MS, force=True)
        return
    await loc.fill(text, timeout=FILL_MS)


async def _set_month(loc, c: Control, month: int) -> None:
    name = MONTHS[month - 1]
    if c.kind == "select":
        for o in c.options:
            t = str(o[1]).strip().lower()
            if t and (t == name or t == name[:3] or t.startswith(name[:3] + " ")):
                await loc.select_option(value=str(o[0]), timeout=FILL_MS)
                return
        values = [str(o[0]).strip() for o in c.options]
        zero_based = "0" in values and "12" not in values
        want = str(month - 1 if zero_based else month)
        for o in c.options:
            if str(o[0]).strip().lstrip("0") == want.lstrip("0") or (want == "0" and
                                                                     str(o[0]).strip() == "0"):
                await loc.select_option(value=str(o[0]), timeout=FILL_MS)
                return
        raise ValueError("no matching month")
    await loc.fill(f"{month:02d}", timeout=FILL_MS)


# -- guards --------------------------------------------------------------------------------------

class Guard:
    """Blocks what an interaction may not send: a form's data, off-site navigation, writes.

    While installed on a page: requests to hosts outside ``scope`` that are navigations are
    aborted (a "Leave" link is followed no further); unless ``allow_writes``, every request that
    is not a GET, and every request whose URL carries one of ``typed``, is aborted and counted in
    :attr:`blocked` (nothing a probe typed leaves the browser).
    """

    def __init__(self, scope, typed: list[str] | None = None, *, allow_writes: bool = False):
        self.scope = scope
        self.typed = [t for t in (typed or []) if t and len(t) >= 4]
        self.allow_writes = allow_writes
        self.blocked = 0          # requests stopped that carried data or wrote
        self.left = 0             # off-site navigations stopped
        self._page = None

    async def _handle(self, route) -> None:
        req = route.request
        try:
            nav = req.is_navigation_request()
        except Exception:  # noqa: BLE001
            nav = False
        if nav and req.url not in self.scope and req.url.startswith("http"):
            self.left += 1
            await route.abort()
            return
        if not self.allow_writes:
            if req.method.upper() not in ("GET", "HEAD", "OPTIONS"):
                self.blocked += 1
                await route.abort()
                return
            if self.typed and any(t in req.url for t in self.typed):
                self.blocked += 1
                await route.abort()
                return
        await route.continue_()

    async def install(self, page) -> Guard:
        self._page = page
        await page.route("**/*", self._handle)
        return self

    async def remove(self) -> None:
        if self._page is not None:
            with contextlib.suppress(Exception):
                await self._page.unroute("**/*", self._handle)
            self._page = None


def provider_key(url_or_host: str, table: ProviderTable | None = None) -> str:
    """A provider's name for the report: its first domain in the providers table (one name
    for all of a provider's hosts), else the host's registrable domain, else the host."""
    hit = (table or load_providers()).by_url(url_or_host)
    if hit:
        return hit[0].domains[0]
    host = urlsplit(url_or_host).hostname if "//" in url_or_host else url_or_host
    host = (host or "").lower()
    reg = registrable(host)
    if reg:
        return reg
    labels = host.split(".")
    if len(labels) >= 2 and labels[-1] in ("test", "example", "invalid", "localhost"):
        return ".".join(labels[-2:])
    return host


def known_provider(url: str, table: ProviderTable | None = None) -> str | None:
    """The providers-table name (first domain) of the provider a URL is on, if any."""
    hit = (table or load_providers()).by_url(url)
    return hit[0].domains[0] if hit else None


def sentences(text: str) -> list[str]:
    return [s.strip() for s in re.split(r"(?<=[.!?])\s+|\n+", text or "") if s.strip()]


def circumvention_quote(text: str) -> str | None:
    """The first sentence advising how to get around a check or block, if any."""
    for s in sentences(text):
        if len(s) > 600:
            s = s[:600]
        if CIRCUMVENTION.search(s) and not NEGATION.search(s):
            return s
    return None
