"""The reporting probe's decisions: from what was seen (items, the report flow, the pages read)
to one observation per ``reporting.*`` signal, each with its note, URL and evidence (quotes of the
sentences relied on)."""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from auditor.session import Session
from probes.a11y import OFF_NOTE, A11y, total
from probes.base import Findings, Link
from probes.reporting_flow import Flow, ItemCheck, KeyResult
from probes.reporting_text import (
    APPEAL,
    CAPTCHA,
    COMPLAINT_WORDS,
    IIA,
    IIA_ROUTE_WORDS,
    OPT_OUT,
    OUTCOME_LIST,
    PRE_SUBMIT,
    REPORT_CONTEXT,
    REPORT_LOCAL,
    ROUTE_WORDS,
    TELL_DECISION,
    UPDATES_CHECKBOX,
    categories_of,
    dedicated_email,
    find,
    sentence_with,
    sentences,
    timeframe_sentence,
)

FREE_TEXT_LABEL = (r"detail|describe|description|tell us|more info|information|comment|reason|"
                   r"explain|additional|message|what happened|anything else|context|why")
NOT_FREE_TEXT = r"e-?mail|name|url|link|address|phone|username|\bid\b|search|date|age"


@dataclass
class RoutePage:
    url: str
    kind: str                       # complaints | appeals | report | help | contact | terms ...
    status: int = 0
    via: str = "http"
    text: str = ""
    sents: list[str] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    emails: list[str] = field(default_factory=list)
    has_form: bool = False
    title: str = ""

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 400 or (self.status == 0 and bool(self.text))


@dataclass
class State:
    session: Session
    started: float = field(default_factory=time.monotonic)
    seconds: float = 60.0
    sitewide: list[str] = field(default_factory=list)
    items: list[ItemCheck] = field(default_factory=list)
    item_note: str = ""
    flow: Flow | None = None
    fallback: Flow | None = None    # the report page's form, when no item control led to one
    keyboard: KeyResult | None = None
    pages: list[RoutePage] = field(default_factory=list)
    quotes: dict[tuple[str, str], str] = field(default_factory=dict)
    budget: bool = False
    routes_listed: int = -1         # route pages found to read (-1: that stage did not run)
    member_items: list[ItemCheck] = field(default_factory=list)  # re-checked logged in
    member_flow: Flow | None = None  # a report flow only a logged-in member was offered
    member_note: str = ""            # why the items were not re-checked logged in
    log: list[str] = field(default_factory=list)

    def time_left(self) -> float:
        return self.seconds - (time.monotonic() - self.started)

    def quote(self, sentence: str, url: str, via: str = "browser") -> list[str]:
        key = (url, sentence)
        if key not in self.quotes:
            self.quotes[key] = self.session.evidence.text(sentence[:1000], url=url, kind="quote",
                                                          read_via=via)
        return [self.quotes[key]]


# -- deciding --------------------------------------------------------------------------------
def decide(st: State, f: Findings) -> None:
    decide_items(st, f)
    form_flow = st.flow if st.flow and (st.flow.form or st.flow.login_wall) else st.fallback
    if form_flow is None and st.member_flow is not None and st.member_flow.form:
        form_flow = st.member_flow
    decide_form(st, f, form_flow)
    decide_keyboard(st, f)
    decide_routes(st, f, form_flow)
    decide_a11y(st, f, form_flow)


