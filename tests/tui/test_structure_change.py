"""Changing a session's structure type asks first when scores, targets or evidence would be left out."""

from __future__ import annotations

import datetime as dt

from textual.widgets import Select

from siae_tui.domain.evaluation import Evaluation
from siae_tui.domain.evidence import Evidence
from siae_tui.domain.loader import load_referentiel
from siae_tui.store import SessionStore
from siae_tui.ui.screens.dialogs import ConfirmScreen
from siae_tui.ui.screens.home import HomeScreen
from tests.conftest import REPO


def cedre_session(app) -> tuple[SessionStore, str]:
    """An ETTI session on CEDRE with a score, a target and a document on 6.1.A-mad (AI–ETTI only)."""
    cedre = load_referentiel(REPO / "referentiel" / "cedre-v2.yaml")
    store = SessionStore(app.store.directory, [cedre])
    evaluation = Evaluation(cedre.id, cedre.version, "Intérim", dt.date(2026, 5, 4), "ETTI")
    evaluation.values.update({"6.1.A-mad": 1, "3.1.1": 2})
    evaluation.targets["6.1.A-mad"] = 3
    evaluation.evidence["6.1.A-mad"] = [Evidence("Plaquette MAD")]
    session = store.create(evaluation)
    session.close()
    return store, session.id


def test_left_out_by_counts_only_what_the_new_type_drops() -> None:
    cedre = load_referentiel(REPO / "referentiel" / "cedre-v2.yaml")
    evaluation = Evaluation(cedre.id, cedre.version, "Intérim", dt.date(2026, 5, 4), "ETTI")
    evaluation.values.update({"6.1.A-mad": 1, "3.1.1": 2})  # 3.1.1 concerns every structure
    evaluation.targets["6.1.A-mad"] = 3
    evaluation.evidence["6.1.A-mad"] = [Evidence("Plaquette MAD"), Evidence("Contrat type")]
    assert evaluation.left_out_by(cedre, "ACI") == (1, 1, 2)
    assert evaluation.left_out_by(cedre, "AI") == (0, 0, 0)  # 6.1.A-mad concerns AI too


async def test_changing_the_type_asks_and_entree_keeps_the_old_one(build_app) -> None:
    app = build_app()
    store, session_id = cedre_session(app)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        for answer, expected in (("enter", "ETTI"), ("o", "ACI")):
            await pilot.press("r")
            await pilot.pause()
            app.screen.query_one("#details-structure", Select).value = "ACI"
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert isinstance(app.screen, ConfirmScreen)
            question = str(app.screen.question)
            assert "1 note(s), 1 cible(s) et 1 preuve(s)" in question and "de type ACI" in question
            await pilot.press(answer)
            await pilot.pause()
            assert isinstance(app.screen, HomeScreen)
            with store.open(session_id, read_only=True) as session:
                assert session.evaluation.structure_type == expected
                assert session.evaluation.targets == {"6.1.A-mad": 3}  # kept in the file either way
