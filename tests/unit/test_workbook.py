"""The Excel workbook: export (recap formulas, radar chart, validation) and import (ours and the original)."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook

from siae_tui.cli import main
from siae_tui.domain.evaluation import Evaluation
from siae_tui.domain.model import Referentiel
from siae_tui.domain.workbook import Sheet, normalise, read_workbook
from siae_tui.report.export_xlsx import export_xlsx
from siae_tui.store import SessionStore
from siae_tui.transfer import TransferError, import_file
from tests.conftest import DATA

SEED = DATA / "seeds" / "000_78aefdf40b35e0f6.txt"


def full_evaluation(referentiel: Referentiel) -> Evaluation:
    """Every practice scored or not, some non applicable, notes that could trip a spreadsheet."""
    cycle: list[Any] = [0, 1, 2, 3, None, 2, 3, "na"]
    values = {p.id: cycle[i % len(cycle)] for i, p in enumerate(referentiel.practices)}
    values = {k: v for k, v in values.items() if v is not None}
    notes = {
        "1.1.2": "Convention à signer\navant juin",
        "1.3.9": "=SUM(A1:A9) n'est pas une formule",
        "2.1.7": 'Guillemets "doubles" et « français »',
        "3.4.1": "<script>alert('x')</script>",
        "5.3.12": "Dernière pratique",
    }
    return Evaluation(
        referentiel.id,
        referentiel.version,
        "Régie Élan",
        dt.date(2026, 11, 25),
        "ACI",
        "Revue 2026",
        ["Awa (CIP)", "Marc"],
        values,
        notes,
        {"1": "Livret d'accueil", "4": "Partenariats"},
    )


# -- a tiny evaluator for the few Excel functions the RECAP uses, to recompute it from the cells -----------------
_REF = re.compile(
    r"(?:(?P<sheet>'(?:[^']|'')+'|[A-Za-z]+)!)?\$?(?P<c1>[A-Z]{1,2})\$?(?P<r1>\d+)(?::\$?(?P<c2>[A-Z]{1,2})\$?(?P<r2>\d+))?"
)


class Recomputed:
    def __init__(self, workbook: Workbook) -> None:
        self.workbook = workbook

    def value(self, sheet: str, ref: str) -> Any:
        raw = self.workbook[sheet][ref].value
        if isinstance(raw, str) and raw.startswith("="):
            return self.formula(sheet, raw[1:])
        return raw

    def cells(self, sheet: str, top: str, bottom: str) -> list[Any]:
        return [self.value(sheet, cell.coordinate) for row in self.workbook[sheet][f"{top}:{bottom}"] for cell in row]

    def formula(self, sheet: str, text: str) -> Any:
        strings: list[str] = []
        text = re.sub(r'"([^"]*)"', lambda m: f"__s{strings.append(m.group(1)) or len(strings) - 1}", text)
        text = re.sub(r"([A-Z]+\d+)/([A-Z]+\d+)", r"DIV(\1,\2)", text)

        def ref(match: re.Match[str]) -> str:
            where = (match["sheet"] or sheet).strip("'").replace("''", "'")
            if match["c2"]:
                return f"R({where!r},{match['c1'] + match['r1']!r},{match['c2'] + match['r2']!r})"
            return f"V({where!r},{match['c1'] + match['r1']!r})"

        text = _REF.sub(ref, text).replace("<>", "!=")
        text = re.sub(r"(?<![<>!=])=(?!=)", "==", text)
        text = re.sub(r"__s(\d+)", lambda m: repr(strings[int(m.group(1))]), text)
        return eval(  # a test oracle over formulas this project wrote
            text,
            {
                "V": lambda s, r: self.value(s, r),
                "R": lambda s, a, b: self.cells(s, a, b),
                "SUM": lambda cells: sum(c for c in cells if isinstance(c, int | float)),
                "ROWS": len,
                "COUNTIF": _countif,
                "IF": lambda c, a, b: a if c else b,
                "DIV": lambda a, b: a / b if b else 0,
                "ROUND": round,
                "AND": lambda *xs: all(xs),
                "ISNUMBER": lambda x: isinstance(x, int | float),
            },
        )


def _countif(cells: list[Any], criterion: str) -> int:
    if criterion.startswith(">="):
        return sum(1 for c in cells if isinstance(c, int | float) and c >= float(criterion[2:]))
    return sum(1 for c in cells if c == criterion)


def exported(referentiel: Referentiel, evaluation: Evaluation) -> Workbook:
    return load_workbook(io.BytesIO(export_xlsx(referentiel, evaluation)))


def test_layout_of_the_original_workbook(referentiel: Referentiel) -> None:
    workbook = exported(referentiel, full_evaluation(referentiel))
    assert workbook.sheetnames[0] == "Instructions" and workbook.sheetnames[-3:] == ["RECAP", "RADAR", "Preuves"]
    axis_sheets = workbook.sheetnames[1:-3]
    assert len(axis_sheets) == 5 and axis_sheets[0] == "Axe 1 - Accueil et intégration"
    ws = workbook[axis_sheets[0]]
    header = next(row for row in ws.iter_rows(values_only=True) if row[0] == "Objectifs opérationnels")
    assert header[:4] == ("Objectifs opérationnels", "Activités", "0, 1, 2, ou 3", "Amélioration, planification")
    validations = ws.data_validations.dataValidation
    assert validations and validations[0].formula1 == '"0,1,2,3,na"'
    assert ws.conditional_formatting  # the score cells are coloured by value


def test_a_workbook_is_dated_by_the_clock_and_the_same_moment_gives_the_same_bytes(referentiel: Referentiel) -> None:
    """openpyxl dated the file (its properties and every part of the zip) with the system's clock:
    the suite's still clock (25/11/2026 10:30 UTC) is what the workbook says now."""
    evaluation = full_evaluation(referentiel)
    first, again = export_xlsx(referentiel, evaluation), export_xlsx(referentiel, evaluation)
    assert first == again
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        assert {part.date_time for part in archive.infolist()} == {(2026, 11, 25, 10, 30, 0)}
        core = archive.read("docProps/core.xml").decode()
    assert core.count("2026-11-25T10:30:00Z") == 2  # created and modified


