"""Base classes of generated clients.

Generated methods call only ``self._call(EP, args)``, ``self._submit(EP, args)``,
``self._stream(EP, args)`` and ``self._batch(EP, inputs, options)``. Constructing a client
makes no network call and starts no thread: the httpx client, the session and its reader are
created on the first call.

Importing this module stays cheap (a generated module imports it at its top level): the
protocol core, the sync/async shells and asyncio are imported where they are first needed
(construction or the first call), never here.
"""

from __future__ import annotations

import builtins
import contextlib
import functools
import threading
from collections.abc import AsyncIterator, Coroutine, Iterable, Iterator, Mapping
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, ClassVar, Literal, TypeVar

from spacegen.runtime._detached import Detached
from spacegen.runtime._endpoint import App, Endpoint
from spacegen.runtime._files import Upload, locate_files
from spacegen.runtime._jobs import AsyncJob, Job
from spacegen.runtime.errors import SpacegenError, TimeoutError, UsageError

if TYPE_CHECKING:
    from spacegen.runtime._async import AsyncSession, AsyncTransport
    from spacegen.runtime._batch import BatchOptions, Result
    from spacegen.runtime._core import JobState
    from spacegen.runtime._files import Fetcher
    from spacegen.runtime._jobs import OutputCallback, StatusCallback
    from spacegen.runtime._sync import Session
    from spacegen.runtime._sync_io import Transport

T = TypeVar("T")
_Sync = TypeVar("_Sync", bound="SpaceClient")
_Async = TypeVar("_Async", bound="AsyncSpaceClient")


class _Options:
    """Constructor options shared by sync and async clients.

    ``src``: the app's URL or Space id (default: the source the client was generated from).
    ``token``: Hugging Face token, sent on every request. ``auth``: ``(user, password)`` for
    apps launched with ``auth=`` (logs in on the first call). ``headers``/``cookies``: extra
    ones for every request. ``timeout``: seconds for each HTTP request and for connecting
    (None = no limit); it does not bound a whole call. ``stream_idle_timeout``: seconds an
    event stream may stay silent before it counts as dead (default 45: Gradio sends a
    heartbeat every 15 s, so lower values can cut a live stream; None = no limit).
    ``job_timeout``: the bound of a whole call and the default of ``result()`` (None = wait
    for the app).
    ``download_files``: directory for output files, or False to download only on request.
    ``verbose``: print job status changes to stderr. Nothing is ever sent anywhere else.
    ``verify_endpoints``: before a session's first job, read the app's ``/config`` once and
    check that every endpoint still has the name, inputs and outputs the client was generated
    for; a moved endpoint is called at its new ``fn_index``, a removed or changed one raises
    ``StaleClientError``. Pass False when you pin the app's version: no ``/config`` request,
    calls go to the baked ``fn_index`` (an app changed since generation may then run another
    function), and unchanged outputs fall back to the baked initial values.
    """

    _app: ClassVar[App]

    def __init__(
        self,
        src: str | None = None,
        *,
        token: str | None = None,
        auth: tuple[str, str] | None = None,
        headers: Mapping[str, str] | None = None,
        cookies: Mapping[str, str] | None = None,
        timeout: float | None = 60.0,
        ssl_verify: bool = True,
        httpx_kwargs: Mapping[str, Any] | None = None,
        download_files: str | Path | Literal[False] = False,
        verbose: bool = False,
        job_timeout: float | None = None,
        stream_idle_timeout: float | None = 45.0,
        verify_endpoints: bool = True,
    ) -> None:
        import spacegen.runtime._transport as shared  # noqa: PLC0415  # lazy (imports httpx)

        self._opts = shared.Options(
            src, token, auth, dict(headers or {}), dict(cookies or {}), timeout, ssl_verify,
            dict(httpx_kwargs or {}), download_files, verbose, job_timeout,
            stream_idle_timeout, verify_endpoints,
        )  # fmt: skip
        self.src = src
        app = self._app_or_fail()
        self.base_url = shared.resolve_source(src, app.source, app.space_id)
        self._closed = False
        self._setup()

    def _setup(self) -> None:
        """Per-shell state (nothing here may do I/O or start a thread)."""

    def __reduce__(self) -> tuple[Any, ...]:
        """A client pickles as its class and configuration; the copy starts its own session."""
        from dataclasses import fields  # noqa: PLC0415  # lazy: pickling only

        return _rebuild, (
            type(self),
            {f.name: getattr(self._opts, f.name) for f in fields(self._opts)},
        )

    def _app_or_fail(self) -> App:
        app = getattr(type(self), "_app", None)
        if not isinstance(app, App):
            raise UsageError(f"{type(self).__name__} has no _app: use a generated client class")
        return app

    def view_api(self) -> None:
        """Print a table of the client's methods (from the generated endpoint table)."""
        app = self._app
        where = self.base_url or "(Space host resolved on the first call)"
        print(f"{type(self).__name__}: {app.source} (gradio {app.gradio_version}) at {where}")
        rows = [("endpoint", "method", "also")] + [
            (ep.api_name, ep.signature, _variants(ep)) for ep in app.endpoints
        ]
        widths = [max(len(row[i]) for row in rows) for i in range(2)]
        for api_name, signature, also in rows:
            print(f"  {api_name:<{widths[0]}}  {signature:<{widths[1]}}  {also}".rstrip())

    def _check_open(self) -> None:
        if self._closed:
            raise UsageError("this client was closed")


