"""The sessions directory: one TinyDB JSON file per evaluation.

Bad files (not JSON, not a session, newer format, unknown référentiel or
practices) are reported with their path and never written to; the good ones
still list. Listing keeps a small cache of summaries keyed by each file's
inode, mtime and size, so a directory of 1,000 sessions lists without
re-reading 1,000 files.
"""

from __future__ import annotations

import builtins
import contextlib
import datetime as dt
import itertools
import json
import re
import shutil
from collections.abc import Sequence
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

from siae_tui.clock import CLOCK
from siae_tui.domain.evaluation import Evaluation
from siae_tui.domain.history import same_siae
from siae_tui.domain.model import Referentiel
from siae_tui.domain.scoring import is_valid_value
from siae_tui.domain.targets import evaluation_targets
from siae_tui.domain.text import clean_text
from siae_tui.domain.untrusted import (
    MAX_JSON_BYTES,
    MissingFile,
    UntrustedData,
    decode_text,
    parse_json,
    read_limited,
)
from siae_tui.store.errors import SessionError, SessionLocked, describe_os_error
from siae_tui.store.lock import SessionLock
from siae_tui.store.naming import MAX_ID_LENGTH, candidate_ids, is_safe_id
from siae_tui.store.serialise import TABLE, SessionFormatError, document_to_evaluation, evaluation_to_document
from siae_tui.store.session import Session, _stamp
from siae_tui.store.storage import publish_new, write_atomically

TRASH = ".trash"
#: A temporary file of ``storage``: ``.<name>.`` + ``tempfile``'s 8 random characters + ``.tmp``.
_TEMPORARY = re.compile(r"\.(?P<stem>[A-Za-z0-9][A-Za-z0-9._-]*)\.json\.[a-z0-9_]{8}\.tmp")
INDEX = ".index.json"


@dataclass(frozen=True)
class SessionSummary:
    """What the home screen and ``siae-tui list`` show of a session."""

    id: str
    path: Path
    siae: str
    structure_type: str
    date: dt.date
    label: str
    referentiel_id: str
    referentiel_version: str
    answered: int
    total: int
    percent: float
    updated: str
    origin: str | None = None


def _deleted_when(trashed: Path) -> tuple[str, int]:
    """« <id>--20261125T103000Z-2.json »: the stamp, then the copy's rank within that second."""
    stamp = trashed.stem.rsplit("--", 1)[-1]
    first, _, copy = stamp.rpartition("Z-")
    return (f"{first}Z", int(copy)) if first and copy.isdigit() else (stamp, 1)


