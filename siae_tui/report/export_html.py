"""The HTML report a board or a funder opens: one self-contained file, printable to A4.

The page is rendered by Jinja2 from ``templates/report.html.j2`` with
autoescape on: every text typed by a user (SIAE name, notes, axes de
développement, actions, participants) is data, never markup, whatever it holds
(``<script>``, quotes, ``{{ }}``). The only markup that is not escaped is the
SVG this package draws itself (``svg_radar``), whose labels are escaped there.
No network, no fonts to download: styles are inline, fonts are the system's.

Targets and evidence appear only when the evaluation has some (as in the
Markdown report): « Cible » (and « Préc. ») in the recap tables, the targets'
outline on the radars, « Cible » and « Preuves » in the practice tables,
« Cible » in the action plan, « Cibles atteintes » in the comparison. An
evidence location is a link only when it is an ``http(s)`` address.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from siae_tui.clock import CLOCK
from siae_tui.domain.compare import compare
from siae_tui.domain.evaluation import Evaluation
from siae_tui.domain.evidence import Evidence
from siae_tui.domain.model import Referentiel
from siae_tui.domain.scoring import Figures, Recap, Value, effective_value
from siae_tui.domain.targets import evaluation_targets, target_recap
from siae_tui.domain.workshop import DISAGREEMENT_SPREAD, Action, action_plan, disagreements, disagreements_per_activity
from siae_tui.report.french import french_date, long_date, percent, short_number
from siae_tui.report.html_comparison import comparison_context
from siae_tui.report.labels import CARRIED_OVER_MARK, served_targets, target_short, value_label, value_short
from siae_tui.report.radar import TARGET_LEGEND, RadarUnavailable
from siae_tui.report.svg_radar import COMPACT, WIDE, Spoke, radar_svg

#: Above this many spokes, the radar names spokes by id and a key gives the full titles.
_FULL_LABELS_UP_TO = 8


@cache
def environment() -> Environment:
    """The Jinja2 environment of every HTML report (autoescape on: user text is always escaped)."""
    return Environment(
        loader=PackageLoader("siae_tui.report", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


@dataclass(frozen=True)
class Row:
    """A recap row as the report shows it."""

    id: str
    title: str
    score: int
    max: int
    percent: str
    implemented: str
    unscored: int
    trend_colour: str
    trend_symbol: str
    trend_label: str
    objective: str = ""
    disagreements: int = 0
    #: The target's and the earlier evaluation's %, when the report shows them (after the %).
    extra: tuple[str, ...] = ()

    @classmethod
    def of(
        cls,
        identifier: str,
        title: str,
        figures: Figures,
        objective: str = "",
        disagreements: int = 0,
        extra: tuple[Figures | None, ...] = (),
    ) -> Row:
        return cls(
            identifier,
            title,
            figures.score,
            figures.max,
            percent(figures.percent),
            f"{figures.implemented}/{figures.applicable}",
            figures.unscored,
            _css_colour(figures.trend.colour),
            figures.trend.symbol,
            figures.trend.label,
            objective,
            disagreements,
            tuple(percent(f.percent) for f in extra if f is not None),
        )


@dataclass(frozen=True)
class EvidenceLine:
    """An evidence item as the reports show it; ``href`` only for an http(s) address."""

    title: str
    date: str
    location: str
    href: str
    carried_over: str

    @classmethod
    def of(cls, item: Evidence) -> EvidenceLine:
        return cls(
            item.title,
            french_date(item.date) if item.date else "",
            item.location,
            item.location if _WEB_ADDRESS.fullmatch(item.location) else "",
            CARRIED_OVER_MARK if item.carried_over else "",
        )


#: A location that may become a link: an http(s) address without spaces (never « javascript: » and the like).
_WEB_ADDRESS = re.compile(r"https?://[^\s]+", re.IGNORECASE)


@dataclass(frozen=True)
class PracticeLine:
    id: str
    text: str
    value: str
    value_class: str
    note: str
    previous: str = ""
    votes: str = ""
    target: str = ""
    evidence: tuple[EvidenceLine, ...] = ()


@dataclass(frozen=True)
class ActivityBlock:
    row: Row
    practices: list[PracticeLine]


@dataclass(frozen=True)
class ActionLine:
    practice: str
    text: str
    owner: str
    due: str
    status: str
    #: « 1 → 3 »: the targets the action serves (shown when the evaluation has targets).
    target: str = ""


@dataclass(frozen=True)
class AxisBlock:
    row: Row
    goals: tuple[str, ...]
    radar: Markup | None
    radar_missing: str
    radar_key: list[tuple[str, str]]
    activities: list[ActivityBlock]
    development: str
    actions: list[ActionLine] = field(default_factory=list)


def _css_colour(colour: str) -> str:
    """A trend colour name from the référentiel, kept to a safe CSS class suffix."""
    return re.sub(r"[^a-z0-9-]", "", colour.lower()) or "none"


def _value_class(value: Value) -> str:
    if value is None:
        return "unscored"
    return "na" if value == "na" else f"v{value}"


def _radar(
    spokes: list[Spoke],
    series: list[tuple[str, list[float]]],
    title: str,
    target: tuple[str, list[float]] | None = None,
) -> tuple[Markup | None, str]:
    """The radar drawn twice, for a page and for a phone (CSS shows one); or why there is none."""
    try:
        drawings = [radar_svg(spokes, series, title=title, layout=layout, target=target) for layout in (WIDE, COMPACT)]
    except RadarUnavailable as error:
        return None, str(error)
    return Markup("\n".join(drawings)), ""  # svg_radar escapes every text it draws


def previous_evaluation(evaluation: Evaluation) -> Evaluation | None:
    """The evaluation a re-scoring started from, as recorded in it (None when it is not one)."""
    if not evaluation.origin:
        return None
    return dataclasses.replace(
        evaluation,
        label="évaluation précédente",
        values=dict(evaluation.previous_values),
        notes={},
        votes={},
        actions=list(evaluation.previous_actions),
        origin=None,
        previous_values={},
        carried_over=set(),
        evidence={},
        targets=dict(evaluation.previous_targets),
        previous_targets={},
    )


def _series(recap: Recap, previous: Recap | None, pick: list[str], of: str) -> list[tuple[str, list[float]]]:
    table = recap.axes if of == "axes" else recap.activities
    series = [("Évaluation actuelle", [table[i].percent for i in pick])]
    if previous is not None:
        before = previous.axes if of == "axes" else previous.activities
        series.append(("Évaluation précédente", [before[i].percent for i in pick]))
    return series


def _target_series(target: Recap | None, pick: list[str], of: str) -> tuple[str, list[float]] | None:
    if target is None:
        return None
    table = target.axes if of == "axes" else target.activities
    return TARGET_LEGEND, [table[i].percent for i in pick]


def _axis_blocks(
    referentiel: Referentiel, evaluation: Evaluation, recap: Recap, previous: Recap | None, target: Recap | None
) -> list[AxisBlock]:
    per_activity = disagreements_per_activity(referentiel, evaluation.votes)
    plan = action_plan(referentiel, evaluation.actions)
    shown_previous = previous if target else None  # last year joins the tables beside the targets
    targets = evaluation_targets(referentiel, evaluation)
    blocks = []
    for axis in referentiel.axes:
        activities = axis.activities
        full = len(activities) <= _FULL_LABELS_UP_TO
        spokes = [
            Spoke(f"{a.id} {a.title}" if full else a.id, percent(recap.activities[a.id].percent)) for a in activities
        ]
        radar, missing = _radar(
            spokes,
            _series(recap, previous, [a.id for a in activities], "activities"),
            f"Radar des activités de l'axe {axis.id} {axis.title}",
            _target_series(target, [a.id for a in activities], "activities"),
        )
        blocks.append(
            AxisBlock(
                Row.of(axis.id, axis.title, recap.axes[axis.id], extra=_extra(target, shown_previous, "axes", axis.id)),
                axis.goals,
                radar,
                missing,
                [] if full or radar is None else [(a.id, a.title) for a in activities],
                [
                    ActivityBlock(
                        Row.of(
                            activity.id,
                            activity.title,
                            recap.activities[activity.id],
                            objective=objective.title,
                            disagreements=per_activity.get(activity.id, 0),
                            extra=_extra(target, shown_previous, "activities", activity.id),
                        ),
                        [_practice_line(referentiel, evaluation, p.id, targets) for p in activity.practices],
                    )
                    for objective in axis.objectives
                    for activity in objective.activities
                ],
                evaluation.development_axes.get(axis.id, ""),
                [
                    _action_line(referentiel, evaluation, a)
                    for a in plan
                    if referentiel.has_practice(a.practice_id) and referentiel.locate(a.practice_id)[3].id == axis.id
                ],
            )
        )
    return blocks


def _extra(target: Recap | None, previous: Recap | None, of: str, key: str) -> tuple[Figures | None, ...]:
    """A group's target and earlier figures, for the columns after its %."""
    return tuple(
        (source.axes if of == "axes" else source.activities)[key] if source else None for source in (target, previous)
    )


