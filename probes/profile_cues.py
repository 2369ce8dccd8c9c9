"""What a page shows about a service: the functionalities of Ofcom's risk profiles, UK links,
ages on profiles, adult content, direct-message cues.  Plain functions of :class:`PageView`s.

Each finding is a :class:`Cue` with a strength (how sure the cue alone makes us) and a short
``why`` a supervisor can read (the control's label or the sentence quoted).  Controls count more
than prose; forms for reporting, contact, complaints, search and login never count as a place
to post; text that denies a feature ("no private messages") counts against it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from probes.profile_read import Control, PageView

# -- patterns ---------------------------------------------------------------------------------

PROFILE_PATH = re.compile(
    r"^/(?:u|user|users|member|members|profile|profiles|people|channel|channels|creator|"
    r"creators|author|authors)/(?:profile/)?([^/?#]{1,60})/?$|^/@([^/?#]{1,60})/?$|"
    r"^/(?:w/)?(?:wiki/|index\.php/)?User:([^/?#]{1,60})$", re.I)
NOT_A_NAME = re.compile(r"^(new|edit|login|logout|signup|register|settings|search|me|requests|"
                        r"followers|following|list|index|all|directory|browse|find)$", re.I)

FORM_PURPOSES = (("search", r"search|find|lookup|query|results"),
                 ("login", r"log-?in|sign-?in|session|auth"),
                 ("signup", r"sign-?up|register|join|create-?account"),
                 ("report", r"report\w*|abuse|flag|dmca"),
                 ("contact", r"contact\w*|support|feedback|enquir\w*|help"),
                 ("complaint", r"complain\w*|appeal\w*"),
                 ("gate", r"enter|age|verify|consent|cookies?"),
                 ("subscribe", r"subscribe|newsletter"))
FORM_TEXT_PURPOSE = (("login", re.compile(r"\bpassword\b", re.I)),
                     ("report", re.compile(r"\breport\w*\b", re.I)),
                     ("complaint", re.compile(r"\b(complain\w*|appeal)\b", re.I)),
                     ("contact", re.compile(r"\b(contact us|your email)\b", re.I)))
EXCLUDED_PAGE = re.compile(r"/(report|abuse|contact|complaints?|appeals?|feedback|support|dmca|"
                           r"legal|terms|privacy)", re.I)

MESSAGE_LABEL = re.compile(
    r"^(?:(?:send|write|new)(?: an?)?(?: private| direct)? message|message(?: me| them| @?"
    r"[\w.\-]{1,40})?|(?:private|direct) message|pm|dm|send (?:a )?(?:pm|dm)|"
    r"start (?:a )?(?:new )?(?:private )?(?:chat|conversation)|chat(?: now)?|"
    r"chat with [\w .\-]{1,40}|e-?mail (?:this )?(?:user|member)|"
    r"send (?:an? )?e-?mail(?: to (?:this )?(?:user|member))?|"
    r"message request)$", re.I)
#: a member-to-member form that sends through the service to the member's own mailbox
EMAIL_CHANNEL = re.compile(r"e-?mail", re.I)
INBOX_LABEL = re.compile(r"^(?:messages|inbox|my messages|chats|conversations|direct messages|"
                         r"dms|private messages)(?: \(?\d+\)?)?$", re.I)
INBOX_PATH = re.compile(r"/(messages|inbox|conversations|dm|dms|direct|pm|chats)(/|$)", re.I)
DM_TEXT = re.compile(
    r"\b(direct messag(?:e|es|ing)|private messag(?:e|es|ing)|message requests?|"
    r"send (?:them |someone |other (?:members|users|people) |people |anyone )?(?:a )?"
    r"(?:direct |private )?message to (?:them|someone|anyone|other|a member|people)|"
    r"DMs?|instant messag\w+|chat privately|one-to-one (?:chat|messag\w+)|"
    r"messages? (?:from|between) (?:members|users|people you)|who can message you)\b")
DM_NEGATIVE = re.compile(
    r"\b(?:no|doesn'?t have|does not have|don'?t have|do not have|not offer|no longer "
    r"(?:offer|support)s?)\b[^.\n]{0,30}\b(?:private|direct) messag|\b(?:private|direct) "
    r"messag\w*\b[^.\n]{0,30}\b(?:not available|disabled|turned off|switched off|"
    r"aren'?t available|are not available)", re.I)

CONNECT_LABEL = re.compile(r"^(?:\+ ?)?(?:follow|add friend|add as (?:a )?friend|"
                           r"send friend request|befriend|unfollow|add contact|connect)"
                           r"(?: @?[\w.\-]{1,40})?$", re.I)
CONNECT_TEXT = re.compile(r"\b\d[\d,.]*\s*[km]?\s+(?:followers|following|friends|connections|"
                          r"mutual friends)\b|\b(?:friends|followers) \(\d+\)", re.I)
CONN_HEAD = re.compile(r"^(?:\d+\s+)?(?:friends|followers|following|connections|contacts|"
                       r"mutual friends|subscribers|people following|people \S+ follows)\b",
                       re.I)
SUGGEST = re.compile(
    r"\b(people you (?:may|might) know|who to follow|suggested (?:for you|accounts|people|"
    r"friends|users|follows)|you (?:may|might) (?:also )?(?:know|like to follow)|"
    r"recommended (?:accounts|people|friends|users)|friend suggestions|suggestions for you|"
    r"find (?:new )?friends|make new friends|meet new people|accounts to follow)\b", re.I)
GROUP = re.compile(r"\b(group chats?|group messag\w*|group conversations?|group dms?|"
                   r"chat ?rooms?|new group|create (?:a )?group(?: chat)?|start a group)\b", re.I)
FILE_CTX = re.compile(r"\b(upload (?:a |your )?files?|share (?:your )?files|file[- ](?:sharing|"
                      r"hosting|host|transfer|storage)|files? up to \d|choose a file|any file|"
                      r"download link|share link|share this link)\b", re.I)
IMAGE_TEXT = re.compile(r"\b(share (?:your )?(?:photos|pictures|pics|images)|upload (?:your )?"
                        r"(?:photos|pictures|pics|images)|post (?:photos|pictures|pics|images)|"
                        r"photo[- ]sharing|image ?board|photo albums?)\b", re.I)
IMAGE_LABEL = re.compile(r"\b(photo|picture|image|pic|thumbnail)\b", re.I)
VIDEO_TEXT = re.compile(r"\b(upload (?:your )?videos?|share (?:your )?videos|video[- ]sharing|"
                        r"watch videos)\b", re.I)
VIDEO_PATH = re.compile(r"/(?:video|videos|watch|v|clip|clips|reel|reels)/[^/?#]+", re.I)
LIVE = re.compile(r"\b(live ?stream\w*|go live|live now|streaming now|watch live|"
                  r"live broadcasts?)\b", re.I)
ANON_TEXT = re.compile(
    r"\b(?:post|posts|posting|upload\w*|shar\w+|chat\w*|comment\w*)\b[^.\n]{0,40}"
    r"\banonymous(?:ly)?\b|\banonymous(?:ly)?\b[^.\n]{0,30}\b(?:post|upload|share|chat|"
    r"comment)\w*|\bno (?:registration|sign[- ]?up|account)(?: (?:needed|required))?\b", re.I)
SEARCH_LABEL = re.compile(r"^(?:search|search [\w ]{1,30}|advanced search|find friends|"
                          r"find people|find members)$", re.I)
SEARCH_NAMES = ("q", "query", "search", "s", "keyword", "keywords", "term", "k", "search_query")
FEED_LABEL = re.compile(r"^(?:for you|your feed|news ?feed|home feed|timeline|not interested|"
                        r"show (?:me )?(?:less|fewer)(?: like this)?|see fewer(?: like this)?)$",
                        re.I)
FEED_TEXT = re.compile(r"\b(for you feed|your feed|news ?feed|home feed|timeline|"
                       r"recommends? (?:posts|videos|content)|"
                       r"recommended (?:posts|videos|for you)|"
                       r"because you (?:follow|liked|watched|viewed)|not interested|"
                       r"suggested posts|posts we think you)\b", re.I)
COMMENT_LABEL = re.compile(r"^(?:\d+\s+)?(?:comments?|replies|reply|add a comment|"
                           r"write a comment|leave a comment|post (?:a )?reply|post (?:a )?comment|"
                           r"quote)$", re.I)
COMMENT_TEXT = re.compile(r"\b\d+ (?:comments?|replies)\b|\b(?:log ?in|sign ?in|join|register)"
                          r"\b[^.\n]{0,20}\bto (?:reply|comment)\b", re.I)
#: a reply's own heading in a forum topic ("Re: <the topic's subject>")
REPLY_HEAD = re.compile(r"^re\s?:\s*\S", re.I)
#: a wiki's discussion page beside an article (MediaWiki's Talk: namespaces)
TALK_LABEL = re.compile(r"^(?:talk|discussion|discuss|talk page|discussion page)$", re.I)
TALK_PATH = re.compile(r"(?:[?&]title=|/)(?:[\w%.\-]+_)?talk(?::|%3A)", re.I)
ADULT_LINK = re.compile(r"\b(nsfw|18\s?\+|adults? only|adult(?: content| section| board| videos)?"
                        r"|explicit|xxx|porn\w*)\b", re.I)
EXPLICIT = re.compile(r"\b(sexually explicit|porn(?:ography|ographic)?|xxx|nsfw|adult (?:videos|"
                      r"content|entertainment|material)|adults only|sex (?:videos|cams?|chat))\b",
                      re.I)
NEGATION = re.compile(r"\b(not|no|never|prohibit\w*|ban\w*|forbid\w*|don'?t|do not|isn'?t|"
                      r"aren'?t|without|filters?|block\w*|report\w*)\b", re.I)
AGE_TEXT = re.compile(r"\b(?:age|aged)\s*:?\s*(1\d|[2-9]\d)\b|\b(1\d|[2-9]\d)\s*(?:years? old|"
                      r"y/?o|yrs?\b)", re.I)
CARD_AGE = re.compile(r"^\s*[^\d\n,]{1,40},\s*(1\d|[2-9]\d)\b")
HEAD_AGE = re.compile(r"^\s*[^\d]{1,40}\s(1\d|[2-9]\d)\s*$")
SCHOOL = re.compile(r"\b(year (?:7|8|9|10|11|12|13)\b|[A-Z][\w']+ (?:academy|high school|"
                    r"grammar school|secondary school|primary school|sixth form)|school\s*:)",
                    re.I)
POSTCODE = re.compile(r"\b(?:[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]?|GIR) ?\d[ABD-HJLNP-UW-Z]{2}\b")
UK_WORDS = re.compile(r"\b(united kingdom|england|scotland|wales|northern ireland|great britain|"
                      r"uk|london)\b", re.I)
STREET = re.compile(r"\b(street|st\.|road|rd\.|lane|avenue|square|place|way|court|house|wharf|"
                    r"park|close|row|hill|gardens|terrace|building|floor|suite|unit)\b", re.I)
GBP = re.compile(r"£\s?\d|\b\d+(?:\.\d{2})?\s?GBP\b|\bGBP\s?\d")
PHONE = re.compile(r"(?:\+44\s?\(?0?\)?\s?\d[\d \-]{8,12}\d|"
                   r"\b0\d{2,4}[ \-]?\d{3,4}[ \-]?\d{3,4}\b)")
PHONE_CTX = re.compile(r"\b(phone|tel|telephone|call us|ring us|call|helpline|freephone)\b\W{0,4}"
                       r"(?:us |on )?$", re.I)
HELPLINES = {"08001111", "116123", "08088005000", "08457909090", "85258", "08088010677",
             "08000541111", "08088020925"}
SEARCH_ENGINE = re.compile(r"\b(search engine|web search|search the web|search results from)\b",
                           re.I)
FORUM = re.compile(r"\b(forums?|boards?|threads?|subforums?|topics?|image ?board|message board|"
                   r"discussions?)\b", re.I)
CHAT = re.compile(r"\b(chat ?rooms?|chat with|start chatting|live chat|chat now|chat online)\b",
                  re.I)
DATING = re.compile(r"\b(dating|singles|find (?:a|your) (?:match|date|partner)|matches near you)\b",
                    re.I)
GAMING = re.compile(r"\b(play (?:now|free|online)|multiplayer|game servers?|our game|"
                    r"download the game|mmo\w*)\b", re.I)
_SENT = re.compile(r"(?<=[.!?])\s+|\n+|\s•\s")


@dataclass
class Cue:
    name: str
    strength: float
    url: str = ""
    why: str = ""
    evidence: list[str] = field(default_factory=list)


def sentences(text: str, limit: int = 4000) -> list[str]:
    out = []
    for s in _SENT.split(text or ""):
        s = s.strip()
        if s:
            out.append(s[:600])
        if len(out) >= limit:
            break
    return out


def quote(s: str, n: int = 140) -> str:
    s = " ".join(s.split())
    return s if len(s) <= n else s[: n - 1] + "…"


# -- URLs and forms ---------------------------------------------------------------------------

def profile_name(url: str) -> str | None:
    """The member name of a profile-like URL (``/u/name``, ``/members/name``, ``/@name`` ...)."""
    m = PROFILE_PATH.match(urlsplit(url).path or "")
    if not m:
        return None
    name = m.group(1) or m.group(2) or m.group(3)
    return None if NOT_A_NAME.match(name) else name


def profile_prefix(url: str) -> str | None:
    """The URL with the member name replaced by ``{}`` (to guess another member's URL)."""
    name = profile_name(url)
    if not name:
        return None
    parts = urlsplit(url)
    path = parts.path
    i = path.rfind(name)
    return f"{parts.scheme}://{parts.netloc}{path[:i]}{{}}{path[i + len(name):]}"


def same_site(url: str, other: str) -> bool:
    return urlsplit(url).netloc.lower() == urlsplit(other).netloc.lower()


def form_purpose(view: PageView, control: Control) -> str:
    """What the control's form is for: search, login, signup, report, contact, complaint,
    gate, subscribe, or "" (posting, messaging or anything else)."""
    form = view.form_of(control)
    if form is None:
        return ""
    if form.role == "search":
        return "search"
    words = [w for w in re.split(r"[^a-z0-9]+", urlsplit(form.action).path.lower()) if w]
    words += [w for w in re.split(r"[^a-z0-9]+", form.label.lower()) if w]
    for purpose, pattern in FORM_PURPOSES:
        if any(re.fullmatch(pattern, w) for w in words):
            return purpose
    if any(re.fullmatch(r"comments?|reply|replies|respond", w) for w in words):
        return ""      # a comment form (WordPress's says "Your email address will not be ...")
    for purpose, pattern in FORM_TEXT_PURPOSE:
        if pattern.search(form.text[:300]):
            return purpose
    return ""


def excluded_form(view: PageView, control: Control) -> bool:
    """The control sits in a form for reporting, contact, login, search ... (not for posting)."""
    return form_purpose(view, control) != ""


def excluded_page(view: PageView) -> bool:
    return view.kind in ("contact", "report", "complaints", "login", "signup", "terms",
                         "privacy") or bool(EXCLUDED_PAGE.search(urlsplit(view.url).path))


def message_controls(view: PageView) -> list[Control]:
    """Visible buttons and links that start a direct message with a member."""
    out = []
    for c in view.controls:
        if not c.visible or c.region in ("footer",) or not (c.is_button or c.is_link):
            continue
        if c.tag == "input" and c.type not in ("submit", "button", "image"):
            continue
        if not MESSAGE_LABEL.match(c.label.strip()):
            continue
        form = view.form_of(c)
        if form is not None and (excluded_form(view, c) or not INBOX_PATH.search(form.action)):
            continue
        if excluded_page(view):
            continue
        out.append(c)
    return out


def inbox_controls(view: PageView) -> list[Control]:
    return [c for c in view.controls if c.visible and (c.is_link or c.is_button)
            and INBOX_LABEL.match(c.label.strip())]


# -- direct messages --------------------------------------------------------------------------

def dm_cues(view: PageView) -> tuple[list[Cue], list[Cue]]:
    """(cues for direct messages, cues against them) on one page."""
    pos: list[Cue] = []
    neg: list[Cue] = []
    for c in message_controls(view):
        pos.append(Cue("dm", 0.95, view.url, f'a "{quote(c.label, 40)}" control'))
        break
    for c in inbox_controls(view):
        if not c.href or same_site(c.href, view.url):
            pos.append(Cue("dm", 0.85, view.url, f'a "{quote(c.label, 40)}" link'))
            break
    if not excluded_page(view) or view.kind in ("terms", "help"):
        for s in sentences(view.content_text):
            if DM_NEGATIVE.search(s):
                neg.append(Cue("dm", 0.85, view.url, f'"{quote(s)}"'))
            elif DM_TEXT.search(s) and not re.search(r"\bsend us\b", s, re.I):
                pos.append(Cue("dm", 0.75 if view.kind != "terms" else 0.6, view.url,
                               f'"{quote(s)}"'))
            if len(pos) > 6:
                break
    return pos, neg


# -- functionalities --------------------------------------------------------------------------

def _labels(view: PageView, *, regions: Iterable[str] = ("body", "main", "nav", "dialog",
                                                           "menu")) -> list[Control]:
    regs = set(regions)
    return [c for c in view.controls if c.visible and c.region in regs]


def posting_forms(view: PageView) -> list[tuple[int, list[Control]]]:
    """Visible forms (not report/contact/search/login) with a text area or a file input."""
    out: dict[int, list[Control]] = {}
    for c in view.controls:
        if c.form < 0 or not c.visible or c.disabled:
            continue
        if c.tag == "textarea" or (c.tag == "input" and c.type == "file"):
            if excluded_form(view, c) or excluded_page(view):
                continue
            form = view.form_of(c)
            if form is not None and not form.visible:
                continue
            out.setdefault(c.form, []).append(c)
    return list(out.items())


def file_kind(view: PageView, control: Control, service_text: str = "") -> str:
    """What a file input is for: file_upload, image_sharing or video_sharing."""
    accept = control.accept.lower()
    if accept and all(a.strip().startswith("image") for a in accept.split(",")):
        return "image_sharing"
    if accept and all(a.strip().startswith("video") for a in accept.split(",")):
        return "video_sharing"
    text = view.text[:20000] + "\n" + service_text
    if FILE_CTX.search(text):
        return "file_upload"
    pics = sum(1 for x in view.media.get("role_img", []) if IMAGE_LABEL.search(x))
    if IMAGE_TEXT.search(text) or pics >= 2:
        return "image_sharing"
    if VIDEO_TEXT.search(text) or view.media.get("video"):
        return "video_sharing"
    return "file_upload"


def functionality_cues(view: PageView, *, service_text: str = "") -> list[Cue]:
    """Every functionality cue on one page (a visitor's view)."""
    cues: list[Cue] = []
    url = view.url

    def add(name: str, strength: float, why: str) -> None:
        cues.append(Cue(name, strength, url, why))

    legal = view.kind in ("terms", "privacy")
    texty = not excluded_page(view) or view.kind == "help"
    sents = sentences(view.content_text) if texty else []
    controls = _labels(view)
    own_links = [c for c in view.links() if same_site(c.href, url) or c.href.startswith("/")]

    # profiles
    profiles = [c for c in own_links if profile_name(c.href) and c.region != "footer"]
    if profiles:
        add("profiles", 0.85, f'links to member pages such as {quote(profiles[0].href, 80)}')
    if view.kind == "profile":
        add("profiles", 0.9, "a member profile page")
    # connections
    for c in controls:
        label = c.label.strip()
        if CONNECT_LABEL.match(label) and not re.match(r"^follow us\b", label, re.I):
            add("connections", 0.85, f'a "{quote(label, 40)}" control')
            break
    for s in sents:
        if CONNECT_TEXT.search(s):
            add("connections", 0.7, f'"{quote(s)}"')
            break
    # suggestions
    for c in controls:
        if SUGGEST.search(c.label):
            add("suggestions", 0.8, f'a "{quote(c.label, 50)}" control')
            break
    for h in view.headings:
        if h.visible and SUGGEST.search(h.text):
            add("suggestions", 0.85, f'a "{quote(h.text, 50)}" heading')
            break
    for s in sents:
        if SUGGEST.search(s):
            add("suggestions", 0.7, f'"{quote(s)}"')
            break
    # connection lists: a section headed friends/followers listing member links
    for sec in view.sections:
        if CONN_HEAD.match(sec.heading.strip()) and sec.region != "footer":
            members = [u for u in sec.links if profile_name(u) and u.rstrip("/") !=
                       url.rstrip("/")]
            if members:
                add("connection_lists", 0.85, f'a "{quote(sec.heading, 40)}" list of members')
                break
    if view.kind == "connection_list":
        members = [c for c in profiles if c.region not in ("nav", "footer")]
        if members:
            add("connection_lists", 0.9, f"a public list of {len(members)} members")
    # direct messages
    pos, neg = dm_cues(view)
    cues.extend(pos)
    cues.extend(Cue("no_dm", n.strength, n.url, n.why) for n in neg)
    # group chat
    for c in controls:
        if GROUP.search(c.label):
            add("group_chat", 0.8, f'a "{quote(c.label, 40)}" control')
            break
    for s in sents:
        if GROUP.search(s):
            add("group_chat", 0.7, f'"{quote(s)}"')
            break
    # uploads and media
    for _form, fields in posting_forms(view):
        files = [c for c in fields if c.type == "file"]
        for c in files:
            kind = file_kind(view, c, service_text)
            add(kind, 0.85, f"a visible upload field ({quote(c.label or 'file', 40)})")
        add("anonymous_posting", 0.85, "a form for posting or uploading that a visitor can use "
                                       "without logging in")
    for s in sents:
        if IMAGE_TEXT.search(s):
            add("image_sharing", 0.7, f'"{quote(s)}"')
            break
    if not legal:
        for s in sents:
            if VIDEO_TEXT.search(s):
                add("video_sharing", 0.7, f'"{quote(s)}"')
                break
        videos = {c.href for c in own_links if VIDEO_PATH.search(urlsplit(c.href).path)}
        if len(videos) >= 3 or view.media.get("video"):
            add("video_sharing", 0.8, f"{max(len(videos), 1)} video pages or players")
        for c in controls:
            if c.label.strip().upper() == "LIVE" or LIVE.search(c.label):
                add("livestream", 0.85, f'a "{quote(c.label, 40)}" control')
                break
        for s in sents:
            if LIVE.search(s):
                add("livestream", 0.7, f'"{quote(s)}"')
                break
        for s in sents:
            m = ANON_TEXT.search(s)
            if m and not NEGATION.search(s[:m.start()] + " " + s[m.end():]):
                add("anonymous_posting", 0.7, f'"{quote(s)}"')
                break
    # search
    for c in view.controls:
        if not c.visible or form_purpose(view, c) not in ("", "search"):
            continue
        if c.type == "search" or c.role in ("searchbox",) or (
                c.tag == "input" and c.name.lower() in SEARCH_NAMES
                and c.type in ("", "text", "search")):
            add("search", 0.9, f'a search field ({quote(c.label or c.name, 40)})')
            break
        if (c.is_link or c.is_button) and SEARCH_LABEL.match(c.label.strip()) and (
                not c.href or same_site(c.href, url)):
            add("search", 0.8, f'a "{quote(c.label, 40)}" control')
            break
    for f in view.forms:
        if f.role == "search" and f.visible:
            add("search", 0.9, "a search form")
            break
    # recommender feed
    for c in controls:
        if FEED_LABEL.match(c.label.strip()):
            add("feed", 0.8, f'a "{quote(c.label, 40)}" control')
            break
    for h in view.headings:
        if h.visible and FEED_LABEL.match(h.text.strip()):
            add("feed", 0.75, f'a "{quote(h.text, 40)}" heading')
            break
    for s in sents:
        if FEED_TEXT.search(s):
            add("feed", 0.7, f'"{quote(s)}"')
            break
    # comments
    for c in controls:
        if COMMENT_LABEL.match(c.label.strip()) and not excluded_form(view, c):
            add("comments", 0.8, f'a "{quote(c.label, 40)}" control')
            break
    if not legal:
        for s in sentences(view.content_text):
            if COMMENT_TEXT.search(s):
                add("comments", 0.8, f'"{quote(s, 80)}"')
                break
        replies = [h for h in view.headings if h.visible and h.region not in ("nav", "footer")
                   and REPLY_HEAD.match(h.text.strip())]
        if replies:
            add("comments", 0.8, f'{len(replies)} repl{"y" if len(replies) == 1 else "ies"} '
                                 f'headed "{quote(replies[0].text, 60)}"')
        for c in own_links:
            if c.region != "footer" and TALK_LABEL.match(c.label.strip()) and \
                    TALK_PATH.search(c.href):
                add("comments", 0.75, f'a "{quote(c.label, 30)}" page beside the content '
                                      f'({quote(c.href, 80)})')
                break
    # adult sections
    for c in own_links:
        if c.visible and c.region != "footer" and ADULT_LINK.search(c.label):
            add("adult_section", 0.85, f'a link to "{quote(c.label, 40)}"')
            break
    return cues


# -- adult content ----------------------------------------------------------------------------

def explicit_sentences(text: str) -> list[str]:
    return [s for s in sentences(text) if EXPLICIT.search(s) and not NEGATION.search(s)]


def whole_site_adult(view: PageView) -> list[Cue]:
    """Cues that the whole site is adult: an adult gate or explicit wording in its own frame."""
    cues = []
    for s in explicit_sentences(view.dialogs):
        cues.append(Cue("adult_content", 0.9, view.url, f'"{quote(s)}" (a dialog)'))
        break
    for h in [view.title, *(h.text for h in view.headings if h.level <= 2)]:
        if explicit_sentences(h):
            cues.append(Cue("adult_content", 0.85, view.url, f'"{quote(h, 80)}" (a heading)'))
            break
    if re.search(r"\b(adult|rta-5042)\b", view.meta.get("rating", ""), re.I):
        cues.append(Cue("adult_content", 0.9, view.url, "a meta rating of adult"))
    return cues


# -- ages and schools on profiles ------------------------------------------------------------

def age_cues(view: PageView) -> list[Cue]:
    cues = []
    if view.kind in ("profile", "directory", "home", "content", "connection_list"):
        for c in view.links():
            if profile_name(c.href) and c.context and (CARD_AGE.match(c.context) or
                                                       AGE_TEXT.search(c.context)):
                cues.append(Cue("ages_on_profiles", 0.8, view.url,
                                f'a member card "{quote(c.context, 60)}"'))
                break
    if view.kind == "profile":
        for h in view.headings:
            if h.level == 1 and HEAD_AGE.match(h.text):
                cues.append(Cue("ages_on_profiles", 0.8, view.url,
                                f'the profile heading "{quote(h.text, 60)}"'))
                break
        for s in sentences(view.content_text)[:200]:
            if AGE_TEXT.search(s) or SCHOOL.search(s):
                cues.append(Cue("ages_on_profiles", 0.75, view.url, f'"{quote(s, 80)}"'))
                break
    return cues


# -- UK links ---------------------------------------------------------------------------------

def uk_cues(view: PageView) -> list[Cue]:
    """Prices in pounds, a UK postal address, a UK phone number, en-GB (one page)."""
    cues = []
    text = view.text
    m = GBP.search(text)
    if m:
        cues.append(Cue("gbp_prices", 0.9, view.url,
                        f'"{quote(text[max(0, m.start() - 60): m.end() + 40])}"'))
    for m in POSTCODE.finditer(text):
        around = text[max(0, m.start() - 150): m.end() + 60]
        before = text[max(0, m.start() - 90): m.start()]
        if UK_WORDS.search(around) or STREET.search(before):
            cues.append(Cue("uk_address", 0.85, view.url, f'"{quote(around, 160)}"'))
            break
    for m in PHONE.finditer(text):
        digits = re.sub(r"\D", "", m.group(0))
        if digits.startswith("44"):
            digits = "0" + digits[2:].lstrip("0")
        if digits in HELPLINES or not 10 <= len(digits) <= 11:
            continue
        before = text[max(0, m.start() - 30): m.start()]
        if PHONE_CTX.search(before) or m.group(0).startswith("+44"):
            cues.append(Cue("uk_phone", 0.85, view.url,
                            f'"{quote(text[max(0, m.start() - 30): m.end()])}"'))
            break
    for c in view.controls:
        if c.href.lower().startswith(("tel:+44", "tel:0")):
            digits = re.sub(r"\D", "", c.href)
            if digits not in HELPLINES:
                cues.append(Cue("uk_phone", 0.9, view.url, f"a telephone link {c.href[:30]}"))
                break
    lang = view.lang.lower().replace("_", "-")
    if lang == "en-gb":
        cues.append(Cue("en_gb", 0.9, view.url, 'the page is marked lang="en-GB"'))
    elif view.meta.get("og_locale", "").lower() == "en_gb":
        cues.append(Cue("en_gb", 0.8, view.url, "og:locale en_GB"))
    elif any(h.lower() == "en-gb" for h in view.meta.get("hreflang", [])):
        cues.append(Cue("en_gb", 0.7, view.url, "an en-GB alternate (hreflang)"))
    return cues


# -- the kind of service ----------------------------------------------------------------------

def service_kind(functions: set[str], views: list[PageView], *, adult_site: bool,
                 service_text: str) -> tuple[str, str]:
    """The ``profile.service_kind`` word and why."""
    home = " ".join(v.title + "\n" + v.text[:5000] for v in views if v.kind == "home")
    nav = " ".join(c.label for v in views if v.kind == "home" for c in v.controls
                   if c.visible and c.region in ("nav", "body", "main") and c.is_link)
    front = home + "\n" + nav
    if adult_site:
        return "adult", "the whole site is presented as adult content"
    social_core = {"profiles", "comments", "dm"} & functions
    if SEARCH_ENGINE.search(front + "\n" + service_text) and not social_core:
        return "search", "it presents itself as a search engine"
    if "file_upload" in functions and FILE_CTX.search(front + "\n" + service_text):
        return "file_sharing", "uploading and sharing files is what it offers"
    if DATING.search(front):
        return "dating", "it presents itself as a dating service"
    if GAMING.search(front):
        return "gaming", "it presents itself as a game"
    forum_words = {m.group(1).lower().rstrip("s") for m in FORUM.finditer(front)}
    if (len(forum_words) >= 2 or "forum" in forum_words) and "feed" not in functions:
        return "forum", f"it is organised as {', '.join(sorted(forum_words))}"
    if CHAT.search(front) and {"dm", "group_chat"} & functions and "feed" not in functions:
        return "chat", "chatting is what it offers"
    if "profiles" in functions and {"connections", "feed"} & functions:
        return "social", "profiles with follows or friends and a feed"
    if {"dm", "group_chat"} & functions and "profiles" in functions:
        return "chat", "profiles and messaging"
    return "other", "none of the other kinds fits what a visitor sees"


U2U = {"profiles", "connections", "suggestions", "connection_lists", "dm", "group_chat",
       "file_upload", "image_sharing", "video_sharing", "livestream", "anonymous_posting",
       "feed", "comments"}


def regime(functions: set[str], kind: str) -> list[str]:
    out = []
    if functions & U2U or kind in ("forum", "social", "chat", "dating"):
        out.append("u2u")          # these kinds are user-to-user whatever a visitor was shown
    if kind == "search":
        out.append("search")
    if kind == "adult" and not ({"file_upload", "anonymous_posting", "comments"} & functions):
        out.append("part5")
    return out
