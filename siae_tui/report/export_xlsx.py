"""The Excel workbook, laid out like the one the référentiel comes from.

Sheets: the instructions (with the evaluation's SIAE, date and label), one
sheet per axis with the columns *Objectifs opérationnels / Activités /
0, 1, 2, ou 3 / Amélioration, planification* (then *Cible* and *Preuves*), a
RECAP sheet, a RADAR sheet and the *Preuves* sheet.

The RECAP's Résultats, Note maxi and % are **formulas** over the axis sheets,
so a score changed in Excel updates the recap; they follow the README's rules
(an empty score counts 0, « na » leaves the maximum). The score cells accept
0 to 3 or « na » (data validation) and are coloured by value. The RADAR sheet
holds a native Excel radar chart of the axes. ``siae-tui import`` reads this
workbook back (``workbook_import``), finding practices by their text.

Targets and evidence: each axis sheet has a « Cible » column (0 to 3, read
back) and a « Preuves » column that sums up the practice's evidence; the
« Preuves » sheet lists every item on its own row (practice, document,
location, date, carried over), which is what the import reads: the data
stay exact whatever a title holds. The RADAR sheet adds a « Cible » series
when targets count.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from zipfile import ZIP_DEFLATED, ZipFile

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.chart import RadarChart, Reference
from openpyxl.formatting.rule import CellIsRule, FormulaRule
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from siae_tui.clock import CLOCK
from siae_tui.domain.evaluation import Evaluation
from siae_tui.domain.model import Activity, Axis, Practice, Referentiel
from siae_tui.domain.scoring import NOT_APPLICABLE, effective_value
from siae_tui.domain.targets import evaluation_targets, target_recap
from siae_tui.domain.workbook import (
    DATE_LABEL,
    EVIDENCE_CARRIED,
    EVIDENCE_DATE,
    EVIDENCE_HEADER,
    EVIDENCE_ID,
    EVIDENCE_LOCATION,
    EVIDENCE_PRACTICE,
    EVIDENCE_SHEET,
    EVIDENCE_TITLE,
    LABEL_LABEL,
    PARTICIPANTS_LABEL,
    REFERENTIEL_LABEL,
    SCORE_HEADER,
    SIAE_LABEL,
    TARGET_HEADER,
    TYPE_LABEL,
    VERSION_LABEL,
    YES,
)
from siae_tui.report.french import long_date
from siae_tui.report.labels import evidence_text
from siae_tui.report.radar import TARGET_LEGEND

HEADERS = ("Objectifs opérationnels", "Activités", SCORE_HEADER)

_BOLD = Font(bold=True)
_TITLE = Font(bold=True, size=14)
_HEADER_FILL = PatternFill("solid", start_color="DDE6F0")
_INPUT_FILL = PatternFill("solid", start_color="FFF6D5")  # « seules les cellules de couleur sont à renseigner »
_ACTIVITY_FILL = PatternFill("solid", start_color="EEF2F6")
_WRAP = Alignment(wrap_text=True, vertical="top")
_CENTRE = Alignment(horizontal="center", vertical="top")
_THIN = Side(style="thin", color="BFBFBF")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_VALUE_FILLS = {  # the score cells' colours, as in the report
    "0": "F4C7C3",
    "1": "FCE0B8",
    "2": "DDEBC0",
    "3": "B7E1C1",
}
_TREND_FILLS = {"red": "F4C7C3", "orange": "FCE0B8", "green": "B7E1C1"}


@dataclass(frozen=True)
class AxisSheet:
    """Where an axis's practices landed: the sheet and each activity's score rows."""

    axis: Axis
    title: str
    rows: dict[str, tuple[int, int]]  # activity id -> first and last practice row


def _text(value: str | None) -> str | None:
    """Text as a cell can hold it: without the control characters Excel refuses; None for nothing."""
    return ILLEGAL_CHARACTERS_RE.sub("", value) or None if value else None


def _as_text(cells: Sequence[Cell]) -> None:
    """A typed text that starts with « = » stays text (openpyxl would make it a formula)."""
    for cell in cells:
        if isinstance(cell.value, str) and cell.value.startswith("="):
            cell.data_type = "s"


def sheet_title(axis: Axis) -> str:
    """« Axe 1 - Accueil et intégration », cut to Excel's 31 characters, without forbidden ones."""
    title = re.sub(r"[\[\]:*?/\\']", " ", f"Axe {axis.id} - {axis.title}")
    return title[:31].rstrip()


