"""Importing the runtime and a generated module loads only what the module's top level needs.

Structural, never timed: a fresh interpreter imports httpx (the floor), then the runtime and
a generated example, and reports which modules that added. The protocol core, the sync/async
shells, asyncio and friends must wait for the first construction or call.
"""

from __future__ import annotations

import json
import pickle
import subprocess
import sys
from functools import cache
from pathlib import Path

import pytest

from spacegen.runtime import App, Endpoint

EXAMPLES = Path(__file__).resolve().parents[2] / "generated_examples"

#: Never loaded by ``import spacegen.runtime`` + a generated module (nor by httpx, where
#: checked: only modules the import *adds* count).
HEAVY_STDLIB = (
    "asyncio",
    "concurrent.futures",
    "contextvars",
    "dataclasses",
    "subprocess",
    "uuid",
)
MACHINERY = (
    "spacegen.runtime._async",
    "spacegen.runtime._auth",
    "spacegen.runtime._channels",
    "spacegen.runtime._core",
    "spacegen.runtime._dataurl",
    "spacegen.runtime._decode",
    "spacegen.runtime._diff",
    "spacegen.runtime._download",
    "spacegen.runtime._messages",
    "spacegen.runtime._outputs",
    "spacegen.runtime._protocol",
    "spacegen.runtime._space",
    "spacegen.runtime._sse",
    "spacegen.runtime._sync",
    "spacegen.runtime._sync_io",
    "spacegen.runtime._transport",
)

PROBE = """
import json, sys
sys.path.insert(0, sys.argv[1])
import httpx
before = set(sys.modules)
import spacegen.runtime
import chatbot_streaming.client as generated
added = sorted(set(sys.modules) - before)
generated.Client("http://127.0.0.1:9")  # construction stays network-free
built = sorted(set(sys.modules) - before)
import spacegen.runtime._sync, spacegen.runtime._async
from spacegen.runtime._protocol import strategy_for
strategy_for("sse_v3", "/gradio_api")  # what a modern app's first call loads
shells = sorted(set(sys.modules) - before)
records = sorted(
    f"{name}.{value.__name__}"
    for name in shells if name.startswith("spacegen")
    for value in vars(sys.modules[name]).values()
    if isinstance(value, type) and value.__module__ == name
    and "__dataclass_fields__" in vars(value)
)
print(json.dumps({"added": added, "built": built, "shells": shells, "dataclasses": records}))
"""


@cache
def probe() -> dict[str, list[str]]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, str(EXAMPLES)],
        capture_output=True, text=True, timeout=120, check=True,
    )  # fmt: skip
    result: dict[str, list[str]] = json.loads(done.stdout)
    return result


def test_import_loads_no_machinery() -> None:
    added = set(probe()["added"])
    assert "chatbot_streaming.client" in added
    assert added.isdisjoint(HEAVY_STDLIB), sorted(added & set(HEAVY_STDLIB))
    assert added.isdisjoint(MACHINERY), sorted(added & set(MACHINERY))


def test_sync_construction_loads_neither_protocol_nor_asyncio() -> None:
    built = set(probe()["built"])
    lazy = {"asyncio", "subprocess", "spacegen.runtime._protocol", "spacegen.runtime._async"}
    assert built.isdisjoint(lazy), sorted(built & lazy)


#: Only apps on Gradio < 4.22 load these (their first call): never a modern app.
OLD_PROTOCOLS = (
    "httpx_ws",
    "wsproto",
    "spacegen.runtime._proto_ws",
    "spacegen.runtime._proto_sse",
    "spacegen.runtime._proto_shared",
)


def test_modern_apps_never_load_the_old_protocols() -> None:
    shells = set(probe()["shells"])
    assert "spacegen.runtime._channels" in shells  # the shells themselves did load
    assert shells.isdisjoint(OLD_PROTOCOLS), sorted(shells & set(OLD_PROTOCOLS))


def test_first_call_creates_almost_no_dataclasses() -> None:
    """A dataclass costs about a millisecond to create: a one-shot script's first call must not
    make dozens (the runtime's records are ``_record.Frozen``). Options stays one: pickling a
    client reads its fields."""
    shells = probe()["shells"]
    assert "spacegen.runtime._messages" in shells  # the call path did load
    assert probe()["dataclasses"] == ["spacegen.runtime._transport.Options"]


def test_endpoint_and_app_are_frozen_values() -> None:
    ep = Endpoint[str](
        api_name="/x", fn_index=0, method="x", signature="x()", slots=(), outputs=(0,)
    )
    same = Endpoint[str]("/x", 0, "x", "x()", (), (0,))
    assert ep == same and hash(ep) == hash(same) and ep != ep.replace(fn_index=1)
    assert repr(ep).startswith("Endpoint(api_name='/x', fn_index=0,")
    app = App("src", "6.0", "sse_v3", "/gradio_api", "h", endpoints=(ep,))
    assert pickle.loads(pickle.dumps(app)) == app
    for record, field in ((ep, "api_name"), (app, "source")):
        with pytest.raises(AttributeError):
            setattr(record, field, "changed")
        with pytest.raises(AttributeError):
            delattr(record, field)
