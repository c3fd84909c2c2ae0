"""The practice being scored, in a box that keeps its height from one practice to the next."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from textual.visual import visualize

from siae_tui.ui.widgets.live_text import LiveText

#: The box keeps the height that this share of the practices needs: a rare longer one grows it
#: while it is shown (one jump, rather than a box too tall for every other practice).
COVERED = 0.95
#: Never reserve more than this (the box itself scrolls beyond 6 lines).
MOST_LINES = 6


class PracticeText(LiveText):
    """Reserves the lines that nearly every practice needs at the current width (see ``COVERED``).

    If the box followed each practice's length, every move between a one-line and a
    two-line practice would shift the scale and the note below it: the room's eyes lose
    their place, and the terminal receives the whole screen again instead of the few
    cells that changed. A practice longer than the reserve still shows whole.
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__("", **kwargs)
        self._texts: tuple[str, ...] = ()
        self._reserved: dict[int, int] = {}

    def reserve(self, texts: Iterable[str]) -> None:
        """The texts this box will show: it keeps the room nearly all of them need."""
        self._texts = tuple(texts)
        self._reserved.clear()
        self.refresh(layout=True)

    def content_height(self, width: int) -> int:
        if width not in self._reserved:
            rules = self.styles
            heights = sorted(
                visualize(self, text, markup=False).get_height(rules, width)  # type: ignore[arg-type]  # as Widget does
                for text in self._texts
            )
            usual = heights[int(COVERED * (len(heights) - 1))] if heights else 1
            self._reserved[width] = min(usual, MOST_LINES)
        return max(super().content_height(width), self._reserved[width])
