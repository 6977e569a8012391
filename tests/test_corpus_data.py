"""Where tests find their data: never a machine path, never zero apps, loud in CI."""

from __future__ import annotations

from pathlib import Path

import corpus_data
import pytest


def test_shared_is_found_beside_the_repository(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SPACEGEN_SHARED", raising=False)
    assert corpus_data.shared_dir() == corpus_data.ROOT.parent / "shared"


def test_shared_can_be_overridden(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("SPACEGEN_SHARED", str(tmp_path))
    assert corpus_data.shared_dir() == tmp_path.resolve()
    assert corpus_data.full_apps() == []


def test_missing_shared_skips_locally_and_fails_in_ci(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("SPACEGEN_SHARED", str(tmp_path / "absent"))
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match=r"needs \.\./shared"):
        corpus_data.need_shared("this test")
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match=r"CI=true and this test needs \.\./shared"):
        corpus_data.need_shared("this test")


def test_the_in_repo_subset_covers_every_version() -> None:
    apps = corpus_data.subset_apps()
    assert len(apps) == corpus_data.SUBSET_SIZE
    per_corpus = {c: sum(a.parent.name == c for a in apps) for c in corpus_data.CORPORA}
    assert min(per_corpus.values()) >= 5, per_corpus
    assert sum(f.stat().st_size for f in corpus_data.SUBSET.rglob("*") if f.is_file()) < 4e6


def test_captures_are_in_the_repository() -> None:
    assert len(list(corpus_data.CAPTURES.glob("*.txt"))) >= 20
