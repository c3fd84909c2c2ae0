"""The recap follows the walk: a key press changes the numbers on screen."""

from __future__ import annotations

import re

from siae_tui.ui.screens.recap import RecapScreen
from siae_tui.ui.widgets.live_recap import LiveRecap
from siae_tui.ui.widgets.radar_view import RadarView
from siae_tui.ui.widgets.recap_table import RecapTable


def row_cells(table: RecapTable, label_start: str) -> list[str]:
    for index in range(table.row_count):
        cells = [str(c).strip() for c in table.get_row_at(index)]
        if cells[0].strip().startswith(label_start):
            return cells
    raise AssertionError(f"no row {label_start}")


def live_row(live: LiveRecap, label_start: str) -> list[str]:
    """The cells of a row of the side panel's recap, as a reader sees them (split on the column gaps)."""
    for line in str(live.render()).splitlines():
        if line.strip().startswith(label_start):
            return [cell.strip() for cell in re.split(r"\s{2,}", line.strip())]
    raise AssertionError(f"no row {label_start}")


async def test_recap_updates_after_a_key_press(build_app, make_session) -> None:
    make_session()
    app = build_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("enter", "r")
        assert isinstance(app.screen, RecapScreen)
        assert row_cells(app.screen.query_one(RecapTable), "1.1")[1:4] == ["0", "21", "0,0 %"]
        await pilot.press("r", "3", "3", "r")
        cells = row_cells(app.screen.query_one(RecapTable), "1.1")
        assert cells[1:5] == ["6", "21", "28,6 %", "2/7"]
        assert cells[6] == "▼ À construire"  # wide enough (120) for words
        assert row_cells(app.screen.query_one(RecapTable), "TOTAL")[1:4] == ["6", "741", "0,8 %"]


async def test_live_side_panel_follows_each_score(build_app, make_session) -> None:
    make_session()
    app = build_app()
    async with app.run_test(size=(200, 50)) as pilot:
        await pilot.press("enter")
        live = app.screen.query_one("#live-recap", LiveRecap)
        assert live_row(live, "Axe 1")[1:] == ["0,0 %", "0/26", "▼ À construire"]
        assert live_row(live, "1.1")[1:3] == ["0,0 %", "0/7"]  # the current axis's activities
        await pilot.press("3")
        assert live_row(live, "Axe 1")[1:3] == ["3,8 %", "1/26"]
        assert live_row(live, "1.1")[1:3] == ["14,3 %", "1/7"]
        assert live_row(live, "TOTAL")[1] == "0,4 %"
        assert "1 Accueil et intégration 4 %" in app.screen.query_one("#live-radar", RadarView).plain


async def test_radar_of_one_axis_activities(build_app, make_session) -> None:
    make_session(values={"2.1.1": 3})
    app = build_app()
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.press("enter", "r", "right")
        radar = app.screen.query_one(RadarView).plain
        assert "Radar des activités de l'axe 2" in radar
        assert "2.1 14 %" in radar  # more than 6 activities: labels are ids with their %


async def test_trend_legend_in_recap_and_help(build_app, make_session) -> None:
    make_session()
    app = build_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "r")
        assert "▲ Bien engagé dès 66,7 %" in str(app.screen.query_one("#trend-legend").render())
        await pilot.press("escape", "question_mark")
        texts = " ".join(str(w.render()) for w in app.screen.query("Static"))
        assert "▼  À construire : moins de 33,3 %" in texts and "▲  Bien engagé : 66,7 % et plus" in texts


async def test_the_side_recap_shows_every_row_of_the_largest_axis_on_the_smallest_wide_screen(
    build_app, make_session
) -> None:
    """Axis 3 has 14 activities: at 160x40 (the narrowest wide layout) its rows and the total
    all fit, and the panel keeps that height on every axis (a move never shifts the radar)."""
    make_session()
    app = build_app()
    async with app.run_test(size=(160, 40)) as pilot:
        await pilot.press("enter")
        live = app.screen.query_one("#live-recap", LiveRecap)
        panel = app.screen.query_one("#side-panel")
        height_on_axis_1 = live.region.height
        await pilot.press("g", *"3.14", "enter")
        await pilot.pause()
        assert live_row(live, "3.14")[1:3] == ["0,0 %", "0/4"]  # the last of its 14 activities
        assert live_row(live, "TOTAL")[1] == "0,0 %"
        assert live.region.height == height_on_axis_1 == len(str(live.render()).splitlines())
        assert live.region.bottom <= panel.content_region.bottom  # nothing cut off at the bottom
        assert app.screen.query_one("#live-radar").region.height >= 16
