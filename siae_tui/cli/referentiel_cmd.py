"""``siae-tui referentiel check FILE`` and ``siae-tui referentiel list``."""

from __future__ import annotations

import argparse

from siae_tui.cli.common import CliError, Subparsers, referentiels
from siae_tui.domain.loader import ReferentielError, load_referentiel
from siae_tui.domain.model import Referentiel
from siae_tui.domain.text import clean_message


def summary(referentiel: Referentiel) -> str:
    """One line: id, version, and the size of the référentiel."""
    return (
        f"{referentiel.id} (version {referentiel.version}) : {len(referentiel.axes)} axes, "
        f"{len(referentiel.activities)} activités, {len(referentiel.practices)} pratiques"
    )


def register(subparsers: Subparsers) -> None:
    parser = subparsers.add_parser("referentiel", help="vérifier ou lister les référentiels")
    actions = parser.add_subparsers(dest="referentiel_action", metavar="ACTION", required=True)
    check = actions.add_parser("check", help="valider un fichier de référentiel YAML")
    check.add_argument("file", metavar="FICHIER", help="chemin du fichier YAML")
    check.set_defaults(func=check_command)
    listing = actions.add_parser("list", help="lister les référentiels disponibles")
    listing.set_defaults(func=list_command)


def check_command(args: argparse.Namespace) -> int:
    try:
        referentiel = load_referentiel(args.file)
    except ReferentielError as error:
        raise CliError(error.describe()) from None
    print(f"Référentiel valide : {args.file}")
    print(summary(referentiel))
    return 0


def list_command(args: argparse.Namespace) -> int:
    found = referentiels(args)
    if not found:
        raise CliError("aucun référentiel trouvé")
    for referentiel in found:
        print(clean_message(f"{summary(referentiel)} — {referentiel.title} [{referentiel.path}]"))
    return 0
