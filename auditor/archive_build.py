"""One target's web archive, built when its audit has ended (issue 17): the HTTP exchanges its
browser contexts recorded (Playwright HAR files) and its HTTP fetches (spooled by
:mod:`auditor.archive`) become masked WARC records (``warcio``), packaged as a WACZ (``wacz``).

Runs in the sweep's archive worker process (:class:`auditor.archive.ArchiveBuilder`): ``wacz``
costs 0.33 s of CPU and 35 MB to import and prints as it works, so it is imported there once and
its output goes nowhere.  Everything here is a plain function of its job, so tests call it
directly.

What is kept (``mode``): ``pages`` keeps every body but those of images, video and audio, whose
records keep the URL, headers, length and the body's SHA-256; ``all`` keeps those too, except
for a target found adult (no imagery of an adult service is ever stored); every body stops at
the per-target byte cap, and the records after it say so.

Masking: request ``Authorization``, ``Proxy-Authorization`` and ``Cookie`` headers, response
``Set-Cookie`` headers and every request body (form posts carry logins) are replaced by
``[redacted]``; the test accounts' secrets are masked wherever they appear (URLs, headers,
bodies, in plain, URL- and HTML-encoded forms) and so are password fields' values.  A masked
record keeps the SHA-256 of its original HTTP block in ``OSA-Original-SHA256``.
"""

from __future__ import annotations

import base64
import contextlib
import io
import json
import os
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from auditor.integrity import file_sha256, sha256
from auditor.redaction import PASSWORD_VALUE, secret_forms

MASK = b"[redacted]"
MASKED_REQUEST_HEADERS = frozenset({"authorization", "proxy-authorization", "cookie"})
MASKED_RESPONSE_HEADERS = frozenset({"set-cookie"})
#: Headers that describe the bytes on the wire, not the decoded body the record holds.
WIRE_HEADERS = frozenset({"content-encoding", "transfer-encoding", "content-length"})
URL_HEADERS = frozenset({"referer", "origin", "location", "content-location"})
MEDIA_TYPES = ("image/", "video/", "audio/")
MEDIA_RESOURCES = frozenset({"image", "media"})
REVISIT_MIN_BYTES = 256      # a body seen again at least this long is written as a revisit
_PASSWORD_VALUE = re.compile(PASSWORD_VALUE.encode(), re.I | re.S)

BODIES_NOTE = ("Bodies are as the browser (or the HTTP client) received them after decoding, not "
               "the bytes on the wire: Content-Encoding and Transfer-Encoding headers are dropped "
               "and Content-Length is the decoded body's length. A recording proxy (warcprox) "
               "would keep wire bytes; this archive does not.")


def byte_forms(secrets) -> list[bytes]:
    """The secrets' forms (:func:`auditor.redaction.secret_forms`) as bytes, longest first."""
    return [f.encode("utf-8") for f in secret_forms(tuple(secrets))]


def mask_bytes(data: bytes, forms: list[bytes]) -> bytes:
    """``data`` with password fields' values and every secret form replaced by ``[redacted]``."""
    if b"assword" in data or b"ASSWORD" in data:
        data = _PASSWORD_VALUE.sub(lambda m: m.group(1) + m.group(2) + MASK + m.group(2), data)
    for form in forms:
        if form in data:
            data = data.replace(form, MASK)
    return data


def _mask_text(text: str, forms: list[bytes]) -> str:
    return mask_bytes(text.encode("utf-8", "surrogateescape"), forms).decode("utf-8", "replace")


def _mask_url(url: str, forms: list[bytes]) -> str:
    """``url`` with secrets masked in its path, query and fragment (a host stays whole: a
    replay tool must still be able to read it)."""
    if not forms:
        return url
    parts = urlsplit(url)
    origin = f"{parts.scheme}://{parts.netloc}" if parts.netloc else ""
    rest = url[len(origin):] if url.startswith(origin) else url
    return origin + _mask_text(rest, forms)


@dataclass(slots=True)
class _Exchange:
    """One request and its answer, from a HAR entry or a spooled HTTP fetch."""

    url: str
    method: str
    req_headers: list
    req_body: bytes
    status: int
    reason: str
    version: str
    headers: list
    body: bytes
    started: str
    ip: str
    resource: str               # the HAR's _resourceType, or "fetch" for an HTTP read
    mime: str
    via: str                    # browser | http
    tls: dict = field(default_factory=dict)
    truncated: bool = False
    omitted: str = ""           # why the body was not spooled (then its length and hash)
    body_len: int | None = None
    body_sha: str | None = None


