"""Keeping a hostile target's text out of the report's markup and script.

Everything a target controls (names, URLs, reasons, quotes, evidence paths, profile words) reaches
the report only through these helpers or jinja2's autoescaping:

* :func:`safe_href` lets only ``http(s)`` URLs become links;
* :func:`evidence_href` turns a manifest path into a relative link that stays inside
  ``evidence/`` (no ``..``, no absolute path, each segment percent-encoded);
* :func:`openable` says whether a browser shows an evidence file inertly (images, plain text):
  only those are linked.  A page copy saved as ``.html`` (older runs), an SVG or a PDF opened
  from disk would run the target's script with no content security policy, so they are listed
  with their path and hash instead;
* :func:`json_for_script` serialises data for a ``<script type="application/json">`` block, with
  ``<``, ``>``, ``&`` and the JavaScript line separators escaped, so a ``</script>`` stays text;
* :func:`slug` makes file names for pages from ids (ids are validated upstream, but a run folder
  is only a folder of files).
"""

from __future__ import annotations

import hashlib
import json
import posixpath
import re
from urllib.parse import quote, urlsplit

_SAFE_SCHEMES = ("http", "https")
_CTRL = re.compile(r"[\x00-\x20\x7f]")


def safe_href(url: object) -> str | None:
    """``url`` if it is an absolute http(s) URL with a host, else ``None`` (show it as text)."""
    if not isinstance(url, str):
        return None
    u = url.strip()
    if not u or len(u) > 4096 or _CTRL.search(u):
        return None
    try:
        parts = urlsplit(u)
    except ValueError:
        return None
    if parts.scheme.lower() not in _SAFE_SCHEMES or not parts.netloc:
        return None
    return u


def evidence_relpath(path: object) -> str | None:
    """A manifest ``path`` normalised to ``evidence/...`` or ``None`` when it would escape."""
    if not isinstance(path, str) or not path or "\\" in path or "\x00" in path:
        return None
    if path.startswith("/") or re.match(r"^[A-Za-z]:", path):
        return None
    norm = posixpath.normpath(path)
    parts = norm.split("/")
    if parts[0] != "evidence" or len(parts) < 2 or ".." in parts:
        return None
    return norm


def evidence_href(path: object, up: str) -> str | None:
    """Relative URL of an evidence file from a page ``up`` (e.g. ``"../../"``) below the run."""
    rel = evidence_relpath(path)
    if rel is None:
        return None
    return up + "/".join(quote(seg, safe="") for seg in rel.split("/"))


#: Evidence files a browser opens inertly (from file://, the type follows the extension):
#: images, and plain text (page copies are written as ``.html.txt``).
#: ``.wacz`` (a web archive, a zip) is linked too: a browser downloads it, nothing in it runs.
OPENABLE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".txt", ".csv", ".wacz")
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".webp")


def openable(path: object) -> bool:
    """True when the evidence file at ``path`` may be linked: clicking it can show it, never
    run it (``.html``, ``.svg``, ``.pdf`` and anything unknown are never linked)."""
    return isinstance(path, str) and path.lower().endswith(OPENABLE_SUFFIXES)


def is_image(path: object) -> bool:
    return isinstance(path, str) and path.lower().endswith(IMAGE_SUFFIXES)


_JSON_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026",
                 0x2028: "\\u2028", 0x2029: "\\u2029"}


def json_for_script(data: object) -> str:
    """JSON safe inside ``<script type="application/json">`` (and JavaScript string contexts)."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False,
                      default=str)
    return text.translate(_JSON_ESCAPES)


_SLUG_BAD = re.compile(r"[^a-z0-9]+")


def slug(text: str, taken: set[str] | None = None) -> str:
    """A file-name-safe, lower-case slug; unique within ``taken`` (which it updates)."""
    base = _SLUG_BAD.sub("-", str(text).lower()).strip("-")[:60] or "x"
    s = base
    if taken is not None:
        if s in taken:
            s = f"{base}-{hashlib.sha256(str(text).encode()).hexdigest()[:8]}"
            n = 2
            while s in taken:
                s = f"{base}-{n}"
                n += 1
        taken.add(s)
    return s
