"""The build configuration: ``[tool.spacegen]`` in pyproject.toml, or a ``spacegen.toml``.

::

    [tool.spacegen]                 # in spacegen.toml: the same keys at the top level
    jobs = 4                        # sources fetched at once (default 4)

    [tool.spacegen.clients.hello]   # one table per client; the name is yours
    source = "owner/space"          # Space id, URL, folder or snapshot file
    output = "src/app/hello.py"     # the generated module (relative to the config file)
    class-name = "HelloClient"      # optional
    include-undocumented = false    # optional
    token-env = "HF_TOKEN"          # optional: the variable holding the token
    auth-env = "HELLO_AUTH"         # optional: the variable holding USER:PASS
    lock = "src/app/hello.snapshot.json"  # optional (default: beside the module)
    vendor-runtime = "app._spacegen"      # optional: vendor the runtime as this package
    timeout = 30                    # optional: seconds per request

Every unknown key and every bad value raises one :class:`ConfigError` naming file and key.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from spacegen.runtime.errors import ConfigError

CONFIG_NAMES = ("spacegen.toml", "pyproject.toml")
DEFAULT_JOBS = 4


@dataclass(frozen=True)
class ClientConfig:
    """One client to generate. Paths are absolute (resolved against the config's folder)."""

    name: str
    source: str  # as written (goes into the lock and the module)
    output: Path
    lock: Path
    class_name: str | None = None
    include_undocumented: bool = False
    token_env: str | None = None
    auth_env: str | None = None
    vendor_runtime: str | None = None
    timeout: float = 30.0
    location: str = ""  # where to read it from (a path resolved against the config's folder)

    def token(self) -> str | None:
        """The token from ``token-env`` (``None`` when unset or empty)."""
        return (os.environ.get(self.token_env) or None) if self.token_env else None

    def auth(self) -> tuple[str, str] | None:
        """``(user, password)`` from ``auth-env`` holding ``USER:PASS``."""
        value = os.environ.get(self.auth_env) if self.auth_env else None
        if not value:
            return None
        user, sep, password = value.partition(":")
        if not sep or not user:
            raise ConfigError(f"${self.auth_env} (auth-env of {self.name}): expected USER:PASS")
        return user, password


@dataclass(frozen=True)
class BuildConfig:
    path: Path
    clients: tuple[ClientConfig, ...]
    jobs: int = DEFAULT_JOBS


def find_config(start: Path) -> Path:
    """The nearest ``spacegen.toml``, or ``pyproject.toml`` with ``[tool.spacegen]``, upwards."""
    for folder in (start.resolve(), *start.resolve().parents):
        own = folder / "spacegen.toml"
        if own.is_file():
            return own
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file() and "spacegen" in _read(pyproject).get("tool", {}):
            return pyproject
    raise ConfigError(
        "no spacegen.toml, and no pyproject.toml with a [tool.spacegen] table, in "
        f"{start.resolve()} or above"
    )


def load_config(path: Path) -> BuildConfig:
    """Parse and check the config file at ``path``."""
    doc = _read(path)
    if path.name == "pyproject.toml":
        table, prefix = doc.get("tool", {}).get("spacegen"), "tool.spacegen"
        if not isinstance(table, dict):
            raise ConfigError(f"{path.name}: no [tool.spacegen] table")
    else:
        table, prefix = doc, ""
    return _build(path, table, _Where(path.name, prefix))


@dataclass(frozen=True)
class _Where:
    file: str
    prefix: str

    def key(self, *parts: str) -> str:
        return ".".join(p for p in (self.prefix, *parts) if p)

    def error(self, *parts: str, message: str) -> ConfigError:
        return ConfigError(f"{self.file}: {self.key(*parts)}: {message}")


def _read(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path.name}: not valid TOML: {exc}") from exc
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path.name}: not UTF-8 text") from exc


