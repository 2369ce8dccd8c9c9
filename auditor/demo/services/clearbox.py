"""Clearbox: a file host that discloses its hash matching and has a clear abuse route.

Exhibits: an upload page that says every file is checked against the IWF hash list (PhotoDNA)
and StopNCII hashes and that links are checked against the IWF URL List; terms published only
as a PDF on a help subdomain (help.clearbox.test, listed in ``extra_domains``) with a minimum
age of 13 and 18 for UK users, a 48-hour promise for intimate image reports, complaints and
appeals; a visible "Report this file" button on every file page leading to a form with
categories, free text, an optional screenshot (attachment) and a note on what happens next.
"""

from __future__ import annotations

import secrets
from urllib.parse import quote

from werkzeug.exceptions import NotFound
from werkzeug.wrappers import Request, Response

from auditor.demo.kit import (
    Service,
    Site,
    doc,
    esc,
    form_value,
    html,
    new_ref,
    redirect,
    robots_txt,
    simple_pdf,
    sitemap_xml,
)

WWW = "www.clearbox.test"
HELP = "help.clearbox.test"
W = f"http://{WWW}"
H = f"http://{HELP}"
TERMS_PDF = f"{H}/legal/clearbox-terms-2025-04.pdf"
MAX_BYTES = 10 * 1024 * 1024

CSS = """
body{margin:0;font:16px/1.5 system-ui,sans-serif;color:#1d2733;background:#fafbfc}
header{background:#0b6e4f;color:#fff;padding:12px 20px;display:flex;gap:24px}
header a{color:#fff}
main{max-width:760px;margin:24px auto;padding:0 16px}
.panel{background:#fff;border:1px solid #d5dde5;border-radius:8px;padding:16px;margin:16px 0}
.btn{display:inline-block;background:#0b6e4f;color:#fff;padding:8px 16px;border-radius:6px;
 border:0;text-decoration:none;font-size:16px}
.btn.report{background:#b3261e}
footer{border-top:1px solid #d5dde5;padding:16px;text-align:center;font-size:14px}
footer a{margin:0 8px}
"""

SAFETY_TEXT = (
    "To keep Clearbox safe, every file is checked when it is uploaded. Images and videos are "
    "compared, using PhotoDNA and exact hash matching, against the Internet Watch Foundation "
    "(IWF) hash list of known child sexual abuse material, and against hashes from StopNCII.org "
    "of intimate images shared without consent. Links in file names and descriptions are "
    "checked against the IWF URL List. Matches are blocked and reported to the authorities.")

TERMS_PARAS = [
    "Clearbox Storage Ltd, 3 Canal Wharf, Manchester M1 2AB, United Kingdom. Version 4.2.",
    "# 1. Who can use Clearbox",
    "You must be at least 13 years old to use Clearbox. If you are in the United Kingdom you "
    "must be at least 18 years old to use Clearbox.",
    "# 2. What is not allowed",
    "You must not upload, store or share illegal content or use Clearbox for illegal activity. "
    "This includes child sexual abuse material, terrorist content, intimate images of someone "
    "shared without their consent, hate speech, harassment and threats of violence, fraud and "
    "phishing, and malware. Pornography is not allowed on Clearbox.",
    "# 3. How we protect users from illegal content",
    SAFETY_TEXT + " Our trust and safety team reviews reports every day and removes illegal "
    "content, closes the accounts involved and reports child sexual abuse to the National "
    "Crime Agency.",
    "# 4. Reporting",
    "Every file page has a Report this file button. You do not need an account to report. "
    "Reports are reviewed within 24 hours. We act on reports of intimate images shared without "
    "consent within 48 hours. The uploader is not told who reported the file.",
    "# 5. Complaints and appeals",
    "If we removed your file or closed your account and you think we were wrong, or you are "
    "unhappy with how we handled a report, you can appeal or complain using the form at "
    "help.clearbox.test/appeals. Someone who was not involved in the decision will review it "
    "and reply within 7 days.",
    "# 6. Paid plans",
    "Clearbox Plus costs 3.99 GBP a month and can be cancelled at any time.",
    "# 7. Changes",
    "We will tell you about changes to these terms at least 30 days in advance.",
    "Last updated: 1 April 2025",
]

REPORT_CATEGORIES = [
    ("child_safety", "Child sexual abuse material"),
    ("intimate_image", "An intimate image of me or someone else shared without consent"),
    ("illegal", "Terrorist content or other illegal content"),
    ("hate", "Hate speech"),
    ("harassment", "Harassment or threats"),
    ("spam", "Spam, malware or phishing"),
    ("other", "Something else"),
]

NEXT_STEPS = """
<div class="panel" id="what-happens-next"><h2>What happens next</h2>
<p>Our trust and safety team reviews every report within 24 hours. Reports of intimate images
shared without consent are acted on within 48 hours. The uploader is not told who reported the
file. We will email you our decision and how to appeal it.</p></div>
"""


