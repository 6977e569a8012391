"""Typed clients generated from the live e2e servers, for the ``test_generated_*`` modules.

``generated_client(app, version=CURRENT)`` asks the running server (``gradio_server``) for its
API description over HTTP — ``generate(server.url, auth=...)``, exactly what a user's
``spacegen generate URL`` does — writes the module into a temp folder, imports it under a
unique module name and returns it. Each (app, version) is generated once per session.

Server start-up dominates the suite's time, so the first use of the fixture boots every server
the collected ``test_generated_*`` tests will need, side by side. Test modules list their apps in
a module-level ``E2E_APPS`` tuple; tests taking the ``gradio_version`` fixture need those apps on
that version, the others on the venv's Gradio.
"""

from __future__ import annotations

import contextlib
import importlib.util
import itertools
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from conformance_clients import instrument

from spacegen.generator.api import generate

from .conftest import ServerFactory, selected_versions
from .envs import CURRENT
from .servers import GradioServer, ServerPool

GeneratedFactory = Callable[..., ModuleType]

_PREFIX = "test_generated_"
_counter = itertools.count()


def version_tag(version: str) -> str:
    """``4.44.1`` -> ``4_44_1`` (usable in module names)."""
    return version.replace(".", "_")


def load_module(path: Path, name: str) -> ModuleType:
    """Import the Python file ``path`` as module ``name`` (registered in ``sys.modules``)."""
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot import {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    except BaseException:
        del sys.modules[name]
        raise
    return module


def generate_module(server: GradioServer, folder: Path) -> ModuleType:
    """Generate the client of ``server`` from its URL, write it under ``folder``, import it.

    The module's clients are instrumented: every value they return is checked against its
    annotation (``conformance_clients``), so each e2e test also proves "typed means true".
    """
    result = generate(server.url, auth=server.auth)
    stem = f"{server.app}_{version_tag(server.version)}"
    path = folder / f"{stem}.py"
    path.write_text(result.module_text, encoding="utf-8")
    return instrument(load_module(path, f"_spacegen_e2e_{stem}_{next(_counter)}"))


# -- warming up servers ------------------------------------------------------------------


def wanted_servers(items: Iterable[pytest.Item]) -> list[tuple[str, str]]:
    """(app, version) pairs the collected ``test_generated_*`` items will ask for."""
    wanted: dict[tuple[str, str], None] = {}
    selected = set(selected_versions())
    for item in items:
        module = getattr(item, "module", None)
        if module is None or not module.__name__.rsplit(".", 1)[-1].startswith(_PREFIX):
            continue
        callspec = getattr(item, "callspec", None)
        params: dict[str, Any] = callspec.params if callspec is not None else {}
        version = str(params.get("gradio_version", params.get("legacy_version", CURRENT)))
        for app in getattr(module, "E2E_APPS", ()):
            if version in selected:
                wanted[(app, version)] = None
    return list(wanted)


def start_all(pool: ServerPool, keys: list[tuple[str, str]]) -> None:
    """Boot ``keys`` side by side (``ServerPool.prestart``).

    A failure is not lost: the test asking for that server starts it again and fails there.
    """
    with contextlib.suppress(Exception):
        pool.prestart(keys)


#: Generated modules and warmed-up pools, per server pool (one per pytest session). Module
#: level because every test module registers the fixture under its own name (see below).
_MODULES: dict[tuple[int, str, str], ModuleType] = {}
_WARMED: set[int] = set()


@pytest.fixture(scope="session")
def generated_client(
    request: pytest.FixtureRequest,
    server_pool: ServerPool,
    gradio_server: ServerFactory,
    tmp_path_factory: pytest.TempPathFactory,
) -> GeneratedFactory:
    """``generated_client(app, version=CURRENT) -> module`` generated from the live server.

    Test modules bind it with ``generated_client = generated.generated_client`` (an import
    would trip linters on the fixture parameter of the same name).
    """
    if id(server_pool) not in _WARMED:
        _WARMED.add(id(server_pool))
        start_all(server_pool, wanted_servers(request.session.items))
    folder = tmp_path_factory.getbasetemp() / "generated-clients"
    folder.mkdir(exist_ok=True)

    def get(app: str, version: str = CURRENT) -> ModuleType:
        key = (id(server_pool), app, version)
        if key not in _MODULES:
            _MODULES[key] = generate_module(gradio_server(app, version), folder)
        return _MODULES[key]

    return get
