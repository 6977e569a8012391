"""What ``spacegen demo`` does, step by step (see :func:`run`)."""

from __future__ import annotations

import argparse
import asyncio
import importlib.util
import sys
import tempfile
from pathlib import Path
from types import ModuleType
from typing import Any

from spacegen.demo._server import START_TIMEOUT, DemoServer, DemoServerError

_NEEDS_GRADIO = (
    "spacegen demo needs gradio: install it with `pip install 'spacegen[demo]'` "
    "(or `uv sync` in a checkout)"
)
_NEEDS_CODEGEN = (
    "spacegen demo needs the generator's dependencies: `pip install 'spacegen[demo]'` "
    "(or `uv sync` in a checkout)"
)
_MODULE = "spacegen_demo_client"


def run(argv: list[str] | None = None) -> int:
    """Serve the demo app, generate its client, call every endpoint; returns an exit code.

    0 on success, 1 when the app or a call failed, 2 when gradio or the generator is missing.
    """
    args = _parser().parse_args(argv)
    if importlib.util.find_spec("gradio") is None:
        print(_NEEDS_GRADIO)
        return 2
    try:
        from spacegen.generator import api  # noqa: PLC0415  (optional extra, checked here)
    except ImportError:
        print(_NEEDS_CODEGEN)
        return 2
    with tempfile.TemporaryDirectory(prefix="spacegen-demo-") as tmp:
        return _tour(api, Path(tmp), args)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="spacegen demo",
        description="Serve a bundled Gradio app, generate its typed client, call it.",
    )
    add_arguments(parser)
    return parser


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The demo's options (shared with ``spacegen demo`` in the CLI)."""
    parser.add_argument("--port", type=int, default=None, help="port on 127.0.0.1 (default: free)")
    parser.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        default=None,
        help="also keep the generated module there (default: only in a temporary folder)",
    )
    parser.add_argument(
        "--start-timeout",
        type=float,
        default=START_TIMEOUT,
        metavar="SECONDS",
        help=f"how long the app may take to start (default: {START_TIMEOUT:.0f})",
    )


def _tour(api: Any, workdir: Path, args: argparse.Namespace) -> int:
    from spacegen.runtime.errors import SpacegenError  # noqa: PLC0415  (after the checks)

    print("spacegen demo: starting the bundled Gradio app ...", flush=True)
    try:
        with DemoServer(workdir, args.port, args.start_timeout) as server:
            print(f"  serving at {server.url}")
            module = _generate(api, server.url, workdir / f"{_MODULE}.py", args.output)
            try:
                _call_everything(module, server.url, workdir)
            finally:
                sys.modules.pop(_MODULE, None)
    except (DemoServerError, SpacegenError) as exc:
        print(f"spacegen demo failed: {type(exc).__name__}: {exc}")
        return 1
    print("\ndone: every endpoint answered with typed values.")
    return 0


def _generate(api: Any, url: str, path: Path, keep: str | None) -> ModuleType:
    """``generate(url)`` + ``write`` into ``path`` (and ``keep``), then import the module."""
    result = api.generate(url, module_name=_MODULE)
    written: Path = api.write(result, path)
    lines = len(result.module_text.splitlines())
    where = f"wrote {api.write(result, keep)}" if keep else "pass -o FILE to keep it"
    print(f"  generated a client ({lines} lines) from {url} ({where}); its methods:")
    module = _import(written)
    for endpoint in module.Client._app.endpoints:
        print(f"    {endpoint.signature}")
    return module


def _import(path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(_MODULE, path)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot import {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[_MODULE] = module
    spec.loader.exec_module(module)
    return module


def _show(call: str, value: object) -> None:
    print(f"\n>>> {call}")
    print(f"{value!r}  ({type(value).__name__})")


def _call_everything(module: ModuleType, url: str, workdir: Path) -> None:
    from spacegen.runtime.errors import AppError  # noqa: PLC0415

    with module.Client(url) as client:
        _show('client.greet("Ada", True)', client.greet("Ada", True))
        print('\n>>> for part in client.stream_count("la", 3): ...')
        for part in client.stream_count("la", 3):
            print(f"{part!r}  ({type(part).__name__})")
        note = workdir / "note.txt"
        note.write_text("hello from spacegen\n", encoding="utf-8")
        shouted = client.shout_file(note)
        _show("client.shout_file(Path('note.txt'))", shouted)
        print(f"  .name={shouted.name!r}  .read()={shouted.read()!r}")
        client.remember("apple")
        _show('client.remember("apple"); client.remember("pear")', client.remember("pear"))
        try:
            client.divide(1, 0)
        except AppError as exc:
            _show("client.divide(1, 0)  # raises", exc)
            print(f"  .title={exc.title!r}  .message={exc.message!r}")
        else:
            raise DemoServerError("divide(1, 0) should have raised AppError")
    _show("await async_client.divide(1, 4)", asyncio.run(_async_divide(module, url)))


async def _async_divide(module: ModuleType, url: str) -> object:
    async with module.AsyncClient(url) as client:
        result: object = await client.divide(1, 4)
        return result