def decide_items(st: State, f: Findings) -> None:
    members = [i for i in st.member_items if i.found]
    if members and not any(i.found for i in st.items):
        seen = "; ".join(f"\"{i.label}\" on {i.url}" for i in members[:3])
        f.add("item_control", True, confidence=0.85, url=members[0].url,
              evidence=[e for i in members for e in i.evidence][:8],
              note=f"shown to members only: logged in as a test account, a report control on "
                   f"{len(members)} of {len(st.member_items)} sampled content items ({seen}); "
                   "a visitor sees none")
        return
    items = [i for i in st.items if not i.error]
    n, found = len(items), [i for i in items if i.found]
    ev = [e for i in st.items for e in i.evidence][:8]
    url = (found[0] if found else st.items[0]).url if st.items else ""
    member_checked = [i for i in st.member_items if not i.error]
    if not found and member_checked:
        f.add("item_control", False, confidence=0.8, url=member_checked[0].url,
              evidence=[e for i in member_checked for e in i.evidence][:8],
              note=f"no report control on {len(member_checked)} content item(s) seen logged "
                   f"in as a test account" + (f", nor on {n} a visitor sees" if n else ""))
        return
    if not n and st.items:
        login = any(i.error == "login" for i in st.items)
        f.add("item_control", None, confidence=0.0, url=url, evidence=ev,
              note=(f"login_required: all {len(st.items)} sampled content items ask to log in"
                    if login else f"not_found: all {len(st.items)} sampled content items "
                                  "sent the visitor off the site (an age check or login)"))
        return
    if not n:
        note = "budget_exhausted" if st.budget else \
            f"not_found: {st.item_note or 'no content item could be checked'}"
        f.add("item_control", None, confidence=0.0, note=note)
        return
    examples = "; ".join(f"\"{i.label}\" on {i.url}" + (" (in a menu)" if i.how == "menu" else "")
                         for i in found[:3])
    what = {"item": "sampled content items", "feed": "pages sampled (the home page's own items)",
            "search": "pages sampled (the results of a neutral search)"}[items[0].kind]
    note = f"report control on {len(found)} of {n} {what}" + \
        (f": {examples}" if examples else "")
    conf = 0.95 if len(found) == n else 0.85 if found else 0.7
    f.add("item_control", bool(found), confidence=conf, note=note, url=url, evidence=ev)


def login_walled(st: State) -> list[ItemCheck]:
    """The sampled items, when every one of them asked the visitor to log in (else [])."""
    if st.items and all(i.error == "login" for i in st.items):
        return st.items
    return []


def _login_wall_note(walled: list[ItemCheck]) -> tuple[str, str, list[str]]:
    """(why, url of the login page, evidence of the prompt) for content behind a login."""
    first = next((i for i in walled if i.login_url), walled[0])
    where = first.login_url or first.url
    prompt = f" (\"{first.login_prompt[:120]}\")" if first.login_prompt else ""
    why = (f"all {len(walled)} sampled content items ask to log in: {first.url} led to "
           f"{where[:200]}{prompt}")
    return why, where, [e for i in walled for e in i.evidence][:8]


