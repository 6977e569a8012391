"""User code on the generated batch API, checked by ``mypy --strict``: correct uses pass, wrong
item types, options and result uses are rejected (the lines marked ``# BAD``)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parents[2] / "generated_examples"

USER = """\
import asyncio
from pathlib import Path

from hello import AsyncClient, Client
from tax import Client as TaxClient
from spacegen.runtime import NOT_GIVEN, BatchProgress, Result


def report(p: BatchProgress) -> None:
    print(p.done, p.total)


with Client("http://127.0.0.1:7860") as client:
    results: list[Result[str]] = client.batch_predict(["a", "b"], concurrency=4)
    first: str = results[0].value
    more = client.batch_predict(iter(["c"]), on_progress=report, checkpoint=Path("x.jsonl"))
    client.batch_predict(["a"], progress_bar=False, queue_wait=None)
    client.batch_predict([1, 2])  # BAD
    client.batch_predict(["a"], concurrency="4")  # BAD
    client.batch_predict(["a"], workers=2)  # BAD
    wrong: list[Result[int]] = client.batch_predict(["a"])  # BAD

with TaxClient("http://127.0.0.1:7860") as tax:
    owed = tax.batch_predict([(10.0, "Single", NOT_GIVEN), (5, "Married", NOT_GIVEN)])
    total: float = sum(r.value or 0.0 for r in owed if r.ok)
    tax.batch_predict([(10.0, "Single")])  # BAD
    tax.batch_predict([(10.0, "Widowed", NOT_GIVEN)])  # BAD


async def main() -> None:
    async with AsyncClient("http://127.0.0.1:7860") as aclient:
        done: list[Result[str]] = await aclient.batch_predict(["a"], concurrency=2)
        print(done[0].error)


asyncio.run(main())
"""


@pytest.mark.slow
def test_batch_api_types_under_mypy_strict(tmp_path: Path) -> None:
    shutil.copy(EXAMPLES / "hello_world" / "client.py", tmp_path / "hello.py")
    shutil.copy(EXAMPLES / "tax_calculator" / "client.py", tmp_path / "tax.py")
    (tmp_path / "user.py").write_text(USER, encoding="utf-8")
    mypy = Path(sys.executable).parent / "mypy"
    proc = subprocess.run(
        [str(mypy), "--strict", "--no-incremental", "user.py"],
        cwd=tmp_path, capture_output=True, text=True, check=False,
    )  # fmt: skip
    errors = {int(n) for n in re.findall(r"^user\.py:(\d+): error", proc.stdout, re.M)}
    bad = {i for i, line in enumerate(USER.splitlines(), 1) if "# BAD" in line}
    assert len(bad) == 6
    assert errors == bad, proc.stdout
