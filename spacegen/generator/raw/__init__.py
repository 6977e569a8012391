"""Typed mirror of Gradio's /config and /info; every Gradio-version quirk is handled here."""

from __future__ import annotations

from spacegen.generator.raw._coerce import (
    MAX_JSON_BYTES,
    MAX_TEXT,
    Problems,
    clip,
    key_text,
    writable_int,
)
from spacegen.generator.raw.config import parse_config
from spacegen.generator.raw.info import endpoint_name, named_endpoints, parse_endpoints
from spacegen.generator.raw.legacy import (
    adapt_v3,
    file_format,
    is_v3,
    mark_file_data,
    note_unnamed_parameters,
)
from spacegen.generator.raw.model import (
    RawApp,
    RawComponent,
    RawConfig,
    RawDependency,
    RawEndpointInfo,
    RawItem,
)
from spacegen.generator.raw.snapshot import RawSnapshot

__all__ = [
    "MAX_JSON_BYTES",
    "MAX_TEXT",
    "Problems",
    "RawApp",
    "RawComponent",
    "RawConfig",
    "RawDependency",
    "RawEndpointInfo",
    "RawItem",
    "RawSnapshot",
    "clip",
    "key_text",
    "parse",
    "writable_int",
]


def parse(snapshot: RawSnapshot) -> RawApp:
    """Check and read ``snapshot``; raise :class:`DescriptionError` only if it is unusable."""
    problems = Problems()
    config_doc, info_doc = snapshot.config, snapshot.info
    if is_v3(config_doc) and isinstance(config_doc.get("dependencies"), list):
        config_doc, info_doc = adapt_v3(config_doc, info_doc, problems)
    elif file_format(config_doc) == "filedata_unmarked":
        info_doc = mark_file_data(info_doc)
    config = parse_config(config_doc, problems)
    note_unnamed_parameters(info_doc, problems)
    public = parse_endpoints(named_endpoints(info_doc, "/info"), problems)
    return RawApp(
        source=snapshot.source,
        config=config,
        endpoints=public,
        undocumented=_undocumented(snapshot, {e.name for e in public}, problems),
        diagnostics=tuple(problems.items),
    )


def _undocumented(
    snapshot: RawSnapshot, public: set[str], problems: Problems
) -> tuple[RawEndpointInfo, ...] | None:
    """Endpoints only ``info_all`` lists, or ``None`` when it is absent or unusable."""
    if snapshot.info_all is None:
        return None
    info_all: object = snapshot.info_all
    group = info_all.get("named_endpoints") if isinstance(info_all, dict) else None
    if not isinstance(group, dict):
        problems.add("warning", "info_all", "no 'named_endpoints' object; ignored")
        return None
    if file_format(snapshot.config) == "filedata_unmarked":
        group = mark_file_data(group)
    extra = {name: entry for name, entry in group.items() if endpoint_name(name) not in public}
    return parse_endpoints(extra, problems)
