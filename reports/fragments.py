"""Small HTML fragments used thousands of times per report, written as Python functions.

jinja2 macros cost tens of microseconds a call; a 1,000-service report calls these about a million
times.  Every value from a run folder goes through :func:`esc`; links only through the hrefs
:mod:`reports.safety` made.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import Any

from markupsafe import Markup

from reports.view import (
    OUTCOME_INFO,
    REPLAY_BASE,
    STATUS_INFO,
    EvidenceView,
    MeasureView,
    ServiceView,
    VerdictView,
    fmt_time,
    humanise,
    reason_text,
)

SEVERITIES = ("low", "medium", "high", "critical")
_SPECIAL = re.compile(r"[&<>\"']")


def esc(v: object) -> str:
    """HTML-escape ``v`` (text and attribute values) and return a plain ``str``; the callers
    wrap their finished fragment in one :class:`Markup`."""
    s = v if isinstance(v, str) else ("" if v is None else str(v))
    if _SPECIAL.search(s) is None:
        return s
    return (s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&#34;").replace("'", "&#39;"))
DASH = "\u2014"


def chip(status: str, text: object = None) -> Markup:
    info = STATUS_INFO.get(status)
    cls = status if info else "none"
    label = text if text is not None else (info[0] if info else "No verdict")
    glyph = info[1] if info else "\u00b7"
    return Markup(f'<span class="chip st-{cls}"><span class="g" aria-hidden="true">{glyph}'
                  f'</span>{esc(label)}</span>')


def sev(s: str) -> Markup:
    if not s:
        return Markup("")
    cls = s if s in SEVERITIES else "x"
    return Markup(f'<span class="badge sev-{cls}" title="severity">{esc(s)}</span>')


def outcome(o: str) -> Markup:
    cls = o if o in OUTCOME_INFO else "x"
    label = OUTCOME_INFO[o][0] if o in OUTCOME_INFO else humanise(o or "unknown")
    return Markup(f'<span class="badge out-{cls}">{esc(label)}</span>')


def link(url: str, href: str | None, text: object = None) -> Markup:
    """A link for an http(s) ``href``; otherwise the URL as plain text (never a link)."""
    if href:
        same = " same" if text is None or text == url else ""     # print shows other hrefs
        return Markup(f'<a class="ext break{same}" href="{esc(href)}" rel="nofollow noreferrer">'
                      f'{esc(text or url)}</a>')
    if url:
        return Markup(f'<span class="break mono" title="not an http(s) address, so not linked">'
                      f'{esc(url)}</span>')
    return Markup("")


@lru_cache(maxsize=65536)
def time(t: str) -> Markup:
    if not t:
        return Markup("")
    return Markup(f'<time datetime="{esc(t)}">{esc(fmt_time(t, True))}</time>')


def _sha(e: EvidenceView) -> str:
    if not e.sha256:
        return ""
    return (f'<span class="mono" title="SHA-256 {esc(e.sha256)}">sha256 '
            f'{esc(e.sha256[:12])}\u2026</span>')


def _redacted(e: EvidenceView) -> str:
    if not e.redacted:
        return ""
    return (' \u00b7 <span class="redacted" title="the original SHA-256 differs: the stored file '
            'was blurred or masked">redacted</span>')


def _unlinked(e: EvidenceView) -> str:
    """An existing file deliberately not linked: its path, and why (never an href)."""
    return (f'<span class="mono break">{esc(e.path)}</span> <span class="unlinked small">'
            f'({esc(e.unlinked)})</span>')


def _replay(e: EvidenceView) -> str:
    """A link to the page as the target's web archive holds it (replayed by pywb)."""
    if not e.replay:
        return ""
    return (f' \u00b7 <a class="replay" href="{esc(e.replay)}" title="This page in the '
            f'service\'s web archive, replayed offline by pywb (see Web archive below)">'
            f'archived copy</a>')


