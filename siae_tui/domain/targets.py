"""Targets (« cibles »): the value a team aims at for a practice by the next review.

Rules (the README's « Cibles » says the same to users):

* a target is a value of the scale (0..3) on a practice that **may be scored**:
  one that concerns the session's structure type and is not scored « non
  applicable ». Setting one elsewhere is refused. A target already set stays
  stored if the practice is later marked « non applicable » (as a value stays
  stored when the structure type changes), but it does not count anywhere
  until the practice is scored again: ``effective_targets`` is what counts.
* the **target recap** (``target_recap``) is the recap the evaluation would have
  if every target were met: each practice with a target counts
  ``max(current value, target)``, every other practice its current value (an
  unscored one 0, as in the recap). A target never lowers a score: it is a
  level to reach, not a forecast of decline, and a team that writes 2 on a
  practice already at 3 has met it. Such a target is allowed but flagged
  (``targets_below_current``): it is most likely a slip of the finger. So the
  target polygon of the radar always encloses the current one.
* a target is **reached** (``targets_reached``) when the later evaluation
  scores the practice at or above it. A practice not yet scored then, or whose
  value was carried over from the earlier evaluation and not yet confirmed, is
  « not scored » (last year's value says nothing new); one that became « non
  applicable » is listed apart and left out of the count « n / m ».
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from siae_tui.domain.evaluation import Evaluation
from siae_tui.domain.model import Referentiel
from siae_tui.domain.scoring import NOT_APPLICABLE, Recap, Value, compute_recap, effective_value
from siae_tui.domain.workshop import Action


def effective_targets(
    referentiel: Referentiel, targets: Mapping[str, int], values: Mapping[str, Value], structure_type: str | None
) -> dict[str, int]:
    """The targets that count, in the référentiel's order: known practices that may be scored."""
    counted: dict[str, int] = {}
    for practice in referentiel.practices:
        target = targets.get(practice.id)
        if target is not None and effective_value(practice, values, structure_type) != NOT_APPLICABLE:
            counted[practice.id] = target
    return counted


def evaluation_targets(referentiel: Referentiel, evaluation: Evaluation) -> dict[str, int]:
    """``effective_targets`` of an evaluation: what every export, recap and plan shows."""
    return effective_targets(referentiel, evaluation.targets, evaluation.values, evaluation.structure_type)


def target_values(referentiel: Referentiel, evaluation: Evaluation) -> dict[str, Value]:
    """The values if every target were met: ``max(current, target)`` where a target counts."""
    projected: dict[str, Value] = dict(evaluation.values)
    for practice_id, target in evaluation_targets(referentiel, evaluation).items():
        current = evaluation.values.get(practice_id)
        projected[practice_id] = max(current, target) if isinstance(current, int) else target
    return projected


def target_recap(referentiel: Referentiel, evaluation: Evaluation) -> Recap | None:
    """The recap if every target were met (see the module's rules); None when no target counts.

    None lets every renderer leave its output exactly as before for an evaluation
    without targets.
    """
    if not evaluation_targets(referentiel, evaluation):
        return None
    return compute_recap(referentiel, target_values(referentiel, evaluation), evaluation.structure_type)


def targets_below_current(referentiel: Referentiel, evaluation: Evaluation) -> list[str]:
    """Practices whose target is below their current value (allowed, but worth a second look)."""
    return [
        practice_id
        for practice_id, target in evaluation_targets(referentiel, evaluation).items()
        if isinstance(current := evaluation.values.get(practice_id), int) and target < current
    ]


TargetStatus = Literal["reached", "not_reached", "not_scored", "not_applicable"]


@dataclass(frozen=True)
class TargetOutcome:
    """One earlier target and what the later evaluation says of it."""

    practice_id: str
    text: str
    target: int
    #: The later evaluation's value (None when not scored; "na" when no longer applicable).
    value: Value
    status: TargetStatus


@dataclass(frozen=True)
class TargetsReached:
    """Every earlier target's outcome, in the référentiel's order, with the counts « n / m »."""

    outcomes: tuple[TargetOutcome, ...]

    def having(self, status: TargetStatus) -> list[TargetOutcome]:
        return [outcome for outcome in self.outcomes if outcome.status == status]

    @property
    def reached(self) -> list[TargetOutcome]:
        return self.having("reached")

    @property
    def not_reached(self) -> list[TargetOutcome]:
        return self.having("not_reached")

    @property
    def not_scored(self) -> list[TargetOutcome]:
        return self.having("not_scored")

    @property
    def not_applicable(self) -> list[TargetOutcome]:
        return self.having("not_applicable")

    @property
    def counted(self) -> int:
        """m of « n / m »: the targets whose practice still applies (reached, not reached or not scored)."""
        return len(self.outcomes) - len(self.not_applicable)


def targets_reached(referentiel: Referentiel, targets: Mapping[str, int], later: Evaluation) -> TargetsReached:
    """Which of ``targets`` (an earlier evaluation's, as they counted then) ``later`` reached.

    Practices unknown to ``referentiel`` (another version) are left out: the
    comparison lists them as not comparable.
    """
    outcomes = []
    for practice in referentiel.practices:
        target = targets.get(practice.id)
        if target is None:
            continue
        value = effective_value(practice, later.values, later.structure_type)
        status: TargetStatus
        if value == NOT_APPLICABLE:
            status = "not_applicable"
        elif value is None or practice.id in later.carried_over:
            status = "not_scored"
        else:
            status = "reached" if isinstance(value, int) and value >= target else "not_reached"
        outcomes.append(TargetOutcome(practice.id, practice.text, target, value, status))
    return TargetsReached(tuple(outcomes))


@dataclass(frozen=True)
class ActionTarget:
    """A target an action serves: its practice, the current value and the value aimed at."""

    practice_id: str
    current: Value
    target: int

    @property
    def met(self) -> bool:
        """Whether the current value already reaches the target."""
        return isinstance(self.current, int) and self.current >= self.target


def action_targets(referentiel: Referentiel, evaluation: Evaluation, action: Action) -> list[ActionTarget]:
    """The targets an action serves: those of its practices that count (an action has one practice today).

    A list, so that the plan reads the same if an action ever covers several practices.
    """
    targets = evaluation_targets(referentiel, evaluation)
    if action.practice_id not in targets:
        return []
    return [ActionTarget(action.practice_id, evaluation.values.get(action.practice_id), targets[action.practice_id])]
