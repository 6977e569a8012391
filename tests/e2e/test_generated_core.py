"""Generated clients (sync and async) against real servers of every supported Gradio version.

Each test generates the typed client from the live server's URL, calls it through its typed
methods and, where gradio_client can make the same call, compares the two results.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from gradio_client import Client as ReferenceClient
from gradio_client import handle_file
from gradio_client.exceptions import AppError as ReferenceAppError
from gradio_client.exceptions import ValidationError as ReferenceValidationError

from spacegen.runtime import AppError, RemoteFile, ValidationError

from . import generated
from .conftest import ServerFactory

E2E_APPS = ("basics", "chat", "errors", "files", "state")

pytestmark = [pytest.mark.slow, pytest.mark.anyio]
generated_client = generated.generated_client

ReferenceFactory = Callable[[str, str], ReferenceClient]


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture
def reference(gradio_server: ServerFactory) -> Iterator[ReferenceFactory]:
    """``reference(app, version)``: a gradio_client Client on the same server (closed after)."""
    opened: list[ReferenceClient] = []

    def make(app: str, version: str) -> ReferenceClient:
        server = gradio_server(app, version)
        client = ReferenceClient(server.url, auth=server.auth, verbose=False, download_files=False)
        opened.append(client)
        return client

    yield make
    for client in opened:
        client.close()


def version_tuple(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("."))


def text_of(message: Any) -> str:
    """A chat message's text: content is a string on 4.x/5.x, a list of parts on 6.x."""
    content = message["content"]
    if isinstance(content, str):
        return content
    return "".join(part["text"] for part in content)


# -- plain values --------------------------------------------------------------------------


def test_text_numbers_choices_and_multiple_outputs(
    generated_client: generated.GeneratedFactory,
    gradio_version: str,
    reference: ReferenceFactory,
) -> None:
    module = generated_client("basics", gradio_version)
    with module.Client() as client:
        assert client.echo_text("héllo wörld ✓") == "héllo wörld ✓"
        assert client.echo_text() == "hello"  # the component's default value
        numbers = client.numbers(2, 3.5, 2)
        assert (numbers.sum, numbers.product) == (6, 14.0)
        assert isinstance(numbers.sum, int)
        assert client.calc("mul", 3, 2.5) == 7.5
        assert client.calc("sub", 5, 2) == 3
        chosen = client.choices("banana", ["apple", "cherry"], "kiwi", ["S", "L"], True)
        assert chosen == {
            "fruit": "banana",
            "fruits": ["apple", "cherry"],
            "custom": "kiwi",
            "sizes": ["S", "L"],
            "flag": True,
        }
        defaults = client.choices()
        assert defaults == {
            "fruit": "apple",
            "fruits": ["banana"],
            "custom": "cherry",
            "sizes": ["M"],
            "flag": False,
        }
        stats = client.text_stats("abc")
        assert stats == ("ABC", 3, False)
        assert (stats.upper, stats.length, stats.empty) == ("ABC", 3, False)
        assert client.text_stats("").empty is True
        assert client.json_echo({"a": [1, None, {"b": "c"}]}) == {"a": [1, None, {"b": "c"}]}

    ref = reference("basics", gradio_version)
    assert tuple(numbers) == ref.predict(2, 3.5, 2, api_name="/numbers")
    assert chosen == ref.predict(
        "banana", ["apple", "cherry"], "kiwi", ["S", "L"], True, api_name="/choices"
    )
    assert tuple(stats) == ref.predict("abc", api_name="/text_stats")


def test_json_holding_a_path_key_is_data_not_a_file(
    generated_client: generated.GeneratedFactory, gradio_version: str
) -> None:
    with generated_client("basics", gradio_version).Client() as client:
        value = client.json_path()
    assert value == {"path": "x", "items": [{"path": "y"}], "n": 1}
    assert not any(isinstance(v, RemoteFile) for v in (value["path"], value["items"][0]["path"]))


def test_json_input_with_a_path_key(
    generated_client: generated.GeneratedFactory,
    gradio_version: str,
    reference: ReferenceFactory,
) -> None:
    """Sent as plain JSON. Gradio 4.44's server itself takes it for a file and fails; the
    reference client fails the same way there, so this is the server's doing, not ours."""
    value = {"path": "p", "items": [{"path": "q"}]}
    ref = reference("basics", gradio_version)
    with generated_client("basics", gradio_version).Client() as client:
        if version_tuple(gradio_version) >= (5, 0):
            assert client.json_echo(value) == value
            assert ref.predict(value, api_name="/json_echo") == value
            return
        with pytest.raises(AppError):
            client.json_echo(value)
    with pytest.raises(ReferenceAppError):
        ref.predict(value, api_name="/json_echo")


