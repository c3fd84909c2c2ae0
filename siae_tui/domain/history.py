"""One SIAE's evaluations over time: each axis's % per date (drawn by ``report.history``)."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from siae_tui.domain.evaluation import Evaluation
from siae_tui.domain.model import Referentiel


def same_siae(a: str, b: str) -> bool:
    """Names match whatever the case, accents and spacing (« Régie  élan » = « regie Elan »)."""
    return _fold(a) == _fold(b)


def siae_key(name: str) -> str:
    """The form of a name that ``same_siae`` compares (lowercase, no accents, single spaces)."""
    return _fold(name)


def _fold(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    return " ".join(ascii_name.casefold().split())


@dataclass(frozen=True)
class HistoryPoint:
    session_id: str
    evaluation: Evaluation
    axes: dict[str, float]
    total: float


def history(referentiel: Referentiel, sessions: Sequence[tuple[str, Evaluation]]) -> list[HistoryPoint]:
    """The points in date order (sessions of other référentiels are left out by the caller).

    Evaluations of the same day follow the order they were created in, so a
    re-scoring made the same day comes after the evaluation it was copied from
    (the file names, compared before, could put it first).
    """
    points = []
    for session_id, evaluation in sorted(sessions, key=lambda item: (item[1].date, item[1].created, item[0])):
        recap = evaluation.recap(referentiel)
        points.append(
            HistoryPoint(
                session_id, evaluation, {a.id: recap.axes[a.id].percent for a in referentiel.axes}, recap.total.percent
            )
        )
    return points
