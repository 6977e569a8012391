"""The error tree separates "never sent" from "may have run", and status errors share a base."""

from __future__ import annotations

import httpx
import pytest

from spacegen.runtime import errors
from spacegen.runtime._protocol import raise_for_reply
from spacegen.runtime._transport import mapped_errors


def test_connection_lost_is_not_a_connect_error() -> None:
    """``except ConnectError: retry`` must never catch a job that may be running."""
    assert not issubclass(errors.ConnectionLostError, errors.ConnectError)
    assert issubclass(errors.ConnectionLostError, errors.NetworkError)
    assert issubclass(errors.ConnectError, errors.NetworkError)


@pytest.mark.parametrize(
    ("raised", "expected"),
    [
        (httpx.ConnectError("refused"), errors.ConnectError),
        (httpx.UnsupportedProtocol("ftp"), errors.ConnectError),
        (httpx.ReadError("reset"), errors.ConnectionLostError),
        (httpx.RemoteProtocolError("peer closed"), errors.ConnectionLostError),
        (httpx.ReadTimeout("slow"), errors.TimeoutError),
    ],
)
def test_transport_failures_map_by_what_happened_to_the_request(
    raised: Exception, expected: type[errors.SpacegenError]
) -> None:
    with pytest.raises(expected), mapped_errors("queue/join"):
        raise raised


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        (401, errors.AuthenticationError),
        (422, errors.UnexpectedStatusError),  # a 422 that is not a validator's
        (429, errors.RateLimitedError),
        (500, errors.UnexpectedStatusError),
        (503, errors.QueueFullError),
    ],
)
def test_every_status_error_carries_its_status_code(
    status: int, expected: type[errors.HTTPStatusError]
) -> None:
    reply = httpx.Response(status, json={"detail": "nope"})
    with pytest.raises(errors.HTTPStatusError) as info:
        raise_for_reply(reply, "queue/join")
    assert type(info.value) is expected
    assert info.value.status_code == status
    assert "nope" in info.value.body


def test_validator_rejection_is_a_422_status_error() -> None:
    body = {"detail": [{"__type__": "validate", "is_valid": False, "parameter_name": "x"}]}
    with pytest.raises(errors.ValidationError) as info:
        raise_for_reply(httpx.Response(422, json=body), "queue/join")
    assert info.value.status_code == 422 and info.value.errors == {"x": "invalid value"}


def test_unexpected_status_is_still_a_protocol_error() -> None:
    with pytest.raises(errors.ProtocolError):
        raise_for_reply(httpx.Response(500, text="boom"), "queue/join")


def test_two_xx_passes() -> None:
    raise_for_reply(httpx.Response(200, json={}), "queue/join")


def test_a_web_page_instead_of_an_answer_is_not_gradio() -> None:
    request = httpx.Request("POST", "http://127.0.0.1:8000/gradio_api/queue/join")
    page = "<!DOCTYPE HTML>\n<html><body>Error 501</body></html>"
    reply = httpx.Response(501, text=page, headers={"content-type": "text/html"}, request=request)
    with pytest.raises(errors.NotGradioError) as info:
        raise_for_reply(reply, "queue/join")
    assert "http://127.0.0.1:8000 a Gradio app" in str(info.value)
    assert "DOCTYPE" not in str(info.value)