def test_recap_formulas_give_the_domains_figures(referentiel: Referentiel) -> None:
    evaluation = full_evaluation(referentiel)
    workbook = exported(referentiel, evaluation)
    recap, ws, oracle = evaluation.recap(referentiel), workbook["RECAP"], Recomputed(workbook)
    rows = {str(row[1].value).split(" - ")[0]: row[0].row for row in ws.iter_rows(min_col=1, max_col=2) if row[1].value}
    rows |= {str(row[0].value).removeprefix("Axe "): row[0].row for row in ws.iter_rows(max_col=1) if row[0].value}
    groups = {**{a.id: recap.activities[a.id] for a in referentiel.activities}, **recap.axes, "Total": recap.total}
    for key, figures in groups.items():
        row = rows[key]
        assert isinstance(ws[f"C{row}"].value, str) and ws[f"C{row}"].value.startswith("=")  # a formula, not a number
        score, maximum, share, implemented, trend = (oracle.value("RECAP", f"{c}{row}") for c in "CDEFG")
        assert (score, maximum, implemented) == (figures.score, figures.max, figures.implemented), key
        assert round(share * 100, 1) == figures.percent, key
        assert trend == f"{figures.trend.symbol} {figures.trend.label}", key


def test_a_score_changed_in_excel_changes_the_recap(referentiel: Referentiel) -> None:
    workbook = exported(referentiel, Evaluation(referentiel.id, referentiel.version, "X", dt.date(2026, 1, 1)))
    ws = workbook["Axe 1 - Accueil et intégration"]
    cell = next(row[2] for row in ws.iter_rows() if row[1].value == referentiel.practice("1.1.1").text)
    cell.value = 3
    oracle = Recomputed(workbook)
    row = next(r[0].row for r in workbook["RECAP"].iter_rows(max_col=2) if str(r[1].value).startswith("1.1 - "))
    assert (oracle.value("RECAP", f"C{row}"), oracle.value("RECAP", f"D{row}")) == (3, 21)


def test_radar_sheet_has_a_native_radar_chart_of_the_axes(referentiel: Referentiel) -> None:
    evaluation = full_evaluation(referentiel)
    evaluation.origin, evaluation.previous_values = "avant", {"1.1.1": 3}
    ws = load_workbook(io.BytesIO(export_xlsx(referentiel, evaluation)))["RADAR"]
    (chart,) = ws._charts
    assert type(chart).__name__ == "RadarChart"
    assert [ws.cell(r, 1).value for r in range(2, 7)] == [f"{a.id} {a.title}" for a in referentiel.axes]
    assert ws["B1"].value == "Évaluation actuelle" and ws["C1"].value == "Évaluation précédente"
    assert ws["B2"].value.startswith("=RECAP!E")


def _store(tmp_path: Path, referentiel: Referentiel) -> SessionStore:
    return SessionStore(tmp_path / "sessions", [referentiel])