def decide_form(st: State, f: Findings, flow: Flow | None) -> None:
    main = st.flow
    walled = login_walled(st) if flow is None else []
    fallback_note = "" if flow is main else " (read from the site's report page: no item " \
                                            "control led to a form)"
    # steps: clicks from the content item to the form, plus the submit
    if main is None and walled:
        why, where, ev = _login_wall_note(walled)
        f.add("steps", None, confidence=0.0, note=f"login_required: {why}", url=where,
              evidence=ev)
    elif main is None:
        f.add("steps", None, confidence=0.0, note="not_found: no report control on sampled items")
    elif main.form:
        multi = later_steps(main.form)
        f.add("steps", main.clicks + 1, confidence=0.6 if multi else 0.9,
              note=f"{main.clicks} click(s) from the content item to the form"
                   + (" (through a menu)" if main.how == "menu" else "") + ", plus the submit"
                   + (f"; {multi}, so at least this many" if multi else ""),
              url=main.form_url, evidence=main.evidence)
    elif main.login_wall:
        f.add("steps", None, confidence=0.0, note=f"login_required: {main.login_reason}",
              url=main.form_url, evidence=main.evidence)
    elif main.blocked == "mailto":
        f.add("steps", None, confidence=0.0,
              note=f"not_found: the report control \"{main.control}\" is an email link "
                   f"({main.form_url[:120]}), not a form", url=main.start_url)
    elif main.blocked == "one_click":
        f.add("steps", None, confidence=0.0,
              note=f"forms_not_allowed: pressing \"{main.control}\" sent a request at once "
                   f"({'; '.join(main.sent)}), blocked by this probe: a one-click report?",
              url=main.start_url)
    elif main.blocked == "post_form":
        f.add("steps", None, confidence=0.0,
              note="forms_not_allowed: the report control is the submit button of a form "
                   "(POST, or GET with fields); this probe never submits", url=main.start_url)
    else:
        f.add("steps", None, confidence=0.0,
              note=f"not_found: the report control \"{main.control}\" led to no form "
                   f"({main.blocked or 'no_form'})", url=main.form_url or main.start_url,
              evidence=main.evidence)

    if flow is None and walled:
        # the content itself is behind a login: so is any report control next to it
        why, where, ev = _login_wall_note(walled)
        f.add("logged_out", False, confidence=0.85, note=why, url=where, evidence=ev)
        if st.member_items and not any(i.found for i in st.member_items):
            f.add("barrier", None, confidence=0.0, url=where,
                  note="not_found: no report control even logged in as a test account, so no "
                       "barrier to one")
        else:
            f.add("barrier", "login", confidence=0.85, note=why, url=where, evidence=ev)
        for name in ("free_text", "attachments", "categories"):
            f.add(name, None, confidence=0.0, url=where,
                  note="login_required: the content and its report controls are behind a login")
        help_pre = _from_pages(st, PRE_SUBMIT, context=REPORT_CONTEXT,
                               kinds=("reporting_help", "help", "report"))
        if help_pre:
            p, s = help_pre
            f.add("pre_submit_info", True, confidence=0.55,
                  note=f"no report form reached (behind a login), but a help page says: "
                       f"{s[:300]}", url=p.url, evidence=st.quote(s, p.url, p.via))
        else:
            f.add("pre_submit_info", None, confidence=0.0, url=where,
                  note="login_required: the content and its report controls are behind a login")
        return
    if flow is None:
        sent_at_once = main is not None and main.blocked in ("post_form", "one_click")
        why = ("forms_not_allowed: the report control sends a report at once; not sent"
               if sent_at_once else "not_found: no report form reached")
        checked = [i for i in st.items if not i.error]
        names = ["logged_out", "free_text", "attachments", "categories", "barrier"]
        if main is None and checked and not any(i.found for i in checked):
            # a visitor who cannot report is a finding (CONTRACT.md), not a gap in the audit
            report_page = st.session.sitemap.key_pages.get("report") if st.session.sitemap \
                else None
            f.add("logged_out", False, confidence=0.75, url=checked[0].url,
                  evidence=[e for i in checked for e in i.evidence][:6],
                  note=f"a visitor has no report control on any of the {len(checked)} sampled "
                       "content items, and " + (f"the report page ({report_page[:150]}) shows "
                       "no form" if report_page else "no report page is reachable logged out"))
            names.remove("logged_out")
        for name in names:
            f.add(name, None, confidence=0.0, note=why,
                  url=main.start_url if main else "")
        help_pre = _from_pages(st, PRE_SUBMIT, context=REPORT_CONTEXT,
                               kinds=("reporting_help", "help", "report"))
        if help_pre:
            p, s = help_pre
            f.add("pre_submit_info", True, confidence=0.55,
                  note=f"no report form reached, but a help page says: {s[:300]}", url=p.url,
                  evidence=st.quote(s, p.url, p.via))
        elif sent_at_once or not st.pages:
            f.add("pre_submit_info", None, confidence=0.0, note=why)
        else:
            f.add("pre_submit_info", False, confidence=0.5,
                  note="no report form reached and no page read says what happens after a "
                       "report")
        return
    url, ev = flow.form_url, flow.evidence
    conf = 0.9 if flow is main else 0.75
    if flow is st.member_flow:
        why = ("only members are offered a report control: logged in as a test account, "
               f"\"{flow.control}\" led to the report form; a visitor sees no control")
        f.add("logged_out", False, confidence=0.85, note=why, url=url, evidence=ev)
        f.add("barrier", "login", confidence=0.85, note=why, url=url, evidence=ev)
        _form_details(st, f, flow, 0.8, " (read logged in as a test account)")
        return
    if flow.login_wall:
        f.add("logged_out", False, confidence=0.9, note=flow.login_reason + fallback_note,
              url=url, evidence=ev)
        f.add("barrier", "login", confidence=0.9, note=flow.login_reason, url=url, evidence=ev)
        for name in ("free_text", "attachments", "categories", "pre_submit_info"):
            f.add(name, None, confidence=0.0, note="login_required: the form is behind a login",
                  url=url, evidence=ev)
        return
    form = flow.form or {}
    f.add("logged_out", True, confidence=conf,
          note="the report form opened without logging in" + fallback_note, url=url, evidence=ev)
    captcha = bool(form.get("captcha")) or (form.get("kind") == "form" and bool(
        form.get("captchaPage"))) or bool(CAPTCHA.search(str(form.get("html") or "")[:300000]))
    f.add("barrier", "captcha" if captcha else "none", confidence=conf,
          note=("a CAPTCHA is part of the report form" if captcha else
                "no login wall or CAPTCHA before the form") + fallback_note, url=url, evidence=ev)
    _form_details(st, f, flow, conf, fallback_note)


