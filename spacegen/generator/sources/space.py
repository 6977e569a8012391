"""Source kind 4: a Hugging Face Space id, resolved on the Hub, then fetched as a URL.

The Hub is reached through :class:`HubClient` so that tests (and offline users) can inject it;
the default implementation, :class:`HfHubClient`, imports ``huggingface_hub`` lazily: the
runtime never imports it, and the generator only when a Space id is given.
"""

from __future__ import annotations

import importlib.util
import os
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from spacegen.generator.raw.snapshot import RawSnapshot
from spacegen.generator.sources.url import load_url
from spacegen.runtime import errors

if TYPE_CHECKING:
    import httpx

#: Runtime stages that mean the Space cannot answer and will not without its owner's action.
BROKEN_STAGES = frozenset({"PAUSED", "BUILD_ERROR", "RUNTIME_ERROR", "CONFIG_ERROR", "NO_APP_FILE"})

#: SDKs that never serve a Gradio app (``docker`` may, so it is tried).
NON_GRADIO_SDKS = frozenset({"static", "streamlit"})


@dataclass(frozen=True)
class SpaceRecord:
    """What spacegen needs from the Hub's answer about one Space."""

    space_id: str
    host: str | None
    sha: str | None = None
    private: bool = False
    stage: str | None = None
    sdk: str | None = None


class HubClient(Protocol):
    """Access to the Hugging Face Hub (injectable; see :class:`HfHubClient`).

    ``space_info`` raises spacegen errors: ``SpaceError`` for a missing Space,
    ``AuthenticationError`` for a refused or missing token, ``ConnectError`` when the Hub
    cannot be reached.
    """

    def space_info(self, space_id: str, *, token: str | None, timeout: float) -> SpaceRecord:
        """The Hub's record of ``space_id``, read with ``token`` (``None``: anonymously)."""
        ...

    def saved_token(self) -> str | None:
        """The token saved by ``hf auth login``, if any."""
        ...


def load_space(
    space_id: str,
    *,
    token: str | None,
    auth: tuple[str, str] | None,
    timeout: float,
    transport: httpx.BaseTransport | None,
    hub: HubClient | None,
) -> RawSnapshot:
    """Resolve ``space_id`` on the Hub, check it can serve, and fetch its description."""
    hub = hub if hub is not None else HfHubClient()
    token = resolve_token(token, hub)
    record = hub.space_info(space_id, token=token, timeout=timeout)
    host = check_space(record, token)
    meta = {"space_id": space_id, "host": host}
    if record.sha:
        meta["sha"] = record.sha
    return load_url(
        host,
        token=token,
        auth=auth,
        timeout=timeout,
        transport=transport,
        source=space_id,
        meta=meta,
    )


def resolve_token(token: str | None, hub: HubClient) -> str | None:
    """Explicit token, else ``HF_TOKEN`` from the environment, else the Hub's saved token."""
    return token or os.environ.get("HF_TOKEN") or hub.saved_token() or None


def check_space(record: SpaceRecord, token: str | None) -> str:
    """Raise a typed error unless the Space can serve now; return its base URL."""
    name = record.space_id
    if record.private and not token:
        raise errors.AuthenticationError(f"Space {name} is private; pass --token or set HF_TOKEN")
    if record.sdk in NON_GRADIO_SDKS:
        raise errors.NotGradioError(f"Space {name} uses the {record.sdk} SDK, not Gradio")
    stage = (record.stage or "").upper()
    if stage in BROKEN_STAGES:
        raise errors.SpaceError(f"Space {name} cannot serve: its runtime stage is {stage}")
    if stage == "BUILDING":
        raise errors.SpaceError(f"Space {name} is building; try again when it is running")
    if not record.host:
        raise errors.SpaceError(f"Space {name} has no host yet (stage {stage or 'unknown'})")
    return record.host


class HfHubClient:
    """:class:`HubClient` over ``huggingface_hub`` (imported on first use).

    ``endpoint`` overrides the Hub's address (``HF_ENDPOINT`` otherwise), e.g. for a mirror or
    for tests that serve recorded Hub answers on loopback.
    """

    def __init__(self, endpoint: str | None = None) -> None:
        self.endpoint = endpoint

    def space_info(self, space_id: str, *, token: str | None, timeout: float) -> SpaceRecord:
        """Read ``GET /api/spaces/{id}`` through ``HfApi.space_info``."""
        _require_huggingface_hub()
        from huggingface_hub import HfApi  # noqa: PLC0415 -- lazy: only Space ids need it

        api = HfApi(endpoint=self.endpoint)
        try:
            info = api.space_info(space_id, token=token or False, timeout=timeout)
        except Exception as exc:
            mapped = _hub_error(exc, space_id, token)
            if mapped is None:
                raise
            raise mapped from None
        return SpaceRecord(
            space_id=space_id,
            host=info.host,
            sha=info.sha,
            private=bool(info.private),
            stage=None if info.runtime is None else _stage_name(info.runtime.stage),
            sdk=info.sdk,
        )

    def saved_token(self) -> str | None:
        """``huggingface_hub.get_token()``: ``HF_TOKEN`` or the token file."""
        _require_huggingface_hub()
        from huggingface_hub import get_token  # noqa: PLC0415 -- lazy: only Space ids need it

        return get_token()


def _require_huggingface_hub() -> None:
    """An actionable error instead of an ImportError when ``huggingface_hub`` is missing."""
    if importlib.util.find_spec("huggingface_hub") is None:
        raise errors.GeneratorError(
            "resolving a Space id needs huggingface_hub: pip install 'spacegen[codegen]'"
        )


def _hub_error(exc: Exception, space_id: str, token: str | None) -> Exception | None:
    """Map an exception raised inside ``huggingface_hub`` to spacegen's tree (None: unknown)."""
    response: Any = getattr(exc, "response", None)
    status = getattr(response, "status_code", None)
    if not isinstance(status, int):
        if _is_network_error(exc):
            return errors.ConnectError(f"cannot reach the Hugging Face Hub: {exc}")
        return None
    if status == 401 and not token:
        why = "was not found or is private; pass --token or set HF_TOKEN"
        return errors.AuthenticationError(f"Space {space_id} {why}", status)
    if status == 429:
        retry = str(response.headers.get("retry-after", ""))
        seconds = float(retry) if retry.isdigit() else None
        return errors.RateLimitedError(f"the Hub rate limited the lookup of {space_id}", seconds)
    kind, message = _HUB_STATUS.get(status, (errors.SpaceError, f"the Hub answered HTTP {status}"))
    return kind(f"{message}: {space_id}")


_HUB_STATUS: dict[int, tuple[type[errors.SpacegenError], str]] = {
    404: (errors.SpaceError, "no such Space"),
    401: (errors.AuthenticationError, "the Hub refused the token for Space"),
    403: (errors.AuthenticationError, "the Hub refused the token for Space"),
}


def _stage_name(stage: object) -> str:
    """``SpaceStage`` members and plain strings alike (the Hub adds stages over time)."""
    return str(getattr(stage, "value", stage))


def _is_network_error(exc: Exception) -> bool:
    """Transport failures of whatever HTTP library ``huggingface_hub`` uses (by class name)."""
    names = {cls.__name__ for cls in type(exc).__mro__}
    return isinstance(exc, OSError) or bool(names & {"TransportError", "TimeoutException"})
