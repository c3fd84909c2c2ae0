"""Every screen that writes goes through the one write path: a refused write never ends the app.

Each story changes the session file on disk behind the screen (as another
program would), then asks the screen to write: the French message must say
so, the save mark must read « ⚠ NON ENREGISTRÉ », the work must stay in
memory, the file on disk must be left as the other program wrote it, and the
app must keep running and answering keys.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, Input

from siae_tui.domain.workshop import Action
from siae_tui.store import Session
from siae_tui.ui.app import SiaeApp
from siae_tui.ui.screens.dialogs import DialogScreen, PromptScreen
from siae_tui.ui.screens.projection import ProjectionScreen
from siae_tui.ui.screens.walk import WalkScreen
from siae_tui.ui.screens.workshop import ActionPlanScreen, ActionScreen, VoteScreen

CHANGED_ELSEWHERE = "modifié par un autre programme"


def change_behind(path: Path) -> str:
    """Rewrite the session file as another program would (same data, other bytes); returns the new text."""
    text = json.dumps(json.loads(path.read_text(encoding="utf-8")), indent=4)
    path.write_text(text, encoding="utf-8")
    return text


def messages(app: SiaeApp) -> str:
    return " ".join(n.message for n in app._notifications)


async def open_walk(pilot: Pilot[None], app: SiaeApp) -> WalkScreen:
    """Open the session from home; it gets one action, so that the action plan has a row to move on."""
    await pilot.press("enter")
    walk = app.screen
    assert isinstance(walk, WalkScreen)
    walk.session.add_action(Action("1.1.1", "Convention avec le PLIE", "Awa"))
    return walk


async def score_in_walk(pilot: Pilot[None], app: SiaeApp, walk: WalkScreen) -> None:
    await pilot.press("2")


async def vote(pilot: Pilot[None], app: SiaeApp, walk: WalkScreen) -> None:
    await pilot.press("w")
    assert isinstance(app.screen, VoteScreen)
    await pilot.press("1", "3", "enter")


async def new_action(pilot: Pilot[None], app: SiaeApp, walk: WalkScreen) -> None:
    await pilot.press("A")
    assert isinstance(app.screen, ActionScreen)
    app.screen.query_one("#action-text", Input).value = "Rencontrer le PLIE"
    await pilot.press("ctrl+s")


async def plan_status(pilot: Pilot[None], app: SiaeApp, walk: WalkScreen) -> None:
    await pilot.press("P")
    assert isinstance(app.screen, ActionPlanScreen)
    await pilot.press("space")


async def development_axes(pilot: Pilot[None], app: SiaeApp, walk: WalkScreen) -> None:
    await pilot.press("D", *"Former les encadrants", "ctrl+s")


async def projection_score(pilot: Pilot[None], app: SiaeApp, walk: WalkScreen) -> None:
    await pilot.press("F")
    assert isinstance(app.screen, ProjectionScreen)
    await pilot.press("3")


Story = Callable[[Pilot[None], SiaeApp, WalkScreen], Awaitable[None]]


@pytest.mark.parametrize(
    "story",
    [score_in_walk, vote, new_action, plan_status, development_axes, projection_score],
    ids=["walk", "votes", "action-editor", "action-plan", "development-axes", "projection"],
)
async def test_a_write_refused_by_a_file_changed_elsewhere_keeps_the_app_running(
    build_app: Callable[..., SiaeApp], make_session: Callable[..., Session], story: Story
) -> None:
    session = make_session()
    app = build_app()
    async with app.run_test(size=(120, 40)) as pilot:
        walk = await open_walk(pilot, app)
        written_elsewhere = change_behind(session.path)

        await story(pilot, app, walk)
        await pilot.pause()

        assert CHANGED_ELSEWHERE in messages(app)
        assert "NON ENREGISTRÉ" in str(walk.query_one("#save-status").render())
        assert walk.session.dirty  # the work is kept in memory
        assert session.path.read_text(encoding="utf-8") == written_elsewhere  # nothing overwritten
        assert app.is_running
        # The app still answers: back to the walk and move on.
        for _ in range(3):  # the dialogs the story opened, if any
            if not isinstance(app.screen, WalkScreen):
                await pilot.press("escape")
        await pilot.press("j")
        assert app.is_running and isinstance(app.screen, WalkScreen)


async def test_action_plan_space_after_a_change_on_disk_does_not_end_the_app(
    build_app: Callable[..., SiaeApp], make_session: Callable[..., Session]
) -> None:
    """The crash the review found: the plan's status key wrote without a guard."""
    session = make_session()
    app = build_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_walk(pilot, app)
        await pilot.press("P")
        change_behind(session.path)
        await pilot.press("space")
        await pilot.pause()
        assert app.is_running and isinstance(app.screen, ActionPlanScreen)
        assert "NON ENREGISTRÉ" in str(app.screen.query_one("#save-status").render())
        # The status moved on in memory (shown), and will be written by the next successful save.
        assert [str(c) for c in app.screen.query_one(DataTable).get_row_at(0)][5] == "en cours"


async def test_recording_a_vote_is_one_durable_write(
    build_app: Callable[..., SiaeApp], make_session: Callable[..., Session], monkeypatch: pytest.MonkeyPatch
) -> None:
    make_session()  # participants: Awa, Marc
    app = build_app()
    async with app.run_test(size=(120, 40)) as pilot:
        walk = await open_walk(pilot, app)
        writes: list[str] = []
        real_save = Session.save

        def counting_save(self: Session, **kwargs: bool) -> None:
            writes.append(self.id)
            real_save(self, **kwargs)

        monkeypatch.setattr(Session, "save", counting_save)
        await pilot.press("w", "2", "3", "enter")
        await pilot.pause()
        assert len(writes) == 1
        assert walk.session.evaluation.votes["1.1.1"] == {"Awa": 2, "Marc": 3}
        assert walk.session.evaluation.values["1.1.1"] == 2 and walk.current == "1.1.2"
    document = json.loads(walk.session.path.read_text(encoding="utf-8"))["session"]["1"]
    assert document["votes"]["1.1.1"] == {"Awa": 2, "Marc": 3}


@pytest.mark.parametrize("key,dialog", [("w", VoteScreen), ("A", ActionScreen), ("g", PromptScreen)])
async def test_every_dialog_is_centred(
    build_app: Callable[..., SiaeApp],
    make_session: Callable[..., Session],
    key: str,
    dialog: type[DialogScreen[object]],
) -> None:
    make_session()
    app = build_app()
    async with app.run_test(size=(160, 40)) as pilot:
        await open_walk(pilot, app)
        await pilot.press(key)
        await pilot.pause()
        assert isinstance(app.screen, dialog)
        box = app.screen.query_one(".dialog").region
        left, right = box.x, 160 - box.right
        top, bottom = box.y, 40 - box.bottom
        assert left > 0 and abs(left - right) <= 1, (left, right)
        assert top > 0 and abs(top - bottom) <= 1, (top, bottom)