def _form_details(st: State, f: Findings, flow: Flow, conf: float, fallback_note: str) -> None:
    """What the report form offers: free text, attachments, categories, what it says first."""
    url, ev = flow.form_url, flow.evidence
    form = flow.form or {}
    free = _free_text(form)
    files = int(form.get("files") or 0)
    later = later_steps(form)
    if free or not later:
        f.add("free_text", bool(free), confidence=conf,
              note=(f"field for details: {free}" if free else "no text area or details field")
              + fallback_note, url=url, evidence=ev)
    else:
        f.add("free_text", None, confidence=0.0,
              note=f"not_found: no details field in the first step; {later}", url=url,
              evidence=ev)
    if files or not later:
        f.add("attachments", files > 0, confidence=conf,
              note=(f"{files} file input(s)" if files else "no file input") + fallback_note,
              url=url, evidence=ev)
    else:
        f.add("attachments", None, confidence=0.0,
              note=f"not_found: no file input in the first step; {later}", url=url,
              evidence=ev)
    options = [str(o) for o in form.get("options") or []]
    cats, which = categories_of(options)
    cat_ev = ev + (st.quote("\n".join(options[:60]), url) if options else [])
    f.add("categories", cats, confidence=conf if options else 0.6,
          note=("; ".join(f"{c}: \"{t}\"" for c, t in which.items())[:900] if which else
                f"{len(options)} options, none of them a category of the contract"
                if options else "the form offers no categories to choose from") + fallback_note,
          url=url, evidence=cat_ev)
    sents = sentences(f"{form.get('text') or ''}\n{form.get('pageText') or ''}")
    pre = find(PRE_SUBMIT, sents)
    if pre:
        f.add("pre_submit_info", True, confidence=conf, note=f"the form says: {pre[:300]}",
              url=url, evidence=ev + st.quote(pre, url))
    else:
        help_pre = _from_pages(st, PRE_SUBMIT, context=REPORT_CONTEXT,
                               kinds=("reporting_help", "help", "report"))
        if help_pre:
            p, s = help_pre
            f.add("pre_submit_info", True, confidence=0.6,
                  note=f"not in the form, but a help page says: {s[:300]}", url=p.url,
                  evidence=st.quote(s, p.url, p.via))
        else:
            f.add("pre_submit_info", False, confidence=0.5 if later else 0.75,
                  note="the form says nothing about what happens after a report is sent"
                  + (f" ({later})" if later else ""), url=url, evidence=ev)


def decide_keyboard(st: State, f: Findings) -> None:
    k = st.keyboard
    if k is None:
        why = ("login_required: the content items ask to log in" if login_walled(st)
               else "not_found: no report control to reach" if not any(i.found
                                                                        for i in st.items)
               else "budget_exhausted" if st.budget else "not_found: keyboard test not run")
        f.add("keyboard", None, confidence=0.0, note=why)
        return
    f.add("keyboard", k.value, confidence=k.confidence, note=k.note,
          url=st.flow.start_url if st.flow else "", evidence=k.evidence)


