"""A network's view: many SIAE's evaluations of one référentiel, read together, anonymously.

Pure statistics; reading the files is the caller's job (``siae_tui.collect``).
Each evaluation becomes a ``Entry``: its percentages and a compact copy of its
values, with an identity that is a hash (of the SIRET when given, else of the
folded SIAE name), so nothing here can print a name, a SIRET or a note.

Rules (README, « Consolidation (réseaux) »):

* one SIAE counts once per year: its latest evaluation of that year (date, then
  creation time); the others are duplicates, counted and reported;
* without the year among the groupings, a SIAE counts once: its latest
  evaluation; earlier years still serve « what moved »;
* a group with fewer than ``min_group`` SIAE is held back (counted, not shown);
  so are the movements of fewer than ``min_group`` SIAE evaluated twice, and the
  whole set when, less the groups shown, it would give away the held-back ones;
* median and quartiles: ``statistics.quantiles(..., n=4, method="inclusive")``
  over the SIAE's percentages (each rounded to one decimal as its own recap shows
  it); the share implemented pools the group: practices scored at or above
  « implemented » over applicable practices, all SIAE together.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import statistics
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from siae_tui.domain.evaluation import Evaluation
from siae_tui.domain.history import siae_key
from siae_tui.domain.model import Referentiel
from siae_tui.domain.scoring import NOT_APPLICABLE, Value, compute_recap, effective_value

#: The groupings ``--by`` accepts (French, as typed) and the key each one has in the JSON output.
DIMENSIONS: dict[str, str] = {"type": "structure_type", "territoire": "territory", "annee": "year", "reseau": "network"}
DEFAULT_BY: tuple[str, ...] = ("type",)
DEFAULT_MIN_GROUP = 5
#: Histogram bins of 10 points: [0, 10), [10, 20) … [90, 100] (100 % falls in the last one).
BINS = 10
#: How many practices « most often scored 0 or 1 » a group lists.
WEAKEST = 10
#: Byte codes of ``Entry.codes`` beyond the scale values 0..3.
_NA, _UNSCORED = 254, 255


class ConsolidationError(ValueError):
    """Nothing can be consolidated as asked; the message is French."""


def parse_by(text: str) -> tuple[str, ...]:
    """``type,territoire`` → ("type", "territoire"); ``ConsolidationError`` for an unknown grouping."""
    names = tuple(dict.fromkeys(part.strip().casefold() for part in text.split(",") if part.strip()))
    for name in names:
        if name not in DIMENSIONS:
            raise ConsolidationError(
                f"regroupement « {name} » inconnu : choisissez parmi {', '.join(DIMENSIONS)} (séparés par des virgules)"
            )
    return names


def identity(evaluation: Evaluation) -> str:
    """Who the SIAE is, never printable: a hash of its SIRET, or of its folded name when it has none."""
    seed = f"siret:{evaluation.siret}" if evaluation.siret else f"nom:{siae_key(evaluation.siae)}"
    return hashlib.sha256(seed.encode("utf-8")).hexdigest()[:24]


@dataclass(frozen=True)
class Entry:
    """One evaluation as the consolidation keeps it: no name, no SIRET, no note."""

    source: str
    identity: str
    date: dt.date
    created: str
    structure_type: str
    territory: str | None
    network: str | None
    total: float
    axes: Mapping[str, float]
    activities: Mapping[str, float]
    #: (implemented, applicable) per axis id, activity id and "" for the total.
    implemented: Mapping[str, tuple[int, int]]
    #: One byte per practice of the référentiel, in its order: the value 0..3, ``_NA`` or ``_UNSCORED``.
    codes: bytes

    @property
    def year(self) -> int:
        return self.date.year

    def dimension(self, name: str) -> str | None:
        """The entry's value for a grouping (None when not given)."""
        if name == "type":
            return self.structure_type
        if name == "territoire":
            return self.territory
        if name == "annee":
            return str(self.year)
        return self.network


