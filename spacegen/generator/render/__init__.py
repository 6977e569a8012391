"""render: IR -> Python text. ``render(app, options) -> {"<module>.py": text}`` (unformatted).

The view model (:mod:`.view`) decides every spelling; templates (``spacegen/templates``) only
lay it out. Untrusted text passes through :mod:`.text` (docstrings, literals) or :mod:`.names`
(identifiers) and nowhere else.
"""

from __future__ import annotations

from spacegen.generator.ir.model import AppSpec
from spacegen.generator.render.options import RenderOptions, module_name
from spacegen.generator.render.view import build_view

__all__ = ["RenderOptions", "render"]


def render(app: AppSpec, options: RenderOptions | None = None) -> dict[str, str]:
    """Render ``app`` into one module: ``{"<name>.py": text}``."""
    from spacegen.generator.render.templating import environment  # noqa: PLC0415 -- lazy jinja2

    options = options or RenderOptions()
    view = build_view(app, options)
    text = environment().get_template("module.py.j2").render(view=view)
    return {f"{module_name(app, options)}.py": text}
