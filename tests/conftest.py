"""Fixtures shared by both test tiers."""

from __future__ import annotations

from pathlib import Path

import pytest

from siae_tui.domain.loader import load_referentiel
from siae_tui.domain.model import Referentiel

REPO = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
DEFAULT_REFERENTIEL = REPO / "referentiel" / "siae-projet-insertion.yaml"


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
