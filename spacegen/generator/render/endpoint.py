"""One IR endpoint -> the view of its methods, its ``Endpoint`` constant and its result class."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

from spacegen.generator.ir.model import Endpoint, Json, Param, admits_none
from spacegen.generator.render.checks import arg_checks, tuple_depth
from spacegen.generator.render.docs import method_doc, short_doc
from spacegen.generator.render.layout import Arg, call_statement, def_header, pretty
from spacegen.generator.render.names import Allocator, qualifier, snake
from spacegen.generator.render.text import docstring, literal
from spacegen.generator.render.types import Speller, file_paths, fits

_METHOD_INDENT = " " * 8


@dataclass
class ParamView:
    name: str
    annotation: str
    default: str | None  # Python text of the default, or None when the parameter is required
    real_default: Json = None  # the app's default when ``default`` is NOT_GIVEN
    has_real_default: bool = False


@dataclass
class ResultView:
    """A generated NamedTuple holding several outputs."""

    name: str
    doc: str
    fields: list[tuple[str, str]]


@dataclass
class Block:
    """One method of a client class: header line(s), docstring, body statement."""

    header: str
    doc: str
    body: str


@dataclass
class MethodView:
    name: str
    stream: str | None
    const: str
    const_type: str
    const_kwargs: list[tuple[str, str]]
    result: ResultView | None
    sync: list[Block]
    async_: list[Block]


def param_views(
    speller: Speller, params: tuple[Param, ...], kept: frozenset[int] = frozenset()
) -> list[ParamView]:
    """``kept``: indices of BrowserState params (left out = the value the session keeps)."""
    names = Allocator({"self"})
    return [
        _param_view(speller, p, _take(names, _param_name(p, i), p.component), i in kept)
        for i, p in enumerate(params)
    ]


def _take(names: Allocator, base: str, component: str) -> str:
    """``base``; on a clash, ``base`` + the component's kind (``report_file``); then numbers."""
    return names.take(base, qualified=qualifier(base, component))


def _param_name(p: Param, index: int) -> str:
    return snake(p.name or p.label, digit_prefix="arg_", empty=f"arg_{index}")


def _param_view(speller: Speller, p: Param, name: str, kept: bool = False) -> ParamView:
    if not p.has_default:
        return ParamView(name, speller.spell(p.type, True), None)
    if not kept and (p.default is None or fits(p.type, p.default)):
        nullable = p.default is None and not admits_none(p.type)
        return ParamView(name, speller.spell(p.type, True, nullable=nullable), literal(p.default))
    speller.used.update({"NotGiven", "NOT_GIVEN"})
    annotation = f"{speller.spell(p.type, True)} | NotGiven"
    return ParamView(name, annotation, "NOT_GIVEN", p.default, has_real_default=True)


def signature(params: list[ParamView]) -> list[Arg]:
    """Parameters after ``self``; a ``*`` goes where a required one would follow a defaulted one."""
    out: list[Arg] = []
    seen_default = star = False
    for p in params:
        if p.default is None and seen_default and not star:
            out.append(Arg("*"))
            star = True
        seen_default = seen_default or p.default is not None
        out.append(Arg(p.name, p.annotation, p.default))
    return out


def result_view(speller: Speller, ep: Endpoint, name: str, taken: set[str]) -> ResultView:
    """The NamedTuple of an endpoint with several outputs.

    Field names avoid ``taken`` (the module-level names annotations use: a field named
    ``str`` would shadow the type for the fields after it) and tuple's own attributes; a
    method of the client may share a field's name.
    """
    fields_alloc = Allocator(taken | set(dir(tuple)))
    fields: list[tuple[str, str]] = []
    for i, out in enumerate(ep.outputs):
        base = snake(out.label or out.component, digit_prefix="out_", empty=f"output_{i}")
        fields.append((_take(fields_alloc, base, out.component), speller.spell(out.type, False)))
    return ResultView(name, docstring(f"Outputs of {ep.api_name!r}.", "    "), fields)


def method_view(
    speller: Speller,
    ep: Endpoint,
    names: tuple[str, str, str | None, str],
    result: ResultView | None,
) -> MethodView:
    method, _submit, stream, const = names
    params = param_views(speller, ep.params, frozenset(i for i, _ in ep.browser_state))
    returns = _returns(speller, ep, result)
    sig = signature(params)
    fields = [f for f, _ in result.fields] if result else None
    doc = docstring(method_doc(ep, [p.name for p in params], fields), _METHOD_INDENT)
    item = _batch_item([p.annotation for p in params])
    shape = _Shape(names, [Arg("self"), *sig], [p.name for p in params], returns, doc, item)
    return MethodView(
        name=method,
        stream=stream,
        const=const,
        const_type=returns,
        const_kwargs=_const_kwargs(
            ep, method, f"{method}({', '.join(map(str, sig))}) -> {returns}", params, result
        ),
        result=result,
        sync=_blocks(shape, is_async=False),
        async_=_blocks(shape, is_async=True),
    )


