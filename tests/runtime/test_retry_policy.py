"""The sans-IO pieces of living Spaces: retry policy, Retry-After, ZeroGPU messages, stages."""

from __future__ import annotations

import email.utils

import httpx
import pytest

from spacegen.runtime import errors
from spacegen.runtime._lifecycle import SpaceWatch, looks_asleep, parse_runtime
from spacegen.runtime._log import redact
from spacegen.runtime._quota import app_error
from spacegen.runtime._retry import RetryPlan, backoff, parse_retry_after, retryable

LOST = errors.ConnectionLostError("queue/join: connection failed")
NEVER_SENT = errors.ConnectError("cannot connect")


def status(code: int) -> errors.SpacegenError:
    if code == 429:
        return errors.RateLimitedError("slow down")
    if code == 503:
        return errors.QueueFullError("full")
    return errors.UnexpectedStatusError(f"HTTP {code}", code)


@pytest.mark.parametrize("code", [408, 429, 502, 503, 504])
def test_safe_requests_retry_these_statuses(code: int) -> None:
    assert retryable(status(code), "safe")


@pytest.mark.parametrize("code", [400, 404, 413, 500, 501])
def test_other_statuses_are_final(code: int) -> None:
    assert not retryable(status(code), "safe") and not retryable(status(code), "join")


def test_a_join_is_resent_only_when_refused_or_never_sent() -> None:
    assert retryable(status(429), "join") and retryable(status(503), "join")
    assert retryable(NEVER_SENT, "join")
    for maybe_accepted in (LOST, errors.TimeoutError("read"), status(502), status(504)):
        assert not retryable(maybe_accepted, "join"), maybe_accepted
    assert retryable(LOST, "safe") and retryable(errors.TimeoutError("read"), "safe")


def test_backoff_grows_is_capped_and_jittered() -> None:
    assert [backoff(n, lambda: 0.0) for n in range(6)] == [0.5, 1.0, 2.0, 4.0, 8.0, 8.0]
    assert backoff(0, lambda: 1.0) == pytest.approx(0.375)


def test_plan_counts_retries_and_honours_retry_after() -> None:
    plan = RetryPlan("join", max_retries=2, jitter=lambda: 0.0)
    assert plan.after(errors.RateLimitedError("x", retry_after=3.0)) == 3.0
    assert plan.after(status(503)) == 1.0
    assert plan.after(status(503)) is None  # two retries used
    assert RetryPlan("safe", 5).after(errors.RateLimitedError("x", retry_after=3600)) is None
    assert RetryPlan("safe", 0).after(NEVER_SENT) is None


def test_retry_after_seconds_and_http_date() -> None:
    assert parse_retry_after("7") == 7.0 and parse_retry_after(" 1.5 ") == 1.5
    assert parse_retry_after(None) is None and parse_retry_after("soon") is None
    date = email.utils.formatdate(1_000_030.0, usegmt=True)
    assert parse_retry_after(date, now=1_000_000.0) == pytest.approx(30.0)
    assert parse_retry_after(date, now=2_000_000.0) == 0.0


QUOTA_MESSAGES = [
    (
        "You have exceeded your GPU quota (60s requested vs. 56s left). "
        '<a href="https://huggingface.co/join">Create a free account</a> to get more usage quota.',
        (60.0, 56.0, None),
    ),
    (
        "You have exceeded your GPU quota (46s left vs. 60s requested). Sign-up on Hugging "
        "Face to get more quotas or retry in 0:09:48.",
        (60.0, 46.0, 588.0),
    ),
    ("ZeroGPU quota exceeded", (None, None, None)),
]


@pytest.mark.parametrize(("message", "numbers"), QUOTA_MESSAGES)
def test_zero_gpu_quota_messages(
    message: str, numbers: tuple[float | None, float | None, float | None]
) -> None:
    error = app_error(message, "Error", None, True)
    assert isinstance(error, errors.QuotaExceededError)
    assert (error.requested, error.remaining, error.retry_in) == numbers
    assert error.message == message  # the original text is kept


