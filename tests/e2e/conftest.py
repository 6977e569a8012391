"""Fixtures for the e2e suite: real Gradio servers on loopback, shared between tests.

Ask for a server with the ``gradio_server`` factory: ``gradio_server("basics")`` (the venv's
Gradio) or ``gradio_server("files", "4.44.1")``. Each (version, app) boots when a test module
declaring it (``E2E_APPS``) starts, or on first use, and stops after its last declared user
(``schedule.py``).
Tests that run on every version take the ``gradio_version`` fixture (parametrised over
``VERSIONS``); set ``SPACEGEN_E2E_VERSIONS=6.31.0`` to skip the old versions locally.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from .envs import CURRENT, LEGACY_VERSIONS, VERSIONS
from .schedule import ServerSchedule
from .servers import GradioServer, ServerPool, snapshot_dir

ServerFactory = Callable[..., GradioServer]


def selected_versions() -> tuple[str, ...]:
    """LEGACY_VERSIONS + VERSIONS, narrowed by ``SPACEGEN_E2E_VERSIONS`` (comma-separated)."""
    known = (*LEGACY_VERSIONS, *VERSIONS)
    wanted = os.environ.get("SPACEGEN_E2E_VERSIONS", "").strip()
    if not wanted:
        return known
    return tuple(v for v in known if v in {w.strip() for w in wanted.split(",")})


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in item.path.parents:
            item.add_marker(pytest.mark.e2e)


_POOL = pytest.StashKey[ServerPool]()
_SCHEDULE = pytest.StashKey[ServerSchedule]()


def _schedule(config: pytest.Config, items: list[pytest.Item]) -> ServerSchedule:
    if _SCHEDULE not in config.stash:
        config.stash[_SCHEDULE] = ServerSchedule(items, selected_versions())
    return config.stash[_SCHEDULE]


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    """Before the test's fixtures: stop the servers no later test needs, boot its module's."""
    _schedule(item.config, item.session.items).enter(item, item.config.stash.get(_POOL, None))


@pytest.fixture(scope="session")
def server_pool(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[ServerPool]:
    """Every server of the session; ``schedule.py`` boots and stops them around the tests."""
    schedule = _schedule(request.config, request.session.items)
    pool = ServerPool(tmp_path_factory.mktemp("gradio-servers"), on_use=schedule.note_use)
    request.config.stash[_POOL] = pool
    schedule.boot(pool)
    yield pool
    del request.config.stash[_POOL]
    pool.close()


@pytest.fixture(scope="session")
def gradio_server(server_pool: ServerPool) -> ServerFactory:
    """``gradio_server(app, version=CURRENT) -> GradioServer`` (booted on demand, shared)."""

    def get(app: str, version: str = CURRENT) -> GradioServer:
        if version not in selected_versions():
            pytest.skip(f"gradio {version} not selected by SPACEGEN_E2E_VERSIONS")
        return server_pool.get(app, version)

    return get


@pytest.fixture(scope="session", params=VERSIONS)
def gradio_version(request: pytest.FixtureRequest) -> str:
    """Each supported Gradio version in turn (oldest first)."""
    version: str = request.param
    if version not in selected_versions():
        pytest.skip(f"gradio {version} not selected by SPACEGEN_E2E_VERSIONS")
    return version


@pytest.fixture(scope="session")
def app_snapshot(
    gradio_server: ServerFactory, tmp_path_factory: pytest.TempPathFactory
) -> Callable[..., Path]:
    """``app_snapshot(app, version=CURRENT) -> folder`` holding config/info/info_all.json."""
    made: dict[tuple[str, str], Path] = {}

    def get(app: str, version: str = CURRENT) -> Path:
        key = (version, app)
        if key not in made:
            folder = tmp_path_factory.mktemp(f"snapshot-{app}-{version}")
            made[key] = snapshot_dir(gradio_server(app, version), folder)
        return made[key]

    return get
