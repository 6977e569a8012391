"""Typed clients generated from the live e2e servers, for the ``test_generated_*`` modules.

``generated_client(app, version=CURRENT)`` asks the running server (``gradio_server``) for its
API description over HTTP — ``generate(server.url, auth=...)``, exactly what a user's
``spacegen generate URL`` does — writes the module into a temp folder, imports it under a
unique module name and returns it. Each (app, version) is generated once per server: when
``schedule.py`` stops a server after its last declared user and a later test boots it again, the
module is generated again from the new server. Test modules list their apps in a module-level
``E2E_APPS`` tuple (see ``schedule.py``).
"""

from __future__ import annotations

import importlib.util
import itertools
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest
from conformance_clients import instrument

from spacegen.generator.api import generate

from .conftest import ServerFactory
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


#: Generated modules per (pool, app, version), with the server they were generated from: a
#: module bakes its server's URL, so a server booted again (``schedule.py``) means a new module.
#: Module level because every test module registers the fixture under its own name (see below).
_MODULES: dict[tuple[int, str, str], tuple[GradioServer, ModuleType]] = {}


@pytest.fixture(scope="session")
def generated_client(
    server_pool: ServerPool,
    gradio_server: ServerFactory,
    tmp_path_factory: pytest.TempPathFactory,
) -> GeneratedFactory:
    """``generated_client(app, version=CURRENT) -> module`` generated from the live server.

    Test modules bind it with ``generated_client = generated.generated_client`` (an import
    would trip linters on the fixture parameter of the same name).
    """
    folder = tmp_path_factory.getbasetemp() / "generated-clients"
    folder.mkdir(exist_ok=True)

    def get(app: str, version: str = CURRENT) -> ModuleType:
        key, server = (id(server_pool), app, version), gradio_server(app, version)
        if key not in _MODULES or _MODULES[key][0] is not server:
            _MODULES[key] = (server, generate_module(server, folder))
        return _MODULES[key][1]

    return get
