"""normalize(): endpoint selection, slots, props, visibility and app-level fields."""

from __future__ import annotations

from typing import Any

import pytest
from nz_build import Ep, Item, snapshot, state

from spacegen.generator.ir import (
    AnyType,
    Endpoint,
    ListType,
    LiteralType,
    Normalized,
    Prim,
    UnionType,
)
from spacegen.generator.normalize import normalize
from spacegen.generator.raw import RawSnapshot
from spacegen.runtime.errors import DescriptionError

STR = Prim("str")


def only(result: Normalized) -> Endpoint:
    assert len(result.app.endpoints) == 1, result.diagnostics
    return result.app.endpoints[0]


def levels(result: Normalized) -> list[str]:
    return [d.level for d in result.diagnostics]


def test_state_slots_are_none_and_params_follow_visible_inputs() -> None:
    ep = Ep("/chat", [state(), Item(name="a"), state(), Item(name="b")], [Item(), state()])
    endpoint = only(normalize(snapshot(ep)))
    assert endpoint.input_slots == (None, 0, None, 1)
    assert endpoint.output_slots == (0, None)
    assert [p.name for p in endpoint.params] == ["a", "b"]
    assert endpoint.api_name == "/chat" and endpoint.fn_index == 0


def test_count_mismatch_is_an_error_and_skips_the_endpoint() -> None:
    snap = snapshot(Ep("/f", [Item()]), Ep("/g", [Item()]))
    snap.info["named_endpoints"]["/f"]["parameters"] = []
    result = normalize(snap)
    assert [e.api_name for e in result.app.endpoints] == ["/g"]
    assert ("error", "/f") in [(d.level, d.where) for d in result.diagnostics]


def test_fields_generator_description_oauth_default_example() -> None:
    item = Item(
        name="n",
        extra={"parameter_has_default": True, "parameter_default": "hi", "example_input": "ex"},
    )
    ep = Ep(
        "/f",
        [item],
        dependency={"types": {"generator": True}, "api_description": "from dep"},
        info={"oauth_token": "required"},
    )
    endpoint = only(normalize(snapshot(ep)))
    assert endpoint.generator is True
    assert endpoint.description == "from dep"
    assert endpoint.oauth_token == "required"
    param = endpoint.params[0]
    assert (param.has_default, param.default, param.has_example, param.example) == (
        True,
        "hi",
        True,
        "ex",
    )


def test_info_description_wins_and_label_names_missing_parameter_name() -> None:
    ep = Ep("/f", [Item(extra={"parameter_name": None, "label": "Lbl"})], info={"description": "d"})
    endpoint = only(normalize(snapshot(ep)))
    assert endpoint.description == "d"
    assert endpoint.params[0].name == "Lbl"


def test_js_only_and_private_are_dropped() -> None:
    snap = snapshot(
        Ep("/js", dependency={"backend_fn": False}),
        Ep("/priv", dependency={"api_visibility": "private"}),
        Ep("/ok"),
    )
    result = normalize(snap)
    assert [e.api_name for e in result.app.endpoints] == ["/ok"]


def test_undocumented_only_when_asked_and_appended_after_public() -> None:
    snap = snapshot(Ep("/hidden", in_info=False), Ep("/shown"))
    assert [e.api_name for e in normalize(snap).app.endpoints] == ["/shown"]
    both = normalize(snap, include_undocumented=True).app.endpoints
    assert [(e.api_name, e.visibility) for e in both] == [
        ("/shown", "public"),
        ("/hidden", "undocumented"),
    ]


def test_fn_index_comes_from_dependency_id_else_list_index() -> None:
    snap = snapshot(Ep("/a"), Ep("/b", dependency={"id": 41}))
    del snap.config["dependencies"][0]["id"]
    assert [e.fn_index for e in normalize(snap).app.endpoints] == [0, 41]


def test_shared_api_name_picks_the_dependency_that_fits() -> None:
    snap = snapshot(Ep("/dup", [Item()]), Ep("/other"))
    snap.config["dependencies"][1]["api_name"] = "dup"
    snap.info["named_endpoints"]["/dup"]["parameters"] = []
    result = normalize(snap)
    assert [(e.api_name, e.fn_index) for e in result.app.endpoints] == [("/dup", 1)]
    assert "warning" in levels(result)


# ------------------------------------------------------------------------------ props


def choice(component: str, schema: Any, **props: Any) -> Any:
    return only(normalize(snapshot(Ep("/f", [Item(schema, component, props=props)])))).params[0]


