"""Fixtures for driving the real app (the one ``make_app`` builds) in tests."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
import textual.app
import textual.notifications
import textual.pilot
from textual.widgets import Input, TextArea

import siae_tui.ui.screens.walk as walk_module
from siae_tui import locations
from siae_tui.domain.evaluation import Evaluation
from siae_tui.domain.loader import load_referentiel
from siae_tui.store import Session, SessionStore
from siae_tui.ui.app import SiaeApp, make_app
from tests.conftest import DEFAULT_REFERENTIEL, NOW
from tests.waiting import settled


@pytest.fixture(autouse=True)
def settle_by_state(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pilot (and the snapshot plugin through it) waits after each key until the app has done
    what the key set in motion, whatever the machine's load (see ``tests/waiting.py``)."""
    monkeypatch.setattr(textual.app, "wait_for_idle", settled)
    monkeypatch.setattr(textual.pilot, "wait_for_idle", settled)


@pytest.fixture(autouse=True)
def typing_without_pauses(monkeypatch: pytest.MonkeyPatch) -> None:
    """A note being typed is saved by the walk after a 0.4 s pause, or every 2 s of typing, both
    measured on the real clock: a test process the machine does not run for half a second would
    see a save nobody asked for. Here neither happens by itself; a test that needs them moves
    ``walk.monotonic`` (``test_notes_kept.py``). Every other save (Échap, Tab, a move) is unchanged."""
    monkeypatch.setattr(walk_module, "NOTE_SAVE_DELAY", 24 * 3600.0)
    monkeypatch.setattr(walk_module, "monotonic", lambda: 0.0)


@pytest.fixture(autouse=True)
def lasting_notifications(monkeypatch: pytest.MonkeyPatch) -> None:
    """Textual forgets a notification 5 to 20 s after it was raised, on the wall clock: a test
    reading what the app said must not depend on how long the machine took to get there."""
    raised = NOW.timestamp()
    monkeypatch.setattr(textual.notifications, "time", lambda: raised)


@pytest.fixture(autouse=True)
def steady_cursor(monkeypatch: pytest.MonkeyPatch) -> None:
    """Text cursors do not blink in tests: a picture or a byte count never depends on the
    half-second in which it was taken. (Input and TextArea, and so the note and every form field.)"""
    monkeypatch.setattr(Input.cursor_blink, "_default", False)
    monkeypatch.setattr(TextArea.cursor_blink, "_default", False)


@pytest.fixture
def sessions_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A relative ``sessions`` folder in a temporary cwd, so screens show a stable path."""
    monkeypatch.chdir(tmp_path)
    return Path("sessions")


@pytest.fixture
def build_app(sessions_dir: Path) -> Callable[..., SiaeApp]:
    def build(open_session: str | None = None) -> SiaeApp:
        # The room (R) listens on the loopback in tests, never on the machine's network.
        return make_app(sessions_dir, [locations.bundled_referentiels_dir()], open_session, room_host="127.0.0.1")

    return build


@pytest.fixture
def make_session(sessions_dir: Path) -> Callable[..., Session]:
    """Create a session on disk (closed), as an earlier run of siae-tui would have."""
    referentiel = load_referentiel(DEFAULT_REFERENTIEL)
    store = SessionStore(sessions_dir, [referentiel])

    def make(
        siae: str = "Régie Élan",
        label: str = "Revue 2026",
        values: dict | None = None,
        notes: dict | None = None,
        date: dt.date = dt.date(2026, 3, 12),
    ) -> Session:
        session = store.create(
            Evaluation(
                referentiel.id,
                referentiel.version,
                siae,
                date,
                "ACI",
                label,
                participants=["Awa", "Marc"],
                values=dict(values or {}),
                notes=dict(notes or {}),
            )
        )
        session.save()
        session.close()
        return session

    return make