class SessionStore:
    """Creates, lists, opens, duplicates, renames and deletes sessions."""

    def __init__(self, directory: Path, referentiels: Sequence[Referentiel]) -> None:
        # Absolute, so a later change of working directory cannot redirect writes.
        self.directory = Path(directory).absolute()
        self.referentiels = list(referentiels)

    # -- référentiels ----------------------------------------------------------
    def referentiel_for(self, evaluation: Evaluation) -> Referentiel:
        """The référentiel of an evaluation: same id and version, else same id if it knows every practice."""
        same_id = [r for r in self.referentiels if r.id == evaluation.referentiel_id]
        for referentiel in same_id:
            if referentiel.version == evaluation.referentiel_version:
                return referentiel
        for referentiel in same_id:
            if all(referentiel.has_practice(p) for p in evaluation.values):
                return referentiel
        raise SessionFormatError(
            f"référentiel « {evaluation.referentiel_id} » version {evaluation.referentiel_version} introuvable"
        )

    # -- reading ---------------------------------------------------------------
    def _read(self, path: Path) -> tuple[Evaluation, str | None, Referentiel]:
        try:
            data = parse_json(decode_text(read_limited(path, MAX_JSON_BYTES)))
        except MissingFile:
            raise SessionError(path, "session introuvable") from None
        except UntrustedData as error:
            raise SessionError(path, f"fichier de session illisible : {error.describe()}") from None
        try:
            table = data.get(TABLE) if isinstance(data, dict) else None
            if not isinstance(table, dict) or not table:
                raise SessionFormatError("ce n'est pas un fichier de session siae-tui")
            evaluation, position = document_to_evaluation(next(iter(table.values())))
            referentiel = self.referentiel_for(evaluation)
            self._check_against(evaluation, referentiel)
        except SessionFormatError as error:
            raise SessionError(path, f"session inutilisable : {error}") from None
        if position is not None and not referentiel.has_practice(position):
            position = None
        return evaluation, position, referentiel

    @staticmethod
    def _check_against(evaluation: Evaluation, referentiel: Referentiel) -> None:
        """Refuse a session that cites what its référentiel lacks, or holds a vote, note or target off its scale."""
        SessionStore._check_cited(evaluation, referentiel)
        SessionStore._check_votes(evaluation, referentiel)
        SessionStore._check_scale(evaluation, referentiel)

    @staticmethod
    def _check_cited(evaluation: Evaluation, referentiel: Referentiel) -> None:
        """Every practice and axis the session names is one of the référentiel's."""
        cited = {*evaluation.values, *evaluation.notes, *evaluation.votes, *evaluation.carried_over}
        cited |= {action.practice_id for action in [*evaluation.actions, *evaluation.previous_actions]}
        cited |= {*evaluation.evidence, *evaluation.targets}
        unknown = sorted(cited - {p.id for p in referentiel.practices})
        if unknown:
            shown = ", ".join(unknown[:5]) + (" …" if len(unknown) > 5 else "")
            raise SessionFormatError(f"pratiques inconnues du référentiel « {referentiel.id} » : {shown}")
        unknown_axes = sorted(set(evaluation.development_axes) - {a.id for a in referentiel.axes})
        if unknown_axes:
            raise SessionFormatError(
                f"axes inconnus du référentiel « {referentiel.id} » : {', '.join(unknown_axes[:5])}"
            )

    @staticmethod
    def _check_votes(evaluation: Evaluation, referentiel: Referentiel) -> None:
        """Every vote is a participant's, and a whole value of the scale."""
        for practice_id, votes in evaluation.votes.items():
            for participant, vote in votes.items():
                if participant not in evaluation.participants:
                    raise SessionFormatError(f"vote de « {participant} », absent des participants ({practice_id})")
                if not is_valid_value(vote, referentiel) or not isinstance(vote, int):
                    raise SessionFormatError(f"vote {vote!r} hors échelle pour la pratique {practice_id}")

    @staticmethod
    def _check_scale(evaluation: Evaluation, referentiel: Referentiel) -> None:
        """Every note is on the scale (or « na »), and no target, this one's or the earlier one's, is above it."""
        for practice_id, value in evaluation.values.items():
            if not is_valid_value(value, referentiel):
                raise SessionFormatError(f"note {value!r} hors échelle pour la pratique {practice_id}")
        for practice_id, target in [*evaluation.targets.items(), *evaluation.previous_targets.items()]:
            if target > referentiel.max_value:
                raise SessionFormatError(f"cible {target} hors échelle pour la pratique {practice_id}")

    def path_for(self, session_id_or_path: str) -> Path:
        """The file of a session id (``2026-03-12-regie``) or an explicit path."""
        candidate = Path(session_id_or_path).expanduser()
        if candidate.suffix == ".json" or "/" in session_id_or_path:
            return candidate
        if len(session_id_or_path) > MAX_ID_LENGTH:
            raise SessionError(
                None,
                f"identifiant de session trop long ({len(session_id_or_path)} caractères, {MAX_ID_LENGTH} au plus)",
            )
        if not is_safe_id(session_id_or_path):
            raise SessionError(None, f"identifiant de session invalide : « {session_id_or_path} »")
        return self.directory / f"{session_id_or_path}.json"

    def open(self, session_id_or_path: str, read_only: bool = False) -> Session:
        """Open a session; for writing it takes the lock or raises ``SessionLocked``."""
        path = self.path_for(session_id_or_path).absolute()
        if not path.exists():
            raise SessionError(path, f"session « {session_id_or_path} » introuvable")
        # Validate before locking: no lock file is ever created beside a file that is not a session.
        evaluation, position, referentiel = self._read(path)
        lock = None
        if not read_only:
            lock = SessionLock(path)
            if not lock.acquire():
                pid = lock.holder_pid()
                who = f" (processus {pid})" if pid else ""
                raise SessionLocked(
                    path,
                    f"cette session est déjà ouverte en écriture par un autre siae-tui{who} ; "
                    "ouvrez-la en lecture seule ou fermez l'autre fenêtre",
                )
            try:  # re-read under the lock: the previous writer may have saved in between
                evaluation, position, referentiel = self._read(path)
            except SessionError:
                lock.release()
                raise
        return Session(path, evaluation, referentiel, position=position, lock=lock, read_only=read_only)

    def list(self) -> tuple[list[SessionSummary], list[SessionError]]:
        """Every session, most recent date first; unreadable files reported apart."""
        if not self.directory.exists():
            return [], []
        if not self.directory.is_dir():
            return [], [SessionError(self.directory, "le dossier des sessions est un fichier, pas un dossier")]
        self._remove_stale_temporaries()
        index = self._load_index()
        fresh: dict[str, Any] = {}
        summaries: list[SessionSummary] = []
        errors: list[SessionError] = []
        for path in sorted(self.directory.glob("*.json")):
            if path.name.startswith("."):
                continue
            if not is_safe_id(path.stem):
                errors.append(SessionError(path, "nom de fichier impossible pour une session (caractères ou longueur)"))
                continue
            stamp = list(_stamp(path) or ())
            cached = index.get(path.name)
            summary = _cached_summary(cached, stamp, path) if cached else None
            if summary is not None:
                fresh[path.name] = cached
                summaries.append(summary)
                continue
            entry = self._summarise(path, stamp)
            fresh[path.name] = entry
            if "error" in entry:
                errors.append(SessionError(path, entry["error"]))
            else:
                summaries.append(_summary_from(entry["summary"], path))
        if fresh != index:
            self._save_index(fresh)
        summaries.sort(key=lambda s: (-s.date.toordinal(), s.siae.casefold(), s.id))
        return summaries, errors

    def _remove_stale_temporaries(self) -> None:
        """Remove ``.ID.json.XXXXXXXX.tmp`` files that a killed writer left (full copies of the notes).

        Only our own temporary files (the pattern of ``storage``), and only when no live
        siae-tui holds that session's lock: every writer of a session (creation included)
        holds it while its temporary file exists.
        """
        for path in self.directory.glob(".*.json.*.tmp"):
            match = _TEMPORARY.fullmatch(path.name)
            if match is None:
                continue
            lock = SessionLock(self.directory / f"{match['stem']}.json")
            try:
                if lock.path.exists() and not lock.acquire(create=False):
                    continue  # a live writer: its temporary file is in use
                path.unlink(missing_ok=True)
            except (OSError, SessionError):
                continue  # read-only folder, odd lock file: leave it, listing must go on
            finally:
                lock.release()

    def _summarise(self, path: Path, stamp: builtins.list[int]) -> dict[str, Any]:
        try:
            evaluation, _position, referentiel = self._read(path)
        except SessionError as error:
            return {"stamp": stamp, "error": error.message.removesuffix(f" ({path})")}
        answered, total = evaluation.progress(referentiel)
        summary = SessionSummary(
            id=path.stem,
            path=path,
            siae=evaluation.siae,
            structure_type=evaluation.structure_type,
            date=evaluation.date,
            label=evaluation.label,
            referentiel_id=evaluation.referentiel_id,
            referentiel_version=evaluation.referentiel_version,
            answered=answered,
            total=total,
            percent=evaluation.recap(referentiel).total.percent,
            updated=evaluation.updated,
            origin=evaluation.origin,
        )
        data = asdict(summary)
        data.pop("path")
        data["date"] = summary.date.isoformat()
        return {"stamp": stamp, "summary": data}

    def _index_key(self) -> str:
        return "|".join(sorted(f"{r.id}@{r.version}:{len(r.practices)}" for r in self.referentiels))

    def _load_index(self) -> dict[str, Any]:
        """The cache of summaries, or an empty one when it is missing, hostile or out of date."""
        try:
            data = parse_json(decode_text(read_limited(self.directory / INDEX, MAX_JSON_BYTES)))
        except UntrustedData:
            return {}
        if not isinstance(data, dict) or data.get("referentiels") != self._index_key():
            return {}
        entries = data.get("entries")
        if not isinstance(entries, dict):
            return {}
        return {name: entry for name, entry in entries.items() if isinstance(entry, dict)}

    def _save_index(self, entries: dict[str, Any]) -> None:
        # The index is only a cache: failing to write it (read-only folder) is harmless.
        with contextlib.suppress(OSError):
            write_atomically(
                self.directory / INDEX,
                json.dumps({"referentiels": self._index_key(), "entries": entries}, ensure_ascii=False),
            )

    def evaluations_of(
        self, siae: str, referentiel_id: str
    ) -> tuple[builtins.list[tuple[str, Evaluation]], builtins.list[SessionError]]:
        """Every readable session of one SIAE (name matched loosely) on one référentiel, newest first.

        Unreadable files are returned apart so the caller can say which were left out.
        """
        summaries, _ = self.list()
        found: list[tuple[str, Evaluation]] = []
        problems: list[SessionError] = []
        for summary in summaries:
            if summary.referentiel_id != referentiel_id or not same_siae(summary.siae, siae):
                continue
            try:
                with self.open(summary.id, read_only=True) as session:
                    found.append((summary.id, session.evaluation))
            except SessionError as error:
                problems.append(error)
        return found, problems

    # -- lifecycle -------------------------------------------------------------
    def create(self, evaluation: Evaluation, *, position: str | None = None) -> Session:
        """Write a new session file for ``evaluation`` and open it for writing.

        The file is published in one step, complete, under an id claimed with the session
        lock and created only if free: a crash leaves either nothing or the whole session,
        and concurrent creators of the same name get distinct ids.
        """
        referentiel = self.referentiel_for(evaluation)
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise SessionError(
                self.directory, f"dossier des sessions impossible à créer : {describe_os_error(error)}"
            ) from None
        evaluation.updated = CLOCK.timestamp()
        evaluation.created = evaluation.created or evaluation.updated
        try:
            data = json.dumps(document_of(evaluation, position), ensure_ascii=False, indent=1).encode("utf-8")
        except UnicodeEncodeError:
            raise SessionError(
                None, "texte invalide : caractère Unicode isolé (« surrogate ») ; rien n'a été créé"
            ) from None
        for session_id in candidate_ids(evaluation.date, evaluation.siae, evaluation.label):
            path = self.directory / f"{session_id}.json"
            if path.exists():  # only a shortcut: the claim below is what decides
                continue
            lock = SessionLock(path)
            if not lock.acquire():  # another siae-tui is creating or editing this id
                continue
            try:
                created = publish_new(path, data)
            except OSError as error:
                lock.release()
                raise SessionError(path, f"création impossible : {describe_os_error(error)}") from None
            if created:
                return Session(path, evaluation, referentiel, position=position, lock=lock)
            lock.release()
        raise SessionError(self.directory, "trop de sessions portent déjà cette date, cette SIAE et ce libellé")

    def duplicate(self, session_id: str, *, date: dt.date, label: str) -> Session:
        """Start a re-scoring: a new session pre-filled with the earlier values and notes.

        The earlier targets become ``previous_targets`` (the comparison says which
        were reached); the new session starts without targets, since they are for
        the review after it. The earlier evidence is copied, each item marked
        ``carried_over``: the documents were there last year, the team has not yet
        said they still are.
        """
        with self.open(session_id, read_only=True) as earlier:
            before = earlier.evaluation
            evaluation = Evaluation(
                referentiel_id=before.referentiel_id,
                referentiel_version=before.referentiel_version,
                siae=before.siae,
                date=date,
                structure_type=before.structure_type,
                label=label,
                participants=list(before.participants),
                values=dict(before.values),
                notes=dict(before.notes),
                development_axes=dict(before.development_axes),
                origin=earlier.id,
                previous_values=dict(before.values),
                carried_over={p for p, v in before.values.items() if v is not None},
                previous_actions=list(before.actions),
                territory=before.territory,
                network=before.network,
                siret=before.siret,
                evidence={
                    pid: [replace(item, carried_over=True) for item in items]
                    for pid, items in before.evidence.items()
                    if items
                },
                previous_targets=evaluation_targets(earlier.referentiel, before),
            )
        return self.create(evaluation)

    def rename(self, session_id: str, *, siae: str | None = None, label: str | None = None) -> None:
        """Change the SIAE name and/or label shown for a session (its id stays)."""
        changes = {k: v for k, v in {"siae": siae, "label": label}.items() if v is not None}
        if "siae" in changes and not changes["siae"].strip():
            raise SessionError(None, "le nom de la SIAE ne peut pas être vide")
        with self.open(session_id) as session:
            session.update_details(**changes)

    def update(self, session_id: str, **fields: Any) -> None:
        """Change a session's details (SIAE, structure type, date, label, participants) after creation."""
        if "siae" in fields and not str(fields["siae"]).strip():
            raise SessionError(None, "le nom de la SIAE ne peut pas être vide")
        with self.open(session_id) as session:
            kind = fields.get("structure_type")
            if kind is not None and kind not in session.referentiel.structure_types:
                raise SessionError(session.path, f"type de structure « {kind} » inconnu")
            session.update_details(**fields)

    def trashed(self) -> builtins.list[tuple[Path, Evaluation]]:
        """The sessions in the trash folder that can be read back, most recently deleted first."""
        trash = self.directory / TRASH
        if not trash.is_dir():
            return []
        found = []
        for path in sorted(trash.glob("*.json"), key=_deleted_when, reverse=True):
            try:
                evaluation, _position, _referentiel = self._read(path)
            except SessionError:
                continue
            found.append((path, evaluation))
        return found

    def restore(self, trashed: Path) -> str:
        """Bring a session back from the trash as a new session file; returns its id."""
        if trashed.parent != self.directory / TRASH:
            raise SessionError(trashed, "ce fichier n'est pas dans la corbeille des sessions")
        evaluation, _position, _referentiel = self._read(trashed)
        session = self.create(evaluation)
        session.close()
        trashed.unlink(missing_ok=True)
        return session.id

    def delete(self, session_id: str) -> Path:
        """Move a session to the trash folder (never erased); returns where it went."""
        path = self.path_for(session_id)
        lock = SessionLock(path)
        if not path.exists():
            raise SessionError(path, f"session « {session_id} » introuvable")
        if not lock.acquire():
            raise SessionLocked(path, "impossible de supprimer une session ouverte par un autre siae-tui")
        try:
            trash = self.directory / TRASH
            trash.mkdir(exist_ok=True)
            stamp = CLOCK.timestamp().replace(":", "").replace("+0000", "Z")
            target = trash / f"{path.stem}--{stamp}.json"
            # A session of the same id trashed within the same second is kept beside it, never replaced.
            for copy in itertools.count(2):
                if not target.exists():
                    break
                target = trash / f"{path.stem}--{stamp}-{copy}.json"
            shutil.move(path, target)
        except OSError as error:
            raise SessionError(path, f"suppression impossible : {describe_os_error(error)}") from None
        finally:
            lock.release()
            lock.path.unlink(missing_ok=True)
        return target


