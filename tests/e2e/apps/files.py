"""Files and images: gr.File in/out, generated images in/out, a Gallery."""

import hashlib
import os
import tempfile
from pathlib import Path
from typing import Any

import gradio as gr
import numpy as np
from PIL import Image

COLORS = {"red": (255, 0, 0), "green": (0, 255, 0), "blue": (0, 0, 255)}


def _output_dir() -> Path:
    """A fresh folder under GRADIO_TEMP_DIR (the launcher's temp folder) when that is set."""
    base = os.environ.get("GRADIO_TEMP_DIR")
    if base:
        Path(base).mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix="e2e-files-", dir=base))


_OUT = _output_dir()


def _digest(path: str) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def file_info(file: str) -> dict[str, Any]:
    """Name, size and sha256 of the uploaded file."""
    p = Path(file)
    return {"name": p.name, "size": p.stat().st_size, "sha256": _digest(file)}


def file_upper(file: str) -> str:
    """A new file holding the upload's text upper-cased, named upper_<name>."""
    p = Path(file)
    out = _OUT / f"upper_{p.name}"
    out.write_text(p.read_text(encoding="utf-8").upper(), encoding="utf-8")
    return str(out)


def make_file(text: str, name: str) -> str:
    """A text file with the given content and name (``name`` is sanitised)."""
    safe = "".join(c for c in name if c.isalnum() or c in "._-") or "out.txt"
    out = _OUT / safe
    out.write_text(text, encoding="utf-8")
    return str(out)


def files_info(files: list[str] | None) -> list[dict[str, Any]]:
    """file_info of each file of a multi-file upload."""
    return [file_info(f) for f in files or []]


def make_image(width: float, height: float, color: str) -> Image.Image:
    """A solid-colour RGB image."""
    return Image.new("RGB", (int(width), int(height)), COLORS[color])


def invert(image: np.ndarray) -> np.ndarray:
    """The colour negative of the input image."""
    return 255 - image


def image_size(image: str) -> dict[str, Any]:
    """Width, height and mode of an image given as a file path."""
    with Image.open(image) as img:
        return {"width": img.width, "height": img.height, "mode": img.mode}


def gallery(count: float) -> list[tuple[Image.Image, str]]:
    """``count`` small images with captions ``image 0``, ``image 1``, ..."""
    return [
        (Image.new("RGB", (8, 8), (40 * i % 256, 80, 120)), f"image {i}") for i in range(int(count))
    ]


with gr.Blocks(title="files") as demo:
    file_in = gr.File(label="File", type="filepath")
    info = gr.JSON(label="Info")
    gr.Button("info").click(file_info, file_in, info, api_name="file_info")
    file_out = gr.File(label="Upper file")
    gr.Button("upper").click(file_upper, file_in, file_out, api_name="file_upper")

    text = gr.Textbox(label="Content", value="hello file")
    name = gr.Textbox(label="Name", value="hello.txt")
    gr.Button("make").click(make_file, [text, name], file_out, api_name="make_file")

    many = gr.File(label="Files", file_count="multiple", type="filepath")
    gr.Button("many").click(files_info, many, info, api_name="files_info")

    width = gr.Number(label="Width", value=16, precision=0)
    height = gr.Number(label="Height", value=8, precision=0)
    color = gr.Radio(list(COLORS), value="red", label="Color")
    image_out = gr.Image(label="Image", type="pil", format="png")
    gr.Button("make image").click(
        make_image, [width, height, color], image_out, api_name="make_image"
    )

    image_in = gr.Image(label="Input image", type="numpy")
    inverted = gr.Image(label="Inverted", type="numpy", format="png")
    gr.Button("invert").click(invert, image_in, inverted, api_name="invert")

    image_path = gr.Image(label="Image file", type="filepath")
    gr.Button("size").click(image_size, image_path, info, api_name="image_size")

    count = gr.Number(label="Count", value=3, precision=0)
    shown = gr.Gallery(label="Gallery", format="png")
    gr.Button("gallery").click(gallery, count, shown, api_name="gallery")

if __name__ == "__main__":
    demo.launch()
