"""Drift of one endpoint's parameters and outputs (see :mod:`spacegen.generator.drift.engine`)."""

from __future__ import annotations

from spacegen.generator.drift.record import Change, Severity
from spacegen.generator.drift.types import relate
from spacegen.generator.ir.model import Endpoint, LiteralType, Output, Param, TypeRef


def compare_params(old: Endpoint, new: Endpoint) -> list[Change]:
    """Added, removed, reordered, renamed and retyped parameters of one endpoint."""
    before, after = [p.name for p in old.params], [p.name for p in new.params]
    if before == after:
        return _pairs(old.api_name, list(zip(old.params, new.params, strict=True)))
    unique = len(set(before)) == len(before) and len(set(after)) == len(after)
    if unique and sorted(before) == sorted(after):
        reorder = Change("breaking-wire", old.api_name, "params-reordered", _order(before, after))
        return [reorder, *_pairs(old.api_name, _by_name(old.params, new.params))]
    if unique and _subsequence(before, after):
        return _inserted(old, new) + _pairs(old.api_name, _by_name(old.params, new.params))
    if unique and _subsequence(after, before):
        return _removed(old, new) + _pairs(old.api_name, _by_name(old.params, new.params))
    return _positional(old, new)


def compare_outputs(old: Endpoint, new: Endpoint) -> list[Change]:
    """Outputs added, removed or retyped; labels changed."""
    name, out = old.api_name, []
    for extra in new.outputs[len(old.outputs) :]:
        out.append(Change("breaking-wire", name, "output-added", f"output {_show(extra)} added"))
    for gone in old.outputs[len(new.outputs) :]:
        out.append(Change("breaking-wire", name, "output-removed", f"output {_show(gone)} removed"))
    for a, b in zip(old.outputs, new.outputs, strict=False):
        out += _output_pair(name, a, b)
    if len(old.output_slots) != len(new.output_slots) and len(old.outputs) == len(new.outputs):
        message = "hidden outputs changed (the reply has a different length)"
        out.append(Change("breaking-wire", name, "hidden-outputs-changed", message))
    return out


def _show(item: Param | Output) -> str:
    text = item.name if isinstance(item, Param) else item.label
    return f"{text!r} ({item.component})"


def _order(before: list[str], after: list[str]) -> str:
    return f"parameters reordered: ({', '.join(before)}) -> ({', '.join(after)})"


def _subsequence(short: list[str], long: list[str]) -> bool:
    it = iter(long)
    return len(short) < len(long) and all(name in it for name in short)


def _by_name(old: tuple[Param, ...], new: tuple[Param, ...]) -> list[tuple[Param, Param]]:
    news = {p.name: p for p in new}
    return [(p, news[p.name]) for p in old if p.name in news]


def _inserted(old: Endpoint, new: Endpoint) -> list[Change]:
    known, out = {p.name for p in old.params}, []
    last_old = max(i for i, p in enumerate(new.params) if p.name in known) if known else -1
    for i, p in enumerate(new.params):
        if p.name in known:
            continue
        if i < last_old:
            message = f"parameter {_show(p)} inserted at position {i + 1}: later ones shift"
            out.append(Change("breaking-wire", old.api_name, "param-inserted", message))
        else:
            out.append(_appended(old.api_name, p))
    return out


def _appended(endpoint: str, p: Param) -> Change:
    if p.has_default:
        return Change(
            "additive", endpoint, "param-added-optional", f"new optional parameter {_show(p)}"
        )
    message = f"required parameter {_show(p)} added"
    return Change("breaking-wire", endpoint, "param-added-required", message)


def _removed(old: Endpoint, new: Endpoint) -> list[Change]:
    kept = {p.name for p in new.params}
    return [
        Change("breaking-wire", old.api_name, "param-removed", f"parameter {_show(p)} removed")
        for p in old.params
        if p.name not in kept
    ]