def _rebuild(cls: type[_Options], options: dict[str, Any]) -> _Options:
    return cls(**options)


def _variants(endpoint: Endpoint[Any]) -> str:
    names = [f"submit_{endpoint.method}"]
    if endpoint.generator:
        names.append(f"stream_{endpoint.method}")
    return ", ".join(names)


class SpaceClient(_Options):
    """Base of every generated sync client."""

    def _setup(self) -> None:
        self._lock = threading.Lock()
        self._transport: Transport | None = None
        self._session: Session | None = None

    # -- generated code calls these ----------------------------------------------------

    def _call(self, endpoint: Endpoint[T], args: tuple[object, ...]) -> T:
        inline = self._opts.job_timeout is None  # read the stream in this thread if free
        job, session, state = self._begin(endpoint, args, None, None, not inline)
        if inline:
            session.wait_inline(state)
        return job.result()

    def _submit(
        self,
        endpoint: Endpoint[T],
        args: tuple[object, ...],
        on_status: StatusCallback | None = None,
        on_output: OutputCallback | None = None,
    ) -> Job[T]:
        return self._begin(endpoint, args, on_status, on_output, True)[0]

    def _begin(
        self,
        endpoint: Endpoint[T],
        args: tuple[object, ...],
        on_status: StatusCallback | None,
        on_output: OutputCallback | None,
        background: bool,
    ) -> tuple[Job[T], Session, JobState[T]]:
        session = self._current_session()
        endpoint = session.resolve(endpoint)
        wire_args, uploads = _wire_args(endpoint, args)
        session.transport.upload(uploads)
        state = _job_state(endpoint, session)
        opts = self._opts
        job = Job(
            state, session, opts.job_timeout,
            on_status=on_status, on_output=on_output, verbose=opts.verbose,
        )  # fmt: skip
        session.join(state, _build_data(endpoint, wire_args), background)
        return job, session, state

    def _stream(self, endpoint: Endpoint[T], args: tuple[object, ...]) -> Iterator[T]:
        return _until_done(self._submit(endpoint, args))

    def _batch(
        self, endpoint: Endpoint[T], inputs: Iterable[Any], opts: BatchOptions, unary: bool = False
    ) -> list[Result[T]]:
        from spacegen.runtime import _batch  # noqa: PLC0415  # lazy: batches only

        items = _batch.items_of(inputs, unary, endpoint)
        call = functools.partial(self._call, endpoint)
        return _batch.run(call, endpoint, items, opts, self._fetcher())

    def _fetcher(self) -> Fetcher:
        return self._transport or Detached(self._app, self._opts)

    # -- lifecycle ---------------------------------------------------------------------

    @property
    def session_hash(self) -> str | None:
        return self._session.session_hash if self._session is not None else None

    def reset_session(self) -> None:
        """Start a new session (fresh ``gr.State``); running jobs of the old one finish."""
        with self._lock:
            old, self._session = self._session, None
        if old is not None:
            old.retire()

    def close(self) -> None:
        with self._lock:
            self._closed = True
            session, transport = self._session, self._transport
            self._session = None
        if session is not None:
            session.close()
        if transport is not None:
            transport.close()

    def __enter__(self: _Sync) -> _Sync:  # a bound TypeVar, not Self: jedi 0.20 completes it
        return self

    def __exit__(
        self, t: type[BaseException] | None, e: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def _current_session(self) -> Session:
        with self._lock:
            self._check_open()
            if self._session is None:
                self._session = self._new_session()
            return self._session

    def _new_session(self) -> Session:
        """A session on the client's transport, made on first use (caller holds the lock)."""
        from spacegen.runtime._sync import Session  # noqa: PLC0415  # lazy: first call only
        from spacegen.runtime._sync_io import Transport  # noqa: PLC0415  # lazy: first call only

        if self._transport is None:
            self._transport = Transport(self._app, self._opts)
        return Session(self._transport)


def _wire_args(
    endpoint: Endpoint[Any], args: tuple[object, ...]
) -> tuple[tuple[object, ...], list[Upload]]:
    """Defaults filled in, file inputs replaced by wire FileData; what must be uploaded."""
    import spacegen.runtime._protocol as protocol  # noqa: PLC0415  # lazy: protocol core

    return locate_files(protocol.fill_defaults(endpoint, args), endpoint.files)


def _build_data(endpoint: Endpoint[Any], wire_args: tuple[object, ...]) -> list[Any]:
    import spacegen.runtime._protocol as protocol  # noqa: PLC0415  # lazy: protocol core

    return protocol.build_data(endpoint, wire_args)


def _job_state(endpoint: Endpoint[T], session: Session | AsyncSession) -> JobState[T]:
    """A fresh job's state, mapping outputs with the session's transport and memory."""
    import spacegen.runtime._core as core  # noqa: PLC0415  # lazy: protocol core
    import spacegen.runtime._outputs as outputs  # noqa: PLC0415  # lazy: protocol core

    transport = session.transport
    mapper = outputs.OutputMapper(
        endpoint, transport, transport.file_url, session.memory, session.initial_value
    )
    return core.JobState(mapper)


def _until_done(job: Job[T]) -> Iterator[T]:
    try:
        yield from job
    finally:
        if not job.done():
            with contextlib.suppress(SpacegenError):
                job.cancel()


class AsyncSpaceClient(_Options):
    """Base of every generated async client."""

    def _setup(self) -> None:
        self._transport: AsyncTransport | None = None
        self._session: AsyncSession | None = None

    async def _call(self, endpoint: Endpoint[T], args: tuple[object, ...]) -> T:
        if self._opts.verbose:
            return await self._submit(endpoint, args).result()
        import asyncio  # noqa: PLC0415  # lazy: only the async client needs asyncio

        session = self._current_session()  # fast path: no Job object, no extra task
        state = _job_state(endpoint, session)
        done = asyncio.Event()
        state.listener = lambda: done.set() if state.done else None
        await _start(session, state, endpoint, args)
        if not state.done:
            await _bounded(done.wait(), self._opts.job_timeout, endpoint.api_name)
        return state.outcome()

    def _submit(
        self,
        endpoint: Endpoint[T],
        args: tuple[object, ...],
        on_status: StatusCallback | None = None,
        on_output: OutputCallback | None = None,
    ) -> AsyncJob[T]:
        session = self._current_session()
        state = _job_state(endpoint, session)
        opts = self._opts
        start = _start(session, state, endpoint, args)
        return AsyncJob(
            state, start, lambda: session, opts.job_timeout,
            on_status=on_status, on_output=on_output, verbose=opts.verbose,
        )  # fmt: skip

    def _stream(self, endpoint: Endpoint[T], args: tuple[object, ...]) -> AsyncIterator[T]:
        return _auntil_done(self._submit(endpoint, args))

    async def _batch(
        self, endpoint: Endpoint[T], inputs: Iterable[Any], opts: BatchOptions, unary: bool = False
    ) -> list[Result[T]]:
        from spacegen.runtime import _batch  # noqa: PLC0415  # lazy: batches only

        items = _batch.items_of(inputs, unary, endpoint)
        call = functools.partial(self._call, endpoint)
        fetcher = self._transport or Detached(self._app, self._opts)
        return await _batch.arun(call, endpoint, items, opts, fetcher)

    @property
    def session_hash(self) -> str | None:
        return self._session.session_hash if self._session is not None else None

    async def reset_session(self) -> None:
        """Start a new session (fresh ``gr.State``); running jobs of the old one finish."""
        old, self._session = self._session, None
        if old is not None:
            await old.retire()

    async def aclose(self) -> None:
        self._closed = True
        session, transport = self._session, self._transport
        self._session = None
        if session is not None:
            await session.aclose()
        if transport is not None:
            await transport.aclose()

    async def __aenter__(self: _Async) -> _Async:  # (see SpaceClient.__enter__)
        return self

    async def __aexit__(
        self, t: type[BaseException] | None, e: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.aclose()

    def _current_session(self) -> AsyncSession:
        self._check_open()
        if self._session is None:
            self._session = self._new_session()
        return self._session

    def _new_session(self) -> AsyncSession:
        """A session on the client's transport, made on first use."""
        from spacegen.runtime._async import AsyncSession, AsyncTransport  # noqa: PLC0415  # lazy

        if self._transport is None:
            self._transport = AsyncTransport(self._app, self._opts)
        return AsyncSession(self._transport)


async def _start(
    session: AsyncSession, state: JobState[T], endpoint: Endpoint[T], args: tuple[object, ...]
) -> None:
    state.rebind(await session.resolve(endpoint))  # the live fn_index (a no-op when known)
    wire_args, uploads = _wire_args(endpoint, args)
    await session.transport.upload(uploads)
    await session.join(state, _build_data(endpoint, wire_args))


async def _bounded(waiting: Coroutine[Any, Any, Any], limit: float | None, name: str) -> None:
    import asyncio  # noqa: PLC0415  # lazy: only the async client needs asyncio

    try:
        await asyncio.wait_for(waiting, limit)
    except builtins.TimeoutError:
        raise TimeoutError(f"{name}: no result within {limit} s") from None


async def _auntil_done(job: AsyncJob[T]) -> AsyncIterator[T]:
    try:
        async for value in job:
            yield value
    finally:
        if not job.done():
            with contextlib.suppress(SpacegenError):
                await job.cancel()
