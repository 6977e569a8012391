"""The e2e server schedule: which servers boot when, and which stop (no servers started here)."""

from __future__ import annotations

from types import SimpleNamespace
from typing import cast

import pytest

from .envs import CURRENT
from .schedule import ServerSchedule, item_needs
from .servers import ServerPool

OLD = "4.44.1"


class FakePool:
    """Records what the schedule boots and stops; ``running`` is what was booted, not stopped."""

    def __init__(self) -> None:
        self.booted: list[list[tuple[str, str]]] = []
        self.stopped: list[tuple[str, str]] = []
        self.up: set[tuple[str, str]] = set()

    def prestart(self, keys: list[tuple[str, str]]) -> None:
        self.booted.append(list(keys))
        self.up |= set(keys)

    def running(self) -> list[tuple[str, str]]:
        return sorted(self.up)

    def stop(self, app: str, version: str) -> None:
        self.stopped.append((app, version))
        self.up.discard((app, version))


def fake_item(name: str, module: object, **params: str) -> pytest.Item:
    callspec = SimpleNamespace(params=params) if params else None
    return cast(pytest.Item, SimpleNamespace(nodeid=name, module=module, callspec=callspec))


def module_with(*apps: str) -> object:
    return SimpleNamespace(E2E_APPS=apps)


def test_needs_follow_the_version_parameter() -> None:
    mod = module_with("basics", "chat")
    assert item_needs(fake_item("a", mod), [CURRENT]) == [("basics", CURRENT), ("chat", CURRENT)]
    assert item_needs(fake_item("b", mod, gradio_version=OLD), [OLD]) == [
        ("basics", OLD),
        ("chat", OLD),
    ]
    assert item_needs(fake_item("c", mod, legacy_version=OLD), [CURRENT]) == []  # not selected
    assert item_needs(fake_item("d", object()), [CURRENT]) == []  # declares nothing
    by_param = fake_item("e", object(), app="files", version=OLD)
    assert item_needs(by_param, [OLD]) == [("files", OLD)]


def test_a_module_run_boots_its_servers_once_and_each_stops_after_its_last_user() -> None:
    first, second, third = module_with("basics", "chat"), module_with("basics"), module_with()
    items = [
        fake_item("1a", first),
        fake_item("1b", first),
        fake_item("2a", second),
        fake_item("3a", third),
    ]
    schedule, pool = ServerSchedule(items, [CURRENT]), FakePool()
    for item in items:
        schedule.enter(item, cast(ServerPool, pool))
        if item.nodeid == "3a":  # a module that declares nothing asks for a server anyway
            schedule.note_use("files", CURRENT)
            pool.up.add(("files", CURRENT))
    basics, chat = ("basics", CURRENT), ("chat", CURRENT)
    assert pool.booted == [[basics, chat], [basics], []]
    assert pool.stopped == [chat, basics]  # chat after module 1, basics after module 2
    assert pool.up == {("files", CURRENT)}  # kept to the end of its module run


def test_an_undeclared_server_stops_when_its_module_run_ends() -> None:
    plain, other = module_with(), module_with("state")
    items = [fake_item("1", plain), fake_item("2", plain), fake_item("3", other)]
    schedule, pool = ServerSchedule(items, [CURRENT]), FakePool()
    schedule.enter(items[0], cast(ServerPool, pool))
    schedule.note_use("files", CURRENT)
    pool.up.add(("files", CURRENT))
    schedule.enter(items[1], cast(ServerPool, pool))
    assert pool.stopped == []  # same module run: kept
    schedule.enter(items[2], cast(ServerPool, pool))
    assert pool.stopped == [("files", CURRENT)]
    assert pool.up == {("state", CURRENT)}


def test_a_split_module_boots_again_for_each_of_its_runs() -> None:
    mod, other = module_with("basics"), module_with("chat")
    items = [fake_item("1", mod), fake_item("2", other), fake_item("3", mod)]
    schedule, pool = ServerSchedule(items, [CURRENT]), FakePool()
    for item in items:
        schedule.enter(item, cast(ServerPool, pool))
    basics, chat = ("basics", CURRENT), ("chat", CURRENT)
    assert pool.booted == [[basics], [chat], [basics]]
    assert pool.stopped == [chat]  # basics is needed again by item 3: never stopped


def test_items_unknown_to_the_schedule_change_nothing() -> None:
    schedule, pool = ServerSchedule([], [CURRENT]), FakePool()
    pool.up.add(("basics", CURRENT))
    schedule.enter(fake_item("x", module_with("basics")), cast(ServerPool, pool))
    assert (pool.booted, pool.stopped) == ([], [])
