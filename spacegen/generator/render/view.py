"""AppSpec -> ModuleView: every Python spelling of the generated module, decided in one place."""

from __future__ import annotations

import dataclasses
import functools
import json
from dataclasses import dataclass, field

from spacegen.generator.ir.model import AppSpec, Endpoint, StructField
from spacegen.generator.ir.serialize import api_hash
from spacegen.generator.render.endpoint import MethodView, ResultView, method_view, result_view
from spacegen.generator.render.layout import LINE_LENGTH
from spacegen.generator.render.names import Allocator, camel, is_key_identifier, snake
from spacegen.generator.render.options import RenderOptions, client_names, options_comment
from spacegen.generator.render.reserved import TYPE_NAMES, member_names
from spacegen.generator.render.text import comment_text, docstring, literal
from spacegen.generator.render.types import Speller, StructInfo, Structs, clip
from spacegen.runtime._compat import RUNTIME_API


@dataclass
class FieldView:
    key: str  # Python literal of the wire key (functional syntax)
    name: str  # the key itself (class syntax; only used when it is a plain identifier)
    type: str


@dataclass
class TypedDictView:
    name: str
    functional: bool
    fields: list[FieldView]
    doc: str | None


@dataclass
class ModuleView:
    header: str
    doc: str
    abc_imports: list[str]
    typing_imports: list[str]
    runtime_imports: list[str]
    typeddicts: list[TypedDictView]
    results: list[ResultView]
    methods: list[MethodView]
    app_kwargs: list[tuple[str, str]]
    sync_name: str
    async_name: str
    sync_doc: str
    async_doc: str
    all_names: list[str] = field(default_factory=list)
    #: ``require_runtime(...)`` call: fails the import against a runtime that cannot run it.
    runtime_check: str = ""


@dataclass
class _Names:
    methods: list[tuple[str, str, str | None, str]]
    results: dict[int, str]
    module: set[str]


def visible_endpoints(app: AppSpec, include_undocumented: bool) -> list[Endpoint]:
    """The endpoints to render, their types clipped to a depth Python can parse."""
    allowed = {"public", "undocumented"} if include_undocumented else {"public"}
    return [_clipped(ep) for ep in app.endpoints if ep.visibility in allowed]


def _clipped(ep: Endpoint) -> Endpoint:
    types = [p.type for p in ep.params] + [o.type for o in ep.outputs]
    if all(clip(t) is t for t in types):
        return ep
    params = tuple(dataclasses.replace(p, type=clip(p.type)) for p in ep.params)
    outputs = tuple(dataclasses.replace(o, type=clip(o.type)) for o in ep.outputs)
    return dataclasses.replace(ep, params=params, outputs=outputs)


def build_view(app: AppSpec, options: RenderOptions) -> ModuleView:
    endpoints = visible_endpoints(app, options.include_undocumented)
    sync_name, async_name = client_names(app, options.class_name)
    fixed = set(TYPE_NAMES) | {sync_name, async_name}
    classes = Allocator(fixed, sep="")  # Message, ChatMessage, Message2, ...
    structs = Structs(classes)
    names = _allocate(endpoints, fixed, classes, structs)
    speller = Speller(structs)
    methods = [_method(speller, ep, i, names) for i, ep in enumerate(endpoints)]
    typeddicts = _typeddicts(speller, structs.ordered, names.module)
    digest = api_hash(app)
    view = ModuleView(
        header=_header(app, options, digest),
        doc=docstring(_module_doc(app)),
        abc_imports=_abc_imports(speller.used, methods),
        typing_imports=_typing_imports(speller.used, typeddicts, methods),
        runtime_imports=_runtime_imports(speller.used, methods),
        typeddicts=typeddicts,
        results=[m.result for m in methods if m.result is not None],
        methods=methods,
        app_kwargs=_app_kwargs(app, [m.const for m in methods], digest, endpoints),
        sync_name=sync_name,
        async_name=async_name,
        sync_doc=docstring(f"Client for the Gradio app {app.source!r}.", "    "),
        async_doc=docstring(f"Async client for the Gradio app {app.source!r}.", "    "),
    )
    view.all_names = _all_names(view)
    view.runtime_check = f"require_runtime({RUNTIME_API}, {literal(options.generator_version)})"
    return view


