"""Drift between real versions of the same app (4.44 / 5.50 / 6.31), and over the shared pairs."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from spacegen.generator.drift import compare
from spacegen.generator.drift.record import Change
from spacegen.generator.ir.model import AppSpec
from spacegen.generator.normalize import normalize
from spacegen.generator.sources import load

ROOT = Path(__file__).resolve().parents[3]
DATA = ROOT / "tests" / "data" / "drift"
SHARED = ROOT.parent / "shared"


def ir(folder: Path) -> AppSpec:
    return normalize(load(str(folder))).app


def codes(changes: list[Change]) -> set[tuple[str, str, str]]:
    return {(c.severity, c.endpoint, c.code) for c in changes}


def test_4_44_to_5_50_moves_the_api_and_adds_an_endpoint() -> None:
    changes = compare(
        ir(DATA / "blocks_chained_events" / "v4"), ir(DATA / "blocks_chained_events" / "v5")
    )
    found = codes(changes)
    assert ("breaking-wire", "", "app-api-prefix") in found  # /queue/join -> /gradio_api/...
    assert any(c.severity == "additive" and c.code == "endpoint-added" for c in changes)
    assert any(c.code == "fn-index-moved" for c in changes)
    assert ("cosmetic", "", "app-gradio-version") in found


def test_5_50_to_6_31_removes_an_output() -> None:
    changes = compare(ir(DATA / "dataframe_events" / "v5"), ir(DATA / "dataframe_events" / "v6"))
    removed = [c for c in changes if c.code == "output-removed"]
    assert removed and all(c.severity == "breaking-wire" for c in removed)


def test_5_50_to_6_31_changes_the_chat_message_type() -> None:
    changes = compare(ir(DATA / "chatbot_feedback" / "v5"), ir(DATA / "chatbot_feedback" / "v6"))
    typed = [c for c in changes if c.code == "output-type-changed"]
    assert typed and all(c.severity == "breaking-wire" for c in typed)
    assert all(c.code != "app-api-prefix" for c in changes)  # same prefix on 5.50 and 6.31


def test_the_same_version_twice_has_no_drift() -> None:
    for folder in sorted(DATA.glob("*/v*")):
        assert compare(ir(folder), ir(folder)) == [], folder


PAIRS = [("corpus-v4", "corpus-v5"), ("corpus-v5", "corpus"), ("corpus-v4", "corpus")]


@pytest.mark.skipif(not (SHARED / "corpus-v4").is_dir(), reason="../shared corpora not present")
@pytest.mark.parametrize(("old", "new"), PAIRS)
def test_every_shared_pair_compares_and_classifies(old: str, new: str) -> None:
    seen: Counter[str] = Counter()
    pairs = 0
    for folder in sorted((SHARED / old).iterdir()):
        other = SHARED / new / folder.name
        if not (folder / "info.json").is_file() or not (other / "info.json").is_file():
            continue
        before, after = ir(folder), ir(other)
        pairs += 1
        assert compare(before, before) == []
        changes = compare(before, after)
        seen.update(c.severity for c in changes)
        assert all(c.message and c.message.isprintable() for c in changes)
    assert pairs >= 30
    assert seen["cosmetic"] >= pairs  # at least the Gradio version, every time
    assert seen["breaking-wire"] > 0
