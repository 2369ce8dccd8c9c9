"""Reading terms of service: main text out of HTML and PDF, and the ``terms.*`` facts in it.

:func:`analyse_terms` splits the text into sentences (numbered clauses, lettered and bulleted
lists with their lead-in, headings, abbreviations such as "Ltd.", "e.g.", "s. 59", "No.") and
decides each signal from the sentences that say it, keeping the value, the sentences relied on
and a confidence.  Disclosure booleans are ``False`` when the document is silent (silence is the
finding) and ``None`` only for a text too short to be terms; numbers and dates are ``None`` when
not stated.  The label definitions the rules implement are in ``tests/corpus/terms/LABELS.md``;
the patterns themselves are data in :mod:`probes.terms_rules`.

``reading_grade`` is the **Flesch-Kincaid grade level** (US school grade), the formula the
measures layer assumes (``auditor.measures.judgements``):
``0.39 * words/sentences + 11.8 * syllables/words - 15.59``, computed here on the document's
*prose* sentences only (:func:`is_prose`: headings, navigation lines and labels, and list items
that are fragments of their lead-in are left out, since the formula is made for running text).
Words are runs of letters and digits (hyphenated words are one word); syllables are counted by
the rules of :func:`syllables`, so the grade is the same on every machine.  textstat is not used
(it is a declared dependency, but its English syllable counter needs NLTK's CMU dictionary and
downloads it at run time when it is missing, and it splits sentences at every full stop, "Ltd."
included); the formula is the one textstat implements.

``text_sha256`` is the SHA-256 of the text after Unicode NFKC normalisation with every run of
whitespace collapsed to one space, so re-wrapping does not change it and changing a word does.
"""

from __future__ import annotations

import hashlib
import io
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache

from auditor.signals import HARMS
from probes import terms_rules as R

BOOL_SIGNALS = ("prohibits_illegal", "illegal_content_protection", "reporting", "complaints",
                "proactive_tech", "hash_matching_csam", "hash_matching_iia",
                "url_list_detection", "age_assurance", "adult_content_allowed", "iia_48h")
#: Signals read from the extra pages too (upload, help, FAQ, safety pages).
EXTRA_SIGNALS = ("hash_matching_csam", "hash_matching_iia", "url_list_detection")
SIGNALS = ("min_age", "min_age_uk", "prohibits_illegal", "illegal_content_protection",
           "harms_covered", "reporting", "complaints", "proactive_tech", "hash_matching_csam",
           "hash_matching_iia", "url_list_detection", "age_assurance", "adult_content_allowed",
           "iia_48h", "last_updated", "reading_grade", "text_sha256")
MIN_WORDS = 40            # fewer words than this: not terms at all, disclosures undecided
SILENT = 0.7              # confidence of "the document does not say it"
MAX_QUOTES = 3
#: Text read beyond this is skipped (the longest real terms are ~40,000 words, ~300,000
#: characters); the last ``TAIL_CHARS`` are read too, where "last updated" often stands.
MAX_ANALYSED_CHARS = 400_000
TAIL_CHARS = 20_000


# ------------------------------------------------------------------------------------------------
# Data


@dataclass(frozen=True)
class Sentence:
    text: str
    heading: str = ""          # the nearest heading above
    lead: str = ""             # for a list item: the sentence that introduces the list
    block: int = 0             # paragraph number (blank lines and headings separate them)
    source: str = "main"       # "main" or the name of an extra text
    is_heading: bool = False
    is_item: bool = False      # a list item (bullet, (a), 1.) rather than running prose

    @property
    def full(self) -> str:
        """The sentence with its list lead-in ("You must not: ... post anything illegal")."""
        return f"{self.lead} {self.text}" if self.lead else self.text


@dataclass
class Finding:
    value: object = None
    confidence: float = 0.0
    quotes: list[Sentence] = field(default_factory=list)
    note: str = ""

    @property
    def quote_texts(self) -> list[str]:
        return [q.full for q in self.quotes]


@dataclass
class TermsAnalysis:
    signals: dict[str, Finding]
    sentences: list[Sentence]
    words: int
    url: str = ""

    def __getitem__(self, name: str) -> Finding:
        return self.signals[name]

    def value(self, name: str) -> object:
        return self.signals[name].value

    def values(self) -> dict[str, object]:
        return {k: f.value for k, f in self.signals.items()}

    @property
    def text_sha256(self) -> str:
        return str(self.signals["text_sha256"].value)


# ------------------------------------------------------------------------------------------------
# Text out of HTML and PDF

_DROP_TAGS = ("script", "style", "noscript", "template", "nav", "header", "footer", "aside",
              "svg", "iframe", "button", "select", "input", "textarea", "dialog", "head")
_COOKIE = re.compile(r"cookie|consent|gdpr|banner|cmp-|onetrust|didomi|skip-link|sr-only|"
                     r"visually-hidden|breadcrumb|share-?bar|social", re.I)
_BLOCK_TAGS = {"p", "div", "section", "article", "main", "li", "ul", "ol", "dl", "dt", "dd",
               "h1", "h2", "h3", "h4", "h5", "h6", "table", "tr", "blockquote", "pre", "br",
               "hr", "address", "figure", "figcaption", "details", "summary"}


def extract_main_text(html: str, url: str = "") -> str:
    """The main text of a page: trafilatura (headings and lists kept as markdown), else a
    BeautifulSoup reading without navigation, header, footer, scripts, styles and cookie banners.
    Paragraphs are separated by blank lines."""
    if not html or not html.strip():
        return ""
    fallback = _soup_text(html)
    main = ""
    try:
        import trafilatura

        main = trafilatura.extract(html, url=url or None, include_formatting=True,
                                   include_links=False, include_images=False,
                                   include_tables=True, include_comments=False,
                                   favor_recall=True, deduplicate=False) or ""
    except Exception:  # noqa: BLE001 - a missing or failing extractor leaves the fallback
        main = ""
    main = _tidy(re.sub(r"\\([\\`*_{}\[\]()#+\-.!|>~])", r"\1", main))
    if len(main) >= 0.6 * len(fallback) and main:
        return _with_revision_line(main, fallback)
    return fallback or main


def _with_revision_line(main: str, fallback: str) -> str:
    """``main`` with the page's revision-date line ("Updated: 16 January 2026", "Effective as of
    ...") added at its end when the extractor left it out (pages print it in a header above the
    article or a footer below it) and the fuller reading has it."""
    if last_updated(main).value is not None:
        return main
    for line in fallback.split("\n"):
        if len(line) <= 200 and any(label.search(line) for _, label, _ in R.DATE_LABELS) and \
                last_updated(line).value is not None:
            return f"{main}\n\n{line.strip(' #*_')}"
    return main


def _soup_text(html: str) -> str:
    from bs4 import BeautifulSoup, NavigableString

    soup = BeautifulSoup(html, "html.parser")
    for tag in soup(list(_DROP_TAGS)):
        tag.decompose()
    for tag in soup.find_all(True):
        if getattr(tag, "decomposed", False):
            continue
        attrs = getattr(tag, "attrs", None) or {}
        ident = " ".join([str(attrs.get("id", ""))] + list(attrs.get("class", []) or []))
        role = str(attrs.get("role", ""))
        hidden = "display:none" in str(attrs.get("style", "")).replace(" ", "") or \
            attrs.get("hidden") is not None or attrs.get("aria-hidden") == "true"
        if role in ("navigation", "banner", "contentinfo") or hidden or \
                (ident.strip() and _COOKIE.search(ident)):
            tag.decompose()
    root = (soup.find("main") or soup.find(attrs={"role": "main"}) or soup.find("article")
            or soup.body or soup)
    if len(root.get_text(" ", strip=True)) < 200 and soup.body is not None:
        root = soup.body
    out: list[str] = []

    def walk(node) -> None:
        for child in node.children:
            name = getattr(child, "name", None)
            if name is None:
                if type(child) is NavigableString:      # not comments, doctypes, CDATA
                    out.append(str(child))
                continue
            if name in ("h1", "h2", "h3", "h4", "h5", "h6"):
                out.append("\n\n" + "#" * int(name[1]) + " "
                           + " ".join(child.get_text(" ").split()) + "\n\n")
                continue
            if name == "li":
                out.append("\n- ")
                walk(child)
                out.append("\n")
                continue
            if name == "br":
                out.append("\n")
                continue
            if name in _BLOCK_TAGS:
                out.append("\n\n")
                walk(child)
                out.append("\n\n")
            else:
                walk(child)

    walk(root)
    return _tidy("".join(out))


def _tidy(text: str) -> str:
    lines = [" ".join(ln.split()) for ln in text.replace("\r", "\n").split("\n")]
    out: list[str] = []
    for ln in lines:
        if ln or (out and out[-1]):
            out.append(ln)
    return "\n".join(out).strip()


