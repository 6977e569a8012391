"""Python interpreters able to run a given Gradio version.

The version installed in the project's venv runs from ``sys.executable``. Every other supported
version gets its own virtualenv, created on first use with ``uv`` under
``<repo>/.cache/gradio-envs/<version>/`` and reused afterwards. A marker file written after a
successful install says the environment is complete; an exclusive file lock keeps parallel pytest
processes from installing into the same folder at once.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from importlib.metadata import version as installed_version
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
ENVS_ROOT = REPO_ROOT / ".cache" / "gradio-envs"

#: Gradio version of the project's own venv (the dev dependency group pins 6.31).
CURRENT = installed_version("gradio")

#: Extra pins per old version. 4.44.1 needs the libraries of its time: with a current pydantic
#: its /info answers 500 for any app with a file component (see shared PROTOCOL.md section 1).
_PINS: dict[str, tuple[str, ...]] = {
    "4.44.1": (
        "gradio==4.44.1",
        "huggingface_hub==0.25.2",
        "pydantic==2.9.2",
        "fastapi==0.115.2",
        "httpx==0.27.2",
    ),
    "5.50.0": ("gradio==5.50.0",),
}

#: Pins beside gradio 4.7-4.21: with a newer pydantic their queue answers 500 (issue #8).
_PINS_4_EARLY = (
    "huggingface_hub==0.25.2",
    "pydantic==2.5.3",
    "fastapi==0.109.0",
    "httpx==0.27.2",
)

#: One version per protocol generation before sse_v3 (3.x "ws", "sse", "sse_v1", "sse_v2",
#: "sse_v2.1"): ``test_generated_legacy.py`` runs one app on each, and
#: ``scripts/capture_corpus.py`` captures the corpus with them.
_LEGACY_PINS: dict[str, tuple[str, ...]] = {
    "3.50.2": ("gradio==3.50.2",),
    **{v: (f"gradio=={v}", *_PINS_4_EARLY) for v in ("4.7.1", "4.15.0", "4.20.1", "4.21.0")},
}


def _by_version(versions: Iterable[str]) -> tuple[str, ...]:
    """``versions`` oldest first."""
    return tuple(sorted(versions, key=lambda v: tuple(map(int, v.split(".")))))


#: Every version the e2e suite knows how to run, oldest first.
VERSIONS: tuple[str, ...] = (*_by_version(_PINS), CURRENT)

#: Versions of the old protocols (only ``test_generated_legacy.py`` starts them).
LEGACY_VERSIONS: tuple[str, ...] = _by_version(_LEGACY_PINS)

_ALL_PINS = {**_LEGACY_PINS, **_PINS}

#: Upper bound for one ``uv`` step (a cold install of gradio with its dependencies).
INSTALL_TIMEOUT = float(os.environ.get("SPACEGEN_E2E_INSTALL_TIMEOUT", "900"))

_MARKER = ".spacegen-env-ready"


class EnvInstallError(RuntimeError):
    """Creating the virtualenv for an old Gradio version failed (output attached)."""


def python_for(version: str) -> Path:
    """The interpreter to run a server of Gradio ``version`` with (creating its env if needed)."""
    if version == CURRENT:
        return Path(sys.executable)
    if version not in _ALL_PINS:
        known = ", ".join((*LEGACY_VERSIONS, *VERSIONS))
        raise ValueError(f"unsupported gradio version {version!r}; known: {known}")
    return ensure_env(version)


def env_ready(version: str) -> bool:
    """Does ``version`` run without installing anything (current, or its env is complete)?"""
    if version == CURRENT:
        return True
    pins = _ALL_PINS.get(version)
    return pins is not None and _is_ready(ENVS_ROOT / version, "\n".join(pins) + "\n")


def ensure_env(version: str) -> Path:
    """Create (once) the virtualenv for ``version`` and return its Python."""
    env_dir = ENVS_ROOT / version
    python = env_dir / "bin" / "python"
    pins = _ALL_PINS[version]
    wanted = "\n".join(pins) + "\n"
    if _is_ready(env_dir, wanted):
        return python
    ENVS_ROOT.mkdir(parents=True, exist_ok=True)
    with _locked(ENVS_ROOT / f"{version}.lock"):
        if not _is_ready(env_dir, wanted):  # another process may have finished meanwhile
            _install(env_dir, pins)
            (env_dir / _MARKER).write_text(wanted, encoding="utf-8")
    return python


def _is_ready(env_dir: Path, wanted: str) -> bool:
    marker = env_dir / _MARKER
    return marker.is_file() and marker.read_text(encoding="utf-8") == wanted


@contextmanager
def _locked(path: Path) -> Iterator[None]:
    with path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _install(env_dir: Path, pins: tuple[str, ...]) -> None:
    """``uv venv`` with the running interpreter (uv cannot download Pythons here), then install."""
    if env_dir.exists():
        shutil.rmtree(env_dir)
    uv = shutil.which("uv")
    if uv is None:
        raise EnvInstallError("`uv` is not on PATH; it is needed to create old-gradio envs")
    started = time.monotonic()
    _run([uv, "venv", "--quiet", "--python", sys.executable, str(env_dir)])
    _run([uv, "pip", "install", "--python", str(env_dir / "bin" / "python"), *pins])
    took = time.monotonic() - started
    print(f"e2e: created {env_dir} in {took:.1f} s", file=sys.stderr)


def _run(cmd: list[str]) -> None:
    env = {k: v for k, v in os.environ.items() if k != "VIRTUAL_ENV"}
    try:
        done = subprocess.run(
            cmd, capture_output=True, text=True, timeout=INSTALL_TIMEOUT, env=env, check=False
        )
    except subprocess.TimeoutExpired as exc:
        raise EnvInstallError(
            f"timed out after {INSTALL_TIMEOUT:.0f} s: {' '.join(cmd)}\n{_text(exc.stdout)}"
            f"{_text(exc.stderr)}"
        ) from None
    if done.returncode != 0:
        raise EnvInstallError(
            f"exit {done.returncode}: {' '.join(cmd)}\n{done.stdout}{done.stderr}"
        )


def _text(data: str | bytes | None) -> str:
    if isinstance(data, bytes):
        return data.decode(errors="replace")
    return data or ""
