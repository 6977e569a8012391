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
from collections.abc import AsyncIterator, Callable, Coroutine, Iterable, Iterator, Mapping
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, ClassVar, Literal, TypeVar

from spacegen.runtime._detached import Detached
from spacegen.runtime._endpoint import NOT_GIVEN, App, Endpoint, NotGiven
from spacegen.runtime._files import Upload, locate_files
from spacegen.runtime._jobs import AsyncJob, Job, no_result
from spacegen.runtime.errors import SpacegenError, UsageError

if TYPE_CHECKING:
    from spacegen.runtime._api_check import ApiChange
    from spacegen.runtime._async import AsyncSession, AsyncTransport
    from spacegen.runtime._batch import BatchOptions, Result
    from spacegen.runtime._core import JobState
    from spacegen.runtime._files import Fetcher
    from spacegen.runtime._jobs import OutputCallback, StatusCallback
    from spacegen.runtime._lifecycle import SpaceStatus
    from spacegen.runtime._sync import Session
    from spacegen.runtime._sync_io import Transport
    from spacegen.runtime._transport import CallOptions

T = TypeVar("T")
_Sync = TypeVar("_Sync", bound="SpaceClient")
_Async = TypeVar("_Async", bound="AsyncSpaceClient")
_C = TypeVar("_C", bound="ClientBase")


class ClientBase:
    """Constructor options and helpers shared by :class:`SpaceClient` and
    :class:`AsyncSpaceClient` (public so type checkers' messages name it).

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
    ``max_retries`` (default 2): resends of requests that cannot run a job twice (``/config``,
    login, uploads, downloads, a queue join the server refused with 429/503) after connection
    errors and 408/429/502/503/504, with exponential backoff and jitter, honouring a 429's
    ``Retry-After``. A job the server accepted is never resent.
    ``wake_timeout`` (default 300 s; None = no limit): how long to wait for a sleeping or
    starting Space (asked of the Hub, ``HF_ENDPOINT`` honoured); ``on_space_status`` is called
    with a ``SpaceStatus`` at each look (``verbose`` prints them).
    ``http_client``: your own ``httpx.Client`` (``httpx.AsyncClient`` for async clients) for
    proxies, mTLS or event hooks; never closed by spacegen (``timeout``/``ssl_verify``/
    ``httpx_kwargs`` then come from it; the token and headers are added where it has none).
    ``verify_endpoints``: before a session's first job, read the app's ``/config`` once and
    check that every endpoint still has the name, inputs and outputs the client was generated
    for; a moved endpoint is called at its new ``fn_index``, a removed or changed one raises
    ``StaleClientError``. Pass False when you pin the app's version: no ``/config`` request,
    calls go to the baked ``fn_index`` (an app changed since generation may then run another
    function), and unchanged outputs fall back to the baked initial values.
    ``params``: query parameters added to every request; the app sees them in
    ``gr.Request.query_params`` (as it sees ``headers`` in ``gr.Request.headers``).
    ``verify_api``: before the first job, also read the app's ``/info`` once and raise
    ``ApiMismatchError`` (each change classified) when the app's API breaks this client;
    ``check_api()`` does the same on demand and returns every change, additive ones included.
    """

    _app: ClassVar[App]
    _root: ClientBase

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
        verify_api: bool = False,
        params: Mapping[str, str] | None = None,
        max_retries: int = 2,
        wake_timeout: float | None = 300.0,
        on_space_status: Callable[[SpaceStatus], None] | None = None,
        http_client: Any = None,
    ) -> None:
        import spacegen.runtime._transport as shared  # noqa: PLC0415  # lazy (imports httpx)

        self._opts = shared.Options(
            src, token, auth, dict(headers or {}), dict(cookies or {}), timeout, ssl_verify,
            dict(httpx_kwargs or {}), download_files, verbose, job_timeout,
            stream_idle_timeout, verify_endpoints, verify_api, dict(params or {}),
            max_retries, wake_timeout, on_space_status, http_client,
        )  # fmt: skip
        self._root = self  # with_options() copies share the root's connection and session
        self._closed = False
        self._call_opts: CallOptions | None = None
        self.src = src
        app = self._app_or_fail()
        self.base_url = shared.resolve_source(src, app.source, app.space_id)
        self._setup()

    def _setup(self) -> None:
        """Per-shell state (nothing here may do I/O or start a thread)."""

    def with_options(
        self: _C,
        *,
        timeout: float | NotGiven | None = NOT_GIVEN,
        max_retries: int | None = None,
        headers: Mapping[str, str] | None = None,
        job_timeout: float | NotGiven | None = NOT_GIVEN,
    ) -> _C:
        """A client for calls with other options, sharing this one's connection pool and
        session (closing either closes both).

        ``timeout``: seconds for each HTTP request of a call; ``max_retries``; ``headers``
        added to every request of a call (e.g. ``{"x-ip-token": ...}`` for ZeroGPU quota);
        ``job_timeout``: the bound of a whole call. Example:
        ``client.with_options(timeout=5, max_retries=0).echo_text("hi")``.
        """
        from spacegen.runtime import _transport  # noqa: PLC0415  # loaded by now

        clone = object.__new__(type(self))  # not copy.copy: __reduce__ would make a new client
        clone.__dict__.update(self.__dict__)
        clone._call_opts = _transport.more_call_options(
            self._call_opts, timeout, max_retries, headers or {}
        )
        clone._opts = _transport.with_job_timeout(self._opts, job_timeout)
        return clone

    def __reduce__(self) -> tuple[Any, ...]:
        """A client pickles as its class and configuration; the copy starts its own session."""
        from dataclasses import fields  # noqa: PLC0415  # lazy: pickling only

        if self._opts.http_client is not None:
            raise UsageError(
                "a client made with http_client=... cannot be pickled (the httpx client cannot "
                "travel): pickle one made with plain options"
            )
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
        if self._root._closed:
            raise UsageError("this client was closed")

    def _scope(self) -> contextlib.AbstractContextManager[None]:
        """Requests made inside use this client's ``with_options`` (if any)."""
        if self._call_opts is None:
            return contextlib.nullcontext()
        from spacegen.runtime._transport import scoped_call  # noqa: PLC0415  # loaded by now

        return scoped_call(self._call_opts)


