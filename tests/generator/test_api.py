"""The pipeline API: generate is pure, results carry diagnostics and the IR, write/check work."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from corpus_data import app_folder
from gen_helpers import ROOT, generated
from gen_samples import STR, app, endpoint, param

from spacegen.generator import api

SNAPSHOT = ROOT / "generated_examples" / "hello_world" / "snapshot.json"


def test_generate_is_pure(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = api.generate(str(SNAPSHOT), class_name="Hello", module_name="hello")
    assert os.listdir(tmp_path) == []
    assert list(result.files) == ["hello.py"]
    assert result.app.endpoints[0].api_name == "/predict"
    assert "class Hello(SpaceClient):" in result.module_text


def test_write_then_check(tmp_path: Path) -> None:
    result = api.generate(str(SNAPSHOT))
    target = api.write(result, tmp_path / "pkg" / "client.py")
    assert target.read_text(encoding="utf-8") == result.module_text
    assert api.check(result, target) is None
    target.write_text("changed\n", encoding="utf-8")
    assert (api.check(result, target) or "").startswith("---")


def test_diagnostics_are_sorted_values(tmp_path: Path) -> None:
    result = api.generate(str(app_folder("corpus/kitchen_sink_random")))
    assert list(result.diagnostics) == sorted(result.diagnostics)


def test_huge_modules_skip_black_with_a_note() -> None:
    eps = [endpoint(f"/e{i}", i, (param("x", STR),), ()) for i in range(1500)]
    result = generated(app(*eps))
    assert any("black skipped" in d.message for d in result.diagnostics)


def test_snapshot_saves_a_loadable_file(tmp_path: Path) -> None:
    target = tmp_path / "new" / "snap.json"
    api.snapshot(str(SNAPSHOT), target)
    assert api.generate(str(target)).module_text == api.generate(str(SNAPSHOT)).module_text
