"""What a terminal below the minimum size shows instead of a broken layout."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Static

MIN_WIDTH = 80
MIN_HEIGHT = 24


class TooSmallScreen(Screen[None]):
    """Covers everything until the terminal is large enough again (nothing is lost)."""

    DEFAULT_CSS = """
    TooSmallScreen { align: center middle; }
    TooSmallScreen Static { width: 100%; text-align: center; text-style: bold; }
    """
    BINDINGS = []

    def compose(self) -> ComposeResult:
        yield Static(
            f"Fenêtre trop petite : agrandissez le terminal à au moins {MIN_WIDTH}×{MIN_HEIGHT} "
            "caractères. Votre travail est enregistré.",
            id="too-small-message",
        )
