"""Pinechan: an anonymous image board with an adult board and no age gate.

Exhibits: anonymous posting (no accounts at all; name defaults to "Anonymous"); image uploads
shown from an image subdomain (img.pinechan.test, placeholders only); an adult board (/x/)
with a banner but no gate of any kind; report actions hidden in a "⋯" menu on each post
(``<details>``, no script needed) leading to a report form with a few reasons, no free text
and a CAPTCHA placeholder that cannot be solved (the report barrier is a CAPTCHA); short "rules"
instead of terms, no privacy policy.  Classic image-board markup (tables, no landmarks).
EXPLICIT MATERIAL IS REPRESENTED BY GREY PLACEHOLDER BOXES ONLY.
"""

from __future__ import annotations

from werkzeug.exceptions import NotFound
from werkzeug.wrappers import Request, Response

from auditor.demo.kit import (
    Service,
    Site,
    captcha_widget,
    doc,
    esc,
    form_value,
    html,
    redirect,
    robots_txt,
)

HOST = "pinechan.test"
IMG = "img.pinechan.test"
U = f"http://{HOST}"

BOARDS = {"b": ("Random", False), "art": ("Art & Design", False), "diy": ("Do It Yourself", False),
          "x": ("Adult (18+)", True)}

CSS = """
body{background:#eef2e6;font:13px arial,helvetica,sans-serif;color:#1f2a10;margin:8px}
.boardlist{font-size:11px;color:#6a7a50}
.boardlist a{color:#34561a}
.title{font:bold 26px Tahoma,sans-serif;color:#2d5016;text-align:center;margin:8px}
.post{background:#d9e4c8;border:1px solid #b7c9a0;padding:4px 8px;margin:4px 0;
 display:table}
.post.op{background:none;border:0}
.name{color:#117743;font-weight:bold}
.thumb{width:150px;height:110px;background:#999;color:#333;float:left;margin:0 10px 4px 0;
 display:flex;align-items:center;justify-content:center;font-size:11px;text-align:center}
.nsfw-banner{background:#702020;color:#fff;padding:6px;text-align:center}
details.menu{display:inline-block}
details.menu summary{list-style:none;cursor:pointer;padding:0 4px}
details.menu ul{position:absolute;background:#fff;border:1px solid #999;margin:0;padding:4px;
 list-style:none}
form.postform td{padding:2px}
"""


def _seed() -> dict[str, list[dict]]:
    text = {"b": ["Post your desk setup", "What are you listening to right now?",
                  "Rate my sandwich"],
            "art": ["Daily sketch thread", "Critique my linework"],
            "diy": ["Fixing a dripping tap", "Built a bird box, pics inside"],
            "x": ["Placeholder adult thread", "Another placeholder adult thread"]}
    out: dict[str, list[dict]] = {}
    no = 48200
    for b, titles in text.items():
        out[b] = []
        for t in titles:
            no += 7
            replies = [{"no": no + i, "name": "Anonymous", "text": r, "img": i == 1}
                       for i, r in enumerate(["bump", f">>{no} nice", "seconded"], start=1)]
            out[b].append({"no": no, "subject": t, "name": "Anonymous", "img": True,
                           "text": "placeholder text for a thread", "replies": replies})
    return out


def _thumb(board: str, no: int) -> str:
    label = "placeholder explicit image" if BOARDS[board][1] else "placeholder image"
    return (f'<a href="http://{IMG}/{board}/{no}.svg"><div class="thumb" role="img" '
            f'aria-label="{label}">{label}</div></a>')


def _post(board: str, p: dict, op: bool = False) -> str:
    img = _thumb(board, p["no"]) if p.get("img") else ""
    subj = f'<span class="subject"><b>{esc(p["subject"])}</b></span> ' if op else ""
    menu = ('<details class="menu"><summary aria-label="Post menu">&#8943;</summary><ul>'
            f'<li><a href="/report/{board}/{p["no"]}">Report</a></li>'
            f'<li><a href="#p{p["no"]}">Link</a></li><li><a href="#">Hide</a></li>'
            "</ul></details>")
    return (f'<div class="post{" op" if op else ""}" id="p{p["no"]}">{img}'
            f'<input type="checkbox" name="{p["no"]}" value="delete"> {subj}'
            f'<span class="name">{esc(p["name"])}</span> '
            f'<span class="dateTime">05/30/25(Fri)23:{p["no"] % 60:02d}</span> '
            f'<a href="#p{p["no"]}">No.</a>{p["no"]} {menu}'
            f'<blockquote>{esc(p["text"])}</blockquote></div>')


