"""Locators for labels: where a passage stands in a restored original, and a readable copy.

A label points at its deciding passage by the nearest heading above it and the character offset
of the passage in the restored original (``cache/originals/ID.md|html``, decoded as UTF-8; a
Python string index).  Nothing here uses the terms reader under test.

    locate.py ID "words of the passage"     offsets and headings of each place it occurs
    locate.py ID --at OFFSET                the heading and the text around an offset
    locate.py ID --text                      a plain reading copy (markup dropped) on stdout

Matching ignores case, markup and runs of whitespace, so a phrase copied from the plain copy
is found in an HTML original too.
"""

from __future__ import annotations

import argparse
import html
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ORIGINALS = HERE / "cache" / "originals"
_MD_HEADING = re.compile(r"^#{1,6}[ \t]+(.+?)[ \t#]*$", re.M)
#: A Setext heading (a line underlined with = or -) or a line that is bold and nothing else.
_MD_SETEXT = re.compile(r"^([^\n#>|-][^\n]{0,150})\n(?:=+|-{3,})[ \t]*$", re.M)
_MD_BOLD_LINE = re.compile(r"^\*\*([^*\n]{2,120})\*\*[ \t]*$", re.M)
_HTML_HEADING = re.compile(r"<h([1-6])\b[^>]*>(.*?)</h\1\s*>", re.I | re.S)
_TAG = re.compile(r"<[^>]*>")
_DROP = re.compile(r"<(script|style|noscript|template|svg)\b.*?</\1\s*>", re.I | re.S)


def original(doc_id: str) -> tuple[str, str]:
    for ext in ("md", "html"):
        p = ORIGINALS / f"{doc_id}.{ext}"
        if p.exists():
            return p.read_bytes().decode("utf-8", "replace"), ext
    raise SystemExit(f"{doc_id}: not restored. Fix: run benchmarks/real_terms/restore.py first.")


def headings(text: str, ext: str) -> list[tuple[int, str]]:
    if ext == "md":
        found = [(m.start(), m.group(1).strip()) for rx in (_MD_HEADING, _MD_SETEXT, _MD_BOLD_LINE)
                 for m in rx.finditer(text)]
        return sorted(found)
    out = []
    for m in _HTML_HEADING.finditer(text):
        label = " ".join(html.unescape(_TAG.sub(" ", m.group(2))).split())
        if label:
            out.append((m.start(), label))
    return out


def heading_at(text: str, ext: str, offset: int) -> str:
    above = [h for pos, h in headings(text, ext) if pos <= offset]
    return above[-1] if above else ""


def _visible_index(text: str) -> tuple[str, list[int]]:
    """The original's visible characters (lower-case, markup dropped, whitespace runs as one
    space) and, for each, its offset in the original."""
    masked = _DROP.sub(lambda m: " " * len(m.group(0)), text)
    chars: list[str] = []
    where: list[int] = []
    i, n = 0, len(masked)
    while i < n:
        c = masked[i]
        if c == "<":
            j = masked.find(">", i)
            if j != -1:
                i = j + 1
                if chars and chars[-1] != " ":
                    chars.append(" ")
                    where.append(i)
                continue
        if c == "&":
            m = re.match(r"&(#?\w+);", masked[i:i + 12])
            if m:
                chars.append(html.unescape(m.group(0)).lower()[:1] or " ")
                where.append(i)
                i += len(m.group(0))
                continue
        if c in "*_`#>|" or c.isspace():
            if chars and chars[-1] != " ":
                chars.append(" ")
                where.append(i)
            i += 1
            continue
        chars.append(c.lower())
        where.append(i)
        i += 1
    return "".join(chars), where


def find(doc_id: str, phrase: str) -> list[tuple[int, str]]:
    text, ext = original(doc_id)
    visible, where = _visible_index(text)
    needle = " ".join(re.sub(r"[*_`#>|]", " ", phrase).lower().split())
    hits, start = [], 0
    while needle:
        k = visible.find(needle, start)
        if k == -1:
            break
        off = where[k]
        hits.append((off, heading_at(text, ext, off)))
        start = k + 1
    return hits


def plain(doc_id: str) -> str:
    text, ext = original(doc_id)
    if ext == "md":
        return text
    body = _DROP.sub(" ", text)
    body = re.sub(r"<(br|/p|/div|/li|/h[1-6]|/tr|/section)\b[^>]*>", "\n", body, flags=re.I)
    body = re.sub(r"<h[1-6]\b[^>]*>", "\n## ", body, flags=re.I)
    body = html.unescape(_TAG.sub(" ", body))
    lines = [" ".join(line.split()) for line in body.splitlines()]
    return "\n".join(line for line in lines if line)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("doc_id")
    ap.add_argument("phrase", nargs="?")
    ap.add_argument("--at", type=int)
    ap.add_argument("--text", action="store_true")
    a = ap.parse_args(argv)
    if a.text:
        sys.stdout.write(plain(a.doc_id) + "\n")
        return 0
    if a.at is not None:
        text, ext = original(a.doc_id)
        print(f"heading: {heading_at(text, ext, a.at)!r}")
        print(text[max(0, a.at - 80):a.at + 300])
        return 0
    hits = find(a.doc_id, a.phrase or "")
    for off, head in hits:
        print(f"{off}\t{head}")
    if not hits:
        print("not found (try fewer words, without punctuation that markup may split)",
              file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
