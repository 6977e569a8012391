"""The e2e infrastructure itself: every app starts and describes itself on every version."""

from __future__ import annotations

import hashlib
import json
import uuid
from pathlib import Path
from typing import Any

import httpx
import pytest

from .conftest import ServerFactory
from .envs import CURRENT, VERSIONS
from .servers import (
    APP_ENDPOINTS,
    APPS,
    AUTH,
    CORE_APPS,
    snapshot_dir,
)

OLD_VERSIONS = tuple(v for v in VERSIONS if v != CURRENT)


def _check_description(server_url: str, version: str, app: str, cookies: dict[str, str]) -> None:
    prefix = "" if version.startswith("4.") else "/gradio_api"
    with httpx.Client(base_url=server_url, cookies=cookies, timeout=30) as http:
        config = http.get("/config").raise_for_status().json()
        info = http.get(f"{prefix}/info").raise_for_status().json()
    assert config["version"] == version
    assert config.get("api_prefix", "") == prefix
    named = {dep["api_name"] for dep in config["dependencies"]}
    assert set(APP_ENDPOINTS[app]) <= named
    assert sorted(info["named_endpoints"]) == [f"/{name}" for name in APP_ENDPOINTS[app]]


def test_apps_table_matches_folder() -> None:
    assert tuple(sorted(APP_ENDPOINTS)) == APPS


@pytest.mark.parametrize("app", APPS)
def test_app_starts_on_current_version(gradio_server: ServerFactory, app: str) -> None:
    server = gradio_server(app)
    assert server.version == CURRENT
    _check_description(server.url, CURRENT, app, server.login_cookies())


@pytest.mark.parametrize("version", OLD_VERSIONS)
@pytest.mark.parametrize("app", CORE_APPS)
def test_core_app_starts_on_old_version(
    gradio_server: ServerFactory, app: str, version: str
) -> None:
    server = gradio_server(app, version)
    _check_description(server.url, version, app, {})


def test_auth_app_needs_login(gradio_server: ServerFactory) -> None:
    server = gradio_server("auth")
    assert httpx.get(f"{server.url}/config").status_code == 401
    bad = httpx.post(f"{server.url}/login", data={"username": AUTH[0], "password": "nope"})
    assert bad.status_code >= 400
    assert server.login_cookies()


def _join(http: httpx.Client, prefix: str, fn_index: int, data: list[object]) -> httpx.Response:
    body = {"data": data, "fn_index": fn_index, "session_hash": uuid.uuid4().hex[:11]}
    return http.post(f"{prefix}/queue/join", json=body)


def test_queue_full_answers_503(gradio_server: ServerFactory) -> None:
    """max_size=1 and one worker: one job runs, one waits, the third join is refused."""
    server = gradio_server("queue_full")
    prefix = server.api_prefix
    with server.client() as http:
        config = http.get("/config").json()
        slow = next(d["id"] for d in config["dependencies"] if d["api_name"] == "slow")
        session = uuid.uuid4().hex[:11]
        body = {"data": [2], "fn_index": slow, "session_hash": session}
        assert http.post(f"{prefix}/queue/join", json=body).status_code == 200
        params = {"session_hash": session}
        with http.stream("GET", f"{prefix}/queue/data", params=params) as events:
            for line in events.iter_lines():  # keep the stream open: leaving cancels the job
                if line.startswith("data:") and json.loads(line[5:])["msg"] == "process_starts":
                    break
            assert _join(http, prefix, slow, [0]).status_code == 200
            assert _join(http, prefix, slow, [0]).status_code == 503


def test_snapshot_dir_writes_offline_layout(gradio_server: ServerFactory, tmp_path: Path) -> None:
    folder = snapshot_dir(gradio_server("basics"), tmp_path / "basics")
    assert sorted(p.name for p in folder.iterdir()) == ["config.json", "info.json", "info_all.json"]
    config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
    info = json.loads((folder / "info.json").read_text(encoding="utf-8"))
    assert config["version"] == CURRENT
    assert "/echo_text" in info["named_endpoints"]


def test_app_snapshot_fixture_caches(app_snapshot: object) -> None:
    assert callable(app_snapshot)
    first = app_snapshot("state")
    assert first == app_snapshot("state")
    assert (first / "info_all.json").is_file()


