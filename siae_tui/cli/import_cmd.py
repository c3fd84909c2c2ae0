"""``siae-tui import FICHIER.json|FICHIER.xlsx``: a new session from a JSON export or an Excel workbook."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from siae_tui.cli.common import CliError, Subparsers, store_for


def register(subparsers: Subparsers) -> None:
    parser = subparsers.add_parser("import", help="créer une session à partir d'un export JSON ou d'un classeur Excel")
    parser.add_argument(
        "file",
        metavar="FICHIER",
        help="export JSON de siae-tui, ou classeur .xlsx (export de siae-tui ou classeur d'origine)",
    )
    parser.set_defaults(func=import_command)


def import_command(args: argparse.Namespace) -> int:
    from siae_tui.transfer import TransferError, import_file

    store = store_for(args)
    try:
        imported = import_file(Path(args.file).expanduser(), store)
    except TransferError as error:
        raise CliError(str(error)) from None
    print(f"Session importée : {imported.session_id}")
    if imported.report:
        print(imported.report, file=sys.stderr)
    return 0
