"""Probes: one module per probe, named as its signals' prefix.  Discovery always runs first.

Each module has ``NAME`` and ``async def run(session) -> list[Observation]``.
"""

from __future__ import annotations

import importlib
from types import ModuleType

ORDER = ("discovery", "terms", "reporting", "age_gate", "signup", "messaging", "profile")


def load(name: str) -> ModuleType:
    if name not in ORDER:
        raise KeyError(f"unknown probe {name!r}; known: {', '.join(ORDER)}")
    return importlib.import_module(f"probes.{name}")


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