def export_xlsx(referentiel: Referentiel, evaluation: Evaluation) -> bytes:
    """The workbook as the bytes of an .xlsx file."""
    workbook = Workbook()
    _instructions(workbook.active, referentiel, evaluation)
    sheets = [_axis_sheet(workbook, referentiel, evaluation, axis) for axis in referentiel.axes]
    totals = _recap_sheet(workbook, referentiel, evaluation, sheets)
    _radar_sheet(workbook, referentiel, evaluation, totals)
    _evidence_sheet(workbook, referentiel, evaluation)  # last: the original workbook's sheets keep their order
    return _saved(workbook)


def _saved(workbook: Workbook) -> bytes:
    """The .xlsx bytes, every date inside them from siae-tui's clock.

    openpyxl stamps the file's « created » and « modified » properties and each part of the
    zip with the system's clock; here they all say the moment of the export as ``CLOCK``
    gives it, so the same evaluation exported at the same moment gives the same bytes.
    """
    moment = CLOCK.utc()
    workbook.properties.created = workbook.properties.modified = moment.replace(tzinfo=None)  # openpyxl: naive UTC
    written = io.BytesIO()
    with ZipFile(written, "w", ZIP_DEFLATED) as archive:
        ExcelWriter(workbook, archive).save()  # not workbook.save(): it stamps « modified » itself
    stamped = io.BytesIO()
    with ZipFile(written) as source, ZipFile(stamped, "w", ZIP_DEFLATED) as archive:
        for part in source.infolist():
            part.date_time = moment.timetuple()[:6]
            archive.writestr(part, source.read(part))
    return stamped.getvalue()


def _instructions(sheet: Worksheet, referentiel: Referentiel, evaluation: Evaluation) -> None:
    sheet.title = "Instructions"
    rows: list[tuple[object, ...]] = [
        (referentiel.title,),
        (),
        (referentiel.description,),
        (),
        ("Évaluation",),
        (SIAE_LABEL, _text(evaluation.siae)),
        (DATE_LABEL, evaluation.date),
        (LABEL_LABEL, _text(evaluation.label)),
        (TYPE_LABEL, evaluation.structure_type),
        (PARTICIPANTS_LABEL, _text(", ".join(evaluation.participants))),
        (REFERENTIEL_LABEL, referentiel.id),
        (VERSION_LABEL, referentiel.version),
        (),
    ]
    if referentiel.instructions:
        rows.append((referentiel.instructions.title,))
        rows += [(line,) for line in referentiel.instructions.text.splitlines()]
        rows.append(())
    rows.append(("Les onglets",))
    rows += [
        (f"{sheet_title(axis)} : les pratiques de l'axe, à noter dans la colonne colorée",) for axis in referentiel.axes
    ]
    rows.append(("RECAP : résultats, note maxi et % par activité et par axe (formules), avec la tendance",))
    rows.append(("RADAR : le diagramme radar des axes",))
    rows.append(
        (
            f"{EVIDENCE_SHEET} : une ligne par preuve (N° de la pratique, document, emplacement, date) ; "
            "« siae-tui import » relit cet onglet, la colonne Preuves des axes n'en est que le résumé",
        )
    )
    rows.append((f"{TARGET_HEADER} (onglets des axes) : la note visée pour la prochaine évaluation, de 0 à 3",))
    rows.append(())
    rows.append(("Exporté par siae-tui ; « siae-tui import » relit ce classeur.",))
    for row in rows:
        sheet.append(list(row))
        _as_text(sheet[sheet.max_row])
    sheet["A1"].font = _TITLE
    for cell in ("A5", "A14"):
        sheet[cell].font = _BOLD
    sheet["B7"].number_format = "DD/MM/YYYY"
    for row in sheet.iter_rows(min_row=6, max_row=12, max_col=1):
        row[0].font = _BOLD
    sheet.column_dimensions["A"].width = 30
    sheet.column_dimensions["B"].width = 90
    sheet["A3"].alignment = _WRAP
    sheet.merge_cells("A3:B3")
    sheet.row_dimensions[3].height = 75


