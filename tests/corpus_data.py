"""Where the tests find their data: the in-repo corpus subset and, when present, ``../shared``.

``../shared`` is found relative to the repository root (never a machine path);
``SPACEGEN_SHARED`` overrides it. The in-repo subset (``tests/data/corpus/<corpus>/<app>/``,
chosen by ``scripts/select_corpus_subset.py``) always runs, so a fresh clone without
``../shared`` still tests the generator on real apps of every Gradio version. The full corpora
run when ``../shared`` is there; when it is not, their tests skip with that reason, except in CI
(``CI=true``), where a missing ``../shared`` fails loudly instead of passing over nothing.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"
SUBSET = DATA / "corpus"
CAPTURES = DATA / "captures"
CORPORA = ("corpus", "corpus-v4", "corpus-v5")

#: Apps in the in-repo subset (exact: a lost folder fails the count).
SUBSET_SIZE = 55
#: The full corpora hold 295 apps (218 + 36 + 41); fewer than this means a broken ../shared.
FULL_FLOOR = 290


def shared_dir() -> Path:
    """``$SPACEGEN_SHARED`` or ``../shared`` beside the repository root (may not exist)."""
    override = os.environ.get("SPACEGEN_SHARED", "").strip()
    return Path(override).resolve() if override else ROOT.parent / "shared"


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def apps_under(base: Path) -> list[Path]:
    """App folders (holding ``config.json``) of every corpus under ``base``, sorted."""
    return sorted(p.parent for c in CORPORA for p in (base / c).glob("*/config.json"))


def subset_apps() -> list[Path]:
    """The in-repo subset (always there)."""
    return apps_under(SUBSET)


def full_apps() -> list[Path]:
    """Every app of the ``../shared`` corpora; empty when ``../shared`` is absent."""
    return apps_under(shared_dir())


def need_shared(what: str) -> Path:
    """``../shared`` for a test that needs it: skip with the reason locally, fail in CI."""
    shared = shared_dir()
    if not all((shared / c).is_dir() for c in CORPORA):
        message = f"{what} needs ../shared ({shared}); set SPACEGEN_SHARED or put it there"
        if in_ci():
            pytest.fail(f"CI=true and {message}", pytrace=False)
        pytest.skip(f"{message} (the in-repo subset of {SUBSET_SIZE} apps ran instead)")
    return shared


def app_folder(rel: str) -> Path:
    """``corpus/hello_world``: the in-repo copy (the same files as ``../shared``)."""
    folder = SUBSET / rel
    assert (folder / "config.json").is_file(), f"{rel} is not in {SUBSET}: re-run the script"
    return folder


def corpus_params(full: bool) -> list[Any]:
    """Params over the subset (ids ``subset:corpus/app``) plus the full corpora if present."""
    params = [pytest.param(f, id=f"subset:{_id(f)}") for f in subset_apps()]
    if full:
        params += [pytest.param(f, id=_id(f)) for f in full_apps()]
    return params


def _id(folder: Path) -> str:
    return f"{folder.parent.name}/{folder.name}"