def entry_of(
    referentiel: Referentiel, evaluation: Evaluation, source: str, listed: Iterable[str] | None = None
) -> Entry:
    """The consolidation's view of one evaluation.

    ``listed``: the practice ids the evaluation's own référentiel version has, when it
    differs from ``referentiel`` (an export lists them all): practices missing there are
    left out of its figures, as ``compare`` does, instead of counting as unscored.
    """
    values: dict[str, Value] = dict(evaluation.values)
    if listed is not None:
        known = set(listed)
        values.update({p.id: NOT_APPLICABLE for p in referentiel.practices if p.id not in known})
    recap = compute_recap(referentiel, values, evaluation.structure_type)
    codes = bytearray()
    for practice in referentiel.practices:
        value = effective_value(practice, values, evaluation.structure_type)
        codes.append(_UNSCORED if value is None else _NA if value == NOT_APPLICABLE else min(int(value), 253))
    implemented = {"": (recap.total.implemented, recap.total.applicable)}
    implemented.update({k: (f.implemented, f.applicable) for k, f in recap.axes.items()})
    implemented.update({k: (f.implemented, f.applicable) for k, f in recap.activities.items()})
    return Entry(
        source=source,
        identity=identity(evaluation),
        date=evaluation.date,
        created=evaluation.created,
        structure_type=evaluation.structure_type,
        territory=evaluation.territory,
        network=evaluation.network,
        total=recap.total.percent,
        axes={k: f.percent for k, f in recap.axes.items()},
        activities={k: f.percent for k, f in recap.activities.items()},
        implemented=implemented,
        codes=bytes(codes),
    )


# -- statistics -----------------------------------------------------------------------


@dataclass(frozen=True)
class Quartiles:
    median: float
    q1: float
    q3: float


def quartiles(percents: Sequence[float]) -> Quartiles:
    """Median, first and third quartiles (inclusive method), one decimal; one value is its own quartiles."""
    if not percents:
        raise ValueError("quartiles of nothing")
    if len(percents) == 1:
        only = round(percents[0], 1)
        return Quartiles(only, only, only)
    q1, median, q3 = statistics.quantiles(percents, n=4, method="inclusive")
    return Quartiles(round(median, 1), round(q1, 1), round(q3, 1))