def _score_cell(value: object) -> object:
    if value is None:
        return None
    return "na" if value == NOT_APPLICABLE else value


def _axis_sheet(workbook: Workbook, referentiel: Referentiel, evaluation: Evaluation, axis: Axis) -> AxisSheet:
    ws = workbook.create_sheet(sheet_title(axis))
    header_row = _axis_heading(ws, referentiel, axis)
    rows: dict[str, tuple[int, int]] = {}
    targets = evaluation_targets(referentiel, evaluation)
    for objective in axis.objectives:
        for index, activity in enumerate(objective.activities):
            title = objective.title if index == 0 else None
            rows[activity.id] = _activity_rows(ws, evaluation, title, activity, targets)
    last = ws.max_row
    ws.append([None])  # a blank row that max_row counts
    ws.append([referentiel.development_axes_label, _text(evaluation.development_axes.get(axis.id))])
    _as_text(ws[ws.max_row])
    ws.cell(ws.max_row, 1).font = _BOLD
    ws.cell(ws.max_row, 2).alignment = _WRAP
    _score_validations(ws, referentiel, list(rows.values()))
    _score_colours(ws, f"C{header_row + 1}:C{last}")
    for letter, width in zip("ABCDEF", (38, 70, 12, 50, 9, 50), strict=True):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = f"A{header_row + 1}"
    return AxisSheet(axis, ws.title, rows)


def _axis_heading(ws: Worksheet, referentiel: Referentiel, axis: Axis) -> int:
    """The axis's title, goals and scale above its table; returns the row of the table's headings."""
    ws.append([f"Axe {axis.id} · {axis.title}"])
    ws["A1"].font = _TITLE
    if axis.goals:
        ws.append(["Objectifs :"])
        for goal in axis.goals:
            ws.append([f"- {goal}"])
    ws.append([None])  # a blank row that max_row counts
    for level in referentiel.scale:
        ws.append([f"{level.value} - {level.label}"])
    ws.append([None])  # a blank row that max_row counts
    ws.append([*HEADERS, referentiel.note_label, TARGET_HEADER, EVIDENCE_HEADER])
    header_row: int = ws.max_row
    for cell in ws[header_row]:
        cell.font, cell.fill, cell.border, cell.alignment = _BOLD, _HEADER_FILL, _BOX, _WRAP
    return header_row


def _activity_rows(
    ws: Worksheet, evaluation: Evaluation, objective: str | None, activity: Activity, targets: dict[str, int]
) -> tuple[int, int]:
    """An activity's row (with its objective's title on the first one), then a row per practice.

    Returns the first and last practice rows.
    """
    ws.append([objective, f"{activity.id} - {activity.title}"])
    for cell in ws[ws.max_row][:6]:
        cell.fill, cell.border, cell.alignment = _ACTIVITY_FILL, _BOX, _WRAP
    ws.cell(ws.max_row, 2).font = _BOLD
    first = ws.max_row + 1
    for practice in activity.practices:
        _practice_row(ws, evaluation, practice, targets)
    return first, ws.max_row


