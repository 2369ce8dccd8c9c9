"""Running our own JavaScript in a target's page, when the page may navigate under it.

A page replaces its document whenever it likes: a form posted a moment ago, a script's redirect,
a gate that reloads once answered.  ``page.evaluate`` then fails with "Execution context was
destroyed".  That is no answer about the page, so :func:`evaluate` waits for the new document to
load and asks it again (a few times: a page that redirects twice in a row is common).

Answers come back as one JSON string (:func:`as_json`): Playwright's client checks every value
of an answer against its protocol schema, item by item, and for the lists our scripts return
(links, controls, a gate's elements) that check was a fifth of the sweep's Python CPU.  A page
whose JSON is not the browser's own (an old library's ``Array.prototype.toJSON``) gets
Playwright's way instead; an answer that is not what the wrapper sent raises ``ValueError``.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import json
from pathlib import Path
from typing import Any

#: What Playwright says when the document went away while (or just before) our script ran.
REPLACED = ("Execution context was destroyed", "Cannot find context with specified id",
            "page is navigating and changing the content")
TRIES = 3
LOAD_WAIT_MS = 5000


def script_file(name: str) -> str:
    """One of our page scripts kept as a file beside this module (``auditor/<name>``), without
    its ``//`` comment lines (they would travel to every page it runs in)."""
    text = Path(__file__).with_name(name).read_text("utf-8")
    return "\n".join(line for line in text.splitlines() if not line.startswith("//"))


def replaced(exc: BaseException) -> bool:
    """Whether ``exc`` says the page's document was replaced (not that our script failed)."""
    return any(m in str(exc) for m in REPLACED)


#: Marks an answer sent as JSON by :func:`as_json` (a script's own string answer is JSON too).
JSON_MARK = "\u0000osa-json:"
_AS_JSON = """async (osaArg) => {
  let value = (
%s
  );
  if (typeof value === 'function') value = value(osaArg);
  value = await value;
  const own = (o) => Object.prototype.hasOwnProperty.call(o, 'toJSON');
  if (own(Array.prototype) || own(Object.prototype) || own(String.prototype)) return value;
  let odd = false;
  const plain = (key, v) => {
    if (v === undefined || typeof v === 'function' || typeof v === 'symbol') return null;
    if (typeof v === 'number' && (v !== v || v === Infinity || v === -Infinity)) odd = true;
    return v;
  };
  let text;
  try { text = JSON.stringify(value, plain); } catch (e) { return value; }
  return typeof text === 'string' && !odd ? %s + text : value;
}"""
_MARK_JS = json.dumps(JSON_MARK)


@functools.lru_cache(maxsize=512)
def as_json(script: str) -> str:
    """``script`` (a function, or an expression, as ``page.evaluate`` takes it) wrapped so that
    its answer comes back as one string: :data:`JSON_MARK` and the answer's JSON.  As with
    Playwright, ``undefined`` (and a function) is ``None``, in a list and in an object alike;
    answers JSON cannot carry (a cycle, ``NaN``, ``Infinity``, a ``BigInt``) come back the way
    Playwright sends them."""
    return _AS_JSON % (script, _MARK_JS)


def from_json(answer: Any) -> Any:
    """The answer of an :func:`as_json` script, decoded."""
    if isinstance(answer, str) and answer.startswith(JSON_MARK):
        return json.loads(answer[len(JSON_MARK):])
    return answer


async def evaluate(page, script: str, arg: Any = None, *, seconds: float | None = None) -> Any:
    """``page.evaluate(script, arg)`` (a page or a frame), once more (up to :data:`TRIES` in
    all) after the next document has loaded when a navigation replaced the page; each try
    bounded by ``seconds`` (a page whose scripts hang does not hang the probe:
    :class:`TimeoutError`).  The answer travels as JSON (see the module's note)."""
    wrapped = as_json(script)
    return from_json(await _again_if_replaced(page, lambda: page.evaluate(wrapped, arg), seconds))


async def content(page) -> str:
    """``page.content()``, again on the next document when the page was navigating."""
    return await _again_if_replaced(page, page.content, None)


async def _again_if_replaced(page, call, seconds: float | None) -> Any:
    for attempt in range(TRIES):
        try:
            return await (asyncio.wait_for(call(), seconds) if seconds else call())
        except Exception as exc:  # noqa: BLE001 - only a replaced document is retried
            if isinstance(exc, TimeoutError) or attempt == TRIES - 1 or not replaced(exc):
                raise
        with contextlib.suppress(Exception):
            await page.wait_for_load_state("load", timeout=LOAD_WAIT_MS)
    raise AssertionError("unreachable")  # pragma: no cover
