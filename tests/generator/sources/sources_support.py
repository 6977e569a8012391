"""Helpers for the sources tests (this folder is on ``sys.path`` because it holds a conftest)."""

from __future__ import annotations

import socket
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
HUB_DATA = ROOT / "tests" / "data" / "hub" / "spaces"

#: Credentials of the real server's app-level login.
APP_AUTH = ("u", "p")

APP_SOURCE = """
import sys
import gradio as gr

def greet(name: str) -> str:
    return "Hello " + name

def shout(name: str) -> str:
    return name.upper()

with gr.Blocks() as demo:
    name = gr.Textbox(label="Name")
    out = gr.Textbox(label="Greeting")
    gr.Button("Greet").click(greet, name, out, api_name="greet")
    gr.Button("Shout").click(shout, name, out, api_name="shout", api_visibility="undocumented")

demo.launch(server_name="127.0.0.1", server_port=int(sys.argv[1]), auth=("u", "p"),
            auth_message="Use u/p", ssr_mode=False, quiet=True)
"""


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port
