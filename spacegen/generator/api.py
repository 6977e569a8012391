"""The one generation pipeline: source -> snapshot -> IR -> text (pure), then write or check.

``generate`` never writes; :func:`write` and :func:`check` take its result. The CLI, the tests
and library users all go through these functions.
"""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass
from pathlib import Path

from spacegen.generator.check import diff_against_file, recorded_options
from spacegen.generator.format import MAX_FORMAT_CHARS, format_files
from spacegen.generator.ir.model import AppSpec, Diagnostic
from spacegen.generator.normalize import normalize
from spacegen.generator.raw.snapshot import RawSnapshot
from spacegen.generator.render import RenderOptions, render
from spacegen.generator.sources import load, save
from spacegen.generator.validate import validate_files
from spacegen.generator.write import write_text_atomic
from spacegen.runtime.errors import DescriptionError

__all__ = [
    "GenerationResult",
    "check",
    "check_module",
    "generate",
    "generate_from_app",
    "generate_from_snapshot",
    "snapshot",
    "write",
]


@dataclass(frozen=True)
class GenerationResult:
    """Generated files (``{"<module>.py": text}``), what the generator noticed, and the IR."""

    files: dict[str, str]
    diagnostics: tuple[Diagnostic, ...]
    app: AppSpec

    @property
    def module_text(self) -> str:
        """The text of the one generated module."""
        (text,) = self.files.values()
        return text


def generate(
    source: str,
    *,
    token: str | None = None,
    auth: tuple[str, str] | None = None,
    class_name: str | None = None,
    include_undocumented: bool = False,
    module_name: str | None = None,
    timeout: float = 30.0,
) -> GenerationResult:
    """Read ``source`` (Space id, URL, snapshot file or description folder) and generate."""
    raw = load(source, token=token, auth=auth, timeout=timeout)
    return generate_from_snapshot(
        raw,
        class_name=class_name,
        include_undocumented=include_undocumented,
        module_name=module_name,
    )


def generate_from_snapshot(
    raw: RawSnapshot,
    *,
    class_name: str | None = None,
    include_undocumented: bool = False,
    module_name: str | None = None,
    generator_version: str | None = None,
) -> GenerationResult:
    """Normalise an already loaded snapshot and generate from it."""
    normalized = normalize(raw, include_undocumented=include_undocumented)
    options = _options(class_name, include_undocumented, module_name, generator_version)
    return generate_from_app(normalized.app, options, normalized.diagnostics)


def generate_from_app(
    app: AppSpec, options: RenderOptions | None = None, diagnostics: tuple[Diagnostic, ...] = ()
) -> GenerationResult:
    """Render, format and validate the IR ``app``."""
    try:
        files = format_files(render(app, options))
        validate_files(files)
    except RecursionError as exc:
        raise DescriptionError("the API description nests too deeply to generate") from exc
    notes = [_unformatted(name) for name, text in files.items() if len(text) > MAX_FORMAT_CHARS]
    return GenerationResult(files=files, diagnostics=tuple(sorted([*diagnostics, *notes])), app=app)


def _unformatted(name: str) -> Diagnostic:
    message = f"over {MAX_FORMAT_CHARS} characters: black skipped, the generator's layout kept"
    return Diagnostic("info", name, message)


def _options(
    class_name: str | None,
    include_undocumented: bool,
    module_name: str | None,
    generator_version: str | None,
) -> RenderOptions:
    options = RenderOptions(class_name, include_undocumented, module_name)
    if generator_version is not None:
        options = RenderOptions(class_name, include_undocumented, module_name, generator_version)
    return options


def write(result: GenerationResult, path: str | os.PathLike[str]) -> Path:
    """Write the generated module to ``path`` atomically (parents created)."""
    return write_text_atomic(path, result.module_text)


def check(result: GenerationResult, path: str | os.PathLike[str]) -> str | None:
    """A unified diff when ``path`` differs from the generated module, else ``None``."""
    return diff_against_file(result.module_text, path)


def check_module(
    source: str,
    path: str | os.PathLike[str],
    *,
    token: str | None = None,
    auth: tuple[str, str] | None = None,
    class_name: str | None = None,
    include_undocumented: bool | None = None,
    timeout: float = 30.0,
) -> tuple[GenerationResult, str | None]:
    """Regenerate the module at ``path`` from ``source`` the way it was generated, and diff.

    Flags left out (``None``) default to those recorded in the module's header; the source
    address recorded there is kept, so reaching the app at another address (a new port) is
    no drift. Returns the result and a unified diff (``None`` when up to date).
    """
    recorded = recorded_options(path)
    if include_undocumented is None:
        include_undocumented = bool(recorded.include_undocumented)
    raw = load(source, token=token, auth=auth, timeout=timeout)
    if recorded.source is not None:
        raw = dataclasses.replace(raw, source=recorded.source)
    result = generate_from_snapshot(
        raw,
        class_name=class_name if class_name is not None else recorded.class_name,
        include_undocumented=include_undocumented,
    )
    return result, check(result, path)


def snapshot(
    source: str,
    path: str | os.PathLike[str],
    *,
    token: str | None = None,
    auth: tuple[str, str] | None = None,
    timeout: float = 30.0,
) -> RawSnapshot:
    """Fetch ``source``'s API description and save it as a snapshot file (parents created)."""
    raw = load(source, token=token, auth=auth, timeout=timeout)
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    save(raw, target)
    return raw
