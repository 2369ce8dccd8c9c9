"""``--mail-dir``: the signup probe finds the verification link a service mailed to its synthetic
identity, follows it, and says the service verifies email; without the option, only what the
pages say counts.  The mail formats are those real mailers write to files: several messages in
one file separated by dashes (Django's file backend), one raw message per file (a sendmail
stand-in), HTML bodies with entities."""

from __future__ import annotations

import os
import secrets
import time
from pathlib import Path

import pytest
import sitekit
from test_signup_probe import FORM, FixtureWeb, _age, audit
from werkzeug.wrappers import Request, Response

from auditor.cli import main as cli_main
from probes.signup_mail import verification_link

needs_browser = pytest.mark.skipif(not sitekit.have_chromium(), reason="no Chromium to drive")
SITE = "http://www.mailed.test"


def in_site(url: str) -> bool:
    return url.startswith(SITE + "/")


def _django_file(to: str, link: str) -> str:
    return (f"Content-Type: text/plain; charset=\"utf-8\"\nMIME-Version: 1.0\n"
            f"Subject: Activate your account\nFrom: noreply@mailed.test\nTo: {to}\n\n"
            f"Hi,\n\nFollow this link to activate your account:\n\n{link}\n\n"
            + "-" * 79 + "\n")


def test_django_file_with_several_messages_picks_the_one_to_the_address(tmp_path):
    mail = tmp_path / "20261206-101010-1234.log"
    mail.write_text(_django_file("someone.else@example.com", f"{SITE}/activate/aaa/")
                    + _django_file("osa.1234@example.com", f"{SITE}/activate/bbb/"))
    link = verification_link(tmp_path, "osa.1234@example.com", in_site)
    assert link is not None and link.url == f"{SITE}/activate/bbb/"
    assert link.subject == "Activate your account"
    assert verification_link(tmp_path, "osa.9999@example.com", in_site) is None


def test_html_mail_entities_and_trailing_punctuation(tmp_path):
    body = (f'<p>Welcome! <a href="{SITE}/confirm?user=7&amp;key=abc">Confirm your email'
            f'</a>.</p><p>Or paste {SITE}/confirm?user=7&amp;key=abc.</p>')
    (tmp_path / "msg1").write_text(
        "To: osa.5678@example.com\nSubject: Please confirm\nMIME-Version: 1.0\n"
        "Content-Type: text/html; charset=utf-8\n\n" + body)
    link = verification_link(tmp_path, "osa.5678@example.com", in_site)
    assert link is not None and link.url == f"{SITE}/confirm?user=7&key=abc"


def test_links_elsewhere_and_old_mail_are_not_taken(tmp_path):
    old = tmp_path / "old.eml"
    old.write_text(f"To: osa.1@example.com\nSubject: Verify\n\n{SITE}/verify/old\n")
    past = time.time() - 3600
    os.utime(old, (past, past))
    (tmp_path / "new.eml").write_text(
        "To: osa.1@example.com\nSubject: Verify your email\n\n"
        "Verify at http://tracker.invalid/verify/123 please\n")
    assert verification_link(tmp_path, "osa.1@example.com", in_site, since=time.time() - 60) \
        is None
    assert verification_link(tmp_path, "osa.1@example.com", in_site).url == f"{SITE}/verify/old"


def test_one_plain_link_counts_only_when_the_mail_reads_as_verification(tmp_path):
    (tmp_path / "news.eml").write_text(
        "To: osa.2@example.com\nSubject: This week on the forum\n\n"
        f"Top threads: {SITE}/t/42\n")
    assert verification_link(tmp_path, "osa.2@example.com", in_site) is None
    (tmp_path / "reg.eml").write_text(
        "To: osa.2@example.com\nSubject: Complete your registration\n\n"
        f"Click: {SITE}/r/9f8e7d\n")
    assert verification_link(tmp_path, "osa.2@example.com", in_site).url == f"{SITE}/r/9f8e7d"


