"""Credentials on the wire: HF token headers and app-level ``/login`` (sans-IO + tiny shells)."""

from __future__ import annotations

import httpx

from spacegen.runtime.errors import AuthenticationError, RateLimitedError


def token_headers(token: str | None) -> dict[str, str]:
    """Headers that carry a Hugging Face token (accepted and stripped by the Space proxy)."""
    if not token:
        return {}
    return {"x-hf-authorization": f"Bearer {token}", "authorization": f"Bearer {token}"}


def login_request(base_url: str, username: str, password: str) -> httpx.Request:
    """The ``POST /login`` form request (never under the API prefix)."""
    data = {"username": username, "password": password}
    return httpx.Request("POST", base_url.rstrip("/") + "/login", data=data)


def check_login(response: httpx.Response) -> None:
    """Raise a typed error unless ``response`` is a successful login."""
    status = response.status_code
    if status == 429:
        raise RateLimitedError("login was rate limited (HTTP 429)", _retry_after(response))
    if status in (400, 401, 403):
        raise AuthenticationError("login failed: wrong username or password", status)
    if status in (302, 307, 404, 405):
        raise AuthenticationError(
            "login failed: this app does not use username/password auth", status
        )
    if status != 200:
        raise AuthenticationError(f"login failed: HTTP {status}", status)


def login(client: httpx.Client, base_url: str, username: str, password: str) -> None:
    """Log in; the session cookies land in ``client.cookies``."""
    response = client.send(login_request(base_url, username, password))
    check_login(response)
    _keep_cookies(client.cookies, response)


async def alogin(client: httpx.AsyncClient, base_url: str, username: str, password: str) -> None:
    """Async :func:`login`."""
    response = await client.send(login_request(base_url, username, password))
    check_login(response)
    _keep_cookies(client.cookies, response)


def _keep_cookies(jar: httpx.Cookies, response: httpx.Response) -> None:
    """Keep every ``access-token*`` cookie, including the ``Secure`` one over plain http."""
    for name, value in response.cookies.items():
        jar.set(name, value)


def _retry_after(response: httpx.Response) -> float | None:
    try:
        return float(response.headers.get("retry-after", ""))
    except ValueError:
        return None
