"""Read many evaluations for a consolidation: JSON exports and session folders, mixed.

Every file goes through the bounded readers (``domain.untrusted``) and the same
checks as ``import`` (exports) or the session store (session files). A file that
cannot be read, is not ours, names an unknown référentiel or holds anything
hostile is set aside with its French reason; it never stops the run. Only the
consolidation's figures are kept of each evaluation (``domain.consolidation.Entry``):
no name, no SIRET, no note outlives the reading.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from siae_tui.domain.consolidation import Entry, Skipped, entry_of
from siae_tui.domain.evaluation import Evaluation
from siae_tui.domain.exchange import FORMAT as EXPORT_FORMAT
from siae_tui.domain.importer import ImportRefused, read_export_data
from siae_tui.domain.model import Referentiel
from siae_tui.domain.text import clean_message
from siae_tui.domain.untrusted import MAX_JSON_BYTES, MissingFile, UntrustedData, decode_text, parse_json, read_limited
from siae_tui.locations import DEFAULT_REFERENTIEL_ID
from siae_tui.store import SessionError, SessionStore
from siae_tui.store.serialise import TABLE

#: progress(files read, files to read)
Progress = Callable[[int, int], None]


class Unreadable(Exception):
    """A file that cannot be consolidated; the message is French."""


@dataclass
class Collected:
    """What the files gave: the entries of the chosen référentiel, and every file left out."""

    referentiel: Referentiel | None
    entries: list[Entry] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    files: int = 0


def json_files(paths: Sequence[str]) -> Iterator[tuple[str, str | None]]:
    """(path, reason it cannot be read or None) for each file named or found in a folder (hidden ones skipped).

    Folders are walked recursively, without following links to folders; only ``.json`` files
    are taken from them (a session folder also holds locks, a trash and the list's cache).
    """
    for given in paths:
        path = Path(given)
        if path.is_dir():
            for root, folders, files in os.walk(path):
                folders[:] = sorted(f for f in folders if not f.startswith("."))
                for name in sorted(files):
                    if name.endswith(".json") and not name.startswith("."):
                        yield os.path.join(root, name), None
        elif not path.exists() and not path.is_symlink():
            yield given, "fichier ou dossier introuvable"
        elif path.suffix.lower() != ".json":
            yield given, "seuls les exports JSON et les sessions siae-tui se consolident (pas ce type de fichier)"
        else:
            yield given, None


def read_evaluation(path: str, referentiels: Sequence[Referentiel]) -> tuple[Evaluation, set[str] | None]:
    """An export or a session file's evaluation, and the practice ids its référentiel version lists
    when that version is not installed (None otherwise); ``Unreadable`` with a French reason."""
    try:
        data = parse_json(decode_text(read_limited(Path(path), MAX_JSON_BYTES)))
    except MissingFile:
        raise Unreadable("fichier introuvable") from None
    except UntrustedData as error:
        raise Unreadable(f"fichier illisible : {error.describe()}") from None
    if isinstance(data, dict) and isinstance(data.get(TABLE), dict) and data.get("format") != EXPORT_FORMAT:
        return _session(path, referentiels), None
    try:
        evaluation = read_export_data(data, referentiels)
    except ImportRefused as refused:
        problems = refused.problems
        more = f" (et {len(problems) - 1} autre(s) problème(s))" if len(problems) > 1 else ""
        raise Unreadable(f"export refusé : {problems[0] if problems else 'invalide'}{more}") from None
    return evaluation, _listed(data, evaluation, referentiels)


def _listed(data: Any, evaluation: Evaluation, referentiels: Sequence[Referentiel]) -> set[str] | None:
    """For an export of a référentiel version that is not installed, the practice ids it lists."""
    installed = {r.version for r in referentiels if r.id == evaluation.referentiel_id}
    version = data.get("referentiel", {}).get("version") if isinstance(data.get("referentiel"), dict) else None
    if version in installed:
        return None
    scores = data.get("scores")
    if not isinstance(scores, list):
        return None
    return {s["practice"] for s in scores if isinstance(s, dict) and isinstance(s.get("practice"), str)}


def _session(path: str, referentiels: Sequence[Referentiel]) -> Evaluation:
    absolute = Path(path).absolute()
    store = SessionStore(absolute.parent, referentiels)
    try:
        with store.open(str(absolute), read_only=True) as session:
            return session.evaluation
    except SessionError as error:
        raise Unreadable(error.message.removesuffix(f" ({absolute})")) from None


def _target(referentiel_id: str, referentiels: Sequence[Referentiel]) -> Referentiel:
    return next(r for r in referentiels if r.id == referentiel_id)


def read_entry(path: str, referentiels: Sequence[Referentiel]) -> tuple[str, Entry] | str:
    """(référentiel id, entry) of one file, or the French reason it is left out."""
    try:
        evaluation, listed = read_evaluation(path, referentiels)
        target = _target(evaluation.referentiel_id, referentiels)
        if listed is None and evaluation.referentiel_version != target.version:
            own = [r for r in referentiels if r.id == target.id and r.version == evaluation.referentiel_version]
            listed = {p.id for p in own[0].practices} if own else None
        return target.id, entry_of(target, evaluation, path, listed)
    except Unreadable as error:
        return clean_message(str(error))
    except (OSError, ValueError, KeyError, TypeError, RecursionError, StopIteration) as error:
        # Nothing above should raise these; if it does, the run goes on and says so.
        return f"fichier illisible (erreur inattendue : {type(error).__name__})"


#: Below this many files, one process reads them all (starting workers would cost more).
PARALLEL_FROM = 200
_CHUNK = 50
_worker_referentiels: Sequence[Referentiel] = ()


def _init_worker(referentiels: Sequence[Referentiel]) -> None:
    global _worker_referentiels
    _worker_referentiels = referentiels


def _read_chunk(paths: Sequence[str]) -> list[tuple[str, Entry] | str]:
    return [read_entry(path, _worker_referentiels) for path in paths]


def _results(
    paths: Sequence[str], referentiels: Sequence[Referentiel], workers: int
) -> Iterator[list[tuple[str, Entry] | str]]:
    """The reading of ``paths``, chunk by chunk and in order: in worker processes when there are many."""
    chunks = [paths[i : i + _CHUNK] for i in range(0, len(paths), _CHUNK)]
    if workers < 2 or len(paths) < PARALLEL_FROM:
        for chunk in chunks:
            yield [read_entry(path, referentiels) for path in chunk]
        return
    import multiprocessing  # only for a large batch
    from concurrent.futures import ProcessPoolExecutor

    context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else None)
    with ProcessPoolExecutor(workers, mp_context=context, initializer=_init_worker, initargs=(referentiels,)) as pool:
        yield from pool.map(_read_chunk, chunks)


def collect(
    paths: Sequence[str],
    referentiels: Sequence[Referentiel],
    *,
    progress: Progress | None = None,
    referentiel_id: str | None = None,
    workers: int | None = None,
) -> Collected:
    """Read every file; keep the entries of one référentiel (``referentiel_id``, else the most common).

    ``workers``: processes reading at once (default: one per core, at most 4; 1 for a small batch).
    """
    listing = list(json_files(paths))
    readable = [path for path, problem in listing if problem is None]
    skipped = [Skipped(path, problem) for path, problem in listing if problem is not None]
    by_referentiel: dict[str, list[Entry]] = {}
    unreadable, offset = len(skipped), 0
    count = workers if workers is not None else min(os.cpu_count() or 1, 4)
    for results in _results(readable, referentiels, count):
        for path, result in zip(readable[offset : offset + len(results)], results, strict=True):
            if isinstance(result, str):
                skipped.append(Skipped(path, result))
            else:
                by_referentiel.setdefault(result[0], []).append(result[1])
        offset += len(results)
        if progress is not None:
            progress(unreadable + offset, len(listing))
    if progress is not None and not readable:
        progress(len(listing), len(listing))
    skipped.sort(key=lambda s: s.path)
    if not by_referentiel:
        return Collected(None, [], skipped, len(listing))
    chosen = referentiel_id or max(
        by_referentiel, key=lambda rid: (len(by_referentiel[rid]), rid == DEFAULT_REFERENTIEL_ID, rid)
    )
    if chosen not in by_referentiel:
        known = [r for r in referentiels if r.id == chosen]
        return Collected(known[0] if known else None, [], skipped, len(listing))
    for other, entries in sorted(by_referentiel.items()):
        if other != chosen:
            skipped.extend(
                Skipped(
                    e.source,
                    f"référentiel « {other} » : une consolidation ne réunit que les évaluations d'un même "
                    f"référentiel (ici « {chosen} »)",
                )
                for e in entries
            )
    return Collected(_target(chosen, referentiels), by_referentiel[chosen], skipped, len(listing))