def _allocate(
    endpoints: list[Endpoint], fixed: set[str], classes: Allocator, structs: Structs
) -> _Names:
    """Method, constant and class names (ARCHITECTURE.md, "Names").

    Methods avoid the runtime's members and each other (``close`` -> ``close_endpoint``);
    classes avoid the module's imports and each other. Method names (snake_case) and class
    names (CamelCase) never meet; ``module`` is what annotations may refer to.
    """
    methods = Allocator(fixed | member_names())
    consts = Allocator({"_APP"})
    method_names: list[tuple[str, str, str | None, str]] = []
    for ep in endpoints:
        base = snake(ep.api_name, digit_prefix="call_", empty=f"endpoint_{ep.fn_index}")
        also = functools.partial(_variants, generator=ep.generator)
        name = methods.take(base, qualified=f"{base}_endpoint", also=also)
        stream = f"stream_{name}" if ep.generator else None
        method_names.append((name, f"submit_{name}", stream, consts.take(f"_EP_{name.upper()}")))
    contexts = [camel(names[0], empty="Endpoint") for names in method_names]
    for t in [p.type for ep in endpoints for p in ep.params]:
        structs.mark_input(t)
    for ep, context in zip(endpoints, contexts, strict=True):
        for t in [p.type for p in ep.params] + [o.type for o in ep.outputs]:
            structs.register(t, context)
    results = {
        i: classes.take(f"{contexts[i]}Result", qualified=f"{contexts[i]}Outputs")
        for i, ep in enumerate(endpoints)
        if len(ep.outputs) > 1
    }
    return _Names(method_names, results, classes.taken | consts.taken)


def _variants(name: str, generator: bool) -> list[str]:
    variants = [f"submit_{name}", f"batch_{name}"]
    return [*variants, f"stream_{name}"] if generator else variants


def _method(speller: Speller, ep: Endpoint, index: int, names: _Names) -> MethodView:
    result_name = names.results.get(index)
    result = None
    if result_name is not None:
        result = result_view(speller, ep, result_name, names.module)
    return method_view(speller, ep, names.methods[index], result)


def _typeddicts(speller: Speller, infos: list[StructInfo], module: set[str]) -> list[TypedDictView]:
    out: list[TypedDictView] = []
    for info in infos:
        doc = info.struct.description.strip()
        view = _typeddict(speller, info.name, info.struct.fields, False, module)
        view.doc = docstring(doc, "    ") if doc else None
        out.append(view)
        if info.input_name is not None:
            out.append(_typeddict(speller, info.input_name, info.struct.fields, True, module))
    return out


def _typeddict(
    speller: Speller, name: str, fields: tuple[StructField, ...], inp: bool, module: set[str]
) -> TypedDictView:
    unique = list({f.name: f for f in reversed(fields)}.values())[::-1]
    views = [FieldView(literal(f.name), f.name, _field_type(speller, f, inp)) for f in unique]
    functional = not unique or not all(_class_key(f.name, module) for f in unique)
    return TypedDictView(name, functional, views, None)


def _field_type(speller: Speller, f: StructField, inp: bool) -> str:
    spelled = speller.spell(f.type, inp)
    if f.required:
        return spelled
    speller.used.add("NotRequired")
    return f"NotRequired[{spelled}]"


def _class_key(key: str, module: set[str]) -> bool:
    return is_key_identifier(key) and not key.startswith("__") and key not in module


def _header(app: AppSpec, options: RenderOptions, digest: str) -> str:
    version = app.gradio_version
    shown = version if _is_plain_version(version) else comment_text(version)
    return (
        f"# Generated by spacegen {options.generator_version} from {comment_text(app.source)} "
        f"(gradio {shown}, api sha256:{digest[:16]}). Do not edit.\n"
        + options_comment(app.source, options)
    )


