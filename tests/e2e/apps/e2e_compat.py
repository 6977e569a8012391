"""Version switches shared by the e2e apps (they run on gradio 4.44, 5.50 and 6.31)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import gradio as gr

VERSION: tuple[int, int] = tuple(int(x) for x in gr.__version__.split(".")[:2])  # type: ignore[assignment]

#: ``validator=`` on event listeners exists from 5.45 on.
HAS_VALIDATOR = VERSION >= (5, 45)
#: ``gr.Error(title=...)`` exists from 5.0 on.
HAS_ERROR_TITLE = VERSION >= (5, 0)


def error(message: str, title: str) -> gr.Error:
    """``gr.Error`` with a title where the server supports one."""
    if HAS_ERROR_TITLE:
        return gr.Error(message, title=title)
    return gr.Error(message)


def validator(fn: Callable[..., Any]) -> dict[str, Any]:
    """Keyword arguments attaching ``fn`` as validator (nothing on servers without them)."""
    return {"validator": fn} if HAS_VALIDATOR else {}


def undocumented() -> dict[str, Any]:
    """Keyword arguments making an endpoint callable but listed only with all_endpoints."""
    return {"api_visibility": "undocumented"} if VERSION >= (6, 0) else {"show_api": False}


def messages_chatbot(**kwargs: Any) -> gr.Chatbot:
    """A Chatbot in the messages format (the only format on 6.x; opt-in before)."""
    if VERSION < (6, 0):
        kwargs.setdefault("type", "messages")
    return gr.Chatbot(**kwargs)
