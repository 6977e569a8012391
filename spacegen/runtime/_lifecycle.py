"""Sleeping and starting Spaces (sans-IO): the Hub's runtime stage → wake, wait, or fail.

A request to a Space that sleeps or starts fails the way no running Gradio app does: its
host answers 404, 502 or 503, or an HTML page. The shells then ask the Hub
(``GET {HF_ENDPOINT}/api/spaces/{id}/runtime``, what ``huggingface_hub.get_space_runtime``
reads) and follow :class:`SpaceWatch`: SLEEPING → wake it once (a visit of its page, which
is what wakes a Space for a visitor) and wait; BUILDING / APP_STARTING / RUNNING_BUILDING /
RUNNING_APP_STARTING → wait; RUNNING → send the request again; PAUSED, STOPPED and the error
stages → a typed :class:`~spacegen.runtime.errors.SpaceError`.
"""

from __future__ import annotations

import json

import httpx

from spacegen.runtime import errors
from spacegen.runtime._record import Frozen
from spacegen.runtime._space import hub_url

#: Default ``wake_timeout``: a sleeping CPU Space usually answers within a minute or two.
WAKE_TIMEOUT = 300.0
WAKE_STAGES = frozenset({"SLEEPING"})
PAUSED_STAGES = frozenset({"PAUSED", "STOPPED", "DELETING"})
BROKEN_STAGES = frozenset({"RUNTIME_ERROR", "BUILD_ERROR", "CONFIG_ERROR", "NO_APP_FILE"})
#: Statuses a Space's host answers while the app is not up.
ASLEEP_STATUSES = frozenset({404, 502, 503})
FIRST_POLL, MAX_POLL = 1.0, 10.0


class SpaceStatus(Frozen):
    """What ``on_space_status`` receives each time the Hub is asked about the Space."""

    __match_args__ = ("space_id", "stage", "message", "waited")
    __slots__ = __match_args__

    space_id: str
    stage: str
    message: str | None
    waited: float

    def __init__(self, space_id: str, stage: str, message: str | None, waited: float) -> None:
        self._freeze(space_id, stage, message, waited)


def looks_asleep(error: errors.SpacegenError) -> bool:
    """Whether a failed request failed the way a sleeping or starting Space fails."""
    if isinstance(error, errors.NotGradioError):
        return True
    status = getattr(error, "status_code", None)
    return isinstance(error, errors.HTTPStatusError | errors.ProtocolError) and (
        status in ASLEEP_STATUSES
    )


def runtime_request(space_id: str, headers: dict[str, str]) -> httpx.Request:
    return httpx.Request("GET", f"{hub_url()}/api/spaces/{space_id}/runtime", headers=headers)


def wake_request(space_id: str, headers: dict[str, str]) -> httpx.Request:
    return httpx.Request("GET", f"{hub_url()}/spaces/{space_id}", headers=headers)


def parse_runtime(reply: httpx.Response, space_id: str) -> tuple[str, str | None]:
    """``(stage, the Hub's message)`` from its answer; SpaceNotFoundError for 401/403/404."""
    from spacegen.runtime._protocol import raise_for_reply  # noqa: PLC0415  # keep imports light

    if reply.status_code in (401, 403, 404):
        raise errors.SpaceNotFoundError(
            f"Space {space_id!r} not found on {hub_url()} (or private: pass token=...)",
            space_id,
        )
    raise_for_reply(reply, f"Hub runtime of {space_id}")
    try:
        body = json.loads(reply.content)
        stage = body["stage"]
    except (ValueError, KeyError, TypeError) as exc:
        raise errors.ProtocolError(f"the Hub answered {reply.content[:200]!r}") from exc
    message = body.get("errorMessage") or body.get("message")
    return str(stage), (str(message) if message else None)


class SpaceWatch:
    """One wait for a Space to run; ``step`` says what to do after each Hub answer."""

    __slots__ = ("polls", "space_id", "started", "wake_timeout", "woken")

    def __init__(self, space_id: str, wake_timeout: float | None, started: float) -> None:
        self.space_id, self.wake_timeout, self.started = space_id, wake_timeout, started
        self.polls, self.woken = 0, False

    def step(self, stage: str, message: str | None, now: float) -> tuple[bool, float | None]:
        """``(wake it now, seconds to wait before asking again)``; ``(False, None)``: running."""
        if stage == "RUNNING":
            return False, None
        self._fail_if_final(stage, message)
        waited = now - self.started
        if self.wake_timeout is not None and waited >= self.wake_timeout:
            raise errors.SpaceStartTimeoutError(
                f"Space {self.space_id!r} is still {stage} after {waited:.0f} s "
                f"(bound: wake_timeout={self.wake_timeout})",
                self.space_id, stage, message,
            )  # fmt: skip
        wake = stage in WAKE_STAGES and not self.woken
        self.woken = self.woken or wake
        delay = min(FIRST_POLL * 1.5**self.polls, MAX_POLL)
        self.polls += 1
        if self.wake_timeout is not None:
            delay = min(delay, max(self.wake_timeout - waited, 0.0) + 0.01)
        return wake, delay

    def _fail_if_final(self, stage: str, message: str | None) -> None:
        said = f": {message}" if message else ""
        if stage in PAUSED_STAGES:
            raise errors.SpacePausedError(
                f"Space {self.space_id!r} is {stage} by its owner (only they can restart it){said}",
                self.space_id, stage, message,
            )  # fmt: skip
        if stage in BROKEN_STAGES:
            raise errors.SpaceBrokenError(
                f"Space {self.space_id!r} cannot run ({stage}){said}",
                self.space_id, stage, message,
            )  # fmt: skip
