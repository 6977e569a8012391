"""Hypothesis strategies: real /config + /info documents mutated into hostile ones.

A case is a seed app (``tests/data/property_seeds``, snapshots of shared corpus apps) with a
few mutations applied: random JSON anywhere, JSON-schema trees in parameter and return types,
hostile names and text, numbers beyond Python's limits, nesting far past any recursion limit,
wrong types, repeated ids and component indices out of range. Two markers stand for values no
JSON encoder writes: :data:`HUGE` (an integer of 5,000 digits) and :data:`DEEP` (a list nested
10,000 deep); :func:`as_objects` and :func:`as_text` turn them into Python objects or JSON text.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

from spacegen.generator.raw.snapshot import RawSnapshot
from spacegen.generator.sources.snapshot_file import load_snapshot_file

SEED_DIR = Path(__file__).resolve().parents[1] / "data" / "property_seeds"
SEEDS = {p.stem: load_snapshot_file(p, p.name) for p in sorted(SEED_DIR.glob("*.json"))}

HUGE, DEEP = "\x00HUGE\x00", "\x00DEEP\x00"
HUGE_DIGITS, DEEP_LEVELS = 5000, 10_000
WORDS = ["class", "self", "__init__", "_call", "None", "1x", "привет", "", "x" * 3000, "a b",
         "submit_x", "Client", "str", "/", "//x", '"""', "\\", "\r\n", "\u202e", "\ud800",
         "🎉"]  # fmt: skip
FILE_SCHEMA = {
    "properties": {"path": {"type": "string"}, "meta": {"default": {"_type": "gradio.FileData"}}},
    "type": "object",
}

ODD_SCHEMAS = [True, False, {}, None, FILE_SCHEMA, {"$ref": "#/$defs/A"}, {"$ref": "#/nowhere"},
               {"not": {}}, {"type": ["string", "null"]}]  # fmt: skip
ITEM_KEYS = ["type", "type", "type", "parameter_default", "example_input", "label",
             "parameter_name", "component", "python_type"]  # fmt: skip

texts = st.one_of(st.sampled_from(WORDS), st.text(max_size=20))
numbers = st.one_of(
    st.integers(),
    st.floats(),
    st.sampled_from([2**63, -(2**64), 10**700, -(10**700), 0.1, -0.0, 1e308]),
)
leaves = st.one_of(st.none(), st.booleans(), numbers, texts, st.just(HUGE), st.just(DEEP))
json_values = st.recursive(
    leaves,
    lambda kids: st.lists(kids, max_size=4) | st.dictionaries(texts, kids, max_size=4),
    max_leaves=12,
)
prims = st.sampled_from(["string", "integer", "number", "boolean", "null", "array", "object"])


