"""``spacegen sync`` and ``spacegen check`` over every client of a build configuration.

Sources are fetched on a bounded thread pool (sources are synchronous); each client's failure
is reported and the others go on. Generation from a lock file needs no network.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from spacegen.generator import api
from spacegen.generator.check import diff_against_file
from spacegen.generator.drift import compare
from spacegen.generator.drift.report import Report
from spacegen.generator.normalize import normalize
from spacegen.generator.project.config import BuildConfig, ClientConfig
from spacegen.generator.project.progress import Progress
from spacegen.generator.project.vendor import rewrite, write_vendored
from spacegen.generator.raw.snapshot import RawSnapshot
from spacegen.generator.sources import load, save
from spacegen.generator.sources.detect import display_path
from spacegen.generator.sources.snapshot_file import load_snapshot_file
from spacegen.runtime.errors import ConfigError, SpacegenError


@dataclass(frozen=True)
class Outcome:
    """How one client went: ``error`` is a readable message when it failed."""

    name: str
    message: str
    error: str | None = None


def select(config: BuildConfig, names: Sequence[str]) -> list[ClientConfig]:
    """The clients named (all when ``names`` is empty); an unknown name is a ConfigError."""
    known = {c.name: c for c in config.clients}
    for name in names:
        if name not in known:
            listed = ", ".join(sorted(known))
            raise ConfigError(f"{config.path.name}: no client {name!r} (clients: {listed})")
    return [known[n] for n in names] if names else list(config.clients)


def sync(config: BuildConfig, clients: list[ClientConfig], progress: Progress) -> list[Outcome]:
    """Fetch every client's source, refresh its lock, regenerate its module."""
    return _each(config, clients, progress, _sync_one)


def fetch(client: ClientConfig) -> RawSnapshot:
    """The live description of ``client``'s source, recorded under the source as written."""
    where = client.location or client.source
    raw = load(where, token=client.token(), auth=client.auth(), timeout=client.timeout)
    if where != client.source:
        raw = dataclasses.replace(raw, source=display_path(client.source))
    return raw


def _sync_one(client: ClientConfig) -> str:
    raw = fetch(client)
    client.lock.parent.mkdir(parents=True, exist_ok=True)
    save(raw, client.lock)
    result = generate_from_lock(client, raw)
    api.write(result, client.output)
    if client.vendor_runtime:
        write_vendored(client.output, client.vendor_runtime)
    count = sum(1 for ep in result.app.endpoints if ep.visibility == "public")
    return f"{count} endpoints -> {_shown_path(client.output)}"


def generate_from_lock(client: ClientConfig, raw: RawSnapshot) -> api.GenerationResult:
    """The client's module from its lock (no network); vendored imports when configured."""
    result = api.generate_from_snapshot(
        raw,
        class_name=client.class_name,
        include_undocumented=client.include_undocumented,
        module_name=client.output.stem,
    )
    if client.vendor_runtime:
        files = {k: rewrite(v, client.vendor_runtime) for k, v in result.files.items()}
        result = api.GenerationResult(files, result.diagnostics, result.app)
    return result


def read_lock(client: ClientConfig) -> RawSnapshot:
    if not client.lock.is_file():
        raise ConfigError(f"{client.name}: no lock {_shown_path(client.lock)}; run spacegen sync")
    return load_snapshot_file(client.lock, _shown_path(client.lock))


def check(
    config: BuildConfig, clients: list[ClientConfig], progress: Progress, offline: bool
) -> tuple[list[Report], list[Outcome]]:
    """Drift of each client: lock vs live source (unless ``offline``), module vs lock."""
    reports: dict[str, Report] = {}

    def one(client: ClientConfig) -> str:
        reports[client.name] = check_client(client, offline)
        changes = reports[client.name].changes
        return f"{len(changes)} change(s)" if changes else "no API change"

    outcomes = _each(config, clients, progress, one)
    return [reports[c.name] for c in clients if c.name in reports], outcomes


def check_client(client: ClientConfig, offline: bool) -> Report:
    """One client's report (raises on a missing lock or an unreachable source)."""
    lock = read_lock(client)
    stale = diff_against_file(generate_from_lock(client, lock).module_text, client.output)
    report = Report(client.name, [], stale=stale is not None)
    if offline:
        report.notes.append("offline: only the module was compared with its lock")
        return report
    live = fetch(client)
    undocumented = client.include_undocumented
    old = normalize(lock, include_undocumented=undocumented).app
    new = normalize(live, include_undocumented=undocumented).app
    report.changes = compare(old, new, include_undocumented=undocumented)
    return report


def _each(
    config: BuildConfig,
    clients: list[ClientConfig],
    progress: Progress,
    work: Callable[[ClientConfig], str],
) -> list[Outcome]:
    def run(client: ClientConfig) -> Outcome:
        progress.start(client.name)
        try:
            outcome = Outcome(client.name, work(client))
        except (SpacegenError, OSError) as exc:
            outcome = Outcome(client.name, "failed", _message(exc))
        progress.finish(client.name, outcome.error or outcome.message)
        return outcome

    with ThreadPoolExecutor(max_workers=min(config.jobs, len(clients))) as pool:
        outcomes = list(pool.map(run, clients))
    progress.close()
    return outcomes


def _message(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.filename:
        return f"{exc.strerror or exc}: {exc.filename}"
    text = " ".join(str(exc).split()) or type(exc).__name__
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def _shown_path(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)