def _positional(old: Endpoint, new: Endpoint) -> list[Change]:
    out = _pairs(old.api_name, list(zip(old.params, new.params, strict=False)))
    out += [_appended(old.api_name, p) for p in new.params[len(old.params) :]]
    for p in old.params[len(new.params) :]:
        out.append(
            Change("breaking-wire", old.api_name, "param-removed", f"parameter {_show(p)} removed")
        )
    return out


def _pairs(endpoint: str, pairs: list[tuple[Param, Param]]) -> list[Change]:
    out: list[Change] = []
    for a, b in pairs:
        out += _param_pair(endpoint, a, b)
    return out


def _param_pair(endpoint: str, a: Param, b: Param) -> list[Change]:
    out: list[Change] = []
    if a.name != b.name:
        message = f"parameter {a.name!r} renamed to {b.name!r}"
        out.append(Change("breaking-typed", endpoint, "param-renamed", message))
    if a.component != b.component:
        message = f"parameter {b.name!r}: component {a.component} -> {b.component}"
        out.append(Change("breaking-wire", endpoint, "param-component-changed", message))
    else:
        out += _param_type(endpoint, b.name, a.type, b.type)
    out += _default(endpoint, a, b)
    out += _cosmetic(endpoint, f"parameter {b.name!r}", a, b, ("label", "description", "example"))
    return out


def _param_type(endpoint: str, name: str, old: TypeRef, new: TypeRef) -> list[Change]:
    relation = relate(old, new)
    choices = isinstance(old, LiteralType) and isinstance(new, LiteralType)
    where = f"parameter {name!r}"
    if relation == "same":
        return [] if old == new else [_type_note(endpoint, where)]
    if relation == "wider":
        word = "choices widened" if choices else "accepts more values"
        return [Change("additive", endpoint, "param-type-widened", f"{where}: {word}")]
    if relation == "narrower":
        word = "choices narrowed" if choices else "type narrowed"
        return [Change("breaking-typed", endpoint, "param-type-narrowed", f"{where}: {word}")]
    severity: Severity = "breaking-typed" if choices else "breaking-wire"
    return [Change(severity, endpoint, "param-type-changed", f"{where}: type changed")]


def _type_note(endpoint: str, where: str) -> Change:
    return Change("cosmetic", endpoint, "type-renamed", f"{where}: type names/descriptions changed")


def _default(endpoint: str, a: Param, b: Param) -> list[Change]:
    where = f"parameter {b.name!r}"
    if a.has_default and not b.has_default:
        message = f"{where} lost its default (now required)"
        return [Change("breaking-typed", endpoint, "param-now-required", message)]
    if b.has_default and not a.has_default:
        return [Change("additive", endpoint, "param-now-optional", f"{where} now has a default")]
    if a.has_default and a.default != b.default:
        message = f"{where}: default {_clip(a.default)} -> {_clip(b.default)}"
        return [Change("cosmetic", endpoint, "param-default-changed", message)]
    return []


def _clip(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _cosmetic(
    endpoint: str, where: str, a: Param | Output, b: Param | Output, attrs: tuple[str, ...]
) -> list[Change]:
    out = []
    for attr in attrs:
        before, after = getattr(a, attr), getattr(b, attr)
        if before != after:
            message = f"{where}: {attr} changed ({_clip(before)} -> {_clip(after)})"
            out.append(Change("cosmetic", endpoint, f"{attr}-changed", message))
    return out


def _output_pair(endpoint: str, a: Output, b: Output) -> list[Change]:
    where = f"output {b.label!r}"
    if a.component != b.component:
        message = f"{where}: component {a.component} -> {b.component}"
        return [Change("breaking-wire", endpoint, "output-component-changed", message)]
    out = _cosmetic(endpoint, where, a, b, ("label", "description"))
    relation = relate(a.type, b.type)
    if relation == "same":
        return out + ([] if a.type == b.type else [_type_note(endpoint, where)])
    if relation in ("wider", "narrower"):
        message = f"{where}: return type {'widened' if relation == 'wider' else 'narrowed'}"
        return [Change("breaking-typed", endpoint, f"output-type-{relation}", message), *out]
    message = f"{where}: type changed"
    return [Change("breaking-wire", endpoint, "output-type-changed", message), *out]
