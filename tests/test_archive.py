"""Web archives of every visit (issue 17): a target's browser contexts and HTTP fetches become a
masked WARC packaged as a WACZ that the ``wacz`` package's own validator passes.

The site here logs a member in through a real form, sets a session cookie, sends an
``Authorization`` header from its script, shows the member's name and a password field with its
value, and serves an image; the test then searches every byte of the WACZ for the secrets."""

from __future__ import annotations

import asyncio
import gzip
import hashlib
import io
import json
import shutil
import zipfile
from pathlib import Path

import pytest
from sitekit import Site, cookie_login, have_chromium, page, probe_session, shared_browser
from werkzeug.wrappers import Response

from auditor.archive import ArchiveBuilder
from auditor.archive_build import build, validate
from auditor.model import Target, utcnow
from auditor.options import SweepOptions
from auditor.wacz_digests import wacz_problems

PASSWORD = "S3cret-Pass!"
USER = "amy_tester"
EMAIL = "amy.tester@example.org"
TOKEN = "tok-7QX-bearer-ZZ"
SECRETS = {PASSWORD, USER, EMAIL}
PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00"
       b"\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xcf\xc0\xf0\x1f\x00\x05\x00\x01\xff"
       b"\x89\x99=\x1d\x00\x00\x00\x00IEND\xaeB`\x82")
# the token is put together by the script, so the header is the only place it is whole
APP_JS = ("document.getElementById('late').textContent = 'drawn by script';"
          "fetch('/api/me', {headers: {Authorization: 'Bearer ' + '" + TOKEN[:8] + "' + '"
          + TOKEN[8:] + "'}});")


def _page(req, title, body):
    return Response(page(title, body), mimetype="text/html")


def _site() -> Site:
    login, logout = cookie_login({USER: PASSWORD}, "sid", _page)

    def home(req):
        who = req.cookies.get("sid", "")
        return _page(req, "Home", f"<h1>Welcome {who}</h1><p id='late'></p>"
                                  "<img src='/pic.png' alt='logo'><script src='/app.js'></script>")

    def account(req):
        return _page(req, "Account", f"<p>Signed in as {req.cookies.get('sid', '')} "
                                     f"({EMAIL})</p><input type='password' value='{PASSWORD}'>")

    return Site({"/": home, "/login": login, "/logout": logout, "/account": account,
                 "/pic.png": (200, {"Content-Type": "image/png"}, PNG),
                 "/app.js": (200, {"Content-Type": "application/javascript"}, APP_JS),
                 "/api/me": (200, {"Content-Type": "application/json"}, '{"ok": true}'),
                 "/robots.txt": (200, {"Content-Type": "text/plain"}, "User-agent: *\n"),
                 "/echo": lambda req: Response(f"member {USER}", mimetype="text/plain")})


def _members(wacz: Path) -> bytes:
    """Every member of the WACZ, gzip members decompressed, as one byte string."""
    out = []
    with zipfile.ZipFile(wacz) as zf:
        for name in zf.namelist():
            data = zf.read(name)
            out.append(gzip.decompress(data) if name.endswith(".gz") else data)
    return b"\n".join(out)


def _records(wacz: Path) -> list:
    from warcio.archiveiterator import ArchiveIterator

    out = []
    with zipfile.ZipFile(wacz) as zf:
        for name in zf.namelist():
            if name.startswith("archive/"):
                for rec in ArchiveIterator(io.BytesIO(zf.read(name))):
                    body = rec.content_stream().read()
                    out.append((rec.rec_type, rec.rec_headers, rec.http_headers, body))
    return out


def _find(records, rec_type: str, url_end: str):
    return [r for r in records if r[0] == rec_type
            and (r[1].get_header("WARC-Target-URI") or "").endswith(url_end)]


