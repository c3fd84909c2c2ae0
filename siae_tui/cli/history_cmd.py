"""``siae-tui history SIAE``: every evaluation of one SIAE, axis by axis over time."""

from __future__ import annotations

import argparse
import json
import os
import sys

from siae_tui.cli.common import CliError, Subparsers, check_sessions_dir, store_for


def register(subparsers: Subparsers) -> None:
    parser = subparsers.add_parser("history", help="l'évolution d'une SIAE, évaluation après évaluation")
    parser.add_argument("siae", metavar="SIAE", help="nom de la SIAE (majuscules et accents indifférents)")
    parser.add_argument("--format", choices=("text", "json"), default="text", help="text ou json")
    parser.set_defaults(func=history_command)


def history_command(args: argparse.Namespace) -> int:
    from siae_tui.domain.history import history, same_siae
    from siae_tui.report.history import history_chart, history_table

    store = store_for(args)
    check_sessions_dir(store)
    summaries, _problems = store.list()
    mine = [s for s in summaries if same_siae(s.siae, args.siae)]
    if not mine:
        known = sorted({s.siae for s in summaries})
        raise CliError(
            f"aucune session pour la SIAE « {args.siae} »" + (f" (SIAE connues : {', '.join(known)})" if known else "")
        )
    newest = max(mine, key=lambda s: s.date)
    loaded, unreadable = store.evaluations_of(args.siae, newest.referentiel_id)
    for error in unreadable:
        print(f"siae-tui : session ignorée : {error.message}", file=sys.stderr)
    referentiel = store.referentiel_for(next(ev for sid, ev in loaded if sid == newest.id))
    points = history(referentiel, loaded)
    if args.format == "json":
        print(
            json.dumps(
                [
                    {
                        "session": p.session_id,
                        "date": p.evaluation.date.isoformat(),
                        "label": p.evaluation.label,
                        "axes": p.axes,
                        "total": p.total,
                    }
                    for p in points
                ],
                ensure_ascii=False,
                indent=2,
            )
        )
        return 0
    print(f"{newest.siae} — {referentiel.short_title} — {len(points)} évaluation(s)\n")
    print(history_table(referentiel, points))
    if len(points) >= 2:
        print()
        print(history_chart(referentiel, points, color=sys.stdout.isatty() and not os.environ.get("NO_COLOR")))
    skipped = sum(1 for s in mine if s.referentiel_id != newest.referentiel_id)
    if skipped:
        print(f"\n{skipped} session(s) d'un autre référentiel non reprise(s).")
    return 0
