"""The live recap as a DataTable: trend in colour *and* symbol (and words when there is room).

The columns get explicit widths from the table's own width: the figures keep
their place and the titles take what is left (cut with « … »). A DataTable's
automatic widths only ever grow, which once let a long title push every
figure out of sight. When only the values change, the cells that changed are
updated in place; the table is rebuilt only when its width or its rows change.

With targets, « Cible » (the % with every target met) and, for a re-scoring,
« Préc. » (last year's %) follow the current %; to make room, the wide table
leaves out « Non notées » and the narrow one « Score », « Max » and « En place »
(the % says them in one figure). Without targets the table is as it was.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.widgets import DataTable

from siae_tui.domain.model import Referentiel
from siae_tui.domain.scoring import Recap
from siae_tui.report.french import percent
from siae_tui.report.recap import RecapRow, recap_rows

#: The colour of each trend (the symbol and words say it too).
TREND_STYLE = {
    "red": "bold red",
    "orange": "bold dark_orange",
    "yellow": "bold yellow",
    "green": "bold green",
    "blue": "bold blue",
    "grey": "bold",
}
#: Below this width the trend is a symbol only (its legend is under the table).
NARROW = 120
#: Each column's header and width, for a wide and a narrow table (the side panel beside the walk
#: is ``LiveRecap``).
_WIDE = (("Score", 5), ("Max", 5), ("%", 7), ("Mises en œuvre", 14), ("Non notées", 10), ("Tendance", 16))
_NARROW = (("Score", 5), ("Max", 4), ("%", 7), ("En place", 8), ("Sans note", 9), ("Tend.", 5))
#: The columns that say the targets (and last year), put after the current %.
_TARGET, _PREVIOUS = ("Cible", 7), ("Préc.", 7)
#: What each layout leaves out to make room for them.
_LEFT_OUT_WIDE = ("Non notées",)
_LEFT_OUT_NARROW = ("Score", "Max", "En place")
#: Room kept for the vertical scrollbar.
_SCROLLBAR = 2


class RecapTable(DataTable[Text]):
    """Rows per axis, objective and activity, then the total, like the workbook's RECAP tab."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, **kwargs)
        self._shown: tuple[Referentiel, Recap, Recap | None, Recap | None] | None = None
        self._built: tuple[object, ...] | None = None
        self._cells: dict[str, tuple[Text, ...]] = {}

    def show(
        self, referentiel: Referentiel, recap: Recap, target: Recap | None = None, previous: Recap | None = None
    ) -> None:
        """Show ``recap``: every axis, objective and activity, then the total.

        ``target`` (``domain.targets.target_recap``) adds the « Cible » column and,
        with it, ``previous`` (the evaluation this one re-scores) the « Préc. » one.
        """
        self._shown = (referentiel, recap, target, previous if target is not None else None)
        self._refill()

    def on_resize(self) -> None:
        self._refill()

    def _columns(self, width: int) -> tuple[tuple[tuple[str, int], ...], bool]:
        """The figures' columns (header, width) for ``width``, and whether the trend is a symbol only."""
        narrow = width < NARROW
        columns = _NARROW if narrow else _WIDE
        if self._shown is None or self._shown[2] is None:
            return columns, narrow
        left_out = _LEFT_OUT_NARROW if narrow else _LEFT_OUT_WIDE
        extra = (_TARGET, _PREVIOUS) if self._shown[3] is not None else (_TARGET,)
        kept = [column for column in columns if column[0] not in left_out]
        place = next(index for index, (header, _) in enumerate(kept) if header == "%") + 1
        return (*kept[:place], *extra, *kept[place:]), narrow

    def _refill(self) -> None:
        width = self.size.width
        if self._shown is None or width == 0:
            return  # drawn once the table knows its width
        referentiel, recap, target, previous = self._shown
        figures, symbol_only = self._columns(width)
        title_width = max(12, width - _SCROLLBAR - sum(w + 2 * self.cell_padding for _, w in figures) - 2)
        rows = recap_rows(referentiel, recap, target=target, previous=previous)
        cells = {f"{row.kind}:{row.id}": self._row_cells(row, title_width, symbol_only) for row in rows}
        layout = (width, figures, tuple(cells))
        if layout != self._built:
            cursor = self.cursor_row
            self.clear(columns=True)
            self.add_column("", width=title_width, key="title")
            for header, column_width in figures:
                self.add_column(header, width=column_width, key=header)
            for key, row_cells in cells.items():
                self.add_row(*row_cells, key=key)
            if 0 <= cursor < self.row_count:
                self.move_cursor(row=cursor)
            self._built = layout
        else:
            keys = ("title", *(header for header, _ in figures))
            for key, row_cells in cells.items():
                for column, old, new in zip(keys, self._cells[key], row_cells, strict=True):
                    if old != new:
                        self.update_cell(key, column, new)
        self._cells = cells

    def _row_cells(self, row: RecapRow, title_width: int, symbol_only: bool) -> tuple[Text, ...]:
        figures = row.figures
        style = TREND_STYLE.get(figures.trend.colour, "")
        trend = Text(figures.trend.symbol if symbol_only else row.trend, style=style)
        title = self._title(row.kind, row.id, row.title)
        if title.cell_len > title_width:
            title.truncate(title_width - 1)
            title.append("…")
        figures_columns, _ = self._columns(self.size.width)
        widths = dict(figures_columns)
        score, maximum, current, implemented, unscored, _ = row.cells()
        values = {"Score": score, "Max": maximum, "%": current, "Mises en œuvre": implemented, "En place": implemented}
        values |= {"Non notées": unscored, "Sans note": unscored}
        if row.target is not None:
            values["Cible"] = percent(row.target.percent)
        if row.previous is not None:
            values["Préc."] = percent(row.previous.percent)
        # Figures are right-aligned so that units, tens and decimal commas line up down a column.
        numbers = [Text(values[h].rjust(widths[h])) for h, _ in figures_columns if h in values]
        return (title, *numbers, trend)

    @staticmethod
    def _title(kind: str, identifier: str, title: str) -> Text:
        if kind == "axis":
            return Text(f"Axe {identifier} · {title}", style="bold")
        if kind == "objective":
            return Text(f" {title}", style="italic")
        if kind == "activity":
            return Text(f"   {identifier} {title}")
        return Text("TOTAL", style="bold reverse")
