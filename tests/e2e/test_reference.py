"""Reference behaviour: gradio_client (the dev dependency) against the venv's Gradio servers.

These pin down what the apps return through the official client, so later spacegen-vs-gradio_client
comparisons have a baseline that is itself tested. Differences we want (e.g. a JSON dict with a
``path`` key is data, not a file) are asserted here as gradio_client's behaviour, not ours.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from gradio_client import Client, handle_file
from gradio_client.exceptions import AppError, ValidationError

from .conftest import ServerFactory

ClientFactory = Callable[[str], Client]


@pytest.fixture
def client_for(gradio_server: ServerFactory, tmp_path: Path) -> Iterator[ClientFactory]:
    """``client_for(app)``: a gradio_client Client on the app, closed after the test."""
    opened: list[Client] = []

    def make(app: str) -> Client:
        server = gradio_server(app)
        client = Client(
            server.url, auth=server.auth, verbose=False, download_files=str(tmp_path / "dl")
        )
        opened.append(client)
        return client

    yield make
    for client in opened:
        client.close()


def test_basics(client_for: ClientFactory) -> None:
    client = client_for("basics")
    assert client.predict("hi", api_name="/echo_text") == "hi"
    assert client.predict(2, 1.5, 2, api_name="/numbers") == (4, 6.0)
    assert client.predict("sub", 5, 2, api_name="/calc") == 3
    assert client.predict("abc", api_name="/text_stats") == ("ABC", 3, False)
    chosen = client.predict("apple", ["banana", "cherry"], "zzz", ["S"], True, api_name="/choices")
    assert chosen == {
        "fruit": "apple",
        "fruits": ["banana", "cherry"],
        "custom": "zzz",
        "sizes": ["S"],
        "flag": True,
    }
    assert client.predict({"a": [1, None]}, api_name="/json_echo") == {"a": [1, None]}


def test_json_path_is_data_but_gradio_client_downloads_it(
    gradio_server: ServerFactory, client_for: ClientFactory
) -> None:
    """The server sends ``{"path": "x"}`` as plain JSON; gradio_client mistakes it for a file."""
    plain = Client(gradio_server("basics").url, verbose=False, download_files=False)
    try:
        assert plain.predict(api_name="/json_path") == {
            "path": "x",
            "items": [{"path": "y"}],
            "n": 1,
        }
    finally:
        plain.close()
    with pytest.raises(httpx.HTTPStatusError, match="403"):
        client_for("basics").predict(api_name="/json_path")


def test_files(client_for: ClientFactory, tmp_path: Path) -> None:
    client = client_for("files")
    src = tmp_path / "in.txt"
    src.write_text("abc", encoding="utf-8")
    info = client.predict(handle_file(str(src)), api_name="/file_info")
    assert info == {"name": "in.txt", "size": 3, "sha256": hashlib.sha256(b"abc").hexdigest()}
    upper = Path(client.predict(handle_file(str(src)), api_name="/file_upper"))
    assert (upper.name, upper.read_text(encoding="utf-8")) == ("upper_in.txt", "ABC")
    made = Path(client.predict("content", "n.txt", api_name="/make_file"))
    assert (made.name, made.read_text(encoding="utf-8")) == ("n.txt", "content")
    many = client.predict([handle_file(str(src)), handle_file(str(made))], api_name="/files_info")
    assert [f["name"] for f in many] == ["in.txt", "n.txt"]


def test_images_and_gallery(client_for: ClientFactory) -> None:
    client = client_for("files")
    image = client.predict(4, 2, "green", api_name="/make_image")
    assert Path(image).suffix == ".png"
    size = client.predict(handle_file(image), api_name="/image_size")
    assert size == {"width": 4, "height": 2, "mode": "RGB"}
    inverted = client.predict(handle_file(image), api_name="/invert")
    assert client.predict(handle_file(inverted), api_name="/image_size")["width"] == 4
    shown = client.predict(2, api_name="/gallery")
    assert [item["caption"] for item in shown] == ["image 0", "image 1"]
    assert all(Path(item["image"]).is_file() for item in shown)


def _text(message: dict[str, Any]) -> str:
    return "".join(part["text"] for part in message["content"])


def test_chat_streams_messages(client_for: ClientFactory) -> None:
    client = client_for("chat")
    job = client.submit("hello there", [], api_name="/chat")
    updates = list(job)
    assert [_text(u[-1]) for u in updates] == [
        "You",
        "You said:",
        "You said: hello",
        "You said: hello there",
    ]
    final = job.result()
    assert [m["role"] for m in final] == ["user", "assistant"]
    again = client.predict("more", final, api_name="/respond")
    assert [_text(m) for m in again] == [
        "hello there",
        "You said: hello there",
        "more",
        "You said: more",
    ]
    counted = client.submit("go", 3, api_name="/count_up")
    assert list(counted) == ["go 1", "go 1 2", "go 1 2 3"]


def test_state_is_kept_per_client(client_for: ClientFactory) -> None:
    first, second = client_for("state"), client_for("state")
    assert first.predict(2, api_name="/increment") == 2
    assert first.predict(3, api_name="/increment") == 5
    assert second.predict(1, api_name="/increment") == 1
    assert first.predict("a", api_name="/add_note") == ["a"]
    assert first.predict("b", api_name="/add_note") == ["a", "b"]
    assert first.predict(api_name="/reset") == 0
    assert first.predict(1, api_name="/increment") == 1


def test_errors(client_for: ClientFactory) -> None:
    client = client_for("errors")
    with pytest.raises(AppError) as titled:
        client.predict("x", api_name="/fail")
    assert (titled.value.message, titled.value.title) == ("Something went wrong: x", "Custom title")
    with pytest.raises(AppError, match="show_error=True"):
        client.predict("x", api_name="/crash")
    assert client.predict("ok", False, api_name="/maybe_fail") == "ok"
    with pytest.raises(AppError, match="stream broke"):
        client.predict("s", api_name="/stream_then_fail")
    with pytest.raises(ValidationError, match="Name must not be empty"):
        client.predict("", -1, api_name="/greet")
    assert client.predict("Ada", 36, api_name="/greet") == "Hello Ada, 36"


def test_updates(client_for: ClientFactory) -> None:
    client = client_for("updates")
    assert client.predict("abc", api_name="/via_update") == {"value": "ABC", "__type__": "update"}
    assert client.predict("abc", api_name="/via_component") == {
        "value": "cba",
        "__type__": "update",
    }
    assert client.predict("abc", api_name="/skip_first") == ({"__type__": "update"}, "abc")


def test_events(client_for: ClientFactory) -> None:
    client = client_for("events")
    assert client.predict(3, api_name="/progress") == "done 3"
    assert client.predict("hey", api_name="/logs") == "hey"


def test_auth(client_for: ClientFactory) -> None:
    client = client_for("auth")
    assert client.predict("s", api_name="/echo") == "s"
    assert client.predict(api_name="/whoami") == "user"


def test_bench_and_big(client_for: ClientFactory, tmp_path: Path) -> None:
    bench = client_for("bench")
    assert bench.predict("ping", api_name="/echo") == "ping"
    assert list(bench.submit("p", 3, api_name="/stream_echo")) == ["0:p", "1:p", "2:p"]
    src = tmp_path / "blob.bin"
    src.write_bytes(bytes(range(256)) * 4096)
    back = Path(client_for("big").predict(handle_file(str(src)), api_name="/file_echo"))
    assert back.read_bytes() == src.read_bytes()
