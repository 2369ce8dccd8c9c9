"""Finding and reading the terms of service and community guidelines the way a user would.

Documents are read over HTTP first (cheap); a page whose HTML carries little text (built by
script) is read in the browser; PDFs are read with pypdf; terms that open in a modal on the home
page are read from the dialog; a signup form's terms link is read over HTTP, else in the browser
(forms built by script, signup dialogs).  A terms link that lands on a login page is a finding
(``reachable_logged_out`` false), not a missing document; an error page is no document at all.
A "Terms" link to a fragment of the same page ("/#terms") opens a dialog: it is not taken for a
terms page.  Extra pages (safety, upload, help, FAQ) are ranked by how likely they are to disclose
hash matching; a search service's publicly available statement is found by its own words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urldefrag

from auditor.pagejs import content, evaluate
from auditor.session import Session, idle
from probes.base import Link
from probes.pages import KEY_WORDS, LINKS_JS, links_from_html, links_from_js

MIN_TEXT = 600          # fewer characters than this in the HTML: read it in the browser
MAX_EXTRA_PAGES = 3
EXTRA_WORDS = re.compile(r"\b(upload|help|faq|safety|trust|transparency|how we|moderation|"
                         r"child safety|csam|abuse policy|age (verification|assurance))\b", re.I)
#: Extra pages most likely to disclose hash matching and URL lists come first.
EXTRA_PRIORITY = (
    (3, re.compile(r"\b(child safety|csam|csea|hash|photodna|trust (and|&) safety|"
                   r"trust cent(re|er)|"
                   r"safety cent(re|er)|how we (keep|protect|fight|moderate)|keep\w* \w+ safe|"
                   r"moderation|transparency|abuse policy|upload)\b|/(safety|trust|upload)", re.I)),
    (2, re.compile(r"\b(safety|trust|faq|age (verification|assurance))\b|/faq", re.I)),
    (1, re.compile(r"\b(help|support)\b", re.I)),
)
NOT_EXTRA = re.compile(r"\b(privacy|cookie|log ?in|sign ?(in|up)|register|contact|careers|jobs|"
                       r"press|blog|pricing|shop)\b|/(privacy|cookies?|login|signin|signup|register)"
                       r"\b|\.(png|jpe?g|gif|zip|mp4)$", re.I)
#: A search service's "publicly available statement" plays the part of its terms.
STATEMENT_WORDS = re.compile(r"publicly[- ]available[- ]statement|online safety (act )?statement|"
                             r"(illegal content|online safety) (policy )?statement", re.I)
LOGIN_URL = re.compile(r"/(log[-_]?in|sign[-_]?in|session|auth)\b", re.I)
MODAL_JS = r"""
() => {
  const sel = '[role=dialog], dialog[open], [aria-modal=true], .modal.show, .modal.open, .modal';
  const boxes = Array.from(document.querySelectorAll(sel)).filter((d) => {
    const r = d.getBoundingClientRect();
    return r.width > 0 && r.height > 0;
  });
  return boxes.map((d) => d.innerText || '').sort((a, b) => b.length - a.length)[0] || '';
}
"""


@dataclass
class Document:
    kind: str                  # terms | guidelines | statement | extra
    url: str
    text: str = ""
    read_via: str = "http"
    login_wall: bool = False
    status: int = 0
    lang: str = ""             # the page's declared language (<html lang>), for numeric dates
    evidence: list[str] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)     # links on the page (to follow a stub)


def read_html(html: str, url: str) -> tuple[str, str]:
    """The main text of a terms page and the language it declares: what the probe analyses
    (the real-terms benchmark reads its pages through this too)."""
    from probes.terms_text import extract_main_text

    return extract_main_text(html, url), html_lang(html)


async def read_document(session: Session, url: str, kind: str) -> Document:
    from probes.terms_text import pdf_text

    doc = Document(kind, url)
    try:
        res = await session.fetch(url)
    except Exception as exc:  # noqa: BLE001 - a document we cannot read is recorded as such
        session.log.append(f"{kind} {url}: {type(exc).__name__}")
        return doc
    doc.status, doc.url = res.status, res.final_url
    if res.content_type == "application/pdf" or res.content[:5] == b"%PDF-":
        doc.text = pdf_text(res.content)
        doc.evidence.append(session.evidence.capture(res.content, url=res.final_url, ext="pdf"))
        return doc
    html = res.text
    if _is_login_page(res.final_url, url, html):
        doc.login_wall = True
        return doc
    if res.status >= 400:
        return doc
    doc.text, doc.lang = read_html(html, res.final_url)
    doc.links = links_from_html(html, res.final_url)
    if len(doc.text) < MIN_TEXT:
        await _read_in_browser(session, doc, url)
    return doc


async def _read_in_browser(session: Session, doc: Document, url: str) -> None:
    from probes.terms_text import extract_main_text

    try:
        async with session.page(url) as page:
            html = await content(page)
            doc.url = page.url
            if _is_login_page(page.url, url, html):
                doc.login_wall = True
                return
            text = extract_main_text(html, page.url)
            if len(text) < MIN_TEXT:
                inner = await evaluate(page, "() => document.body ? document.body.innerText : ''")
                text = inner if len(inner) > len(text) else text
            if len(text) > len(doc.text):
                doc.text, doc.read_via = text, "browser"
                doc.lang = html_lang(html) or doc.lang
                doc.links = links_from_js(await evaluate(page, LINKS_JS), page.url) or doc.links
    except Exception as exc:  # noqa: BLE001
        session.log.append(f"{doc.kind} {url} in the browser: {type(exc).__name__}")


_LANG = re.compile(r"<html\b[^>]*?\blang\s*=\s*[\"']?([A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*)",
                   re.I)


def html_lang(html: str) -> str:
    """The language an HTML page declares (``<html lang="en-GB">``), or ""."""
    m = _LANG.search(html[:5000] if html else "")
    return m.group(1) if m else ""


def _is_login_page(final_url: str, asked: str, html: str) -> bool:
    moved = final_url.rstrip("/") != asked.rstrip("/")
    has_password = re.search(r"<input[^>]+type=[\"']?password", html, re.I) is not None
    return has_password and (moved and LOGIN_URL.search(final_url) is not None
                             or len(html) < 6000)


async def terms_in_modal(session: Session) -> Document | None:
    """Terms that open in a dialog from a button or link without a page of their own."""
    sm = session.sitemap
    text_re = KEY_WORDS["terms"][0]
    try:
        async with session.page(sm.home_url or sm.start_url) as page:
            for handle in await page.query_selector_all("button, [role=button], a[href*='#'], "
                                                        "a:not([href]), summary"):
                label = ((await handle.inner_text()) or "").strip()
                if not label or len(label) > 60 or not text_re.search(label):
                    continue
                if not await handle.is_visible():
                    continue
                await handle.click(timeout=2000, no_wait_after=True)
                text = ""
                for _ in range(8):              # dialogs filled by a fetch take a moment
                    await idle(0.25)
                    text = await evaluate(page, MODAL_JS)
                    if len(text) >= 200:
                        break
                if len(text) >= 200:
                    shot = await session.evidence.screenshot(page, full_page=False)
                    return Document("terms", page.url.split("#")[0] + "#terms-dialog", text,
                                    "browser", evidence=[shot] if shot else [])
    except Exception as exc:  # noqa: BLE001
        session.log.append(f"terms dialog: {type(exc).__name__}")
    return None


@dataclass
class SignupTerms:
    """The terms link of a signup form: where it points and how many clicks it is from home."""

    url: str
    clicks: int | None
    read_via: str              # http | browser | dialog (a signup dialog opened on the page)


#: Links of a page with whether they sit inside a form or a dialog (a signup form's own links).
FORM_LINKS_JS = r"""
() => {
  const out = [];
  const walk = (root) => {
    root.querySelectorAll('a[href]').forEach((a) => {
      out.push({href: a.href, text: (a.innerText || a.textContent || '').trim().slice(0, 200),
                aria: (a.getAttribute('aria-label') || a.getAttribute('title') || '').trim(),
                inForm: !!a.closest('form, dialog, [role=dialog], [aria-modal=true]')});
    });
    root.querySelectorAll('*').forEach((el) => { if (el.shadowRoot) walk(el.shadowRoot); });
  };
  walk(document);
  return out;
}
"""
#: What may be clicked to open a signup dialog: never a form's own buttons (that would submit
#: it) and never a link that leaves the page.
SIGNUP_OPENERS = ("button:not(form button), [role=button]:not(form [role=button]), "
                  "a[href^='#'], a[href^='javascript'], a:not([href]), summary")
MAX_SIGNUP_CLICKS = 2


def _terms_link(links: list[Link], session: Session, pages: set[str]) -> str | None:
    for lk in links:
        # a "Terms" link to "/#terms" opens a dialog on the page: that is not a terms page
        if lk.url in session.scope and same_page(lk.url) not in pages and \
                KEY_WORDS["terms"][0].search(lk.text or ""):
            return lk.url
    return None


async def terms_link_from_signup(session: Session) -> SignupTerms | None:
    """Signup forms often link the terms ("I agree to the Terms") where footers do not.

    The signup page is read over HTTP first; when its HTML has no terms link (a form built by
    script, or one in a dialog) it is read in the browser (the session's reused page, politely),
    links inside the form or a dialog first.  Where no signup page is known, or the signup page
    shows no link, a "Sign up" / "Join" button that opens a dialog is clicked (never a form's
    own button) and the dialog's links are read."""
    sm = session.sitemap
    url = sm.key_pages.get("signup")
    signup_clicks = sm.key_clicks.get("signup") if url else None
    pages = {same_page(u) for u in (url, sm.home_url, sm.start_url) if u}
    if url:
        try:
            res = await session.fetch(url)
        except Exception:  # noqa: BLE001 - the browser may still read it
            res = None
        if res is not None and res.status >= 400:
            return None
        if res is not None:
            pages.add(same_page(res.final_url))
            link = _terms_link(links_from_html(res.text, res.final_url), session, pages)
            if link:
                return SignupTerms(link, signup_clicks + 1 if signup_clicks is not None else None,
                                   "http")
    where = url or sm.home_url or sm.start_url
    here = signup_clicks if url else 0          # clicks from home to the page read
    try:
        async with session.page(where) as page:
            pages.add(same_page(page.url))
            link = _terms_link(_form_links_first(await evaluate(page, FORM_LINKS_JS), page.url),
                               session, pages)
            if link:
                return SignupTerms(link, None if here is None else here + 1, "browser")
            link = await _open_signup_dialog(page, session, pages)
            if link:                            # one click opens the dialog, one the link
                return SignupTerms(link, None if here is None else here + 2, "dialog")
    except Exception as exc:  # noqa: BLE001
        session.log.append(f"signup form {where} in the browser: {type(exc).__name__}")
    return None


def _form_links_first(items: list[dict], source: str) -> list[Link]:
    ordered = [it for it in items if it.get("inForm")] + [it for it in items
                                                          if not it.get("inForm")]
    return links_from_js(ordered, source)


async def _open_signup_dialog(page, session: Session, pages: set[str]) -> str | None:
    signup_re = KEY_WORDS["signup"][0]
    clicks = 0
    for handle in await page.query_selector_all(SIGNUP_OPENERS):
        if clicks >= MAX_SIGNUP_CLICKS:
            break
        try:
            label = ((await handle.inner_text()) or "").strip() or \
                (await handle.get_attribute("aria-label") or "")
            if not label or len(label) > 40 or not signup_re.search(label) or \
                    not await handle.is_visible():
                continue
            await handle.click(timeout=2000, no_wait_after=True)
            clicks += 1
            for _ in range(6):              # dialogs filled by a fetch take a moment
                await idle(0.25)
                items = [it for it in await evaluate(page, FORM_LINKS_JS) if it.get("inForm")]
                link = _terms_link(links_from_js(items, page.url), session, pages)
                if link:
                    return link
        except Exception:  # noqa: BLE001 - a button that will not open is just a button
            continue
    return None


def same_page(url: str) -> str:
    """``url`` without its fragment and trailing slash, for "is this the same page"."""
    return urldefrag(url or "")[0].rstrip("/")


def extra_pages(links: list[Link], exclude: set[str]) -> list[str]:
    """Upload, help, FAQ and safety pages: hash matching is often disclosed there.  The pages
    most likely to say it (safety, trust, moderation, upload) come first."""
    skip = {same_page(u) for u in exclude}
    scored: list[tuple[int, int, str]] = []
    seen: set[str] = set()
    for i, lk in enumerate(links):
        key = same_page(lk.url)
        if key in skip or key in seen:
            continue
        label, path = lk.text or "", lk.url.split("?")[0]
        if NOT_EXTRA.search(label) or NOT_EXTRA.search(path):
            continue
        if not (EXTRA_WORDS.search(label) or EXTRA_WORDS.search(path)):
            continue
        score = next((p for p, rx in EXTRA_PRIORITY if rx.search(label) or rx.search(path)), 0)
        seen.add(key)
        scored.append((-score, i, lk.url))
    return [u for _, _, u in sorted(scored)[:MAX_EXTRA_PAGES]]


def statement_link(links: list[Link], exclude: set[str]) -> str | None:
    """A search service's publicly available statement (read with the terms)."""
    skip = {same_page(u) for u in exclude}
    for lk in links:
        if same_page(lk.url) in skip:
            continue
        if STATEMENT_WORDS.search(lk.text or "") or STATEMENT_WORDS.search(lk.url):
            return lk.url
    return None
