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
KNOWN_DIFFERENCES: dict[tuple[str, str], str] = {
    ("code", "/set_lang"): "unchanged output: gr.Code(language=...) without a value comes back "
    "as None instead of the component's current value (issue 7, unchanged outputs)",
}

#: (app, api_name) -> the defect behind its conformance failure (expected until fixed).
KNOWN_CONFORMANCE: dict[tuple[str, str], str] = {
    ("skip", "/lambda"): "outputs without an initial value may be None: the app returns "
    "(None, None) for two gr.Number() typed float (needs float | None)",
    ("skip", "/lambda_1"): "gr.skip() of two gr.Number() without an initial value: None typed "
    "float (needs float | None)",
    ("code", "/set_lang"): "unchanged output comes back as None typed str",
    ("upload_and_download", "/upload_file"): "gr.UploadButton without an initial value: None "
    "typed RemoteFile (needs RemoteFile | None)",
    ("upload_and_download", "/download_file"): "same as /upload_file",
    ("imageslider", "/img_to_slider"): "tuple type from the description's prefixItems, but the "
    "runtime returns the JSON array as a list (type mapping vs output decoding)",
    ("imageslider", "/slider_to_self"): "same as /img_to_slider",
    ("imageslider", "/position_to_slider"): "same as /img_to_slider",
}
