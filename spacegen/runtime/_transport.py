"""Client options and what the sync and async shells share: where the app is, how to build
the httpx client, forwarded per-request headers, and transport-error mapping (no I/O)."""

from __future__ import annotations

import contextlib
import dataclasses
import os
import re
import socket
from collections.abc import AsyncIterable, Callable, Iterable, Iterator, Mapping
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, Protocol, cast
from urllib.parse import quote, urlsplit

import httpx

from spacegen.runtime import errors
from spacegen.runtime._auth import token_headers
from spacegen.runtime._compat import __version__
from spacegen.runtime._endpoint import NotGiven
from spacegen.runtime._files import fix_url
from spacegen.runtime._record import Frozen
from spacegen.runtime._space import is_space_id, space_url

_FORWARDED: ContextVar[Mapping[str, str] | None] = ContextVar("spacegen_forwarded", default=None)
#: Headers of the incoming request that a nested call forwards (ZeroGPU quota).
ZERO_GPU_HEADERS = ("x-ip-token",)
#: Default ``stream_idle_timeout``: Gradio sends a heartbeat on open event streams every 15 s,
#: so a live stream is never silent this long.
STREAM_IDLE_TIMEOUT = 45.0
USER_AGENT = f"spacegen/{__version__}"
API_USER = {"x-gradio-user": "api"}
#: Idle seconds after which a pooled connection is dropped. Gradio's server (uvicorn) closes an
#: idle connection after 5 s, httpx's default expiry: a request sent on a connection the server
#: is closing at that moment gets no answer ("Server disconnected without sending a response"),
#: and a join that fails so cannot be resent (it might have run). Dropping first avoids the race.
KEEPALIVE = 4.0
#: Short requests (joins, uploads, cancels) one client sends at a time; the others wait for a
#: turn. Without a bound a batch of 1,000 jobs at once opened a connection per join in flight
#: (about 400 at the peak, some 140 KB of memory each, and a server slowed by them). It also
#: keeps the pool small, and httpcore's cost per request grows with the square of the pooled
#: connections: at concurrency 64 an async call cost 5.5 ms of CPU with 64 and 3.8 ms with 16.
#: Event streams are not counted, so a protocol with one stream per job (Gradio 3.x/4.x) never
#: waits behind this bound.
REQUESTS_IN_FLIGHT = 16
#: Idle connections kept for reuse (above REQUESTS_IN_FLIGHT: a protocol with one event stream
#: per job reuses its streams' connections).
IDLE_CONNECTIONS = 64


