"""When each e2e server runs: booted when a test module needs it, stopped after its last user.

A full run needs about forty servers (every app on up to eight Gradio versions). Keeping them all
alive costs more than booting them: an idle Gradio 6 server polls its queue every millisecond
(about 9% of a core each), which on a two-core machine slows every test after it.

Test modules list the apps they use in a module-level ``E2E_APPS`` tuple (a test parametrised
over ``app`` declares that app too); a test's version is its ``gradio_version`` /
``legacy_version`` / ``version`` parameter, else the venv's Gradio. From pytest's final item
order the schedule knows, for each server, the index of the last test that declares it:

- when a run of tests of one module starts, its declared servers boot side by side;
- before each test, running servers whose last declared user has passed are stopped, except
  those the current module run asked for (a module that declares nothing keeps what it used
  until it ends).

A server asked for after it was stopped simply boots again, so a missing declaration costs time,
never a failure.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable
from typing import Any

import pytest

from .envs import CURRENT
from .servers import ServerPool

Key = tuple[str, str]  # (app, version)

_VERSION_PARAMS = ("gradio_version", "legacy_version", "version")


def item_needs(item: pytest.Item, selected: Iterable[str]) -> list[Key]:
    """The servers ``item`` declares: its module's ``E2E_APPS`` (or its own ``app`` parameter)
    on its Gradio version (its ``gradio_version`` / ``legacy_version`` / ``version`` parameter)."""
    callspec = getattr(item, "callspec", None)
    params: dict[str, Any] = callspec.params if callspec is not None else {}
    apps: tuple[str, ...] = getattr(getattr(item, "module", None), "E2E_APPS", ())
    if isinstance(params.get("app"), str):
        apps = (*apps, params["app"])
    version = next((str(params[p]) for p in _VERSION_PARAMS if p in params), CURRENT)
    return [(app, version) for app in apps] if version in set(selected) else []


class ServerSchedule:
    """Boots and stops the servers of ``ServerPool`` around the tests of one session."""

    def __init__(self, items: list[pytest.Item], selected: Iterable[str]) -> None:
        chosen = tuple(selected)
        self._position = {item.nodeid: n for n, item in enumerate(items)}
        needs = [item_needs(item, chosen) for item in items]
        self._last = {key: n for n, keys in enumerate(needs) for key in keys}
        self._run_needs = _run_needs(items, needs)
        self._module: object = None
        self._current = -1  # index of the test being set up
        self._boot_pending = False
        self._in_use: set[Key] = set()  # asked for since the current module run began

    def enter(self, item: pytest.Item, pool: ServerPool | None) -> None:
        """Called before ``item``'s fixtures: stop what is done, boot the module run's servers."""
        n = self._position.get(item.nodeid)
        if n is None:
            return
        self._current = n
        if _module(item) is not self._module:
            self._module, self._in_use, self._boot_pending = _module(item), set(), True
        if pool is not None:
            self._stop_finished(pool)
            self.boot(pool)

    def note_use(self, app: str, version: str) -> None:
        """A test of the current module run asked for this server: keep it to the run's end."""
        self._in_use.add((app, version))

    def boot(self, pool: ServerPool) -> None:
        """Once per module run: boot the run's declared servers side by side.

        A failure is not lost: the test asking for that server starts it again and fails there.
        """
        if self._boot_pending:
            self._boot_pending = False
            with contextlib.suppress(Exception):
                pool.prestart(self._run_needs.get(self._current, ()))

    def _stop_finished(self, pool: ServerPool) -> None:
        for key in pool.running():
            if key not in self._in_use and self._last.get(key, -1) < self._current:
                pool.stop(*key)


def _run_needs(items: list[pytest.Item], needs: list[list[Key]]) -> dict[int, list[Key]]:
    """For each item index: the servers declared by its run of consecutive same-module items."""
    result: dict[int, list[Key]] = {}
    start = 0
    for end in range(1, len(items) + 1):
        if end < len(items) and _module(items[end]) is _module(items[start]):
            continue
        run = list(dict.fromkeys(key for keys in needs[start:end] for key in keys))
        result.update(dict.fromkeys(range(start, end), run))
        start = end
    return result


def _module(item: pytest.Item) -> object:
    return getattr(item, "module", None)