def _har_body(z: zipfile.ZipFile, content: dict) -> bytes:
    name = content.get("_file")
    if name:
        try:
            return z.read(name)
        except KeyError:
            return b""
    text = content.get("text")
    if text is None:
        return b""
    if content.get("encoding") == "base64":
        with contextlib.suppress(ValueError):
            return base64.b64decode(text)
        return b""
    return text.encode("utf-8", "surrogateescape")


def read_har(path: Path) -> list[_Exchange]:
    """The exchanges of one recorded context (a Playwright HAR zip, bodies attached)."""
    out = []
    with zipfile.ZipFile(path) as z:
        har = json.loads(z.read("har.har"))
        for e in har.get("log", {}).get("entries", []):
            req, res = e.get("request") or {}, e.get("response") or {}
            status = int(res.get("status") or 0)
            if status <= 0:          # no answer (blocked, aborted): nothing was served
                continue
            content = res.get("content") or {}
            out.append(_Exchange(
                url=req.get("url", ""), method=req.get("method", "GET"),
                req_headers=[(h["name"], h["value"]) for h in req.get("headers", [])],
                req_body=_har_body(z, req.get("postData") or {}), status=status,
                reason=res.get("statusText") or "", version=res.get("httpVersion") or "",
                headers=[(h["name"], h["value"]) for h in res.get("headers", [])],
                body=_har_body(z, content), started=e.get("startedDateTime") or "",
                ip=e.get("serverIPAddress") or "", tls=e.get("_securityDetails") or {},
                resource=e.get("_resourceType") or "", mime=content.get("mimeType") or "",
                via="browser"))
    return out


def read_spool(folder: Path) -> list[_Exchange]:
    """The HTTP fetches spooled by :class:`auditor.archive.ArchiveRecorder`."""
    out = []
    for meta_path in sorted(folder.glob("http-*.json")):
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        body_path = meta_path.with_suffix(".body")
        body = body_path.read_bytes() if body_path.exists() else b""
        headers = [tuple(h) for h in meta.get("headers", [])]
        mime = next((v for k, v in headers if k.lower() == "content-type"), "")
        out.append(_Exchange(
            url=meta["url"], method=meta.get("method", "GET"),
            req_headers=[tuple(h) for h in meta.get("request_headers", [])], req_body=b"",
            status=int(meta["status"]), reason=meta.get("reason", ""), version="HTTP/1.1",
            headers=headers, body=body, started=meta.get("started", ""), ip=meta.get("ip", ""),
            resource="fetch", mime=mime, truncated=bool(meta.get("truncated")),
            via="http", body_len=meta.get("length"), body_sha=meta.get("sha256"),
            omitted="" if meta.get("body_kept", True) or not meta.get("length") else
            "archive cap reached before this fetch"))
    return out


def _is_media(ex: _Exchange) -> bool:
    mime = (ex.mime or "").lower()
    return ex.resource in MEDIA_RESOURCES or mime.startswith(MEDIA_TYPES)


def _warc_date(started: str) -> str:
    """A HAR time as WARC 1.1 wants it (UTC, ``Z``, milliseconds at most)."""
    s = (started or "").strip()
    if not s:
        return ""
    s = s.replace("+00:00", "Z")
    if not s.endswith("Z"):
        return ""
    head, _, frac = s[:-1].partition(".")
    return f"{head}.{frac[:3]}Z" if frac else f"{head}Z"


def _block(status_line: str, headers: list[tuple[str, str]], body: bytes) -> bytes:
    lines = [status_line] + [f"{k}: {v}" for k, v in headers]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("utf-8", "replace") + body


def _request_line(method: str, url: str) -> str:
    parts = urlsplit(url)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return f"{method} {target} HTTP/1.1"


class _Counts:
    def __init__(self, cap: int):
        self.cap = cap
        self.kept = 0
        self.records = 0
        self.media_omitted = 0
        self.capped = 0
        self.masked = 0
        self.revisits = 0
        self.seen: dict[str, tuple[str, str, str]] = {}   # body sha256 -> uri, date, digest


def _mask_headers(headers, masked_names, forms) -> tuple[list[tuple[str, str]], list[str]]:
    out, which = [], []
    for k, v in headers:
        if k.startswith(":"):            # HTTP/2 pseudo-headers: not HTTP/1.1 header lines
            continue
        if k.lower() in masked_names:
            out.append((k, MASK.decode()))
            which.append(k)
            continue
        name = k.lower()
        if not forms or name == "host":          # a host name stays whole (see _mask_url)
            shown = v
        elif name in URL_HEADERS:
            shown = _mask_url(v, forms)
        else:
            shown = _mask_text(v, forms)
        if shown != v:
            which.append(k)
        out.append((k, shown))
    return out, which


