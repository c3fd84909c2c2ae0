"""Session persistence: one durable TinyDB JSON file per evaluation.

Only this package touches session files; the UI and the CLI go through
``SessionStore`` and ``Session``.
"""

from siae_tui.store.errors import SessionError, SessionLocked
from siae_tui.store.session import Session
from siae_tui.store.session_store import SessionStore, SessionSummary

__all__ = ["Session", "SessionError", "SessionLocked", "SessionStore", "SessionSummary"]
