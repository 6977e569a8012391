"""Source kind 3: the URL of a running Gradio app (``/config``, ``{P}/info``, ``{P}/info?all``)."""

from __future__ import annotations

import re
from collections.abc import Callable, Generator, Mapping
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import httpx

from spacegen.generator.raw.snapshot import RawSnapshot, strip_snippets
from spacegen.generator.sources.checks import (
    MAX_DESCRIPTION_BYTES,
    config_problem,
    info_problem,
    parse_json,
    too_large,
)
from spacegen.runtime import _auth, errors
from spacegen.runtime.errors import SourceError

#: ``config.api_prefix``: absent on 4.x, ``/gradio_api`` on 5.x/6.x. Anything else that is not a
#: plain path could point requests (and the token) at another host, so it is refused.
_API_PREFIX = re.compile(r"(?:/(?!\.\.?(?:/|$))[A-Za-z0-9._~-]+)*/?")

Check = Callable[[object], "str | None"]


def normalize_url(url: str) -> str:
    """Base URL of the app: scheme, host, sub-path; no credentials, query, fragment, final ``/``."""
    try:
        parts = urlsplit(url.strip())
        _ = parts.port  # raises ValueError for a bad port number
    except ValueError as exc:
        raise SourceError(f"invalid URL {url!r}: {exc}") from None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise SourceError(f"invalid URL {url!r}: expected http(s)://host[/path]")
    netloc = parts.netloc.rpartition("@")[2]
    return urlunsplit((parts.scheme.lower(), netloc, parts.path.rstrip("/"), "", ""))


def load_url(
    url: str,
    *,
    token: str | None = None,
    auth: tuple[str, str] | None = None,
    timeout: float = 30.0,
    transport: httpx.BaseTransport | None = None,
    source: str | None = None,
    meta: Mapping[str, str] | None = None,
) -> RawSnapshot:
    """Fetch ``/config`` and ``/info`` (+ ``?all_endpoints=true``) of the app at ``url``.

    ``source`` and ``meta`` override what the snapshot records (the Space id, for Spaces).
    """
    base = normalize_url(url)
    with _client(token, timeout, transport) as client:
        config = _fetch_config(client, base, auth)
        api = base + _api_prefix(config, base)
        info = _get_payload(client, f"{api}/info", info_problem)
        info_all = _fetch_info_all(client, api, info)
    return RawSnapshot(
        source=source or base, config=config, info=info, info_all=info_all, meta=dict(meta or {})
    )


class _TokenAuth(httpx.Auth):
    """Adds the HF token headers to every request the client sends, ``/login`` included."""

    def __init__(self, token: str | None) -> None:
        self._headers = _auth.token_headers(token)

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        request.headers.update(self._headers)
        yield request


def _client(
    token: str | None, timeout: float, transport: httpx.BaseTransport | None
) -> httpx.Client:
    auth = _TokenAuth(token)
    return httpx.Client(auth=auth, timeout=timeout, transport=transport, follow_redirects=False)


def _fetch_config(client: httpx.Client, base: str, auth: tuple[str, str] | None) -> dict[str, Any]:
    url = f"{base}/config"
    response, body = _get(client, url)
    if response.status_code == 401 and auth is not None:
        _login(client, base, auth)
        response, body = _get(client, url)
        if response.status_code == 401:
            raise errors.AuthenticationError(
                f"{url} still answers 401 after a successful login", 401
            )
    if response.status_code == 401:
        raise errors.AuthenticationError(_needs_login(base, body), 401)
    return _payload(response, body, url, config_problem)


def _login(client: httpx.Client, base: str, auth: tuple[str, str]) -> None:
    try:
        _auth.login(client, base, *auth)
    except httpx.RequestError as exc:
        raise _unreachable(f"{base}/login", exc) from None


def _needs_login(base: str, body: bytes) -> str:
    """The 401 message: a Gradio login (``--auth``) or a token the proxy refused (``--token``)."""
    detail = _json_or_none(body)
    detail = detail.get("detail") if isinstance(detail, dict) else None
    if isinstance(detail, dict) and detail.get("error") == "Not authenticated":
        said = detail.get("auth_message")
        hint = f" (the app says: {said[:200]!r})" if isinstance(said, str) and said else ""
        return f"{base} requires a login; pass --auth user:password{hint}"
    return f"{base} answered 401 Unauthorized; for a private Space pass --token or set HF_TOKEN"


