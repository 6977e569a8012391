"""format (black in memory), validate (compile, __all__, duplicates), atomic write, drift check."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from gen_helpers import ROOT

from spacegen.cli import main
from spacegen.generator.check import diff_against_file, same_code
from spacegen.generator.format import format_files, format_source
from spacegen.generator.validate import validate_source
from spacegen.generator.write import write_text_atomic
from spacegen.runtime.errors import GeneratorError

GOOD = 'x = 1\n__all__ = ["x"]\n'


def test_format_uses_black_with_line_length_100() -> None:
    long_call = "f(" + ", ".join(f"a{i}" for i in range(30)) + ")\n"
    formatted = format_source("x = {'a':1}\n" + long_call)
    assert formatted.startswith('x = {"a": 1}\n')
    assert max(len(line) for line in formatted.splitlines()) <= 100
    assert format_files({"a.py": "y=2\n", "notes.txt": "y=2\n"}) == {
        "a.py": "y = 2\n",
        "notes.txt": "y=2\n",
    }


def test_format_turns_syntax_errors_into_generator_errors() -> None:
    with pytest.raises(GeneratorError, match="does not parse"):
        format_source("def (:\n")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("def (:\n", "does not compile"),
        ("x = 1\n", "no literal __all__"),
        ('x = 1\n__all__ = ["x", "b"]\n', "not sorted"),
        ('x = 1\n__all__ = ["x", "y"]\n', "undefined: y"),
        ('class A: ...\nA = 1\n__all__ = ["A"]\n', "defined twice: A"),
        ('x = "\x00"\n__all__ = []\n', "does not compile"),
    ],
)
def test_validate_rejects(text: str, message: str) -> None:
    with pytest.raises(GeneratorError, match=message):
        validate_source(text, "m.py")


def test_validate_accepts() -> None:
    validate_source(GOOD)


def test_atomic_write_creates_parents_and_replaces(tmp_path: Path) -> None:
    target = tmp_path / "a" / "b" / "m.py"
    write_text_atomic(target, "one\n")
    os.chmod(target, 0o640)
    write_text_atomic(target, "two\r\n")
    assert target.read_bytes() == b"two\r\n"
    assert target.stat().st_mode & 0o777 == 0o640
    assert [p.name for p in target.parent.iterdir()] == ["m.py"]  # no temp file left


def test_failed_write_leaves_old_file(tmp_path: Path) -> None:
    target = tmp_path / "m.py"
    write_text_atomic(target, "old\n")
    with pytest.raises(UnicodeEncodeError):
        write_text_atomic(target, "bad \ud800\n")
    assert target.read_text() == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["m.py"]


def test_check_identical_missing_and_drift(tmp_path: Path) -> None:
    target = tmp_path / "m.py"
    assert diff_against_file("a\n", target) is not None  # missing = drift
    target.write_text("a\nb\n", encoding="utf-8")
    assert diff_against_file("a\nb\n", target) is None
    diff = diff_against_file("a\nc", target)
    assert diff is not None
    assert "-b\n" in diff and "+c\n" in diff and "No newline at end of file" in diff


CHAT = ROOT / "generated_examples" / "chatbot_streaming" / "snapshot.json"


def _ruff_format(path: Path, *args: str) -> None:
    ruff = Path(sys.executable).parent / "ruff"
    subprocess.run([str(ruff), "format", "--isolated", *args, str(path)], check=True,
                   capture_output=True)  # fmt: skip


def test_check_ignores_a_projects_own_formatting(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Issue 12: ``ruff format --line-length 120`` over a module is not drift."""
    target = tmp_path / "chat.py"
    assert main(["generate", str(CHAT), "-o", str(target)]) == 0
    generated = target.read_text(encoding="utf-8")
    _ruff_format(target, "--line-length", "120")
    reformatted = target.read_text(encoding="utf-8")
    assert reformatted != generated
    assert main(["check", str(CHAT), "-o", str(target)]) == 0
    target.write_text(reformatted.replace('"""Submit', '"""Sub mit', 1), encoding="utf-8")
    assert main(["check", str(CHAT), "-o", str(target)]) == 1  # a docstring edit is drift
    assert "Sub mit" in capsys.readouterr().out


def test_the_generated_style_is_ruff_format_at_line_length_100(tmp_path: Path) -> None:
    """What README promises: ``ruff format --line-length 100`` leaves a module as it is."""
    target = tmp_path / "chat.py"
    assert main(["generate", str(CHAT), "-o", str(target)]) == 0
    generated = target.read_text(encoding="utf-8")
    _ruff_format(target, "--line-length", "100")
    assert target.read_text(encoding="utf-8") == generated


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("x = f(1,2)\n", "x = f(\n    1,\n    2,\n)\n", True),
        ("x = 'a'  # note\n", 'x = "a" # note  \n', True),
        ("x = 'a'  # note\n", "x = 'a'  # other\n", False),
        ("x = 'a'\n", "x = 'b'\n", False),
        ('def f():\n    """Doc."""\n', 'def f():\n    """Doc!"""\n', False),
        ("x = (\n", "x = (\n", False),  # does not parse: never "the same code"
    ],
)
def test_same_code(a: str, b: str, same: bool) -> None:
    assert same_code(a, b) is same
