"""Static typing is part of the proof: generated modules and code using them pass ``mypy --strict``.

The user script assigns results to precisely annotated variables (no ``reveal_type``), and its
wrong calls carry ``# type: ignore[code]``: ``--strict`` includes ``--warn-unused-ignores``, so
each ignore must be *needed*, i.e. mypy really rejects the wrong call. Loose types (``Any``)
would make those ignores unused and fail the run.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from . import generated
from .envs import REPO_ROOT

E2E_APPS = ("basics", "files", "chat")

pytestmark = [pytest.mark.slow]
generated_client = generated.generated_client

MYPY_TIMEOUT = 300.0

USER_SCRIPT = """
from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import basics_client
import chat_client
import files_client
from spacegen.runtime import AsyncJob, Job, Json, RemoteFile


def use_basics(client: basics_client.Client) -> None:
    text: str = client.echo_text("a")
    numbers: basics_client.NumbersResult = client.numbers(1, 2.5)
    # outputs with no initial value may come back unchanged, as None: the types say so
    total: int | None = numbers.sum
    product: float | None = numbers.product
    calculated: float | None = client.calc("mul", 2, 3.0)
    chosen: Json = client.choices("apple", ["banana"], sizes=["S"], flag=True)
    job: Job[str] = client.submit_echo_text("x")
    done: str = job.result(timeout=1)
    client.echo_text(1)  # type: ignore[arg-type]
    client.calc("div")  # type: ignore[arg-type]
    client.choices(sizes=["XL"])  # type: ignore[list-item]
    wrong: str = client.numbers()  # type: ignore[assignment]


def use_files(client: files_client.Client) -> None:
    upper = client.file_upper(b"data")
    assert upper is not None
    data: bytes = upper.read()
    again: Json = client.file_info(upper)  # an output file goes back in as an input
    many: Json = client.files_info(["a.txt", b"raw", upper])
    image: RemoteFile | None = client.make_image(4, 4, "red")
    client.make_image(4, 4, "purple")  # type: ignore[arg-type]
    client.file_info(42)  # type: ignore[arg-type]


def use_chat(client: chat_client.Client) -> None:
    history: list[chat_client.Message] = client.chat("hi")
    history = client.respond("more", history)  # a chatbot's output goes back in
    steps: Iterator[list[chat_client.Message]] = client.stream_chat("hi", history)
    counted: Iterator[str] = client.stream_count_up("x", 3)
    last: str = client.count_up("x", 3)
    client.count_up("x", "3")  # type: ignore[arg-type]


async def use_async(client: basics_client.AsyncClient, chat: chat_client.AsyncClient) -> None:
    text: str = await client.echo_text("a")
    numbers: basics_client.NumbersResult = await client.numbers()
    job: AsyncJob[float | None] = client.submit_calc("add", 1, 2.0)
    result: float | None = await job.result(timeout=1)
    stream: AsyncIterator[str] = chat.stream_count_up("x", 2)
    await client.echo_text(None)  # type: ignore[arg-type]
"""


def test_generated_modules_and_their_use_pass_mypy_strict(
    generated_client: generated.GeneratedFactory, tmp_path: Path
) -> None:
    for app in E2E_APPS:
        source = Path(str(generated_client(app).__file__))
        (tmp_path / f"{app}_client.py").write_text(source.read_text(encoding="utf-8"))
    (tmp_path / "use_clients.py").write_text(USER_SCRIPT, encoding="utf-8")
    files = sorted(p.name for p in tmp_path.glob("*.py"))
    env = {**os.environ, "MYPYPATH": str(REPO_ROOT)}
    done = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--python-version", "3.11",
         "--cache-dir", str(tmp_path / ".mypy_cache"), *files],
        capture_output=True, text=True, cwd=tmp_path, env=env, timeout=MYPY_TIMEOUT, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"no issues found in {len(files)} source files" in done.stdout


def test_installed_runtime_is_typed_for_mypy(tmp_path: Path) -> None:
    (tmp_path / "user.py").write_text(
        "from spacegen.runtime import SpaceClient\n\n\nclass C(SpaceClient):\n    pass\n",
        encoding="utf-8",
    )
    done = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--cache-dir", str(tmp_path / ".cache"),
         "user.py"],
        capture_output=True, text=True, cwd=tmp_path, timeout=MYPY_TIMEOUT, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