def _api_prefix(config: dict[str, Any], base: str) -> str:
    prefix = config.get("api_prefix")
    if prefix is None:
        return ""
    if not isinstance(prefix, str) or not _API_PREFIX.fullmatch(prefix):
        raise errors.DescriptionError(f"{base}/config: unusable api_prefix {prefix!r}")
    return prefix.rstrip("/")


def _fetch_info_all(client: httpx.Client, api: str, info: dict[str, Any]) -> dict[str, Any] | None:
    """``/info?all_endpoints=true`` when the server has it and it adds something, else ``None``."""
    try:
        info_all = _get_payload(client, f"{api}/info?all_endpoints=true", info_problem)
    except errors.NotGradioError:
        return None
    return None if strip_snippets(info_all) == strip_snippets(info) else info_all


def _get_payload(client: httpx.Client, url: str, check: Check) -> dict[str, Any]:
    response, body = _get(client, url)
    if response.status_code == 401:
        raise errors.AuthenticationError(f"{url} answered 401 Unauthorized (login lost?)", 401)
    return _payload(response, body, url, check)


def _payload(response: httpx.Response, body: bytes, url: str, check: Check) -> dict[str, Any]:
    """Map the status, decode the JSON and check it looks like what Gradio serves at ``url``."""
    _check_status(response, url)
    kind = response.headers.get("content-type", "no content type").split(";")[0].strip()
    # a JSON answer that cannot be read is a bad description (say why), not a non-Gradio URL
    data = parse_json(body, url) if kind.endswith("json") else _json_or_none(body)
    if data is None:
        raise errors.NotGradioError(f"{url} answered {kind}, not JSON: is this a Gradio app?")
    problem = check(data)
    if problem is not None:
        raise errors.NotGradioError(f"{url} is not a Gradio API description: {problem}")
    assert isinstance(data, dict)
    return data


def _check_status(response: httpx.Response, url: str) -> None:
    status = response.status_code
    if status == 429:
        raise errors.RateLimitedError(f"{url} is rate limited (HTTP 429)", _retry_after(response))
    if status == 403:
        raise errors.AuthenticationError(
            f"{url} answered 403 Forbidden: token or login refused", 403
        )
    if response.is_redirect:
        where = response.headers.get("location", "?")
        raise errors.NotGradioError(f"{url} redirects to {where}; pass the final URL instead")
    if status != 200:
        raise errors.NotGradioError(f"{url} answered HTTP {status}: is this a Gradio app?")


def _get(client: httpx.Client, url: str) -> tuple[httpx.Response, bytes]:
    """GET with transport failures mapped to ConnectError and the body size bounded."""
    try:
        with client.stream("GET", url) as response:
            return response, _read_bounded(response, url)
    except httpx.RequestError as exc:
        raise _unreachable(url, exc) from None


def _read_bounded(response: httpx.Response, url: str) -> bytes:
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > MAX_DESCRIPTION_BYTES:
        raise errors.DescriptionError(f"{url}: {too_large(int(declared))}")
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > MAX_DESCRIPTION_BYTES:
            raise errors.DescriptionError(f"{url}: {too_large(size)} (and still growing)")
        chunks.append(chunk)
    return b"".join(chunks)


def _retry_after(response: httpx.Response) -> float | None:
    """``Retry-After`` in seconds (the delay form; an HTTP date gives ``None``)."""
    value = response.headers.get("retry-after", "").strip()
    return float(value) if re.fullmatch(r"\d+(?:\.\d+)?", value) else None


def _json_or_none(body: bytes) -> Any:
    try:
        return parse_json(body, "response")
    except errors.DescriptionError:
        return None


def _unreachable(url: str, exc: httpx.RequestError) -> errors.ConnectError:
    if isinstance(exc, httpx.TimeoutException):
        return errors.ConnectError(f"timed out talking to {url}")
    reason = str(exc) or type(exc).__name__
    return errors.ConnectError(f"cannot reach {url}: {reason}")