def archive_block(e: EvidenceView | None, target_id: str) -> Markup:
    """The service's web archive: the file, its hash, and how to replay it offline."""
    if e is None:
        return Markup('<p class="muted">No web archive for this service (a run with '
                      '<code>--archive none</code>, one from before archives were kept, or '
                      'nothing was served).</p>')
    if e.href:
        head = (f'<a href="{esc(e.href)}" download>{esc(e.path.rsplit("/", 1)[-1])}</a>')
    else:
        head = f'<span class="problem">{esc(e.path or e.id)}: {esc(e.problem)}</span>'
    tid = esc(target_id)
    path = esc(e.path)
    return Markup(
        f'<p>{head} \u00b7 {time(e.captured_at)} \u00b7 {_sha(e)}</p>'
        '<p class="sub">What the service sent during the audit: every page, script and style '
        'its browser and HTTP reads received, as WARC records in a WACZ file (images, video '
        'and audio as their URL, headers, length and SHA-256 unless the sweep ran with '
        '<code>--archive all</code>). Bodies are as the browser received them after decoding, '
        'not the bytes on the wire. Test-account secrets, cookies and form bodies are '
        'masked; each masked record keeps the SHA-256 of its original.</p>'
        '<details class="replayhow"><summary>Replay it offline</summary>'
        '<p>With <a href="https://pypi.org/project/pywb/">pywb</a>, from the run folder:</p>'
        f'<pre>pip install pywb\nwb-manager init {tid}\nwb-manager add --unpack-wacz {tid} {path}\n'
        'wayback</pre>'
        '<p>Then each <em>archived copy</em> link in the evidence list opens the page as it '
        f'was served ({esc(REPLAY_BASE)}/{tid}/...). Or open the file in '
        '<a href="https://replayweb.page/">ReplayWeb.page</a> (it reads the file in your '
        'browser; nothing is uploaded).</p></details>')


def _figure(e: EvidenceView, n: int) -> str:
    if e.href:
        img = (f'<a href="{esc(e.href)}" target="_blank" rel="noopener" title="Open the '
               f'full-size screenshot"><img src="{esc(e.thumb or e.href)}" alt="Screenshot of '
               f'{esc(e.url or "the page")} taken {esc(fmt_time(e.captured_at, True))}" '
               f'loading="lazy"></a>')
    elif e.unlinked:
        img = f'<div class="evmeta">Screenshot {esc(e.id)}: {_unlinked(e)}</div>'
    else:
        img = (f'<div class="evmeta problem">Screenshot {esc(e.id)}: '
               f'{esc(e.problem)}</div>')
    return (f'<figure id="ev-{n}">{img}<figcaption><b class="evn">E{n}</b> '
            f'{link(e.url, e.url_href)}<br>{time(e.captured_at)} '
            f'\u00b7 via {esc(e.read_via or "?")}{_replay(e)}<br>{_sha(e)}{_redacted(e)}'
            f'</figcaption></figure>')


def _quote(e: EvidenceView, n: int) -> str:
    if e.quote is not None:
        body = f"<p>\u201c{esc(e.quote)}\u201d</p>"
    else:
        body = f'<p class="problem">Quote {esc(e.id)}: {esc(e.problem or "unreadable")}</p>'
    tf = f' \u00b7 <a href="{esc(e.href)}">text file</a>' if e.href else ""
    return (f'<blockquote id="ev-{n}">{body}<footer class="evmeta"><b class="evn">E{n}</b> '
            f'{link(e.url, e.url_href)} \u00b7 {time(e.captured_at)} \u00b7 via '
            f'{esc(e.read_via or "?")}{tf}{_replay(e)}'
            f'{" &middot; " + _sha(e) if e.sha256 else ""}</footer></blockquote>')


def _other(e: EvidenceView, n: int) -> str:
    label = esc(e.label or e.kind or "file")
    if e.href:
        head = f'<a href="{esc(e.href)}">{label}</a> <span class="mono small">{esc(e.id)}</span>'
    elif e.unlinked:
        head = f'{label} {_unlinked(e)}'
    else:
        head = (f'<span class="problem">{label} {esc(e.id)}: '
                f'{esc(e.problem)}</span>')
    parts = [head]
    if e.url:
        parts.append(str(link(e.url, e.url_href)))
    if e.captured_at:
        parts.append(str(time(e.captured_at)))
    if e.sha256:
        parts.append(_sha(e))
    return (f'<li id="ev-{n}"><b class="evn">E{n}</b> ' + " \u00b7 ".join(parts) +
            _replay(e) + _redacted(e) + "</li>")


def _group(e: EvidenceView) -> int:
    return 0 if e.kind == "screenshot" else 1 if e.kind == "quote" else 2


def number_evidence(evs: Iterable[EvidenceView]) -> dict[str, int]:
    """E-numbers for a page's evidence (given in order of first citation): screenshots, then
    quotes, then other files, as the evidence list shows them."""
    uniq = list({e.id: e for e in evs}.values())
    order = sorted(range(len(uniq)), key=lambda i: (_group(uniq[i]), i))
    return {uniq[i].id: k for k, i in enumerate(order, 1)}


_GROUP_TITLES = ("Screenshots", "Quoted sentences", "Other files")


