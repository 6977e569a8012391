"""Calling one running app through its generated client and through gradio_client."""

from __future__ import annotations

import concurrent.futures
import importlib.util
import inspect
import itertools
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx

from spacegen.generator.api import generate

_counter = itertools.count()


@dataclass
class Outcome:
    """One call's result or error text, and how long it took."""

    value: Any = None
    error: str | None = None
    seconds: float = 0.0


def describe(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0][:300] if text else ''}"


def fetch_json(url: str, path: str, auth: tuple[str, str] | None) -> Any:
    """GET ``url + path`` as JSON, logged in first when the app has a login."""
    with httpx.Client(base_url=url, timeout=30) as http:
        if auth is not None:
            http.post("/login", data={"username": auth[0], "password": auth[1]}).raise_for_status()
        response = http.get(path)
        response.raise_for_status()
        return response.json()


def generate_client(
    url: str, app: str, folder: Path, auth: tuple[str, str] | None = None
) -> ModuleType:
    """Generate the client of ``url`` (as ``spacegen generate URL`` does) and import it."""
    result = generate(url, auth=auth)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{app.replace('-', '_')}_client.py"
    path.write_text(result.module_text, encoding="utf-8")
    name = f"_spacegen_differential_{next(_counter)}"
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot import {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def call_spacegen(method: Any, values: list[Any]) -> Outcome:
    """``method(...)`` with ``values`` in parameter order; the client's ``job_timeout`` bounds it.

    Parameters after one with a default that have none themselves are keyword-only in generated
    code, so each value goes by position or by name as the signature says.
    """
    start = time.monotonic()
    args, kwargs = bind(method, values)
    try:
        value = method(*args, **kwargs)
    except Exception as exc:  # every failure is a result here
        return Outcome(error=describe(exc), seconds=time.monotonic() - start)
    return Outcome(value=value, seconds=time.monotonic() - start)


def bind(method: Any, values: list[Any]) -> tuple[list[Any], dict[str, Any]]:
    args: list[Any] = []
    kwargs: dict[str, Any] = {}
    for param, value in zip(inspect.signature(method).parameters.values(), values, strict=False):
        if param.kind is inspect.Parameter.KEYWORD_ONLY:
            kwargs[param.name] = value
        else:
            args.append(value)
    return args, kwargs


def call_gradio(client: Any, api_name: str, args: list[Any], timeout: float) -> Outcome:
    """``client.submit(*args, api_name=...)`` bounded by ``timeout`` (cancelled past it)."""
    start = time.monotonic()
    try:
        job = client.submit(*args, api_name=api_name)
    except Exception as exc:
        return Outcome(error=describe(exc), seconds=time.monotonic() - start)
    try:
        value = job.result(timeout=timeout)
    except concurrent.futures.TimeoutError:
        job.cancel()
        return Outcome(error=f"TimeoutError: no result within {timeout} s", seconds=timeout)
    except Exception as exc:
        return Outcome(error=describe(exc), seconds=time.monotonic() - start)
    return Outcome(value=value, seconds=time.monotonic() - start)
