"""``siae-tui evidence SESSION [--format md|html] [-o FICHIER]``: the « dossier de preuves », for an audit."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from siae_tui.cli.common import CliError, Subparsers, open_session_read_only
from siae_tui.report.export_files import DOSSIER_DESCRIPTIONS, DOSSIER_FORMATS, render_dossier


def register(subparsers: Subparsers) -> None:
    parser = subparsers.add_parser(
        "evidence", help="dossier de preuves : les preuves de chaque pratique, et celles qui manquent, pour un audit"
    )
    parser.add_argument("session", metavar="SESSION", help="identifiant ou chemin du fichier de session")
    parser.add_argument(
        "--format",
        choices=tuple(DOSSIER_FORMATS),
        default=None,
        help="; ".join(f"{fmt} : {what}" for fmt, what in DOSSIER_DESCRIPTIONS.items())
        + " (défaut : l'extension de -o, sinon md)",
    )
    parser.add_argument("-o", "--output", metavar="FICHIER", help="fichier à écrire (défaut : la sortie standard)")
    parser.set_defaults(func=evidence_command)


def evidence_command(args: argparse.Namespace) -> int:
    from siae_tui.transfer import TransferError, export_dossier_to_file  # imports the stores and readers

    session = open_session_read_only(args)
    if not args.output:
        sys.stdout.write(render_dossier(session.referentiel, session.evaluation, args.format or "md"))
        return 0
    try:
        written = export_dossier_to_file(session, Path(args.output).expanduser(), args.format)
    except TransferError as error:
        raise CliError(str(error)) from None
    print(f"Dossier de preuves écrit : {written}", file=sys.stderr)
    return 0
