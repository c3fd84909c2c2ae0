"""One writer per session: an advisory lock on a hidden sidecar file.

The lock is ``flock`` on ``.<session>.lock`` beside the session file (not on
the session file itself, which ``os.replace`` swaps at every write). The
kernel releases it when the process dies, so a crashed siae-tui never leaves
a session locked for ever.
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path


def lock_path_for(session_path: Path) -> Path:
    return session_path.with_name(f".{session_path.stem}.lock")


class SessionLock:
    """An exclusive, non-blocking lock held while a session is open for writing."""

    def __init__(self, session_path: Path) -> None:
        self.path = lock_path_for(session_path)
        self._descriptor: int | None = None

    def acquire(self) -> bool:
        """Take the lock; False when another process holds it."""
        descriptor = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(descriptor)
            return False
        os.ftruncate(descriptor, 0)
        os.write(descriptor, f"{os.getpid()}\n".encode())
        self._descriptor = descriptor
        return True

    def holder_pid(self) -> int | None:
        """The pid written by the current holder, when readable."""
        try:
            return int(self.path.read_text().strip())
        except (OSError, ValueError):
            return None

    def release(self) -> None:
        if self._descriptor is not None:
            fcntl.flock(self._descriptor, fcntl.LOCK_UN)
            os.close(self._descriptor)
            self._descriptor = None

    @property
    def held(self) -> bool:
        return self._descriptor is not None
