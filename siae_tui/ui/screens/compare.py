"""Compare the current evaluation with the one it came from, and one SIAE's evolution."""

from __future__ import annotations

import os

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static

from siae_tui.domain.compare import compare
from siae_tui.domain.history import history
from siae_tui.report.compare import compare_text
from siae_tui.report.history import history_chart, history_table
from siae_tui.store import Session, SessionStore


class CompareScreen(Screen[None]):
    """Earlier and current % per axis and activity, and the practices that moved."""

    BINDINGS = [Binding("escape,m", "back", "Retour", id="compare-back", tooltip="Revenir à l'évaluation.")]

    def __init__(self, session: Session, earlier: Session) -> None:
        super().__init__()
        self.session, self.earlier = session, earlier

    def compose(self) -> ComposeResult:
        yield Static("Comparaison avec l'évaluation précédente", classes="title-bar")
        comparison = compare(
            self.session.referentiel, self.earlier.evaluation, self.session.evaluation, self.earlier.referentiel
        )
        self.text = compare_text(comparison)
        yield VerticalScroll(Static(Text(self.text), id="compare-text"))
        yield Footer(compact=True, show_command_palette=False)

    def action_back(self) -> None:
        self.app.pop_screen()


class HistoryScreen(Screen[None]):
    """Every evaluation of the SIAE in date order, each axis's % over time."""

    BINDINGS = [Binding("escape,h", "back", "Retour", id="history-back", tooltip="Revenir à l'évaluation.")]

    def __init__(self, session: Session, store: SessionStore) -> None:
        super().__init__()
        self.session, self.store = session, store

    def compose(self) -> ComposeResult:
        evaluation, referentiel = self.session.evaluation, self.session.referentiel
        yield Static(f"Évolution de {evaluation.siae}", classes="title-bar")
        others, _unreadable = self.store.evaluations_of(evaluation.siae, referentiel.id)
        # The open session is shown as it is in memory, the others as saved.
        sessions = [(self.session.id, evaluation)] + [(sid, ev) for sid, ev in others if sid != self.session.id]
        points = history(referentiel, sessions)
        body = history_table(referentiel, points, width=self.app.size.width - 2)
        if len(points) >= 2:
            body += "\n\n" + history_chart(
                referentiel,
                points,
                width=max(self.app.size.width - 4, 40),
                height=18,
                color=not os.environ.get("NO_COLOR"),
            )
        else:
            body += "\n\nUne seule évaluation pour cette SIAE : l'évolution apparaîtra à la prochaine."
        self.text = body
        yield VerticalScroll(Static(Text.from_ansi(body), id="history-text"))
        yield Footer(compact=True, show_command_palette=False)

    def action_back(self) -> None:
        self.app.pop_screen()
