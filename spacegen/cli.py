"""``spacegen`` command line: argument parsing only; the work is in :mod:`spacegen.generator.api`.

Adding a subcommand is one function: write ``_add_<name>(subparsers)`` that registers its
arguments and sets ``handler``, and list it in :data:`COMMANDS`.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

from spacegen import __version__
from spacegen.runtime.errors import SpacegenError

if TYPE_CHECKING:
    from spacegen.generator import api
    from spacegen.generator.ir.model import Diagnostic

EXIT_OK, EXIT_DRIFT, EXIT_ERROR, EXIT_INTERRUPTED = 0, 1, 2, 130
#: Environment variable holding the app's login as ``USER:PASS`` (default of ``--auth``).
AUTH_ENV = "SPACEGEN_AUTH"

_MAIN_EPILOG = """exit codes: 0 success; 1 a generated module is out of date (check); 2 an error
(usage, source, network, config; one line on stderr); 3-6 the most severe API change found
(check, diff: see their --help); 130 interrupted."""

_Subparsers = Any  # argparse's _SubParsersAction is private
Handler = Callable[[argparse.Namespace], int]


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; returns the exit code (0 ok, 1 out of date, 2 error, 3-6 drift class, 130)."""
    args = build_parser().parse_args(argv)
    try:
        handler: Handler = args.handler
        return handler(args)
    except SpacegenError as exc:
        return _fail(str(exc) or type(exc).__name__)
    except (_MissingExtraError, _UsageError) as exc:
        return _fail(str(exc))
    except OSError as exc:
        return _fail(f"{exc.strerror or exc}: {exc.filename}" if exc.filename else str(exc))
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="spacegen",
        description="Typed Python clients for Gradio apps and Spaces.",
        epilog=_MAIN_EPILOG,
    )
    parser.add_argument("--version", action="version", version=f"spacegen {__version__}")
    subparsers = parser.add_subparsers(title="commands", metavar="COMMAND", required=True)
    for add in COMMANDS:
        add(subparsers)
    return parser


# ------------------------------------------------------------------------------- subcommands


def _add_generate(subparsers: _Subparsers) -> None:
    p = subparsers.add_parser("generate", help="write a typed client module for SOURCE")
    _source_arguments(p, output_help="the module file to write (with --package: the folder)")
    _render_arguments(p)
    p.add_argument(
        "--vendor-runtime",
        metavar="PKG",
        help="copy the runtime next to the module as package PKG (dotted, e.g. app._spacegen); "
        "the module imports it instead of spacegen.runtime, so the app needs httpx only",
    )
    p.add_argument(
        "--package",
        metavar="NAME",
        help="write a package NAME/ inside -o: the module as __init__.py, py.typed, a README",
    )
    p.set_defaults(handler=_generate)


def _add_snapshot(subparsers: _Subparsers) -> None:
    p = subparsers.add_parser("snapshot", help="save SOURCE's API description to a file")
    _source_arguments(p, output_help="the snapshot file to write")
    p.set_defaults(handler=_snapshot)


_EXIT_HELP = """exit codes: 0 nothing at or above --fail-on; 1 a generated module is out of date
(with its lock, or with SOURCE); 2 usage, config or source error; otherwise the most severe
class found at or above --fail-on: 3 breaking (wire), 4 breaking (typed), 5 additive,
6 cosmetic."""


def _add_sync(subparsers: _Subparsers) -> None:
    p = subparsers.add_parser(
        "sync", help="fetch every configured source, refresh its lock, regenerate its module"
    )
    p.add_argument("names", nargs="*", metavar="NAME", help="only these clients (default: all)")
    _config_argument(p)
    p.set_defaults(handler=_sync)


