"""The comparison of two evaluations as text, JSON and Markdown (data from ``domain.compare``)."""

from __future__ import annotations

from typing import Any

from siae_tui.domain.compare import Comparison, GroupChange, PracticeChange
from siae_tui.domain.evaluation import Evaluation
from siae_tui.report.export_markdown import escape
from siae_tui.report.french import french_date, percent, signed
from siae_tui.report.labels import value_short


def arrow(delta: float) -> str:
    return "▲" if delta > 0 else "▼" if delta < 0 else "="


def signed_change(delta: float) -> str:
    """« ▲ +7,5 », « ▼ -2,0 » or « = 0,0 »: a change in points, readable without colour."""
    return f"{arrow(delta)} {signed(delta)}"


def _heading(evaluation: Evaluation) -> str:
    return french_date(evaluation.date) + (f" ({evaluation.label})" if evaluation.label else "")


def compare_text(comparison: Comparison) -> str:
    c = comparison
    lines = [
        f"{c.current.siae} : {_heading(c.earlier)} → {_heading(c.current)}",
        f"Résultat global : {percent(c.total_before)} → {percent(c.total_after)} "
        f"({signed_change(c.total_delta)} points)",
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
    return f"{label:<46} {percent(change.before):>8} {percent(change.after):>8} {signed_change(change.delta):>9}"


def _group_json(g: GroupChange) -> dict[str, Any]:
    return {"id": g.id, "title": g.title, "before": g.before, "after": g.after, "delta": g.delta}


def _practice_json(p: PracticeChange) -> dict[str, Any]:
    return {"practice": p.id, "before": p.before, "after": p.after}


def compare_json(comparison: Comparison) -> dict[str, Any]:
    c = comparison
    group, practice = _group_json, _practice_json
    return {
        "siae": c.current.siae,
        "earlier": {"date": c.earlier.date.isoformat(), "label": c.earlier.label},
        "current": {"date": c.current.date.isoformat(), "label": c.current.label},
        "total": {"before": c.total_before, "after": c.total_after, "delta": c.total_delta},
        "axes": [group(g) for g in c.axes],
        "activities": [group(g) for g in c.activities],
        "up": [practice(p) for p in c.up],
        "down": [practice(p) for p in c.down],
        "status_changed": [practice(p) for p in c.status_changed],
        "not_comparable": c.not_comparable,
    }


def _figures(change: GroupChange) -> str:
    return f"{percent(change.before)} | {percent(change.after)} | {signed_change(change.delta)}"


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
        "| Axe | Avant | Après | Écart |",
        "|---|---:|---:|---|",
    ]
    out += [f"| {escape(a.id)} · {escape(a.title)} | {_figures(a)} |" for a in c.axes]
    out += ["", "## Par activité", "", "| Activité | Avant | Après | Écart |", "|---|---:|---:|---|"]
    out += [f"| {escape(a.id)} {escape(a.title)} | {_figures(a)} |" for a in c.activities]
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