def _write_exchange(writer, ex: _Exchange, counts: _Counts, *, keep_media: bool,
                    forms: list[bytes]) -> None:
    from warcio.statusandheaders import StatusAndHeaders

    url = _mask_url(ex.url, forms)
    date = _warc_date(ex.started)
    # -- the request ----------------------------------------------------------------------
    req_headers, req_masked = _mask_headers(ex.req_headers, MASKED_REQUEST_HEADERS, forms)
    req_body = ex.req_body or b""
    if req_body:
        req_masked.append("body")
    line = _request_line(ex.method, url)
    if url != ex.url:
        req_masked.append("URL")
    kept_req = MASK if req_body else b""
    req_headers = [(k, v) for k, v in req_headers if k.lower() != "content-length"]
    if kept_req:
        req_headers.append(("Content-Length", str(len(kept_req))))
    warc = {}
    if date:
        warc["WARC-Date"] = date
    if req_masked:
        warc["OSA-Masked"] = ", ".join(req_masked)
        original = _block(_request_line(ex.method, ex.url),
                          [(k, v) for k, v in ex.req_headers if not k.startswith(":")], req_body)
        warc["OSA-Original-SHA256"] = sha256(original)
        counts.masked += 1
    request = writer.create_warc_record(
        url, "request", payload=io.BytesIO(kept_req), length=len(kept_req),
        http_headers=StatusAndHeaders(line, req_headers, is_http_request=True),
        warc_headers_dict=warc)
    # -- the response ---------------------------------------------------------------------
    status_line = f"{ex.status} {ex.reason or 'OK'}".strip()
    decoded = [(k, v) for k, v in ex.headers
               if not k.startswith(":") and k.lower() not in WIRE_HEADERS]
    headers, res_masked = _mask_headers(decoded, MASKED_RESPONSE_HEADERS, forms)
    body = ex.body or b""
    warc = {"WARC-Concurrent-To": request.rec_headers.get_header("WARC-Record-ID")}
    if date:
        warc["WARC-Date"] = date
    if ex.ip:
        warc["WARC-IP-Address"] = ex.ip
    if ex.tls:
        warc["OSA-TLS"] = json.dumps(ex.tls, sort_keys=True, separators=(",", ":"))
    if ex.version and ex.version.upper() not in ("HTTP/1.1", "HTTP/1.0"):
        warc["OSA-HTTP-Version"] = ex.version
    warc["OSA-Read-Via"] = ex.via
    omitted = ex.omitted or ""
    if omitted:
        counts.capped += 1
    elif body and _is_media(ex) and not keep_media:
        omitted = "media"
        counts.media_omitted += 1
    elif body and counts.kept + len(body) > counts.cap:
        omitted = f"archive cap of {counts.cap} bytes reached"
        counts.capped += 1
    if omitted:
        warc["WARC-Truncated"] = "unspecified"
        warc["OSA-Body-Omitted"] = omitted
        warc["OSA-Body-Length"] = str(ex.body_len if ex.omitted else len(body))
        warc["OSA-Body-SHA256"] = ex.body_sha if ex.omitted else sha256(body)
        kept = b""
    else:
        kept = mask_bytes(body, forms)
        if kept != body:
            res_masked.append("body")
    if ex.truncated:
        warc["WARC-Truncated"] = "length"
    if res_masked:
        warc["OSA-Masked"] = ", ".join(res_masked)
        warc["OSA-Original-SHA256"] = sha256(_block(f"HTTP/1.1 {status_line}", decoded, body))
        counts.masked += 1
    headers.append(("Content-Length", str(len(kept))))
    http_headers = StatusAndHeaders(status_line, headers, protocol="HTTP/1.1")
    key = sha256(kept) if len(kept) >= REVISIT_MIN_BYTES else ""
    earlier = counts.seen.get(key) if key else None
    if earlier is not None:
        # the same body again (a fresh context loads the site's scripts and styles anew): a
        # revisit record pointing at the first copy, as web archives do
        uri, when, digest = earlier
        response = writer.create_revisit_record(url, digest, uri, when,
                                                http_headers=http_headers,
                                                warc_headers_dict=warc)
        counts.revisits += 1
    else:
        response = writer.create_warc_record(url, "response", payload=io.BytesIO(kept),
                                             length=len(kept), http_headers=http_headers,
                                             warc_headers_dict=warc)
        counts.kept += len(kept)
        if key:
            counts.seen[key] = (url, response.rec_headers.get_header("WARC-Date"),
                                response.rec_headers.get_header("WARC-Payload-Digest"))
    writer.write_record(response)
    writer.write_record(request)
    counts.records += 2


