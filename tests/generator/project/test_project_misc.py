"""Progress display, vendoring through the config, and address-independent ``check SOURCE``."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from spacegen.cli import main
from spacegen.generator.project.progress import Progress

ROOT = Path(__file__).resolve().parents[3]
HELLO = ROOT / "generated_examples" / "hello_world" / "snapshot.json"


def test_progress_on_a_terminal_rewrites_one_line() -> None:
    out = io.StringIO()
    progress = Progress(2, out, live=True)
    progress.start("a")
    progress.start("b")
    progress.finish("a", "ok")
    progress.close()
    text = out.getvalue()
    assert "\r\x1b[K  fetching a, b (0/2 done)" in text
    assert "[1/2] a: ok\n" in text and text.endswith("\r\x1b[K")


def test_progress_in_ci_prints_plain_lines() -> None:
    out = io.StringIO()
    progress = Progress(1, out, live=False)
    progress.start("a")
    progress.finish("a", "ok")
    progress.close()
    assert out.getvalue() == "[1/1] a: ok\n"


def test_sync_vendors_the_runtime_when_configured(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "spacegen.toml").write_text(
        f'[clients.hello]\nsource = "{HELLO.as_posix()}"\noutput = "app/hello.py"\n'
        'vendor-runtime = "app._sg"\n',
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    assert main(["sync"]) == 0
    assert "from app._sg import (" in (tmp_path / "app" / "hello.py").read_text()
    assert (tmp_path / "app" / "_sg" / "VERSION").is_file()
    assert main(["check", "--offline"]) == 0


def _snapshot_at(path: Path, source: str) -> Path:
    doc = json.loads(HELLO.read_text(encoding="utf-8"))
    doc["source"] = source
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


def test_check_source_ignores_where_the_app_was_reached(tmp_path: Path) -> None:
    first = _snapshot_at(tmp_path / "a.json", "http://127.0.0.1:7860")
    moved = _snapshot_at(tmp_path / "b.json", "http://127.0.0.1:7861")
    module = str(tmp_path / "hello.py")
    assert main(["generate", str(first), "-o", module, "--class-name", "Hello"]) == 0
    assert main(["check", str(moved), "-o", module]) == 0
    assert main(["check", str(moved), "-o", module, "--include-undocumented"]) == 1  # given: wins
    assert main(["check", str(moved), "-o", module, "--class-name", "Other"]) == 1
