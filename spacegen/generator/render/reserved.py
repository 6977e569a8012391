"""Names generated code must never redefine (they would shadow imports or base-class members)."""

from __future__ import annotations

import functools
import inspect
import re

from spacegen import runtime

_SELF_ATTR = re.compile(r"\bself\.([A-Za-z_]\w*)\s*(?::[^=\n]+)?=(?!=)")

#: Every module-level name a generated module imports or uses in an annotation. A method, class
#: or field with one of these names would shadow it for annotations that follow in a class body.
TYPE_NAMES: frozenset[str] = frozenset(
    {
        *runtime.__all__,
        "bool",
        "dict",
        "float",
        "int",
        "list",
        "str",
        "tuple",
        "annotations",
        "AsyncIterator",
        "Iterator",
        "Iterable",
        "Mapping",
        "Sequence",
        "ClassVar",
        "Unpack",
        "Final",
        "Literal",
        "NamedTuple",
        "NotRequired",
        "Required",
        "TypedDict",
        "Client",
        "AsyncClient",
    }
)


@functools.cache
def member_names() -> frozenset[str]:
    """Everything the runtime base classes define: class attributes and ``self.x = ...`` ones."""
    names: set[str] = set()
    for cls in (runtime.SpaceClient, runtime.AsyncSpaceClient):
        names.update(dir(cls))
        for klass in cls.__mro__:
            names.update(getattr(klass, "__annotations__", {}))
            names.update(_assigned_attributes(klass))
    return frozenset(names)


def _assigned_attributes(klass: type) -> set[str]:
    try:
        source = inspect.getsource(klass)
    except (OSError, TypeError):
        return set()
    return set(_SELF_ATTR.findall(source))
