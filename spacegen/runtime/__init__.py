"""spacegen.runtime: what generated clients import. Depends on httpx only."""

from spacegen.runtime._client import AsyncJob, AsyncSpaceClient, Job, SpaceClient
from spacegen.runtime._endpoint import NOT_GIVEN, App, Endpoint, FileLocator, NotGiven
from spacegen.runtime._files import FileData, FileInput, RemoteFile
from spacegen.runtime._json import Json, JsonInput

__all__ = [
    "NOT_GIVEN",
    "App",
    "AsyncJob",
    "AsyncSpaceClient",
    "Endpoint",
    "FileData",
    "FileInput",
    "FileLocator",
    "Job",
    "Json",
    "JsonInput",
    "NotGiven",
    "RemoteFile",
    "SpaceClient",
]
