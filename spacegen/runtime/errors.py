"""Every exception spacegen raises, in one tree.

::

    SpacegenError
    ├── NetworkError              no HTTP answer came back
    │   ├── ConnectError          the request never reached the server (DNS, refused, TLS):
    │   │                         nothing ran, safe to retry
    │   └── ConnectionLostError   the connection broke after the request was sent (or while
    │                             a job's events streamed): the job may have run, never retry
    ├── HTTPStatusError           the server answered with an error status (``status_code``)
    │   ├── AuthenticationError   401, wrong password, private Space without a token
    │   ├── ValidationError       the app's validator rejected arguments (422)
    │   ├── RateLimitedError      429; ``retry_after`` seconds when the server said
    │   ├── QueueFullError        the app's queue is full or stopped (503)
    │   └── UnexpectedStatusError any other error status (also a ``ProtocolError``)
    ├── NotGradioError            the URL answers, but not as a Gradio app
    ├── SpaceError                a Space that is paused, broken, missing or still building
    │   ├── SpaceNotFoundError    no such Space, or a private one and no (valid) token
    │   ├── SpacePausedError      PAUSED or STOPPED by its owner: only they can restart it
    │   ├── SpaceBrokenError      BUILD_ERROR, RUNTIME_ERROR, CONFIG_ERROR, NO_APP_FILE
    │   └── SpaceStartTimeoutError  still asleep/building/starting after ``wake_timeout``
    │                             (also a ``TimeoutError``)
    ├── ProtocolError             the server broke the wire protocol (bad JSON, unknown message,
    │                             unexpected HTTP status, unsupported protocol version)
    ├── AppError                  the app's function failed (``gr.Error`` or any exception)
    │   └── ZeroGPUError          ZeroGPU refused or aborted the GPU task ("GPU task aborted")
    │       └── QuotaExceededError  the caller's ZeroGPU quota is used up (``requested``,
    │                             ``remaining``, ``retry_in`` seconds when the app said)
    ├── JobCancelledError         the job was cancelled (by ``cancel()`` or the server)
    ├── TimeoutError              a wait ran out (also a ``builtins.TimeoutError``)
    ├── FileTooLargeError         an input file exceeds the app's ``max_file_size``
    ├── StaleClientError          the app changed since the client was generated: the endpoint
    │                             is gone, private, or takes/returns other components
    ├── ApiMismatchError          ``verify_api``: the app's /info breaks the client (classified)
    ├── GeneratorError            code generation (``spacegen[codegen]``)
    │   ├── DescriptionError      a malformed or hostile API description
    │   ├── SourceError           SOURCE is none of the accepted forms
    │   └── ConfigError           a bad ``[tool.spacegen]`` / ``spacegen.toml`` entry
    ├── UsageError                the runtime was used wrongly (bad source, closed client)
    │   └── CancelNotSupportedError   the app's Gradio version cannot cancel a queued job
    └── RuntimeVersionError       a generated module needs a newer (or older) runtime than the
                                  installed one (also an ``ImportError``: raised at import)

"Never sent" and "may have run" are different branches: ``except ConnectError`` is safe to
answer with a retry; ``ConnectionLostError`` is not (the app may be running the job).
"""

from __future__ import annotations

import builtins
from collections.abc import Mapping
from typing import Any


class SpacegenError(Exception):
    """Base of every spacegen exception.

    Every error pickles with its attributes (a batch's worker process can send it back),
    whatever its ``__init__`` takes.
    """

    def __reduce__(self) -> tuple[Any, ...]:
        return _restore, (type(self), self.args, self.__dict__)


def _restore(cls: type[SpacegenError], args: tuple[Any, ...], state: dict[str, Any]) -> Any:
    error = cls.__new__(cls, *args)
    error.args = args
    error.__dict__.update(state)
    return error


class NetworkError(SpacegenError):
    """No HTTP answer came back (see the two subclasses for what that means for a job)."""


