"""The CI subset and the known differences (each naming its defect)."""

from __future__ import annotations

#: Demos of the quick run: text, numbers, choices, files in/out, images, updates/gr.skip, chat,
#: dataframes, several outputs.
QUICK_APPS: tuple[str, ...] = (
    "hello_world_3",  # text, checkbox, slider -> text + number
    "calculator",  # numbers, radio
    "sentence_builder",  # dropdowns, checkbox group, radio, slider
    "skip",  # gr.skip(), outputs set to None, random
    "code",  # gr.Code(language=...) without a value; file read by the app
    "blocks_form",  # dict outputs, updates of a Column and a Button
    "sepia_filter",  # image in -> image out
    "upload_and_download",  # files in/out
    "imageslider",  # pairs of images
    "chatbot_streaming",  # chat history, streaming, random
    "chatinterface_save_history",  # multimodal chat with a file
    "matrix_transpose",  # dataframe in/out
)

#: Fewest endpoints of the quick run that must compare (equal or differ).
QUICK_FLOOR = 15

#: (app, api_name) -> the defect behind its "differ" (expected until that defect is fixed).
KNOWN_DIFFERENCES: dict[tuple[str, str], str] = {}

#: (app, api_name) -> the defect behind its conformance failure (expected until fixed).
KNOWN_CONFORMANCE: dict[tuple[str, str], str] = {}