@dataclass(slots=True)
class Options:
    """Everything a client was configured with (see ``SpaceClient.__init__``)."""

    src: str | None = None
    token: str | None = None
    auth: tuple[str, str] | None = None
    headers: Mapping[str, str] = field(default_factory=dict)
    cookies: Mapping[str, str] = field(default_factory=dict)
    timeout: float | None = 60.0
    ssl_verify: bool = True
    httpx_kwargs: Mapping[str, Any] = field(default_factory=dict)
    download_files: str | Path | Literal[False] = False
    verbose: bool = False
    job_timeout: float | None = None
    stream_idle_timeout: float | None = STREAM_IDLE_TIMEOUT
    verify_endpoints: bool = True
    verify_api: bool = False
    params: Mapping[str, str] = field(default_factory=dict)
    max_retries: int = 2
    wake_timeout: float | None = 300.0
    on_space_status: Callable[[Any], None] | None = None
    http_client: httpx.Client | httpx.AsyncClient | None = None

    def check_http_client(self, asynchronous: bool) -> None:
        """The caller's ``http_client`` must suit the shell (checked at construction)."""
        kind = httpx.AsyncClient if asynchronous else httpx.Client
        if self.http_client is not None and not isinstance(self.http_client, kind):
            raise errors.UsageError(
                f"http_client must be an httpx.{kind.__name__} for this client, "
                f"not {type(self.http_client).__name__}"
            )

    def default_headers(self) -> httpx.Headers:
        """``User-Agent`` (unless the caller set one), the API-user mark, the token, the
        caller's headers.

        ``x-gradio-user: api`` marks API use, as gradio_client does. The server only passes it
        to the app (``gr.Request.headers`` of the join that made the job), so it goes on every
        request: one header less for httpx to merge per join.
        """
        base = {"User-Agent": USER_AGENT, **API_USER, **token_headers(self.token)}
        headers = httpx.Headers(base)
        headers.update(self.headers)
        return headers

    def client_kwargs(self) -> dict[str, Any]:
        """Keyword arguments for ``httpx.Client`` / ``httpx.AsyncClient``."""
        headers = self.default_headers()
        kwargs: dict[str, Any] = {
            "headers": headers,
            "cookies": dict(self.cookies),
            "params": dict(self.params),
            "timeout": httpx.Timeout(self.timeout),
            "verify": self.ssl_verify,
            "follow_redirects": True,
            "limits": httpx.Limits(
                max_connections=None,
                max_keepalive_connections=IDLE_CONNECTIONS,
                keepalive_expiry=KEEPALIVE,
            ),
        }
        kwargs.update(self.httpx_kwargs)
        return kwargs

    def stream_timeout(self) -> httpx.Timeout:
        """Event streams: ``timeout`` to connect, ``stream_idle_timeout`` between two reads."""
        return httpx.Timeout(self.timeout, read=self.stream_idle_timeout)

    def silent_stream(self, what: str) -> errors.TimeoutError:
        """The error of a stream that stayed silent past ``stream_idle_timeout``."""
        return errors.TimeoutError(
            f"{what}: no event for {self.stream_idle_timeout} s (Gradio sends a heartbeat every "
            "15 s): the server stopped answering; the job may still be running there "
            "(bound: stream_idle_timeout)"
        )

    @property
    def download_dir(self) -> Path | None:
        return Path(self.download_files) if self.download_files is not False else None


def resolve_source(src: str | None, app_source: str, app_space_id: str | None = None) -> str:
    """The app's base URL from a URL or a Space id (pure string logic).

    ``src`` (the caller's) wins over ``app_source`` (the generator's). A generated source that
    only *looks* like ``owner/name`` is trusted as a Space id only when the app reported
    that Space id itself (``config.space_id``); otherwise it may be a description folder.
    ``""`` means only the Hub can tell (see :func:`hub_space_id`); the transport asks it on
    first use.
    """
    source = (src or app_source).strip()
    if source.startswith(("http://", "https://")):
        return source.rstrip("/")
    unconfirmed = not src and (app_space_id or "").lower() != source.lower()
    if _is_local(source) or (unconfirmed and is_space_id(source)):
        raise errors.UsageError(
            f"this client was generated from {source!r}, which is not a URL or a known Space "
            "(a description folder or snapshot?); pass where the app runs, e.g. "
            "Client('http://127.0.0.1:7860') or Client('owner/space')"
        )
    if is_space_id(source):
        return space_url(source) or ""
    raise errors.UsageError(f"not a URL or a Space id (owner/name): {source!r}")


def hub_space_id(src: str | None, app_source: str) -> str:
    return (src or app_source).strip()


def _is_local(source: str) -> bool:
    if source.startswith((".", "/", "~", "\\")) or source.endswith(".json"):
        return True
    return (
        bool(re.match(r"^[A-Za-z]:[\\/]", source))
        or source.count("/") > 1
        or (os.path.isdir(source))
    )


def file_url(base_url: str, prefix: str, path: str) -> str:
    """Download URL of a server path that came without one."""
    return f"{base_url}{prefix}/file={quote(path, safe='/')}"