@dataclass
class _Shape:
    names: tuple[str, str, str | None, str]
    params: list[Arg]
    args: list[str]
    returns: str
    doc: str
    item: str  # the type of one batch input: the argument, or a tuple of the arguments


def _batch_item(annotations: list[str]) -> str:
    if len(annotations) == 1:
        return annotations[0]
    return f"tuple[{', '.join(annotations) or '()'}]"


def _blocks(s: _Shape, is_async: bool) -> list[Block]:
    """The methods of one endpoint: ``name``, ``submit_name`` and maybe ``stream_name``."""
    method, submit, stream, _const = s.names
    job, iterator = ("AsyncJob", "AsyncIterator") if is_async else ("Job", "Iterator")
    call = "return await self._call" if is_async else "return self._call"
    specs = [
        ("async " if is_async else "", method, s.returns, s.doc, call),
        ("", submit, f"{job}[{s.returns}]", _short("Submit", method), "return self._submit"),
    ]
    if stream is not None:
        doc = _short("Stream the outputs of", method)
        specs.append(("", stream, f"{iterator}[{s.returns}]", doc, "return self._stream"))
    return [*(_block(s, spec) for spec in specs), _batch_block(s, is_async)]


def _batch_block(s: _Shape, is_async: bool) -> Block:
    """``batch_name(inputs, **options) -> list[Result[R]]``: the runtime runs the batch."""
    method, const = s.names[0], s.names[3]
    params = [
        Arg("self"),
        Arg("inputs", f"Iterable[{s.item}]"),
        Arg("**options", "Unpack[BatchOptions]"),
    ]
    returns = f"list[Result[{s.returns}]]"
    header = def_header("    ", "async " if is_async else "", f"batch_{method}", params, returns)
    each = "its argument" if len(s.args) == 1 else "a tuple of its arguments, in order"
    doc = docstring(
        textwrap.fill(f"Call ``{method}`` once per input ({each}).", 88)
        + "\n\nReturns one Result per input, in input order. Options: see ``BatchOptions``.",
        _METHOD_INDENT,
    )
    head = "return await self._batch" if is_async else "return self._batch"
    unary = ", unary=True" if len(s.args) == 1 else ""
    return Block(header, doc, f"{_METHOD_INDENT}{head}({const}, inputs, options{unary})")


def _block(s: _Shape, spec: tuple[str, str, str, str, str]) -> Block:
    prefix, name, returns, doc, head = spec
    header = def_header("    ", prefix, name, s.params, returns)
    return Block(header, doc, call_statement(_METHOD_INDENT, head, s.names[3], s.args))


def _short(verb: str, method: str) -> str:
    return docstring(short_doc(verb, method), _METHOD_INDENT)


def _returns(speller: Speller, ep: Endpoint, result: ResultView | None) -> str:
    if result is not None:
        return result.name
    if not ep.outputs:
        return "None"
    return speller.spell(ep.outputs[0].type, False)


def _const_kwargs(
    ep: Endpoint, method: str, sig: str, params: list[ParamView], result: ResultView | None
) -> list[tuple[str, str]]:
    kwargs: list[tuple[str, object]] = [
        ("api_name", ep.api_name),
        ("fn_index", ep.fn_index),
        ("method", method),
        ("signature", sig),
        ("slots", ep.input_slots),
        ("outputs", ep.output_slots),
    ]
    if ep.output_components:
        kwargs.append(("output_ids", ep.output_components))
    if ep.input_types:
        kwargs.append(("input_types", ep.input_types))
    if ep.output_types:
        kwargs.append(("output_types", ep.output_types))
    files = tuple((i, *path) for i, p in enumerate(ep.params) for path in file_paths(p.type))
    if files:
        kwargs.append(("files", files))
    defaults = tuple((i, p.real_default) for i, p in enumerate(params) if p.has_real_default)
    if defaults:
        kwargs.append(("defaults", defaults))
    checks = arg_checks([p.name for p in params], [p.type for p in ep.params])
    if checks:
        kwargs.append(("checks", checks))
    if ep.browser_state:
        kwargs.append(("browser_state", ep.browser_state))
    depths = [(i, tuple_depth(out.type)) for i, out in enumerate(ep.outputs)]
    tuples = tuple((i, depth) for i, depth in depths if depth is not None)
    if tuples:
        kwargs.append(("tuples", tuples))
    if ep.generator:
        kwargs.append(("generator", True))
    if ep.oauth_token is not None:
        kwargs.append(("oauth_token", ep.oauth_token))
    text = [(k, pretty(v, "    ", len(k) + 2)) for k, v in kwargs]
    if result is not None:
        text.insert(-1 if ep.oauth_token else len(text), ("result", result.name))
    if not ep.queued:  # 3.x only: called with POST /run/predict
        text.append(("queued", "False"))
    return text
