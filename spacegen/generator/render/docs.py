"""Docstring *text* of generated methods (plain text; escaped later by :func:`.text.docstring`).

What a caller reads in an IDE tooltip: one notation (Python literals: ``None``, ``True``), no
Sphinx roles, and none of Gradio's own class documentation (``"The FileData class is a
subclass of the GradioModel class..."``) which says nothing about the value to pass.
"""

from __future__ import annotations

import re
import textwrap

from spacegen.generator.ir.model import (
    AnyType,
    Endpoint,
    FileType,
    LiteralType,
    Output,
    Param,
    TypeRef,
    UnionType,
)
from spacegen.generator.render.text import literal

_MAX_CHOICES = 20
_DOC_WIDTH = 92  # + 8 spaces of method indentation = 100
_PREVIEW = 200
_ELLIPSES = ("\u2026", "...")

#: Descriptions Gradio writes for its own classes (FileData, ChatMessage helpers, ...): they
#: document Gradio's internals, not what a caller passes or gets, and are left out.
_GRADIO_CLASS_DOC = re.compile(
    r"^(The \w+ class is a subclass of|A typed dictionary to represent|Helper class that"
    r"|For input, either path or url must be provided)"
)


def method_doc(ep: Endpoint, names: list[str], fields: list[str] | None) -> str:
    """Description, then ``Args:`` and ``Returns:`` sections."""
    own = ep.description.strip()
    if _GRADIO_CLASS_DOC.match(own):
        own = ""
    lines = [own or f"Call the app's {ep.api_name!r} endpoint."]
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
    parts = [_component(p.component, p.label), _description(p.description)]
    if isinstance(p.type, AnyType):
        parts.append(f"Untyped: {_one_line(p.type.reason)}")
    choices = _choices(p.type)
    if choices:
        parts.append(f"Choices: {_python(choices[:_MAX_CHOICES])}")
    if p.has_default:
        parts.append(f"Default: {_python(p.default)}")
    if p.has_example:
        parts.append(f"Example: {_python(_example(p.type, p.example))}")
    return _sentences(parts)


def _output_line(field: str, o: Output) -> str:
    text = _sentences([_component(o.component, o.label), _description(o.description)])
    return f"{field}: {text}" if field else text


def _component(component: str, label: str) -> str:
    label = _one_line(label)
    return f"{component or 'Value'} {literal(label)}" if label else component or "Value"


def _description(text: str) -> str:
    """The app's description of a value, one line, or "" for Gradio's own class docs."""
    line = _one_line(text)
    return "" if _GRADIO_CLASS_DOC.match(line) else _preview(line)


def _sentences(parts: list[str]) -> str:
    """``"A. B. C."``: each non-empty part ends with one full stop (or its own ellipsis)."""
    out = ""
    for text in map(_unstop, filter(None, parts)):
        out += text + (" " if text.endswith(_ELLIPSES) else ". ")
    return out.rstrip()


def _python(value: object) -> str:
    """A Python literal of a JSON value (``None``, not ``null``), cut to a preview."""
    try:
        return _preview(literal(value))
    except TypeError:
        return _preview(repr(value))


def _example(t: TypeRef, example: object) -> object:
    """Files in an example are shown as what a caller passes: a URL or path, not a FileData."""
    if isinstance(example, list):
        return [_example(AnyType(""), item) for item in example]
    if not isinstance(example, dict):
        return example
    if isinstance(t, FileType) or _is_file_data(example):
        for key in ("url", "path"):
            if isinstance(example.get(key), str):
                return example[key]
    return {k: _example(AnyType(""), v) for k, v in example.items()}


def _is_file_data(value: dict[str, object]) -> bool:
    meta = value.get("meta")
    return isinstance(meta, dict) and meta.get("_type") == "gradio.FileData"


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
    return text[:-1] if text.endswith(".") and not text.endswith(_ELLIPSES) else text


def _preview(text: str, limit: int = _PREVIEW) -> str:
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
    return f"{verb} ``{method}`` (same arguments)."