def _practice_row(ws: Worksheet, evaluation: Evaluation, practice: Practice, targets: dict[str, int]) -> None:
    """Text, score, note, target and evidence of a practice; the score and target cells are the ones to fill."""
    value = effective_value(practice, evaluation.values, evaluation.structure_type)
    evidence = evaluation.evidence_of(practice.id) if practice.applies(evaluation.structure_type) else []
    ws.append(
        [
            None,
            practice.text,
            _score_cell(value),
            _text(evaluation.note(practice.id)),
            targets.get(practice.id),
            _text("\n".join(evidence_text(item) for item in evidence)),
        ]
    )
    row = ws.max_row
    _as_text(ws[row])
    for column in range(1, 7):
        ws.cell(row, column).border, ws.cell(row, column).alignment = _BOX, _WRAP
    for column in (3, 5):
        ws.cell(row, column).fill, ws.cell(row, column).alignment = _INPUT_FILL, _CENTRE


def _score_validations(ws: Worksheet, referentiel: Referentiel, rows: list[tuple[int, int]]) -> None:
    """Score cells accept the scale or « na », target cells the scale; both may stay empty."""
    validation = DataValidation(
        type="list",
        formula1=f'"{",".join(str(level.value) for level in referentiel.scale)},na"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Note invalide",
        error=f"Notez de 0 à {referentiel.max_value}, ou « na » (non applicable).",
        showInputMessage=True,
        promptTitle="Note",
        prompt="0 Pas mis en place · 1 En prévision · 2 À améliorer · 3 Revue régulièrement · na non applicable",
    )
    target_validation = DataValidation(
        type="list",
        formula1=f'"{",".join(str(level.value) for level in referentiel.scale)}"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Cible invalide",
        error=f"La cible est une note de 0 à {referentiel.max_value} (vide : pas de cible).",
    )
    ws.add_data_validation(validation)
    ws.add_data_validation(target_validation)
    for first, end in rows:
        validation.add(f"C{first}:C{end}")
        target_validation.add(f"E{first}:E{end}")


def _score_colours(ws: Worksheet, scores: str) -> None:
    """Each score cell of ``scores`` coloured by its value, « na » in grey."""
    for shown, colour in _VALUE_FILLS.items():
        ws.conditional_formatting.add(
            scores, CellIsRule(operator="equal", formula=[shown], fill=PatternFill("solid", start_color=colour))
        )
    ws.conditional_formatting.add(
        scores, CellIsRule(operator="equal", formula=['"na"'], fill=PatternFill("solid", start_color="E0E0E0"))
    )


def _evidence_sheet(workbook: Workbook, referentiel: Referentiel, evaluation: Evaluation) -> None:
    """One row per evidence item, in the référentiel's order: what the import reads back."""
    ws = workbook.create_sheet(EVIDENCE_SHEET)
    ws.append([_text(f"Preuves — {evaluation.siae}")])
    ws["A1"].font = _TITLE
    ws.append(
        [
            "Une ligne par preuve. Pour en ajouter une : le N° de la pratique (par exemple 1.1.1) et le nom "
            "du document ; l'emplacement (chemin ou adresse) et la date (JJ/MM/AAAA) si vous les avez."
        ]
    )
    ws.append([None])  # a blank row that max_row counts
    ws.append([EVIDENCE_ID, EVIDENCE_PRACTICE, EVIDENCE_TITLE, EVIDENCE_LOCATION, EVIDENCE_DATE, EVIDENCE_CARRIED])
    for cell in ws[ws.max_row]:
        cell.font, cell.fill, cell.border, cell.alignment = _BOLD, _HEADER_FILL, _BOX, _WRAP
    ws.freeze_panes = f"A{ws.max_row + 1}"
    for practice in referentiel.practices:
        if not practice.applies(evaluation.structure_type):
            continue
        for item in evaluation.evidence_of(practice.id):
            ws.append(
                [
                    practice.id,
                    practice.text,
                    _text(item.title),
                    _text(item.location),
                    item.date,
                    YES if item.carried_over else None,
                ]
            )
            row = ws.max_row
            _as_text(ws[row])
            ws.cell(row, 5).number_format = "DD/MM/YYYY"
            for column in range(1, 7):
                ws.cell(row, column).border, ws.cell(row, column).alignment = _BOX, _WRAP
    for letter, width in zip("ABCDEF", (9, 50, 40, 50, 12, 14), strict=True):
        ws.column_dimensions[letter].width = width


