"""Sharpen a schema-derived type with the component's props from /config.

Radio / Dropdown / CheckboxGroup choices, Dropdown ``multiselect`` and ``allow_custom_value``,
Number ``precision: 0``. The schema wins when it already says more (an ``enum``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from spacegen.generator.ir.model import JsonType, ListType, LiteralType, Prim, TypeRef
from spacegen.generator.normalize.literals import literal_type
from spacegen.generator.raw import Problems, RawComponent

_STR = Prim("str")
_CHOICE_COMPONENTS = frozenset({"radio", "dropdown", "checkboxgroup"})


def refine(
    mapped: TypeRef, component: RawComponent | None, where: str, problems: Problems
) -> TypeRef:
    """``mapped`` adjusted for ``component``'s props (unchanged for other components)."""
    if component is None:
        return mapped
    kind = component.type.lower()
    if kind not in _CHOICE_COMPONENTS:
        return _plain(kind, mapped, component.props)
    if kind == "dropdown" and component.props.get("allow_custom_value") is True:
        return _custom(mapped)
    if kind == "checkboxgroup" or (kind == "dropdown" and component.props.get("multiselect")):
        return _many(mapped, component.props, where, problems)
    return _one(mapped, component.props, where, problems)


def _plain(kind: str, mapped: TypeRef, props: Mapping[str, Any]) -> TypeRef:
    """Components without choices: templated HTML holds JSON, an integer Number is ``int``."""
    if kind == "html" and _templated(props):
        return JsonType()
    if kind == "number" and props.get("precision") == 0 and mapped == Prim("float"):
        return Prim("int")
    return mapped


def _templated(props: Mapping[str, Any]) -> bool:
    """A ``gr.HTML`` whose value feeds a template (Gradio 6: ``props`` in its config, or a
    non-text value) holds any JSON value, not only HTML text."""
    value = props.get("value")
    return "props" in props or not (value is None or isinstance(value, str))


def _custom(mapped: TypeRef) -> TypeRef:
    """A Dropdown that accepts typed-in values: open ``str`` (``list[str]`` when multiple)."""
    if isinstance(mapped, ListType) and _is_choice(mapped.item):
        return ListType(_STR)
    return _STR if _is_choice(mapped) else mapped


def _many(mapped: TypeRef, props: Mapping[str, Any], where: str, problems: Problems) -> TypeRef:
    """Several choices at once: ``list[Literal[...]]``."""
    if isinstance(mapped, ListType):
        return ListType(_one(mapped.item, props, where, problems))
    if mapped == _STR:
        return ListType(_one(mapped, props, where, problems))
    return mapped


def _one(mapped: TypeRef, props: Mapping[str, Any], where: str, problems: Problems) -> TypeRef:
    """One choice: the schema's enum if it has one, else the props' choice values."""
    if mapped != _STR:
        return mapped
    values = choice_values(props.get("choices"))
    if values is None:
        return mapped
    literal = literal_type(values)
    if isinstance(literal, str):
        problems.add("info", where, literal)
        return mapped
    return mapped if literal is None else literal


def choice_values(choices: Any) -> list[Any] | None:
    """The values of ``[[label, value], ...]`` choices (bare values also accepted)."""
    if not isinstance(choices, list):
        return None
    return [c[1] if isinstance(c, list) and len(c) == 2 else c for c in choices]


def _is_choice(mapped: TypeRef) -> bool:
    """A plain string or a literal set (what a custom value may replace)."""
    return mapped == _STR or isinstance(mapped, LiteralType)