def _build(path: Path, table: dict[str, Any], where: _Where) -> BuildConfig:
    _known_keys(table, {"clients", "jobs"}, where)
    jobs = table.get("jobs", DEFAULT_JOBS)
    if isinstance(jobs, bool) or not isinstance(jobs, int) or not 1 <= jobs <= 64:
        raise where.error("jobs", message=f"expected a whole number from 1 to 64, got {jobs!r}")
    clients = table.get("clients")
    if not isinstance(clients, dict) or not clients:
        raise where.error("clients", message="expected at least one [clients.NAME] table")
    base = path.parent.resolve()
    parsed = tuple(_client(base, name, value, where) for name, value in clients.items())
    _unique_outputs(parsed, where)
    return BuildConfig(path=path, clients=parsed, jobs=jobs)


def _known_keys(table: dict[str, Any], known: set[str], where: _Where, *parts: str) -> None:
    for key in table:
        if key not in known:
            listed = ", ".join(sorted(known))
            raise where.error(*parts, key, message=f"unknown key (known keys: {listed})")


_CLIENT_KEYS = {
    "source",
    "output",
    "class-name",
    "include-undocumented",
    "token-env",
    "auth-env",
    "lock",
    "vendor-runtime",
    "timeout",
}


def _client(base: Path, name: str, value: object, where: _Where) -> ClientConfig:
    if not name.isprintable() or not name.strip():
        raise where.error("clients", message=f"client name {name!r} is not printable text")
    if not isinstance(value, dict):
        raise where.error("clients", name, message="expected a table of keys")
    _known_keys(value, _CLIENT_KEYS, where, "clients", name)

    def get(key: str, check: Callable[[object], bool], wanted: str, required: bool = False) -> Any:
        if key not in value:
            if required:
                raise where.error("clients", name, key, message="missing (required)")
            return None
        if not check(value[key]):
            got = value[key]
            raise where.error("clients", name, key, message=f"expected {wanted}, got {got!r}")
        return value[key]

    output = base / get("output", _module_path, "a path ending in .py", required=True)
    source: str = get("source", _text, "a Space id, URL or path", required=True)
    lock = get("lock", _text, "a file path")
    return ClientConfig(
        name=name,
        source=source,
        location=_location(base, source),
        output=output,
        lock=base / lock if lock else default_lock(output),
        class_name=get("class-name", _identifier, "a Python class name"),
        include_undocumented=bool(get("include-undocumented", _bool, "true or false")),
        token_env=get("token-env", _env_name, "an environment variable name"),
        auth_env=get("auth-env", _env_name, "an environment variable name"),
        vendor_runtime=get("vendor-runtime", _dotted, "a dotted package name (app._spacegen)"),
        timeout=float(get("timeout", _seconds, "seconds from 1 to 3600") or 30.0),
    )


def _location(base: Path, source: str) -> str:
    """Where to read ``source``: a path is relative to the config's folder (``./x``, ``../x``,
    or an existing path); Space ids and URLs as they are."""
    if "://" in source:
        return source
    if source.startswith(("./", "../", ".\\", "..\\")) or (base / source).exists():
        return str((base / source).resolve())
    return source


def default_lock(output: Path) -> Path:
    """``hello.py`` -> ``hello.snapshot.json`` beside it."""
    return output.with_name(output.stem + ".snapshot.json")


def _text(v: object) -> bool:
    return isinstance(v, str) and bool(v.strip()) and v.isprintable()


def _module_path(v: object) -> bool:
    return _text(v) and str(v).endswith(".py") and Path(str(v)).stem.isidentifier()


def _identifier(v: object) -> bool:
    return isinstance(v, str) and v.isidentifier() and not v.startswith("_")


def _dotted(v: object) -> bool:
    return isinstance(v, str) and all(part.isidentifier() for part in v.split("."))


def _bool(v: object) -> bool:
    return isinstance(v, bool)


def _env_name(v: object) -> bool:
    if not isinstance(v, str) or not v.isascii() or v[:1].isdigit():
        return False
    return v.replace("_", "a").isalnum()


def _seconds(v: object) -> bool:
    return not isinstance(v, bool) and isinstance(v, (int, float)) and 1 <= v <= 3600


def _unique_outputs(clients: tuple[ClientConfig, ...], where: _Where) -> None:
    seen: dict[Path, str] = {}
    for c in clients:
        for path in (c.output, c.lock):
            if path in seen:
                message = f"writes {path.name}, which {seen[path]!r} writes too"
                raise where.error("clients", c.name, message=message)
            seen[path] = c.name