def pdf_text(data: bytes) -> str:
    """The text of a PDF (pypdf), pages separated by blank lines; "" if it cannot be read."""
    try:
        from pypdf import PdfReader

        reader = PdfReader(io.BytesIO(data))
        pages = []
        for page in reader.pages[:200]:
            try:
                pages.append(page.extract_text() or "")
            except Exception:  # noqa: BLE001 - one broken page does not lose the others
                continue
        return _tidy("\n\n".join(p.strip() for p in pages if p.strip()))
    except Exception:  # noqa: BLE001
        return ""


# ------------------------------------------------------------------------------------------------
# Normalising and hashing


def normalise(text: str) -> str:
    """NFKC with every run of whitespace collapsed to one space (what ``text_sha256`` hashes)."""
    text = unicodedata.normalize("NFKC", text or "")
    text = re.sub(r"[\u200b\u200c\u200d\u2060\ufeff]", "", text)
    return " ".join(text.split())


def text_sha256(text: str) -> str:
    return hashlib.sha256(normalise(text).encode("utf-8")).hexdigest()


# ------------------------------------------------------------------------------------------------
# Sentences

_TERMINAL = re.compile(r"[.!?:;][\"'”’)\]]*$")
_MD_HEADING = re.compile(r"^#{1,6}\s+(.*?)\s*#*$")
_BOLD_LINE = re.compile(r"^(\*\*|__)(.+?)\1\s*:?$")


def _clean_line(line: str) -> str:
    line = line.strip()
    if len(line) > 2 and line[0] == "_" and line[-1] == "_":
        line = line[1:-1].strip()
    return line


def _strip_inline(text: str) -> str:
    text = re.sub(r"(\*\*|__)(.+?)\1", r"\2", text)
    text = text.replace("**", "").replace("`", "")
    return text


#: A line that stops mid-phrase ("... website at example.co.uk (the") goes on on the next line.
_DANGLING = re.compile(r"(?:\b(?:a|an|the|of|to|and|or|nor|in|on|at|by|for|from|with|under|"
                       r"within|into|than|that|which|who|whose|is|are|be|as|our|your|their|its|"
                       r"this|these|such|any|all|each|every)|[(\[“\"‘,&-])\s*$", re.I)


def _heading_like(line: str, next_line: str | None) -> bool:
    words = line.split()
    if not words or len(line) > 90 or len(words) > 12:
        return False
    if _TERMINAL.search(line) or line.endswith(","):
        return False
    if _DANGLING.search(line) or line.count("(") > line.count(")"):
        return False
    first = line.lstrip("\"'“(")[:1]
    if not (first.isupper() or first.isdigit()):
        return False
    if next_line is None or not next_line.strip():
        return True
    nxt = _clean_line(next_line).lstrip("#*_ ")
    return not nxt[:1].islower()


@dataclass
class _Unit:
    text: str
    kind: str            # heading | item | para
    block: int


def _hard_wrapped(raw: list[str]) -> bool:
    """Whether a page breaks every line into a paragraph of its own (text out of a PDF with a
    blank line after each printed line): nearly all paragraphs are one line, and many of them
    stop mid-sentence and go on in lower case in the next."""
    paras: list[str] = []                 # first and last line of each paragraph
    firsts: list[str] = []
    single = 0
    run = 0
    for line in raw + [""]:
        if line.strip():
            if run == 0:
                firsts.append(line.strip())
                paras.append("")
            paras[-1] = line.strip()
            run += 1
        elif run:
            single += run == 1
            run = 0
    if len(paras) < 10 or single < 0.8 * len(paras):
        return False
    soft = sum(1 for a, b in zip(paras, firsts[1:], strict=False)
               if not _TERMINAL.search(a) and b[:1].islower())
    return soft >= 0.25 * len(paras)


def _unwrapped(raw: list[str]) -> tuple[list[str], set[int]]:
    """A hard-wrapped page with its printed lines put back into paragraphs: the blank lines after
    a line that stops without a full stop and either fills the printed width or goes on in lower
    case are dropped, and so are bare page numbers.  Also the indexes of the lines that go on in
    the next (they are not headings)."""
    lengths = sorted(len(ln.strip()) for ln in raw if ln.strip())
    width = lengths[int(0.8 * (len(lengths) - 1))]
    out: list[str] = []
    joined: set[int] = set()
    blanks = 0
    for line in raw:
        s = line.strip()
        if not s or re.fullmatch(r"\d{1,3}", s):
            blanks += 1
            continue
        if blanks and out:
            prev = out[-1].strip()
            if prev and not _TERMINAL.search(prev) and not _MD_HEADING.match(s) and \
                    (s[:1].islower() or len(prev) >= 0.6 * width):
                joined.add(len(out) - 1)
            else:
                out.append("")
        blanks = 0
        out.append(line)
    return out, joined


def _units(text: str) -> list[_Unit]:
    text = unicodedata.normalize("NFKC", text or "")
    text = re.sub(r"[\u200b\u200c\u200d\u2060\ufeff]", "", text)
    raw = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    joined: set[int] = set()
    if _hard_wrapped(raw):
        raw, joined = _unwrapped(raw)
    units: list[_Unit] = []
    cur: _Unit | None = None
    block = 0
    for i, rawline in enumerate(raw):
        if not rawline.strip():
            if cur is not None or (units and units[-1].kind == "heading"):
                block += 1
            cur = None
            continue
        indent = len(rawline) - len(rawline.lstrip())
        line = _clean_line(rawline)
        nxt = next((ln for ln in raw[i + 1:i + 2]), None)
        md = _MD_HEADING.match(line)
        bold = _BOLD_LINE.match(line)
        if md or (bold and len(bold.group(2)) <= 90):
            head = _strip_inline(md.group(1) if md else bold.group(2)).strip()
            head = R.LIST_MARKER.sub("", head, count=1).strip() or head
            block += 1
            units.append(_Unit(head, "heading", block))
            block += 1
            cur = None
            continue
        line = _strip_inline(line)
        marker = R.LIST_MARKER.match(line)
        if marker and cur is not None and _continues(cur.text, line, marker):
            cur.text += " " + line          # "... within the meaning of" / "s. 59 of the Act"
            continue
        if marker and len(line) > marker.end():
            body = line[marker.end():].strip()
            bullet = R.BULLET.match(line) is not None or line[:2] in ("Q:", "A:")
            if not bullet and i not in joined and _heading_like(body, nxt) and (cur is None
                                                            or _TERMINAL.search(cur.text)):
                block += 1
                units.append(_Unit(body, "heading", block))
                block += 1
                cur = None
                continue
            cur = _Unit(body, "item", block)
            units.append(cur)
            continue
        if cur is not None and (not _TERMINAL.search(cur.text) or line[:1].islower()
                                or (cur.kind == "item" and indent > 0)):
            cur.text += " " + line
            continue
        if i not in joined and _heading_like(line, nxt):
            block += 1
            units.append(_Unit(line, "heading", block))
            block += 1
            continue
        cur = _Unit(line, "para", block)
        units.append(cur)
    return units


_ROMAN = ("i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii", "xiii", "xiv",
          "xv", "xvi", "xvii", "xviii", "xix", "xx")


def _continues(current: str, line: str, marker: re.Match) -> bool:
    """A line that starts like a list item but goes on with the sentence above it: the sentence
    stops mid-phrase ("within the meaning of" / "s. 59 of the Act"), or it is an inline
    enumeration wrapped before its next label ("... (b) promotes hate;" / "(c) is abusive")."""
    if R.BULLET.match(line) or (_TERMINAL.search(current) and not current.endswith(";")):
        return False
    if _DANGLING.search(current):
        return True
    label = re.match(r"\(?([a-z]{1,5}|\d{1,2})\)", marker.group(0).strip(), re.I)
    if not label:
        return False
    key = label.group(1).lower()
    before: list[str] = []
    if key.isdigit() and int(key) > 1:
        before.append(str(int(key) - 1))
    if key in _ROMAN and key != "i":
        before.append(_ROMAN[_ROMAN.index(key) - 1])
    if len(key) == 1 and key.isalpha() and key != "a":
        before.append(chr(ord(key) - 1))
    return any(re.search(r"(?:^|[\s(])\(?" + re.escape(b) + r"\)\s", current, re.I)
               for b in before)


_SPLIT = re.compile(r"([.!?]+)([\"'”’)\]]*)\s+(?=[\"'“‘(\[]?[A-Z0-9£$€#•])")


def split_sentences(text: str) -> list[str]:
    """Sentences of one paragraph, not splitting after abbreviations ("Ltd.", "e.g.", "No. 5",
    "s. 59", "U.K.") or inside a clause label."""
    text = " ".join(text.split())
    out: list[str] = []
    start = 0
    for m in _SPLIT.finditer(text):
        if m.group(1) == "." and not m.group(2):
            before = text[start:m.start()]
            token = re.split(r"[\s(\[\"'“]", before)[-1].lower() if before else ""
            if token in R.ABBREVIATIONS or (len(token) == 1 and token.isalpha()):
                continue
            if re.fullmatch(r"\(?\d{1,3}(?:\.\d{1,3})*\)?", token) and \
                    len(before.split()) <= 1:
                continue                      # "2. ELIGIBILITY" clause label
        piece = text[start:m.end(2) if m.group(2) else m.end(1)].strip()
        if piece:
            out.append(piece)
        start = m.end()
    tail = text[start:].strip()
    if tail:
        out.append(tail)
    return out


