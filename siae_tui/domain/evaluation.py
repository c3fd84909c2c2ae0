"""An evaluation: one SIAE's answers to one référentiel at one date.

This is the domain's view of a session; the store persists it, the exports
serialise it and the recap reads its values. It is a plain mutable dataclass
because the walk changes it one practice at a time.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from siae_tui.domain.evidence import Evidence
from siae_tui.domain.model import Referentiel
from siae_tui.domain.scoring import Recap, Value, compute_recap, progress
from siae_tui.domain.workshop import Action


@dataclass
class Evaluation:
    """Everything a team records in one self-evaluation."""

    referentiel_id: str
    referentiel_version: str
    siae: str
    date: dt.date
    structure_type: str = "Autre"
    label: str = ""
    participants: list[str] = field(default_factory=list)
    values: dict[str, Value] = field(default_factory=dict)
    notes: dict[str, str] = field(default_factory=dict)
    development_axes: dict[str, str] = field(default_factory=dict)
    #: When the session was created and last written, in UTC ISO 8601: stamped by the store
    #: (the domain reads no clock); empty until then.
    created: str = ""
    updated: str = ""
    #: Id of the session this one was duplicated from (a re-scoring), if any.
    origin: str | None = None
    #: Values of the origin session at duplication time, for overlays and compare.
    previous_values: dict[str, Value] = field(default_factory=dict)
    #: Practices pre-filled from the origin and not yet confirmed by the team.
    carried_over: set[str] = field(default_factory=set)
    #: Workshop mode: practice id -> participant -> vote (0..3).
    votes: dict[str, dict[str, int]] = field(default_factory=dict)
    #: Improvement actions, in the order they were created.
    actions: list[Action] = field(default_factory=list)
    #: A re-scoring's view of the earlier evaluation's actions (shown beside their practices).
    previous_actions: list[Action] = field(default_factory=list)
    #: Workshop timer: seconds spent per activity id.
    activity_seconds: dict[str, int] = field(default_factory=dict)
    #: Optional details a network groups by (``domain.metadata`` validates them): département code,
    #: network (a listed code or free text), SIRET (14 digits). None when not given.
    territory: str | None = None
    network: str | None = None
    siret: str | None = None
    #: Evidence (« preuves ») per practice id, in the order the team listed them (``domain.evidence``).
    evidence: dict[str, list[Evidence]] = field(default_factory=dict)
    #: Target value (0..3) per practice id for the next review (``domain.targets`` has the rules).
    targets: dict[str, int] = field(default_factory=dict)
    #: A re-scoring's copy of the earlier evaluation's targets: the comparison says which were reached.
    previous_targets: dict[str, int] = field(default_factory=dict)

    def value(self, practice_id: str) -> Value:
        return self.values.get(practice_id)

    def note(self, practice_id: str) -> str:
        return self.notes.get(practice_id, "")

    def evidence_of(self, practice_id: str) -> list[Evidence]:
        """The practice's evidence (an empty list when it has none)."""
        return self.evidence.get(practice_id, [])

    def recap(self, referentiel: Referentiel) -> Recap:
        return compute_recap(referentiel, self.values, self.structure_type)

    def previous_recap(self, referentiel: Referentiel) -> Recap | None:
        """The recap of the evaluation this one was duplicated from (None if not a re-scoring)."""
        if not self.origin:
            return None
        return compute_recap(referentiel, self.previous_values, self.structure_type)

    def progress(self, referentiel: Referentiel) -> tuple[int, int]:
        return progress(referentiel, self.values, self.structure_type)

    def left_out_by(self, referentiel: Referentiel, structure_type: str) -> tuple[int, int, int]:
        """Scores, targets and evidence items that changing to ``structure_type`` would leave out.

        They sit on practices that concern the current type and not the new one (a CEDRE
        specification of the other column): every count and export would skip them, though
        the session file keeps them and they come back with the old type. The session
        details ask before such a change.
        """
        moved = [
            p.id for p in referentiel.practices if p.applies(self.structure_type) and not p.applies(structure_type)
        ]
        scores = sum(1 for pid in moved if self.values.get(pid) is not None)
        targets = sum(1 for pid in moved if pid in self.targets)
        evidence = sum(len(self.evidence_of(pid)) for pid in moved)
        return scores, targets, evidence