async def _audit_with_archive(site: Site, folder: Path, keep: Path):
    """Visit the site as a probe would, logging in through its form, with the archive on; keep
    a copy of the recording (at ``keep``) and build the WACZ as the runner does."""
    opts = dict(archive="pages", archive_cap_mb=25.0)
    async with shared_browser(delay=0.05, **opts) as shared:
        target = Target("site", "Site", site.url("/"))
        builder = ArchiveBuilder(shared.options, folder)
        recorder = builder.recorder(target.id)
        try:
            async with probe_session(shared, target, folder) as session:
                session.archive = recorder
                session.evidence.add_secrets(SECRETS)
                async with session.page(site.url("/")) as p:
                    await p.wait_for_selector("#late:has-text('drawn by script')")
                    await session.goto(p, site.url("/login"))
                    await p.fill("input[name=user]", USER)
                    await p.fill("input[name=password]", PASSWORD)
                    async with p.expect_navigation():
                        await p.click("button")
                    await p.wait_for_load_state("networkidle")
                    await session.goto(p, site.url("/account"))
                fetched = await session.fetch(site.url(f"/echo?email={EMAIL}"))
                assert USER in fetched.text
            shutil.copytree(recorder.work, keep)
            row = await builder.build(target, recorder, session.evidence, adult="")
        finally:
            await asyncio.to_thread(builder.close)
    return row


@pytest.mark.browser
@pytest.mark.skipif(not have_chromium(), reason="no Chromium here")
async def test_a_login_through_a_form_is_archived_with_no_secret_left(tmp_path):
    with _site() as site:
        row = await _audit_with_archive(site, tmp_path / "run", tmp_path / "recording")
    assert row is not None and row.kind == "archive"
    wacz = tmp_path / "run" / row.path
    assert row.path == "evidence/site/site-archive.wacz"
    assert row.sha256 == hashlib.sha256(wacz.read_bytes()).hexdigest()
    assert validate(wacz), "the wacz package's own validator rejects it"
    assert wacz_problems(str(wacz)) == []

    everything = _members(wacz)
    for secret in (*SECRETS, TOKEN, "amy.tester%40example.org"):
        assert secret.encode() not in everything, secret
    records = _records(wacz)
    # the login form's post: its body masked, the hash of the original kept
    posts = [r for r in _find(records, "request", "/login") if r[2].protocol.startswith("POST")
             or r[2].statusline.startswith("POST")]
    assert posts, "the form's POST is not in the archive"
    assert "body" in posts[0][1].get_header("OSA-Masked")
    assert len(posts[0][1].get_header("OSA-Original-SHA256")) == 64
    assert posts[0][3] == b"[redacted]"
    # the session cookie it set, and the script's Authorization header
    set_cookie = [r for r in _find(records, "response", "/login")
                  if r[2].get_header("Set-Cookie")]
    assert set_cookie and set_cookie[0][2].get_header("Set-Cookie") == "[redacted]"
    api = _find(records, "request", "/api/me")
    assert api and api[0][2].get_header("Authorization") == "[redacted]"
    assert "Authorization" in api[0][1].get_header("OSA-Masked")
    # what the page showed: the member's name and a password field's value masked, the rest kept
    account = _find(records, "response", "/account")
    assert account and b"Signed in as [redacted] ([redacted])" in account[0][3]
    # media: URL, headers, length and SHA-256, no body (--archive pages)
    pic = _find(records, "response", "/pic.png")
    assert pic and pic[0][3] == b""
    assert pic[0][1].get_header("OSA-Body-Omitted") == "media"
    assert pic[0][1].get_header("OSA-Body-SHA256") == hashlib.sha256(PNG).hexdigest()
    assert pic[0][1].get_header("OSA-Body-Length") == str(len(PNG))
    script = _find(records, "response", "/app.js")
    assert script and script[0][3] == APP_JS.encode()
    # the HTTP fetch is there too, its secret-bearing URL masked
    echo = [r for r in records if r[0] == "response" and "/echo?" in
            (r[1].get_header("WARC-Target-URI") or "")]
    assert echo and echo[0][1].get_header("OSA-Read-Via") == "http"
    assert echo[0][3] == b"member [redacted]"
    assert any(r[1].get_header("WARC-IP-Address") == "127.0.0.1" for r in records
               if r[0] == "response")
    info = next(r for r in records if r[0] == "warcinfo")[3].decode()
    assert "after decoding, not the bytes on the wire" in info
    assert "osa-auditor/" in info and "vantage-point: direct" in info
    with zipfile.ZipFile(wacz) as zf:
        pages = [json.loads(x) for x in zf.read("pages/pages.jsonl").splitlines()[1:]]
    assert {p["url"] for p in pages} >= {site.url("/"), site.url("/account")}

    # the same recording under --archive all keeps the picture; an adult target never does;
    # a small cap keeps the first bodies only and says so in each record past it
    def again(name: str, **kw) -> Path:
        work = tmp_path / name
        shutil.copytree(tmp_path / "recording", work)
        job = {"target_id": "site", "target_url": site.url("/"), "work_dir": str(work),
               "hars": sorted(str(p) for p in work.glob("context-*.zip")),
               "out": str(tmp_path / f"{name}.wacz"), "mode": "pages", "cap_bytes": 25_000_000,
               "adult": "", "secrets": sorted(SECRETS), "user_agent": "ua"} | kw
        summary = build(job)
        assert validate(Path(job["out"]))
        return Path(job["out"]), summary

    kept, _ = again("all", mode="all")
    assert _find(_records(kept), "response", "/pic.png")[0][3] == PNG
    blurred, _ = again("adult", mode="all", adult="the target list says the service is adult")
    assert _find(_records(blurred), "response", "/pic.png")[0][3] == b""
    capped, summary = again("capped", cap_bytes=600)
    assert summary["capped"] > 0
    past = [r for r in _records(capped) if r[1].get_header("OSA-Body-Omitted", "")
            .startswith("archive cap")]
    assert len(past) == summary["capped"]


