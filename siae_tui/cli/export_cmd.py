"""``siae-tui export SESSION --format json|md [-o FICHIER]``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from siae_tui.cli.common import CliError, open_session_read_only
from siae_tui.report.export_files import render_export
from siae_tui.transfer import TransferError, export_to_file


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("export", help="exporter une session en JSON ou en Markdown")
    parser.add_argument("session", metavar="SESSION", help="identifiant ou chemin du fichier de session")
    parser.add_argument("--format", choices=("json", "md"), default="md", help="json ou md (défaut : md)")
    parser.add_argument("-o", "--output", metavar="FICHIER", help="fichier à écrire (défaut : la sortie standard)")
    parser.set_defaults(func=export_command)


def export_command(args: argparse.Namespace) -> int:
    session = open_session_read_only(args)
    if not args.output:
        sys.stdout.write(render_export(session.referentiel, session.evaluation, args.format))
        return 0
    try:
        written = export_to_file(session, Path(args.output).expanduser(), args.format)
    except TransferError as error:
        raise CliError(str(error)) from None
    print(f"Export écrit : {written}", file=sys.stderr)
    return 0
