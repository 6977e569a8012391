"""URL sources against ``httpx.MockTransport``: the happy paths and the error mapping."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from spacegen.generator import sources
from spacegen.generator.sources.url import normalize_url
from spacegen.runtime import errors

CONFIG: dict[str, Any] = {
    "version": "6.31.0",
    "api_prefix": "/gradio_api",
    "protocol": "sse_v3",
    "components": [],
    "dependencies": [],
}
INFO: dict[str, Any] = {
    "named_endpoints": {"/greet": {"parameters": [], "returns": [], "code_snippets": {"py": ""}}},
    "unnamed_endpoints": {},
}
INFO_ALL: dict[str, Any] = {
    "named_endpoints": {"/greet": {"parameters": [], "returns": []}, "/hidden": {}},
    "unnamed_endpoints": {},
}
NOT_AUTHENTICATED = {"detail": {"error": "Not authenticated", "auth_message": "Use u/p"}}

Handler = Callable[[httpx.Request], httpx.Response]


class FakeApp:
    """A scripted Gradio app: ``routes`` maps ``path?query`` to a response; records requests."""

    def __init__(self, routes: dict[str, httpx.Response]) -> None:
        self.routes = routes
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        key = request.url.raw_path.decode()
        return self.routes.get(key, httpx.Response(404, json={"detail": "Not Found"}))

    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self)


def app_routes(
    config: dict[str, Any] = CONFIG, prefix: str = "/gradio_api", info_all: Any = INFO_ALL
) -> dict[str, httpx.Response]:
    return {
        "/config": httpx.Response(200, json=config),
        f"{prefix}/info": httpx.Response(200, json=INFO),
        f"{prefix}/info?all_endpoints=true": httpx.Response(200, json=info_all),
    }


def load(url: str, app: FakeApp | Handler, **kwargs: Any) -> Any:
    transport = app.transport() if isinstance(app, FakeApp) else httpx.MockTransport(app)
    return sources.load(url, transport=transport, **kwargs)


def test_6x_app() -> None:
    app = FakeApp(app_routes())
    snapshot = load("http://app.test:7860/", app)
    assert snapshot.source == "http://app.test:7860"
    assert snapshot.config == CONFIG
    assert snapshot.info == INFO
    assert snapshot.info_all == INFO_ALL
    assert snapshot.meta == {}
    assert [r.url.raw_path for r in app.requests] == [
        b"/config",
        b"/gradio_api/info",
        b"/gradio_api/info?all_endpoints=true",
    ]


def test_4x_app_without_api_prefix() -> None:
    config = {k: v for k, v in CONFIG.items() if k != "api_prefix"} | {"version": "4.44.1"}
    snapshot = load("http://app.test", FakeApp(app_routes(config, prefix="")))
    assert snapshot.gradio_version == "4.44.1"
    assert snapshot.info == INFO


def test_info_all_equal_to_info_is_not_stored() -> None:
    same = {k: v for k, v in INFO.items()}
    assert load("http://app.test", FakeApp(app_routes(info_all=same))).info_all is None


def test_info_all_failing_is_not_fatal() -> None:
    routes = app_routes()
    routes["/gradio_api/info?all_endpoints=true"] = httpx.Response(500, text="boom")
    assert load("http://app.test", FakeApp(routes)).info_all is None


def test_sub_path_query_and_fragment() -> None:
    routes = {f"/mounted/app{k}": v for k, v in app_routes().items()}
    app = FakeApp(routes)
    snapshot = load("https://user:pw@Example.test/mounted/app/?__theme=dark#top", app)
    assert snapshot.source == "https://Example.test/mounted/app"
    assert app.requests[0].url == "https://example.test/mounted/app/config"


def test_token_headers_on_every_request() -> None:
    app = FakeApp(app_routes())
    load("http://app.test", app, token="hf_secret")
    assert len(app.requests) == 3
    for request in app.requests:
        assert request.headers["x-hf-authorization"] == "Bearer hf_secret"
        assert request.headers["authorization"] == "Bearer hf_secret"


def test_no_token_no_header(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HF_TOKEN", "hf_env")  # only Space ids use the ambient token
    app = FakeApp(app_routes())
    load("http://app.test", app)
    assert all("authorization" not in r.headers for r in app.requests)


class LoginApp(FakeApp):
    """An app with ``auth=("u", "p")``: 401 until ``/login`` set the cookie."""

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if request.url.path == "/login":
            return self._login(request)
        if "access-token-unsecure-x=tok" not in request.headers.get("cookie", ""):
            return httpx.Response(401, json=NOT_AUTHENTICATED)
        return super().__call__(request)

    def _login(self, request: httpx.Request) -> httpx.Response:
        if request.content != b"username=u&password=p":
            return httpx.Response(400, json={"detail": "Incorrect credentials."})
        cookies = [("set-cookie", "access-token-unsecure-x=tok; HttpOnly; Path=/; SameSite=lax")]
        return httpx.Response(200, json={"success": True}, headers=cookies)


def test_login_then_retry() -> None:
    app = LoginApp(app_routes())
    snapshot = load("http://app.test", app, auth=("u", "p"), token="hf_t")
    assert snapshot.info_all == INFO_ALL
    paths = [r.url.path for r in app.requests]
    assert paths[:3] == ["/config", "/login", "/config"]
    assert all(r.headers["x-hf-authorization"] == "Bearer hf_t" for r in app.requests)


def test_login_required_without_auth() -> None:
    with pytest.raises(errors.AuthenticationError, match=r"requires a login; pass --auth") as e:
        load("http://app.test", LoginApp(app_routes()))
    assert "Use u/p" in str(e.value)


def test_wrong_password() -> None:
    with pytest.raises(errors.AuthenticationError, match="wrong username or password"):
        load("http://app.test", LoginApp(app_routes()), auth=("u", "bad"))


def test_still_401_after_login() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/login":
            return httpx.Response(200, json={"success": True})
        return httpx.Response(401, json=NOT_AUTHENTICATED)

    with pytest.raises(errors.AuthenticationError, match="still answers 401"):
        load("http://app.test", handler, auth=("u", "p"))


def test_401_from_a_proxy_suggests_a_token() -> None:
    app = FakeApp({"/config": httpx.Response(401, text="Unauthorized")})
    with pytest.raises(errors.AuthenticationError, match="pass --token or set HF_TOKEN"):
        load("https://o-n.hf.space", app)


def test_429_carries_retry_after() -> None:
    app = FakeApp({"/config": httpx.Response(429, headers={"retry-after": "12"})})
    with pytest.raises(errors.RateLimitedError, match="HTTP 429") as caught:
        load("http://app.test", app)
    assert caught.value.retry_after == 12.0


def test_429_on_info() -> None:
    routes = app_routes()
    routes["/gradio_api/info"] = httpx.Response(429)
    with pytest.raises(errors.RateLimitedError) as caught:
        load("http://app.test", FakeApp(routes))
    assert caught.value.retry_after is None


HTML = "<!doctype html><html><body>Welcome to nginx</body></html>"


@pytest.mark.parametrize(
    ("response", "message"),
    [
        (httpx.Response(200, html=HTML), "answered text/html, not JSON"),
        (httpx.Response(200, json={"hello": 1}), "no 'dependencies' list"),
        (httpx.Response(200, json=[1, 2]), "expected a JSON object, got a list"),
        (httpx.Response(404, json={"detail": "Not Found"}), "answered HTTP 404"),
        (httpx.Response(500, text="Internal Server Error"), "answered HTTP 500"),
        (httpx.Response(302, headers={"location": "https://x.test/"}), "redirects to https://x"),
    ],
)
def test_not_gradio(response: httpx.Response, message: str) -> None:
    with pytest.raises(errors.NotGradioError, match=message):
        load("http://app.test", FakeApp({"/config": response}))


def test_info_that_is_not_gradio() -> None:
    routes = app_routes()
    routes["/gradio_api/info"] = httpx.Response(200, json={"endpoints": []})
    with pytest.raises(errors.NotGradioError, match="no 'named_endpoints' object"):
        load("http://app.test", FakeApp(routes))


def test_403_is_an_authentication_error() -> None:
    app = FakeApp({"/config": httpx.Response(403, text="Forbidden")})
    with pytest.raises(errors.AuthenticationError, match="403 Forbidden"):
        load("http://app.test", app)


@pytest.mark.parametrize("prefix", ["@evil.test", "//evil.test", "/a b", 3, "/../x/.."])
def test_hostile_api_prefix(prefix: object) -> None:
    app = FakeApp({"/config": httpx.Response(200, json=CONFIG | {"api_prefix": prefix})})
    with pytest.raises(errors.DescriptionError, match="unusable api_prefix"):
        load("http://app.test", app)
    assert len(app.requests) == 1


@pytest.mark.parametrize(
    ("exc", "message"),
    [
        (
            httpx.ConnectError("[Errno 111] Connection refused"),
            "cannot reach http://app.test/config",
        ),
        (httpx.ConnectError("[Errno -2] Name or service not known"), "Name or service not known"),
        (httpx.ReadTimeout("timed out"), "timed out talking to http://app.test/config"),
    ],
)
def test_connection_errors(exc: Exception, message: str) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise exc

    with pytest.raises(errors.ConnectError, match=message):
        load("http://app.test", handler)


def test_connection_refused_for_real() -> None:
    with pytest.raises(errors.ConnectError, match=r"cannot reach http://127\.0\.0\.1:9/config"):
        sources.load("http://127.0.0.1:9", timeout=5)


def test_oversized_answer_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("spacegen.generator.sources.url.MAX_DESCRIPTION_BYTES", 100)
    body = json.dumps(CONFIG | {"pad": "x" * 200}).encode()
    declared = FakeApp({"/config": httpx.Response(200, content=body)})
    with pytest.raises(errors.DescriptionError, match="larger than"):
        load("http://app.test", declared)

    def streamed(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=iter([body[:60], body[60:]]))

    with pytest.raises(errors.DescriptionError, match="still growing"):
        load("http://app.test", streamed)


@pytest.mark.parametrize(
    ("url", "base"),
    [
        ("http://h", "http://h"),
        ("HTTP://H:8080/a/b/", "http://H:8080/a/b"),
        ("http://[::1]:7860/?q=1", "http://[::1]:7860"),
        ("https://u:p@h/x#frag", "https://h/x"),
    ],
)
def test_normalize_url(url: str, base: str) -> None:
    assert normalize_url(url) == base


@pytest.mark.parametrize("url", ["http://h:99999", "ftp://h", "http:///x"])
def test_normalize_url_rejects(url: str) -> None:
    with pytest.raises(sources.SourceError, match="invalid URL"):
        normalize_url(url)


def test_an_unreadable_json_answer_says_why() -> None:
    """A 5,000-digit integer in /config is a bad description, not "not a Gradio app"."""
    huge = b'{"version": "6.31.0", "dependencies": [], "components": [], "x": ' + b"9" * 5000 + b"}"
    routes = app_routes()
    routes["/config"] = httpx.Response(
        200, content=huge, headers={"content-type": "application/json"}
    )
    with pytest.raises(errors.DescriptionError, match="integer of 5000 digits"):
        load("http://app.test", FakeApp(routes))
    routes["/config"] = httpx.Response(
        200, content=b"{broken", headers={"content-type": "application/json"}
    )
    with pytest.raises(errors.DescriptionError, match="not valid JSON"):
        load("http://app.test", FakeApp(routes))
