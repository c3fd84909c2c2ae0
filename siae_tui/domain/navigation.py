"""Moving through a référentiel during the walk, as pure functions.

The walk follows the référentiel's order (axis → objective → activity →
practice). Keeping these rules out of the screen makes them testable without
a terminal, and lets the re-scoring and workshop views reuse them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from collections.abc import Set as AbstractSet

from siae_tui.domain.evaluation import Evaluation
from siae_tui.domain.model import Referentiel
from siae_tui.domain.scoring import Value, effective_value
from siae_tui.domain.workshop import is_disagreement


class WalkOrder:
    """The ordered practice ids of a référentiel, with the jumps the walk needs."""

    def __init__(self, referentiel: Referentiel, structure_type: str | None = None) -> None:
        self.referentiel = referentiel
        self.structure_type = structure_type
        self.ids: list[str] = [p.id for p in referentiel.practices]
        self._index = {pid: i for i, pid in enumerate(self.ids)}
        self._activity_of = {p.id: a.id for _, _, a, p in referentiel.iter_practices()}
        self.activity_ids: list[str] = [a.id for a in referentiel.activities]

    def __len__(self) -> int:
        return len(self.ids)

    def index(self, practice_id: str) -> int:
        return self._index[practice_id]

    def activity_of(self, practice_id: str) -> str:
        return self._activity_of[practice_id]

    def step(self, practice_id: str, delta: int) -> str:
        """The practice ``delta`` places away, clamped to the first and last."""
        return self.ids[max(0, min(len(self.ids) - 1, self.index(practice_id) + delta))]

    def first_of_activity(self, activity_id: str) -> str:
        return self.referentiel.activity(activity_id).practices[0].id

    def next_activity(self, practice_id: str, delta: int = 1) -> str:
        """First practice of the next (or previous, delta=-1) activity, clamped."""
        position = self.activity_ids.index(self.activity_of(practice_id))
        target = max(0, min(len(self.activity_ids) - 1, position + delta))
        return self.first_of_activity(self.activity_ids[target])

    def find_activity(self, typed: str) -> str | None:
        """The activity a user typed (« 2.4 », « 2,4 », « 3.10 »), or None."""
        cleaned = typed.strip().replace(",", ".").rstrip(".")
        return cleaned if self.referentiel.has_activity(cleaned) else None

    def find(self, typed: str) -> str | None:
        """Where « g » goes: a practice (« 1.3.8 ») itself, an activity (« 2.4 ») at its first practice."""
        cleaned = typed.strip().replace(",", ".").rstrip(".")
        if self.referentiel.has_practice(cleaned):
            return cleaned
        activity_id = self.find_activity(cleaned)
        return self.first_of_activity(activity_id) if activity_id is not None else None

    def next_matching(self, practice_id: str | None, wanted: Callable[[str], bool]) -> str | None:
        """The first practice after ``practice_id`` (wrapping round) that is ``wanted``."""
        start = -1 if practice_id is None else self.index(practice_id)
        count = len(self.ids)
        for offset in range(1, count + 1):
            candidate = self.ids[(start + offset) % count]
            if wanted(candidate):
                return candidate
        return None

    def next_unscored(self, practice_id: str | None, values: Mapping[str, Value]) -> str | None:
        """The next practice still to score, skipping those that do not concern the structure."""

        def unscored(candidate: str) -> bool:
            practice = self.referentiel.practice(candidate)
            return effective_value(practice, values, self.structure_type) is None

        return self.next_matching(practice_id, unscored)

    def resume_point(self, position: str | None, values: Mapping[str, Value]) -> str:
        """Where reopening a session lands: the saved position, else the first unscored."""
        if position is not None and position in self._index:
            return position
        return self.next_unscored(None, values) or self.ids[0]


#: A re-scoring's quick walk visits only the practices scored this low last time.
QUICK_WALK_VALUES = (0, 1, 2)


class Walk:
    """Where a team stands in one evaluation, and where each key of the walk leads.

    The walk screen shows and saves; this object decides: which practice is
    still to do, which ones a quick re-scoring visits, where scoring, ``j``,
    ``u``, ``v`` or ``!`` go next. It reads the evaluation it is given (the
    session's, changed in place by the store), so it never holds a stale copy.
    """

    def __init__(self, referentiel: Referentiel, evaluation: Evaluation, position: str | None = None) -> None:
        self.referentiel = referentiel
        self.evaluation = evaluation
        self.order = WalkOrder(referentiel, evaluation.structure_type)
        self.current: str = self.order.resume_point(position, evaluation.values)
        #: Quick re-scoring: only the practices scored 0 to 2 in the earlier evaluation.
        self.quick = False

    # -- what the rules say about a practice -------------------------------------
    def in_walk(self, practice_id: str) -> bool:
        """Whether the walk visits ``practice_id`` (every practice, unless in quick mode)."""
        return not self.quick or self.evaluation.previous_values.get(practice_id) in QUICK_WALK_VALUES

    def is_pending(
        self,
        practice_id: str,
        values: Mapping[str, Value] | None = None,
        carried_over: AbstractSet[str] | None = None,
    ) -> bool:
        """Still to do: not scored yet (and concerning the structure), or carried over and not confirmed."""
        values = self.evaluation.values if values is None else values
        carried_over = self.evaluation.carried_over if carried_over is None else carried_over
        practice = self.referentiel.practice(practice_id)
        waiting = practice_id in carried_over or (
            practice.applies(self.evaluation.structure_type) and values.get(practice_id) is None
        )
        return waiting and self.in_walk(practice_id)

    def applies(self, practice_id: str) -> bool:
        """Whether the practice concerns the evaluated structure type (else it reads non applicable)."""
        return self.referentiel.practice(practice_id).applies(self.evaluation.structure_type)

    # -- where the keys lead -----------------------------------------------------
    def next_after_scoring(self, value: Value) -> str | None:
        """Where to go once the current practice holds ``value``: the next one still to do.

        Decided before the value is saved, so that the value and the new
        position go to disk in one write.
        """
        scored = self.current
        values = {**self.evaluation.values, scored: value}
        carried = self.evaluation.carried_over - {scored}
        return self.order.next_matching(scored, lambda p: p != scored and self.is_pending(p, values, carried))

    def next_pending(self) -> str | None:
        """The next practice still to do after the current one (``u``), None when all are done."""
        return self.order.next_matching(self.current, self.is_pending)

    def next_to_confirm(self) -> str | None:
        """The next value carried over from last time and not yet confirmed (``v``)."""
        carried = self.evaluation.carried_over
        return self.order.next_matching(self.current, lambda p: p in carried and self.in_walk(p))

    def next_disagreement(self) -> str | None:
        """The next practice whose votes are 2 points apart or more (``!``)."""
        votes = self.evaluation.votes
        return self.order.next_matching(self.current, lambda p: is_disagreement(votes.get(p, {})))

    def step(self, delta: int) -> str | None:
        """The practice ``delta`` places away among those the walk visits; None past either end."""
        ids = self.order.ids
        index = self.order.index(self.current) + delta
        while 0 <= index < len(ids) and not self.in_walk(ids[index]):
            index += 1 if delta > 0 else -1
        return ids[index] if 0 <= index < len(ids) else None

    def next_activity(self, delta: int) -> str:
        """First practice of the next (or previous) activity, clamped to the first and last."""
        return self.order.next_activity(self.current, delta)

    def activity(self) -> str:
        """The id of the current practice's activity."""
        return self.order.activity_of(self.current)
