"""Malformed and hostile descriptions degrade with diagnostics; they never crash normalize."""

from __future__ import annotations

import time

from nz_build import Ep, Item, snapshot

from spacegen.generator.ir import AnyType, to_json
from spacegen.generator.normalize import normalize
from spacegen.generator.raw import MAX_JSON_BYTES, MAX_TEXT


def test_parameters_not_a_list_skips_only_that_endpoint() -> None:
    snap = snapshot(Ep("/bad", [Item()]), Ep("/good"))
    snap.info["named_endpoints"]["/bad"]["parameters"] = {"x": 1}
    result = normalize(snap)
    assert [e.api_name for e in result.app.endpoints] == ["/good"]
    assert [(d.level, d.where) for d in result.diagnostics] == [("error", "/bad")]


def test_endpoint_entry_not_an_object() -> None:
    snap = snapshot(Ep("/bad"), Ep("/good"))
    snap.info["named_endpoints"]["/bad"] = "nope"
    assert [e.api_name for e in normalize(snap).app.endpoints] == ["/good"]


def test_label_number_is_repaired_and_long_text_clipped() -> None:
    item = Item(extra={"label": 7, "parameter_name": "p" * 10_000})
    snap = snapshot(Ep("/f", [item], info={"description": "d" * 50_000}))
    result = normalize(snap)
    endpoint = result.app.endpoints[0]
    assert endpoint.params[0].label == "7"
    assert len(endpoint.params[0].name) == MAX_TEXT
    assert len(endpoint.description) == MAX_TEXT
    assert [d.level for d in result.diagnostics] == ["info"]


def test_huge_example_and_default_are_dropped() -> None:
    big = ["x" * 100] * (MAX_JSON_BYTES // 50)
    extra = {"example_input": big, "parameter_has_default": True, "parameter_default": big}
    result = normalize(snapshot(Ep("/f", [Item(extra=extra)])))
    param = result.app.endpoints[0].params[0]
    assert (param.has_example, param.example, param.has_default, param.default) == (
        False,
        None,
        False,
        None,
    )
    assert [d.level for d in result.diagnostics] == ["info", "info"]


def test_unicode_names_are_kept_verbatim() -> None:
    name = "/grüße_🙂"
    item = Item(name="名前", schema={"type": "string", "enum": ["ä", "\u202e"]}, component="Radio")
    endpoint = normalize(snapshot(Ep(name, [item]))).app.endpoints[0]
    assert endpoint.api_name == name
    assert endpoint.params[0].name == "名前"


def test_malformed_config_pieces_are_skipped() -> None:
    snap = snapshot(Ep("/f", [Item()]), max_file_size="big", connect_heartbeat="yes")
    snap.config["components"].append("junk")
    snap.config["dependencies"].append({"inputs": "zero"})
    result = normalize(snap)
    assert len(result.app.endpoints) == 1
    assert result.app.max_file_size is None and result.app.connect_heartbeat is True
    assert [d.level for d in result.diagnostics] == ["warning", "warning"]


def test_info_all_malformed_is_ignored() -> None:
    snap = snapshot(Ep("/f"))
    object.__setattr__(snap, "info_all", {"named_endpoints": 3})
    result = normalize(snap, include_undocumented=True)
    assert len(result.app.endpoints) == 1


def test_five_thousand_endpoints_normalize_quickly() -> None:
    chatbot = {"type": "array", "items": {"$ref": "#/$defs/M"}, "$defs": {"M": {"type": "string"}}}
    eps = [Ep(f"/e{i}", [Item(chatbot)], [Item()]) for i in range(5000)]
    snap = snapshot(*eps)
    start = time.perf_counter()
    result = normalize(snap)
    elapsed = time.perf_counter() - start
    assert len(result.app.endpoints) == 5000
    assert elapsed < 5.0


def test_deterministic_output() -> None:
    snap = snapshot(Ep("/f", [Item(schema={"type": "tensor"})]), Ep("/g"))
    first, second = normalize(snap), normalize(snap)
    assert to_json(first.app) == to_json(second.app)
    assert first.diagnostics == second.diagnostics


def test_exponential_ref_fanout_is_refused() -> None:
    defs = {
        f"D{i}": {"type": "array", "prefixItems": [{"$ref": f"#/$defs/D{i + 1}"}] * 4}
        for i in range(14)
    }
    defs["D14"] = {"type": "string"}
    schema = {"$ref": "#/$defs/D0", "$defs": defs}
    start = time.perf_counter()
    result = normalize(snapshot(Ep("/f", [Item(schema)])))
    assert time.perf_counter() - start < 1.0
    assert isinstance(result.app.endpoints[0].params[0].type, AnyType)
    assert [d.level for d in result.diagnostics] == ["warning"]
