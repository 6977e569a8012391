"""Which kind of SOURCE a string is, and the error for strings that are none."""

from __future__ import annotations

from pathlib import Path

import pytest

from spacegen.generator import sources
from spacegen.generator.sources.detect import Detected, Kind, detect
from spacegen.runtime.errors import GeneratorError


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("http://127.0.0.1:7860", Detected(Kind.URL, "http://127.0.0.1:7860")),
        ("HTTPS://example.org/app/?x=1", Detected(Kind.URL, "HTTPS://example.org/app/?x=1")),
        ("gradio/hello_world", Detected(Kind.SPACE, "gradio/hello_world")),
        ("a/b", Detected(Kind.SPACE, "a/b")),
        ("Org-1/my.model_v2", Detected(Kind.SPACE, "Org-1/my.model_v2")),
        (
            "https://huggingface.co/spaces/gradio/hello_world",
            Detected(Kind.SPACE, "gradio/hello_world"),
        ),
        ("https://huggingface.co/spaces/o/n/tree/main?x#y", Detected(Kind.SPACE, "o/n")),
        ("https://hf.co/spaces/o/n", Detected(Kind.SPACE, "o/n")),
    ],
)
def test_detect(source: str, expected: Detected) -> None:
    assert detect(source) == expected


@pytest.mark.parametrize(
    ("source", "why"),
    [
        ("", "not an existing path, a URL or a Space id"),
        ("hello", "not an existing path, a URL or a Space id"),
        ("a" * 5000, "not an existing path, a URL or a Space id"),
        ("a\x00b", "not an existing path, a URL or a Space id"),
        ("a/b/c", "not an existing path, a URL or a Space id"),
        ("-a/b", "not an existing path, a URL or a Space id"),
        ("a--b/c", "not an existing path, a URL or a Space id"),
        ("a/b..c", "not an existing path, a URL or a Space id"),
        ("a/" + "x" * 97, "not an existing path, a URL or a Space id"),
        ("ftp://example.org/x", "not an existing path, a URL or a Space id"),
        ("http://", "the URL has no valid host"),
        ("http://[::1", "the URL has no valid host"),
        ("http://h:99999", "the URL has no valid host"),
        ("https://huggingface.co/models/x", "a Hub URL must look like .../spaces/owner/name"),
        ("https://huggingface.co/spaces/o", "a Hub URL must look like .../spaces/owner/name"),
    ],
)
def test_not_a_source(source: str, why: str) -> None:
    with pytest.raises(sources.SourceError) as caught:
        sources.load(source)
    message = str(caught.value)
    assert why in message
    assert "snapshot file" in message
    assert "Space id" in message
    assert isinstance(caught.value, GeneratorError)


def test_existing_paths_win_over_space_ids(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "owner").mkdir()
    (tmp_path / "owner" / "name").write_text("{}", "utf-8")
    assert detect("owner/name") == Detected(Kind.SNAPSHOT_FILE, "owner/name")


def test_folder_without_description_suggests_the_hub_url(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "gradio" / "hello_world").mkdir(parents=True)
    with pytest.raises(sources.SourceError, match=r"huggingface\.co/spaces/gradio/hello_world"):
        sources.load("gradio/hello_world")
