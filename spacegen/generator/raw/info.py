"""Parse ``/info`` (and ``/info?all_endpoints``) into :class:`RawEndpointInfo` entries."""

from __future__ import annotations

from typing import Any

from spacegen.generator.ir.model import Visibility
from spacegen.generator.raw._coerce import (
    Problems,
    bounded_json,
    clip,
    flag,
    key_text,
    optional_text,
    text,
)
from spacegen.generator.raw.config import visibility_of
from spacegen.generator.raw.model import OAuth, RawEndpointInfo, RawItem
from spacegen.runtime.errors import DescriptionError

_OAUTH: dict[str, OAuth] = {"required": "required", "optional": "optional"}


def named_endpoints(info: Any, what: str) -> dict[str, Any]:
    """The ``named_endpoints`` object of an /info document; raise when there is none."""
    group = info.get("named_endpoints") if isinstance(info, dict) else None
    if not isinstance(group, dict):
        raise DescriptionError(f"the app's {what} has no 'named_endpoints' object")
    return group


def parse_endpoints(group: dict[str, Any], problems: Problems) -> tuple[RawEndpointInfo, ...]:
    """Every entry of ``named_endpoints`` in document order."""
    return tuple(parse_endpoint(key_text(name), entry, problems) for name, entry in group.items())


def parse_endpoint(name: str, entry: Any, problems: Problems) -> RawEndpointInfo:
    """One endpoint; an unusable entry comes back with ``problem`` set instead of raising."""
    name = endpoint_name(name)
    if not isinstance(entry, dict):
        return _broken(name, "endpoint description is not an object")
    parameters, returns = entry.get("parameters"), entry.get("returns", [])
    if not isinstance(parameters, list) or not isinstance(returns, list):
        return _broken(name, "'parameters' or 'returns' is not a list")
    return RawEndpointInfo(
        name=name,
        parameters=_items(f"{name}: parameter", parameters, problems),
        returns=_items(f"{name}: return", returns, problems),
        visibility=_visibility(entry),
        description=text(entry.get("description"), name, "description", problems),
        oauth_token=_oauth(entry.get("oauth_token")),
    )


def endpoint_name(key: object) -> str:
    """An /info key with exactly one leading slash, clipped (how :class:`RawEndpointInfo` names)."""
    return "/" + clip(key_text(key)).removeprefix("/")


def _items(where: str, values: list[Any], problems: Problems) -> tuple[RawItem, ...]:
    """Each parameter or return, numbered from 0 in ``where``."""
    return tuple(_item(f"{where} {k}", value, problems) for k, value in enumerate(values))


def _oauth(value: Any) -> OAuth | None:
    """``oauth_token``: ``"required"`` / ``"optional"`` when the function takes a token."""
    return _OAUTH.get(value) if isinstance(value, str) else None


def _broken(name: str, problem: str) -> RawEndpointInfo:
    """A placeholder for an endpoint the normaliser must skip."""
    return RawEndpointInfo(name, (), (), None, "", problem=problem)


def _visibility(entry: dict[str, Any]) -> Visibility | None:
    """6.x ``api_visibility``, else 4.x/5.x ``show_api``; ``None`` when neither says."""
    visibility = visibility_of(entry.get("api_visibility"))
    if visibility is not None:
        return visibility
    show_api = entry.get("show_api")
    if isinstance(show_api, bool):
        return "public" if show_api else "undocumented"
    return None


def _item(where: str, item: Any, problems: Problems) -> RawItem:
    """One parameter/return; a non-object becomes an invalid placeholder (keeps the count)."""
    if not isinstance(item, dict):
        problems.add("warning", where, "not an object; typed as Any")
        return RawItem(label="", parameter_name=None, component="", schema=None, valid=False)
    has_default, default = _default(where, item, problems)
    has_example, example = _example(where, item, problems)
    return RawItem(
        label=_label(item.get("label"), where, problems),
        parameter_name=optional_text(item.get("parameter_name")),
        component=text(item.get("component"), where, "component", problems),
        schema=item.get("type"),
        python_type_description=_python_type_description(item.get("python_type")),
        has_default=has_default,
        default=default,
        has_example=has_example,
        example=example,
    )


def _label(value: Any, where: str, problems: Problems) -> str:
    """A label; 5.x/6.x i18n labels (``{"_type": "translation_metadata", "key": ...}``) → key."""
    if isinstance(value, dict) and value.get("_type") == "translation_metadata":
        key = value.get("key")
        return clip(key.rsplit(".", 1)[-1]) if isinstance(key, str) else ""
    return text(value, where, "label", problems)


def _default(where: str, item: dict[str, Any], problems: Problems) -> tuple[bool, Any]:
    """``parameter_has_default`` / ``parameter_default``, bounded in size."""
    if not flag(item.get("parameter_has_default"), False):
        return False, None
    return bounded_json(item.get("parameter_default"), where, "default", problems)


def _example(where: str, item: dict[str, Any], problems: Problems) -> tuple[bool, Any]:
    """``example_input`` when the key is present, bounded in size."""
    if "example_input" not in item:
        return False, None
    return bounded_json(item["example_input"], where, "example", problems)


def _python_type_description(value: Any) -> str:
    """``python_type.description`` (a human note such as "numeric value between 0 and 1")."""
    description = value.get("description") if isinstance(value, dict) else None
    return clip(description) if isinstance(description, str) else ""