def _add_check(subparsers: _Subparsers) -> None:
    p = subparsers.add_parser(
        "check",
        help="without SOURCE: classify each configured client's API drift (lock vs live); "
        "with SOURCE -o FILE: exit 1 and print a diff when FILE is out of date",
        epilog=_EXIT_HELP,
    )
    p.add_argument("source", nargs="?", metavar="SOURCE", help="check one module against SOURCE")
    p.add_argument("-o", "--output", metavar="FILE", help="the generated module (with SOURCE)")
    _token_arguments(p)
    p.add_argument("--class-name", metavar="NAME", help="default: as recorded in FILE")
    p.add_argument(
        "--include-undocumented",
        action="store_true",
        default=None,
        help="default: as recorded in FILE",
    )
    p.add_argument("--client", action="append", default=[], metavar="NAME", help="only NAME")
    p.add_argument("--offline", action="store_true", help="only compare modules with locks")
    _report_arguments(p)
    _config_argument(p)
    p.set_defaults(handler=_check)


def _add_diff(subparsers: _Subparsers) -> None:
    p = subparsers.add_parser(
        "diff", help="classify the API changes from OLD to NEW (any two sources)", epilog=_EXIT_HELP
    )
    p.add_argument("old", metavar="OLD", help="Space id, app URL, snapshot file or folder")
    p.add_argument("new", metavar="NEW", help="Space id, app URL, snapshot file or folder")
    p.add_argument("--include-undocumented", action="store_true", help="compare those too")
    _report_arguments(p)
    p.add_argument("--token", default=os.environ.get("HF_TOKEN") or None, help="default: $HF_TOKEN")
    p.set_defaults(handler=_diff)


def _add_inspect(subparsers: _Subparsers) -> None:
    p = subparsers.add_parser("inspect", help="list SOURCE's endpoints with typed signatures")
    p.add_argument("source", metavar="SOURCE", help="Space id, app URL, snapshot file or folder")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    _token_arguments(p)
    _render_arguments(p)
    p.set_defaults(handler=_inspect)


def _add_stubs(subparsers: _Subparsers) -> None:
    p = subparsers.add_parser(
        "stubs",
        help="write a stub-only gradio_client package typing Client.predict/submit per endpoint",
    )
    _source_arguments(p, output_help="the folder to write gradio_client-stubs/ into")
    p.add_argument("--include-undocumented", action="store_true", help="type those too")
    p.set_defaults(handler=_stubs)


def _add_demo(subparsers: _Subparsers) -> None:
    p = subparsers.add_parser(
        "demo", help="serve a bundled Gradio app, generate its client and call it (needs gradio)"
    )
    p.add_argument("--port", type=int, default=None, help="port on 127.0.0.1 (default: free)")
    p.add_argument("-o", "--output", metavar="FILE", help="also keep the generated module there")
    p.add_argument(
        "--start-timeout",
        type=_seconds,
        default=None,
        metavar="SECONDS",
        help="how long the app may take to start (default: 120)",
    )
    p.set_defaults(handler=_demo)


#: Every subcommand, in help order.
COMMANDS: list[Callable[[_Subparsers], None]] = [
    _add_generate,
    _add_snapshot,
    _add_sync,
    _add_check,
    _add_diff,
    _add_inspect,
    _add_stubs,
    _add_demo,
]


# ---------------------------------------------------------------------------------- handlers


def _generate(args: argparse.Namespace) -> int:
    if args.output == "-" and (args.package or args.vendor_runtime):
        raise _UsageError("-o - (standard output) writes one module: not with --package")
    if args.package or args.vendor_runtime:
        paths = _project("package").write_generated(
            args.source,
            args.output,
            package=args.package,
            vendor_runtime=args.vendor_runtime,
            token=args.token,
            auth=parse_auth(args.auth),
            timeout=args.timeout,
            class_name=args.class_name,
            include_undocumented=args.include_undocumented,
        )
        print(f"wrote {paths[0]} (+{len(paths) - 1} files)", file=sys.stderr)
        return EXIT_OK
    result = _run_generate(args)
    _report(result.diagnostics)
    if args.output == "-":
        sys.stdout.write(result.module_text)
        return EXIT_OK
    path = _api().write(result, args.output)
    print(f"wrote {path}", file=sys.stderr)
    _warn_unimportable(path)
    return EXIT_OK


