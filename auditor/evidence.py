"""The evidence recorder: every artefact is written under ``evidence/<target_id>/`` with its
SHA-256, URL, UTC time and how it was read, after a redaction step.

Redaction: screenshots of adult pages are blurred before they are written (when, in
:mod:`auditor.redaction`); known secrets (test-account credentials) and password-field values are
masked in text and DOM captures.
``original_sha256`` keeps the hash of the artefact as captured, before redaction.  File names are
made from the (validated) target id and a counter, never from a URL.
"""

from __future__ import annotations

import asyncio
import io
import re
from dataclasses import replace
from pathlib import Path

from auditor.integrity import sha256
from auditor.model import Evidence, utcnow
from auditor.pagejs import evaluate, script_file
from auditor.redaction import MASK as MASK  # what a masked secret reads (evidence.MASK)
from auditor.redaction import PAGE_CUES_JS, mask_secrets, short

THUMB_WIDTH = 320
THUMB_MAX_HEIGHT = 400
SCREENSHOT_MAX_HEIGHT = 8000


#: Screenshots are JPEG: Chromium encodes a full-page JPEG in ~60% of the CPU of a PNG
#: (measured: 96 against 160 ms for a 1280x2034 terms page), and it is smaller.
SCREENSHOT_TYPE = "jpeg"
JPEG_QUALITY = 80


def _is_jpeg(data: bytes) -> bool:
    return data[:3] == b"\xff\xd8\xff"


def _encode(img, like: bytes, *, compress_level: int = 6) -> bytes:
    """``img`` in the format of ``like`` (JPEG stays JPEG, anything else becomes PNG)."""
    buf = io.BytesIO()
    if _is_jpeg(like):
        img.save(buf, format="JPEG", quality=JPEG_QUALITY)
    else:
        img.save(buf, format="PNG", compress_level=compress_level)
    return buf.getvalue()


def picture_ext(data: bytes) -> str:
    return "jpg" if _is_jpeg(data) else "png"


