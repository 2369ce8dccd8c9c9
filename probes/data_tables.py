"""What the probes' data tables share (age-assurance providers, community-software platforms):
a bundled TOML file in the package, a user's file with ``--providers`` / ``--platforms`` adding
or replacing rows by key, and one kind of error whose message names the file and the fix."""

from __future__ import annotations

import tomllib
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypeVar

Row = TypeVar("Row")


class DataFileError(ValueError):
    """A data file that cannot be used; the message says where and how to fix it."""


def read_toml(path: Path, error: type[DataFileError], what: str, table: str) -> dict:
    """The TOML of ``path``; ``error`` names a missing file or bad TOML, and the fix."""
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise error(f"{path}: no such {what} file. Fix: give the path of a TOML file of "
                    f"[[{table}]] tables.") from None
    except tomllib.TOMLDecodeError as exc:
        raise error(f"{path}: not valid TOML ({exc}). Fix: correct that line.") from None


def merged(bundled: Iterable[Row], extra: str | None, read: Callable[[Path], list[Row]],
           key: Callable[[Row], str]) -> tuple[Row, ...]:
    """The bundled rows, with those of the file ``extra`` (a path) added or replacing the
    bundled ones of the same key."""
    rows = {key(r): r for r in bundled}
    if extra:
        for r in read(Path(extra).expanduser()):
            rows[key(r)] = r
    return tuple(rows.values())
