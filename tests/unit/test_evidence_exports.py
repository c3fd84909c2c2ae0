"""Evidence and targets in every export, and back through the JSON and Excel imports."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from siae_tui.domain.evaluation import Evaluation
from siae_tui.domain.evidence import MAX_EVIDENCE_PER_PRACTICE, Evidence, normalised
from siae_tui.domain.importer import ImportRefused, parse_export
from siae_tui.domain.loader import load_referentiel
from siae_tui.domain.model import Referentiel
from siae_tui.domain.workshop import Action
from siae_tui.report.export_json import export_document, export_json
from tests.conftest import DATA

LIVRET = Evidence("Livret d'accueil 2026", "https://intranet.example/livret?v=2&x=<1>", dt.date(2026, 1, 15))
CONVENTION = Evidence('Convention "France Travail" | signée', "\\\\serveur\\partenariats\\convention.pdf")
CR = Evidence('=HYPERLINK("http://x") compte rendu', "", dt.date(2025, 11, 3), carried_over=True)


@pytest.fixture(scope="module")
def mini() -> Referentiel:
    return load_referentiel(DATA / "mini-referentiel.yaml")


def audited(mini: Referentiel) -> Evaluation:
    """A session with evidence on two practices and targets on three (one of them below its value)."""
    return Evaluation(
        mini.id,
        mini.version,
        "Régie Élan",
        dt.date(2026, 3, 12),
        "ACI",
        "Revue 2026",
        participants=["Awa (CIP)", "Marc"],
        values={"1.1.1": 3, "1.1.2": 1, "2.1.1": 0, "3.1.1": "na"},
        notes={"1.1.2": "Convention à signer"},
        created="2026-03-12T09:00:00+00:00",
        updated="2026-03-12T11:30:00+00:00",
        evidence={"1.1.1": [LIVRET, CONVENTION], "2.1.1": [CR]},
        targets={"1.1.1": 2, "1.1.2": 3, "2.1.1": 2},
        actions=[Action("1.1.2", "Signer la convention", "Awa", dt.date(2026, 6, 30))],
    )


# -- JSON ----------------------------------------------------------------------------------------


def test_json_export_gives_each_practice_its_target_and_evidence(mini: Referentiel) -> None:
    data = json.loads(export_json(mini, audited(mini)))
    assert data["format_version"] == 2
    scores = {entry["practice"]: entry for entry in data["scores"]}
    assert [scores[p].get("target") for p in ("1.1.1", "1.1.2", "2.1.1", "2.1.2", "3.1.1")] == [2, 3, 2, None, None]
    assert scores["1.1.1"]["evidence"] == [
        {"title": LIVRET.title, "location": LIVRET.location, "date": "2026-01-15"},
        {"title": CONVENTION.title, "location": CONVENTION.location, "date": None},
    ]
    assert scores["2.1.1"]["evidence"] == [
        {"title": CR.title, "location": "", "date": "2025-11-03", "carried_over": True}
    ]
    assert "evidence" not in scores["1.1.2"]
    # The recap says what every group would reach with its targets met (1.1: max(3,2) + 3 = 6/6).
    axes = {axis["id"]: axis for axis in data["recap"]["axes"]}
    assert (axes["1"]["percent"], axes["1"]["target_percent"]) == (66.7, 100.0)
    assert data["recap"]["activities"][1]["target_percent"] == 66.7
    assert data["recap"]["total"]["target_percent"] == round(100 * 8 / 9, 1)


def test_json_export_without_evidence_nor_targets_is_version_1_as_before(mini: Referentiel) -> None:
    evaluation = audited(mini)
    evaluation.evidence, evaluation.targets = {}, {}
    data = json.loads(export_json(mini, evaluation))
    assert data["format_version"] == 1
    assert not any("target" in e or "evidence" in e for e in data["scores"])
    assert "target_percent" not in data["recap"]["total"]


def test_json_round_trip_of_evidence_and_targets(mini: Referentiel) -> None:
    original = audited(mini)
    again = parse_export(export_json(mini, original), [mini])
    assert again.evidence == original.evidence
    assert again.targets == original.targets
    assert export_document(mini, again)["scores"] == export_document(mini, original)["scores"]


def test_a_rescoring_exports_last_years_targets(mini: Referentiel) -> None:
    evaluation = audited(mini)
    evaluation.origin, evaluation.previous_targets = "2025-03-10-regie-elan", {"1.1.2": 2}
    data = export_document(mini, evaluation)
    assert data["previous_targets"] == {"1.1.2": 2}


def test_an_old_version_1_export_still_imports(mini: Referentiel) -> None:
    document = export_document(mini, audited(mini))
    for entry in document["scores"]:
        entry.pop("target", None)
        entry.pop("evidence", None)
    document["format_version"] = 1
    again = parse_export(json.dumps(document), [mini])
    assert (again.evidence, again.targets) == ({}, {})
    assert again.values == audited(mini).values


def _score(document: dict[str, Any], practice_id: str) -> dict[str, Any]:
    return next(e for e in document["scores"] if e["practice"] == practice_id)


@pytest.mark.parametrize(
    "practice_id,changes,expected",
    [
        ("1.1.1", {"target": 4}, "scores[0].target : cible 4 invalide (0 à 3 ou null)"),
        ("1.1.1", {"target": "3"}, "scores[0].target : cible '3' invalide"),
        ("1.1.1", {"target": True}, "cible True invalide"),
        ("3.1.1", {"target": 2}, "scores[4].target : pas de cible pour une pratique non applicable"),
        ("2.1.2", {"target": 2}, "scores[3].target : pas de cible pour une pratique non applicable"),
        ("1.1.1", {"evidence": "Livret"}, "scores[0].evidence : une liste de preuves"),
        ("1.1.1", {"evidence": [{"title": ""}]}, "scores[0].evidence[0] : le titre de la preuve"),
        ("1.1.1", {"evidence": [{"title": "a", "date": "2026-13-01"}]}, "scores[0].evidence[0].date : date invalide"),
        ("1.1.1", {"evidence": [{"title": "t" * 501}]}, "texte trop long dans « scores[0].evidence[0].title »"),
        ("1.1.1", {"evidence": [{"title": "a"}] * 101}, f"({MAX_EVIDENCE_PER_PRACTICE + 1}, 100 au plus)"),
        ("2.1.2", {"evidence": [{"title": "a"}]}, "pas de preuve pour une pratique qui ne concerne pas ce type"),
    ],
)
def test_bad_evidence_or_targets_refuse_the_import_with_their_place(
    mini: Referentiel, practice_id: str, changes: dict[str, Any], expected: str
) -> None:
    document = export_document(mini, audited(mini))
    _score(document, practice_id).update(changes)
    with pytest.raises(ImportRefused) as refused:
        parse_export(json.dumps(document), [mini])
    assert expected in str(refused.value)


# Titles as a team types them, hostile ones included: quotes, « = », pipes, line breaks, escapes, any Unicode.
fragments = st.text(st.characters(blacklist_categories=("Cs",)), max_size=12) | st.sampled_from(
    ['"', "'", "=", "=SUM(A1)", "|", "\n", "\r\n", "\x1b[2J", "<script>", "« »", "🚀", "#", "*"]
)
titles = (
    st.lists(fragments, min_size=1, max_size=6).map("".join).filter(lambda text: normalised(Evidence(text)).title != "")
)
dates = st.none() | st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(items=st.lists(st.builds(Evidence, titles, st.text(max_size=30), dates, st.booleans()), min_size=1, max_size=4))
def test_any_evidence_goes_through_the_json_export_unchanged_once_cleaned(
    mini: Referentiel, items: list[Evidence]
) -> None:
    evaluation = audited(mini)
    evaluation.evidence = {"1.1.2": [normalised(item) for item in items]}
    again = parse_export(export_json(mini, evaluation), [mini])
    assert again.evidence == evaluation.evidence
