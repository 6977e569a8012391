"""``verify_api``: the app's live ``/info`` against the endpoints a client was generated for.

Sans-IO: the shells fetch ``{api_prefix}/info`` once per session (only when the client was
made with ``verify_api=True``, or when :meth:`verify_api` is called) and hand it here. Each
difference is classified the way ``spacegen check`` classifies drift: ``breaking (wire)``
(endpoint gone, inputs or outputs added, removed or of another component), ``breaking
(typed)`` (a parameter lost its default) and ``additive`` (a new endpoint, a new default).
Labels, descriptions and examples are not compared (cosmetic), nor is the address.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any, NamedTuple

from spacegen.runtime._endpoint import App, Endpoint
from spacegen.runtime.errors import ApiMismatchError, ProtocolError

WIRE, TYPED, ADDITIVE = "breaking (wire)", "breaking (typed)", "additive"
BREAKING = (WIRE, TYPED)


class ApiChange(NamedTuple):
    """One difference: its class, the endpoint and a readable line."""

    severity: str
    api_name: str
    text: str


def parse_info(raw: bytes) -> Mapping[str, Any]:
    """The ``named_endpoints`` of an ``/info`` answer."""
    try:
        info = json.loads(raw)
    except (ValueError, UnicodeDecodeError) as exc:
        raise ProtocolError("info: invalid JSON") from exc
    named = info.get("named_endpoints") if isinstance(info, dict) else None
    if not isinstance(named, dict):
        raise ProtocolError("info: no named_endpoints in the answer")
    return named


def api_changes(app: App, named: Mapping[str, Any]) -> tuple[ApiChange, ...]:
    """Every classified difference between ``app`` and the live ``named_endpoints``."""
    changes: list[ApiChange] = []
    for endpoint in app.endpoints:
        live = named.get(endpoint.api_name)
        if not isinstance(live, dict):
            if endpoint.api_name.startswith("/"):
                changes.append(ApiChange(WIRE, endpoint.api_name, "endpoint removed"))
            continue
        changes += _endpoint_changes(endpoint, live)
    known = {endpoint.api_name for endpoint in app.endpoints}
    changes += [ApiChange(ADDITIVE, name, "new endpoint") for name in named if name not in known]
    return tuple(changes)


def raise_for_changes(app: App, changes: Sequence[ApiChange], source: str) -> None:
    """:class:`ApiMismatchError` when any change breaks the client."""
    breaking = [c for c in changes if c.severity in BREAKING]
    if breaking:
        lines = tuple(f"{c.severity}: {c.api_name}: {c.text}" for c in breaking)
        raise ApiMismatchError(lines, app.api_hash, source)


def _endpoint_changes(endpoint: Endpoint[Any], live: Mapping[str, Any]) -> list[ApiChange]:
    params = _items(live.get("parameters"))
    returns = _items(live.get("returns"))
    name = endpoint.api_name
    found = _compare(name, "input", _baked_inputs(endpoint), [_kind(p) for p in params])
    found += _compare(name, "output", _baked_outputs(endpoint), [_kind(r) for r in returns])
    defaults = {index for index, _ in endpoint.defaults}
    for index, param in enumerate(params[: _visible_inputs(endpoint)]):
        has_default = bool(param.get("parameter_has_default"))
        if index in defaults and not has_default:
            found.append(ApiChange(TYPED, name, f"input {index + 1} no longer has a default"))
        elif has_default and index not in defaults:
            found.append(ApiChange(ADDITIVE, name, f"input {index + 1} now has a default"))
    return found


def _compare(name: str, kind: str, baked: list[str], live: list[str]) -> list[ApiChange]:
    found = [
        ApiChange(WIRE, name, f"{kind} {i} is now a {now} (was a {was})")
        for i, (was, now) in enumerate(zip(baked, live, strict=False), start=1)
        if was and now and was != now
    ]
    if len(live) != len(baked):
        found.append(ApiChange(WIRE, name, f"{len(live)} {kind}s (was {len(baked)})"))
    return found


def _baked_inputs(endpoint: Endpoint[Any]) -> list[str]:
    """Component type per visible input, in argument order (``""`` when not baked)."""
    types = endpoint.input_types or ("",) * len(endpoint.slots)
    by_arg = {
        slot: kind for slot, kind in zip(endpoint.slots, types, strict=False) if slot is not None
    }
    return [by_arg[arg] for arg in sorted(by_arg)]


def _baked_outputs(endpoint: Endpoint[Any]) -> list[str]:
    if not endpoint.output_types:
        return [""] * sum(1 for target in endpoint.outputs if target is not None)
    return [kind for kind in endpoint.output_types if kind != "state"]


def _visible_inputs(endpoint: Endpoint[Any]) -> int:
    return sum(1 for slot in endpoint.slots if slot is not None)


def _items(value: Any) -> list[Mapping[str, Any]]:
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def _kind(item: Mapping[str, Any]) -> str:
    component = item.get("component")
    return component.lower() if isinstance(component, str) else ""
