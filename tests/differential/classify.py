"""Outcome of one endpoint from the three calls (gradio_client twice, spacegen once)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .calls import Outcome
from .compare import same

EQUAL = "equal"
DIFFER = "differ"
BOTH_FAILED = "both failed"
ONLY_SPACEGEN_FAILED = "only spacegen failed"
ONLY_GRADIO_FAILED = "only gradio_client failed"
NOT_COMPARABLE = "not comparable"
#: App-level rows (no endpoint).
LAUNCHED = "launched"
NOT_RUNNABLE = "not runnable"
LAUNCH_FAILED = "launch failed"
GENERATE_FAILED = "generate failed"

#: What in an app's source makes its results vary, by cause.
_VARYING = {
    "random": re.compile(r"\brandom\b|np\.random|\buuid\b|\bsecrets\b|randint|\bshuffle\("),
    "time-dependent": re.compile(r"\bdatetime\b|\btime\.(time|localtime|ctime|strftime)\b|now\("),
    "client-dependent": re.compile(r"gr\.Request|\bRequest\b|session_hash|OAuthProfile"),
}


@dataclass
class Calls:
    """The three calls and their normalised values (``None`` when the call failed)."""

    spacegen: Outcome
    gradio: Outcome
    gradio_again: Outcome
    spacegen_plain: object = None
    gradio_plain: object = None
    gradio_again_plain: object = None


def source_causes(app_dir: Path) -> list[str]:
    """Causes of varying results that the app's source suggests (by pattern)."""
    text = (app_dir / "run.py").read_text(encoding="utf-8", errors="replace")
    return [cause for cause, pattern in _VARYING.items() if pattern.search(text)]


def classify(calls: Calls, causes: list[str]) -> tuple[str, str]:
    """(outcome, reason); a reason names the cause in a few words."""
    failed = _failure(calls.spacegen.error, calls.gradio.error)
    if failed is not None:
        return failed
    if calls.gradio_again.error is None and not same(calls.gradio_plain, calls.gradio_again_plain):
        return NOT_COMPARABLE, _varying(causes, "gradio_client twice gave different results")
    if same(calls.spacegen_plain, calls.gradio_plain):
        return EQUAL, ""
    if causes:
        return NOT_COMPARABLE, _varying(causes, "differs once, source varies")
    return DIFFER, ""


UNCHANGED_AS_NONE = (
    "an output the app left unchanged comes back as None instead of the component's current "
    "value (issue 7: unchanged outputs)"
)


def diagnose(calls: Calls) -> str:
    """The defect behind a ``differ`` when it has a recognisable shape, else ``""``."""
    sg, gc = calls.spacegen_plain, calls.gradio_plain
    if not isinstance(sg, list) or not isinstance(gc, list) or len(sg) != len(gc):
        return ""
    differing = [(a, b) for a, b in zip(sg, gc, strict=True) if not same(a, b)]
    return UNCHANGED_AS_NONE if all(a is None for a, _ in differing) else ""


def _failure(sg_error: str | None, gc_error: str | None) -> tuple[str, str] | None:
    if sg_error and gc_error:
        return BOTH_FAILED, f"spacegen {sg_error} | gradio_client {gc_error}"
    if sg_error:
        return ONLY_SPACEGEN_FAILED, sg_error
    if gc_error:
        return ONLY_GRADIO_FAILED, gc_error
    return None


def _varying(causes: list[str], seen: str) -> str:
    return f"{'/'.join(causes) or 'nondeterministic'} ({seen})"


def cause_of(outcome: str, reason: str) -> str:
    """A short cause key for the summary (error type, or the varying cause)."""
    if outcome == NOT_COMPARABLE:
        return reason.split(" (", maxsplit=1)[0]
    if outcome in (BOTH_FAILED, ONLY_SPACEGEN_FAILED, ONLY_GRADIO_FAILED):
        return reason.split(":", maxsplit=1)[0].removeprefix("spacegen ")
    if outcome == NOT_RUNNABLE:
        return reason
    if outcome == DIFFER:
        return "unchanged output as None" if reason == UNCHANGED_AS_NONE else "unexplained"
    return ""