def mailed_app(mail_dir: Path):
    """Signup that says nothing about email on the page, writes an activation mail to
    ``mail_dir`` (Django's file-backend format) and lets an account log in only once the
    link was followed."""
    pending: dict[str, str] = {}          # token -> username
    active: set[str] = set()
    passwords: dict[str, str] = {}

    def signup(req: Request):
        if req.method == "GET":
            return Response(FORM.format(err="").replace("Teenly", "Mailed"), mimetype="text/html")
        f = req.form
        age = _age(f.get("dob_day"), f.get("dob_month"), f.get("dob_year"))
        if not f.get("username") or "@" not in f.get("email", "") or age is None:
            return Response(FORM.format(err="<p role=alert>Please fill in every field.</p>"),
                            status=400, mimetype="text/html")
        token = secrets.token_hex(6)
        pending[token] = f["username"]
        passwords[f["username"]] = f.get("password", "")
        host = req.host
        (mail_dir / f"{time.time():.6f}-{token}.log").write_text(
            _django_file(f["email"], f"http://{host}/activate/{token}/"))
        return Response("<!doctype html><title>Thanks</title><h1>Account created</h1>"
                        "<p><a href='/'>Home</a></p>", mimetype="text/html")

    def activate(req: Request):
        token = req.path.strip("/").split("/")[-1]
        if token in pending:
            active.add(pending.pop(token))
        return Response("<!doctype html><title>Active</title><p>Your account is active.</p>",
                        mimetype="text/html")

    home = ("<!doctype html><title>Mailed</title><h1>Mailed</h1><p><a href='/signup'>Sign up"
            "</a> <a href='/terms'>Terms</a></p>")
    routes = {"/": home, "/signup": signup, "/terms": "<!doctype html><h1>Terms of service</h1>",
              "/robots.txt": (200, {}, "User-agent: *\n")}
    return routes, activate, active


class MailedWeb(FixtureWeb):
    def __init__(self, mail_dir: Path):
        routes, self._activate, self.active = mailed_app(mail_dir)
        super().__init__({"www.mailed.test": routes})

    def app(self, environ, start_response):
        if environ.get("PATH_INFO", "").startswith("/activate/"):
            self.methods.append(("www.mailed.test", "GET", environ["PATH_INFO"], b""))
            return self._activate(Request(environ))(environ, start_response)
        return super().app(environ, start_response)


@pytest.mark.browser
@needs_browser
async def test_the_mailed_link_is_followed_and_counts_as_email_verification(tmp_path):
    mail = tmp_path / "mail"
    mail.mkdir()
    with MailedWeb(mail) as site:
        a = await audit(site.host_map, f"{SITE}/", tmp_path / "run", allow_forms=True,
                        mail_dir=mail)
        followed = [m for m in site.methods if m[2].startswith("/activate/")]
    assert a["signup.email_verification"] is True
    assert "--mail-dir" in a.note("signup.email_verification")
    assert followed and len(site.active) == len(followed)      # accounts made usable
    assert any("followed the verification link" in line for line in a.log)


@pytest.mark.browser
@needs_browser
async def test_without_the_option_the_page_alone_decides(tmp_path):
    mail = tmp_path / "mail"
    mail.mkdir()
    with MailedWeb(mail) as site:
        a = await audit(site.host_map, f"{SITE}/", tmp_path / "run", allow_forms=True)
        followed = [m for m in site.methods if m[2].startswith("/activate/")]
    assert a["signup.email_verification"] is False            # the page says nothing of mail
    assert not followed and not site.active
    assert list(mail.iterdir())                               # the mail was there, unread


def test_cli_refuses_a_missing_mail_dir(tmp_path, capsys):
    targets = tmp_path / "t.csv"
    targets.write_text("id,name,url\nx,X,http://www.mailed.test/\n")
    code = cli_main(["sweep", str(targets), "--out", str(tmp_path / "out"),
                     "--mail-dir", str(tmp_path / "nowhere")])
    err = capsys.readouterr().err
    assert code == 2 and "--mail-dir" in err and "Fix:" in err
