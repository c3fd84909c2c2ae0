"""The ``siae-tui`` command: the TUI by default, plus headless subcommands.

Each subcommand lives in its own module exposing ``register(subparsers)``;
``COMMANDS`` lists them. Every failure is a ``CliError`` printed in French
with a non-zero exit code: a user never sees a traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from siae_tui import __version__
from siae_tui.cli import (
    compare_cmd,
    consolidate_cmd,
    evidence_cmd,
    export_cmd,
    history_cmd,
    import_cmd,
    open_cmd,
    radar_cmd,
    recap_cmd,
    referentiel_cmd,
    serve_cmd,
    sessions_cmd,
)
from siae_tui.cli.common import CliError
from siae_tui.cli.french_argparse import FrenchParser
from siae_tui.domain.text import clean_message

#: Modules that register a subcommand, in the order ``--help`` lists them.
COMMANDS = [
    sessions_cmd,
    open_cmd,
    recap_cmd,
    radar_cmd,
    export_cmd,
    evidence_cmd,
    import_cmd,
    compare_cmd,
    history_cmd,
    consolidate_cmd,
    referentiel_cmd,
    serve_cmd,
]


def build_parser() -> argparse.ArgumentParser:
    parser = FrenchParser(
        prog="siae-tui",
        description="Auto-évaluation du projet d'insertion d'une SIAE, dans le terminal.",
    )
    parser.add_argument(
        "--version", action="version", version=f"siae-tui {__version__}", help="afficher la version et quitter"
    )
    parser.add_argument(
        "--sessions-dir",
        metavar="DOSSIER",
        help="dossier des sessions (défaut : $SIAE_TUI_SESSIONS ou ./sessions)",
    )
    parser.add_argument(
        "--referentiels-dir",
        metavar="DOSSIER",
        help="dossier de référentiels supplémentaires (défaut : $SIAE_TUI_REFERENTIELS)",
    )
    parser.add_argument(
        "--room-host",
        metavar="ADRESSE",
        help="adresse où écoute la salle des votes par téléphone (défaut : adresse de la machine sur le réseau local)",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMANDE", parser_class=FrenchParser)
    for module in COMMANDS:
        module.register(subparsers)
    parser.set_defaults(func=_run_tui)
    return parser


def _run_tui(args: argparse.Namespace) -> int:
    from siae_tui.cli.tui_cmd import run_tui  # Textual is imported only when the TUI runs

    return run_tui(args)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``siae-tui`` console script."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except CliError as error:
        print(f"siae-tui : {clean_message(str(error))}", file=sys.stderr)
        return error.code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
