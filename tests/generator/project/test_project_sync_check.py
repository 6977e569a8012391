"""``spacegen sync`` / ``check`` / ``diff`` over a config of corpus folders and snapshot files."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from spacegen.cli import main

ROOT = Path(__file__).resolve().parents[3]
DRIFT = ROOT / "tests" / "data" / "drift"
CHAT = ROOT / "generated_examples" / "chatbot_streaming" / "snapshot.json"


def chat_snapshot(path: Path, *, drop_lambda: bool = False, version: str | None = None) -> Path:
    doc: dict[str, Any] = json.loads(CHAT.read_text(encoding="utf-8"))
    if drop_lambda:  # the last endpoint: no other function index moves
        doc["config"]["dependencies"] = doc["config"]["dependencies"][:2]
        del doc["info"]["named_endpoints"]["/lambda"]
    if version is not None:
        doc["config"]["version"] = doc["gradio_version"] = version
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Three clients: two corpus folders (5.50 apps) and a snapshot file."""
    for app in ("dataframe_events", "chatbot_feedback"):
        shutil.copytree(DRIFT / app / "v5", tmp_path / "apps" / app)
    chat_snapshot(tmp_path / "apps" / "chat.json", drop_lambda=True)
    (tmp_path / "spacegen.toml").write_text(
        "jobs = 2\n"
        '[clients.frames]\nsource = "./apps/dataframe_events"\noutput = "app/frames.py"\n'
        '[clients.feedback]\nsource = "./apps/chatbot_feedback"\noutput = "app/feedback.py"\n'
        'class-name = "Feedback"\n'
        '[clients.chat]\nsource = "./apps/chat.json"\noutput = "app/chat.py"\n',
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    return tmp_path


def check_json(*args: str) -> tuple[int, dict[str, Any]]:
    import io  # noqa: PLC0415
    from contextlib import redirect_stdout  # noqa: PLC0415

    out = io.StringIO()
    with redirect_stdout(out):
        code = main(["check", "--format", "json", *args])
    return code, json.loads(out.getvalue())


def test_sync_writes_every_module_and_lock(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["sync"]) == 0
    err = capsys.readouterr().err
    assert sorted(line.split(":")[0] for line in err.splitlines()) == [
        "[1/3] chat",
        "[2/3] feedback",
        "[3/3] frames",
    ] or (len([line for line in err.splitlines() if line.startswith("[")]) == 3)
    for name in ("frames", "feedback", "chat"):
        module = project / "app" / f"{name}.py"
        lock = project / "app" / f"{name}.snapshot.json"
        assert module.is_file() and lock.is_file()
        compile(module.read_text(encoding="utf-8"), str(module), "exec")
        assert json.loads(lock.read_text(encoding="utf-8"))["format"] == "spacegen.snapshot/1"
    assert "class Feedback(SpaceClient)" in (project / "app" / "feedback.py").read_text()
    assert "\x1b" not in err  # not a terminal: plain lines


def test_generation_from_the_lock_needs_no_source(project: Path) -> None:
    assert main(["sync"]) == 0
    shutil.rmtree(project / "apps")
    assert main(["check", "--offline"]) == 0
    assert main(["check"]) == 2  # the live sources are gone


def test_check_clean_then_each_drift_class(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["sync"]) == 0
    assert main(["check"]) == 0
    assert "no API change" in capsys.readouterr().out

    chat_snapshot(project / "apps" / "chat.json")  # /lambda appears: additive only
    assert main(["check", "--client", "chat"]) == 5
    assert main(["check", "--client", "chat", "--fail-on", "breaking"]) == 0
    assert main(["check", "--client", "chat", "--fail-on", "additive"]) == 5
    out = capsys.readouterr().out
    assert "- Added: /lambda: new endpoint" in out

    chat_snapshot(project / "apps" / "chat.json", drop_lambda=True, version="6.0.0")
    assert main(["check", "--client", "chat"]) == 6  # cosmetic: the Gradio version
    assert main(["check", "--client", "chat", "--fail-on", "additive"]) == 0

    shutil.rmtree(project / "apps" / "dataframe_events")
    shutil.copytree(DRIFT / "dataframe_events" / "v6", project / "apps" / "dataframe_events")
    code, doc = check_json("--client", "frames")
    assert code == 3 and doc["exit_code"] == 3
    (frames,) = doc["clients"]
    assert frames["name"] == "frames" and frames["worst"] == "breaking-wire"
    removed = [c for c in frames["changes"] if c["code"] == "output-removed"]
    assert removed and removed[0]["changelog"].startswith("- BREAKING (wire): ")
    assert main(["check", "--fail-on", "never"]) == 0


def test_typed_break_exit_code(project: Path) -> None:
    assert main(["sync", "feedback"]) == 0
    shutil.rmtree(project / "apps" / "chatbot_feedback")
    shutil.copytree(DRIFT / "chatbot_feedback" / "v6", project / "apps" / "chatbot_feedback")
    code, doc = check_json("--client", "feedback")
    assert code == 3  # the message struct changed shape: wire
    assert {c["severity"] for c in doc["clients"][0]["changes"]} >= {"breaking-wire", "cosmetic"}


def test_stale_module_and_missing_lock(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sync"]) == 0
    module = project / "app" / "chat.py"
    module.write_text(module.read_text() + "# edited\n", encoding="utf-8")
    assert main(["check", "--offline"]) == 1
    assert "differs from what its lock generates" in capsys.readouterr().out
    (project / "app" / "frames.snapshot.json").unlink()
    assert main(["check", "--offline"]) == 2
    assert "frames: no lock" in capsys.readouterr().err


def test_one_failing_source_does_not_stop_the_others(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.rmtree(project / "apps" / "chatbot_feedback")
    assert main(["sync"]) == 2
    err = capsys.readouterr().err
    assert "feedback: cannot use" in err and "1 of 3 client(s) failed" in err
    assert (project / "app" / "frames.py").is_file() and (project / "app" / "chat.py").is_file()


def test_unknown_client_and_bad_config_are_usage_errors(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["sync", "nope"]) == 2
    assert "no client 'nope'" in capsys.readouterr().err
    (project / "spacegen.toml").write_text("[clients.a]\nsource='x/y'\noutput='a.py'\nfoo=1\n")
    assert main(["check"]) == 2
    assert capsys.readouterr().err.strip() == (
        "error: spacegen.toml: clients.a.foo: unknown key (known keys: auth-env, class-name, "
        "include-undocumented, lock, output, source, timeout, token-env, vendor-runtime)"
    )


def test_diff_two_real_versions(capsys: pytest.CaptureFixture[str]) -> None:
    old, new = DRIFT / "blocks_chained_events" / "v4", DRIFT / "blocks_chained_events" / "v5"
    assert main(["diff", str(old), str(new)]) == 3
    out = capsys.readouterr().out
    assert "breaking (wire)" in out and "app: api prefix changed from '' to '/gradio_api'" in out
    assert main(["diff", str(old), str(old)]) == 0
    capsys.readouterr()
    assert main(["diff", str(old), str(new), "--format", "json", "--fail-on", "never"]) == 0
    assert json.loads(capsys.readouterr().out)["clients"][0]["worst"] == "breaking-wire"


def test_check_with_source_and_without_output_is_a_usage_error(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["check", str(CHAT)]) == 2
    assert "needs -o FILE" in capsys.readouterr().err
