"""``gr.BrowserState`` endpoints: typed, and their values kept per session as a browser keeps
them in local storage (a left-out BrowserState argument is the kept value)."""

from __future__ import annotations

import inspect
import typing

import pytest

from . import generated

E2E_APPS = ("browser_state",)

pytestmark = [pytest.mark.anyio]
generated_client = generated.generated_client


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


def test_browser_state_parameters_are_optional_and_typed(
    generated_client: generated.GeneratedFactory,
) -> None:
    module = generated_client("browser_state")
    signature = inspect.signature(module.Client.recall)
    assert signature.parameters["saved"].default is module.NOT_GIVEN
    hints = typing.get_type_hints(module.Client.recall, vars(module))
    assert hints["return"] is str


def test_values_are_kept_per_session(generated_client: generated.GeneratedFactory) -> None:
    module = generated_client("browser_state")
    with module.Client() as client:
        assert client.recall() == "nobody (0)"  # empty storage: the component's default
        assert client.remember("Ada") == ["Ada", 1]
        assert client.recall() == "Ada (1)"
        assert client.remember("Bob") == ["Bob", 2]
        assert client.recall() == "Bob (2)"
        assert client.recall(["given", 9]) == "given (9)"  # an explicit value wins
        client.reset_session()  # a new session: nothing kept, as in a fresh browser profile
        assert client.recall() == "nobody (0)"
    with module.Client() as other:  # another client keeps its own
        assert other.recall() == "nobody (0)"


async def test_async_values_are_kept(generated_client: generated.GeneratedFactory) -> None:
    module = generated_client("browser_state")
    async with module.AsyncClient() as client:
        assert await client.remember("Eve") == ["Eve", 1]
        assert await client.recall() == "Eve (1)"