def test_export_then_import_gives_the_same_scores_and_notes(tmp_path: Path, referentiel: Referentiel) -> None:
    evaluation = full_evaluation(referentiel)
    path = tmp_path / "revue.xlsx"
    path.write_bytes(export_xlsx(referentiel, evaluation))
    store = _store(tmp_path, referentiel)
    imported = import_file(path, store)
    again = store.open(imported.session_id, read_only=True).evaluation
    assert again.values == evaluation.values
    assert again.notes == evaluation.notes
    assert (again.siae, again.date, again.label, again.structure_type) == (
        "Régie Élan",
        evaluation.date,
        "Revue 2026",
        "ACI",
    )
    assert again.participants == ["Awa (CIP)", "Marc"]
    assert again.development_axes == evaluation.development_axes
    assert imported.report.startswith("247 pratiques trouvées sur 247")


# -- the original workbook, rebuilt from the seed text ------------------------------------------------------------
_AXIS_TITLES = {
    "Accueil et intégration",
    "Accompagnement socio-professionnel",
    "Formation",
    "Développement économique, territorial et utilité sociale",
    "Pilotage de la mission insertion",
}
_ACTIVITY = re.compile(r"^\d+\.\d+\s*-")


def _practice_column(cells: list[str]) -> int | None:
    """The column of a practice in a row of the seed's axis tabs (None for any other row)."""
    filled = [i for i, c in enumerate(cells) if c]
    if not filled or any(_ACTIVITY.match(c) for c in cells) or cells[0] in _AXIS_TITLES:
        return None
    if cells[0].startswith(("- ", "* ", "Objectifs opérationnels")):
        return None
    if len(cells) > 1 and cells[1] and not cells[1].isdigit():
        return 1
    return 0 if filled == [0] else None


def original_workbook(path: Path, referentiel: Referentiel) -> dict[str, tuple[int, str]]:
    """The seed's workbook as .xlsx, each practice scored ((row number) % 4) with a note; returns what was typed.

    The practice rows are told apart from the seed's layout alone (no matching), and checked
    against the référentiel's order: the i-th practice row holds the i-th practice.
    """
    tabs, recap = SEED.read_text(encoding="utf-8").split("Indiquer le Nom de votre SIAE", 1)
    workbook = Workbook()
    ws = workbook.active
    ws.title = "Présentation"
    typed: dict[str, tuple[int, str]] = {}
    practices = iter(referentiel.practices)
    in_axis = False
    for line in tabs.splitlines():
        cells = [c.strip() for c in line.split("\t")]
        if cells[0] in _AXIS_TITLES:
            ws, in_axis = workbook.create_sheet(cells[0][:31]), True
        column = _practice_column(cells) if in_axis else None
        row: list[Any] = [int(c) if c.isdigit() else (c or None) for c in cells]
        if column is not None:
            practice = next(practices)
            assert cells[column] == practice.text, (cells, practice.id)
            row += [None] * (column + 3 - len(row))
            number = ws.max_row + 1
            row[column + 1] = number % 4
            row[column + 2] = f"note de la ligne {number}" if number % 3 == 0 else None
            typed[practice.id] = (number % 4, row[column + 2] or "")
        ws.append(row)
    assert next(practices, None) is None and len(typed) == 247
    ws = workbook.create_sheet("RECAP")
    ws.append(["Indiquer le Nom de votre SIAE", "Les Jardins du Val"])
    for line in recap.splitlines():
        ws.append([int(c) if c.strip().isdigit() else (c.strip() or None) for c in line.split("\t")])
    workbook.create_sheet("RADAR")
    workbook.save(path)
    return typed


