"""``spacegen demo`` end to end: bundled app, generated client, every endpoint called."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from conformance_clients import instrument

from spacegen.demo import _run, run


def _missing_parts() -> list[str]:
    wanted = ("spacegen.generator.api", "spacegen.runtime", "gradio")
    missing = []
    for name in wanted:
        try:
            found = importlib.util.find_spec(name) is not None
        except ImportError:
            found = False
        if not found:
            missing.append(name)
    return missing


@pytest.mark.slow
def test_demo_runs_every_endpoint(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    missing = _missing_parts()
    if missing:
        pytest.skip(f"spacegen demo needs modules not importable yet: {', '.join(missing)}")
    real_import = _run._import
    monkeypatch.setattr(_run, "_import", lambda path: instrument(real_import(path)))
    assert run(["--output", str(tmp_path / "kept.py"), "--start-timeout", "300"]) == 0
    out = capsys.readouterr().out
    assert f"wrote {tmp_path / 'kept.py'}" in out
    assert "(SpaceClient):" in (tmp_path / "kept.py").read_text(encoding="utf-8")
    for expected in (
        "'Hello, Ada!'  (str)",
        "'la la la'  (str)",
        ".read()=b'HELLO FROM SPACEGEN\\n'",
        "['apple', 'pear']  (list)",
        ".title='Bad input'  .message='Cannot divide by zero'",
        "0.25  (float)",
        "done: every endpoint answered",
    ):
        assert expected in out


def test_demo_without_gradio_says_so(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    real_find_spec = importlib.util.find_spec

    def find_spec(name: str, package: str | None = None) -> object:
        return None if name == "gradio" else real_find_spec(name, package)

    monkeypatch.setattr(importlib.util, "find_spec", find_spec)
    assert run([]) == 2
    out = capsys.readouterr().out.strip().splitlines()
    assert len(out) == 1
    assert "needs gradio" in out[0]
    assert "pip install 'spacegen[demo]'" in out[0]
