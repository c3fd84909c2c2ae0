"""The CEDRE v2 référentiel (seed 003): counts, verbatim texts, applicability, outputs."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest

from siae_tui.domain.evaluation import Evaluation
from siae_tui.domain.loader import load_referentiel
from siae_tui.domain.model import Referentiel
from siae_tui.domain.scoring import compute_recap
from siae_tui.report.export_json import export_json
from siae_tui.report.export_markdown import export_markdown
from siae_tui.report.radar import axes_radar
from tests.conftest import DATA, REPO

SEED = (DATA / "seeds" / "003_47962e342525f7b1.txt").read_text(encoding="utf-8")
SECTION_STARTS = {
    "6.1": "### 6.1 Mission accueil",
    "6.2": "## 6.2 Mission insertion",
    "6.3": "### 6.3 Processus support",
    "7": "**7) Mission observatoire",
    "8": "## 8) Amélioration continue",
}

#: Specification labels per section, read off the seed by hand.
LABELS = {
    "6.1": "A A1 A2 A3 A4 A5 B B1 B2 B3 C C1 C2 C3 C4 D D1 E F G G1 G2 G3 G4",
    "6.2": "A A1 A2 B B1 B2 B3 C C1 C2 C3 C4 D D1 D2 D3 D4 E E1 E2 F F1 F2",
    "6.3": "A A1 A2 A3 A4 A5 B B1 B2 B3 B4 B5 B6 B7",
    "7": "A B C D1 D2",
    "8": "A A1 A2 A3 A4 A5 B B1 B2 B3 C C1 C2",
}
#: Sections 3 to 5 state their specifications in prose: requirement paragraphs per heading,
#: counted by hand (« La documentation peut se présenter sous toute forme… » is a permission).
PARAGRAPHS = {
    "3.1": 2,
    "3.2": 2,
    "4.1": 2,
    "4.2": 3,
    "4.3": 2,
    "4.4": 1,
    "5.1.1": 2,
    "5.1.2": 3,
    "5.1.3": 2,
    "5.1.4": 1,
    "5.2": 1,
    "5.3": 1,
}

#: Written in both columns with different texts: an AI–ETTI and an ACI–EI version.
TWO_VERSIONS = {
    "6.1.A",
    "6.1.B",
    "6.1.B1",
    "6.1.C",
    "6.1.C1",
    "6.1.C2",
    "6.1.C4",
    "6.1.F",
    "6.1.G2",
    "6.2.A",
    "6.2.D1",
    "6.2.D2",
    "6.3.B3",
    "6.3.B4",
    "6.3.B5",
}


@pytest.fixture(scope="module")
def cedre() -> Referentiel:
    return load_referentiel(REPO / "referentiel" / "cedre-v2.yaml")


def section_text(section: str) -> str:
    start = SEED.index(SECTION_STARTS[section])
    end = SEED.index("moyens à mettre en œuvre", start)
    return SEED[start:end]


@pytest.mark.parametrize("section", LABELS)
def test_labels_per_section_match_the_seed_and_the_referentiel(cedre: Referentiel, section: str) -> None:
    in_seed = re.findall(r"(?:<b>|\t|<p>|^|\. )([A-G]\d*) ?\)", section_text(section), flags=re.M)
    assert sorted(set(in_seed)) == sorted(LABELS[section].split())
    loaded = {
        p.id.split(".", 2 if section.startswith("6") else 1)[-1].split("-")[0]
        for axis in cedre.axes
        if axis.id == section
        for p in axis.practices
    }
    assert loaded == set(LABELS[section].split())


def test_counts(cedre: Referentiel) -> None:
    assert [a.id for a in cedre.axes] == ["3", "4", "5", "6.1", "6.2", "6.3", "7", "8"]
    labels = sum(len(v.split()) for v in LABELS.values())
    assert len(cedre.practices) == sum(PARAGRAPHS.values()) + labels + len(TWO_VERSIONS) == 116


@pytest.mark.parametrize("activity_id,count", PARAGRAPHS.items())
def test_management_paragraphs_per_heading(cedre: Referentiel, activity_id: str, count: int) -> None:
    assert len(cedre.activity(activity_id).practices) == count


def test_management_lists_stay_with_their_paragraph(cedre: Referentiel) -> None:
    review = cedre.practice("4.4.1").text
    assert review.startswith("La direction organise à intervalles planifiés une revue")
    assert review.endswith("- des tableaux de bord ; - et, de tous autres moyens mobilisés.")
    assert "sous toute forme" not in " ".join(p.text for p in cedre.practices)


def test_two_versions_are_modelled_by_structure_type(cedre: Referentiel) -> None:
    for practice_id in TWO_VERSIONS:
        assert cedre.practice(f"{practice_id}-mad").applies_to == ("AI", "ETTI")
        assert cedre.practice(f"{practice_id}-prod").applies_to == ("ACI", "EI")
    assert cedre.practice("6.1.B3").applies_to == ("ACI", "EI")  # only in the ACI–EI column
    assert cedre.practice("6.2.B1").applies_to == ()  # merged cell: every structure


def test_texts_are_verbatim(cedre: Referentiel) -> None:
    flat = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", SEED))
    for practice in cedre.practices:
        words = practice.text.split()
        assert " ".join(words[:8]) in flat, practice.id
        assert " ".join(words[-6:]) in flat, practice.id
    assert cedre.practice("7.D2").text.startswith("La SIAE participe à des réseaux d'échange")


@pytest.mark.parametrize("structure,applicable", [("AI", 100), ("ETTI", 100), ("ACI", 101), ("EI", 101)])
def test_maxima_follow_the_structure_type(cedre: Referentiel, structure: str, applicable: int) -> None:
    # 22 management + 63 common + 15 two-version pairs + 1 ACI–EI-only:
    # AI/ETTI 22 + 63 + 15 = 100, ACI/EI 100 + 1.
    recap = compute_recap(cedre, {p.id: 3 for p in cedre.practices}, structure)
    assert (recap.total.applicable, recap.total.max, recap.total.percent) == (applicable, 3 * applicable, 100.0)


def test_recap_radar_and_exports_on_an_etti_session(cedre: Referentiel) -> None:
    evaluation = Evaluation(
        cedre.id,
        cedre.version,
        "Intérim Solidaire",
        dt.date(2026, 5, 4),
        "ETTI",
        values={"6.1.A-mad": 3, "6.1.A1": 2, "8.A": 1},
    )
    recap = evaluation.recap(cedre)
    assert recap.axes["6.1"].max == 3 * 23  # 24 labels in 6.1, B3 is for ACI–EI only
    radar = axes_radar(cedre, recap)
    assert "6.1 Mission accu… 7 %" in radar and "8 Amélioration c… 3 %" in radar  # 5/69 and 1/39
    document = json.loads(export_json(cedre, evaluation))
    prod = next(s for s in document["scores"] if s["practice"] == "6.1.A-prod")
    assert prod == {"practice": "6.1.A-prod", "value": "na", "note": "", "applies": False}
    markdown = export_markdown(cedre, evaluation)
    assert "| 6.1.A-prod | Assurer un accueil qui permet" in markdown and "| non applicable |" in markdown
