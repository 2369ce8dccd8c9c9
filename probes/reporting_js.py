"""Scripts the reporting probe runs in the page: finding report controls and "..." menus next to
content, the state of the page (dialogs, forms), the report form's fields, and what has the
keyboard focus.  Every string read from the page is bounded; nothing from it is executed."""

from __future__ import annotations

# Shared helpers, pasted at the top of every entry point below.
_LIB = r"""
  const rx = (parts, flags) => new RegExp(parts.join(''), flags === undefined ? 'i' : flags);
  const REPORT_RE = /\b(report|flag)\b|\u2691|\u2690|\ud83d\udea9/i;
  const REPORT_NOT = rx(['\\b(transparency|annual|bug|weather|news|status|credit|flag of|',
    'reported by|reports? (cent(er|re)|page|hub|dashboard)|',
    'report (a|an) (bug|problem with (the|this) (site|app)))\\b']);
  const REPORT_HREF = /\/(report|flag|abuse|report[-_]abuse)([\/?#=._-]|$)|[?&](report|flag)=/i;
  const REPORT_CLASS = /(^|[-_\s])(report|flag|report-?btn|flag-?btn)([-_\s]|$)/i;
  const MENU_RE = rx(['^(\\.{2,3}|\u2026|\u22ef|\u22ee|\ufe19|',
    '\u2022\u2022\u2022|\u00b7\u00b7\u00b7|',
    'more|more options|more actions|actions|options|menu|open menu|show more options|',
    'show actions)$']);
  const MENU_WORDS = rx(['\\b(more options|more actions|options for|actions for|',
    'open (the )?menu|(post|comment|message|item|video|file|profile) (options|actions|menu)|',
    'overflow|kebab)\\b']);
  const MENU_CLASS = rx(['(^|[-_\\s])(kebab|overflow|more|ellipsis|dots|three-dots|options|',
    'menu-toggle|dropdown-toggle|actions-toggle|more-actions|more-options|post-menu|',
    'item-menu)([-_\\s]|$)']);
  const MENU_NOT = rx(['\\b(share|emoji|react(ion)?s?|sort|language|filter|notifications?|',
    'account|user menu|main menu|navigation|profile menu|settings)\\b']);
  const ITEM_CLASS = rx(['(^|[-_])(post|posts|comment|comments|message|msg|entry|card|tweet|',
    'status|reply|story|answer|question|media|video|file|photo|review|listing|item|result|',
    'results?-item|res|hit|search-result)([-_]|$)']);
  const ITEM_TYPE = rx(['schema\\.org/(Comment|SocialMediaPosting|DiscussionForumPosting|',
    'BlogPosting|Article|VideoObject|ImageObject|MediaObject|Person|ProfilePage|Answer|',
    'Question|Review)']);
  const CHROME_TOKENS = new Set(['footer', 'site-footer', 'page-footer', 'foot', 'header',
    'site-header', 'page-header', 'masthead', 'navbar', 'nav', 'topnav', 'menu', 'main-menu',
    'site-nav', 'sidebar', 'topbar', 'breadcrumb', 'breadcrumbs']);
  const NAV_BUTTONS = rx(['^(close|cancel|back|next|continue|submit|send|send report|',
    'submit report|done|ok|okay|x|\u00d7|\u2715|report|go back|previous|skip)$']);
  const CAPTCHA_RE = rx(['g-recaptcha|grecaptcha|recaptcha/(api|enterprise)|h-captcha|',
    'hcaptcha\\.com|cf-turnstile|challenges\\.cloudflare\\.com/turnstile|data-sitekey|',
    'frc-captcha']);
  const clip = (s, n) => (s || '').replace(/\s+/g, ' ').trim().slice(0, n || 160);
  const parentOf = (e) => e.parentElement || ((e.getRootNode && e.getRootNode().host) || null);
  const walkAll = (root, fn, state) => {
    const els = root.querySelectorAll('*');
    for (const el of els) {
      if (state.n++ > 20000) return;
      fn(el);
      if (el.shadowRoot) walkAll(el.shadowRoot, fn, state);
    }
  };
  const all = () => { const out = []; walkAll(document, (e) => out.push(e), {n: 0}); return out; };
  const visible = (el) => {
    if (!el || !el.getBoundingClientRect) return false;
    const r = el.getBoundingClientRect();
    if (r.width <= 0 || r.height <= 0) return false;
    if (el.checkVisibility)
      return el.checkVisibility({checkOpacity: true, checkVisibilityCSS: true});
    const st = getComputedStyle(el);
    return st.visibility !== 'hidden' && st.display !== 'none';
  };
  const textOf = (id, root) => {
    const r = root && root.getElementById ? root : document;
    const el = r.getElementById(id);
    return el ? (el.innerText || el.textContent || '') : '';
  };
  const labelOf = (el) => {
    const a = el.getAttribute('aria-label');
    if (a && a.trim()) return clip(a);
    const lb = el.getAttribute('aria-labelledby');
    if (lb) {
      const root = el.getRootNode ? el.getRootNode() : document;
      const t = lb.split(/\s+/).map((id) => textOf(id, root)).join(' ');
      if (t.trim()) return clip(t);
    }
    const own = clip(el.innerText || el.textContent || '', 200);
    if (own) return own;
    if (el.value && typeof el.value === 'string' && el.type !== 'hidden') return clip(el.value);
    const t = el.getAttribute('title') || el.getAttribute('data-tooltip') ||
              el.getAttribute('data-title') || el.getAttribute('alt');
    if (t) return clip(t);
    const img = el.querySelector && el.querySelector('img[alt], svg title, [aria-label]');
    if (img) return clip(img.getAttribute('alt') || img.getAttribute('aria-label') ||
                         img.textContent || '');
    return '';
  };
  const fieldLabel = (el) => {
    let t = '';
    if (el.id) {
      const root = el.getRootNode ? el.getRootNode() : document;
      const sel = 'label[for="' + CSS.escape(el.id) + '"]';
      const lab = root.querySelector ? root.querySelector(sel) : null;
      if (lab) t = lab.innerText || lab.textContent || '';
    }
    if (!t) { const w = el.closest('label'); if (w) t = w.innerText || w.textContent || ''; }
    if (!t) t = el.getAttribute('aria-label') || el.getAttribute('placeholder') ||
                el.getAttribute('title') || el.getAttribute('name') || '';
    return clip(t, 200);
  };
  const CLICKABLE = ['a[href]', 'button', 'input[type=button]', 'input[type=submit]',
    'input[type=image]', 'summary', '[role=button]', '[role=menuitem]', '[role=link]',
    '[role=tab]', '[onclick]', '[tabindex]', '[aria-haspopup]', '[aria-expanded]'].join(', ');
  const isClickable = (el) => el.matches && (el.matches(CLICKABLE) ||
      (el.tagName !== 'BODY' && el.tagName !== 'HTML' &&
       getComputedStyle(el).cursor === 'pointer'));
  const clickableUp = (el) => {
    for (let e = el, i = 0; e && i < 4; e = parentOf(e), i++) {
      if (!e.matches) continue;
      if (e.tagName === 'BODY' || e.tagName === 'MAIN' || e.tagName === 'ARTICLE') return null;
      if (e.matches(CLICKABLE)) return e;
    }
    return isClickable(el) ? el : null;
  };
  const tokens = (e) => ((typeof e.className === 'string' ? e.className : '') + ' ' + (e.id || ''))
      .toLowerCase().split(/\s+/).filter(Boolean);
  const isItem = (e) => {
    const tag = e.tagName.toLowerCase();
    const role = (e.getAttribute('role') || '').toLowerCase();
    if (tag === 'article' || role === 'article' || role === 'comment') return true;
    if (ITEM_TYPE.test(e.getAttribute('itemtype') || '')) return true;
    return tokens(e).some((t) => ITEM_CLASS.test(t) && !CHROME_TOKENS.has(t) &&
                                 !/(list|grid|feed|wrap|container|nav|menu)$/.test(t));
  };
  const SECTIONING = /^(main|article|section|aside)$/;
  const isChrome = (e, chain, i) => {
    const tag = e.tagName.toLowerCase();
    const role = (e.getAttribute('role') || '').toLowerCase();
    if (tag === 'nav' || role === 'navigation' || role === 'contentinfo' || role === 'banner')
      return true;
    if (tag === 'header' || tag === 'footer') {
      for (let j = i + 1; j < chain.length; j++) {
        const t = chain[j].tagName.toLowerCase();
        if (SECTIONING.test(t) || (chain[j].getAttribute('role') || '') === 'main') return false;
      }
      return true;
    }
    return tokens(e).some((t) => CHROME_TOKENS.has(t));
  };
  // item: inside a post/comment/profile container; chrome: site header/footer/nav; page: neither
  const levelOf = (el) => {
    const chain = [];
    for (let e = el, i = 0; e && i < 40; e = parentOf(e), i++) { if (e.tagName) chain.push(e); }
    let item = -1, chrome = -1;
    for (let i = 0; i < chain.length; i++) {
      const e = chain[i];
      if (e.tagName === 'BODY' || e.tagName === 'HTML') break;
      if (item < 0 && i > 0 && isItem(e)) item = i;
      if (chrome < 0 && isChrome(e, chain, i)) chrome = i;
    }
    if (item >= 0 && (chrome < 0 || chrome < item)) return {level: 'item', box: chain[item]};
    if (chrome >= 0) return {level: 'chrome', box: null};
    return {level: 'page', box: null};
  };
  const realHref = (el) => {
    if (!el.matches('a[href], area[href]')) return '';
    const raw = (el.getAttribute('href') || '').trim();
    if (!raw || raw.startsWith('#') || /^javascript:/i.test(raw)) return '';
    return el.href.split('#')[0];
  };
  const formInfo = (el) => {
    const form = el.form || (el.closest && el.closest('form'));
    const tag = el.tagName.toLowerCase();
    const type = (el.getAttribute('type') || '').toLowerCase();
    const submitter = !!form && ((tag === 'button' && (type === '' || type === 'submit')) ||
                                 (tag === 'input' && (type === 'submit' || type === 'image')));
    if (!submitter) return {submitter: false, method: '', action: '', getUrl: '', fields: 0};
    const method = ((el.getAttribute('formmethod') || form.getAttribute('method') || 'get')
                    .toLowerCase());
    const action = (el.getAttribute('formaction') ? el.formAction : form.action) || location.href;
    let fields = 0;
    const url = new URL(action, location.href);
    if (method === 'get') url.search = '';
    for (const f of Array.from(form.elements)) {
      const ft = (f.type || '').toLowerCase();
      if (f === el || ['submit', 'button', 'image', 'reset'].includes(ft)) continue;
      if (ft !== 'hidden' && visible(f)) fields++;
      if (!f.name || f.disabled) continue;
      if ((ft === 'checkbox' || ft === 'radio') && !f.checked) continue;
      if (ft === 'file') continue;
      url.searchParams.append(f.name, f.value || '');
    }
    if (el.name) url.searchParams.append(el.name, el.value || '');
    return {submitter: true, method, action: String(action).slice(0, 500),
            getUrl: method === 'get' ? url.href.slice(0, 2000) : '', fields};
  };
  const isReportLabel = (label) => REPORT_RE.test(label) && !REPORT_NOT.test(label) &&
                                   label.length <= 80;
  // an emoji picker's flag (a chat's reactions or composer): a picture, not a report control
  const EMOJI_ONLY = /^[\p{Extended_Pictographic}\u200d\ufe0f\s]+$/u;
  const inEmojiPicker = (el) => {
    for (let e = parentOf(el), i = 0; e && i < 8; e = parentOf(e), i++) {
      if (!e.matches) continue;
      if (tokens(e).some((t) => t.includes('emoji'))) return true;
      const kids = e.querySelectorAll ? e.querySelectorAll('button, a, [role=button], li') : [];
      if (kids.length >= 30 && [...kids].slice(0, 60).filter((k) =>
          EMOJI_ONLY.test((k.textContent || '').trim() || '-')).length >= 20) return true;
    }
    return false;
  };
  const isReportEl = (el) => {
    const label = labelOf(el);
    if (label && EMOJI_ONLY.test(label) && inEmojiPicker(el)) return '';
    if (label && isReportLabel(label)) return label;
    const href = realHref(el);
    const bare = !label || label.length <= 2;
    if (bare && href && REPORT_HREF.test(href)) return label || 'report link (no text)';
    if (bare && tokens(el).some((t) => REPORT_CLASS.test(t)))
      return label || 'report icon (no text)';
    return '';
  };
  const isOpener = (el) => {
    if (realHref(el)) return '';
    const label = labelOf(el);
    if (label && MENU_NOT.test(label)) return '';
    const hp = (el.getAttribute('aria-haspopup') || '').toLowerCase();
    if (label && (MENU_RE.test(label) || MENU_WORDS.test(label))) return label;
    if (hp && hp !== 'false' && label.length <= 40) return label || 'menu (no text)';
    if (el.tagName === 'SUMMARY' && (!label || label.length <= 3)) return label || 'menu';
    if (tokens(el).some((t) => MENU_CLASS.test(t)) && label.length <= 3) return label || 'menu';
    return '';
  };
  const inMenu = (el) => {
    for (let e = parentOf(el), i = 0; e && i < 8; e = parentOf(e), i++) {
      const role = (e.getAttribute && e.getAttribute('role')) || '';
      if (role === 'menu' || role === 'listbox' || e.tagName === 'DETAILS') return true;
    }
    return false;
  };
  const inDialog = (el) => {
    for (let e = el, i = 0; e && i < 40; e = parentOf(e), i++) {
      if (!e.matches) continue;
      if (e.matches('dialog, [role=dialog], [role=alertdialog], [aria-modal=true]')) return true;
    }
    return false;
  };
  const DIALOG = 'dialog[open], [role=dialog], [role=alertdialog], [aria-modal=true]';
  const dialogs = () => all().filter((e) => e.matches(DIALOG) && visible(e));
"""


