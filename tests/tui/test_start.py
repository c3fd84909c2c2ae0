"""Opening straight into a session (``siae-tui open ID``): the walk is the first screen drawn,
and leaving it still leads home."""

from __future__ import annotations

from siae_tui.ui.screens.home import HomeScreen
from siae_tui.ui.screens.walk import WalkScreen


async def test_open_draws_the_walk_first_and_escape_builds_the_home_screen(build_app, make_session) -> None:
    session = make_session(values={"1.1.1": 3})
    app = build_app(session.id)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, WalkScreen)
        assert not any(isinstance(screen, HomeScreen) for screen in app.screen_stack)  # not built for nothing
        await pilot.press("2")  # 1.1.2, the first practice without a score
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        table_text = " ".join(str(cell) for cell in app.screen.query_one("DataTable").get_row_at(0))
        assert "Régie Élan" in table_text and "2/247" in table_text
        await pilot.press("enter")  # and the session opens again from home: it was closed and unlocked
        await pilot.pause()
        assert isinstance(app.screen, WalkScreen) and not app.screen.session.read_only


async def test_open_an_unknown_session_says_so_on_the_home_screen(build_app, make_session) -> None:
    make_session()
    app = build_app("2020-01-01-nulle-part")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert any("Ouverture impossible" in (n.title or "") for n in app._notifications)
