"""``siae-tui consolidate PATH…``: a network's anonymous view of many SIAE's evaluations.

Reads JSON exports and session folders (``siae_tui.collect``), computes the
figures (``domain.consolidation``) and writes them (``report.consolidation``).
``--position SESSION`` places one SIAE against its group instead.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from siae_tui.cli.common import CliError, Subparsers, referentiels, store_for
from siae_tui.domain.consolidation import DEFAULT_BY, DEFAULT_MIN_GROUP, Skipped

if TYPE_CHECKING:
    from siae_tui.domain.evaluation import Evaluation
    from siae_tui.domain.model import Referentiel

FORMATS = ("text", "md", "html", "json", "csv")


def register(subparsers: Subparsers) -> None:
    parser = subparsers.add_parser(
        "consolidate",
        help="consolider les évaluations de plusieurs SIAE (réseau), anonymement",
        description=(
            "Consolide des exports JSON et des dossiers de sessions d'un même référentiel : médiane et quartiles "
            "par axe et par activité, pratiques le plus souvent notées 0 ou 1, ce qui a bougé. Aucun nom de SIAE, "
            "SIRET ni commentaire n'est écrit ; un groupe trop petit n'est pas montré."
        ),
    )
    parser.add_argument("paths", nargs="+", metavar="CHEMIN", help="exports JSON et dossiers de sessions (mélangés)")
    parser.add_argument(
        "--by",
        default=",".join(DEFAULT_BY),
        metavar="REGROUPEMENTS",
        help="type, territoire, annee, reseau, séparés par des virgules (défaut : type)",
    )
    parser.add_argument(
        "--min-group",
        type=int,
        default=DEFAULT_MIN_GROUP,
        metavar="N",
        help=f"taille minimale d'un groupe montré (défaut : {DEFAULT_MIN_GROUP})",
    )
    parser.add_argument("--format", choices=FORMATS, default="text", help="text, md, html, json ou csv")
    parser.add_argument("-o", "--output", metavar="FICHIER", help="écrire dans ce fichier (défaut : la sortie)")
    parser.add_argument(
        "--position",
        metavar="SESSION",
        help="placer une SIAE (identifiant de session ou chemin d'un export) face à la médiane de son groupe",
    )
    parser.add_argument("--strict", action="store_true", help="tout fichier écarté est une erreur")
    parser.set_defaults(func=consolidate_command)


class _ProgressBar:
    """« Lecture 1200/4000 [######      ] » on stderr, redrawn at most every 1 % (only on a terminal)."""

    def __init__(self) -> None:
        self.shown = -1

    def __call__(self, done: int, total: int) -> None:
        step = done * 100 // total if total else 100
        if step == self.shown and done != total:
            return
        self.shown = step
        filled = step * 30 // 100
        sys.stderr.write(f"\rLecture {done}/{total} [{'#' * filled}{' ' * (30 - filled)}] {step:3d} %")
        if done == total:
            sys.stderr.write("\n")
        sys.stderr.flush()


def consolidate_command(args: argparse.Namespace) -> int:
    # Imported here: the other commands and the TUI do not pay for reading many files.
    from siae_tui.collect import collect
    from siae_tui.domain.consolidation import ConsolidationError, consolidate, entry_of, parse_by, position
    from siae_tui.report.consolidation import (
        consolidation_csv,
        consolidation_html,
        consolidation_json,
        consolidation_markdown,
        consolidation_text,
        position_csv,
        position_html,
        position_json,
        position_markdown,
        position_text,
    )

    try:
        by = parse_by(args.by)
    except ConsolidationError as error:
        raise CliError(str(error), 2) from None
    if args.min_group < 1:
        raise CliError("--min-group doit valoir au moins 1", 2)
    found = referentiels(args)
    positioned = _positioned(args, found) if args.position else None
    bar = _ProgressBar() if sys.stderr.isatty() else None
    collected = collect(
        args.paths, found, progress=bar, referentiel_id=positioned.referentiel_id if positioned else None
    )
    for number, skipped in enumerate(collected.skipped, start=1):
        print(f"siae-tui : fichier écarté n°{number} : {skipped.path} : {skipped.reason}", file=sys.stderr)
    if args.strict and collected.skipped:
        raise CliError(f"{len(collected.skipped)} fichier(s) écarté(s) et --strict demandé : aucune sortie écrite")
    if collected.referentiel is None or not collected.entries:
        raise CliError(
            f"aucune évaluation consolidable parmi {collected.files} fichier(s)"
            + (f" ({len(collected.skipped)} écarté(s), voir ci-dessus)" if collected.skipped else "")
        )
    consolidation = consolidate(
        collected.referentiel,
        collected.entries,
        by=by,
        min_group=args.min_group,
        skipped=anonymous_skipped(collected.skipped),
    )
    for dropped, kept in consolidation.duplicate_sources:
        print(f"siae-tui : doublon écarté : {dropped} (même SIAE, même année : {kept} est retenu)", file=sys.stderr)
    if positioned is not None:
        entry = entry_of(collected.referentiel, positioned, "position")
        where = position(consolidation, entry, by)
        text = {
            "text": lambda: position_text(where, width=_width(args), color=args.output is None and _colour()),
            "md": lambda: position_markdown(where),
            "html": lambda: position_html(where, collected.referentiel.short_title),
            "json": lambda: position_json(where),
            "csv": lambda: position_csv(where),
        }[args.format]()
    else:
        text = {
            "text": consolidation_text,
            "md": consolidation_markdown,
            "html": consolidation_html,
            "json": consolidation_json,
            "csv": consolidation_csv,
        }[args.format](consolidation)
    _write(args, text)
    return 0


def _width(args: argparse.Namespace) -> int:
    """The text radar's width: the terminal's (72 to 110 columns), or 72 in a file or a pipe."""
    if args.output is not None or not sys.stdout.isatty():
        return 72
    return min(max(shutil.get_terminal_size().columns, 72), 110)


def _colour() -> bool:
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")


def _positioned(args: argparse.Namespace, found: list[Referentiel]) -> Evaluation:
    """The evaluation to place: an export or session file path, or a session id in the sessions folder."""
    from siae_tui.collect import Unreadable, read_evaluation
    from siae_tui.store import SessionError

    candidate = Path(args.position)
    if candidate.suffix.lower() == ".json" and candidate.exists():
        try:
            return read_evaluation(str(candidate), found)[0]
        except Unreadable as error:
            raise CliError(f"--position {args.position} : {error}") from None
    try:
        with store_for(args).open(args.position, read_only=True) as session:
            return session.evaluation
    except SessionError as error:
        raise CliError(f"--position : {error.message}") from None


def _write(args: argparse.Namespace, text: str) -> None:
    from siae_tui.transfer import TransferError, write_text_file

    if args.output is None:
        sys.stdout.write(text)
        return
    try:
        path = write_text_file(Path(args.output), text)
    except TransferError as error:
        raise CliError(str(error)) from None
    print(f"Consolidation écrite : {path}", file=sys.stderr)


def anonymous_skipped(skipped: list[Skipped]) -> list[Skipped]:
    """The skipped files as the network output names them: by number, never by path.

    Session files are named after their SIAE, and readers' reasons may repeat
    the path: both would put a name in an anonymous output. The operator has
    the real paths on stderr, in the same order.
    """
    anonymous = []
    for number, item in enumerate(skipped, start=1):
        label = f"fichier écarté n°{number}"
        reason = item.reason
        for known in sorted({item.path, Path(item.path).name, Path(item.path).stem}, key=len, reverse=True):
            if known:
                reason = reason.replace(known, label)
        anonymous.append(Skipped(label, reason))
    return anonymous
