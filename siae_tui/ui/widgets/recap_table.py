"""The live recap as a DataTable: trend in colour *and* symbol (and words when there is room)."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.widgets import DataTable

from siae_tui.domain.model import Referentiel
from siae_tui.domain.scoring import Recap
from siae_tui.report.recap import HEADERS, recap_rows

_TREND_STYLE = {
    "red": "bold red",
    "orange": "bold dark_orange",
    "yellow": "bold yellow",
    "green": "bold green",
    "blue": "bold blue",
    "grey": "bold",
}
#: Below this width the numbers keep their place: short headers, trend as a symbol, titles cut.
NARROW = 120
_NARROW_HEADERS = ("", "Score", "Max", "%", "Œuvre", "À noter", "Tend.")
_COMPACT_HEADERS = ("", "%", "Mises en œuvre", "Tendance")


class RecapTable(DataTable):
    """Rows per axis, objective and activity, then the total, like the workbook's RECAP tab."""

    def __init__(self, *, compact: bool = False, **kwargs: Any) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, **kwargs)
        self.compact = compact
        self._headers: tuple[str, ...] = ()
        self._shown: tuple[Referentiel, Recap, str | None] | None = None

    def on_resize(self) -> None:
        if self._shown is not None:
            self.show(*self._shown)

    def _layout(self) -> tuple[tuple[str, ...], int, bool]:
        """Headers, room for titles, and whether the trend is a symbol only, for the current width."""
        width = self.size.width or 200
        if self.compact:
            return _COMPACT_HEADERS, max(20, width - 44), False
        if width < NARROW:
            return _NARROW_HEADERS, max(18, width - 52), True
        return ("", *HEADERS), max(30, width - 82), False

    def show(self, referentiel: Referentiel, recap: Recap, axis_id: str | None = None) -> None:
        """Fill the table; a compact table shows the axes and one axis's activities."""
        self._shown = (referentiel, recap, axis_id)
        headers, room, symbol_only = self._layout()
        cursor = self.cursor_row
        if headers != self._headers:
            self.clear(columns=True)
            self.add_columns(*headers)
            self._headers = headers
        else:
            self.clear()
        for row in recap_rows(referentiel, recap, objectives=not self.compact):
            if self.compact and row.kind == "activity" and referentiel.locate_activity(row.id)[2].id != axis_id:
                continue
            figures = row.figures
            style = _TREND_STYLE.get(figures.trend.colour, "")
            trend = Text(
                figures.trend.symbol if symbol_only else f"{figures.trend.symbol} {figures.trend.label}", style=style
            )
            title = self._title(row.kind, row.id, row.title)
            if len(title) > room:
                title.truncate(room - 1)
                title.append("…")
            cells = row.cells()
            if self.compact:
                self.add_row(title, cells[2], cells[3], trend)
            else:
                self.add_row(title, *cells[:-1], trend)
        if 0 <= cursor < self.row_count:
            self.move_cursor(row=cursor)

    @staticmethod
    def _title(kind: str, identifier: str, title: str) -> Text:
        if kind == "axis":
            return Text(f"Axe {identifier} · {title}", style="bold")
        if kind == "objective":
            return Text(f" {title}", style="italic")
        if kind == "activity":
            return Text(f"   {identifier} {title}")
        return Text("TOTAL", style="bold reverse")
