"""Read back a JSON export into an Evaluation, refusing anything doubtful.

Import is all or nothing: the file is fully validated before any session is
created, and every problem is reported with its place in the file
(``scores[12].value``) in French. The recap in the file is ignored: it is
recomputed from the scores, the one source of truth.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from siae_tui.domain.evaluation import Evaluation
from siae_tui.domain.evidence import Evidence, InvalidEvidence, count_problem, evidence_from_dict
from siae_tui.domain.exchange import FORMAT, FORMAT_VERSION
from siae_tui.domain.metadata import read_metadata
from siae_tui.domain.model import Referentiel
from siae_tui.domain.scoring import NOT_APPLICABLE, Value, is_valid_value
from siae_tui.domain.text import clean_message, clean_text
from siae_tui.domain.untrusted import UntrustedData, parse_json
from siae_tui.domain.workshop import Action

_MAX_PROBLEMS = 10


class ImportRefused(ValueError):
    """The file cannot be imported; ``problems`` are French and located."""

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = list(problems)
        shown = self.problems[:_MAX_PROBLEMS]
        more = len(self.problems) - len(shown)
        super().__init__("\n".join(f"  - {p}" for p in shown) + (f"\n  - … et {more} autre(s)" if more else ""))


def parse_export(text: str, referentiels: Sequence[Referentiel]) -> Evaluation:
    """Validate an export (same or earlier format version) and return its evaluation."""
    try:
        data = parse_json(text)
    except UntrustedData as error:
        raise ImportRefused([error.describe()]) from None
    return _Reader(referentiels).read(data)


def read_export_data(data: Any, referentiels: Sequence[Referentiel]) -> Evaluation:
    """``parse_export`` for data already parsed by ``untrusted.parse_json`` (bounded), same checks."""
    return _Reader(referentiels).read(data)


@dataclass
class _Scores:
    """What ``scores`` holds, practice by practice."""

    values: dict[str, Value] = field(default_factory=dict)
    notes: dict[str, str] = field(default_factory=dict)
    targets: dict[str, int] = field(default_factory=dict)
    evidence: dict[str, list[Evidence]] = field(default_factory=dict)
    seen: set[str] = field(default_factory=set)


class _Reader:
    def __init__(self, referentiels: Sequence[Referentiel]) -> None:
        self.referentiels = referentiels
        self.problems: list[str] = []

    def fail(self, where: str, message: str) -> None:
        # ``where`` may hold keys from the file: no terminal escape may reach the message.
        self.problems.append(clean_message(f"{where} : {message}" if where else message))

    def text(self, data: dict[str, Any], key: str, where: str, required: bool = False) -> str:
        value = data.get(key)
        if value is None:
            if required:
                self.fail(f"{where}{key}", "obligatoire")
            return ""
        if not isinstance(value, str):
            self.fail(f"{where}{key}", "un texte est attendu")
            return ""
        return clean_text(value)

    def read(self, data: Any) -> Evaluation:
        if not isinstance(data, dict):
            raise ImportRefused(["le fichier n'est pas un export siae-tui (objet JSON attendu)"])
        if data.get("format") != FORMAT:
            raise ImportRefused([f"ce n'est pas un export siae-tui (« format » doit valoir « {FORMAT} »)"])
        version = data.get("format_version")
        if isinstance(version, bool) or not isinstance(version, int) or version < 1:
            raise ImportRefused(["format_version : un entier positif est attendu"])
        if version > FORMAT_VERSION:
            raise ImportRefused(
                [f"export d'une version plus récente de siae-tui (format {version}) : mettez siae-tui à jour"]
            )
        referentiel = self.referentiel(data.get("referentiel"))
        meta = data.get("evaluation")
        if not isinstance(meta, dict):
            raise ImportRefused(["evaluation : section obligatoire (objet JSON)"])
        siae = self.text(meta, "siae", "evaluation.", required=True).strip()
        if not siae and not any(p.startswith("evaluation.siae") for p in self.problems):
            self.fail("evaluation.siae", "le nom de la SIAE ne peut pas être vide")
        date = self.date(meta.get("date"))
        structure_type = self.text(meta, "structure_type", "evaluation.") or "Autre"
        participants = meta.get("participants", [])
        if not isinstance(participants, list) or not all(isinstance(p, str) for p in participants):
            self.fail("evaluation.participants", "une liste de noms est attendue")
            participants = []
        participants = [clean_text(p) for p in participants]
        scores = self.scores(data.get("scores"), referentiel, structure_type)
        development_axes = self.development_axes(data.get("development_axes", {}), referentiel)
        votes, actions = self.workshop(data, referentiel, participants)
        territory, network, siret = self.metadata(meta)
        if self.problems or referentiel is None or date is None:
            raise ImportRefused(self.problems)
        return Evaluation(
            referentiel_id=referentiel.id,
            referentiel_version=referentiel.version,
            siae=siae,
            date=date,
            structure_type=structure_type,
            label=self.text(meta, "label", "evaluation."),
            participants=list(participants),
            values=scores.values,
            notes=scores.notes,
            development_axes=development_axes,
            votes=votes,
            actions=actions,
            created=self.text(meta, "created", "evaluation."),
            territory=territory,
            network=network,
            siret=siret,
            evidence=scores.evidence,
            targets=scores.targets,
        )

    def metadata(self, meta: dict[str, Any]) -> tuple[str | None, str | None, str | None]:
        """The optional territory, network and SIRET (absent or null: None), validated like the form does."""
        values, problems = read_metadata(meta)
        for key, problem in problems:
            self.fail(f"evaluation.{key}", problem)
        return values

    def referentiel(self, data: Any) -> Referentiel | None:
        if not isinstance(data, dict) or not isinstance(data.get("id"), str):
            self.fail("referentiel", "identifiant du référentiel absent")
            return None
        wanted_id, wanted_version = data["id"], data.get("version")
        same_id = [r for r in self.referentiels if r.id == wanted_id]
        for referentiel in same_id:
            if referentiel.version == wanted_version:
                return referentiel
        if same_id:
            return same_id[0]  # another version: practices are checked one by one below
        self.fail("referentiel", f"référentiel « {wanted_id} » version {wanted_version} inconnu de cette installation")
        return None

    def date(self, value: Any) -> dt.date | None:
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                pass
        self.fail("evaluation.date", f"date invalide {value!r} (attendu AAAA-MM-JJ)")
        return None

    def scores(self, data: Any, referentiel: Referentiel | None, structure_type: str) -> _Scores:
        scores = _Scores()
        if not isinstance(data, list):
            self.fail("scores", "une liste est attendue")
            return scores
        for index, entry in enumerate(data):
            where = f"scores[{index}]"
            checked = self.score_entry(entry, where, referentiel, scores.seen)
            if checked is None or referentiel is None:  # (no référentiel: score_entry kept nothing)
                continue
            practice_id, value, note = checked
            applies = referentiel.practice(practice_id).applies(structure_type)
            if value is not None and not (value == NOT_APPLICABLE and not applies):
                scores.values[practice_id] = value
            if note:
                scores.notes[practice_id] = clean_text(note, multiline=True)
            target = self.target(entry.get("target"), where, referentiel, applies and value != NOT_APPLICABLE)
            if target is not None:
                scores.targets[practice_id] = target
            evidence = self.evidence(entry.get("evidence"), where, practice_id, applies)
            if evidence:
                scores.evidence[practice_id] = evidence
        return scores

    def score_entry(
        self, entry: Any, where: str, referentiel: Referentiel | None, seen: set[str]
    ) -> tuple[str, Value, str] | None:
        """An entry's practice, value and note, checked in that order; None when it is left out.

        The first problem found is reported. Without a référentiel only the entry's shape can
        be checked, and nothing is kept. A known practice joins ``seen`` before its value and
        note are checked: a second entry for it is a duplicate even when the first was refused.
        """
        if not isinstance(entry, dict):
            self.fail(where, "un objet {practice, value, note} est attendu")
            return None
        practice_id = entry.get("practice")
        if not isinstance(practice_id, str):
            self.fail(f"{where}.practice", "identifiant de pratique absent")
            return None
        if referentiel is None:
            return None
        if not referentiel.has_practice(practice_id):
            self.fail(f"{where}.practice", f"pratique « {practice_id} » inconnue du référentiel « {referentiel.id} »")
            return None
        if practice_id in seen:
            self.fail(f"{where}.practice", f"pratique « {practice_id} » présente deux fois")
            return None
        seen.add(practice_id)
        value = entry.get("value")
        if not is_valid_value(value, referentiel):
            self.fail(f"{where}.value", f'valeur {value!r} invalide (0 à {referentiel.max_value}, "na" ou null)')
            return None
        note = entry.get("note", "")
        if note is None:
            note = ""
        if not isinstance(note, str):
            self.fail(f"{where}.note", "un texte est attendu")
            return None
        return practice_id, value, note

    def target(self, value: Any, where: str, referentiel: Referentiel, may_be_scored: bool) -> int | None:
        """A practice's target (absent or null: none), on the scale and only where the practice may be scored."""
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or not is_valid_value(value, referentiel):
            self.fail(f"{where}.target", f"cible {repr(value)[:30]} invalide (0 à {referentiel.max_value} ou null)")
            return None
        if not may_be_scored:
            self.fail(f"{where}.target", "pas de cible pour une pratique non applicable")
            return None
        return value

    def evidence(self, data: Any, where: str, practice_id: str, applies: bool) -> list[Evidence]:
        """A practice's evidence items (absent or null: none), each checked like a session's."""
        if data is None:
            return []
        if not isinstance(data, list):
            self.fail(f"{where}.evidence", "une liste de preuves {title, location, date} est attendue")
            return []
        problem = count_problem(len(data), practice_id)
        if problem:
            self.fail(f"{where}.evidence", problem)
            return []
        if data and not applies:
            self.fail(f"{where}.evidence", "pas de preuve pour une pratique qui ne concerne pas ce type de structure")
            return []
        items = []
        for index, item in enumerate(data):
            try:
                items.append(evidence_from_dict(item, f"{where}.evidence[{index}]"))
            except InvalidEvidence as error:
                self.problems.append(clean_message(str(error)))
        return items

    def workshop(
        self, data: dict[str, Any], referentiel: Referentiel | None, participants: list[str]
    ) -> tuple[dict[str, dict[str, int]], list[Action]]:
        """Votes and actions (optional members of the export)."""
        votes = self.votes(data.get("votes", {}), referentiel, participants)
        return votes, self.actions(data.get("actions", []), referentiel)

    def votes(self, data: Any, referentiel: Referentiel | None, participants: list[str]) -> dict[str, dict[str, int]]:
        """Each practice's votes, by participant: only known practices, listed participants, values on the scale."""
        votes: dict[str, dict[str, int]] = {}
        if not isinstance(data, dict):
            self.fail("votes", "un objet {pratique: {participant: vote}} est attendu")
            return votes
        for practice_id, by_participant in data.items():
            where = f"votes.{practice_id}"
            if referentiel is not None and not referentiel.has_practice(practice_id):
                self.fail(where, "pratique inconnue")
                continue
            if not isinstance(by_participant, dict):
                self.fail(where, "un objet {participant: vote} est attendu")
                continue
            for raw_name, vote in by_participant.items():
                name = clean_text(raw_name)
                if name not in participants:
                    self.fail(f"{where}.{name}", "participant absent de evaluation.participants")
                elif referentiel is not None and not (isinstance(vote, int) and is_valid_value(vote, referentiel)):
                    self.fail(f"{where}.{name}", f"vote {vote!r} invalide")
                else:
                    votes.setdefault(practice_id, {})[name] = vote
        return votes

    def actions(self, data: Any, referentiel: Referentiel | None) -> list[Action]:
        """The improvement actions, each readable and on a known practice, their texts cleaned."""
        actions: list[Action] = []
        if not isinstance(data, list):
            self.fail("actions", "une liste est attendue")
            return actions
        for index, item in enumerate(data):
            try:
                action = Action.from_dict(item if isinstance(item, dict) else {})
            except ValueError:
                self.fail(f"actions[{index}]", "action illisible (practice, text, due AAAA-MM-JJ, status)")
                continue
            if referentiel is not None and not referentiel.has_practice(action.practice_id):
                self.fail(f"actions[{index}].practice", "pratique inconnue")
                continue
            actions.append(
                dataclasses.replace(
                    action, text=clean_text(action.text, multiline=True), owner=clean_text(action.owner)
                )
            )
        return actions

    def development_axes(self, data: Any, referentiel: Referentiel | None) -> dict[str, str]:
        if not isinstance(data, dict):
            self.fail("development_axes", "un objet {axe: texte} est attendu")
            return {}
        known = {a.id for a in referentiel.axes} if referentiel else set()
        result = {}
        for axis_id, text in data.items():
            if referentiel is not None and axis_id not in known:
                self.fail(f"development_axes.{axis_id}", "axe inconnu")
            elif not isinstance(text, str):
                self.fail(f"development_axes.{axis_id}", "un texte est attendu")
            elif text.strip():
                result[axis_id] = clean_text(text, multiline=True)
        return result
