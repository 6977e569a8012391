"""Generated clients' options against the venv's Gradio: ``auth=``, ``token=`` (the header
on every request), construction without network, ``download_files`` and lazy files.

No e2e app echoes request headers, so an httpx event hook (``httpx_kwargs``) records what the
client sends.
"""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from spacegen.generator.api import generate
from spacegen.runtime import AuthenticationError, ConnectError, NotGradioError, UsageError

from . import generated
from .conftest import ServerFactory
from .servers import AUTH, free_port

E2E_APPS = ("auth", "files")

pytestmark = [pytest.mark.slow, pytest.mark.anyio]
generated_client = generated.generated_client


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


def test_auth_app(generated_client: generated.GeneratedFactory) -> None:
    module = generated_client("auth")
    with module.Client(auth=AUTH) as client:
        assert client.echo("secret stuff") == "secret stuff"
        assert client.whoami() == AUTH[0]
    with module.Client(auth=(AUTH[0], "wrong")) as client, pytest.raises(AuthenticationError):
        client.echo("x")
    with module.Client() as client, pytest.raises(AuthenticationError):
        client.echo("x")


def test_what_the_app_sees_in_gr_request(generated_client: generated.GeneratedFactory) -> None:
    module = generated_client("auth")
    options = {"auth": AUTH, "params": {"lang": "fr", "ref": "a b"}, "headers": {"x-trace": "t1"}}
    with module.Client(**options) as client:
        seen = client.request_info()
        assert isinstance(seen, dict)
        assert seen["username"] == AUTH[0]
        assert seen["session_hash"] == client.session_hash
        assert seen["query"] == {"lang": "fr", "ref": "a b"}
        assert seen["x_trace"] == "t1"
        assert isinstance(seen["user_agent"], str) and seen["user_agent"]  # the client names itself
        client.reset_session()
        again = client.request_info()
        assert isinstance(again, dict) and again["session_hash"] == client.session_hash
        assert again["session_hash"] != seen["session_hash"]


async def test_async_request_params(generated_client: generated.GeneratedFactory) -> None:
    module = generated_client("auth")
    async with module.AsyncClient(auth=AUTH, params={"lang": "de"}) as client:
        seen = await client.request_info()
        assert isinstance(seen, dict) and seen["query"] == {"lang": "de"}
        assert seen["session_hash"] == client.session_hash


async def test_async_auth_app(generated_client: generated.GeneratedFactory) -> None:
    module = generated_client("auth")
    async with module.AsyncClient(auth=AUTH) as client:
        assert await client.whoami() == AUTH[0]
    async with module.AsyncClient(auth=("nobody", "pass")) as client:
        with pytest.raises(AuthenticationError):
            await client.echo("x")


def test_token_header_on_every_request(
    generated_client: generated.GeneratedFactory, tmp_path: Path
) -> None:
    """No e2e app echoes request headers, so an httpx event hook records what is sent."""
    sent: list[httpx.Request] = []
    src = tmp_path / "t.txt"
    src.write_text("tok", encoding="utf-8")
    module = generated_client("files")
    hooks = {"event_hooks": {"request": [sent.append]}}
    with module.Client(token="hf_e2e_dummy", httpx_kwargs=hooks) as client:
        assert client.file_upper(src).read() == b"TOK"
    paths = {request.url.path.rsplit("/", 1)[-1] for request in sent}
    assert {"upload", "join", "data"} <= paths
    assert any("/file=" in request.url.path for request in sent)  # the download
    assert all(r.headers.get("authorization") == "Bearer hf_e2e_dummy" for r in sent)


async def test_async_token_header(generated_client: generated.GeneratedFactory) -> None:
    sent: list[httpx.Request] = []

    async def record(request: httpx.Request) -> None:
        sent.append(request)

    module = generated_client("files")
    hooks = {"event_hooks": {"request": [record]}}
    async with module.AsyncClient(token="hf_async_dummy", httpx_kwargs=hooks) as client:
        made = await client.make_file("t", "t.txt")
        assert await made.aread() == b"t"
    assert len(sent) >= 3  # join, event stream, download
    assert all(r.headers.get("authorization") == "Bearer hf_async_dummy" for r in sent)


