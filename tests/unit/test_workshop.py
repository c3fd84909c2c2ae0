"""Workshop mode in the domain and the store: votes, disagreements, actions."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from siae_tui.domain.evaluation import Evaluation
from siae_tui.domain.model import Referentiel
from siae_tui.domain.workshop import (
    Action,
    action_plan,
    disagreements,
    disagreements_per_activity,
    is_disagreement,
    median_proposal,
)
from siae_tui.store import SessionError, SessionStore


@pytest.mark.parametrize(
    "votes,median,flagged",
    [
        ({"Awa": 2, "Marc": 3, "Léa": 2}, 2, False),
        ({"Awa": 0, "Marc": 3, "Léa": 2}, 2, True),
        ({"Awa": 1, "Marc": 3}, 1, True),
        ({"Awa": 3}, 3, False),
        ({}, None, False),
    ],
)
def test_median_and_disagreement(votes: dict, median: int | None, flagged: bool) -> None:
    assert median_proposal(votes) == median
    assert is_disagreement(votes) is flagged


def test_disagreements_in_order_and_per_activity(referentiel: Referentiel) -> None:
    votes = {"2.1.1": {"A": 0, "B": 2}, "1.1.3": {"A": 1, "B": 3}, "1.1.4": {"A": 1, "B": 2}, "1.1.5": {"A": 3, "B": 0}}
    assert disagreements(referentiel, votes) == ["1.1.3", "1.1.5", "2.1.1"]
    assert disagreements_per_activity(referentiel, votes) == {"1.1": 2, "2.1": 1}


def test_action_plan_by_axis_or_due_date(referentiel: Referentiel) -> None:
    late = Action("1.1.2", "Convention PLIE", "Awa", dt.date(2026, 9, 1))
    soon = Action("3.2.1", "Plan de formation", "Marc", dt.date(2026, 4, 1))
    undated = Action("2.1.1", "Outil de diagnostic")
    assert action_plan(referentiel, [soon, undated, late]) == [late, undated, soon]
    assert action_plan(referentiel, [late, undated, soon], by="due") == [soon, late, undated]


def test_votes_and_actions_are_stored(tmp_path: Path, referentiel: Referentiel) -> None:
    store = SessionStore(tmp_path, [referentiel])
    session = store.create(
        Evaluation(
            referentiel.id, referentiel.version, "Régie", dt.date(2026, 3, 1), participants=["Awa", "Marc", "Léa"]
        )
    )
    for name, vote in (("Awa", 0), ("Marc", 3), ("Léa", 2)):
        session.set_vote("1.1.1", name, vote)
    session.add_action(Action("1.1.1", "Rencontrer les prescripteurs", "Awa", dt.date(2026, 6, 30)))
    with pytest.raises(SessionError, match="participant « Paul » inconnu"):
        session.set_vote("1.1.1", "Paul", 2)
    session.close()
    document = json.loads(session.path.read_text(encoding="utf-8"))["session"]["1"]
    assert document["votes"] == {"1.1.1": {"Awa": 0, "Marc": 3, "Léa": 2}}
    assert document["actions"] == [
        {
            "practice": "1.1.1",
            "text": "Rencontrer les prescripteurs",
            "owner": "Awa",
            "due": "2026-06-30",
            "status": "à faire",
        }
    ]
    reopened = store.open(session.id, read_only=True).evaluation
    assert reopened.votes == {"1.1.1": {"Awa": 0, "Marc": 3, "Léa": 2}}
    assert reopened.actions[0].due == dt.date(2026, 6, 30)


def test_exports_carry_votes_disagreements_and_actions(referentiel: Referentiel) -> None:
    from siae_tui.domain.importer import parse_export
    from siae_tui.report.export_json import export_json
    from siae_tui.report.export_markdown import export_markdown

    evaluation = Evaluation(
        referentiel.id,
        referentiel.version,
        "Régie",
        dt.date(2026, 3, 1),
        participants=["Awa", "Marc", "Léa"],
        values={"1.1.1": 2, "1.1.2": 3},
        votes={"1.1.1": {"Awa": 0, "Marc": 3, "Léa": 2}, "1.1.2": {"Awa": 3, "Marc": 3}},
        actions=[Action("1.1.1", "Rencontrer | les prescripteurs", "Awa", dt.date(2026, 6, 30))],
    )
    data = json.loads(export_json(referentiel, evaluation))
    assert data["disagreements"] == ["1.1.1"]
    assert data["votes"]["1.1.1"] == {"Awa": 0, "Marc": 3, "Léa": 2}
    assert data["actions"][0]["due"] == "2026-06-30"
    markdown = export_markdown(referentiel, evaluation)
    assert "## Désaccords à discuter" in markdown and "| 1.1.1 | Travailler avec les partenaires" in markdown
    assert "Awa 0, Marc 3, Léa 2 | 2 — Mis en place et à améliorer |" in markdown
    assert "| 1.1.1 | Rencontrer \\| les prescripteurs | Awa | 30/06/2026 | à faire |" in markdown
    again = parse_export(export_json(referentiel, evaluation), [referentiel])
    assert again.votes == evaluation.votes and again.actions == evaluation.actions


def test_participants_named_twice_are_found_whatever_the_case_and_spaces() -> None:
    from siae_tui.domain.workshop import duplicate_names

    assert duplicate_names(["Awa", "Marc", "awa ", "Léa"]) == ["awa "]
    assert duplicate_names(["Awa", "Marc"]) == []
