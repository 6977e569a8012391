"""spacegen.runtime: what generated clients import. Depends on httpx (and sniffio, for speed).

Clients
    :class:`SpaceClient` / :class:`AsyncSpaceClient` (common base :class:`ClientBase`, which
    documents the options); generated subclasses add one method per endpoint.
    ``Client(src=None, *, token, auth, headers, cookies, timeout, ssl_verify, httpx_kwargs,
    download_files, verbose, job_timeout, stream_idle_timeout, verify_endpoints, verify_api,
    params, max_retries, wake_timeout, on_space_status, http_client)``. Constructing one makes
    no network call and starts no thread. ``with_options(timeout, max_retries, headers,
    job_timeout)`` gives a client sharing the connection and session. ``with`` /
    ``async with``, ``close()`` / ``aclose()``, ``reset_session()`` (fresh ``gr.State``),
    ``view_api()``, ``check_api()``, ``session_hash``.
    :func:`forward_zero_gpu_headers` forwards ``x-ip-token`` from inside another Gradio app.
Jobs
    ``submit_*`` methods return :class:`Job` / :class:`AsyncJob`: ``status()`` →
    :class:`JobStatus` (:class:`StatusCode`, rank, queue size, ETA, :class:`ProgressUnit`
    list, :class:`LogMessage` list), ``result(timeout)``, ``cancel()``, ``done()``,
    ``outputs()``, ``updates()``, iteration (``for`` / ``async for``) over a generator's
    yields, and ``on_status`` / ``on_output`` callbacks.
Batches
    ``batch_*`` methods call one endpoint over many inputs (:class:`BatchOptions`:
    concurrency, progress, checkpoint file, queue-full wait) and return one :class:`Result`
    per input, in input order (its ``value`` or its typed ``error``).
Pickling
    Clients (as their configuration: the copy starts its own session), results,
    :class:`RemoteFile` and every error pickle; a :class:`Job` does not (``UsageError``).
Files
    :data:`FileInput` in (path, Path, bytes, binary file, http(s) URL, FileData,
    RemoteFile); :class:`RemoteFile` out (lazy: ``read``/``save``/``path``, ``aread``/
    ``asave``/``apath``).
Component updates
    ``gr.update(value=...)`` / component returns are unwrapped to their value. An update
    without a value ("unchanged", e.g. ``gr.skip()``) is *not* reported as ``None``: the
    typed result carries the component's last value known to the session (``None`` only if
    the session never saw one), and ``Job.updates()`` gives one :class:`OutputUpdate` per
    visible output with ``changed=False`` plus the other properties the app set.
Errors
    One tree rooted at :class:`SpacegenError`, drawn in :mod:`spacegen.runtime.errors`.
"""

import typing as _typing

from spacegen.runtime._batch import BatchOptions, BatchProgress, Result
from spacegen.runtime._client import AsyncSpaceClient, ClientBase, SpaceClient
from spacegen.runtime._compat import require_runtime
from spacegen.runtime._endpoint import NOT_GIVEN, App, Endpoint, FileLocator, NotGiven
from spacegen.runtime._files import FileData, FileInput, RemoteFile
from spacegen.runtime._jobs import AsyncJob, Job
from spacegen.runtime._json import Json, JsonInput
from spacegen.runtime.errors import (
    ApiMismatchError,
    AppError,
    AuthenticationError,
    CancelNotSupportedError,
    ConnectError,
    ConnectionLostError,
    FileTooLargeError,
    HTTPStatusError,
    JobCancelledError,
    NetworkError,
    NotGradioError,
    ProtocolError,
    QueueFullError,
    QuotaExceededError,
    RateLimitedError,
    RuntimeVersionError,
    SpaceBrokenError,
    SpaceError,
    SpacegenError,
    SpaceNotFoundError,
    SpacePausedError,
    SpaceStartTimeoutError,
    StaleClientError,
    TimeoutError,
    UnexpectedStatusError,
    UsageError,
    ValidationError,
    ZeroGPUError,
)

if _typing.TYPE_CHECKING:
    from spacegen.runtime._lifecycle import SpaceStatus
    from spacegen.runtime._messages import JobStatus, LogMessage, ProgressUnit, StatusCode
    from spacegen.runtime._outputs import OutputUpdate
    from spacegen.runtime._transport import forward_zero_gpu_headers

#: Public names a generated module's top level never needs: imported on first access
#: (PEP 562), so ``import spacegen.runtime`` stays cheap.
_LAZY = {
    "JobStatus": "spacegen.runtime._messages",
    "LogMessage": "spacegen.runtime._messages",
    "OutputUpdate": "spacegen.runtime._outputs",
    "ProgressUnit": "spacegen.runtime._messages",
    "SpaceStatus": "spacegen.runtime._lifecycle",
    "StatusCode": "spacegen.runtime._messages",
    "forward_zero_gpu_headers": "spacegen.runtime._transport",
}

__all__ = [
    "NOT_GIVEN",
    "ApiMismatchError",
    "App",
    "AppError",
    "AsyncJob",
    "AsyncSpaceClient",
    "AuthenticationError",
    "BatchOptions",
    "BatchProgress",
    "CancelNotSupportedError",
    "ClientBase",
    "ConnectError",
    "ConnectionLostError",
    "Endpoint",
    "FileData",
    "FileInput",
    "FileLocator",
    "FileTooLargeError",
    "HTTPStatusError",
    "Job",
    "JobCancelledError",
    "JobStatus",
    "Json",
    "JsonInput",
    "LogMessage",
    "NetworkError",
    "NotGiven",
    "NotGradioError",
    "OutputUpdate",
    "ProgressUnit",
    "ProtocolError",
    "QueueFullError",
    "QuotaExceededError",
    "RateLimitedError",
    "RemoteFile",
    "Result",
    "RuntimeVersionError",
    "SpaceBrokenError",
    "SpaceClient",
    "SpaceError",
    "SpaceNotFoundError",
    "SpacePausedError",
    "SpaceStartTimeoutError",
    "SpaceStatus",
    "SpacegenError",
    "StaleClientError",
    "StatusCode",
    "TimeoutError",
    "UnexpectedStatusError",
    "UsageError",
    "ValidationError",
    "ZeroGPUError",
    "forward_zero_gpu_headers",
    "require_runtime",
]


if not _typing.TYPE_CHECKING:  # type checkers see the imports above, not a catch-all __getattr__

    def __getattr__(name: str) -> object:
        module = _LAZY.get(name)
        if module is None:
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
        from importlib import import_module  # noqa: PLC0415  # only on first lazy access

        value = getattr(import_module(module), name)
        globals()[name] = value
        return value

    def __dir__() -> list[str]:
        return sorted({*globals(), *__all__})