def _entry(body: str) -> str:
    return "(arg) => {\n" + _LIB + "\n" + body + "\n}"


# Report controls and menu openers, each marked with data-osa-rc / data-osa-op for a locator.
SCAN_JS = _entry(r"""
  const sitewide = new Set((arg && arg.sitewide) || []);
  document.querySelectorAll('[data-osa-rc],[data-osa-op],[data-osa-box]').forEach((e) => {
    e.removeAttribute('data-osa-rc'); e.removeAttribute('data-osa-op');
    e.removeAttribute('data-osa-box'); });
  const seen = new Set();
  const controls = [], openers = [], boxes = [];
  const boxId = (box) => {
    if (!box) return -1;
    let i = boxes.indexOf(box);
    if (i < 0) {
      boxes.push(box);
      i = boxes.length - 1;
      box.setAttribute('data-osa-box', String(i));
    }
    return i;
  };
  const focusable = (el) => el.tabIndex >= 0 && !el.disabled;
  for (const el of all()) {
    if (controls.length >= 80 && openers.length >= 40) break;
    if (!el.matches) continue;
    const labelled = el.hasAttribute('aria-label') || el.hasAttribute('title');
    // a bare <div>Report</div> with a click listener: short own text and a pointer cursor
    const bare = !labelled && !el.matches(CLICKABLE) && el.childElementCount <= 2 &&
        el.tagName !== 'BODY' && REPORT_RE.test((el.textContent || '').slice(0, 40)) &&
        (el.textContent || '').trim().length <= 30 && getComputedStyle(el).cursor === 'pointer';
    if (!(el.matches(CLICKABLE) || labelled || bare)) continue;
    const target = el.matches(CLICKABLE) ? el : clickableUp(el);
    if (!target || seen.has(target)) continue;
    const rep = isReportEl(target) || (target !== el ? isReportEl(el) : '');
    if (rep && controls.length < 80) {
      seen.add(target);
      const lv = levelOf(target);
      const href = realHref(target);
      const fi = formInfo(target);
      target.setAttribute('data-osa-rc', String(controls.length));
      controls.push({i: controls.length, label: rep, tag: target.tagName.toLowerCase(),
        role: target.getAttribute('role') || '', href, visible: visible(target),
        focusable: focusable(target), level: lv.level, box: boxId(lv.box),
        sitewide: !!href && sitewide.has(href), inMenu: inMenu(target), inDialog: inDialog(target),
        submitter: fi.submitter, method: fi.method, action: fi.action, getUrl: fi.getUrl,
        fields: fi.fields, haspopup: target.getAttribute('aria-haspopup') || ''});
      continue;
    }
    const op = isOpener(target);
    if (op && openers.length < 40) {
      seen.add(target);
      const lv = levelOf(target);
      const fi = formInfo(target);
      target.setAttribute('data-osa-op', String(openers.length));
      openers.push({i: openers.length, label: op, tag: target.tagName.toLowerCase(),
        visible: visible(target), focusable: focusable(target), level: lv.level,
        box: boxId(lv.box), submitter: fi.submitter, method: fi.method,
        expanded: target.getAttribute('aria-expanded') || ''});
    }
  }
  const articles = all().filter((e) => e.matches && isItem(e)).length;
  return {controls, openers, boxes: boxes.length, articles, url: location.href};
""")

