"""The radar as SVG, for the HTML report: the same geometry as the text radar, drawn for a reader.

Spokes, rings at 25/50/75/100 % and the polygons come from ``radar.spoke_angles``,
``radar.vertices`` and ``radar.ring``, so the picture and the terminal agree on
where every point lies. The current evaluation is a filled polygon; an earlier
one (a re-scoring) is a dashed outline, the targets (when there are some) a
green outline with shorter dashes, with a legend. Every label is written in
full (wrapped over several lines) and escaped. Colours are presentation
attributes, so the SVG reads the same inside or outside the report.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import escape

from siae_tui.report.french import percent
from siae_tui.report.radar import RINGS, ring, vertices


@dataclass(frozen=True)
class Layout:
    """The drawing's coordinate system (the SVG scales to its container) and its type sizes."""

    width: float
    height: float
    centre: tuple[float, float]
    radius: float
    font: float
    line: float
    wrap: int
    small_font: float


#: For a page or paper: about 46 characters of label per spoke.
WIDE = Layout(720.0, 560.0, (360.0, 272.0), 165.0, 13.0, 15.0, 24, 10.0)
#: For a phone (about 340 px wide): fewer, larger words per line, so labels stay readable once scaled down.
COMPACT = Layout(760.0, 760.0, (380.0, 360.0), 140.0, 21.0, 23.0, 14, 16.0)
_LABEL_GAP = 14.0
_STYLES = (
    # (fill, fill-opacity, stroke, dash): the current evaluation first, then the earlier one.
    ("#1f6fb2", "0.30", "#1f6fb2", ""),
    ("none", "0", "#c2570c", "7 5"),
)
#: The targets' outline: another colour and another dash, so it reads apart in grey print too.
_TARGET_STYLE = ("none", "0", "#2e7d32", "2 4")


@dataclass(frozen=True)
class Spoke:
    """One spoke's label: a name (wrapped) and its figure (« 52,3 % »)."""

    name: str
    figure: str


def to_svg(point: tuple[float, float], layout: Layout = WIDE) -> tuple[float, float]:
    """A point of the unit radar (y up) in the drawing's coordinates (y down), rounded."""
    x, y = point
    cx, cy = layout.centre
    return round(cx + x * layout.radius, 2), round(cy - y * layout.radius, 2)


def svg_points(percents: Sequence[float], layout: Layout = WIDE) -> list[tuple[float, float]]:
    """The polygon's vertices for these percentages, in the drawing's coordinates."""
    return [to_svg(point, layout) for point in vertices([min(max(p, 0.0), 100.0) for p in percents])]


def _points_attribute(points: Sequence[tuple[float, float]]) -> str:
    return " ".join(f"{x:g},{y:g}" for x, y in points)


def _label(spoke: Spoke, tip: tuple[float, float], layout: Layout) -> str:
    ux, uy = tip
    stretch = 1 + _LABEL_GAP / layout.radius
    x, y = to_svg((stretch * ux, stretch * uy), layout)
    anchor = "middle" if abs(ux) < 0.2 else ("start" if ux > 0 else "end")
    lines = textwrap.wrap(spoke.name, layout.wrap, break_long_words=False) or [""]
    count, step = len(lines) + 1, layout.line  # the figure is the last line
    if uy > 0.2:  # upper half: the block ends just above the spoke's tip
        first = y - (count - 1) * step - layout.font * 0.3
    elif uy < -0.2:  # lower half: it starts just below
        first = y + layout.font
    else:  # beside the tip, centred on it
        first = y - (count - 1) * step / 2 + layout.font * 0.35
    spans = [f'<tspan x="{x:g}" y="{first + i * step:g}">{escape(line)}</tspan>' for i, line in enumerate(lines)] + [
        f'<tspan x="{x:g}" y="{first + len(lines) * step:g}" font-weight="bold">{escape(spoke.figure)}</tspan>'
    ]
    return f'<text class="radar-label" text-anchor="{anchor}" font-size="{layout.font:g}">{"".join(spans)}</text>'