class ConnectError(NetworkError):
    """The request never reached the server (DNS, refused connection, TLS): nothing ran."""


class ConnectionLostError(NetworkError):
    """The connection broke after the request was sent, or while a job's events streamed.

    The job may have run or may still be running on the server: do not resubmit it blindly.
    Distinct from :class:`JobCancelledError`.
    """


class HTTPStatusError(SpacegenError):
    """The server answered with an error status; ``status_code`` and (short) ``body``."""

    def __init__(self, message: str, status_code: int | None = None, body: str = "") -> None:
        super().__init__(message)
        self.status_code = status_code
        self.body = body


class NotGradioError(SpacegenError):
    """The URL answered, but not with a Gradio app's API description."""


class AuthenticationError(HTTPStatusError):
    """Credentials are missing or wrong (login, token, private Space).

    ``status_code`` is 401/403 when a server refused, ``None`` when spacegen refused first
    (an endpoint that needs a token and none was given).
    """


class RateLimitedError(HTTPStatusError):
    """The server (or the Hugging Face proxy) answered 429."""

    def __init__(self, message: str, retry_after: float | None = None, body: str = "") -> None:
        super().__init__(message, 429, body)
        self.retry_after = retry_after


class SpaceError(SpacegenError):
    """A Hugging Face Space cannot serve requests (paused, broken, missing, building).

    ``space_id``; ``stage``: the Hub's runtime stage (e.g. ``"PAUSED"``; None when unknown);
    ``hub_message``: what the Hub said about it (e.g. a build log line), if anything.
    """

    def __init__(
        self,
        message: str,
        space_id: str = "",
        stage: str | None = None,
        hub_message: str | None = None,
    ) -> None:
        super().__init__(message)
        self.space_id = space_id
        self.stage = stage
        self.hub_message = hub_message


class SpaceNotFoundError(SpaceError):
    """The Hub knows no such Space, or it is private and no (valid) token was given."""


class SpacePausedError(SpaceError):
    """The Space was paused or stopped by its owner; only they can restart it."""


class SpaceBrokenError(SpaceError):
    """The Space failed to build or to run (``stage`` says which); its owner must fix it."""


class ProtocolError(SpacegenError):
    """The server answered in a way the Gradio protocol does not allow."""

    def __init__(self, message: str, status_code: int | None = None, body: str = "") -> None:
        super().__init__(message)
        self.status_code = status_code
        self.body = body


class UnexpectedStatusError(HTTPStatusError, ProtocolError):
    """An error status the protocol gives no meaning to (500, 404, ...)."""


class AppError(SpacegenError):
    """The app's function raised. ``message`` is ``None`` when the app hides details."""

    def __init__(
        self,
        message: str | None,
        title: str | None = None,
        duration: float | None = None,
        visible: bool = True,
    ) -> None:
        text = message if message is not None else _HIDDEN
        super().__init__(f"{title}: {text}" if title and title != "Error" else text)
        self.message = message
        self.title = title
        self.duration = duration
        self.visible = visible


_HIDDEN = (
    "the app raised an exception but hides its details "
    "(the app author can launch it with show_error=True or raise gr.Error)"
)


class ValidationError(HTTPStatusError):
    """The app's validator rejected some arguments; ``errors`` maps parameter → message."""

    def __init__(self, errors: Mapping[str, str]) -> None:
        lines = "".join(f"\n- {name}: {msg}" for name, msg in dict(errors).items())
        super().__init__(f"{len(errors)} parameter(s) failed validation:{lines}", 422)
        self.errors = dict(errors)


class QueueFullError(HTTPStatusError):
    """The app's queue refused the job (HTTP 503: full or stopped); nothing ran."""

    def __init__(self, message: str, status_code: int | None = 503, body: str = "") -> None:
        super().__init__(message, status_code, body)


class JobCancelledError(SpacegenError):
    """The job was cancelled before it produced a result."""


