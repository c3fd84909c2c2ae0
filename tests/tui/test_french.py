"""No English on screen: Textual's own words are said in French too."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from textual.command import CommandList, CommandPalette
from textual.widgets import Footer, Select

from siae_tui.store import Session
from siae_tui.ui.app import SiaeApp
from tests.waiting import until


def palette_options(app: SiaeApp) -> list[str]:
    options = app.screen.query_one(CommandList)
    return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]


@pytest.mark.parametrize(
    "typed,found",
    [("recap", "Récap (r)"), ("radar", "Récap (r)"), ("thème", "Contraste (t)"), ("theme", "Contraste (t)")],
)
async def test_the_palette_finds_a_command_by_any_word_with_or_without_accents(
    build_app: Callable[..., SiaeApp], make_session: Callable[..., Session], typed: str, found: str
) -> None:
    make_session()
    app = build_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter", "ctrl+p")
        assert isinstance(app.screen, CommandPalette)
        assert "Rechercher une commande" in str(app.screen.query_one("Input").placeholder)
        await pilot.press(*typed)
        await until(lambda: any(found in option for option in palette_options(app)), f"« {found} » offered")


async def test_the_palette_says_when_nothing_matches_in_french(
    build_app: Callable[..., SiaeApp], make_session: Callable[..., Session]
) -> None:
    make_session()
    app = build_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter", "ctrl+p", *"zzqx")
        await until(
            lambda: any(word in option for option in palette_options(app) for word in ("Aucune", "No matches")),
            "the palette says nothing matches",
        )
        options = palette_options(app)
        assert any("Aucune commande trouvée" in option for option in options)
        assert not any("No matches" in option for option in options)


async def test_ctrl_c_says_how_to_quit_in_french(build_app: Callable[..., SiaeApp]) -> None:
    app = build_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+c")
        messages = " ".join(n.message + " " + n.title for n in app._notifications)
        assert "Pour quitter, appuyez sur q" in messages and "Do you want" not in messages
        assert app.is_running


async def test_an_open_select_list_says_close_in_french(build_app: Callable[..., SiaeApp]) -> None:
    app = build_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n", "tab", "enter")  # the structure type list opens
        await pilot.pause()
        assert app.screen.query_one("#structure", Select).expanded
        footer_keys = [str(key.description) for key in app.screen.query_one(Footer).query("FooterKey")]
        assert "Fermer la liste" in " ".join(footer_keys) and "Dismiss" not in " ".join(footer_keys)
