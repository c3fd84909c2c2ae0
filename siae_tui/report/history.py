"""One SIAE's evaluations over time as a table and a chart (data from ``domain.history``)."""

from __future__ import annotations

from collections.abc import Sequence

import plotext as plt

from siae_tui.domain.history import HistoryPoint
from siae_tui.domain.model import Referentiel
from siae_tui.report.french import french_date, month_year, percent


def history_table(referentiel: Referentiel, points: Sequence[HistoryPoint], *, width: int = 100) -> str:
    """One line per evaluation; the label column gives way so that a line fits ``width`` columns."""
    figures = 9 * (len(referentiel.axes) + 1)
    room = max(8, min(24, width - 12 - figures))
    header = f"{'Date':<12}{'Libellé':<{room}}" + "".join(f"{'Axe ' + a.id:>9}" for a in referentiel.axes)
    header += f"{'Total':>9}"
    lines = [header, "─" * len(header)]
    for point in points:
        label = point.evaluation.label
        label = label if len(label) <= room - 2 else label[: room - 3] + "…"
        lines.append(
            f"{french_date(point.evaluation.date):<12}{label:<{room}}"
            + "".join(f"{percent(point.axes[a.id]):>9}" for a in referentiel.axes)
            + f"{percent(point.total):>9}"
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
    plt.xticks(xs, [month_year(p.evaluation.date) for p in points])
    plt.ylim(0, 100)
    plt.yticks([0, 25, 50, 75, 100], ["0 %", "25 %", "50 %", "75 %", "100 %"])
    text = str(plt.build())
    plt.clear_figure()
    return text if color else str(plt.uncolorize(text))
