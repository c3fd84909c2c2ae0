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

siae-tui's own workbook also holds targets and evidence. A target is read
from the « Cible » column of an axis sheet (found by its heading, beside the
score's « 0, 1, 2, ou 3 »). Evidence is read from the « Preuves » sheet, one
row per item under the headings « N° », « Document », « Emplacement… »,
« Date », « Reprise… » (the « Preuves » column of the axis sheets only sums
them up). A target or an evidence row that cannot be read is left out and
said in the report, like a cell that is not a score; it never refuses the
workbook.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field

from siae_tui.domain.evaluation import Evaluation
from siae_tui.domain.evidence import Evidence, count_problem, evidence_problem, normalised
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
#: The axis sheets' score heading, and the target's and evidence's beside it.
SCORE_HEADER = "0, 1, 2, ou 3"
TARGET_HEADER = "Cible"
EVIDENCE_HEADER = "Preuves"
#: The sheet listing every evidence item, and its headings (written by the xlsx export, read here).
EVIDENCE_SHEET = "Preuves"
EVIDENCE_ID = "N°"
EVIDENCE_PRACTICE = "Pratique"
EVIDENCE_TITLE = "Document"
EVIDENCE_LOCATION = "Emplacement (chemin ou adresse)"
EVIDENCE_DATE = "Date"
EVIDENCE_CARRIED = "Reprise de l'évaluation précédente"
#: What the « Reprise… » column holds for a carried-over item.
YES = "oui"

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
    targets: dict[str, int] = field(default_factory=dict)
    evidence: dict[str, list[Evidence]] = field(default_factory=dict)
    #: Target cells that are not a target, and evidence rows left out or read only in part.
    invalid_targets: list[str] = field(default_factory=list)
    evidence_problems: list[str] = field(default_factory=list)

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
        if self.targets:
            lines.append(f"{len(self.targets)} cibles lues.")
        listing("Cellules « Cible » qui ne sont pas une cible (0 à 3), laissées sans cible", self.invalid_targets)
        if self.evidence:
            lines.append(f"{sum(map(len, self.evidence.values()))} preuves lues dans l'onglet « {EVIDENCE_SHEET} ».")
        listing(f"Lignes de l'onglet « {EVIDENCE_SHEET} » laissées de côté ou lues en partie", self.evidence_problems)
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
    reader = _SheetReader(referentiel)
    for sheet in sheets:
        if sheet.name == EVIDENCE_SHEET:
            _read_evidence(sheet, reader.reading)
            continue  # its rows are evidence, never practices nor details (a title may read « Libellé »)
        reader.read(sheet)
    return reader.reading


class _SheetReader:
    """Reads a workbook's sheets, one after the other, row by row, into ``reading``.

    Across sheets: the practices by their text, and the first answer found for each (a
    second, different one is a doubt). Within a sheet: the activity its rows belong to and
    siae-tui's « Cible » column, both found on the way down.
    """

    def __init__(self, referentiel: Referentiel) -> None:
        self.reading = WorkbookReading(referentiel)
        self.by_text: dict[str, list[tuple[str, Practice]]] = {}
        for _axis, _objective, activity, practice in referentiel.iter_practices():
            self.by_text.setdefault(normalise(practice.text), []).append((activity.id, practice))
        self.development_label = normalise(referentiel.development_axes_label)
        self.answers: dict[str, tuple[Value, str]] = {}
        self.quoted = ""
        self.current: str | None = None
        self.target_column: int | None = None

    def read(self, sheet: Sheet) -> None:
        self.quoted = f"« {sheet.name} »"
        self.current = None  # each sheet starts outside any activity
        self.target_column = None  # siae-tui's axis sheets have one, found by its heading
        for number, row in enumerate(sheet.rows, start=1):
            headings = [normalise(cell) if isinstance(cell, str) else "" for cell in row]
            if normalise(TARGET_HEADER) in headings and normalise(SCORE_HEADER) in headings:
                self.target_column = headings.index(normalise(TARGET_HEADER))
                continue
            self.read_row(number, row)

    def read_row(self, number: int, row: Sequence[object]) -> None:
        """The first text of a row that is an activity, a detail or a practice says what the whole row is."""
        for column, cell in enumerate(row):
            if not isinstance(cell, str) or not cell.strip():
                continue
            text = normalise(cell)
            if (activity_id := _activity_id(text, self.reading.referentiel)) is not None:
                self.current = activity_id
                return  # the rest of an activity's row is its title and totals
            if self.read_detail(text, row, column):
                return
            candidates = self.by_text.get(text)
            if candidates:
                self.read_practice(candidates, number, row, column, cell)
                return  # one practice per row

    def read_detail(self, text: str, row: Sequence[object], column: int) -> bool:
        """Whether ``text`` labels a detail of the evaluation or an axe de développement (kept when a value follows)."""
        key = _METADATA.get(text)
        if key is not None and key not in self.reading.metadata:
            value = _right_of(row, column)
            if value is not None:
                self.reading.metadata[key] = value
            return True
        if text != self.development_label:
            return False
        if self.current is not None and (value := _right_of(row, column)) is not None:
            axis = self.reading.referentiel.locate_activity(self.current)[2]
            self.reading.development_axes[axis.id] = _text(value)
        return True

    def read_practice(
        self, candidates: list[tuple[str, Practice]], number: int, row: Sequence[object], column: int, cell: str
    ) -> None:
        """A practice's text: its score and note in the next two cells, its target in the « Cible » column."""
        reading = self.reading
        where = f"{self.quoted} {cell_name(column, number)}"
        placed = _place(candidates, self.current, reading, where, cell)
        if placed is None:
            return
        score_cell = row[column + 1] if column + 1 < len(row) else None
        note = _text(row[column + 2]) if column + 2 < len(row) else ""
        value, valid = _score(score_cell, reading.referentiel.max_value)
        if not valid:
            reading.invalid.append(
                f"{self.quoted} {cell_name(column + 1, number)} : « {_shown(score_cell)} » ({placed.id})"
            )
        _record(reading, self.answers, placed, value, note, where)
        if self.target_column is not None and self.target_column < len(row):
            where_target = f"{self.quoted} {cell_name(self.target_column, number)}"
            _record_target(reading, placed.id, value, row[self.target_column], where_target)


def _record_target(reading: WorkbookReading, practice_id: str, value: Value, cell: object, where: str) -> None:
    """A practice's « Cible » cell: empty is no target; 0..3 only, and never on a « na » practice."""
    target, valid = _score(cell, reading.referentiel.max_value)
    if target is None and valid:
        return
    if not isinstance(target, int):
        reading.invalid_targets.append(f"{where} : « {_shown(cell)} » ({practice_id})")
    elif value == NOT_APPLICABLE:
        reading.invalid_targets.append(f"{where} : cible sur une pratique non applicable ({practice_id})")
    else:
        reading.targets[practice_id] = target


def _read_evidence(sheet: Sheet, reading: WorkbookReading) -> None:
    """The « Preuves » sheet: one item per row under its headings; a doubtful row is said, never guessed."""
    referentiel = reading.referentiel
    columns: dict[str, int] = {}
    wanted = {
        normalise(heading): key
        for heading, key in (
            (EVIDENCE_ID, "id"),
            (EVIDENCE_TITLE, "title"),
            (EVIDENCE_LOCATION, "location"),
            (EVIDENCE_DATE, "date"),
            (EVIDENCE_CARRIED, "carried"),
        )
    }
    for number, row in enumerate(sheet.rows, start=1):
        if not columns:
            found = {
                wanted[normalise(c)]: i for i, c in enumerate(row) if isinstance(c, str) and normalise(c) in wanted
            }
            if {"id", "title"} <= set(found):
                columns = found
            continue
        practice_id, title = _text(_column(row, columns, "id")), _text(_column(row, columns, "title"))
        if not practice_id and not title:
            continue
        where = f"ligne {number}"
        if not referentiel.has_practice(practice_id):
            reading.evidence_problems.append(f"{where} : pratique « {_shown(practice_id)} » inconnue")
            continue
        date = _column(row, columns, "date")
        day = _date_cell(date)
        if date is not None and _text(date) and day is None:
            reading.evidence_problems.append(f"{where} : date « {_shown(date)} » illisible, preuve gardée sans date")
        carried = normalise(_text(_column(row, columns, "carried"))) == YES
        item = normalised(Evidence(title, _text(_column(row, columns, "location")), day, carried))
        items = reading.evidence.setdefault(practice_id, [])
        problem = evidence_problem(item) or count_problem(len(items) + 1, practice_id)
        if problem:
            reading.evidence_problems.append(f"{where} : {problem}")
            if not items:
                del reading.evidence[practice_id]
            continue
        items.append(item)


def _column(row: Sequence[object], columns: dict[str, int], key: str) -> object:
    index = columns.get(key)
    return row[index] if index is not None and index < len(row) else None


def _date_cell(cell: object) -> dt.date | None:
    """A date from a cell: a date (or date-time) value, or JJ/MM/AAAA or AAAA-MM-JJ text."""
    if isinstance(cell, dt.datetime):
        return cell.date()
    if isinstance(cell, dt.date):
        return cell
    if isinstance(cell, str):
        for pattern in ("%d/%m/%Y", "%Y-%m-%d"):
            try:
                return dt.datetime.strptime(cell.strip(), pattern).date()
            except ValueError:
                continue
    return None


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
    # Neither a target nor evidence on a practice that does not concern the structure type (as a session refuses).
    concerned = {p.id for p in referentiel.practices if p.applies(structure_type)}
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
        targets={pid: target for pid, target in reading.targets.items() if pid in concerned},
        evidence={pid: list(items) for pid, items in reading.evidence.items() if pid in concerned},
    )
