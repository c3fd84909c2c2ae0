"""One SIAE's evaluations over time: each axis's % per date, as data and as a chart."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

import plotext as plt

from siae_tui.domain.evaluation import Evaluation
from siae_tui.domain.model import Referentiel


def same_siae(a: str, b: str) -> bool:
    """Names match whatever the case, accents and spacing (« Régie  élan » = « regie Elan »)."""
    return _fold(a) == _fold(b)


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
    """The points in date order (sessions of other référentiels are left out by the caller)."""
    points = []
    for session_id, evaluation in sorted(sessions, key=lambda item: (item[1].date, item[0])):
        recap = evaluation.recap(referentiel)
        points.append(
            HistoryPoint(
                session_id, evaluation, {a.id: recap.axes[a.id].percent for a in referentiel.axes}, recap.total.percent
            )
        )
    return points


def history_table(referentiel: Referentiel, points: Sequence[HistoryPoint]) -> str:
    header = f"{'Date':<12}{'Libellé':<24}" + "".join(f"{'Axe ' + a.id:>9}" for a in referentiel.axes) + f"{'Total':>9}"
    lines = [header, "─" * len(header)]
    for point in points:
        label = point.evaluation.label[:22]
        lines.append(
            f"{point.evaluation.date.strftime('%d/%m/%Y'):<12}{label:<24}"
            + "".join(f"{point.axes[a.id]:>8.1f}%" for a in referentiel.axes)
            + f"{point.total:>8.1f}%"
        )
    return "\n".join(lines)


_MARKERS = ("●", "■", "▲", "◆", "✚", "★", "○", "□")


def history_chart(
    referentiel: Referentiel, points: Sequence[HistoryPoint], *, width: int = 76, height: int = 20, color: bool = False
) -> str:
    """Each axis's % over the evaluations, one line and marker per axis."""
    plt.clear_figure()
    plt.limitsize(False, False)
    plt.plotsize(max(width, 30), max(height, 10))
    plt.theme("clear")
    xs = list(range(1, len(points) + 1))
    for index, axis in enumerate(referentiel.axes):
        plt.plot(xs, [p.axes[axis.id] for p in points], marker=_MARKERS[index % len(_MARKERS)], label=f"Axe {axis.id}")
    plt.xticks(xs, [p.evaluation.date.strftime("%m/%Y") for p in points])
    plt.ylim(0, 100)
    plt.yticks([0, 25, 50, 75, 100], ["0 %", "25 %", "50 %", "75 %", "100 %"])
    text = plt.build()
    plt.clear_figure()
    return text if color else plt.uncolorize(text)
