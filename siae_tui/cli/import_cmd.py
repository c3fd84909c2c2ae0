"""``siae-tui import FICHIER.json``: a new session from a JSON export."""

from __future__ import annotations

import argparse
from pathlib import Path

from siae_tui.cli.common import CliError, store_for
from siae_tui.transfer import TransferError, import_from_file


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("import", help="créer une session à partir d'un export JSON")
    parser.add_argument("file", metavar="FICHIER", help="export JSON de siae-tui")
    parser.set_defaults(func=import_command)


def import_command(args: argparse.Namespace) -> int:
    store = store_for(args)
    try:
        session_id = import_from_file(Path(args.file).expanduser(), store)
    except TransferError as error:
        raise CliError(str(error)) from None
    print(f"Session importée : {session_id}")
    return 0
