"""``siae-tui export SESSION --format md|html|xlsx|csv|json [-o FICHIER]``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from siae_tui.cli.common import CliError, Subparsers, open_session_read_only
from siae_tui.report.export_files import DESCRIPTIONS, FORMATS, render_export


def register(subparsers: Subparsers) -> None:
    parser = subparsers.add_parser("export", help="exporter une session : rapport, classeur Excel, CSV ou JSON")
    parser.add_argument("session", metavar="SESSION", help="identifiant ou chemin du fichier de session")
    parser.add_argument(
        "--format",
        choices=tuple(FORMATS),
        default="md",
        help="; ".join(f"{fmt} : {what}" for fmt, what in DESCRIPTIONS.items()) + " (défaut : md)",
    )
    parser.add_argument("-o", "--output", metavar="FICHIER", help="fichier à écrire (défaut : la sortie standard)")
    parser.set_defaults(func=export_command)


def export_command(args: argparse.Namespace) -> int:
    from siae_tui.transfer import TransferError, export_to_file  # imports the stores and readers

    session = open_session_read_only(args)
    if not args.output:
        content = render_export(session.referentiel, session.evaluation, args.format)
        if isinstance(content, bytes):
            if sys.stdout.isatty():
                raise CliError("un classeur Excel ne s'affiche pas dans le terminal : indiquez -o FICHIER.xlsx")
            sys.stdout.flush()
            sys.stdout.buffer.write(content)
            return 0
        sys.stdout.write(content)
        return 0
    try:
        written = export_to_file(session, Path(args.output).expanduser(), args.format)
    except TransferError as error:
        raise CliError(str(error)) from None
    print(f"Export écrit : {written}", file=sys.stderr)
    return 0
