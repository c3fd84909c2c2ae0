"""The help beside a practice (o) and the pistes d'amélioration offered in a note or an action (Ctrl+O)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from textual.widgets import Input, OptionList, Static

from siae_tui.store import Session
from siae_tui.ui.app import SiaeApp
from siae_tui.ui.screens.dialogs import ChoiceScreen
from siae_tui.ui.screens.guidance import GuidanceScreen
from siae_tui.ui.screens.help import HelpScreen
from siae_tui.ui.screens.walk import WalkScreen
from siae_tui.ui.screens.workshop import ActionScreen

FEST = "* voir outil autodiagnostic FEST - INAE"
#: The pistes of activity 2.4, in the référentiel's order: the picker lists them so.
FIRST_2_4 = "Mieux mettre en avant la levée des freins à l'emploi"
SECOND_2_4 = "Travail sur les addictions, les freins au changement"


def guidance_text(app: SiaeApp) -> str:
    return "\n".join(str(static.render()) for static in app.screen.query(Static))


def on_disk(sessions_dir: Path) -> dict:
    [path] = [p for p in sessions_dir.glob("*.json") if not p.name.startswith(".")]
    return json.loads(path.read_text(encoding="utf-8"))["session"]["1"]


async def test_o_shows_the_fest_footnote_beside_3_10_with_its_source(
    build_app: Callable[..., SiaeApp], make_session: Callable[..., Session]
) -> None:
    make_session()
    app = build_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "g", *"3.10", "enter")
        assert isinstance(app.screen, WalkScreen) and app.screen.current == "3.10.1"
        await pilot.press("o")
        assert isinstance(app.screen, GuidanceScreen)
        text = guidance_text(app)
        assert "Aide — 3.10.1  Inscrire la Fest dans la stratégie de formation" in text
        assert FEST in text
        assert "Classeur « Référentiel de l'offre de services des SIAE » (projet insertion)" in text
        assert "Les situations de travail formatives (cf. FEST ou AFEST)" in text  # INAÉ's criteria for FEST
        assert "Devenir une organisation apprenante et travailler en réseau" in text  # a piste of 3.10
        # The box scrolls with the keyboard, and closes with Échap.
        box = app.screen.query_one("#guidance-box")
        assert box.max_scroll_y > 0
        await pilot.press("pagedown", "j")
        assert box.scroll_y > 0
        await pilot.press("escape")
        assert isinstance(app.screen, WalkScreen) and app.screen.current == "3.10.1"


async def test_help_for_another_structure_type_is_left_out(
    build_app: Callable[..., SiaeApp], make_session: Callable[..., Session]
) -> None:
    make_session()  # an ACI
    app = build_app()
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("enter", "g", *"4.1.1", "enter", "o")
        text = guidance_text(app)
        assert "l'axe 4 devra faire l'objet d'un travail particulier avec les ACI.  (pour ACI)" in text
        await pilot.press("escape", "g", *"1.2.1", "enter", "o")
        assert "Certaines EI ont mis en place des EMT" not in guidance_text(app)  # for EI only


async def test_the_help_lists_the_new_keys(
    build_app: Callable[..., SiaeApp], make_session: Callable[..., Session]
) -> None:
    make_session()
    app = build_app()
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("enter", "question_mark")
        assert isinstance(app.screen, HelpScreen)
        keys = dict(app.screen.rows)
        assert keys["o"].startswith("Aide de la pratique, pistes d'amélioration")
        assert "piste d'amélioration" in keys["Ctrl+O"]


async def test_ctrl_o_inserts_a_piste_into_the_note_which_is_saved(
    build_app: Callable[..., SiaeApp], make_session: Callable[..., Session], sessions_dir: Path
) -> None:
    make_session()
    app = build_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "g", *"2.4", "enter")
        walk = app.screen
        assert isinstance(walk, WalkScreen) and walk.current == "2.4.1"
        await pilot.press("enter", *"Voir avec la CIP.", "ctrl+o")
        assert isinstance(app.screen, ChoiceScreen)
        options = app.screen.query_one(OptionList)
        assert str(options.get_option_at_index(0).prompt) == f"1. {FIRST_2_4}"
        await pilot.press("down", "enter")
        assert isinstance(app.screen, WalkScreen)
        assert walk.note_area.text == f"Voir avec la CIP.\n{SECOND_2_4}"
        await pilot.press("escape")  # leaving the note writes it
        assert on_disk(sessions_dir)["notes"]["2.4.1"] == f"Voir avec la CIP.\n{SECOND_2_4}"
        # Échap in the picker inserts nothing.
        await pilot.press("enter", "ctrl+o", "escape")
        assert isinstance(app.screen, WalkScreen) and walk.note_area.text.endswith(SECOND_2_4)


async def test_ctrl_o_inserts_a_piste_into_an_action_which_is_saved(
    build_app: Callable[..., SiaeApp], make_session: Callable[..., Session], sessions_dir: Path
) -> None:
    make_session()
    app = build_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "g", *"2.4.1", "enter", "A")
        assert isinstance(app.screen, ActionScreen)
        await pilot.press("ctrl+o")
        assert isinstance(app.screen, ChoiceScreen)
        await pilot.press("enter")
        assert isinstance(app.screen, ActionScreen)
        assert app.screen.query_one("#action-text", Input).value == FIRST_2_4
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, WalkScreen)
    [action] = on_disk(sessions_dir)["actions"]
    assert (action["practice"], action["text"]) == ("2.4.1", FIRST_2_4)


async def test_an_activity_without_pistes_says_so(
    build_app: Callable[..., SiaeApp], make_session: Callable[..., Session]
) -> None:
    make_session()
    app = build_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "g", *"3.1", "enter", "enter", "ctrl+o")
        assert isinstance(app.screen, WalkScreen)
        assert any("pas de piste d'amélioration pour l'activité 3.1" in n.message for n in app._notifications)
