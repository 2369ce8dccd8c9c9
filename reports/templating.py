"""The jinja2 environment every page of ``reports/`` renders with."""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape


def template_environment() -> Environment:
    """The jinja2 environment every page of ``reports/`` renders with: ``templates/``,
    everything autoescaped (target text never becomes markup), undefined names an error."""
    return Environment(loader=FileSystemLoader(str(Path(__file__).parent / "templates")),
                       autoescape=select_autoescape(default=True, default_for_string=True),
                       undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