def output_url(base_url: str, prefix: str, path: str, url: str | None) -> str:
    """Download URL of an output file: percent-encoded, and on the host we talk to.

    The server builds ``url`` from its own idea of its root (``X-Forwarded-*``, ``root_path``),
    which may be unreachable or another host; file routes are rebased onto ``base_url`` so
    the client's credentials apply.
    """
    if not url:
        return file_url(base_url, prefix, path)
    if url.startswith("data:"):  # an inline file (Gradio 3.x images)
        return url
    url = fix_url(url)
    marker = url.find(f"{prefix}/file=")
    if marker != -1 and not same_host(url, base_url):
        return base_url + url[marker:]
    return url


def same_host(url: str, base_url: str) -> bool:
    a, b = urlsplit(url), urlsplit(base_url)
    return (a.scheme, a.netloc) == (b.scheme, b.netloc)


def own_client(opts: Options, kind: type[Any]) -> tuple[Any, bool]:
    """``(the httpx client, whether it is ours to close)``: the caller's ``http_client`` (our
    default headers and cookies added where it has none; its type was checked when the client
    was made) or a new one."""
    given = opts.http_client
    if given is None:
        return kind(**opts.client_kwargs()), True
    for name, value in opts.default_headers().multi_items():
        given.headers.setdefault(name, value)
    given.cookies.update(dict(opts.cookies))
    return given, False


def space_id_of(src: str | None, app_source: str, app_space_id: str | None) -> str | None:
    """The Space a client talks to (to ask the Hub about it), None for a plain URL."""
    source = (src or app_source).strip()
    if is_space_id(source) and not source.startswith(("http://", "https://")):
        return source
    host = urlsplit(source).hostname or ""
    return app_space_id if app_space_id and host.endswith(".hf.space") else None


# -- per-call options (``with_options``) -------------------------------------------------


class CallOptions(Frozen):
    """What ``client.with_options(...)`` changes for the calls made through it."""

    __match_args__ = ("headers", "timeout", "timeout_given", "max_retries")
    __slots__ = __match_args__

    headers: Mapping[str, str]
    timeout: float | None
    timeout_given: bool
    max_retries: int | None

    def __init__(
        self,
        headers: Mapping[str, str] | None = None,
        timeout: float | None = None,
        timeout_given: bool = False,
        max_retries: int | None = None,
    ) -> None:
        self._freeze({} if headers is None else headers, timeout, timeout_given, max_retries)


_CALL: ContextVar[CallOptions | None] = ContextVar("spacegen_call", default=None)


def more_call_options(
    old: CallOptions | None, timeout: Any, max_retries: int | None, headers: Mapping[str, str]
) -> CallOptions:
    """``old`` (a ``with_options`` client's) with more: ``timeout`` may be ``NOT_GIVEN``."""
    old = old or CallOptions()
    given = not isinstance(timeout, NotGiven)
    return CallOptions(
        {**old.headers, **headers},
        timeout if given else old.timeout,
        old.timeout_given or given,
        old.max_retries if max_retries is None else max_retries,
    )


def with_job_timeout(opts: Options, job_timeout: Any) -> Options:
    """``opts`` with another ``job_timeout`` unless it is ``NOT_GIVEN``."""
    if isinstance(job_timeout, NotGiven):
        return opts
    return dataclasses.replace(opts, job_timeout=job_timeout)


@contextlib.contextmanager
def scoped_call(options: CallOptions | None) -> Iterator[None]:
    """Requests made inside the block use ``options`` (no-op for None)."""
    if options is None:
        yield
        return
    token = _CALL.set(options)
    try:
        yield
    finally:
        _CALL.reset(token)


def call_kwargs(kwargs: dict[str, Any]) -> dict[str, Any]:
    """``kwargs`` of one httpx request with the current call's headers and timeout added."""
    call = _CALL.get()
    if call is None:
        return kwargs
    merged = dict(kwargs)
    if call.headers:
        merged["headers"] = {**dict(kwargs.get("headers") or {}), **call.headers}
    if call.timeout_given:
        merged["timeout"] = httpx.Timeout(call.timeout)
    return merged


