([marker, ageRe]) => {
  const re = new RegExp(ageRe, 'i');
  const out = {url: location.href, title: document.title, age_texts: [], date_inputs: 0,
               year_selects: 0, yes_no_buttons: [], password: 0, frames: [], shadow_hosts: [],
               dialogs: [], visible_text: ''};
  const vis = (el) => {
    const r = el.getBoundingClientRect();
    if (r.width < 1 || r.height < 1) return false;
    let e = el;
    while (e && e.nodeType === 1) {
      const cs = getComputedStyle(e);
      if (cs.display === 'none' || cs.visibility === 'hidden' || Number(cs.opacity) === 0) return false;
      e = e.parentElement || (e.getRootNode && e.getRootNode().host) || null;
    }
    return true;
  };
  const texts = [];
  const walk = (root, where) => {
    for (const el of root.querySelectorAll('*')) {
      if (el.shadowRoot) { out.shadow_hosts.push(el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')); walk(el.shadowRoot, 'shadow'); }
      const tag = el.tagName.toLowerCase();
      if (tag === 'iframe') {
        out.frames.push({src: el.src, visible: vis(el), where});
        try { if (el.contentDocument && el.contentDocument.body) walk(el.contentDocument, 'iframe'); } catch (e) {}
      }
      if (!vis(el)) continue;
      if (tag === 'input' && (el.type === 'date' || /year|day|month|dob|birth|date/i.test(el.name + ' ' + el.className + ' ' + (el.placeholder||'') + ' ' + (el.getAttribute('aria-label')||'')))) out.date_inputs++;
      if (tag === 'input' && el.type === 'password') out.password++;
      if (tag === 'select') {
        const years = [...el.options].filter(o => /^(19|20)\d\d$/.test(o.text.trim())).length;
        if (years > 20) out.year_selects++;
      }
      if ((tag === 'button' || el.getAttribute('role') === 'button' || (tag === 'input' && /submit|button/.test(el.type))) ) {
        const t = (el.innerText || el.value || '').trim();
        if (/^(yes|no)\b|i am (1[89]|21)|i'm 1[89]|enter|exit|leave/i.test(t)) out.yes_no_buttons.push(t.slice(0, 40));
      }
      if (tag === 'dialog' || el.getAttribute('role') === 'dialog' || el.getAttribute('role') === 'alertdialog' || el.getAttribute('aria-modal') === 'true') {
        out.dialogs.push({tag, id: el.id, cls: String(el.className).slice(0, 60), where, text: (el.innerText || '').trim().slice(0, 200)});
      }
      if (el.children.length === 0 || ['p','h1','h2','h3','label','legend','strong','b','span','div'].includes(tag)) {
        const t = (el.innerText || '').trim();
        if (t && t.length < 400 && re.test(t)) texts.push(t.replace(/\s+/g, ' ').slice(0, 200));
      }
    }
  };
  walk(document, 'light');
  out.age_texts = [...new Set(texts)].slice(0, 12);
  out.visible_text = (document.body ? document.body.innerText : '').replace(/\s+/g, ' ').slice(0, 600);
  // content marker
  const c = {in_dom: false, exists: false, visible: false, usable: false, blurred: false, hit: null};
  if (marker) {
    c.in_dom = (document.documentElement.textContent || '').includes(marker);
    const el = [...document.querySelectorAll('h1,h2')].find(e => (e.textContent || '').trim().includes(marker));
    if (el) {
      c.exists = true;
      c.visible = vis(el);
      let e = el; while (e && e.nodeType === 1) { const f = getComputedStyle(e).filter; if (f && f.includes('blur')) c.blurred = true; e = e.parentElement; }
      const r = el.getBoundingClientRect();
      const x = r.left + Math.min(r.width / 2, 40), y = r.top + r.height / 2;
      const hit = document.elementFromPoint(x, y);
      c.hit = hit ? hit.tagName.toLowerCase() + (hit.id ? '#' + hit.id : '') + (hit.className && typeof hit.className === 'string' ? '.' + hit.className.split(' ')[0] : '') : null;
      c.usable = !!hit && (hit === el || el.contains(hit) || hit.contains(el)) && c.visible && !c.blurred && y >= 0 && y <= innerHeight;
    }
  }
  out.content = c;
  return out;
}
