"""Targets: which count, the target recap, targets reached a year later, the targets an action serves."""

from __future__ import annotations

import datetime as dt

import pytest

from siae_tui.domain.compare import compare
from siae_tui.domain.evaluation import Evaluation
from siae_tui.domain.loader import load_referentiel
from siae_tui.domain.model import Referentiel
from siae_tui.domain.scoring import NOT_APPLICABLE, Value, compute_recap
from siae_tui.domain.targets import (
    ActionTarget,
    action_targets,
    evaluation_targets,
    target_recap,
    target_values,
    targets_below_current,
    targets_reached,
)
from siae_tui.domain.workshop import Action
from tests.conftest import DATA


@pytest.fixture(scope="module")
def mini() -> Referentiel:
    return load_referentiel(DATA / "mini-referentiel.yaml")


def evaluation(
    mini: Referentiel, values: dict[str, Value], targets: dict[str, int], structure_type: str = "ACI"
) -> Evaluation:
    return Evaluation(
        mini.id, mini.version, "Régie", dt.date(2026, 3, 12), structure_type, values=values, targets=targets
    )


def test_without_targets_there_is_no_target_recap(mini: Referentiel) -> None:
    assert target_recap(mini, evaluation(mini, {"1.1.1": 2}, {})) is None


@pytest.mark.parametrize(
    "values,targets,axis_1_percent,why",
    [
        ({"1.1.1": 1, "1.1.2": 1}, {"1.1.1": 3}, 66.7, "1.1.1 counts its target: (3 + 1) / 6"),
        ({"1.1.1": 1}, {"1.1.2": 3}, 66.7, "an unscored practice counts its target: (1 + 3) / 6"),
        ({"1.1.1": 3, "1.1.2": 1}, {"1.1.1": 2}, 66.7, "a target below the score never lowers it: (3 + 1) / 6"),
        ({"1.1.1": 2, "1.1.2": 2}, {}, None, "no target: no target recap"),
    ],
)
def test_target_recap_rules(
    mini: Referentiel, values: dict[str, Value], targets: dict[str, int], axis_1_percent: float | None, why: str
) -> None:
    recap = target_recap(mini, evaluation(mini, values, targets))
    if axis_1_percent is None:
        assert recap is None, why
    else:
        assert recap is not None and recap.axes["1"].percent == axis_1_percent, why
        assert recap.activities["1.1"].percent == axis_1_percent


def test_a_target_below_the_current_value_is_allowed_but_flagged(mini: Referentiel) -> None:
    ev = evaluation(mini, {"1.1.1": 3, "1.1.2": 1, "2.1.1": 2}, {"1.1.1": 2, "1.1.2": 3, "2.1.1": 2})
    assert targets_below_current(mini, ev) == ["1.1.1"]
    assert target_values(mini, ev) == {"1.1.1": 3, "1.1.2": 3, "2.1.1": 2}


def test_the_target_polygon_always_encloses_the_current_one(mini: Referentiel) -> None:
    ev = evaluation(mini, {"1.1.1": 3, "1.1.2": 0, "2.1.1": 2}, {"1.1.1": 0, "1.1.2": 1, "2.1.1": 0})
    current, target = ev.recap(mini), target_recap(mini, ev)
    assert target is not None
    for axis in mini.axes:
        assert target.axes[axis.id].percent >= current.axes[axis.id].percent


def test_targets_count_only_where_the_practice_may_be_scored(mini: Referentiel) -> None:
    # 3.1.1 is scored « na », 2.1.2 does not concern an ACI: their targets are kept but do not count.
    ev = evaluation(mini, {"3.1.1": NOT_APPLICABLE}, {"1.1.1": 2, "3.1.1": 3, "2.1.2": 3})
    assert evaluation_targets(mini, ev) == {"1.1.1": 2}
    recap = target_recap(mini, ev)
    assert recap is not None and recap.axes["3"].max == 0 and recap.axes["2"].max == 3
    # Scored again, the practice's target counts again.
    ev.values["3.1.1"] = 1
    assert evaluation_targets(mini, ev) == {"1.1.1": 2, "3.1.1": 3}


