"""The workshop story of issue 5, driven key by key at 80x24."""

from __future__ import annotations

import json
from pathlib import Path

from textual.command import CommandList
from textual.widgets import DataTable, Input, Static, TextArea

from siae_tui.ui.screens.help import HelpScreen
from siae_tui.ui.screens.home import HomeScreen
from siae_tui.ui.screens.new_session import NewSessionScreen
from siae_tui.ui.screens.too_small import TooSmallScreen
from siae_tui.ui.screens.walk import WalkScreen
from siae_tui.ui.widgets.location_bar import LocationBar
from siae_tui.ui.widgets.scale_panel import ScalePanel
from tests.waiting import until


def screen_text(app, selector: str) -> str:
    return str(app.screen.query_one(selector).render())


def session_document(sessions_dir: Path) -> dict:
    [path] = [p for p in sessions_dir.glob("*.json") if not p.name.startswith(".")]
    return json.loads(path.read_text(encoding="utf-8"))["session"]["1"]


async def test_create_score_note_jump_na_quit_reopen(build_app, sessions_dir: Path) -> None:
    app = build_app()
    async with app.run_test(size=(80, 24)) as pilot:
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("n")
        assert isinstance(app.screen, NewSessionScreen)
        await pilot.press(*"Régie Élan", "tab", "tab", "tab", *"Revue 2026", "tab", *"Awa, Marc")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, WalkScreen)
        # Score the seven practices of activity 1.1 with one key each.
        await pilot.press("3", "2", "1", "0", "2", "3")
        assert "Pratique 7/7" in screen_text(app, "#location")
        await pilot.press("1")
        assert "Activité 1.2" in screen_text(app, "#location")
        assert screen_text(app, "#save-status") == "✓ Enregistré"
        # A note on 1.1.3, typed without leaving the keyboard.
        await pilot.press("p", "down", "down", "enter", *"Voir le PLIE | juin", "escape")
        # Jump to activity 3.2 and mark its first practice non applicable.
        await pilot.press("g", "3", ".", "2", "enter")
        assert "Activité 3.2" in screen_text(app, "#location")
        await pilot.press("a")
        assert "Pratique 2/5" in screen_text(app, "#location")
        await pilot.press("q")
    document = session_document(sessions_dir)
    assert document["siae"] == "Régie Élan" and document["label"] == "Revue 2026"
    assert document["participants"] == ["Awa", "Marc"]
    assert document["values"] == {
        "1.1.1": 3,
        "1.1.2": 2,
        "1.1.3": 1,
        "1.1.4": 0,
        "1.1.5": 2,
        "1.1.6": 3,
        "1.1.7": 1,
        "3.2.1": "na",
    }
    assert document["notes"] == {"1.1.3": "Voir le PLIE | juin"}

    # Reopen: the session is listed with its progress and lands where the team left off.
    app = build_app()
    async with app.run_test(size=(80, 24)) as pilot:
        table = app.screen.query_one(DataTable)
        assert [str(c) for c in table.get_row_at(0)][4] == "8/247"
        await pilot.press("enter")
        assert isinstance(app.screen, WalkScreen)
        assert "Activité 3.2" in screen_text(app, "#location")
        assert "Pratique 2/5" in screen_text(app, "#location")
        await pilot.press("g", *"1.1", "enter", "down", "down")
        assert app.screen.query_one("#note", TextArea).text == "Voir le PLIE | juin"
        assert "▶ 1  Pas mis en place mais en prévision" in screen_text(app, "#scale")


async def test_form_explains_what_is_wrong(build_app, sessions_dir: Path) -> None:
    app = build_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n")
        date = app.screen.query_one("#date", Input)
        date.value = "31/02/2026"
        await pilot.press("ctrl+s")
        error = screen_text(app, "#form-error")
        assert "Le nom de la SIAE est obligatoire." in error
        assert "Date invalide « 31/02/2026 »" in error
        assert isinstance(app.screen, NewSessionScreen)
    assert not sessions_dir.exists() or not list(sessions_dir.glob("*.json"))


async def test_unknown_activity_is_refused_in_french(build_app, make_session) -> None:
    make_session()
    app = build_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "g", *"9.9", "enter")
        assert "« 9.9 » inconnu : tapez une activité de 1.1 à 5.3, ou une pratique" in screen_text(app, "#prompt-error")
        await pilot.press("escape")
        assert "Activité 1.1" in screen_text(app, "#location")


async def test_clear_and_next_unscored(build_app, make_session) -> None:
    make_session(values={"1.1.1": 3, "1.1.2": 3, "1.1.3": 3})
    app = build_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        assert "1.1.4" in screen_text(app, "#practice-text")  # resume: first unscored
        await pilot.press("k", "backspace")
        assert "▶" not in screen_text(app, "#scale")
        await pilot.press("g", *"1.1", "enter", "u")
        assert "1.1.3" in screen_text(app, "#practice-text")  # the cleared one is the next to score


async def test_development_axes_are_saved_per_axis(build_app, make_session, sessions_dir: Path) -> None:
    make_session()
    app = build_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "D", *"Formaliser le livret d'accueil", "ctrl+s")
        await pilot.pause()
    assert session_document(sessions_dir)["development_axes"] == {"1": "Formaliser le livret d'accueil"}


async def test_second_instance_gets_read_only_view(build_app, make_session, sessions_dir: Path) -> None:
    session = make_session(values={"1.1.1": 2})
    from siae_tui.store import SessionStore

    writer = SessionStore(sessions_dir, build_app().referentiels).open(session.id)
    try:
        app = build_app()
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("enter")
            assert "déjà ouverte en écriture" in screen_text(app, ".dialog-question")
            await pilot.press("o")
            assert isinstance(app.screen, WalkScreen) and app.screen.session.read_only
            assert "LECTURE SEULE" in screen_text(app, ".read-only-banner")
            await pilot.press("3")
        assert session_document(sessions_dir)["values"] == {"1.1.1": 2}
    finally:
        writer.close()


