"""Hostile app descriptions: whatever an app sends, the output compiles and none of it runs."""

from __future__ import annotations

import builtins
import copy
import io
import json
import time
import tokenize
from pathlib import Path
from typing import Any

import pytest
from corpus_data import app_folder
from gen_helpers import generate_text, generated, import_text, mypy_strict
from gen_samples import INT, STR, app, endpoint, out, param

from spacegen.cli import main
from spacegen.generator.api import generate, generate_from_snapshot
from spacegen.generator.ir.model import (
    MAX_UNION_OPTIONS,
    FileType,
    ListType,
    LiteralType,
    Param,
    StructField,
    StructType,
    TypeRef,
    UnionType,
)
from spacegen.generator.raw.snapshot import RawSnapshot
from spacegen.runtime.errors import DescriptionError

SENTINEL = "SPACEGEN_PWNED"
INJECTIONS = [
    f'"""; import builtins; builtins.{SENTINEL} = 1; """',
    f"'''; import builtins; builtins.{SENTINEL} = 1; '''",
    f'"\nimport builtins; builtins.{SENTINEL} = 1\n"',
    f"\\\nimport builtins; builtins.{SENTINEL} = 1 #",
    f'"""; import os\r\nimport builtins; builtins.{SENTINEL} = 1\r\n"""',
    f'x\x00y"""\nbuiltins.{SENTINEL} = 1',
    "emoji 🎉 rtl \u202eevil\u202c привет \ud800",
    'trailing quote"',
    "trailing backslash\\",
]
NAMES = ["class", "def", "self", "__init__", "_call", "match", "1abc", "привет", "", "None",
         "submit_x", "x", "x", "Client", "str", "NOT_GIVEN"]  # fmt: skip


def _param(i: int, name: str, text: str) -> Param:
    choices = LiteralType((text, name, 1, True))
    return Param(
        name=name, label=text, component=text, type=UnionType((choices, STR)),
        has_default=True, default=text, description=text, example={text: [text]},
        has_example=True,
    )  # fmt: skip


def _hostile_struct(text: str) -> StructType:
    keys = [text, "class", "__dunder", "str", "ok", "ok"]
    fields = tuple(StructField(k, FileType() if k == "ok" else STR, k != "ok", text) for k in keys)
    return StructType(text, fields, text)


def hostile_app() -> Any:
    endpoints = []
    for i, name in enumerate(NAMES):
        text = INJECTIONS[i % len(INJECTIONS)]
        params = (
            _param(i, name, text),
            Param(name, text, "Json", ListType(_hostile_struct(text))),
            Param("x", text, "Number", STR, has_default=True, default=[text]),
        )
        outs = (out(text, STR, text), out(name, _hostile_struct(text), text))
        endpoints.append(endpoint(name or text, i, params, outs, description=text))
    return app(*endpoints, source=INJECTIONS[0], gradio_version=INJECTIONS[2], title=INJECTIONS[3])


@pytest.fixture(scope="module")
def hostile_text() -> str:
    return generate_text(hostile_app())


def test_hostile_ir_compiles_and_injected_code_never_runs(
    hostile_text: str, tmp_path: Path
) -> None:
    assert not hasattr(builtins, SENTINEL)
    module = import_text(hostile_text, tmp_path / "hostile.py")
    assert not hasattr(builtins, SENTINEL)
    client = module.Client("http://127.0.0.1:9")
    assert len(client._app.endpoints) == len(NAMES)
    assert client._app.endpoints[0].api_name == "class"


def test_hostile_text_never_reaches_comments(hostile_text: str) -> None:
    tokens = tokenize.generate_tokens(io.StringIO(hostile_text).readline)
    comments = [t for t in tokens if t.type == tokenize.COMMENT]
    # only the escaped header (provenance, recorded options) and the fixed noqa of the imports
    fixed = "# noqa: E402  (after the check: it explains a missing name)"
    assert [c.start for c in comments if c.string != fixed] == [(1, 0), (2, 0)]
    assert len(comments) == 3
    assert all(c.string.isascii() for c in comments)
    assert "\r" not in hostile_text and "\x00" not in hostile_text and "\u202e" not in hostile_text


def test_hostile_module_passes_mypy_strict(hostile_text: str, tmp_path: Path) -> None:
    (tmp_path / "hostile.py").write_text(hostile_text, encoding="utf-8")
    result = mypy_strict(tmp_path / "hostile.py", cwd=tmp_path)
    assert result.returncode == 0, result.stdout[-3000:]


def test_five_thousand_endpoints(tmp_path: Path) -> None:
    eps = [endpoint(f"/e{i}", i, (param("x", STR),), (out("y", STR),)) for i in range(5000)]
    started = time.perf_counter()
    result = generated(app(*eps))
    elapsed = time.perf_counter() - started
    module = import_text(result.module_text, tmp_path / "big.py")
    assert len(module.Client._app.endpoints) == 5000
    assert elapsed < 120, elapsed


