"""What a team may read beside one practice: help, suggestions, evidence examples, glossary.

The référentiel carries help at every level (axis, objective, activity,
practice), improvement ideas and evidence examples on activities, and a
glossary; each quoted from a named source. ``guidance_for`` gathers what
concerns one practice for one type of structure, so the help screen, a
report or a test all read the same selection.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import lru_cache

from siae_tui.domain.model import (
    Activity,
    Axis,
    GlossaryEntry,
    HelpItem,
    Objective,
    Practice,
    Referentiel,
    SourcedText,
)

#: Apostrophes and dashes as typed or as a word processor writes them.
_LOOKALIKES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "–": "-", "—": "-", "\u00a0": " "})


@dataclass(frozen=True)
class Guidance:
    """Everything the référentiel offers beside one practice, each item with its source's id."""

    practice: Practice
    activity: Activity
    objective: Objective
    axis: Axis
    practice_help: tuple[HelpItem, ...]
    activity_help: tuple[HelpItem, ...]
    objective_help: tuple[HelpItem, ...]
    axis_help: tuple[HelpItem, ...]
    suggestions: tuple[SourcedText, ...]
    evidence_examples: tuple[SourcedText, ...]
    glossary: tuple[GlossaryEntry, ...]
    #: Source id -> title, for every source the référentiel declares.
    sources: dict[str, str]

    @property
    def all_help(self) -> tuple[HelpItem, ...]:
        """The practice's help, then its activity's, objective's and axis's: the nearest first."""
        return (*self.practice_help, *self.activity_help, *self.objective_help, *self.axis_help)

    @property
    def is_empty(self) -> bool:
        return not (self.all_help or self.suggestions or self.evidence_examples or self.glossary)

    def source_title(self, source_id: str) -> str:
        """The title of a source (its id when the référentiel gives no title, empty for none)."""
        return self.sources.get(source_id, source_id)


def guidance_for(referentiel: Referentiel, practice_id: str, structure_type: str | None) -> Guidance:
    """The help, suggestions, evidence examples and glossary entries for a practice.

    Help is kept when it speaks to ``structure_type`` (every help when it is
    None). A glossary entry is kept when its term appears, as a word, in the
    practice's or activity's wording or in any text gathered here, without
    regard to case or accents (« Suivi à minima » matches « suivi a minima »)
    and in the singular or plural (a final « s » or « x »).
    """
    practice, activity, objective, axis = referentiel.locate(practice_id)

    def kept(items: tuple[HelpItem, ...]) -> tuple[HelpItem, ...]:
        return tuple(item for item in items if item.applies(structure_type))

    guidance = Guidance(
        practice=practice,
        activity=activity,
        objective=objective,
        axis=axis,
        practice_help=kept(practice.help),
        activity_help=kept(activity.help),
        objective_help=kept(objective.help),
        axis_help=kept(axis.help),
        suggestions=activity.suggestions,
        evidence_examples=activity.evidence_examples,
        glossary=(),
        sources={source.id: source.title for source in referentiel.sources},
    )
    wording = [
        practice.text,
        activity.title,
        *(item.text for item in guidance.all_help),
        *(item.text for item in (*activity.suggestions, *activity.evidence_examples)),
    ]
    return replace(guidance, glossary=glossary_in(referentiel.glossary, wording))


def glossary_in(glossary: Iterable[GlossaryEntry], texts: Iterable[str]) -> tuple[GlossaryEntry, ...]:
    """The entries whose term appears as a word in any of ``texts``, in the glossary's order."""
    folded = "\n".join(fold(text) for text in texts)
    return tuple(entry for entry in glossary if _term_pattern(entry.term).search(folded))


def fold(text: str) -> str:
    """``text`` in lower case, without accents, with plain apostrophes and dashes."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_LOOKALIKES).casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@lru_cache(maxsize=1024)
def _term_pattern(term: str) -> re.Pattern[str]:
    """A term as a whole word or phrase: any run of spaces between its words, a plural ending allowed."""
    words = fold(term).split()
    if not words:
        return re.compile(r"(?!)")  # an empty term matches nothing
    parts = [re.escape(word.rstrip("sx") or word) + "[sx]?" for word in words]
    return re.compile(r"(?<!\w)" + r"\s+".join(parts) + r"(?!\w)")
