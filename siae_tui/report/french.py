"""French dates and numbers: the one place that decides how they are written.

Every screen, report and CLI output goes through these helpers, so a figure
never reads « 7.5 % » in one place and « 7,5 % » in another.
"""

from __future__ import annotations

import datetime as dt
import re


def french_date(date: dt.date) -> str:
    """12/03/2026: the way French teams write dates."""
    return f"{date.day:02d}/{date.month:02d}/{date.year:04d}"


MONTHS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)


def long_date(date: dt.date) -> str:
    """25 novembre 2026, 1er mars 2026: the date as a report's header writes it."""
    day = "1er" if date.day == 1 else str(date.day)
    return f"{day} {MONTHS[date.month - 1]} {date.year}"


def month_year(date: dt.date) -> str:
    """03/2026: a short date for chart ticks."""
    return f"{date.month:02d}/{date.year:04d}"


def parse_french_date(text: str) -> dt.date | None:
    """Read JJ/MM/AAAA (or AAAA-MM-JJ); None when it is not a real date."""
    text = text.strip()
    for pattern in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


def date_mistake(text: str, example: str = "12/03/2026") -> str:
    """What a form says of ``text`` that ``parse_french_date`` refused: a day the calendar
    does not have (31/02/2026 is written the right way), or the way to write a date."""
    shown = text.strip()
    if re.fullmatch(r"\d{1,2}/\d{1,2}/\d{4}", shown):
        return f"Date invalide « {shown} » : ce jour n'existe pas dans le calendrier."
    return f"Date invalide « {shown} » : écrivez-la JJ/MM/AAAA (ex. {example})."


def number(value: float, decimals: int = 1) -> str:
    """7,5: a decimal number with a French decimal comma."""
    return f"{value:.{decimals}f}".replace(".", ",")


def percent(value: float, decimals: int = 1) -> str:
    """7,5 %: a percentage, with the non-breaking habit of a space before the sign."""
    return f"{number(value, decimals)} %"


def signed(value: float, decimals: int = 1) -> str:
    """+7,5 / -2,0 / 0,0: a difference in points, the sign always shown (none for zero)."""
    text = f"{value:+.{decimals}f}".replace(".", ",")
    return text[1:] if float(f"{value:.{decimals}f}") == 0 else text


def short_number(value: float) -> str:
    """34 or 66,7: a threshold written without useless decimals."""
    return f"{value:g}".replace(".", ",")


def clock_time(moment: dt.datetime) -> str:
    """14:05: the time of day, as on a wall clock."""
    return f"{moment.hour:02d}:{moment.minute:02d}"
