"""Targets and evidence through the Excel workbook: written, read back, and what a team types in Excel."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from siae_tui.domain.evidence import Evidence, normalised
from siae_tui.domain.loader import load_referentiel
from siae_tui.domain.model import Referentiel
from siae_tui.report.export_xlsx import export_xlsx
from siae_tui.store import SessionStore
from siae_tui.transfer import import_file
from siae_tui.workbook_import import read_evaluation
from tests.conftest import DATA
from tests.unit.test_evidence_exports import CONVENTION, CR, LIVRET, audited, titles


@pytest.fixture(scope="module")
def mini() -> Referentiel:
    return load_referentiel(DATA / "mini-referentiel.yaml")


def write(tmp_path: Path, content: bytes, name: str = "revue.xlsx") -> Path:
    path = tmp_path / name
    path.write_bytes(content)
    return path


def test_workbook_round_trip_of_evidence_and_targets(tmp_path: Path, mini: Referentiel) -> None:
    original = audited(mini)
    imported = read_evaluation(write(tmp_path, export_xlsx(mini, original)), [mini])
    again = imported.evaluation
    assert again.targets == original.targets
    assert again.evidence == original.evidence == {"1.1.1": [LIVRET, CONVENTION], "2.1.1": [CR]}
    assert again.values == original.values and again.notes == original.notes
    report = imported.reading.report()
    assert "3 cibles lues." in report and "3 preuves lues dans l'onglet « Preuves »." in report


def test_the_workbook_shows_target_and_evidence_columns_and_sheet(mini: Referentiel) -> None:
    workbook = load_workbook(io.BytesIO(export_xlsx(mini, audited(mini))))
    axis = workbook[workbook.sheetnames[1]]
    header = next(row for row in axis.iter_rows(values_only=True) if row[0] == "Objectifs opérationnels")
    assert header[4:6] == ("Cible", "Preuves")
    practice = next(row for row in axis.iter_rows(values_only=True) if row[1] == mini.practice("1.1.1").text)
    assert practice[4] == 2
    assert practice[5].splitlines() == [
        "Livret d'accueil 2026 · 15/01/2026 · " + LIVRET.location,
        'Convention "France Travail" | signée · ' + CONVENTION.location,
    ]
    evidence = list(workbook["Preuves"].iter_rows(values_only=True))[3:]
    assert evidence[0][:4] == ("N°", "Pratique", "Document", "Emplacement (chemin ou adresse)")
    assert [row[0] for row in evidence[1:]] == ["1.1.1", "1.1.1", "2.1.1"]
    assert evidence[3][5] == "oui" and evidence[1][4] == dt.datetime(2026, 1, 15)
    assert workbook["Preuves"].cell(7, 3).data_type == "s"  # « =HYPERLINK(…) » stays text
    radar = workbook["RADAR"]
    assert radar["C1"].value == "Cible" and radar["C2"].value == 1.0  # axis 1 with its targets met


def test_what_a_team_types_in_excel_is_read_and_doubts_are_said(tmp_path: Path, mini: Referentiel) -> None:
    evaluation = audited(mini)
    evaluation.evidence, evaluation.targets = {}, {}
    workbook = load_workbook(io.BytesIO(export_xlsx(mini, evaluation)))
    axis = workbook[workbook.sheetnames[1]]
    rows = {row[1].value: row[1].row for row in axis.iter_rows() if row[1].value}
    axis.cell(rows[mini.practice("1.1.1").text], 5).value = 3
    axis.cell(rows[mini.practice("1.1.2").text], 5).value = "beaucoup"
    evidence = workbook["Preuves"]
    evidence.append(["1.1.2", None, "Procédure d'accueil", "Classeur qualité", "03/02/2026", None])
    evidence.append(["1.1.2", None, "Charte", None, "l'an dernier", None])
    evidence.append(["9.9.9", None, "Inconnue", None, None, None])
    evidence.append(["1.1.1", None, None, "sans nom", None, None])
    evidence.append([None, None, None, None, None, None])
    buffer = io.BytesIO()
    workbook.save(buffer)
    imported = read_evaluation(write(tmp_path, buffer.getvalue()), [mini])
    assert imported.evaluation.targets == {"1.1.1": 3}
    assert imported.evaluation.evidence == {
        "1.1.2": [Evidence("Procédure d'accueil", "Classeur qualité", dt.date(2026, 2, 3)), Evidence("Charte")]
    }
    report = imported.reading.report()
    assert "« beaucoup » (1.1.2)" in report and "laissées sans cible" in report
    assert "ligne 6 : date « l'an dernier » illisible, preuve gardée sans date" in report
    assert "ligne 7 : pratique « 9.9.9 » inconnue" in report
    assert "ligne 8 : le titre de la preuve (nom du document) est obligatoire" in report


def test_a_target_on_a_non_applicable_practice_is_left_out(tmp_path: Path, mini: Referentiel) -> None:
    workbook = load_workbook(io.BytesIO(export_xlsx(mini, audited(mini))))
    axis = workbook[workbook.sheetnames[3]]  # axis 3: 3.1.1 is « na »
    row = next(r[1].row for r in axis.iter_rows() if r[1].value == mini.practice("3.1.1").text)
    axis.cell(row, 5).value = 2
    buffer = io.BytesIO()
    workbook.save(buffer)
    imported = read_evaluation(write(tmp_path, buffer.getvalue()), [mini])
    assert "3.1.1" not in imported.evaluation.targets
    assert "cible sur une pratique non applicable (3.1.1)" in imported.reading.report()


def test_the_evidence_sheet_never_passes_for_practices_or_details(tmp_path: Path, mini: Referentiel) -> None:
    """A document named like a practice, or like « Libellé », stays a document."""
    evaluation = audited(mini)
    evaluation.label = ""
    evaluation.evidence = {
        "1.1.2": [
            Evidence(mini.practice("2.1.1").text, "3"),
            Evidence("Libellé", "piège"),
            Evidence("1.1 - Recrutement"),
        ]
    }
    imported = read_evaluation(write(tmp_path, export_xlsx(mini, evaluation)), [mini])
    assert imported.evaluation.evidence == evaluation.evidence
    assert imported.evaluation.values == evaluation.values and imported.evaluation.label == ""
    assert not imported.reading.outside and not imported.reading.ambiguous


def test_cli_import_of_a_workbook_creates_the_session_with_them(tmp_path: Path, mini: Referentiel) -> None:
    store = SessionStore(tmp_path / "sessions", [mini])
    imported = import_file(write(tmp_path, export_xlsx(mini, audited(mini))), store)
    session = store.open(imported.session_id, read_only=True)
    assert session.evaluation.targets == audited(mini).targets
    assert session.evaluation.evidence == audited(mini).evidence


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    items=st.lists(
        st.builds(
            Evidence,
            titles,
            st.text(max_size=20),
            st.none() | st.dates(min_value=dt.date(1901, 1, 1), max_value=dt.date(2100, 12, 31)),
            st.booleans(),
        ),
        min_size=1,
        max_size=3,
    )
)
def test_any_evidence_goes_through_the_workbook_unchanged_once_cleaned(
    tmp_path: Path, mini: Referentiel, items: list[Evidence]
) -> None:
    evaluation = audited(mini)
    evaluation.evidence = {"1.1.2": [normalised(item) for item in items]}
    again = read_evaluation(write(tmp_path, export_xlsx(mini, evaluation)), [mini]).evaluation
    assert again.evidence == evaluation.evidence
