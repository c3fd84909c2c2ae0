"""The référentiel as immutable data: axes, objectives, activities, practices.

A référentiel is loaded once from YAML (see ``loader``) and then shared by
every screen, export and computation; freezing it means no code path can
drift from the file the team chose.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

#: Structure types an SIAE can have; "Autre" covers anything else.
STRUCTURE_TYPES: tuple[str, ...] = ("ACI", "AI", "EI", "ETTI", "Autre")


@dataclass(frozen=True)
class ScaleLevel:
    """One level of the scoring scale, e.g. ``2 - Mis en place et à améliorer``."""

    value: int
    label: str


@dataclass(frozen=True)
class TrendBand:
    """A band of the recap's colour-coded trend, starting at ``start`` percent."""

    start: float
    colour: str
    symbol: str
    label: str


@dataclass(frozen=True)
class Source:
    """A document the référentiel's help quotes (``inae-parcours``, ``cedre-v2``…), named once."""

    id: str
    title: str


@dataclass(frozen=True)
class HelpItem:
    """A help text quoted from a source, on an axis, objective, activity or practice.

    ``applies_to`` lists the structure types it speaks to (empty: every type),
    like a practice's. ``source`` is the id of one of the référentiel's
    ``sources``; it is empty only for the older plain-text ``help`` of a practice.
    """

    text: str
    source: str
    applies_to: tuple[str, ...] = ()

    def applies(self, structure_type: str | None) -> bool:
        """Whether the help speaks to a structure of this type (every type when none is known)."""
        if not self.applies_to or structure_type is None:
            return True
        return structure_type in self.applies_to


@dataclass(frozen=True)
class SourcedText:
    """A quoted text and its source: an activity's suggestion or evidence example."""

    text: str
    source: str


@dataclass(frozen=True)
class GlossaryEntry:
    """A term of the référentiel's glossary, with its definition as the source gives it."""

    term: str
    definition: str
    source: str


@dataclass(frozen=True)
class Practice:
    """A bonne pratique, the unit the team scores.

    ``applies_to`` lists the structure types the practice concerns; an empty
    tuple means every type.
    """

    id: str
    text: str
    applies_to: tuple[str, ...] = ()
    help: tuple[HelpItem, ...] = ()

    def applies(self, structure_type: str | None) -> bool:
        """Whether the practice concerns a structure of this type."""
        if not self.applies_to or structure_type is None:
            return True
        return structure_type in self.applies_to


@dataclass(frozen=True)
class Activity:
    """An activité (1.1, 2.4...) grouping the practices scored together.

    ``suggestions`` are improvement ideas (pistes d'amélioration) a team may
    take into a note or an action; ``evidence_examples`` what may show a
    practice is in place.
    """

    id: str
    title: str
    practices: tuple[Practice, ...]
    help: tuple[HelpItem, ...] = ()
    suggestions: tuple[SourcedText, ...] = ()
    evidence_examples: tuple[SourcedText, ...] = ()


@dataclass(frozen=True)
class Objective:
    """An objectif opérationnel; ``id`` is positional (``"1/2"``), for display only."""

    id: str
    title: str
    activities: tuple[Activity, ...]
    help: tuple[HelpItem, ...] = ()


@dataclass(frozen=True)
class Axis:
    """An axis of the projet d'insertion (or the Pilotage tab)."""

    id: str
    title: str
    objectives: tuple[Objective, ...]
    goals: tuple[str, ...] = ()
    help: tuple[HelpItem, ...] = ()

    @property
    def activities(self) -> tuple[Activity, ...]:
        return tuple(a for o in self.objectives for a in o.activities)

    @property
    def practices(self) -> tuple[Practice, ...]:
        return tuple(p for a in self.activities for p in a.practices)


@dataclass(frozen=True)
class Instructions:
    title: str
    text: str


@dataclass(frozen=True)
class Referentiel:
    """A whole référentiel, as loaded from one YAML file."""

    id: str
    version: str
    title: str
    short_title: str
    scale: tuple[ScaleLevel, ...]
    trend: tuple[TrendBand, ...]
    axes: tuple[Axis, ...]
    implemented_from: int = 2
    description: str = ""
    instructions: Instructions | None = None
    note_label: str = "Amélioration, planification"
    development_axes_label: str = "Axes de développement"
    source: str = ""
    structure_types: tuple[str, ...] = STRUCTURE_TYPES
    sources: tuple[Source, ...] = ()
    glossary: tuple[GlossaryEntry, ...] = ()
    path: str = field(default="", compare=False)
    # Lookup tables built once; the référentiel is immutable so they never go stale.
    _practices: dict[str, tuple[Practice, Activity, Objective, Axis]] = field(
        init=False, repr=False, compare=False, default_factory=dict
    )
    _activities: dict[str, tuple[Activity, Objective, Axis]] = field(
        init=False, repr=False, compare=False, default_factory=dict
    )

    def __post_init__(self) -> None:
        practices: dict[str, tuple[Practice, Activity, Objective, Axis]] = {}
        activities: dict[str, tuple[Activity, Objective, Axis]] = {}
        for axis in self.axes:
            for objective in axis.objectives:
                for activity in objective.activities:
                    activities[activity.id] = (activity, objective, axis)
                    for practice in activity.practices:
                        practices[practice.id] = (practice, activity, objective, axis)
        object.__setattr__(self, "_practices", practices)
        object.__setattr__(self, "_activities", activities)

    @property
    def max_value(self) -> int:
        return max(level.value for level in self.scale)

    @property
    def activities(self) -> tuple[Activity, ...]:
        return tuple(a for axis in self.axes for a in axis.activities)

    @property
    def practices(self) -> tuple[Practice, ...]:
        return tuple(p for axis in self.axes for p in axis.practices)

    def iter_practices(self) -> Iterator[tuple[Axis, Objective, Activity, Practice]]:
        """Every practice with its place, in the référentiel's order."""
        for axis in self.axes:
            for objective in axis.objectives:
                for activity in objective.activities:
                    for practice in activity.practices:
                        yield axis, objective, activity, practice

    def practice(self, practice_id: str) -> Practice:
        return self._practices[practice_id][0]

    def has_practice(self, practice_id: str) -> bool:
        return practice_id in self._practices

    def locate(self, practice_id: str) -> tuple[Practice, Activity, Objective, Axis]:
        """The practice with its activity, objective and axis."""
        return self._practices[practice_id]

    def activity(self, activity_id: str) -> Activity:
        return self._activities[activity_id][0]

    def has_activity(self, activity_id: str) -> bool:
        return activity_id in self._activities

    def locate_activity(self, activity_id: str) -> tuple[Activity, Objective, Axis]:
        return self._activities[activity_id]

    def has_axis(self, axis_id: str) -> bool:
        return any(axis.id == axis_id for axis in self.axes)

    def axis(self, axis_id: str) -> Axis:
        for axis in self.axes:
            if axis.id == axis_id:
                return axis
        raise KeyError(axis_id)

    def source_title(self, source_id: str) -> str:
        """The title of a source by its id (empty when the id names none)."""
        return next((source.title for source in self.sources if source.id == source_id), "")

    def scale_label(self, value: int) -> str:
        for level in self.scale:
            if level.value == value:
                return level.label
        raise KeyError(value)

    def trend_for(self, percent: float) -> TrendBand:
        """The trend band a percentage falls in (bands are sorted by ``start``)."""
        band = self.trend[0]
        for candidate in self.trend:
            if percent >= candidate.start:
                band = candidate
        return band