# What is on screen: for telling whether a click or a key press opened something.
STATE_JS = _entry(r"""
  const els = all();
  const vis = (sel) => els.filter((e) => e.matches && e.matches(sel) && visible(e)).length;
  return {url: location.href.split('#')[0], hash: location.hash,
          dialogs: dialogs().length, forms: vis('form:not([role=search])'),
          fields: vis('textarea, select, [contenteditable=true], ' +
                      'input:not([type=hidden]):not([type=submit]):not([type=button])'),
          menus: vis('[role=menu], [role=listbox], [role=menuitem], details[open] > *'),
          buttons: vis('button, [role=button], a[href]'),
          textLen: (document.body ? document.body.innerText.length : 0)};
""")

# The report form (or dialog) now on screen: its options, fields and words.
INSPECT_JS = _entry(r"""
  const els = all();
  const scoreForm = (f) => {
    const text = (f.innerText || '') + ' ' + (f.getAttribute('action') || '');
    let s = 0;
    if (/report|flag|abuse|complain|concern|what'?s wrong|why are you|reason/i.test(text)) s += 3;
    if (f.querySelector('input[type=radio], select, textarea, input[type=checkbox]')) s += 2;
    if (f.matches('[role=search]') || f.querySelector('input[type=search]')) s -= 6;
    if (f.querySelector('input[type=password]')) s -= 4;
    if (!visible(f)) s -= 10;
    return s;
  };
  let scope = null, kind = 'none';
  // A dialog is the report's only if it reads like one (a cookie banner is a dialog too).
  const REPORTISH = rx(["report|flag|abuse|complain|concern|what'?s (wrong|going on|happening)|",
    'why are you|reason|problem|inappropriate']);
  const scoreDialog = (d) => {
    const t = (d.innerText || '').slice(0, 5000);
    let s = 0;
    if (REPORTISH.test(t) || REPORTISH.test(d.getAttribute('aria-label') || '')) s += 3;
    if (d.querySelector('input[type=radio], select, textarea, input[type=checkbox]')) s += 2;
    if (/cookie|consent|privacy settings|newsletter|subscribe/i.test(t) && !REPORTISH.test(t))
      s -= 6;
    if (d.matches('[data-osa-before]')) s -= 10;
    return s;
  };
  const ds = dialogs().map((d) => [scoreDialog(d), d]).filter(([s]) => s > 0)
                      .sort((a, b) => b[0] - a[0]);
  if (ds.length) {
    scope = ds[0][1]; kind = 'dialog';
  } else {
    const forms = els.filter((e) => e.tagName === 'FORM').map((f) => [scoreForm(f), f])
                     .filter(([s]) => s > 0).sort((a, b) => b[0] - a[0]);
    if (forms.length) { scope = forms[0][1]; kind = 'form'; }
  }
  const main = document.querySelector('main, [role=main]') || document.body;
  const pageText = main ? (main.innerText || '').slice(0, 30000) : '';
  const hasPassword = els.some((e) => e.matches && e.matches('input[type=password]') && visible(e));
  const html = document.documentElement ? document.documentElement.outerHTML : '';
  const captchaPage = CAPTCHA_RE.test(html.slice(0, 2000000));
  const res = {kind, pageText, hasPassword, captchaPage, url: location.href, title: document.title,
               options: [], textareas: 0, textInputs: [], files: 0, selects: 0, radios: 0,
               checkboxes: [], buttons: [], submitLabel: '', text: '', html: '', method: '',
               action: '', captcha: false, password: false, links: []};
  const linkEls = (scope || main || document.body);
  if (linkEls) {
    linkEls.querySelectorAll('a[href]').forEach((a) => {
      if (res.links.length < 200)
        res.links.push({href: a.href,
                        text: clip(a.innerText || a.getAttribute('aria-label') || '')});
    });
  }
  if (!scope) return res;
  document.querySelectorAll('[data-osa-scope]').forEach((e) => e.removeAttribute('data-osa-scope'));
  scope.setAttribute('data-osa-scope', '1');
  res.text = (scope.innerText || '').slice(0, 20000);
  res.html = (scope.outerHTML || '').slice(0, 300000);
  res.captcha = CAPTCHA_RE.test(res.html) || /recaptcha|hcaptcha|turnstile/i.test(res.html);
  res.password = !!scope.querySelector('input[type=password]');
  if (scope.tagName === 'FORM') {
    res.method = (scope.getAttribute('method') || 'get').toLowerCase();
    res.action = String(scope.action || '').slice(0, 500);
  } else {
    const f = scope.querySelector('form');
    if (f) { res.method = (f.getAttribute('method') || 'get').toLowerCase();
             res.action = String(f.action || '').slice(0, 500); }
  }
  const inside = [];
  walkAll(scope, (e) => inside.push(e), {n: 0});
  for (const e of inside) {
    const tag = e.tagName.toLowerCase();
    const type = (e.getAttribute('type') || '').toLowerCase();
    if (tag === 'textarea' || e.getAttribute('contenteditable') === 'true' ||
        e.getAttribute('role') === 'textbox') { res.textareas++; continue; }
    if (tag === 'select') {
      res.selects++;
      for (const o of Array.from(e.options || [])) {
        const t = clip(o.text);
        if (t && o.value !== '' && res.options.length < 60) res.options.push(t);
      }
      continue;
    }
    if (tag === 'input') {
      if (type === 'file') { res.files++; continue; }
      if (type === 'radio') {
        res.radios++;
        const t = fieldLabel(e);
        if (t) res.options.push(t);
        continue;
      }
      if (type === 'checkbox') {
        res.checkboxes.push({label: fieldLabel(e), checked: e.checked});
        continue;
      }
      if (['hidden', 'submit', 'button', 'image', 'reset', 'password'].includes(type)) {
        if (type === 'submit') {
          const t = clip(e.value || 'Submit');
          res.buttons.push(t);
          if (!res.submitLabel) res.submitLabel = t;
        }
        continue;
      }
      res.textInputs.push({type: type || 'text', label: fieldLabel(e), name: e.name || ''});
      continue;
    }
    const role = (e.getAttribute('role') || '').toLowerCase();
    if (['radio', 'option', 'menuitemradio', 'menuitem'].includes(role)) {
      const t = labelOf(e); if (t && res.options.length < 60) res.options.push(t); continue;
    }
    if (tag === 'button' || role === 'button') {
      const t = labelOf(e);
      if (!t) continue;
      res.buttons.push(t);
      const type2 = (e.getAttribute('type') || (e.form ? 'submit' : '')).toLowerCase();
      if (type2 === 'submit' && !res.submitLabel) res.submitLabel = t;
      else if (!NAV_BUTTONS.test(t) && t.length <= 120 && res.options.length < 60 &&
               kind === 'dialog') res.options.push(t);
    }
  }
  if (!res.submitLabel) {
    const sub = res.buttons.find((b) => /^(send|submit|report|next|continue|flag)\b/i.test(b));
    res.submitLabel = sub || '';
  }
  return res;
""")

