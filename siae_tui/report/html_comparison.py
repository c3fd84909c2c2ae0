"""The « Évolution » section of the HTML report: a re-scoring against the evaluation it started from.

Rows and lists as the template ``report.html.j2`` shows them, from
``domain.compare``: earlier and current % per axis and activity, the
practices that moved, and « Cibles atteintes » when the earlier evaluation
had targets.
"""

from __future__ import annotations

from dataclasses import dataclass

from siae_tui.domain.compare import Comparison, GroupChange, PracticeChange
from siae_tui.domain.model import Referentiel
from siae_tui.domain.targets import TargetsReached
from siae_tui.report.compare import first_scored_note, outcome_value, signed_change, targets_reached_heading
from siae_tui.report.french import percent
from siae_tui.report.labels import value_short


@dataclass(frozen=True)
class ChangeRow:
    id: str
    title: str
    before: str
    after: str
    delta: str
    delta_class: str
    first_scored: str


def _change_row(change: GroupChange) -> ChangeRow:
    return ChangeRow(
        change.id,
        change.title,
        percent(change.before),
        percent(change.after),
        signed_change(change.delta),
        "up" if change.delta > 0 else "down" if change.delta < 0 else "same",
        f"{change.first_scored} · à pratiques égales : {signed_change(change.like_for_like_delta)}"
        if change.first_scored
        else "",
    )


def comparison_context(referentiel: Referentiel, comparison: Comparison) -> dict[str, object]:
    """What the « Évolution » section shows: the totals, each axis and activity, the practices that moved."""

    def practices(changes: list[PracticeChange]) -> list[tuple[str, str, str, str]]:
        return [(c.id, c.text, value_short(c.before), value_short(c.after)) for c in changes]

    return {
        "total": _change_row(comparison.total) if comparison.total else None,
        "total_note": first_scored_note(comparison.total) if comparison.total else "",
        "axes": [_change_row(a) for a in comparison.axes],
        "activities": [(referentiel.locate_activity(a.id)[2].id, _change_row(a)) for a in comparison.activities],
        "lists": [
            ("Pratiques en hausse", practices(comparison.up)),
            ("Pratiques en baisse", practices(comparison.down)),
            ("Pratiques notées pour la première fois (pas une progression)", practices(comparison.first_scored)),
            ("Pratiques dont le statut a changé", practices(comparison.status_changed)),
        ],
        "targets": _targets_context(comparison.targets) if comparison.targets else None,
    }


def _targets_context(targets: TargetsReached) -> dict[str, object]:
    """« Cibles atteintes : n / m » and each target with the value reached, by outcome."""
    return {
        "heading": targets_reached_heading(targets),
        "lists": [
            (title, [(o.practice_id, o.text, str(o.target), outcome_value(o)) for o in outcomes])
            for title, outcomes in (
                ("Cibles atteintes", targets.reached),
                ("Cibles non atteintes", targets.not_reached),
                ("Pas encore notées (ou note reprise pas encore confirmée)", targets.not_scored),
                ("Devenues non applicables (hors du compte)", targets.not_applicable),
            )
            if outcomes
        ],
    }