async def test_async_plain_values(
    generated_client: generated.GeneratedFactory, gradio_version: str
) -> None:
    module = generated_client("basics", gradio_version)
    async with module.AsyncClient() as client:
        assert await client.echo_text("async") == "async"
        numbers = await client.numbers(1, 2.5, 4)
        assert (numbers.sum, numbers.product) == (4, 10.0)
        assert await client.calc("add", 1, 0.5) == 1.5
        assert (await client.choices(sizes=["L"]))["sizes"] == ["L"]
        assert await client.text_stats("xy") == ("XY", 2, False)
        assert await client.json_path() == {"path": "x", "items": [{"path": "y"}], "n": 1}


# -- files ----------------------------------------------------------------------------------


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def test_files_in_and_out(
    generated_client: generated.GeneratedFactory,
    gradio_version: str,
    reference: ReferenceFactory,
    tmp_path: Path,
) -> None:
    src = tmp_path / "my notes é.txt"
    src.write_text("hello files", encoding="utf-8")
    module = generated_client("files", gradio_version)
    with module.Client() as client:
        info = client.file_info(src)
        assert info == {"name": src.name, "size": 11, "sha256": sha256(b"hello files")}
        assert client.file_info(b"raw bytes")["sha256"] == sha256(b"raw bytes")
        with src.open("rb") as handle:
            assert client.file_info(handle)["size"] == 11

        upper = client.file_upper(src)
        assert isinstance(upper, RemoteFile)
        assert upper.name == f"upper_{src.name}"
        assert upper.read() == b"HELLO FILES"
        saved = upper.save(tmp_path / "out")
        assert saved == tmp_path / "out" / upper.name
        assert saved.read_bytes() == b"HELLO FILES"
        # A file the app returned goes back in as an input without a new upload.
        assert client.file_info(upper)["sha256"] == sha256(b"HELLO FILES")

        made = client.make_file("content ✓", "made.txt")
        assert (made.name, made.read().decode()) == ("made.txt", "content ✓")
        listed = client.files_info([src, made, b"xyz"])
        assert [item["size"] for item in listed] == [11, len("content ✓".encode()), 3]

    ref = reference("files", gradio_version)
    assert info == ref.predict(handle_file(str(src)), api_name="/file_info")


def test_images_and_gallery(
    generated_client: generated.GeneratedFactory, gradio_version: str, tmp_path: Path
) -> None:
    module = generated_client("files", gradio_version)
    with module.Client() as client:
        image = client.make_image(4, 2, "blue")
        assert image.read().startswith(b"\x89PNG\r\n\x1a\n")
        assert client.image_size(image) == {"width": 4, "height": 2, "mode": "RGB"}
        png = tmp_path / "local image.png"
        png.write_bytes(image.read())
        assert client.image_size(png) == {"width": 4, "height": 2, "mode": "RGB"}
        inverted = client.invert(image)
        assert client.image_size(inverted) == {"width": 4, "height": 2, "mode": "RGB"}
        assert inverted.read() != image.read()
        shown = client.gallery(3)
        assert [item.get("caption") for item in shown] == ["image 0", "image 1", "image 2"]
        for item in shown:
            assert "image" in item
            assert item["image"].read().startswith(b"\x89PNG")


async def test_async_files(
    generated_client: generated.GeneratedFactory, gradio_version: str, tmp_path: Path
) -> None:
    src = tmp_path / "in.txt"
    src.write_bytes(b"abc")
    module = generated_client("files", gradio_version)
    async with module.AsyncClient() as client:
        assert (await client.file_info(src))["sha256"] == sha256(b"abc")
        upper = await client.file_upper(src)
        assert await upper.aread() == b"ABC"
        saved = await upper.asave(tmp_path / "dl")
        assert saved == tmp_path / "dl" / upper.name
        assert saved.read_bytes() == b"ABC"
        assert (await client.image_size(await client.make_image(3, 5, "red")))["height"] == 5


# -- chatbot streaming ----------------------------------------------------------------------

EXPECTED_REPLIES = ["You", "You said:", "You said: hello", "You said: hello there"]


def test_chatbot_streaming(
    generated_client: generated.GeneratedFactory,
    gradio_version: str,
    reference: ReferenceFactory,
) -> None:
    module = generated_client("chat", gradio_version)
    with module.Client() as client:
        steps = list(client.stream_chat("hello there", []))
        assert [text_of(step[-1]) for step in steps] == EXPECTED_REPLIES
        assert all([m["role"] for m in step] == ["user", "assistant"] for step in steps)
        final = steps[-1]
        # The chatbot's output goes back in as its input.
        again = client.respond("more", final)
        assert [text_of(m) for m in again] == [
            "hello there",
            "You said: hello there",
            "more",
            "You said: more",
        ]
        assert client.chat("hello there") == final  # the plain call returns the last yield
        assert list(client.stream_count_up("go", 3)) == ["go 1", "go 1 2", "go 1 2 3"]

    ref_steps = list(reference("chat", gradio_version).submit("hello there", [], api_name="/chat"))
    assert [[text_of(m) for m in step] for step in steps] == [
        [text_of(m) for m in step] for step in ref_steps
    ]


