"""``spacegen stubs``: user code on gradio_client, checked by mypy --strict and basedpyright.

The stub package is installed the PEP 561 way (copied into a fresh venv's site-packages, as
``pip install`` would) for mypy, and found through ``stubPath`` by pyright.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from spacegen.cli import main

ROOT = Path(__file__).resolve().parents[3]
EXAMPLES = ROOT / "generated_examples"
BIN = Path(sys.executable).parent

GOOD = """\
from typing import Any

from gradio_client import Client, handle_file

client = Client("http://127.0.0.1:7860")
reply: tuple[str, Any] = client.predict("hi", [], api_name="/user")
first: str = client.predict(user_message="hi", api_name="/user")[0]
job = client.submit(api_name="/lambda")
value: Any = job.result(timeout=3)
streamed: Any = client.predict([], api_name="/bot")
by_index: Any = client.predict("hi", fn_index=0)
upload: dict[str, Any] = handle_file("x.png")
client.close()
"""

# Each bad line ends with "# BAD"; both checkers must report an error on every one of them.
BAD = """\
from gradio_client import Client

client = Client("http://127.0.0.1:7860")
client.predict("hi", api_name="/nope")  # BAD wrong api_name
client.predict(3, api_name="/user")  # BAD wrong argument type
client.predict("hi", [], "extra", api_name="/user")  # BAD too many arguments
client.predict(api_name="/user")  # BAD a required argument missing
client.predict("hi")  # BAD api_name left out of a several-endpoint app
n: int = client.predict("hi", api_name="/user")  # BAD wrong return type
client.submit("hi", api_name="/lambda")  # BAD /lambda takes nothing
s: str = client.submit("hi", api_name="/user").result()  # BAD result is a tuple
"""

TAX_GOOD = """\
from gradio_client import Client

client = Client("http://127.0.0.1:7860")
due: float | None = client.predict(1000, "Single", api_name="/predict")
also: float | None = client.predict(1000.5, "Married")  # the only endpoint: api_name may go
"""

TAX_BAD = """\
from gradio_client import Client

client = Client("http://127.0.0.1:7860")
client.predict(1000, "Widowed", api_name="/predict")  # BAD not one of the choices
client.predict("1000", "Single", api_name="/predict")  # BAD wrong argument type
text: str = client.predict(1000, "Single")  # BAD returns float
"""

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def checked(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, set[int]]]:
    """{file: {"mypy": error lines, "pyright": error lines}} for the four user files."""
    results: dict[str, dict[str, set[int]]] = {}
    for app, files in (("chatbot_streaming", {"good": GOOD, "bad": BAD}),
                       ("tax_calculator", {"tax_good": TAX_GOOD, "tax_bad": TAX_BAD})):  # fmt: skip
        work = tmp_path_factory.mktemp(app)
        assert (
            main(["stubs", str(EXAMPLES / app / "snapshot.json"), "-o", str(work / "stubs")]) == 0
        )
        python = _venv_with_stubs(work)
        for name, text in files.items():
            (work / f"{name}.py").write_text(text, encoding="utf-8")
        for name in files:
            results[name] = {"mypy": _mypy(work, python, name), "pyright": _pyright(work, name)}
    return results


def _venv_with_stubs(work: Path) -> Path:
    venv = work / "venv"
    subprocess.run([shutil.which("uv") or "uv", "venv", "-q", str(venv)], check=True)
    python = venv / "bin" / "python"
    purelib = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True, capture_output=True, text=True,
    ).stdout.strip()  # fmt: skip
    shutil.copytree(work / "stubs" / "gradio_client-stubs", Path(purelib) / "gradio_client-stubs")
    return python


def _mypy(work: Path, python: Path, name: str) -> set[int]:
    proc = subprocess.run(
        [str(BIN / "mypy"), "--strict", "--no-incremental", "--python-executable", str(python),
         f"{name}.py"],
        cwd=work, capture_output=True, text=True, check=False,
    )  # fmt: skip
    return {int(m) for m in re.findall(rf"^{name}\.py:(\d+): error", proc.stdout, re.M)}


def _pyright(work: Path, name: str) -> set[int]:
    (work / "pyrightconfig.json").write_text(json.dumps({"stubPath": "stubs"}), encoding="utf-8")
    proc = subprocess.run(
        [str(BIN / "basedpyright"), "--outputjson", f"{name}.py"],
        cwd=work, capture_output=True, text=True, check=False,
    )  # fmt: skip
    diagnostics = json.loads(proc.stdout)["generalDiagnostics"]
    return {d["range"]["start"]["line"] + 1 for d in diagnostics if d["severity"] == "error"}


def _bad_lines(text: str) -> set[int]:
    return {i for i, line in enumerate(text.splitlines(), 1) if "# BAD" in line}


def test_stub_package_layout(tmp_path: Path) -> None:
    assert (
        main(["stubs", str(EXAMPLES / "tax_calculator" / "snapshot.json"), "-o", str(tmp_path)])
        == 0
    )
    package = tmp_path / "gradio_client-stubs"
    assert (package / "py.typed").read_text() == "partial\n"
    stub = (package / "__init__.pyi").read_text()
    assert 'api_name: Literal["/predict"] = ...' in stub
    assert stub.count("@overload") == 4  # predict + submit: the endpoint and by fn_index
    assert (tmp_path / "pyproject.toml").is_file()


@pytest.mark.parametrize("checker", ["mypy", "pyright"])
def test_correct_calls_pass(checked: dict[str, dict[str, set[int]]], checker: str) -> None:
    assert checked["good"][checker] == set()
    assert checked["tax_good"][checker] == set()


@pytest.mark.parametrize("checker", ["mypy", "pyright"])
def test_every_wrong_call_is_rejected(
    checked: dict[str, dict[str, set[int]]], checker: str
) -> None:
    assert checked["bad"][checker] == _bad_lines(BAD)
    assert checked["tax_bad"][checker] == _bad_lines(TAX_BAD)
