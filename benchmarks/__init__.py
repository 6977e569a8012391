"""spacegen benchmarks: the generated client vs gradio_client vs a raw-httpx floor."""
