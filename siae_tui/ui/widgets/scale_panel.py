"""The scoring scale, with the current value marked by an arrow as well as colour."""

from __future__ import annotations

from rich.text import Text

from siae_tui.domain.model import Referentiel
from siae_tui.domain.scoring import NOT_APPLICABLE, Value
from siae_tui.ui.widgets.live_text import LiveText


class ScalePanel(LiveText):
    """Four scale lines plus « non applicable »; ▶ marks the current value."""

    def show(self, referentiel: Referentiel, value: Value, carried_over: bool = False) -> None:
        text = Text()
        for level in referentiel.scale:
            chosen = value == level.value
            line = f"{'▶' if chosen else ' '} {level.value}  {level.label}"
            text.append(line + ("  ◀" if chosen else ""), style="bold reverse" if chosen else "")
            text.append("\n")
        chosen = value == NOT_APPLICABLE
        text.append(
            f"{'▶' if chosen else ' '} a  Non applicable" + ("  ◀" if chosen else ""),
            style="bold reverse" if chosen else "dim",
        )
        if carried_over:
            text.append("\n  ↻ note reprise de l'évaluation précédente : à confirmer", style="italic")
        self.update(text)
