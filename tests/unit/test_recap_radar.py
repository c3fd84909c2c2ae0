"""Recap rows and text, radar geometry and rendering, and the recap/radar CLI."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import math
import re
from pathlib import Path

import pytest

from siae_tui.cli import main
from siae_tui.domain.evaluation import Evaluation
from siae_tui.domain.model import Referentiel
from siae_tui.domain.scoring import compute_recap
from siae_tui.report.radar import RadarUnavailable, axes_radar, radar_text, ring, spoke_angles, vertices
from siae_tui.report.recap import recap_json, recap_rows, recap_text
from siae_tui.store import SessionStore


# Hand-written session: all of axis 1 at 3, activity 2.1 at 2 (7 practices), 5.1.1 non applicable.
def hand_values(referentiel: Referentiel) -> dict:
    values = {p.id: 3 for p in referentiel.axis("1").practices}
    values |= {p.id: 2 for p in referentiel.activity("2.1").practices}
    values["5.1.1"] = "na"
    return values


def test_recap_rows_hand_computed(referentiel: Referentiel) -> None:
    rows = {(r.kind, r.id): r for r in recap_rows(referentiel, compute_recap(referentiel, hand_values(referentiel)))}
    axis1 = rows[("axis", "1")].figures
    assert (axis1.score, axis1.max, axis1.percent, axis1.implemented, axis1.unscored) == (78, 78, 100.0, 26, 0)
    assert rows[("axis", "1")].trend == "▲ Bien engagé"
    a21 = rows[("activity", "2.1")].figures
    assert (a21.score, a21.max, a21.percent, a21.implemented) == (14, 21, 66.7, 7)
    assert rows[("activity", "2.1")].trend == "▲ Bien engagé"  # all 2: every practice in place (66.7 %)
    axis2 = rows[("axis", "2")].figures
    assert (axis2.score, axis2.max, axis2.percent) == (14, 198, 7.1)
    a51 = rows[("activity", "5.1")].figures
    assert (a51.max, a51.applicable, a51.unscored) == (12, 4, 4)
    total = rows[("total", "")].figures
    assert (total.score, total.max, total.percent) == (92, 738, 12.5)
    assert total.implemented == 33 and total.applicable == 246


def test_rows_follow_the_workbook_grouping(referentiel: Referentiel) -> None:
    rows = recap_rows(referentiel, compute_recap(referentiel, {}))
    kinds = [(r.kind, r.id) for r in rows[:8]]
    assert kinds == [
        ("axis", "1"),
        ("objective", "1/1"),
        ("activity", "1.1"),
        ("objective", "1/2"),
        ("activity", "1.2"),
        ("objective", "1/3"),
        ("activity", "1.3"),
        ("axis", "2"),
    ]
    assert rows[-1].kind == "total"


def test_recap_text_fits_80_columns_with_a_trend_legend(referentiel: Referentiel) -> None:
    text = recap_text(referentiel, compute_recap(referentiel, hand_values(referentiel)), width=80)
    assert max(len(line) for line in text.splitlines() if not line.startswith("Tendance")) <= 80
    assert re.search(r"Axe 1 · Accueil et intégrat\S*\s+78\s+78\s+100,0 %\s+26/26\s+0\s+▲", text)
    assert "Tendance : ▼ À construire (dès 0 %) · ► En progression (dès 33,3 %) · ▲ Bien engagé (dès 66,7 %)" in text


def test_recap_json_has_figures_per_axis_and_activity(referentiel: Referentiel) -> None:
    data = recap_json(referentiel, compute_recap(referentiel, hand_values(referentiel)))
    assert data["total"]["percent"] == 12.5
    assert [a["id"] for a in data["axes"]] == ["1", "2", "3", "4", "5"]
    assert data["activities"][3]["id"] == "2.1" and data["activities"][3]["percent"] == 66.7


@pytest.mark.parametrize("count", [3, 5, 7, 12, 14])
def test_spokes_start_at_the_top_and_turn_clockwise(count: int) -> None:
    angles = spoke_angles(count)
    assert len(angles) == count
    assert angles[0] == pytest.approx(math.pi / 2)
    assert all(a > b for a, b in itertools.pairwise(angles))  # decreasing angle = clockwise
    assert angles[0] - angles[1] == pytest.approx(2 * math.pi / count)


@pytest.mark.parametrize("count", [2, 17])
def test_unreadable_radars_are_refused_in_french(count: int) -> None:
    with pytest.raises(RadarUnavailable, match="il faut entre 3 et 16 branches"):
        spoke_angles(count)


def test_each_vertex_lies_at_its_percentage_of_the_radius() -> None:
    percents = [100, 50, 0, 25, 75]
    for (x, y), percent in zip(vertices(percents), percents, strict=False):
        assert math.hypot(x, y) == pytest.approx(percent / 100)
    # The first axis is straight up, the second is to the right.
    assert vertices(percents)[0] == pytest.approx((0, 1))
    assert vertices(percents)[1][0] > 0


@pytest.mark.parametrize("percent", [25, 50, 75, 100])
def test_rings_pass_through_every_spoke(percent: int) -> None:
    assert all(math.hypot(x, y) == pytest.approx(percent / 100) for x, y in ring(percent, 5))


def test_rendered_radar_has_labels_legend_and_no_colour_codes(referentiel: Referentiel) -> None:
    recap = compute_recap(referentiel, hand_values(referentiel))
    previous = compute_recap(referentiel, {p.id: 1 for p in referentiel.practices})
    text = axes_radar(referentiel, recap, previous, width=80, height=24)
    assert "\x1b[" not in text
    assert "1 Accueil et intégration 100 %" in text
    assert "2 Accompagnem… 7 %" in text
    assert "Actuelle" in text and "Précédente" in text
    assert max(len(line) for line in text.splitlines()) <= 80


def test_full_polygon_reaches_further_than_empty_one() -> None:
    """Geometry on the rendered text: a 100 % polygon draws marks far from the centre."""

    def spread(percent: float) -> int:
        text = radar_text(["A", "B", "C", "D"], [("x", [percent] * 4)], width=60, height=21)
        rows = [i for i, line in enumerate(text.splitlines()) if any("\u2800" < c <= "\u28ff" for c in line)]
        return max(rows) - min(rows)

    assert spread(100) > 2 * spread(30)


@pytest.fixture
def saved_session(tmp_path: Path, referentiel: Referentiel, monkeypatch: pytest.MonkeyPatch) -> str:
    directory = tmp_path / "sessions"
    monkeypatch.setenv("SIAE_TUI_SESSIONS", str(directory))
    store = SessionStore(directory, [referentiel])
    session = store.create(
        Evaluation(
            referentiel.id, referentiel.version, "Régie Élan", dt.date(2026, 3, 12), values=hand_values(referentiel)
        )
    )
    session.close()
    return session.id


def test_cli_recap_json_matches_the_domain(saved_session: str, referentiel: Referentiel, capsys) -> None:
    assert main(["recap", saved_session, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data == recap_json(referentiel, compute_recap(referentiel, hand_values(referentiel)))


def test_cli_recap_text(saved_session: str, capsys) -> None:
    assert main(["recap", saved_session]) == 0
    out = capsys.readouterr().out
    assert "Régie Élan — 12/03/2026" in out and "34/247 pratiques notées" in out
    assert "TOTAL" in out and "12,5 %" in out


def test_cli_radar_per_axis_and_errors(saved_session: str, capsys) -> None:
    assert main(["radar", saved_session, "--axis", "2"]) == 0
    assert "2.1 67 %" in capsys.readouterr().out
    assert main(["radar", saved_session, "--axis", "9"]) == 1
    assert "axe « 9 » inconnu" in capsys.readouterr().err
    assert main(["radar", "inconnue"]) == 1
    assert "session « inconnue » introuvable" in capsys.readouterr().err