def sentences_of(text: str, source: str = "main") -> list[Sentence]:
    """The sentences of a document with their heading, list lead-in and paragraph."""
    out: list[Sentence] = []
    heading = ""
    pending_lead = ""
    list_block: int | None = None        # the paragraph of the lead's list, once it started
    for unit in _units(text):
        if unit.kind == "heading":
            heading, pending_lead = unit.text, ""
            out.append(Sentence(unit.text, heading, "", unit.block, source, True))
            continue
        parts = split_sentences(unit.text)
        if not parts:
            continue
        if unit.kind == "item" and pending_lead:
            if list_block is not None and unit.block != list_block:
                pending_lead = ""            # a blank line ended the list
            list_block = unit.block
        lead = pending_lead if unit.kind == "item" else ""
        unit_heading = heading
        m = R.INLINE_HEADING.match(parts[0] + " X") if len(parts) > 1 else None
        if m and len(parts[0].split()) <= 6 and (parts[0].isupper() or parts[0].istitle()):
            unit_heading = parts[0].rstrip(".")
            out.append(Sentence(unit_heading, heading, lead, unit.block, source, True))
            parts = parts[1:]
        for p in parts:
            out.append(Sentence(p, unit_heading, lead, unit.block, source, False,
                                unit.kind == "item"))
        if unit.kind == "para" or (unit.kind == "item" and parts[-1].endswith(":")):
            pending_lead = ""
        if parts[-1].rstrip().endswith(":"):
            lead_text = parts[-1]
            if re.match(r"^(?:this|these|that|it|they) (?:includes?|means?|covers?)\b", lead_text,
                        re.I) and len(parts) > 1:
                lead_text = parts[-2] + " " + lead_text
            pending_lead, list_block = lead_text, None
    return out


# ------------------------------------------------------------------------------------------------
# Signals


def _content(sentences: Iterable[Sentence]) -> list[Sentence]:
    return [s for s in sentences if not s.is_heading]


def _denied(text: str) -> bool:
    return R.DENIAL.search(text) is not None


def _bool(found: list[Sentence], *, conf: float = 0.85, denials: Sequence[Sentence] = (),
          silent_note: str = "") -> Finding:
    if found:
        return Finding(True, conf, found[:MAX_QUOTES])
    if denials:
        return Finding(False, 0.85, list(denials)[:MAX_QUOTES], "")
    return Finding(False, SILENT, [], silent_note)


# -- minimum age -----------------------------------------------------------------------------------


@dataclass
class _Age:
    value: int
    strong: bool
    uk: bool
    region: bool
    sentence: Sentence
    contract: bool = False     # the age to accept the terms oneself ("18 to accept these Terms")


def _words_to_digits(text: str) -> str:
    def repl(m: re.Match) -> str:
        return str(R.AGE_WORDS[m.group(1).lower().replace("  ", " ")])
    return R.AGE_WORD_RX.sub(repl, text)


def _feature(text: str) -> bool:
    """A feature, section or kind of content is named (proper names such as "Velvet Room" or
    "Bignet Live" are the service or a brand, and "a chat service" is the service itself); a
    capital at the very start ("Sellers must be 18") is no name."""
    return any((m.group(0)[:1].islower() or not text[:m.start()].strip(" -*•(\"“"))
               and not re.match(r"\s+(?:service|app|platform|website|site|community)\b",
                                text[m.end():])
               for m in R.AGE_FEATURE.finditer(text)) \
        or R.AGE_FEATURE_DEFINED.search(text) is not None


