"""One writer per session: an advisory lock on a hidden sidecar file.

The lock is ``flock`` on ``.<session>.lock`` beside the session file (not on
the session file itself, which ``os.replace`` swaps at every write). The
kernel releases it when the process dies, so a crashed siae-tui never leaves
a session locked for ever.

The sidecar is opened with ``O_NOFOLLOW`` and must be a regular file: a
symlink planted under that name would otherwise make us truncate its target.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import stat
from pathlib import Path

from siae_tui.store.errors import SessionError, describe_os_error

_FLAGS = os.O_RDWR | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC


def lock_path_for(session_path: Path) -> Path:
    return session_path.with_name(f".{session_path.stem}.lock")


class SessionLock:
    """An exclusive, non-blocking lock held while a session is open for writing."""

    def __init__(self, session_path: Path) -> None:
        self.path = lock_path_for(session_path)
        self._descriptor: int | None = None

    def acquire(self, *, create: bool = True) -> bool:
        """Take the lock; False when another process holds it (or, with ``create=False``, no lock file exists).

        Raises ``SessionError`` (French) when the lock file cannot be made: read-only folder, full
        disk, or a symlink or other non-regular file planted under its name.
        """
        try:
            descriptor = os.open(self.path, _FLAGS | (os.O_CREAT if create else 0), 0o600)
        except FileNotFoundError:
            if create:
                raise SessionError(self.path, "dossier des sessions introuvable") from None
            return False
        except OSError as error:
            if error.errno == errno.ELOOP:
                raise SessionError(
                    self.path,
                    "le fichier de verrou est un lien symbolique : refusé (supprimez-le s'il n'est pas à vous)",
                ) from None
            raise SessionError(self.path, f"verrou impossible à poser : {describe_os_error(error)}") from None
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            os.close(descriptor)
            raise SessionError(self.path, "le fichier de verrou n'est pas un fichier ordinaire : refusé")
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(descriptor)
            return False
        # The pid only helps the « ouverte par le processus N » message: a full disk must not stop the lock.
        with contextlib.suppress(OSError):
            os.ftruncate(descriptor, 0)
            os.write(descriptor, f"{os.getpid()}\n".encode())
        self._descriptor = descriptor
        return True

    def holder_pid(self) -> int | None:
        """The pid written by the current holder, when readable."""
        try:
            descriptor = os.open(self.path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
        except OSError:
            return None
        try:
            if not stat.S_ISREG(os.fstat(descriptor).st_mode):
                return None
            return int(os.read(descriptor, 32).decode("ascii").strip())
        except (OSError, ValueError):
            return None
        finally:
            os.close(descriptor)

    def release(self) -> None:
        if self._descriptor is not None:
            fcntl.flock(self._descriptor, fcntl.LOCK_UN)
            os.close(self._descriptor)
            self._descriptor = None

    @property
    def held(self) -> bool:
        return self._descriptor is not None
