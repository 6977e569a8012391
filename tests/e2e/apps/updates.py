"""Outputs given as component updates: gr.update(...), a component instance, gr.skip()."""

import gradio as gr


def via_update(text: str) -> dict[str, object]:
    """``gr.update(value=<upper-cased text>)``."""
    return gr.update(value=text.upper())


def via_component(text: str) -> gr.Textbox:
    """``gr.Textbox(value=<reversed text>)``."""
    return gr.Textbox(value=text[::-1])


def skip_first(text: str) -> tuple[object, str]:
    """Leaves the first output unchanged (gr.skip()) and sets the second to the text."""
    return gr.skip(), text


def props_only(text: str) -> dict[str, object]:
    """An update with no value (only a property change)."""
    return gr.update(label=f"label {text}")


with gr.Blocks(title="updates") as demo:
    text = gr.Textbox(label="Text", value="hello")
    first = gr.Textbox(label="First", value="initial")
    second = gr.Textbox(label="Second")
    gr.Button("update").click(via_update, text, first, api_name="via_update")
    gr.Button("component").click(via_component, text, first, api_name="via_component")
    gr.Button("skip").click(skip_first, text, [first, second], api_name="skip_first")
    gr.Button("props").click(props_only, text, first, api_name="props_only")

if __name__ == "__main__":
    demo.launch()
