"""Cheap immutable records: the runtime's value types without ``dataclasses``' creation cost."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar, NoReturn, Self, dataclass_transform


# Type checkers treat subclasses as frozen dataclasses (assignments are errors); the
# hand-written ``__init__`` of each subclass is kept.
@dataclass_transform(frozen_default=True)
class Frozen:
    """An immutable record: fields set once by ``__init__``; equality, hash, repr by value.

    Hand-written rather than ``@dataclass(frozen=True)``: a dataclass costs about a
    millisecond to create (plus the ``dataclasses`` import). Every generated module builds its
    endpoints at import time, and a one-shot script creates the runtime's message types on its
    first call; this costs next to nothing.
    """

    __slots__ = ()
    #: The fields, in order: a subclass's ``__match_args__`` (which its ``__slots__`` repeats).
    _fields: ClassVar[tuple[str, ...]] = ()
    #: Each field's slot setter, in ``_fields`` order (set per subclass): records are made per
    #: event on every call, and a slot's own setter skips the attribute lookup.
    _setters: ClassVar[tuple[Callable[[Any, Any], None], ...]] = ()

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls._fields = getattr(cls, "__match_args__", ())
        cls._setters = tuple(getattr(cls, name).__set__ for name in cls._fields)

    def _freeze(self, *values: object) -> None:
        if len(values) != len(self._setters):
            raise TypeError(f"{type(self).__name__} has {len(self._setters)} fields")
        for setter, value in zip(self._setters, values):  # noqa: B905  # length checked above
            setter(self, value)

    def _values(self) -> tuple[object, ...]:
        return tuple(getattr(self, name) for name in self._fields)

    def replace(self, **changes: Any) -> Self:
        """A copy with some fields changed (like :func:`dataclasses.replace`)."""
        copy = object.__new__(type(self))
        for name, setter in zip(self._fields, self._setters):  # noqa: B905  # one per field
            setter(copy, changes.pop(name) if name in changes else getattr(self, name))
        if changes:
            raise TypeError(f"{type(self).__name__} has no field {sorted(changes)[0]!r}")
        return copy

    def __setattr__(self, name: str, value: object) -> NoReturn:
        raise AttributeError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> NoReturn:
        raise AttributeError(f"cannot delete field {name!r}")

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        assert isinstance(other, Frozen)
        return self._values() == other._values()

    def __hash__(self) -> int:
        return hash(self._values())

    def __repr__(self) -> str:
        fields = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._fields)
        return f"{type(self).__qualname__}({fields})"

    def __reduce__(self) -> tuple[type[Self], tuple[object, ...]]:
        return type(self), self._values()
