"""Waiting, bounded, for something a script builds after the page settled."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from typing import TypeVar

T = TypeVar("T")


async def poll(read: Callable[[], Awaitable[T]], done: Callable[[T], bool], seconds: float,
               *, every: float = 0.25, first: T | None = None) -> T:
    """``read()`` again every ``every`` seconds until ``done(result)`` or ``seconds`` have
    passed; the last result either way (``first``, when given, is the result already read)."""
    end = time.monotonic() + seconds
    res = await read() if first is None else first
    while not done(res) and time.monotonic() < end:
        await asyncio.sleep(every)
        res = await read()
    return res
