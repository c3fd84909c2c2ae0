"""Scoring rules, with expectations computed by hand in each test."""

from __future__ import annotations

import pytest

from siae_tui.domain.model import Referentiel
from siae_tui.domain.scoring import NOT_APPLICABLE, compute_recap, is_valid_value, progress


def test_empty_evaluation_counts_zero_and_everything_unscored(referentiel: Referentiel) -> None:
    recap = compute_recap(referentiel, {})
    assert (recap.total.score, recap.total.max, recap.total.unscored) == (0, 741, 247)
    assert recap.total.percent == 0.0
    assert recap.total.trend.label == "À construire"


@pytest.mark.parametrize(
    "activity_id,practices,workbook_maxi",
    [("1.1", 7, 24), ("1.2", 10, 33), ("2.6", 12, 33), ("2.7", 5, 18), ("4.3", 10, 27)],
)
def test_maximum_comes_from_listed_practices_not_the_workbook(
    referentiel: Referentiel, activity_id: str, practices: int, workbook_maxi: int
) -> None:
    """All 3s give 100 %: the maximum is 3 × the practices listed, never Note maxi."""
    values = {p.id: 3 for p in referentiel.activity(activity_id).practices}
    figures = compute_recap(referentiel, values).activities[activity_id]
    assert figures.max == 3 * practices != workbook_maxi
    assert figures.percent == 100.0


def test_axis_maxima(referentiel: Referentiel) -> None:
    recap = compute_recap(referentiel, {})
    # 26, 66, 65, 68 and 22 practices.
    assert {a: f.max for a, f in recap.axes.items()} == {"1": 78, "2": 198, "3": 195, "4": 204, "5": 66}


def test_activity_1_1_hand_computed(referentiel: Referentiel) -> None:
    # 1.1 has 7 practices: 3, 2, 1, 0, na, unscored, 3
    values = {"1.1.1": 3, "1.1.2": 2, "1.1.3": 1, "1.1.4": 0, "1.1.5": NOT_APPLICABLE, "1.1.7": 3}
    f = compute_recap(referentiel, values).activities["1.1"]
    assert f.score == 9  # 3 + 2 + 1 + 0 + 3
    assert f.max == 18  # 6 applicable × 3
    assert f.applicable == 6
    assert f.practices == 7
    assert f.implemented == 3  # 1.1.1, 1.1.2, 1.1.7
    assert f.unscored == 1  # 1.1.6
    assert f.percent == 50.0
    assert f.implemented_percent == 50.0
    assert f.trend.label == "En progression"


def test_objective_axis_and_total_add_up(referentiel: Referentiel) -> None:
    # 2.1 (7 practices) all 2; 2.2 (9 practices) all 1: same objective.
    values = {p.id: 2 for p in referentiel.activity("2.1").practices}
    values |= {p.id: 1 for p in referentiel.activity("2.2").practices}
    recap = compute_recap(referentiel, values)
    objective = referentiel.axis("2").objectives[0]
    assert [a.id for a in objective.activities] == ["2.1", "2.2"]
    f = recap.objectives[objective.id]
    assert (f.score, f.max, f.implemented) == (14 + 9, 48, 7)
    assert recap.axes["2"].score == 23
    assert recap.axes["2"].max == 198
    assert recap.axes["2"].percent == round(100 * 23 / 198, 1) == 11.6
    assert recap.total.score == 23
    assert recap.total.unscored == 247 - 16


@pytest.mark.parametrize(
    "percent,label",
    [
        (0, "À construire"),
        (33.2, "À construire"),
        (33.3, "En progression"),
        (66.6, "En progression"),
        (66.7, "Bien engagé"),
        (100, "Bien engagé"),
    ],
)
def test_trend_thresholds(referentiel: Referentiel, percent: float, label: str) -> None:
    assert referentiel.trend_for(percent).label == label


@pytest.mark.parametrize("value,label", [(0, "À construire"), (1, "En progression"), (2, "Bien engagé")])
def test_an_activity_scored_all_the_same_reads_as_the_scale_says(
    referentiel: Referentiel, value: int, label: str
) -> None:
    """All « mis en place » (2) is well under way; all « en prévision » (1) is in progress."""
    values = {p.id: value for p in referentiel.activity("1.1").practices}
    assert compute_recap(referentiel, values).activities["1.1"].trend.label == label


def test_all_not_applicable_activity_has_no_maximum(referentiel: Referentiel) -> None:
    values = {p.id: NOT_APPLICABLE for p in referentiel.activity("3.6").practices}
    f = compute_recap(referentiel, values).activities["3.6"]
    assert (f.score, f.max, f.applicable, f.percent, f.unscored) == (0, 0, 0, 0.0, 0)


def test_progress_counts_na_as_answered(referentiel: Referentiel) -> None:
    assert progress(referentiel, {"1.1.1": 0, "1.1.2": NOT_APPLICABLE, "1.1.3": None}) == (2, 247)


@pytest.mark.parametrize(
    "value,ok",
    [
        (0, True),
        (3, True),
        (None, True),
        ("na", True),
        (4, False),
        (-1, False),
        (True, False),
        ("2", False),
        (2.0, False),
    ],
)
def test_valid_values(referentiel: Referentiel, value: object, ok: bool) -> None:
    assert is_valid_value(value, referentiel) is ok
