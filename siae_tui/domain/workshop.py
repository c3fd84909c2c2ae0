"""Workshop mode: every participant's vote, the disagreements, and the action plan.

A spreadsheet records one number per practice; a workshop has a room. Votes
are kept per practice and participant; the team's value stays the decision
the facilitator confirms (the median is only proposed). A spread of 2 or
more between votes flags the conversation worth having.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Mapping
from dataclasses import dataclass, replace

from siae_tui.domain.model import Referentiel

#: Votes that differ by this much or more flag a disagreement.
DISAGREEMENT_SPREAD = 2
ACTION_STATUSES = ("à faire", "en cours", "fait")


def duplicate_names(names: list[str]) -> list[str]:
    """Participants named twice (case and spaces aside): their votes would merge into one."""
    seen: set[str] = set()
    twice: list[str] = []
    for name in names:
        key = " ".join(name.split()).casefold()
        if key in seen and name not in twice:
            twice.append(name)
        seen.add(key)
    return twice


def median_proposal(votes: Mapping[str, int]) -> int | None:
    """The value proposed to the team: the median vote (the lower one for an even count)."""
    return statistics.median_low(votes.values()) if votes else None


def spread(votes: Mapping[str, int]) -> int:
    return max(votes.values()) - min(votes.values()) if votes else 0


def is_disagreement(votes: Mapping[str, int]) -> bool:
    return len(votes) >= 2 and spread(votes) >= DISAGREEMENT_SPREAD


def disagreements(referentiel: Referentiel, votes: Mapping[str, Mapping[str, int]]) -> list[str]:
    """Flagged practices in the référentiel's order."""
    return [p.id for p in referentiel.practices if is_disagreement(votes.get(p.id, {}))]


def disagreements_per_activity(referentiel: Referentiel, votes: Mapping[str, Mapping[str, int]]) -> dict[str, int]:
    """Activity id -> number of flagged practices (activities without any are left out)."""
    counts: dict[str, int] = {}
    for practice_id in disagreements(referentiel, votes):
        activity_id = referentiel.locate(practice_id)[1].id
        counts[activity_id] = counts.get(activity_id, 0) + 1
    return counts


@dataclass(frozen=True)
class Action:
    """An improvement action born from a practice's note."""

    practice_id: str
    text: str
    owner: str = ""
    due: dt.date | None = None
    status: str = ACTION_STATUSES[0]

    def with_status(self, status: str) -> Action:
        if status not in ACTION_STATUSES:
            raise ValueError(status)
        return replace(self, status=status)

    def to_dict(self) -> dict[str, str | None]:
        return {
            "practice": self.practice_id,
            "text": self.text,
            "owner": self.owner,
            "due": self.due.isoformat() if self.due else None,
            "status": self.status,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> Action:
        due = data.get("due")
        status = data.get("status", ACTION_STATUSES[0])
        if not isinstance(data.get("practice"), str) or not isinstance(data.get("text"), str):
            raise ValueError("an action needs a practice and a text")
        if status not in ACTION_STATUSES:
            raise ValueError(f"unknown action status {status!r}")
        return cls(
            str(data["practice"]),
            str(data["text"]),
            str(data.get("owner") or ""),
            dt.date.fromisoformat(due) if isinstance(due, str) and due else None,
            str(status),
        )


def action_plan(referentiel: Referentiel, actions: list[Action], by: str = "axis") -> list[Action]:
    """Actions sorted by the référentiel's order (``by="axis"``) or by due date (undated last)."""
    order = {p.id: i for i, p in enumerate(referentiel.practices)}
    if by == "due":
        return sorted(actions, key=lambda a: (a.due is None, a.due or dt.date.max, order.get(a.practice_id, 0)))
    return sorted(actions, key=lambda a: (order.get(a.practice_id, len(order)), a.due or dt.date.max))
