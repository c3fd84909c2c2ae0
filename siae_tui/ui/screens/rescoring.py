"""The walk's re-scoring actions: confirm carried-over values, quick mode, compare, evolution.

A mixin of ``WalkScreen`` (which declares the bindings): kept apart so the
walk itself stays about scoring one practice at a time.
"""

from __future__ import annotations

from siae_tui.store import Session, SessionError


class RescoringActions:
    """Needs the walk's ``session``, ``order``, ``current``, ``quick`` and helpers."""

    def action_confirm(self) -> None:
        if self.current not in self.session.evaluation.carried_over:
            self.notify("Cette note n'est pas une reprise à confirmer.", severity="information")
            return
        if not self._writable():
            return
        try:
            self.session.confirm(self.current)
        except SessionError as error:
            self._show_failure(error)
            return
        self._show_saved()
        self._advance()
        self.refresh_views()

    def action_next_to_confirm(self) -> None:
        carried = self.session.evaluation.carried_over
        following = self.order.next_matching(self.current, lambda p: p in carried and self._in_walk(p))
        if following is None:
            self.notify("Toutes les notes reprises ont été confirmées ou changées.")
        else:
            self._go(following)

    def action_toggle_quick(self) -> None:
        if not self.session.evaluation.origin:
            self.notify(
                "Réévaluation rapide : seulement pour une session issue d'une évaluation précédente (d à l'accueil).",
                severity="warning",
            )
            return
        self.quick = not self.quick
        if self.quick and not self._in_walk(self.current):
            self.action_next_unscored()
        self.notify(
            "Réévaluation rapide : seules les pratiques notées 0 à 2 l'an dernier."
            if self.quick
            else "Réévaluation complète : toutes les pratiques."
        )
        self.refresh_views()

    def _earlier_session(self) -> Session | None:
        origin = self.session.evaluation.origin
        if not origin:
            self.notify("Pas d'évaluation précédente : créez une réévaluation avec d à l'accueil.", severity="warning")
            return None
        try:
            return self.app.store.open(origin, read_only=True)
        except SessionError as error:
            self.notify(error.message, title="Évaluation précédente illisible", severity="error", timeout=15)
            return None

    def action_compare(self) -> None:
        from siae_tui.ui.screens.compare import CompareScreen

        if (earlier := self._earlier_session()) is not None:
            self.app.push_screen(CompareScreen(self.session, earlier))

    def action_history(self) -> None:
        from siae_tui.ui.screens.compare import HistoryScreen

        self.app.push_screen(HistoryScreen(self.session, self.app.store))
