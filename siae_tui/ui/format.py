"""French formatting of dates and values for the screens."""

from __future__ import annotations

import datetime as dt


def french_date(date: dt.date) -> str:
    """12/03/2026: the way French teams write dates."""
    return date.strftime("%d/%m/%Y")


def parse_french_date(text: str) -> dt.date | None:
    """Read JJ/MM/AAAA (or AAAA-MM-JJ); None when it is not a real date."""
    text = text.strip()
    for pattern in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None