def test_gpu_task_aborted_and_plain_app_errors() -> None:
    aborted = app_error("GPU task aborted", None, None, True)
    assert type(aborted) is errors.ZeroGPUError and aborted.message == "GPU task aborted"
    plain = app_error("bad input", "Oops", 5.0, True)
    assert type(plain) is errors.AppError and str(plain) == "Oops: bad input"


def runtime_reply(code: int, body: object) -> httpx.Response:
    return httpx.Response(code, json=body)


def test_runtime_answers() -> None:
    reply = runtime_reply(200, {"stage": "BUILD_ERROR", "errorMessage": "pip failed"})
    assert parse_runtime(reply, "o/s") == ("BUILD_ERROR", "pip failed")
    for code in (401, 404):
        with pytest.raises(errors.SpaceNotFoundError, match="private: pass token"):
            parse_runtime(runtime_reply(code, {"error": "Repository not found"}), "o/s")
    with pytest.raises(errors.ProtocolError):
        parse_runtime(runtime_reply(200, {"no": "stage"}), "o/s")


@pytest.mark.parametrize(
    ("stage", "error"),
    [
        ("PAUSED", errors.SpacePausedError),
        ("STOPPED", errors.SpacePausedError),
        ("RUNTIME_ERROR", errors.SpaceBrokenError),
        ("BUILD_ERROR", errors.SpaceBrokenError),
        ("CONFIG_ERROR", errors.SpaceBrokenError),
        ("NO_APP_FILE", errors.SpaceBrokenError),
    ],
)
def test_final_stages_are_typed_errors(stage: str, error: type[errors.SpaceError]) -> None:
    with pytest.raises(error) as info:
        SpaceWatch("o/s", 300.0, 0.0).step(stage, "said the Hub", 0.0)
    assert info.value.stage == stage and info.value.hub_message == "said the Hub"
    assert info.value.space_id == "o/s"


def test_watch_wakes_once_waits_with_backoff_and_times_out() -> None:
    watch = SpaceWatch("o/s", 20.0, 0.0)
    assert watch.step("SLEEPING", None, 0.0) == (True, 1.0)
    assert watch.step("SLEEPING", None, 1.0) == (False, 1.5)
    assert watch.step("APP_STARTING", None, 2.5) == (False, 2.25)
    assert watch.step("RUNNING", None, 5.0) == (False, None)
    with pytest.raises(errors.SpaceStartTimeoutError) as info:
        watch.step("BUILDING", None, 20.0)
    assert isinstance(info.value, TimeoutError) and info.value.stage == "BUILDING"


def test_what_looks_like_a_sleeping_space() -> None:
    assert looks_asleep(errors.NotGradioError("a page")) and looks_asleep(status(503))
    assert looks_asleep(status(404)) and looks_asleep(status(502))
    assert not looks_asleep(status(500)) and not looks_asleep(LOST)


def test_redact_masks_tokens_and_given_secrets() -> None:
    text = redact("token hf_abcdefghijklmnop and pw hunter22", ("hunter22",))
    assert "hf_abcdefghijklmnop" not in text and "hunter22" not in text


def test_spacegen_log_switches_logging_on(monkeypatch: pytest.MonkeyPatch) -> None:
    import logging  # noqa: PLC0415

    from spacegen.runtime import _log  # noqa: PLC0415

    logger = logging.getLogger("spacegen")
    monkeypatch.setattr(_log, "_configured", False)
    monkeypatch.setattr(logger, "handlers", [])
    monkeypatch.setattr(logger, "level", logging.NOTSET)
    monkeypatch.delenv("SPACEGEN_LOG", raising=False)
    _log.configure_from_env()
    assert not logger.handlers  # off unless asked
    monkeypatch.setattr(_log, "_configured", False)
    monkeypatch.setenv("SPACEGEN_LOG", "debug")
    _log.configure_from_env()
    assert logger.level == logging.DEBUG and len(logger.handlers) == 1
    _log.configure_from_env()
    assert len(logger.handlers) == 1  # once per process
