"""The build commands behind the CLI: ``sync``, ``check`` (all clients), ``diff``, ``inspect``.

Each returns the process exit code and prints its report (stdout) and progress (stderr).
Exit codes: see :mod:`spacegen.generator.drift.report`.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Literal

from spacegen.generator.drift import compare
from spacegen.generator.drift.report import (
    EXIT_CLEAN,
    EXIT_ERROR,
    FailOn,
    Report,
    exit_code,
    render_json,
    render_text,
)
from spacegen.generator.normalize import normalize
from spacegen.generator.project import runner
from spacegen.generator.project.config import BuildConfig, find_config, load_config
from spacegen.generator.project.inspect import inspect_app
from spacegen.generator.project.inspect import render_json as inspect_json
from spacegen.generator.project.inspect import render_text as inspect_text
from spacegen.generator.project.progress import Progress
from spacegen.generator.render import RenderOptions
from spacegen.generator.sources import load

Format = Literal["text", "json"]


def config_for(path: str | None) -> BuildConfig:
    """The config at ``path``, else the nearest one from the working directory up."""
    return load_config(Path(path) if path else find_config(Path.cwd()))


def sync(config_path: str | None, names: Sequence[str]) -> int:
    """Regenerate the named clients (all by default); 2 when any failed."""
    config = config_for(config_path)
    clients = runner.select(config, names)
    outcomes = runner.sync(config, clients, Progress(len(clients)))
    failed = [o for o in outcomes if o.error]
    if failed:
        print(f"error: {len(failed)} of {len(outcomes)} client(s) failed", file=sys.stderr)
        return EXIT_ERROR
    return EXIT_CLEAN


def check_all(
    config_path: str | None, names: Sequence[str], fmt: Format, fail_on: FailOn, offline: bool
) -> int:
    """Drift of every configured client; the exit code of the worst class at/above fail_on."""
    config = config_for(config_path)
    clients = runner.select(config, names)
    reports, outcomes = runner.check(config, clients, Progress(len(clients)), offline)
    errors = {o.name: o.error for o in outcomes if o.error}
    _print(reports, errors, fmt, fail_on)
    return EXIT_ERROR if errors else exit_code(reports, fail_on)


def diff(
    old: str,
    new: str,
    *,
    fmt: Format,
    fail_on: FailOn,
    include_undocumented: bool,
    token: str | None,
) -> int:
    """Semantic drift between two sources (snapshots, folders, URLs, Space ids)."""
    before = normalize(load(old, token=token), include_undocumented=include_undocumented).app
    after = normalize(load(new, token=token), include_undocumented=include_undocumented).app
    changes = compare(before, after, include_undocumented=include_undocumented)
    reports = [Report(f"{old} -> {new}", changes)]
    _print(reports, {}, fmt, fail_on)
    return exit_code(reports, fail_on)


def inspect(
    source: str,
    *,
    as_json: bool,
    class_name: str | None,
    include_undocumented: bool,
    token: str | None,
    auth: tuple[str, str] | None,
    timeout: float = 30.0,
) -> int:
    """Print the endpoints of ``source`` with the generated client's typed signatures."""
    raw = load(source, token=token, auth=auth, timeout=timeout)
    normalized = normalize(raw, include_undocumented=include_undocumented)
    options = RenderOptions(class_name=class_name, include_undocumented=include_undocumented)
    found = inspect_app(normalized.app, options)
    sys.stdout.write(inspect_json(found) if as_json else inspect_text(found))
    return EXIT_CLEAN


def _print(reports: list[Report], errors: dict[str, str], fmt: Format, fail_on: FailOn) -> None:
    if fmt == "json":
        doc = json.loads(render_json(reports, fail_on))
        doc["errors"] = [{"name": n, "message": m} for n, m in sorted(errors.items())]
        if errors:
            doc["exit_code"] = EXIT_ERROR
        sys.stdout.write(json.dumps(doc, indent=1, ensure_ascii=True) + "\n")
        return
    if reports:
        sys.stdout.write(render_text(reports))
    for name, message in sorted(errors.items()):
        print(f"error: {name}: {message}", file=sys.stderr)
