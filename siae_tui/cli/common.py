"""What every CLI command shares: the error type and how to load things."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, TypeAlias

from siae_tui import locations
from siae_tui.cli.french_argparse import FrenchParser
from siae_tui.domain.loader import ReferentielError, discover_referentiels, load_referentiel
from siae_tui.domain.model import Referentiel

if TYPE_CHECKING:
    from siae_tui.store import Session, SessionStore


#: What each command's ``register(subparsers)`` receives: the root parser's subcommands,
#: whose parsers are FrenchParser (``parser_class``). argparse's action is generic only in
#: the stubs, hence the string.
Subparsers: TypeAlias = "argparse._SubParsersAction[FrenchParser]"


class CliError(Exception):
    """A user-facing failure: printed in French, exit code ``code``, no traceback."""

    def __init__(self, message: str, code: int = 1) -> None:
        super().__init__(message)
        self.code = code


#: Warnings already printed in this run.
_SAID: set[str] = set()


def referentiels(args: argparse.Namespace) -> list[Referentiel]:
    """The référentiels available to this invocation (bundled, then user's)."""
    found, errors = discover_referentiels(*locations.referentiel_dirs(getattr(args, "referentiels_dir", None)))
    for error in errors:  # said once per run, on stderr, so that a script's output stays clean
        message = f"siae-tui : référentiel ignoré : {error.describe()}"
        if message not in _SAID:
            _SAID.add(message)
            print(message, file=sys.stderr)
    return found


def find_referentiel(args: argparse.Namespace, referentiel_id: str, version: str | None = None) -> Referentiel:
    """The référentiel with this id (and version, when given), or a CliError."""
    candidates = [r for r in referentiels(args) if r.id == referentiel_id]
    exact = [r for r in candidates if version is None or r.version == version]
    if exact:
        return exact[0]
    if candidates:
        return candidates[0]
    raise CliError(
        f"référentiel « {referentiel_id} » introuvable dans "
        + ", ".join(map(str, locations.referentiel_dirs(getattr(args, "referentiels_dir", None))))
    )


def load_referentiel_file(path: str | Path) -> Referentiel:
    try:
        return load_referentiel(path)
    except ReferentielError as error:
        raise CliError(error.describe()) from None


def store_for(args: argparse.Namespace) -> SessionStore:
    """The session store of this invocation (``--sessions-dir`` and the référentiels found)."""
    from siae_tui.store import SessionStore

    return SessionStore(locations.sessions_dir(getattr(args, "sessions_dir", None)), referentiels(args))


def check_sessions_dir(store: SessionStore) -> None:
    """A missing folder or a file given as the sessions folder is said as such, not as « aucune session »."""
    if not store.directory.exists():
        raise CliError(f"le dossier des sessions n'existe pas : {store.directory}")
    if not store.directory.is_dir():
        raise CliError(f"le dossier des sessions n'est pas un dossier mais un fichier : {store.directory}")


def open_session_read_only(args: argparse.Namespace) -> Session:
    """Open the session named on the command line for reading, or raise a CliError."""
    from siae_tui.store import SessionError

    store = store_for(args)
    try:
        return store.open(args.session, read_only=True)
    except SessionError as error:
        raise CliError(error.message) from None
