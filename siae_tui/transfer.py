"""Export a session to a file and import one from a file: shared by the CLI and the TUI.

Both are all-or-nothing: the export is written atomically, the import is
fully validated before the session file is created.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from siae_tui.domain.importer import ImportRefused, parse_export
from siae_tui.report.export_files import format_for, render_export
from siae_tui.store import Session, SessionError, SessionStore
from siae_tui.store.session import describe_os_error
from siae_tui.store.storage import write_atomically
from siae_tui.workbook_import import WORKBOOK_SUFFIXES, NotAWorkbook, read_evaluation


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
    if not path.parent.is_dir():
        raise TransferError(f"dossier introuvable pour l'export : {path.parent}")
    try:
        content = render_export(session.referentiel, session.evaluation, fmt)
        if isinstance(content, bytes):
            _write_bytes_atomically(path, content)
        else:
            write_atomically(path, content)
    except OSError as error:
        raise TransferError(f"export impossible vers {path} : {describe_os_error(error)}") from None
    return path.resolve()


def _write_bytes_atomically(path: Path, content: bytes) -> None:
    """``write_atomically`` for a binary file (the workbook): temporary file, fsync, replace."""
    descriptor, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise


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
    if not path.is_file():
        raise TransferError(f"fichier introuvable : {path}")
    report = ""
    try:
        if path.suffix.lower() in WORKBOOK_SUFFIXES:
            workbook = read_evaluation(path, store.referentiels)
            evaluation, report = workbook.evaluation, workbook.reading.report()
        else:
            evaluation = parse_export(path.read_text(encoding="utf-8"), store.referentiels)
    except FileNotFoundError:
        raise TransferError(f"fichier introuvable : {path}") from None
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