def _age_candidates(s: Sentence) -> list[_Age]:
    text = _words_to_digits(s.text)
    full_ctx = _words_to_digits(s.full)
    privacy = R.AGE_PRIVACY.search(text)
    if privacy:
        # "not directed to children under 16, nor do we knowingly collect their data": the bar
        # before the privacy statement still counts; the privacy statement alone does not
        text = text[:privacy.start()]
        if not re.search(r"\b(?:not|no|under|below|younger|must|at least|only)\b", text, re.I):
            return []
    out: list[_Age] = []
    every = list(R.AGE_NUMBER.finditer(text))        # all numbers split the sentence up
    nums = [m for m in every if 8 <= int(m.group(1)) <= 21]
    # "United Kingdom: 13" in a list introduced by "... the minimum age is different:"
    if s.lead and re.search(r"\bages?\b", s.lead, re.I):
        m = re.match(r"^\s*(.{2,40}?)\s*[:\-–—]\s*(\d{1,2})\s*(?:years?(?: old)?)?\.?;?\s*$", text)
        if m:
            region = m.group(1)
            uk = R.UK_WORDS.search(region) is not None
            return [_Age(int(m.group(2)), True, uk, True, s)]     # the UK's entry is regional too
    heading_uk = R.UK_WORDS.search(s.heading or "") is not None
    for m in nums:
        k = every.index(m)
        before = text[:m.start()]
        after = text[m.end():]
        if not (R.AGE_BEFORE.search(before[-40:]) or R.AGE_AFTER.match(after)):
            continue
        if re.match(r"^\W*(?:or (?:more|fewer|less) )?(?:[a-z]+[\s-]+)?(?:days?|hours?|months?|"
                    r"minutes?|seconds?|weeks?|posts?|times?|characters?|words?|files?|MB|GB|KB|"
                    r"%|requests?|claims?|demands?|arbitrations?|cases?|filings?|copies|items?|"
                    r"licen[cs]es?|seats?|devices?)\b",
                    re.sub(r"^\s*(?:and|to|-|–)\s*\d+", "", after)[:40], re.I) and \
                not R.AGE_AFTER.match(after):    # ("between 10 and 99 requests" likewise)
            continue
        # a duration in years: "for a consecutive period of 10 years", "within 12 years"
        if re.search(r"\b(?:period|term|span) of $|\b(?:consecutive|within|every|each|past|"
                     r"last|next|up to|at most) $", before[-30:], re.I) or \
                re.match(r"^\s*years? (?:after|from|following|prior|since|ago)\b", after, re.I):
            continue
        # the stretch of text that belongs to this number: back to the previous number, forward
        # to the next clause or number ("13 and over (16 in the EU and the UK)")
        band_floor = False
        lo = every[k - 1].end() if k else 0
        if len(every) == 1:
            own = text
        else:
            hi = every[k + 1].start() if k + 1 < len(every) else len(text)
            stop = re.search(r"[,;()]|\bwhile\b", text[m.end():hi])
            own = text[lo:m.end() + (stop.start() if stop else hi - m.end())]
            tail = text[m.end():m.end() + (stop.start() if stop else hi - m.end())]
            opened = text.rfind("(", lo, m.start())
            if re.search(r"\bif you (?:reside|live|are (?:located|based|resident))\b|\b(?:for|of) "
                         r"(?:users|residents|people|those) (?:in|of|from)\b", tail, re.I) and (
                    R.UK_WORDS.search(tail) or R.OTHER_REGIONS.search(tail.lower())
                    or R.AGE_ELSEWHERE.search(tail) or R.AGE_PLACE_NAMED.search(tail)):
                # "16 if you reside in the UK or 13 if you reside anywhere else": the place that
                # follows a number is its own; the one before it belongs to the number before
                own = tail
            elif opened != -1 and ")" not in text[opened:m.start()]:
                # "(16 in the EEA, the UK and Switzerland)": the whole bracket is its place list
                closed = text.find(")", m.end())
                if closed != -1 and not R.AGE_NUMBER.search(text[m.end():closed]):
                    own = text[lo:closed]
        # a full stop glued to the next sentence ("...created.In order to register") ends it too
        clause_after = re.split(r"[;]|\.\s|(?<=[a-z])\.(?=[A-Z][a-z])", after, maxsplit=1)[0]
        clause_before = re.split(r"[;]|\.\s|(?<=[a-z])\.(?=[A-Z][a-z])", before)[-1]
        if R.AGE_DEPICTED.search(text) and re.search(r"\bunder (?:the age of )?$|\bwas $|"
                                                     r"\bwere $", before[-14:], re.I):
            continue
        if R.AGE_DEPICTED.search(clause_before[-60:] + clause_after[:40]):
            continue
        under = re.search(r"\b(?:under|below|younger than)(?: the age of)? $", clause_before, re.I)
        if under and R.AGE_TARGETED.search(clause_before[:under.start()][-70:]):
            continue                # "you may not contact anyone under 18 for sexual purposes"
        consent = R.AGE_CONSENT.search(text) is not None
        if re.search(r"\bbetween $", before[-9:], re.I) or re.match(r"^\s*(?:to|-|–)\s*\d", after):
            # "for young people aged 11 to 25": the lower bound is the youngest user; "between 13
            # and 17 you need a parent's consent": the lower end of the consent band likewise
            band_floor = consent
            if not consent and not R.AGE_STRONG.search(clause_before) and not re.search(
                    r"\b(?:for|open to|available to|aimed at|welcomes?|serves?)\b", clause_before,
                    re.I):
                continue        # "teens aged 13 to 17 get stricter settings": a group of users
        if re.search(r"\brecommend\w*|\bsuitab\w*", clause_before, re.I) or (
                re.search(r"\bage of (?:digital )?consent\b", clause_before, re.I)
                and not R.AGE_STRONG.search(clause_before)):
            continue            # advice, or a statement of the law, is no requirement
        if consent:
            with_consent = re.match(r"^\s*(?:years?(?: old| of age)?\s*)?with (?:the )?(?:consent|"
                                    r"permission)", after, re.I)
            barred = re.search(r"\b(?:under|below|younger than)(?: the age of)? $", before[-20:],
                               re.I)
            # "if you are 13 or older but not yet of the age of majority, your parent must agree":
            # the lower end of the consent band is the youngest age allowed
            band_floor = band_floor or re.match(
                r"^\s*(?:years?(?: old| of age)?\s*)?(?:or|and) (?:older|over|above|more),? but "
                r"(?:are )?(?:under|below|younger|not|less)\b", after, re.I) is not None
            # "at least 18, or an emancipated minor, or with a parent's consent": 18 is the age to
            # agree alone, one of several alternatives, not a bar
            alternative = re.match(r"^[^.;]{0,80}?, or\b(?! (?:over|older|above|more|up)\b)"
                                   r"(?:(?!, and\b)[^.;]){0,160}\b(?:parent|guardian)", after,
                                   re.I)
            # (an alternative for some places only leaves the bare age general: "18, or 16 with
            # a parent's consent if you live in Canada")
            if alternative and (band_floor or with_consent or R.UK_WORDS.search(clause_after)
                                or R.OTHER_REGIONS.search(clause_after.lower()) or re.search(
                                    r"\b(?:if|when) you (?:live|reside|are (?:located|based|"
                                    r"resident)) in\b|\bresidents? of\b", clause_after, re.I)):
                alternative = None
            if alternative or barred or (not with_consent and not band_floor and re.search(
                    r"\bif you are\b(?!,? not\b)|\bplayers\b|\bchildren\b|\bmembers aged\b|"
                    r"\b(?:not|n't) (?:yet )?reached\b",
                    clause_before, re.I)):
                continue
        purpose = clause_after
        scoped = False
        gv = R.AGE_GENERAL_VERBS.search(purpose)
        sv = R.AGE_SCOPED_VERBS.search(purpose)
        if sv and (not gv or sv.start() < gv.start()):
            obj = purpose[sv.end():]
            scoped = not R.AGE_GENERAL_OBJECT.match(obj)
        elif gv:
            scoped = _feature(purpose[gv.end():gv.end() + 40])
        else:
            scoped = _feature(clause_before) or _feature(purpose[:60])
            last = re.split(r"\band\b|\bbut\b|,", clause_before)[-1]
            if scoped and re.match(r"^\s*(?:is|are)\b", last, re.I) and re.match(
                    r"^\W*(?:this|the|our) (?:website|site|service|services|platform|app|forum|"
                    r"community)\b(?!['’])", clause_before, re.I):
                # "This site shows adult content and is only for adults 18 or over": the site
                # itself is what the age is for; the content named on the way is no feature
                scoped = _feature(last) or _feature(purpose[:60])
            # the purpose put first: "In order to serve as the family manager, you must be 18"
            svb = R.AGE_SCOPED_VERBS.search(clause_before)
            if svb and svb.group(0).lower().startswith("to ") and \
                    not R.AGE_GENERAL_OBJECT.match(clause_before[svb.end():]):
                scoped = True
        perm = re.search(r"\b(?:may|can|are able to|will be able to)\s+"
                         r"(?:only |also |then |still )?"
                         r"(?!not\b)(\w+(?: up| in)?)(.{0,40})", clause_after, re.I)
        if perm and re.search(r"\b(?:and|before|until|after|when|once|so that|which|that|must)\b|"
                              r"^.{40}", re.sub(r"^\s*(?:years?(?: old| of age)? )?(?:or|and) "
                                               r"(?:older|over|above|up)\b", "",
                                               clause_after[:perm.start()], flags=re.I), re.I):
            perm = None         # "..., and you must pass a check before you can send messages"
        if not scoped and perm and not re.search(
                r"\b(?:under|below|younger than)(?: the age of)? $", before[-20:], re.I):
            # "if you are 18 or over, you may link a card": a permission above an age, unless what
            # is permitted is the service itself ("users 13 and over may use the app")
            verb, obj = perm.group(1).lower(), perm.group(2)
            scoped = not (verb in ("use", "access", "join", "register", "sign up", "visit",
                                   "create", "open", "enter", "browse", "play", "become",
                                   "install", "download", "have", "hold", "get", "set up")
                          and (not obj.strip(" .,;") or R.AGE_GENERAL_OBJECT.match(obj)
                               or re.match(r"^\s*[A-Z][\w.-]*(?:[\s.,;]|$)", obj)  # a brand
                               or re.match(r"^\s*(?:for )?(?:an? |your )?(?:own )?(?:accounts?|"
                                           r"members?|users?)\b", obj, re.I)))
        if scoped:
            continue
        if re.search(r"\b(?:under|below|younger than)(?: the age of)? $", before[-20:], re.I):
            # the bar may be in the lead-in of a list ("You may not use the site: if under 18")
            bar = re.search(r"\b(?:may not|cannot|can't|can not|are not (?:allowed|permitted)|"
                            r"(?:is|are) not (?:available|open|offered)|"
                            r"must not|not (?:intended|meant|designed|directed|allowed|permitted)"
                            r"|will be (?:deleted|closed|removed)|deleted|we close|close accounts"
                            r"|please visit|not for|(?:do|does|will) not (?:allow|permit|accept)"
                            r"|prohibited|forbidden|barred|(?:not|in)eligible|no (?:one|persons?|"
                            r"users?|child|children|individuals?|minors?|people)|nobody"
                            r"|not (?:be )?allowed"
                            # "please don't use the app", "should not use this website"
                            r"|(?:do not|don't|should not|shouldn't) (?:use|access|register|join|"
                            r"sign up|create|open|visit)"
                            # "we will terminate the accounts of users under 13"
                            r"|(?:terminat|suspend|disabl|delet|remov|clos)\w* (?:the |any |their |"
                            r"such )?accounts?)\b",
                            f"{s.lead} {text}" if re.match(
                                r"^\W*(?:if|when|while|whilst|where|you are|by (?:anyone|persons?|"
                                r"people|children|individuals|minors))\b", text, re.I) else text,
                            re.I)
            if not bar:
                continue
        strong = R.AGE_STRONG.search(clause_before[-50:] + text[m.start():m.end() + 30]) \
            is not None or band_floor
        contract = R.AGE_CONTRACT.search(clause_before + " " + clause_after[:80]) is not None \
            and not R.AGE_GENERAL_VERBS.search(clause_before + " " + clause_after[:80])
        if re.search(r"\bnot (?:intended|meant|designed|directed)\b", text, re.I):
            strong = False
        region_text = re.sub(r"\([^()\d]*\)", "", own)   # "(the age of consent in Ireland)"
        # "users who live outside the EEA" are everyone else: the general age
        region_text = re.sub(r"\b(?:outside|other than|except(?: for| in)?)(?: of)?(?: the)?\s+"
                             r"(?:eea|european economic area|eu|european union|europe|"
                             r"united states|u\.s\.a?\.?|usa|us)\b", "", region_text, flags=re.I)
        uk = R.UK_WORDS.search(region_text) is not None or heading_uk
        other = (R.OTHER_REGIONS.search(region_text.lower()) is not None or
                 R.AGE_PLACE_NAMED.search(region_text) is not None) and not \
            re.search(r"\bglobal\b", region_text, re.I) and not R.AGE_ELSEWHERE.search(region_text)
        if R.UK_WORDS.search(region_text) is None and re.search(r"\bglobal\b|\bgenerally\b",
                                                                 region_text, re.I):
            uk = False
        out.append(_Age(int(m.group(1)), strong, uk, other or uk, s, contract))
    if not out and R.AGE_ADULTS_ONLY.search(full_ctx) and not _feature(text):
        out.append(_Age(18, bool(re.search(r"adults only|18\s*\+", text, re.I)), False, False, s))
    return out


