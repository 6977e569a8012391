"""Big-file echo: the uploaded file comes back as the output (for a 200 MB round trip)."""

import gradio as gr


def file_echo(file: str) -> str:
    """Return the uploaded file itself."""
    return file


with gr.Blocks(title="big") as demo:
    file_in = gr.File(label="File", type="filepath")
    file_out = gr.File(label="Same file")
    gr.Button("echo").click(file_echo, file_in, file_out, api_name="file_echo")

if __name__ == "__main__":
    demo.launch()
