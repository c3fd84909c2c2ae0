"""Reading an evaluation out of a workbook's cells: the rules, without any file format.

A workbook is given as sheets of rows of plain cell values (``workbook_import``
turns an .xlsx file into that). Two layouts are read with the same rules: the
one siae-tui exports and the original Excel workbook the référentiel comes
from, where practices sit in the second column (sometimes the first), the
score in the column after and the note after that, with extra rows, several
sheets and a RECAP sheet around them.

A practice is found by its **text** (spaces, quotes and case normalised),
within the activity whose row (« 1.1 - … ») comes before it, never by cell
position: the same sentence closes several activities (« Utiliser et faire
évoluer les outils numériques… »). A text that belongs to no activity seen
so far is placed only if exactly one practice of the référentiel has it. Any
doubt (a text shared by several activities outside any of them, a practice
found twice with different answers) refuses the whole workbook.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field

from siae_tui.domain.evaluation import Evaluation
from siae_tui.domain.importer import ImportRefused
from siae_tui.domain.model import STRUCTURE_TYPES, Practice, Referentiel
from siae_tui.domain.scoring import NOT_APPLICABLE, Value

#: The evaluation block of siae-tui's instructions sheet (written by the xlsx export, read here).
SIAE_LABEL = "Nom de la SIAE"
DATE_LABEL = "Date de l'évaluation"
LABEL_LABEL = "Libellé"
TYPE_LABEL = "Type de structure"
PARTICIPANTS_LABEL = "Participants"
REFERENTIEL_LABEL = "Référentiel (identifiant)"
VERSION_LABEL = "Version du référentiel"

_QUOTES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'", "“": '"', "”": '"', "«": '"', "»": '"'})
_ACTIVITY_ROW = re.compile(r"^(\d+(?:\.\d+)+)\s*-\s*\S")
_NOT_APPLICABLE_WORDS = {"na", "n/a", "n.a.", "non applicable", "sans objet"}


def normalise(text: str) -> str:
    """The text as compared: Unicode-normalised, straight quotes, single spaces, lower case."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    return " ".join(text.split()).casefold()


#: Metadata labels, normalised, and what they name; the original workbook's prompts included.
_METADATA = {
    normalise(SIAE_LABEL): "siae",
    normalise("Indiquer le Nom de votre SIAE"): "siae",
    normalise(DATE_LABEL): "date",
    normalise("Indiquer la date ou période de votre travail"): "date",
    normalise(LABEL_LABEL): "label",
    normalise(TYPE_LABEL): "structure_type",
    normalise(PARTICIPANTS_LABEL): "participants",
    normalise(REFERENTIEL_LABEL): "referentiel",
    normalise(VERSION_LABEL): "version",
}


@dataclass(frozen=True)
class Sheet:
    """One sheet: its name and its rows of cell values (row 1 first, column A first)."""

    name: str
    rows: Sequence[Sequence[object]]


def cell_name(column: int, row: int) -> str:
    """« C12 » for the 0-based column 2 of row 12."""
    letters = ""
    column += 1
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return f"{letters}{row}"