def _sync(args: argparse.Namespace) -> int:
    code: int = _project("commands").sync(args.config, args.names)
    return code


def _warn_unimportable(path: Path) -> None:
    """A module file whose name Python cannot import (``my-client.py``) gets a warning."""
    if path.suffix == ".py" and not path.stem.isidentifier():
        print(
            printable(
                f"warning: {path.name} cannot be imported by that name (use letters, "
                "digits and _ , e.g. my_client.py)"
            ),
            file=sys.stderr,
        )


def _snapshot(args: argparse.Namespace) -> int:
    _api().snapshot(
        args.source, args.output, token=args.token, auth=parse_auth(args.auth), timeout=args.timeout
    )
    print(f"wrote {args.output}", file=sys.stderr)
    return EXIT_OK


def _check(args: argparse.Namespace) -> int:
    if args.source is None:
        if args.output:
            raise _UsageError("-o FILE needs a SOURCE (without SOURCE, check reads the config)")
        code: int = _project("commands").check_all(
            args.config, args.client, args.format, args.fail_on, args.offline
        )
        return code
    if not args.output:
        raise _UsageError("check SOURCE needs -o FILE, the generated module to compare")
    result, diff = _api().check_module(
        args.source,
        args.output,
        token=args.token,
        auth=parse_auth(args.auth),
        timeout=args.timeout,
        class_name=args.class_name,
        include_undocumented=args.include_undocumented,
    )
    _report(result.diagnostics)
    if diff is None:
        return EXIT_OK
    sys.stdout.write(diff)
    return EXIT_DRIFT


def _diff(args: argparse.Namespace) -> int:
    code: int = _project("commands").diff(
        args.old,
        args.new,
        fmt=args.format,
        fail_on=args.fail_on,
        include_undocumented=args.include_undocumented,
        token=args.token,
    )
    return code


def _inspect(args: argparse.Namespace) -> int:
    code: int = _project("commands").inspect(
        args.source,
        as_json=args.json,
        class_name=args.class_name,
        include_undocumented=args.include_undocumented,
        token=args.token,
        auth=parse_auth(args.auth),
        timeout=args.timeout,
    )
    return code


def _stubs(args: argparse.Namespace) -> int:
    folder = _project("stubs").write_stubs(
        args.source,
        args.output,
        token=args.token,
        auth=parse_auth(args.auth),
        timeout=args.timeout,
        include_undocumented=args.include_undocumented,
    )
    print(f"wrote {folder}", file=sys.stderr)
    return EXIT_OK


def _demo(args: argparse.Namespace) -> int:
    from spacegen.demo import run  # noqa: PLC0415  (starts servers; only when asked)

    argv = [] if args.port is None else ["--port", str(args.port)]
    argv += [] if args.output is None else ["--output", args.output]
    argv += [] if args.start_timeout is None else ["--start-timeout", str(args.start_timeout)]
    return run(argv)


def _run_generate(args: argparse.Namespace) -> api.GenerationResult:
    result: api.GenerationResult = _api().generate(
        args.source,
        token=args.token,
        auth=parse_auth(args.auth),
        timeout=args.timeout,
        class_name=args.class_name,
        include_undocumented=args.include_undocumented,
    )
    return result


# ----------------------------------------------------------------------------------- helpers


class _MissingExtraError(Exception):
    """The generator's dependencies (the ``codegen`` extra) are not installed."""


class _UsageError(Exception):
    """Arguments that argparse alone cannot reject."""


def _project(name: str) -> ModuleType:
    """A module of :mod:`spacegen.generator.project` (after checking the codegen extra)."""
    _api()
    from importlib import import_module  # noqa: PLC0415

    return import_module(f"spacegen.generator.project.{name}")