# ------------------------------------------------------------- through snapshots + normalize

CORPUS_APP = app_folder("corpus/blocks_essay_simple")


def _snapshot(text: str, api_name: str) -> RawSnapshot:
    config = json.loads((CORPUS_APP / "config.json").read_text())
    info = json.loads((CORPUS_APP / "info.json").read_text())
    config = copy.deepcopy(config)
    config["title"] = text
    dep = config["dependencies"][0]
    dep["api_name"], dep["api_description"] = api_name, text
    (ep,) = info["named_endpoints"].values()
    p = ep["parameters"][0]
    p.update(label=text, parameter_name=api_name, parameter_has_default=True, example_input=text)
    p["parameter_default"] = text
    p["type"]["enum"] = [text, api_name, "x"]
    for c in config["components"]:
        if c.get("api_info", {}).get("enum"):
            c["props"]["choices"] = [[text, text], [api_name, api_name], ["x", "x"]]
            c["props"]["label"] = text
            c["api_info"]["enum"] = c["api_info_as_input"]["enum"] = [text, api_name, "x"]
    ep["returns"][0]["label"] = text
    ep["description"] = text
    info["named_endpoints"] = {f"/{api_name}": ep}
    return RawSnapshot(source=text, config=config, info=info)


@pytest.mark.parametrize("text", INJECTIONS)
@pytest.mark.parametrize("api_name", ["class", "__init__", "1x", "привет", "_call"])
def test_hostile_snapshot_through_normalize(text: str, api_name: str, tmp_path: Path) -> None:
    result = generate_from_snapshot(_snapshot(text, api_name), generator_version="0.0.0")
    module = import_text(result.module_text, tmp_path / "snap.py")
    assert not hasattr(builtins, SENTINEL)
    assert module.Client("http://127.0.0.1:9")._app.source == text


@pytest.mark.parametrize("depth", [15, 400])
def test_deep_types_are_clipped_not_fatal(depth: int, tmp_path: Path) -> None:
    t: TypeRef = STR
    for _ in range(depth):
        t = ListType(t)
    struct = StructType("Deep", (StructField("a", t, True),))
    spec = app(endpoint("/deep", 0, (param("x", t), param("s", struct)), (out("y", t),)))
    module = import_text(generate_text(spec), tmp_path / "deep.py")
    assert module.Client._app.endpoints[0].api_name == "/deep"


def test_absurd_nesting_is_a_description_error() -> None:
    t: TypeRef = STR
    for _ in range(5000):
        t = ListType(t)
    with pytest.raises(DescriptionError):
        generated(app(endpoint("/deep", 0, (param("x", t),), ())))


# ------------------------------------------- numbers, unions and nesting beyond Python's limits

HUGE_DIGITS = "9" * 5000


def _essay() -> tuple[dict[str, Any], dict[str, Any]]:
    config = json.loads((CORPUS_APP / "config.json").read_text())
    info = json.loads((CORPUS_APP / "info.json").read_text())
    return config, info


def _first_param(info: dict[str, Any]) -> dict[str, Any]:
    (ep,) = info["named_endpoints"].values()
    param: dict[str, Any] = ep["parameters"][0]
    return param


def _write_folder(folder: Path, config: object, info: object, marker: str = "") -> Path:
    """``config.json`` + ``info.json``; the JSON string ``"HUGE"`` becomes a 5,000-digit int."""
    folder.mkdir()
    for name, doc in (("config.json", config), ("info.json", info)):
        (folder / name).write_text(json.dumps(doc).replace('"HUGE"', marker or HUGE_DIGITS))
    return folder


HUGE_PLACES = {
    "example": lambda c, i: _first_param(i).update(example_input="HUGE"),
    "default": lambda c, i: _first_param(i).update(
        parameter_has_default=True, parameter_default=["HUGE"]
    ),
    "enum": lambda c, i: _first_param(i).update(type={"type": "integer", "enum": ["HUGE", 1]}),
    "const": lambda c, i: _first_param(i).update(type={"const": "HUGE"}),
    "choices": lambda c, i: [
        x["props"].update(choices=[["HUGE", "HUGE"]]) for x in c["components"]
    ],
    "component id": lambda c, i: c["components"][0].update(id="HUGE"),
}


