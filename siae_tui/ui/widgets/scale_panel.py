"""The scoring scale, with the current value marked by an arrow as well as colour, and the target."""

from __future__ import annotations

from rich.text import Text

from siae_tui.domain.model import Referentiel
from siae_tui.domain.scoring import NOT_APPLICABLE, Value
from siae_tui.ui.widgets.live_text import LiveText

#: Ends the line of the level the team aims at for the next review (a symbol, readable without colour).
TARGET_MARK = "◎ cible"


class ScalePanel(LiveText):
    """Four scale lines plus « non applicable »; ▶ marks the current value, « ◎ cible » the target.

    The target is a suffix on its level's line, so a practice with a target takes
    exactly the lines one without does: the walk keeps still from one to the next.
    """

    def show(
        self, referentiel: Referentiel, value: Value, carried_over: bool = False, target: int | None = None
    ) -> None:
        text = Text()
        for level in referentiel.scale:
            chosen = value == level.value
            line = f"{'▶' if chosen else ' '} {level.value}  {level.label}"
            text.append(line + ("  ◀" if chosen else ""), style="bold reverse" if chosen else "")
            if target == level.value:
                text.append(f"  {TARGET_MARK}", style="bold green")
            text.append("\n")
        chosen = value == NOT_APPLICABLE
        text.append(
            f"{'▶' if chosen else ' '} a  Non applicable" + ("  ◀" if chosen else ""),
            style="bold reverse" if chosen else "dim",
        )
        if carried_over:
            text.append("\n  ↻ note reprise de l'évaluation précédente : à confirmer", style="italic")
        self.update(text)