def evidence_appendix(evs: Iterable[EvidenceView], numbers: dict[str, int],
                      cited_by: dict[str, list[VerdictView]]) -> Markup:
    """The one full list of a service page's evidence, each item once, with its E-number,
    URL, UTC time, how it was read, its hash and the findings that cite it."""
    groups: list[list[tuple[int, EvidenceView]]] = [[], [], []]
    for e in {e.id: e for e in evs}.values():
        groups[_group(e)].append((numbers[e.id], e))
    out = []
    for gi, items in enumerate(groups):
        if not items:
            continue
        items.sort(key=lambda t: t[0])
        out.append(f'<h3>{_GROUP_TITLES[gi]} ({len(items)})</h3>')
        render = (_figure, _quote, _other)[gi]
        parts = []
        for n, e in items:
            frag = render(e, n)
            cites = cited_by.get(e.id) or []
            if cites:
                refs = ", ".join(f'<a href="#m-{esc(v.measure.slug)}">{esc(v.measure_id)}</a>'
                                 for v in cites)
                back = f'<span class="citedby">Cited by {refs}</span>'
                close = ("</figcaption>", "</footer>", "</li>")[gi]
                cut = frag.rindex(close)
                sep = "<br>" if gi == 0 else " \u00b7 "
                frag = frag[:cut] + sep + back + frag[cut:]
            parts.append(frag)
        cls = ("evidence shots", "evidence quotes", "evidence")[gi]
        body = "".join(parts)
        out.append(f'<div class="{cls}">' + (f'<ul class="other plain">{body}</ul>'
                                             if gi == 2 else body) + "</div>")
    return Markup("".join(out))


_INLINE = 3            # evidence items shown in a finding; the rest behind "+N more"
_QUOTE_INLINE = 180    # characters of a quote shown in a finding


def _ref(n: int) -> str:
    return (f'<a class="evref" href="#ev-{n}" title="Evidence E{n} in the evidence list">'
            f'E{n}</a>')


def _compact(e: EvidenceView, n: int) -> str:
    if e.kind == "screenshot":
        if e.href:
            return (f'<figure class="evs"><a href="{esc(e.href)}" target="_blank" rel="noopener"'
                    f' title="Open the full-size screenshot"><img src="{esc(e.thumb or e.href)}"'
                    f' alt="Screenshot of {esc(e.url or "the page")} taken '
                    f'{esc(fmt_time(e.captured_at, True))}" loading="lazy"></a>'
                    f'<figcaption>{_ref(n)} screenshot</figcaption></figure>')
        why = "not linked" if e.unlinked else e.problem      # the list says why
        return f'<span class="evo">{_ref(n)} screenshot <span class="small">({esc(why)})</span>' \
            f'</span>'
    if e.kind == "quote" and e.quote is not None:
        q = e.quote if len(e.quote) <= _QUOTE_INLINE else e.quote[:_QUOTE_INLINE - 1] + "\u2026"
        return (f'<blockquote class="evq"><p>\u201c{esc(q)}\u201d</p><footer class="evmeta">'
                f'{_ref(n)} {link(e.url, e.url_href)}</footer></blockquote>')
    if e.problem:
        return (f'<span class="evo problem">{_ref(n)} {esc(e.label or e.kind or "evidence")}: '
                f'{esc(e.problem)}</span>')
    off = ' <span class="small muted">(not linked)</span>' if e.unlinked else ""
    return f'<span class="evo">{_ref(n)} {esc(e.label or e.kind or "file")}{off}</span>'


def evidence_compact(evs: list[EvidenceView], numbers: dict[str, int]) -> str:
    """A finding's evidence in brief: quotes, then screenshots, then other files; the first
    few inline, the rest behind a "+N more"; every item refers to the page's evidence list."""
    uniq = sorted({e.id: e for e in evs}.values(),
                  key=lambda e: (1 if e.kind == "quote" and e.quote is not None else
                                 2 if e.kind == "screenshot" else 3))
    head = "".join(_compact(e, numbers[e.id]) for e in uniq[:_INLINE])
    rest = uniq[_INLINE:]
    more = ""
    if rest:
        refs = ", ".join(f"E{numbers[e.id]}" for e in rest)
        more = (f'<details class="more"><summary>+{len(rest)} more evidence '
                f'<span class="small muted">({esc(refs)})</span></summary><div class="evc">'
                + "".join(_compact(e, numbers[e.id]) for e in rest) + "</div></details>")
    return f'<div class="evc">{head}</div>{more}'


