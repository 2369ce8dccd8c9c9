"""Running our own JavaScript in a target's page, when the page may navigate under it.

A page replaces its document whenever it likes: a form posted a moment ago, a script's redirect,
a gate that reloads once answered.  ``page.evaluate`` then fails with "Execution context was
destroyed".  That is no answer about the page, so :func:`evaluate` waits for the new document to
load and asks it again (a few times: a page that redirects twice in a row is common).
"""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any

#: What Playwright says when the document went away while (or just before) our script ran.
REPLACED = ("Execution context was destroyed", "Cannot find context with specified id",
            "page is navigating and changing the content")
TRIES = 3
LOAD_WAIT_MS = 5000


def replaced(exc: BaseException) -> bool:
    """Whether ``exc`` says the page's document was replaced (not that our script failed)."""
    return any(m in str(exc) for m in REPLACED)


async def evaluate(page, script: str, arg: Any = None, *, seconds: float | None = None) -> Any:
    """``page.evaluate(script, arg)``, once more (up to :data:`TRIES` in all) after the next
    document has loaded when a navigation replaced the page; each try bounded by ``seconds``
    (a page whose scripts hang does not hang the probe: :class:`TimeoutError`)."""
    return await _again_if_replaced(page, lambda: page.evaluate(script, arg), seconds)


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
