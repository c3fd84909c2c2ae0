"""The target dialog: the value the team aims at for a practice by the next review.

One key answers, as in the walk: a digit of the scale sets the target, x
clears it, Échap leaves it as it was. The rules (which practices may have a
target, what a target below the current value means) are ``domain.targets``;
the walk writes the answer through ``ui.saving.save``.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Label, Static

from siae_tui.domain.model import Practice, Referentiel
from siae_tui.domain.scoring import Value
from siae_tui.report.labels import value_label
from siae_tui.ui.screens.dialogs import DialogScreen
from siae_tui.ui.widgets.scale_panel import TARGET_MARK


@dataclass(frozen=True)
class TargetChoice:
    """The answer of the dialog: a level of the scale, or None to clear the target."""

    value: int | None


class TargetScreen(DialogScreen[TargetChoice | None]):
    """« Cible pour la prochaine évaluation »: answers a ``TargetChoice``, or None when cancelled."""

    # fmt: off
    BINDINGS = [
        Binding("0", "choose(0)", "Cible 0", show=False, id="target-0", tooltip="Cible 0."),
        Binding("1", "choose(1)", "Cible 1", show=False, id="target-1", tooltip="Cible 1."),
        Binding("2", "choose(2)", "Cible 2", show=False, id="target-2", tooltip="Cible 2."),
        Binding("3", "choose(3)", "Cible 3", show=False, id="target-3", tooltip="Cible 3."),
        Binding("x,backspace", "clear", "Effacer", id="target-clear", tooltip="Effacer la cible de la pratique."),
        Binding("escape", "cancel", "Annuler", key_display="Échap", id="target-cancel",
                tooltip="Fermer sans rien changer."),
    ]
    # fmt: on

    def __init__(self, referentiel: Referentiel, practice: Practice, value: Value, target: int | None) -> None:
        super().__init__()
        self.referentiel, self.practice, self.value, self.target = referentiel, practice, value, target
        self.levels = [level.value for level in referentiel.scale]

    def compose(self) -> ComposeResult:
        low, high = min(self.levels), max(self.levels)
        with Vertical(classes="dialog dialog-wide"):
            yield Label(
                f"Cible pour la prochaine évaluation : {low} à {high}, x pour effacer, Échap pour annuler",
                classes="dialog-question",
            )
            yield Static(Text(f"{self.practice.id}  {self.practice.text}"), id="target-practice")
            yield Static(self._scale(), id="target-scale")
            yield Static(f"Note actuelle : {value_label(self.value, self.referentiel)}", classes="hint")

    def _scale(self) -> Text:
        """The scale, with the current value (▶) and the target as it is now (◎)."""
        text = Text()
        for level in self.referentiel.scale:
            current = self.value == level.value
            text.append(f"{'▶' if current else ' '} {level.value}  {level.label}", style="bold" if current else "")
            if self.target == level.value:
                text.append(f"  {TARGET_MARK}", style="bold green")
            text.append("\n")
        now = "Aucune cible pour l'instant." if self.target is None else f"Cible actuelle : {self.target}"
        text.append(f"\n{now}")
        return text

    def action_choose(self, value: int) -> None:
        if value in self.levels:
            self.dismiss(TargetChoice(value))

    def action_clear(self) -> None:
        self.dismiss(TargetChoice(None))

    def action_cancel(self) -> None:
        self.dismiss(None)
