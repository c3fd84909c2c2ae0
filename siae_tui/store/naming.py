"""Session ids: safe, readable file stems derived from what the team typed.

A SIAE name may contain accents, quotes, slashes or emoji; the file name must
never escape the sessions directory nor collide with another session.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from pathlib import Path

_MAX_LENGTH = 80


def slugify(text: str) -> str:
    """ASCII lower-case words joined by '-', e.g. « Régie Élan / 2026 » -> regie-elan-2026."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")


def session_id_for(date: dt.date, siae: str, label: str, directory: Path) -> str:
    """A new id, unique in ``directory`` (and its trash), made of date, SIAE and label."""
    parts = [date.isoformat(), slugify(siae), slugify(label)]
    base = "-".join(p for p in parts if p)[:_MAX_LENGTH].strip("-") or "session"
    candidate, n = base, 2
    while (directory / f"{candidate}.json").exists():
        candidate, n = f"{base}-{n}", n + 1
    return candidate


def is_safe_id(session_id: str) -> bool:
    """Whether ``session_id`` names a file directly inside the sessions directory."""
    return bool(re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*", session_id)) and ".." not in session_id
