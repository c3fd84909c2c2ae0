"""The default référentiel is a faithful transcription of seed 000 (the Excel export).

The expected counts below were counted by hand from the workbook's axis tabs,
independently of the loader; a second check ties them to the workbook's own
*Note maxi* column, which agrees with 3 × practices except where the workbook
is known to be wrong.
"""

from __future__ import annotations

import re

import pytest

from siae_tui.domain.model import Referentiel
from tests.conftest import DATA

SEED = DATA / "seeds" / "000_78aefdf40b35e0f6.txt"

PRACTICES_PER_ACTIVITY = {
    "1.1": 7,
    "1.2": 10,
    "1.3": 9,
    "2.1": 7,
    "2.2": 9,
    "2.3": 9,
    "2.4": 14,
    "2.5": 10,
    "2.6": 12,
    "2.7": 5,
    "3.1": 5,
    "3.2": 5,
    "3.3": 4,
    "3.4": 3,
    "3.5": 6,
    "3.6": 2,
    "3.7": 7,
    "3.8": 7,
    "3.9": 4,
    "3.10": 7,
    "3.11": 4,
    "3.12": 3,
    "3.13": 4,
    "3.14": 4,
    "4.1": 14,
    "4.2": 10,
    "4.3": 10,
    "4.4": 7,
    "4.5": 10,
    "4.6": 9,
    "4.7": 8,
    "5.1": 5,
    "5.2": 5,
    "5.3": 12,
}
#: Activities where the workbook's Note maxi is not 3 × the practices it lists.
WORKBOOK_MAXI_DISAGREES = {"1.1": 24, "1.2": 33, "2.6": 33, "2.7": 18, "4.3": 27}


def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


def workbook_note_maxi() -> dict[str, int]:
    """Activity id -> Note maxi, read from the RECAP tables at the end of the seed."""
    recap = seed_text().split("Indiquer le Nom de votre SIAE", 1)[1]
    maxi = {}
    for line in recap.splitlines():
        cells = line.split("\t")
        if len(cells) >= 4 and (match := re.match(r"(\d\.\d+)\s*-", cells[1].strip())):
            maxi[match.group(1)] = int(cells[3])
    return maxi


def test_five_axes_in_the_workbook_order(referentiel: Referentiel) -> None:
    assert [(a.id, a.title) for a in referentiel.axes] == [
        ("1", "Accueil et intégration"),
        ("2", "Accompagnement socioprofessionnel"),
        ("3", "Compétences et formation"),
        ("4", "Développement économique, territorial et utilité sociale"),
        ("5", "Pilotage du projet d'insertion"),
    ]


def test_34_activities_and_247_practices(referentiel: Referentiel) -> None:
    assert [a.id for a in referentiel.activities] == list(PRACTICES_PER_ACTIVITY)
    assert len(referentiel.practices) == 247


@pytest.mark.parametrize("activity_id,count", PRACTICES_PER_ACTIVITY.items())
def test_practice_count_per_activity(referentiel: Referentiel, activity_id: str, count: int) -> None:
    assert len(referentiel.activity(activity_id).practices) == count


def test_hand_counts_agree_with_workbook_maxi_except_known_errors() -> None:
    maxi = workbook_note_maxi()
    assert set(maxi) == set(PRACTICES_PER_ACTIVITY)
    disagreeing = {a: m for a, m in maxi.items() if m != 3 * PRACTICES_PER_ACTIVITY[a]}
    assert disagreeing == WORKBOOK_MAXI_DISAGREES


def test_practice_ids_are_activity_dot_rank(referentiel: Referentiel) -> None:
    for activity in referentiel.activities:
        assert [p.id for p in activity.practices] == [
            f"{activity.id}.{n}" for n in range(1, len(activity.practices) + 1)
        ]


def test_first_practice_is_the_released_one(referentiel: Referentiel) -> None:
    assert referentiel.practice("1.1.1").text == "Travailler avec les partenaires prescripteurs du territoire"


def test_every_practice_text_is_verbatim_and_in_workbook_order(referentiel: Referentiel) -> None:
    """Each practice is a cell of the axis tabs, and they come in the tabs' order."""
    tabs = seed_text().split("Indiquer le Nom de votre SIAE", 1)[0]
    cells = [cell.strip() for line in tabs.splitlines() for cell in line.split("\t") if cell.strip()]
    position = 0
    for practice in referentiel.practices:
        assert practice.text in cells[position:], f"{practice.id} absent ou hors ordre : {practice.text}"
        position = cells.index(practice.text, position) + 1


@pytest.mark.parametrize(
    "practice_id,text",
    [
        # Lines the text export shifted into the first column are practices of the activity above.
        ("1.3.9", "Utiliser et faire évoluer les outils numériques en lien avec les besoins"),
        ("2.2.6", "Faire des points et bilans réguliers"),
        ("3.4.3", "Impulser la motivation pour la formation (posture, communication, actions..)"),
        ("3.7.7", "Sélectionner une offre de formation et négocier avec les organismes de formation"),
        (
            "4.7.8",
            "Mettre en place une démarche d'amélioration continue et/ou certifiante en lien avec les réseaux de l'IAE pour valoriser sa mission insertion",
        ),
        ("5.3.12", "Veiller au respect des instances statutaires et les faire évoluer selon les besoins"),
        # A practice sharing its row with an objective title keeps only the practice.
        (
            "2.4.2",
            "Définir des moyens, les actions à mettre en place (orientation, missions ou poste de travail adaptés, formation, ...)",
        ),
        ("4.3.9", "Aider les entreprises à développer leurs procédures de recrutement, d'accueil et d'encadrement"),
    ],
)
def test_shifted_rows_are_read_as_practices(referentiel: Referentiel, practice_id: str, text: str) -> None:
    assert referentiel.practice(practice_id).text == text


def test_headers_and_stray_cells_are_not_practices(referentiel: Referentiel) -> None:
    texts = {p.text for p in referentiel.practices}
    assert not texts & {"Activités", "Acrivités", "Formation", "0", "Objectifs opérationnels"}
    objective_titles = {o.title for axis in referentiel.axes for o in axis.objectives}
    assert not texts & objective_titles


def test_objectives_group_activities_as_in_the_recap_tables(referentiel: Referentiel) -> None:
    grouping = {o.title: [a.id for a in o.activities] for o in referentiel.axis("2").objectives}
    assert list(grouping.values()) == [["2.1", "2.2"], ["2.3"], ["2.4", "2.5"], ["2.6"], ["2.7"]]


def test_scale_and_instructions(referentiel: Referentiel) -> None:
    assert [(s.value, s.label) for s in referentiel.scale] == [
        (0, "Pas mis en place"),
        (1, "Pas mis en place mais en prévision"),
        (2, "Mis en place et à améliorer"),
        (3, "Mis en place et la pratique est revue régulièrement"),
    ]
    assert referentiel.instructions is not None
    assert referentiel.instructions.title == "Quelques principes d'évaluation"
    assert "photographie en un instant T" in referentiel.instructions.text
    assert referentiel.note_label == "Amélioration, planification"