def test_original_layout_workbook_imports_all_247_practices(
    tmp_path: Path, referentiel: Referentiel, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "referentiel-2025.xlsx"
    typed = original_workbook(path, referentiel)
    monkeypatch.setenv("SIAE_TUI_SESSIONS", str(tmp_path / "sessions"))
    assert main(["import", str(path)]) == 0
    out, err = capsys.readouterr()
    assert "247 pratiques trouvées sur 247" in err
    session_id = out.split(": ", 1)[1].strip()
    evaluation = _store(tmp_path, referentiel).open(session_id, read_only=True).evaluation
    assert {pid: (evaluation.values.get(pid), evaluation.note(pid)) for pid in typed} == typed
    assert evaluation.siae == "Les Jardins du Val"
    # The sentence that closes seven activities went to each of them, not to the first.
    shared = normalise("Utiliser et faire évoluer les outils numériques en lien avec les besoins")
    closing = [p.id for p in referentiel.practices if normalise(p.text) == shared]
    assert len(closing) >= 5 and all(evaluation.values.get(p) == typed[p][0] for p in closing)


def _sheet(*rows: list[Any]) -> Sheet:
    return Sheet("Feuille", [list(r) for r in rows])


def test_cells_that_are_not_scores_are_reported(referentiel: Referentiel) -> None:
    p1, p2, p3 = referentiel.activity("1.1").practices[:3]
    reading = read_workbook(
        [
            _sheet(
                [None, "1.1 - Recrutement et relations prescripteurs"],
                [None, p1.text.upper(), 7, None],
                [None, "  " + p2.text.replace(" ", "  ") + " ", "x", "à voir"],
                [None, p3.text.replace("'", "’"), "na", None],
            )
        ],
        referentiel,
    )
    assert reading.found == [p1.id, p2.id, p3.id]  # case, spaces and quotes do not matter
    assert reading.values == {p3.id: "na"} and reading.notes == {p2.id: "à voir"}
    assert reading.invalid == ["« Feuille » C2 : « 7 » (1.1.1)", "« Feuille » C3 : « x » (1.1.2)"]
    report = reading.report()
    assert "244 pratiques non trouvées" not in report and "Pratiques non trouvées, laissées non notées (244)" in report
    assert "Cellules qui ne sont pas une note (0 à 3 ou na), laissées non notées (2)" in report


def test_a_shared_sentence_outside_any_activity_refuses_the_workbook(
    tmp_path: Path, referentiel: Referentiel, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    workbook = Workbook()
    workbook.active.append([None, "Utiliser et faire évoluer les outils numériques en lien avec les besoins", 2])
    workbook.active.append([None, "1.1 - Recrutement et relations prescripteurs"])
    workbook.active.append([None, referentiel.practice("1.1.1").text, 3])
    path = tmp_path / "douteux.xlsx"
    workbook.save(path)
    sessions = tmp_path / "sessions"
    monkeypatch.setenv("SIAE_TUI_SESSIONS", str(sessions))
    assert main(["import", str(path)]) == 1
    err = capsys.readouterr().err
    assert "import refusé, rien n'a été créé" in err and "appartient aux activités 1.3, 2.1" in err
    assert not sessions.exists() or not list(sessions.glob("*.json"))


def test_the_same_practice_twice_with_different_answers_is_refused(tmp_path: Path, referentiel: Referentiel) -> None:
    text = referentiel.practice("1.1.1").text
    workbook = Workbook()
    for score in (1, 3):
        workbook.active.append([None, "1.1 - Recrutement"])
        workbook.active.append([None, text, score])
    path = tmp_path / "deux-fois.xlsx"
    workbook.save(path)
    with pytest.raises(TransferError, match="figure deux fois avec des réponses différentes"):
        import_file(path, _store(tmp_path, referentiel))


@pytest.mark.parametrize("content", [b"", b"id;texte\n1.1.1;x\n", b"PK\x03\x04 not really a zip"])
def test_a_file_that_is_not_a_workbook_creates_nothing(
    tmp_path: Path, referentiel: Referentiel, content: bytes
) -> None:
    path = tmp_path / "faux.xlsx"
    path.write_bytes(content)
    store = _store(tmp_path, referentiel)
    with pytest.raises(TransferError, match="n'est pas un classeur Excel"):
        import_file(path, store)
    assert not (tmp_path / "sessions").exists() or not list((tmp_path / "sessions").glob("*.json"))


def test_a_workbook_without_any_practice_creates_nothing(tmp_path: Path, referentiel: Referentiel) -> None:
    workbook = Workbook()
    workbook.active.append(["Budget 2026", 1200])
    path = tmp_path / "budget.xlsx"
    workbook.save(path)
    with pytest.raises(TransferError, match="aucune pratique du référentiel trouvée"):
        import_file(path, _store(tmp_path, referentiel))


def test_cli_writes_the_workbook(tmp_path: Path, referentiel: Referentiel, monkeypatch: pytest.MonkeyPatch) -> None:
    sessions = tmp_path / "sessions"
    monkeypatch.setenv("SIAE_TUI_SESSIONS", str(sessions))
    session = SessionStore(sessions, [referentiel]).create(full_evaluation(referentiel))
    session.close()
    out = tmp_path / "revue.xlsx"
    assert main(["export", session.id, "--format", "xlsx", "-o", str(out)]) == 0
    assert load_workbook(out).sheetnames[-2:] == ["RADAR", "Preuves"]


def test_a_zip_that_unpacks_huge_is_refused_before_parsing(tmp_path: Path, referentiel: Referentiel) -> None:
    path = tmp_path / "bombe.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * 120_000_000)
    with pytest.raises(TransferError, match="plus de 100 Mo une fois ouvert"):
        import_file(path, _store(tmp_path, referentiel))
