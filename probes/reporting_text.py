"""Words of the reporting probe: which links look like content, which option texts name which
report category, and which sentences promise timeframes, outcomes, an opt-out or say what happens
before a report is sent.  Pure functions over strings, so they are tested without a browser."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from urllib.parse import urldefrag, urlencode, urljoin, urlsplit

from bs4 import BeautifulSoup

from auditor.signals import REPORT_CATEGORIES
from probes.base import Link

# -- content items ---------------------------------------------------------------------------
# Path segments that name one piece of user content (a post, a thread, a profile, a file ...).
_POST_SEG = (r"thread|threads|t|topic|topics|post|posts|p|comment|comments|status|statuses|"
             r"discussion|discussions|d|question|questions|q|answer|answers|story|stories|"
             r"entry|entries|item|items|review|reviews")
_MEDIA_SEG = (r"video|videos|watch|v|clip|clips|photo|photos|image|images|pic|pics|media|"
              r"gallery|file|files|f|share|shares|s|paste|pastes|upload|uploads|track|tracks|pin|pins")
_PROFILE_SEG = r"u|user|users|member|members|profile|profiles|people|channel|channels|creator"
POST_PATH = re.compile(rf"/({_POST_SEG})(/|$|\?|-|_|=)", re.I)
MEDIA_PATH = re.compile(rf"/({_MEDIA_SEG})(/|$|\?|=)", re.I)
# A blog's dated permalink (/2026/12/06/a-title/, /2026/12/a-title), a forum script's topic
# (viewtopic.php?t=5, showthread.php?tid=9) and a plain CMS permalink (/?p=123).
DATED_PATH = re.compile(r"/(19|20)\d\d/[01]?\d/([0-3]?\d/)?[^/?#]{3,}")
# A wiki's article (/wiki/Title, /index.php/Title, index.php?title=Title, doku.php?id=page);
# not its special, user or file pages (a namespace before a colon).
WIKI_PATH = re.compile(r"(/(wiki|index\.php)/(?![^/?#:]+:)[^/?#]+$|/index\.php\?(.*&)?"
                       r"title=(?![^&#:]+:)[^&#]+|/doku\.php\?(.*&)?id=[^&#]+)", re.I)
POST_QUERY = re.compile(r"(/(viewtopic|showthread|showtopic|topic|thread|viewthread|post)\.php"
                        r"\b|[?&](p|t|tid|pid|topic|thread|post|page_id)=\d+)", re.I)
PROFILE_PATH = re.compile(rf"/({_PROFILE_SEG})/[^/?#]+|/@[^/?#]+", re.I)
ID_IN_PATH = re.compile(r"/(\d{2,}|[a-z0-9]{6,}(?=[/?#]|$)|[a-z0-9-]{3,}-\d+)(/|$|\?)", re.I)
LISTING_PATH = re.compile(r"/(board|boards|forum|forums|category|categories|c|r|tag|tags|topics|"
                          r"latest|new|popular|trending|browse|explore|section|sections|group|"
                          r"groups|community|communities|channels|feed|top|hot)(/|$|\?)", re.I)
# Links never followed: they act (log out, vote, delete ...) or lead into flows of other probes.
UNSAFE_PATH = re.compile(
    r"(?:^|[/?&=.])(log-?out|sign-?out|delete|remove|vote|upvote|downvote|like|unlike|follow|"
    r"unfollow|subscribe|unsubscribe|block|mute|report|flag|abuse|reply|edit|compose|new|create|"
    r"submit|download|login|log-?in|sign-?in|sign-?up|register|join|signup|settings|account|"
    r"cart|checkout|terms|privacy|cookies?|help|about|contact|search|legal|guidelines|rules|faq|"
    r"support|complaints?|appeals?)(?:$|[/?&=.#])|action=|do=", re.I)
ASSET_EXT = re.compile(r"\.(css|js|mjs|json|xml|rss|atom|png|jpe?g|gif|webp|svg|ico|pdf|zip|"
                       r"gz|mp3|mp4|webm|mov|woff2?|ttf|txt|csv|exe|dmg|apk)$", re.I)


@dataclass
class Candidate:
    url: str
    kind: str          # post | media | profile
    score: float
    text: str = ""


def content_kind(url: str) -> str:
    """``post``, ``media``, ``profile`` or ``""`` for a URL that does not look like content."""
    parts = urlsplit(url)
    path = parts.path + ("?" + parts.query if parts.query else "")
    if not parts.path.strip("/") and not POST_QUERY.search(path):
        return ""
    if ASSET_EXT.search(parts.path) or UNSAFE_PATH.search(path):
        return ""
    if POST_PATH.search(path) or DATED_PATH.search(parts.path) or POST_QUERY.search(path) \
            or WIKI_PATH.search(path):
        return "post"
    if MEDIA_PATH.search(path):
        return "media"
    if PROFILE_PATH.search(parts.path):
        return "profile"
    return ""


def content_candidates(links: list[Link], home_url: str, exclude: set[str]) -> list[Candidate]:
    """Links that look like single pieces of content, best first (body links, ids in path)."""
    out: dict[str, Candidate] = {}
    home = urldefrag(home_url)[0].rstrip("/")
    for lk in links:
        url = urldefrag(lk.url)[0]
        if url.rstrip("/") == home or url in exclude or url in out:
            continue
        kind = content_kind(url)
        if not kind:
            continue
        score = {"post": 3.0, "media": 3.0, "profile": 2.0}[kind]
        if ID_IN_PATH.search(urlsplit(url).path + "/"):
            score += 1.0
        if lk.rel in ("footer", "nav"):
            score -= 2.0
        if lk.rel == "sitemap":
            score -= 0.5
        out[url] = Candidate(url, kind, score, lk.text)
    return sorted(out.values(), key=lambda c: -c.score)


def pick_items(cands: list[Candidate], n: int) -> list[Candidate]:
    """Up to ``n`` items, of varied kinds where the site has them (posts first, then profiles)."""
    picked: list[Candidate] = []
    for kind in ("post", "media", "profile"):
        best = next((c for c in cands if c.kind == kind), None)
        if best and len(picked) < n:
            picked.append(best)
    for c in cands:
        if len(picked) >= n:
            break
        if c not in picked:
            picked.append(c)
    order = {"post": 0, "media": 1, "profile": 2}
    return sorted(picked, key=lambda c: order[c.kind])


def is_listing(url: str) -> bool:
    parts = urlsplit(url)
    return bool(LISTING_PATH.search(parts.path + "/")) and not UNSAFE_PATH.search(parts.path)


def listing_candidates(links: list[Link], home_url: str, exclude: set[str]) -> list[str]:
    """Pages that may list content (boards, categories ...): named ones first, then any short
    in-body link of the home page that is not a key page."""
    home = urldefrag(home_url)[0].rstrip("/")
    named, other = [], []
    for lk in links:
        url = urldefrag(lk.url)[0]
        parts = urlsplit(url)
        if url.rstrip("/") == home or url in exclude or ASSET_EXT.search(parts.path):
            continue
        if UNSAFE_PATH.search(parts.path + ("?" + parts.query if parts.query else "")):
            continue
        if is_listing(url):
            named.append(url)
        elif lk.rel == "body" and lk.source.rstrip("/") == home and not parts.query \
                and 1 <= len([p for p in parts.path.split("/") if p]) <= 2:
            other.append(url)
    out: list[str] = []
    for u in named + other:
        if u not in out:
            out.append(u)
    return out


SEARCH_NAMES = ("q", "query", "search", "s", "k", "keywords", "term", "text", "p")
NEUTRAL_QUERY = "how to"


def search_url(html: str, base_url: str) -> str | None:
    """The results URL of the page's GET search form for a neutral query (a search service's
    content is its results).  A GET search box is a link with a blank: nothing else is filled
    in, and a form with more than one field is not used."""
    soup = BeautifulSoup(html or "", "html.parser")
    for form in soup.find_all("form"):
        if (form.get("method") or "get").lower() != "get":
            continue
        inputs = form.find_all("input")

        def kind(i) -> str:
            return (i.get("type") or "text").lower()

        box = next((i for i in inputs if kind(i) == "search" and i.get("name")), None)
        if box is None and (form.get("role") == "search" or form.find_parent(role="search")
                            or "search" in (form.get("action") or "").lower()):
            box = next((i for i in inputs if kind(i) == "text" and i.get("name")), None)
        if box is None:
            box = next((i for i in inputs if (i.get("name") or "").lower() in SEARCH_NAMES
                        and kind(i) in ("text", "search")), None)
        if box is None:
            continue
        visible = [i for i in inputs if kind(i) not in ("hidden", "submit", "button", "image")]
        if len(visible) > 1 or form.find(["textarea", "select"]):
            continue
        params = [(i["name"], i.get("value") or "") for i in inputs
                  if kind(i) == "hidden" and i.get("name")]
        params.append((box["name"], NEUTRAL_QUERY))
        action = urljoin(base_url, form.get("action") or base_url)
        return urldefrag(action.split("?")[0])[0] + "?" + urlencode(params)
    return None


# -- report categories -----------------------------------------------------------------------
# One category per option text, the first that matches in this order (an "illegal (e.g. fraud)"
# option is illegal, not spam; "Other illegal content" is illegal, not other).
CATEGORY_RULES: tuple[tuple[str, re.Pattern], ...] = (
    ("intimate_image", re.compile(
        r"intimate|non-?consensual|without (\w+ ){0,2}consent|revenge porn|\bncii\b|sextortion|"
        r"image-based (sexual )?abuse|private (sexual|explicit) (images?|photos?|videos?)", re.I)),
    ("child_safety", re.compile(
        r"\bchild|\bminor\b|\bminors\b|under ?(the age of )?1[368]\b|underage|under-age|\bcsam\b|"
        r"\bcsea\b|grooming|sexualis|sexualiz|exploitation of (a )?(child|minor)|young person|"
        r"\bkids?\b|paedophil|pedophil", re.I)),
    ("self_harm", re.compile(
        r"self[- ]?harm|self[- ]?injur|suicid|eating disorder|anorexi|bulimi|pro-?ana", re.I)),
    ("hate", re.compile(
        r"\bhate|hateful|racis|homophob|transphob|antisemit|islamophob|discriminat|\bslurs?\b|"
        r"bigot", re.I)),
    ("harassment", re.compile(
        r"harass|bully|bullying|threat|intimidat|stalk|abusive|\btroll|doxx|personal (info|"
        r"details|information)|insult|targeting (me|someone)", re.I)),
    ("illegal", re.compile(
        r"illegal|unlawful|against the law|\bcrime\b|criminal|terroris|extremis|\bdrugs?\b|"
        r"weapons?|firearms?|trafficking|\blaws?\b", re.I)),
    ("spam", re.compile(
        r"\bspam|\bscam|fraud|phishing|malware|advertis|misleading|fake (account|offer|profile)|"
        r"\bbots?\b|clickbait", re.I)),
    ("other", re.compile(
        r"^\W*(other|others|something else|another (reason|issue|problem)|none of (the|these)"
        r"( above)?|different (reason|issue)|i (just )?don'?t like it|not listed)\b|"
        r"off-?topic|wrong (board|forum|section|category|place|channel)", re.I)),
)


def category_of(option: str) -> str | None:
    text = " ".join(option.split())[:200]
    if not text:
        return None
    for name, rx in CATEGORY_RULES:
        if rx.search(text):
            return name
    return None


def categories_of(options: list[str]) -> tuple[list[str], dict[str, str]]:
    """The CONTRACT words offered (in registry order, as the demo truth lists them) and which
    option text gave each."""
    found: dict[str, str] = {}
    for opt in options:
        cat = category_of(opt)
        if cat in REPORT_CATEGORIES and cat not in found:
            found[cat] = " ".join(opt.split())[:200]
    return [c for c in REPORT_CATEGORIES if c in found], found


# -- sentences ---------------------------------------------------------------------------------
def sentences(text: str) -> list[str]:
    """Sentences of visible text (lines first, then sentence ends), trimmed and bounded."""
    out: list[str] = []
    for line in text.splitlines():
        line = " ".join(line.split())
        if not line:
            continue
        for s in re.split(r"(?<=[.!?])\s+(?=[A-Z0-9\"'(])", line):
            s = s.strip()
            if 3 <= len(s) <= 600:
                out.append(s)
            elif len(s) > 600:
                out.extend(s[i:i + 600] for i in range(0, min(len(s), 6000), 600))
    return out


def visible_lines_of_html(html: str) -> str:
    """Visible text of HTML with a line per block, for sentence splitting."""
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup(["script", "style", "noscript", "template", "head"]):
        tag.decompose()
    for tag in soup.find_all(["nav", "footer", "header"]):
        if not tag.find_parent(["article", "main", "section"]):
            tag.decompose()
    return soup.get_text("\n")


_NUM = (r"(\d{1,3}|an?|one|two|three|four|five|six|seven|eight|nine|ten|twelve|fourteen|"
        r"twenty[- ]?four|thirty|forty[- ]?eight|seventy[- ]?two|a few|a couple of|several)")
_UNIT = r"((working|business|calendar|school) )?(hours?|hrs?|h|days?|weeks?|months?)"
TIMEFRAME = re.compile(
    rf"\b(within|in|under|up to|no (more|later) than|inside( of)?|by)\s+(about |around |roughly |"
    rf"the next |the first )?{_NUM}((\s*[-–]\s*|\s+to\s+|\s+or\s+){_NUM})?\s*{_UNIT}\b|"
    rf"\b{_NUM}\s+(working|business)\s+days?\b|\b(same|next) (working |business )?day\b|"
    rf"\b(24|48|72)\s*(hours?|hrs?|h)\b", re.I)
TIMEFRAME_CONTEXT = re.compile(
    r"respond|reply|replies|review|get back|decision|decide|acknowledg|look (at|into)|"
    r"deal with|process|handle|action|resolve|answer|hear (back|from)|contact you|aim|"
    r"moderat|assess|investigat|consider|remove|take (it )?down", re.I)
# A deadline for the complainant ("appeal within 28 days of the decision") is not a promise.
TIMEFRAME_NOT = re.compile(
    r"(you (must|should|need to|have|can|may)|please (send|submit|appeal|contact|write|tell)|"
    r"send it|submit it|appeal)\b[^.]{0,40}\bwithin\b|\bwithin\b[^.]{0,30}\bof (the|our|your|a) "
    r"(decision|removal|notice|suspension|ban)", re.I)

TELL_DECISION = re.compile(
    r"\b(we('ll| will| shall| aim to| try to)?|you('ll| will)( be)?)\b[^.]{0,50}\b(tell|"
    r"let you know|inform|notify|email|update|hear|told|informed|notified|updated|explain)\b"
    r"[^.]{0,60}"
    r"\b(decision|decided|outcome|result|what (we|happens|happened)|action (we|was)|we did|"
    r"we('ve| have) done)",
    re.I)
OUTCOME_LIST = re.compile(
    r"\b(possible|potential) (outcomes?|actions?|results?|decisions?)\b|"
    r"\b(we|moderators?|the team)\b[^.]{0,30}\b(may|might|will|can|could|would)\b[^.]{0,40}"
    r"\b(remove|delete|take (it )?down|suspend|ban|restrict|disable|warn|hide|block|reinstate|"
    r"restore|close)\b|\bif (it|the (post|content|comment|video|file|account)|they)\b[^.]{0,60}"
    r"\b(break|breaks|broke|violat)\w*\b[^.]{0,60}\b(we|it('s| is| will be))\b[^.]{0,30}\b(remov|"
    r"delet|take|suspend|ban|restrict|hid)", re.I)
OPT_OUT = re.compile(
    r"\bopt[- ]?out\b|\bunsubscribe\b|\bstop (receiving|getting)\b[^.]{0,30}\b(updates|emails?|"
    r"messages|notifications)|\b(no longer|don'?t|do not) (want|wish) to (receive|get|hear)|"
    r"\bturn off\b[^.]{0,30}\b(updates|notifications|emails)|\bchoose not to (receive|get|hear)|"
    r"\b(don'?t|do not) (send|email) me\b", re.I)
UPDATES_CHECKBOX = re.compile(
    r"\b(send|email|notify|update|keep|contact)\b[^.]{0,20}\bme\b[^.]{0,40}\b(updates?|about|"
    r"outcome|progress|decision)|\bupdates? (about|on) (my|this|your) (report|complaint)", re.I)
PRE_SUBMIT = re.compile(
    r"what happens (next|after|when|once)|"
    r"\b(after|once|when) you (submit|send|report|make a report)|"
    r"\b(not|never|won'?t|will not|doesn'?t|does not|isn'?t|aren'?t|is not)\b[^.]{0,60}\b(told|"
    r"tell|notif|inform|know|see|find out|learn|shared|share)\w*\b[^.]{0,60}\b(who|report)|"
    r"\b(reports?|your (identity|name|details))\b[^.]{0,40}\b(anonymous|confidential|private)\b|"
    r"\banonymous(ly)?\b[^.]{0,40}\breport|"
    r"\bwe('ll| will)\b[^.]{0,20}\b(review|look at|check|assess|consider)\b[^.]{0,40}\b(report|it|"
    r"this)|\b(moderators?|team|we)\b[^.]{0,20}\b(reviews?|will review|look at|check)\b[^.]{0,20}"
    r"\b(every|each|all|your)\b[^.]{0,10}\breports?|"
    r"\b(we|moderators?|our (\w+ )?team)\b[^.]{0,20}\b(review|reviews|read|assess)\b[^.]{0,20}"
    r"\breports?\b|\bwe (do not|don'?t|cannot|can'?t) (reply|respond)\b", re.I)
REPORT_CONTEXT = re.compile(r"\breport|\bcomplain|\bappeal|\bconcern|\bflag|\bdecision", re.I)
COMPLAINT_WORDS = re.compile(r"\bcomplain(t|ts|ing)?\b", re.I)
APPEAL = re.compile(
    r"\bappeal(s|ed)?\b|\bappealing (a|the|against|our|your)\b|"
    r"\bdispute (a|the|our|this) (decision|removal|ban|suspension)|"
    r"\b(ask|request) (us )?(for |to )?(a )?(second )?review\b|\breview (of )?(a|the|our) "
    r"decision|\bif you (think|believe|feel) (that )?(we|the decision)\b[^.]{0,40}\b(wrong|"
    r"mistake|error)|\bcounter[- ]?notice\b|\breinstate|\bcontest (a|the|this) decision", re.I)
ROUTE_WORDS = re.compile(r"\b(form|email|e-mail|contact|write|@|link|page|button|submit|send|"
                         r"use|fill in|get in touch|let us know|tell us)\b", re.I)
IIA = re.compile(
    r"intimate[- ](image|photo|picture|video|content)s?|non-?consensual[- ](intimate|sexual|"
    r"image|imagery|porn\w*|content)|revenge porn|image-based (sexual )?abuse|stop ?ncii|\bncii\b|"
    r"sextortion|shared without (my|their|your|someone'?s)? ?consent", re.I)
IIA_ROUTE_WORDS = re.compile(r"\b(report|form|request|remov|take ?down|tell us|let us know|"
                             r"contact|email|use)\w*", re.I)
LOGIN_PROMPT = re.compile(
    r"\b(log|sign) ?in to (report|continue|flag|submit|do that|use)|"
    r"\b(need|have|must) to (be )?(log|sign)(ged)? ?in\b|\bplease (log|sign) ?in\b|"
    r"\bonly (logged|signed)[- ]in (users|members|people)\b|"
    r"\b(create|need) an account to (report|flag|continue)\b|\bmembers only\b|"
    r"\b(log|sign) ?in (required|needed)\b", re.I)
#: a password box in a page's HTML (a login form)
PASSWORD_INPUT = re.compile(r"<input\b[^>]*\btype=[\"']?password", re.I)
LOGIN_PATH = re.compile(r"/(log-?in|sign-?in|signin|sign_in|session(s)?/new|auth(enticate)?|"
                        r"account/login|users/sign_in|accounts/login)(\.\w+)?([/?#]|$)", re.I)
CAPTCHA = re.compile(r"g-recaptcha|grecaptcha|recaptcha/(api|enterprise)|www\.google\.com/recaptcha"
                     r"|h-captcha|hcaptcha\.com|cf-turnstile|challenges\.cloudflare\.com/turnstile"
                     r"|data-sitekey|friendly-challenge|frc-captcha|arkoselabs|funcaptcha", re.I)
EMAIL = re.compile(r"\b[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9.-]{1,190}\.[A-Za-z]{2,24}\b")
# An address for complaints or appeals; abuse@ or safety@ is a reporting channel, not one.
DEDICATED_LOCAL = re.compile(
    r"^(complaints?|appeals?|grievances?|legal-?complaints|complaints-?(and|&)?-?appeals|"
    r"disputes?|dsa|osa|online-?safety-?complaints)([._+-]|$)", re.I)
REPORT_LOCAL = re.compile(
    r"^(abuse|reports?|report-?abuse|reporting|safety|trust|trust-?(and|n|&)?-?safety|tns|"
    r"moderation|moderators?|mods|ncii|takedown|onlinesafety|online-?safety)([._+-]|$)", re.I)


def find(rx: re.Pattern, sents: list[str], *, context: re.Pattern | None = None,
         exclude: re.Pattern | None = None) -> str | None:
    """The first sentence matching ``rx`` (and ``context``, and not ``exclude``), preferring a
    whole sentence to a heading of a few words."""
    hits = [s for s in sents if rx.search(s)
            and (context is None or context.search(s))
            and (exclude is None or not exclude.search(s))]
    return next((s for s in hits if len(s.split()) >= 6), hits[0] if hits else None)


def timeframe_sentence(sents: list[str], *, need_report_context: bool) -> str | None:
    for s in sents:
        m = TIMEFRAME.search(s)
        if not m or not TIMEFRAME_CONTEXT.search(s):
            continue
        if TIMEFRAME_NOT.search(s) and len(TIMEFRAME.findall(s)) < 2:
            continue
        if need_report_context and not REPORT_CONTEXT.search(s):
            continue
        return s
    return None


def emails_in(text: str, hrefs: list[str]) -> list[str]:
    found = [h[7:].split("?")[0] for h in hrefs if h.lower().startswith("mailto:")]
    found += EMAIL.findall(text)
    out: list[str] = []
    for e in found:
        e = e.strip().strip(".").lower()
        if "@" in e and e not in out:
            out.append(e)
    return out[:20]


def dedicated_email(emails: list[str], rx: re.Pattern = DEDICATED_LOCAL) -> str | None:
    for e in emails:
        if rx.match(e.split("@", 1)[0]):
            return e
    return None


def pdf_text(data: bytes, max_pages: int = 60) -> str:
    """The text of a PDF (terms and help pages are sometimes only that); "" if unreadable."""
    try:
        from pypdf import PdfReader

        reader = PdfReader(io.BytesIO(data))
        out = []
        for page in reader.pages[:max_pages]:
            try:
                out.append(page.extract_text() or "")
            except Exception:  # noqa: BLE001 - one broken page does not lose the others
                continue
        return "\n".join(out)
    except Exception:  # noqa: BLE001
        return ""


def sentence_with(sents: list[str], needle: str) -> str | None:
    n = needle.lower()
    return next((s for s in sents if n in s.lower()), None)