def test_radio_choices_from_props_when_schema_has_no_enum() -> None:
    param = choice("Radio", {"type": "string"}, choices=[["A", "a"], ["B", 2], ["A2", "a"]])
    assert param.type == LiteralType(("a", 2))


def test_schema_enum_preferred_over_props() -> None:
    param = choice("Radio", {"type": "string", "enum": ["x"]}, choices=[["A", "a"]])
    assert param.type == LiteralType(("x",))


def test_dropdown_multiselect_and_checkboxgroup_are_lists_of_literals() -> None:
    props = {"choices": [["A", "a"]], "multiselect": True}
    multi = choice("Dropdown", {"type": "string"}, **props)
    assert multi.type == ListType(LiteralType(("a",)))
    group = choice("CheckboxGroup", {"type": "array", "items": {"type": "string"}}, **props)
    assert group.type == ListType(LiteralType(("a",)))


def test_dropdown_custom_value_is_open_str() -> None:
    enum = {"type": "string", "enum": ["a"]}
    assert choice("Dropdown", enum, allow_custom_value=True).type == STR
    many = {"type": "array", "items": enum}
    assert choice("Dropdown", many, allow_custom_value=True, multiselect=True).type == ListType(STR)


def test_empty_choices_give_str_with_info() -> None:
    result = normalize(snapshot(Ep("/f", [Item(component="Radio", props={"choices": []})])))
    assert only(result).params[0].type == STR
    assert levels(result) == ["info"]


def test_number_precision_zero_is_int() -> None:
    assert choice("Number", {"type": "number"}, precision=0).type == Prim("int")
    assert choice("Number", {"type": "number"}, precision=2).type == Prim("float")


def test_nullable_enum_keeps_none() -> None:
    param = choice("Dropdown", {"type": "string", "enum": ["py", None]})
    assert param.type == UnionType((LiteralType(("py",)), Prim("none")))


# ------------------------------------------------------------------------- visibility


def legacy(show_api: bool | None, api_name: Any = "f") -> RawSnapshot:
    snap = snapshot(Ep("/f"), version="4.44.1")
    dep = snap.config["dependencies"][0]
    del dep["api_visibility"]
    dep["api_name"] = api_name
    if show_api is not None:
        dep["show_api"] = show_api
    for group in (snap.info, snap.info_all):
        assert group is not None
        entry = group["named_endpoints"]["/f"]
        entry.pop("api_visibility", None)
        entry["show_api"] = bool(show_api)
    return snap


@pytest.mark.parametrize(
    ("show_api", "api_name", "public", "with_all"),
    [
        (True, "f", 1, 1),
        (False, "f", 0, 1),
        (False, False, 0, 0),
    ],
)
def test_legacy_visibility(show_api: bool, api_name: Any, public: int, with_all: int) -> None:
    snap = legacy(show_api, api_name)
    if not show_api:
        snap.info["named_endpoints"].clear()
    assert len(normalize(snap).app.endpoints) == public
    assert len(normalize(snap, include_undocumented=True).app.endpoints) == with_all


# -------------------------------------------------------------------------------- app


def test_app_fields_and_defaults_for_old_configs() -> None:
    snap = snapshot(Ep("/f"), title="T", space_id="o/s", max_file_size=1024)
    app = normalize(snap).app
    assert (app.title, app.space_id, app.max_file_size, app.api_prefix) == (
        "T",
        "o/s",
        1024,
        "/gradio_api",
    )
    bare = RawSnapshot("s", {"dependencies": []}, {"named_endpoints": {}})
    result = normalize(bare)
    app = result.app
    assert (app.protocol, app.api_prefix, app.title, app.connect_heartbeat) == (
        "ws",
        "",
        "Gradio",
        True,
    )
    assert app.gradio_version == "unknown" and app.max_file_size is None
    assert levels(result) == ["warning"]  # no public endpoint


@pytest.mark.parametrize(
    ("config", "info"),
    [
        ({}, {"named_endpoints": {}}),
        ({"dependencies": {}}, {"named_endpoints": {}}),
        ([], {"named_endpoints": {}}),
        ({"dependencies": []}, {}),
        ({"dependencies": []}, {"named_endpoints": []}),
    ],
)
def test_unusable_documents_raise_description_error(config: Any, info: Any) -> None:
    with pytest.raises(DescriptionError):
        normalize(RawSnapshot("s", config, info))


def test_invalid_item_is_any_typed_placeholder() -> None:
    snap = snapshot(Ep("/f", [Item()]))
    snap.info["named_endpoints"]["/f"]["parameters"] = ["oops"]
    endpoint = only(normalize(snap))
    assert isinstance(endpoint.params[0].type, AnyType)
    assert endpoint.params[0].name == "parameter_0"
