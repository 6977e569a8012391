"""Editors complete a generated client's endpoint methods in every form the README uses.

jedi (the engine behind many editors' Python completion) is run on a committed generated
example: plain assignment, ``with Client(...) as client:`` and ``async with``.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import jedi
import pytest

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "generated_examples" / "hello_world" / "client.py"

FORMS = {
    "assignment": "client = Client('http://127.0.0.1:7860')\nclient.",
    "with": "with Client('http://127.0.0.1:7860') as client:\n    client.",
    "async with": (
        "async def main() -> None:\n"
        "    async with AsyncClient('http://127.0.0.1:7860') as client:\n"
        "        client."
    ),
}


@pytest.mark.parametrize("form", sorted(FORMS))
def test_endpoint_methods_are_completed(form: str, tmp_path: Path) -> None:
    shutil.copy(EXAMPLE, tmp_path / "hello_client.py")
    source = "from hello_client import AsyncClient, Client\n" + FORMS[form]
    lines = source.splitlines()
    project = jedi.Project(tmp_path, sys_path=[str(tmp_path), str(ROOT), *sys.path])
    script = jedi.Script(source, path=tmp_path / "user.py", project=project)
    names = {c.name for c in script.complete(len(lines), len(lines[-1]))}
    assert {"predict", "submit_predict"} <= names, sorted(names)
