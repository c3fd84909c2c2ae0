"""The radar (polar) chart, drawn in text with plotext.

plotext has no polar chart, so this module draws one: spokes from the centre,
rings at 25/50/75/100 %, and one closed polygon per series (and the targets,
when the evaluation has some, as one more outline of ``+``). The geometry is
kept in small pure functions so tests can check where each vertex lies
without looking at a picture. plotext keeps global state: every chart starts
from a cleared figure.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from siae_tui.domain.model import Referentiel
from siae_tui.domain.scoring import Recap
from siae_tui.report.french import percent

RINGS = (25, 50, 75, 100)
MIN_SPOKES, MAX_SPOKES = 3, 16
#: Terminal cells are about twice as tall as wide; stretching x keeps the chart round.
_ASPECT = 2.0
_SERIES_STYLE = (("braille", "cyan"), ("dot", "orange"))
_VERTEX = "●"


#: Palette index (as plotext colours them) of each kind of character of a drawing: spokes and
#: rings, the current series and its vertices, the earlier series, the targets.
_GREY, _CYAN, _ORANGE, _GREEN = 8, 6, 3, 2


def character_colour(character: str) -> int | None:
    """The terminal palette colour of ``character`` in a coloured radar (None: blank or text).

    A widget colours the plain drawing with this instead of parsing plotext's ANSI
    output: the same picture in a fraction of the time (the live radar is redrawn on
    every scoring key). Labels and legends keep the widget's own text colour, which
    stays legible on a light theme, where plotext's white did not.
    """
    if character == " ":
        return None
    if character == "·":
        return _GREY
    if "\u2800" <= character <= "\u28ff" or character == _VERTEX:
        return _CYAN
    if character == "•":
        return _ORANGE
    if character == _TARGET_STYLE[0]:
        return _GREEN
    return None


class RadarUnavailable(ValueError):
    """Too few or too many spokes for a readable radar; the message is French."""


def spoke_angles(count: int) -> list[float]:
    """Angles (radians) of ``count`` spokes: the first points up, the others follow clockwise."""
    if not MIN_SPOKES <= count <= MAX_SPOKES:
        raise RadarUnavailable(f"radar impossible : il faut entre {MIN_SPOKES} et {MAX_SPOKES} branches ({count} ici)")
    return [math.pi / 2 - 2 * math.pi * k / count for k in range(count)]


def vertices(percents: Sequence[float]) -> list[tuple[float, float]]:
    """Points of the polygon, on a unit circle scale (100 % = 1.0 from the centre)."""
    return [
        (p / 100 * math.cos(angle), p / 100 * math.sin(angle))
        for p, angle in zip(percents, spoke_angles(len(percents)), strict=False)
    ]


def ring(percent: float, count: int) -> list[tuple[float, float]]:
    """The ring at ``percent`` drawn, like a spreadsheet radar, as a polygon through the spokes."""
    return vertices([percent] * count)


def _closed(points: Sequence[tuple[float, float]]) -> tuple[list[float], list[float]]:
    xs = [x * _ASPECT for x, _ in points]
    ys = [y for _, y in points]
    return xs + xs[:1], ys + ys[:1]


#: The targets' outline: its own marker, so it reads apart from the others without colour.
_TARGET_STYLE = ("+", "green")
#: How every radar names the targets' outline.
TARGET_LEGEND = "Cible"


def radar_text(
    labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[float]]],
    *,
    width: int = 72,
    height: int = 24,
    color: bool = False,
    figures: Sequence[str] = (),
    target: tuple[str, Sequence[float]] | None = None,
) -> str:
    """Draw the radar; ``series`` is [(legend, percentages per spoke), ...], current first.

    Each label is cut (« … ») to the room its spoke leaves; its figure (``figures``,
    e.g. « 42 % ») follows it whole. ``target`` (legend, percentages) is drawn
    as an outline of ``+``, under the current polygon.
    """
    import plotext as plt  # ~20 ms: imported by the first radar drawn, not at start-up

    count = len(labels)
    angles = spoke_angles(count)
    plt.clear_figure()
    plt.limitsize(False, False)
    plt.plotsize(max(width, 20), max(height, 8))
    plt.theme("clear")
    plt.frame(False)
    plt.xticks([])
    plt.yticks([])
    plt.xlim(-2.1 * _ASPECT, 2.1 * _ASPECT)
    plt.ylim(-1.3, 1.3)
    for angle in angles:
        plt.plot([0, math.cos(angle) * _ASPECT], [0, math.sin(angle)], marker="·", color="gray")
    for level in RINGS:
        xs, ys = _closed(ring(level, count))
        plt.plot(xs, ys, marker="·", color="gray")
    legends = len(series) > 1 or target is not None
    # The earlier evaluation first, then the targets, so the team's current polygon is drawn over them.
    for index, (legend, percents) in reversed(list(enumerate(series))):
        if index == 0 and target is not None:
            xs, ys = _closed(vertices(target[1]))
            plt.plot(xs, ys, marker=_TARGET_STYLE[0], color=_TARGET_STYLE[1], label=target[0])
        marker, colour = _SERIES_STYLE[index % len(_SERIES_STYLE)]
        xs, ys = _closed(vertices(percents))
        plt.plot(xs, ys, marker=marker, color=colour, label=legend if legends else None)
        if index == 0:  # the team's values stand out from the rings, even close to the centre
            plt.scatter(xs[:-1], ys[:-1], marker=_VERTEX, color=colour)
    for index, (label, angle) in enumerate(zip(labels, angles, strict=True)):
        x, y = math.cos(angle), math.sin(angle)
        alignment = "center" if abs(x) < 0.3 else ("left" if x > 0 else "right")
        figure = figures[index] if index < len(figures) else ""
        shown = cut(label, label_room(width, x) - len(figure) - 1) + (f" {figure}" if figure else "")
        plt.text(shown, x * 1.12 * _ASPECT, y * 1.15, alignment=alignment, color="white" if color else None)
    text = str(plt.build())
    plt.clear_figure()
    text = text if color else str(plt.uncolorize(text))
    return "\n".join(line.rstrip() for line in text.splitlines()).strip("\n")


#: Half the width of the drawing, in the chart's x units (see ``xlim``).
_HALF_WIDTH = 2.1 * _ASPECT


def label_room(width: int, x: float) -> int:
    """How many characters the label of a spoke pointing at ``x`` (-1 … 1) may take.

    A label above or below the circle is centred and may use most of the
    width; a label beside it starts at its spoke's end and has the rest of
    that half of the chart.
    """
    if abs(x) < 0.3:
        return max(10, width - 4)
    start = abs(x) * 1.12 * _ASPECT / _HALF_WIDTH  # where the label starts, as a share of a half
    return max(10, int(width / 2 * (1 - start)) - 1)


def cut(text: str, room: int) -> str:
    """``text`` cut to ``room`` characters with « … » when it does not fit."""
    return text if len(text) <= room else text[: max(room - 1, 1)].rstrip() + "…"


def axes_radar(
    referentiel: Referentiel,
    recap: Recap,
    previous: Recap | None = None,
    *,
    width: int = 72,
    height: int = 24,
    color: bool = False,
    target: Recap | None = None,
) -> str:
    """The axes of the référentiel, current percentages (and the earlier ones, the targets, when given)."""
    labels = [f"{a.id} {a.title}" for a in referentiel.axes]
    figures = [percent(recap.axes[a.id].percent, 0) for a in referentiel.axes]
    series = [("Actuelle", [recap.axes[a.id].percent for a in referentiel.axes])]
    if previous is not None:
        series.append(("Précédente", [previous.axes[a.id].percent for a in referentiel.axes]))
    aimed = (TARGET_LEGEND, [target.axes[a.id].percent for a in referentiel.axes]) if target else None
    return radar_text(labels, series, width=width, height=height, color=color, figures=figures, target=aimed)


def activities_radar(
    referentiel: Referentiel,
    recap: Recap,
    axis_id: str,
    previous: Recap | None = None,
    *,
    width: int = 72,
    height: int = 24,
    color: bool = False,
    target: Recap | None = None,
) -> str:
    """The activities of one axis (``RadarUnavailable`` below 3 or above 16 activities)."""
    activities = referentiel.axis(axis_id).activities
    # Beyond six spokes the labels crowd each other: ids only (the titles are in the legend).
    labels = [a.id if len(activities) > 6 else f"{a.id} {a.title}" for a in activities]
    figures = [percent(recap.activities[a.id].percent, 0) for a in activities]
    series = [("Actuelle", [recap.activities[a.id].percent for a in activities])]
    if previous is not None:
        series.append(("Précédente", [previous.activities[a.id].percent for a in activities]))
    aimed = (TARGET_LEGEND, [target.activities[a.id].percent for a in activities]) if target else None
    return radar_text(labels, series, width=width, height=height, color=color, figures=figures, target=aimed)