def _cached_summary(entry: dict[str, Any], stamp: list[int], path: Path) -> SessionSummary | None:
    """The summary the index holds for ``path`` if it is current and well formed, else None (re-read)."""
    if entry.get("stamp") != stamp:
        return None
    if "error" in entry:
        return None  # errors are cheap to find again, and their text must not come from the cache
    try:
        return _summary_from(entry["summary"], path)
    except (KeyError, TypeError, ValueError):
        return None


def _summary_from(data: Any, path: Path) -> SessionSummary:
    """A summary from its JSON form; its texts are cleaned again (the index is a file anyone can edit)."""
    if not isinstance(data, dict):
        raise TypeError("summary")
    texts = {
        name: clean_text(data[name])
        for name in ("id", "siae", "structure_type", "label", "referentiel_id", "referentiel_version", "updated")
        if isinstance(data[name], str)
    }
    numbers = {name: data[name] for name in ("answered", "total", "percent") if isinstance(data[name], (int, float))}
    if len(texts) != 7 or len(numbers) != 3 or texts["id"] != path.stem:
        raise ValueError("summary")
    origin = data.get("origin")
    return SessionSummary(
        id=texts["id"],
        siae=texts["siae"],
        structure_type=texts["structure_type"],
        label=texts["label"],
        referentiel_id=texts["referentiel_id"],
        referentiel_version=texts["referentiel_version"],
        updated=texts["updated"],
        answered=int(numbers["answered"]),
        total=int(numbers["total"]),
        percent=float(numbers["percent"]),
        path=path,
        date=dt.date.fromisoformat(data["date"]),
        origin=clean_text(origin) if isinstance(origin, str) else None,
    )


def document_of(evaluation: Evaluation, position: str | None = None) -> dict[str, Any]:
    """The TinyDB file content for an evaluation (used by tests and migrations)."""
    return {TABLE: {"1": evaluation_to_document(evaluation, position)}}
