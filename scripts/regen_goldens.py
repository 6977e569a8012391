"""Regenerate every golden file and every example in one go.

Raw→IR cases (tests/cases/, via scripts/regen_ir_goldens.py), IR→code goldens (tests/golden/)
and generated_examples/:

    uv run python scripts/regen_goldens.py              # regenerate from the stored snapshots
    uv run python scripts/regen_goldens.py --snapshots  # also re-read snapshot.json from the corpus

Each case folder holds ``snapshot.json`` (the app's API description, source renamed to a stable
``corpus/<app>``) and ``client.py`` (what spacegen generates from it). The tests fail when a
regeneration would differ; run this, review the diff, commit.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import runpy
import sys
from pathlib import Path

from spacegen.generator.api import generate
from spacegen.generator.sources import load, save

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("SPACEGEN_SHARED") or ROOT.parent / "shared")  # as tests/corpus_data
GOLDEN = ROOT / "tests" / "golden"
EXAMPLES = ROOT / "generated_examples"

#: case folder -> corpus folder (relative to ../shared)
GOLDEN_CASES = {
    "v4_chatbot_streaming": "corpus-v4/chatbot_streaming",
    "v4_interface_state": "corpus-v4/interface_state",
    "v5_kitchen_sink": "corpus-v5/kitchen_sink",
    "v6_blocks_flashcards": "corpus/blocks_flashcards",
    "v6_chatinterface_streaming_echo": "corpus/chatinterface_streaming_echo",
}
EXAMPLE_CASES = {
    "hello_world": "corpus/hello_world",  # text in, text out
    "chatbot_streaming": "corpus/chatbot_streaming",  # chat messages, generator -> stream_*
    "sepia_filter": "corpus/sepia_filter",  # image in, image out
    "tax_calculator": "corpus/tax_calculator",  # Dataframe
    "hello_world_3": "corpus/hello_world_3",  # several outputs -> NamedTuple
    "simple_state": "corpus/simple_state",  # gr.State slots filled by the server
}
CLIENT_FILE = "client.py"
SNAPSHOT_FILE = "snapshot.json"


def all_cases() -> dict[Path, str]:
    cases = {GOLDEN / name: corpus for name, corpus in GOLDEN_CASES.items()}
    cases.update({EXAMPLES / name: corpus for name, corpus in EXAMPLE_CASES.items()})
    return cases


def refresh_snapshot(folder: Path, corpus: str) -> None:
    raw = load(str(SHARED / corpus))
    folder.mkdir(parents=True, exist_ok=True)
    save(dataclasses.replace(raw, source=corpus), folder / SNAPSHOT_FILE)


def expected_client(folder: Path) -> str:
    """What spacegen generates for the case in ``folder`` (module named ``client``)."""
    return generate(str(folder / SNAPSHOT_FILE), module_name="client").module_text


def _regen_ir_goldens() -> None:
    """The raw→IR cases (tests/cases/), by the script beside this one."""
    runpy.run_path(str(Path(__file__).with_name("regen_ir_goldens.py")), run_name="regen_ir")[
        "main"
    ]()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--snapshots", action="store_true", help="re-read snapshots from corpus")
    args = parser.parse_args(argv)
    _regen_ir_goldens()
    for folder, corpus in all_cases().items():
        if args.snapshots or not (folder / SNAPSHOT_FILE).exists():
            refresh_snapshot(folder, corpus)
        (folder / CLIENT_FILE).write_text(expected_client(folder), encoding="utf-8")
        print(f"regenerated {folder.relative_to(ROOT)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
