"""An open session: the evaluation in memory, every change durably on disk.

Every setter changes the in-memory evaluation, then writes the whole document
atomically and returns only once it is on disk: the UI may show « enregistré »
as soon as the call returns. If the write fails (full disk, read-only folder,
file removed or changed by another program) the in-memory work is kept,
``dirty`` stays True, and a French ``SessionError`` says what happened; the
next successful write (or ``save()``) stores everything.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Mapping, MutableMapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from siae_tui.clock import CLOCK
from siae_tui.domain.evaluation import Evaluation
from siae_tui.domain.evidence import Evidence, count_problem, evidence_problem, normalised
from siae_tui.domain.model import Referentiel
from siae_tui.domain.scoring import NOT_APPLICABLE, Value, is_valid_value
from siae_tui.store.errors import SessionError, describe_os_error
from siae_tui.store.lock import SessionLock
from siae_tui.store.serialise import TABLE, evaluation_to_document
from siae_tui.store.storage import AtomicJSONStorage

if TYPE_CHECKING:
    from tinydb.table import Table

#: The territory, network and SIRET are validated by the caller with ``domain.metadata`` (normalised form).
_DETAIL_FIELDS = {"siae", "structure_type", "date", "label", "participants", "territory", "network", "siret"}


def _open_table(path: Path) -> Table:
    """The TinyDB table holding the session document (TinyDB is imported only for writers)."""
    from tinydb import TinyDB

    return TinyDB(path, storage=AtomicJSONStorage).table(TABLE, cache_size=0)


def _stamp(path: Path) -> tuple[int, int, int] | None:
    try:
        status = path.stat()
    except FileNotFoundError:
        return None
    return status.st_ino, status.st_mtime_ns, status.st_size


class Session:
    """One evaluation open for reading, or for writing under the session lock."""

    def __init__(
        self,
        path: Path,
        evaluation: Evaluation,
        referentiel: Referentiel,
        *,
        position: str | None = None,
        lock: SessionLock | None = None,
        read_only: bool = False,
    ) -> None:
        self.path = path
        self.evaluation = evaluation
        self.referentiel = referentiel
        self.read_only = read_only
        self.dirty = False
        self._position = position
        self._lock = lock
        self._stamp = _stamp(path)
        self._table = None if read_only else _open_table(path)

    @property
    def id(self) -> str:
        return self.path.stem

    @property
    def position(self) -> str | None:
        """The practice where the team left off."""
        return self._position

    # -- changes -------------------------------------------------------------
    def set_value(self, practice_id: str, value: Value, *, then: str | None = None) -> None:
        """Score a practice (0..3, "na" or None to clear); confirms a carried-over value.

        ``then`` is where the walk goes next, saved in the same write (one fsync per key).
        A practice scored non applicable loses its target in the same write: a target there
        would count nowhere and no export or import would carry it.
        """
        self._check_practice(practice_id)
        self._check_value(practice_id, value)
        if then is not None:
            self._check_practice(then)
        if value == NOT_APPLICABLE:
            self.evaluation.targets.pop(practice_id, None)
        self.evaluation.values[practice_id] = value
        self.evaluation.carried_over.discard(practice_id)
        self._position = then or practice_id
        self.save()

    def set_note(self, practice_id: str, text: str) -> None:
        self._check_practice(practice_id)
        if text.strip():
            self.evaluation.notes[practice_id] = text
        else:
            self.evaluation.notes.pop(practice_id, None)
        self.save()

    def set_development_axis(self, axis_id: str, text: str) -> None:
        if axis_id not in {axis.id for axis in self.referentiel.axes}:
            raise SessionError(self.path, f"axe « {axis_id} » inconnu")
        if text.strip():
            self.evaluation.development_axes[axis_id] = text
        else:
            self.evaluation.development_axes.pop(axis_id, None)
        self.save()

    def update_details(self, **fields: Any) -> None:
        """Change SIAE, structure type, date, label, participants, territory, network or SIRET."""
        unknown = set(fields) - _DETAIL_FIELDS
        if unknown:
            raise TypeError(f"unknown session fields: {sorted(unknown)}")
        for name, value in fields.items():
            setattr(self.evaluation, name, list(value) if name == "participants" else value)
        self.save()

    def confirm(self, practice_id: str) -> None:
        """Accept a value carried over from the earlier session as still true."""
        self._check_practice(practice_id)
        if practice_id in self.evaluation.carried_over:
            self.evaluation.carried_over.discard(practice_id)
            self.save()

    def set_vote(self, practice_id: str, participant: str, vote: int | None) -> None:
        """Record (or with None, remove) one participant's vote on a practice."""
        self._check_practice(practice_id)
        if participant not in self.evaluation.participants:
            raise SessionError(self.path, f"participant « {participant} » inconnu de cette session")
        if vote is not None and not (is_valid_value(vote, self.referentiel) and isinstance(vote, int)):
            raise SessionError(self.path, f"vote {vote!r} impossible")
        votes = self.evaluation.votes.setdefault(practice_id, {})
        if vote is None:
            votes.pop(participant, None)
        else:
            votes[participant] = vote
        self.save()

    def record_votes(
        self, practice_id: str, votes: Mapping[str, int], decision: Value, *, then: str | None = None
    ) -> None:
        """Record every participant's vote and the team's decision on a practice, in one write.

        Participants absent from ``votes`` have no vote on the practice
        afterwards; ``then`` is where the walk goes next, as in ``set_value``.
        """
        self._check_practice(practice_id)
        for participant, vote in votes.items():
            if participant not in self.evaluation.participants:
                raise SessionError(self.path, f"participant « {participant} » inconnu de cette session")
            if not (isinstance(vote, int) and is_valid_value(vote, self.referentiel)):
                raise SessionError(self.path, f"vote {vote!r} impossible")
        self._check_value(practice_id, decision)
        if then is not None:
            self._check_practice(then)
        if votes:
            self.evaluation.votes[practice_id] = dict(votes)
        else:
            self.evaluation.votes.pop(practice_id, None)
        self.evaluation.values[practice_id] = decision
        self.evaluation.carried_over.discard(practice_id)
        self._position = then or practice_id
        self.save()

    def add_action(self, action: Any) -> None:
        """Add an improvement action (``workshop.Action``) to the plan."""
        self._check_practice(action.practice_id)
        self.evaluation.actions.append(action)
        self.save()

    def replace_action(self, index: int, action: Any) -> None:
        """Change an action of the plan (its index in ``evaluation.actions``)."""
        self._check_practice(action.practice_id)
        self.evaluation.actions[index] = action
        self.save()

    def remove_action(self, index: int) -> None:
        """Take an action out of the plan."""
        del self.evaluation.actions[index]
        self.save()

    def add_evidence(self, practice_id: str, evidence: Evidence) -> None:
        """Add an evidence item (``domain.evidence.Evidence``) at the end of the practice's list.

        Its texts are stored cleaned (one line, no escapes, no surrounding spaces).
        Refused: an unknown practice, one that does not concern the structure type,
        an empty title, a text over its bound, more than ``MAX_EVIDENCE_PER_PRACTICE``.
        """
        self._check_practice(practice_id)
        self._check_applies(practice_id)
        item = self._checked_evidence(evidence)
        items = self.evaluation.evidence.get(practice_id, [])
        problem = count_problem(len(items) + 1, practice_id)
        if problem:
            raise SessionError(self.path, problem)
        self.evaluation.evidence[practice_id] = [*items, item]
        self.save()

    def replace_evidence(self, practice_id: str, index: int, evidence: Evidence) -> None:
        """Change the practice's evidence item at ``index`` (its place in ``evaluation.evidence_of``)."""
        self._check_practice(practice_id)
        self._check_applies(practice_id)
        self._check_evidence_index(practice_id, index)
        item = self._checked_evidence(evidence)
        items = list(self.evaluation.evidence[practice_id])
        items[index] = item
        self.evaluation.evidence[practice_id] = items
        self.save()

    def remove_evidence(self, practice_id: str, index: int) -> None:
        """Take an evidence item out of the practice's list (allowed whatever the practice's value)."""
        self._check_practice(practice_id)
        self._check_evidence_index(practice_id, index)
        items = [item for place, item in enumerate(self.evaluation.evidence[practice_id]) if place != index]
        if items:
            self.evaluation.evidence[practice_id] = items
        else:
            del self.evaluation.evidence[practice_id]
        self.save()

    def set_target(self, practice_id: str, value: int | None) -> None:
        """Set the practice's target for the next review (0..3), or remove it with None.

        Refused on a practice that does not concern the structure type or that is
        scored « non applicable » (``domain.targets`` has the rules). A target below
        the current value is allowed (``targets.targets_below_current`` flags it).
        """
        self._check_practice(practice_id)
        if value is None:
            if self.evaluation.targets.pop(practice_id, None) is not None:
                self.save()
            return
        if isinstance(value, bool) or not isinstance(value, int) or not is_valid_value(value, self.referentiel):
            top = self.referentiel.max_value
            raise SessionError(self.path, f"cible {value!r} impossible pour la pratique {practice_id} (0 à {top})")
        self._check_applies(practice_id)
        if self.evaluation.values.get(practice_id) == NOT_APPLICABLE:
            raise SessionError(self.path, f"la pratique {practice_id} est notée non applicable : pas de cible possible")
        self.evaluation.targets[practice_id] = value
        self.save()

    def add_activity_time(self, activity_id: str, seconds: int) -> None:
        """Add time spent on an activity (the workshop timer)."""
        if not self.referentiel.has_activity(activity_id):
            raise SessionError(self.path, f"activité « {activity_id} » inconnue")
        if seconds > 0:
            spent = self.evaluation.activity_seconds
            spent[activity_id] = spent.get(activity_id, 0) + int(seconds)
            self.save()

    def set_position(self, practice_id: str) -> None:
        """Remember where the team is, so reopening lands there."""
        self._check_practice(practice_id)
        if practice_id != self._position:
            self._position = practice_id
            if not self.read_only:
                self.save()

    # -- persistence ---------------------------------------------------------
    def save(self, *, overwrite_external_changes: bool = False) -> None:
        """Write the whole evaluation durably; see the module docstring for failures."""
        if self.read_only or self._table is None:
            raise SessionError(self.path, "session ouverte en lecture seule : modification impossible")
        self.dirty = True
        if not overwrite_external_changes:
            self._check_unchanged_on_disk()
        self.evaluation.updated = CLOCK.timestamp()
        document = evaluation_to_document(self.evaluation, self._position)
        try:
            from tinydb.table import Document

            # The stored document is replaced whole: TinyDB's upsert would merge, and keep a
            # key the new document leaves out (a cleared territory, the last evidence removed).
            if not self._table.update(_replacing_with(document), doc_ids=[1]):
                self._table.insert(Document(document, doc_id=1))  # the file was removed meanwhile
        except UnicodeEncodeError:
            raise SessionError(
                self.path,
                "enregistrement impossible : texte invalide (caractère Unicode isolé, « surrogate »). "
                "Vos modifications sont gardées en mémoire",
            ) from None
        except OSError as error:
            raise SessionError(
                self.path,
                f"enregistrement impossible : {describe_os_error(error)}. Vos modifications sont "
                "gardées en mémoire ; libérez de la place ou exportez la session ailleurs",
            ) from error
        self._stamp = _stamp(self.path)
        self.dirty = False

    def _check_unchanged_on_disk(self) -> None:
        current = _stamp(self.path)
        if self._stamp is not None and current is None:
            raise SessionError(
                self.path,
                "le fichier de session a été supprimé par un autre programme ; vos modifications "
                "sont gardées en mémoire",
            )
        if self._stamp is not None and current != self._stamp:
            raise SessionError(
                self.path,
                "le fichier de session a été modifié par un autre programme depuis son ouverture ; "
                "rien n'a été écrasé, vos modifications sont gardées en mémoire",
            )

    def _check_value(self, practice_id: str, value: Value) -> None:
        """A value on the scale, and a score only for a practice that concerns the structure type."""
        if not is_valid_value(value, self.referentiel):
            raise SessionError(self.path, f"note {value!r} impossible pour la pratique {practice_id}")
        if isinstance(value, int):
            self._check_applies(practice_id)

    def _check_applies(self, practice_id: str) -> None:
        kind = self.evaluation.structure_type
        if not self.referentiel.practice(practice_id).applies(kind):
            raise SessionError(
                self.path, f"la pratique {practice_id} ne concerne pas les structures de type {kind} : non applicable"
            )

    def _checked_evidence(self, evidence: Evidence) -> Evidence:
        """The item as stored (cleaned), or the French reason it cannot be."""
        item = normalised(evidence)
        problem = evidence_problem(item)
        if problem:
            raise SessionError(self.path, problem)
        return item

    def _check_evidence_index(self, practice_id: str, index: int) -> None:
        count = len(self.evaluation.evidence_of(practice_id))
        if isinstance(index, bool) or not isinstance(index, int) or not 0 <= index < count:
            shown = index + 1 if isinstance(index, int) else index
            raise SessionError(
                self.path, f"preuve n°{shown!r} introuvable pour la pratique {practice_id} ({count} preuve(s))"
            )

    def _check_practice(self, practice_id: str) -> None:
        if not self.referentiel.has_practice(practice_id):
            raise SessionError(self.path, f"pratique « {practice_id} » inconnue")

    def close(self) -> None:
        """Release the lock; the file is already up to date."""
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    def __enter__(self) -> Session:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __del__(self) -> None:  # a forgotten close must not keep the lock
        with contextlib.suppress(Exception):
            self.close()


def _replacing_with(document: dict[str, Any]) -> Callable[[MutableMapping[str, Any]], None]:
    """A TinyDB update that makes the stored document exactly ``document``."""

    def replace(stored: MutableMapping[str, Any]) -> None:
        stored.clear()
        stored.update(document)

    return replace


def remove_quietly(path: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        os.unlink(path)
