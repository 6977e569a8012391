"""Running the differential test over app folders: launch, generate, call, compare."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import classify as c
from .apps import Host, missing_requirements
from .calls import Outcome, call_gradio, call_spacegen, describe, fetch_json, generate_client
from .compare import GradioSide, abbreviate, conformance_error, return_hint, spacegen_outputs
from .inputs import SampleFiles, build_args


@dataclass(frozen=True)
class Settings:
    workdir: Path
    call_timeout: float = 30.0
    launch_timeout: float = 180.0  # the first app of a host (includes `import gradio`)
    app_timeout: float = 90.0  # each further app
    batch: int = 10  # apps per host process


def row(app: str, endpoint: str | None, outcome: str, reason: str = "", **more: Any) -> dict:
    return {"app": app, "endpoint": endpoint, "outcome": outcome, "reason": reason,
            "cause": c.cause_of(outcome, reason), **more}  # fmt: skip


def run(app_dirs: list[Path], settings: Settings, log: Any = print) -> list[dict[str, Any]]:
    """Rows for every app of ``app_dirs``: one per endpoint, one per app that cannot run, and
    ``launched`` rows (endpoint ``None``) for apps that ran (some have no public endpoint)."""
    rows: list[dict[str, Any]] = []
    runnable = []
    for app_dir in app_dirs:
        missing = missing_requirements(app_dir)
        if missing:
            rows.append(row(app_dir.name, None, c.NOT_RUNNABLE, f"needs {', '.join(missing)}"))
        else:
            runnable.append(app_dir)
    unserved = _serve(runnable, settings, log, rows)
    if unserved:  # a host stopped at an app over its time limit: the apps after it get a new one
        unserved = _serve(unserved, settings, log, rows)
    for app_dir in unserved:
        rows.append(row(app_dir.name, None, c.LAUNCH_FAILED, "host stopped before launching it"))
    return rows


def _serve(app_dirs: list[Path], settings: Settings, log: Any, rows: list[dict]) -> list[Path]:
    """Launch and call ``app_dirs`` batch by batch, adding rows; return those never launched."""
    unserved = []
    for host, batch in _hosts(app_dirs, settings):
        with contextlib.closing(_Stopper(host)):
            launched = host.wait(settings.launch_timeout, settings.app_timeout)
            for app_dir in batch:
                name = app_dir.name
                if name in launched.ports:
                    host.chdir(app_dir)
                    rows.append(row(name, None, c.LAUNCHED))
                    where = (launched.ports[name], launched.auth.get(name))
                    rows += run_app(app_dir, where, settings, log)
                elif name in launched.errors:
                    rows.append(row(name, None, c.LAUNCH_FAILED, launched.errors[name]))
                    log(f"{name}: launch failed: {launched.errors[name].splitlines()[-1][:200]}")
                else:
                    unserved.append(app_dir)
    return unserved


class _Stopper:
    def __init__(self, host: Host) -> None:
        self.host = host

    def close(self) -> None:
        self.host.stop()


def _hosts(app_dirs: list[Path], settings: Settings) -> Iterator[tuple[Host, list[Path]]]:
    """A host per batch; the next one boots while the current one is being called."""
    batches = [app_dirs[i : i + settings.batch] for i in range(0, len(app_dirs), settings.batch)]
    pending: tuple[Host, list[Path]] | None = None
    for index, batch in enumerate(batches):
        current = pending or (Host(batch, settings.workdir / f"host{index}"), batch)
        if index + 1 < len(batches):
            nxt = batches[index + 1]
            pending = (Host(nxt, settings.workdir / f"host{index + 1}"), nxt)
        yield current


def run_app(
    app_dir: Path, where: tuple[int, tuple[str, str] | None], settings: Settings, log: Any
) -> list[dict[str, Any]]:
    """Rows of every public endpoint of one running app (at port ``where[0]``, login ``[1]``)."""
    app, url, auth = app_dir.name, f"http://127.0.0.1:{where[0]}", where[1]
    try:
        config = fetch_json(url, "/config", auth)
        info = fetch_json(url, "/gradio_api/info", auth)
        module = generate_client(url, app, settings.workdir / "clients", auth)
    except Exception as exc:
        log(f"{app}: generate failed: {describe(exc)}")
        return [row(app, None, c.GENERATE_FAILED, describe(exc))]
    context = {"config": config, "info": info, "module": module, "auth": auth}
    with _App(app_dir, url, settings=settings, **context) as session:
        rows = session.run_all()
    log(f"{app}: " + ", ".join(f"{r['endpoint']}={r['outcome']}" for r in rows))
    return rows


class _App:
    """One app's three clients (spacegen, gradio_client twice) and its endpoint loop."""

    def __init__(
        self,
        app_dir: Path,
        url: str,
        *,
        config: dict[str, Any],
        info: dict[str, Any],
        module: Any,
        settings: Settings,
        auth: tuple[str, str] | None,
    ) -> None:
        from gradio_client import Client  # noqa: PLC0415

        self.app, self.info, self.module, self.settings = app_dir.name, info, module, settings
        self.causes = c.source_causes(app_dir)
        work = settings.workdir / self.app
        self.files = SampleFiles(settings.workdir / "samples")
        limit = settings.call_timeout
        self.sg = module.Client(url, auth=auth, timeout=limit, job_timeout=limit)
        options = {"verbose": False, "analytics_enabled": False, "auth": auth}
        self.gc = [Client(url, download_files=work / f"gc{i}", **options) for i in (1, 2)]
        self.sides = [GradioSide(work / f"gc{i}", config, url) for i in (1, 2)]

    def __enter__(self) -> _App:
        return self

    def __exit__(self, *exc: object) -> None:
        self.sg.close()
        for client in self.gc:
            with contextlib.suppress(Exception):
                client.close()

    def run_all(self) -> list[dict[str, Any]]:
        endpoints = self.module.Client._app.endpoints
        rows = [self.endpoint(ep) for ep in endpoints]
        generated = {ep.api_name for ep in endpoints}
        for api_name in self.info.get("named_endpoints", {}):
            if api_name not in generated:
                rows.append(row(self.app, api_name, c.ONLY_SPACEGEN_FAILED, "no method generated"))
        return rows

    def endpoint(self, ep: Any) -> dict[str, Any]:
        from gradio_client import handle_file  # noqa: PLC0415

        params = self.info["named_endpoints"].get(ep.api_name, {}).get("parameters", [])
        sg_args = build_args(params, self.files, lambda p: p)
        gc_args = build_args(params, self.files, lambda p: handle_file(str(p)))
        timeout = self.settings.call_timeout
        calls = c.Calls(
            gradio=call_gradio(self.gc[0], ep.api_name, gc_args, timeout),
            spacegen=call_spacegen(getattr(self.sg, ep.method), sg_args),
            gradio_again=call_gradio(self.gc[1], ep.api_name, gc_args, timeout),
        )
        conformance = self._normalise(calls, ep)
        outcome, reason = c.classify(calls, self.causes)
        if outcome == c.DIFFER:
            reason = c.diagnose(calls)
        return row(self.app, ep.api_name, outcome, reason, conformance=conformance,
                   spacegen=_shown(calls.spacegen, calls.spacegen_plain),
                   gradio_client=_shown(calls.gradio, calls.gradio_plain),
                   seconds=round(calls.spacegen.seconds, 3))  # fmt: skip

    def _normalise(self, calls: c.Calls, ep: Any) -> str | None:
        """Fill the normalised values; return the conformance failure of spacegen's value."""
        ids, conformance = visible_ids(ep), None
        if calls.spacegen.error is None:
            method = getattr(type(self.sg), ep.method)
            namespace = vars(self.module)
            hint = return_hint(method, namespace)
            conformance = conformance_error(calls.spacegen.value, hint, namespace)
            calls.spacegen_plain = _safely(lambda: spacegen_outputs(calls.spacegen.value, len(ids)))
            if isinstance(calls.spacegen_plain, str) and calls.spacegen_plain.startswith(_FAILED):
                # its files are lazy: a download that fails is the call failing (gradio_client
                # downloads while calling)
                calls.spacegen.error = calls.spacegen_plain
        pairs = zip(
            ("gradio_plain", "gradio_again_plain"),
            (calls.gradio, calls.gradio_again),
            self.sides,
            strict=True,
        )
        for attr, outcome, side in pairs:
            if outcome.error is None:
                setattr(calls, attr, _safely(lambda o=outcome, s=side: s.outputs(o.value, ids)))
        return conformance


def visible_ids(ep: Any) -> tuple[int | None, ...]:
    """Component id of each output the caller sees (State outputs are hidden), in order."""
    ids = tuple(ep.output_ids) or (None,) * len(ep.outputs)
    return tuple(cid for cid, pos in zip(ids, ep.outputs, strict=True) if pos is not None)


_FAILED = "reading its files failed: "


def _safely(make: Any) -> Any:
    try:
        return make()
    except Exception as exc:
        return _FAILED + describe(exc)


def _shown(outcome: Outcome, plain: Any) -> str:
    if outcome.error is not None:
        return f"error: {outcome.error}"
    return abbreviate(plain)


def elapsed(start: float) -> float:
    return round(time.monotonic() - start, 1)
