"""Reading pages: links with their text and region, visible text, and the words that name the
key pages (terms, privacy, report ...) in any of the usual wordings."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urldefrag, urljoin

from bs4 import BeautifulSoup

from probes.base import Link

# Links with their visible text, ARIA label and where on the page they sit.  Open shadow roots
# are walked too, so links inside web components count.
LINKS_JS = r"""
() => {
  const out = [];
  const regionOf = (el) => {
    let region = 'body';
    for (let e = el; e; e = e.parentElement || (e.getRootNode && e.getRootNode().host)) {
      if (!e.tagName) break;
      const tag = e.tagName.toLowerCase();
      const role = (e.getAttribute && e.getAttribute('role')) || '';
      const cls = (typeof e.className === 'string' ? e.className : '').toLowerCase();
      const id = (e.id || '').toLowerCase();
      if (tag === 'footer' || role === 'contentinfo' || /footer/.test(cls) || /footer/.test(id))
        return 'footer';
      if (tag === 'nav' || role === 'navigation' || role === 'menu' || /(^|\W)(nav|menu)/.test(cls))
        region = 'nav';
    }
    return region;
  };
  const walk = (root) => {
    root.querySelectorAll('a[href], area[href]').forEach((a) => {
      const r = a.getBoundingClientRect();
      out.push({href: a.href, text: (a.innerText || a.textContent || '').trim().slice(0, 200),
                aria: (a.getAttribute('aria-label') || a.getAttribute('title') || '').trim(),
                region: regionOf(a), visible: r.width > 0 && r.height > 0});
    });
    root.querySelectorAll('*').forEach((el) => { if (el.shadowRoot) walk(el.shadowRoot); });
  };
  walk(document);
  return out;
}
"""

KEY_WORDS: dict[str, tuple[re.Pattern, re.Pattern]] = {
    # kind: (link text pattern, URL pattern)
    "terms": (re.compile(r"\b(terms( of (service|use))?|terms (and|&) conditions|user agreement|"
                         r"conditions of use|tos|eula|legal terms)\b", re.I),
              re.compile(r"/(terms|tos|terms[-_]of[-_](service|use)|conditions|user[-_]agreement"
                         r"|legal/terms|eula)(\.\w+)?([/?#]|$)", re.I)),
    "guidelines": (re.compile(r"\b(community (guidelines|rules|standards)|(house|forum|site) rules"
                              r"|content polic(y|ies)|acceptable use|code of conduct|rules)\b",
                              re.I),
                   re.compile(r"/(guidelines|community[-_]guidelines|rules|acceptable[-_]use|aup"
                              r"|code[-_]of[-_]conduct|community[-_]standards)(\.\w+)?([/?#]|$)",
                              re.I)),
    "privacy": (re.compile(r"\bprivacy( policy| notice| statement)?\b", re.I),
                re.compile(r"/privacy", re.I)),
    "report": (re.compile(r"\breport( (abuse|content|a problem|illegal content|an? issue|"
                          r"something))?\b|\babuse\b", re.I),
               re.compile(r"/(report|abuse|report[-_]abuse|dmca)(\.\w+)?([/?#]|$)", re.I)),
    "complaints": (re.compile(r"\b(complaints?|appeals?|complaints (and|&) appeals)\b", re.I),
                   re.compile(r"/(complaints?|appeals?)", re.I)),
    "contact": (re.compile(r"\b(contact( us)?|get in touch)\b", re.I),
                re.compile(r"/contact", re.I)),
    "signup": (re.compile(r"\b(sign ?up|register|create (an )?account|join( now| free| us)?|"
                          r"get started)\b", re.I),
               re.compile(r"/(sign[-_]?up|register|join|create[-_]account)(\.\w+)?([/?#]|$)",
                          re.I)),
    "login": (re.compile(r"\b(log ?in|sign ?in)\b", re.I),
              re.compile(r"/(log[-_]?in|sign[-_]?in|session/new)(\.\w+)?([/?#]|$)", re.I)),
}
HUB_WORDS = re.compile(r"\b(legal|policies|help( cent(re|er))?|about|safety( cent(re|er))?|"
                       r"support|more)\b", re.I)
MENU_WORDS = re.compile(r"^\s*(more|legal|policies|menu|\.\.\.|…|⋯|more options)\s*$", re.I)


@dataclass
class Scored:
    link: Link
    score: float


def link_label(link: Link) -> str:
    return link.text or ""


def score_link(kind: str, link: Link) -> float:
    text_re, url_re = KEY_WORDS[kind]
    label = " ".join(link.text.split())
    score = 0.0
    if label and text_re.search(label):
        score += 3.0 if len(label) <= 40 else 1.5
    if url_re.search(link.url.split("?")[0]):
        score += 2.0
    if score and link.rel == "footer":
        score += 0.5
    if kind == "terms" and re.search(r"privacy|cookie", label, re.I):
        score -= 2.5
    if kind == "report" and re.search(r"transparency|annual", label, re.I):
        score -= 3.0
    return score


def best_link(kind: str, links: list[Link]) -> Link | None:
    best: Scored | None = None
    for lk in links:
        s = score_link(kind, lk)
        if s >= 2.0 and (best is None or s > best.score):
            best = Scored(lk, s)
    return best.link if best else None


def _link_key(href: str) -> tuple[str, str]:
    """(URL without fragment, dedupe key): one link per page, except that links to different
    sections of a page (``/faq#contact`` beside ``/faq``) are kept apart, since a FAQ or help
    page often is the contact or reporting page, and only the section's link says so."""
    url, frag = urldefrag(href)
    return url, f"{url}#{frag}" if frag else url


def links_from_js(items: list[dict], source: str) -> list[Link]:
    out, seen = [], set()
    for it in items:
        url, key = _link_key(str(it.get("href") or ""))
        if not url.startswith(("http://", "https://")) or key in seen:
            continue
        seen.add(key)
        text = " ".join(str(it.get("text") or "").split()) or str(it.get("aria") or "")
        out.append(Link(url, text[:200], source, str(it.get("region") or "body")))
    return out


def links_from_html(html: str, base_url: str) -> list[Link]:
    """Links from raw HTML (pages read over HTTP)."""
    soup = BeautifulSoup(html, "html.parser")
    out, seen = [], set()
    for a in soup.find_all(["a", "area"], href=True):
        url, key = _link_key(urljoin(base_url, a["href"]))
        if not url.startswith(("http://", "https://")) or key in seen:
            continue
        seen.add(key)
        region = "body"
        for parent in a.parents:
            if parent.name == "footer" or "footer" in " ".join(parent.get("class") or []).lower():
                region = "footer"
                break
            if parent.name == "nav":
                region = "nav"
        text = " ".join(a.get_text(" ").split()) or a.get("aria-label") or a.get("title") or ""
        out.append(Link(url, text[:200], base_url, region))
    return out


def visible_text_of_html(html: str) -> str:
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup(["script", "style", "noscript", "template"]):
        tag.decompose()
    return " ".join(soup.get_text(" ").split())