# The element that has the keyboard focus (through open shadow roots), classified.
ACTIVE_JS = _entry(r"""
  const sitewide = new Set((arg && arg.sitewide) || []);
  let a = document.activeElement;
  while (a && a.shadowRoot && a.shadowRoot.activeElement) a = a.shadowRoot.activeElement;
  if (!a || a === document.body || !a.matches) return {none: true};
  const rep = isReportEl(a);
  const lv = levelOf(a);
  const href = realHref(a);
  const fi = formInfo(a);
  let menuitem = false;
  for (let e = a, i = 0; e && i < 8; e = parentOf(e), i++) {
    const role = (e.getAttribute && e.getAttribute('role')) || '';
    if (role === 'menu' || role === 'menuitem' || role === 'listbox') { menuitem = true; break; }
  }
  return {none: false, label: labelOf(a), tag: a.tagName.toLowerCase(),
          isReport: !!rep && lv.level !== 'chrome' && !(href && sitewide.has(href)),
          isOpener: !!isOpener(a) && lv.level !== 'chrome', level: lv.level, href,
          submitter: fi.submitter, method: fi.method, fields: fi.fields, inMenu: menuitem};
""")

# How many elements Tab can reach (bounds the keyboard walk).
FOCUSABLE_COUNT_JS = _entry(r"""
  return all().filter((e) => e.tabIndex >= 0 && !e.disabled && visible(e)).length;
""")

# Dialogs already open before a click (cookie banners ...) are not the report dialog.
MARK_DIALOGS_JS = _entry(r"""
  dialogs().forEach((d) => d.setAttribute('data-osa-before', '1'));
  return true;
""")

BLUR_JS = """() => {
  if (document.activeElement && document.activeElement.blur) document.activeElement.blur();
  window.scrollTo(0, 0);
  return true;
}"""

MAILTO_JS = """() => Array.from(document.querySelectorAll('a[href^="mailto:" i]'))
  .slice(0, 50).map((a) => a.getAttribute('href'))"""

TEXT_JS = "() => (document.body ? document.body.innerText : '').slice(0, 200000)"
