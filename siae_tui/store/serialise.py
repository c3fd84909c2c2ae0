"""Evaluation <-> session document, with a format version and migrations.

Each session file carries ``format`` and ``format_version``. Reading checks
both: a file from a newer siae-tui is refused (we would silently drop what we
do not understand), an older one is upgraded in memory by ``MIGRATIONS``
before use and rewritten in the new format at the next change.

Version 2 added evidence and targets. A session is written as version 2 only
when it holds some (``evidence``, ``targets``, ``previous_targets``), and as
version 1, exactly as before, otherwise: an older siae-tui refuses the files
whose evidence or targets it would drop at its next write, and still opens
all the others.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from siae_tui.domain.evaluation import Evaluation
from siae_tui.domain.evidence import Evidence, InvalidEvidence, count_problem, evidence_from_dict
from siae_tui.domain.metadata import metadata_of, read_metadata
from siae_tui.domain.scoring import NOT_APPLICABLE, Value
from siae_tui.domain.text import clean_text, too_long
from siae_tui.domain.workshop import Action

FORMAT = "siae-tui/session"
FORMAT_VERSION = 2
#: What a session without evidence nor targets is written as (readable by every siae-tui).
BASE_FORMAT_VERSION = 1
TABLE = "session"


def _from_version_1(document: dict[str, Any]) -> dict[str, Any]:
    """Version 1 had no evidence nor targets: none."""
    return {"evidence": {}, "targets": {}, "previous_targets": {}} | document | {"format_version": 2}


#: ``MIGRATIONS[n]`` turns a version-n document into a version n+1 document.
MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {1: _from_version_1}


class SessionFormatError(ValueError):
    """The document is not a usable siae-tui session; the message is French."""


def evaluation_to_document(evaluation: Evaluation, position: str | None) -> dict[str, Any]:
    """The JSON-ready document stored for an evaluation (the optional details only when given)."""
    evidence = {pid: [item.to_dict() for item in items] for pid, items in evaluation.evidence.items() if items}
    version = FORMAT_VERSION if evidence or evaluation.targets or evaluation.previous_targets else BASE_FORMAT_VERSION
    document: dict[str, Any] = {
        "format": FORMAT,
        "format_version": version,
        "referentiel": {"id": evaluation.referentiel_id, "version": evaluation.referentiel_version},
        "siae": evaluation.siae,
        "structure_type": evaluation.structure_type,
        "date": evaluation.date.isoformat(),
        "label": evaluation.label,
        "participants": list(evaluation.participants),
        "values": dict(evaluation.values),
        "notes": {k: v for k, v in evaluation.notes.items() if v},
        "development_axes": {k: v for k, v in evaluation.development_axes.items() if v},
        "created": evaluation.created,
        "updated": evaluation.updated,
        "position": position,
        "origin": evaluation.origin,
        "previous_values": dict(evaluation.previous_values),
        "carried_over": sorted(evaluation.carried_over),
        "votes": {pid: dict(votes) for pid, votes in evaluation.votes.items() if votes},
        "actions": [action.to_dict() for action in evaluation.actions],
        "previous_actions": [action.to_dict() for action in evaluation.previous_actions],
        "activity_seconds": dict(evaluation.activity_seconds),
    }
    document.update(metadata_of(evaluation))
    if version >= 2:
        document["evidence"] = evidence
        document["targets"] = dict(evaluation.targets)
        document["previous_targets"] = dict(evaluation.previous_targets)
    return document


def document_to_evaluation(document: Any) -> tuple[Evaluation, str | None]:
    """Check and read a session document; raise ``SessionFormatError`` in French."""
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise SessionFormatError("ce n'est pas un fichier de session siae-tui")
    version = document.get("format_version")
    if not isinstance(version, int) or version < 1:
        raise SessionFormatError(f"version de format illisible ({version!r})")
    if version > FORMAT_VERSION:
        raise SessionFormatError(
            f"session créée par une version plus récente de siae-tui (format {version}, "
            f"cette version lit jusqu'au format {FORMAT_VERSION}) : mettez siae-tui à jour"
        )
    while version < FORMAT_VERSION:
        document = MIGRATIONS[version](document)
        version += 1
    try:
        referentiel = document["referentiel"]
        evaluation = Evaluation(
            referentiel_id=_text(referentiel["id"], "referentiel.id"),
            referentiel_version=_text(referentiel["version"], "referentiel.version"),
            siae=_line(document["siae"], "siae"),
            date=_date(document["date"]),
            structure_type=_line(document.get("structure_type", "Autre"), "structure_type"),
            label=_line(document.get("label", ""), "label"),
            participants=[_line(p, "participants") for p in _list(document.get("participants", []), "participants")],
            values={_text(k, "values"): _value(v, k) for k, v in _dict(document.get("values", {}), "values").items()},
            notes={
                _text(k, "notes"): _lines(v, f"notes.{k}") for k, v in _dict(document.get("notes", {}), "notes").items()
            },
            development_axes={
                _text(k, "development_axes"): _lines(v, f"development_axes.{k}")
                for k, v in _dict(document.get("development_axes", {}), "development_axes").items()
            },
            created=_text(document.get("created", ""), "created"),
            updated=_text(document.get("updated", ""), "updated"),
            origin=document.get("origin") if isinstance(document.get("origin"), str) else None,
            previous_values={
                _text(k, "previous_values"): _value(v, k)
                for k, v in _dict(document.get("previous_values", {}), "previous_values").items()
            },
            carried_over={_text(p, "carried_over") for p in _list(document.get("carried_over", []), "carried_over")},
            votes=_votes(document.get("votes", {})),
            actions=_actions(document.get("actions", [])),
            previous_actions=_actions(document.get("previous_actions", [])),
            activity_seconds=_seconds(document.get("activity_seconds", {})),
            evidence=_evidence(document.get("evidence", {})),
            targets=_targets(document.get("targets", {}), "targets"),
            previous_targets=_targets(document.get("previous_targets", {}), "previous_targets"),
        )
    except KeyError as missing:
        raise SessionFormatError(f"champ obligatoire absent : {missing.args[0]}") from None
    evaluation.territory, evaluation.network, evaluation.siret = _metadata(document)
    position = document.get("position")
    return evaluation, position if isinstance(position, str) else None


#: The longest text a session may hold in one field (a note of about ten pages): longer
#: means a damaged or hostile file, and would freeze the note editor.
MAX_TEXT = 50_000


def _text(value: Any, where: str) -> str:
    if not isinstance(value, str):
        raise SessionFormatError(f"« {where} » devrait être un texte")
    problem = too_long(value, MAX_TEXT, where)
    if problem:
        raise SessionFormatError(problem)
    return value


def _line(value: Any, where: str) -> str:
    """A one-line text from the file, without terminal escapes nor control characters."""
    return clean_text(_text(value, where))


def _lines(value: Any, where: str) -> str:
    """A text that may span lines (notes, development axes, actions), cleaned likewise."""
    return clean_text(_text(value, where), multiline=True)


def _list(value: Any, where: str) -> list[Any]:
    if not isinstance(value, list):
        raise SessionFormatError(f"« {where} » devrait être une liste")
    return value


def _dict(value: Any, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise SessionFormatError(f"« {where} » devrait être un objet")
    return value


def _date(value: Any) -> dt.date:
    try:
        return dt.date.fromisoformat(_text(value, "date"))
    except ValueError:
        raise SessionFormatError(f"date illisible « {value} » (attendu AAAA-MM-JJ)") from None


def _value(value: Any, practice_id: str) -> Value:
    if value is None:
        return None
    if value == NOT_APPLICABLE:
        return NOT_APPLICABLE
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value
    raise SessionFormatError(f"note invalide {value!r} pour la pratique {practice_id}")


def _votes(value: Any) -> dict[str, dict[str, int]]:
    votes = {}
    for practice_id, by_participant in _dict(value, "votes").items():
        checked = {}
        for participant, vote in _dict(by_participant, f"votes.{practice_id}").items():
            if isinstance(vote, bool) or not isinstance(vote, int) or vote < 0:
                raise SessionFormatError(f"vote {vote!r} invalide pour la pratique {practice_id}")
            checked[_line(participant, f"votes.{practice_id}")] = vote
        votes[_text(practice_id, "votes")] = checked
    return votes


def _actions(value: Any) -> list[Action]:
    actions: list[Action] = []
    for index, item in enumerate(_list(value, "actions")):
        try:
            action = Action.from_dict(_dict(item, f"actions[{index}]"))
        except ValueError:
            raise SessionFormatError(
                f"action n°{index + 1} illisible (pratique, texte, échéance AAAA-MM-JJ, statut)"
            ) from None
        actions.append(replace(action, text=clean_text(action.text, multiline=True), owner=clean_text(action.owner)))
    return actions


def _seconds(value: Any) -> dict[str, int]:
    seconds = {}
    for activity_id, spent in _dict(value, "activity_seconds").items():
        if isinstance(spent, bool) or not isinstance(spent, int) or spent < 0:
            raise SessionFormatError(f"durée {spent!r} invalide pour l'activité {activity_id}")
        seconds[_text(activity_id, "activity_seconds")] = spent
    return seconds


def _evidence(value: Any) -> dict[str, list[Evidence]]:
    """Practice id -> evidence items; a wrong type, a text over its bound or a huge list is refused."""
    evidence: dict[str, list[Evidence]] = {}
    for practice_id, items in _dict(value, "evidence").items():
        where = f"evidence.{practice_id}"
        listed = _list(items, where)
        problem = count_problem(len(listed), practice_id)
        if problem:
            raise SessionFormatError(problem)
        try:
            checked = [evidence_from_dict(item, f"{where}[{index}]") for index, item in enumerate(listed)]
        except InvalidEvidence as error:
            raise SessionFormatError(str(error)) from None
        if checked:
            evidence[_text(practice_id, "evidence")] = checked
    return evidence


def _targets(value: Any, where: str) -> dict[str, int]:
    """Practice id -> target value (an integer; the scale is checked against the référentiel)."""
    targets = {}
    for practice_id, target in _dict(value, where).items():
        if isinstance(target, bool) or not isinstance(target, int) or target < 0:
            raise SessionFormatError(f"cible {repr(target)[:30]} invalide pour la pratique {practice_id}")
        targets[_text(practice_id, where)] = target
    return targets


def _metadata(document: dict[str, Any]) -> tuple[str | None, str | None, str | None]:
    """Territory, network and SIRET (absent or null: None); a value that does not validate is refused."""
    values, problems = read_metadata(document)
    if problems:
        key, problem = problems[0]
        raise SessionFormatError(f"« {key} » : {problem}")
    return values
