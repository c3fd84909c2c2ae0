"""Evidence (E) and targets (C) through the TUI: in the walk, the recap, the plan, the comparison and the export."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

from textual.widgets import DataTable, Input, OptionList, RadioSet

from siae_tui.domain.evaluation import Evaluation
from siae_tui.domain.evidence import Evidence
from siae_tui.domain.loader import load_referentiel
from siae_tui.domain.targets import target_recap
from siae_tui.domain.workshop import Action
from siae_tui.report.french import percent
from siae_tui.store import Session, SessionStore
from siae_tui.ui.app import SiaeApp
from siae_tui.ui.saving import save
from siae_tui.ui.screens.compare import CompareScreen
from siae_tui.ui.screens.dialogs import ConfirmScreen
from siae_tui.ui.screens.evidence import EvidenceForm, EvidenceScreen
from siae_tui.ui.screens.export import ExportScreen
from siae_tui.ui.screens.help import HelpScreen
from siae_tui.ui.screens.recap import RecapScreen
from siae_tui.ui.screens.target import TargetScreen
from siae_tui.ui.screens.walk import WalkScreen
from siae_tui.ui.screens.workshop import ActionPlanScreen
from siae_tui.ui.widgets.radar_view import RadarView
from siae_tui.ui.widgets.recap_table import RecapTable
from siae_tui.ui.widgets.scale_panel import ScalePanel
from tests.conftest import REPO


def on_disk(sessions_dir: Path, label: str | None = None) -> dict:
    """The session document as the file holds it (the one whose name has ``label``, when several)."""
    [path] = [p for p in sessions_dir.glob("*.json") if not p.name.startswith(".") and (label or "") in p.name]
    return json.loads(path.read_text(encoding="utf-8"))["session"]["1"]


def text_of(app: SiaeApp, selector: str) -> str:
    return str(app.screen.query_one(selector).render())


def scale_line(app: SiaeApp, level: int) -> str:
    lines = str(app.screen.query_one(ScalePanel).render()).splitlines()
    return next(line for line in lines if line[2:].startswith(f"{level}  "))


def notices(app: SiaeApp) -> str:
    return " ".join(f"{n.title} {n.message}" for n in app._notifications)


async def test_C_then_a_digit_sets_the_target_and_x_clears_it(
    build_app: Callable[..., SiaeApp], make_session: Callable[..., Session], sessions_dir: Path
) -> None:
    make_session(values={"1.1.1": 1})
    app = build_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "g", *"1.1.1", "enter")
        walk = app.screen
        assert isinstance(walk, WalkScreen) and walk.current == "1.1.1"
        await pilot.press("C")
        assert isinstance(app.screen, TargetScreen)
        assert "Cible pour la prochaine évaluation : 0 à 3, x pour effacer, Échap pour annuler" in text_of(
            app, ".dialog-question"
        )
        await pilot.press("3")
        assert app.screen is walk and walk.current == "1.1.1"  # a target does not move the walk on
        assert on_disk(sessions_dir)["targets"] == {"1.1.1": 3}
        assert scale_line(app, 3).endswith("◎ cible")
        assert "◎" not in scale_line(app, 1) and scale_line(app, 1).startswith("▶")  # the current value keeps ▶
        # Échap leaves it as it was; x clears it.
        await pilot.press("C", "escape")
        assert on_disk(sessions_dir)["targets"] == {"1.1.1": 3}
        await pilot.press("C", "x")
        assert "targets" not in on_disk(sessions_dir) or on_disk(sessions_dir)["targets"] == {}
        assert "◎ cible" not in text_of(app, "#scale")


async def test_a_target_below_the_current_value_is_kept_and_flagged(
    build_app: Callable[..., SiaeApp], make_session: Callable[..., Session], sessions_dir: Path
) -> None:
    make_session(values={"1.1.1": 3})
    app = build_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "g", *"1.1.1", "enter", "C", "1")
        assert on_disk(sessions_dir)["targets"] == {"1.1.1": 1}
        assert "Cible 1 sous la note actuelle (3)" in notices(app)


async def test_no_target_on_a_practice_scored_non_applicable(
    build_app: Callable[..., SiaeApp], make_session: Callable[..., Session], sessions_dir: Path
) -> None:
    make_session(values={"1.1.1": "na"})
    app = build_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "g", *"1.1.1", "enter", "C")
        assert isinstance(app.screen, WalkScreen)  # no dialog: nothing could be kept
        assert "notée non applicable : pas de cible" in notices(app)
    assert not on_disk(sessions_dir).get("targets")


async def test_a_change_the_store_refuses_leaves_the_save_mark_alone(
    build_app: Callable[..., SiaeApp], make_session: Callable[..., Session], sessions_dir: Path
) -> None:
    """A rule (not the disk) said no: nothing is lost, so « ⚠ NON ENREGISTRÉ » would be a false alarm."""
    make_session(values={"1.1.1": "na"})
    app = build_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "g", *"1.1.2", "enter")
        walk = app.screen
        assert isinstance(walk, WalkScreen)
        assert not save(walk, walk.session, lambda s: s.set_target("1.1.1", 3))
        await pilot.pause()
        assert "Modification refusée" in notices(app) and "pas de cible possible" in notices(app)
        assert text_of(app, "#save-status") == "✓ Enregistré"


async def test_evidence_is_added_edited_and_removed_from_the_walk(
    build_app: Callable[..., SiaeApp], make_session: Callable[..., Session], sessions_dir: Path
) -> None:
    make_session()
    app = build_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "g", *"1.1.2", "enter")
        walk = app.screen
        assert text_of(app, "#note-label") == "Amélioration, planification"
        await pilot.press("E")
        assert isinstance(app.screen, EvidenceScreen)
        assert "Aucune preuve pour cette pratique" in text_of(app, "#evidence-hint")
        await pilot.press("a")
        assert isinstance(app.screen, EvidenceForm)
        await pilot.press(*"Livret accueil 2026", "enter", *"Drive > Accueil", "enter", *"15/01/2026", "enter")
        assert isinstance(app.screen, EvidenceScreen)
        assert on_disk(sessions_dir)["evidence"] == {
            "1.1.2": [{"title": "Livret accueil 2026", "location": "Drive > Accueil", "date": "2026-01-15"}]
        }
        listing = app.screen.query_one(OptionList)
        assert listing.option_count == 1
        shown = str(listing.get_option_at_index(0).prompt)
        assert "Livret accueil 2026 · 15/01/2026" in shown and "Drive > Accueil" in shown
        assert text_of(app, "#save-status") == "✓ Enregistré"
        # A second one is selected once added; the arrows move in the list, d removes the one selected.
        await pilot.press("a", *"Charte", "ctrl+s")
        assert listing.option_count == 2 and listing.highlighted == 1
        await pilot.press("up")
        assert listing.highlighted == 0
        await pilot.press("down", "d", "enter")  # Entrée keeps it: removing takes « o »
        assert len(on_disk(sessions_dir)["evidence"]["1.1.2"]) == 2
        await pilot.press("d", "o")
        assert [item["title"] for item in on_disk(sessions_dir)["evidence"]["1.1.2"]] == ["Livret accueil 2026"]
        await pilot.press("escape")
        assert app.screen is walk
        assert text_of(app, "#note-label") == "Amélioration, planification · 1 preuve (E)"
        # Edit: Entrée on the item opens it filled in.
        await pilot.press("E", "enter")
        form = app.screen
        assert isinstance(form, EvidenceForm)
        assert form.query_one("#evidence-date", Input).value == "15/01/2026"
        form.query_one("#evidence-title", Input).value = "Livret d'accueil 2026 (v2)"
        form.query_one("#evidence-date", Input).value = ""
        await pilot.press("ctrl+s")
        assert on_disk(sessions_dir)["evidence"]["1.1.2"] == [
            {"title": "Livret d'accueil 2026 (v2)", "location": "Drive > Accueil", "date": None}
        ]
        # Remove, after a question; « Garder » keeps it.
        await pilot.press("d")
        assert isinstance(app.screen, ConfirmScreen) and "Livret d'accueil 2026 (v2)" in app.screen.question
        await pilot.press("n")
        assert len(on_disk(sessions_dir)["evidence"]["1.1.2"]) == 1
        await pilot.press("delete", "o")
        assert isinstance(app.screen, EvidenceScreen)
        assert not on_disk(sessions_dir).get("evidence")
        await pilot.press("escape")
        assert text_of(app, "#note-label") == "Amélioration, planification"


async def test_a_bad_date_or_no_title_is_said_on_the_form_and_nothing_is_saved(
    build_app: Callable[..., SiaeApp], make_session: Callable[..., Session], sessions_dir: Path
) -> None:
    make_session()
    app = build_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "E", "a", *"Charte", "enter", "enter", *"31/02/2026", "enter")
        assert isinstance(app.screen, EvidenceForm)  # still open, with what was typed
        assert "Date invalide « 31/02/2026 » : ce jour n'existe pas dans le calendrier." in text_of(
            app, "#evidence-error"
        )
        app.screen.query_one("#evidence-title", Input).value = "  "
        await pilot.press("ctrl+s")
        assert "Le titre de la preuve (nom du document) est obligatoire." in text_of(app, "#evidence-error")
        await pilot.press("escape")
        assert isinstance(app.screen, EvidenceScreen)
    assert not on_disk(sessions_dir).get("evidence")


async def test_a_carried_over_item_is_confirmed_by_saving_it(
    build_app: Callable[..., SiaeApp], make_session: Callable[..., Session], sessions_dir: Path
) -> None:
    earlier = make_session(values={"1.1.1": 2}, label="Revue 2025")
    store = build_app().store
    with store.open(earlier.id) as session:
        session.add_evidence("1.1.1", Evidence("Charte d'accueil", "Classeur qualité", dt.date(2025, 2, 1)))
    with store.duplicate(earlier.id, date=dt.date(2026, 11, 25), label="Revue 2026") as session:
        session.set_position("1.1.1")
        rescoring = session.id
    app = build_app(rescoring)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        walk = app.screen
        assert isinstance(walk, WalkScreen) and walk.session.evaluation.origin == earlier.id
        assert text_of(app, "#note-label").endswith("· 1 preuve, 1 à revoir (E)")
        await pilot.press("E")
        assert "reprise de l'évaluation précédente, à revoir" in str(
            app.screen.query_one(OptionList).get_option_at_index(0).prompt
        )
        await pilot.press("enter", "ctrl+s", "escape")
        assert text_of(app, "#note-label").endswith("· 1 preuve (E)")
    assert on_disk(sessions_dir, "revue-2026")["evidence"]["1.1.1"] == [
        {"title": "Charte d'accueil", "location": "Classeur qualité", "date": "2025-02-01"}
    ]


async def test_a_read_only_session_shows_evidence_and_changes_nothing(
    build_app: Callable[..., SiaeApp], make_session: Callable[..., Session], sessions_dir: Path
) -> None:
    made = make_session(values={"1.1.1": 2})
    app = build_app()
    with app.store.open(made.id) as session:
        session.add_evidence("1.1.1", Evidence("Charte d'accueil"))
        session.set_position("1.1.1")
    before = on_disk(sessions_dir)
    writer = SessionStore(sessions_dir, app.referentiels).open(made.id)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("enter", "o")
            walk = app.screen
            assert isinstance(walk, WalkScreen) and walk.session.read_only
            await pilot.press("C")
            assert app.screen is walk and "lecture seule" in notices(app)
            await pilot.press("E")
            assert isinstance(app.screen, EvidenceScreen)
            assert "Charte d'accueil" in str(app.screen.query_one(OptionList).get_option_at_index(0).prompt)
            await pilot.press("a", "enter", "d")
            assert isinstance(app.screen, EvidenceScreen)  # no form, no question
    finally:
        writer.close()
    assert on_disk(sessions_dir) == before


async def test_no_evidence_on_a_practice_that_does_not_concern_the_structure_type(
    build_app: Callable[..., SiaeApp], sessions_dir: Path
) -> None:
    cedre = load_referentiel(REPO / "referentiel" / "cedre-v2.yaml")
    app = build_app()
    store = SessionStore(app.store.directory, [cedre])
    store.create(Evaluation(cedre.id, cedre.version, "Intérim", dt.date(2026, 5, 4), "ETTI")).close()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter", "g", *"6.1.A-prod", "enter", "E")
        assert isinstance(app.screen, EvidenceScreen)
        assert "ne concerne pas les structures de type ETTI" in text_of(app, "#evidence-hint")
        await pilot.press("a")
        assert isinstance(app.screen, EvidenceScreen)
        assert "ne concerne pas les structures de type ETTI : pas de preuve" in notices(app)
        await pilot.press("escape", "C")
        assert isinstance(app.screen, WalkScreen)
        assert "ne concerne pas les structures de type ETTI : pas de cible" in notices(app)
    document = on_disk(sessions_dir)
    assert not document.get("evidence") and not document.get("targets")


async def test_the_walk_keys_are_in_the_help(build_app: Callable[..., SiaeApp], make_session) -> None:
    make_session()
    app = build_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "question_mark")
        assert isinstance(app.screen, HelpScreen)
        keys = dict(app.screen.rows)
        assert keys["E"].startswith("Preuves de la pratique")
        assert keys["C"].startswith("Cible de la pratique pour la prochaine évaluation")


async def test_the_recap_shows_the_target_column_and_outline(
    build_app: Callable[..., SiaeApp], make_session: Callable[..., Session]
) -> None:
    made = make_session(values={"1.1.1": 1, "1.1.2": 2, "2.1.1": 1})
    app = build_app()
    with app.store.open(made.id) as session:
        session.set_target("1.1.1", 3)
        session.set_target("1.1.4", 2)
        expected = target_recap(session.referentiel, session.evaluation)
    assert expected is not None
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("enter", "r")
        assert isinstance(app.screen, RecapScreen)
        table = app.screen.query_one(RecapTable)
        headers = [str(column.label) for column in table.columns.values()]
        assert "Cible" in headers and "Préc." not in headers  # not a re-scoring: no last year
        assert headers.index("Cible") == headers.index("%") + 1
        assert str(table.get_cell("axis:1", "Cible")).strip() == percent(expected.axes["1"].percent)
        assert str(table.get_cell("activity:1.1", "Cible")).strip() == percent(expected.activities["1.1"].percent)
        assert str(table.get_cell("total:", "Cible")).strip() == percent(expected.total.percent)
        assert "Cible : le % avec chaque cible atteinte" in text_of(app, "#targets-legend")
        await pilot.press("v")
        assert "Cible" in app.screen.query_one(RadarView).plain  # the outline's legend


async def test_without_targets_the_recap_has_no_target_column(
    build_app: Callable[..., SiaeApp], make_session: Callable[..., Session]
) -> None:
    make_session(values={"1.1.1": 1})
    app = build_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("enter", "r")
        headers = [str(column.label) for column in app.screen.query_one(RecapTable).columns.values()]
        assert "Cible" not in headers and not app.screen.query_one("#targets-legend").display


async def test_the_side_radar_draws_the_targets_once_there_are_some(
    build_app: Callable[..., SiaeApp], make_session: Callable[..., Session]
) -> None:
    make_session(values={"1.1.1": 1})
    app = build_app()
    async with app.run_test(size=(200, 50)) as pilot:
        await pilot.press("enter", "g", *"1.1.1", "enter")
        await pilot.pause()
        radar = app.screen.query_one("#live-radar", RadarView)
        assert "Cible" not in radar.plain
        drawings = radar.drawings
        await pilot.press("C", "3")
        await pilot.pause()
        assert radar.drawings == drawings + 1 and "Cible" in radar.plain


async def test_the_plan_shows_the_target_each_action_serves(
    build_app: Callable[..., SiaeApp], make_session: Callable[..., Session]
) -> None:
    made = make_session(values={"1.1.1": 1, "1.1.2": 3})
    app = build_app()
    with app.store.open(made.id) as session:
        session.add_action(Action("1.1.1", "Rencontrer le PLIE", "Awa"))
        session.add_action(Action("1.1.2", "Tenir le tableau de suivi", "Marc"))
        session.add_action(Action("1.1.4", "Sans cible", "Awa"))
        session.set_target("1.1.1", 3)
        session.set_target("1.1.2", 3)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("enter", "P")
        assert isinstance(app.screen, ActionPlanScreen)
        table = app.screen.query_one(DataTable)
        served = {str(table.get_row_at(row)[1]): str(table.get_row_at(row)[-1]) for row in range(table.row_count)}
        assert served == {"1.1.1": "1 → 3", "1.1.2": "✓ 3 → 3", "1.1.4": "—"}
        assert "note actuelle → cible" in text_of(app, "#plan-targets")


async def test_the_comparison_says_which_targets_were_reached(
    build_app: Callable[..., SiaeApp], make_session: Callable[..., Session]
) -> None:
    earlier = make_session(values={"1.1.1": 1, "1.1.2": 2}, label="Revue 2025")
    store = build_app().store
    with store.open(earlier.id) as session:
        session.set_target("1.1.1", 2)
        session.set_target("1.1.2", 3)
    with store.duplicate(earlier.id, date=dt.date(2026, 11, 25), label="Revue 2026") as session:
        session.set_value("1.1.1", 2)  # reached
        session.set_value("1.1.2", 2)  # re-scored, still 2: not reached
        rescoring = session.id
    app = build_app(rescoring)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("m")
        assert isinstance(app.screen, CompareScreen)
        shown = text_of(app, "#compare-text")
        assert "Cibles atteintes : 1 / 2" in shown
        assert "1.1.1  cible 2 → 2" in shown and "1.1.2  cible 3 → 2" in shown


async def test_the_export_dialog_writes_the_dossier_de_preuves(
    build_app: Callable[..., SiaeApp], make_session: Callable[..., Session], sessions_dir: Path
) -> None:
    made = make_session(values={"1.1.1": 2})
    app = build_app()
    with app.store.open(made.id) as session:
        session.add_evidence("1.1.1", Evidence("Livret accueil 2026", "Drive > Accueil", dt.date(2026, 1, 15)))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("enter", "e")
        dialog = app.screen
        assert isinstance(dialog, ExportScreen)
        dialog.query_one(RadioSet).focus()
        await pilot.press(*["down"] * 5, "enter")  # .html — dossier de preuves
        assert dialog.choice.dossier and dialog.fmt == "html"
        assert dialog.query_one(Input).value == f"{made.id}-preuves.html"
        assert text_of(app, "#export-target").endswith(f"{made.id}-preuves.html")
        await pilot.press("down", "enter")  # .md — dossier de preuves
        assert dialog.query_one(Input).value == f"{made.id}-preuves.md"
        await pilot.press("up", "up", "enter")  # back to the JSON data: the default name follows
        assert dialog.query_one(Input).value == f"{made.id}.json"
        await pilot.press("down", "down", "enter")
        dialog.query_one(Input).focus()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, WalkScreen)
        assert "Export écrit" in notices(app)
    written = Path(f"{made.id}-preuves.md")
    assert written.exists()
    content = written.read_text(encoding="utf-8")
    assert "Livret accueil 2026" in content and "15/01/2026" in content


async def test_in_a_browser_tab_the_dossier_is_a_download(
    build_app: Callable[..., SiaeApp], make_session: Callable[..., Session], monkeypatch
) -> None:
    made = make_session(values={"1.1.1": 2})
    app = build_app()
    with app.store.open(made.id) as session:
        session.add_evidence("1.1.1", Evidence("Livret accueil 2026"))
    delivered: list[tuple[bytes, str]] = []
    monkeypatch.setattr(SiaeApp, "is_web", property(lambda self: True))
    monkeypatch.setattr(
        SiaeApp,
        "deliver_binary",
        lambda self, file, *, save_filename, **_: delivered.append((file.read(), save_filename)),
    )
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("enter", "e")
        app.screen.query_one(RadioSet).focus()
        await pilot.press(*["down"] * 6, "enter")  # .md — dossier de preuves
        app.screen.query_one(Input).focus()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, WalkScreen)
    [(data, name)] = delivered
    assert name == f"{made.id}-preuves.md" and "Livret accueil 2026" in data.decode("utf-8")
    assert not list(Path.cwd().glob("*.md"))
