"""Drift reports: readable text, JSON for tools, one changelog line per change; exit codes."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

from spacegen.generator.drift.engine import SEVERITIES, worst
from spacegen.generator.drift.record import Change, Severity

FailOn = Literal["breaking", "additive", "any", "never"]

#: Exit codes of ``spacegen check``/``diff`` (also in ``--help`` and the README).
EXIT_CLEAN = 0  # nothing at or above --fail-on
EXIT_STALE = 1  # a generated module differs from what its lock generates
EXIT_ERROR = 2  # usage, config or source error
EXIT_CODES: dict[Severity, int] = {
    "breaking-wire": 3,
    "breaking-typed": 4,
    "additive": 5,
    "cosmetic": 6,
}

_FAILS: dict[FailOn, frozenset[Severity]] = {
    "breaking": frozenset({"breaking-wire", "breaking-typed"}),
    "additive": frozenset({"breaking-wire", "breaking-typed", "additive"}),
    "any": frozenset(SEVERITIES),
    "never": frozenset(),
}

_TITLES: dict[Severity, str] = {
    "breaking-wire": "breaking (wire): calls from the current module would fail or misbehave",
    "breaking-typed": "breaking (typed): code typed against the current module stops checking",
    "additive": "additive",
    "cosmetic": "cosmetic",
}


@dataclass
class Report:
    """The drift of one client: ``name`` (config entry or source), its changes, and whether
    its generated module is out of date with its lock (``stale``)."""

    name: str
    changes: list[Change]
    stale: bool = False
    notes: list[str] = field(default_factory=list)


def exit_code(reports: Sequence[Report], fail_on: FailOn) -> int:
    """The most severe class at or above ``fail_on`` decides; else 1 for a stale module."""
    failing = [c for r in reports for c in r.changes if c.severity in _FAILS[fail_on]]
    top = worst(failing)
    if top is not None:
        return EXIT_CODES[top]
    return EXIT_STALE if any(r.stale for r in reports) else EXIT_CLEAN


def changelog_line(change: Change) -> str:
    """``- BREAKING (wire): /predict: required parameter 'x' (Textbox) added``."""
    tag = {
        "breaking-wire": "BREAKING (wire)",
        "breaking-typed": "BREAKING (typed)",
        "additive": "Added",
        "cosmetic": "Changed",
    }[change.severity]
    where = f"{change.endpoint}: " if change.endpoint else ""
    return _safe(f"- {tag}: {where}{change.message}")


def render_text(reports: Sequence[Report]) -> str:
    """The readable report: per client, changes grouped by class, then changelog lines."""
    out: list[str] = []
    for report in reports:
        out += _text_one(report)
    return "\n".join(out) + "\n"


def _text_one(report: Report) -> list[str]:
    head = _safe(report.name)
    lines = [f"{head}: " + (_summary(report.changes) if report.changes else "no API change")]
    lines += [f"  note: {_safe(n)}" for n in report.notes]
    if report.stale:
        lines.append("  the generated module differs from what its lock generates (run sync)")
    for severity in SEVERITIES:
        group = [c for c in report.changes if c.severity == severity]
        if group:
            lines.append(f"  {_TITLES[severity]}:")
            lines += [f"    {_safe(_where(c))}{_safe(c.message)}" for c in group]
    if report.changes:
        lines.append("  changelog:")
        lines += [f"    {changelog_line(c)}" for c in report.changes]
    return lines


def _summary(changes: Sequence[Change]) -> str:
    counts = [(s, sum(c.severity == s for c in changes)) for s in SEVERITIES]
    return ", ".join(f"{n} {s}" for s, n in counts if n)


def _where(change: Change) -> str:
    return f"{change.endpoint}: " if change.endpoint else "app: "


def render_json(reports: Sequence[Report], fail_on: FailOn) -> str:
    """Machine-readable form; stable key order."""
    doc = {
        "format": "spacegen.drift/1",
        "fail_on": fail_on,
        "exit_code": exit_code(reports, fail_on),
        "clients": [_json_one(r) for r in reports],
    }
    return json.dumps(doc, indent=1, ensure_ascii=True) + "\n"


def _json_one(report: Report) -> dict[str, object]:
    return {
        "name": report.name,
        "worst": worst(report.changes),
        "stale": report.stale,
        "notes": report.notes,
        "changes": [
            {
                "severity": c.severity,
                "endpoint": c.endpoint,
                "code": c.code,
                "message": c.message,
                "changelog": changelog_line(c),
            }
            for c in report.changes
        ],
    }


def _safe(text: str) -> str:
    """Untrusted text for a terminal: control characters shown escaped."""
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)