def decide_a11y(st: State, f: Findings, flow: Flow | None) -> None:
    """``a11y_violations``: axe-core on the report form reached (only the form) and on the
    report and complaints pages discovery opened (whole pages), each page counted once."""
    session = st.session
    if not session.options.a11y:
        f.add("a11y_violations", None, confidence=0.0, note=OFF_NOTE)
        return
    results: dict[str, A11y] = {}
    if flow is not None and flow.a11y is not None:
        results[flow.form_url.split("#")[0]] = flow.a11y
    sm = session.sitemap
    for kind in ("report", "complaints"):
        url = sm.key_pages.get(kind, "")
        res = sm.a11y.get(url)
        if res is not None and url.split("#")[0] not in results and \
                not any(r is res for r in results.values()):
            results[url.split("#")[0]] = res
    if not results:
        f.add("a11y_violations", None, confidence=0.0,
              note="not_found: no report form was reached and no report or complaints page "
                   "was opened")
        return
    found = list(results.values())
    n, note = total(found)
    evidence = flow.evidence[:2] if flow is not None and flow.a11y in found else []
    for kind in ("report", "complaints"):
        evidence += sm.evidence.get(kind, [])[:1]
    f.add("a11y_violations", n, confidence=0.8 if n is not None else 0.0,
          url=found[0].url, note=note, evidence=list(dict.fromkeys(evidence))
          if n is not None else [])


def decide_routes(st: State, f: Findings, flow: Flow | None) -> None:
    pages = [p for p in st.pages if p.ok]
    flow_url = flow.form_url if flow else ""
    form = (flow.form or {}) if flow else {}
    flow_sents = sentences(f"{form.get('text') or ''}\n{form.get('pageText') or ''}")
    read = f"{len(pages)} pages read" + (f" ({', '.join(p.url for p in pages[:4])})"
                                         if pages else "")
    # nothing to go on: no page could be read, unless the site links no such page at all
    # (no complaints, help, contact, report or terms page: an absence, and a finding)
    none_linked = st.routes_listed == 0 and not st.budget
    if none_linked:
        read = "the site links no complaints, appeals, help, contact, report or terms page"
    nothing = not pages and not flow_sents and not none_linked

    # complaints route: a complaints page, a dedicated email, or a sentence offering a route
    comp = next((p for p in pages if p.kind == "complaints"
                 and (COMPLAINT_WORDS.search(p.text) or APPEAL.search(p.text))), None)
    if comp:
        s = find(COMPLAINT_WORDS, comp.sents) or find(APPEAL, comp.sents) or comp.title
        f.add("complaints_route", True, confidence=0.95,
              note=f"complaints page {comp.url}" + (" with a form" if comp.has_form else ""),
              url=comp.url, evidence=st.quote(s, comp.url, comp.via) if s else [])
    else:
        mail = [(p, dedicated_email(p.emails)) for p in pages]
        mail = [(p, e) for p, e in mail if e]
        said = _from_pages(st, COMPLAINT_WORDS, context=ROUTE_WORDS)
        if mail:
            p, e = mail[0]
            s = sentence_with(p.sents, e) or e
            f.add("complaints_route", True, confidence=0.75,
                  note=f"a dedicated email address {e} on {p.url}", url=p.url,
                  evidence=st.quote(s, p.url, p.via))
        elif said:
            p, s = said
            f.add("complaints_route", True, confidence=0.7, note=f"{p.url} says: {s[:300]}",
                  url=p.url, evidence=st.quote(s, p.url, p.via))
        elif nothing:
            f.add("complaints_route", None, confidence=0.0,
                  note="budget_exhausted" if st.budget else "not_found: no page could be read")
        else:
            rep = [(p, dedicated_email(p.emails, REPORT_LOCAL)) for p in pages]
            rep = [(p, e) for p, e in rep if e]
            if rep:                                 # worth saying, though it is no such route
                p, e = rep[0]
                s = sentence_with(p.sents, e) or e
                f.add("complaints_route", False, confidence=0.6,
                      note=f"no complaints page or complaints address; only a reporting address "
                           f"{e} on {p.url}; {read}", url=p.url,
                      evidence=st.quote(s, p.url, p.via))
            else:
                f.add("complaints_route", False, confidence=0.65,
                      note=f"no complaints page, dedicated email or complaints route; {read}")

    # appeals route
    ap = next((p for p in pages if p.kind == "appeals" and APPEAL.search(p.text)), None)
    ap_sent = None
    if ap is None:
        said = _from_pages(st, APPEAL, kinds=("complaints", "appeals", "reporting_help", "help",
                                              "report", "contact", "terms", "guidelines"))
        if said:
            ap, ap_sent = said
    else:
        ap_sent = find(APPEAL, ap.sents)
    if ap:
        f.add("appeals_route", True, confidence=0.9 if ap.kind in ("appeals", "complaints")
              else 0.75, note=f"{ap.url}" + (f" says: {ap_sent[:300]}" if ap_sent else ""),
              url=ap.url, evidence=st.quote(ap_sent, ap.url, ap.via) if ap_sent else [])
    elif nothing:
        f.add("appeals_route", None, confidence=0.0,
              note="budget_exhausted" if st.budget else "not_found: no page could be read")
    else:
        f.add("appeals_route", False, confidence=0.65, note=f"no appeal route found; {read}")

    # promises: in the flow first, then complaints/help/report/contact pages, then the terms
    _promise(st, f, "timeframe_stated", flow_url, flow_sents, pages, nothing,
             lambda ss, strict: timeframe_sentence(ss, need_report_context=strict),
             "no response or review timeframe stated")
    _promise(st, f, "outcomes_stated", flow_url, flow_sents, pages, nothing,
             lambda ss, strict: find(TELL_DECISION, ss, context=REPORT_CONTEXT if strict
                                     else None)
             or find(OUTCOME_LIST, ss, context=REPORT_CONTEXT if strict else None),
             "no possible outcomes or promise to tell the decision")
    _opt_out(st, f, flow, flow_sents, pages, nothing)
    _iia(st, f, flow, pages, nothing)


