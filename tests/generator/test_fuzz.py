"""Seeded random IR (types, names, defaults, text): each output compiles, imports, type-checks."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from gen_helpers import generate_text, import_text, mypy_strict
from gen_samples import app, endpoint

from spacegen.generator.ir.model import (
    AnyType,
    FileType,
    Json,
    JsonType,
    ListType,
    LiteralType,
    MapType,
    Output,
    Param,
    Prim,
    StructField,
    StructType,
    TupleType,
    TypeRef,
    UnionType,
)

ALPHABET = [
    "a",
    "B",
    "_",
    "1",
    " ",
    "-",
    '"',
    "'",
    "\\",
    "\n",
    "\r",
    "\x00",
    "é",
    "я",
    "🎉",
    "\u202e",
]
WORDS = ["class", "self", "str", "list", "submit_x", "x", "None", "_call", "close", "Message", ""]
SEEDS = range(40)


def _text(rng: random.Random) -> str:
    if rng.random() < 0.4:
        return rng.choice(WORDS)
    return "".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 12)))


def _type(rng: random.Random, depth: int = 0) -> TypeRef:
    leaves: list[TypeRef] = [Prim(k) for k in ("str", "int", "float", "bool", "none")]  # type: ignore[arg-type]
    leaves += [FileType(), JsonType(), AnyType("?"), LiteralType((_text(rng), 1, 2.5, True))]
    if depth > 3 or rng.random() < 0.4:
        return rng.choice(leaves)
    kind = rng.randrange(5)
    if kind == 0:
        return ListType(_type(rng, depth + 1))
    if kind == 1:
        return TupleType(tuple(_type(rng, depth + 1) for _ in range(rng.randint(0, 3))))
    if kind == 2:
        return MapType(_type(rng, depth + 1))
    if kind == 3:
        return UnionType(tuple(_type(rng, depth + 1) for _ in range(rng.randint(0, 3))))
    fields = tuple(
        StructField(_text(rng), _type(rng, depth + 1), rng.random() < 0.5, _text(rng))
        for _ in range(rng.randint(0, 4))
    )
    return StructType(rng.choice(["Message", "", _text(rng)]), fields, _text(rng))


def _default(rng: random.Random) -> Json:
    return rng.choice([None, 0, 1.5, float("nan"), "x", _text(rng), True, [], {"k": [1]}])


def _app(seed: int) -> object:
    rng = random.Random(seed)
    endpoints = []
    for i in range(rng.randint(0, 6)):
        params = tuple(
            Param(
                _text(rng),
                _text(rng),
                _text(rng),
                _type(rng),
                rng.random() < 0.5,
                _default(rng),
                _text(rng),
                _default(rng),
                rng.random() < 0.5,
            )
            for _ in range(rng.randint(0, 5))
        )
        outs = tuple(Output(_text(rng), _text(rng), _type(rng)) for _ in range(rng.randint(0, 3)))
        endpoints.append(
            endpoint(
                _text(rng), i, params, outs, generator=rng.random() < 0.3, description=_text(rng)
            )
        )
    return app(*endpoints, source=_text(rng), title=_text(rng))


@pytest.mark.slow
def test_random_apps_compile_import_and_pass_mypy(tmp_path: Path) -> None:
    paths = []
    for seed in SEEDS:
        path = tmp_path / f"fuzz_{seed}.py"
        text = generate_text(_app(seed))  # type: ignore[arg-type]
        module = import_text(text, path)
        assert module.__all__ == sorted(module.__all__)
        paths.append(path)
    result = mypy_strict(*paths, cwd=tmp_path)
    assert result.returncode == 0, result.stdout[-4000:]