class TimeoutError(SpacegenError, builtins.TimeoutError):
    """A wait ran out of time."""


class SpaceStartTimeoutError(SpaceError, TimeoutError):
    """The Space was still asleep, building or starting when ``wake_timeout`` ran out."""


class ZeroGPUError(AppError):
    """ZeroGPU (the Hub's shared GPUs) refused or aborted the job's GPU task.

    The app's original text is kept in ``message``.
    """


class QuotaExceededError(ZeroGPUError):
    """The caller's ZeroGPU quota does not cover the GPU time the function asks for.

    ``requested`` and ``remaining`` are GPU seconds, ``retry_in`` the seconds until enough
    quota comes back; each None when the message did not say. Log in (``token=``) or pass the
    end user's ``x-ip-token`` (``with_options(headers=...)``) for a larger quota.
    """

    def __init__(
        self,
        message: str | None,
        title: str | None = None,
        duration: float | None = None,
        visible: bool = True,
        *,
        requested: float | None = None,
        remaining: float | None = None,
        retry_in: float | None = None,
    ) -> None:
        super().__init__(message, title, duration, visible)
        self.requested = requested
        self.remaining = remaining
        self.retry_in = retry_in


class FileTooLargeError(SpacegenError):
    """An input file is larger than the app accepts (checked before uploading)."""

    def __init__(self, name: str, size: int, limit: int) -> None:
        super().__init__(f"{name!r} is {size} bytes; the app accepts at most {limit} bytes")
        self.name = name
        self.size = size
        self.limit = limit


class StaleClientError(SpacegenError):
    """The endpoint a method names is gone from the app or changed its signature.

    Raised before anything is sent to the endpoint. ``changes`` lists what changed, one
    readable line each; ``api_name`` is the endpoint the client called.
    """

    def __init__(self, api_name: str, changes: tuple[str, ...], source: str) -> None:
        self.api_name = api_name
        self.changes = changes
        lines = "".join(f"\n- {change}" for change in changes)
        super().__init__(
            f"{api_name}: this client is out of date with the app:{lines}\n"
            f"Regenerate it: spacegen generate {source} -o <module>.py "
            f"(spacegen check {source} -o <module>.py tells whether a module is up to date)"
        )


class ApiMismatchError(SpacegenError):
    """``verify_api`` found changes in the app's API that break this client.

    ``changes`` holds one line per change, each starting with its class (``breaking (wire)``,
    ``breaking (typed)``); ``api_hash`` is the hash of the API the client was generated for.
    """

    def __init__(self, changes: tuple[str, ...], api_hash: str, source: str) -> None:
        self.changes = changes
        self.api_hash = api_hash
        lines = "".join(f"\n- {change}" for change in changes)
        super().__init__(
            f"the app's API no longer matches this client (generated for API sha256:"
            f"{api_hash[:16]}):{lines}\nRegenerate it: spacegen generate {source} -o <module>.py"
        )


class UsageError(SpacegenError):
    """The runtime was used in a way it does not support (bad source, closed client)."""


class CancelNotSupportedError(UsageError):
    """``cancel()`` on an app whose Gradio version has no way to cancel a job (4.9-4.30:
    no ``/cancel`` route, and jobs share the session's stream): the job keeps running."""


class GeneratorError(SpacegenError):
    """Code generation failed."""


class DescriptionError(GeneratorError):
    """An app's API description is malformed or cannot be trusted."""


class SourceError(GeneratorError):
    """The SOURCE argument is none of the accepted forms (Space id, URL, folder, snapshot)."""


class ConfigError(GeneratorError):
    """The build configuration (``[tool.spacegen]`` or ``spacegen.toml``) is wrong; the message
    names the file and the key."""


class RuntimeVersionError(SpacegenError, ImportError):
    """The generated module and the installed runtime do not fit; raised when it is imported.

    The message names both spacegen versions and what to do (upgrade, or regenerate).
    """