@dataclass
class WorkbookReading:
    """What was found in a workbook for one référentiel, and every doubt about it."""

    referentiel: Referentiel
    values: dict[str, Value] = field(default_factory=dict)
    notes: dict[str, str] = field(default_factory=dict)
    development_axes: dict[str, str] = field(default_factory=dict)
    #: Practice id -> where it was found (« Axe 1 - Accueil…, ligne 12 »).
    places: dict[str, str] = field(default_factory=dict)
    invalid: list[str] = field(default_factory=list)
    ambiguous: list[str] = field(default_factory=list)
    outside: list[str] = field(default_factory=list)
    metadata: dict[str, object] = field(default_factory=dict)

    @property
    def found(self) -> list[str]:
        return [p.id for p in self.referentiel.practices if p.id in self.places]

    @property
    def missing(self) -> list[str]:
        return [p.id for p in self.referentiel.practices if p.id not in self.places]

    def report(self, limit: int = 10) -> str:
        """The French account of the reading: found, not found, invalid cells, placed outside their activity."""
        total = len(self.referentiel.practices)
        lines = [f"{len(self.found)} pratiques trouvées sur {total} (référentiel « {self.referentiel.short_title} »)."]

        def listing(title: str, items: list[str]) -> None:
            if items:
                lines.append(f"{title} ({len(items)}) :")
                lines.extend(f"  - {item}" for item in items[:limit])
                if len(items) > limit:
                    lines.append(f"  - … et {len(items) - limit} autre(s)")

        listing(
            "Pratiques non trouvées, laissées non notées",
            [f"{pid} « {self.referentiel.practice(pid).text} »" for pid in self.missing],
        )
        listing("Cellules qui ne sont pas une note (0 à 3 ou na), laissées non notées", self.invalid)
        listing("Pratiques trouvées hors de leur activité", self.outside)
        return "\n".join(lines)


def _activity_id(text: str, referentiel: Referentiel) -> str | None:
    match = _ACTIVITY_ROW.match(text)
    if match and referentiel.has_activity(match.group(1)):
        return match.group(1)
    return None


def _score(cell: object, top: int) -> tuple[Value, bool]:
    """(value, valid): empty is unscored; 0..top, or a word meaning non applicable."""
    if cell is None or (isinstance(cell, str) and not cell.strip()):
        return None, True
    if isinstance(cell, bool):
        return None, False
    if isinstance(cell, int | float):
        if float(cell).is_integer() and 0 <= cell <= top:
            return int(cell), True
        return None, False
    if isinstance(cell, str):
        text = cell.strip().casefold()
        if text in _NOT_APPLICABLE_WORDS:
            return NOT_APPLICABLE, True
        if text.isdigit() and 0 <= int(text) <= top:
            return int(text), True
    return None, False


def _shown(cell: object) -> str:
    text = str(cell).strip()
    return text if len(text) <= 30 else text[:29] + "…"


def _text(cell: object) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell).strip()


def _right_of(row: Sequence[object], column: int) -> object:
    """The first non-empty cell right of ``column`` (None if there is none)."""
    for cell in row[column + 1 :]:
        if cell is not None and _text(cell):
            return cell
    return None


def read_workbook(sheets: Sequence[Sheet], referentiel: Referentiel) -> WorkbookReading:
    """Find every practice of ``referentiel`` in the sheets, with its score and note."""
    reading = WorkbookReading(referentiel)
    by_text: dict[str, list[tuple[str, Practice]]] = {}
    for _axis, _objective, activity, practice in referentiel.iter_practices():
        by_text.setdefault(normalise(practice.text), []).append((activity.id, practice))
    development_label = normalise(referentiel.development_axes_label)
    answers: dict[str, tuple[Value, str]] = {}
    for sheet in sheets:
        current: str | None = None  # each sheet starts outside any activity
        quoted = f"« {sheet.name} »"
        for number, row in enumerate(sheet.rows, start=1):
            for column, cell in enumerate(row):
                if not isinstance(cell, str) or not cell.strip():
                    continue
                text = normalise(cell)
                where = f"{quoted} {cell_name(column, number)}"
                if (activity_id := _activity_id(text, referentiel)) is not None:
                    current = activity_id
                    break  # the rest of an activity's row is its title and totals
                if text in _METADATA and _METADATA[text] not in reading.metadata:
                    value = _right_of(row, column)
                    if value is not None:
                        reading.metadata[_METADATA[text]] = value
                    break
                if text == development_label:
                    if current is not None and (value := _right_of(row, column)) is not None:
                        reading.development_axes[referentiel.locate_activity(current)[2].id] = _text(value)
                    break
                candidates = by_text.get(text)
                if not candidates:
                    continue
                placed = _place(candidates, current, reading, where, cell)
                if placed is None:
                    break
                score_cell = row[column + 1] if column + 1 < len(row) else None
                note = _text(row[column + 2]) if column + 2 < len(row) else ""
                value, valid = _score(score_cell, referentiel.max_value)
                if not valid:
                    reading.invalid.append(
                        f"{quoted} {cell_name(column + 1, number)} : « {_shown(score_cell)} » ({placed.id})"
                    )
                _record(reading, answers, placed, value, note, where)
                break  # one practice per row
    return reading