def radar_svg(
    spokes: Sequence[Spoke],
    series: Sequence[tuple[str, Sequence[float]]],
    *,
    title: str,
    layout: Layout = WIDE,
    target: tuple[str, Sequence[float]] | None = None,
) -> str:
    """An SVG radar; ``series`` is [(legend, percentages per spoke)], the current evaluation first.

    ``target`` (legend, percentages) adds the targets' dashed outline, drawn
    under the current polygon. Raises ``RadarUnavailable`` (French message)
    below 3 or above 16 spokes.
    """
    count = len(spokes)
    unit = vertices([100.0] * count)  # the spokes' tips, in spoke_angles' order (raises RadarUnavailable)
    cx, cy = layout.centre
    kind = "wide" if layout == WIDE else "compact"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {layout.width:g} {layout.height:g}" '
        f'class="radar radar-{kind}" role="img" '
        f"font-family=\"system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif\">",
        f"<title>{escape(title)}</title>",
    ]
    for level in RINGS:
        outline = _points_attribute([to_svg(p, layout) for p in ring(level, count)])
        parts.append(
            f'<polygon class="radar-ring" points="{outline}" '
            f'fill="none" stroke="#b8b8b8" stroke-width="{1.2 if level == 100 else 0.8}"/>'
        )
    for tip in unit:
        x, y = to_svg(tip, layout)
        parts.append(
            f'<line class="radar-spoke" x1="{cx:g}" y1="{cy:g}" x2="{x:g}" y2="{y:g}" '
            f'stroke="#b8b8b8" stroke-width="0.8"/>'
        )
    # Ring values along the first spoke (straight up), just right of it.
    for level in RINGS:
        x, y = to_svg((0.0, level / 100), layout)
        parts.append(
            f'<text class="radar-ring-label" x="{x + 4:g}" y="{y + layout.small_font * 1.1:g}" '
            f'font-size="{layout.small_font:g}" fill="#666">'
            f"{escape(percent(level, 0))}</text>"
        )
    for index, (legend, percents) in reversed(list(enumerate(series))):
        if index == 0 and target is not None:
            parts.append(_outline("target", target, _TARGET_STYLE, layout))
        parts.append(_outline(str(index), (legend, percents), _STYLES[index % len(_STYLES)], layout))
        if index == 0:
            stroke = _STYLES[0][2]
            parts += [
                f'<circle cx="{x:g}" cy="{y:g}" r="3.5" fill="{stroke}"/>' for x, y in svg_points(percents, layout)
            ]
    parts += [_label(spoke, point, layout) for spoke, point in zip(spokes, unit, strict=True)]
    keyed = [(legend, _STYLES[index % len(_STYLES)]) for index, (legend, _) in enumerate(series)]
    if target is not None:
        keyed.append((target[0], _TARGET_STYLE))
    if len(keyed) > 1:
        parts.append(_legend(keyed, layout))
    parts.append("</svg>")
    return "\n".join(parts)


def _outline(name: str, series: tuple[str, Sequence[float]], style: tuple[str, str, str, str], layout: Layout) -> str:
    """One series' polygon, ``data-series`` naming it (0 current, 1 earlier, ``target``)."""
    legend, percents = series
    fill, opacity, stroke, dash = style
    dashes = f' stroke-dasharray="{dash}"' if dash else ""
    return (
        f'<polygon class="radar-series" data-series="{name}" data-legend="{escape(legend)}" '
        f'points="{_points_attribute(svg_points(percents, layout))}" fill="{fill}" fill-opacity="{opacity}" '
        f'stroke="{stroke}" stroke-width="2.5"{dashes}/>'
    )


def _legend(keyed: Sequence[tuple[str, tuple[str, str, str, str]]], layout: Layout) -> str:
    """One swatch and name per series, on a line under the radar (a row each when compact)."""
    items = []
    font = layout.font
    compact = layout != WIDE
    count = len(keyed)
    for index, (legend, (fill, opacity, stroke, dash)) in enumerate(keyed):
        dashes = f' stroke-dasharray="{dash}"' if dash else ""
        if compact:
            x, y = layout.width / 2 - 160, layout.height - (count - index) * font * 1.5 + font * 0.2
        else:  # centred: two series start 190 left of the middle, each one 200 wide
            x, y = layout.width / 2 - 100 * count + 10 + 200 * index, layout.height - 22
        items.append(
            f'<rect x="{x:g}" y="{y - font * 0.85:g}" width="{font * 2:g}" height="{font:g}" fill="{fill}" '
            f'fill-opacity="{opacity}" stroke="{stroke}" stroke-width="2.5"{dashes}/>'
            f'<text x="{x + font * 2.6:g}" y="{y:g}" font-size="{font:g}">{escape(legend)}</text>'
        )
    return f'<g class="radar-legend">{"".join(items)}</g>'
