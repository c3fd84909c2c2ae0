"""Export a session to a file and import one from a file: shared by the CLI and the TUI.

Both are all-or-nothing: the export is written atomically, the import is
fully validated before the session file is created.
"""

from __future__ import annotations

import stat
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from siae_tui.domain.importer import ImportRefused, parse_export
from siae_tui.domain.untrusted import MAX_JSON_BYTES, MissingFile, UntrustedData, decode_text, read_limited
from siae_tui.report.export_files import dossier_format_for, format_for, render_dossier, render_export
from siae_tui.store import Session, SessionError, SessionStore
from siae_tui.store.errors import describe_os_error
from siae_tui.store.lock import SessionLock
from siae_tui.store.serialise import FORMAT as SESSION_FORMAT
from siae_tui.store.storage import write_atomically
from siae_tui.workbook_import import WORKBOOK_SUFFIXES, NotAWorkbook, read_evaluation

#: How a session file starts: its document's ``format`` is near the top (an export has another format).
SESSION_FORMAT_MARK = f'"format": "{SESSION_FORMAT}"'.encode()


class TransferError(Exception):
    """An export or import that did not happen; the message is French and names the file."""


def export_to_file(session: Session, path: Path, fmt: str | None = None) -> Path:
    """Write the session's report to ``path`` (format from ``fmt`` or the extension)."""
    fmt = fmt or format_for(path)
    if fmt is None:
        raise TransferError(
            f"extension inconnue pour {path.name} : utilisez .md ou .html (rapport), .xlsx (classeur Excel), "
            ".csv (tableau) ou .json (données)"
        )
    chosen = fmt
    return _write_export(session, path, lambda: render_export(session.referentiel, session.evaluation, chosen))


def export_dossier_to_file(session: Session, path: Path, fmt: str | None = None) -> Path:
    """Write the session's « dossier de preuves » to ``path`` (md or html, from ``fmt`` or the extension)."""
    fmt = fmt or dossier_format_for(path)
    if fmt is None:
        raise TransferError(f"extension inconnue pour {path.name} : le dossier de preuves s'écrit en .md ou .html")
    chosen = fmt
    return _write_export(session, path, lambda: render_dossier(session.referentiel, session.evaluation, chosen))


def _write_export(session: Session, path: Path, render: Callable[[], str | bytes]) -> Path:
    """Check ``path`` may receive an export of ``session``, then write ``render()`` there atomically."""
    if not path.parent.is_dir():
        raise TransferError(f"dossier introuvable pour l'export : {path.parent}")
    _check_export_target(path)
    if path.parent.resolve() == session.path.parent.resolve():
        raise TransferError(
            f"export refusé : {path} est dans le dossier des sessions ; choisissez un autre dossier "
            "(un export n'est pas une session, et ce dossier est celui de siae-tui)"
        )
    lock = SessionLock(path)
    try:  # a session file being created or opened meanwhile keeps its lock: we do not write over it
        if lock.path.exists() and not lock.acquire(create=False):
            raise TransferError(f"export refusé : {path} est une session ouverte par un autre siae-tui")
    except SessionError as error:
        raise TransferError(f"export refusé : {error.message}") from None
    try:
        write_atomically(path, render())
    except OSError as error:
        raise TransferError(f"export impossible vers {path} : {describe_os_error(error)}") from None
    finally:
        lock.release()
    return path.resolve()


def write_text_file(path: Path, text: str) -> Path:
    """Write a report that is not a session's (a consolidation) with the same care as an export."""
    if not path.parent.is_dir():
        raise TransferError(f"dossier introuvable : {path.parent}")
    _check_export_target(path)
    try:
        write_atomically(path, text)
    except OSError as error:
        raise TransferError(f"écriture impossible vers {path} : {describe_os_error(error)}") from None
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


@dataclass(frozen=True)
class Imported:
    """A session created by an import, and what the import has to say (French, empty for JSON)."""

    session_id: str
    report: str = ""


def import_from_file(path: Path, store: SessionStore) -> str:
    """Create a session from a JSON export or a workbook; returns its id. Nothing is created on error."""
    return import_file(path, store).session_id


def import_file(path: Path, store: SessionStore) -> Imported:
    """Create a session from a JSON export (.json) or an Excel workbook (.xlsx), with the import's report."""
    report = ""
    try:
        if path.suffix.lower() in WORKBOOK_SUFFIXES:
            if not path.is_file():
                raise TransferError(f"fichier introuvable : {path}")
            workbook = read_evaluation(path, store.referentiels)
            evaluation, report = workbook.evaluation, workbook.reading.report()
        else:  # a JSON export: read within bounds (size, depth, integers) before parsing
            evaluation = parse_export(decode_text(read_limited(path, MAX_JSON_BYTES)), store.referentiels)
    except (FileNotFoundError, MissingFile):
        raise TransferError(f"fichier introuvable : {path}") from None
    except UntrustedData as error:
        raise TransferError(f"import refusé, rien n'a été créé ({path}) : {error.describe()}") from None
    except NotAWorkbook as error:
        raise TransferError(f"import refusé, rien n'a été créé ({path}) : {error}") from None
    except (OSError, UnicodeDecodeError) as error:
        raise TransferError(f"lecture impossible de {path} ({error})") from None
    except ImportRefused as refused:
        raise TransferError(f"import refusé, rien n'a été créé ({path}) :\n{refused}") from None
    try:
        session = store.create(evaluation)
    except SessionError as error:
        raise TransferError(error.message) from None
    session.close()
    return Imported(session.id, report)
