"""Compare two evaluations of the same référentiel: what moved, axis by axis.

When the two evaluations used different versions of the référentiel, they
compare on the practice ids they share; the practices that exist on one side
only are listed as not comparable, never silently counted.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from siae_tui.domain.evaluation import Evaluation
from siae_tui.domain.export_markdown import escape
from siae_tui.domain.labels import value_short
from siae_tui.domain.model import Referentiel
from siae_tui.domain.scoring import NOT_APPLICABLE, Value, compute_recap


def arrow(delta: float) -> str:
    return "▲" if delta > 0 else "▼" if delta < 0 else "="


@dataclass(frozen=True)
class GroupChange:
    """An axis or an activity: earlier and current %, and the difference in points."""

    id: str
    title: str
    before: float
    after: float

    @property
    def delta(self) -> float:
        return round(self.after - self.before, 1)

    @property
    def signed(self) -> str:
        return f"{arrow(self.delta)} {self.delta:+.1f}".replace("+0.0", "0.0")


@dataclass(frozen=True)
class PracticeChange:
    id: str
    text: str
    before: Value
    after: Value


@dataclass
class Comparison:
    referentiel: Referentiel
    earlier: Evaluation
    current: Evaluation
    axes: list[GroupChange] = field(default_factory=list)
    activities: list[GroupChange] = field(default_factory=list)
    up: list[PracticeChange] = field(default_factory=list)
    down: list[PracticeChange] = field(default_factory=list)
    status_changed: list[PracticeChange] = field(default_factory=list)
    not_comparable: list[str] = field(default_factory=list)
    total_before: float = 0.0
    total_after: float = 0.0


def compare(
    referentiel: Referentiel, earlier: Evaluation, current: Evaluation, earlier_referentiel: Referentiel | None = None
) -> Comparison:
    """Compare ``current`` (scored on ``referentiel``) with ``earlier``.

    ``earlier_referentiel`` is the référentiel the earlier evaluation used
    (passing the same one is fine): when its version differs, practices missing
    from either version are listed in ``not_comparable`` and left out of both
    sides' figures.
    """
    current_ids = {p.id for p in referentiel.practices}
    earlier_ids = {p.id for p in earlier_referentiel.practices} if earlier_referentiel else current_ids
    shared = current_ids & earlier_ids
    not_comparable = sorted((current_ids ^ earlier_ids) | (set(earlier.values) - current_ids), key=_natural)
    excluded = dict.fromkeys(current_ids - shared, NOT_APPLICABLE)
    before_recap = compute_recap(
        referentiel, {**{k: v for k, v in earlier.values.items() if k in shared}, **excluded}, earlier.structure_type
    )
    after_recap = compute_recap(referentiel, {**current.values, **excluded}, current.structure_type)
    result = Comparison(
        referentiel,
        earlier,
        current,
        not_comparable=not_comparable,
        total_before=before_recap.total.percent,
        total_after=after_recap.total.percent,
    )
    for axis in referentiel.axes:
        result.axes.append(
            GroupChange(axis.id, axis.title, before_recap.axes[axis.id].percent, after_recap.axes[axis.id].percent)
        )
        for activity in axis.activities:
            result.activities.append(
                GroupChange(
                    activity.id,
                    activity.title,
                    before_recap.activities[activity.id].percent,
                    after_recap.activities[activity.id].percent,
                )
            )
    for practice in referentiel.practices:
        if practice.id not in shared:
            continue
        before, after = earlier.values.get(practice.id), current.values.get(practice.id)
        if before == after:
            continue
        change = PracticeChange(practice.id, practice.text, before, after)
        if isinstance(before, int) and isinstance(after, int):
            (result.up if after > before else result.down).append(change)
        else:
            result.status_changed.append(change)
    return result


def _natural(practice_id: str) -> tuple:
    return tuple(int(p) if p.isdigit() else p for p in practice_id.split("."))


def _heading(evaluation: Evaluation) -> str:
    return f"{evaluation.date.strftime('%d/%m/%Y')}" + (f" ({evaluation.label})" if evaluation.label else "")


def compare_text(comparison: Comparison) -> str:
    c = comparison
    lines = [
        f"{c.current.siae} : {_heading(c.earlier)} → {_heading(c.current)}",
        f"Résultat global : {c.total_before:.1f} % → {c.total_after:.1f} % "
        f"({GroupChange('', '', c.total_before, c.total_after).signed} points)",
        "",
        f"{'Axe / activité':<46} {'avant':>8} {'après':>8} {'écart':>9}",
        "─" * 74,
    ]
    for axis in c.axes:
        lines.append(_row(f"Axe {axis.id} · {axis.title}", axis))
        for activity in c.activities:
            if c.referentiel.locate_activity(activity.id)[2].id == axis.id:
                lines.append(_row(f"  {activity.id} {activity.title}", activity))
    for title, changes in (("En hausse", c.up), ("En baisse", c.down), ("Statut changé", c.status_changed)):
        lines += ["", f"{title} ({len(changes)}) :"]
        lines += [f"  {ch.id}  {value_short(ch.before)} → {value_short(ch.after)}  {ch.text}" for ch in changes] or [
            "  aucune"
        ]
    if c.not_comparable:
        lines += [
            "",
            f"Pratiques non comparables (absentes d'une des versions du référentiel) : {', '.join(c.not_comparable)}",
        ]
    return "\n".join(lines)


def _row(label: str, change: GroupChange) -> str:
    if len(label) > 46:
        label = label[:45] + "…"
    return f"{label:<46} {change.before:>6.1f} % {change.after:>6.1f} % {change.signed:>9}"


def compare_json(comparison: Comparison) -> dict[str, Any]:
    c = comparison
    group = lambda g: {"id": g.id, "title": g.title, "before": g.before, "after": g.after, "delta": g.delta}  # noqa: E731
    practice = lambda p: {"practice": p.id, "before": p.before, "after": p.after}  # noqa: E731
    return {
        "siae": c.current.siae,
        "earlier": {"date": c.earlier.date.isoformat(), "label": c.earlier.label},
        "current": {"date": c.current.date.isoformat(), "label": c.current.label},
        "total": {"before": c.total_before, "after": c.total_after, "delta": round(c.total_after - c.total_before, 1)},
        "axes": [group(g) for g in c.axes],
        "activities": [group(g) for g in c.activities],
        "up": [practice(p) for p in c.up],
        "down": [practice(p) for p in c.down],
        "status_changed": [practice(p) for p in c.status_changed],
        "not_comparable": c.not_comparable,
    }


def compare_markdown(comparison: Comparison) -> str:
    c = comparison
    out = [
        f"# Évolution — {escape(c.current.siae)}",
        "",
        f"**Évaluation précédente :** {escape(_heading(c.earlier))} · "
        f"**Évaluation actuelle :** {escape(_heading(c.current))}",
        "",
        f"**Résultat global :** {c.total_before:.1f} % → {c.total_after:.1f} % "
        f"({GroupChange('', '', c.total_before, c.total_after).signed} points)",
        "",
        "## Par axe",
        "",
        "| Axe | Avant | Après | Écart |",
        "|---|---:|---:|---|",
    ]
    out += [f"| {escape(a.id)} · {escape(a.title)} | {a.before:.1f} % | {a.after:.1f} % | {a.signed} |" for a in c.axes]
    out += ["", "## Par activité", "", "| Activité | Avant | Après | Écart |", "|---|---:|---:|---|"]
    out += [
        f"| {escape(a.id)} {escape(a.title)} | {a.before:.1f} % | {a.after:.1f} % | {a.signed} |" for a in c.activities
    ]
    for title, changes in (
        ("Pratiques en hausse", c.up),
        ("Pratiques en baisse", c.down),
        ("Pratiques dont le statut a changé", c.status_changed),
    ):
        out += ["", f"## {title} ({len(changes)})", ""]
        if not changes:
            out.append("_Aucune._")
            continue
        out += ["| N° | Pratique | Avant | Après |", "|---|---|---|---|"]
        out += [
            f"| {escape(p.id)} | {escape(p.text)} | {value_short(p.before)} | {value_short(p.after)} |" for p in changes
        ]
    if c.not_comparable:
        out += [
            "",
            "## Pratiques non comparables",
            "",
            "Absentes de l'une des deux versions du référentiel : " + ", ".join(escape(p) for p in c.not_comparable),
        ]
    return "\n".join(out) + "\n"
