"""Sessions to measure: full (247 practices), many (1,000), or with long notes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from siae_tui import locations
from siae_tui.domain.evaluation import Evaluation
from siae_tui.domain.loader import load_referentiel
from siae_tui.domain.model import Referentiel
from siae_tui.store import SessionStore


def default_referentiel() -> Referentiel:
    return load_referentiel(locations.default_referentiel_path())


def full_evaluation(
    referentiel: Referentiel, siae: str = "Régie Élan", note_size: int = 80, date: dt.date = dt.date(2026, 3, 12)
) -> Evaluation:
    values = {p.id: i % 4 for i, p in enumerate(referentiel.practices)}
    notes = {
        p.id: ("Amélioration prévue avec le PLIE et les partenaires. " * (note_size // 50 + 1))[:note_size]
        for p in referentiel.practices
    }
    return Evaluation(
        referentiel.id,
        referentiel.version,
        siae,
        date,
        "ACI",
        "Revue annuelle",
        ["Awa", "Marc", "Léa"],
        values,
        notes,
        {"1": "Livret d'accueil"},
    )


def make_sessions(directory: Path, referentiel: Referentiel, count: int) -> list[str]:
    store = SessionStore(directory, [referentiel])
    ids = []
    for n in range(count):
        session = store.create(
            full_evaluation(referentiel, siae=f"SIAE {n:04d}", date=dt.date(2020, 1, 1) + dt.timedelta(days=n))
        )
        ids.append(session.id)
        session.close()
    return ids
