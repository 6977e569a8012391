"""Semantic drift: compare two normalised APIs (IR) and classify every change.

A pure function: :func:`compare` takes the old and the new :class:`AppSpec` and returns
:class:`Change` records, most severe first. Where the apps were reached (``source``) is never
compared. Classes, most severe first:

- ``breaking-wire``: a module generated from the old API sends requests the new app rejects or
  misreads (endpoint removed or made private, required parameter added, parameters reordered
  or removed, an output added or removed, a component's type changed, streaming changed,
  function index moved);
- ``breaking-typed``: the wire still works but code typed against the old module stops
  type-checking (parameter renamed, choices narrowed, a return type narrowed or widened, a
  parameter lost its default, an endpoint no longer documented);
- ``additive``: new endpoint, new optional parameter, a parameter accepts more values;
- ``cosmetic``: labels, descriptions, examples, defaults, title, Gradio version.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from spacegen.generator.drift.params import compare_outputs, compare_params
from spacegen.generator.drift.record import Change, Severity
from spacegen.generator.ir.model import AppSpec, Endpoint

__all__ = ["SEVERITIES", "Change", "Severity", "compare", "worst"]

#: Most severe first.
SEVERITIES: tuple[Severity, ...] = ("breaking-wire", "breaking-typed", "additive", "cosmetic")


def compare(old: AppSpec, new: AppSpec, *, include_undocumented: bool = False) -> list[Change]:
    """Every change from ``old`` to ``new``, most severe first (then by endpoint, stable)."""
    shown = _shown(include_undocumented)
    changes = _app_changes(old, new)
    olds = {ep.api_name: ep for ep in old.endpoints}
    news = {ep.api_name: ep for ep in new.endpoints}
    for name, ep in olds.items():
        if ep.visibility in shown:
            changes += _endpoint_changes(ep, news.get(name), shown)
    for name, ep in news.items():
        if ep.visibility in shown and olds.get(name, _GONE).visibility not in shown:
            changes.append(Change("additive", name, "endpoint-added", "new endpoint"))
    rank = {s: i for i, s in enumerate(SEVERITIES)}
    return sorted(changes, key=lambda c: rank[c.severity])


def worst(changes: list[Change]) -> Severity | None:
    """The most severe class among ``changes`` (``None`` when there are none)."""
    return min((c.severity for c in changes), key=SEVERITIES.index, default=None)


@dataclass(frozen=True)
class _Gone:
    visibility: Literal["missing"] = "missing"


_GONE = _Gone()


def _shown(include_undocumented: bool) -> frozenset[str]:
    return frozenset({"public", "undocumented"} if include_undocumented else {"public"})


def _app_changes(old: AppSpec, new: AppSpec) -> list[Change]:
    out: list[Change] = []
    checked: tuple[tuple[str, Severity], ...] = (
        ("protocol", "breaking-wire"),
        ("api_prefix", "breaking-wire"),
        ("gradio_version", "cosmetic"),
        ("title", "cosmetic"),
    )
    for attr, severity in checked:
        before, after = getattr(old, attr), getattr(new, attr)
        if before != after:
            message = f"{attr.replace('_', ' ')} changed from {before!r} to {after!r}"
            out.append(Change(severity, "", f"app-{attr.replace('_', '-')}", message))
    return out


def _endpoint_changes(old: Endpoint, new: Endpoint | None, shown: frozenset[str]) -> list[Change]:
    name = old.api_name
    if new is None:
        return [Change("breaking-wire", name, "endpoint-removed", "endpoint removed")]
    if new.visibility == "private":
        return [Change("breaking-wire", name, "endpoint-private", "endpoint made private")]
    if new.visibility not in shown:
        message = "endpoint no longer documented: its method disappears from the client"
        return [Change("breaking-typed", name, "endpoint-undocumented", message)]
    return _shape_changes(old, new) + compare_params(old, new) + compare_outputs(old, new)


def _shape_changes(old: Endpoint, new: Endpoint) -> list[Change]:
    name, out = old.api_name, []
    if old.generator != new.generator:
        now = "streams" if new.generator else "no longer streams"
        out.append(Change("breaking-wire", name, "streaming-changed", f"endpoint {now}"))
    if old.fn_index != new.fn_index:
        message = f"function index moved from {old.fn_index} to {new.fn_index}"
        out.append(Change("breaking-wire", name, "fn-index-moved", message))
    if _hidden(old.input_slots) != _hidden(new.input_slots):
        message = "server-filled (state) input slots changed"
        out.append(Change("breaking-wire", name, "state-inputs-changed", message))
    if old.oauth_token != new.oauth_token:
        message = f"login token {old.oauth_token or 'unused'} -> {new.oauth_token or 'unused'}"
        severity: Severity = "breaking-wire" if new.oauth_token == "required" else "additive"
        out.append(Change(severity, name, "oauth-changed", message))
    if old.description != new.description:
        out.append(Change("cosmetic", name, "description-changed", "description changed"))
    return out


def _hidden(slots: tuple[int | None, ...]) -> tuple[int, ...]:
    return tuple(i for i, s in enumerate(slots) if s is None)
