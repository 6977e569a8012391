"""Corpus loading and the raw→IR golden cases under ``tests/cases/``.

A golden case is a folder holding ``snapshot.json`` (``RawSnapshot.to_json()``), ``ir.json``
(``ir.to_json`` of the normalised app, undocumented endpoints included) and
``diagnostics.txt`` (one ``level<TAB>where<TAB>message`` line each). ``scripts/regen_ir_goldens.py``
rewrites them all.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from corpus_data import shared_dir
from nz_build import Ep, Item, snapshot, state

from spacegen.generator.ir import Normalized, to_json
from spacegen.generator.normalize import normalize
from spacegen.generator.raw import RawSnapshot

CASES_DIR = Path(__file__).resolve().parents[2] / "cases"

#: Golden case name → corpus folder it is copied from.
CORPUS_CASES = {
    "ir_text_hello_world": "corpus/hello_world",
    "ir_chatbot_tuples_4_44": "corpus-v4/chatbot_core_components",
    "ir_chat_generator_6_31": "corpus/chatinterface_streaming_echo",
    "ir_kitchen_sink_5_50": "corpus-v5/kitchen_sink",
    "ir_kitchen_sink_4_44": "corpus-v4/kitchen_sink",
    "ir_gallery_state": "corpus/gallery_selections",
    "ir_dataframe": "corpus/dataframe_events",
    "ir_multimodal_6_31": "corpus/chatbot_core_components",
    "ir_state": "corpus-v5/simple_state",
    "ir_multi_output_shared_name": "corpus/native_plots",
    "ir_imageslider_5_50": "corpus-v5/imageslider",
}


def _load(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def load_snapshot(folder: Path) -> RawSnapshot:
    """A corpus folder as a RawSnapshot named ``<corpus>/<app>``."""
    info_all = folder / "info_all.json"
    return RawSnapshot(
        source=f"{folder.parent.name}/{folder.name}",
        config=_load(folder / "config.json"),
        info=_load(folder / "info.json"),
        info_all=_load(info_all) if info_all.is_file() else None,
    )


def read_snapshot(path: Path) -> RawSnapshot:
    """A ``snapshot.json`` file (the ``RawSnapshot.to_json`` format)."""
    doc = _load(path)
    return RawSnapshot(doc["source"], doc["config"], doc["info"], doc.get("info_all"))


def expected_files(snap: RawSnapshot) -> dict[str, str]:
    """What a case folder must hold for ``snap``, besides ``snapshot.json``."""
    result = normalize(snap, include_undocumented=True)
    return {"ir.json": to_json(result.app), "diagnostics.txt": diagnostics_text(result)}


def diagnostics_text(result: Normalized) -> str:
    """One tab-separated line per diagnostic, in emission order."""
    return "".join(f"{d.level}\t{d.where}\t{d.message}\n" for d in result.diagnostics)


def case_folders() -> list[Path]:
    """Golden case folders (those holding an ``ir.json``)."""
    return sorted(p.parent for p in CASES_DIR.glob("*/ir.json"))


# ------------------------------------------------------------------------ hand-made cases


def _hostile_malformed() -> RawSnapshot:
    """Broken pieces next to a working endpoint: each degrades with a diagnostic."""
    cyclic = {
        "$ref": "#/$defs/Tree",
        "$defs": {
            "Tree": {"title": "Tree", "properties": {"kids": {"items": {"$ref": "#/$defs/Tree"}}}}
        },
    }
    snap = snapshot(
        Ep("/ok", [state(), Item(cyclic, "Json", name="tree"), Item({"type": "tensor"}, name="t")]),
        Ep("/no_list", [Item()]),
        Ep("/bad_param", [Item(extra={"label": 12}), Item()], [Item()]),
        Ep("/dup", [Item()]),
        Ep("/miscount", [Item(), Item()]),
        Ep("/grüße_🙂", [Item({"type": "string"}, "Radio", name="wähle", props={"choices": []})]),
    )
    named = snap.info["named_endpoints"]
    named["/no_list"]["parameters"] = "x"
    named["/bad_param"]["parameters"][1] = 17
    named["/miscount"]["parameters"].pop()
    named["/bad_param"]["returns"] = [{"label": "l" * 3000, "type": {"not": {}}, "component": "X"}]
    snap.config["dependencies"][3]["api_name"] = "ok"
    return snap


def _hostile_empty() -> RawSnapshot:
    """An app whose only function is JS-only: an empty client plus a warning."""
    snap = snapshot(Ep("/js", dependency={"backend_fn": False}), version="5.50.0")
    snap.config.pop("api_prefix")
    return snap


#: Golden case name → function building its snapshot.
HANDMADE_CASES: dict[str, Callable[[], RawSnapshot]] = {
    "ir_hostile_malformed": _hostile_malformed,
    "ir_hostile_empty": _hostile_empty,
}


def regenerate() -> list[Path]:
    """Rewrite every case folder (snapshot, IR, diagnostics); return the files written."""
    written: list[Path] = []
    shared = shared_dir()
    sources = {name: load_snapshot(shared / rel) for name, rel in CORPUS_CASES.items()}
    sources.update({name: build() for name, build in HANDMADE_CASES.items()})
    for name, snap in sorted(sources.items()):
        folder = CASES_DIR / name
        folder.mkdir(parents=True, exist_ok=True)
        files = {"snapshot.json": snap.to_json()}
        files.update(expected_files(read_snapshot_text(files["snapshot.json"])))
        for filename, text in files.items():
            (folder / filename).write_text(text, encoding="utf-8")
            written.append(folder / filename)
    return written


def read_snapshot_text(text: str) -> RawSnapshot:
    """Like :func:`read_snapshot`, from text (so goldens see exactly the saved form)."""
    doc = json.loads(text)
    return RawSnapshot(doc["source"], doc["config"], doc["info"], doc.get("info_all"))
