"""The recap beside the walk: the axes, the current axis's activities and the total, kept live.

It is read, not navigated (the full, navigable table is the recap screen's
``RecapTable``), and it changes on every scoring key, so it is a ``LiveText``: a
new score repaints the few cells of the one or two rows whose figures moved. The
figures come from the domain's recap through ``report.recap.recap_rows``, like every
other recap.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text

from siae_tui.domain.model import Referentiel
from siae_tui.domain.scoring import Recap
from siae_tui.report.recap import RecapRow, recap_rows
from siae_tui.ui.widgets.live_text import LiveText
from siae_tui.ui.widgets.recap_table import TREND_STYLE

#: Each figure column: header and width (the title takes what is left).
_COLUMNS = (("%", 7), ("En place", 8), ("Tendance", 16))
_GAP = 2


class LiveRecap(LiveText):
    """One line per row, figures right-aligned in fixed columns; the axis being scored stands out."""

    DEFAULT_CSS = """
    LiveRecap {
        height: auto;
        text-wrap: nowrap;
    }
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__("", **kwargs)
        self._shown: tuple[Referentiel, Recap, str | None] | None = None

    def show(self, referentiel: Referentiel, recap: Recap, axis_id: str | None = None) -> None:
        self._shown = (referentiel, recap, axis_id)
        self._fill()

    def on_resize(self) -> None:
        self._fill()

    def _fill(self) -> None:
        if self._shown is None or not self.size.width:
            return
        referentiel, recap, axis_id = self._shown
        width = self.size.width
        title_width = max(12, width - sum(w + _GAP for _, w in _COLUMNS))
        shown = {activity.id for axis in referentiel.axes if axis.id == axis_id for activity in axis.activities}
        rows = [
            row for row in recap_rows(referentiel, recap, objectives=False) if row.kind != "activity" or row.id in shown
        ]
        text = Text(no_wrap=True)
        # As many lines whatever the axis (blank lines first): moving to an axis with more
        # activities neither shifts the radar above nor sends the whole panel again.
        most = max((len(axis.activities) for axis in referentiel.axes), default=0)
        text.append("\n" * (most - len(shown)))
        # Spaces stay unstyled so that every cell of a row keeps its column in any rendering.
        text.append(" " * title_width)
        for header, column_width in _COLUMNS:
            text.append(" " * _GAP)
            text.append(header, style="bold")
            text.append(" " * (column_width - len(header)))
        for row in rows:
            text.append("\n")
            self._append_row(text, row, title_width, current=row.kind == "axis" and row.id == axis_id)
        self.update(text)

    @staticmethod
    def _append_row(text: Text, row: RecapRow, title_width: int, *, current: bool) -> None:
        """Title, %, implemented/applicable and trend; the axis being scored in reverse video."""
        if row.kind == "axis":
            title, style = f"Axe {row.id} · {row.title}", "bold"
        elif row.kind == "activity":
            title, style = f"  {row.id} {row.title}", ""
        else:
            title, style = "TOTAL", "bold"
        if len(title) > title_width:
            title = title[: title_width - 1] + "…"
        _, _, percent, implemented, _, trend = row.cells()
        figures = " " * _GAP + percent.rjust(7) + " " * _GAP + implemented.rjust(8)
        if current:
            text.append(title.ljust(title_width) + figures, style="bold reverse")
        else:
            text.append(title, style=style)
            text.append(" " * (title_width - len(title)) + figures)
        text.append(" " * _GAP)
        text.append(trend, style=TREND_STYLE.get(row.figures.trend.colour, ""))
