"""The error tree separates "never sent" from "may have run", and status errors share a base."""

from __future__ import annotations

import pickle

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


def _every_error_class() -> list[type[errors.SpacegenError]]:
    found: list[type[errors.SpacegenError]] = []
    pending: list[type[errors.SpacegenError]] = [errors.SpacegenError]
    while pending:
        cls = pending.pop()
        found.append(cls)
        pending.extend(cls.__subclasses__())
    return sorted(set(found), key=lambda c: c.__name__)


SAMPLES: dict[str, errors.SpacegenError] = {
    "AppError": errors.AppError("bad input", "Custom", 5.0, False),
    "FileTooLargeError": errors.FileTooLargeError("a.bin", 10, 5),
    "RateLimitedError": errors.RateLimitedError("slow down", 12.0, "{}"),
    "ValidationError": errors.ValidationError({"x": "too long"}),
    "UnexpectedStatusError": errors.UnexpectedStatusError("HTTP 500", 500, "boom"),
    "QueueFullError": errors.QueueFullError("full", 503, "{}"),
    "AuthenticationError": errors.AuthenticationError("no", 401, "{}"),
    "HTTPStatusError": errors.HTTPStatusError("teapot", 418, "short and stout"),
    "ProtocolError": errors.ProtocolError("bad json", 200, "{"),
    "StaleClientError": errors.StaleClientError("/x", ("input 1 changed",), "owner/app"),
}


@pytest.mark.parametrize("cls", _every_error_class(), ids=lambda c: c.__name__)
def test_every_error_pickles_with_its_attributes(cls: type[errors.SpacegenError]) -> None:
    error = SAMPLES.get(cls.__name__) or cls(f"{cls.__name__} happened")
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is cls
    assert str(copy) == str(error)
    assert vars(copy) == vars(error)


def test_the_error_tree_has_every_documented_class() -> None:
    assert len(_every_error_class()) >= 20
