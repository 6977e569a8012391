"""Gradio apps the benchmarks start as local servers."""
