"""spacegen: typed Python clients for Gradio apps and Hugging Face Spaces."""

__version__ = "0.1.0"