def _practice_line(
    referentiel: Referentiel, evaluation: Evaluation, practice_id: str, targets: Mapping[str, int]
) -> PracticeLine:
    """A practice as the tables show it; ``targets`` are the evaluation's that count (computed once)."""
    practice = referentiel.practice(practice_id)
    value = effective_value(practice, evaluation.values, evaluation.structure_type)
    previous = ""
    if evaluation.origin:
        previous = value_short(evaluation.previous_values.get(practice_id))
    votes = evaluation.votes.get(practice_id, {})
    evidence = evaluation.evidence_of(practice_id) if practice.applies(evaluation.structure_type) else []
    return PracticeLine(
        practice.id,
        practice.text,
        value_label(value, referentiel),
        _value_class(value),
        evaluation.note(practice.id),
        previous,
        ", ".join(f"{name} {vote}" for name, vote in votes.items()),
        target_short(targets.get(practice_id), value),
        tuple(EvidenceLine.of(item) for item in evidence),
    )


def _action_line(referentiel: Referentiel, evaluation: Evaluation, action: Action) -> ActionLine:
    return ActionLine(
        action.practice_id,
        action.text,
        action.owner or "—",
        long_date(action.due) if action.due else "—",
        action.status,
        served_targets(referentiel, evaluation, action),
    )