def blur_picture(data: bytes, radius: int = 28) -> bytes:
    """The picture blurred beyond recognition, in its own format (PNG or JPEG), at its size.

    Blurred at a sixteenth of its size and scaled back up: the same picture as a radius-28 blur
    of the whole, for a tenth of the CPU (108 -> 14 ms a 1280 x 800 screenshot; an adult
    service's every picture is blurred).  A JPEG is decoded small to begin with."""
    from PIL import Image, ImageFilter

    with Image.open(io.BytesIO(data)) as img:
        size = img.size
        small_size = (max(1, size[0] // 16), max(1, size[1] // 16))
        img.draft("RGB", small_size)
        small = img.convert("RGB").resize(small_size, Image.Resampling.BOX)
        small = small.filter(ImageFilter.GaussianBlur(max(1.0, radius / 16)))
        return _encode(small.resize(size, Image.Resampling.BILINEAR), data)


def thumbnail(data: bytes) -> bytes:
    """A narrow picture of the top of a page, in the screenshot's format (crop first: resizing a
    6,000 px tall capture only to throw most of it away cost ~20 ms of CPU per screenshot; and
    a JPEG is decoded small: 17 ms a 1280 x 800 screenshot before, 1.8 ms after)."""
    from PIL import Image

    with Image.open(io.BytesIO(data)) as img:
        width, full = img.size
        ratio = THUMB_WIDTH / max(1, width)
        height = min(max(1, int(full * ratio)), THUMB_MAX_HEIGHT)
        keep = min(full, int(height / ratio) + 1)
        # a JPEG is decoded at the smallest scale (1/2, 1/4, 1/8) still at least the thumbnail's
        # size: a tenth of the CPU of decoding it whole, then shrinking it
        img.draft("RGB", (THUMB_WIDTH, max(1, int(full * ratio))))
        scale = img.size[0] / max(1, width)
        top = img.convert("RGB").crop((0, 0, img.size[0], max(1, round(keep * scale))))
        return _encode(top.resize((THUMB_WIDTH, height)), data, compress_level=3)


PAGE_HEIGHT_JS = ("() => Math.max(document.body ? document.body.scrollHeight : 0, "
                  "document.documentElement ? document.documentElement.scrollHeight : 0)")
#: What a picture of the page would show, as a short string (``auditor/page_look.js``).
PAGE_LOOK_JS = script_file("page_look.js")
#: What a screenshot needs to know first, in one call: the page's adult cues (unless the picture
#: is blurred anyway), its height and its look.
BEFORE_SHOT_JS = ("""(cues) => {
  let reason = "", look = "";
  if (cues) { try { reason = (CUES)(); } catch (e) { reason = ""; } }
  try { look = (LOOK)(); } catch (e) { look = ""; }
  return {cues: String(reason || ""), height: (HEIGHT)(), look: String(look || "")};
}""".replace("CUES", PAGE_CUES_JS).replace("HEIGHT", PAGE_HEIGHT_JS).replace("LOOK", PAGE_LOOK_JS))


def _number(value) -> float:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else 0.0


class EvidenceRecorder:
    def __init__(self, run_dir: Path, target_id: str, secrets: set[str] | frozenset[str] = (),
                 *, adult: str = ""):
        self.run_dir = Path(run_dir)
        self.target_id = target_id
        self.folder = self.run_dir / "evidence" / target_id
        self.secrets = sorted((s for s in secrets if s and len(s) >= 3), key=len, reverse=True)
        self.items: list[Evidence] = []
        self._n = 0
        self.adult = adult          # why every screenshot of this target is blurred ("": no)
        self.missed: list[str] = []  # why a screenshot could not be taken (url: error)
        # pictures already taken, by what they show: (url, look, blurred, window or clip height)
        self._taken: dict[tuple, str] = {}
        self.reused = 0             # pictures not taken again (the page looked the same)

    def mark_adult(self, reason: str) -> None:
        """From now on every screenshot of this target is blurred (sticky)."""
        if not self.adult and reason:
            self.adult = short(reason)

    def add_secrets(self, values) -> None:
        """More values to mask (e.g. credentials of accounts created during the audit)."""
        self.secrets = sorted({*self.secrets, *(v for v in values if v and len(v) >= 3)},
                              key=len, reverse=True)

    def _next_id(self, kind: str) -> str:
        self._n += 1
        return f"{self.target_id}-{kind}-{self._n:03d}"

    def _write(self, evidence_id: str, ext: str, data: bytes, original: bytes, *, url: str,
               kind: str, read_via: str) -> str:
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self.folder / f"{evidence_id}.{ext}"
        path.write_bytes(data)
        self.items.append(Evidence(evidence_id, path.relative_to(self.run_dir).as_posix(),
                                   sha256(data), sha256(original), url, kind, utcnow(), read_via,
                                   self.target_id))
        return evidence_id

    def mask(self, text: str) -> str:
        return mask_secrets(text, self.secrets)             # URL- and HTML-encoded too

    def text(self, content: str, *, url: str, kind: str = "text", read_via: str = "browser") -> str:
        """Keep text (``text``, ``quote`` or ``dom``), masked; returns the evidence id."""
        original = content.encode("utf-8")
        masked = self.mask(content).encode("utf-8")
        ext = "html.txt" if kind == "dom" else "txt"   # a page copy never opens as a page
        return self._write(self._next_id(kind), ext, masked, original, url=url, kind=kind,
                           read_via=read_via)

    def capture(self, data: bytes, *, url: str, ext: str = "bin", read_via: str = "http") -> str:
        ext = re.sub(r"[^a-z0-9]", "", ext.lower())[:8] or "bin"
        return self._write(self._next_id("capture"), ext, data, data, url=url, kind="capture",
                           read_via=read_via)

    def picture(self, data: bytes, *, url: str, redact: bool = False,
            evidence_id: str | None = None) -> str:
        """Keep a screenshot (blurred when ``redact``) and its thumbnail; returns its id."""
        shown = blur_picture(data) if redact else data
        ext = picture_ext(data)
        evidence_id = self._write(evidence_id or self._next_id("screenshot"), ext, shown, data,
                                  url=url, kind="screenshot", read_via="browser")
        thumb = thumbnail(shown)
        self._write(f"{evidence_id}-thumb", ext, thumb, thumb, url=url, kind="thumbnail",
                    read_via="browser")
        return evidence_id

    async def screenshot(self, page, *, redact: bool = False, full_page: bool = True) -> str | None:
        """Full-page screenshot (height capped) of a Playwright page; None if it cannot be taken.

        Blurred when ``redact``, when the target is known to be adult, or when the page itself
        shows adult cues (:data:`auditor.redaction.PAGE_CUES_JS`; that marks the target)."""
        cues = not redact and not self.adult
        try:
            # one call for the adult cues and the heights (each call is a protocol round trip)
            seen = await evaluate(page, BEFORE_SHOT_JS, cues)
        except Exception:   # noqa: BLE001 - a page that cannot answer: judged later, shot whole
            seen = None
        seen = seen if isinstance(seen, dict) else {}
        if cues:
            self.mark_adult(str(seen.get("cues") or ""))
        redact = redact or bool(self.adult)
        # the window as we set it (the page's own word for its height could be a lie)
        window = page.viewport_size or {"width": 1280, "height": 0}
        height = _number(seen.get("height"))
        tall = full_page and not (0 < height <= window.get("height", 0))
        # a tall page's capture: from the top, as high as the page (capped); 0 for the window
        clip_height = max(1, min(int(height or 800), SCREENSHOT_MAX_HEIGHT)) if tall else 0
        look = str(seen.get("look") or "")
        key = (page.url, look, redact, window.get("width"), window.get("height"), clip_height)
        if look and key in self._taken:
            # the same page, looking the same (markup, fields, focus, scroll, window) as when it
            # was pictured for this target: that picture shows it (about 40 ms of CPU a picture)
            self.reused += 1
            return self._taken[key]
        try:
            if tall:
                # a page taller than the window (or one that would not say): captured whole, the
                # window stretched over it, which costs about twice a capture of the window
                clip = {"x": 0, "y": 0, "width": window["width"], "height": clip_height}
                data = await page.screenshot(full_page=True, clip=clip, timeout=15000,
                                             type=SCREENSHOT_TYPE, quality=JPEG_QUALITY,
                                             caret="initial")
            else:
                # the window (a page that fits in it is the whole page): what the compositor
                # already drew, with no layout for a taller window and no style for the caret
                data = await page.screenshot(timeout=15000, type=SCREENSHOT_TYPE,
                                             quality=JPEG_QUALITY, caret="initial")
        except Exception as exc:    # a page that closed, crashed or hangs: no picture, no failure
            self.missed.append(f"{page.url}: {type(exc).__name__}: {str(exc)[:200]}")
            return None
        # blurring, thumbnailing and writing take 30-300 ms of PIL: off the event loop, so other
        # targets' pages keep moving (the id is taken here, in order)
        evidence_id = await asyncio.to_thread(self.picture, data, url=page.url, redact=redact,
                                              evidence_id=self._next_id("screenshot"))
        if look:
            self._taken[key] = evidence_id
        return evidence_id

    def redact_taken(self, reason: str) -> int:
        """Blur, in place, the screenshots (and thumbnails) of this target written unblurred
        before it was known to be adult; their ``original_sha256`` stays.  Returns how many."""
        self.mark_adult(reason)
        done = 0
        by_id = {e.evidence_id: i for i, e in enumerate(self.items)}
        for i, ev in enumerate(list(self.items)):
            if ev.kind != "screenshot" or ev.sha256 != ev.original_sha256:
                continue
            path = self.run_dir / ev.path
            try:
                blurred = blur_picture(path.read_bytes())
            except (OSError, ValueError):
                continue
            path.write_bytes(blurred)
            self.items[i] = replace(ev, sha256=sha256(blurred))
            j = by_id.get(f"{ev.evidence_id}-thumb")
            if j is not None:
                th = self.items[j]
                thumb = thumbnail(blurred)
                (self.run_dir / th.path).write_bytes(thumb)
                self.items[j] = replace(th, sha256=sha256(thumb))
            done += 1
        return done
