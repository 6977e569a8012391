"""``spacegen demo``: serve a small bundled Gradio app, generate its client, call every endpoint.

Needs gradio (``pip install 'spacegen[demo]'``). Importing this package imports neither gradio
nor the generator; :func:`run` checks for them first.
"""

from __future__ import annotations

from spacegen.demo._run import run

__all__ = ["run"]