def _trend_formula(referentiel: Referentiel, cell: str) -> str:
    """The trend band of a % cell, written like the référentiel's bands: « ▲ Bien engagé »."""
    bands = sorted(referentiel.trend, key=lambda b: b.start, reverse=True)
    formula = f'"{bands[-1].symbol} {bands[-1].label}"'
    for band in reversed(bands[:-1]):  # the highest band is tested first, so it ends up outermost
        formula = f'IF(ROUND({cell}*100,1)>={band.start:g},"{band.symbol} {band.label}",{formula})'
    return f"={formula}"


def _recap_sheet(
    workbook: Workbook, referentiel: Referentiel, evaluation: Evaluation, sheets: list[AxisSheet]
) -> dict[str, int]:
    """The RECAP sheet; returns the row of each axis's total (and "" for the grand total)."""
    ws = workbook.create_sheet("RECAP")
    ws.append([_text(f"Récapitulatif — {evaluation.siae}")])
    ws["A1"].font = _TITLE
    ws.append(
        [_text(f"Évaluation du {long_date(evaluation.date)}" + (f" · {evaluation.label}" if evaluation.label else ""))]
    )
    totals = {sheet.axis.id: _recap_axis(ws, referentiel, sheet) for sheet in sheets}
    ws.append([None])  # a blank row that max_row counts
    row = ws.max_row + 1
    axis_rows = list(totals.values())
    ws.append(
        [
            "Total",
            None,
            "=" + "+".join(f"C{r}" for r in axis_rows),
            "=" + "+".join(f"D{r}" for r in axis_rows),
            f"=IF(D{row}=0,0,C{row}/D{row})",
            "=" + "+".join(f"F{r}" for r in axis_rows),
            _trend_formula(referentiel, f"E{row}"),
        ]
    )
    for cell in ws[row]:
        cell.font, cell.border = Font(bold=True, size=12), _BOX
    totals[""] = row
    ws.append([None])  # a blank row that max_row counts
    ws.append(
        [
            "Tendance : "
            + " · ".join(f"{b.symbol} {b.label} dès {b.start:g} %" for b in referentiel.trend)
            + ". Une note vide compte 0 ; « na » sort la pratique du maximum."
        ]
    )
    _recap_percent_formats(ws, referentiel, row)
    for letter, width in zip("ABCDEFG", (42, 60, 11, 11, 9, 15, 20), strict=True):
        ws.column_dimensions[letter].width = width
    return totals


def _recap_axis(ws: Worksheet, referentiel: Referentiel, sheet: AxisSheet) -> int:
    """An axis's table in the RECAP: a row of formulas per activity, then the axis's total; returns its row."""
    axis = sheet.axis
    ws.append([None])  # a blank row that max_row counts
    ws.append([f"Axe {axis.id} · {axis.title}"])
    ws.cell(ws.max_row, 1).font = Font(bold=True, size=12)
    ws.append(["Objectifs opérationnels", "Activités", "Résultats", "Note maxi", "%", "Mises en œuvre", "Tendance"])
    for cell in ws[ws.max_row]:
        cell.font, cell.fill, cell.border, cell.alignment = _BOLD, _HEADER_FILL, _BOX, _WRAP
    first = ws.max_row + 1
    for objective in axis.objectives:
        for index, activity in enumerate(objective.activities):
            _recap_activity(ws, referentiel, sheet, objective.title if index == 0 else None, activity)
    last: int = ws.max_row
    row = last + 1
    ws.append(
        [
            f"Axe {axis.id}",
            None,
            f"=SUM(C{first}:C{last})",
            f"=SUM(D{first}:D{last})",
            f"=IF(D{row}=0,0,C{row}/D{row})",
            f"=SUM(F{first}:F{last})",
            _trend_formula(referentiel, f"E{row}"),
        ]
    )
    for cell in ws[row]:
        cell.font = _BOLD
    for line in range(first, row + 1):
        for column in range(1, 8):
            ws.cell(line, column).border = _BOX
            ws.cell(line, column).alignment = _WRAP
    return row


