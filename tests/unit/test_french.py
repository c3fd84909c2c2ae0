"""French dates as the reports write them."""

from __future__ import annotations

import datetime as dt

import pytest

from siae_tui.report.french import long_date


@pytest.mark.parametrize(
    "date,expected",
    [
        (dt.date(2026, 11, 25), "25 novembre 2026"),
        (dt.date(2026, 3, 1), "1er mars 2026"),
        (dt.date(2025, 8, 15), "15 août 2025"),
        (dt.date(2027, 2, 2), "2 février 2027"),
    ],
)
def test_long_date(date: dt.date, expected: str) -> None:
    assert long_date(date) == expected
