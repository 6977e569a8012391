"""File inputs (located, classified, uploaded streamed) and FileData outputs (lazy files)."""

from __future__ import annotations

import gzip
import io
import json
import tracemalloc
from functools import partial
from pathlib import Path
from typing import Any

import httpx
import pytest

from spacegen.runtime import NOT_GIVEN, FileTooLargeError, RemoteFile, UnexpectedStatusError
from spacegen.runtime._files import locate_files, safe_name, wrap_files
from spacegen.runtime._protocol import fill_defaults
from spacegen.runtime._sync_io import Transport
from spacegen.runtime._transport import Options, output_url

from .fakes import (
    APP,
    ECHO_FILES,
    FLIP,
    JSON_OUT,
    FakeGradio,
    capture_section,
    client,
    event_ids,
    sse_body,
    sse_messages,
)

SERVER_PATH = "/tmp/gradio/d95c/small.png"


def files_fake() -> FakeGradio:
    section = capture_section("c_files.txt", "## Call /flip with a FileData")
    fake = FakeGradio(event_ids(section), [sse_body(sse_messages(section))])
    fake.routes["/gradio_api/upload"] = lambda r: httpx.Response(200, json=[SERVER_PATH])
    digest = "0403c9ec5bf5ee022240f66c343e6487e8fca583d707dffebc0947d732d17b6e"
    out = f"/gradio_api/file=/tmp/gradio/{digest}/flipped.png"
    fake.routes[out] = lambda r: httpx.Response(200, content=b"\x89PNG data")
    return fake


def test_upload_then_filedata_in_join_and_remote_file_out(tmp_path: Path) -> None:
    image = tmp_path / "small.png"
    image.write_bytes(b"\x89PNG small")
    fake = files_fake()
    with client(fake, download_files=tmp_path / "dl", token="hf_t") as c:
        flipped, width = c.flip(image)
        assert width == 40
        assert isinstance(flipped, RemoteFile)
        assert (flipped.orig_name, flipped.size) == ("flipped.png", 99)
        assert flipped.read() == b"\x89PNG data"
        assert flipped.path() == tmp_path / "dl" / "flipped.png"
        assert flipped.path() == flipped.save()  # downloaded once, then reused
        saved = flipped.save(tmp_path / "elsewhere")
        assert saved == tmp_path / "elsewhere" / "flipped.png"
        assert saved.read_bytes() == b"\x89PNG data"
    upload = fake.requests[0]
    assert upload.url.path == "/gradio_api/upload"
    assert b'name="files"; filename="small.png"' in upload.content
    assert fake.joins()[0]["data"] == [
        {"path": SERVER_PATH, "orig_name": "small.png", "meta": {"_type": "gradio.FileData"}}
    ]
    downloads = [r for r in fake.requests if "/file=" in r.url.path]
    assert downloads and all(r.headers["x-hf-authorization"] == "Bearer hf_t" for r in downloads)


def test_inputs_url_remote_file_filedata_bytes_and_io() -> None:
    remote = RemoteFile({"path": "/srv/a.txt", "orig_name": "a.txt",
                         "meta": {"_type": "gradio.FileData"}})  # fmt: skip
    given = {"path": "/srv/b.txt", "meta": {"_type": "gradio.FileData"}}
    args = ([remote, "https://example.org/x/c d.png", given, b"raw", io.BytesIO(b"io")],)
    wire, uploads = locate_files(args, ECHO_FILES.files)
    items = wire[0]
    assert isinstance(items, list)
    assert items[0] == {"path": "/srv/a.txt", "orig_name": "a.txt",
                        "meta": {"_type": "gradio.FileData"}}  # fmt: skip
    assert items[1]["path"] == "https://example.org/x/c d.png"
    assert items[2] == given
    assert [u.size for u in uploads] == [3, 2]
    assert items[3] is uploads[0].wire and items[4] is uploads[1].wire


def test_plain_strings_are_files_only_at_locators() -> None:
    wire, uploads = locate_files(("not-a-file", "x"), ((5,),))
    assert wire == ("not-a-file", "x") and uploads == []


def test_nested_locator_copies_instead_of_mutating(tmp_path: Path) -> None:
    f = tmp_path / "a.txt"
    f.write_text("a")
    history: list[dict[str, Any]] = [
        {"role": "user", "content": [{"file": str(f), "alt_text": None}]}
    ]
    wire, uploads = locate_files((history,), ((0, "*", "content", "*", "file"),))
    assert history[0]["content"][0]["file"] == str(f)  # caller's data untouched
    assert wire[0][0]["content"][0]["file"] is uploads[0].wire  # type: ignore[index]


def test_too_large_fails_before_any_request(tmp_path: Path) -> None:
    big = tmp_path / "big.bin"
    big.write_bytes(b"x" * 102401)
    fake = files_fake()
    with client(fake) as c, pytest.raises(FileTooLargeError) as info:
        c.flip(big)
    assert (info.value.size, info.value.limit) == (102401, 102400)
    assert fake.requests == []


def test_json_output_with_bare_path_is_not_a_file() -> None:
    value = {"path": "not/a/file.txt", "n": 1}
    assert wrap_files(value, None, lambda p, u: p) == value
    eid = "e" * 32
    done = {"msg": "process_completed", "event_id": eid, "success": True,
            "output": {"data": [value]}}  # fmt: skip
    fake = FakeGradio([eid], [sse_body([json.dumps(done)])])
    with client(fake) as c:
        assert c._call(JSON_OUT, ("x",)) == value
    assert not any("/file=" in r.url.path for r in fake.requests)


