"""Untrusted text -> safe Python source: the ONE docstring escaper and the ONE literal writer.

Everything an app sends (names, labels, descriptions, defaults, choices, examples) reaches
generated code only through :func:`docstring` or :func:`literal` (identifiers go through
:mod:`.names`). Both produce text that the Python tokenizer reads back as exactly one string or
value token sequence, whatever the input holds: quotes, backslashes, ``\\r``, NUL, lone surrogates,
bidi controls.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

_QUOTE_RUN = re.compile(r'"{2,}|"$')


def escape_doc(text: str) -> str:
    """Make ``text`` safe between triple double quotes (newlines kept, everything else escaped)."""
    if "\\" not in text and text.replace("\n", "").isprintable():  # fast path: nothing to escape
        out = text
    else:
        out = "".join(_escape_char(ch) for ch in text)
    return _QUOTE_RUN.sub(lambda m: '\\"' * len(m.group(0)), out)


def _escape_char(ch: str) -> str:
    if ch == "\\":
        return "\\\\"
    if ch == "\n" or (ch.isprintable() and not _is_surrogate(ch)):
        return ch
    code = ord(ch)
    if code <= 0xFF:
        return f"\\x{code:02x}"
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def _is_surrogate(ch: str) -> bool:
    return 0xD800 <= ord(ch) <= 0xDFFF


def docstring(text: str, indent: str = "") -> str:
    """A complete docstring literal for ``text``, continuation lines indented by ``indent``."""
    lines = [line.rstrip() for line in escape_doc(text.strip()).split("\n")]
    if len(lines) == 1:
        return f'"""{lines[0]}"""'
    body = "\n".join(f"{indent}{line}" if line else "" for line in lines[1:])
    return f'"""{lines[0]}\n{body}\n{indent}"""'


def literal(value: Any) -> str:
    """A Python expression equal to the JSON-like ``value`` (str/int/float/bool/None/list/dict)."""
    if value is None or isinstance(value, bool):
        return repr(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return _float(value)
    if isinstance(value, str):
        return _str(value)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(literal(item) for item in value) + "]"
    if isinstance(value, dict):
        items = (f"{_str(str(k))}: {literal(v)}" for k, v in value.items())
        return "{" + ", ".join(items) + "}"
    raise TypeError(f"not a JSON value: {type(value).__name__}")


def _float(value: float) -> str:
    if math.isnan(value):
        return 'float("nan")'
    if math.isinf(value):
        return 'float("inf")' if value > 0 else '-float("inf")'
    return repr(value)


def _str(value: str) -> str:
    """repr() escapes quotes, backslashes, controls and non-printables; surrogates become \\udxxx.

    Double quotes when that needs no extra escape (black's preference, so black has less to do).
    """
    text = repr(value)
    if text[0] == "'" and '"' not in value:
        return f'"{text[1:-1]}"'
    return text


def comment_text(value: str) -> str:
    """Untrusted text for the header comment: a double-quoted ASCII literal, never a newline."""
    return json.dumps(value, ensure_ascii=True)
