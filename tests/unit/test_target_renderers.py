"""Current, target and last year together: the recap table, the text radar and the SVG radar."""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET

import pytest

from siae_tui.domain.evaluation import Evaluation
from siae_tui.domain.model import Referentiel
from siae_tui.domain.targets import target_recap
from siae_tui.report.radar import activities_radar, axes_radar
from siae_tui.report.recap import recap_rows, recap_text
from siae_tui.report.svg_radar import COMPACT, WIDE, Spoke, radar_svg

SVG = "{http://www.w3.org/2000/svg}"


def rescoring_with_targets(referentiel: Referentiel) -> Evaluation:
    values = {p.id: 1 for p in referentiel.axis("1").practices}
    return Evaluation(
        referentiel.id,
        referentiel.version,
        "Régie",
        dt.date(2027, 3, 1),
        values=values,
        targets={p.id: 3 for p in referentiel.axis("1").practices},
        origin="2026-03-12-regie",
        previous_values={p.id: 0 for p in referentiel.axis("1").practices[:10]},
    )


def test_the_recap_table_shows_current_target_and_last_year(referentiel: Referentiel) -> None:
    evaluation = rescoring_with_targets(referentiel)
    recap, target, previous = (
        evaluation.recap(referentiel),
        target_recap(referentiel, evaluation),
        evaluation.previous_recap(referentiel),
    )
    text = recap_text(referentiel, recap, width=140, target=target, previous=previous)
    header, _rule, axis_1 = text.splitlines()[:3]
    assert re.search(r"%\s+Cible\s+Préc\.\s+Mises en œuvre", header)
    assert re.search(r"33,3 %\s+100,0 %\s+0,0 %", axis_1), axis_1
    assert "Cible : le % avec chaque cible atteinte" in text and "Préc. : l'évaluation précédente" in text
    narrow = recap_text(referentiel, recap, width=80, target=target)
    assert "Préc." not in narrow and all(len(line) <= 80 for line in narrow.splitlines()[:-1])
    rows = recap_rows(referentiel, recap, target=target, previous=previous)
    assert rows[0].target is not None and rows[0].target.percent == 100.0
    assert previous is not None and rows[-1].kind == "total" and rows[-1].previous == previous.total


def test_without_targets_the_recap_table_is_unchanged(referentiel: Referentiel) -> None:
    recap = rescoring_with_targets(referentiel).recap(referentiel)
    assert recap_text(referentiel, recap, width=100, target=None) == recap_text(referentiel, recap, width=100)
    assert "Cible" not in recap_text(referentiel, recap, width=140)


def test_the_text_radar_draws_the_targets_with_their_own_marker(referentiel: Referentiel) -> None:
    evaluation = rescoring_with_targets(referentiel)
    recap, target = evaluation.recap(referentiel), target_recap(referentiel, evaluation)
    plain = axes_radar(referentiel, recap, width=76, height=22)
    with_target = axes_radar(referentiel, recap, width=76, height=22, target=target)
    assert "+" not in plain and "Cible" not in plain
    assert with_target.count("+") > 5 and "Cible" in with_target and "Actuelle" in with_target
    assert "+" in activities_radar(referentiel, recap, "1", width=76, height=22, target=target)


def _polygons(svg: str) -> dict[str, ET.Element]:
    root = ET.fromstring(svg)
    return {p.get("data-series", ""): p for p in root.iter(f"{SVG}polygon") if p.get("class") == "radar-series"}


@pytest.mark.parametrize("layout", [WIDE, COMPACT])
def test_the_svg_radar_draws_the_targets_as_a_second_dashed_outline(layout) -> None:
    spokes = [Spoke(f"Axe {n}", "50 %") for n in range(5)]
    series = [("Évaluation actuelle", [50.0] * 5), ("Évaluation précédente", [30.0] * 5)]
    svg = radar_svg(spokes, series, title="Radar", layout=layout, target=("Cible", [90.0] * 5))
    polygons = _polygons(svg)
    assert set(polygons) == {"0", "1", "target"}
    target, earlier = polygons["target"], polygons["1"]
    assert target.get("stroke-dasharray") and target.get("fill") == "none"
    assert (target.get("stroke"), target.get("stroke-dasharray")) != (
        earlier.get("stroke"),
        earlier.get("stroke-dasharray"),
    )
    legend = [t.text for t in ET.fromstring(svg).iter(f"{SVG}text") if t.text in {s for s, _ in series} | {"Cible"}]
    assert legend == ["Évaluation actuelle", "Évaluation précédente", "Cible"]
    # Drawn under the current polygon, so the team's values stay on top.
    order = list(polygons)
    assert order.index("target") < order.index("0")


def test_an_svg_radar_with_only_a_target_has_a_legend() -> None:
    spokes = [Spoke(f"Axe {n}", "50 %") for n in range(4)]
    svg = radar_svg(spokes, [("Évaluation actuelle", [50.0] * 4)], title="Radar", target=("Cible", [75.0] * 4))
    assert 'class="radar-legend"' in svg and set(_polygons(svg)) == {"0", "target"}
    assert 'class="radar-legend"' not in radar_svg(spokes, [("Évaluation actuelle", [50.0] * 4)], title="Radar")
