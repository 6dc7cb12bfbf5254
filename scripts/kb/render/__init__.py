"""Rendering the model into pages and files."""
