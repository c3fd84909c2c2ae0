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
    """Shows the axes radar, or one axis's activities; overlays the earlier evaluation if any."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__("", **kwargs)
        self._data: tuple[Referentiel, Recap, Recap | None, str | None] | None = None
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
        try:
            if axis_id is None:
                text = axes_radar(referentiel, recap, previous, width=width, height=height, color=color)
                title = "Radar des axes"
            else:
                text = activities_radar(
                    referentiel, recap, axis_id, previous, width=width, height=height - 1, color=color
                )
                title = f"Radar des activités de l'axe {axis_id}"
        except RadarUnavailable as error:
            self.plain = str(error)
            self.update(self.plain)
            return
        body = Text.from_ansi(text) if color else Text(text)
        shown = Text(title + "\n", style="bold") + body if axis_id else body
        self.plain = shown.plain
        self.update(shown)
