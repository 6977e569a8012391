"""Last gate before writing: the text compiles, ``__all__`` is sound, no top-level name twice."""

from __future__ import annotations

import ast
from collections import Counter

from spacegen.runtime.errors import GeneratorError


def validate_source(text: str, filename: str = "<generated>") -> None:
    """Raise :class:`GeneratorError` with a readable message when ``text`` is not a sound module."""
    try:
        tree = ast.parse(text, filename)
        compile(tree, filename, "exec", dont_inherit=True)
    except (SyntaxError, ValueError) as exc:
        raise GeneratorError(f"{filename}: generated code does not compile: {exc}") from exc
    names = _top_level_names(tree)
    duplicates = sorted(name for name, count in Counter(names).items() if count > 1)
    if duplicates:
        raise GeneratorError(f"{filename}: names defined twice: {', '.join(duplicates)}")
    _check_all(tree, set(names), filename)


def validate_files(files: dict[str, str]) -> None:
    for name, text in files.items():
        if name.endswith(".py"):
            validate_source(text, name)


def _top_level_names(tree: ast.Module) -> list[str]:
    names: list[str] = []
    for node in tree.body:
        if isinstance(node, (ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            names.append(node.name)
        elif isinstance(node, ast.Assign):
            names.extend(t.id for t in node.targets if isinstance(t, ast.Name))
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.append(node.target.id)
        elif isinstance(node, ast.ImportFrom):
            names.extend(a.asname or a.name for a in node.names if node.module != "__future__")
    return names


def _check_all(tree: ast.Module, defined: set[str], filename: str) -> None:
    exported = _all_value(tree)
    if exported is None:
        raise GeneratorError(f"{filename}: no literal __all__")
    if exported != sorted(exported) or len(set(exported)) != len(exported):
        raise GeneratorError(f"{filename}: __all__ is not sorted and unique")
    missing = sorted(set(exported) - defined)
    if missing:
        raise GeneratorError(f"{filename}: __all__ names undefined: {', '.join(missing)}")


def _all_value(tree: ast.Module) -> list[str] | None:
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets
        ):
            try:
                value = ast.literal_eval(node.value)
            except ValueError:
                return None
            if isinstance(value, list) and all(isinstance(v, str) for v in value):
                return value
    return None
