"""spacegen: typed Python clients for Gradio apps and Hugging Face Spaces."""

from spacegen.runtime._compat import __version__

__all__ = ["__version__"]
