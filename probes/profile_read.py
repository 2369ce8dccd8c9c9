"""Reading a page as a visitor sees it: its controls with their accessible names, its forms,
headings, dialogs, text and media, in one bounded pass (browser) or from raw HTML (HTTP).

Both readers give the same :class:`PageView`, so the cue functions in
:mod:`probes.profile_cues` are plain functions of plain data and are unit-tested on HTML files.
Every value comes from a hostile page: it is only ever matched against patterns, capped in
length, and never rendered as markup.  In the browser each control is tagged with a
``data-osa`` number so a later step can click it (:func:`locator`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urldefrag, urljoin

from bs4 import BeautifulSoup

from auditor.pagejs import evaluate

MAX_CONTROLS = 1500
MAX_TEXT = 150_000
EVAL_TIMEOUT = 10.0

PAGE_JS = r"""
(args) => {
  const MAX = (args && args.max) || 1500;
  const out = {url: location.href, title: '', lang: '', controls: [], forms: [], headings: [],
               dialogs: '', text: '', main: '', sections: [],
               meta: {og_locale: '', hreflang: [], rating: ''},
               media: {img: 0, video: 0, role_img: []}};
  const clean = (s, n) => String(s || '').replace(/[ \t\r\f\v\u00a0]+/g, ' ')
    .replace(/\n\s*\n+/g, '\n').trim().slice(0, n || 200);
  try { out.title = clean(document.title, 300); } catch (e) {}
  try { out.lang = clean(document.documentElement.getAttribute('lang'), 20); } catch (e) {}
  const vis = (el) => {
    try {
      if (el.hidden) return false;
      const r = el.getBoundingClientRect();
      if (r.width <= 0 || r.height <= 0) return false;
      const s = getComputedStyle(el);
      return s.visibility !== 'hidden' && s.display !== 'none' && s.opacity !== '0';
    } catch (e) { return false; }
  };
  const txt = (el) => {
    try { return el.innerText || el.textContent || ''; } catch (e) { return ''; }
  };
  const labelOf = (el) => {
    let l = el.getAttribute('aria-label') || '';
    if (!l) {
      const ids = el.getAttribute('aria-labelledby');
      if (ids) l = ids.split(/\s+/).map((id) => {
        const x = document.getElementById(id); return x ? txt(x) : ''; }).join(' ');
    }
    if (!l && el.labels && el.labels.length) l = Array.from(el.labels).map(txt).join(' ');
    const tag = el.tagName;
    if (!l && tag === 'INPUT' && /^(submit|button|reset)$/i.test(el.type || '')) l = el.value;
    if (!l && tag !== 'INPUT' && tag !== 'TEXTAREA' && tag !== 'SELECT') l = txt(el);
    if (!String(l).trim() && el.querySelector) {
      const img = el.querySelector('img[alt], [aria-label], [title]');
      if (img) l = img.getAttribute('alt') || img.getAttribute('aria-label') ||
                   img.getAttribute('title') || '';
    }
    if (!String(l).trim()) l = el.getAttribute('title') || el.getAttribute('placeholder') || '';
    return clean(l, 160);
  };
  const regionOf = (el) => {
    let region = 'body';
    for (let e = el; e && e.nodeType === 1;
         e = e.parentElement || (e.getRootNode && e.getRootNode().host)) {
      const tag = e.tagName.toLowerCase();
      const role = e.getAttribute('role') || '';
      const cls = (typeof e.className === 'string' ? e.className : '').toLowerCase();
      const id = (e.id || '').toLowerCase();
      if (role === 'dialog' || role === 'alertdialog' || tag === 'dialog' ||
          e.getAttribute('aria-modal') === 'true') return 'dialog';
      if (role === 'menu' || role === 'listbox') return 'menu';
      if (tag === 'footer' && (e.parentElement === document.body ||
          !e.closest('article, main [class*=post]')) || role === 'contentinfo' ||
          /(^|[\s_-])footer/.test(cls) || /footer/.test(id)) return 'footer';
      if (tag === 'nav' || role === 'navigation') region = 'nav';
      if ((tag === 'main' || role === 'main') && region === 'body') region = 'main';
    }
    return region;
  };
  const ctxOf = (el) => {
    let e = el.parentElement;
    for (let i = 0; i < 3 && e; i++, e = e.parentElement) {
      const t = txt(e);
      if (t.length > 220) break;
      if (/^(LI|ARTICLE|TR|DIV|SECTION|P|DD)$/.test(e.tagName)) return clean(t, 220);
    }
    return '';
  };
  const SEL = 'a[href], button, input, textarea, select, summary, [role=button], [role=link], ' +
    '[role=menuitem], [role=tab], [role=switch], [role=checkbox], [role=radio], ' +
    '[role=combobox], [role=searchbox], [role=textbox], [contenteditable=""], ' +
    '[contenteditable=true]';
  const formIndex = new Map();
  let n = 0;
  const walk = (root, depth) => {
    let els = [];
    try { els = root.querySelectorAll(SEL); } catch (e) { return; }
    for (const el of els) {
      if (n >= MAX) break;
      const tag = el.tagName.toLowerCase();
      const type = (el.getAttribute('type') || '').toLowerCase();
      if (tag === 'input' && type === 'hidden') continue;
      let form = -1;
      const f = el.form || (el.closest && el.closest('form'));
      if (f) {
        if (!formIndex.has(f)) {
          formIndex.set(f, out.forms.length);
          out.forms.push({action: clean(f.action || '', 500), method: clean(f.method, 10),
                          role: clean(f.getAttribute('role'), 30),
                          label: clean(f.getAttribute('aria-label'), 100),
                          text: clean(txt(f), 400), visible: vis(f), region: regionOf(f)});
        }
        form = formIndex.get(f);
      }
      const c = {idx: n, tag: tag, role: clean(el.getAttribute('role'), 30), type: type,
                 label: labelOf(el), href: tag === 'a' ? clean(el.href, 600) : '',
                 name: clean(el.getAttribute('name'), 60), id: clean(el.id, 60),
                 visible: vis(el), region: regionOf(el), form: form,
                 checked: !!el.checked || el.getAttribute('aria-checked') === 'true' ||
                          el.getAttribute('aria-selected') === 'true',
                 disabled: !!el.disabled || el.getAttribute('aria-disabled') === 'true',
                 haspopup: clean(el.getAttribute('aria-haspopup'), 20),
                 accept: clean(el.getAttribute('accept'), 80),
                 placeholder: clean(el.getAttribute('placeholder'), 100),
                 autocomplete: clean(el.getAttribute('autocomplete'), 40),
                 context: tag === 'a' && n < 600 ? ctxOf(el) : '',
                 group: ''};
      if (tag === 'input' && (type === 'radio' || type === 'checkbox')) {
        const fs = el.closest('fieldset, [role=radiogroup], [role=group]');
        if (fs) {
          const lg = fs.querySelector('legend') ;
          c.group = clean(lg ? txt(lg) : (fs.getAttribute('aria-label') || ''), 160);
        }
      }
      if (tag === 'select') {
        const o = el.options && el.selectedIndex >= 0 ? el.options[el.selectedIndex] : null;
        c.context = clean(o ? o.text : '', 120);
        c.group = clean(Array.from(el.options || []).map((x) => x.text).join(' | '), 300);
      }
      try { el.setAttribute('data-osa', String(n)); } catch (e) {}
      out.controls.push(c);
      n++;
    }
    if (depth > 3) return;
    let all = [];
    try { all = root.querySelectorAll('*'); } catch (e) { return; }
    if (all.length > 30000) return;
    for (const el of all) { if (el.shadowRoot && n < MAX) walk(el.shadowRoot, depth + 1); }
  };
  walk(document, 0);
  try {
    document.querySelectorAll('h1, h2, h3, h4, h5, h6, [role=heading]').forEach((h, i) => {
      if (i < 80) out.headings.push({level: /^H\d$/.test(h.tagName) ? +h.tagName[1] :
                                     (+h.getAttribute('aria-level') || 2),
                                     text: clean(txt(h), 200), region: regionOf(h),
                                     visible: vis(h)});
    });
  } catch (e) {}
  try {
    const hs = document.querySelectorAll('h1, h2, h3, h4, h5, h6, [role=heading], legend');
    const isHead = (e) => /^H[1-6]$/.test(e.tagName) || e.getAttribute('role') === 'heading';
    const levelOf = (e) => /^H\d$/.test(e.tagName) ? +e.tagName[1] :
      (+e.getAttribute('aria-level') || (e.tagName === 'LEGEND' ? 6 : 2));
    for (let i = 0; i < hs.length && out.sections.length < 40; i++) {
      const h = hs[i];
      if (!vis(h)) continue;
      const level = levelOf(h);
      let parts = [];
      const c = h.closest('section, aside, [role=region], [role=complementary], fieldset, ' +
                          'article, [role=dialog], dialog');
      if (c && c !== document.body &&
          c.querySelector('h1, h2, h3, h4, h5, h6, [role=heading], legend') === h) {
        parts = [c];
      } else {
        let base = h;
        while (!base.nextElementSibling && base.parentElement &&
               base.parentElement !== document.body &&
               base.parentElement.children.length === 1) base = base.parentElement;
        for (let s = base.nextElementSibling; s && parts.length < 30; s = s.nextElementSibling) {
          if (isHead(s) && levelOf(s) <= level) break;
          const inner = s.querySelector && s.querySelector('h1, h2, h3, h4, h5, h6');
          if (inner && +inner.tagName[1] <= level) break;
          parts.push(s);
        }
      }
      const links = [];
      let text = '';
      for (const p of parts) {
        if (p.matches && p.matches('a[href]')) links.push(p.href);
        if (p.querySelectorAll) p.querySelectorAll('a[href]').forEach((a) => {
          if (links.length < 60) links.push(a.href); });
        if (text.length < 1500) text += '\n' + txt(p);
      }
      out.sections.push({heading: clean(txt(h), 200), level: level, region: regionOf(h),
                         links: links.map((x) => clean(x, 600)), text: clean(text, 1500)});
    }
  } catch (e) {}
  try {
    const ds = [];
    document.querySelectorAll('[role=dialog], [role=alertdialog], [aria-modal=true], dialog[open]')
      .forEach((d) => { if (vis(d)) ds.push(txt(d)); });
    out.dialogs = clean(ds.join('\n'), 4000);
  } catch (e) {}
  try { out.text = clean(document.body ? txt(document.body) : '', 150000); } catch (e) {}
  try {
    const m = document.querySelector('main, [role=main]');
    out.main = m ? clean(txt(m), 150000) : '';
  } catch (e) {}
  try {
    const og = document.querySelector('meta[property="og:locale"]');
    out.meta.og_locale = clean(og ? og.getAttribute('content') : '', 20);
    const r = document.querySelector('meta[name=rating]');
    out.meta.rating = clean(r ? r.getAttribute('content') : '', 80);
    document.querySelectorAll('link[rel=alternate][hreflang]').forEach((l, i) => {
      if (i < 40) out.meta.hreflang.push(clean(l.getAttribute('hreflang'), 20));
    });
  } catch (e) {}
  try {
    out.media.img = document.querySelectorAll('main img, article img, img').length;
    out.media.video = document.querySelectorAll('video').length;
    document.querySelectorAll('[role=img][aria-label], img[alt]').forEach((x, i) => {
      if (i < 40) out.media.role_img.push(clean(x.getAttribute('aria-label') ||
                                                 x.getAttribute('alt'), 80));
    });
  } catch (e) {}
  return out;
}
"""


@dataclass
class Control:
    idx: int
    tag: str
    label: str = ""
    role: str = ""
    type: str = ""
    href: str = ""
    name: str = ""
    id: str = ""
    visible: bool = True
    region: str = "body"
    form: int = -1
    checked: bool = False
    disabled: bool = False
    haspopup: str = ""
    accept: str = ""
    placeholder: str = ""
    autocomplete: str = ""
    context: str = ""          # links: the text of the small card around them
    group: str = ""            # radios/checkboxes: the legend; selects: the options

    @property
    def is_link(self) -> bool:
        return self.tag == "a" or self.role == "link"

    @property
    def is_button(self) -> bool:
        return (self.tag in ("button", "summary") or self.role in ("button", "menuitem", "tab")
                or (self.tag == "input" and self.type in ("submit", "button", "image")))

    @property
    def is_text_entry(self) -> bool:
        return (self.tag == "textarea" or self.role in ("textbox", "searchbox", "combobox")
                or (self.tag == "input" and self.type in ("", "text", "search", "email", "tel",
                                                          "url"))
                or (self.tag not in ("a", "button", "input", "select", "summary")
                    and self.role == ""))


@dataclass
class Form:
    action: str = ""
    method: str = ""
    role: str = ""
    label: str = ""
    text: str = ""
    visible: bool = True
    region: str = "body"


@dataclass
class Heading:
    level: int
    text: str
    region: str = "body"
    visible: bool = True


@dataclass
class Section:
    """A heading and what follows it (its container, or its siblings up to the next heading)."""

    heading: str
    level: int = 2
    region: str = "body"
    links: list[str] = field(default_factory=list)
    text: str = ""


@dataclass
class PageView:
    """One page as read: what the cue functions look at."""

    url: str
    kind: str = ""                      # why it was read: home, help, profile, content ...
    title: str = ""
    lang: str = ""
    text: str = ""                      # the visible text of the body (lines kept)
    main: str = ""                      # the visible text of <main>, when there is one
    dialogs: str = ""                   # text of open dialogs (age gates, modals)
    controls: list[Control] = field(default_factory=list)
    forms: list[Form] = field(default_factory=list)
    headings: list[Heading] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    meta: dict = field(default_factory=dict)
    media: dict = field(default_factory=dict)
    read_via: str = "browser"
    status: int = 0
    evidence: list[str] = field(default_factory=list)

    def links(self, *, visible_only: bool = True) -> list[Control]:
        return [c for c in self.controls if c.href and (c.visible or not visible_only)]

    def form_of(self, control: Control) -> Form | None:
        return self.forms[control.form] if 0 <= control.form < len(self.forms) else None

    @property
    def content_text(self) -> str:
        return self.main or self.text


def _s(value: object, n: int = 200) -> str:
    return str(value or "")[:n]


def view_from_data(data: dict, *, kind: str = "", read_via: str = "browser",
                   status: int = 0) -> PageView:
    """A :class:`PageView` from what :data:`PAGE_JS` returned (types checked, sizes capped)."""
    if not isinstance(data, dict):
        data = {}
    controls = []
    for raw in (data.get("controls") or [])[:MAX_CONTROLS]:
        if not isinstance(raw, dict):
            continue
        try:
            controls.append(Control(
                idx=int(raw.get("idx", -1)), tag=_s(raw.get("tag"), 20),
                label=_s(raw.get("label"), 160), role=_s(raw.get("role"), 30),
                type=_s(raw.get("type"), 20), href=_s(raw.get("href"), 600),
                name=_s(raw.get("name"), 60), id=_s(raw.get("id"), 60),
                visible=bool(raw.get("visible")), region=_s(raw.get("region"), 10) or "body",
                form=int(raw.get("form", -1)), checked=bool(raw.get("checked")),
                disabled=bool(raw.get("disabled")), haspopup=_s(raw.get("haspopup"), 20),
                accept=_s(raw.get("accept"), 80), placeholder=_s(raw.get("placeholder"), 100),
                autocomplete=_s(raw.get("autocomplete"), 40), context=_s(raw.get("context"), 220),
                group=_s(raw.get("group"), 300)))
        except (TypeError, ValueError):
            continue
    forms = [Form(_s(f.get("action"), 500), _s(f.get("method"), 10), _s(f.get("role"), 30),
                  _s(f.get("label"), 100), _s(f.get("text"), 400), bool(f.get("visible", True)),
                  _s(f.get("region"), 10) or "body")
             for f in (data.get("forms") or [])[:300] if isinstance(f, dict)]
    headings = []
    for h in (data.get("headings") or [])[:80]:
        if isinstance(h, dict):
            try:
                level = int(h.get("level") or 2)
            except (TypeError, ValueError):
                level = 2
            headings.append(Heading(level, _s(h.get("text"), 200), _s(h.get("region"), 10),
                                    bool(h.get("visible", True))))
    sections = []
    for sec in (data.get("sections") or [])[:40]:
        if isinstance(sec, dict):
            try:
                level = int(sec.get("level") or 2)
            except (TypeError, ValueError):
                level = 2
            sections.append(Section(_s(sec.get("heading"), 200), level,
                                    _s(sec.get("region"), 10) or "body",
                                    [_s(x, 600) for x in (sec.get("links") or [])[:60]],
                                    _s(sec.get("text"), 1500)))
    meta = data.get("meta") if isinstance(data.get("meta"), dict) else {}
    media = data.get("media") if isinstance(data.get("media"), dict) else {}
    return PageView(
        url=_s(data.get("url"), 2000), kind=kind, title=_s(data.get("title"), 300),
        lang=_s(data.get("lang"), 20), text=_s(data.get("text"), MAX_TEXT),
        main=_s(data.get("main"), MAX_TEXT), dialogs=_s(data.get("dialogs"), 4000),
        controls=controls, forms=forms, headings=headings, sections=sections,
        meta={"og_locale": _s(meta.get("og_locale"), 20), "rating": _s(meta.get("rating"), 80),
              "hreflang": [_s(x, 20) for x in (meta.get("hreflang") or [])[:40]]},
        media={"img": int(media.get("img") or 0) if str(media.get("img") or 0).isdigit() else 0,
               "video": int(media.get("video") or 0)
               if str(media.get("video") or 0).isdigit() else 0,
               "role_img": [_s(x, 80) for x in (media.get("role_img") or [])[:40]]},
        read_via=read_via, status=status)


async def read_page(page, *, kind: str = "", status: int = 0) -> PageView:
    """Read the page now shown in the browser (bounded in time; once more if a navigation
    replaced the document while it was being read)."""
    data = await evaluate(page, PAGE_JS, {"max": MAX_CONTROLS}, seconds=EVAL_TIMEOUT)
    view = view_from_data(data, kind=kind, read_via="browser", status=status)
    view.url = view.url or page.url
    return view


def locator(page, control: Control):
    """A Playwright locator for a control read by :func:`read_page` (same page state)."""
    return page.locator(f'[data-osa="{int(control.idx)}"]').first


# -- from raw HTML (HTTP reads, unit tests) -------------------------------------------------

_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_SEL_TAGS = ("a", "button", "input", "textarea", "select", "summary")
_ROLES = ("button", "link", "menuitem", "tab", "switch", "checkbox", "radio", "combobox",
          "searchbox", "textbox")


def _hidden(el) -> bool:
    for e in [el, *el.parents]:
        if getattr(e, "attrs", None) is None:
            continue
        if e.has_attr("hidden") or _HIDDEN_STYLE.search(e.get("style", "") or ""):
            return True
        if e.name == "details" and not e.has_attr("open") and el.name != "summary" \
                and e is not el:
            if not any(p.name == "summary" for p in el.parents):
                return True
    return False


def _region(el) -> str:
    region = "body"
    for e in [el, *el.parents]:
        name = getattr(e, "name", None)
        if not name or name == "[document]":
            continue
        role = e.get("role", "") or ""
        cls = " ".join(e.get("class") or []).lower()
        if role in ("dialog", "alertdialog") or name == "dialog" or e.get("aria-modal") == "true":
            return "dialog"
        if role in ("menu", "listbox"):
            return "menu"
        if (name == "footer" and not any(p.name == "article" for p in e.parents)) \
                or role == "contentinfo" or re.search(r"(^|[\s_-])footer", cls) \
                or "footer" in (e.get("id") or "").lower():
            return "footer"
        if name == "nav" or role == "navigation":
            region = "nav"
        if (name == "main" or role == "main") and region == "body":
            region = "main"
    return region


def _text(el) -> str:
    return " ".join(el.get_text(" ").split())


def _label(el, soup) -> str:
    label = el.get("aria-label") or ""
    if not label and el.get("aria-labelledby"):
        parts = [soup.find(id=i) for i in el["aria-labelledby"].split()]
        label = " ".join(_text(p) for p in parts if p)
    if not label and el.get("id"):
        lab = soup.find("label", attrs={"for": el["id"]})
        if lab:
            label = _text(lab)
    if not label:
        lab = el.find_parent("label")
        if lab:
            label = _text(lab)
    if not label and el.name == "input" and (el.get("type") or "").lower() in (
            "submit", "button", "reset"):
        label = el.get("value") or ""
    if not label and el.name not in ("input", "textarea", "select"):
        label = _text(el)
    if not label.strip():
        img = el.find(lambda t: t.has_attr("alt") or t.has_attr("aria-label")
                      or t.has_attr("title")) if hasattr(el, "find") else None
        if img:
            label = img.get("alt") or img.get("aria-label") or img.get("title") or ""
    if not label.strip():
        label = el.get("title") or el.get("placeholder") or ""
    return " ".join(label.split())[:160]


def view_from_html(html: str, url: str, *, kind: str = "", status: int = 200,
                   read_via: str = "http") -> PageView:
    """The same :class:`PageView` from raw HTML (no script ran; CSS is not applied)."""
    soup = BeautifulSoup(html or "", "html.parser")
    for tag in soup(["script", "style", "noscript", "template"]):
        tag.decompose()
    forms: list[Form] = []
    form_idx: dict[int, int] = {}
    controls: list[Control] = []

    def is_control(t) -> bool:
        if t.name in _SEL_TAGS:
            return t.name != "a" or t.has_attr("href")
        return t.get("role") in _ROLES or t.get("contenteditable") in ("", "true")

    for el in soup.find_all(is_control):
        if len(controls) >= MAX_CONTROLS:
            break
        typ = (el.get("type") or "").lower()
        if el.name == "input" and typ == "hidden":
            continue
        fidx = -1
        f = el.find_parent("form")
        if f is not None:
            if id(f) not in form_idx:
                form_idx[id(f)] = len(forms)
                forms.append(Form(urljoin(url, f.get("action") or url)[:500],
                                  (f.get("method") or "get").lower()[:10],
                                  (f.get("role") or "")[:30], (f.get("aria-label") or "")[:100],
                                  _text(f)[:400], not _hidden(f), _region(f)))
            fidx = form_idx[id(f)]
        href = ""
        if el.name == "a":
            raw = (el.get("href") or "").strip()
            if raw and not raw.lower().startswith(("javascript:", "data:", "mailto:", "tel:")):
                href = urldefrag(urljoin(url, raw))[0][:600]
            elif raw.lower().startswith("tel:"):
                href = raw[:60]
        context = ""
        if el.name == "a":
            p = el.parent
            for _ in range(3):
                if p is None or getattr(p, "name", None) in (None, "[document]", "body"):
                    break
                t = _text(p)
                if len(t) > 220:
                    break
                if p.name in ("li", "article", "tr", "div", "section", "p", "dd"):
                    context = t
                    break
                p = p.parent
        group = ""
        if el.name == "input" and typ in ("radio", "checkbox"):
            fs = el.find_parent("fieldset")
            if fs is not None and fs.find("legend"):
                group = _text(fs.find("legend"))[:160]
        if el.name == "select":
            opts = el.find_all("option")
            chosen = next((o for o in opts if o.has_attr("selected")), opts[0] if opts else None)
            context = _text(chosen)[:120] if chosen else ""
            group = " | ".join(_text(o) for o in opts)[:300]
        controls.append(Control(
            idx=len(controls), tag=el.name, label=_label(el, soup), role=el.get("role") or "",
            type=typ, href=href, name=(el.get("name") or "")[:60], id=(el.get("id") or "")[:60],
            visible=not _hidden(el), region=_region(el), form=fidx,
            checked=el.has_attr("checked") or el.get("aria-checked") == "true",
            disabled=el.has_attr("disabled"), haspopup=el.get("aria-haspopup") or "",
            accept=el.get("accept") or "", placeholder=el.get("placeholder") or "",
            autocomplete=el.get("autocomplete") or "", context=context, group=group))
    headings = [Heading(int(h.name[1]), _text(h)[:200], _region(h), not _hidden(h))
                for h in soup.find_all(re.compile(r"^h[1-6]$"))[:80]]
    sections = _sections(soup, url)
    dialogs = " ".join(_text(d) for d in soup.find_all(
        lambda t: t.get("role") in ("dialog", "alertdialog") or t.get("aria-modal") == "true"
        or (t.name == "dialog" and t.has_attr("open"))))[:4000]
    html_tag = soup.find("html")
    og = soup.find("meta", attrs={"property": "og:locale"})
    rating = soup.find("meta", attrs={"name": "rating"})
    main = soup.find("main") or soup.find(attrs={"role": "main"})
    body = soup.body or soup
    text = "\n".join(line for line in (" ".join(x.split()) for x in
                                       body.get_text("\n").splitlines()) if line)
    return PageView(
        url=url, kind=kind, title=_text(soup.title)[:300] if soup.title else "",
        lang=(html_tag.get("lang") or "")[:20] if html_tag else "",
        text=text[:MAX_TEXT], main=_text(main)[:MAX_TEXT] if main else "", dialogs=dialogs,
        controls=controls, forms=forms, headings=headings, sections=sections,
        meta={"og_locale": (og.get("content") or "")[:20] if og else "",
              "rating": (rating.get("content") or "")[:80] if rating else "",
              "hreflang": [(x.get("hreflang") or "")[:20] for x in soup.find_all(
                  "link", attrs={"rel": "alternate", "hreflang": True})[:40]]},
        media={"img": len(soup.find_all("img")), "video": len(soup.find_all("video")),
               "role_img": [(x.get("aria-label") or x.get("alt") or "")[:80]
                            for x in soup.find_all(lambda t: (t.get("role") == "img" and
                                                              t.has_attr("aria-label"))
                                                   or (t.name == "img" and t.has_attr("alt")))
                            ][:40]},
        read_via=read_via, status=status)


_HEAD = re.compile(r"^h[1-6]$")


def _level(el) -> int:
    if el.name and _HEAD.match(el.name):
        return int(el.name[1])
    return 6 if el.name == "legend" else 2


def _sections(soup, url: str) -> list[Section]:
    out: list[Section] = []
    for h in soup.find_all(lambda t: bool(_HEAD.match(t.name or "")) or t.name == "legend"
                           or t.get("role") == "heading"):
        if len(out) >= 40:
            break
        if _hidden(h):
            continue
        level = _level(h)
        parts = []
        box = h.find_parent(["section", "aside", "fieldset", "article", "dialog"])
        first = box.find(lambda t: bool(_HEAD.match(t.name or "")) or t.name == "legend") \
            if box is not None else None
        if box is not None and first is h:
            parts = [box]
        else:
            base = h
            while base.find_next_sibling() is None and base.parent is not None and \
                    base.parent.name not in ("body", "[document]") and \
                    len(base.parent.find_all(recursive=False)) == 1:
                base = base.parent
            for sib in base.find_next_siblings():
                if len(parts) >= 30:
                    break
                if _HEAD.match(sib.name or "") and _level(sib) <= level:
                    break
                inner = sib.find(_HEAD)
                if inner is not None and _level(inner) <= level:
                    break
                parts.append(sib)
        links, text = [], ""
        for p in parts:
            anchors = ([p] if p.name == "a" and p.has_attr("href") else []) + \
                p.find_all("a", href=True)
            for a in anchors:
                if len(links) < 60:
                    links.append(urldefrag(urljoin(url, a["href"]))[0][:600])
            if len(text) < 1500:
                text += "\n" + _text(p)
        out.append(Section(_text(h)[:200], level, _region(h), links, text.strip()[:1500]))
    return out