async def test_help_lists_every_walk_key_and_the_scale(build_app, make_session) -> None:
    make_session()
    app = build_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "question_mark")
        help_screen = app.screen
        assert isinstance(help_screen, HelpScreen)
        keys = dict(help_screen.rows)
        assert keys["!"].startswith("Aller à la prochaine pratique où les votes") and "exclamation_mark" not in keys
        assert keys["↓ / j"] == "Pratique suivante."
        texts = " ".join(str(w.render()) for w in app.screen.query(Static)) + " ".join(keys.values())
        for tooltip in (
            "Aller à une activité (ex. 2.4) ou à une pratique",
            "Marquer la pratique non applicable",
            "Basculer le thème à fort contraste",
            "Mis en place et à améliorer",
        ):
            assert tooltip in texts


async def test_instructions_are_one_key_away(build_app, make_session) -> None:
    make_session()
    app = build_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "i")
        texts = " ".join(str(w.render()) for w in app.screen.query(Static))
        assert "Quelques principes d'évaluation" in texts
        assert "photographie en un instant T" in texts


async def test_high_contrast_theme_toggles(build_app, make_session) -> None:
    app = build_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("t")
        assert app.theme == "siae-contraste"
        await pilot.press("t")
        assert app.theme != "siae-contraste"


async def test_too_small_terminal_shows_a_message_then_recovers(build_app, make_session) -> None:
    make_session()
    app = build_app()
    async with app.run_test(size=(60, 20)) as pilot:
        assert isinstance(app.screen, TooSmallScreen)
        assert "Fenêtre trop petite" in screen_text(app, "#too-small-message")
        await pilot.resize_terminal(80, 24)
        await until(lambda: isinstance(app.screen, HomeScreen), "the home screen, once the terminal is large enough")


async def test_a_size_check_due_after_the_app_has_closed_does_nothing(build_app) -> None:
    """The size is checked 20 ms after a resize or a start; quitting within those 20 ms (a busy
    machine makes it likely) once crashed the app on its way out: « No screens on stack »."""
    app = build_app()
    async with app.run_test(size=(80, 24)):
        pass
    assert not app.screen_stack
    app._check_size()  # the timer's callback, as it ran during the shutdown


async def test_open_on_the_command_line_goes_straight_to_the_walk(build_app, make_session) -> None:
    session = make_session(values={"1.1.1": 1})
    app = build_app(open_session=session.id)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, WalkScreen)
        assert app.screen.query_one(ScalePanel) is not None
        assert "1.1.2" in screen_text(app, "#practice-text")


async def test_wide_terminal_shows_side_panel(build_app, make_session) -> None:
    make_session()
    app = build_app()
    async with app.run_test(size=(200, 50)) as pilot:
        await pilot.press("enter")
        assert app.screen.query_one("#side-panel").display
        assert app.screen.query_one(LocationBar).display
    app = build_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        assert not app.screen.query_one("#side-panel").display


async def test_command_palette_offers_the_screen_actions(build_app, make_session) -> None:
    make_session()
    app = build_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "ctrl+p", *"aller")
        await until(lambda: app.screen.query_one(CommandList).option_count, "the palette's commands for « aller »")
        await pilot.press("enter")
        await pilot.pause()
        assert "Aller à l'activité n°" in screen_text(app, ".dialog-question")


async def test_form_offers_every_referentiel_default_first(build_app, sessions_dir: Path) -> None:
    from textual.widgets import Select

    app = build_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("n")
        select = app.screen.query_one("#referentiel", Select)
        chosen = app.referentiels[select.value]
        assert chosen.id == "siae-projet-insertion" and not select.disabled
        labels = [str(option[0]) for option in select._options]
        assert "CEDRE v2 — v2 — 116 pratiques" in labels
        assert "Projet d'insertion — v1 — 247 pratiques" in labels
        select.value = next(i for i, r in enumerate(app.referentiels) if r.id == "cedre-v2")
        app.screen.query_one("#siae", Input).value = "Intérim Solidaire"
        app.screen.query_one("#structure", Select).value = "ETTI"
        await pilot.press("ctrl+s")
        await pilot.pause()
        walk = app.screen
        assert isinstance(walk, WalkScreen) and walk.referentiel.id == "cedre-v2"
        assert "3.1.1" in screen_text(app, "#practice-text")
        await pilot.press("g", *"6.1.A", "enter")
        assert "6.1.A-mad" in screen_text(app, "#practice-text")
        await pilot.press("3")
        assert "6.1.A1" in screen_text(app, "#practice-text")  # the ACI–EI version is skipped


async def test_practices_of_another_structure_type_show_as_not_applicable(build_app, make_session) -> None:
    from siae_tui.domain.evaluation import Evaluation
    from siae_tui.domain.loader import load_referentiel
    from siae_tui.store import SessionStore
    from tests.conftest import REPO

    cedre = load_referentiel(REPO / "referentiel" / "cedre-v2.yaml")
    app = build_app()
    store = SessionStore(app.store.directory, [cedre])
    store.create(
        Evaluation(cedre.id, cedre.version, "Intérim", __import__("datetime").date(2026, 5, 4), "ETTI")
    ).close()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter", "g", *"6.1.A", "enter")
        assert "Pratique 1/7  [·] – · · · · ·" in screen_text(app, "#location")  # 6.1.A-prod is for ACI–EI
        await pilot.press("j")
        assert "ne concerne pas les structures de type ETTI" in screen_text(app, "#practice-text")
