"""A streaming Chatbot (messages format) and a plain streaming text generator."""

import time
from collections.abc import Iterator
from typing import Any

import gradio as gr
from e2e_compat import messages_chatbot

REPLY = "You said: "
STEP_DELAY = 0.01


def _text_of(content: Any) -> str:
    """Message content as text (a string on 4.x/5.x, a list of parts on 6.x)."""
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return "".join(p.get("text", "") for p in content if isinstance(p, dict))
    return str(content)


def chat(message: str, history: list[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    """Append the user message, then stream the reply ``You said: <message>`` word by word."""
    history = [{"role": m["role"], "content": _text_of(m["content"])} for m in history or []]
    history.append({"role": "user", "content": message})
    words = (REPLY + message).split(" ")
    for i in range(1, len(words) + 1):
        time.sleep(STEP_DELAY)
        yield [*history, {"role": "assistant", "content": " ".join(words[:i])}]


def respond(message: str, history: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The same conversation as ``chat`` in one step."""
    *_, last = chat(message, history)
    return last


def count_up(text: str, count: float) -> Iterator[str]:
    """Yield ``text`` followed by 1, 2, ... ``count`` (growing string, one yield per step)."""
    out = text
    for i in range(1, int(count) + 1):
        time.sleep(STEP_DELAY)
        out = f"{out} {i}"
        yield out


with gr.Blocks(title="chat") as demo:
    bot = messages_chatbot(label="Chat")
    message = gr.Textbox(label="Message", value="hi")
    gr.Button("send").click(chat, [message, bot], bot, api_name="chat")
    gr.Button("respond").click(respond, [message, bot], bot, api_name="respond")

    text = gr.Textbox(label="Start", value="count")
    count = gr.Number(label="Count", value=3, precision=0)
    counted = gr.Textbox(label="Counted")
    gr.Button("count").click(count_up, [text, count], counted, api_name="count_up")

if __name__ == "__main__":
    demo.launch()