def _min_age(sentences: list[Sentence]) -> tuple[Finding, Finding]:
    content = _content(sentences)
    cands = [c for s in content for c in _age_candidates(s)]
    if any(R.AGE_PARENT_ACCEPTS.search(s.text) for s in content):
        # a parent may accept the terms for a child: the age to accept them oneself is no bar
        cands = [c for c in cands if not c.contract]
    general = [c for c in cands if not c.region]
    uk = [c for c in cands if c.uk]

    def pick(cs: list[_Age]) -> Finding:
        if not cs:
            return Finding(None, 0.0, [], "not_found: no minimum age stated")
        strong = [c for c in cs if c.strong]
        pool = strong or cs
        best = min(pool, key=lambda c: c.value)
        return Finding(best.value, 0.9 if strong else 0.7, [best.sentence])

    return pick(general), pick(uk)


# -- disclosures -------------------------------------------------------------------------------


def _prohibits_illegal(sentences: list[Sentence]) -> Finding:
    found = []
    for s in sentences:                  # a heading "No illegal content" is a rule too
        t = R.ILLEGAL_NARROW.sub(" ", s.full)
        if R.ILLEGAL_NOT_GENERAL.search(t):
            continue
        # a list item under a heading that bans: "What you can't post" ... "Anything illegal."
        ruled = R.ILLEGAL_NARROW.sub(" ", f"{s.heading}: {t}") if s.is_item else t
        if R.LAWFUL_ONLY.search(t) or R.LAWFUL_ONLY.search(s.text) or \
                _prohibition_governs(ruled) or \
                (R.LAWFUL_USE.search(t) and not R.GOVERNING_LAW.search(t)):
            found.append(s)
    return _bool(found, conf=0.9)


def _prohibition_governs(t: str) -> bool:
    """A ban governs an illegal-content phrase: "you must not ... post anything illegal",
    "Nothing illegal.", "Illegal content is not allowed"."""
    for ill in R.ILLEGAL_GENERAL.finditer(t):
        for ban in R.PROHIBIT.finditer(t):
            if ban.start() <= ill.start() and ill.start() - ban.end() <= 200:
                return True
        if re.match(r"[^.;]{0,80}\b(?:is|are) (?:not (?:allowed|permitted|tolerated)|prohibited|"
                    r"forbidden|banned)\b", t[ill.end():], re.I):
            return True
        # "Comments that ... break the law ... will be removed": a rule put as its consequence
        if re.match(r"^\W*(?:comments?|posts?|content|material|anything|messages?|uploads?|files?"
                    r"|listings?|images?|videos?)\b", t, re.I) and \
                re.match(r"[^.;]{0,160}\b(?:will|shall) be (?:\w+ )?(?:removed|deleted|taken down)",
                         t[ill.end():], re.I):
            return True
    return False


def _provider_action(text: str) -> re.Match | None:
    for brand in R.BRAND_ACTION.finditer(text):
        if not R.NOT_BRAND.match(brand.group(0)):
            return brand
    for m in R.PROVIDER_ACTION.finditer(text):
        if re.search(r"\b(?:not|never|cannot|n't)\s+(?:\w+\s+){0,3}\w+$", m.group(0), re.I):
            continue                    # "we do not run criminal background checks"
        if R.LOCAL_NEGATION.search(text[max(0, m.start() - 30):m.start()] + " " +
                                   text[m.start():m.end()].split()[0]):
            pre = text[max(0, m.start() - 30):m.end()]
            if re.search(r"\b(?:not|never|cannot|n't)\b\s+(?:\w+\s+){0,2}"
                         r"(?:be\s+)?(?:\w+ly\s+)?\w+$", pre, re.I):
                continue
        return m
    return None


def _illegal_target(text: str, *, bare: bool = False) -> bool:
    """The text names illegal content, once clauses about copyright or trade marks and the
    provider's own hypothetical breaches ("unless doing so would breach the law") are cut;
    ``bare``: the police or a hotline alone do not count either."""
    text = R.TARGET_HYPOTHETICAL.sub(" ", R.IP_CLAUSE.sub(" ", text))
    if R.HARM_VETO["fraud"].search(text):     # fraud on refunds, payouts or rewards
        text = re.sub(r"\bfraud\w*", " ", text, flags=re.I)
    if bare:
        text = R.AUTHORITY.sub(" ", text)
    return R.ILLEGAL_TARGET.search(text) is not None


def _protection(sentences: list[Sentence]) -> Finding:
    direct, indirect = [], []
    content = _content(sentences)
    target_blocks = {(s.source, s.block) for s in content if _illegal_target(s.full)}
    # a policy page about one kind of illegal content says so at its start ("terrorist content")
    topic = any(_illegal_target(s.full, bare=True) for s in content[:3])
    for s in content:
        t = s.full if s.is_item else s.text     # "We may remove content that: - is illegal"
        if R.RESERVATION.search(t) or R.USER_BAN.search(s.text):
            continue
        act = _provider_action(t)
        if not act:
            continue
        if R.USER_ACTION.search(t) and not re.search(r"\bwe\b|\bour\b", t, re.I):
            continue
        soft = R.SOFT_RESERVATION.search(t) is not None
        if _illegal_target(t, bare=soft):
            direct.append(s)
        elif soft:
            continue
        elif (s.source, s.block) in target_blocks and R.ANAPHOR.search(t):
            indirect.append(s)
        elif s.heading and R.ILLEGAL_TARGET.search(s.heading):
            indirect.append(s)               # under "How we deal with illegal content"
        elif topic and (R.POLICY_BREACH.search(t) or R.POLICY_BREACH.search(s.heading)):
            indirect.append(s)               # "we suspend accounts that violate this policy"
    if direct:
        return Finding(True, 0.85, direct[:MAX_QUOTES])
    if indirect:
        return Finding(True, 0.6, indirect[:MAX_QUOTES])
    return Finding(False, SILENT, [])


def _incidental(s: Sentence, m: re.Match, before: re.Pattern, after: re.Pattern) -> bool:
    """Whether the words around one harm word make that mention incidental (its lead-in counts)."""
    head = (s.lead + " " if s.lead else "") + s.text[:m.start()]
    return bool(before.search(head[-R.HARM_BEFORE:])
                or after.search(s.text[m.start():m.end() + R.HARM_AFTER]))


def _section_vetoed(sentences: list[Sentence], i: int, veto: re.Pattern) -> bool:
    """Whether the first sentences under heading ``i`` make its harm word incidental."""
    body = [s.text for s in sentences[i + 1:i + 6] if not s.is_heading]
    return veto.search(" ".join(body)) is not None


def _harms(sentences: list[Sentence]) -> Finding:
    covered: dict[str, Sentence] = {}
    for harm, pattern in R.HARM_PATTERNS.items():
        veto = R.HARM_VETO.get(harm)
        local = R.HARM_LOCAL_VETO.get(harm)
        context = [R.HARM_CONTEXT_VETO["*"]] + ([R.HARM_CONTEXT_VETO[harm]]
                                               if harm in R.HARM_CONTEXT_VETO else [])
        defined: set[str] = set()
        for i, s in enumerate(sentences):
            hits = [m for m in pattern.finditer(s.text)
                    if local is None or not local.match(s.text, m.start())]
            if hits:
                hits = [m for m in hits if not any(_incidental(s, m, *c) for c in context)]
            if hits and harm == "pornography" and s.lead and \
                    R.HARM_PATTERNS["csea"].search(s.lead):
                continue                 # an item of a list about child sexual exploitation
            if hits and veto is not None:
                # "such fraudulent behaviour" means what the sentences before named; a term
                # defined in a vetoed sentence ("... ('Fraudulent Activity')") keeps its meaning
                hits = [m for m in hits if not (
                    s.text[max(0, m.start() - 5):m.start()].lower() == "such " and
                    any(veto.search(p.text) for p in sentences[max(0, i - 2):i])) and
                    not any(d in s.text and m.start() >= s.text.find(d) and
                            m.start() < s.text.find(d) + len(d) for d in defined)]
            if hits:
                if veto is not None and veto.search(s.text):
                    defined.update(R.DEFINED_TERM.findall(s.text))
                    continue
                if s.is_heading and veto is not None and _section_vetoed(sentences, i, veto):
                    continue                 # "Fraudulent Activity" heading a payout clause
                covered[harm] = s
                break
    value = [h for h in HARMS if h in covered]
    return Finding(value, 0.8, [covered[h] for h in value])


_ADDRESS = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+|https?://\S+", re.I)


