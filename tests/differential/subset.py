"""The CI subset and the known differences (each naming its defect)."""

from __future__ import annotations

#: Demos of the quick run: text, numbers, choices, files in/out, images, updates/gr.skip, chat,
#: dataframes, several outputs.
QUICK_APPS: tuple[str, ...] = (
    "hello_world_3",
    "calculator",
    "sentence_builder",
    "skip",
    "zip_to_json",
    "sepia_filter",
    "chatinterface_streaming_echo",
    "matrix_transpose",
    "blocks_outputs",
)

#: Fewest endpoints of the quick run that must compare (equal or differ).
QUICK_FLOOR = 12

#: (app, api_name) -> the defect behind its "differ" (expected until that defect is fixed).
KNOWN_DIFFERENCES: dict[tuple[str, str], str] = {}

#: (app, api_name) -> the defect behind its conformance failure (expected until fixed).
KNOWN_CONFORMANCE: dict[tuple[str, str], str] = {}