def verdict_card(v: VerdictView, numbers: dict[str, int] | None = None) -> Markup:
    """One verdict on a service page: measure, status, reason, why it applies, evidence."""
    m = v.measure
    ms = esc(m.slug)
    title = f" · {esc(m.title)}" if m.title else ""
    why = f" — {esc(v.applicability_reason)}" if v.applicability_reason else ""
    edition = f' <span class="muted">(edition {esc(v.edition)})</span>' if v.edition else ""
    if v.status == "not_applicable":      # one line: why it does not apply
        why_not = " \u2014 ".join(x for x in (reason_text(v.reason), v.applicability_reason)
                                   if x) or "No reason recorded."
        return Markup(
            f'<article class="verdict na st-not_applicable" id="m-{ms}" aria-labelledby="h-{ms}">'
            f'<h4 class="mid" id="h-{ms}"><a href="../measures/{ms}.html">{esc(v.measure_id)}'
            f'</a>{title}</h4> <span class="reason break">{esc(why_not)}</span>{edition}'
            f'</article>')
    if v.evidence:
        ev = evidence_compact(v.evidence, numbers if numbers is not None
                              else number_evidence(v.evidence))
    elif v.status in ("met", "partly_met", "not_met"):
        ev = '<p class="small muted">No evidence is linked to this verdict.</p>'
    else:
        ev = ""
    return Markup(
        f'<article class="verdict st-{esc(v.status)}" id="m-{ms}" aria-labelledby="h-{ms}">'
        f'<div class="vh1"><h4 class="mid" id="h-{ms}"><a href="../measures/{ms}.html">'
        f'{esc(v.measure_id)}</a>{title}</h4> {chip(v.status)} {sev(v.severity)}</div>'
        f'<p class="reason break">{esc(reason_text(v.reason) or "No reason recorded.")}</p>'
        f'<p class="applies break"><b>Applies:</b> {esc(humanise(v.applicability) or DASH)}'
        f'{why}{edition}</p>{ev}</article>')


def measure_rows(rows: list[tuple[ServiceView, VerdictView | None]],
                 m: MeasureView) -> Markup:
    """The rows of a measure page's table: every service's verdict on the measure."""
    order = {s: i for i, s in enumerate(STATUS_INFO)}
    out = []
    ms = esc(m.slug)
    for s, v in rows:
        if v is not None:
            first = (f'<td data-sort="{order.get(v.status, 9)}">{chip(v.status)}</td>')
            appl = (f'<span title="{esc(v.applicability_reason)}">'
                    f'{esc(humanise(v.applicability))}</span>')
            reason = esc(reason_text(v.reason))
        else:
            first = f'<td data-sort="9">{chip("none", "No verdict")}</td>'
            appl = reason = ""
        badge = f" {outcome(s.outcome)}" if s.outcome != "ok" else ""
        out.append(f'<tr>{first}<td class="num">{s.rank}</td><td class="svcname break">'
                   f'<a href="../services/{esc(s.slug)}.html#m-{ms}">{esc(s.name)}</a>{badge}'
                   f'</td><td>{esc(humanise(s.kind))}</td><td>{appl}</td>'
                   f'<td class="break">{reason}</td></tr>')
    return Markup("".join(out))


def observation_rows(rows: list[dict[str, str]],
                     evidence_for: Callable[[str], list[EvidenceView]],
                     safe_href: Callable[[Any], str | None],
                     numbers: dict[str, int] | None = None) -> Markup:
    """The ``<tr>`` rows of a probe's observations table; evidence refers to the page's
    evidence list (``numbers``: evidence id -> E-number)."""
    numbers = numbers or {}
    out = []
    links: dict[str, str] = {}
    evcell: dict[str, str] = {}
    for o in rows:
        value = o["value"]
        if len(value) > 300:
            value = value[:299] + "\u2026"
        ev = o["evidence"]
        cell = evcell.get(ev)
        if cell is None:
            parts = []
            for e in evidence_for(ev):
                n = numbers.get(e.id)
                label = esc(e.label or e.kind or "file")
                if n is not None:
                    parts.append(f'<a href="#ev-{n}">E{n} {label}</a>')
                elif e.href:
                    parts.append(f'<a href="{esc(e.href)}">{label}</a>')
                else:
                    parts.append(f'<span title="{esc(e.problem or e.unlinked)}">'
                                 f'{esc(e.id)}</span>')
            cell = evcell[ev] = ", ".join(parts)
        url = o["url"]
        where = links.get(url)
        if where is None:
            where = links[url] = str(link(url, safe_href(url)))
        when = f"<br>{time(o['observed_at'])}" if o["observed_at"] else ""
        out.append(
            f'<tr><td class="mono nowrap">{esc(o["signal"].partition(".")[2])}</td>'
            f'<td class="break">{esc(value) if value else DASH}</td>'
            f'<td class="num">{esc(o["confidence"])}</td>'
            f'<td class="break small">{esc(o["note"])}</td>'
            f'<td class="small break">{where}{when}</td><td class="small">{cell}</td></tr>')
    return Markup("".join(out))