def _promise(st: State, f: Findings, name: str, flow_url: str, flow_sents: list[str],
             pages: list[RoutePage], nothing: bool, finder, absent: str) -> None:
    s = finder(flow_sents, False) if flow_sents else None
    if s:
        f.add(name, True, confidence=0.9, note=f"the report flow says: {s[:300]}", url=flow_url,
              evidence=st.quote(s, flow_url))
        return
    for p in sorted(pages, key=lambda p: p.kind in ("terms", "guidelines")):
        strict = p.kind in ("terms", "guidelines", "help", "contact")
        s = finder(p.sents, strict)
        if s:
            f.add(name, True, confidence=0.85 if not strict else 0.75,
                  note=f"{p.url} says: {s[:300]}", url=p.url, evidence=st.quote(s, p.url, p.via))
            return
    if nothing:
        f.add(name, None, confidence=0.0,
              note="budget_exhausted" if st.budget else "not_found: no page could be read")
        return
    f.add(name, False, confidence=0.6,
          note=f"{absent} in the report flow or on {len(pages)} pages read")


def _opt_out(st: State, f: Findings, flow: Flow | None, flow_sents: list[str],
             pages: list[RoutePage], nothing: bool) -> None:
    form = (flow.form or {}) if flow else {}
    for box in form.get("checkboxes") or []:
        label = str(box.get("label") or "")
        if UPDATES_CHECKBOX.search(label) or OPT_OUT.search(label):
            f.add("opt_out", True, confidence=0.8,
                  note=f"the report form has a choice about updates: \"{label[:200]}\"",
                  url=flow.form_url, evidence=flow.evidence + st.quote(label, flow.form_url))
            return
    s = find(OPT_OUT, flow_sents) if flow_sents else None
    if s:
        f.add("opt_out", True, confidence=0.85, note=f"the report flow says: {s[:300]}",
              url=flow.form_url, evidence=st.quote(s, flow.form_url))
        return
    for p in pages:
        strict = p.kind in ("terms", "guidelines", "help", "contact")
        s = find(OPT_OUT, p.sents, context=REPORT_CONTEXT if strict else None)
        if s:
            f.add("opt_out", True, confidence=0.75, note=f"{p.url} says: {s[:300]}", url=p.url,
                  evidence=st.quote(s, p.url, p.via))
            return
    if nothing:
        f.add("opt_out", None, confidence=0.0,
              note="budget_exhausted" if st.budget else "not_found: no page could be read")
        return
    f.add("opt_out", False, confidence=0.5,
          note="no opt-out from updates stated in the report flow or on the pages read "
               "(messages after a report are not observable without submitting)")