def _recap_activity(
    ws: Worksheet, referentiel: Referentiel, sheet: AxisSheet, objective: str | None, activity: Activity
) -> None:
    """An activity's formulas over its score cells in the axis sheet: result, maximum, %, implemented, trend."""
    start, end = sheet.rows[activity.id]
    scores = f"{quote_sheetname(sheet.title)}!$C${start}:$C${end}"
    row = ws.max_row + 1
    ws.append(
        [
            objective,
            f"{activity.id} - {activity.title}",
            f"=SUM({scores})",
            f'={referentiel.max_value}*(ROWS({scores})-COUNTIF({scores},"na"))',
            f"=IF(D{row}=0,0,C{row}/D{row})",
            f'=COUNTIF({scores},">={referentiel.implemented_from}")',
            _trend_formula(referentiel, f"E{row}"),
        ]
    )


def _recap_percent_formats(ws: Worksheet, referentiel: Referentiel, last_row: int) -> None:
    """The % column as percentages, and the % and trend cells coloured by their trend band."""
    for line in ws.iter_rows(min_row=1, max_row=last_row, min_col=5, max_col=5):
        line[0].number_format = "0.0%"
    for band in sorted(referentiel.trend, key=lambda b: b.start, reverse=True):
        colour = _TREND_FILLS.get(band.colour)
        if colour:
            ws.conditional_formatting.add(
                f"E1:E{last_row} G1:G{last_row}",
                FormulaRule(
                    formula=[f"AND(ISNUMBER($E1),ROUND($E1*100,1)>={band.start:g})"],
                    fill=PatternFill("solid", start_color=colour),
                    stopIfTrue=True,
                ),
            )


def _radar_sheet(workbook: Workbook, referentiel: Referentiel, evaluation: Evaluation, totals: dict[str, int]) -> None:
    ws = workbook.create_sheet("RADAR")
    previous = evaluation.previous_recap(referentiel)
    target = target_recap(referentiel, evaluation)
    header = ["Axe", "Évaluation actuelle"] + (["Évaluation précédente"] if previous else [])
    header += [TARGET_LEGEND] if target else []
    ws.append(header)
    for cell in ws[1]:
        cell.font, cell.fill = _BOLD, _HEADER_FILL
    for axis in referentiel.axes:
        line: list[object] = [f"{axis.id} {axis.title}", f"=RECAP!E{totals[axis.id]}"]
        if previous:
            line.append(previous.axes[axis.id].percent / 100)
        if target:  # a figure, not a formula: the targets are not in the RECAP's formulas
            line.append(target.axes[axis.id].percent / 100)
        ws.append(line)
    count = len(referentiel.axes)
    for row in ws.iter_rows(min_row=2, max_row=count + 1, min_col=2, max_col=len(header)):
        for cell in row:
            cell.number_format = "0.0%"
    ws.column_dimensions["A"].width = 55
    ws.column_dimensions["B"].width = 20
    ws.column_dimensions["C"].width = 22
    if target:
        ws.column_dimensions[chr(ord("A") + len(header) - 1)].width = 12
    chart = RadarChart()
    chart.type = "marker"
    chart.title = _text(f"Radar des axes — {evaluation.siae}")
    chart.style = 26
    data = Reference(ws, min_col=2, max_col=len(header), min_row=1, max_row=count + 1)
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=1, min_row=2, max_row=count + 1))
    chart.y_axis.scaling.min = 0
    chart.y_axis.scaling.max = 1
    chart.y_axis.majorUnit = 0.25
    chart.y_axis.number_format = "0%"
    chart.y_axis.delete = False
    chart.height, chart.width = 13, 20
    ws.add_chart(chart, f"A{count + 4}")
