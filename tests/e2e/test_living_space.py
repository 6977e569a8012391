"""A generated client against a Space that sleeps, builds, starts, is paused or broken.

A loopback stand-in (``stand_in.py``) plays the Hub (``HF_ENDPOINT``) and the Space's edge;
once the scripted stage is RUNNING it forwards to a real Gradio 6.31 server. The client is
given only the Space id, as a user would: it asks the Hub for the host, and when a request
fails the way a sleeping Space fails, asks the Hub for the stage, wakes and waits.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterator
from typing import Any

import pytest

from spacegen.runtime import (
    QuotaExceededError,
    SpaceBrokenError,
    SpaceError,
    SpaceNotFoundError,
    SpacePausedError,
    SpaceStartTimeoutError,
    SpaceStatus,
)

from . import generated
from .conftest import ServerFactory
from .living import TABLE, assert_no_tasks, assert_nothing_left, hard_limit, print_table
from .stand_in import SPACE_ID, TOKEN, Fault, StandIn

E2E_APPS = ("basics", "errors")

pytestmark = [pytest.mark.slow, pytest.mark.anyio]
generated_client = generated.generated_client


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture(scope="module", autouse=True)
def _print_table(request: pytest.FixtureRequest) -> Iterator[None]:
    yield
    print_table(request.config, "living Spaces")


@pytest.fixture
def space(gradio_server: ServerFactory, monkeypatch: pytest.MonkeyPatch) -> Iterator[StandIn]:
    stand_in = StandIn(gradio_server("basics").url)
    monkeypatch.setenv("HF_ENDPOINT", stand_in.url)
    yield stand_in
    stand_in.close()


def test_a_sleeping_space_is_woken_and_waited_for(
    generated_client: generated.GeneratedFactory, space: StandIn, capsys: pytest.CaptureFixture[str]
) -> None:
    module = generated_client("basics")
    space.script((("APP_STARTING", 2.0),), asleep=True)
    seen: list[SpaceStatus] = []
    with (
        hard_limit(30, "SLEEPING -> wake -> APP_STARTING -> RUNNING"),
        module.Client(SPACE_ID, on_space_status=seen.append, verbose=True) as client,
    ):
        assert client.echo_text("good morning") == "good morning"
    stages = [s.stage for s in seen]
    assert stages[0] == "SLEEPING" and "APP_STARTING" in stages and stages[-1] == "RUNNING"
    assert space.wakes == 1 and space.count("GET /spaces/") == 1
    assert "Space stand-in/space is SLEEPING" in capsys.readouterr().err
    assert_nothing_left(space)


async def test_async_a_sleeping_space_is_woken(
    generated_client: generated.GeneratedFactory, space: StandIn
) -> None:
    module = generated_client("basics")
    space.script((("APP_STARTING", 0.5),), asleep=True)
    seen: list[SpaceStatus] = []
    before = asyncio.all_tasks()
    with hard_limit(30, "async: SLEEPING -> RUNNING"):
        async with module.AsyncClient(SPACE_ID, on_space_status=seen.append) as client:
            assert await client.echo_text("hello") == "hello"
    assert seen[0].stage == "SLEEPING" and seen[-1].stage == "RUNNING"
    await assert_no_tasks(before)
    assert_nothing_left(space)


def test_a_building_space_is_waited_for(
    generated_client: generated.GeneratedFactory, space: StandIn
) -> None:
    module = generated_client("basics")
    space.script((("BUILDING", 3.0), ("RUNNING_BUILDING", 1.0), ("APP_STARTING", 1.0)))
    seen: list[SpaceStatus] = []
    with (
        hard_limit(30, "BUILDING -> APP_STARTING -> RUNNING"),
        module.Client(SPACE_ID, on_space_status=seen.append) as client,
    ):
        assert client.echo_text("built") == "built"
    assert seen and seen[0].stage == "BUILDING" and seen[-1].stage == "RUNNING", space.requests
    assert seen[-1].waited >= 2.0, space.requests
    assert space.wakes == 0
    assert_nothing_left(space)


@pytest.mark.parametrize(
    ("stage", "error"),
    [
        ("PAUSED", SpacePausedError),
        ("STOPPED", SpacePausedError),
        ("RUNTIME_ERROR", SpaceBrokenError),
        ("BUILD_ERROR", SpaceBrokenError),
        ("CONFIG_ERROR", SpaceBrokenError),
        ("NO_APP_FILE", SpaceBrokenError),
    ],
)
def test_a_space_that_cannot_run_is_a_typed_error(
    generated_client: generated.GeneratedFactory,
    space: StandIn,
    stage: str,
    error: type[SpaceError],
) -> None:
    module = generated_client("basics")
    space.script((), then=stage)
    space.hub_message = "launch timed out, workload was not healthy after 30 min"
    with (
        hard_limit(15, stage),
        module.Client(SPACE_ID) as client,
        pytest.raises(error) as info,
    ):
        client.echo_text("x")
    assert info.value.stage == stage and info.value.space_id == SPACE_ID
    assert info.value.hub_message == space.hub_message
    assert space.hub_message in str(info.value)
    assert_nothing_left(space)


def test_an_unknown_space(generated_client: generated.GeneratedFactory, space: StandIn) -> None:
    module = generated_client("basics")
    with (
        hard_limit(15, "not found"),
        module.Client("stand-in/nope") as client,
        pytest.raises(SpaceNotFoundError, match="not found"),
    ):
        client.echo_text("x")
    assert_nothing_left(space)


def test_a_private_space_needs_the_token(
    generated_client: generated.GeneratedFactory, space: StandIn, caplog: pytest.LogCaptureFixture
) -> None:
    module = generated_client("basics")
    space.private = True
    with (
        hard_limit(15, "private, no token"),
        module.Client(SPACE_ID) as client,
        pytest.raises(SpaceNotFoundError, match="private: pass token"),
    ):
        client.echo_text("x")
    space.script((("APP_STARTING", 0.5),), asleep=True)
    caplog.set_level(logging.DEBUG, logger="spacegen")
    with hard_limit(30, "private, token, asleep"), module.Client(SPACE_ID, token=TOKEN) as client:
        assert client.echo_text("mine") == "mine"
    assert f"Bearer {TOKEN}" in space.hub_auth
    assert "is SLEEPING" in caplog.text and TOKEN not in caplog.text
    assert_nothing_left(space)


def test_wake_timeout_bounds_the_wait(
    generated_client: generated.GeneratedFactory, space: StandIn
) -> None:
    module = generated_client("basics")
    space.script((), then="BUILDING")
    with (
        hard_limit(15, "BUILDING forever, wake_timeout=2"),
        module.Client(SPACE_ID, wake_timeout=2) as client,
        pytest.raises(SpaceStartTimeoutError) as info,
    ):
        client.echo_text("x")
    assert info.value.stage == "BUILDING" and isinstance(info.value, TimeoutError)
    assert TABLE[-1][2] < 5
    assert_nothing_left(space)


def test_429_with_retry_after_is_waited_out(
    generated_client: generated.GeneratedFactory, space: StandIn, caplog: pytest.LogCaptureFixture
) -> None:
    module = generated_client("basics")
    space.faults.append(Fault("/config", "status", status=429, headers={"Retry-After": "1"}))
    caplog.set_level(logging.INFO, logger="spacegen")
    with hard_limit(20, "429 Retry-After: 1 on /config"), module.Client(SPACE_ID) as client:
        assert client.echo_text("patient") == "patient"
    assert space.count("GET /config") == 2 and TABLE[-1][2] >= 1.0
    assert "retry 1 of 2 in 1.00 s" in caplog.text
    assert_nothing_left(space)


QUOTA = (
    "You have exceeded your GPU quota (60s requested vs. 12s left). Sign-up on Hugging Face "
    "to get more quotas or retry in 0:09:48."
)


def test_zero_gpu_quota_exhausted(
    generated_client: generated.GeneratedFactory,
    gradio_server: ServerFactory,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The app's error text (from a real server) is the one ZeroGPU sends; x-ip-token is
    forwarded per call with with_options(headers=...)."""
    module = generated_client("errors")
    stand_in = StandIn(gradio_server("errors").url)
    monkeypatch.setenv("HF_ENDPOINT", stand_in.url)
    try:
        with hard_limit(20, "ZeroGPU quota exceeded (app error)"), module.Client(SPACE_ID) as c:
            user = c.with_options(headers={"x-ip-token": "end-user-ip-token"})
            with pytest.raises(QuotaExceededError) as info:
                user.maybe_fail(QUOTA, True)
        error: Any = info.value
        assert (error.requested, error.remaining, error.retry_in) == (60.0, 12.0, 588.0)
        assert QUOTA in error.message
        joins = [h for path, h in stand_in.headers if path.endswith("/queue/join")]
        assert joins and joins[-1].get("x-ip-token") == "end-user-ip-token"
        assert_nothing_left(stand_in)
    finally:
        stand_in.close()