def _rebuild(cls: type[ClientBase], options: dict[str, Any]) -> ClientBase:
    return cls(**options)


def _variants(endpoint: Endpoint[Any]) -> str:
    names = [f"submit_{endpoint.method}"]
    if endpoint.generator:
        names.append(f"stream_{endpoint.method}")
    return ", ".join(names)


class SpaceClient(ClientBase):
    """Base of every generated sync client."""

    _root: SpaceClient

    def _setup(self) -> None:
        self._opts.check_http_client(asynchronous=False)
        self._lock = threading.Lock()
        self._transport: Transport | None = None
        self._session: Session | None = None

    # -- generated code calls these ----------------------------------------------------

    def _call(self, endpoint: Endpoint[T], args: tuple[object, ...]) -> T:
        if self._opts.verbose:
            return self._submit(endpoint, args).result()
        timeout = self._opts.job_timeout
        inline = timeout is None  # read the stream in this thread if free
        done = threading.Event()  # fast path: no Job (condition, watcher) per call
        with self._scope():
            session, state, data = self._prepare(endpoint, args)
            state.listener = lambda: done.set() if state.done else None
            session.join(state, data, not inline)
        if inline:
            session.wait_inline(state)
        if not state.done and not done.wait(timeout):
            raise no_result(endpoint.api_name, timeout)
        return state.outcome()

    def _submit(
        self,
        endpoint: Endpoint[T],
        args: tuple[object, ...],
        on_status: StatusCallback | None = None,
        on_output: OutputCallback | None = None,
    ) -> Job[T]:
        with self._scope():
            return self._begin(endpoint, args, on_status, on_output, True)[0]

    def _begin(
        self,
        endpoint: Endpoint[T],
        args: tuple[object, ...],
        on_status: StatusCallback | None,
        on_output: OutputCallback | None,
        background: bool,
    ) -> tuple[Job[T], Session, JobState[T]]:
        session, state, data = self._prepare(endpoint, args)
        opts = self._opts
        job = Job(
            state, session, opts.job_timeout,
            on_status=on_status, on_output=on_output, verbose=opts.verbose,
        )  # fmt: skip
        session.join(state, data, background)
        return job, session, state

    def _prepare(
        self, endpoint: Endpoint[T], args: tuple[object, ...]
    ) -> tuple[Session, JobState[T], list[Any]]:
        """Everything before the join: checks, live endpoint, uploads, the job's state, data."""
        _check_args(endpoint, args)  # before any request: a wrong kind is the caller's bug
        session = self._current_session()
        endpoint = session.resolve(endpoint)
        kept = _kept(endpoint, args, session.memory)
        wire_args, uploads = _wire_args(endpoint, kept, session.transport.app)
        session.transport.upload(uploads)
        return session, _job_state(endpoint, session), _build_data(endpoint, wire_args)

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
        session = self._root._session
        return session.session_hash if session is not None else None

    def reset_session(self) -> None:
        """Start a new session (fresh ``gr.State``); running jobs of the old one finish."""
        root = self._root
        with root._lock:
            old, root._session = root._session, None
        if old is not None:
            old.retire()

    def close(self) -> None:
        root = self._root
        with root._lock:
            root._closed = True
            session, transport = root._session, root._transport
            root._session = None
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

    def check_api(self) -> tuple[ApiChange, ...]:
        """Compare the app's live API (one ``GET /info``) with the one this client was made
        for: every change, classified; raises ``ApiMismatchError`` if one breaks the client."""
        return self._current_session().transport.api_changes()

    def _current_session(self) -> Session:
        root = self._root
        with root._lock:
            self._check_open()
            if root._session is None:
                root._session = root._new_session()
            return root._session

    def _new_session(self) -> Session:
        """A session on the client's transport, made on first use (caller holds the lock)."""
        from spacegen.runtime._sync import Session  # noqa: PLC0415  # lazy: first call only
        from spacegen.runtime._sync_io import Transport  # noqa: PLC0415  # lazy: first call only

        if self._transport is None:
            self._transport = Transport(self._app, self._opts)
        return Session(self._transport)


