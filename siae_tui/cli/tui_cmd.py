"""Launch the TUI (the default command, and ``siae-tui open``)."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from siae_tui import locations
from siae_tui.cli.common import CliError

if TYPE_CHECKING:
    from siae_tui.ui.app import SiaeApp


def run_tui(args: argparse.Namespace) -> int:
    from siae_tui.ui.app import make_app

    referentiel_dirs = locations.referentiel_dirs(args.referentiels_dir)
    session = getattr(args, "session", None)
    room_host = getattr(args, "room_host", None)
    app = make_app(locations.sessions_dir(args.sessions_dir), referentiel_dirs, session, room_host)
    if session is not None:
        _check_session(app, session)
    if not app.referentiels:
        problems = "\n".join(error.describe() for error in app.referentiel_errors)
        raise CliError(
            "aucun référentiel utilisable dans "
            + ", ".join(map(str, referentiel_dirs))
            + (f"\n{problems}" if problems else "")
        )
    app.run()
    return 0


def _check_session(app: SiaeApp, session: str) -> None:
    """Refuse an unknown, unreadable or unwritable session before the screen is taken over.

    The session is opened for writing, as the walk will: a read-only folder or a full disk
    is told here, in French, rather than after Textual has taken the terminal. A session
    another siae-tui is editing is fine: the walk offers to open it read-only.
    """
    from siae_tui.store import SessionError, SessionLocked

    try:
        app.store.open(session).close()
    except SessionLocked:
        pass
    except SessionError as error:
        raise CliError(error.message) from None
