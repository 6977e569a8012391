"""``spacegen inspect``: an app's endpoints with the typed signatures the generated client has."""

from __future__ import annotations

import ast
import json
from dataclasses import dataclass

from spacegen.generator.ir.model import AppSpec
from spacegen.generator.render.options import RenderOptions, client_names
from spacegen.generator.render.view import ModuleView, build_view, visible_endpoints


@dataclass(frozen=True)
class EndpointInfo:
    api_name: str
    method: str
    signature: str  # ``predict(name: str) -> str``, exactly as the generated method
    returns: str
    streaming: bool
    visibility: str
    description: str


@dataclass(frozen=True)
class Inspection:
    client: str
    app: AppSpec
    endpoints: list[EndpointInfo]
    types: dict[str, list[tuple[str, str]]]  # TypedDict / NamedTuple name -> (key, type)


def inspect_app(app: AppSpec, options: RenderOptions) -> Inspection:
    """What the generated client would offer for ``app``, without rendering text."""
    view = build_view(app, options)
    endpoints = visible_endpoints(app, options.include_undocumented)
    infos = [
        EndpointInfo(
            api_name=ep.api_name,
            method=m.name,
            signature=_signature(dict(m.const_kwargs)["signature"]),
            returns=m.const_type,
            streaming=m.stream is not None,
            visibility=ep.visibility,
            description=" ".join(ep.description.split()),
        )
        for ep, m in zip(endpoints, view.methods, strict=True)
    ]
    return Inspection(client_names(app, options.class_name)[0], app, infos, _types(view))


def _signature(text: str) -> str:
    value = ast.literal_eval(text)
    return value if isinstance(value, str) else str(value)


def _types(view: ModuleView) -> dict[str, list[tuple[str, str]]]:
    out = {td.name: [(f.name, f.type) for f in td.fields] for td in view.typeddicts}
    out.update({r.name: list(r.fields) for r in view.results})
    return out


def render_text(found: Inspection) -> str:
    """The readable listing (every app-provided text escaped for a terminal)."""
    app = found.app
    lines = [
        _safe(f"{found.client}: {app.title or app.source} (gradio {app.gradio_version})"),
        f"{len(found.endpoints)} endpoint(s):",
    ]
    for ep in found.endpoints:
        mark = "  [streams]" if ep.streaming else ""
        lines.append(_safe(f"  {ep.api_name}{mark}"))
        lines.append(_safe(f"    {ep.signature}"))
        if ep.description:
            lines.append(_safe(f"    {ep.description[:200]}"))
    for name, fields in found.types.items():
        lines.append(_safe(f"{name}: " + ", ".join(f"{k}: {t}" for k, t in fields)))
    return "\n".join(lines) + "\n"


def render_json(found: Inspection) -> str:
    doc = {
        "format": "spacegen.inspect/1",
        "client": found.client,
        "gradio_version": found.app.gradio_version,
        "endpoints": [ep.__dict__ for ep in found.endpoints],
        "types": {name: dict(fields) for name, fields in found.types.items()},
    }
    return json.dumps(doc, indent=1, ensure_ascii=True) + "\n"


def _safe(text: str) -> str:
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)
