"""Arguments of the wrong kind stop at the client with a UsageError naming the parameter.

Without the check, ``echo_text(1)`` reached the app (an opaque AppError or a silent success)
and ``file_info(42)`` sent nonsense. Nothing may be sent for such a call: not even ``/config``.
"""

from __future__ import annotations

import threading
from typing import Any

import httpx
import pytest

from spacegen.runtime import UsageError

from . import generated

E2E_APPS = ("basics", "files")

pytestmark = [pytest.mark.anyio]
generated_client = generated.generated_client


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


class Paths:
    def __init__(self) -> None:
        self.seen: list[str] = []
        self._lock = threading.Lock()

    def hook(self, request: httpx.Request) -> None:
        with self._lock:
            self.seen.append(request.url.path)

    async def ahook(self, request: httpx.Request) -> None:
        self.hook(request)


WRONG: list[tuple[str, str, tuple[Any, ...], str]] = [
    ("basics", "echo_text", (1,), "echo_text(): text must be a str, got int 1"),
    ("basics", "calc", ("add", "2", 3.0), "calc(): a must be an int, got str '2'"),
    ("basics", "calc", ("add", True, 3.0), "calc(): a must be an int, got bool True"),
    ("files", "file_info", (42,), "file_info(): file must be a file"),
    ("files", "make_image", (4, 4, None), "make_image(): color must be a str, got NoneType"),
]


@pytest.mark.parametrize(("app", "method", "args", "message"), WRONG)
def test_wrong_kind_is_a_usage_error_and_nothing_is_sent(
    generated_client: generated.GeneratedFactory,
    app: str,
    method: str,
    args: tuple[Any, ...],
    message: str,
) -> None:
    paths = Paths()
    module = generated_client(app)
    with module.Client(httpx_kwargs={"event_hooks": {"request": [paths.hook]}}) as client:
        with pytest.raises(UsageError) as caught:
            getattr(client, method)(*args)
        assert str(caught.value).startswith(message)
        assert paths.seen == []
        assert client.echo_text("fine") == "fine" if app == "basics" else True


async def test_async_wrong_kind(generated_client: generated.GeneratedFactory) -> None:
    paths = Paths()
    module = generated_client("basics")
    hooks = {"event_hooks": {"request": [paths.ahook]}}
    async with module.AsyncClient(httpx_kwargs=hooks) as client:
        with pytest.raises(UsageError, match="text must be a str"):
            await client.echo_text(1)
        with pytest.raises(UsageError, match="text must be a str"):
            client.submit_echo_text(b"bytes")
        assert paths.seen == []
        assert await client.calc("add", 1, 2.5) == 3.5  # an int is a number