async def test_async_chatbot_streaming(
    generated_client: generated.GeneratedFactory, gradio_version: str
) -> None:
    module = generated_client("chat", gradio_version)
    async with module.AsyncClient() as client:
        steps = [step async for step in client.stream_chat("hello there", [])]
        assert [text_of(step[-1]) for step in steps] == EXPECTED_REPLIES
        assert [t async for t in client.stream_count_up("n", 2)] == ["n 1", "n 1 2"]
        job = client.submit_count_up("j", 3)
        assert [t async for t in job] == ["j 1", "j 1 2", "j 1 2 3"]
        assert await job.result(timeout=30) == "j 1 2 3"


# -- state ---------------------------------------------------------------------------------


def test_state_across_calls_and_after_reset_session(
    generated_client: generated.GeneratedFactory, gradio_version: str
) -> None:
    module = generated_client("state", gradio_version)
    with module.Client() as first, module.Client() as second:
        assert [first.increment(2), first.increment(3)] == [2, 5]
        assert second.increment(1) == 1  # another client is another session
        assert [first.add_note("a"), first.add_note("b")] == [["a"], ["a", "b"]]
        before = first.session_hash
        first.reset_session()
        assert first.increment(1) == 1
        assert first.add_note("c") == ["c"]
        assert first.session_hash != before
        assert first.reset() == 0  # the app's own reset endpoint
        assert first.increment(5) == 5
        assert second.increment(1) == 2


async def test_async_state(
    generated_client: generated.GeneratedFactory, gradio_version: str
) -> None:
    module = generated_client("state", gradio_version)
    async with module.AsyncClient() as client:
        assert [await client.increment(4), await client.increment(1)] == [4, 5]
        await client.reset_session()
        assert await client.increment(2) == 2
        assert await client.add_note("x") == ["x"]


# -- errors --------------------------------------------------------------------------------


def test_app_errors(
    generated_client: generated.GeneratedFactory,
    gradio_version: str,
    reference: ReferenceFactory,
) -> None:
    titled = version_tuple(gradio_version) >= (5, 0)
    with generated_client("errors", gradio_version).Client() as client:
        with pytest.raises(AppError) as failed:
            client.fail("x")
        assert failed.value.message == "Something went wrong: x"
        assert failed.value.title == ("Custom title" if titled else None)
        with pytest.raises(AppError) as crashed:
            client.crash("x")
        assert crashed.value.message is None  # hidden: not a gr.Error, no show_error
        assert "show_error=True" in str(crashed.value)
        assert client.maybe_fail("ok", False) == "ok"
        with pytest.raises(AppError, match="asked to fail: no"):
            client.maybe_fail("no", True)
        assert client.maybe_fail("still fine") == "still fine"  # the client is still usable

    with pytest.raises(ReferenceAppError) as ref_failed:
        reference("errors", gradio_version).predict("x", api_name="/fail")
    assert failed.value.message in str(ref_failed.value)  # 4.44's gradio_client quotes it


def test_error_mid_stream_keeps_earlier_outputs(
    generated_client: generated.GeneratedFactory, gradio_version: str
) -> None:
    seen: list[str] = []
    with generated_client("errors", gradio_version).Client() as client:
        with pytest.raises(AppError, match="stream broke"):
            seen.extend(client.stream_stream_then_fail("s"))
        assert seen == ["s 1", "s 2"]
        job = client.submit_stream_then_fail("t")
        with pytest.raises(AppError, match="stream broke"):
            job.result(timeout=30)
        assert job.outputs() == ["t 1", "t 2"]


def test_validator_failure_per_parameter(
    generated_client: generated.GeneratedFactory,
    gradio_version: str,
    reference: ReferenceFactory,
) -> None:
    if version_tuple(gradio_version) < (5, 45):
        pytest.skip(f"validators exist from gradio 5.45 on (server is {gradio_version})")
    with generated_client("errors", gradio_version).Client() as client:
        with pytest.raises(ValidationError) as both:
            client.greet("", -1)
        assert both.value.errors == {
            "name": "Name must not be empty",
            "age": "Age must be at least 0",
        }
        with pytest.raises(ValidationError) as one:
            client.greet("Ada", -3)
        assert one.value.errors == {"age": "Age must be at least 0"}
        assert client.greet("Ada", 36) == "Hello Ada, 36"

    with pytest.raises(ReferenceValidationError, match="Name must not be empty"):
        reference("errors", gradio_version).predict("", -1, api_name="/greet")


async def test_async_errors(
    generated_client: generated.GeneratedFactory, gradio_version: str
) -> None:
    async with generated_client("errors", gradio_version).AsyncClient() as client:
        with pytest.raises(AppError) as failed:
            await client.fail("y")
        assert failed.value.message == "Something went wrong: y"
        seen = []
        with pytest.raises(AppError, match="stream broke"):
            async for value in client.stream_stream_then_fail("a"):
                seen.append(value)
        assert seen == ["a 1", "a 2"]
        if version_tuple(gradio_version) >= (5, 45):
            with pytest.raises(ValidationError) as invalid:
                await client.greet("  ", 1)
            assert invalid.value.errors == {"name": "Name must not be empty"}
        assert await client.greet("Bo", 2) == "Hello Bo, 2"