def test_nested_filedata_anywhere_and_raw_spaces_encoded() -> None:
    marker = {"_type": "gradio.FileData"}
    value = {"a": [{"image": {"path": "/t/my x.png", "url": "http://h/gradio_api/file=/t/my x.png",
                              "meta": marker}}],
             "b": {"path": "/t/y.png", "meta": marker}}  # fmt: skip
    out = wrap_files(value, None, partial(output_url, "http://h", "/gradio_api"))
    first, second = out["a"][0]["image"], out["b"]
    assert isinstance(first, RemoteFile) and isinstance(second, RemoteFile)
    assert first.url == "http://h/gradio_api/file=/t/my%20x.png"
    assert second.url == "http://h/gradio_api/file=/t/y.png"


@pytest.mark.parametrize(
    ("name", "safe"),
    [("../../etc/passwd", "passwd"), ("a\\..\\b.txt", "b.txt"), ("..", "file"),
     ("my notes.txt", "my notes.txt"), ("x/<y>.png", "_y_.png")],
)  # fmt: skip
def test_safe_names(name: str, safe: str) -> None:
    assert safe_name(name) == safe


class StreamingTransport(httpx.BaseTransport):
    """Consumes request bodies chunk by chunk (MockTransport would buffer them)."""

    def __init__(self) -> None:
        self.received = 0

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        for chunk in request.stream:  # type: ignore[union-attr]
            self.received += len(chunk)
        return httpx.Response(200, json=["/tmp/gradio/x/big.bin"])


def test_upload_streams_from_disk(tmp_path: Path) -> None:
    big = tmp_path / "big.bin"
    with big.open("wb") as f:
        f.truncate(50 * 1024 * 1024)
    streaming = StreamingTransport()
    transport = Transport(APP, Options(httpx_kwargs={"transport": streaming}))
    _, uploads = locate_files((big,), FLIP.files)
    uploads[0].size = None  # skip the app's 100 kB limit for this check
    tracemalloc.start()
    transport.upload(uploads)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    transport.close()
    assert streaming.received > 50 * 1024 * 1024
    assert peak < 8 * 1024 * 1024
    assert uploads[0].wire["path"] == "/tmp/gradio/x/big.bin"


def test_outputs_without_files_are_not_copied() -> None:
    big = {"rows": [[i, str(i)] for i in range(1000)], "meta": {"x": 1}}
    assert wrap_files(big, None, lambda p, u: p) is big


def test_read_without_download_dir_stays_in_memory_and_decodes_gzip() -> None:
    fake = files_fake()
    digest = "0403c9ec5bf5ee022240f66c343e6487e8fca583d707dffebc0947d732d17b6e"
    compressed = gzip.compress(b"hello " * 100)
    fake.routes[f"/gradio_api/file=/tmp/gradio/{digest}/flipped.png"] = lambda r: httpx.Response(
        200, content=compressed, headers={"content-encoding": "gzip"}
    )
    with client(fake) as c:
        flipped, _ = c.flip(b"img")
        assert flipped.read() == b"hello " * 100
        assert flipped._local is None  # nothing written to disk


def test_save_streams_gzip_to_disk(tmp_path: Path) -> None:
    fake = files_fake()
    digest = "0403c9ec5bf5ee022240f66c343e6487e8fca583d707dffebc0947d732d17b6e"
    compressed = gzip.compress(b"x" * 100_000)
    fake.routes[f"/gradio_api/file=/tmp/gradio/{digest}/flipped.png"] = lambda r: httpx.Response(
        200, content=compressed, headers={"content-encoding": "gzip"}
    )
    with client(fake) as c:
        flipped, _ = c.flip(b"img")
        saved = flipped.save(tmp_path)
    assert saved.read_bytes() == b"x" * 100_000
    assert [p.name for p in saved.parent.iterdir()] == ["flipped.png"]  # no partial files left


def test_saving_into_a_folder_keeps_the_name_and_never_overwrites(tmp_path: Path) -> None:
    (tmp_path / "flipped.png").write_bytes(b"mine")
    with client(files_fake()) as c:
        flipped, _ = c.flip(b"img")
        first, second = flipped.save(tmp_path), flipped.save(tmp_path)
    assert (first.name, second.name) == ("flipped-1.png", "flipped-2.png")
    assert (tmp_path / "flipped.png").read_bytes() == b"mine"
    assert first.read_bytes() == second.read_bytes() == b"\x89PNG data"


def test_a_failed_save_leaves_no_file_behind(tmp_path: Path) -> None:
    fake = files_fake()
    digest = "0403c9ec5bf5ee022240f66c343e6487e8fca583d707dffebc0947d732d17b6e"
    fake.routes[f"/gradio_api/file=/tmp/gradio/{digest}/flipped.png"] = lambda r: httpx.Response(
        500, text="gone"
    )
    with client(fake) as c:
        flipped, _ = c.flip(b"img")
        with pytest.raises(UnexpectedStatusError):
            flipped.save(tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_file_default_is_classified_like_a_given_file() -> None:
    default = {"path": "https://example.org/cat.png", "orig_name": "cat.png"}
    endpoint = FLIP.replace(defaults=((0, default),))
    wire, uploads = locate_files(fill_defaults(endpoint, (NOT_GIVEN,)), endpoint.files)
    assert uploads == []
    assert wire[0] == {**default, "meta": {"_type": "gradio.FileData"}}
