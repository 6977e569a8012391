"""The CLI in-process through ``main(argv)``, plus one real ``python -m spacegen`` run."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from gen_helpers import ROOT

from spacegen import __version__
from spacegen.cli import COMMANDS, main, parse_auth, printable

HELLO = ROOT / "generated_examples" / "hello_world" / "snapshot.json"


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["--version"])
    assert exc.value.code == 0
    assert capsys.readouterr().out.strip() == f"spacegen {__version__}"


def test_generate_then_check_clean_then_drift(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "deep" / "er" / "hello.py"
    assert main(["generate", str(HELLO), "-o", str(target)]) == 0
    text = target.read_text(encoding="utf-8")
    assert "class HelloWorldClient(SpaceClient):" in text
    assert main(["check", str(HELLO), "-o", str(target)]) == 0
    capsys.readouterr()
    target.write_text(text.replace("def predict(", "def predikt("), encoding="utf-8")
    assert main(["check", str(HELLO), "-o", str(target)]) == 1
    out = capsys.readouterr().out
    assert out.startswith("---") and "-    def predikt(" in out and "+    def predict(" in out


def test_check_against_missing_file_is_drift(tmp_path: Path) -> None:
    assert main(["check", str(HELLO), "-o", str(tmp_path / "nope.py")]) == 1


def test_class_name_and_undocumented(tmp_path: Path) -> None:
    target = tmp_path / "x.py"
    args = ["generate", str(HELLO), "-o", str(target), "--class-name", "Hi"]
    assert main([*args, "--include-undocumented"]) == 0
    assert "class AsyncHi(AsyncSpaceClient):" in target.read_text(encoding="utf-8")


def test_snapshot_round_trip(tmp_path: Path) -> None:
    saved = tmp_path / "snap.json"
    assert main(["snapshot", str(HELLO), "-o", str(saved)]) == 0
    assert main(["generate", str(saved), "-o", str(tmp_path / "c.py")]) == 0


@pytest.mark.parametrize(
    "argv",
    [
        ["generate", "/no/such/thing", "-o", "x.py"],
        ["generate", str(HELLO), "-o", "x.py", "--class-name", "not valid"],
    ],
)
def test_errors_are_one_message_and_exit_2(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(argv) == 2
    err = capsys.readouterr().err
    first, *rest = err.splitlines()
    assert first.startswith("error: ") and "Traceback" not in err
    assert all(line.startswith("  - ") for line in rest)  # only a list of accepted forms


def test_keyboard_interrupt_is_130(monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(*_args: object, **_kw: object) -> object:
        raise KeyboardInterrupt

    monkeypatch.setattr("spacegen.generator.api.generate", interrupted)
    assert main(["generate", str(HELLO), "-o", "x.py"]) == 130


def test_token_defaults_to_hf_token(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    seen: dict[str, object] = {}

    def fake(source: str, **kw: object) -> object:
        seen.update(kw)
        raise KeyboardInterrupt

    monkeypatch.setenv("HF_TOKEN", "hf_secret")
    monkeypatch.setattr("spacegen.generator.api.generate", fake)
    main(["generate", str(HELLO), "-o", str(tmp_path / "x.py"), "--auth", "me:pa:ss"])
    assert seen["token"] == "hf_secret" and seen["auth"] == ("me", "pa:ss")


def test_auth_forms() -> None:
    assert parse_auth("u:") == ("u", "")
    assert parse_auth("u:p:q") == ("u", "p:q")
    assert parse_auth(None) is None
    assert parse_auth("me", prompt=lambda message: f"typed after {message!r}") == (
        "me",
        "typed after 'password for me: '",
    )
    with pytest.raises(Exception, match="USER:PASS"):
        parse_auth(":pass")


def test_auth_user_alone_without_a_terminal_is_one_error(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    assert main(["generate", str(HELLO), "-o", str(tmp_path / "x.py"), "--auth", "me"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: --auth USER needs a terminal") and "SPACEGEN_AUTH" in err
    assert not (tmp_path / "x.py").exists()


def test_auth_defaults_to_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    seen: dict[str, object] = {}

    def fake(source: str, **kwargs: object) -> object:
        seen.update(kwargs)
        raise KeyboardInterrupt

    monkeypatch.setenv("SPACEGEN_AUTH", "env-user:env:pass")
    monkeypatch.setattr("spacegen.generator.api.generate", fake)
    main(["generate", str(HELLO), "-o", str(tmp_path / "x.py"), "--timeout", "7.5"])
    assert seen["auth"] == ("env-user", "env:pass") and seen["timeout"] == 7.5


def test_timeout_must_be_positive(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["generate", str(HELLO), "-o", "x.py", "--timeout", "0"])
    assert exc.value.code == 2 and "must be more than 0" in capsys.readouterr().err


def test_dash_output_is_standard_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["generate", str(HELLO), "-o", "-"]) == 0
    assert "class HelloWorldClient(SpaceClient):" in capsys.readouterr().out
    assert list(tmp_path.iterdir()) == []
    assert main(["generate", str(HELLO), "-o", "-", "--package", "pkg"]) == 2


def test_output_must_be_a_regular_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["generate", str(HELLO), "-o", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "is a directory: name the file to write" in err and ".tmp" not in err
    fifo = tmp_path / "pipe.py"
    os.mkfifo(fifo)
    assert main(["generate", str(HELLO), "-o", str(fifo)]) == 2
    assert "is not a regular file" in capsys.readouterr().err
    assert fifo.is_fifo() and sorted(p.name for p in tmp_path.iterdir()) == ["pipe.py"]


def test_output_symlink_is_written_through(tmp_path: Path) -> None:
    real = tmp_path / "real" / "client.py"
    real.parent.mkdir()
    real.write_text("old", encoding="utf-8")
    link = tmp_path / "link.py"
    link.symlink_to(real)
    assert main(["generate", str(HELLO), "-o", str(link)]) == 0
    assert link.is_symlink() and "class HelloWorldClient" in real.read_text(encoding="utf-8")


def test_unimportable_module_name_is_warned(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["generate", str(HELLO), "-o", str(tmp_path / "my-client.py")]) == 0
    assert "warning: my-client.py cannot be imported" in capsys.readouterr().err


def test_class_name_client_is_the_plain_name(tmp_path: Path) -> None:
    target = tmp_path / "c.py"
    assert main(["generate", str(HELLO), "-o", str(target), "--class-name", "Client"]) == 0
    text = target.read_text(encoding="utf-8")
    assert "class Client(SpaceClient):" in text and "class AsyncClient(" in text
    assert "Client = " not in text
    assert main(["generate", str(HELLO), "-o", str(target), "--class-name", "App"]) == 2


def test_accepted_forms_print_one_per_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "config.json").write_text("{}", encoding="utf-8")
    assert main(["generate", str(tmp_path), "-o", str(tmp_path / "x.py")]) == 2
    lines = capsys.readouterr().err.splitlines()
    assert "the folder has no info.json" in lines[0]
    assert len(lines) == 5 and all(line.startswith("  - ") for line in lines[1:])


def test_help_names_every_exit_code(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    out = " ".join(capsys.readouterr().out.split())
    for code in ("0 success", "1 a generated module", "2 an error", "3-6", "130"):
        assert code in out


def test_printable_escapes_terminal_controls() -> None:
    assert printable("a\x1b[31mb\nc") == "a\\x1b[31mb\\nc"


def test_subcommands_are_registered_by_one_function_each() -> None:
    names = [c.__name__ for c in COMMANDS]
    assert names == [
        "_add_generate",
        "_add_snapshot",
        "_add_sync",
        "_add_check",
        "_add_diff",
        "_add_inspect",
        "_add_stubs",
        "_add_demo",
    ]


def test_demo_subcommand_hands_its_port_to_the_demo(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[list[str]] = []
    monkeypatch.setattr("spacegen.demo.run", lambda argv: seen.append(argv) or 0)
    assert main(["demo", "--port", "7999"]) == 0
    assert main(["demo"]) == 0
    assert main(["demo", "-o", "kept.py", "--start-timeout", "300"]) == 0
    assert seen == [["--port", "7999"], [], ["--output", "kept.py", "--start-timeout", "300.0"]]


@pytest.mark.slow
def test_without_the_codegen_extra_the_cli_says_what_to_install(tmp_path: Path) -> None:
    # jinja2 made unimportable: a runtime-only install must answer with one line, not a traceback
    (tmp_path / "jinja2.py").write_text("raise ImportError('no jinja2', name='jinja2')\n")
    cmd = [sys.executable, "-m", "spacegen", "generate", str(HELLO), "-o", str(tmp_path / "x.py")]
    env = {"PYTHONPATH": str(tmp_path), "PATH": "/usr/bin:/bin"}
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, check=False, env=env)
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        "error: the generator needs spacegen's codegen extra (jinja2 is missing): "
        "pip install 'spacegen[codegen]'"
    ]


@pytest.mark.slow
def test_python_dash_m_smoke(tmp_path: Path) -> None:
    target = tmp_path / "hello.py"
    cmd = [sys.executable, "-m", "spacegen", "generate", str(HELLO), "-o", str(target)]
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert target.read_text(encoding="utf-8") == (HELLO.parent / "client.py").read_text(
        encoding="utf-8"
    )
