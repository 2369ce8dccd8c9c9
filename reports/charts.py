"""Inline SVG charts, drawn here so the report needs no script library and no network.

Colours come from CSS classes (``st-met`` ...) in report.css, so charts follow the page's theme
and print styles; every mark carries a ``<title>`` (a tooltip and a name for screen readers) and
each chart a text alternative.  All text is escaped with markupsafe.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from itertools import count

from markupsafe import Markup, escape

from reports.view import STATUS_INFO, STATUS_ORDER, MeasureView, ServiceView, fmt_num, parse_time

_ids = count(1)


def _f(x: float) -> str:
    return f"{x:.1f}".rstrip("0").rstrip(".")


def _hatch(cid: str) -> str:
    return (f'<defs><pattern id="hatch-{cid}" width="6" height="6" patternUnits="userSpaceOnUse"'
            f' patternTransform="rotate(45)"><rect width="6" height="6" class="hatch-bg"/>'
            f'<line x1="0" y1="0" x2="0" y2="6" class="hatch-line"/></pattern></defs>')


def _open(cid: str, w: float, h: float, title: str, desc: str, cls: str, *,
          links: bool = False) -> list[str]:
    """The chart's <svg>: an image named by its title and description; a chart with links in it
    is a group instead (an image's content is not reachable, so its links would be hidden)."""
    aria = (f'role="group" aria-labelledby="t-{cid}" aria-describedby="d-{cid}"' if links
            else f'role="img" aria-labelledby="t-{cid} d-{cid}"')
    return [f'<svg class="chart {cls}" viewBox="0 0 {_f(w)} {_f(h)}" width="{_f(w)}" '
            f'height="{_f(h)}" {aria} xmlns="http://www.w3.org/2000/svg">',
            f'<title id="t-{cid}">{escape(title)}</title><desc id="d-{cid}">{escape(desc)}</desc>',
            _hatch(cid)]


def _seg_attrs(status: str, cid: str) -> str:
    if status == "not_observable":
        return f'class="seg st-{status}" fill="url(#hatch-{cid})"'
    return f'class="seg st-{status}"'


#: Width of a character of the bar labels (11.5px, bold), generous so no label is cut off.
_LABEL_CHAR = 7.4


def label_width_for(labels: Iterable[str], minimum: int = 60) -> int:
    """The label column wide enough for the longest label (plus the gap before the bar)."""
    longest = max((len(s) for s in labels), default=0)
    return max(minimum, math.ceil(longest * _LABEL_CHAR) + 14)


def status_bars(measures: Sequence[MeasureView], href_prefix: str, *, title: str,
                label_width: int | None = None, width: int = 720) -> Markup:
    """One horizontal bar per measure, split by status (worst first), with the counts.  The
    label column is as wide as the longest measure id needs (``label_width`` overrides)."""
    cid = f"sb{next(_ids)}"
    row_h, gap, top = 20, 7, 26
    if label_width is None:
        label_width = label_width_for(m.id for m in measures)
    width = max(width, label_width + 360)
    bar_w = width - label_width - 48
    h = top + len(measures) * (row_h + gap) + 8
    desc = "; ".join(f"{m.id}: " + ", ".join(f"{m.counts.get(s, 0)} {STATUS_INFO[s][0].lower()}"
                                             for s in STATUS_ORDER if m.counts.get(s))
                     for m in measures)
    out = _open(cid, width, h, title, desc, "status-bars", links=True)
    # legend (over the bars when it fits there, else from the left edge)
    x = label_width if label_width + 540 <= width else 4
    for s in STATUS_ORDER:
        label, glyph, _ = STATUS_INFO[s]
        out.append(f'<rect x="{x}" y="4" width="12" height="12" {_seg_attrs(s, cid)}/>'
                   f'<text x="{x + 16}" y="14" class="legend">{escape(glyph)} '
                   f'{escape(label)}</text>')
        x += 34 + (len(label) + 2) * 6.2
    for i, m in enumerate(measures):
        y = top + i * (row_h + gap)
        total = sum(m.counts.get(s, 0) for s in STATUS_ORDER)
        out.append(f'<a href="{escape(href_prefix + m.slug)}.html">'
                   f'<text x="{label_width - 8}" y="{y + 14}" class="axis-label" '
                   f'text-anchor="end">{escape(m.id)}</text><title>{escape(m.id)}: '
                   f'{escape(m.title)}</title></a>')
        out.append(f'<rect x="{label_width}" y="{y}" width="{bar_w}" height="{row_h}" '
                   f'class="track"/>')
        xx = float(label_width)
        for s in STATUS_ORDER:
            n = m.counts.get(s, 0)
            if not n or not total:
                continue
            w = bar_w * n / total
            out.append(f'<rect x="{_f(xx)}" y="{y}" width="{_f(w)}" height="{row_h}" '
                       f'{_seg_attrs(s, cid)}><title>{escape(m.id)} \u00b7 '
                       f'{escape(STATUS_INFO[s][0])}: {n} of {total}</title></rect>')
            if w >= 22:
                out.append(f'<text x="{_f(xx + w / 2)}" y="{y + 14}" text-anchor="middle" '
                           f'class="seg-label on-{s}">{n}</text>')
            xx += w
        out.append(f'<text x="{label_width + bar_w + 6}" y="{y + 14}" class="total">'
                   f'{total}</text>')
    out.append("</svg>")
    return Markup("".join(out))


def stacked_bar(counts: dict[str, int], *, width: int = 160, height: int = 12,
                label: str = "") -> Markup:
    """A small 100% bar of status counts (services table, page headers)."""
    cid = f"mb{next(_ids)}"
    total = sum(counts.get(s, 0) for s in STATUS_ORDER)
    text = ", ".join(f"{counts[s]} {STATUS_INFO[s][0].lower()}" for s in STATUS_ORDER
                     if counts.get(s))
    out = [f'<svg class="minibar" viewBox="0 0 {width} {height}" width="{width}" '
           f'height="{height}" role="img" aria-label="{escape(label + text)}" '
           f'xmlns="http://www.w3.org/2000/svg">', _hatch(cid)]
    x = 0.0
    for s in STATUS_ORDER:
        n = counts.get(s, 0)
        if not n or not total:
            continue
        w = width * n / total
        out.append(f'<rect x="{_f(x)}" y="0" width="{_f(w)}" height="{height}" '
                   f'{_seg_attrs(s, cid)}/>')
        x += w
    out.append("</svg>")
    return Markup("".join(out))


def _nice(lo: float, hi: float, n: int = 4) -> tuple[float, float, list[float]]:
    """An axis from ``lo`` to ``hi`` widened to round ticks (steps of 1, 2, 2.5 or 5 x 10^k)."""
    if hi <= lo:
        hi = lo + 1
    raw = (hi - lo) / n
    mag = 10 ** math.floor(math.log10(raw))
    step = next(m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw - 1e-12)
    lo2 = math.floor(lo / step + 1e-9) * step
    hi2 = math.ceil(hi / step - 1e-9) * step
    k = round((hi2 - lo2) / step)
    return lo2, hi2, [round(lo2 + i * step, 10) for i in range(k + 1)]


def triage_scatter(services: Sequence[ServiceView], href_prefix: str, *, label_top: int = 8,
                   width: int = 560, height: int = 380) -> Markup | None:
    """Risk (x) against gaps (y): the services in the top right are the ones to engage."""
    pts = [s for s in services if s.risk is not None and s.gap is not None]
    if not pts:
        return None
    cid = f"sc{next(_ids)}"
    ml, mr, mt, mb = 52, 16, 16, 46
    pw, ph = width - ml - mr, height - mt - mb
    xmin, xmax, xticks = _nice(min(0.0, min(s.risk or 0 for s in pts)),
                               max(1.0, max(s.risk or 0 for s in pts)))
    ymin, ymax, yticks = _nice(min(0.0, min(s.gap or 0 for s in pts)),
                               max(1.0, max(s.gap or 0 for s in pts)))

    def sx(v: float) -> float:
        return ml + (v - xmin) / (xmax - xmin) * pw

    def sy(v: float) -> float:
        return mt + ph - (v - ymin) / (ymax - ymin) * ph

    top = sorted(pts, key=lambda s: s.rank if s.rank is not None else 10**9)[:label_top]
    desc = "Services ranked first: " + "; ".join(
        f"{s.rank}. {s.name} (risk {fmt_num(s.risk)}, gaps {fmt_num(s.gap)})" for s in top)
    top.reverse()                      # draw the first-ranked dot last, on top
    out = _open(cid, width, height, f"Risk against gaps for {len(pts)} services", desc,
                "scatter", links=True)
    midx, midy = sx((xmin + xmax) / 2), sy((ymin + ymax) / 2)
    out.append(f'<rect x="{_f(midx)}" y="{mt}" width="{_f(ml + pw - midx)}" '
               f'height="{_f(midy - mt)}" class="quadrant"/>')
    out.append(f'<text x="{ml + pw - 6}" y="{mt + 14}" text-anchor="end" class="quadrant-label">'
               f'engage first</text>')
    for t in xticks:
        out.append(f'<line x1="{_f(sx(t))}" x2="{_f(sx(t))}" y1="{mt}" y2="{mt + ph}" '
                   f'class="grid"/><text x="{_f(sx(t))}" y="{mt + ph + 16}" '
                   f'text-anchor="middle" class="tick">{fmt_num(t)}</text>')
    for t in yticks:
        out.append(f'<line x1="{ml}" x2="{ml + pw}" y1="{_f(sy(t))}" y2="{_f(sy(t))}" '
                   f'class="grid"/><text x="{ml - 6}" y="{_f(sy(t) + 4)}" text-anchor="end" '
                   f'class="tick">{fmt_num(t)}</text>')
    out.append(f'<text x="{ml + pw / 2}" y="{height - 8}" text-anchor="middle" class="axis-title">'
               f'Risk score \u2192</text>')
    out.append(f'<text x="14" y="{mt + ph / 2}" text-anchor="middle" class="axis-title" '
               f'transform="rotate(-90 14 {mt + ph / 2})">Gap score \u2192</text>')
    top_ids = {s.id for s in top}
    r = 3.2 if len(pts) > 300 else 4.5
    for s in sorted(pts, key=lambda s: s.id in top_ids):
        cls = "pt top" if s.id in top_ids else "pt"
        # the link's own <title> names it (and is its tooltip)
        out.append(f'<a href="{escape(href_prefix + s.slug)}.html"><title>{escape(s.name)}: '
                   f'rank {s.rank}, risk {fmt_num(s.risk)}, gaps {fmt_num(s.gap)}</title>'
                   f'<circle cx="{_f(sx(s.risk or 0))}" cy="{_f(sy(s.gap or 0))}" r="{r}" '
                   f'class="{cls}"/></a>')
    placed: list[tuple[float, float]] = []
    for s in reversed(top):            # rank numbers: the triage table beside names them
        x, y = sx(s.risk or 0), sy(s.gap or 0)
        for dx, dy in ((6, -5), (6, 11), (-14, -5), (-14, 11), (6, -16), (-14, -16)):
            lx, ly = x + dx, y + dy
            if all(abs(lx - px) > 13 or abs(ly - py) > 11 for px, py in placed):
                break
        placed.append((lx, ly))
        out.append(f'<text x="{_f(lx)}" y="{_f(ly)}" class="pt-label">{s.rank}</text>')
    out.append("</svg>")
    return Markup("".join(out))


def trend_lines(points: Sequence[tuple[str, dict[str, int]]], *, width: int = 720,
                height: int = 260) -> Markup | None:
    """Share of applicable verdicts per status over runs (oldest left)."""
    if len(points) < 2:
        return None
    cid = f"tr{next(_ids)}"
    ml, mr, mt, mb = 44, 150, 14, 40
    pw, ph = width - ml - mr, height - mt - mb
    series = ("met", "partly_met", "not_met", "not_observable")
    shares: list[dict[str, float]] = []
    for _, c in points:
        tot = sum(c.get(s, 0) for s in series) or 1
        shares.append({s: 100.0 * c.get(s, 0) / tot for s in series})
    n = len(points)

    def sx(i: int) -> float:
        return ml + (pw * i / (n - 1))

    def sy(v: float) -> float:
        return mt + ph - v / 100 * ph

    labels = [(parse_time(t).strftime("%d %b %Y") if parse_time(t) else t[:10])
              for t, _ in points]
    desc = "; ".join(f"{lab}: " + ", ".join(f"{STATUS_INFO[s][0].lower()} {sh[s]:.0f}%"
                                            for s in series)
                     for lab, sh in zip(labels, shares, strict=True))
    out = _open(cid, width, height, f"Verdicts by status over the last {n} runs", desc, "trend")
    for t in (0, 25, 50, 75, 100):
        out.append(f'<line x1="{ml}" x2="{ml + pw}" y1="{_f(sy(t))}" y2="{_f(sy(t))}" '
                   f'class="grid"/><text x="{ml - 6}" y="{_f(sy(t) + 4)}" text-anchor="end" '
                   f'class="tick">{t}%</text>')
    step = max(1, n // 8)
    for i, lab in enumerate(labels):
        if i % step == 0 or i == n - 1:
            out.append(f'<text x="{_f(sx(i))}" y="{mt + ph + 18}" text-anchor="middle" '
                       f'class="tick">{escape(lab)}</text>')
    ends: list[float] = []
    for s in series:
        pts = " ".join(f"{_f(sx(i))},{_f(sy(sh[s]))}" for i, sh in enumerate(shares))
        out.append(f'<polyline points="{pts}" class="line ln-{s}"/>')
        for i, sh in enumerate(shares):
            out.append(f'<circle cx="{_f(sx(i))}" cy="{_f(sy(sh[s]))}" r="3.5" '
                       f'class="dot ln-{s}"><title>{escape(labels[i])}: '
                       f'{escape(STATUS_INFO[s][0])} {sh[s]:.1f}%</title></circle>')
        y = sy(shares[-1][s]) + 4
        while any(abs(y - e) < 13 for e in ends):
            y += 13
        ends.append(y)
        out.append(f'<text x="{ml + pw + 8}" y="{_f(y)}" class="end-label lbl-{s}">'
                   f'{escape(STATUS_INFO[s][1])} {escape(STATUS_INFO[s][0])} '
                   f'{shares[-1][s]:.0f}%</text>')
    out.append("</svg>")
    return Markup("".join(out))


def sparkline(values: Iterable[float | None], *, width: int = 120, height: int = 28,
              label: str = "") -> Markup | None:
    vals = list(values)
    known = [v for v in vals if v is not None]
    if len(vals) < 2 or not known:
        return None
    n = len(vals)
    pts = []
    for i, v in enumerate(vals):
        if v is None:
            continue
        pts.append(f"{_f(2 + (width - 4) * i / (n - 1))},{_f(height - 3 - (height - 6) * v)}")
    last = pts[-1].split(",")
    return Markup(f'<svg class="spark" viewBox="0 0 {width} {height}" width="{width}" '
                  f'height="{height}" role="img" aria-label="{escape(label)}" '
                  f'xmlns="http://www.w3.org/2000/svg"><polyline points="{" ".join(pts)}" '
                  f'class="line ln-met"/><circle cx="{last[0]}" cy="{last[1]}" r="2.5" '
                  f'class="dot ln-met"/></svg>')