def test_construction_makes_no_network_call(
    generated_client: generated.GeneratedFactory,
) -> None:
    sent: list[httpx.Request] = []
    module = generated_client("files")
    hooks = {"event_hooks": {"request": [sent.append]}}
    client = module.Client(httpx_kwargs=hooks)
    async_client = module.AsyncClient(httpx_kwargs=hooks)
    assert sent == []
    client.close()
    assert sent == []
    del async_client
    nowhere = f"http://127.0.0.1:{free_port()}"
    # Constructing never connects; the first call does.
    with module.Client(nowhere) as unreachable, pytest.raises(ConnectError):
        unreachable.make_file("a", "b.txt")


def test_download_files_option_and_lazy_remote_files(
    generated_client: generated.GeneratedFactory, tmp_path: Path
) -> None:
    module = generated_client("files")
    folder = tmp_path / "downloads"
    with module.Client(download_files=folder) as client:
        made = client.make_file("lazy", "lazy.txt")
        assert not folder.exists()  # nothing is downloaded until asked for
        local = made.path()
        assert folder in local.parents
        assert (local.name, local.read_text(encoding="utf-8")) == ("lazy.txt", "lazy")
        assert made.save() == local
        elsewhere = made.save(tmp_path / "other")
        assert elsewhere.read_bytes() == b"lazy"
        assert made.read() == b"lazy"


def test_reading_a_file_after_close_is_a_spacegen_error(
    generated_client: generated.GeneratedFactory,
) -> None:
    """A lazy file of a closed client: a ``UsageError`` that says what to do, not httpx's error."""
    with generated_client("files").Client() as client:
        made = client.make_file("late", "late.txt")
    with pytest.raises(UsageError, match="before closing the client"):
        made.read()


async def test_async_reading_a_file_after_close_is_a_spacegen_error(
    generated_client: generated.GeneratedFactory,
) -> None:
    async with generated_client("files").AsyncClient() as client:
        made = await client.make_file("late", "late.txt")
    with pytest.raises(UsageError):
        await made.aread()


async def test_async_download_files_option(
    generated_client: generated.GeneratedFactory, tmp_path: Path
) -> None:
    folder = tmp_path / "async downloads"
    async with generated_client("files").AsyncClient(download_files=folder) as client:
        made = await client.make_file("async lazy", "a.txt")
        assert not folder.exists()
        local = await made.apath()
        assert folder in local.parents
        assert local.read_text(encoding="utf-8") == "async lazy"


def test_generation_with_a_wrong_password_fails(gradio_server: ServerFactory) -> None:
    server = gradio_server("auth")
    with pytest.raises(AuthenticationError):
        generate(server.url, auth=(AUTH[0], "wrong"))


@pytest.fixture
def plain_web_server(tmp_path: Path) -> Iterator[str]:
    """A real web server on loopback that is not a Gradio app (Python's http.server)."""
    (tmp_path / "index.html").write_text("<html><body>just a site</body></html>")

    def handler(*args: object) -> http.server.SimpleHTTPRequestHandler:
        return http.server.SimpleHTTPRequestHandler(*args, directory=str(tmp_path))  # type: ignore[arg-type]

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


def test_a_url_that_is_not_gradio_is_a_short_not_gradio_error(
    generated_client: generated.GeneratedFactory, plain_web_server: str
) -> None:
    module = generated_client("files")
    with module.Client(plain_web_server) as client, pytest.raises(NotGradioError) as info:
        client.make_file("a", "b.txt")
    message = str(info.value)
    assert plain_web_server in message and "<" not in message and len(message) < 300


async def test_async_a_url_that_is_not_gradio_is_a_not_gradio_error(
    generated_client: generated.GeneratedFactory, plain_web_server: str
) -> None:
    module = generated_client("files")
    async with module.AsyncClient(plain_web_server) as client:
        with pytest.raises(NotGradioError):
            await client.make_file("a", "b.txt")
