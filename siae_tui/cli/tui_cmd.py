"""Launch the TUI (the default command, and ``siae-tui open``)."""

from __future__ import annotations

import argparse

from siae_tui import locations
from siae_tui.cli.common import CliError


def run_tui(args: argparse.Namespace) -> int:
    from siae_tui.ui.app import make_app

    referentiel_dirs = locations.referentiel_dirs(args.referentiels_dir)
    app = make_app(locations.sessions_dir(args.sessions_dir), referentiel_dirs, getattr(args, "session", None))
    if not app.referentiels:
        problems = "\n".join(error.describe() for error in app.referentiel_errors)
        raise CliError(
            "aucun référentiel utilisable dans " + ", ".join(map(str, referentiel_dirs)) + (f"\n{problems}" if problems else "")
        )
    app.run()
    return 0
