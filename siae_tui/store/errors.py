"""Store errors: French messages that always name the file."""

from __future__ import annotations

from pathlib import Path


class SessionError(Exception):
    """A session that cannot be read or written; ``message`` is for the user."""

    def __init__(self, path: Path | str | None, message: str) -> None:
        self.path = Path(path) if path is not None else None
        self.message = f"{message} ({self.path})" if self.path is not None else message
        super().__init__(self.message)


class SessionLocked(SessionError):
    """Another siae-tui is editing this session; it may still be opened read-only."""
