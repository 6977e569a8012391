"""Rows of results, summary statistics, targets and the printed table."""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from benchmarks.contenders import FLOOR, GRADIO, SPACEGEN

COLUMNS = (FLOOR, GRADIO, SPACEGEN)


def median(values: Sequence[float]) -> float:
    return float(statistics.median(values))


def percentile(values: Sequence[float], pct: float) -> float:
    """Nearest-rank percentile (``pct`` in 0..100) of a non-empty sample."""
    ordered = sorted(values)
    rank = max(1, math.ceil(pct / 100 * len(ordered)))
    return float(ordered[rank - 1])


@dataclass
class Target:
    """What spacegen must reach on a row.

    ``kind``: ``"ratio_max"`` (spacegen / baseline ≤ value), ``"ratio_min"`` (≥ value),
    ``"abs_max"`` (spacegen's own figure ≤ value), ``"zero"`` (spacegen's figure is 0).
    """

    kind: str
    value: float = 0.0

    def text(self, baseline: str | None) -> str:
        base = baseline or ""
        return {
            "ratio_max": f"<= {self.value:g}x {base}",
            "ratio_min": f">= {self.value:g}x {base}",
            "abs_max": f"<= {self.value:g}",
            "zero": "0",
        }[self.kind]

    def met(self, value: float, ratio: float | None) -> bool | None:
        if self.kind == "abs_max":
            return value <= self.value
        if self.kind == "zero":
            return value == 0
        if ratio is None:
            return None
        return ratio <= self.value if self.kind == "ratio_max" else ratio >= self.value


@dataclass
class Row:
    """One printed line: a figure's value for each contender.

    ``expected`` lists the contenders that were available when the row was measured: each of
    them must end up with a value (``check_complete``). ``baseline`` names the contender the
    ratios divide by (``None``: no ratio, e.g. generation time, which only spacegen has).
    """

    figure: str
    key: str
    label: str
    unit: str
    expected: list[str]
    baseline: str | None = FLOOR
    target: Target | None = None
    values: dict[str, float | None] = field(default_factory=dict)
    notes: dict[str, str] = field(default_factory=dict)
    spread: dict[str, list[float]] = field(default_factory=dict)  # name -> [min, max]

    def put(self, name: str, value: float | None, per_repeat: Sequence[float] = ()) -> None:
        """Set ``name``'s value and, with two or more repeats, their [min, max]."""
        self.values[name] = value
        if value is not None and len(per_repeat) > 1:
            self.spread[name] = [float(min(per_repeat)), float(max(per_repeat))]

    def ratio(self, name: str) -> float | None:
        if self.baseline is None:
            return None
        value, base = self.values.get(name), self.values.get(self.baseline)
        if value is None or not base:
            return None
        return value / base

    def status(self) -> str:
        value = self.values.get(SPACEGEN)
        if self.target is None:
            return ""
        if value is None:
            return "n/a"
        met = self.target.met(value, self.ratio(SPACEGEN))
        return {True: "PASS", False: "MISS", None: "n/a"}[met]

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Row:
        """Inverse of :meth:`to_json` (derived keys are dropped)."""
        fields = {k: v for k, v in data.items() if k not in ("ratios", "status")}
        target = fields.pop("target")
        return cls(**fields, target=Target(**target) if target else None)

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["ratios"] = {name: self.ratio(name) for name in COLUMNS if name in self.values}
        data["status"] = self.status()
        return data


def fmt(value: float | None) -> str:
    if value is None:
        return "-"
    if value == 0:
        return "0"
    if abs(value) >= 100:
        return f"{value:.0f}"
    if abs(value) >= 10:
        return f"{value:.1f}"
    return f"{value:.3g}"


def fmt_cell(row: Row, name: str) -> str:
    """The value, with ``(min-max)`` over repeats beside it when there were several."""
    text = fmt(row.values.get(name))
    low_high = row.spread.get(name)
    if low_high and row.values.get(name) is not None:
        text += f" ({fmt(low_high[0])}-{fmt(low_high[1])})"
    return text


def fmt_ratio(ratio: float | None) -> str:
    return "-" if ratio is None else f"{ratio:.2f}x"


HEADER = ("figure", "unit", FLOOR, GRADIO, SPACEGEN, "gc/base", "sg/base", "target", "")
#: What the table says under itself about the cells.
SPREAD_NOTE = (
    "- Values are medians (percentiles where the row says so); `(min-max)` beside a value is "
    "its spread over the repeats (per-repeat medians / percentiles)."
)


def table_lines(rows: Sequence[Row]) -> list[str]:
    """The results table as markdown lines."""
    lines = ["| " + " | ".join(HEADER) + " |", "|" + "---|" * len(HEADER)]
    for row in rows:
        cells = [
            row.label,
            row.unit,
            *(fmt_cell(row, c) for c in COLUMNS),
            fmt_ratio(row.ratio(GRADIO)),
            fmt_ratio(row.ratio(SPACEGEN)),
            row.target.text(row.baseline) if row.target else "",
            row.status(),
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def note_lines(rows: Sequence[Row]) -> list[str]:
    """One line per contender that could not be measured on a row (deduplicated)."""
    seen: dict[tuple[str, str], list[str]] = {}
    for row in rows:
        for name, note in row.notes.items():
            seen.setdefault((name, note), []).append(row.key)
    return [
        f"- {name}: not available on {', '.join(keys)}: {note}"
        for (name, note), keys in seen.items()
    ]
