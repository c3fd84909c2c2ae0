"""Help (every key, built from the screen's own bindings) and the référentiel's instructions."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from siae_tui.domain.model import Referentiel
from siae_tui.report.french import short_number
from siae_tui.ui.widgets.note_area import NoteArea

#: How Textual's key names read on a French keyboard help.
_KEY_NAMES = {
    "question_mark": "?",
    "exclamation_mark": "!",
    "minus": "-",
    "space": "Espace",
    "enter": "Entrée",
    "escape": "Échap",
    "backspace": "⌫",
    "delete": "Suppr",
    "down": "↓",
    "up": "↑",
    "left": "←",
    "right": "→",
    "bracketleft": "[",
    "bracketright": "]",
    "ctrl+s": "Ctrl+S",
    "ctrl+o": "Ctrl+O",
    "ctrl+p": "Ctrl+P",
    "ctrl+c": "Ctrl+C",
}


def key_name(binding: Binding) -> str:
    """« ↓ / j », « ! », « Entrée »: every key of a binding, as printed on the keyboard."""
    return " / ".join(_KEY_NAMES.get(k.strip(), k.strip()) for k in binding.key.split(","))


def trend_legend(referentiel: Referentiel) -> str:
    """« ▼ À construire : moins de 33,3 % … », the key to the recap's symbols."""
    bands = referentiel.trend
    lines = []
    for index, band in enumerate(bands):
        start = short_number(band.start)
        following = bands[index + 1] if index + 1 < len(bands) else None
        if index == 0 and following is not None:
            span = f"moins de {short_number(following.start)} %"
        elif following is not None:
            span = f"de {start} % à moins de {short_number(following.start)} %"
        else:
            span = f"{start} % et plus"
        lines.append(f"  {band.symbol}  {band.label} : {span}")
    return "\n".join(lines)


class HelpScreen(ModalScreen[None]):
    """Lists the keys of the screen it was opened from, then the app's, then the scale."""

    CSS_PATH = "help.tcss"
    BINDINGS = [Binding("escape,question_mark,q", "close", "Fermer", id="help-close", tooltip="Fermer l'aide.")]

    def __init__(self, owner: Screen[None], referentiel: Referentiel | None = None) -> None:
        super().__init__()
        self.owner, self.referentiel = owner, referentiel

    def compose(self) -> ComposeResult:
        # A two-column grid: a long description wraps within its own column.
        keys = Table.grid(padding=(0, 2))
        keys.add_column(justify="right", style="bold", no_wrap=True)
        keys.add_column()
        # The note editor's own key (Ctrl+O) is listed with the screen that holds the editor.
        editor = NoteArea.BINDINGS if self.owner.query(NoteArea) else []
        #: The (keys, description) rows, as listed: what a test or a screen reader reads.
        self.rows = list(
            dict.fromkeys(  # each key and description once (a key may have an alias binding)
                (key_name(binding), binding.tooltip or binding.description)
                for binding in [*self.owner.BINDINGS, *editor, *self.app.BINDINGS]
                if isinstance(binding, Binding) and binding.description
            )
        )
        for row in self.rows:
            keys.add_row(*row)
        with VerticalScroll(classes="help-box"):
            yield Static(Text("Aide — touches", style="bold"))
            yield Static(keys, id="help-keys")
            referentiel = self.referentiel
            if referentiel is not None:
                scale = "\n".join(f"  {level.value}  {level.label}" for level in referentiel.scale)
                yield Static(Text(f"\nÉchelle\n{scale}\n  a  Non applicable (exclue du maximum)"))
                yield Static(Text("\nTendance (récapitulatif)\n" + trend_legend(referentiel)))
            yield Static("\nÉchap : fermer", classes="hint")

    def action_close(self) -> None:
        self.dismiss(None)


class InstructionsScreen(ModalScreen[None]):
    """The référentiel's own evaluation principles (« Quelques principes d'évaluation »)."""

    CSS_PATH = "help.tcss"
    BINDINGS = [Binding("escape,i,q", "close", "Fermer", id="instructions-close", tooltip="Fermer les principes.")]

    def __init__(self, referentiel: Referentiel) -> None:
        super().__init__()
        self.referentiel = referentiel

    def compose(self) -> ComposeResult:
        instructions = self.referentiel.instructions
        with VerticalScroll(classes="help-box"):
            yield Static(Text(self.referentiel.title, style="bold"))
            if self.referentiel.description:
                yield Static(f"\n{self.referentiel.description}")
            if instructions is not None:
                yield Static(Text(f"\n{instructions.title}", style="bold"))
                yield Static(instructions.text)
            yield Static("\nÉchap : fermer", classes="hint")

    def action_close(self) -> None:
        self.dismiss(None)
