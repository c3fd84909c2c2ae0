"""``siae-tui compare A B [--format text|json|md]``: from evaluation A to evaluation B."""

from __future__ import annotations

import argparse
import json

from siae_tui.cli.common import CliError, Subparsers, open_session_read_only


def register(subparsers: Subparsers) -> None:
    parser = subparsers.add_parser("compare", help="comparer deux évaluations (A : avant, B : après)")
    parser.add_argument("earlier", metavar="A", help="la session précédente (identifiant ou chemin)")
    parser.add_argument("current", metavar="B", help="la session actuelle (identifiant ou chemin)")
    parser.add_argument("--format", choices=("text", "json", "md"), default="text", help="text, json ou md")
    parser.set_defaults(func=compare_command)


def compare_command(args: argparse.Namespace) -> int:
    from siae_tui.domain.compare import compare
    from siae_tui.report.compare import compare_json, compare_markdown, compare_text

    args.session = args.earlier
    earlier = open_session_read_only(args)
    args.session = args.current
    current = open_session_read_only(args)
    if earlier.referentiel.id != current.referentiel.id:
        raise CliError(
            "ces sessions n'utilisent pas le même référentiel "
            f"({earlier.referentiel.id} et {current.referentiel.id}) : comparaison impossible"
        )
    comparison = compare(current.referentiel, earlier.evaluation, current.evaluation, earlier.referentiel)
    if args.format == "json":
        print(json.dumps(compare_json(comparison), ensure_ascii=False, indent=2))
    elif args.format == "md":
        print(compare_markdown(comparison), end="")
    else:
        print(compare_text(comparison))
    return 0
