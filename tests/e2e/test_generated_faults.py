"""Faults on real servers: one failed call never poisons the next.

After an error answer (HTTP 500) a server closes the connection without saying so; a client
that put it back in its pool would fail the next call with "connection reset".
"""

from __future__ import annotations

import pytest

from spacegen.runtime import UnexpectedStatusError

from . import generated

E2E_APPS = ("basics",)

pytestmark = [pytest.mark.slow, pytest.mark.anyio]
generated_client = generated.generated_client


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


def test_a_500_answer_does_not_break_the_next_call(
    generated_client: generated.GeneratedFactory,
) -> None:
    module = generated_client("basics")
    missing = module._EP_ECHO_TEXT.replace(fn_index=10_000)  # the server answers 500
    with module.Client() as client:
        for attempt in range(4):
            with pytest.raises(UnexpectedStatusError) as info:
                client._call(missing, ("x",))
            assert info.value.status_code == 500
            assert client.echo_text(f"after {attempt}") == f"after {attempt}"


async def test_async_a_500_answer_does_not_break_the_next_call(
    generated_client: generated.GeneratedFactory,
) -> None:
    module = generated_client("basics")
    missing = module._EP_ECHO_TEXT.replace(fn_index=10_000)
    async with module.AsyncClient() as client:
        for attempt in range(4):
            with pytest.raises(UnexpectedStatusError):
                await client._call(missing, ("x",))
            assert await client.echo_text(f"after {attempt}") == f"after {attempt}"
