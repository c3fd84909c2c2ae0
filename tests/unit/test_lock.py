"""The lock sidecar is never a door to another file."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from siae_tui.cli import main
from siae_tui.domain.evaluation import Evaluation
from siae_tui.domain.model import Referentiel
from siae_tui.store import SessionError, SessionStore


def make_session(tmp_path: Path, referentiel: Referentiel) -> tuple[SessionStore, str]:
    store = SessionStore(tmp_path / "sessions", [referentiel])
    session = store.create(Evaluation(referentiel.id, referentiel.version, "Élan", dt.date(2026, 1, 1)))
    session.close()
    session.path.with_name(f".{session.id}.lock").unlink()
    return store, session.id


def test_a_symlinked_lock_is_refused_and_its_target_untouched(tmp_path: Path, referentiel: Referentiel) -> None:
    store, session_id = make_session(tmp_path, referentiel)
    victim = tmp_path / "precieux.txt"
    victim.write_text("ne pas écraser\n", encoding="utf-8")
    (store.directory / f".{session_id}.lock").symlink_to(victim)
    with pytest.raises(SessionError, match="lien symbolique"):
        store.open(session_id)
    assert victim.read_text(encoding="utf-8") == "ne pas écraser\n"
    store.open(session_id, read_only=True).close()  # reading needs no lock


def test_a_fifo_lock_is_refused(tmp_path: Path, referentiel: Referentiel) -> None:
    store, session_id = make_session(tmp_path, referentiel)
    os.mkfifo(store.directory / f".{session_id}.lock")
    with pytest.raises(SessionError, match="pas un fichier ordinaire"):
        store.open(session_id)


def test_cli_open_with_a_symlinked_lock_says_why(
    tmp_path: Path, referentiel: Referentiel, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    from siae_tui.ui.app import SiaeApp

    store, session_id = make_session(tmp_path, referentiel)
    victim = tmp_path / "precieux.txt"
    victim.write_text("x", encoding="utf-8")
    (store.directory / f".{session_id}.lock").symlink_to(victim)
    monkeypatch.setattr(SiaeApp, "run", lambda self, *a, **k: None)
    assert main(["--sessions-dir", str(store.directory), "open", session_id]) != 0
    assert "lien symbolique" in capsys.readouterr().err
    assert victim.read_text(encoding="utf-8") == "x"