def _iia(st: State, f: Findings, flow: Flow | None, pages: list[RoutePage],
         nothing: bool) -> None:
    form = (flow.form or {}) if flow else {}
    cats, which = categories_of([str(o) for o in form.get("options") or []])
    if "intimate_image" in cats:
        t = which["intimate_image"]
        f.add("iia_route", True, confidence=0.85,
              note=f"the report form offers \"{t}\"", url=flow.form_url,
              evidence=flow.evidence + st.quote(t, flow.form_url))
        return
    for lk in list(_form_links(form)) + [lk for p in pages for lk in p.links]:
        if IIA.search(f"{lk.text} {urlsplit(lk.url).path}"):
            f.add("iia_route", True, confidence=0.8,
                  note=f"a distinct route: \"{lk.text[:120]}\" {lk.url}", url=lk.url)
            return
    said = _from_pages(st, IIA, context=IIA_ROUTE_WORDS,
                       kinds=("complaints", "appeals", "reporting_help", "help", "report", "iia",
                              "contact"))
    if said:
        p, s = said
        f.add("iia_route", True, confidence=0.65, note=f"{p.url} says: {s[:300]}", url=p.url,
              evidence=st.quote(s, p.url, p.via))
        return
    if nothing and not form:
        f.add("iia_route", None, confidence=0.0,
              note="budget_exhausted" if st.budget else "not_found: no report form or page read")
        return
    f.add("iia_route", False, confidence=0.65,
          note="no intimate image option in the report form and no separate route found")


def _form_links(form: dict) -> list[Link]:
    out = []
    for d in form.get("links") or []:
        href = str(d.get("href") or "")
        if href.startswith("http"):
            out.append(Link(href, str(d.get("text") or "")[:200], str(form.get("url") or "")))
    return out


def _from_pages(st: State, rx, *, context=None,
                kinds: tuple[str, ...] | None = None) -> tuple[RoutePage, str] | None:
    for p in st.pages:
        if not p.ok or (kinds is not None and p.kind not in kinds):
            continue
        ctx = context
        if p.kind in ("terms", "guidelines") and ctx is None:
            ctx = REPORT_CONTEXT
        s = find(rx, p.sents, context=ctx)
        if s:
            return p, s
    return None


def _free_text(form: dict) -> str:
    if int(form.get("textareas") or 0):
        return "a text area"
    for fld in form.get("textInputs") or []:
        label = str(fld.get("label") or fld.get("name") or "")
        if fld.get("type") not in ("text", "", None):
            continue
        if re.search(FREE_TEXT_LABEL, label, re.I) and not re.search(NOT_FREE_TEXT, label, re.I):
            return f"a text field \"{label.strip()[:80]}\""
    return ""


def later_steps(form: dict) -> str:
    """Why the form seen is only the first step of the flow ("" when it is the whole form)."""
    label = str(form.get("submitLabel") or "")
    if label.lower().startswith(("next", "continue")):
        return f"the form goes on with \"{label[:60]}\""
    fields = any(form.get(k) for k in ("textareas", "textInputs", "selects", "radios", "files"))
    if form.get("options") and not fields and not label:
        return ("the first step is a list of reasons and choosing one may send the report, "
                "so later steps were not opened")
    return ""
