"""Render options and the names derived from the app (client classes, module file)."""

from __future__ import annotations

import json
from dataclasses import dataclass

from spacegen import __version__
from spacegen.generator.ir.model import AppSpec
from spacegen.generator.render.names import camel, is_plain_identifier, snake
from spacegen.generator.render.reserved import TYPE_NAMES
from spacegen.runtime.errors import GeneratorError

_DEFAULT_TITLE = "Gradio"

#: The header line recording what ``spacegen check`` must reuse (flags and the source).
OPTIONS_MARK = "# spacegen-options: "


@dataclass(frozen=True)
class RenderOptions:
    """How to render one app.

    ``class_name`` overrides the sync client's name (the async one is ``Async`` + it);
    ``module_name`` names the output file (``<module_name>.py``); ``generator_version`` goes
    into the header (tests pin it so goldens survive version bumps).
    """

    class_name: str | None = None
    include_undocumented: bool = False
    module_name: str | None = None
    generator_version: str = __version__


def app_base_name(app: AppSpec) -> str:
    """The app's human name: Space name, else a non-default title, else the source's basename."""
    if app.space_id and "/" in app.space_id:
        return app.space_id.rsplit("/", 1)[1]
    if app.space_id:
        return app.space_id
    if app.title.strip() and app.title.strip() != _DEFAULT_TITLE:
        return app.title
    base = app.source.rstrip("/").rsplit("/", 1)[-1]
    return base[: -len(".json")] if base.endswith(".json") else base


def client_names(app: AppSpec, class_name: str | None) -> tuple[str, str]:
    """``(HelloClient, AsyncHelloClient)``; a user-given ``class_name`` must be an identifier."""
    if class_name is None:
        name = camel(app_base_name(app), empty="App") + "Client"
    elif not is_plain_identifier(class_name) or class_name.startswith("_"):
        raise GeneratorError(f"--class-name {class_name!r} is not a valid public class name")
    elif class_name != "Client" and ({class_name, f"Async{class_name}"} & TYPE_NAMES):
        raise GeneratorError(
            f"--class-name {class_name!r}: the module already uses that name; pick another"
        )
    else:
        name = class_name
    return name, f"Async{name}"


def module_name(app: AppSpec, options: RenderOptions) -> str:
    """The module's name (file name without ``.py``)."""
    if options.module_name is not None:
        if not is_plain_identifier(options.module_name):
            raise GeneratorError(f"module name {options.module_name!r} is not an identifier")
        return options.module_name
    return snake(app_base_name(app), digit_prefix="app_", empty="client").lower()


def options_comment(source: str, options: RenderOptions) -> str:
    """The header line recording the options and source (JSON, ASCII, one line)."""
    recorded = {
        "class_name": options.class_name,
        "include_undocumented": options.include_undocumented,
        "source": source,
    }
    return OPTIONS_MARK + json.dumps(recorded, ensure_ascii=True, sort_keys=True)
