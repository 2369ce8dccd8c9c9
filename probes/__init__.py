"""Probes: one module per probe, named as its signals' prefix.  Discovery always runs first.

Each module has ``NAME`` and ``async def run(session) -> list[Observation]``; one that reads in
the target's reused page (``session.page()`` without a context) says so with
``TARGET_PAGE = True``, so that the runner keeps that page's renderer for it (see
:func:`keep_target_page`).
"""

from __future__ import annotations

import importlib
from types import ModuleType

ORDER = ("discovery", "terms", "reporting", "age_gate", "signup", "messaging", "profile")


def load(name: str) -> ModuleType:
    if name not in ORDER:
        raise KeyError(f"unknown probe {name!r}; known: {', '.join(ORDER)}")
    return importlib.import_module(f"probes.{name}")


def keep_target_page(names: list[str]) -> list[bool]:
    """For each probe of ``names`` (in running order): whether a later one reads in the target's
    reused page, so that the page is unloaded and kept after it rather than closed."""
    users = [i for i, n in enumerate(names) if getattr(load(n), "TARGET_PAGE", False)]
    return [any(i > step for i in users) for step in range(len(names))]


def available() -> list[str]:
    """Probes whose module exists in this installation, in running order."""
    out = []
    for name in ORDER:
        try:
            load(name)
        except ModuleNotFoundError as exc:
            if exc.name != f"probes.{name}":
                raise
            continue
        out.append(name)
    return out
