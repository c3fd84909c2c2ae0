"""The versioned JSON export of an evaluation (documented in docs/export-format.md).

Every practice of the référentiel appears in ``scores``, in order, with null
when not yet scored, so a reader never has to guess what is missing. The
recap is the one computed by ``compute_recap``.
"""

from __future__ import annotations

import json
from typing import Any

from siae_tui.domain.evaluation import Evaluation
from siae_tui.domain.exchange import BASE_FORMAT_VERSION, FORMAT, FORMAT_VERSION
from siae_tui.domain.metadata import metadata_of
from siae_tui.domain.model import Practice, Referentiel
from siae_tui.domain.scoring import NOT_APPLICABLE
from siae_tui.domain.targets import evaluation_targets, target_recap
from siae_tui.domain.workshop import action_plan, disagreements
from siae_tui.report.recap import recap_json


def export_document(referentiel: Referentiel, evaluation: Evaluation) -> dict[str, Any]:
    """The export as plain data."""
    targets = evaluation_targets(referentiel, evaluation)
    scores = [_score_entry(practice, evaluation, targets) for practice in referentiel.practices]
    previous_targets = evaluation.previous_targets if evaluation.origin else {}
    new_data = previous_targets or any("target" in entry or "evidence" in entry for entry in scores)
    document: dict[str, Any] = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION if new_data else BASE_FORMAT_VERSION,
        "referentiel": {"id": referentiel.id, "version": referentiel.version, "title": referentiel.title},
        "evaluation": {
            "siae": evaluation.siae,
            "structure_type": evaluation.structure_type,
            "date": evaluation.date.isoformat(),
            "label": evaluation.label,
            "participants": list(evaluation.participants),
            "created": evaluation.created,
            "updated": evaluation.updated,
        },
        "scores": scores,
        "development_axes": {axis.id: evaluation.development_axes.get(axis.id, "") for axis in referentiel.axes},
        "recap": recap_json(referentiel, evaluation.recap(referentiel), target=target_recap(referentiel, evaluation)),
    }
    document["evaluation"].update(metadata_of(evaluation))
    if evaluation.votes:
        document["votes"] = {pid: dict(v) for pid, v in evaluation.votes.items() if v}
        document["disagreements"] = disagreements(referentiel, evaluation.votes)
    if evaluation.actions:
        document["actions"] = [action.to_dict() for action in action_plan(referentiel, evaluation.actions)]
    if evaluation.activity_seconds:
        document["activity_seconds"] = dict(evaluation.activity_seconds)
    if evaluation.origin:
        document["evaluation"]["origin"] = evaluation.origin
        document["previous_values"] = dict(evaluation.previous_values)
        if previous_targets:
            document["previous_targets"] = dict(previous_targets)
    return document


def _score_entry(practice: Practice, evaluation: Evaluation, targets: dict[str, int]) -> dict[str, Any]:
    """A practice's entry in ``scores``: value and note always, the other members only when they say something."""
    entry: dict[str, Any] = {
        "practice": practice.id,
        "value": evaluation.values.get(practice.id),
        "note": evaluation.note(practice.id),
    }
    if not practice.applies(evaluation.structure_type):
        entry["value"] = NOT_APPLICABLE
        entry["applies"] = False
    if practice.id in evaluation.carried_over:
        entry["carried_over"] = True
    if practice.id in targets:
        entry["target"] = targets[practice.id]
    evidence = evaluation.evidence_of(practice.id)
    if evidence and practice.applies(evaluation.structure_type):
        entry["evidence"] = [item.to_dict() for item in evidence]
    return entry


def export_json(referentiel: Referentiel, evaluation: Evaluation) -> str:
    """UTF-8 JSON text, accents kept, stable key order, ending with a newline."""
    return json.dumps(export_document(referentiel, evaluation), ensure_ascii=False, indent=2) + "\n"