def _reporting(sentences: list[Sentence]) -> Finding:
    found = []
    content = _content(sentences)
    for i, s in enumerate(content):
        t = s.text
        if R.REPORT_VETO.search(t) and not R.REPORT_VETO_EXEMPT.search(_ADDRESS.sub(" ", t)):
            continue    # copyright, bugs, passwords ("abuse@..." is an address, not abuse)
        if re.search(r"\bpolice\b", t, re.I) and not R.REPORT_ROUTE.search(
                re.sub(r"\bpolice\b", "", t, flags=re.I)):
            continue
        word = R.REPORT_WORD.search(t)
        if word and R.REPORT_WEAK.fullmatch(word.group(0)) and not R.REPORT_TOPIC.search(t):
            word = None     # "let us know if you cannot agree" is no report of content
        if word and R.REPORT_ROUTE.search(t) and not \
                re.search(r"\bwe (?:will |may )?report\b|\breported to\b|\breport is made\b", t,
                          re.I):
            found.append(s)
        elif R.UI_CONTROL.search(t) and (R.CONCERN.search(t) or R.REPORT_HEADING.search(s.heading)
                                         or R.CONCERN.search(s.heading) or R.REPORT_WORD.search(t)):
            found.append(s)
        elif R.CONCERN.search(t) and R.CONCERN_ROUTE.search(t) and R.CONCERN_TOPIC.search(t) \
                and not R.CONCERN_APPEAL.search(t):
            found.append(s)
        elif s.heading and R.REPORT_HEADING_STRICT.search(s.heading) and \
                not R.REPORT_VETO.search(s.heading) and re.search(r"https?://|@[\w-]+\.\w", t):
            found.append(s)     # under "Reporting violations": "read how it works here: <link>"
        elif R.COMPLAIN_WORD.search(t) and R.COMPLAIN_ROUTE.search(t) and not \
                R.COMPLAINT_VETO.search(t) and not R.GENERAL_INQUIRY.search(t):
            # "you may complain through our support team", about content named here or just before
            before = content[i - 1].text if i and content[i - 1].block == s.block else ""
            if R.CONCERN_TOPIC.search(t) or R.CONCERN_TOPIC.search(before):
                found.append(s)
    return _bool(found)


def _complaints(sentences: list[Sentence]) -> Finding:
    found, finals = [], []
    content = _content(sentences)
    for i, s in enumerate(content):
        t = s.full
        if R.NO_APPEAL.search(s.text):
            finals.append(s)
            if not re.search(r"\bmay appeal\b|\bcan appeal\b", s.text, re.I):
                continue
        m = R.COMPLAINT.search(s.text)
        in_heading = bool(s.heading) and R.COMPLAINT.search(s.heading) is not None
        if not (m or in_heading):
            continue
        if R.COMPLAINT_VETO.search(s.text) or R.COMPLAINT_HEADING_VETO.search(s.heading):
            continue
        if R.GENERAL_INQUIRY.search(s.text) and not R.MODERATION.search(s.text):
            continue    # "questions, comments or complaints about the service"
        # the sentence before, in the same paragraph, may say what the complaint is about
        before = content[i - 1].text if i and content[i - 1].block == s.block else ""
        if m and R.COMPLAINT_ROUTE.search(t) and (R.COMPLAINT_CONTEXT.search(t)
                                                  or R.MODERATION.search(before)):
            found.append(s)
        elif in_heading and not \
                R.COMPLAINT_VETO.search(s.heading) and not \
                R.GENERAL_INQUIRY.search(s.heading) and re.search(
                    r"\b(?:tap|click|select|use|email|e-mail|write|contact|send|form|reply)\b|@",
                    s.text, re.I) and (R.MODERATION.search(s.text)
                                       or R.MODERATION.search(s.heading)
                                       or re.search(r"\bappeal", s.heading, re.I)):
            found.append(s)
    if found:
        return Finding(True, 0.85, found[:MAX_QUOTES])
    if finals:
        return Finding(False, 0.85, finals[:MAX_QUOTES])
    return Finding(False, SILENT, [])


def _proactive(sentences: list[Sentence]) -> tuple[list[Sentence], list[Sentence]]:
    found, denials = [], []
    content = _content(sentences)
    for i, s in enumerate(content):
        t = s.text
        m = R.PROACTIVE_ANY.search(t)
        if not m:
            continue
        if _denied(t) and not _NOT_SOLELY.search(t):      # "not solely automated" is a use
            denials.append(s)
            continue
        # "automated systems", "machine learning", "AI" count only when used by the service to
        # find or act on violations, spam or harm (not AI features, training, dialling)
        if not R.PROACTIVE_STRONG.search(t) and not R.PROACTIVE_PURPOSE.search(t):
            # the purpose may follow in the next sentence: "... AI tools. Such tools are used
            # under human review to ..."
            after = content[i + 1] if i + 1 < len(content) else None
            if not (after and after.block == s.block and _REFERS_BACK.search(after.text) and
                    R.PROACTIVE_PURPOSE.search(after.text)):
                continue
        if R.PROACTIVE_OFF.search(t) and not R.PROACTIVE_STRONG.search(t) and \
                not _PROACTIVE_CORE.search(t, m.start(), m.end() + 250):
            continue
        if R.PROHIBIT.search(s.full) and _USER_ACTOR.search(s.full) and \
                not R.PROACTIVE_BY_US.search(t) and not _OUR_PROMISE.search(s.full):
            continue                                  # a rule for users' own tools
        near = t[max(0, m.start() - 80):m.end() + 80]
        if R.TECH_USER_BAN.search(t) and \
                not re.search(r"\bwe (?:\w+ )?(?:use|run|employ|deploy)\b|\bour\b", near, re.I):
            continue
        found.append(s)
    return found, denials


_REFERS_BACK = re.compile(r"^\W*(?:(?:any |all )?(?:these|such|this|those) (?:\w+ )?(?:tools|"
                          r"systems|technolog\w*|software|models?|filters)|they|it)\b", re.I)
_NOT_SOLELY = re.compile(r"\bnot (?:\w+ )?(?:solely|only|exclusively|entirely|purely|just)\b",
                         re.I)
_USER_ACTOR = re.compile(r"\b(?:you|your|users?|members?|anyone|players?|customers?)\b", re.I)
#: A promise of the service ("our staff will not access your files except ..."), not a user rule.
_OUR_PROMISE = re.compile(r"\b(?:we|personnel|staff|employees|moderators)\s+(?:\w+\s+)?"
                          r"(?:will|shall|do|does|would)\s+not\b", re.I)
_PROACTIVE_CORE = re.compile(
    r"\bdetect|\bidentif(?:y|ies|ying|ication)\b|\bmoderat|\bspam|\babus|\bfraud|\bviolat|"
    r"\bharmful\b|\billegal\b|\bsafety (?:tools|systems|teams?|measures|filters)\b|"
    r"\bcompl(?:y|iance) with (?:our |the |these )?(?:\w+ )?(?:guidelines|rules|polic|terms)",
    re.I)


def _hash_csam(sentences: list[Sentence]) -> tuple[list[Sentence], list[Sentence]]:
    found, denials = [], []
    for s in _content(sentences):
        t = s.text
        if (R.HASH_TERM.search(t) and R.CSAM_TERM.search(t)) or R.CSAM_TOOL.search(t):
            if _denied(t):
                denials.append(s)
                continue
            if re.search(r"\bpasswords?\b|\bde-?duplicat|\bidentical files\b", t, re.I) and \
                    not R.CSAM_TERM.search(t):
                continue
            found.append(s)
    return found, denials


def _hash_iia(sentences: list[Sentence]) -> tuple[list[Sentence], list[Sentence]]:
    found, denials = [], []
    for s in _content(sentences):
        t = s.text
        stop = re.search(r"\bstopncii\b", t, re.I) is not None
        hashed = re.search(r"\bhash", t, re.I) is not None
        if not (stop or (hashed and R.IIA_TERM.search(t))):
            continue
        if _denied(t) or re.search(r"\bnot able to take part\b", t, re.I):
            denials.append(s)
            continue
        if R.IIA_RESOURCE.search(t) or not R.IIA_PROVIDER.search(t):
            continue
        if re.search(r"^\s*(?:you|participating)\b", t, re.I):
            continue
        found.append(s)
    return found, denials


def _url_list(sentences: list[Sentence]) -> tuple[list[Sentence], list[Sentence]]:
    found, denials = [], []
    for s in _content(sentences):
        t = s.text
        if R.URL_LIST.search(t) and R.URL_ACTION.search(t):
            if re.search(r"\bmalware\b|\bsafe ?browsing\b", t, re.I) and \
                    not re.search(r"\biwf\b|internet watch|child", t, re.I):
                continue
            if _denied(t):
                denials.append(s)
                continue
            found.append(s)
    return found, denials


def _age_assurance(sentences: list[Sentence]) -> Finding:
    found, denials = [], []
    for s in _content(sentences):
        t = s.text
        if R.AGE_DENIAL.search(t):
            denials.append(s)
            continue
        m = R.AGE_CHECK.search(t) or (R.AGE_METHOD.search(t) and R.AGE_CONTEXT.search(t))
        if not m:
            continue
        if R.AGE_CHECK_VETO.search(t) and not re.search(r"\b(?:you|users?|visitors?|viewers?|"
                                                        r"members?|players?)\b", t, re.I):
            continue
        if re.search(r"\bidentity\b", t, re.I) and not re.search(r"\bage\b", t, re.I):
            continue
        found.append(s)
    return _bool(found, denials=denials)


