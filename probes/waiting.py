"""Waiting, bounded, for something a script builds after the page settled (the render slot
lent meanwhile: :func:`auditor.session.idle`)."""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from typing import TypeVar

from auditor.session import idle

T = TypeVar("T")


async def poll(read: Callable[[], Awaitable[T]], done: Callable[[T], bool], seconds: float,
               *, every: float = 0.25, first: T | None = None) -> T:
    """``read()`` again every ``every`` seconds until ``done(result)`` or ``seconds`` have
    passed; the last result either way (``first``, when given, is the result already read)."""
    end = time.monotonic() + seconds
    res = await read() if first is None else first
    while not done(res) and time.monotonic() < end:
        await idle(every)
        res = await read()
    return res
