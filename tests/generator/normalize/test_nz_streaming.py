"""Streaming inputs (``connection: "stream"``): a note in the docstring and the diagnostics."""

from __future__ import annotations

from typing import Any

from spacegen.generator.normalize import normalize
from spacegen.generator.raw import RawSnapshot


def snapshot(connection: str, description: str = "") -> RawSnapshot:
    config: dict[str, Any] = {
        "version": "6.31.0",
        "components": [{"id": 1, "type": "audio", "props": {}}],
        "dependencies": [{"inputs": [1], "outputs": [], "api_name": "f", "connection": connection}],
    }
    entry = {"parameters": [{"label": "a", "type": {"type": "string"}}], "returns": []}
    if description:
        entry["description"] = description
    return RawSnapshot("t", config, {"named_endpoints": {"/f": entry}})


def test_streaming_input_is_noted_in_the_description_and_diagnostics() -> None:
    result = normalize(snapshot("stream", "Echo."))
    (endpoint,) = result.app.endpoints
    assert endpoint.description.startswith("Echo.\n\n")
    assert "does not stream them: each call sends the inputs once" in endpoint.description
    assert [d.where for d in result.diagnostics if "streams its inputs" in d.message] == ["/f"]


def test_plain_events_get_no_note() -> None:
    result = normalize(snapshot("sse"))
    assert result.app.endpoints[0].description == ""
    assert not [d for d in result.diagnostics if "stream" in d.message]
