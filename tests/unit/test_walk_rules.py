"""The walk's rules, without a terminal: what is still to do and where each key leads.

The mini référentiel has five practices in order 1.1.1, 1.1.2, 2.1.1, 2.1.2
(AI/ETTI only) and 3.1.1, which is enough to see each rule turn.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from siae_tui.domain.evaluation import Evaluation
from siae_tui.domain.loader import load_referentiel
from siae_tui.domain.model import Referentiel
from siae_tui.domain.navigation import Walk
from siae_tui.domain.scoring import NOT_APPLICABLE
from tests.conftest import DATA


@pytest.fixture(scope="module")
def mini() -> Referentiel:
    return load_referentiel(DATA / "mini-referentiel.yaml")


def evaluation(mini: Referentiel, structure_type: str = "ACI", **fields: Any) -> Evaluation:
    return Evaluation(mini.id, mini.version, "Régie Élan", dt.date(2026, 3, 12), structure_type, **fields)


def test_a_new_walk_starts_at_the_first_practice_and_resumes_where_it_was(mini: Referentiel) -> None:
    assert Walk(mini, evaluation(mini)).current == "1.1.1"
    assert Walk(mini, evaluation(mini), position="2.1.1").current == "2.1.1"
    # A position the référentiel does not know lands on the first practice still to score.
    assert Walk(mini, evaluation(mini, values={"1.1.1": 2}), position="9.9.9").current == "1.1.2"


def test_scoring_moves_to_the_next_practice_still_to_do_skipping_scored_ones(mini: Referentiel) -> None:
    walk = Walk(mini, evaluation(mini, values={"1.1.2": 3}))
    assert walk.next_after_scoring(2) == "2.1.1"  # 1.1.2 is already scored


def test_practices_that_do_not_concern_the_structure_are_not_pending(mini: Referentiel) -> None:
    aci = Walk(mini, evaluation(mini, "ACI"), position="2.1.1")
    etti = Walk(mini, evaluation(mini, "ETTI"), position="2.1.1")
    assert not aci.is_pending("2.1.2") and not aci.applies("2.1.2")
    assert aci.next_after_scoring(1) == "3.1.1"
    assert etti.is_pending("2.1.2") and etti.next_after_scoring(1) == "2.1.2"


def test_when_everything_is_scored_there_is_nowhere_to_go(mini: Referentiel) -> None:
    values = {"1.1.1": 1, "1.1.2": 2, "2.1.1": NOT_APPLICABLE, "3.1.1": 0}
    walk = Walk(mini, evaluation(mini, values=values), position="3.1.1")
    assert walk.next_pending() is None
    assert walk.next_after_scoring(3) is None
    # Clearing a value makes that practice pending again, wherever the walk stands.
    del values["1.1.2"]
    assert walk.next_pending() == "1.1.2"


def test_scoring_the_last_pending_practice_wraps_round_to_an_earlier_one(mini: Referentiel) -> None:
    walk = Walk(mini, evaluation(mini, values={"1.1.2": 2, "2.1.1": 1}), position="3.1.1")
    assert walk.next_after_scoring(3) == "1.1.1"


def test_carried_over_values_stay_pending_until_confirmed(mini: Referentiel) -> None:
    earlier = {"1.1.1": 3, "1.1.2": 1, "2.1.1": 0, "3.1.1": 2}
    walk = Walk(
        mini,
        evaluation(mini, values=dict(earlier), previous_values=earlier, carried_over=set(earlier), origin="earlier"),
    )
    assert walk.is_pending("1.1.1")
    assert walk.next_to_confirm() == "1.1.2"
    # Confirming (or changing) 1.1.1 takes it out of what is still to do.
    assert walk.next_after_scoring(3) == "1.1.2"
    walk.evaluation.carried_over.discard("1.1.2")
    assert walk.next_after_scoring(3) == "2.1.1"


def test_the_quick_walk_visits_only_what_scored_0_to_2_last_time(mini: Referentiel) -> None:
    earlier = {"1.1.1": 3, "1.1.2": 1, "2.1.1": 3, "3.1.1": 2}
    walk = Walk(mini, evaluation(mini, previous_values=earlier, carried_over=set(earlier), origin="earlier"))
    walk.quick = True
    assert [p for p in walk.order.ids if walk.in_walk(p)] == ["1.1.2", "3.1.1"]
    assert walk.next_after_scoring(3) == "1.1.2"
    walk.current = "1.1.2"
    assert walk.step(1) == "3.1.1"  # 2.1.1 (3 last time) is skipped
    assert walk.step(-1) is None  # nothing before 1.1.2 in the quick walk
    walk.current = "3.1.1"
    assert walk.step(1) is None
    assert walk.next_to_confirm() == "1.1.2"
    walk.quick = False
    assert walk.step(-1) == "2.1.2"  # the full walk shows every practice, non applicable ones too


def test_moving_stops_at_both_ends_of_the_full_walk(mini: Referentiel) -> None:
    walk = Walk(mini, evaluation(mini))
    assert walk.step(-1) is None and walk.step(1) == "1.1.2"
    walk.current = "3.1.1"
    assert walk.step(1) is None and walk.step(-2) == "2.1.1"


def test_next_disagreement_wraps_round_and_ignores_close_votes(mini: Referentiel) -> None:
    votes = {"1.1.1": {"Awa": 0, "Marc": 3}, "2.1.1": {"Awa": 1, "Marc": 2}, "3.1.1": {"Awa": 3, "Marc": 1}}
    walk = Walk(mini, evaluation(mini, participants=["Awa", "Marc"], votes=votes), position="1.1.2")
    assert walk.next_disagreement() == "3.1.1"
    walk.current = "3.1.1"
    assert walk.next_disagreement() == "1.1.1"


def test_activities_are_clamped_at_both_ends(mini: Referentiel) -> None:
    walk = Walk(mini, evaluation(mini), position="1.1.2")
    assert walk.activity() == "1.1"
    assert walk.next_activity(1) == "2.1.1" and walk.next_activity(-1) == "1.1.1"
    walk.current = "3.1.1"
    assert walk.next_activity(1) == "3.1.1"
