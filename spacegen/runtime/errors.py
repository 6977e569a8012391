"""Every exception spacegen raises, in one tree.

::

    SpacegenError
    ├── ConnectError              host unreachable, DNS failure, TLS failure
    ├── NotGradioError            the URL answers, but not as a Gradio app
    ├── AuthenticationError       401, wrong password, private Space without a token
    ├── RateLimitedError          429; ``retry_after`` seconds when the server said
    ├── SpaceError                a Space that is paused, broken, missing or still building
    ├── ProtocolError             the server broke the wire protocol (bad JSON, unknown message)
    └── GeneratorError            code generation (``spacegen[codegen]``)
        └── DescriptionError      a malformed or hostile API description

The runtime issue extends this tree (app errors, validation, queue full, timeouts, ...).
"""

from __future__ import annotations


class SpacegenError(Exception):
    """Base of every spacegen exception."""


class ConnectError(SpacegenError):
    """The host could not be reached."""


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


class GeneratorError(SpacegenError):
    """Code generation failed."""


class DescriptionError(GeneratorError):
    """An app's API description is malformed or cannot be trusted."""