def _page(title: str, inner: str, *, board: str | None = None, status: int = 200) -> Response:
    bl = " / ".join(f'<a href="/{b}/" title="{esc(t)}">{b}</a>' for b, (t, _) in BOARDS.items())
    banner = ('<div class="nsfw-banner">This board contains adult content. You should be 18 '
              "or older to view it.</div>") if board and BOARDS[board][1] else ""
    body = (f'<div class="boardlist">[ {bl} ] [ <a href="/">Home</a> ] '
            '[ <a href="/rules">Rules</a> ] [ <a href="/faq">FAQ</a> ]</div>'
            f"{banner}{inner}<hr>"
            '<div class="boardlist" style="text-align:center"><a href="/rules">Rules</a> &bull; '
            '<a href="/faq">FAQ</a> &bull; <a href="/faq#contact">Contact</a>'
            "<br>All posts are the responsibility of the original poster.</div>")
    return html(doc(f"{title} - Pinechan", body, css=CSS, lang="en"), status=status)


def build() -> Site:
    site = Site([HOST, IMG], cookie="pc_sid",
                not_found=lambda req, e: _page("404", "<h1>404 Not Found</h1>", status=404))
    site.state["boards"] = _seed()
    site.state["next"] = 49000
    site.state["reports"] = []

    def find(board: str, no: int) -> dict | None:
        for t in site.state["boards"].get(board, []):
            if t["no"] == no:
                return t
        return None

    @site.route("/")
    def home(req: Request):
        rows = "".join(f'<li><a href="/{b}/">/{b}/ - {esc(t)}</a></li>'
                       for b, (t, _) in BOARDS.items())
        return _page("Pinechan", '<div class="title">Pinechan</div>'
                                 "<p>Pinechan is a simple image board where anyone can post "
                                 "anonymously. No registration.</p>"
                                 f"<h3>Boards</h3><ul>{rows}</ul>")

    def postform(action: str, thread: bool) -> str:
        subj = ('<tr><td>Subject</td><td><input name="subject"></td></tr>' if thread else "")
        return (f'<form class="postform" method="post" action="{action}" '
                'enctype="multipart/form-data"><table>'
                '<tr><td>Name</td><td><input name="name" placeholder="Anonymous"></td></tr>'
                f"{subj}"
                '<tr><td>Comment</td><td><textarea name="com" rows="4" cols="48"></textarea>'
                "</td></tr>"
                '<tr><td>File</td><td><input type="file" name="upfile"></td></tr>'
                '<tr><td></td><td><input type="submit" value="Post"></td></tr>'
                "</table></form>")

    @site.route("/<board>/")
    def board(req: Request, board: str):
        if board not in BOARDS:
            raise NotFound()
        with site.lock:
            threads = list(site.state["boards"][board])
        body = "".join(
            f'<div class="thread">{_post(board, t, op=True)}'
            f'<span class="summary">{len(t["replies"])} replies. '
            f'<a href="/{board}/thread/{t["no"]}">View thread</a></span></div><hr>'
            for t in reversed(threads))
        return _page(f"/{board}/ - {BOARDS[board][0]}",
                     f'<div class="title">/{board}/ - {esc(BOARDS[board][0])}</div>'
                     f"{postform(f'/{board}/post', True)}<hr>{body}", board=board)

    @site.route("/<board>/thread/<int:no>")
    def thread(req: Request, board: str, no: int):
        if board not in BOARDS:
            raise NotFound()
        with site.lock:
            t = find(board, no)
            if t is None:
                raise NotFound()
            posts = [_post(board, t, op=True)] + [_post(board, r) for r in t["replies"]]
        return _page(f"/{board}/ - {t['subject']}",
                     f'<div class="title">/{board}/ - {esc(BOARDS[board][0])}</div>'
                     f"{postform(f'/{board}/thread/{no}', False)}<hr>{''.join(posts)}",
                     board=board)

    def new_post(req: Request) -> dict:
        f = req.files.get("upfile")
        with site.lock:
            site.state["next"] += 1
            no = site.state["next"]
        return {"no": no, "name": form_value(req, "name") or "Anonymous",
                "subject": form_value(req, "subject"), "text": form_value(req, "com"),
                "img": bool(f and f.filename), "replies": []}

    @site.route("/<board>/post", methods=("POST",))
    def post_thread(req: Request, board: str):
        if board not in BOARDS:
            raise NotFound()
        if not form_value(req, "com"):
            return _page("Error", "<h2>Error: You must write a comment.</h2>", status=400)
        p = new_post(req)
        with site.lock:
            site.state["boards"][board].append(p)
        return redirect(f"/{board}/thread/{p['no']}")

    @site.route("/<board>/thread/<int:no>", methods=("POST",))
    def post_reply(req: Request, board: str, no: int):
        with site.lock:
            t = find(board, no)
        if t is None:
            raise NotFound()
        if not form_value(req, "com"):
            return _page("Error", "<h2>Error: You must write a comment.</h2>", status=400)
        p = new_post(req)
        with site.lock:
            t["replies"].append(p)
        return redirect(f"/{board}/thread/{no}#p{p['no']}")

    @site.route("/report/<board>/<int:no>", methods=("GET", "POST"))
    def report(req: Request, board: str, no: int):
        if board not in BOARDS:
            raise NotFound()
        err = ""
        if req.method == "POST":
            if not form_value(req, "captcha_response"):
                err = "<p style='color:red'>Error: You seem to have mistyped the CAPTCHA.</p>"
            else:   # never reached by the placeholder widget: nothing can solve it
                with site.lock:
                    site.state["reports"].append({"board": board, "no": no,
                                                  "cat": form_value(req, "cat")})
                return _page("Report", "<h3>Report submitted. Thank you.</h3>")
        reasons = [("illegal", "This post violates applicable law."),
                   ("child_safety", "This post contains or links to child sexual abuse."),
                   ("spam", "This post is spam or advertising."),
                   ("other", "This post is off-topic / in the wrong board.")]
        radios = "".join(f'<div><label><input type="radio" name="cat" value="{k}"> {esc(t)}'
                         "</label></div>" for k, t in reasons)
        return _page("Report post", f"<h3>Report post No.{no} on /{board}/</h3>{err}"
                                    '<form method="post">'
                                    f"{radios}{captcha_widget()}"
                                    '<input type="hidden" name="captcha_response" value="">'
                                    '<input type="submit" value="Submit"></form>',
                     status=400 if err else 200)

    @site.route("/rules")
    def rules(req: Request):
        return _page("Rules", '<div class="title">Rules</div><ol>'
                              "<li>You must be 18 or older to use Pinechan.</li>"
                              "<li>Do not post anything that violates UK or US law. Child "
                              "sexual abuse material will be deleted and reported.</li>"
                              "<li>Pornography and other adult content may only be posted on "
                              "/x/.</li>"
                              "<li>No spam or advertising.</li>"
                              "<li>Stay on topic.</li></ol>"
                              "<p>Moderators (janitors) may delete posts that break the rules.</p>")

    @site.route("/faq")
    def faq(req: Request):
        return _page("FAQ", '<div class="title">FAQ</div><dl>'
                            "<dt>Do I need an account?</dt><dd>No. Everyone posts "
                            "anonymously.</dd><dt>How do I report a post?</dt><dd>Open the "
                            "&#8943; menu next to the post number and choose Report.</dd>"
                            '<dt id="contact">How do I contact the staff?</dt>'
                            "<dd>admin@pinechan.test</dd></dl>")

    @site.route("/robots.txt")
    def robots(req: Request):
        return robots_txt(["/admin/"])

    @site.route("/<board>/<name>", host=IMG)
    def image(req: Request, board: str, name: str):
        label = "placeholder explicit image" if BOARDS.get(board, ("", False))[1] else \
            "placeholder image"
        svg = ('<svg xmlns="http://www.w3.org/2000/svg" width="300" height="220">'
               '<rect width="100%" height="100%" fill="#999"/><text x="20" y="115" '
               f'font-family="sans-serif" font-size="16">{label}</text></svg>')
        return Response(svg, content_type="image/svg+xml")

    return site


SERVICE = Service(
    id="pinechan",
    name="Pinechan",
    hosts=[HOST, IMG],
    start_url=f"{U}/",
    factory=build,
    row={"service_kind": "forum", "extra_domains": IMG, "regime": "u2u",
         "risk_levels": "pornography=high;csam_image=medium", "allow_forms": "true",
         "tags": "demo;image_board;adult",
         "notes": "Demo: anonymous posting; adult board with no gate; CAPTCHA on reports"},
    description="anonymous image board; adult board with no gate; reports in a ⋯ menu + CAPTCHA",
)