def _is_plain_version(version: str) -> bool:
    return 0 < len(version) <= 40 and all(
        c.isascii() and (c.isalnum() or c in ".+-") for c in version
    )


def _module_doc(app: AppSpec) -> str:
    title = " ".join(app.title.split())
    title = f" ({title})" if title and title != "Gradio" else ""
    version = " ".join(app.gradio_version.split())
    return (
        f"Typed client for the Gradio app {app.source!r}{title}.\n\n"
        f"Generated from its API description (Gradio {version}).\n"
        "Regenerate it with ``spacegen generate`` instead of editing it."
    )


def _abc_imports(used: set[str], methods: list[MethodView]) -> list[str]:
    names: set[str] = {n for n in ("Mapping", "Sequence") if n in used}
    if methods:
        names.add("Iterable")
    if any(m.stream for m in methods):
        names |= {"AsyncIterator", "Iterator"}
    return sorted(names)


def _typing_imports(
    used: set[str], typeddicts: list[TypedDictView], methods: list[MethodView]
) -> list[str]:
    names = {"ClassVar", "Final"} | {n for n in ("Literal", "NotRequired") if n in used}
    if typeddicts:
        names.add("TypedDict")
    if any(m.result for m in methods):
        names.add("NamedTuple")
    if methods:
        names.add("Unpack")
    return sorted(names)


def _runtime_imports(used: set[str], methods: list[MethodView]) -> list[str]:
    names = {"App", "AsyncSpaceClient", "Endpoint", "SpaceClient"}
    names |= used & {"FileInput", "Json", "JsonInput", "NOT_GIVEN", "NotGiven", "RemoteFile"}
    if methods:
        names |= {"AsyncJob", "BatchOptions", "Job", "Result"}
    return sorted(names, key=lambda n: (not n.isupper(), n))


def _app_kwargs(
    app: AppSpec, consts: list[str], digest: str, endpoints: list[Endpoint]
) -> list[tuple[str, str]]:
    initial = initial_values(endpoints)
    extra = [("file_format", literal(app.file_format))] if app.file_format != "filedata" else []
    return [
        ("source", literal(app.source)),
        ("gradio_version", literal(app.gradio_version)),
        ("protocol", literal(app.protocol)),
        ("api_prefix", literal(app.api_prefix)),
        ("api_hash", literal(digest)),
        ("max_file_size", literal(app.max_file_size)),
        ("connect_heartbeat", literal(app.connect_heartbeat)),
        ("space_id", literal(app.space_id)),
        ("endpoints", _names_tuple(consts)),
        *extra,
    ] + ([("initial_values", literal(initial))] if initial else [])


def initial_values(endpoints: list[Endpoint]) -> str:
    """JSON text ``{component_id: initial value}`` of the rendered outputs ("" if none).

    Untrusted and possibly large: baked as one escaped string literal that the runtime
    decodes on first need (cheap to import, type-check and format).
    """
    found: dict[int, object] = {}
    for ep in endpoints:
        for wire, slot in enumerate(ep.output_slots):
            if slot is not None and wire < len(ep.output_components):
                initial = ep.outputs[slot].initial
                if initial is not None:
                    found.setdefault(ep.output_components[wire], initial)
    if not found:
        return ""
    ordered = {str(key): found[key] for key in sorted(found)}
    return json.dumps(ordered, sort_keys=True, separators=(",", ":"), ensure_ascii=True)


def _all_names(view: ModuleView) -> list[str]:
    names = {view.sync_name, view.async_name, "Client", "AsyncClient"}
    names |= {td.name for td in view.typeddicts} | {r.name for r in view.results}
    return sorted(names)


def _names_tuple(names: list[str]) -> str:
    flat = "(" + (names[0] + "," if len(names) == 1 else ", ".join(names)) + ")"
    if len(flat) + len("    endpoints=,") <= LINE_LENGTH:
        return flat
    return "(\n" + "".join(f"        {n},\n" for n in names) + "    )"