def _page(title: str, main: str, *, status: int = 200, help_site: bool = False) -> Response:
    home = f"{H}/" if help_site else f"{W}/"
    header = (f'<header><a href="{home}"><b>Clearbox</b>{" Help" if help_site else ""}</a>'
              f'<a href="{W}/">Upload</a><a href="{W}/pricing">Pricing</a>'
              f'<a href="{H}/">Help</a></header>')
    footer = (f'<footer><a href="{TERMS_PDF}">Terms of service (PDF)</a>'
              f'<a href="{H}/privacy">Privacy</a><a href="{H}/safety">Safety</a>'
              f'<a href="{W}/report">Report abuse</a><a href="{H}/appeals">Complaints and '
              f'appeals</a><a href="{H}/contact">Contact</a>'
              "<p>Clearbox Storage Ltd &middot; 3 Canal Wharf, Manchester M1 2AB</p></footer>")
    return html(doc(f"{title} | Clearbox", f"{header}<main>{main}</main>{footer}", css=CSS),
                status=status)


def build() -> Site:
    site = Site([WWW, HELP], cookie="cb_sid",
                not_found=lambda req, e: _page("Not found", "<h1>Not found</h1>", status=404))
    site.state["files"] = {"q7f3a9c2": {"name": "wedding-playlist.pdf",
                                        "data": simple_pdf("Playlist", ["1. First dance"])}}
    site.state["reports"] = []
    site.state["appeals"] = []
    pdf = simple_pdf("Clearbox Terms of Service", TERMS_PARAS)

    @site.route("/")
    def home(req: Request):
        return _page("Share files safely",
                     "<h1>Share files safely</h1>"
                     '<form class="panel" method="post" action="/upload" '
                     'enctype="multipart/form-data">'
                     '<label for="file">Choose a file (up to 10 MB)</label> '
                     '<input type="file" id="file" name="file"> '
                     '<label for="desc">Description (optional)</label> '
                     '<input id="desc" name="description"> '
                     '<button class="btn" type="submit">Upload</button></form>'
                     f'<section class="panel" id="safety"><h2>How we keep Clearbox safe</h2>'
                     f"<p>{esc(SAFETY_TEXT)}</p>"
                     f'<p><a href="{H}/safety">More about our safety measures</a></p></section>')

    @site.route("/upload", methods=("POST",))
    def upload(req: Request):
        f = req.files.get("file")
        if f is None or not f.filename:
            return _page("Upload", "<h1>Choose a file first</h1>", status=400)
        data = f.stream.read(MAX_BYTES + 1)
        if len(data) > MAX_BYTES:
            return _page("Upload", "<h1>That file is over 10 MB</h1>", status=413)
        token = secrets.token_hex(4)
        with site.lock:
            site.state["files"][token] = {"name": f.filename, "data": data}
        return redirect(f"/d/{token}")

    @site.route("/d/<token>")
    def file_page(req: Request, token: str):
        with site.lock:
            item = site.state["files"].get(token)
        if item is None:
            raise NotFound()
        link = f"{W}/d/{token}"
        return _page(item["name"],
                     f"<h1>{esc(item['name'])}</h1><p>{len(item['data'])} bytes</p>"
                     f'<p>Share link: <code>{esc(link)}</code></p>'
                     f'<p><a class="btn" href="/d/{token}/raw">Download</a> '
                     f'<a class="btn report" href="/report?file={quote(link)}">Report this file'
                     "</a></p>")

    @site.route("/d/<token>/raw")
    def raw(req: Request, token: str):
        with site.lock:
            item = site.state["files"].get(token)
        if item is None:
            raise NotFound()
        return Response(item["data"], content_type="application/octet-stream",
                        headers={"Content-Disposition": "attachment"})

    @site.route("/pricing")
    def pricing(req: Request):
        return _page("Pricing", "<h1>Pricing</h1><p>Free: 10 MB per file.</p>"
                                "<p>Clearbox Plus: &pound;3.99 a month, 2 GB per file.</p>")

    @site.route("/report", methods=("GET", "POST"))
    def report(req: Request):
        file_url = form_value(req, "file")
        err = ""
        if req.method == "POST":
            cat = form_value(req, "category")
            if cat in dict(REPORT_CATEGORIES) and file_url:
                att = req.files.get("screenshot")
                ref = new_ref("CB")
                with site.lock:
                    site.state["reports"].append({
                        "ref": ref, "file": file_url, "category": cat,
                        "details": form_value(req, "details"),
                        "attachment": bool(att and att.filename)})
                return _page("Report received",
                             f"<h1>Thanks, we have your report</h1><p>Reference {ref}.</p>"
                             f'{NEXT_STEPS}<p><a href="{H}/appeals">Complaints and appeals</a>'
                             "</p>")
            err = '<p role="alert">Please give the file link and choose a reason.</p>'
        radios = "".join(f'<div><input type="radio" id="c-{k}" name="category" value="{k}">'
                         f'<label for="c-{k}">{esc(t)}</label></div>'
                         for k, t in REPORT_CATEGORIES)
        return _page("Report abuse",
                     f"<h1>Report a file</h1>{err}"
                     '<form method="post" action="/report" enctype="multipart/form-data">'
                     '<p><label for="file">Link to the file</label><br>'
                     f'<input id="file" name="file" size="50" value="{esc(file_url)}"></p>'
                     f"<fieldset><legend>What is the problem?</legend>{radios}</fieldset>"
                     '<p><label for="details">Details</label><br>'
                     '<textarea id="details" name="details" rows="4" cols="50"></textarea></p>'
                     '<p><label for="screenshot">Screenshot or evidence (optional)</label><br>'
                     '<input type="file" id="screenshot" name="screenshot"></p>'
                     '<p><label for="email">Email for our reply (optional)</label><br>'
                     '<input id="email" name="email" type="email"></p>'
                     f"{NEXT_STEPS}"
                     '<p><button class="btn report" type="submit">Send report</button></p>'
                     "</form><p>You can also report child sexual abuse imagery directly to the "
                     "Internet Watch Foundation.</p>")

    @site.route("/robots.txt")
    def robots(req: Request):
        return robots_txt([], sitemap=f"{W}/sitemap.xml")

    @site.route("/sitemap.xml")
    def sitemap(req: Request):
        return sitemap_xml([f"{W}/", f"{W}/pricing", f"{W}/report", f"{H}/", f"{H}/safety",
                            f"{H}/appeals", TERMS_PDF, f"{W}/d/q7f3a9c2"])

    # -- help subdomain ---------------------------------------------------------------------
    @site.route("/", host=HELP)
    def help_home(req: Request):
        return _page("Help", "<h1>Clearbox Help</h1><ul>"
                             f'<li><a href="{TERMS_PDF}">Terms of service (PDF)</a></li>'
                             '<li><a href="/safety">How we keep Clearbox safe</a></li>'
                             f'<li><a href="{W}/report">Report a file</a></li>'
                             '<li><a href="/appeals">Complaints and appeals</a></li>'
                             '<li><a href="/privacy">Privacy</a></li>'
                             '<li><a href="/contact">Contact us</a></li></ul>', help_site=True)

    @site.route("/legal/clearbox-terms-2025-04.pdf", host=HELP)
    def terms_pdf(req: Request):
        return Response(pdf, content_type="application/pdf",
                        headers={"Content-Disposition":
                                 'inline; filename="clearbox-terms-2025-04.pdf"'})

    @site.route("/safety", host=HELP)
    def safety(req: Request):
        return _page("Safety", f"<h1>How we keep Clearbox safe</h1><p>{esc(SAFETY_TEXT)}</p>"
                               "<p>Reports are reviewed by people, every day. Reports of "
                               "intimate images shared without consent are acted on within 48 "
                               "hours.</p>", help_site=True)

    @site.route("/privacy", host=HELP)
    def privacy(req: Request):
        return _page("Privacy", "<h1>Privacy</h1><p>We keep upload logs for 12 months to "
                                "investigate abuse.</p>", help_site=True)

    @site.route("/contact", host=HELP)
    def contact(req: Request):
        return _page("Contact", "<h1>Contact us</h1><p>support@clearbox.test</p><address>"
                                "Clearbox Storage Ltd, 3 Canal Wharf, Manchester M1 2AB, "
                                "United Kingdom</address>", help_site=True)

    @site.route("/appeals", methods=("GET", "POST"), host=HELP)
    def appeals(req: Request):
        if req.method == "POST" and form_value(req, "details"):
            ref = new_ref("CA")
            with site.lock:
                site.state["appeals"].append({"ref": ref, "details": form_value(req, "details")})
            return _page("Received", f"<h1>Received</h1><p>Reference {ref}. We reply within 7 "
                                     "days.</p>", help_site=True)
        return _page("Complaints and appeals",
                     "<h1>Complaints and appeals</h1><p>Appeal a decision to remove your file "
                     "or close your account, or complain about how we handled a report. "
                     "Someone not involved in the decision reviews it within 7 days.</p>"
                     '<form method="post" action="/appeals">'
                     '<p><label>Reference (if any) <input name="ref"></label></p>'
                     '<p><label for="details">What happened</label><br>'
                     '<textarea id="details" name="details" rows="5" cols="50"></textarea></p>'
                     '<p><button class="btn" type="submit">Send</button></p></form>',
                     help_site=True)

    @site.route("/robots.txt", host=HELP)
    def help_robots(req: Request):
        return robots_txt([])

    return site


SERVICE = Service(
    id="clearbox",
    name="Clearbox",
    hosts=[WWW, HELP],
    start_url=f"{W}/",
    factory=build,
    row={"service_kind": "file_sharing", "extra_domains": HELP, "size_band": "700k_to_7m",
         "risk_levels": "csam_image=high;csam_url=medium;intimate_image_abuse=medium",
         "regime": "u2u", "allow_forms": "true", "tags": "demo;file_sharing",
         "notes": "Demo: hash matching disclosed; terms only as a PDF"},
    description="file host disclosing IWF/PhotoDNA hash matching; terms as a PDF; clear reports",
)
