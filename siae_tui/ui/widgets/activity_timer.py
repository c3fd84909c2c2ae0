"""The workshop's activity timer: how long the room spends on each activity.

The widget owns its clock and its ticking display; it never writes. When
time must be booked (the walk reached another activity, or the timer
stopped) it hands the screen a ``Booking``, and the screen saves it through
the one write path, like any other change.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from textual.timer import Timer
from textual.widgets import Static


@dataclass(frozen=True)
class Booking:
    """Seconds spent on one activity, to add to the session."""

    activity_id: str
    seconds: int


class ActivityTimer(Static):
    """« ⏱ Activité 1.1 : 02:05 (T pour arrêter) », hidden while the timer is off."""

    #: The timer's clock (a test replaces it without touching the event loop's).
    clock = staticmethod(time.monotonic)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__("", **kwargs)
        self.activity_id: str | None = None
        self._started = 0.0
        self._booked = 0
        self._ticker: Timer | None = None

    @property
    def running(self) -> bool:
        return self.activity_id is not None

    def on_mount(self) -> None:
        self._show()

    def start(self, activity_id: str, booked: int) -> None:
        """Start timing ``activity_id``, which already has ``booked`` seconds."""
        self.activity_id, self._booked, self._started = activity_id, booked, self.clock()
        self._ticker = self.set_interval(1, self._show)
        self._show()

    def follow(self, activity_id: str, booked: int) -> Booking | None:
        """The walk is on ``activity_id``: book the previous activity's time if it changed."""
        if self.activity_id is None or activity_id == self.activity_id:
            return None
        booking = self._elapsed()
        self.activity_id, self._booked = activity_id, booked
        self._show()
        return booking

    def stop(self) -> Booking | None:
        """Stop the timer; the time not yet booked is returned."""
        if self.activity_id is None:
            return None
        booking = self._elapsed()
        self.activity_id = None
        if self._ticker is not None:
            self._ticker.stop()
            self._ticker = None
        self._show()
        return booking

    def _elapsed(self) -> Booking:
        assert self.activity_id is not None
        now = self.clock()
        seconds, self._started = int(now - self._started), now
        return Booking(self.activity_id, seconds)

    def _show(self) -> None:
        self.display = self.running
        if self.activity_id is None:
            return
        total = self._booked + int(self.clock() - self._started)
        self.update(f"⏱ Activité {self.activity_id} : {total // 60:02d}:{total % 60:02d} (T pour arrêter)")
