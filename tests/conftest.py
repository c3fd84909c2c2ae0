"""Fixtures shared by both test tiers."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from siae_tui.clock import CLOCK
from siae_tui.domain.loader import load_referentiel
from siae_tui.domain.model import Referentiel

REPO = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
DEFAULT_REFERENTIEL = REPO / "referentiel" / "siae-projet-insertion.yaml"
#: The moment every test runs at, whatever the day and hour of the run (a Wednesday morning).
NOW = dt.datetime(2026, 11, 25, 10, 30)
TODAY = NOW.date()


@pytest.fixture(scope="session")
def referentiel() -> Referentiel:
    """The default référentiel, loaded once (it is immutable)."""
    return load_referentiel(DEFAULT_REFERENTIEL)


@pytest.fixture(autouse=True)
def _isolated_locations(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test may read or write the user's sessions or référentiels."""
    monkeypatch.setenv("SIAE_TUI_SESSIONS", str(tmp_path / "sessions"))
    monkeypatch.setenv("SIAE_TUI_CONFIG", str(tmp_path / "config"))
    monkeypatch.delenv("SIAE_TUI_REFERENTIELS", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)


@pytest.fixture(autouse=True)
def frozen_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """The whole program reads the time from ``siae_tui.clock.CLOCK`` (ruff refuses any other
    clock): every test sees the same day and hour, so no result depends on when the suite runs."""
    monkeypatch.setattr(CLOCK, "today", lambda: TODAY)
    monkeypatch.setattr(CLOCK, "now", lambda: NOW)
    monkeypatch.setattr(CLOCK, "utc", lambda: NOW.replace(tzinfo=dt.UTC))
