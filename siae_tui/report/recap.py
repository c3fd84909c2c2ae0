"""The recap as rows (per axis, objective and activity), plain text and JSON.

Rows are built from ``compute_recap`` only, so the TUI table, the CLI, the
Markdown report and the JSON export print the same numbers. The trend is
always given as symbol and label, never by colour alone.

When the evaluation has targets, a row also carries the figures with every
target met (``domain.targets.target_recap``) and, for a re-scoring, the
earlier evaluation's: current, target and last year side by side. Without
targets every output is exactly what it was.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from siae_tui.domain.model import Referentiel
from siae_tui.domain.scoring import Figures, Recap
from siae_tui.report.french import percent, short_number

RowKind = Literal["axis", "objective", "activity", "total"]


@dataclass(frozen=True)
class RecapRow:
    kind: RowKind
    id: str
    title: str
    figures: Figures
    #: The same group with every target met (None: no target counts).
    target: Figures | None = None
    #: The same group in the evaluation this one re-scores (None: not a re-scoring, or no target).
    previous: Figures | None = None

    @property
    def trend(self) -> str:
        """« ▲ Bien engagé »: symbol and words, readable without colour."""
        return f"{self.figures.trend.symbol} {self.figures.trend.label}"

    def cells(self) -> tuple[str, str, str, str, str, str]:
        """Score, maximum, %, implemented/applicable, unscored, trend, as displayed."""
        f = self.figures
        return (
            str(f.score),
            str(f.max),
            percent(f.percent),
            f"{f.implemented}/{f.applicable}",
            str(f.unscored),
            self.trend,
        )


def recap_rows(
    referentiel: Referentiel,
    recap: Recap,
    *,
    objectives: bool = True,
    target: Recap | None = None,
    previous: Recap | None = None,
) -> list[RecapRow]:
    """Axis row, then (objective row and) its activity rows, per axis; a total row last.

    ``target`` and ``previous`` (recaps of the same référentiel) fill each row's
    ``target`` and ``previous`` figures.
    """

    def row(kind: RowKind, key: str, title: str) -> RecapRow:
        return RecapRow(
            kind,
            key,
            title,
            _figures_of(recap, kind, key),
            _figures_of(target, kind, key) if target else None,
            _figures_of(previous, kind, key) if previous else None,
        )

    rows: list[RecapRow] = []
    for axis in referentiel.axes:
        rows.append(row("axis", axis.id, axis.title))
        for objective in axis.objectives:
            if objectives:
                rows.append(row("objective", objective.id, objective.title))
            for activity in objective.activities:
                rows.append(row("activity", activity.id, activity.title))
    rows.append(row("total", "", "Total"))
    return rows


def _figures_of(recap: Recap, kind: RowKind, key: str) -> Figures:
    if kind == "total":
        return recap.total
    return {"axis": recap.axes, "objective": recap.objectives, "activity": recap.activities}[kind][key]


HEADERS = ("Score", "Max", "%", "Mises en œuvre", "Non notées", "Tendance")


def extra_columns_legend(previous: bool) -> str:
    """What the « Cible » (and, with ``previous``, « Préc. ») columns of a recap table are, in one line."""
    return "Cible : le % avec chaque cible atteinte (une cible ne baisse jamais une note)" + (
        " · Préc. : l'évaluation précédente" if previous else ""
    )


def recap_text(
    referentiel: Referentiel,
    recap: Recap,
    *,
    width: int = 100,
    target: Recap | None = None,
    previous: Recap | None = None,
) -> str:
    """A fixed-width table for terminals and scripts (no colour).

    Below 110 columns the trend shows its symbol only and a legend follows the
    table, so activity titles keep enough room at 80 columns. With ``target``
    (and ``previous``) recaps, « Cible » (and « Préc. ») columns follow the %,
    and a line under the table says what they are.
    """
    wide = width >= 110
    numbers = [5, 5, 7, 14, 10, 16 if wide else 4]
    headers: tuple[str, ...] = HEADERS if wide else (*HEADERS[:-1], "Tend.")
    extra = [name for name, given in (("Cible", target), ("Préc.", previous)) if given is not None]
    numbers[3:3] = [7] * len(extra)
    headers = (*headers[:3], *extra, *headers[3:])
    title_width = max(20, width - sum(numbers) - len(numbers) - 1)
    header = f"{'':<{title_width}} " + " ".join(f"{h:>{w}}" for h, w in zip(headers, numbers, strict=False))
    lines = [header, "─" * len(header)]
    for row in recap_rows(referentiel, recap, objectives=False, target=target, previous=previous):
        if row.kind == "axis":
            label = f"Axe {row.id} · {row.title}"
        elif row.kind == "activity":
            label = f"  {row.id} {row.title}"
        else:
            lines.append("─" * len(header))
            label = "TOTAL"
        if len(label) > title_width:
            label = label[: title_width - 1] + "…"
        cells = list(row.cells())
        if not wide:
            cells[-1] = row.figures.trend.symbol
        cells[3:3] = [percent(f.percent) for f in (row.target, row.previous) if f is not None]
        lines.append(f"{label:<{title_width}} " + " ".join(f"{c:>{w}}" for c, w in zip(cells, numbers, strict=False)))
    if extra:
        lines.append("")
        lines.append(extra_columns_legend(previous is not None))
    if not wide:
        lines.append("")
        lines.append(
            "Tendance : "
            + " · ".join(f"{band.symbol} {band.label} (dès {short_number(band.start)} %)" for band in referentiel.trend)
        )
    return "\n".join(lines)


def figures_json(figures: Figures) -> dict[str, Any]:
    return {
        "score": figures.score,
        "max": figures.max,
        "percent": figures.percent,
        "implemented": figures.implemented,
        "applicable": figures.applicable,
        "unscored": figures.unscored,
        "practices": figures.practices,
        "trend": {"label": figures.trend.label, "symbol": figures.trend.symbol, "colour": figures.trend.colour},
    }


def recap_json(referentiel: Referentiel, recap: Recap, *, target: Recap | None = None) -> dict[str, Any]:
    """The recap as plain data (the export format's ``recap`` member).

    With a ``target`` recap (``domain.targets.target_recap``) every group also
    gives ``target_percent``, the % it would reach with every target met.
    """

    def figures(current: Figures, aimed: Figures | None) -> dict[str, Any]:
        data = figures_json(current)
        if aimed is not None:
            data["target_percent"] = aimed.percent
        return data

    axes = [
        {"id": a.id, "title": a.title, **figures(recap.axes[a.id], target.axes[a.id] if target else None)}
        for a in referentiel.axes
    ]
    activities = [
        {
            "id": activity.id,
            "axis": axis.id,
            "objective": objective.title,
            "title": activity.title,
            **figures(recap.activities[activity.id], target.activities[activity.id] if target else None),
        }
        for axis in referentiel.axes
        for objective in axis.objectives
        for activity in objective.activities
    ]
    total = figures(recap.total, target.total if target else None)
    return {"total": total, "axes": axes, "activities": activities}
