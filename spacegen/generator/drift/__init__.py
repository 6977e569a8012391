"""Semantic drift between two normalised APIs: :func:`compare` and its reports."""

from spacegen.generator.drift.engine import SEVERITIES, Change, Severity, compare, worst

__all__ = ["SEVERITIES", "Change", "Severity", "compare", "worst"]
