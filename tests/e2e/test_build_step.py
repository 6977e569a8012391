"""The build step against real Gradio servers: sync, check, inspect, vendoring, --package."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import textwrap
from pathlib import Path

import pytest

from spacegen.cli import main

from .conftest import ServerFactory

ROOT = Path(__file__).resolve().parents[2]
CORPUS_APP = ROOT / "tests" / "data" / "drift" / "dataframe_events" / "v6"


def test_sync_several_local_apps_and_a_corpus_folder(
    gradio_server: ServerFactory,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    basics, state = gradio_server("basics"), gradio_server("state")
    shutil.copytree(CORPUS_APP, tmp_path / "frames")
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "demo"\n\n[tool.spacegen]\njobs = 3\n'
        f'[tool.spacegen.clients.basics]\nsource = "{basics.url}"\noutput = "app/basics.py"\n'
        f'[tool.spacegen.clients.state]\nsource = "{state.url}"\noutput = "app/state.py"\n'
        'class-name = "Counter"\n'
        '[tool.spacegen.clients.frames]\nsource = "./frames"\noutput = "app/frames.py"\n',
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    assert main(["sync"]) == 0
    err = capsys.readouterr().err
    assert len([line for line in err.splitlines() if line.startswith("[")]) == 3
    lock = json.loads((tmp_path / "app" / "basics.snapshot.json").read_text(encoding="utf-8"))
    assert lock["source"] == basics.url
    assert "class Counter(SpaceClient)" in (tmp_path / "app" / "state.py").read_text()
    assert main(["check"]) == 0
    assert capsys.readouterr().out.count("no API change") == 3


def test_check_ignores_the_address_and_reuses_recorded_options(
    gradio_server: ServerFactory, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    server = gradio_server("basics")
    module = tmp_path / "basics_client.py"
    args = ["--class-name", "Basics"]
    assert main(["generate", server.url, "-o", str(module), *args]) == 0
    other = server.url.replace("127.0.0.1", "localhost")  # another address, the same app
    assert main(["check", other, "-o", str(module)]) == 0  # --class-name came from the header
    assert main(["check", other, "-o", str(module), "--class-name", "Other"]) == 1
    assert "class Other(SpaceClient)" in capsys.readouterr().out


def test_inspect_a_running_app(
    gradio_server: ServerFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    server = gradio_server("basics")
    assert main(["inspect", server.url]) == 0
    text = capsys.readouterr().out
    assert "/echo_text" in text and 'echo_text(text: str = "hello") -> str' in text
    assert main(["inspect", server.url, "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    endpoints = {e["api_name"]: e for e in doc["endpoints"]}
    assert endpoints["/echo_text"]["signature"] == 'echo_text(text: str = "hello") -> str'
    assert endpoints["/numbers"]["returns"] in doc["types"]  # a NamedTuple of two outputs
    assert all(not e["streaming"] for e in doc["endpoints"])


@pytest.fixture(scope="module")
def httpx_only_python(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv with httpx and nothing of spacegen."""
    venv = tmp_path_factory.mktemp("httpx-only") / "venv"
    uv = shutil.which("uv") or "uv"
    subprocess.run([uv, "venv", "-q", str(venv)], check=True, capture_output=True)
    python = venv / "bin" / "python"
    subprocess.run(
        [uv, "pip", "install", "-q", "--python", str(python), "httpx"],
        check=True,
        capture_output=True,
    )
    probe = subprocess.run(
        [str(python), "-c", "import spacegen"],
        cwd=venv,
        env=_clean_env(),
        capture_output=True,
        check=False,
    )
    assert probe.returncode != 0  # spacegen really is absent
    return python


def _clean_env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "VIRTUAL_ENV"}}


def _run(python: Path, cwd: Path, code: str) -> str:
    proc = subprocess.run(
        [str(python), "-c", textwrap.dedent(code)],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=_clean_env(),
        check=False,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    return proc.stdout


def test_vendored_client_runs_with_httpx_only(
    gradio_server: ServerFactory, tmp_path: Path, httpx_only_python: Path
) -> None:
    server = gradio_server("basics")
    module = tmp_path / "myapp" / "basics.py"
    (tmp_path / "myapp").mkdir()
    (tmp_path / "myapp" / "__init__.py").write_text("", encoding="utf-8")
    assert main(["generate", server.url, "-o", str(module), "--vendor-runtime", "myapp._sg"]) == 0
    vendored = tmp_path / "myapp" / "_sg"
    assert (vendored / "VERSION").read_text().startswith("spacegen ")
    assert "from myapp._sg import" in module.read_text()
    assert not any("spacegen.runtime" in p.read_text() for p in vendored.glob("*.py"))
    out = _run(
        httpx_only_python,
        tmp_path,
        f"""
        from myapp.basics import Client
        with Client({server.url!r}) as client:
            print(client.echo_text("vendored"))
            print(client.numbers(2, 3, 0.5))
        """,
    )
    assert out.splitlines()[0] == "vendored"
    assert "3.0" in out.splitlines()[1]
    before = {p.name: p.read_text() for p in vendored.iterdir()}
    assert main(["generate", server.url, "-o", str(module), "--vendor-runtime", "myapp._sg"]) == 0
    assert {p.name: p.read_text() for p in vendored.iterdir()} == before  # deterministic


def test_package_with_readme_and_vendored_runtime(
    gradio_server: ServerFactory, tmp_path: Path, httpx_only_python: Path
) -> None:
    server = gradio_server("basics")
    args = ["--package", "basics_client", "--vendor-runtime", "basics_client._runtime"]
    assert main(["generate", server.url, "-o", str(tmp_path), *args]) == 0
    package = tmp_path / "basics_client"
    assert (package / "py.typed").is_file() and (package / "_runtime" / "VERSION").is_file()
    readme = (package / "README.md").read_text()
    assert readme.count("result = client.") == 7  # one example per endpoint of basics
    assert "result = client.echo_text(" in readme
    out = _run(
        httpx_only_python,
        tmp_path,
        f"""
        from basics_client import Client
        with Client({server.url!r}) as client:
            print(client.echo_text("packaged"))
        """,
    )
    assert out.strip() == "packaged"