def export_html(referentiel: Referentiel, evaluation: Evaluation, *, today: dt.date | None = None) -> str:
    """The whole report as one HTML document (UTF-8 text)."""
    recap = evaluation.recap(referentiel)
    target = target_recap(referentiel, evaluation)
    earlier = previous_evaluation(evaluation)
    previous = earlier.recap(referentiel) if earlier else None
    shown_previous = previous if target else None  # last year joins the tables beside the targets
    answered, total = evaluation.progress(referentiel)
    axis_ids = [a.id for a in referentiel.axes]
    axes_radar, axes_missing = _radar(
        [Spoke(f"{a.id} {a.title}", percent(recap.axes[a.id].percent)) for a in referentiel.axes],
        _series(recap, previous, axis_ids, "axes"),
        "Radar des axes",
        _target_series(target, axis_ids, "axes"),
    )
    flagged = disagreements(referentiel, evaluation.votes)
    planned = [
        _practice_line(referentiel, evaluation, p.id, {})
        for p in referentiel.practices
        if evaluation.values.get(p.id) in (0, 1)
        and evaluation.note(p.id).strip()
        and p.applies(evaluation.structure_type)
    ]
    targets = evaluation_targets(referentiel, evaluation)
    evidence = [item for p in referentiel.practices for item in evaluation.evidence_of(p.id)]
    context = {
        "title": f"Auto-évaluation « {referentiel.short_title} » — {evaluation.siae}",
        "referentiel": referentiel,
        "evaluation": evaluation,
        "date": long_date(evaluation.date),
        "printed": long_date(today or CLOCK.today()),
        "participants": ", ".join(evaluation.participants),
        "progress": f"{answered}/{total}",
        "total": Row.of("", "Total", recap.total, extra=(target.total if target else None, _total(shown_previous))),
        "axes": [
            Row.of(a.id, a.title, recap.axes[a.id], extra=_extra(target, shown_previous, "axes", a.id))
            for a in referentiel.axes
        ],
        "extra_heads": [name for name, given in (("Cible", target), ("Préc.", shown_previous)) if given is not None],
        "target_total": percent(target.total.percent) if target else "",
        "target_count": len(targets),
        "has_targets": bool(targets),
        "has_evidence": bool(evidence),
        "evidence_count": len(evidence),
        "documented": sum(1 for p in referentiel.practices if evaluation.evidence_of(p.id)),
        "trend_bands": [
            (_css_colour(b.colour), f"{b.symbol} {b.label}", short_number(b.start)) for b in referentiel.trend
        ],
        "scale": [(f"v{level.value}", f"{level.value} — {level.label}") for level in referentiel.scale],
        "axes_radar": axes_radar,
        "axes_radar_missing": axes_missing,
        "rescoring": earlier is not None,
        "origin": evaluation.origin or "",
        "axis_blocks": _axis_blocks(referentiel, evaluation, recap, previous, target),
        "planned": planned,
        "has_votes": bool(evaluation.votes),
        "spread": DISAGREEMENT_SPREAD,
        "disagreements": [_practice_line(referentiel, evaluation, pid, {}) for pid in flagged],
        "actions": [_action_line(referentiel, evaluation, a) for a in action_plan(referentiel, evaluation.actions)],
        "comparison": comparison_context(referentiel, compare(referentiel, earlier, evaluation)) if earlier else None,
    }
    return environment().get_template("report.html.j2").render(context)


def _total(recap: Recap | None) -> Figures | None:
    return recap.total if recap else None
