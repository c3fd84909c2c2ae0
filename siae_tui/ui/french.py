"""Textual's own English words, said in French.

The app speaks French; a few strings come from Textual itself: the command
palette's placeholder and « No matches found », the Select list's footer
entry « Dismiss menu ». They are replaced here, in one place, and a test
reads each of them on screen so that a Textual upgrade that moves them is
noticed. (Ctrl+C's « Do you want to quit? » is the app's ``action_help_quit``.)
"""

from __future__ import annotations

from rich.align import Align
from rich.text import Text
from textual.binding import Binding
from textual.command import CommandList, CommandPalette
from textual.widgets._select import SelectOverlay
from textual.widgets.option_list import Option

PALETTE_PLACEHOLDER = "Rechercher une commande… (ex. récap, radar, contraste)"
NO_MATCHES = "Aucune commande trouvée"


class FrenchCommandPalette(CommandPalette):
    """The command palette with a French placeholder and a French « no matches »."""

    def __init__(self) -> None:
        super().__init__(placeholder=PALETTE_PLACEHOLDER, id="--command-palette")

    def _start_no_matches_countdown(self, search_value: str) -> None:
        # Textual's own method, with its one English sentence in French.
        self._stop_no_matches_countdown()

        def show_no_matches() -> None:
            if search_value:
                self.query_one(CommandList).add_option(
                    Option(Align.center(Text(NO_MATCHES, style="not bold")), disabled=True, id=self._NO_MATCHES)
                )
                self._list_visible = True
            else:
                self._list_visible = False

        self._no_matches_timer = self.set_timer(self._NO_MATCHES_COUNTDOWN, show_no_matches)


def install() -> None:
    """Say the Select list's « escape: dismiss » in French (its bindings are merged at class creation)."""
    SelectOverlay.BINDINGS = [Binding("escape", "dismiss", "Fermer la liste", key_display="Échap")]
    SelectOverlay._merged_bindings = SelectOverlay._merge_bindings()
