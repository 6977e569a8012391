"""Parsing `[tool.spacegen]` and `spacegen.toml`: good configs, one clear message per bad one."""

from __future__ import annotations

from pathlib import Path

import pytest

from spacegen.generator.project.config import find_config, load_config
from spacegen.runtime.errors import ConfigError, SpacegenError

GOOD = """
jobs = 2
[clients.hello]
source = "owner/hello"
output = "src/app/hello.py"
class-name = "Hello"
include-undocumented = true
token-env = "HELLO_TOKEN"
auth-env = "HELLO_AUTH"
vendor-runtime = "app._spacegen"
timeout = 12.5
[clients.local]
source = "http://127.0.0.1:7860"
output = "local.py"
lock = "locks/local.json"
"""


def write(tmp_path: Path, text: str, name: str = "spacegen.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_full_spacegen_toml(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, GOOD))
    assert config.jobs == 2
    hello, local = config.clients
    assert hello.name == "hello" and hello.source == "owner/hello"
    assert hello.output == tmp_path.resolve() / "src/app/hello.py"
    assert hello.lock == tmp_path.resolve() / "src/app/hello.snapshot.json"  # beside the module
    assert (hello.class_name, hello.include_undocumented) == ("Hello", True)
    assert (hello.token_env, hello.auth_env, hello.vendor_runtime) == (
        "HELLO_TOKEN",
        "HELLO_AUTH",
        "app._spacegen",
    )
    assert hello.timeout == 12.5
    assert local.lock == tmp_path.resolve() / "locks/local.json"
    assert (local.class_name, local.include_undocumented, local.timeout) == (None, False, 30.0)


def test_pyproject_tool_table_and_discovery(tmp_path: Path) -> None:
    text = '[project]\nname = "x"\n\n' + GOOD.replace("jobs", "[tool.spacegen]\njobs").replace(
        "[clients.", "[tool.spacegen.clients."
    )
    path = write(tmp_path, text, "pyproject.toml")
    (tmp_path / "sub" / "deeper").mkdir(parents=True)
    assert find_config(tmp_path / "sub" / "deeper") == path
    assert [c.name for c in load_config(path).clients] == ["hello", "local"]


def test_spacegen_toml_wins_over_pyproject(tmp_path: Path) -> None:
    write(tmp_path, "[tool.spacegen]\n", "pyproject.toml")
    own = write(tmp_path, GOOD)
    assert find_config(tmp_path) == own


def test_token_and_auth_come_from_the_named_variables(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    hello = load_config(write(tmp_path, GOOD)).clients[0]
    monkeypatch.setenv("HELLO_TOKEN", "hf_x")
    monkeypatch.setenv("HELLO_AUTH", "ada:se:cret")
    assert hello.token() == "hf_x"
    assert hello.auth() == ("ada", "se:cret")
    monkeypatch.setenv("HELLO_AUTH", "nocolon")
    with pytest.raises(ConfigError, match=r"\$HELLO_AUTH .*USER:PASS"):
        hello.auth()


BAD = [
    ("jobs = 0\n[clients.a]\nsource='x/y'\noutput='a.py'", r"spacegen.toml: jobs: expected"),
    (
        "[clients.a]\nsource='x/y'\noutput='a.py'\nclas-name='A'",
        r"clients\.a\.clas-name: unknown key",
    ),
    ("colour = 1\n[clients.a]\nsource='x/y'\noutput='a.py'", r"spacegen.toml: colour: unknown key"),
    ("[clients.a]\noutput='a.py'", r"clients\.a\.source: missing"),
    ("[clients.a]\nsource='x/y'", r"clients\.a\.output: missing"),
    (
        "[clients.a]\nsource='x/y'\noutput='a.txt'",
        r"clients\.a\.output: expected a path ending in \.py",
    ),
    (
        "[clients.a]\nsource='x/y'\noutput='a.py'\nclass-name='1A'",
        r"clients\.a\.class-name: expected",
    ),
    (
        "[clients.a]\nsource='x/y'\noutput='a.py'\ninclude-undocumented='yes'",
        r"clients\.a\.include-undocumented: expected true or false, got 'yes'",
    ),
    ("[clients.a]\nsource='x/y'\noutput='a.py'\ntoken-env='HF TOKEN'", r"clients\.a\.token-env"),
    (
        "[clients.a]\nsource='x/y'\noutput='a.py'\ntimeout=0",
        r"clients\.a\.timeout: expected seconds",
    ),
    ("[clients.a]\nsource='x/y'\noutput='a.py'\nvendor-runtime='a-b'", r"vendor-runtime: expected"),
    ("[clients.a]\nsource=''\noutput='a.py'", r"clients\.a\.source: expected"),
    ("clients = 3", r"spacegen.toml: clients: expected at least one"),
    ("jobs = 2", r"spacegen.toml: clients: expected at least one"),
    ("[clients]\na = 1", r"clients\.a: expected a table"),
    (
        "[clients.a]\nsource='x/y'\noutput='a.py'\n[clients.b]\nsource='x/z'\noutput='a.py'",
        r"clients\.b: writes a\.py, which 'a' writes too",
    ),
    ("[clients.a\n", r"spacegen.toml: not valid TOML"),
]


@pytest.mark.parametrize(("text", "message"), BAD)
def test_bad_configs_get_one_message_naming_the_key(
    tmp_path: Path, text: str, message: str
) -> None:
    with pytest.raises(ConfigError, match=message) as info:
        load_config(write(tmp_path, text))
    assert isinstance(info.value, SpacegenError) and "\n" not in str(info.value)


def test_bad_pyproject_names_the_tool_prefix(tmp_path: Path) -> None:
    path = write(tmp_path, "[tool.spacegen]\njobs = 'many'\n", "pyproject.toml")
    with pytest.raises(ConfigError, match=r"pyproject.toml: tool\.spacegen\.jobs: expected"):
        load_config(path)


def test_no_config_anywhere(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"no spacegen\.toml"):
        find_config(tmp_path)
