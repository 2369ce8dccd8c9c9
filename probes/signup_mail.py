"""A verification link in a local mail folder (the opt-in ``--mail-dir DIR``).

A real sweep has no mailbox: without the option, ``signup.email_verification`` is read from what
the pages say.  With it (a benchmark or a staging service set to write its mail to files), the
signup probe looks here for a message to the synthetic identity's address that arrived after the
attempt, and takes the link in it that points back at the service and reads as a verification
link.  Mail files are whatever the service's mailer writes: one message per file (a sendmail
stand-in, a maildir) or several in one file separated by a line of dashes (Django's file backend).
Nothing here opens a page; the probe decides whether to follow the link.
"""

from __future__ import annotations

import email
import email.policy
import html
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

MAX_FILES = 2000
MAX_BYTES = 2_000_000
_SEPARATOR = re.compile(rb"^-{40,}\s*$", re.M)
_LINK = re.compile(r"https?://[^\s\"'<>()\[\]]+", re.I)
_VERIFY_URL = re.compile(r"(verif|confirm|activat|validat|token|key=|/register/|/accounts?/|"
                         r"/registration/)", re.I)
_VERIFY_TEXT = re.compile(r"(verif|confirm|activat|validat|complete your registration|"
                          r"finish (signing up|registration)|welcome)", re.I)


@dataclass(frozen=True)
class MailLink:
    url: str
    subject: str
    file: str


def _messages(raw: bytes) -> Iterator[email.message.EmailMessage]:
    parts = _SEPARATOR.split(raw) if _SEPARATOR.search(raw) else [raw]
    for part in parts:
        part = part.strip()
        if part:
            yield email.message_from_bytes(part, policy=email.policy.default)


def _bodies(msg: email.message.EmailMessage) -> str:
    texts = []
    for part in msg.walk():
        if part.get_content_maintype() != "text":
            continue
        try:
            body = part.get_content()
        except (LookupError, ValueError):
            payload = part.get_payload(decode=True) or b""
            body = payload.decode("utf-8", "replace")
        texts.append(html.unescape(body) if part.get_content_subtype() == "html" else body)
    return "\n".join(texts)


def _addressed_to(msg: email.message.EmailMessage, body: str, address: str) -> bool:
    address = address.lower()
    heads = " ".join(str(msg.get(h, "")) for h in ("To", "Cc", "Delivered-To", "X-Original-To"))
    return address in heads.lower() or address in body.lower()


def _files(folder: Path, since: float) -> Iterable[Path]:
    found = []
    for p in folder.rglob("*"):
        try:
            if p.is_file() and p.stat().st_mtime >= since:
                found.append(p)
        except OSError:
            continue
        if len(found) >= MAX_FILES:
            break
    return sorted(found, key=lambda p: p.stat().st_mtime)


def verification_link(folder: str | Path, address: str, in_scope: Callable[[str], bool],
                      since: float = 0.0) -> MailLink | None:
    """The newest verification link mailed to ``address`` since ``since`` (a file mtime) that
    points back at the service (``in_scope``); ``None`` when no such mail is there."""
    best: MailLink | None = None
    for path in _files(Path(folder), since):
        try:
            raw = path.read_bytes()[:MAX_BYTES]
        except OSError:
            continue
        for msg in _messages(raw):
            body = _bodies(msg)
            if not _addressed_to(msg, body, address):
                continue
            subject = str(msg.get("Subject", ""))
            links = [u.rstrip(".,;:!?") for u in _LINK.findall(body)]
            links = [u for u in links if in_scope(u)]
            wanted = [u for u in links if _VERIFY_URL.search(u)]
            if not wanted and len(links) == 1 and _VERIFY_TEXT.search(subject + " " + body):
                wanted = links
            if wanted:
                best = MailLink(wanted[0], subject, path.name)
    return best
