"""Export a session to a file and import one from a file: shared by the CLI and the TUI.

Both are all-or-nothing: the export is written atomically, the import is
fully validated before the session file is created.
"""

from __future__ import annotations

import stat
from pathlib import Path

from siae_tui.domain.importer import ImportRefused, parse_export
from siae_tui.domain.untrusted import MAX_JSON_BYTES, MissingFile, UntrustedData, decode_text, read_limited
from siae_tui.report.export_files import format_for, render_export
from siae_tui.store import Session, SessionError, SessionStore
from siae_tui.store.errors import describe_os_error
from siae_tui.store.lock import SessionLock
from siae_tui.store.serialise import FORMAT as SESSION_FORMAT
from siae_tui.store.storage import write_atomically

#: How a session file starts: its document's ``format`` is near the top (an export has another format).
SESSION_FORMAT_MARK = f'"format": "{SESSION_FORMAT}"'.encode()


class TransferError(Exception):
    """An export or import that did not happen; the message is French and names the file."""


def export_to_file(session: Session, path: Path, fmt: str | None = None) -> Path:
    """Write the session's report to ``path`` (format from ``fmt`` or the extension)."""
    fmt = fmt or format_for(path)
    if fmt is None:
        raise TransferError(f"extension inconnue pour {path.name} : utilisez .md (rapport) ou .json (données)")
    if not path.parent.is_dir():
        raise TransferError(f"dossier introuvable pour l'export : {path.parent}")
    _check_export_target(path)
    lock = SessionLock(path)
    try:  # a session file being created or opened meanwhile keeps its lock: we do not write over it
        if lock.path.exists() and not lock.acquire(create=False):
            raise TransferError(f"export refusé : {path} est une session ouverte par un autre siae-tui")
    except SessionError as error:
        raise TransferError(f"export refusé : {error.message}") from None
    try:
        write_atomically(path, render_export(session.referentiel, session.evaluation, fmt))
    except OSError as error:
        raise TransferError(f"export impossible vers {path} : {describe_os_error(error)}") from None
    finally:
        lock.release()
    return path.resolve()


def _check_export_target(path: Path) -> None:
    """Only a new path or a regular file that is not a siae-tui session may receive an export.

    The export replaces the file (atomically): a symlink, a FIFO or a device such as
    ``/dev/full`` would be replaced by a plain file, and a session would be lost.
    """
    try:
        status = path.lstat()
    except FileNotFoundError:
        return
    except OSError as error:
        raise TransferError(f"export impossible vers {path} : {describe_os_error(error)}") from None
    if stat.S_ISLNK(status.st_mode):
        raise TransferError(f"export refusé : {path} est un lien symbolique (indiquez le fichier lui-même)")
    if stat.S_ISDIR(status.st_mode):
        raise TransferError(f"export refusé : {path} : c'est un dossier (indiquez un nom de fichier)")
    if not stat.S_ISREG(status.st_mode):
        raise TransferError(f"export refusé : {path} n'est pas un fichier ordinaire (périphérique, tube…)")
    try:
        with path.open("rb") as handle:
            start = handle.read(4096)
    except OSError:
        return  # unreadable: the write below will say why, if it fails
    if SESSION_FORMAT_MARK in start:
        raise TransferError(
            f"export refusé : {path} est un fichier de session siae-tui (choisissez un autre nom, rien n'a été écrasé)"
        )


def import_from_file(path: Path, store: SessionStore) -> str:
    """Create a session from a JSON export; returns its id. Nothing is created on error."""
    try:
        text = decode_text(read_limited(path, MAX_JSON_BYTES))
    except MissingFile:
        raise TransferError(f"fichier introuvable : {path}") from None
    except UntrustedData as error:
        raise TransferError(f"import refusé, rien n'a été créé ({path}) : {error.describe()}") from None
    try:
        evaluation = parse_export(text, store.referentiels)
    except ImportRefused as refused:
        raise TransferError(f"import refusé, rien n'a été créé ({path}) :\n{refused}") from None
    try:
        session = store.create(evaluation)
    except SessionError as error:
        raise TransferError(error.message) from None
    session.close()
    return session.id
