"""Corrections from an independent audit of the transcriptions, each checked against its seed.

- Axis goals of the projet d'insertion put back together from the workbook's cell and the
  text box over it (seed 000).
- CEDRE 6.1.G « Dispositions particulières » out of G3 and G2-prod, as help by column.
- CEDRE activities whose headline differs by column: a neutral title, both headlines as help.
- CEDRE's 0-3 scale said to be an adaptation of a 2008 certification référentiel.
"""

from __future__ import annotations

import re

import pytest

from siae_tui.domain.guidance import guidance_for
from siae_tui.domain.loader import load_referentiel
from siae_tui.domain.model import Referentiel
from tests.conftest import DATA, REPO

WORKBOOK = (DATA / "seeds" / "000_78aefdf40b35e0f6.txt").read_text(encoding="utf-8").splitlines()
CEDRE = (DATA / "seeds" / "003_47962e342525f7b1.txt").read_text(encoding="utf-8").splitlines()


#: How the text export marks each goal of a RECAP table.
CHECKBOX = '<input type="checkbox"/> '


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", text)).strip()


def line_starting(lines: list[str], start: str) -> str:
    return next(line for line in lines if line.startswith(start))


@pytest.fixture(scope="module")
def projet() -> Referentiel:
    return load_referentiel(REPO / "referentiel" / "siae-projet-insertion.yaml")


@pytest.fixture(scope="module")
def cedre() -> Referentiel:
    return load_referentiel(REPO / "referentiel" / "cedre-v2.yaml")


# -- the projet d'insertion's axis goals ------------------------------------------------------


def test_axis_1_first_goal_takes_back_the_text_box_line(projet: Referentiel) -> None:
    cell = line_starting(WORKBOOK, '<input type="checkbox"/> S\'assurer que les personnes').split("\t")[0]
    box = line_starting(WORKBOOK, "respondent aux publics")
    assert box == "respondent aux publics que la structure entend recruter, compte tenu de"
    cell_text = cell.removeprefix(CHECKBOX)
    before, after = cell_text.split("correspondent à ")  # the cell alone skips the box's line
    goal = projet.axis("1").goals[0]
    assert goal == f"{before}cor{box} {after}"
    assert "correspondent aux publics que la structure entend recruter, compte tenu de son projet social" in goal


def test_axis_1_second_goal_ends_with_the_text_box_line(projet: Referentiel) -> None:
    cell = line_starting(WORKBOOK, '<input type="checkbox"/> Veiller à l\'information complète').split("\t")[0]
    box = line_starting(WORKBOOK, "particulier les droits")
    assert projet.axis("1").goals[1] == f"{cell.removeprefix(CHECKBOX)} {box}"


def test_axis_2_goals_take_back_the_text_box_lines(projet: Referentiel) -> None:
    first = line_starting(WORKBOOK, "cture, fourniture d'un cadre de travail")
    second = line_starting(WORKBOOK, "e partenariats.")
    goals = projet.axis("2").goals
    assert f"au sein de la stru{first} respect du droit du travail" in goals[0]
    assert goals[1].endswith(f"dans le cadre d'un réseau d{second}")


def test_axis_4_second_goal_gets_the_full_stop_of_the_text_box(projet: Referentiel) -> None:
    assert "le." in WORKBOOK
    cell = line_starting(WORKBOOK, "- Contribuer au développement économique et social").removeprefix("- ")
    assert cell.endswith("durable")
    assert projet.axis("4").goals[1] == cell + "."


def test_the_header_documents_each_reconstruction() -> None:
    header = (REPO / "referentiel" / "siae-projet-insertion.yaml").read_text(encoding="utf-8").split("\nformat:")[0]
    for evidence in ("line 466", "line 467", "line 473", "line 474", "line 480"):
        assert evidence in header


# -- CEDRE 6.1.G « Dispositions particulières » ---------------------------------------------------


def dispositions_columns() -> tuple[str, str]:
    """The two columns of the row, the first one continued after the page break."""
    row = line_starting(CEDRE, "\t<b>Dispositions particulières :</b>").split("\t")
    continued = line_starting(CEDRE, "\t<p>rapport au nombre de salariés en mission").split("\t")
    return flat(row[1] + " " + continued[1]), flat(row[2])


