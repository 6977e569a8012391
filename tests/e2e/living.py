"""Shared pieces of the living-Space and fault tests: the stand-in fixture, a hard time limit
per test, the leak check, and the table of what happened (printed at the end of the run)."""

from __future__ import annotations

import asyncio
import contextlib
import signal
import threading
import time
from collections.abc import Iterator

import pytest

from .stand_in import StandIn, client_sockets

#: (fault or stage, what the client did, seconds): printed by ``report_table``.
TABLE: list[tuple[str, str, float]] = []


@contextlib.contextmanager
def hard_limit(seconds: float, row: str) -> Iterator[None]:
    """Fail (never hang) if the block runs longer than ``seconds``; record its duration."""

    def expired(signum: int, frame: object) -> None:
        raise AssertionError(f"hard limit: {row} still running after {seconds} s")

    old = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    started = time.monotonic()
    outcome = "?"
    try:
        yield
        outcome = "ok"
    except BaseException as exc:
        outcome = type(exc).__name__
        raise
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)
        TABLE.append((row, outcome, time.monotonic() - started))


def print_table(config: pytest.Config, title: str) -> None:
    """Write the table to the terminal (past output capture) at the end of a test module."""
    reporter = config.pluginmanager.get_plugin("terminalreporter")
    capture = config.pluginmanager.get_plugin("capturemanager")
    if reporter is None or capture is None:
        return
    with capture.global_and_fixture_disabled():
        reporter.write_line(f"\n{title}: stage or fault -> outcome (seconds)")
        for row, outcome, seconds in TABLE:
            reporter.write_line(f"  {row:<55} {outcome:<24} {seconds:6.2f}")
    TABLE.clear()


def spacegen_threads() -> list[str]:
    return [t.name for t in threading.enumerate() if t.name.startswith("spacegen")]


def assert_nothing_left(stand_in: StandIn) -> None:
    """No spacegen thread and no client socket to the stand-in remain (waits up to 3 s)."""
    deadline = time.monotonic() + 3.0
    while time.monotonic() < deadline:
        if not spacegen_threads() and not client_sockets(stand_in.port):
            return
        time.sleep(0.05)
    assert not spacegen_threads(), spacegen_threads()
    assert not client_sockets(stand_in.port), "client sockets left open"


async def assert_no_tasks(before: set[asyncio.Task[object]]) -> None:
    """No task started since ``before`` (a snapshot of ``asyncio.all_tasks()``) still runs."""
    await asyncio.sleep(0.1)  # let finished tasks' callbacks run
    current = asyncio.current_task()
    others = [t for t in asyncio.all_tasks() - before if t is not current and not t.done()]
    assert not others, others
