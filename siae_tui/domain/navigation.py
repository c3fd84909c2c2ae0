"""Moving through a référentiel during the walk, as pure functions.

The walk follows the référentiel's order (axis → objective → activity →
practice). Keeping these rules out of the screen makes them testable without
a terminal, and lets the re-scoring and workshop views reuse them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from siae_tui.domain.model import Referentiel
from siae_tui.domain.scoring import Value, effective_value


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
