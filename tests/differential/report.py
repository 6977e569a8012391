"""The printed summary of a run: counts per outcome and per cause, differences, conformance."""

from __future__ import annotations

from collections import Counter
from typing import Any

from .classify import DIFFER
from .subset import KNOWN_DIFFERENCES


def known_defect(row: dict[str, Any]) -> str | None:
    return KNOWN_DIFFERENCES.get((row["app"], row["endpoint"] or ""))


def summary(rows: list[dict[str, Any]], seconds: float) -> str:
    endpoints = [r for r in rows if r["endpoint"] is not None]
    apps = Counter(r["outcome"] for r in rows if r["endpoint"] is None)
    lines = [f"{len(endpoints)} endpoints, {seconds} s", "", "apps:", *_counts(apps)]
    lines += ["", "endpoint outcome:", *_counts(Counter(r["outcome"] for r in endpoints))]
    lines += ["", "cause:"]
    lines += _counts(Counter((r["outcome"], r["cause"]) for r in rows if r["cause"]))
    lines += ["", "differ:"]
    for r in (r for r in rows if r["outcome"] == DIFFER):
        diagnosis = known_defect(r) or r["reason"] or "UNEXPLAINED"
        lines.append(f"  {r['app']}{r['endpoint']}: {diagnosis}")
        lines.append(f"      spacegen {r['spacegen']}\n      gradio   {r['gradio_client']}")
    conformance = [r for r in rows if r.get("conformance")]
    lines += ["", f"conformance failures: {len(conformance)}"]
    lines += [f"  {r['app']}{r['endpoint']}: {r['conformance']}" for r in conformance]
    return "\n".join(lines)


def _counts(counter: Counter[Any]) -> list[str]:
    return [f"  {count:4d}  {_key(key)}" for key, count in counter.most_common()]


def _key(key: Any) -> str:
    return " / ".join(key) if isinstance(key, tuple) else str(key)
