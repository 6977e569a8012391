"""Generate, write and import spacegen's client for the bench app.

``spacegen.generator.api.generate(source)`` returns an object whose ``files`` maps relative
file names to text. The files go into a directory of their own; the module to import is the
package (``<name>/__init__.py``) or the single top-level ``.py`` file among them. Every step
that fails is reported as a reason string, never raised: the harness then shows spacegen as
"not available" and measures the other contenders.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from types import ModuleType


class UnavailableError(Exception):
    """spacegen cannot take part; the message says why."""


def generator_module() -> ModuleType:
    """``spacegen.generator.api``, or UnavailableError saying why it cannot be imported."""
    try:
        api = importlib.import_module("spacegen.generator.api")
    except ImportError as exc:
        raise UnavailableError(f"spacegen.generator.api not importable ({exc})") from exc
    if not callable(getattr(api, "generate", None)):
        raise UnavailableError("spacegen.generator.api has no generate()")
    return api


def generate_files(source: str) -> dict[str, str]:
    """Run spacegen's generator on ``source`` (a URL or a corpus folder)."""
    result = generator_module().generate(source)
    files = getattr(result, "files", None)
    if not isinstance(files, dict) or not files:
        raise UnavailableError(f"generate() returned no files ({type(result).__name__})")
    return {str(name): str(text) for name, text in files.items()}


def write_files(files: dict[str, str], root: Path) -> str:
    """Write the generated files under ``root``; return the module name to import."""
    for name, text in files.items():
        target = root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return module_name(files)


def module_name(files: dict[str, str]) -> str:
    """The importable name among the generated files."""
    packages = sorted(n for n in files if n.count("/") == 1 and n.endswith("/__init__.py"))
    if packages:
        return packages[0].split("/")[0]
    modules = sorted(n for n in files if "/" not in n and n.endswith(".py"))
    if len(modules) == 1:
        return modules[0][:-3]
    raise UnavailableError(f"cannot tell which generated file to import: {sorted(files)}")


def load(url: str, root: Path) -> tuple[ModuleType, str]:
    """Generate the bench app's client into ``root`` and import it; (module, module name)."""
    try:
        name = write_files(generate_files(url), root)
        sys.path.insert(0, str(root))
        module = importlib.import_module(name)
    except UnavailableError:
        raise
    except Exception as exc:
        raise UnavailableError(f"generating the client failed: {exc!r}") from exc
    for attr in ("Client", "AsyncClient"):
        if not hasattr(module, attr):
            raise UnavailableError(f"generated module {name} has no {attr}")
    return module, name
