"""The jinja2 environment: templates shipped inside the package, read via importlib.resources."""

from __future__ import annotations

import functools
from importlib import resources

import jinja2

_PACKAGE = "spacegen"
_FOLDER = "templates"


def _load(name: str) -> str:
    return resources.files(_PACKAGE).joinpath(_FOLDER, name).read_text(encoding="utf-8")


@functools.cache
def environment() -> jinja2.Environment:
    """Autoescape off (the output is Python, escaped by the view model), undefined is an error."""
    return jinja2.Environment(
        loader=jinja2.FunctionLoader(_load),
        autoescape=False,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
