"""The e2e infrastructure itself: every app starts and describes itself on every version."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

import httpx
import pytest

from .conftest import ServerFactory, selected_versions
from .envs import CURRENT, VERSIONS
from .servers import APP_ENDPOINTS, APPS, AUTH, CORE_APPS, ServerPool, snapshot_dir

OLD_VERSIONS = tuple(v for v in VERSIONS if v != CURRENT)


@pytest.fixture(scope="module", autouse=True)
def _boot_side_by_side(server_pool: ServerPool) -> None:
    """Start this module's servers concurrently instead of one after another."""
    wanted = [(app, CURRENT) for app in APPS]
    wanted += [(app, v) for v in OLD_VERSIONS if v in selected_versions() for app in CORE_APPS]
    server_pool.prestart(wanted)


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