@pytest.mark.parametrize("place", HUGE_PLACES)
def test_cli_refuses_a_5000_digit_integer_in_one_line(
    place: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config, info = _essay()
    HUGE_PLACES[place](config, info)
    folder = _write_folder(tmp_path / "app", config, info)
    assert main(["generate", str(folder), "-o", str(tmp_path / "x.py")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err, err
    assert "holds an integer of 5000 digits" in err
    assert not (tmp_path / "x.py").exists()


def test_snapshot_file_with_a_5000_digit_integer_is_refused(tmp_path: Path) -> None:
    config, info = _essay()
    _first_param(info).update(example_input="HUGE")
    text = RawSnapshot("x", config, info).to_json().replace('"HUGE"', HUGE_DIGITS)
    (tmp_path / "snap.json").write_text(text)
    with pytest.raises(DescriptionError, match="integer of 5000 digits"):
        generate(str(tmp_path / "snap.json"))


def test_long_integers_in_memory_are_dropped_with_warnings(tmp_path: Path) -> None:
    """A library caller's snapshot may hold ints JSON could not: they never reach the code."""
    huge = 10**700  # over MAX_INT_DIGITS: kept out of generated code
    config, info = _essay()
    param = _first_param(info)
    param.update(example_input=[huge], parameter_has_default=True, parameter_default={"k": huge})
    param.update(label=huge, type={"type": "integer", "enum": [huge, 1]})
    config.update(max_file_size=huge)
    config["dependencies"][0]["id"] = huge
    info["named_endpoints"][huge] = info["named_endpoints"]["/change_textbox"]
    result = generate_from_snapshot(RawSnapshot("x", config, info), generator_version="0.0.0")
    module = import_text(result.module_text, tmp_path / "m.py")
    (param_ir,) = result.app.endpoints[0].params
    assert (param_ir.has_default, param_ir.has_example, param_ir.type) == (False, False, INT)
    assert module.Client._app.max_file_size is None
    notes = " ".join(d.message for d in result.diagnostics)
    assert "default is not JSON or holds an integer of over 640 digits; dropped" in notes
    assert "too many or too long choices; typed as int" in notes


def _wide_struct_union(width: int) -> dict[str, Any]:
    branches = [{"title": f"T{n}", "type": "object", "properties": {f"k{n}": {"type": "string"}}}
                for n in range(width)]  # fmt: skip
    return {"anyOf": [*branches, *branches]}  # repeats are de-duplicated first


# the output has no initial value, so it gains ``| None``: MAX - 1 branches make MAX options
@pytest.mark.parametrize(("width", "typed"), [(MAX_UNION_OPTIONS - 1, True), (1000, False)])
def test_wide_union_generates_and_collapses_past_the_bound(
    width: int, typed: bool, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config, info = _essay()
    (ep,) = info["named_endpoints"].values()
    ep["returns"][0]["type"] = _wide_struct_union(width)
    folder = _write_folder(tmp_path / "app", config, info)
    assert main(["generate", str(folder), "-o", str(tmp_path / "wide.py")]) == 0
    text = (tmp_path / "wide.py").read_text()
    assert ("class T30(TypedDict" in text) is typed
    assert (f"untyped (a union of {width} types" in capsys.readouterr().err) is not typed
    import_text(text, tmp_path / "wide_import.py")


def test_wide_union_in_hand_built_ir_is_clipped(tmp_path: Path) -> None:
    options = tuple(StructType(f"T{n}", (StructField(f"k{n}", STR, True),)) for n in range(1000))
    spec = app(endpoint("/wide", 0, (param("x", UnionType(options)),), (out("y", STR),)))
    module = import_text(generate_text(spec), tmp_path / "wide.py")
    assert module.Client._app.endpoints[0].api_name == "/wide"


def _nest(wrap: Any, leaf: object, depth: int) -> object:
    for _ in range(depth):
        leaf = wrap(leaf)
    return leaf


@pytest.mark.parametrize(
    "schema",
    [
        {"type": [["string"]] * 3},
        {"type": 10**700},
        {"type": "array", "items": _nest(lambda n: {"items": n}, {}, 3000)},
        _nest(lambda n: {"anyOf": [n]}, {"type": "string"}, 3000),
    ],
    ids=["type-list-of-lists", "type-huge-int", "items-3000-deep", "anyOf-3000-deep"],
)
def test_odd_schemas_degrade_to_json(schema: object, tmp_path: Path) -> None:
    config, info = _essay()
    _first_param(info)["type"] = schema
    result = generate_from_snapshot(RawSnapshot("x", config, info), generator_version="0.0.0")
    import_text(result.module_text, tmp_path / "odd.py")
    assert any("untyped" in d.message for d in result.diagnostics)


def test_json_nested_10000_deep_is_one_clean_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config, info = _essay()
    _first_param(info).update(example_input="HUGE")
    folder = _write_folder(tmp_path / "app", config, info, marker="[" * 10_000 + "]" * 10_000)
    assert main(["generate", str(folder), "-o", str(tmp_path / "x.py")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "nested too deeply" in err, err