def test_the_dispositions_are_no_longer_part_of_any_practice(cedre: Referentiel) -> None:
    assert not any("Dispositions particulières" in p.text for p in cedre.practices)
    g3 = line_starting(CEDRE, "\t<b>G3)").split("\t")
    assert cedre.practice("6.1.G3").text == flat(g3[1]).removeprefix("G3) ")
    assert cedre.practice("6.1.G3").applies_to == ()
    g2 = line_starting(CEDRE, "\t<b>G2)").split("\t")
    assert cedre.practice("6.1.G2-prod").text == flat(g2[2]).removeprefix("G2) ")
    assert cedre.practice("6.1.G2-mad").text == flat(g2[1]).removeprefix("G2) ")


def test_each_disposition_is_help_from_its_own_column(cedre: Referentiel) -> None:
    mad_column, prod_column = dispositions_columns()
    help_g = cedre.activity("6.1.G").help
    assert [item.applies_to for item in help_g] == [("AI",), ("ETTI",), ("AI", "ETTI"), ("ACI", "EI")]
    for item in help_g:
        text = item.text.removeprefix("Dispositions particulières : ")
        if set(item.applies_to) <= {"AI", "ETTI"}:
            assert text in mad_column and text not in prod_column, item.text
        else:
            assert text in prod_column and text not in mad_column, item.text
    assert " ".join(i.text.removeprefix("Dispositions particulières : ") for i in help_g[:3]) in mad_column


@pytest.mark.parametrize(
    "structure,quota",
    [("AI", "le tiers des salariés"), ("ETTI", "équivalents temps plein"), ("ACI", "chaque salarié en insertion")],
)
def test_a_structure_sees_only_its_own_disposition(cedre: Referentiel, structure: str, quota: str) -> None:
    help_texts = " ".join(h.text for h in guidance_for(cedre, "6.1.G3", structure).all_help)
    assert quota in help_texts
    others = {"le tiers des salariés", "équivalents temps plein", "chaque salarié en insertion"} - {quota}
    assert not any(other in help_texts for other in others)


# -- CEDRE headlines that differ by column -----------------------------------------------------------

SPLIT_HEADLINES = ["6.1.A", "6.1.B", "6.1.C", "6.1.F", "6.2.A"]


def column_of(text: str) -> int:
    """1 for the AI–ETTI column, 2 for the ACI–EI column of the seed's table row holding ``text``."""
    for line in CEDRE:
        cells = [flat(cell) for cell in line.split("\t")]
        for index, cell in enumerate(cells):
            if text in cell:
                return index
    raise AssertionError(f"« {text} » introuvable dans la graine")


@pytest.mark.parametrize("activity_id", SPLIT_HEADLINES)
def test_split_headlines_get_a_neutral_title_and_one_help_per_column(cedre: Referentiel, activity_id: str) -> None:
    activity = cedre.activity(activity_id)
    mad, prod = cedre.practice(f"{activity_id}-mad").text, cedre.practice(f"{activity_id}-prod").text
    assert activity.title not in (mad, prod)
    label = activity_id.rsplit(".", 1)[1]
    by_type = {item.applies_to: item.text.split(f" : {label}) ", 1) for item in activity.help}
    assert by_type[("AI", "ETTI")][1] == mad and column_of(mad) == 1
    assert by_type[("ACI", "EI")][1] == prod and column_of(prod) == 2
    assert "mise à disposition de personnel (AI – ETTI)" in by_type[("AI", "ETTI")][0]
    assert "production de bien (ACI – EI)" in by_type[("ACI", "EI")][0]


def test_an_etti_session_reads_its_own_headline(cedre: Referentiel) -> None:
    texts = [h.text for h in guidance_for(cedre, "6.1.F-mad", "ETTI").all_help]
    assert any("suivi à minima" in t for t in texts)
    assert not any("préparent le salarié à sa sortie" in t for t in texts)


# -- CEDRE's scale ----------------------------------------------------------------------------------


def test_the_scale_is_said_to_be_an_adaptation(cedre: Referentiel) -> None:
    assert cedre.instructions is not None
    for text in (cedre.description, cedre.instructions.text):
        assert "adaptation" in text and "certification" in text
    assert "2008" in cedre.description and "ANPE" in cedre.description and "FASTT" in cedre.description
    seed = "\n".join(CEDRE)
    assert "agrément ANPE" in seed and "(FASTT)" in seed and "19/05/2008" in seed