def _adult_allowed(sentences: list[Sentence]) -> Finding:
    found = []
    for s in _content(sentences):
        t = s.text
        m = R.ADULT_HINT.search(t) and (R.ADULT_PERMIT.search(t) or R.ADULT_PERMIT_NAMED.search(t))
        if not m:
            continue
        if re.search(r"\bunless\b|\bexcept\b", m.group(0), re.I):
            found.append(s)                   # a ban lifted once restricted, marked, filtered
            continue
        span = t[max(0, m.start() - 25):m.end()]
        just_before = t[max(0, m.start() - 14):m.start()]
        after = t[m.end():m.end() + 60]
        if R.ADULT_PERMIT_VETO.search(span) or R.ADULT_CONTEXT_ONLY.search(after) or \
                re.search(r"(?:\b(?:no|not|never|nor)|n[’']t)\s+(?:\w+\s+)?$", just_before, re.I):
            continue
        if re.search(r"\b(?:that|which)\s+$", just_before, re.I) and \
                (R.PROHIBIT.search(s.full) or _REMOVED.search(t)):
            continue                          # "images that may contain nudity" (in a ban)
        found.append(s)
    if found:
        return Finding(True, 0.85, found[:MAX_QUOTES])
    prohibitions = [s for s in _content(sentences)
                    if R.HARM_PATTERNS["pornography"].search(s.full) and R.PROHIBIT.search(s.full)]
    if prohibitions:
        return Finding(False, 0.85, prohibitions[:MAX_QUOTES])
    return Finding(False, 0.6, [], "")


_REMOVED = re.compile(r"\b(?:remov|delet|taken down|banned|blocked)", re.I)

_HOUR_WORDS = {"one": 1, "two": 2, "a": 1, "twenty-four": 24, "forty-eight": 48,
               "twenty four": 24, "forty eight": 48}


def _iia_48h(sentences: list[Sentence]) -> Finding:
    found = []
    for s in _content(sentences):
        t = s.text
        if not (R.IIA_REPORT_TERM.search(t) or R.IIA_REPORT_TERM.search(s.heading)):
            continue
        for m in R.WITHIN_HOURS.finditer(t):
            n = int(m.group(1)) if m.group(1) else _HOUR_WORDS[m.group(2).lower()]
            unit = m.group(3).lower()
            if "business" in unit or "working" in unit:
                continue
            hours = n * 24 if unit.startswith("day") else n
            if hours <= 48 and R.COMMIT.search(t):
                found.append(s)
                break
    return _bool(found)


# -- revision date --------------------------------------------------------------------------------


def _parse_date(kind: str, m: re.Match, day_first: bool) -> date | None:
    g = m.groups()
    try:
        if kind in ("ymd", "ymd_compact"):
            return date(int(g[0]), int(g[1]), int(g[2]))
        if kind == "dmy_text":
            return date(int(g[2]), R.MONTHS[g[1].lower()], int(g[0]))
        if kind == "mdy_text":
            return date(int(g[2]), R.MONTHS[g[0].lower()], int(g[1]))
        if kind == "my_text":
            return date(int(g[1]), R.MONTHS[g[0].lower()], 1)
        if kind == "numeric":
            a, sep, b, y = int(g[0]), g[1], int(g[2]), int(g[3])
            y = y + 2000 if y < 100 else y
            if a > 12:
                return date(y, b, a)
            if b > 12:
                return date(y, a, b)
            if sep == "." or day_first:
                return date(y, b, a)
            return date(y, a, b)
    except (ValueError, KeyError):
        return None
    return None


def _first_date(window: str, day_first: bool, max_start: int) -> tuple[date | None, bool]:
    """The first date in ``window`` starting within ``max_start`` characters, and whether a
    date-shaped string was there at all (an impossible date such as 30 February)."""
    d, found, _ = _date_at(window, day_first, max_start)
    return d, found


def _date_at(window: str, day_first: bool, max_start: int) -> tuple[date | None, bool, int]:
    """As :func:`_first_date`, with the offset where the date ends (-1 when there is none)."""
    best: tuple[int, str, re.Match] | None = None
    for kind, pattern in R.DATE_FORMS:
        m = pattern.search(window)
        if m and m.start() <= max_start and (best is None or m.start() < best[0]):
            best = (m.start(), kind, m)
    if best is None:
        return None, False, -1
    return _parse_date(best[1], best[2], day_first), True, best[2].end()


def _whole_date(piece: str, day_first: bool) -> date | None:
    """The date ``piece`` is, when it is nothing but a date."""
    d, _, end = _date_at(piece, day_first, 0)
    return d if d is not None and not piece[end:].strip(" ,.") else None


#: How far into a document a line that is only a date is read as its revision date.
DATE_LINE_REACH = 1500


def _line_dates(text: str, day_first: bool) -> dict[str, tuple[date, str]]:
    """Dates that stand on lines of their own: the first line near the top that is only a date
    (printed under the title or as a byline), and the latest entry of a changelog (lines that
    begin with a date and a colon, then the change)."""
    found: dict[str, tuple[date, str]] = {}
    pos = 0
    for line in unicodedata.normalize("NFKC", text or "").split("\n"):
        start, pos = pos, pos + len(line) + 1
        if not line.strip() or len(line) > 300:
            continue
        if start < DATE_LINE_REACH and "dateline" not in found:
            m = R.DATE_LINE.match(line)
            d = _whole_date(m.group("date"), day_first) if m else None
            if d is not None and 1995 <= d.year <= 2100:
                found["dateline"] = (d, line.strip(" *_#"))
                continue
        m = R.CHANGELOG_LINE.match(line)
        d = _whole_date(m.group("date"), day_first) if m else None
        if d is not None and 1995 <= d.year <= 2100 and \
                ("changelog" not in found or d > found["changelog"][0]):
            found["changelog"] = (d, line.strip(" *_-"))
    return found


def _day_first(text: str, url: str, lang: str = "") -> bool:
    """Is an ambiguous numeric date ("03/04/2025") day first?  British documents write dates day
    first, American ones month first (LABELS.md), so the document's own signs are counted:
    British or American spellings, institutions and currency; continental European countries
    and the euro (Europe writes dates day first too); a ``.uk`` address; how it writes
    dates in words ("3 March 2025" against "March 3, 2025"); and the page's declared language
    (``en-GB`` against ``en-US``, worth as much as the address, since templates often declare
    one by default).  A tie, or no sign at all, is day first: the auditor is for UK services."""
    text = text[:30000]
    low = text.lower()
    uk = len(R.BRITISH.findall(low)) + (3 if re.search(r"\.uk(?:[/:]|$)", url) else 0)
    uk += len(R.EUROPEAN.findall(low))
    us = len(R.AMERICAN.findall(low))
    uk += 2 * len(R.DATE_FORM["dmy_text"].findall(text))
    us += 2 * len(R.DATE_FORM["mdy_text"].findall(text))
    region = (lang or "").lower().replace("_", "-").split("-")[1:2]
    if region and region[0] in ("us", "ph"):
        us += 3
    elif region:
        uk += 3                         # en-GB, en-IE, en-AU, en-NZ, en-IN, en-ZA ...: day first
    return uk >= us


def last_updated(text: str, url: str = "", lang: str = "") -> Finding:
    """The document's revision date (LABELS.md, last_updated): the latest "last updated" date,
    else the latest "effective" date, else the date of a version line; ISO ``YYYY-MM-DD``.
    ``lang`` is the page's declared language (``en-GB``), one of the signs for reading an
    ambiguous numeric date (:func:`_day_first`)."""
    flat = " ".join(unicodedata.normalize("NFKC", text or "").split())
    flat = flat.replace("_", " ").replace("*", "")
    # only a numeric date ("04/05/2025") needs the document's signs of which way it is written
    day_first = _day_first(flat, url, lang) if R.DATE_FORM["numeric"].search(flat) else True
    best: dict[str, tuple[date, str]] = {}
    for kind, label, reach in R.DATE_LABELS:
        for m in label.finditer(flat):
            window = flat[m.end():m.end() + 60]
            d, _, end = _date_at(window, day_first, reach)
            if d is None or d.year < 1995 or d.year > 2100:
                continue
            if kind == "effective" and R.DATE_RANGE_END.match(window[end:]):
                continue                # "effective from X until Y": a past version's period
            lo = flat.rfind(". ", 0, m.start()) + 1
            quote = flat[lo:min(len(flat), m.end() + 40)].strip()
            if kind not in best or d > best[kind][0]:
                best[kind] = (d, quote)
    for kind in ("updated", "effective", "version"):
        if kind in best:
            d, quote = best[kind]
            return Finding(d.isoformat(), 0.9 if kind == "updated" else 0.8,
                           [Sentence(quote)])
    lines = _line_dates(text, day_first)
    for kind in ("changelog", "dateline"):
        if kind in lines:
            d, quote = lines[kind]
            return Finding(d.isoformat(), 0.7, [Sentence(quote)])
    return Finding(None, 0.0, [], "not_found: no revision date stated")


# -- reading grade --------------------------------------------------------------------------------


_VOWELS = re.compile(r"[aeiouy]+")
_ADD = re.compile(r"[aeiouy]ia|ia(?!n$)|io(?!n)|iu|(?<!p)eo|ua|uo|[^aeiou]ying$|ie[rt]$|"
                  r"[aeiou]ing$|ism$")
