"""``siae-tui open ID|CHEMIN``: straight into the walk of one session."""

from __future__ import annotations

from siae_tui.cli.common import Subparsers
from siae_tui.cli.tui_cmd import run_tui


def register(subparsers: Subparsers) -> None:
    parser = subparsers.add_parser("open", help="ouvrir directement une session dans l'application")
    parser.add_argument("session", metavar="SESSION", help="identifiant ou chemin du fichier de session")
    parser.set_defaults(func=run_tui)
