"""Evidence (« preuves »): the documents that show a practice is really in place.

An auditor or a funder asks « comment le savez-vous ? ». Per practice the team
lists references to its documents: a name, where to find it (a path on the
shared drive, an address, « classeur qualité, étagère 2 »), a date. siae-tui
keeps only these references, never the documents.

An evidence item is user text like a note, and comes from files anyone can
write (a session, an export, a workbook): its texts are cleaned of terminal
escapes and kept on one line (``text.clean_text``), and bounded, so a hostile
file cannot freeze a screen or bloat a report. The bounds are generous for a
document name or a URL; a practice keeps at most ``MAX_EVIDENCE_PER_PRACTICE``
items (a dossier, not a dump).

A re-scoring copies last year's evidence with ``carried_over`` set: the
document was there last year, the team has not said it still is. Editing an
item (a new ``Evidence`` from the form) clears the mark.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from siae_tui.domain.text import clean_text, too_long

#: A document's name: a long title with its reference still fits.
MAX_EVIDENCE_TITLE = 500
#: A path or an address: browsers and servers handle URLs of about this length.
MAX_EVIDENCE_LOCATION = 2_000
MAX_EVIDENCE_PER_PRACTICE = 100
#: The words the forms and the error messages use for each field.
TITLE_LABEL = "titre de la preuve"
LOCATION_LABEL = "emplacement de la preuve"


class InvalidEvidence(ValueError):
    """An evidence item that cannot be kept; the message is French."""


@dataclass(frozen=True)
class Evidence:
    """A reference to a document showing a practice is in place."""

    #: The document's name (« Livret d'accueil 2026 »); required.
    title: str
    #: Where to find it: a path, an address (URL) or words; empty when not said.
    location: str = ""
    #: The document's date, when it has one.
    date: dt.date | None = None
    #: Copied from the evaluation this one re-scores and not yet reviewed by the team.
    carried_over: bool = False

    def to_dict(self) -> dict[str, object]:
        """As sessions and exports write it (``carried_over`` only when set)."""
        data: dict[str, object] = {
            "title": self.title,
            "location": self.location,
            "date": self.date.isoformat() if self.date else None,
        }
        if self.carried_over:
            data["carried_over"] = True
        return data


def normalised(evidence: Evidence) -> Evidence:
    """The item as it is stored: texts on one line, without escapes nor surrounding spaces."""
    return Evidence(
        clean_text(evidence.title).strip(),
        clean_text(evidence.location).strip(),
        evidence.date,
        evidence.carried_over,
    )


def evidence_problem(evidence: Evidence) -> str | None:
    """What is wrong with an item (French), or None: an empty title, a text over its bound."""
    if not evidence.title.strip():
        return "le titre de la preuve (nom du document) est obligatoire"
    return too_long(evidence.title, MAX_EVIDENCE_TITLE, TITLE_LABEL) or too_long(
        evidence.location, MAX_EVIDENCE_LOCATION, LOCATION_LABEL
    )


def count_problem(count: int, practice_id: str) -> str | None:
    """« trop de preuves » when a practice would hold more than ``MAX_EVIDENCE_PER_PRACTICE`` items."""
    if count <= MAX_EVIDENCE_PER_PRACTICE:
        return None
    return f"trop de preuves pour la pratique {practice_id} ({count}, {MAX_EVIDENCE_PER_PRACTICE} au plus)"


def evidence_from_dict(data: object, where: str) -> Evidence:
    """An item read from a file (``{"title", "location", "date", "carried_over"}``), cleaned and checked.

    ``where`` names its place in the file (« evidence.1.1.1[0] »); ``InvalidEvidence``
    says what is wrong, in French, with that place.
    """
    if not isinstance(data, Mapping):
        raise InvalidEvidence(f"{where} : un objet {{title, location, date}} est attendu")
    title, location, date = data.get("title"), data.get("location") or "", data.get("date")
    if not isinstance(title, str):
        raise InvalidEvidence(f"{where}.title : le nom du document (un texte) est attendu")
    if not isinstance(location, str):
        raise InvalidEvidence(f"{where}.location : un texte est attendu")
    # Bounds first, on the text as found: cleaning a huge hostile text would be the cost it aims at.
    for text, limit, field in ((title, MAX_EVIDENCE_TITLE, "title"), (location, MAX_EVIDENCE_LOCATION, "location")):
        problem = too_long(text, limit, f"{where}.{field}")
        if problem:
            raise InvalidEvidence(problem)
    day = _date_from(date, where)
    carried = data.get("carried_over", False)
    if not isinstance(carried, bool):
        raise InvalidEvidence(f"{where}.carried_over : true ou false est attendu")
    evidence = normalised(Evidence(title, location, day, carried))
    problem = evidence_problem(evidence)
    if problem:
        raise InvalidEvidence(f"{where} : {problem}")
    return evidence


def _date_from(value: object, where: str) -> dt.date | None:
    """An item's date, written AAAA-MM-JJ (absent: None); ``InvalidEvidence`` for anything else."""
    if value is None:
        return None
    try:
        day = dt.date.fromisoformat(value) if isinstance(value, str) and len(value) == 10 else None
    except ValueError:
        day = None
    if day is None:
        raise InvalidEvidence(f"{where}.date : date invalide {str(value)[:30]!r} (attendu AAAA-MM-JJ)")
    return day
