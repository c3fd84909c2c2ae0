"""Session ids: safe, readable file stems derived from what the team typed.

A SIAE name may contain accents, quotes, slashes or emoji; the file name must
never escape the sessions directory nor collide with another session.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterator

_MAX_LENGTH = 80
#: How many sessions may share a date, SIAE and label.
MAX_SAME_NAME = 10_000
#: Longer ids cannot be file names on common file systems (255 bytes with « .json » and the lock's dot).
MAX_ID_LENGTH = 200


def slugify(text: str) -> str:
    """ASCII lower-case words joined by '-', e.g. « Régie Élan / 2026 » -> regie-elan-2026."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")


def candidate_ids(date: dt.date, siae: str, label: str) -> Iterator[str]:
    """Ids to try for a new session, in order: date-siae-label, then -2, -3 … up to ``MAX_SAME_NAME``.

    Which one is free is decided by the store when it claims and creates the file,
    never by looking first (another siae-tui may take it in between).
    """
    parts = [date.isoformat(), slugify(siae), slugify(label)]
    base = "-".join(p for p in parts if p)[:_MAX_LENGTH].strip("-") or "session"
    yield base
    for n in range(2, MAX_SAME_NAME + 1):
        yield f"{base}-{n}"


def is_safe_id(session_id: str) -> bool:
    """Whether ``session_id`` names a file directly inside the sessions directory."""
    return (
        len(session_id) <= MAX_ID_LENGTH
        and bool(re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*", session_id))
        and ".." not in session_id
    )
