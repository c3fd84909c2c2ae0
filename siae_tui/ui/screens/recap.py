"""The recap screen: the workbook's RECAP and RADAR tabs, alive.

With targets, current, target and last year sit together: « Cible » and
« Préc. » columns in the table, a ``+`` outline on the radar, and a line
saying what they are. Without targets the screen is as it always was.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Footer, Static

from siae_tui.domain.targets import target_recap, targets_below_current
from siae_tui.domain.workshop import disagreements_per_activity
from siae_tui.report.french import french_date, short_number
from siae_tui.report.radar import TARGET_LEGEND
from siae_tui.report.recap import extra_columns_legend
from siae_tui.store import Session
from siae_tui.ui.widgets.radar_view import RadarView
from siae_tui.ui.widgets.recap_table import RecapTable

#: Below this width the table and the radar take turns instead of sitting side by side.
SIDE_BY_SIDE = 150


class RecapScreen(Screen[None]):
    """Table and radar of one session; radar of the axes or of one axis's activities."""

    CSS_PATH = "recap.tcss"
    BINDINGS = [
        Binding("escape,r", "back", "Retour", id="recap-back", tooltip="Revenir à l'évaluation."),
        Binding(
            "v",
            "toggle_view",
            "Tableau/Radar",
            id="recap-toggle",
            tooltip="Afficher le tableau ou le radar (écrans étroits).",
        ),
        Binding(
            "a",
            "toggle_radar",
            "Axes/Activités",
            id="recap-radar-mode",
            tooltip="Radar des axes, ou des activités de l'axe choisi.",
        ),
        Binding(
            "left,bracketleft",
            "axis(-1)",
            "Axe préc.",
            key_display="←",
            priority=True,
            id="recap-previous-axis",
            tooltip="Radar des activités de l'axe précédent.",
        ),
        Binding(
            "right,bracketright",
            "axis(1)",
            "Axe suiv.",
            key_display="→",
            priority=True,
            id="recap-next-axis",
            tooltip="Radar des activités de l'axe suivant.",
        ),
    ]

    def __init__(self, session: Session, axis_id: str | None = None) -> None:
        super().__init__()
        self.session = session
        self.referentiel = session.referentiel
        self.axis_ids = [a.id for a in self.referentiel.axes]
        self.axis_id = axis_id or self.axis_ids[0]
        self.radar_of_activities = False
        self.showing_radar = False

    def compose(self) -> ComposeResult:
        evaluation = self.session.evaluation
        yield Static(f"Récapitulatif · {evaluation.siae} · {french_date(evaluation.date)}", classes="title-bar")
        with Horizontal(id="recap-body"):
            yield RecapTable(id="recap-table")
            yield RadarView(id="recap-radar")
        yield Static("", id="targets-legend", classes="hint")
        yield Static("", id="disagreements")
        yield Static("", id="time-spent")
        yield Static(
            " · ".join(f"{b.symbol} {b.label} dès {short_number(b.start)} %" for b in self.referentiel.trend),
            id="trend-legend",
            classes="hint",
        )
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self.refresh_views()
        self._layout()

    def on_resize(self) -> None:
        self._layout()

    def _layout(self) -> None:
        side_by_side = self.size.width >= SIDE_BY_SIDE
        self.query_one(RecapTable).display = side_by_side or not self.showing_radar
        self.query_one(RadarView).display = side_by_side or self.showing_radar

    def refresh_views(self) -> None:
        evaluation = self.session.evaluation
        recap = evaluation.recap(self.referentiel)
        previous = evaluation.previous_recap(self.referentiel)
        target = target_recap(self.referentiel, evaluation)
        # Last year's % joins the table only beside the targets (as in the CLI and the report).
        self.query_one(RecapTable).show(self.referentiel, recap, target, previous)
        self._show_targets_legend(target is not None, previous is not None)
        counts = disagreements_per_activity(self.referentiel, evaluation.votes)
        line = ("⚠ Désaccords par activité : " + " · ".join(f"{a} ({n})" for a, n in counts.items())) if counts else ""
        self.query_one("#disagreements", Static).update(line)
        self.query_one("#disagreements").display = bool(line)
        spent = evaluation.activity_seconds
        line = (
            (
                "⏱ Temps passé : "
                + " · ".join(
                    f"{a.id} {spent[a.id] // 60} min {spent[a.id] % 60:02d} s"
                    for a in self.referentiel.activities
                    if spent.get(a.id)
                )
            )
            if any(spent.values())
            else ""
        )
        self.query_one("#time-spent", Static).update(line)
        self.query_one("#time-spent").display = bool(line)
        self.query_one(RadarView).show(
            self.referentiel, recap, previous, self.axis_id if self.radar_of_activities else None, target=target
        )

    def _show_targets_legend(self, targets: bool, previous: bool) -> None:
        """What « Cible », « Préc. » and the radar's outline are; and the targets below the current value."""
        line = ""
        if targets:
            line = f"{extra_columns_legend(previous)} · radar : + {TARGET_LEGEND}"
            below = targets_below_current(self.referentiel, self.session.evaluation)
            if below:
                line += f"\n⚠ Cibles sous la note actuelle (à vérifier) : {', '.join(below)}"
        legend = self.query_one("#targets-legend", Static)
        legend.update(line)
        legend.display = bool(line)

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_toggle_view(self) -> None:
        self.showing_radar = not self.showing_radar
        self._layout()

    def action_toggle_radar(self) -> None:
        self.radar_of_activities = not self.radar_of_activities
        self.showing_radar = True
        self._layout()
        self.refresh_views()

    def action_axis(self, delta: int) -> None:
        index = (self.axis_ids.index(self.axis_id) + delta) % len(self.axis_ids)
        self.axis_id = self.axis_ids[index]
        self.radar_of_activities = True
        self.showing_radar = True
        self._layout()
        self.refresh_views()
