"""Every drift class, from real corpus apps changed one way at a time (IR edits)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from spacegen.generator.drift import compare, worst
from spacegen.generator.drift.record import Change
from spacegen.generator.ir.model import AppSpec, LiteralType, Output, Param, Prim
from spacegen.generator.normalize import normalize
from spacegen.generator.sources import load

ROOT = Path(__file__).resolve().parents[3]
EXAMPLES = ROOT / "generated_examples"


def app(name: str) -> AppSpec:
    return normalize(load(str(EXAMPLES / name / "snapshot.json"))).app


def with_endpoint(spec: AppSpec, index: int, **changes: object) -> AppSpec:
    eps = list(spec.endpoints)
    eps[index] = dataclasses.replace(eps[index], **changes)  # type: ignore[arg-type]
    return dataclasses.replace(spec, endpoints=tuple(eps))


def with_param(spec: AppSpec, ep: int, index: int, **changes: object) -> AppSpec:
    params = list(spec.endpoints[ep].params)
    params[index] = dataclasses.replace(params[index], **changes)  # type: ignore[arg-type]
    return with_endpoint(spec, ep, params=tuple(params))


def with_output(spec: AppSpec, ep: int, index: int, **changes: object) -> AppSpec:
    outputs = list(spec.endpoints[ep].outputs)
    outputs[index] = dataclasses.replace(outputs[index], **changes)  # type: ignore[arg-type]
    return with_endpoint(spec, ep, outputs=tuple(outputs))


def only(changes: list[Change]) -> tuple[str, str]:
    assert len(changes) == 1, changes
    return changes[0].severity, changes[0].code


TAX = app("tax_calculator")  # /predict(income: Number, marital_status: Radio, assets=Dataframe)
CHAT = app("chatbot_streaming")  # /user, /bot (streams), /lambda


def test_identical_apps_have_no_drift() -> None:
    assert compare(TAX, TAX) == []
    assert compare(CHAT, app("chatbot_streaming")) == []


def test_where_the_app_was_reached_is_not_drift() -> None:
    moved = dataclasses.replace(TAX, source="http://127.0.0.1:9999")
    assert compare(TAX, moved) == []


# ------------------------------------------------------------------------------ breaking-wire


def test_endpoint_removed() -> None:
    gone = dataclasses.replace(CHAT, endpoints=CHAT.endpoints[:1] + CHAT.endpoints[2:])
    changes = compare(CHAT, gone)
    assert ("breaking-wire", "endpoint-removed") in [(c.severity, c.code) for c in changes]
    assert [c.endpoint for c in changes if c.code == "endpoint-removed"] == ["/bot"]


def test_endpoint_made_private() -> None:
    assert only(compare(TAX, with_endpoint(TAX, 0, visibility="private"))) == (
        "breaking-wire",
        "endpoint-private",
    )


def test_required_parameter_added() -> None:
    extra = Param("year", "Year", "Number", Prim("int"))
    ep = TAX.endpoints[0]
    changed = with_endpoint(
        TAX, 0, params=(*ep.params, extra), input_slots=(*ep.input_slots, len(ep.params))
    )
    assert only(compare(TAX, changed)) == ("breaking-wire", "param-added-required")


def test_parameters_reordered() -> None:
    ep = TAX.endpoints[0]
    swapped = (ep.params[1], ep.params[0], ep.params[2])
    changes = compare(TAX, with_endpoint(TAX, 0, params=swapped))
    assert changes[0].code == "params-reordered" and changes[0].severity == "breaking-wire"
    assert worst(changes) == "breaking-wire"


def test_parameter_removed() -> None:
    ep = TAX.endpoints[0]
    changed = with_endpoint(TAX, 0, params=ep.params[:2])
    assert only(compare(TAX, changed)) == ("breaking-wire", "param-removed")


def test_output_added_and_removed() -> None:
    ep = TAX.endpoints[0]
    more = with_endpoint(TAX, 0, outputs=(*ep.outputs, Output("Note", "Textbox", Prim("str"))))
    assert only(compare(TAX, more)) == ("breaking-wire", "output-added")
    assert only(compare(more, TAX)) == ("breaking-wire", "output-removed")


def test_component_type_changed() -> None:
    changed = with_param(TAX, 0, 0, component="Slider")
    assert only(compare(TAX, changed)) == ("breaking-wire", "param-component-changed")
    changed = with_output(TAX, 0, 0, component="Textbox", type=Prim("str"))
    assert only(compare(TAX, changed)) == ("breaking-wire", "output-component-changed")


def test_streaming_changed() -> None:
    assert only(compare(CHAT, with_endpoint(CHAT, 1, generator=False))) == (
        "breaking-wire",
        "streaming-changed",
    )


def test_function_index_moved() -> None:
    assert only(compare(TAX, with_endpoint(TAX, 0, fn_index=3))) == (
        "breaking-wire",
        "fn-index-moved",
    )


# ----------------------------------------------------------------------------- breaking-typed


def test_parameter_renamed() -> None:
    assert only(compare(TAX, with_param(TAX, 0, 0, name="salary"))) == (
        "breaking-typed",
        "param-renamed",
    )


def test_choices_narrowed_and_widened() -> None:
    radio = TAX.endpoints[0].params[1].type
    assert isinstance(radio, LiteralType) and len(radio.values) > 1
    narrow = with_param(TAX, 0, 1, type=LiteralType(radio.values[:1]))
    assert only(compare(TAX, narrow)) == ("breaking-typed", "param-type-narrowed")
    assert "choices narrowed" in compare(TAX, narrow)[0].message
    assert only(compare(narrow, TAX)) == ("additive", "param-type-widened")


def test_return_type_narrowed_or_widened() -> None:
    as_int = with_output(TAX, 0, 0, type=Prim("int"))  # Number: float -> int
    assert only(compare(TAX, as_int)) == ("breaking-typed", "output-type-narrower")
    assert only(compare(as_int, TAX)) == ("breaking-typed", "output-type-wider")


def test_default_removed_makes_a_parameter_required() -> None:
    changed = with_param(TAX, 0, 2, has_default=False, default=None)
    assert only(compare(TAX, changed)) == ("breaking-typed", "param-now-required")


def test_endpoint_no_longer_documented() -> None:
    changed = with_endpoint(TAX, 0, visibility="undocumented")
    assert only(compare(TAX, changed)) == ("breaking-typed", "endpoint-undocumented")
    assert compare(TAX, changed, include_undocumented=True) == []


# ----------------------------------------------------------------------------------- additive


def test_new_endpoint() -> None:
    extra = dataclasses.replace(TAX.endpoints[0], api_name="/predict_2", fn_index=1)
    bigger = dataclasses.replace(TAX, endpoints=(*TAX.endpoints, extra))
    assert only(compare(TAX, bigger)) == ("additive", "endpoint-added")
    assert only(compare(bigger, TAX)) == ("breaking-wire", "endpoint-removed")


def test_new_optional_parameter() -> None:
    extra = Param("year", "Year", "Number", Prim("int"), has_default=True, default=2024)
    ep = TAX.endpoints[0]
    changed = with_endpoint(TAX, 0, params=(*ep.params, extra))
    assert only(compare(TAX, changed)) == ("additive", "param-added-optional")


def test_optional_parameter_inserted_before_others_breaks_the_wire() -> None:
    extra = Param("year", "Year", "Number", Prim("int"), has_default=True, default=2024)
    ep = TAX.endpoints[0]
    changed = with_endpoint(TAX, 0, params=(extra, *ep.params))
    assert only(compare(TAX, changed)) == ("breaking-wire", "param-inserted")


# ----------------------------------------------------------------------------------- cosmetic


@pytest.mark.parametrize(
    ("field", "value", "code"),
    [
        ("label", "Yearly income", "label-changed"),
        ("description", "what you earn", "description-changed"),
        ("example", 1000, "example-changed"),
    ],
)
def test_cosmetic_parameter_changes(field: str, value: object, code: str) -> None:
    assert only(compare(TAX, with_param(TAX, 0, 0, **{field: value}))) == ("cosmetic", code)


def test_cosmetic_output_label_and_endpoint_description() -> None:
    assert only(compare(TAX, with_output(TAX, 0, 0, label="Tax"))) == ("cosmetic", "label-changed")
    changed = with_endpoint(TAX, 0, description="Computes tax.")
    assert only(compare(TAX, changed)) == ("cosmetic", "description-changed")


def test_changes_come_most_severe_first() -> None:
    changed = with_param(with_endpoint(TAX, 0, fn_index=7), 0, 0, label="x", name="salary")
    severities = [c.severity for c in compare(TAX, changed)]
    assert severities == ["breaking-wire", "breaking-typed", "cosmetic"]
