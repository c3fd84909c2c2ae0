"""The pure domain: référentiel model, scoring, recap, compare and export.

Nothing in this package may import Textual (a test enforces it), so that the
CLI, the exports and the tests use exactly the code the TUI uses.
"""
