"""The sans-IO endpoint check (``_verify``) on captured /config payloads of 4.44, 5.49, 6.31."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import httpx
import pytest

from spacegen.runtime import App, Endpoint, ProtocolError, StaleClientError
from spacegen.runtime._outputs import OutputMapper
from spacegen.runtime._verify import LiveApp, baked_initial_values, initial_value, verify

from .fakes import FakeGradio, client

DATA = Path(__file__).resolve().parents[1] / "data" / "verify"
CONFIGS = sorted(DATA.glob("*.json"))


def load(name: str) -> dict[str, Any]:
    config: dict[str, Any] = json.loads((DATA / name).read_text(encoding="utf-8"))
    return config


def baked(config: dict[str, Any]) -> App:
    """The endpoints a client generated from ``config`` would bake (named, callable ones)."""
    types = {c["id"]: c["type"] for c in config["components"]}
    endpoints = [
        Endpoint(
            api_name=f"/{d['api_name']}",
            fn_index=d["id"],
            method=str(d["api_name"]),
            signature="",
            slots=tuple(range(len(d["inputs"]))),
            outputs=tuple(range(len(d["outputs"]))),
            output_ids=tuple(d["outputs"]),
            input_types=tuple(types[i] for i in d["inputs"]),
            output_types=tuple(types[i] for i in d["outputs"]),
        )
        for d in config["dependencies"]
        if isinstance(d.get("api_name"), str)
        and d.get("backend_fn", True)
        and d.get("api_visibility") != "private"
    ]
    return App("http://app.test", config["version"], "sse_v3", "", "0", endpoints=tuple(endpoints))


def test_captures_are_there() -> None:
    assert len(CONFIGS) == 4


@pytest.mark.parametrize("path", CONFIGS, ids=lambda p: p.stem)
def test_unchanged_app_resolves_every_endpoint_to_itself(path: Path) -> None:
    config = json.loads(path.read_text(encoding="utf-8"))
    app = baked(config)
    assert len(app.endpoints) >= 3
    assert verify(app, config) == {ep.api_name: ep for ep in app.endpoints}


@pytest.mark.parametrize("path", CONFIGS, ids=lambda p: p.stem)
def test_listener_added_first_moves_every_endpoint(path: Path) -> None:
    config = json.loads(path.read_text(encoding="utf-8"))
    app = baked(config)
    changed = copy.deepcopy(config)
    for dependency in changed["dependencies"]:
        dependency["id"] = dependency.get("id", 0) + 1
    changed["dependencies"].insert(0, {"id": 0, "api_name": "new", "inputs": [], "outputs": []})
    result = verify(app, changed)
    for ep in app.endpoints:
        moved = result[ep.api_name]
        assert isinstance(moved, Endpoint)
        assert moved.fn_index == ep.fn_index + 1
        assert moved.replace(fn_index=ep.fn_index) == ep


def test_removed_endpoint_is_gone_and_the_others_still_resolve() -> None:
    config = load("config_4_44.json")
    app = baked(config)
    changed = copy.deepcopy(config)
    changed["dependencies"] = [d for d in changed["dependencies"] if d["api_name"] != "greet"]
    result = verify(app, changed)
    assert result["/greet"] == ("/greet is gone: the app has no function of that name any more "
                                "(renamed or removed)",)  # fmt: skip
    assert isinstance(result["/count"], Endpoint)


def test_made_private_on_6_31() -> None:
    config = load("visibility_6_31.json")
    app = baked(config)
    changed = copy.deepcopy(config)
    next(d for d in changed["dependencies"] if d["api_name"] == "pub")["api_visibility"] = "private"
    (change,) = verify(app, changed)["/pub"]  # type: ignore[misc]
    assert "no longer callable" in change
    assert isinstance(verify(app, changed)["/undoc"], Endpoint)  # undocumented stays callable


def test_input_type_changed_input_added_output_removed() -> None:
    config = load("config_6_31.json")
    app = baked(config)
    greet = next(ep for ep in app.endpoints if ep.api_name == "/greet")
    changed = copy.deepcopy(config)
    dependency = next(d for d in changed["dependencies"] if d["api_name"] == "greet")
    slider = {"id": 999, "type": "slider", "props": {"value": 3}}
    changed["components"].append(slider)
    dependency["inputs"] = [999, *dependency["inputs"]]
    dependency["outputs"] = []
    changes = LiveApp(changed).check(greet)
    kinds = greet.input_types
    assert changes == (
        f"input 1 is now a slider (was a {kinds[0]})",
        f"input 2 is now a {kinds[0]} (was a {kinds[1]})",
        f"input 3 ({kinds[1]}) was added",
        f"output 1 ({greet.output_types[0]}) was removed",
    )


def test_client_without_baked_types_checks_counts_only() -> None:
    config = load("config_5_49.json")
    app = baked(config)
    old = [ep.replace(input_types=(), output_types=()) for ep in app.endpoints]
    changed = copy.deepcopy(config)
    for component in changed["components"]:
        component["type"] = "textbox"
    live = LiveApp(changed)
    assert all(isinstance(live.check(ep), Endpoint) for ep in old)


def test_resolve_raises_a_typed_error_saying_how_to_regenerate() -> None:
    config = load("config_4_44.json")
    app = baked(config)
    changed = copy.deepcopy(config)
    changed["dependencies"] = []
    with pytest.raises(StaleClientError) as caught:
        LiveApp(changed).resolve(app.endpoints[0], "http://app.test")
    message = str(caught.value)
    assert caught.value.api_name == app.endpoints[0].api_name
    assert "spacegen generate http://app.test -o" in message
    assert "spacegen check" in message


@pytest.mark.parametrize("content", [b"<html>", b"[1, 2]", b"\xff"])
def test_unreadable_config_is_a_protocol_error(content: bytes) -> None:
    with pytest.raises(ProtocolError):
        LiveApp.parse(content)


def test_malformed_parts_are_skipped() -> None:
    live = LiveApp({"components": [1, {"id": True}], "dependencies": [None, {"api_name": 3}]})
    ep = Endpoint("/x", 0, "x", "", (), ())
    assert live.check(ep) == ("/x is gone: the app has no function of that name any more "
                              "(renamed or removed)",)  # fmt: skip


def test_initial_values_live_then_baked() -> None:
    app = App("http://a.test", "6.31.0", "sse_v3", "", "0", initial_values='{"5":"baked","6":[1]}')
    assert baked_initial_values(app.initial_values) == {5: "baked", 6: [1]}
    assert baked_initial_values("not json") == {}
    live = LiveApp({"components": [{"id": 5, "type": "textbox", "props": {"value": "live"}}]})
    assert initial_value(live, app, 5) == "live"
    assert initial_value(live, app, 6) == [1]
    assert initial_value(None, app, 5) == "baked"
    assert initial_value(live, app, 7) is None


def test_unchanged_output_shows_the_initial_value_until_set() -> None:
    ep: Endpoint[tuple[str, str]] = Endpoint("/u", 0, "u", "", (0,), (0, 1), output_ids=(5, 7))
    memory: dict[Any, Any] = {}
    mapper = OutputMapper(ep, None, lambda p, u: p, memory, {5: "init"}.get)
    skip = {"__type__": "update"}
    assert mapper.convert([skip, skip])[0] == ("init", None)
    assert mapper.convert([{"__type__": "update", "value": "new"}, "b"])[0] == ("new", "b")
    assert mapper.convert([skip, skip])[0] == ("new", "b")


def test_a_null_text_or_list_output_is_what_the_page_shows() -> None:
    ep: Endpoint[tuple[str, list[str], float | None]] = Endpoint(
        "/n", 0, "n", "", (0,), (0, 1, 2), output_types=("textbox", "gallery", "number")
    )
    mapper = OutputMapper(ep, None, lambda p, u: p, {})
    assert mapper.convert([None, None, None])[0] == ("", [], None)
    first, _ = mapper.convert([None, None, None])
    first[1].append("mine")  # each result gets its own empty list
    assert mapper.convert([None, None, None])[0] == ("", [], None)
    assert mapper.convert(["x", ["a"], 1.5])[0] == ("x", ["a"], 1.5)


def test_join_500_says_the_client_may_be_out_of_date() -> None:
    fake = FakeGradio(join_status=[httpx.Response(500, text="Internal Server Error")])
    with client(fake) as c, pytest.raises(ProtocolError) as caught:
        c.greet("Ada")
    assert caught.value.status_code == 500
    assert "may be out of date" in str(caught.value)
    assert "spacegen check http://gradio.test -o" in str(caught.value)


def test_live_client_checks_config_before_the_first_join() -> None:
    def config(_: httpx.Request) -> httpx.Response:
        moved = {"id": 7, "api_name": "greet", "inputs": [1, 2], "outputs": [3]}
        return httpx.Response(200, json={"components": [], "dependencies": [moved]})

    fake = FakeGradio(["e" * 32], routes={"/config": config})
    with client(fake, verify_endpoints=True) as c:
        c.submit_greet("Ada")
        with pytest.raises(StaleClientError, match="/calc is gone"):
            c.submit_calc(1, "+", 2)
    assert fake.paths()[:2] == ["GET /config", "POST /gradio_api/queue/join"]
    assert fake.joins()[0]["fn_index"] == 7