def histogram(percents: Iterable[float]) -> tuple[int, ...]:
    """How many values fall in each 10-point bin, from [0, 10) to [90, 100]."""
    counts = [0] * BINS
    for value in percents:
        counts[min(max(int(value // 10), 0), BINS - 1)] += 1
    return tuple(counts)


def share(parts: Iterable[tuple[int, int]]) -> float:
    """Pooled share: the sum of the first numbers over the sum of the second, 0–100, one decimal (0 if none)."""
    done = whole = 0
    for part, of in parts:
        done += part
        whole += of
    return round(100 * done / whole, 1) if whole else 0.0


@dataclass(frozen=True)
class Stats:
    """An axis, an activity or the total across a group."""

    id: str
    title: str
    count: int
    median: float
    q1: float
    q3: float
    implemented_share: float
    histogram: tuple[int, ...]


@dataclass(frozen=True)
class WeakPractice:
    """A practice the group often scores 0 or 1: where a shared training or tool would help."""

    id: str
    text: str
    low: int
    scored: int

    @property
    def share(self) -> float:
        return round(100 * self.low / self.scored, 1) if self.scored else 0.0


@dataclass(frozen=True)
class Movement:
    """How one axis moved, for the SIAE of a group evaluated in two different years."""

    id: str
    title: str
    median_change: float
    q1_change: float
    q3_change: float
    up: int
    down: int


@dataclass(frozen=True)
class Group:
    by: Mapping[str, str | None]
    count: int
    total: Stats
    axes: list[Stats]
    activities: list[Stats]
    weakest: list[WeakPractice]
    #: SIAE of the group with an evaluation from an earlier year.
    evaluated_twice: int
    #: Axes by how much they moved (empty when fewer than ``min_group`` SIAE were evaluated twice).
    movements: list[Movement] = field(default_factory=list)


@dataclass(frozen=True)
class Skipped:
    """A file left out, and why (French)."""

    path: str
    reason: str


@dataclass
class Consolidation:
    referentiel: Referentiel
    by: tuple[str, ...]
    min_group: int
    #: Evaluations read and consolidated (before duplicates are set aside).
    evaluations: int
    #: SIAE-years kept (one evaluation per SIAE and year).
    siae_years: int
    #: Distinct SIAE.
    siae: int
    duplicates: int
    skipped: list[Skipped]
    groups: list[Group]
    held_back_groups: int
    held_back_siae: int
    #: Every SIAE once (its latest evaluation); None when fewer than ``min_group``, or when withheld.
    overall: Group | None
    #: True when the whole set is not shown because, with the groups shown, it would reveal the figures
    #: of fewer than ``min_group`` held-back SIAE.
    overall_withheld: bool = False
    #: Evaluations of earlier years not counted in groups made without the year.
    earlier_years: int = 0
    #: (file set aside, file kept) per duplicate: for the operator's console only (file names may name a SIAE).
    duplicate_sources: list[tuple[str, str]] = field(default_factory=list)
    #: SIAE per group, held back or not (positioning says how small a held-back group is).
    group_sizes: dict[tuple[tuple[str, str | None], ...], int] = field(default_factory=dict)


def _stats(identifier: str, title: str, entries: Sequence[Entry], kind: str) -> Stats:
    """``kind``: "total", "axis" or "activity"."""
    if kind == "total":
        percents = [e.total for e in entries]
    elif kind == "axis":
        percents = [e.axes[identifier] for e in entries]
    else:
        percents = [e.activities[identifier] for e in entries]
    q = quartiles(percents)
    return Stats(
        identifier,
        title,
        len(entries),
        q.median,
        q.q1,
        q.q3,
        share(e.implemented[identifier] for e in entries),
        histogram(percents),
    )


def weakest_practices(referentiel: Referentiel, entries: Sequence[Entry], limit: int = WEAKEST) -> list[WeakPractice]:
    """The practices most often scored 0 or 1 (share of the SIAE that scored them), most first."""
    practices = referentiel.practices
    low = [0] * len(practices)
    scored = [0] * len(practices)
    for entry in entries:
        for index, code in enumerate(entry.codes):
            if code <= 1:
                low[index] += 1
                scored[index] += 1
            elif code < _NA:
                scored[index] += 1
    found = [WeakPractice(p.id, p.text, low[i], scored[i]) for i, p in enumerate(practices) if low[i]]
    order = {p.id: i for i, p in enumerate(practices)}
    found.sort(key=lambda w: (-w.share, -w.low, order[w.id]))
    return found[:limit]


def _movements(referentiel: Referentiel, pairs: Sequence[tuple[Entry, Entry]]) -> list[Movement]:
    """Per axis: median and quartiles of the change (points) from each SIAE's earlier year to this one."""
    result = []
    for axis in referentiel.axes:
        changes = [round(after.axes[axis.id] - before.axes[axis.id], 1) for before, after in pairs]
        q = quartiles(changes)
        result.append(
            Movement(
                axis.id,
                axis.title,
                q.median,
                q.q1,
                q.q3,
                sum(1 for c in changes if c > 0),
                sum(1 for c in changes if c < 0),
            )
        )
    result.sort(key=lambda m: (-abs(m.median_change), m.id))
    return result


def group_of(
    referentiel: Referentiel,
    by: Mapping[str, str | None],
    entries: Sequence[Entry],
    previous: Mapping[int, Entry],
    min_group: int,
) -> Group:
    """Every figure of one group (``previous``: for an entry's ``id()``, the same SIAE's earlier-year entry)."""
    pairs = [(previous[id(e)], e) for e in entries if id(e) in previous]
    return Group(
        by=dict(by),
        count=len(entries),
        total=_stats("", "Total", entries, "total"),
        axes=[_stats(a.id, a.title, entries, "axis") for a in referentiel.axes],
        activities=[_stats(a.id, a.title, entries, "activity") for a in referentiel.activities],
        weakest=weakest_practices(referentiel, entries),
        evaluated_twice=len(pairs),
        movements=_movements(referentiel, pairs) if pairs and len(pairs) >= min_group else [],
    )


def _sort_key(values: tuple[str | None, ...]) -> tuple[tuple[int, str], ...]:
    return tuple((1, "") if v is None else (0, v.casefold()) for v in values)


@dataclass
class _Kept:
    """Entries after the one-per-SIAE-and-year rule."""

    yearly: list[Entry]
    duplicates: int
    #: For an entry's ``id()``: the same SIAE's entry of the closest earlier year.
    previous: dict[int, Entry]
    #: Each SIAE's latest entry.
    latest: list[Entry]
    #: (source set aside, source kept) for each duplicate.
    duplicate_sources: list[tuple[str, str]] = field(default_factory=list)


def keep_one_per_year(entries: Iterable[Entry]) -> _Kept:
    """Each SIAE's latest evaluation of each year (date, then creation time, then file); the rest are duplicates."""
    chosen: dict[tuple[str, int], Entry] = {}
    dropped: list[tuple[tuple[str, int], Entry]] = []
    for entry in entries:
        key = (entry.identity, entry.year)
        other = chosen.get(key)
        if other is not None:
            if (other.date, other.created, other.source) >= (entry.date, entry.created, entry.source):
                dropped.append((key, entry))
                continue
            dropped.append((key, other))
        chosen[key] = entry
    pairs = sorted((entry.source, chosen[key].source) for key, entry in dropped)
    by_siae: dict[str, list[Entry]] = defaultdict(list)
    for entry in chosen.values():
        by_siae[entry.identity].append(entry)
    previous: dict[int, Entry] = {}
    latest: list[Entry] = []
    yearly: list[Entry] = []
    for years in by_siae.values():
        years.sort(key=lambda e: e.date)
        for earlier, later in itertools.pairwise(years):
            previous[id(later)] = earlier
        latest.append(years[-1])
        yearly.extend(years)
    return _Kept(yearly, len(dropped), previous, latest, pairs)


def consolidate(
    referentiel: Referentiel,
    entries: Sequence[Entry],
    *,
    by: Sequence[str] = DEFAULT_BY,
    min_group: int = DEFAULT_MIN_GROUP,
    skipped: Sequence[Skipped] = (),
) -> Consolidation:
    """Group the entries (all of ``referentiel``) and compute every figure a network report shows."""
    if min_group < 1:
        raise ConsolidationError("--min-group doit valoir au moins 1")
    by = tuple(by)
    kept = keep_one_per_year(entries)
    units = kept.yearly if "annee" in by else kept.latest
    buckets: dict[tuple[str | None, ...], list[Entry]] = defaultdict(list)
    for entry in units:
        buckets[tuple(entry.dimension(name) for name in by)].append(entry)
    groups: list[Group] = []
    held_back_groups = held_back_siae = 0
    for values in sorted(buckets, key=_sort_key):
        members = buckets[values]
        if len(members) < min_group:
            held_back_groups += 1
            held_back_siae += len(members)
            continue
        labels = {DIMENSIONS[name]: value for name, value in zip(by, values, strict=True)}
        groups.append(group_of(referentiel, labels, members, kept.previous, min_group))
    # The whole set less the groups shown would give the figures (histograms, shares) of the groups held
    # back: it is shown only when those together are at least min_group SIAE, or none.
    overall_withheld = 0 < held_back_siae < min_group and bool(groups)
    overall = (
        group_of(referentiel, {}, kept.latest, kept.previous, min_group)
        if len(kept.latest) >= min_group and not overall_withheld and by
        else None  # without groupings, the one group is the whole set
    )
    return Consolidation(
        referentiel=referentiel,
        by=by,
        min_group=min_group,
        evaluations=len(entries),
        siae_years=len(kept.yearly),
        siae=len(kept.latest),
        duplicates=kept.duplicates,
        duplicate_sources=kept.duplicate_sources,
        skipped=list(skipped),
        groups=groups,
        held_back_groups=held_back_groups,
        held_back_siae=held_back_siae,
        overall=overall,
        overall_withheld=overall_withheld,
        earlier_years=0 if "annee" in by else len(kept.yearly) - len(kept.latest),
        group_sizes={
            _size_key({DIMENSIONS[n]: v for n, v in zip(by, values, strict=True)}): len(members)
            for values, members in buckets.items()
        },
    )


# -- positioning one SIAE ------------------------------------------------------------


@dataclass(frozen=True)
class AxisPosition:
    id: str
    title: str
    value: float
    #: The group's figures (None when the group is held back).
    median: float | None
    q1: float | None
    q3: float | None

    @property
    def placement(self) -> str:
        """Where the SIAE stands against the group's quartiles (empty when the group is held back)."""
        if self.median is None or self.q1 is None or self.q3 is None:
            return ""
        if self.value < self.q1:
            return "sous le 1er quartile"
        if self.value > self.q3:
            return "au-dessus du 3e quartile"
        return "dans la moitié centrale"


@dataclass(frozen=True)
class Position:
    """One SIAE's % per axis against its group's median and quartiles."""

    by: Mapping[str, str | None]
    #: SIAE in the group (held back or not).
    group_count: int
    min_group: int
    shown: bool
    total: AxisPosition
    axes: list[AxisPosition]


def position(consolidation: Consolidation, entry: Entry, by: Sequence[str] | None = None) -> Position:
    """Place ``entry`` in the group that matches it on ``by`` (the consolidation's groupings by default)."""
    by = tuple(consolidation.by if by is None else by)
    wanted = {DIMENSIONS[name]: entry.dimension(name) for name in by}
    group = next((g for g in consolidation.groups if dict(g.by) == wanted), None)
    count = consolidation.group_sizes.get(_size_key(wanted), 0)
    referentiel = consolidation.referentiel

    def place(identifier: str, title: str, value: float, stats: Stats | None) -> AxisPosition:
        if stats is None:
            return AxisPosition(identifier, title, value, None, None, None)
        return AxisPosition(identifier, title, value, stats.median, stats.q1, stats.q3)

    axes_stats = {s.id: s for s in group.axes} if group else {}
    return Position(
        by=wanted,
        group_count=count,
        min_group=consolidation.min_group,
        shown=group is not None,
        total=place("", "Total", entry.total, group.total if group else None),
        axes=[place(a.id, a.title, entry.axes[a.id], axes_stats.get(a.id)) for a in referentiel.axes],
    )


def _size_key(by: Mapping[str, str | None]) -> tuple[tuple[str, str | None], ...]:
    return tuple(sorted(by.items(), key=lambda item: item[0]))
