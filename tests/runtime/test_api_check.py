"""``verify_api``'s classifier (sans-IO): baked endpoints against a live ``/info``."""

from __future__ import annotations

import pickle
from typing import Any

import pytest

from spacegen.runtime import ApiMismatchError, App, Endpoint
from spacegen.runtime._api_check import (
    ADDITIVE,
    TYPED,
    WIRE,
    ApiChange,
    api_changes,
    parse_info,
    raise_for_changes,
)
from spacegen.runtime.errors import ProtocolError

GREET: Endpoint[str] = Endpoint(
    "/greet", 0, "greet", "", (0, None, 1), (0,), defaults=((1, "!"),),
    input_types=("textbox", "state", "textbox"), output_types=("textbox", "state"),
)  # fmt: skip
APP = App("http://app", "6.31.0", "sse_v3", "/gradio_api", "abc123" * 8, endpoints=(GREET,))


def param(component: str, default: bool = False) -> dict[str, Any]:
    return {"component": component, "parameter_has_default": default, "label": "ignored"}


def info(params: list[dict[str, Any]], returns: list[str], **more: Any) -> dict[str, Any]:
    endpoint = {"parameters": params, "returns": [{"component": r} for r in returns]}
    return {"/greet": endpoint, **more}


def test_the_same_api_has_no_changes() -> None:
    assert api_changes(APP, info([param("Textbox"), param("Textbox", True)], ["Textbox"])) == ()


@pytest.mark.parametrize(
    ("live", "expected"),
    [
        ({}, [ApiChange(WIRE, "/greet", "endpoint removed")]),
        (
            info([param("Textbox"), param("Number", True)], ["Textbox"]),
            [ApiChange(WIRE, "/greet", "input 2 is now a number (was a textbox)")],
        ),
        (
            info([param("Textbox"), param("Textbox")], ["Textbox"]),
            [ApiChange(TYPED, "/greet", "input 2 no longer has a default")],
        ),
        (
            info([param("Textbox", True), param("Textbox", True)], ["Textbox", "Number"]),
            [
                ApiChange(WIRE, "/greet", "2 outputs (was 1)"),
                ApiChange(ADDITIVE, "/greet", "input 1 now has a default"),
            ],
        ),
        (
            info([param("Textbox"), param("Textbox", True)], ["Textbox"], **{"/new": {}}),
            [ApiChange(ADDITIVE, "/new", "new endpoint")],
        ),
    ],
)
def test_each_change_is_classified(live: dict[str, Any], expected: list[ApiChange]) -> None:
    assert list(api_changes(APP, live)) == expected


def test_only_breaking_changes_raise_and_the_error_pickles() -> None:
    raise_for_changes(APP, [ApiChange(ADDITIVE, "/new", "new endpoint")], "http://app")
    with pytest.raises(ApiMismatchError) as caught:
        raise_for_changes(APP, [ApiChange(TYPED, "/greet", "input 2 ...")], "http://app")
    assert caught.value.changes == ("breaking (typed): /greet: input 2 ...",)
    copy = pickle.loads(pickle.dumps(caught.value))
    assert copy.changes == caught.value.changes and copy.api_hash == APP.api_hash


@pytest.mark.parametrize("raw", [b"not json", b"[]", b'{"named_endpoints": 3}'])
def test_a_broken_info_is_a_protocol_error(raw: bytes) -> None:
    with pytest.raises(ProtocolError, match="info"):
        parse_info(raw)
