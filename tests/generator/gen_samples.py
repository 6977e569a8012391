"""Hand-built IR for render tests (no normalize needed)."""

from __future__ import annotations

from spacegen.generator.ir.model import (
    AnyType,
    AppSpec,
    Endpoint,
    FileType,
    JsonType,
    ListType,
    LiteralType,
    MapType,
    Output,
    Param,
    Prim,
    StructField,
    StructType,
    TupleType,
    TypeRef,
    UnionType,
)

STR = Prim("str")
INT = Prim("int")
FLOAT = Prim("float")
NONE = Prim("none")

TEXT_MESSAGE = StructType(
    "TextMessage",
    (StructField("text", STR, True), StructField("type", LiteralType(("text",)), True)),
)
FILE_MESSAGE = StructType(
    "FileMessage",
    (StructField("file", FileType(), True), StructField("alt_text", UnionType((STR, NONE)), False)),
)
MESSAGE = StructType(
    "Message",
    (
        StructField("role", LiteralType(("user", "assistant")), True),
        StructField("content", ListType(UnionType((TEXT_MESSAGE, FILE_MESSAGE))), True),
        StructField("metadata", MapType(JsonType()), False),
    ),
    description="A chat message.",
)
ODD_KEYS = StructType(
    "frame",
    (
        StructField("class", STR, True),
        StructField("a-b", INT, False),
        StructField("headers", ListType(STR), True),
    ),
)


def param(name: str, t: TypeRef, **kw: object) -> Param:
    return Param(name=name, label=name.title(), component="Textbox", type=t, **kw)  # type: ignore[arg-type]


def out(label: str, t: TypeRef, component: str = "Textbox") -> Output:
    return Output(label=label, component=component, type=t)


def endpoint(
    api_name: str,
    fn_index: int,
    params: tuple[Param, ...],
    outputs: tuple[Output, ...],
    **kw: object,
) -> Endpoint:
    return Endpoint(
        api_name=api_name,
        fn_index=fn_index,
        visibility=kw.pop("visibility", "public"),  # type: ignore[arg-type]
        description=str(kw.pop("description", "")),
        params=params,
        outputs=outputs,
        input_slots=tuple(range(len(params))),
        output_slots=tuple(range(len(outputs))),
        **kw,  # type: ignore[arg-type]
    )


def app(*endpoints: Endpoint, source: str = "owner/hello", **kw: object) -> AppSpec:
    fields: dict[str, object] = {
        "source": source,
        "gradio_version": "6.31.0",
        "protocol": "sse_v3",
        "api_prefix": "/gradio_api",
        "title": "Gradio",
        "space_id": None,
        "max_file_size": None,
        "connect_heartbeat": False,
        "endpoints": endpoints,
    }
    fields.update(kw)
    return AppSpec(**fields)  # type: ignore[arg-type]


def rich_app() -> AppSpec:
    """Every type kind, defaults of every sort, a generator, several outputs, odd struct keys."""
    return app(
        endpoint(
            "/greet",
            0,
            (param("name", STR), param("times", INT, has_default=True, default=1)),
            (out("Greeting", STR),),
            description="Say hello.",
        ),
        endpoint(
            "/sepia",
            1,
            (
                param("image", FileType("image")),
                param("mode", LiteralType(("a", "b", 1.5)), has_default=True, default="a"),
                param("strength", FLOAT, has_default=True, default=None),
                param("after", STR),
            ),
            (out("image", FileType("image"), "Image"), out("info", JsonType(), "Json")),
        ),
        endpoint(
            "/chat",
            2,
            (param("history", ListType(MESSAGE), has_default=True, default=[]),),
            (out("history", ListType(MESSAGE), "Chatbot"),),
            generator=True,
        ),
        endpoint(
            "/table",
            3,
            (
                param("frame", ODD_KEYS, has_example=True, example={"class": "x"}),
                param("pair", TupleType((STR, FileType())), has_default=True, default=float("nan")),
                param("anything", AnyType("no schema"), has_default=True, default={"k": [1, 2]}),
            ),
            (),
            oauth_token="optional",
        ),
    )
