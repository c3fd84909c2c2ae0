"""The comparison of two evaluations as text, JSON and Markdown (data from ``domain.compare``).

When the earlier evaluation had targets, each format ends with « Cibles
atteintes : n / m » and every target's outcome; without, nothing changes.
"""

from __future__ import annotations

from typing import Any

from siae_tui.domain.compare import Comparison, GroupChange, PracticeChange
from siae_tui.domain.evaluation import Evaluation
from siae_tui.domain.targets import TargetOutcome, TargetsReached, TargetStatus
from siae_tui.report.export_markdown import escape
from siae_tui.report.french import french_date, percent, signed
from siae_tui.report.labels import value_short


def arrow(delta: float) -> str:
    return "▲" if delta > 0 else "▼" if delta < 0 else "="


def signed_change(delta: float) -> str:
    """« ▲ +7,5 », « ▼ -2,0 » or « = 0,0 »: a change in points, readable without colour."""
    return f"{arrow(delta)} {signed(delta)}"


def first_scored_note(change: GroupChange) -> str:
    """« dont 2 pratiques notées pour la première fois ; à pratiques égales : = 0,0 » (empty when none)."""
    n = change.first_scored
    if not n:
        return ""
    practices = "1 pratique notée" if n == 1 else f"{n} pratiques notées"
    return f"dont {practices} pour la première fois ; à pratiques égales : {signed_change(change.like_for_like_delta)}"


#: Each outcome of an earlier target, as every format writes it.
TARGET_STATUS_LABELS: dict[TargetStatus, str] = {
    "reached": "atteinte",
    "not_reached": "non atteinte",
    "not_scored": "pas encore notée",
    "not_applicable": "devenue non applicable",
}


def targets_reached_heading(targets: TargetsReached) -> str:
    """« Cibles atteintes : 6 / 9 », saying how many became non applicable (left out of the count)."""
    text = f"Cibles atteintes : {len(targets.reached)} / {targets.counted}"
    left_out = len(targets.not_applicable)
    if left_out:
        plural = "s" if left_out > 1 else ""
        text += f" ({left_out} devenue{plural} non applicable{plural}, hors du compte)"
    return text


def outcome_value(outcome: TargetOutcome) -> str:
    """The later value of a target's practice: « 3 », « non notée », or « 3 (reprise) » when carried over."""
    carried = outcome.status == "not_scored" and outcome.value is not None
    return value_short(outcome.value) + (" (reprise)" if carried else "")


def _outcome_line(outcome: TargetOutcome) -> str:
    return (
        f"  {outcome.practice_id}  cible {outcome.target} → {outcome_value(outcome)}  "
        f"{TARGET_STATUS_LABELS[outcome.status]}  {outcome.text}"
    )


def _heading(evaluation: Evaluation) -> str:
    return french_date(evaluation.date) + (f" ({evaluation.label})" if evaluation.label else "")


def compare_text(comparison: Comparison) -> str:
    c = comparison
    lines = [
        f"{c.current.siae} : {_heading(c.earlier)} → {_heading(c.current)}",
        f"Résultat global : {percent(c.total_before)} → {percent(c.total_after)} "
        f"({signed_change(c.total_delta)} points)",
        *([f"  {first_scored_note(c.total)}"] if c.total and c.total.first_scored else []),
        "",
        f"{'Axe / activité':<46} {'avant':>8} {'après':>8} {'écart':>9}",
        "─" * 74,
    ]
    for axis in c.axes:
        lines.append(_row(f"Axe {axis.id} · {axis.title}", axis))
        for activity in c.activities:
            if c.referentiel.locate_activity(activity.id)[2].id == axis.id:
                lines.append(_row(f"  {activity.id} {activity.title}", activity))
    for title, changes in (
        ("En hausse", c.up),
        ("En baisse", c.down),
        ("Notées pour la première fois (pas une progression)", c.first_scored),
        ("Statut changé", c.status_changed),
    ):
        lines += ["", f"{title} ({len(changes)}) :"]
        lines += [f"  {ch.id}  {value_short(ch.before)} → {value_short(ch.after)}  {ch.text}" for ch in changes] or [
            "  aucune"
        ]
    if c.targets is not None:
        lines += ["", f"{targets_reached_heading(c.targets)} :"]
        lines += [_outcome_line(outcome) for outcome in c.targets.outcomes] or ["  aucune"]
    if c.not_comparable:
        lines += [
            "",
            f"Pratiques non comparables (absentes d'une des versions du référentiel) : {', '.join(c.not_comparable)}",
        ]
    return "\n".join(lines)


