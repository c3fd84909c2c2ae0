"""Temporary files left by a killed writer (full copies of the notes) are removed, and only those."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from siae_tui.domain.evaluation import Evaluation
from siae_tui.domain.model import Referentiel
from siae_tui.store import SessionStore


def test_stale_temporaries_are_removed_at_listing_but_not_a_live_writers(
    tmp_path: Path, referentiel: Referentiel
) -> None:
    store = SessionStore(tmp_path / "sessions", [referentiel])
    closed = store.create(Evaluation(referentiel.id, referentiel.version, "Abeille", dt.date(2026, 1, 1)))
    closed.close()
    open_ = store.create(Evaluation(referentiel.id, referentiel.version, "Zèbre", dt.date(2026, 1, 1)))
    directory = store.directory
    stale = [
        directory / f".{closed.id}.json.k2j_x9ab.tmp",  # killed while saving a closed session
        directory / ".2026-01-01-disparue.json.a1b2c3d4.tmp",  # killed while creating: no session, no lock
    ]
    live = directory / f".{open_.id}.json.zz11yy22.tmp"  # the open session's writer may be mid-write
    others = [directory / "notes.tmp", directory / ".photo.png.a1b2c3d4.tmp", directory / "garder.json.tmp"]
    for path in [*stale, live, *others]:
        path.write_text("copie des notes", encoding="utf-8")
    summaries, errors = store.list()
    assert {s.id for s in summaries} == {closed.id, open_.id} and not errors
    assert not any(path.exists() for path in stale)
    assert live.exists()
    assert all(path.exists() for path in others)
    open_.close()
    store.list()
    assert not live.exists()
