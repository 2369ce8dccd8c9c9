"""Terms of service and community guidelines: found as a user finds them, read, and quoted.

1. The documents are discovery's terms and guidelines pages (``sitemap.key_pages``); else the
   terms link in the signup form (over HTTP, else in the browser: forms built by script, signup
   dialogs); else terms that open in a dialog on the home page.  A terms
   page that is only a stub pointing elsewhere (another subdomain of the same service, as
   ``session.scope`` decides) is followed one step.  A search service's publicly available
   statement is read with them.
2. Each is read with :mod:`probes.terms_fetch` (HTTP first, the browser when the HTML carries
   little text, PDFs with pypdf).  A terms link that lands on a login page is a finding:
   ``reachable_logged_out`` false.
3. Terms, guidelines (and statement) are analysed together with :func:`probes.terms_text.
   analyse_terms`; up to three extra pages (upload, help, FAQ, safety) are read for what they
   disclose about hash matching and URL lists.
4. Every ``terms.*`` signal is written once.  The whole extracted text of each document is kept
   as ``text`` evidence and every sentence relied on as ``quote`` evidence; discovery's
   screenshots of the terms page are attached too.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

from auditor.model import Observation
from auditor.session import BudgetExceeded, RobotsDisallowed, Session
from probes.a11y import OFF_NOTE, A11y, check_page, total
from probes.base import Findings
from probes.pages import KEY_WORDS
from probes.terms_fetch import (
    MIN_TEXT,
    Document,
    extra_pages,
    read_document,
    same_page,
    statement_link,
    terms_in_modal,
    terms_link_from_signup,
)
from probes.terms_text import SIGNALS, TermsAnalysis, analyse_terms, normalise

NAME = "terms"
TARGET_PAGE = True      # reads in the target's reused page (probes/__init__.py)
CONTENT_SIGNALS = tuple(s for s in SIGNALS if s != "text_sha256")


@dataclass
class Found:
    terms: Document | None = None
    via: str = ""                       # key_page | stub | signup | dialog
    clicks: int | None = None
    clicks_note: str = ""
    others: list[Document] = field(default_factory=list)     # guidelines, statement
    extras: list[Document] = field(default_factory=list)
    tried: list[str] = field(default_factory=list)


async def run(session: Session) -> list[Observation]:
    f = Findings(NAME)
    sm = session.sitemap
    if sm is None:
        return f.finish(note="not_run: discovery did not run")
    if sm.wall:
        return f.finish(note=sm.wall)
    if sm.robots == "disallowed" and not session.options.ignore_robots:
        return f.finish(note="robots_disallowed")

    found = await find_documents(session)
    doc = found.terms
    if doc is None:
        f.add("reachable_logged_out", False, confidence=0.6, note="not_found: no terms of "
              "service found (home page, hubs, signup form, sitemap, common paths, dialogs)")
        return f.finish(note="not_found")
    shots = list(dict.fromkeys(sm.evidence.get("terms", []) + doc.evidence))
    if doc.login_wall:
        f.add("reachable_logged_out", False, confidence=0.9, url=doc.url, evidence=shots,
              note="login_required: the terms link lands on a login page")
        _clicks(f, found, doc, shots)
        return f.finish(note="login_required")

    docs = [doc] + found.others
    text_ids = {d.url: session.evidence.text(d.text, url=d.url, kind="text",
                                             read_via=d.read_via)
                for d in docs + found.extras if d.text}
    main_ids = [text_ids[d.url] for d in docs if d.url in text_ids]
    f.add("reachable_logged_out", True, confidence=0.9, url=doc.url, evidence=main_ids + shots)
    await _accessibility(session, f, found, doc, shots)
    _clicks(f, found, doc, shots + main_ids)
    main_text = "\n\n".join(d.text for d in docs if d.text)
    if len(normalise(main_text)) < 40:
        note = "not_found: no text could be read from the terms document"
        for name in SIGNALS:
            f.add(name, None, confidence=0.0, note=note, url=doc.url, evidence=shots)
        return f.finish()

    # a long document takes a second or two of pattern matching: off the event loop
    analysis = await asyncio.to_thread(
        analyse_terms, main_text, url=doc.url,
        extra_texts={d.url: d.text for d in found.extras if d.text}, lang=doc.lang)
    write(session, f, analysis, docs, found.extras, text_ids, main_ids, shots)
    return f.finish()


async def _accessibility(session: Session, f: Findings, found: Found, doc: Document,
                         shots: list[str]) -> None:
    """``a11y_violations``: axe-core on the terms page, as discovery's visit of the key page
    read it, else in a visit of its own (a page, not terms shown in a dialog)."""
    if not session.options.a11y:
        f.add("a11y_violations", None, confidence=0.0, note=OFF_NOTE)
        return
    sm = session.sitemap
    res = sm.a11y.get(doc.url)
    if res is None and found.via == "key_page":
        res = sm.a11y.get(sm.key_pages.get("terms", ""))
    if res is None and "#" in doc.url:
        f.add("a11y_violations", None, confidence=0.0, url=doc.url,
              note="not_tested: the terms open in a dialog; axe-core reads pages")
        return
    if res is None:
        try:
            async with session.page(doc.url) as page:
                res = await check_page(page)
        except (BudgetExceeded, RobotsDisallowed) as exc:
            f.add("a11y_violations", None, confidence=0.0, url=doc.url,
                  note=f"not_tested: {type(exc).__name__}")
            return
        except Exception as exc:  # noqa: BLE001 - a page that fails is not observed
            res = A11y(doc.url, error=f"error: {type(exc).__name__}")
    n, note = total([res])
    f.add("a11y_violations", n, confidence=0.8 if n is not None else 0.0, url=res.url,
          note=note, evidence=shots if n is not None else [])


def _clicks(f: Findings, found: Found, doc: Document, evidence: list[str]) -> None:
    if found.clicks is not None:
        f.add("clicks_from_home", found.clicks, confidence=0.9, url=doc.url, evidence=evidence)
    else:
        f.add("clicks_from_home", None, confidence=0.0, url=doc.url, note=found.clicks_note
              or "not_found: the terms were found via the sitemap or a common path, not by "
              "following links from the home page")


def write(session: Session, f: Findings, analysis: TermsAnalysis, docs: list[Document],
          extras: list[Document], text_ids: dict[str, str], main_ids: list[str],
          shots: list[str]) -> None:
    """One observation per signal, each quoting the sentences it relies on."""
    quote_ids: dict[tuple[str, str], str] = {}
    by_url = {d.url: d for d in docs + extras}
    flat = [(d, normalise(d.text)) for d in docs if d.text]

    def source_of(sentence) -> Document:
        if sentence.source != "main" and sentence.source in by_url:
            return by_url[sentence.source]
        probe = normalise(sentence.text)[:120]
        for d, text in flat:
            if probe and probe in text:
                return d
        return docs[0]

    def quote(sentence) -> tuple[str, str]:
        d = source_of(sentence)
        key = (sentence.full, d.url)
        if key not in quote_ids:
            quote_ids[key] = session.evidence.text(sentence.full, url=d.url, kind="quote",
                                                   read_via=d.read_via)
        return quote_ids[key], d.url

    f.add("text_sha256", analysis.value("text_sha256"), confidence=1.0, url=docs[0].url,
          evidence=main_ids)
    for name in CONTENT_SIGNALS:
        finding = analysis[name]
        ids, urls = [], []
        for sentence in finding.quotes:
            qid, url = quote(sentence)
            if qid not in ids:
                ids.append(qid)
                urls.append(url)
        extra_ids = [text_ids[u] for u in urls if u in text_ids and text_ids[u] not in main_ids]
        note = finding.note
        if finding.value is None and not note:
            note = "not_found"
        f.add(name, finding.value, confidence=round(float(finding.confidence), 2),
              note=note, url=urls[0] if urls else docs[0].url,
              evidence=ids + main_ids + list(dict.fromkeys(extra_ids)) + shots)


async def find_documents(session: Session) -> Found:
    sm = session.sitemap
    found = Found()
    home = {same_page(u) for u in (sm.home_url, sm.start_url) if u}
    terms_url = sm.key_pages.get("terms")
    if terms_url and same_page(terms_url) in home and sm.start_is != "terms":
        terms_url = None                   # a "Terms" link to "/#terms": a dialog, not a page
    if terms_url:
        found.tried.append(terms_url)
        doc = await read_document(session, terms_url, "terms")
        if doc.login_wall or doc.text:
            found.terms, found.via = doc, "key_page"
            if sm.start_is == "terms":
                found.clicks_note = ("not_found: the start address is the terms page itself; "
                                     "start at the home page to count clicks")
            if "terms" in sm.key_clicks:
                found.clicks = sm.key_clicks["terms"]
            doc = await _follow_stub(session, doc, found)
            found.terms = doc
    if found.terms is None:
        hit = await terms_link_from_signup(session)
        if hit and hit.url not in found.tried:
            found.tried.append(hit.url)
            doc = await read_document(session, hit.url, "terms")
            if doc.login_wall or doc.text:
                found.terms, found.via = doc, "signup"
                found.clicks = hit.clicks
                found.clicks_note = "" if found.clicks is not None else (
                    "not_found: the terms were found through the signup form, which was not "
                    "reached by links from the home page")
    if found.terms is None:
        doc = await terms_in_modal(session)
        if doc is not None:
            found.terms, found.via, found.clicks = doc, "dialog", 1
    guidelines_url = sm.key_pages.get("guidelines")
    if found.terms is None and guidelines_url and same_page(guidelines_url) not in home:
        # a forum whose only rules are its "Rules" page: those are its terms
        found.tried.append(guidelines_url)
        doc = await read_document(session, guidelines_url, "terms")
        if doc.login_wall or doc.text:
            found.terms, found.via = doc, "guidelines"
            found.clicks = sm.key_clicks.get("guidelines")
    if found.terms is None or found.terms.login_wall:
        return found

    seen = {same_page(found.terms.url)} | {same_page(u) for u in found.tried}
    if guidelines_url and same_page(guidelines_url) not in seen | home:
        seen.add(same_page(guidelines_url))
        g = await read_document(session, guidelines_url, "guidelines")
        if g.text and not g.login_wall and same_page(g.url) != same_page(found.terms.url):
            found.others.append(g)
    links = sm.links + [lk for lk in found.terms.links if lk.url in session.scope]
    st = statement_link(links, seen | home)
    if st:
        seen.add(same_page(st))
        s = await read_document(session, st, "statement")
        if s.text and not s.login_wall:
            found.others.append(s)
    for url in extra_pages(links, seen | home):
        try:
            e = await read_document(session, url, "extra")
        except Exception as exc:  # noqa: BLE001 - an extra page is optional
            session.log.append(f"extra page {url}: {type(exc).__name__}")
            continue
        if e.text and not e.login_wall:
            found.extras.append(e)
    return found


async def _follow_stub(session: Session, doc: Document, found: Found) -> Document:
    """A terms "page" that only points to the real terms (a legal hub, a help-centre
    subdomain): read the terms it links, within the target's scope."""
    if doc.login_wall or len(doc.text) >= 2 * MIN_TEXT:
        return doc
    here = same_page(doc.url)
    text_re, url_re = KEY_WORDS["terms"]
    for lk in doc.links:
        if lk.url not in session.scope or same_page(lk.url) == here:
            continue
        if not (text_re.search(lk.text or "") or url_re.search(lk.url.split("?")[0])):
            continue
        if same_page(lk.url) in {same_page(u) for u in found.tried}:
            continue
        found.tried.append(lk.url)
        nxt = await read_document(session, lk.url, "terms")
        if nxt.login_wall or len(nxt.text) > len(doc.text):
            found.via = "stub"
            if found.clicks is not None:
                found.clicks += 1
            return nxt
        break
    return doc