def _api() -> ModuleType:
    """The generator API, imported on first use so a runtime-only install still starts."""
    try:
        import black  # noqa: F401, PLC0415  (imported lazily deep inside; checked up front)
        import jinja2  # noqa: F401, PLC0415

        from spacegen.generator import api  # noqa: PLC0415
    except ImportError as exc:
        raise _MissingExtraError(
            f"the generator needs spacegen's codegen extra ({exc.name} is missing): "
            "pip install 'spacegen[codegen]'"
        ) from exc
    return api


def _source_arguments(p: argparse.ArgumentParser, output_help: str) -> None:
    p.add_argument("source", metavar="SOURCE", help="Space id, app URL, snapshot file or folder")
    p.add_argument("-o", "--output", metavar="FILE", required=True, help=output_help)
    _token_arguments(p)


def _config_argument(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--config",
        metavar="FILE",
        help="spacegen.toml or pyproject.toml (default: the nearest one from here up)",
    )


def _report_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--format", choices=["text", "json"], default="text", help="report format")
    p.add_argument(
        "--fail-on",
        choices=["breaking", "additive", "any", "never"],
        default="any",
        help="the least severe change class that fails (default: any)",
    )


def _token_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--token",
        default=os.environ.get("HF_TOKEN") or None,
        help="Hugging Face token (default: $HF_TOKEN)",
    )
    p.add_argument(
        "--auth",
        metavar="USER[:PASS]",
        default=os.environ.get(AUTH_ENV) or None,
        help=f"the app's login (default: ${AUTH_ENV}); with USER alone the password is read "
        "from a prompt, so it stays out of the process list",
    )
    p.add_argument(
        "--timeout",
        type=_seconds,
        default=30.0,
        metavar="SECONDS",
        help="bound for each request to SOURCE (default: 30)",
    )


def _render_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--class-name", metavar="NAME", help="name of the generated client class")
    p.add_argument(
        "--include-undocumented",
        action="store_true",
        help="also generate methods for endpoints the app does not document",
    )


def parse_auth(
    value: str | None, prompt: Callable[[str], str] | None = None
) -> tuple[str, str] | None:
    """``USER:PASS`` -> ``(user, pass)`` (the password may contain ``:``); ``USER`` alone asks
    ``prompt`` (default: :func:`getpass.getpass` on a terminal) for the password."""
    if value is None:
        return None
    user, sep, password = value.partition(":")
    if not user:
        raise _UsageError("--auth: expected USER:PASS or USER (then the password is prompted)")
    if not sep:
        password = (prompt or _password_prompt)(f"password for {user}: ")
    return user, password


def _password_prompt(message: str) -> str:
    if not sys.stdin.isatty():
        raise _UsageError(
            f"--auth USER needs a terminal to prompt for the password; set ${AUTH_ENV}=USER:PASS"
        )
    import getpass  # noqa: PLC0415

    return getpass.getpass(message)


def _seconds(value: str) -> float:
    try:
        seconds = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {value!r}") from None
    if not seconds > 0:
        raise argparse.ArgumentTypeError("must be more than 0")
    return seconds


def _report(diagnostics: Sequence[Diagnostic]) -> None:
    for d in diagnostics:
        print(printable(f"{d.level}: {d.where}: {d.message}"), file=sys.stderr)


def _fail(message: str) -> int:
    lines = (_squeeze(line) for line in message.splitlines())
    text = "\n".join(printable(line) for line in lines if line.strip())
    print(f"error: {text}", file=sys.stderr)
    return EXIT_ERROR


def _squeeze(line: str) -> str:
    """``line`` with runs of whitespace made one space (its indentation kept)."""
    indent = line[: len(line) - len(line.lstrip())]
    return indent + " ".join(line.split())


def printable(text: str) -> str:
    """Untrusted text for a terminal: control characters (escape sequences!) are shown escaped."""
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)
