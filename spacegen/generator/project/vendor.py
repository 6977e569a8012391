"""Vendoring: copy spacegen's runtime into the app's own package, imports rewritten.

``vendor_files("app._spacegen")`` returns ``{relative path: text}`` for the folder
``_spacegen/`` that goes next to the generated module (whose imports then name
``app._spacegen`` instead of ``spacegen.runtime``). The result depends only on the runtime's
source and the package name: deterministic, no timestamps. ``VERSION`` records the spacegen
version the copy came from; the app then needs httpx only.
"""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path

from spacegen import __version__
from spacegen.runtime.errors import GeneratorError

_RUNTIME = "spacegen.runtime"
_NAME = re.compile(r"\bspacegen\.runtime\b")
_MARK = "# Vendored from the runtime of spacegen {version}; regenerate, do not edit.\n"


def check_package(package: str) -> str:
    """``package`` if it is a dotted Python package name, else a :class:`GeneratorError`."""
    if not package or not all(part.isidentifier() for part in package.split(".")):
        raise GeneratorError(f"--vendor-runtime {package!r} is not a dotted package name")
    return package


def vendor_files(package: str) -> dict[str, str]:
    """The vendored runtime's files under its folder name (the package's last part)."""
    folder = check_package(package).rsplit(".", 1)[-1]
    files = {
        f"{folder}/{name}": _MARK.format(version=__version__) + rewrite(text, package)
        for name, text in sorted(_runtime_sources().items())
    }
    files[f"{folder}/py.typed"] = ""
    files[f"{folder}/VERSION"] = f"spacegen {__version__}\n"
    return files


def rewrite(text: str, package: str) -> str:
    """Every ``spacegen.runtime`` name (imports, lazy-import strings) -> ``package``."""
    return _NAME.sub(package, text)


def _runtime_sources() -> dict[str, str]:
    root = resources.files(_RUNTIME)
    return {
        entry.name: entry.read_text(encoding="utf-8")
        for entry in root.iterdir()
        if entry.name.endswith(".py") and entry.is_file()
    }


def write_vendored(module_path: Path, package: str) -> list[Path]:
    """Write the vendored runtime next to ``module_path``; stale files of an older copy go."""
    from spacegen.generator.write import write_text_atomic  # noqa: PLC0415

    files = vendor_files(package)
    folder = module_path.parent / package.rsplit(".", 1)[-1]
    for old in folder.glob("*.py") if folder.is_dir() else []:
        if f"{folder.name}/{old.name}" not in files:
            old.unlink()
    return [write_text_atomic(module_path.parent / rel, text) for rel, text in files.items()]
