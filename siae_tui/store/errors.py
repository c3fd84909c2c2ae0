"""Store errors: French messages that always name the file."""

from __future__ import annotations

import errno
from pathlib import Path

from siae_tui.domain.text import clean_message


class SessionError(Exception):
    """A session that cannot be read or written; ``message`` is for the user."""

    def __init__(self, path: Path | str | None, message: str) -> None:
        self.path = Path(path) if path is not None else None
        # Messages quote names from files (ids, keys, file names): no terminal escape may ride along.
        self.message = clean_message(f"{message} ({self.path})" if self.path is not None else message)
        super().__init__(self.message)


class SessionLocked(SessionError):
    """Another siae-tui is editing this session; it may still be opened read-only."""


def describe_os_error(error: OSError) -> str:
    """A French explanation of why a read or a write failed (the user never sees ``Errno``)."""
    if error.errno == errno.ENOSPC or error.errno == errno.EDQUOT:
        return "le disque est plein"
    if error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return "le dossier des sessions n'est pas accessible en écriture"
    if error.errno == errno.ENAMETOOLONG:
        return "nom de fichier trop long"
    if error.errno == errno.EISDIR:
        return "c'est un dossier, pas un fichier"
    if error.errno == errno.ELOOP:
        return "lien symbolique refusé"
    if error.errno == errno.EIO:
        return "erreur d'entrée-sortie du disque"
    return f"erreur système (code {errno.errorcode.get(error.errno or 0, error.errno)})"
