"""Every exception spacegen raises, in one tree.

::

    SpacegenError
    ├── ConnectError              host unreachable, DNS failure, TLS failure
    │   └── ConnectionLostError   the event stream was cut while jobs were pending
    ├── NotGradioError            the URL answers, but not as a Gradio app
    ├── AuthenticationError       401, wrong password, private Space without a token
    ├── RateLimitedError          429; ``retry_after`` seconds when the server said
    ├── SpaceError                a Space that is paused, broken, missing or still building
    ├── ProtocolError             the server broke the wire protocol (bad JSON, unknown message,
    │                             unexpected HTTP status, unsupported protocol version)
    ├── AppError                  the app's function failed (``gr.Error`` or any exception)
    ├── ValidationError           the app's validator rejected arguments (HTTP 422)
    ├── QueueFullError            the app's queue is full or stopped (HTTP 503)
    ├── JobCancelledError         the job was cancelled (by ``cancel()`` or the server)
    ├── TimeoutError              a wait ran out (also a ``builtins.TimeoutError``)
    ├── FileTooLargeError         an input file exceeds the app's ``max_file_size``
    ├── GeneratorError            code generation (``spacegen[codegen]``)
    │   ├── DescriptionError      a malformed or hostile API description
    │   ├── SourceError           SOURCE is none of the accepted forms
    │   └── ConfigError           a bad ``[tool.spacegen]`` / ``spacegen.toml`` entry
    └── UsageError                the runtime was used wrongly (bad source, closed client)
"""

from __future__ import annotations

import builtins
from collections.abc import Mapping


class SpacegenError(Exception):
    """Base of every spacegen exception."""


class ConnectError(SpacegenError):
    """The host could not be reached."""


class ConnectionLostError(ConnectError):
    """The connection carrying a job's events broke before the job finished.

    Distinct from :class:`JobCancelledError`: the job may still be running on the server.
    """


class NotGradioError(SpacegenError):
    """The URL answered, but not with a Gradio app's API description."""


class AuthenticationError(SpacegenError):
    """Credentials are missing or wrong (login, token, private Space)."""


class RateLimitedError(SpacegenError):
    """The server (or the Hugging Face proxy) answered 429."""

    def __init__(self, message: str, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class SpaceError(SpacegenError):
    """A Hugging Face Space cannot serve requests (paused, broken, missing, building)."""


class ProtocolError(SpacegenError):
    """The server answered in a way the Gradio protocol does not allow."""

    def __init__(self, message: str, status_code: int | None = None, body: str = "") -> None:
        super().__init__(message)
        self.status_code = status_code
        self.body = body


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


class ValidationError(SpacegenError):
    """The app's validator rejected some arguments; ``errors`` maps parameter → message."""

    def __init__(self, errors: Mapping[str, str]) -> None:
        self.errors = dict(errors)
        lines = "".join(f"\n- {name}: {msg}" for name, msg in self.errors.items())
        super().__init__(f"{len(self.errors)} parameter(s) failed validation:{lines}")


class QueueFullError(SpacegenError):
    """The app's queue refused the job (HTTP 503: full or stopped)."""


class JobCancelledError(SpacegenError):
    """The job was cancelled before it produced a result."""


class TimeoutError(SpacegenError, builtins.TimeoutError):
    """A wait ran out of time."""


class FileTooLargeError(SpacegenError):
    """An input file is larger than the app accepts (checked before uploading)."""

    def __init__(self, name: str, size: int, limit: int) -> None:
        super().__init__(f"{name!r} is {size} bytes; the app accepts at most {limit} bytes")
        self.name = name
        self.size = size
        self.limit = limit


class UsageError(SpacegenError):
    """The runtime was used in a way it does not support (bad source, closed client)."""


class GeneratorError(SpacegenError):
    """Code generation failed."""


class DescriptionError(GeneratorError):
    """An app's API description is malformed or cannot be trusted."""


class SourceError(GeneratorError):
    """The SOURCE argument is none of the accepted forms (Space id, URL, folder, snapshot)."""


class ConfigError(GeneratorError):
    """The build configuration (``[tool.spacegen]`` or ``spacegen.toml``) is wrong; the message
    names the file and the key."""