def _wire_args(
    endpoint: Endpoint[Any], args: tuple[object, ...], app: App
) -> tuple[tuple[object, ...], list[Upload]]:
    """Defaults filled in, file inputs replaced by wire FileData; what must be uploaded.

    Gradio 3.x takes images only inline (a base64 data URL): those are not uploaded."""
    import spacegen.runtime._protocol as protocol  # noqa: PLC0415  # lazy: protocol core

    inline: frozenset[int] = frozenset()
    if app.file_format == "v3":
        kinds = zip(endpoint.slots, endpoint.input_types, strict=False)
        inline = frozenset(arg for arg, kind in kinds if arg is not None and kind == "image")
    return locate_files(protocol.fill_defaults(endpoint, args), endpoint.files, inline)


def _check_args(endpoint: Endpoint[Any], args: tuple[object, ...]) -> None:
    if endpoint.checks:
        from spacegen.runtime._args import check_args  # noqa: PLC0415  # lazy: first call only

        check_args(endpoint, args)


def _kept(endpoint: Endpoint[Any], args: tuple[object, ...], memory: Any) -> tuple[object, ...]:
    if not endpoint.browser_state:
        return args
    from spacegen.runtime._args import kept_browser_state  # noqa: PLC0415  # lazy

    return kept_browser_state(endpoint, args, memory)


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


class AsyncSpaceClient(ClientBase):
    """Base of every generated async client."""

    _root: AsyncSpaceClient

    def _setup(self) -> None:
        self._opts.check_http_client(asynchronous=True)
        self._transport: AsyncTransport | None = None
        self._session: AsyncSession | None = None

    async def _call(self, endpoint: Endpoint[T], args: tuple[object, ...]) -> T:
        if self._opts.verbose:
            return await self._submit(endpoint, args).result()
        import asyncio  # noqa: PLC0415  # lazy: only the async client needs asyncio

        _check_args(endpoint, args)  # before any request: a wrong kind is the caller's bug
        session = self._current_session()  # fast path: no Job object, no extra task
        state = _job_state(endpoint, session)
        done = asyncio.Event()
        state.listener = lambda: done.set() if state.done else None
        with self._scope():
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
        _check_args(endpoint, args)
        session = self._current_session()
        state = _job_state(endpoint, session)
        opts = self._opts
        start = _scoped(self._call_opts, _start(session, state, endpoint, args))
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
        session = self._root._session
        return session.session_hash if session is not None else None

    async def reset_session(self) -> None:
        """Start a new session (fresh ``gr.State``); running jobs of the old one finish."""
        root = self._root
        old, root._session = root._session, None
        if old is not None:
            await old.retire()

    async def aclose(self) -> None:
        root = self._root
        root._closed = True
        session, transport = root._session, root._transport
        root._session = None
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

    async def check_api(self) -> tuple[ApiChange, ...]:
        """Compare the app's live API (one ``GET /info``) with the one this client was made
        for: every change, classified; raises ``ApiMismatchError`` if one breaks the client."""
        return await self._current_session().transport.api_changes()

    def _current_session(self) -> AsyncSession:
        self._check_open()
        root = self._root
        if root._session is None:
            root._session = root._new_session()
        return root._session

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
    kept = _kept(endpoint, args, session.memory)
    wire_args, uploads = _wire_args(endpoint, kept, session.transport.app)
    await session.transport.upload(uploads)
    await session.join(state, _build_data(endpoint, wire_args))


async def _scoped(options: CallOptions | None, start: Coroutine[Any, Any, None]) -> None:
    """``start`` with the ``with_options`` of the client that submitted it."""
    if options is None:
        await start
        return
    from spacegen.runtime._transport import scoped_call  # noqa: PLC0415  # loaded by now

    with scoped_call(options):
        await start


async def _bounded(waiting: Coroutine[Any, Any, Any], limit: float | None, name: str) -> None:
    import asyncio  # noqa: PLC0415  # lazy: only the async client needs asyncio

    try:
        await asyncio.wait_for(waiting, limit)
    except builtins.TimeoutError:
        raise no_result(name, limit) from None


async def _auntil_done(job: AsyncJob[T]) -> AsyncIterator[T]:
    try:
        async for value in job:
            yield value
    finally:
        if not job.done():
            with contextlib.suppress(SpacegenError):
                await job.cancel()