def _schema_branches(kids: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(
        st.builds(lambda k: {"type": "array", "items": k}, kids),
        st.builds(lambda ks: {"type": "array", "prefixItems": ks}, st.lists(kids, max_size=3)),
        st.builds(_struct, st.dictionaries(texts, kids, max_size=4), texts),
        st.builds(lambda k: {"type": "object", "additionalProperties": k}, kids),
        st.builds(lambda ks: {"anyOf": ks}, st.lists(kids, max_size=6)),
        st.builds(lambda ks: {"oneOf": ks * 40}, st.lists(kids, min_size=1, max_size=3)),
        st.builds(lambda k: {"allOf": [k]}, kids),
        st.builds(_nest, kids, st.integers(20, 60)),
        st.builds(_wide, kids, st.integers(2, 40)),
    )


def _nest(node: Any, depth: int) -> Any:
    for _ in range(depth):
        node = {"type": "array", "items": node}
    return node


def _struct(properties: dict[str, Any], title: str) -> Any:
    required = list(properties)[:1]
    return {"type": "object", "properties": properties, "title": title, "required": required}


def _wide(kid: Any, width: int) -> Any:
    """An ``anyOf`` of ``width`` distinct struct types."""
    return {"anyOf": [{"type": "object", "title": f"T{n}", "properties": {f"k{n}": kid}}
                      for n in range(width)]}  # fmt: skip


schemas = st.recursive(
    st.one_of(
        st.builds(lambda t: {"type": t}, prims | json_values),
        st.builds(lambda v: {"const": v}, json_values),
        st.builds(lambda vs: {"enum": vs}, st.lists(json_values, max_size=5)),
        st.sampled_from(ODD_SCHEMAS),
        json_values,
    ),
    _schema_branches,
    max_leaves=10,
)


#: Schemas at and past the limits: 1,000-way unions, 5,000-digit numbers, 10,000-deep nesting.
extremes = st.sampled_from(
    [{"anyOf": _wide({"type": "string"}, 1000)["anyOf"] * 2}, _wide({}, 33), {"enum": [HUGE, 1]},
     {"const": HUGE}, {"type": DEEP}, DEEP, {"type": "array", "items": DEEP}]
)  # fmt: skip


# ------------------------------------------------------------------------------ mutations

Doc = dict[str, Any]
Mutation = Callable[[Doc], None]


def _part(doc: Doc, key: str) -> Doc:
    """``doc[key]`` when an earlier mutation left it an object, else a scratch object."""
    value = doc.get(key)
    return value if isinstance(value, dict) else {}


def _endpoints(doc: Doc) -> list[Doc]:
    group = _part(doc, "info").get("named_endpoints")
    return [e for e in group.values() if isinstance(e, dict)] if isinstance(group, dict) else []


def _items(doc: Doc) -> list[Doc]:
    found = []
    for ep in _endpoints(doc):
        for key in ("parameters", "returns"):
            value = ep.get(key)
            found += [i for i in value if isinstance(i, dict)] if isinstance(value, list) else []
    return found


def _list(doc: Doc, key: str) -> list[Any]:
    value = doc.get(key)
    return value if isinstance(value, list) else []


@st.composite
def item_mutation(draw: st.DrawFn) -> Mutation:
    """Set one field of one parameter/return (schema, default, example, label, ...)."""
    key = draw(st.sampled_from(ITEM_KEYS))
    value = draw((schemas | extremes) if key == "type" else json_values)
    pick = draw(st.integers(0, 50))

    def apply(doc: Doc) -> None:
        items = _items(doc)
        if items:
            item = items[pick % len(items)]
            item[key] = copy.deepcopy(value)
            item["parameter_has_default"] = key == "parameter_default" or item.get(
                "parameter_has_default"
            )

    return apply


@st.composite
def anywhere_mutation(draw: st.DrawFn) -> Mutation:
    """Replace (or delete) the value at a random path of config or info."""
    value = draw(json_values)
    choices = draw(st.lists(st.integers(0, 1000), min_size=1, max_size=8))
    delete = draw(st.booleans()) and draw(st.booleans())

    def apply(doc: Doc) -> None:
        node: Any = doc
        for n, choice in enumerate(choices):
            keys = list(node) if isinstance(node, dict) else list(range(len(node)))
            if not keys:
                return
            key = keys[choice % len(keys)]
            child = node[key]
            if n == len(choices) - 1 or not isinstance(child, (dict, list)) or not child:
                if delete and isinstance(node, dict) and node is not doc:
                    del node[key]
                else:
                    node[key] = copy.deepcopy(value)
                return
            node = child

    return apply


@st.composite
def config_mutation(draw: st.DrawFn) -> Mutation:
    """Wiring: dependency ids and indices, repeated components, choices, endpoint names."""
    kind = draw(st.sampled_from(["inputs", "id", "api_name", "dup", "choices", "rename"]))
    ints = draw(st.lists(st.integers(-3, 10**6) | st.sampled_from([HUGE, 0, 1]), max_size=4))
    name, value, pick = draw(texts), draw(json_values), draw(st.integers(0, 50))

    def apply(doc: Doc) -> None:
        config, info = _part(doc, "config"), _part(doc, "info")
        deps = [d for d in _list(config, "dependencies") if isinstance(d, dict)]
        comps = [c for c in _list(config, "components") if isinstance(c, dict)]
        if kind == "inputs" and deps:
            deps[pick % len(deps)]["inputs" if pick % 2 else "outputs"] = list(ints)
        elif kind == "id" and deps:
            deps[pick % len(deps)]["id"] = copy.deepcopy(value)
        elif kind == "api_name" and deps:
            deps[pick % len(deps)]["api_name"] = name
        elif kind == "dup":
            config["dependencies"] = [*_list(config, "dependencies"), *copy.deepcopy(deps)]
            config["components"] = [*_list(config, "components"), *copy.deepcopy(comps)]
        elif kind == "choices":
            for c in comps:
                if isinstance(c.get("props"), dict):
                    c["props"]["choices"] = copy.deepcopy(value)
        elif isinstance(info.get("named_endpoints"), dict):
            group = info["named_endpoints"]
            info["named_endpoints"] = {name + str(k): v for k, v in enumerate(group.values())}

    return apply


@dataclass(frozen=True)
class Case:
    """A seed app and the mutations to apply; ``via_file`` goes through the CLI and JSON text."""

    seed: str
    mutations: tuple[Mutation, ...]
    via_file: bool

    def document(self) -> Doc:
        raw = SEEDS[self.seed]
        doc = {"config": raw.config, "info": raw.info, "info_all": raw.info_all}
        doc = copy.deepcopy(doc)
        for mutate in self.mutations:
            mutate(doc)
        return doc


mutations = st.one_of(item_mutation(), item_mutation(), anywhere_mutation(), config_mutation())
cases = st.builds(
    Case,
    seed=st.sampled_from(sorted(SEEDS)),
    mutations=st.lists(mutations, min_size=1, max_size=5).map(tuple),
    via_file=st.booleans(),
)


# ------------------------------------------------------------------------------- markers


def as_objects(value: Any) -> Any:
    """``value`` with the markers replaced by the objects they stand for (no recursion limit)."""
    if value == HUGE:
        return 10**HUGE_DIGITS - 1
    if value == DEEP:
        deep: list[Any] = []
        for _ in range(DEEP_LEVELS):
            deep = [deep]
        return deep
    if isinstance(value, list):
        return [as_objects(v) for v in value]
    if isinstance(value, dict):
        return {k: as_objects(v) for k, v in value.items()}
    return value


def as_text(value: Any) -> str:
    """``value`` as JSON text, the markers written out as the digits and brackets they mean."""
    text = json.dumps(value)  # ASCII: lone surrogates survive as \\udxxx escapes
    text = text.replace(json.dumps(HUGE), "9" * HUGE_DIGITS)
    return text.replace(json.dumps(DEEP), "[" * DEEP_LEVELS + "]" * DEEP_LEVELS)


def snapshot_of(case: Case) -> RawSnapshot:
    """The case as an in-memory snapshot (what a library caller may hand the generator)."""
    doc = as_objects(case.document())
    return RawSnapshot(case.seed, doc["config"], doc["info"], doc["info_all"])
