"""Export a session to a file and import one from a file: shared by the CLI and the TUI.

Both are all-or-nothing: the export is written atomically, the import is
fully validated before the session file is created.
"""

from __future__ import annotations

from pathlib import Path

from siae_tui.domain.export_files import format_for, render_export
from siae_tui.domain.importer import ImportRefused, parse_export
from siae_tui.domain.untrusted import MAX_JSON_BYTES, UntrustedData, decode_text, read_limited
from siae_tui.store import Session, SessionError, SessionStore
from siae_tui.store.errors import describe_os_error
from siae_tui.store.storage import write_atomically


class TransferError(Exception):
    """An export or import that did not happen; the message is French and names the file."""


def export_to_file(session: Session, path: Path, fmt: str | None = None) -> Path:
    """Write the session's report to ``path`` (format from ``fmt`` or the extension)."""
    fmt = fmt or format_for(path)
    if fmt is None:
        raise TransferError(f"extension inconnue pour {path.name} : utilisez .md (rapport) ou .json (données)")
    if not path.parent.is_dir():
        raise TransferError(f"dossier introuvable pour l'export : {path.parent}")
    try:
        write_atomically(path, render_export(session.referentiel, session.evaluation, fmt))
    except OSError as error:
        raise TransferError(f"export impossible vers {path} : {describe_os_error(error)}") from None
    return path.resolve()


def import_from_file(path: Path, store: SessionStore) -> str:
    """Create a session from a JSON export; returns its id. Nothing is created on error."""
    try:
        text = decode_text(read_limited(path, MAX_JSON_BYTES))
    except UntrustedData as error:
        if not path.exists():
            raise TransferError(f"fichier introuvable : {path}") from None
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
