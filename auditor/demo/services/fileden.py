"""FileDen: an anonymous file host (upload with no account, public share links).

Exhibits: a multipart upload form on the home page that needs no account and answers with a
public share link; public share pages with a download and a "Report abuse" link; an abuse form
(categories, free text, email); terms with a minimum age of 16 that prohibit illegal content but
say nothing about hash matching or proactive detection, and nothing about complaints.
Old-fashioned table layout.
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
    sitemap_xml,
)

HOST = "fileden.test"
U = f"http://{HOST}"
MAX_BYTES = 5 * 1024 * 1024

CSS = """
body{font:13px Verdana,Arial,sans-serif;background:#dfe6ec;margin:0}
table.frame{width:780px;margin:0 auto;background:#fff;border-collapse:collapse}
td.head{background:#1c4e80;color:#fff;padding:10px;font-size:20px}
td.head a{color:#fff;text-decoration:none}
td.menu{background:#e8eef3;padding:6px 10px}
td.body{padding:14px 18px}
td.foot{background:#e8eef3;padding:8px 10px;font-size:11px;text-align:center}
.box{border:1px solid #9ab;padding:10px;margin:10px 0;background:#f7fafc}
"""

SEED = {
    "k3v9xq2m": ("meeting-notes.txt", b"Minutes of the allotment society meeting, May.\n"),
    "p8d2ww7a": ("holiday-photos.zip", b"PK\x05\x06" + b"\x00" * 18),
    "c4n6ty1b": ("band-demo.mp3", b"ID3\x03\x00\x00\x00\x00\x00\x00placeholder audio"),
}


def _page(title: str, inner: str, status: int = 200) -> Response:
    body = ('<table class="frame"><tr><td class="head"><a href="/">FileDen</a> '
            "<small>free anonymous file sharing</small></td></tr>"
            '<tr><td class="menu"><a href="/">Upload</a> | <a href="/faq">FAQ</a> | '
            '<a href="/abuse">Report abuse</a> | <a href="/contact">Contact</a></td></tr>'
            f'<tr><td class="body">{inner}</td></tr>'
            '<tr><td class="foot"><a href="/terms">Terms of use</a> &middot; '
            '<a href="/privacy">Privacy</a> &middot; <a href="/abuse">Report abuse / DMCA</a>'
            " &middot; &copy; 2025 FileDen</td></tr></table>")
    return html(doc(f"{title} - FileDen", body, css=CSS, lang="en"), status=status)


TERMS = """
<h1>Terms of use</h1>
<p>FileDen lets anyone upload a file and share it with a link. By using FileDen you accept these
terms.</p>
<h3>Age</h3>
<p>You must be 16 years of age or older to use FileDen.</p>
<h3>What you may not upload</h3>
<p>You may not upload or share anything illegal. This includes child sexual abuse material,
terrorist material, malware, and files that infringe someone else's copyright. We may delete any
file at any time and without notice.</p>
<h3>Reporting abuse</h3>
<p>To report a file, use the <a href="/abuse">abuse form</a> or the "Report abuse" link on the
file's page. Copyright owners can send notices through the same form.</p>
<h3>No warranty</h3>
<p>FileDen is provided free of charge and without any warranty. Files may be deleted after 30
days without downloads.</p>
<p><i>Last revised 2 November 2024.</i></p>
"""

ABUSE_REASONS = [
    ("csam", "Child sexual abuse material"),
    ("illegal", "Other illegal content"),
    ("copyright", "Copyright infringement (DMCA)"),
    ("malware", "Malware or phishing"),
    ("spam", "Spam"),
    ("other", "Other"),
]


def build() -> Site:
    site = Site([HOST], cookie="fd_sid",
                not_found=lambda req, e: _page("Not found",
                                               "<h1>File not found</h1><p>The file may have been"
                                               " deleted.</p>", status=404))
    site.state["files"] = {k: {"name": n, "data": d, "uploaded": "2025-05-20"}
                           for k, (n, d) in SEED.items()}
    site.state["reports"] = []

    @site.route("/")
    def home(req: Request):
        return _page("Upload", "<h1>Upload a file</h1>"
                               "<p>No account needed. Files up to 5 MB.</p>"
                               '<form method="post" action="/upload" '
                               'enctype="multipart/form-data"><div class="box">'
                               '<input type="file" name="file" id="file"> '
                               '<input type="submit" value="Upload"></div>'
                               '<p>By uploading you agree to our <a href="/terms">terms of use'
                               "</a>.</p></form>")

    @site.route("/upload", methods=("POST",))
    def upload(req: Request):
        f = req.files.get("file")
        if f is None or not f.filename:
            return _page("Upload", "<h1>No file chosen</h1><p><a href='/'>Try again</a></p>",
                         status=400)
        data = f.stream.read(MAX_BYTES + 1)
        if len(data) > MAX_BYTES:
            return _page("Upload", "<h1>File too large</h1>", status=413)
        token = secrets.token_hex(4)
        with site.lock:
            site.state["files"][token] = {"name": f.filename, "data": data,
                                          "uploaded": "2025-06-01"}
        return redirect(f"/f/{token}?new=1")

    @site.route("/f/<token>")
    def share(req: Request, token: str):
        with site.lock:
            item = site.state["files"].get(token)
        if item is None:
            raise NotFound()
        link = f"{U}/f/{token}"
        new = (f'<div class="box"><b>Uploaded!</b> Share this link: '
               f'<input readonly size="40" value="{esc(link)}" id="share-link"></div>'
               if req.args.get("new") else "")
        return _page(item["name"],
                     f"{new}<h1>{esc(item['name'])}</h1>"
                     f"<table><tr><td>Size</td><td>{len(item['data'])} bytes</td></tr>"
                     f"<tr><td>Uploaded</td><td>{esc(item['uploaded'])}</td></tr></table>"
                     f'<p><a href="/f/{token}/download" class="download">Download</a></p>'
                     f'<p><small><a href="/abuse?file={quote(link)}">Report abuse</a>'
                     "</small></p>")

    @site.route("/f/<token>/download")
    def download(req: Request, token: str):
        with site.lock:
            item = site.state["files"].get(token)
        if item is None:
            raise NotFound()
        safe = "".join(c for c in item["name"] if c.isalnum() or c in "._-") or "file"
        return Response(item["data"], content_type="application/octet-stream",
                        headers={"Content-Disposition": f'attachment; filename="{safe}"'})

    @site.route("/abuse", methods=("GET", "POST"))
    def abuse(req: Request):
        file_url = form_value(req, "file")
        err = ""
        if req.method == "POST":
            reason = form_value(req, "reason")
            if reason in dict(ABUSE_REASONS) and file_url and "@" in form_value(req, "email"):
                ref = new_ref("FD")
                with site.lock:
                    site.state["reports"].append({"ref": ref, "file": file_url,
                                                  "reason": reason,
                                                  "details": form_value(req, "details")})
                return _page("Report abuse", f"<h1>Report received</h1><p>Ticket {ref}.</p>")
            err = '<p style="color:red">Please fill in all required fields.</p>'
        opts = "".join(f'<option value="{k}">{esc(t)}</option>' for k, t in ABUSE_REASONS)
        return _page("Report abuse",
                     f"<h1>Report abuse</h1>{err}"
                     '<form method="post" action="/abuse"><table>'
                     '<tr><td><label for="file">File link *</label></td><td>'
                     f'<input id="file" name="file" size="40" value="{esc(file_url)}"></td></tr>'
                     '<tr><td><label for="reason">Reason *</label></td><td>'
                     f'<select id="reason" name="reason"><option value=""></option>{opts}'
                     "</select></td></tr>"
                     '<tr><td><label for="details">Details</label></td><td>'
                     '<textarea id="details" name="details" rows="4" cols="40"></textarea>'
                     "</td></tr>"
                     '<tr><td><label for="email">Your email *</label></td><td>'
                     '<input id="email" name="email" type="email"></td></tr>'
                     '<tr><td></td><td><input type="submit" value="Send report"></td></tr>'
                     "</table></form>")

    @site.route("/terms")
    def terms(req: Request):
        return _page("Terms of use", TERMS)

    @site.route("/privacy")
    def privacy(req: Request):
        return _page("Privacy", "<h1>Privacy</h1><p>We log IP addresses of uploaders for 90 "
                                "days. We do not use tracking cookies.</p>")

    @site.route("/faq")
    def faq(req: Request):
        return _page("FAQ", "<h1>FAQ</h1><dl><dt>Do I need an account?</dt><dd>No.</dd>"
                            "<dt>How long are files kept?</dt><dd>30 days after the last "
                            "download.</dd><dt>Can I delete my file?</dt><dd>Not yet; use "
                            '<a href="/contact">contact</a>.</dd></dl>')

    @site.route("/contact")
    def contact(req: Request):
        return _page("Contact", "<h1>Contact</h1><p>Email: admin@fileden.test. For abuse use "
                                'the <a href="/abuse">abuse form</a>.</p>')

    @site.route("/robots.txt")
    def robots(req: Request):
        return robots_txt(["/upload"], sitemap=f"{U}/sitemap.xml")

    @site.route("/sitemap.xml")
    def sitemap(req: Request):
        with site.lock:     # public files whose owners chose "list in sitemap"
            files = [f"{U}/f/{t}" for t in site.state["files"] if t in SEED]
        return sitemap_xml([f"{U}/", f"{U}/terms", f"{U}/privacy", f"{U}/faq", f"{U}/abuse",
                            f"{U}/contact"] + files)

    return site


SERVICE = Service(
    id="fileden",
    name="FileDen",
    hosts=[HOST],
    start_url=f"{U}/",
    factory=build,
    row={"service_kind": "file_sharing", "risk_levels": "csam_image=medium",
         "regime": "u2u", "allow_forms": "true", "tags": "demo;file_sharing",
         "notes": "Demo: anonymous uploads; terms silent on hash matching"},
    description="anonymous file host; public share links; abuse form; no hash matching stated",
)
