"""Black-stable layout of the few lines that may run long (defs and calls).

Black re-splits a too-long line with a costly search; a line already exploded with a magic
trailing comma is kept as is. Emitting that form ourselves keeps formatting fast (about 4x).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacegen.generator.render.text import literal

LINE_LENGTH = 100
_INDENT = "    "


@dataclass(frozen=True)
class Arg:
    """One parameter of a def: ``name: annotation = default``, or a bare ``self`` / ``*``."""

    name: str
    annotation: str | None = None
    default: str | None = None

    def __str__(self) -> str:
        text = self.name if self.annotation is None else f"{self.name}: {self.annotation}"
        return text if self.default is None else f"{text} = {self.default}"

    def line(self, indent: str) -> str:
        """The parameter on its own line(s) of an exploded def, trailing comma included.

        A too-long union annotation goes in parentheses on a line of its own, as black does.
        """
        one = f"{indent}{self},"
        if len(one) <= LINE_LENGTH or self.annotation is None or not _top_level_union(self):
            return one
        tail = "" if self.default is None else f" = {self.default}"
        return f"{indent}{self.name}: (\n{indent}{_INDENT}{self.annotation}\n{indent}){tail},"


_BRACKETED = re.compile(r"\[[^\[\]]*\]")


def _top_level_union(arg: Arg) -> bool:
    text = arg.annotation or ""
    while _BRACKETED.search(text):
        text = _BRACKETED.sub("", text)
    return " | " in text


def def_header(indent: str, prefix: str, name: str, params: list[Arg], returns: str) -> str:
    """``def name(self, ...) -> R:`` on one line, or one parameter per line when too long."""
    one_line = f"{indent}{prefix}def {name}({', '.join(map(str, params))}) -> {returns}:"
    if len(one_line) <= LINE_LENGTH:
        return one_line
    inner = "".join(p.line(indent + _INDENT) + "\n" for p in params)
    return f"{indent}{prefix}def {name}(\n{inner}{indent}) -> {returns}:"


def call_statement(indent: str, head: str, const: str, args: list[str]) -> str:
    """``return self._call(EP, (a, b))``, exploded when too long."""
    packed = _tuple(args)
    one_line = f"{indent}{head}({const}, {packed})"
    if len(one_line) <= LINE_LENGTH:
        return one_line
    inner = indent + _INDENT
    items = "".join(f"{inner}{_INDENT}{a},\n" for a in args)
    return f"{indent}{head}(\n{inner}{const},\n{inner}(\n{items}{inner}),\n{indent})"


def _tuple(args: list[str]) -> str:
    if len(args) == 1:
        return f"({args[0]},)"
    return "(" + ", ".join(args) + ")"


def pretty(value: object, indent: str, used: int) -> str:
    """A Python literal for ``value`` (JSON data and tuples), split black-style when too long.

    ``used`` counts the characters on the first line besides the literal itself (indent
    excluded): e.g. ``len("defaults=") + len(",")``. Split brackets get a magic trailing comma,
    so black keeps them as they are.
    """
    flat = _flat(value)
    if len(indent) + used + len(flat) <= LINE_LENGTH or not _is_container(value):
        return flat
    inner = indent + _INDENT
    if isinstance(value, dict):
        lines = [f"{inner}{_entry(k, v, inner)}," for k, v in value.items()]
        return "{\n" + "\n".join(lines) + f"\n{indent}}}"
    assert isinstance(value, (list, tuple))
    lines = [f"{inner}{pretty(item, inner, 1)}," for item in value]
    opening, closing = ("(", ")") if isinstance(value, tuple) else ("[", "]")
    return opening + "\n" + "\n".join(lines) + f"\n{indent}{closing}"


def _entry(key: object, value: object, indent: str) -> str:
    head = literal(str(key)) + ": "
    return head + pretty(value, indent, len(head) + 1)


def _is_container(value: object) -> bool:
    return isinstance(value, (dict, list, tuple)) and len(value) > 0


def _flat(value: object) -> str:
    if isinstance(value, tuple):
        return _tuple([_flat(v) for v in value])
    if isinstance(value, list):
        return "[" + ", ".join(_flat(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{literal(str(k))}: {_flat(v)}" for k, v in value.items()) + "}"
    return literal(value)