_SILENT_SUFFIX = re.compile(r"[^aeiouy]e(?:ly|ful|fully|ment|ments|ness|less|ty|one|thing|where|"
                            r"lines?)$")


@lru_cache(maxsize=20000)
def syllables(word: str) -> int:
    """Syllables of an English word by rule: vowel groups, less a silent final or inner "e" and
    an unsounded "-ed"/"-es", plus split vowel pairs ("ia", "io", "eo").  It agrees with the CMU
    pronouncing dictionary (which textstat uses) on about 98% of the words of the terms corpus."""
    w = word.lower().replace("'", "").replace("’", "")
    if not w:
        return 0
    if not w[0].isalpha():
        return 1
    if len(w) <= 3:
        return 2 if w in ("our", "any") else 1
    n = len(_VOWELS.findall(w))
    if w.endswith("e") and not re.search(r"(?:[^aeiouy]le|ee|ie|ye)$", w):
        n -= 1
    if re.search(r"[^aeiouytd]ed$", w):
        n -= 1
    if re.search(r"[^aeiouy]es$", w) and not re.search(r"(?:[sxz]|ch|sh|[cg])es$", w):
        n -= 1
    if _SILENT_SUFFIX.search(w):
        n -= 1
    n += sum(1 for _ in _ADD.finditer(w)) if _ADD.search(w) else 0
    return max(1, n)


_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’]*(?:-[A-Za-z0-9'’]+)*")
_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*$")
_NAV_SEPARATORS = re.compile(r"\s[|·•›»/]\s")
MIN_PROSE_WORDS = 3        # shorter pieces are labels, not sentences
MIN_ITEM_WORDS = 4         # a list item shorter than this is a fragment of its lead-in
MIN_LINE_WORDS = 8         # an unpunctuated line shorter than this is navigation or a label


def is_prose(s: Sentence, tokens: Sequence[str]) -> bool:
    """Is this sentence running prose, what a reading-grade formula is made for?  Not a heading,
    not a navigation line or label ("Home | About", "Last updated: 3 March 2025", "© 2025
    Example Ltd"), and not a list item that is only a fragment of its lead-in sentence
    ("terrorist content;"): a list item counts only when it is a sentence of its own (a capital
    first letter, a full stop, and four words or more), as numbered clauses are."""
    if s.is_heading or len(tokens) < MIN_PROSE_WORDS:
        return False
    text = s.text.strip()
    ends = _SENTENCE_END.search(text) is not None
    if _NAV_SEPARATORS.search(text) and len(_NAV_SEPARATORS.findall(text)) >= 2:
        return False
    if s.is_item:
        first = text.lstrip("\"'“‘([")[:1]
        return ends and len(tokens) >= MIN_ITEM_WORDS and (first.isupper() or first.isdigit())
    return ends or len(tokens) >= MIN_LINE_WORDS


#: Web and mail addresses, and bare domain names: read as names, not as words of prose.
_ADDRESS = re.compile(r"https?://\S+|\bwww\.\S+|\S+@\S+\.\w+|"
                      r"\b(?:[\w-]+\.)+(?:com|org|net|io|co|uk|fr|de|eu|ai|app|gov|edu)\b(?:/\S*)?")
#: Where a page's markup lost the break between sentences or list items: a full stop glued to
#: the next sentence ("...of the service.The Member..."), a bullet kept inside the line
#: ("... conditions: * Be civil. * Be lawful."), hyphen bullets run together (":- Sending
#: messages- Viewing profiles").
_LOST_BREAK = re.compile(r"(?<=[a-z][.!?])(?=[A-Z][a-z])|\s[*•]\s+|:-\s*|(?<=[a-z])- (?=[A-Z])")


def _prose_pieces(text: str) -> list[list[str]]:
    """The words of each sentence of a prose line, addresses left out and lost sentence or item
    breaks restored; pieces under three words are labels and are dropped."""
    pieces = (_WORD.findall(p) for p in _LOST_BREAK.split(_ADDRESS.sub(" ", text)))
    return [t for t in pieces if len(t) >= MIN_PROSE_WORDS]


def _rejoined(sentences: Iterable[Sentence]) -> list[Sentence]:
    """The sentences with hard-wrapped lines put back together: a document converted from a PDF
    or a fixed-width page may break every line into a paragraph of its own, so a piece that
    stops without a full stop and is followed by one that starts in lower case, or that stops
    on a word that cannot end a sentence ("... the"), goes on in the next piece."""
    out: list[Sentence] = []
    for s in sentences:
        prev = out[-1] if out else None
        if prev is not None and not (s.is_heading or s.is_item or prev.is_heading) and \
                prev.source == s.source and not _TERMINAL.search(prev.text) and \
                (s.text[:1].islower() or _DANGLING.search(prev.text)):
            out[-1] = replace(prev, text=f"{prev.text} {s.text}")
        else:
            out.append(s)
    return out


def reading_grade(sentences: list[Sentence]) -> float | None:
    """Flesch-Kincaid grade of the prose sentences (see the module docstring and
    :func:`is_prose`, :func:`_prose_pieces`); None under 10 words of prose."""
    words = syll = count = 0
    for s in _rejoined(sentences):
        tokens = _WORD.findall(s.text)
        if not is_prose(s, tokens):
            continue
        for piece in _prose_pieces(s.text):
            words += len(piece)
            count += 1
            syll += sum(syllables(part) for tok in piece for part in tok.split("-") if part)
    if words < 10:
        return None
    return round(0.39 * words / max(1, count) + 11.8 * syll / words - 15.59, 1)


# ------------------------------------------------------------------------------------------------
# The analysis


def _extras(extra_texts: Mapping[str, str] | Sequence[str] | None) -> list[tuple[str, str]]:
    if not extra_texts:
        return []
    if isinstance(extra_texts, Mapping):
        return [(str(k), v or "") for k, v in extra_texts.items()]
    return [(f"extra{i + 1}", v or "") for i, v in enumerate(extra_texts)]


def analyse_terms(text: str, *, url: str = "",
                  extra_texts: Mapping[str, str] | Sequence[str] | None = None,
                  lang: str = "") -> TermsAnalysis:
    """Decide every ``terms.*`` fact the text of terms (and guidelines) states.

    ``extra_texts``: other pages of the service (upload, help, FAQ, safety), by name; they count
    for ``hash_matching_csam``, ``hash_matching_iia`` and ``url_list_detection`` (and so for
    ``proactive_tech``, which those imply), where services often disclose them.  ``lang``: the
    page's declared language (``<html lang>``), used for ambiguous numeric dates.
    """
    sig: dict[str, Finding] = {}
    sig["text_sha256"] = Finding(text_sha256(text), 1.0)         # of the whole text, always
    if len(text) > MAX_ANALYSED_CHARS:    # a hostile or runaway page: its start and its end
        text = text[:MAX_ANALYSED_CHARS] + "\n\n" + text[-TAIL_CHARS:]
    main = sentences_of(text, "main")
    extra = [s for name, t in _extras(extra_texts) for s in sentences_of(t, name)]
    words = len(normalise(text).split())
    grade = reading_grade(main)
    sig["reading_grade"] = Finding(grade, 0.9 if grade is not None else 0.0, [],
                                   "" if grade is not None else "not_found: too little text")
    sig["last_updated"] = last_updated(text, url, lang)
    sig["min_age"], sig["min_age_uk"] = _min_age(main)

    if words < MIN_WORDS:
        note = "not_found: too little text to be terms"
        for name in BOOL_SIGNALS + ("harms_covered",):
            sig[name] = Finding(None, 0.0, [], note)
        return TermsAnalysis({k: sig[k] for k in SIGNALS}, main + extra, words, url)

    sig["prohibits_illegal"] = _prohibits_illegal(main)
    sig["illegal_content_protection"] = _protection(main)
    sig["harms_covered"] = _harms(main)
    sig["reporting"] = _reporting(main)
    sig["complaints"] = _complaints(main)
    sig["age_assurance"] = _age_assurance(main)
    sig["adult_content_allowed"] = _adult_allowed(main)
    sig["iia_48h"] = _iia_48h(main)

    both = main + extra
    for name, fn in (("hash_matching_csam", _hash_csam), ("hash_matching_iia", _hash_iia),
                     ("url_list_detection", _url_list)):
        found, denials = fn(both)
        sig[name] = _bool(found, denials=denials)
    found, denials = _proactive(main)
    implied = [q for name in EXTRA_SIGNALS for q in sig[name].quotes if sig[name].value]
    if not found and implied:
        # hash matching and URL-list detection are proactive technology, wherever disclosed
        sig["proactive_tech"] = Finding(True, 0.75, implied[:MAX_QUOTES])
    else:
        sig["proactive_tech"] = _bool(found, denials=denials)
    return TermsAnalysis({k: sig[k] for k in SIGNALS}, both, words, url)
