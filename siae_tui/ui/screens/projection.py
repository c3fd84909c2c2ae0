"""For the room: a projection view in large digits, and a pause screen that hides the notes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Digits, Footer, Static

from siae_tui.clock import CLOCK
from siae_tui.domain.scoring import NOT_APPLICABLE
from siae_tui.report.french import clock_time, number
from siae_tui.ui.saving import SaveStatus

if TYPE_CHECKING:
    from siae_tui.ui.screens.walk import WalkScreen
from siae_tui.report.labels import value_label


class ProjectionScreen(Screen[None]):
    """The current practice, its score and its activity's % in large digits; scoring keys still work."""

    CSS_PATH = "projection.tcss"
    BINDINGS = [
        Binding(
            "0",
            "score(0)",
            "Noter",
            key_display="0-3",
            id="projection-score-0",
            tooltip="Noter et passer à la suivante.",
        ),
        Binding("1", "score(1)", "Noter 1", show=False, id="projection-score-1", tooltip="Noter 1."),
        Binding("2", "score(2)", "Noter 2", show=False, id="projection-score-2", tooltip="Noter 2."),
        Binding("3", "score(3)", "Noter 3", show=False, id="projection-score-3", tooltip="Noter 3."),
        Binding("a", "not_applicable", "N/A", id="projection-na", tooltip="Marquer la pratique non applicable."),
        Binding("down,j", "move(1)", "Suivante", key_display="j/k", id="projection-next", tooltip="Pratique suivante."),
        Binding("up,k", "move(-1)", "Précédente", show=False, id="projection-previous", tooltip="Pratique précédente."),
        Binding("escape,F", "back", "Retour", id="projection-back", tooltip="Revenir à l'évaluation détaillée."),
    ]

    def __init__(self, walk: WalkScreen) -> None:
        super().__init__()
        self.walk = walk

    def compose(self) -> ComposeResult:
        yield SaveStatus("", id="save-status")
        yield Static("", id="projection-where")
        yield Static("", id="projection-text")
        with Horizontal(id="projection-numbers"):
            with Vertical():
                yield Digits("", id="projection-score")
                yield Static("note")
            with Vertical():
                yield Digits("", id="projection-percent")
                yield Static("% de l'activité")
        yield Static("", id="projection-scale")
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self.refresh_view()

    def refresh_view(self) -> None:
        walk = self.walk
        practice, activity, _, axis = walk.referentiel.locate(walk.current)
        value = walk.session.evaluation.values.get(walk.current)
        figures = walk.session.evaluation.recap(walk.referentiel).activities[activity.id]
        self.query_one("#projection-where", Static).update(f"Axe {axis.id} · Activité {activity.id} {activity.title}")
        self.query_one("#projection-text", Static).update(f"{practice.id}  {practice.text}")
        self.query_one("#projection-score", Digits).update(
            "-" if value is None or value == NOT_APPLICABLE else str(value)
        )
        self.query_one("#projection-percent", Digits).update(number(figures.percent, 0))
        self.query_one("#projection-scale", Static).update(
            "   ".join(f"{level.value} {level.label}" for level in walk.referentiel.scale)
            + f"\nNote actuelle : {value_label(value, walk.referentiel)}"
        )

    def action_score(self, value: int) -> None:
        self.walk.action_score(value)
        self.refresh_view()

    def action_not_applicable(self) -> None:
        self.walk.action_not_applicable()
        self.refresh_view()

    def action_move(self, delta: int) -> None:
        self.walk.action_move(delta)
        self.refresh_view()

    def action_back(self) -> None:
        self.app.pop_screen()


class PauseScreen(Screen[None]):
    """Covers the screen (notes included) while the room takes a break; any key resumes."""

    CSS_PATH = "projection.tcss"
    BINDINGS = []

    def compose(self) -> ComposeResult:
        yield Static("Pause")
        with Center():
            yield Digits(clock_time(CLOCK.now()), id="pause-clock")
        yield Static("Appuyez sur une touche pour reprendre. Tout est enregistré.", id="pause-hint")

    def on_mount(self) -> None:
        self.set_interval(15, self._tick)

    def _tick(self) -> None:
        self.query_one("#pause-clock", Digits).update(clock_time(CLOCK.now()))

    def on_key(self, event: events.Key) -> None:
        event.stop()
        self.dismiss(None)
