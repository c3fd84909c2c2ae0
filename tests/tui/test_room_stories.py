"""What a facilitator in front of a room would trip on: each story failed before its fix.

The form lost to a stray q, votes that became scores nobody voted, a score
stored on a practice that does not concern the structure, two identical
actions and a plan that could not be corrected, a timer counting the coffee
break, and an evolution drawn backwards.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.widgets import DataTable, Input, Select

from siae_tui.domain.evaluation import Evaluation
from siae_tui.domain.history import history
from siae_tui.domain.loader import load_referentiel
from siae_tui.domain.model import Referentiel
from siae_tui.store import Session, SessionStore
from siae_tui.ui.app import SiaeApp
from siae_tui.ui.screens.new_session import NewSessionScreen
from siae_tui.ui.screens.walk import WalkScreen
from siae_tui.ui.screens.workshop import ActionPlanScreen, ActionScreen, VoteScreen
from siae_tui.ui.widgets.activity_timer import ActivityTimer
from tests.conftest import REPO


def on_disk(session: Session) -> dict[str, object]:
    document: dict[str, object] = json.loads(session.path.read_text(encoding="utf-8"))["session"]["1"]
    return document


async def test_q_on_a_list_of_the_form_does_not_quit_and_lose_the_form(build_app: Callable[..., SiaeApp]) -> None:
    app = build_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n", *"Régie Élan", "tab")  # focus on the structure type list
        assert isinstance(app.screen.focused, Select)
        await pilot.press("q")
        await pilot.pause()
        assert app.is_running and isinstance(app.screen, NewSessionScreen)
        assert app.screen.query_one("#siae", Input).value == "Régie Élan"


async def test_votes_on_a_practice_that_has_votes_start_with_the_first_participant(
    build_app: Callable[..., SiaeApp], make_session: Callable[..., Session]
) -> None:
    session = make_session()  # participants: Awa, Marc
    app = build_app()
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("enter", "w", "2", "3", "enter")  # 1.1.1: votes 2 and 3, median 2 kept
        await pilot.press("k", "w", "0", "0")  # back on 1.1.1: two new votes...
        assert isinstance(app.screen, VoteScreen)  # ...and the team has not decided yet
        await pilot.press("3")
        await pilot.pause()
        walk = app.screen
        assert isinstance(walk, WalkScreen)
    document = on_disk(session)
    assert document["votes"] == {"1.1.1": {"Awa": 0, "Marc": 0}}
    assert document["values"] == {"1.1.1": 3}  # nothing else was scored


async def test_enter_keeps_an_earlier_vote_and_minus_abstains(
    build_app: Callable[..., SiaeApp], make_session: Callable[..., Session]
) -> None:
    session = make_session()
    app = build_app()
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("enter", "w", "1", "3", "1")  # decided 1 after a disagreement: stays on 1.1.1
        await pilot.press("w", "enter", "minus", "enter")  # Awa keeps 1, Marc abstains, median 1
        await pilot.pause()
    assert on_disk(session)["votes"] == {"1.1.1": {"Awa": 1}}


async def test_a_practice_that_does_not_concern_the_structure_cannot_be_scored(
    build_app: Callable[..., SiaeApp],
) -> None:
    cedre = load_referentiel(REPO / "referentiel" / "cedre-v2.yaml")
    app = build_app()
    store = SessionStore(app.store.directory, [cedre])
    session = store.create(Evaluation(cedre.id, cedre.version, "Intérim", dt.date(2026, 5, 4), "ETTI"))
    session.close()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter", "g", *"6.1.A-prod", "enter")
        walk = app.screen
        assert isinstance(walk, WalkScreen) and walk.current == "6.1.A-prod"
        await pilot.press("2")
        assert "ne concerne pas les structures de type ETTI" in " ".join(n.message for n in app._notifications)
        assert walk.current == "6.1.A-prod"
    assert "6.1.A-prod" not in on_disk(session)["values"]  # type: ignore[operator]


async def test_an_action_is_added_once_then_edited_and_removed_in_the_plan(
    build_app: Callable[..., SiaeApp], make_session: Callable[..., Session]
) -> None:
    session = make_session()
    app = build_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "enter", *"Rencontrer le PLIE", "escape")
        for _ in range(2):
            await pilot.press("A")
            assert isinstance(app.screen, ActionScreen)
            assert "Statut" in [str(label.render()) for label in app.screen.query("Label")]
            await pilot.press("ctrl+s")
            await pilot.pause()
        assert len(on_disk(session)["actions"]) == 1  # type: ignore[arg-type]
        await pilot.press("P")
        assert isinstance(app.screen, ActionPlanScreen)
        row = [str(c) for c in app.screen.query_one(DataTable).get_row_at(0)]
        assert row[2:] == ["Rencontrer le PLIE", "Awa", "—", "à faire"]  # every column at 80 columns
        await pilot.press("enter")
        assert isinstance(app.screen, ActionScreen)
        app.screen.query_one("#action-owner", Input).value = "Marc"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert [str(c) for c in app.screen.query_one(DataTable).get_row_at(0)][3] == "Marc"
        await pilot.press("x", "o")
        await pilot.pause()
        assert app.screen.query_one(DataTable).row_count == 0
    assert on_disk(session).get("actions", []) == []


async def test_the_activity_timer_does_not_count_the_pause(
    build_app: Callable[..., SiaeApp], make_session: Callable[..., Session], monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = {"now": 1000.0}
    monkeypatch.setattr(ActivityTimer, "clock", staticmethod(lambda: clock["now"]))
    session = make_session()
    app = build_app()
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("enter", "T")
        clock["now"] += 60
        await pilot.press("z")
        await pilot.pause()
        clock["now"] += 600  # a ten-minute coffee break
        await pilot.press("x")  # any key resumes
        await pilot.pause()
        clock["now"] += 30
        await pilot.press("T")
        await pilot.pause()
    assert on_disk(session)["activity_seconds"] == {"1.1": 90}


def test_evaluations_of_the_same_day_are_drawn_in_the_order_they_were_made(referentiel: Referentiel) -> None:
    day = dt.date(2026, 3, 12)
    original = Evaluation(referentiel.id, referentiel.version, "Régie", day, created="2026-03-12T09:00:00+00:00")
    rescoring = Evaluation(
        referentiel.id, referentiel.version, "Régie", day, label="Revue", created="2026-03-12T15:00:00+00:00"
    )
    # The re-scoring's file name sorts first ("a-…" < "z-…"): the order must not depend on it.
    points = history(referentiel, [("z-original", original), ("a-rescoring", rescoring)])
    assert [p.session_id for p in points] == ["z-original", "a-rescoring"]


async def test_the_plan_and_the_form_keep_their_data_at_80_columns(
    build_app: Callable[..., SiaeApp], sessions_dir: Path
) -> None:
    app = build_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n")
        app.screen.query_one("#date", Input).value = "31/02/2026"
        await pilot.press("ctrl+s")
        error = app.screen.query_one("#form-error")
        assert "Le nom de la SIAE est obligatoire." in str(error.render())
        assert "Date invalide « 31/02/2026 »" in str(error.render())
        assert error.region.y >= 0 and error.region.bottom <= 24  # on screen, not below the fold


async def test_details_can_be_changed_after_creation_so_a_session_can_vote(
    build_app: Callable[..., SiaeApp], make_session: Callable[..., Session]
) -> None:
    from siae_tui.ui.screens.session_details import SessionDetailsScreen

    session = make_session(siae="Regie Elan")
    app = build_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, SessionDetailsScreen)
        app.screen.query_one("#details-siae", Input).value = "Régie Élan"
        app.screen.query_one("#details-date", Input).value = "14/03/2026"
        app.screen.query_one("#details-participants", Input).value = "Awa, Marc, Léa"
        app.screen.query_one("#details-structure", Select).value = "EI"
        await pilot.press("ctrl+s")
        await pilot.pause()
    document = on_disk(session)
    assert (document["siae"], document["date"], document["structure_type"]) == ("Régie Élan", "2026-03-14", "EI")
    assert document["participants"] == ["Awa", "Marc", "Léa"]


async def test_a_deleted_session_comes_back_from_the_trash(
    build_app: Callable[..., SiaeApp], make_session: Callable[..., Session]
) -> None:
    make_session(values={"1.1.1": 3}, notes={"1.1.1": "Gardée"})
    app = build_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("s", "o")  # delete, confirmed
        await pilot.pause()
        assert app.screen.query_one(DataTable).row_count == 0
        await pilot.press("c")
        await pilot.pause()
        assert app.screen.query_one(DataTable).row_count == 1
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.query_one(DataTable).row_count == 1  # back on the home list
        [restored] = app.store.list()[0]
    with app.store.open(restored.id, read_only=True) as session:
        assert session.evaluation.values == {"1.1.1": 3} and session.evaluation.notes == {"1.1.1": "Gardée"}


async def test_the_high_contrast_theme_is_remembered_at_the_next_start(build_app: Callable[..., SiaeApp]) -> None:
    app = build_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("t")
        chosen = app.theme
    assert chosen == "siae-contraste"
    again = build_app()
    async with again.run_test(size=(80, 24)):
        assert again.theme == "siae-contraste"


async def test_the_network_details_are_editable_after_creation_and_validated(
    build_app: Callable[..., SiaeApp], make_session: Callable[..., Session]
) -> None:
    from siae_tui.ui.screens.session_details import SessionDetailsScreen

    session = make_session()
    app = build_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, SessionDetailsScreen)
        app.screen.query_one("#details-territory", Input).value = "20"  # Corsica is 2A or 2B
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, SessionDetailsScreen)
        assert "2A" in str(app.screen.query_one("#details-error").render())
        app.screen.query_one("#details-territory", Input).value = "2a"
        app.screen.query_one("#details-siret", Input).value = "732 829 320 00074"
        await pilot.press("ctrl+s")
        await pilot.pause()
    document = on_disk(session)
    assert (document["territory"], document["siret"]) == ("2A", "73282932000074")
