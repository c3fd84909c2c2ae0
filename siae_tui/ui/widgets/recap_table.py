"""The live recap as a DataTable: trend in colour *and* symbol and words."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import DataTable

from siae_tui.domain.model import Referentiel
from siae_tui.domain.recap_table import HEADERS, recap_rows
from siae_tui.domain.scoring import Recap

_TREND_STYLE = {"red": "bold red", "orange": "bold dark_orange", "yellow": "bold yellow", "green": "bold green",
                "blue": "bold blue", "grey": "bold"}


class RecapTable(DataTable):
    """Rows per axis, objective and activity, then the total, like the workbook's RECAP tab."""

    def __init__(self, *, compact: bool = False, **kwargs) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, **kwargs)
        self.compact = compact

    def on_mount(self) -> None:
        headers = ("", "%", "Mises en œuvre", "Tendance") if self.compact else ("", *HEADERS)
        self.add_columns(*headers)

    def show(self, referentiel: Referentiel, recap: Recap, axis_id: str | None = None) -> None:
        """Fill the table; a compact table shows the axes and one axis's activities."""
        cursor = self.cursor_row
        self.clear()
        for row in recap_rows(referentiel, recap, objectives=not self.compact):
            if self.compact and row.kind == "activity" and referentiel.locate_activity(row.id)[2].id != axis_id:
                continue
            figures = row.figures
            trend = Text(f"{figures.trend.symbol} {figures.trend.label}", style=_TREND_STYLE.get(figures.trend.colour, ""))
            if row.kind == "axis":
                title = Text(f"Axe {row.id} · {row.title}", style="bold")
            elif row.kind == "objective":
                title = Text(f" {row.title}", style="italic")
            elif row.kind == "activity":
                title = Text(f"   {row.id} {row.title}")
            else:
                title = Text("TOTAL", style="bold reverse")
            cells = row.cells()
            if self.compact and len(title) > 38:
                title.truncate(37)
                title.append("…")
            if self.compact:
                self.add_row(title, cells[2], cells[3], trend)
            else:
                self.add_row(title, *cells[:-1], trend)
        if cursor < self.row_count:
            self.move_cursor(row=cursor)
