"""Launch-specific values of /config are normalised at read time (raw/stable.py)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from spacegen.generator.raw.stable import stable_config
from spacegen.generator.sources import load
from spacegen.runtime.errors import DescriptionError

ROOT = "http://127.0.0.1:7861"
FILE = {"path": "/tmp/gradio/ab/cat.png", "url": f"{ROOT}/gradio_api/file=/tmp/gradio/ab/cat.png"}


def _config() -> dict[str, Any]:
    state = {"delete_callback": "<function default_delete_callback at 0x7f89d9f2f9c0>"}
    return {
        "root": ROOT,
        "components": [
            {"id": 1, "type": "state", "props": state},
            {"id": 2, "type": "image", "props": {"value": FILE, "label": f"{ROOT}x"}},
            {"id": 3, "type": "html", "props": {"value": "see http://127.0.0.1:7861/ docs"}},
        ],
    }


def test_memory_addresses_and_the_apps_own_address_are_removed() -> None:
    out = stable_config(_config())
    components = out["components"]
    assert out["root"] == ""
    assert components[0]["props"] == {"delete_callback": "<function default_delete_callback>"}
    image = components[1]["props"]
    assert image["value"]["url"] == "/gradio_api/file=/tmp/gradio/ab/cat.png"
    assert image["value"]["path"] == "/tmp/gradio/ab/cat.png"  # temp paths are content hashes
    assert image["label"] == f"{ROOT}x"  # not the root followed by a path: left alone
    assert components[2]["props"]["value"] == "see http://127.0.0.1:7861/ docs"  # not a prefix


def test_the_same_app_on_another_port_reads_the_same() -> None:
    mine = _config()
    mine["components"] = [mine["components"][0], {"id": 2, "props": {"value": FILE}}]
    text = json.dumps(mine)
    assert "7861" in text and "0x7f89" in text
    other = json.loads(text.replace("7861", "9999").replace("0x7f89", "0x7fb5"))
    assert stable_config(other) == stable_config(mine)


def test_idempotent_and_input_untouched() -> None:
    config = _config()
    once = stable_config(config)
    assert stable_config(once) == once
    assert config == _config()


def test_config_without_root_or_with_odd_values() -> None:
    assert stable_config({}) == {}
    assert stable_config({"root": 3, "x": [1, None, "a at 0x1>"]}) == {
        "root": 3,
        "x": [1, None, "a>"],
    }
    assert stable_config({"root": "", "x": "y"}) == {"root": "", "x": "y"}


def test_absurd_nesting_is_one_description_error() -> None:
    deep: list[Any] = []
    for _ in range(100_000):
        deep = [deep]
    with pytest.raises(DescriptionError, match="nested too deeply"):
        stable_config({"x": deep})


def test_a_loaded_folder_is_normalised(tmp_path: Path) -> None:
    example = Path(__file__).resolve().parents[3] / "generated_examples" / "simple_state"
    doc = json.loads((example / "snapshot.json").read_text(encoding="utf-8"))
    doc["config"]["root"] = ROOT
    doc["config"]["components"].append(
        {"id": 99, "type": "state", "props": _config()["components"][0]["props"]}
    )
    for name in ("config", "info"):
        (tmp_path / f"{name}.json").write_text(json.dumps(doc[name]), encoding="utf-8")
    text = load(str(tmp_path)).to_json()
    assert " at 0x" not in text and ROOT not in text
    assert "<function default_delete_callback>" in text
