"""Docstring *text* of generated methods (plain text; escaped later by :func:`.text.docstring`)."""

from __future__ import annotations

import textwrap

from spacegen.generator.ir.model import (
    AnyType,
    Endpoint,
    LiteralType,
    Output,
    Param,
    TypeRef,
    UnionType,
)
from spacegen.generator.render.text import compact_json, literal

_MAX_CHOICES = 20
_DOC_WIDTH = 92  # + 8 spaces of method indentation = 100


def method_doc(ep: Endpoint, names: list[str], fields: list[str] | None) -> str:
    """Description, then ``Args:`` and ``Returns:`` sections."""
    lines = [ep.description.strip() or f"Call the app's {ep.api_name!r} endpoint."]
    if ep.params:
        lines += ["", "Args:"]
        lines += [_wrap(f"{n}: {_param_line(p)}") for n, p in zip(names, ep.params, strict=True)]
    visible = list(ep.outputs)
    if visible:
        lines += ["", "Returns:"]
        labels = fields if fields is not None else [""] * len(visible)
        lines += [_wrap(_output_line(f, o)) for f, o in zip(labels, visible, strict=True)]
    return "\n".join(lines)


def _param_line(p: Param) -> str:
    parts = [_component(p.component, p.label)]
    if p.description.strip():
        parts.append(_preview(_one_line(p.description)))
    if isinstance(p.type, AnyType):
        parts.append(f"Untyped: {_one_line(p.type.reason)}")
    choices = _choices(p.type)
    if choices:
        parts.append(f"Choices: {compact_json(choices[:_MAX_CHOICES])}")
    if p.has_default:
        parts.append(f"Default: {_preview(literal(p.default))}")
    if p.has_example:
        parts.append(f"Example: {compact_json(p.example)}")
    return ". ".join(_unstop(part) for part in parts) + "."


def _output_line(field: str, o: Output) -> str:
    text = _component(o.component, o.label)
    if o.description.strip():
        text += f". {_unstop(_preview(_one_line(o.description)))}"
    return f"{field}: {text}." if field else f"{text}."


def _component(component: str, label: str) -> str:
    label = _one_line(label)
    return f"{component or 'Value'} {compact_json(label)}" if label else component or "Value"


def _wrap(entry: str) -> str:
    """One ``Args:``/``Returns:`` entry, wrapped to fit a method docstring (8-space indent)."""
    return textwrap.fill(
        entry,
        width=_DOC_WIDTH,
        initial_indent="    ",
        subsequent_indent="        ",
        break_long_words=False,
        break_on_hyphens=False,
    )


def _unstop(text: str) -> str:
    """Drop one closing full stop (we add our own), but keep an ellipsis."""
    return text[:-1] if text.endswith(".") and not text.endswith("...") else text


def _preview(text: str, limit: int = 200) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _choices(t: TypeRef) -> list[object]:
    if isinstance(t, LiteralType):
        return list(t.values)
    if isinstance(t, UnionType):
        return [v for o in t.options for v in _choices(o)]
    return []


def short_doc(verb: str, method: str) -> str:
    """Docstring of ``submit_x`` / ``stream_x``: points at the documented method."""
    return f"{verb} :meth:`{method}` (same arguments)."
