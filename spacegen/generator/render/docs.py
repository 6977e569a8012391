"""Docstring *text* of generated methods (plain text; escaped later by :func:`.text.docstring`)."""

from __future__ import annotations

from spacegen.generator.ir.model import Endpoint, LiteralType, Output, Param, TypeRef, UnionType
from spacegen.generator.render.text import compact_json, literal

_MAX_CHOICES = 20


def method_doc(ep: Endpoint, names: list[str], fields: list[str] | None) -> str:
    """Description, then ``Args:`` and ``Returns:`` sections."""
    lines = [ep.description.strip() or f"Call the app's {ep.api_name!r} endpoint."]
    if ep.params:
        lines += ["", "Args:"]
        lines += [f"    {n}: {_param_line(p)}" for n, p in zip(names, ep.params, strict=True)]
    visible = list(ep.outputs)
    if visible:
        lines += ["", "Returns:"]
        labels = fields if fields is not None else [""] * len(visible)
        lines += [f"    {_output_line(f, o)}" for f, o in zip(labels, visible, strict=True)]
    return "\n".join(lines)


def _param_line(p: Param) -> str:
    parts = [_component(p.component, p.label)]
    if p.description.strip():
        parts.append(_one_line(p.description))
    choices = _choices(p.type)
    if choices:
        parts.append(f"Choices: {compact_json(choices[:_MAX_CHOICES])}")
    if p.has_default:
        parts.append(f"Default: {_preview(literal(p.default))}")
    if p.has_example:
        parts.append(f"Example: {compact_json(p.example)}")
    return ". ".join(parts) + "."


def _output_line(field: str, o: Output) -> str:
    text = _component(o.component, o.label)
    if o.description.strip():
        text += f". {_one_line(o.description)}"
    return f"{field}: {text}." if field else f"{text}."


def _component(component: str, label: str) -> str:
    label = _one_line(label)
    return f"{component or 'Value'} {compact_json(label)}" if label else component or "Value"


def _preview(text: str, limit: int = 200) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


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