def _write_big_file(path: Path, mebibytes: int) -> str:
    """A deterministic file of ``mebibytes`` MiB; returns its sha256."""
    digest = hashlib.sha256()
    block = bytes(range(256)) * 4096
    with path.open("wb") as out:
        for i in range(mebibytes):
            chunk = i.to_bytes(4, "big") + block[4:]
            out.write(chunk)
            digest.update(chunk)
    return digest.hexdigest()


def _run_job(http: httpx.Client, prefix: str, fn_index: int, data: list[object]) -> Any:
    session = uuid.uuid4().hex[:11]
    body = {"data": data, "fn_index": fn_index, "session_hash": session}
    http.post(f"{prefix}/queue/join", json=body).raise_for_status()
    params = {"session_hash": session}
    with http.stream("GET", f"{prefix}/queue/data", params=params) as events:
        for line in events.iter_lines():
            message = json.loads(line[5:]) if line.startswith("data:") else {}
            if message.get("msg") == "process_completed":
                assert message["success"], message
                return message["output"]["data"]
    raise AssertionError("the event stream ended before process_completed")


@pytest.mark.slow
def test_big_file_round_trip(gradio_server: ServerFactory, tmp_path: Path) -> None:
    """200 MiB up through /upload, echoed by the app, and streamed back down intact."""
    server = gradio_server("big")
    src = tmp_path / "big.bin"
    expected = _write_big_file(src, 200)
    prefix = server.api_prefix
    with server.client(timeout=120) as http:
        with src.open("rb") as handle:
            uploaded = http.post(f"{prefix}/upload", files={"files": ("big.bin", handle)})
        path = uploaded.raise_for_status().json()[0]
        config = http.get("/config").json()
        echo = next(d["id"] for d in config["dependencies"] if d["api_name"] == "file_echo")
        file_data = {"path": path, "orig_name": "big.bin", "meta": {"_type": "gradio.FileData"}}
        (out,) = _run_job(http, prefix, echo, [file_data])
        assert (out["orig_name"], out["size"]) == ("big.bin", 200 << 20)
        digest = hashlib.sha256()
        with http.stream("GET", out["url"]) as download:
            for chunk in download.raise_for_status().iter_bytes(1 << 20):
                digest.update(chunk)
    assert digest.hexdigest() == expected


def _events(http: httpx.Client, prefix: str, api_name: str, data: list[object]) -> list[Any]:
    """Every message of one job, in order, read straight off the queue's event stream."""
    config = http.get("/config").json()
    fn_index = next(d["id"] for d in config["dependencies"] if d["api_name"] == api_name)
    session = uuid.uuid4().hex[:11]
    body = {"data": data, "fn_index": fn_index, "session_hash": session}
    http.post(f"{prefix}/queue/join", json=body).raise_for_status()
    messages = []
    params = {"session_hash": session}
    with http.stream("GET", f"{prefix}/queue/data", params=params) as stream:
        for line in stream.iter_lines():
            if line.startswith("data:"):
                messages.append(json.loads(line[5:]))
                if messages[-1]["msg"] == "process_completed":
                    break
    return messages


def test_progress_and_log_events(gradio_server: ServerFactory) -> None:
    """Reference wire behaviour of gr.Progress and gr.Info/gr.Warning (6.31)."""
    server = gradio_server("events")
    with server.client() as http:
        progress = _events(http, server.api_prefix, "progress", [3])
        logs = _events(http, server.api_prefix, "logs", ["hey"])
    units = [m["progress_data"][0] for m in progress if m["msg"] == "progress"]
    assert [u["desc"] for u in units] == ["step 1/3", "step 2/3", "step 3/3"]
    assert [(u["index"], u["length"]) for u in units] == [(0, 3), (1, 3), (2, 3)]
    assert progress[-1]["output"]["data"] == ["done 3"]
    entries = [(m["level"], m["log"]) for m in logs if m["msg"] == "log"]
    assert entries == [("info", "info: hey"), ("warning", "warning: hey")]
    assert logs[-1]["output"]["data"] == ["hey"]


def test_snapshot_folder_feeds_the_generator(app_snapshot: Any) -> None:
    api = pytest.importorskip("spacegen.generator.api", reason="generator not importable yet")
    result = api.generate(str(app_snapshot("basics")))
    assert "def echo_text(" in result.module_text
    assert "def json_path(" in result.module_text
