"""gr.State across calls of one session: a counter and a list of notes."""

from typing import Any

import gradio as gr


def increment(amount: float, total: int) -> tuple[int, int]:
    """Add ``amount`` to the session's counter; returns the new value (shown and stored)."""
    total = total + int(amount)
    return total, total


def add_note(note: str, notes: list[str]) -> tuple[list[str], list[str]]:
    """Append a note to the session's list; returns the whole list."""
    notes = [*notes, note]
    return notes, notes


def reset() -> tuple[int, list[Any], int]:
    """Clear both states."""
    return 0, [], 0


with gr.Blocks(title="state") as demo:
    total = gr.State(0)
    notes = gr.State([])
    amount = gr.Number(label="Amount", value=1, precision=0)
    shown = gr.Number(label="Total", precision=0)
    gr.Button("+").click(increment, [amount, total], [shown, total], api_name="increment")

    note = gr.Textbox(label="Note", value="note")
    listed = gr.JSON(label="Notes")
    gr.Button("note").click(add_note, [note, notes], [listed, notes], api_name="add_note")
    gr.Button("reset").click(reset, None, [total, notes, shown], api_name="reset")

if __name__ == "__main__":
    demo.launch()
