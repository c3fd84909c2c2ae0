"""The radar drawn by the domain (plotext), sized to the widget and redrawn on resize."""

from __future__ import annotations

import os
from typing import Any

from rich.text import Text
from textual.widgets import Static

from siae_tui.domain.model import Referentiel
from siae_tui.domain.scoring import Recap
from siae_tui.report.radar import RadarUnavailable, activities_radar, axes_radar


class RadarView(Static):
    """Shows the axes radar, or one axis's activities; overlays the earlier evaluation if any.

    Labels by the spokes are cut to the room they have; when there is height
    to spare, the full titles follow the chart as a legend. The drawing is
    kept: a call with the same figures and size changes nothing on screen.
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__("", **kwargs)
        self._data: tuple[Referentiel, Recap, Recap | None, str | None] | None = None
        self._drawn: tuple[object, ...] | None = None
        #: The text on screen, without colour (what tests and screen readers can read).
        self.plain = ""

    def show(
        self, referentiel: Referentiel, recap: Recap, previous: Recap | None = None, axis_id: str | None = None
    ) -> None:
        self._data = (referentiel, recap, previous, axis_id)
        self._draw()

    def on_resize(self) -> None:
        self._draw()

    def _draw(self) -> None:
        if self._data is None or self.size.width < 20 or self.size.height < 8:
            return
        referentiel, recap, previous, axis_id = self._data
        width, height = self.size.width, self.size.height
        color = not os.environ.get("NO_COLOR")
        if axis_id is None:
            spokes = [(a.id, a.title, recap.axes[a.id].percent) for a in referentiel.axes]
            before = [previous.axes[a.id].percent for a in referentiel.axes] if previous else []
        else:
            activities = referentiel.axis(axis_id).activities if referentiel.has_axis(axis_id) else ()
            spokes = [(a.id, a.title, recap.activities[a.id].percent) for a in activities]
            before = [previous.activities[a.id].percent for a in activities] if previous else []
        key = (referentiel.id, referentiel.version, axis_id, tuple(spokes), tuple(before), width, height, color)
        if key == self._drawn:
            return  # same figures, same size: nothing to redraw
        self._drawn = key
        title = Text(f"Radar des activités de l'axe {axis_id}\n", style="bold") if axis_id else Text()
        legend = " · ".join(f"{identifier} {name}" for identifier, name, _ in spokes)
        legend_lines = -(-len(legend) // width) + 1
        chart_height = height - len(title.plain.splitlines())
        show_legend = chart_height - legend_lines >= 16
        if show_legend:
            chart_height -= legend_lines
        try:
            if axis_id is None:
                text = axes_radar(referentiel, recap, previous, width=width, height=chart_height, color=color)
            else:
                text = activities_radar(
                    referentiel, recap, axis_id, previous, width=width, height=chart_height, color=color
                )
        except RadarUnavailable as error:
            self.plain = str(error)
            self.update(self.plain)
            return
        shown = title + (Text.from_ansi(text) if color else Text(text))
        if show_legend:
            shown += Text("\n\n" + legend, style="dim")
        self.plain = shown.plain
        self.update(shown)
