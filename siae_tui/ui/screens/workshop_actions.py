"""The walk's workshop actions: votes, disagreements, actions and the action plan.

A mixin of ``WalkScreen`` (which declares the bindings), like ``RescoringActions``.
"""

from __future__ import annotations

import time

from textual.widgets import Static

from siae_tui.domain.workshop import is_disagreement
from siae_tui.store import SessionError


class WorkshopActions:
    """Needs the walk's ``session``, ``referentiel``, ``order``, ``current`` and helpers."""

    def action_votes(self) -> None:
        from siae_tui.ui.screens.workshop import VoteScreen

        participants = self.session.evaluation.participants
        if not participants:
            self.notify(
                "Pas de participants dans cette session : les votes demandent la liste des participants.",
                severity="warning",
            )
            return
        if not self._writable():
            return
        practice_id = self.current

        def record(result) -> None:
            if result is None:
                return
            votes, decision = result
            try:
                for name in participants:
                    if votes.get(name) != self.session.evaluation.votes.get(practice_id, {}).get(name):
                        self.session.set_vote(practice_id, name, votes.get(name))
            except SessionError as error:
                self._show_failure(error)
                return
            self._save_value(decision, advance=not is_disagreement(votes))
            if is_disagreement(votes):
                self.notify("Désaccord : les votes s'écartent de 2 points ou plus. À discuter !", title="Désaccord")
            self.refresh_views()

        self.app.push_screen(
            VoteScreen(
                self.referentiel.practice(practice_id), participants, self.session.evaluation.votes.get(practice_id, {})
            ),
            record,
        )

    def action_next_disagreement(self) -> None:
        votes = self.session.evaluation.votes
        following = self.order.next_matching(self.current, lambda p: is_disagreement(votes.get(p, {})))
        if following is None:
            self.notify("Aucun désaccord signalé.")
        else:
            self._go(following)

    def action_new_action(self) -> None:
        from siae_tui.ui.screens.workshop import ActionScreen

        if not self._writable():
            return
        self.save_pending_note()

        def keep(action) -> None:
            if action is None:
                return
            try:
                self.session.add_action(action)
            except SessionError as error:
                self._show_failure(error)
                return
            self._show_saved()
            self.notify(f"Action ajoutée au plan ({len(self.session.evaluation.actions)}) : P pour le voir.")

        practice = self.referentiel.practice(self.current)
        self.app.push_screen(
            ActionScreen(practice, self.session.evaluation.note(self.current), self.session.evaluation.participants),
            keep,
        )

    def action_plan(self) -> None:
        from siae_tui.ui.screens.workshop import ActionPlanScreen

        self.app.push_screen(ActionPlanScreen(self.session, self.referentiel))

    def action_projection(self) -> None:
        from siae_tui.ui.screens.projection import ProjectionScreen

        self.app.push_screen(ProjectionScreen(self))

    def action_pause(self) -> None:
        from siae_tui.ui.screens.projection import PauseScreen

        self.save_pending_note()
        self.app.push_screen(PauseScreen())

    # -- the activity timer ------------------------------------------------------
    _timer_activity: str | None = None
    _timer_started: float = 0.0
    _timer_ticker = None
    #: The timer's clock (a test replaces it without touching the event loop's).
    timer_clock = staticmethod(time.monotonic)

    def action_toggle_timer(self) -> None:
        if self._timer_activity is None:
            if not self._writable():
                return
            self._timer_activity = self.order.activity_of(self.current)
            self._timer_started = self.timer_clock()
            self._timer_ticker = self.set_interval(1, self._show_timer)
            self.notify("Chronomètre lancé : le temps passé par activité s'affiche dans le récapitulatif.")
        else:
            self.stop_activity_timer()
            self.notify("Chronomètre arrêté.")
        self._show_timer()

    def follow_activity_timer(self) -> None:
        """On moving to another activity, book the time spent on the previous one."""
        if self._timer_activity is not None and self._timer_activity != self.order.activity_of(self.current):
            self._book_time()
            self._timer_activity = self.order.activity_of(self.current)
        self._show_timer()

    def stop_activity_timer(self) -> None:
        if self._timer_activity is not None:
            self._book_time()
            self._timer_activity = None
            if self._timer_ticker is not None:
                self._timer_ticker.stop()
                self._timer_ticker = None

    def _book_time(self) -> None:
        elapsed = int(self.timer_clock() - self._timer_started)
        self._timer_started = self.timer_clock()
        try:
            self.session.add_activity_time(self._timer_activity, elapsed)
        except SessionError as error:
            self._show_failure(error)

    def _show_timer(self) -> None:
        timer = self.query_one("#timer", Static)
        if self._timer_activity is None:
            timer.display = False
            return
        booked = self.session.evaluation.activity_seconds.get(self._timer_activity, 0)
        running = int(self.timer_clock() - self._timer_started)
        total = booked + running
        timer.update(f"⏱ Activité {self._timer_activity} : {total // 60:02d}:{total % 60:02d} (T pour arrêter)")
        timer.display = True
