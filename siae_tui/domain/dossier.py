"""The « dossier de preuves »: every practice with its value, its target and its evidence, for an audit.

An auditor reads the gaps as much as the documents: every practice that
concerns the structure type is listed, in the référentiel's order, and one
that applies without any evidence is a gap (« aucune preuve »). A practice
scored « non applicable » is listed with its evidence (a decision may explain
it) but is never a gap. Practices that do not concern the structure type are
left out, as they are of the score.
"""

from __future__ import annotations

from dataclasses import dataclass

from siae_tui.domain.evaluation import Evaluation
from siae_tui.domain.evidence import Evidence
from siae_tui.domain.model import Activity, Axis, Objective, Practice, Referentiel
from siae_tui.domain.scoring import NOT_APPLICABLE, Value, effective_value
from siae_tui.domain.targets import evaluation_targets


@dataclass(frozen=True)
class DossierPractice:
    practice: Practice
    value: Value
    #: The target that counts (None: no target).
    target: int | None
    evidence: tuple[Evidence, ...]

    @property
    def applicable(self) -> bool:
        return self.value != NOT_APPLICABLE

    @property
    def gap(self) -> bool:
        """A practice that applies and has no evidence: what an auditor asks about first."""
        return self.applicable and not self.evidence


@dataclass(frozen=True)
class DossierActivity:
    activity: Activity
    objective: Objective
    practices: tuple[DossierPractice, ...]


@dataclass(frozen=True)
class DossierAxis:
    axis: Axis
    activities: tuple[DossierActivity, ...]


@dataclass(frozen=True)
class Dossier:
    """The practices by axis and activity, and the counts an audit starts from."""

    axes: tuple[DossierAxis, ...]

    @property
    def practices(self) -> list[DossierPractice]:
        return [p for axis in self.axes for activity in axis.activities for p in activity.practices]

    @property
    def items(self) -> int:
        """Evidence items, all practices together."""
        return sum(len(p.evidence) for p in self.practices)

    @property
    def applicable(self) -> int:
        return sum(1 for p in self.practices if p.applicable)

    @property
    def documented(self) -> int:
        """Practices that apply and have at least one item."""
        return sum(1 for p in self.practices if p.applicable and p.evidence)

    @property
    def gaps(self) -> int:
        return sum(1 for p in self.practices if p.gap)

    @property
    def carried_over(self) -> int:
        """Items copied from the earlier evaluation and not yet reviewed."""
        return sum(1 for p in self.practices for item in p.evidence if item.carried_over)


def evidence_dossier(referentiel: Referentiel, evaluation: Evaluation) -> Dossier:
    """The dossier of an evaluation (see the module's rules)."""
    targets = evaluation_targets(referentiel, evaluation)
    axes = []
    for axis in referentiel.axes:
        activities = []
        for objective in axis.objectives:
            for activity in objective.activities:
                practices = tuple(
                    DossierPractice(
                        practice,
                        effective_value(practice, evaluation.values, evaluation.structure_type),
                        targets.get(practice.id),
                        tuple(evaluation.evidence_of(practice.id)),
                    )
                    for practice in activity.practices
                    if practice.applies(evaluation.structure_type)
                )
                if practices:
                    activities.append(DossierActivity(activity, objective, practices))
        if activities:
            axes.append(DossierAxis(axis, tuple(activities)))
    return Dossier(tuple(axes))
