"""JSON type aliases used by generated signatures."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TypeAlias

#: A JSON value as the runtime returns it (``gr.JSON`` outputs, plots, free-form objects).
Json: TypeAlias = bool | int | float | str | list["Json"] | dict[str, "Json"] | None

#: A JSON value as a caller may pass it: any sequences and mappings are accepted.
JsonInput: TypeAlias = (
    bool | int | float | str | Sequence["JsonInput"] | Mapping[str, "JsonInput"] | None
)
