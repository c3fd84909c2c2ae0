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


def test_a_refused_date_is_told_why_in_french() -> None:
    from siae_tui.report.french import date_mistake

    assert date_mistake("31/02/2026") == "Date invalide « 31/02/2026 » : ce jour n'existe pas dans le calendrier."
    assert date_mistake(" 1/1/26 ") == "Date invalide « 1/1/26 » : écrivez-la JJ/MM/AAAA (ex. 12/03/2026)."
    assert date_mistake("demain") == "Date invalide « demain » : écrivez-la JJ/MM/AAAA (ex. 12/03/2026)."
