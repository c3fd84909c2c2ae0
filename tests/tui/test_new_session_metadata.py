"""The new-session form's optional territory, network and SIRET."""

from __future__ import annotations

import json
from pathlib import Path

from textual.widgets import Input

from siae_tui.ui.screens.new_session import NewSessionScreen
from siae_tui.ui.screens.walk import WalkScreen


def _fill(app, **values: str) -> None:
    for key, value in values.items():
        app.screen.query_one(f"#{key}", Input).value = value


async def test_bad_details_are_explained_and_nothing_is_created(build_app, sessions_dir: Path) -> None:
    app = build_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("n")
        _fill(app, siae="Régie Élan", territory="20", network="", siret="73282932000075")
        await pilot.press("ctrl+s")
        error = str(app.screen.query_one("#form-error").render())
        assert "la Corse s'écrit 2A" in error
        assert "la clé de contrôle ne correspond pas" in error
        assert isinstance(app.screen, NewSessionScreen)
    assert not sessions_dir.exists() or not list(sessions_dir.glob("*.json"))


async def test_details_are_stored_normalised(build_app, sessions_dir: Path) -> None:
    app = build_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("n")
        _fill(app, siae="Régie Élan", territory="2a", network="COORACE", siret="732 829 320 00074")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, WalkScreen)
        await pilot.press("q")
    [path] = [p for p in sessions_dir.glob("*.json") if not p.name.startswith(".")]
    document = json.loads(path.read_text("utf-8"))["session"]["1"]
    assert (document["territory"], document["network"], document["siret"]) == ("2A", "coorace", "73282932000074")