def write_warc(job: dict, exchanges: list[_Exchange], path: Path, forms: list[bytes]) -> dict:
    """The target's exchanges as a gzipped WARC 1.1 at ``path``, ``forms`` of the secrets
    masked (:func:`byte_forms`); returns what it holds."""
    from warcio.warcwriter import WARCWriter

    adult = job.get("adult") or ""
    keep_media = job.get("mode") == "all" and not adult
    counts = _Counts(int(job.get("cap_bytes") or 0) or 1 << 62)
    exchanges.sort(key=lambda e: e.started or "")
    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=True, warc_version="1.1")
        info = {
            "software": f"osa-auditor {job.get('tool_version', '')} (warcio, wacz)",
            "format": "WARC File Format 1.1",
            "isPartOf": job.get("run_id", ""),
            "target-id": job.get("target_id", ""),
            "target-url": job.get("target_url", ""),
            "http-header-user-agent": job.get("user_agent", ""),
            "vantage-point": job.get("proxy") or "direct (no --proxy)",
            "archive-mode": job.get("mode", "pages"),
            "media-bodies": ("kept" if keep_media else
                             "omitted (" + (f"adult service: {adult}" if adult else
                                            "--archive pages") + "); records keep URL, headers, "
                             "length and SHA-256"),
            "byte-cap": str(job.get("cap_bytes") or "none"),
            "bodies": BODIES_NOTE,
            "masking": ("Authorization, Proxy-Authorization, Cookie and Set-Cookie headers and "
                        "request bodies are replaced by [redacted]; test-account secrets and "
                        "password field values are masked everywhere. A masked record keeps "
                        "the SHA-256 of its original HTTP block in OSA-Original-SHA256."),
        }
        writer.write_record(writer.create_warcinfo_record(path.name, info))
        for ex in exchanges:
            _write_exchange(writer, ex, counts, keep_media=keep_media, forms=forms)
    return {"records": counts.records, "exchanges": len(exchanges), "body_bytes": counts.kept,
            "media_omitted": counts.media_omitted, "capped": counts.capped,
            "masked_records": counts.masked, "revisits": counts.revisits}


def build(job: dict) -> dict:
    """Build one target's WACZ from ``job`` (paths and settings, all plain data): its HAR zips,
    its spool folder and where the WACZ goes.  Returns what the archive holds, with its
    SHA-256 and size; the WACZ is written under a temporary name and moved into place."""
    work = Path(job["work_dir"])
    exchanges: list[_Exchange] = []
    for har in job.get("hars", []):
        with contextlib.suppress(FileNotFoundError, zipfile.BadZipFile, KeyError, ValueError):
            exchanges.extend(read_har(Path(har)))
    spool = work / "http"
    if spool.is_dir():
        exchanges.extend(read_spool(spool))
    if not exchanges:
        return {"exchanges": 0}
    warc = work / f"{job['target_id']}.warc.gz"
    forms = byte_forms(job.get("secrets") or ())
    summary = write_warc(job, exchanges, warc, forms)
    pages = work / "pages.jsonl"
    summary["pages"] = write_pages(exchanges, pages, forms)
    out = Path(job["out"])
    part = out.with_name(out.name + ".part")
    _create_wacz(warc, part, pages if summary["pages"] else None,
                 title=f"osa-auditor: {job['target_id']}",
                 desc=f"What {job.get('target_url', '')} served during the audit")
    os.replace(part, out)
    summary.update(sha256=file_sha256(out), size=out.stat().st_size)
    return summary


def write_pages(exchanges: list[_Exchange], path: Path, forms: list[bytes]) -> int:
    """The archive's page list (what a replay tool offers first): every HTML document the
    audit read, by browser or HTTP, once each.  Returns how many."""
    seen: dict[str, None] = {}
    for ex in exchanges:
        mime = (ex.mime or "").lower()
        if ex.status == 200 and ex.resource in ("document", "fetch") and "html" in mime:
            seen.setdefault(_mask_url(ex.url, forms))
    lines = [json.dumps({"format": "json-pages-1.0", "id": "pages",
                         "title": "Pages the audit read"})]
    lines += [json.dumps({"url": url, "title": url}) for url in seen]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(seen)


def _create_wacz(warc: Path, out: Path, pages: Path | None, *, title: str, desc: str) -> None:
    from wacz.main import main as wacz_main

    args = ["create", str(warc), "-o", str(out), "--hash-type", "sha256", "--title", title,
            "--desc", desc] + (["--pages", str(pages)] if pages else ["--detect-pages"])
    with open(os.devnull, "w") as sink, contextlib.redirect_stdout(sink):
        code = wacz_main(args)
    if code:
        raise RuntimeError(f"wacz create failed ({code}) for {warc.name}")


def validate(path: Path) -> bool:
    """The ``wacz`` package's own validator on one file (True: valid)."""
    from wacz.main import main as wacz_main

    with open(os.devnull, "w") as sink, contextlib.redirect_stdout(sink):
        return wacz_main(["validate", "-f", str(path)]) == 0
