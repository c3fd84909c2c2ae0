"""The walk's workshop actions: votes, disagreements, actions and the action plan.

A mixin of ``WalkScreen`` (which declares the bindings), like ``RescoringActions``.
"""

from __future__ import annotations

from siae_tui.domain.workshop import is_disagreement
from siae_tui.store import SessionError


class WorkshopActions:
    """Needs the walk's ``session``, ``referentiel``, ``order``, ``current`` and helpers."""

    def action_votes(self) -> None:
        from siae_tui.ui.screens.workshop import VoteScreen

        participants = self.session.evaluation.participants
        if not participants:
            self.notify("Pas de participants dans cette session : les votes demandent la liste des participants.",
                        severity="warning")
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

        self.app.push_screen(VoteScreen(self.referentiel.practice(practice_id), participants,
                                        self.session.evaluation.votes.get(practice_id, {})), record)

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
        self.app.push_screen(ActionScreen(practice, self.session.evaluation.note(self.current),
                                          self.session.evaluation.participants), keep)

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