def _place(
    candidates: list[tuple[str, Practice]], current: str | None, reading: WorkbookReading, where: str, cell: str
) -> Practice | None:
    """The practice a text stands for here, or None (with the doubt recorded) when it cannot be told."""
    for activity_id, practice in candidates:
        if activity_id == current:
            return practice
    if len(candidates) == 1:
        activity_id, practice = candidates[0]
        reading.outside.append(
            f"{practice.id} « {_shown(cell)} » en {where}, après "
            + (f"l'activité {current}" if current else "aucune ligne d'activité")
        )
        return practice
    reading.ambiguous.append(
        f"{where} : « {_shown(cell)} » appartient aux activités "
        + ", ".join(a for a, _ in candidates)
        + " et aucune ligne d'activité (« 1.1 - … ») au-dessus ne dit laquelle"
    )
    return None


def _record(
    reading: WorkbookReading,
    answers: dict[str, tuple[Value, str]],
    practice: Practice,
    value: Value,
    note: str,
    where: str,
) -> None:
    if practice.id in answers:
        if answers[practice.id] != (value, note):
            reading.ambiguous.append(
                f"la pratique {practice.id} figure deux fois avec des réponses différentes "
                f"({reading.places[practice.id]} et {where})"
            )
        return
    answers[practice.id] = (value, note)
    reading.places[practice.id] = where
    if value is not None:
        reading.values[practice.id] = value
    if note:
        reading.notes[practice.id] = note


def choose_referentiel(sheets: Sequence[Sheet], referentiels: Sequence[Referentiel]) -> WorkbookReading:
    """Read the workbook for the référentiel it names, or else for the one it matches best."""
    if not referentiels:
        raise ImportRefused(["aucun référentiel installé"])
    readings = [read_workbook(sheets, referentiel) for referentiel in referentiels]
    named = readings[0].metadata.get("referentiel")
    version = _text(readings[0].metadata.get("version"))
    if named is not None:
        same = [r for r in readings if r.referentiel.id == _text(named)]
        same.sort(key=lambda r: r.referentiel.version != version)
        if same:
            return same[0]
    return max(readings, key=lambda r: len(r.found))


def to_evaluation(
    reading: WorkbookReading, *, siae: str, date: dt.date, label: str = "", structure_type: str = "Autre"
) -> Evaluation:
    """The evaluation the workbook holds; refused (``ImportRefused``) on any doubt or when nothing was found."""
    if reading.ambiguous:
        raise ImportRefused(reading.ambiguous)
    if not reading.found:
        raise ImportRefused(
            [
                "aucune pratique du référentiel trouvée : ce classeur n'a ni la présentation de siae-tui "
                "ni celle du classeur d'origine (pratique, note dans la colonne suivante, commentaire ensuite)"
            ]
        )
    referentiel = reading.referentiel
    if structure_type not in STRUCTURE_TYPES:
        structure_type = "Autre"
    participants_cell = _text(reading.metadata.get("participants"))
    values = {
        pid: value
        for pid, value in reading.values.items()
        if not (value == NOT_APPLICABLE and not referentiel.practice(pid).applies(structure_type))
    }
    return Evaluation(
        referentiel_id=referentiel.id,
        referentiel_version=referentiel.version,
        siae=siae,
        date=date,
        structure_type=structure_type,
        label=label,
        participants=[p.strip() for p in participants_cell.split(",") if p.strip()],
        values=values,
        notes=dict(reading.notes),
        development_axes=dict(reading.development_axes),
    )
