"""Workshop mode through the TUI: three voices, a disagreement, an action in the plan and the export."""

from __future__ import annotations

import json
from pathlib import Path

from textual.widgets import DataTable

from siae_tui.report.export_json import export_json
from siae_tui.ui.screens.walk import WalkScreen
from siae_tui.ui.screens.workshop import ActionPlanScreen, VoteScreen
from siae_tui.ui.widgets.activity_timer import ActivityTimer


def text_of(app, selector: str) -> str:
    return str(app.screen.query_one(selector).render())


async def test_votes_median_disagreement_action_plan_export(build_app, make_session, sessions_dir: Path) -> None:
    make_session()  # participants: Awa, Marc
    app = build_app()
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("enter")
        walk = app.screen
        walk.session.update_details(participants=["Awa", "Marc", "Léa"])
        # 1.1.1: everyone close (2, 3, 2): the median 2 is kept and the walk moves on.
        await pilot.press("w")
        assert isinstance(app.screen, VoteScreen)
        await pilot.press("2", "3", "2")
        assert "→ médiane 2" in text_of(app, "#vote-board")
        await pilot.press("enter")
        assert isinstance(app.screen, WalkScreen) and walk.current == "1.1.2"
        assert walk.session.evaluation.values["1.1.1"] == 2
        # 1.1.2: 0, 3, 2 -> spread 3: flagged, the team decides 1, and the walk stays to discuss.
        await pilot.press("w", "0", "3", "2", "1")
        assert walk.session.evaluation.values["1.1.2"] == 1 and walk.current == "1.1.2"
        assert "⚠ désaccord" in text_of(app, "#votes-line")
        await pilot.press("g", *"2.1", "enter", "exclamation_mark")
        assert walk.current == "1.1.2"  # next flagged practice, wrapping round
        # An action from the note.
        await pilot.press("enter", *"Rencontrer le PLIE", "escape")
        await pilot.press("A")
        assert app.screen.query_one("#action-text").value == "Rencontrer le PLIE"
        app.screen.query_one("#action-due").value = "30/06/2026"
        await pilot.press("ctrl+s")
        await pilot.press("P")
        assert isinstance(app.screen, ActionPlanScreen)
        row = [str(c) for c in app.screen.query_one(DataTable).get_row_at(0)]
        assert row == ["1", "1.1.2", "Rencontrer le PLIE", "Awa", "30/06/2026", "à faire"]
        await pilot.press("space")
        assert [str(c) for c in app.screen.query_one(DataTable).get_row_at(0)][5] == "en cours"
        session = walk.session
    data = json.loads(export_json(session.referentiel, session.evaluation))
    assert data["votes"]["1.1.2"] == {"Awa": 0, "Marc": 3, "Léa": 2}
    assert data["disagreements"] == ["1.1.2"]
    assert data["actions"] == [
        {"practice": "1.1.2", "text": "Rencontrer le PLIE", "owner": "Awa", "due": "2026-06-30", "status": "en cours"}
    ]
    [path] = [p for p in sessions_dir.glob("*.json") if not p.name.startswith(".")]
    document = json.loads(path.read_text(encoding="utf-8"))["session"]["1"]
    assert document["votes"]["1.1.1"] == {"Awa": 2, "Marc": 3, "Léa": 2}
    assert document["actions"][0]["status"] == "en cours"


async def test_recap_counts_disagreements_and_axis_editor_lists_actions(build_app, make_session) -> None:
    from siae_tui.domain.workshop import Action

    session = make_session()
    app = build_app()
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("enter")
        walk = app.screen
        walk.session.set_vote("1.1.3", "Awa", 0)
        walk.session.set_vote("1.1.3", "Marc", 3)
        walk.session.set_vote("2.1.1", "Awa", 1)
        walk.session.set_vote("2.1.1", "Marc", 3)
        walk.session.add_action(Action("1.2.1", "Grille de recrutement", "Marc"))
        await pilot.press("r")
        assert "⚠ Désaccords par activité : 1.1 (1) · 2.1 (1)" in text_of(app, "#disagreements")
        await pilot.press("escape", "D")
        assert "1.2.1 Grille de recrutement (Marc, à faire)" in " ".join(
            str(w.render()) for w in app.screen.query("Static")
        )
    assert session.id


async def test_projection_view_and_pause_screen(build_app, make_session) -> None:
    from textual.widgets import Digits

    from siae_tui.ui.screens.projection import PauseScreen, ProjectionScreen

    make_session(values={"1.1.1": 3}, notes={"1.1.2": "Note confidentielle"})
    app = build_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("enter", "F")
        assert isinstance(app.screen, ProjectionScreen)
        assert "1.1.2" in text_of(app, "#projection-text")
        await pilot.press("2")  # scores 1.1.2 from the projection view
        assert app.screen.query_one("#projection-percent", Digits).value == "24"  # (3 + 2) / 21
        assert "1.1.3" in text_of(app, "#projection-text")
        await pilot.press("escape", "z")
        assert isinstance(app.screen, PauseScreen)
        texts = " ".join(str(w.render()) for w in app.screen.query("Static"))
        assert "Pause" in texts and "Note confidentielle" not in texts
        await pilot.press("x")
        assert isinstance(app.screen, WalkScreen)


async def test_timer_books_time_per_activity_and_recap_shows_it(build_app, make_session, monkeypatch) -> None:
    clock = {"now": 1000.0}
    monkeypatch.setattr(ActivityTimer, "clock", staticmethod(lambda: clock["now"]))
    make_session()
    app = build_app()
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("enter", "T")
        clock["now"] += 125
        await pilot.press("n")  # on to 1.2: 2 min 05 s booked on 1.1
        clock["now"] += 30
        await pilot.press("T")  # stop: 30 s booked on 1.2
        walk = app.screen
        assert walk.session.evaluation.activity_seconds == {"1.1": 125, "1.2": 30}
        await pilot.press("r")
        assert "⏱ Temps passé : 1.1 2 min 05 s · 1.2 0 min 30 s" in text_of(app, "#time-spent")


async def test_rescoring_shows_last_years_actions(build_app, make_session) -> None:
    from siae_tui.domain.workshop import Action
    from siae_tui.store import SessionStore

    earlier = make_session(values={"1.1.1": 1})
    app = build_app()
    store = SessionStore(app.store.directory, app.referentiels)
    with store.open(earlier.id) as session:
        session.add_action(Action("1.1.1", "Convention avec le PLIE", "Awa", None, "en cours"))
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("d", *"Revue 2027", "enter")
        await pilot.pause()
        await pilot.press("g", *"1.1", "enter")
        assert "↻ Action de l'évaluation précédente : Convention avec le PLIE (Awa, en cours)" in text_of(
            app, "#previous-actions"
        )
