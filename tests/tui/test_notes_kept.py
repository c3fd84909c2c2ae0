"""A note is saved before anything else happens, on the practice it was written for.

The review found notes lost on Tab then a score, notes saved on the wrong
practice after a move, and a paragraph lost when the terminal closed while
someone was still typing. Each story types a note and then does something
else at once, without waiting for the typing pause that saves notes.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from siae_tui.store import Session
from siae_tui.ui.app import SiaeApp
from siae_tui.ui.screens.walk import WalkScreen
from tests.waiting import until


def notes_on_disk(path: Path) -> dict[str, str]:
    notes: dict[str, str] = json.loads(path.read_text(encoding="utf-8"))["session"]["1"]["notes"]
    return notes


@pytest.mark.parametrize(
    "then",
    [
        ["tab", "2"],  # leave the note with Tab, score at once
        ["tab", "down"],  # leave the note with Tab, move at once
        ["tab", "n"],  # next activity
        ["escape", "g", "2", ".", "1", "enter"],  # jump to an activity
        ["tab", "r"],  # open the recap
        ["tab", "question_mark"],  # open the help
        ["tab", "z"],  # pause screen
        ["escape", "escape"],  # back home
    ],
    ids=["score", "move", "activity", "goto", "recap", "help", "pause", "home"],
)
async def test_a_note_is_saved_on_its_practice_before_the_next_action(
    build_app: Callable[..., SiaeApp], make_session: Callable[..., Session], then: list[str]
) -> None:
    session = make_session()
    app = build_app()
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("enter", "enter", *"Hello")
        walk = app.screen
        assert isinstance(walk, WalkScreen) and walk.current == "1.1.1"
        await pilot.press(*then)
        await pilot.pause()
        assert notes_on_disk(session.path) == {"1.1.1": "Hello"}


async def test_the_save_mark_never_says_saved_while_a_note_is_unsaved(
    build_app: Callable[..., SiaeApp], make_session: Callable[..., Session]
) -> None:
    session = make_session()
    app = build_app()
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("enter", "enter", *"Hel")
        walk = app.screen
        assert isinstance(walk, WalkScreen)
        assert "saisie" in str(walk.query_one("#save-status").render())
        await pilot.press("tab", "3")
        assert "Enregistré" in str(walk.query_one("#save-status").render())
        assert notes_on_disk(session.path) == {"1.1.1": "Hel"}


async def test_a_pause_in_typing_saves_the_note(
    build_app: Callable[..., SiaeApp], make_session: Callable[..., Session], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Someone who stops typing and stays in the note has their words on disk after the pause.

    The pause is shortened from 0.4 s and the test waits for the save itself: how long the
    machine takes changes when it happens, never whether."""
    import siae_tui.ui.screens.walk as walk_module

    monkeypatch.setattr(walk_module, "NOTE_SAVE_DELAY", 0.01)
    session = make_session()
    app = build_app()
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("enter", "enter", *"Hel")
        await until(lambda: notes_on_disk(session.path) == {"1.1.1": "Hel"}, "the note saved after the pause")
        walk = app.screen
        assert isinstance(walk, WalkScreen) and walk.note_area.has_focus  # still in the note
        assert "Enregistré" in str(walk.query_one("#save-status").render())


async def test_a_long_stretch_of_typing_is_saved_every_few_seconds(
    build_app: Callable[..., SiaeApp], make_session: Callable[..., Session], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Someone who never pauses still has their words on disk (the typing pause alone never fires)."""
    import siae_tui.ui.screens.walk as walk_module

    clock = {"now": 100.0}
    monkeypatch.setattr(walk_module, "monotonic", lambda: clock["now"])
    session = make_session()
    app = build_app()
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("enter", "enter")
        for letter in "Paragraphe":
            await pilot.press(letter)
            clock["now"] += 0.3  # faster than the typing pause, for 3 seconds
        # 2 seconds into the stretch (the 8th letter), what was typed so far went to disk.
        assert notes_on_disk(session.path).get("1.1.1", "").startswith("Paragrap")


async def test_quitting_with_unsaved_work_asks_and_can_export_it(
    build_app: Callable[..., SiaeApp], make_session: Callable[..., Session], sessions_dir: Path
) -> None:
    from siae_tui.ui.screens.home import HomeScreen
    from siae_tui.ui.screens.unsaved import UnsavedWorkScreen

    session = make_session()
    app = build_app()
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("enter")
        walk = app.screen
        assert isinstance(walk, WalkScreen)
        session.path.write_text(session.path.read_text(encoding="utf-8") + "\n", encoding="utf-8")  # changed elsewhere
        await pilot.press("2")  # refused: kept in memory only
        assert walk.session.dirty
        await pilot.press("q")
        await pilot.pause()
        assert isinstance(app.screen, UnsavedWorkScreen) and app.is_running
        await pilot.press("escape")  # stay
        await pilot.pause()
        assert app.screen is walk and app.is_running
        await pilot.press("escape")  # going home closes the session: asked too
        await pilot.pause()
        assert isinstance(app.screen, UnsavedWorkScreen)
        await pilot.press("e")
        await pilot.pause()
        await pilot.press("enter")  # the proposed file name
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
    exported = Path(f"{session.id}-sauvegarde.json")
    data = json.loads(exported.read_text(encoding="utf-8"))
    assert next(s for s in data["scores"] if s["practice"] == "1.1.1")["value"] == 2


async def test_tab_and_a_digit_arriving_together_score_and_keep_the_note(
    build_app: Callable[..., SiaeApp], make_session: Callable[..., Session]
) -> None:
    """Keys in one read (a paste, an SSH link): the digit after Tab scores, it is not typed in the note."""
    from textual import events

    session = make_session()
    app = build_app()
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("enter", "enter", *"abc")
        app.post_message(events.Key("tab", "\t"))
        app.post_message(events.Key("2", "2"))
        await pilot.pause()
        await pilot.pause()
    document = json.loads(session.path.read_text(encoding="utf-8"))["session"]["1"]
    assert document["notes"] == {"1.1.1": "abc"}
    assert document["values"] == {"1.1.1": 2}
