"""Raw Gradio payloads → the IR (:class:`AppSpec`) plus diagnostics.

``normalize`` is the only public entry point; it never raises for a weird schema (that
degrades to :class:`AnyType` with a warning) and raises
:class:`~spacegen.runtime.errors.DescriptionError` only when the description as a whole is
unusable.
"""

from __future__ import annotations

from spacegen.generator.ir.model import AppSpec, Endpoint, Normalized, Visibility
from spacegen.generator.normalize.endpoints import EndpointBuilder
from spacegen.generator.raw import Problems, RawApp, RawEndpointInfo, RawSnapshot, parse

__all__ = ["normalize"]


def normalize(snapshot: RawSnapshot, *, include_undocumented: bool = False) -> Normalized:
    """The app's API as IR: public endpoints, plus undocumented ones when asked for."""
    raw = parse(snapshot)
    problems = Problems()
    problems.items.extend(raw.diagnostics)
    endpoints = _endpoints(raw, include_undocumented, problems)
    if not any(e.visibility == "public" for e in endpoints):
        problems.add("warning", "app", "the app has no public endpoint")
    return Normalized(app=_app(raw, endpoints), diagnostics=tuple(problems.items))


def _endpoints(raw: RawApp, include_undocumented: bool, problems: Problems) -> tuple[Endpoint, ...]:
    """Public endpoints, then (optionally) the undocumented ones, each group by ``fn_index``.

    ``fn_index`` order equals /info order on real servers, and unlike JSON key order it
    survives a snapshot saved with sorted keys, so live and replayed runs agree.
    """
    builder = EndpointBuilder(raw.config, problems)
    endpoints = _group(builder, raw.endpoints, "public")
    if include_undocumented:
        if raw.undocumented is None:
            problems.add("info", "app", "no info_all in the snapshot; undocumented ones unknown")
        else:
            endpoints += _group(builder, raw.undocumented, "undocumented")
    return tuple(endpoints)


def _group(
    builder: EndpointBuilder, infos: tuple[RawEndpointInfo, ...], visibility: Visibility
) -> list[Endpoint]:
    """The usable endpoints of ``infos``, ordered by ``fn_index`` (stable)."""
    built = (builder.build(info, visibility) for info in infos)
    return sorted((e for e in built if e is not None), key=lambda e: e.fn_index)


def _app(raw: RawApp, endpoints: tuple[Endpoint, ...]) -> AppSpec:
    """The app-level fields from /config."""
    config = raw.config
    return AppSpec(
        source=raw.source,
        gradio_version=config.version,
        protocol=config.protocol,
        api_prefix=config.api_prefix,
        title=config.title,
        space_id=config.space_id,
        max_file_size=config.max_file_size,
        connect_heartbeat=config.connect_heartbeat,
        endpoints=endpoints,
        file_format=config.file_format,
    )
