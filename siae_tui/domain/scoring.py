"""Scoring rules and the recap, the single source of every figure shown.

The recap is always derived from the practice values; nothing stores a total
that could drift from the scores. The table, the radar, the exports and the
CLI all call ``compute_recap``.

Rules (see README, « Règles de calcul »):

* a practice's value is 0..3, ``NOT_APPLICABLE`` or ``None`` (not yet scored);
* the maximum is 3 × the *applicable* practices actually listed in the
  référentiel, never the workbook's *Note maxi* column (which disagrees for
  1.1, 1.2, 2.6, 2.7 and 4.3);
* an unscored practice counts 0 (as the workbook's cells start at 0) but is
  reported as not yet scored;
* a non-applicable practice, or one that does not concern the session's
  structure type, is excluded from the score and the maximum;
* a practice is *implemented* (« mise en œuvre ») when scored at or above the
  référentiel's ``implemented_from`` (2 by default).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from siae_tui.domain.model import Practice, Referentiel, TrendBand

NOT_APPLICABLE: Literal["na"] = "na"

#: A practice's value as stored: a scale value, "na", or None when not yet scored.
Value = int | Literal["na"] | None


def is_valid_value(value: object, referentiel: Referentiel) -> bool:
    """Whether ``value`` may be stored for a practice of this référentiel."""
    if value is None or value == NOT_APPLICABLE:
        return True
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= referentiel.max_value


@dataclass(frozen=True)
class Figures:
    """The figures of one group of practices (activity, objective, axis, total)."""

    score: int
    max: int
    practices: int
    applicable: int
    implemented: int
    unscored: int
    trend: TrendBand

    @property
    def percent(self) -> float:
        """Score over maximum, 0–100, rounded to one decimal (0 when nothing applies)."""
        return round(100 * self.score / self.max, 1) if self.max else 0.0

    @property
    def implemented_percent(self) -> float:
        """Share of applicable practices implemented, 0–100, one decimal."""
        return round(100 * self.implemented / self.applicable, 1) if self.applicable else 0.0

    @property
    def scored(self) -> int:
        return self.applicable - self.unscored


@dataclass(frozen=True)
class Recap:
    """Figures per activity, objective, axis and overall, keyed by id."""

    total: Figures
    axes: Mapping[str, Figures]
    objectives: Mapping[str, Figures]
    activities: Mapping[str, Figures]


@dataclass
class _Tally:
    score: int = 0
    max: int = 0
    practices: int = 0
    applicable: int = 0
    implemented: int = 0
    unscored: int = 0

    def add(self, other: _Tally) -> None:
        self.score += other.score
        self.max += other.max
        self.practices += other.practices
        self.applicable += other.applicable
        self.implemented += other.implemented
        self.unscored += other.unscored

    def figures(self, referentiel: Referentiel) -> Figures:
        percent = 100 * self.score / self.max if self.max else 0.0
        return Figures(
            self.score,
            self.max,
            self.practices,
            self.applicable,
            self.implemented,
            self.unscored,
            referentiel.trend_for(round(percent, 1)),
        )


def effective_value(practice: Practice, values: Mapping[str, Value], structure_type: str | None) -> Value:
    """The value that counts: "na" when the practice does not concern the structure type."""
    if not practice.applies(structure_type):
        return NOT_APPLICABLE
    return values.get(practice.id)


def compute_recap(
    referentiel: Referentiel,
    values: Mapping[str, Value],
    structure_type: str | None = None,
) -> Recap:
    """Compute every figure of the recap from the practice values."""
    top = referentiel.max_value
    total = _Tally()
    axes: dict[str, Figures] = {}
    objectives: dict[str, Figures] = {}
    activities: dict[str, Figures] = {}
    for axis in referentiel.axes:
        axis_tally = _Tally()
        for objective in axis.objectives:
            objective_tally = _Tally()
            for activity in objective.activities:
                tally = _Tally()
                for practice in activity.practices:
                    tally.practices += 1
                    value = effective_value(practice, values, structure_type)
                    if value == NOT_APPLICABLE:
                        continue
                    tally.applicable += 1
                    tally.max += top
                    if value is None:
                        tally.unscored += 1
                        continue
                    assert isinstance(value, int)
                    tally.score += value
                    if value >= referentiel.implemented_from:
                        tally.implemented += 1
                activities[activity.id] = tally.figures(referentiel)
                objective_tally.add(tally)
            objectives[objective.id] = objective_tally.figures(referentiel)
            axis_tally.add(objective_tally)
        axes[axis.id] = axis_tally.figures(referentiel)
        total.add(axis_tally)
    return Recap(total.figures(referentiel), axes, objectives, activities)


def progress(
    referentiel: Referentiel, values: Mapping[str, Value], structure_type: str | None = None
) -> tuple[int, int]:
    """(practices answered, practices to answer): "na" counts as answered.

    Practices that do not concern the structure type are neither to answer nor
    answered.
    """
    concerned = [p for p in referentiel.practices if p.applies(structure_type)]
    answered = sum(1 for p in concerned if values.get(p.id) is not None)
    return answered, len(concerned)
