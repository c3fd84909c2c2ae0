"""The radar drawn by the domain (plotext), sized to the widget and redrawn on resize.

Redrawn on every scoring key beside the walk, so it is built for that: the plain
drawing is coloured character by character (``report.radar.character_colour``) into
lines the widget keeps, and a new drawing repaints only the cells that changed
(``live_text.changed_regions``): a percentage moving by a few points sends a few dozen
bytes, not the whole chart.
"""

from __future__ import annotations

import os
import textwrap
from typing import Any

from rich.color import Color
from rich.segment import Segment
from rich.style import Style
from textual.geometry import Size
from textual.strip import Strip
from textual.widget import Widget

from siae_tui.domain.model import Referentiel
from siae_tui.domain.scoring import Recap
from siae_tui.report.radar import RadarUnavailable, activities_radar, axes_radar, character_colour
from siae_tui.ui.widgets.live_text import changed_regions

_BOLD = Style(bold=True)
_DIM = Style(dim=True)


def _chart_line(line: str, color: bool) -> list[Segment]:
    """One line of the drawing as segments, one per run of characters of the same colour."""
    if not color:
        return [Segment(line)]
    segments: list[Segment] = []
    run, run_kind = "", None
    for character in line:
        # Blanks are runs of their own, as Textual renders them: a label keeps its column.
        kind = "blank" if character == " " else character_colour(character)
        if kind != run_kind and run:
            segments.append(_segment(run, run_kind))
            run = ""
        run += character
        run_kind = kind
    if run:
        segments.append(_segment(run, run_kind))
    return segments


def _segment(text: str, kind: int | str | None) -> Segment:
    return Segment(text, Style(color=Color.from_ansi(kind)) if isinstance(kind, int) else None)


class RadarView(Widget):
    """Shows the axes radar, or one axis's activities; overlays the earlier evaluation and the targets if any.

    Labels by the spokes are cut to the room they have; when there is height
    to spare, the full titles follow the chart as a legend. The drawing is
    kept: a call with the same figures and size changes nothing on screen.
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._data: tuple[Referentiel, Recap, Recap | None, str | None, Recap | None] | None = None
        self._drawn: tuple[object, ...] | None = None
        #: The lines on screen (segments, before the widget's own style and padding).
        self._lines: list[list[Segment]] = []
        self._strips: list[Strip] = []
        self._strips_made_for: tuple[Size, Style] | None = None
        #: The text on screen, without colour (what tests and screen readers can read).
        self.plain = ""
        #: How many drawings changed the screen (a test checks a move draws none).
        self.drawings = 0

    def show(
        self,
        referentiel: Referentiel,
        recap: Recap,
        previous: Recap | None = None,
        axis_id: str | None = None,
        *,
        target: Recap | None = None,
    ) -> None:
        """Draw ``recap`` (and ``previous``, and ``target``: the recap with every target met, as a ``+`` outline)."""
        self._data = (referentiel, recap, previous, axis_id, target)
        self._draw()

    def on_resize(self) -> None:
        self._draw()

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self._lines)

    def render_line(self, y: int) -> Strip:
        if self._strips_made_for != (self.size, self.rich_style):  # resized, or a new theme
            self._strips = self._to_strips(self._lines)
        return self._strips[y] if y < len(self._strips) else Strip.blank(self.size.width, self.rich_style)

    def _to_strips(self, lines: list[list[Segment]]) -> list[Strip]:
        width, base = self.size.width, self.rich_style
        self._strips_made_for = (self.size, base)
        strips = [Strip(segments).apply_style(base).crop_extend(0, width, base) for segments in lines]
        return strips + [Strip.blank(width, base)] * max(0, self.size.height - len(strips))

    def _draw(self) -> None:
        if self._data is None or self.size.width < 20 or self.size.height < 8:
            return
        referentiel, recap, previous, axis_id, target = self._data
        width, height = self.size.width, self.size.height
        color = not os.environ.get("NO_COLOR")
        if axis_id is None:
            spokes = [(a.id, a.title, recap.axes[a.id].percent) for a in referentiel.axes]
            before = [previous.axes[a.id].percent for a in referentiel.axes] if previous else []
            aimed = [target.axes[a.id].percent for a in referentiel.axes] if target else []
        else:
            activities = referentiel.axis(axis_id).activities if referentiel.has_axis(axis_id) else ()
            spokes = [(a.id, a.title, recap.activities[a.id].percent) for a in activities]
            before = [previous.activities[a.id].percent for a in activities] if previous else []
            aimed = [target.activities[a.id].percent for a in activities] if target else []
        key = (
            referentiel.id,
            referentiel.version,
            axis_id,
            tuple(spokes),
            tuple(before),
            tuple(aimed),
            width,
            height,
            color,
        )
        if key == self._drawn:
            return  # same figures, same size: nothing to redraw
        self._drawn = key
        title = [f"Radar des activités de l'axe {axis_id}"] if axis_id else []
        legend = textwrap.wrap(" · ".join(f"{identifier} {name}" for identifier, name, _ in spokes), width)
        chart_height = height - len(title)
        show_legend = chart_height - len(legend) - 1 >= 16
        if show_legend:
            chart_height -= len(legend) + 1
        lines: list[list[Segment]] = [[Segment(line, _BOLD)] for line in title]
        try:
            if axis_id is None:
                chart = axes_radar(referentiel, recap, previous, width=width, height=chart_height, target=target)
            else:
                chart = activities_radar(
                    referentiel, recap, axis_id, previous, width=width, height=chart_height, target=target
                )
        except RadarUnavailable as error:
            chart, show_legend = str(error), False
        lines += [_chart_line(line, color) for line in chart.splitlines()]
        if show_legend:
            lines += [[]] + [[Segment(line, _DIM)] for line in legend]
        self.plain = "\n".join("".join(segment.text for segment in line) for line in lines)
        self.drawings += 1
        relayout = len(lines) != len(self._lines)
        before_strips, self._lines = self._strips, lines
        self._strips = self._to_strips(lines)
        if relayout or len(before_strips) != len(self._strips):
            self.refresh(layout=True)
        elif regions := changed_regions(before_strips, self._strips):
            self.refresh(*regions)
