"""Untrusted wire names -> Python identifiers (methods, parameters, fields, classes)."""

from __future__ import annotations

import itertools
import keyword
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator

_MAX_CLASS_NAME = 60
_SOFT_KEYWORDS = frozenset({*keyword.softkwlist, "type", "match", "case", "_"})
_NON_IDENT = re.compile(r"[^0-9A-Za-z_]+")
_UNDERSCORES = re.compile(r"_+")
_CAMEL_HUMP = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")


def ascii_fold(text: str) -> str:
    """Transliterate to ASCII: accents are dropped (``é`` -> ``e``), other letters vanish."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


def snake(text: str, *, digit_prefix: str, empty: str) -> str:
    """A snake_case identifier: ASCII, no leading/trailing ``_``, not a (soft) keyword.

    ``getUser`` -> ``get_user``; ``HTTPServer`` -> ``http_server``; ``café`` -> ``cafe``.
    """
    folded = _CAMEL_HUMP.sub("_", _NON_IDENT.sub("_", ascii_fold(text))).lower()
    name = _UNDERSCORES.sub("_", folded).strip("_")
    if not name:
        name = empty
    if name[0].isdigit():
        name = f"{digit_prefix}{name}"
    if keyword.iskeyword(name) or name in _SOFT_KEYWORDS:
        name = f"{name}_"
    return name


def camel(text: str, *, empty: str) -> str:
    """``"hello-world app"`` -> ``"HelloWorldApp"`` (ASCII; never starts with a digit)."""
    parts = [p for p in _NON_IDENT.sub(" ", ascii_fold(text)).replace("_", " ").split() if p]
    name = "".join(p[0].upper() + p[1:] for p in parts)[:_MAX_CLASS_NAME]
    if not name:
        return empty
    if keyword.iskeyword(name):  # None, True, False
        return f"{name}_"
    return f"{empty}{name}" if name[0].isdigit() else name


def is_plain_identifier(name: str) -> bool:
    """An ASCII identifier that is neither a keyword nor a soft keyword."""
    return (
        name.isascii()
        and name.isidentifier()
        and not keyword.iskeyword(name)
        and name not in _SOFT_KEYWORDS
    )


def is_key_identifier(name: str) -> bool:
    """An ASCII identifier usable as a class-body name (soft keywords are fine there)."""
    return name.isascii() and name.isidentifier() and not keyword.iskeyword(name)


class Allocator:
    """Hands out unique names (first come, first served).

    A clash is resolved by the most telling free name: ``base``, then ``qualified`` (the base
    with what sets it apart: ``report_file`` for a File output, ``close_endpoint`` for an
    endpoint named like a client method, ``ChatMessage`` for the second ``Message`` type),
    and only then a number: ``base_2``, ``base_3``, ...
    """

    def __init__(self, taken: Iterable[str] = (), sep: str = "_") -> None:
        self.taken: set[str] = set(taken)
        self._sep = sep

    def take(
        self,
        base: str,
        *,
        qualified: str | None = None,
        also: Callable[[str], Iterable[str]] = lambda _n: (),
    ) -> str:
        """Reserve the first free candidate, plus every name in ``also(name)``."""
        for candidate in self._candidates(base, qualified):
            if candidate not in self.taken and not any(a in self.taken for a in also(candidate)):
                self.taken.add(candidate)
                self.taken.update(also(candidate))
                return candidate
        raise AssertionError("unreachable: numbered candidates never run out")

    def _candidates(self, base: str, qualified: str | None) -> Iterator[str]:
        yield base
        if qualified is not None and qualified != base:
            yield qualified
        yield from (f"{base}{self._sep}{n}" for n in itertools.count(2))


def qualifier(base: str, kind: str) -> str | None:
    """``base`` suffixed with its snake_case ``kind`` (``report`` + File -> ``report_file``).

    ``None`` when that says nothing new: ``image``, ``output_image`` or ``highlighted_text`` of
    an Image, an Image and a HighlightedText (Gradio spells that kind ``highlightedtext``).
    """
    suffix = snake(kind, digit_prefix="kind_", empty="-")
    if suffix == "-" or base.replace("_", "").endswith(suffix.replace("_", "")):
        return None
    return f"{base}_{suffix}"
