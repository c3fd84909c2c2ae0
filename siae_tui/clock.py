"""The one place siae-tui reads the calendar and the wall clock.

A new session's default date, a re-scoring's date, the date printed on a report,
the stamps a session file records, the pause screen's clock, the name of a rescue
file, the dates inside a workbook: all ask ``CLOCK``. So a test sets the time of the
whole program in one place (``tests/conftest.py`` freezes it for the whole suite), and
a screen cannot read another clock: ruff's banned-API rule (``pyproject.toml``)
refuses ``date.today()``, ``datetime.now()``, ``time.time()`` and their kin everywhere
else. The domain never asks (its rules are the same at any hour): what it
needs of the time, such as the date of an evaluation, it is given.

Durations (the note's autosave, the activity timer, the room's rate limits) are
measured on the monotonic clock of the widget or server that needs them, which the
tests replace where they drive one.
"""

from __future__ import annotations

import datetime as dt


class Clock:
    """Today's date and the time now, as the people in the room read them."""

    def today(self) -> dt.date:
        return dt.date.today()

    def now(self) -> dt.datetime:
        """The local time (the pause screen's clock, names of files written for the user)."""
        return dt.datetime.now()

    def utc(self) -> dt.datetime:
        """The time now in UTC (the stamps of files, which do not depend on where they are read)."""
        return dt.datetime.now(dt.UTC)

    def timestamp(self) -> str:
        """The current time, to the second, in UTC ISO 8601 (what session files record)."""
        return self.utc().replace(microsecond=0).isoformat()


CLOCK = Clock()
