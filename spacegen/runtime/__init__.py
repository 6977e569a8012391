"""spacegen.runtime: what generated clients import. Depends on httpx only.

Clients: :class:`SpaceClient` / :class:`AsyncSpaceClient` (generated subclasses add one method
per endpoint). Jobs: :class:`Job` / :class:`AsyncJob` with :class:`JobStatus`. Files:
:data:`FileInput` in, :class:`RemoteFile` out. Errors: the tree in :mod:`spacegen.runtime.errors`.
"""

from spacegen.runtime._client import AsyncSpaceClient, SpaceClient
from spacegen.runtime._endpoint import NOT_GIVEN, App, Endpoint, FileLocator, NotGiven
from spacegen.runtime._files import FileData, FileInput, RemoteFile
from spacegen.runtime._jobs import AsyncJob, Job
from spacegen.runtime._json import Json, JsonInput
from spacegen.runtime._messages import JobStatus, LogMessage, ProgressUnit, StatusCode
from spacegen.runtime._outputs import OutputUpdate
from spacegen.runtime._transport import forward_zero_gpu_headers
from spacegen.runtime.errors import (
    AppError,
    AuthenticationError,
    ConnectError,
    ConnectionLostError,
    FileTooLargeError,
    JobCancelledError,
    NotGradioError,
    ProtocolError,
    QueueFullError,
    RateLimitedError,
    SpaceError,
    SpacegenError,
    TimeoutError,
    UsageError,
    ValidationError,
)

__all__ = [
    "NOT_GIVEN",
    "App",
    "AppError",
    "AsyncJob",
    "AsyncSpaceClient",
    "AuthenticationError",
    "ConnectError",
    "ConnectionLostError",
    "Endpoint",
    "FileData",
    "FileInput",
    "FileLocator",
    "FileTooLargeError",
    "Job",
    "JobCancelledError",
    "JobStatus",
    "Json",
    "JsonInput",
    "LogMessage",
    "NotGiven",
    "NotGradioError",
    "OutputUpdate",
    "ProgressUnit",
    "ProtocolError",
    "QueueFullError",
    "RateLimitedError",
    "RemoteFile",
    "SpaceClient",
    "SpaceError",
    "SpacegenError",
    "StatusCode",
    "TimeoutError",
    "UsageError",
    "ValidationError",
    "forward_zero_gpu_headers",
]
