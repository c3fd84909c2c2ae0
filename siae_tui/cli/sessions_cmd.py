"""``siae-tui list``: the sessions of the sessions directory, as on the home screen."""

from __future__ import annotations

import argparse
import json
import sys

from siae_tui.cli.common import Subparsers, check_sessions_dir, store_for
from siae_tui.report.french import french_date, percent


def register(subparsers: Subparsers) -> None:
    parser = subparsers.add_parser("list", help="lister les sessions")
    parser.add_argument("--json", action="store_true", help="sortie JSON pour les scripts")
    parser.set_defaults(func=list_command)


def list_command(args: argparse.Namespace) -> int:
    store = store_for(args)
    check_sessions_dir(store)
    summaries, problems = store.list()
    if args.json:
        print(
            json.dumps(
                [
                    {
                        "id": s.id,
                        "siae": s.siae,
                        "structure_type": s.structure_type,
                        "date": s.date.isoformat(),
                        "label": s.label,
                        "answered": s.answered,
                        "total": s.total,
                        "percent": s.percent,
                    }
                    for s in summaries
                ],
                ensure_ascii=False,
                indent=2,
            )
        )
    elif not summaries:
        print(f"Aucune session dans {store.directory}.")
    else:
        width = max(len(s.id) for s in summaries)
        for s in summaries:
            print(
                f"{s.id:<{width}}  {french_date(s.date)}  {s.siae} · {s.structure_type}"
                + (f" · {s.label}" if s.label else "")
                + f"  {s.answered}/{s.total}  {percent(s.percent)}"
            )
    for problem in problems:
        print(f"siae-tui : fichier ignoré : {problem.message}", file=sys.stderr)
    return 0