def _spool(work: Path, url: str, body: bytes) -> None:
    (work / "http").mkdir(parents=True)
    meta = {"url": url, "status": 200, "headers": [["content-type", "text/html"]],
            "request_headers": [["user-agent", "ua"]], "started": "2026-12-07T10:00:00.000Z",
            "body_kept": True, "length": len(body), "sha256": hashlib.sha256(body).hexdigest()}
    (work / "http" / "http-00001.json").write_text(json.dumps(meta), encoding="utf-8")
    (work / "http" / "http-00001.body").write_bytes(body)


def _rezip(src: Path, dst: Path, change) -> None:
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w") as zout:
        for info in zin.infolist():
            zout.writestr(info, change(info.filename, zin.read(info.filename)))


def test_a_wacz_changed_inside_fails_its_own_digests(tmp_path):
    _spool(tmp_path / "w", "http://site.test/", b"<html><body>terms of service</body></html>")
    out = tmp_path / "a.wacz"
    summary = build({"target_id": "t", "target_url": "http://site.test/",
                     "work_dir": str(tmp_path / "w"), "hars": [], "out": str(out),
                     "mode": "pages", "cap_bytes": 1000, "secrets": []})
    assert summary["exchanges"] == 1 and summary["pages"] == 1
    assert validate(out) and wacz_problems(str(out)) == []

    def warc_changed(name, data):
        if not name.endswith(".warc.gz"):
            return data
        return gzip.compress(gzip.decompress(data).replace(b"terms", b"TERMS"))

    _rezip(out, tmp_path / "b.wacz", warc_changed)
    problems = wacz_problems(str(tmp_path / "b.wacz"))
    assert problems == ["archive/t.warc.gz does not have the SHA-256 its datapackage.json "
                        "gives"], problems
    assert not validate(tmp_path / "b.wacz")

    _rezip(out, tmp_path / "c.wacz",
           lambda name, data: data.replace(b'"title"', b'"Title"')
           if name == "datapackage.json" else data)
    assert any("datapackage-digest.json" in p for p in wacz_problems(str(tmp_path / "c.wacz")))
    (tmp_path / "d.wacz").write_bytes(b"not a zip")
    assert wacz_problems(str(tmp_path / "d.wacz")) == ["not a readable WACZ (BadZipFile)"]


def test_nothing_recorded_writes_no_archive(tmp_path):
    (tmp_path / "w").mkdir()
    summary = build({"target_id": "t", "work_dir": str(tmp_path / "w"), "hars": [],
                     "out": str(tmp_path / "t.wacz"), "mode": "pages", "cap_bytes": 1000})
    assert summary == {"exchanges": 0} and not (tmp_path / "t.wacz").exists()


