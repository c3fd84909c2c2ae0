"""A re-scoring a year later, through the TUI."""

from __future__ import annotations

import json
from pathlib import Path

from siae_tui.ui.screens.compare import CompareScreen, HistoryScreen
from siae_tui.ui.screens.walk import WalkScreen


def location(app) -> str:
    return str(app.screen.query_one("#location").render())


async def test_rescoring_confirm_change_compare(build_app, make_session, sessions_dir: Path) -> None:
    earlier = make_session(values={"1.1.1": 1, "1.1.2": 2, "1.1.3": 3, "1.1.4": 0})
    app = build_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("d", *"Revue 2027", "enter")
        await pilot.pause()
        assert isinstance(app.screen, WalkScreen)
        walk = app.screen
        assert walk.session.evaluation.origin == earlier.id
        assert "Réévaluation : 4 à confirmer" in location(app)
        await pilot.press("g", *"1.1", "enter")
        await pilot.press("c")  # 1.1.1 stays at 1, confirmed
        assert walk.current == "1.1.2"  # on to the next practice still to confirm
        await pilot.press("3")  # 1.1.2 goes from 2 to 3
        await pilot.press("g", *"1.1", "enter", "v")
        assert walk.current == "1.1.3"  # next one not yet confirmed
        assert "Réévaluation : 2 à confirmer" in location(app)
        await pilot.press("m")
        assert isinstance(app.screen, CompareScreen)
        text = app.screen.text
        assert "En hausse (1) :" in text and "1.1.2  2 → 3" in text
        assert "1.1 Recrutement et relations prescripteurs" in text
        await pilot.press("escape", "h")
        assert isinstance(app.screen, HistoryScreen)
        assert "Revue 2026" in app.screen.text and "Revue 2027" in app.screen.text
    new_file = next(p for p in sessions_dir.glob("*.json") if "2027" in p.name and not p.name.startswith("."))
    document = json.loads(new_file.read_text(encoding="utf-8"))["session"]["1"]
    assert document["values"]["1.1.2"] == 3 and sorted(document["carried_over"]) == ["1.1.3", "1.1.4"]


async def test_quick_rescoring_walks_only_0_to_2(build_app, make_session) -> None:
    make_session(values={"1.1.1": 3, "1.1.2": 2, "1.1.3": 3, "1.1.4": 0})
    app = build_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("d", *"Rapide", "enter")
        await pilot.pause()
        walk = app.screen
        await pilot.press("g", *"1.1", "enter", "f")
        assert walk.current == "1.1.2"  # 1.1.1 was 3 last time: skipped
        await pilot.press("j")
        assert walk.current == "1.1.4"  # 1.1.3 (3) skipped too
        await pilot.press("k")
        assert walk.current == "1.1.2"
        assert "rapide (f)" in location(app)
