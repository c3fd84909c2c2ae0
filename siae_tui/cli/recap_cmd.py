"""``siae-tui recap SESSION [--json]``: the recap table without the TUI."""

from __future__ import annotations

import argparse
import json
import shutil

from siae_tui.cli.common import Subparsers, open_session_read_only
from siae_tui.domain.targets import target_recap, targets_below_current
from siae_tui.report.french import french_date


def register(subparsers: Subparsers) -> None:
    parser = subparsers.add_parser("recap", help="afficher le récapitulatif d'une session")
    parser.add_argument("session", metavar="SESSION", help="identifiant ou chemin du fichier de session")
    parser.add_argument("--json", action="store_true", help="sortie JSON pour les scripts")
    parser.set_defaults(func=recap_command)


def recap_command(args: argparse.Namespace) -> int:
    from siae_tui.domain.workshop import disagreements_per_activity
    from siae_tui.report.recap import recap_json, recap_text

    session = open_session_read_only(args)
    recap = session.evaluation.recap(session.referentiel)
    target = target_recap(session.referentiel, session.evaluation)
    if args.json:
        print(json.dumps(recap_json(session.referentiel, recap, target=target), ensure_ascii=False, indent=2))
        return 0
    evaluation = session.evaluation
    answered, total = evaluation.progress(session.referentiel)
    print(
        f"{evaluation.siae} — {french_date(evaluation.date)}" + (f" — {evaluation.label}" if evaluation.label else "")
    )
    print(f"{session.referentiel.title} (v{session.referentiel.version}) · {answered}/{total} pratiques notées\n")
    # With targets, last year joins them: current, target and last year side by side.
    previous = evaluation.previous_recap(session.referentiel) if target else None
    width = max(80, min(shutil.get_terminal_size().columns, 140))
    print(recap_text(session.referentiel, recap, width=width, target=target, previous=previous))
    below = targets_below_current(session.referentiel, evaluation)
    if below:
        print(f"\nCibles sous la note actuelle (à vérifier) : {', '.join(below)}")
    counts = disagreements_per_activity(session.referentiel, evaluation.votes)
    if counts:
        print(
            "\nDésaccords par activité (votes écartés de 2 ou plus) : "
            + " · ".join(f"{a} ({n})" for a, n in counts.items())
        )
    return 0