def max_retries(opts: Options) -> int:
    call = _CALL.get()
    if call is not None and call.max_retries is not None:
        return call.max_retries
    return opts.max_retries


# -- forwarded headers (ZeroGPU) ---------------------------------------------------------


class HasHeaders(Protocol):
    @property
    def headers(self) -> Any: ...


def forward_zero_gpu_headers(request: HasHeaders) -> None:
    """Inside another Gradio app's event handler: charge nested calls to the end user.

    Copies the ``x-ip-token`` header of ``request`` (a ``gr.Request`` or anything with
    ``.headers``) onto every job that clients join *in the current context* (thread or task).
    """
    found = {}
    for name in ZERO_GPU_HEADERS:
        value = request.headers.get(name)
        if value:
            found[name] = str(value)
    _FORWARDED.set(found)


def join_headers() -> Mapping[str, str] | None:
    """What a join adds to the client's own headers: the forwarded ones, if any."""
    return _FORWARDED.get() or None


# -- transport errors --------------------------------------------------------------------


@contextlib.contextmanager
def mapped_errors(what: str) -> Iterator[None]:
    """Re-raise httpx transport failures as spacegen errors."""
    try:
        yield
    except httpx.TimeoutException as exc:
        raise errors.TimeoutError(f"{what}: timed out ({type(exc).__name__})") from exc
    except (httpx.ConnectError, httpx.UnsupportedProtocol) as exc:
        raise errors.ConnectError(f"{what}: cannot connect: {exc}") from exc
    except httpx.TransportError as exc:
        raise errors.ConnectionLostError(f"{what}: connection failed: {exc}") from exc


def settle(reply: httpx.Response) -> httpx.Response:
    """Keep a connection that answered 5xx out of the pool (returns ``reply``).

    Servers close a connection soon after an error answer (uvicorn resets it after a 500),
    without saying so; reused, it would fail the *next* request. Only while the answer still
    holds its connection (streamed, not closed): once released, the connection is back in the
    pool, and shutting it then could cut another thread's request on it (a join, which cannot
    be resent).
    """
    if reply.status_code >= 500:
        abort_stream(reply)
    return reply


def read_answer(reply: httpx.Response) -> httpx.Response:
    """Read a streamed ``reply`` whole; a 5xx one's connection leaves the pool (see
    :func:`settle`) after its body is read and before the connection is released."""
    if reply.status_code < 500:
        reply.read()
        return reply
    try:
        raw = b"".join(cast(Iterable[bytes], reply.stream))  # the connection is still ours
    finally:
        settle(reply)
        reply.close()
    return _answered(reply, raw)


async def aread_answer(reply: httpx.Response) -> httpx.Response:
    """:func:`read_answer` of the async client."""
    if reply.status_code < 500:
        await reply.aread()
        return reply
    try:
        raw = b"".join([chunk async for chunk in cast(AsyncIterable[bytes], reply.stream)])
    finally:
        settle(reply)
        await reply.aclose()
    return _answered(reply, raw)


def _answered(reply: httpx.Response, raw: bytes) -> httpx.Response:
    """``reply`` with its body read (``raw``: as sent, decoded per its Content-Encoding)."""
    return httpx.Response(
        reply.status_code, headers=reply.headers, content=raw, request=reply.request
    )


def abort_stream(response: httpx.Response | None) -> None:
    """Shut the socket of ``response`` down: a thread blocked reading it wakes up, and the
    pool sees the connection as closed (sync: a ``socket``; async: asyncio's wrapper)."""
    if response is None:
        return
    stream = response.extensions.get("network_stream")
    sock = stream.get_extra_info("socket") if stream is not None else None
    shutdown = getattr(sock, "shutdown", None)
    if callable(shutdown):
        with contextlib.suppress(OSError):
            shutdown(socket.SHUT_RDWR)
