"""Generator output diffs (``sse_v2`` / ``sse_v2.1``): rebuild each full value (no I/O).

From Gradio 4.17 on, a generator's second and later ``process_generating`` messages carry, per
output, a list of edits ``[action, path, value]`` against the previous full value (PROTOCOL.md
§3.4): ``replace`` (set), ``append`` (string concatenation), ``add`` (insert into a list / set
a key) and ``delete`` (remove a list item / a key). ``path`` is a list of keys and indices;
``[]`` is the value itself.

Servers of 4.17-4.21 list the deletes of a shrinking list in ascending index order, as if
the list did not shrink between them; applied one by one that removes the wrong items (or
fails). Every run of consecutive deletes on the same list is applied from the highest index
down, which is right for that order and for servers that send already adjusted indices.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from typing import Any

from spacegen.runtime.errors import ProtocolError

Edit = tuple[str, list[Any], Any]


def apply_diffs(previous: Sequence[Any], diffs: Sequence[Any]) -> list[Any]:
    """The new full outputs: ``diffs[i]`` (a list of edits) applied to ``previous[i]``."""
    if not isinstance(diffs, list):
        raise ProtocolError(f"generator diff is not a list: {diffs!r:.200}")
    values = list(previous) + [None] * (len(diffs) - len(previous))
    return [apply_edits(values[i], edits) for i, edits in enumerate(diffs)]


def apply_edits(value: Any, edits: Any) -> Any:
    """``value`` after ``edits`` (the argument itself is never modified)."""
    parsed = [_edit(e) for e in _list(edits)]
    if not parsed:
        return value
    value = copy.deepcopy(value)
    for action, path, item in _ordered(parsed):
        value = _apply(value, action, path, item)
    return value


def _list(edits: Any) -> list[Any]:
    if not isinstance(edits, list):
        raise ProtocolError(f"generator diff is not a list of edits: {edits!r:.200}")
    return edits


def _edit(raw: Any) -> Edit:
    if not (isinstance(raw, list | tuple) and len(raw) == 3 and isinstance(raw[1], list)):
        raise ProtocolError(f"malformed generator diff edit: {raw!r:.200}")
    return str(raw[0]), raw[1], raw[2]


def _ordered(edits: list[Edit]) -> list[Edit]:
    """Each run of list-index deletes under one parent, highest index first."""
    out: list[Edit] = []
    run: list[Edit] = []
    for edit in edits:
        if run and not _same_run(run[0], edit):
            out += sorted(run, key=lambda e: e[1][-1], reverse=True)
            run = []
        if _index_delete(edit):
            run.append(edit)
        else:
            out.append(edit)
    return out + sorted(run, key=lambda e: e[1][-1], reverse=True)


def _index_delete(edit: Edit) -> bool:
    return edit[0] == "delete" and bool(edit[1]) and type(edit[1][-1]) is int


def _same_run(first: Edit, edit: Edit) -> bool:
    return _index_delete(edit) and edit[1][:-1] == first[1][:-1]


def _apply(value: Any, action: str, path: list[Any], item: Any) -> Any:
    if not path:
        return _root(value, action, item)
    try:
        parent = value
        for key in path[:-1]:
            parent = parent[key]
        _at(parent, action, path[-1], item)
    except (KeyError, IndexError, TypeError) as exc:
        raise ProtocolError(f"generator diff {action} at {path!r:.200} does not fit") from exc
    return value


def _root(value: Any, action: str, item: Any) -> Any:
    if action == "replace":
        return item
    if action == "append" and isinstance(value, str) and isinstance(item, str):
        return value + item
    raise ProtocolError(f"generator diff: {action!r} on a whole value")


def _at(parent: Any, action: str, key: Any, item: Any) -> None:
    if action == "replace":
        parent[key] = item
    elif action == "append":
        parent[key] = parent[key] + item
    elif action == "add" and isinstance(parent, list):
        parent.insert(int(key), item)
    elif action == "add":
        parent[key] = item
    elif action == "delete":
        del parent[int(key) if isinstance(parent, list) else key]
    else:
        raise ProtocolError(f"unknown generator diff action {action!r}")