def test_the_target_recap_is_a_recap_of_the_projected_values(referentiel: Referentiel) -> None:
    values: dict[str, Value] = {p.id: i % 4 for i, p in enumerate(referentiel.practices)}
    targets = {p.id: 3 for p in referentiel.practices[::5]}
    ev = Evaluation(referentiel.id, referentiel.version, "R", dt.date(2026, 1, 1), values=values, targets=targets)
    projected = {**values, **{pid: max(3, values[pid] or 0) for pid in targets}}
    assert target_recap(referentiel, ev) == compute_recap(referentiel, projected)


def test_targets_reached_a_year_later(mini: Referentiel) -> None:
    earlier = evaluation(mini, {"1.1.1": 1, "1.1.2": 0, "2.1.1": 1, "3.1.1": 2}, {"1.1.1": 3, "1.1.2": 2, "2.1.1": 2})
    later = evaluation(mini, {"1.1.1": 3, "1.1.2": 1}, {})
    result = targets_reached(mini, evaluation_targets(mini, earlier), later)
    assert [(o.practice_id, o.status) for o in result.outcomes] == [
        ("1.1.1", "reached"),
        ("1.1.2", "not_reached"),
        ("2.1.1", "not_scored"),
    ]
    assert (len(result.reached), result.counted) == (1, 3)
    assert result.reached[0].text == "Travailler avec les prescripteurs" and result.reached[0].value == 3


def test_a_carried_over_value_is_not_yet_scored_and_na_is_left_out_of_the_count(mini: Referentiel) -> None:
    later = evaluation(mini, {"1.1.1": 3, "1.1.2": NOT_APPLICABLE, "2.1.1": 3}, {})
    later.carried_over = {"1.1.1"}  # last year's 3, not yet confirmed: says nothing new
    result = targets_reached(mini, {"1.1.1": 2, "1.1.2": 2, "2.1.1": 3, "9.9.9": 1}, later)
    assert [(o.practice_id, o.status) for o in result.outcomes] == [
        ("1.1.1", "not_scored"),
        ("1.1.2", "not_applicable"),
        ("2.1.1", "reached"),
    ]
    assert (len(result.reached), result.counted) == (1, 2)


def test_compare_says_which_of_the_earlier_targets_were_reached(mini: Referentiel) -> None:
    earlier = evaluation(mini, {"1.1.1": 1, "3.1.1": NOT_APPLICABLE}, {"1.1.1": 2, "3.1.1": 3})
    later = evaluation(mini, {"1.1.1": 2}, {"1.1.2": 3})
    comparison = compare(mini, earlier, later)
    assert comparison.targets is not None
    assert [(o.practice_id, o.status) for o in comparison.targets.outcomes] == [("1.1.1", "reached")]
    assert compare(mini, later, earlier).targets is not None  # later's own targets, checked against earlier
    assert compare(mini, evaluation(mini, {}, {}), later).targets is None


def test_an_action_shows_the_target_it_serves(mini: Referentiel) -> None:
    ev = evaluation(mini, {"1.1.1": 1, "3.1.1": NOT_APPLICABLE}, {"1.1.1": 3, "3.1.1": 2})
    assert action_targets(mini, ev, Action("1.1.1", "Signer la convention")) == [ActionTarget("1.1.1", 1, 3)]
    assert action_targets(mini, ev, Action("1.1.2", "Sans cible")) == []
    assert action_targets(mini, ev, Action("3.1.1", "Cible qui ne compte pas")) == []
    assert not ActionTarget("1.1.1", 1, 3).met and ActionTarget("1.1.1", 3, 3).met
    assert not ActionTarget("1.1.1", None, 0).met
