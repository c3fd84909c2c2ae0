"""The practice being scored, in a box that keeps its height from one practice to the next."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from textual.visual import visualize

from siae_tui.ui.widgets.live_text import LiveText

#: The box keeps room for the longest practice, up to this many lines; on a short terminal
#: (fewer than ``TALL`` rows, where the walk also drops its blank lines) up to ``SHORT_LINES``,
#: so the note keeps its room: every practice of the default référentiel fits at 80 columns.
#: A practice longer than that grows the box while it is shown (one jump, for a rare practice).
MOST_LINES = 6
SHORT_LINES = 4
TALL = 30


class PracticeText(LiveText):
    """Reserves the lines the longest practice needs at the current width (see ``MOST_LINES``).

    If the box followed each practice's length, every move between a one-line and a
    two-line practice would shift the scale and the note below it: the room's eyes lose
    their place, and the terminal receives the whole screen again instead of the few
    cells that changed. A practice longer than the reserve still shows whole.
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__("", **kwargs)
        self._texts: tuple[str, ...] = ()
        self._reserved: dict[tuple[int, int], int] = {}

    def reserve(self, texts: Iterable[str]) -> None:
        """The texts this box will show: it keeps room for the longest."""
        self._texts = tuple(texts)
        self._reserved.clear()
        self.refresh(layout=True)

    def content_height(self, width: int) -> int:
        cap = MOST_LINES if self.screen.size.height >= TALL else SHORT_LINES
        if (width, cap) not in self._reserved:
            rules = self.styles
            longest = 0
            for text in self._texts:
                longest = max(longest, visualize(self, text, markup=False).get_height(rules, width))  # type: ignore[arg-type]  # as Widget does
                if longest >= cap:
                    break
            self._reserved[(width, cap)] = min(longest, cap)
        return max(super().content_height(width), self._reserved[(width, cap)])
