"""Property: whatever an app's /config and /info hold, generation ends in a module or one line.

Every hostile case (see :mod:`hostile_strategies`) either generates a module that compiles,
imports and (checked as one batch) passes ``mypy --strict``, or raises
:class:`DescriptionError` with a one-line message, which the CLI prints as one ``error:`` line
with exit code 2. Anything else (a traceback, a GeneratorError) fails the test.

The default run is fixed-seed (``derandomize``) and small; set ``SPACEGEN_PROPERTY_EXAMPLES``
for a larger one (run with ``-s`` to see its figures).
"""

from __future__ import annotations

import io
import os
from collections import Counter
from contextlib import redirect_stderr
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from gen_helpers import import_text, mypy_strict
from hostile_strategies import Case, as_text, cases, snapshot_of
from hypothesis import HealthCheck, given, note, settings

from spacegen.cli import main
from spacegen.generator.api import generate, generate_from_snapshot
from spacegen.runtime.errors import DescriptionError

EXAMPLES = int(os.environ.get("SPACEGEN_PROPERTY_EXAMPLES", "60"))
#: Most generated modules type-checked in the one mypy run.
MYPY_BATCH = int(os.environ.get("SPACEGEN_PROPERTY_MYPY", "25"))


@dataclass
class Tally:
    tried: int = 0
    generated: int = 0
    refused: int = 0
    modules: dict[str, Path] = field(default_factory=dict)  # text -> written file
    reasons: Counter[str] = field(default_factory=Counter)  # refusal messages, shortened

    def __str__(self) -> str:
        top = "; ".join(f"{n} x {reason}" for reason, n in self.reasons.most_common(6))
        return (
            f"{self.tried} cases tried: {self.generated} generated ({len(self.modules)} distinct "
            f"modules), {self.refused} refused with one DescriptionError line ({top})"
        )


def _write_folder(case: Case, folder: Path) -> Path:
    folder.mkdir()
    doc = case.document()
    for key in ("config", "info", "info_all"):
        if key != "info_all" or doc[key] is not None:
            (folder / f"{key}.json").write_text(as_text(doc[key]), encoding="ascii")
    return folder


def _cli_refuses_in_one_line(folder: Path, work: Path) -> str:
    err = io.StringIO()
    with redirect_stderr(err):
        code = main(["generate", str(folder), "-o", str(work / "refused.py")])
    lines = err.getvalue().splitlines()
    assert code == 2 and len(lines) == 1 and lines[0].startswith("error: "), err.getvalue()
    return lines[0]


def _reason(message: str) -> str:
    """A refusal message without the file name and numbers, cut to its first words."""
    words = message.split(": ", 1)[-1].split()[:6]
    return " ".join("N" if w.strip(",.()").isdigit() else w for w in words)


def _generate(case: Case, work: Path, tally: Tally) -> str | None:
    """The module text, or ``None`` when the description was refused (cleanly)."""
    folder = _write_folder(case, work / "app") if case.via_file else None
    try:
        if folder is not None:
            return generate(str(folder)).module_text
        return generate_from_snapshot(snapshot_of(case), generator_version="0.0.0").module_text
    except DescriptionError as exc:
        assert "\n" not in str(exc) and str(exc), repr(exc)
        tally.reasons[_reason(str(exc))] += 1
        if folder is not None:
            _cli_refuses_in_one_line(folder, work)
        return None


def _check(case: Case, work: Path, batch: Path, tally: Tally) -> None:
    tally.tried += 1
    note(f"document: {as_text(case.document())[:5000]}")  # printed for a failing case
    for stale in work.glob("*"):
        if stale.is_dir():
            for f in stale.iterdir():
                f.unlink()
            stale.rmdir()
    text = _generate(case, work, tally)
    if text is None:
        tally.refused += 1
        return
    tally.generated += 1
    compile(text, "generated.py", "exec", dont_inherit=True)
    import_text(text, work / "imported.py").Client("http://127.0.0.1:9")
    if text not in tally.modules and len(tally.modules) < MYPY_BATCH:
        tally.modules[text] = batch / f"case_{len(tally.modules)}.py"
        tally.modules[text].write_text(text, encoding="utf-8")


@pytest.mark.slow
def test_hostile_descriptions_generate_or_refuse_in_one_line(tmp_path: Path) -> None:
    work, batch = tmp_path / "work", tmp_path / "batch"
    work.mkdir()
    batch.mkdir()
    tally = Tally()

    @settings(
        max_examples=EXAMPLES,
        derandomize=True,
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=cases)
    def prop(case: Case) -> None:
        _check(case, work, batch, tally)

    prop()
    print(f"\nproperty: {tally}")
    assert tally.generated > 0 and tally.refused > 0, tally
    result = mypy_strict(*tally.modules.values(), cwd=batch)
    assert result.returncode == 0, result.stdout[-4000:]
    print(f"property: mypy --strict clean on {len(tally.modules)} generated modules")
