"""Shared helpers for generator tests live beside this file (``gen_samples``); pytest puts this
folder on ``sys.path`` because it holds a conftest."""
