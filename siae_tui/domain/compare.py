"""Compare two evaluations of the same référentiel: what moved, axis by axis.

When the two evaluations used different versions of the référentiel, they
compare on the practice ids they share; the practices that exist on one side
only are listed as not comparable, never silently counted.

A practice scored for the first time (not scored earlier, scored now) is not
progress: an unscored practice counts 0 in the recap, so scoring it raises the
percentage without anything having improved. Such practices are listed apart
(``first_scored``), counted per axis and activity, and every group also gives
its change "like for like", on the practices that were scored both times.

When the earlier evaluation had targets, the comparison also says which the
current one reached (``targets.targets_reached``: « Cibles atteintes : n / m »).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from siae_tui.domain.evaluation import Evaluation
from siae_tui.domain.model import Activity, Axis, Referentiel
from siae_tui.domain.scoring import NOT_APPLICABLE, Figures, Recap, Value, compute_recap
from siae_tui.domain.targets import TargetsReached, effective_targets, targets_reached


@dataclass(frozen=True)
class GroupChange:
    """An axis or an activity: earlier and current %, and the difference in points."""

    id: str
    title: str
    before: float
    after: float
    #: Practices of the group scored now and not earlier (not counted as progress).
    first_scored: int = 0
    #: Earlier and current % without those practices (equal to before/after when there are none).
    like_for_like_before: float | None = None
    like_for_like_after: float | None = None

    @property
    def delta(self) -> float:
        return round(self.after - self.before, 1)

    @property
    def like_for_like_delta(self) -> float:
        """The change in points on the practices scored both times: the progress that is real."""
        if self.like_for_like_before is None or self.like_for_like_after is None:
            return self.delta
        return round(self.like_for_like_after - self.like_for_like_before, 1)


@dataclass(frozen=True)
class PracticeChange:
    id: str
    text: str
    before: Value
    after: Value


@dataclass
class Comparison:
    referentiel: Referentiel
    earlier: Evaluation
    current: Evaluation
    axes: list[GroupChange] = field(default_factory=list)
    activities: list[GroupChange] = field(default_factory=list)
    up: list[PracticeChange] = field(default_factory=list)
    down: list[PracticeChange] = field(default_factory=list)
    status_changed: list[PracticeChange] = field(default_factory=list)
    #: Not scored earlier, scored (or marked non applicable) now: listed apart, never progress.
    first_scored: list[PracticeChange] = field(default_factory=list)
    not_comparable: list[str] = field(default_factory=list)
    total_before: float = 0.0
    total_after: float = 0.0
    total: GroupChange | None = None
    #: The earlier evaluation's targets and whether the current one reached them (None: it had none).
    targets: TargetsReached | None = None

    @property
    def total_delta(self) -> float:
        """The change of the overall %, in points."""
        return round(self.total_after - self.total_before, 1)


def compare(
    referentiel: Referentiel, earlier: Evaluation, current: Evaluation, earlier_referentiel: Referentiel | None = None
) -> Comparison:
    """Compare ``current`` (scored on ``referentiel``) with ``earlier``.

    ``earlier_referentiel`` is the référentiel the earlier evaluation used
    (passing the same one is fine): when its version differs, practices missing
    from either version are listed in ``not_comparable`` and left out of both
    sides' figures.
    """
    current_ids = {p.id for p in referentiel.practices}
    earlier_ids = {p.id for p in earlier_referentiel.practices} if earlier_referentiel else current_ids
    shared = current_ids & earlier_ids
    not_comparable = sorted((current_ids ^ earlier_ids) | (set(earlier.values) - current_ids), key=_natural)
    excluded = dict.fromkeys(current_ids - shared, NOT_APPLICABLE)
    earlier_values = {k: v for k, v in earlier.values.items() if k in shared}
    first_ids = {
        p.id
        for p in referentiel.practices
        if p.id in shared and earlier.values.get(p.id) is None and current.values.get(p.id) is not None
    }
    # Like for like: the first-scored practices leave both sides, as if not applicable.
    set_aside = dict.fromkeys(first_ids, NOT_APPLICABLE)
    before_recap = compute_recap(referentiel, {**earlier_values, **excluded}, earlier.structure_type)
    after_recap = compute_recap(referentiel, {**current.values, **excluded}, current.structure_type)
    steady_before = compute_recap(referentiel, {**earlier_values, **excluded, **set_aside}, earlier.structure_type)
    steady_after = compute_recap(referentiel, {**current.values, **excluded, **set_aside}, current.structure_type)
    result = Comparison(
        referentiel,
        earlier,
        current,
        not_comparable=not_comparable,
        total_before=before_recap.total.percent,
        total_after=after_recap.total.percent,
        total=GroupChange(
            "",
            "Total",
            before_recap.total.percent,
            after_recap.total.percent,
            len(first_ids),
            steady_before.total.percent,
            steady_after.total.percent,
        ),
    )
    recaps = (before_recap, after_recap, steady_before, steady_after)
    earlier_targets = effective_targets(
        earlier_referentiel or referentiel, earlier.targets, earlier.values, earlier.structure_type
    )
    if earlier_targets:
        shared_targets = {pid: target for pid, target in earlier_targets.items() if pid in shared}
        result.targets = targets_reached(referentiel, shared_targets, current)

    def group_change(group: Axis | Activity, figures: Callable[[Recap], Mapping[str, Figures]]) -> GroupChange:
        before, after, steady_from, steady_to = (figures(recap)[group.id].percent for recap in recaps)
        first = sum(1 for p in group.practices if p.id in first_ids)
        return GroupChange(group.id, group.title, before, after, first, steady_from, steady_to)

    for axis in referentiel.axes:
        result.axes.append(group_change(axis, lambda recap: recap.axes))
        for activity in axis.activities:
            result.activities.append(group_change(activity, lambda recap: recap.activities))
    for practice in referentiel.practices:
        if practice.id not in shared:
            continue
        before, after = earlier.values.get(practice.id), current.values.get(practice.id)
        if before == after:
            continue
        change = PracticeChange(practice.id, practice.text, before, after)
        if practice.id in first_ids:
            result.first_scored.append(change)
        elif isinstance(before, int) and isinstance(after, int):
            (result.up if after > before else result.down).append(change)
        else:
            result.status_changed.append(change)
    return result


def _natural(practice_id: str) -> tuple[int | str, ...]:
    return tuple(int(p) if p.isdigit() else p for p in practice_id.split("."))