def _row(label: str, change: GroupChange) -> str:
    if len(label) > 46:
        label = label[:45] + "…"
    row = f"{label:<46} {percent(change.before):>8} {percent(change.after):>8} {signed_change(change.delta):>9}"
    if change.first_scored:
        row += f"\n{'':<4}↳ {first_scored_note(change)}"
    return row


def _group_json(g: GroupChange) -> dict[str, Any]:
    return {
        "id": g.id,
        "title": g.title,
        "before": g.before,
        "after": g.after,
        "delta": g.delta,
        "first_scored": g.first_scored,
        "like_for_like_delta": g.like_for_like_delta,
    }


def _practice_json(p: PracticeChange) -> dict[str, Any]:
    return {"practice": p.id, "before": p.before, "after": p.after}


def compare_json(comparison: Comparison) -> dict[str, Any]:
    c = comparison
    group, practice = _group_json, _practice_json
    data = {
        "siae": c.current.siae,
        "earlier": {"date": c.earlier.date.isoformat(), "label": c.earlier.label},
        "current": {"date": c.current.date.isoformat(), "label": c.current.label},
        "total": {"before": c.total_before, "after": c.total_after, "delta": c.total_delta},
        "axes": [group(g) for g in c.axes],
        "activities": [group(g) for g in c.activities],
        "up": [practice(p) for p in c.up],
        "down": [practice(p) for p in c.down],
        "status_changed": [practice(p) for p in c.status_changed],
        "first_scored": [practice(p) for p in c.first_scored],
        "not_comparable": c.not_comparable,
    }
    if c.targets is not None:
        data["targets"] = {
            "reached": len(c.targets.reached),
            "counted": c.targets.counted,
            "outcomes": [
                {"practice": o.practice_id, "target": o.target, "value": o.value, "status": o.status}
                for o in c.targets.outcomes
            ],
        }
    return data


def _figures(change: GroupChange) -> str:
    first = first_scored_note(change).removeprefix("dont ") or "—"
    return f"{percent(change.before)} | {percent(change.after)} | {signed_change(change.delta)} | {first}"


def compare_markdown(comparison: Comparison) -> str:
    c = comparison
    out = [
        f"# Évolution — {escape(c.current.siae)}",
        "",
        f"**Évaluation précédente :** {escape(_heading(c.earlier))} · "
        f"**Évaluation actuelle :** {escape(_heading(c.current))}",
        "",
        f"**Résultat global :** {percent(c.total_before)} → {percent(c.total_after)} "
        f"({signed_change(c.total_delta)} points)",
        "",
        "## Par axe",
        "",
        "| Axe | Avant | Après | Écart | Notées pour la première fois |",
        "|---|---:|---:|---|---|",
    ]
    out += [f"| {escape(a.id)} · {escape(a.title)} | {_figures(a)} |" for a in c.axes]
    out += [
        "",
        "## Par activité",
        "",
        "| Activité | Avant | Après | Écart | Notées pour la première fois |",
        "|---|---:|---:|---|---|",
    ]
    out += [f"| {escape(a.id)} {escape(a.title)} | {_figures(a)} |" for a in c.activities]
    for title, changes in (
        ("Pratiques en hausse", c.up),
        ("Pratiques en baisse", c.down),
        ("Pratiques notées pour la première fois (pas une progression)", c.first_scored),
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
    if c.targets is not None:
        out += ["", f"## {targets_reached_heading(c.targets)}", ""]
        if c.targets.outcomes:
            out += ["| N° | Pratique | Cible | Note | Résultat |", "|---|---|---|---|---|"]
            out += [
                f"| {escape(o.practice_id)} | {escape(o.text)} | {o.target} | {outcome_value(o)} | "
                f"{TARGET_STATUS_LABELS[o.status]} |"
                for o in c.targets.outcomes
            ]
        else:
            out.append("_Aucune._")
    if c.not_comparable:
        out += [
            "",
            "## Pratiques non comparables",
            "",
            "Absentes de l'une des deux versions du référentiel : " + ", ".join(escape(p) for p in c.not_comparable),
        ]
    return "\n".join(out) + "\n"
