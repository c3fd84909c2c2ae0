"""The CSV export: one row per practice, for a spreadsheet or a script.

UTF-8 with a byte order mark and ``;`` between fields: that is what French
Excel expects to open a file with its accents and columns right (a comma is
the French decimal separator). Workshop columns (votes, disagreement,
action) appear only when the workshop recorded something; « cible » and
« preuves » only when the evaluation has targets or evidence (several items of
a practice separated by « | », as actions are).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from siae_tui.domain.evaluation import Evaluation
from siae_tui.domain.model import Activity, Axis, Practice, Referentiel
from siae_tui.domain.scoring import NOT_APPLICABLE, effective_value
from siae_tui.domain.targets import evaluation_targets
from siae_tui.domain.workshop import Action, is_disagreement, median_proposal
from siae_tui.report.french import french_date
from siae_tui.report.labels import evidence_text, value_label

BOM = "\ufeff"
#: What a spreadsheet reads as the start of a formula (OWASP's list for CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


#: A figure as the CSVs write it (« -2,5 »): a number, never taken for a formula.
_FIGURE = re.compile(r"-?\d+(,\d+)?")


def as_text(cell: str) -> str:
    """A cell a spreadsheet shows as typed: a note starting with « = » is not run as a formula.

    A funder opening the file in Excel must not execute what someone typed in a
    note (« =HYPERLINK(…) », « @SUM(…) »); the leading apostrophe is Excel's own
    way of saying « this is text ». Figures (« -2,5 ») stay numbers.
    """
    return f"'{cell}" if cell.startswith(_FORMULA_START) and not _FIGURE.fullmatch(cell) else cell


def french_csv(rows: Iterable[Sequence[object]]) -> str:
    """Every CSV of siae-tui: BOM, ``;`` between fields, CRLF (what French Excel opens right), no formula."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerows([as_text(str(cell)) for cell in row] for row in rows)
    return BOM + buffer.getvalue()


HEADER = ("id", "axe", "activité", "texte", "valeur", "libellé", "note")


def export_csv(referentiel: Referentiel, evaluation: Evaluation) -> str:
    """The CSV text, BOM first, ``;``-separated, CRLF line ends (as Excel writes them)."""
    columns = _Columns.of(referentiel, evaluation)
    rows = [columns.header()]
    rows += [
        columns.row(axis, activity, practice) for axis, _objective, activity, practice in referentiel.iter_practices()
    ]
    return french_csv(rows)


@dataclass(frozen=True)
class _Columns:
    """The export's columns: ``HEADER``, then each optional group the evaluation has something for."""

    referentiel: Referentiel
    evaluation: Evaluation
    targets: dict[str, int]
    #: One column each: the participants who voted, in their order, then any other voter, sorted.
    voters: list[str]
    #: Each practice's actions, in the order they were created.
    actions: dict[str, list[Action]]

    @classmethod
    def of(cls, referentiel: Referentiel, evaluation: Evaluation) -> _Columns:
        participants = list(evaluation.participants)
        voters = [name for name in participants if any(name in v for v in evaluation.votes.values())]
        voters += sorted({name for v in evaluation.votes.values() for name in v} - set(voters))
        actions: dict[str, list[Action]] = {}
        for action in evaluation.actions:
            actions.setdefault(action.practice_id, []).append(action)
        return cls(referentiel, evaluation, evaluation_targets(referentiel, evaluation), voters, actions)

    def header(self) -> list[str]:
        evaluation = self.evaluation
        header = list(HEADER)
        if evaluation.origin:
            header.append("valeur précédente")
        if self.targets:
            header.append("cible")
        if evaluation.evidence:
            header.append("preuves")
        if evaluation.votes:
            header += [f"vote {name}" for name in self.voters] + ["médiane des votes", "désaccord"]
        if evaluation.actions:
            header += ["action", "responsable", "échéance", "statut"]
        return header

    def row(self, axis: Axis, activity: Activity, practice: Practice) -> list[str]:
        evaluation = self.evaluation
        value = effective_value(practice, evaluation.values, evaluation.structure_type)
        row = [
            practice.id,
            f"{axis.id} {axis.title}",
            f"{activity.id} {activity.title}",
            practice.text,
            "" if value is None else ("na" if value == NOT_APPLICABLE else str(value)),
            value_label(value, self.referentiel),
            evaluation.note(practice.id),
        ]
        if evaluation.origin:
            before = evaluation.previous_values.get(practice.id)
            row.append("" if before is None else str(before))
        if self.targets:
            row.append(str(self.targets[practice.id]) if practice.id in self.targets else "")
        if evaluation.evidence:
            items = evaluation.evidence_of(practice.id) if practice.applies(evaluation.structure_type) else []
            row.append(" | ".join(evidence_text(item) for item in items))
        if evaluation.votes:
            votes = evaluation.votes.get(practice.id, {})
            median = median_proposal(votes)
            row += [str(votes[name]) if name in votes else "" for name in self.voters]
            row += ["" if median is None else str(median), "oui" if is_disagreement(votes) else ""]
        if evaluation.actions:
            mine = self.actions.get(practice.id, [])  # several actions of a practice share its row, joined by « | »
            row += [
                " | ".join(a.text for a in mine),
                " | ".join(a.owner for a in mine),
                " | ".join(french_date(a.due) if a.due else "" for a in mine),
                " | ".join(a.status for a in mine),
            ]
        return row
