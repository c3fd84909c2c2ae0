"""Text that repaints only the cells that changed: what keeps a key light on the wire.

A Textual ``Static`` repaints its whole region whenever ``update`` is called, and the
terminal receives every cell of it again, changed or not: at 200x50 a scoring key
re-sent the whole radar (15 KB), and at 80x24 a move re-sent the location bar, the
practice and the scale. ``LiveText`` renders its content the way a ``Static`` does,
compares the new lines with the ones on screen, and asks Textual to repaint only the
span of each line that differs (``Widget.refresh(*regions)``). The same content twice
costs nothing; a changed height (an auto-height widget gaining a line) asks for a
layout as ``Static`` would.
"""

from __future__ import annotations

from typing import Any

from rich.cells import cell_len
from rich.style import Style
from textual.geometry import Region, Size
from textual.strip import Strip
from textual.visual import Visual, VisualType, visualize
from textual.widget import Widget


def _cells(strip: Strip) -> list[tuple[str, Style | None]]:
    """One entry per terminal cell (a wide character's second cell is an empty string)."""
    cells: list[tuple[str, Style | None]] = []
    for text, style, control in strip:
        if control:
            continue
        for character in text:
            cells.append((character, style))
            if cell_len(character) == 2:
                cells.append(("", style))
    return cells


def changed_regions(before: list[Strip], after: list[Strip]) -> list[Region]:
    """For each line that differs, the region from its first to its last changed cell.

    A line present in one list only (content that gained or lost a line) differs from a
    blank line, wherever it is.
    """
    regions = []
    blank = Strip([])
    for y in range(max(len(before), len(after))):
        old = before[y] if y < len(before) else blank
        new = after[y] if y < len(after) else blank
        if old == new:
            continue
        old_cells, new_cells = _cells(old), _cells(new)
        width = max(len(old_cells), len(new_cells))
        old_cells += [("", None)] * (width - len(old_cells))
        new_cells += [("", None)] * (width - len(new_cells))
        differ = [x for x in range(width) if old_cells[x] != new_cells[x]]
        if differ:
            regions.append(Region(differ[0], y, differ[-1] - differ[0] + 1, 1))
    return regions


class LiveText(Widget):
    """A ``Static`` that sends only what changed: call ``show`` as often as you like."""

    DEFAULT_CSS = """
    LiveText {
        height: auto;
    }
    """

    def __init__(self, content: VisualType = "", **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._content: VisualType = content
        self._visual: Visual | None = None
        #: The last lines computed, with what they were computed from (visual, width, height, style).
        self._strips: tuple[tuple[object, ...], list[Strip]] | None = None
        #: How many times the content changed, and how many repaints that asked for (for tests).
        self.changes = 0

    @property
    def content(self) -> VisualType:
        return self._content

    @property
    def visual(self) -> Visual:
        if self._visual is None:
            self._visual = visualize(self, self._content, markup=False)
        return self._visual

    def render(self) -> Visual:
        return self.visual

    def content_height(self, width: int) -> int:
        """Lines the content needs at ``width`` (a subclass may reserve more, to keep still)."""
        return self.visual.get_height(self.styles, width)  # type: ignore[arg-type]  # as Widget does

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return self.content_height(width) if width else 0

    def _lines(self, visual: Visual, height: int | None) -> list[Strip]:
        key = (visual, self.size.width, height, self.visual_style)
        if self._strips is None or self._strips[0] != key:
            self._strips = (key, Visual.to_strips(self, visual, self.size.width, height, self.visual_style))
        return self._strips[1]

    def update(self, content: VisualType = "") -> None:
        """Show ``content``, repainting only the cells that differ from what is on screen."""
        if content == self._content and type(content) is type(self._content):
            return
        self.changes += 1
        old_visual = self.visual
        self._content = content
        self._visual = visualize(self, content, markup=False)
        width, height = self.size
        if not self.is_mounted or not width or not self.display:
            self.refresh(layout=True)
            return
        auto_height = self.styles.height is None or self.styles.height.is_auto
        if auto_height and self.content_height(width) != height:
            self.refresh(layout=True)
            return
        before = self._lines(old_visual, height)
        after = self._lines(self._visual, height)
        regions = changed_regions(before, after)
        if regions:
            self.refresh(*regions)