def test_an_archive_cap_below_1_mb_is_refused_with_the_fix(tmp_path, capsys):
    from auditor.cli import main

    targets = tmp_path / "t.csv"
    targets.write_text("id,name,url\na,A,http://a.test/\n", encoding="utf-8")
    assert main(["sweep", str(targets), "--out", str(tmp_path / "o"), "--archive-cap-mb", "0",
                 "--progress", "none"]) == 2
    assert "--archive-cap-mb 0: must be at least 1" in capsys.readouterr().err
    assert SweepOptions().archive == "pages"


async def test_a_failed_build_costs_the_archive_not_the_audit_and_says_why(tmp_path):
    from auditor.evidence import EvidenceRecorder
    from auditor.http import FetchResult

    said: list[str] = []
    builder = ArchiveBuilder(SweepOptions(), tmp_path, message=said.append)
    try:
        recorder = builder.recorder("t")
        assert recorder.work == tmp_path / ".archive-work" / "t"
        recorder.http(FetchResult("http://t.test/", "http://t.test/", 200,
                                  {"content-type": "text/html"}, b"<p>hello</p>"),
                      utcnow())
        evidence = EvidenceRecorder(tmp_path, "t")
        (evidence.folder / "t-archive.wacz").mkdir(parents=True)   # where the file must go
        row = await builder.build(Target("t", "T", "http://t.test/"), recorder, evidence,
                                  adult="")
    finally:
        await asyncio.to_thread(builder.close)
    assert row is None
    assert isinstance(builder.errors.get("t"), OSError)
    assert said and said[0].startswith("t: its web archive could not be built (")
    assert not (tmp_path / ".archive-work").exists()        # scratch gone with the sweep


def test_tls_details_and_http2_of_a_recorded_entry_reach_its_record(tmp_path):
    """What Playwright records for an https page (its ``_securityDetails``, HTTP/2 pseudo-
    headers) becomes the record's ``OSA-TLS`` and ``OSA-HTTP-Version``; the tests' own servers
    speak plain HTTP/1.1, so this entry is written as Playwright writes one."""
    tls = {"protocol": "TLS 1.3", "subjectName": "www.example.org", "issuer": "Example CA",
           "validFrom": 1764547200, "validTo": 1796083200}
    entry = {"startedDateTime": "2026-12-07T10:00:00.123Z", "_resourceType": "document",
             "serverIPAddress": "192.0.2.10", "_securityDetails": tls,
             "request": {"method": "GET", "url": "https://www.example.org/terms",
                         "httpVersion": "HTTP/2.0",
                         "headers": [{"name": ":authority", "value": "www.example.org"},
                                     {"name": "user-agent", "value": "ua"}]},
             "response": {"status": 200, "statusText": "", "httpVersion": "HTTP/2.0",
                          "headers": [{"name": ":status", "value": "200"},
                                      {"name": "content-type", "value": "text/html"},
                                      {"name": "content-encoding", "value": "br"}],
                          "content": {"mimeType": "text/html", "_file": "body.html"}}}
    har = tmp_path / "context-001.zip"
    with zipfile.ZipFile(har, "w") as zf:
        zf.writestr("har.har", json.dumps({"log": {"entries": [entry]}}))
        zf.writestr("body.html", "<h1>Terms</h1>")
    (tmp_path / "w").mkdir()
    out = tmp_path / "t.wacz"
    build({"target_id": "t", "work_dir": str(tmp_path / "w"), "hars": [str(har)],
           "out": str(out), "mode": "pages", "cap_bytes": 10_000, "secrets": []})
    assert validate(out)
    (rec,) = _find(_records(out), "response", "/terms")
    assert json.loads(rec[1].get_header("OSA-TLS")) == tls
    assert rec[1].get_header("OSA-HTTP-Version") == "HTTP/2.0"
    assert rec[1].get_header("WARC-IP-Address") == "192.0.2.10"
    assert rec[1].get_header("WARC-Date") == "2026-12-07T10:00:00.123Z"
    assert rec[2].get_header("Content-Encoding") is None           # the body is decoded
    assert rec[2].get_header("Content-Length") == str(len("<h1>Terms</h1>"))
    assert not any(k.startswith(":") for k, _ in rec[2].headers)
    assert rec[3] == b"<h1>Terms</h1>"
