"""``siae-tui radar SESSION [--axis N]``: the radar as text, for SSH and scripts."""

from __future__ import annotations

import argparse
import os
import sys

from siae_tui.cli.common import CliError, Subparsers, open_session_read_only
from siae_tui.domain.targets import target_recap


def register(subparsers: Subparsers) -> None:
    parser = subparsers.add_parser("radar", help="dessiner le radar d'une session en texte")
    parser.add_argument("session", metavar="SESSION", help="identifiant ou chemin du fichier de session")
    parser.add_argument("--axis", metavar="N", help="les activités d'un axe au lieu des axes")
    parser.add_argument("--width", type=int, default=76, metavar="COLONNES", help="largeur (défaut 76)")
    parser.add_argument("--height", type=int, default=24, metavar="LIGNES", help="hauteur (défaut 24)")
    parser.set_defaults(func=radar_command)


def radar_command(args: argparse.Namespace) -> int:
    from siae_tui.report.radar import RadarUnavailable, activities_radar, axes_radar

    session = open_session_read_only(args)
    referentiel, evaluation = session.referentiel, session.evaluation
    recap = evaluation.recap(referentiel)
    previous = evaluation.previous_recap(referentiel)
    target = target_recap(referentiel, evaluation)
    color = sys.stdout.isatty() and not os.environ.get("NO_COLOR")
    if not 20 <= args.width <= 400 or not 8 <= args.height <= 200:
        raise CliError("taille du radar hors limites : largeur de 20 à 400, hauteur de 8 à 200")
    try:
        if args.axis is None:
            text = axes_radar(
                referentiel, recap, previous, width=args.width, height=args.height, color=color, target=target
            )
        else:
            if args.axis not in {a.id for a in referentiel.axes}:
                raise CliError(f"axe « {args.axis} » inconnu (axes : {', '.join(a.id for a in referentiel.axes)})")
            text = activities_radar(
                referentiel,
                recap,
                args.axis,
                previous,
                width=args.width,
                height=args.height,
                color=color,
                target=target,
            )
    except RadarUnavailable as error:
        raise CliError(str(error)) from None
    print(text)
    return 0
