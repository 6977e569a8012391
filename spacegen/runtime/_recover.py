"""What the sync and async shells share when a request fails: the decision to retry, to ask
the Hub about the Space, or to give up; how each step is reported (log, ``verbose``,
``on_space_status``); which answers count as failures. The shells only sleep and send."""

from __future__ import annotations

import sys

import httpx

from spacegen.runtime import errors
from spacegen.runtime._auth import token_headers
from spacegen.runtime._lifecycle import ASLEEP_STATUSES, SpaceStatus, looks_asleep
from spacegen.runtime._log import logger, redact
from spacegen.runtime._protocol import Strategy, raise_for_reply
from spacegen.runtime._retry import RETRY_STATUSES, Kind, RetryPlan
from spacegen.runtime._transport import USER_AGENT, Options, max_retries
from spacegen.runtime._verify import LiveApp


class Recovery:
    """The recovery of one request (``what``): call :meth:`next_move` after each failure."""

    __slots__ = ("asked_hub", "kind", "opts", "plan", "space_id", "what")

    def __init__(self, what: str, kind: Kind, opts: Options, space_id: str | None) -> None:
        self.what, self.kind, self.opts, self.space_id = what, kind, opts, space_id
        self.plan = RetryPlan(kind, max_retries(opts))
        self.asked_hub = False

    def asks_hub(self, error: errors.SpacegenError) -> bool:
        """Whether to ask the Hub about the Space (once per request) before retrying."""
        if self.space_id is None or self.asked_hub or not self._space_may_sleep(error):
            return False
        self.asked_hub = True
        return True

    def retry_delay(self, error: errors.SpacegenError) -> float | None:
        """Seconds to wait before resending (the retry is logged), or None: give up."""
        delay = self.plan.after(error)
        if delay is not None:
            logger.info(
                "%s failed (%s); retry %d of %d in %.2f s",
                self.what, self._safe(str(error)), self.plan.retries, self.plan.max_retries, delay,
            )  # fmt: skip
        return delay

    def _space_may_sleep(self, error: errors.SpacegenError) -> bool:
        if self.kind == "safe":
            return looks_asleep(error)
        # a join is only known to be refused with these (never a 502 or a proxy's page)
        status = getattr(error, "status_code", None)
        return isinstance(error, errors.HTTPStatusError) and status in (404, 503)

    def _safe(self, text: str) -> str:
        auth = self.opts.auth
        return redact(text, (self.opts.token, auth[1] if auth else None))


def report(opts: Options, status: SpaceStatus) -> None:
    """One Hub answer about the Space: logged, printed when ``verbose``, given to the callback."""
    said = f" ({redact(status.message)})" if status.message else ""
    line = f"Space {status.space_id} is {status.stage}{said}; waited {status.waited:.1f} s"
    logger.info("%s", line)
    if opts.verbose:
        print(f"spacegen: {line}", file=sys.stderr)
    if opts.on_space_status is not None:
        opts.on_space_status(status)


def request_kind(path: str, strategy: Strategy) -> Kind:
    """A POST to the queue's join path may start a job; every other POST may be resent.

    Protocols whose jobs join on a channel of their own (3.x websocket, 4.0-4.8 stream) POST a
    job's data (``/queue/data``, ``/run/predict``): those count as joins too; uploads stay safe.
    """
    try:
        join = strategy.join_path()
    except errors.ProtocolError:  # no shared join: every POST but an upload may run a job
        return "safe" if path.endswith("/upload") else "join"
    return "join" if path == join else "safe"


def raise_if_retryable(reply: httpx.Response, what: str, space_id: str | None) -> httpx.Response:
    """``reply``, or its typed error when it is one a retry or a Space wake-up may cure."""
    status = reply.status_code
    if status in RETRY_STATUSES or (space_id is not None and status in ASLEEP_STATUSES):
        raise_for_reply(reply, what)
    return reply


def parse_config(reply: httpx.Response) -> LiveApp:
    """``/config``'s answer; a web page (a Space's "sleeping" page answers 200) → NotGradioError."""
    raise_for_reply(reply, "config")
    kind = reply.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind == "text/html" or reply.content[:1] == b"<":
        raise errors.NotGradioError(
            "config: a web page instead of the app's configuration "
            "(a Space that is not running, or not a Gradio app?)"
        )
    return LiveApp.parse(reply.content)


def hub_headers(opts: Options) -> dict[str, str]:
    """Headers of requests to the Hub: the token (when given) and spacegen's User-Agent."""
    return {"User-Agent": USER_AGENT, **token_headers(opts.token)}
