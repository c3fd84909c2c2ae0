"""The Markdown report a board member reads: recap, radar, detail, improvement plan.

Every piece of text typed by a user (SIAE name, notes, axes de développement,
evidence) goes through ``escape`` so that a ``|``, ``*``, backtick, HTML tag or
line break cannot break a table or the formatting, on GitHub as in pandoc.

Targets and evidence add columns only when the evaluation has some: « Cible »
(and, for a re-scoring, « Préc. ») in the recap tables, « Cible » and
« Preuves » in the practice tables, « Cible » in the action plan. A report
without them reads exactly as before.
"""

from __future__ import annotations

import re

from siae_tui.domain.evaluation import Evaluation
from siae_tui.domain.model import Activity, Axis, Referentiel
from siae_tui.domain.scoring import Recap, effective_value
from siae_tui.domain.targets import evaluation_targets, target_recap
from siae_tui.domain.workshop import DISAGREEMENT_SPREAD, action_plan, disagreements, disagreements_per_activity
from siae_tui.report.french import french_date, long_date, percent, short_number
from siae_tui.report.labels import evidence_text, served_targets, target_short, value_label
from siae_tui.report.radar import RadarUnavailable, axes_radar
from siae_tui.report.recap import RecapRow, recap_rows

_MARKDOWN_SPECIALS = re.compile(r"([\\`*_\[\]|#~])")


def escape(text: str) -> str:
    """Text safe inside a Markdown table cell or paragraph (one line)."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _MARKDOWN_SPECIALS.sub(r"\\\1", text)
    lines = [line.strip() for line in text.replace("\r", "\n").split("\n") if line.strip()]
    return " / ".join(lines)


def _figure_cells(row: RecapRow) -> str:
    cells = list(row.cells())
    cells[3:3] = [percent(f.percent) for f in (row.target, row.previous) if f is not None]
    return " | ".join(cells)


def export_markdown(referentiel: Referentiel, evaluation: Evaluation) -> str:
    """The whole report as Markdown text."""
    recap = evaluation.recap(referentiel)
    target = target_recap(referentiel, evaluation)
    # Last year joins the recap beside the targets (a report without targets is left as it was).
    previous = evaluation.previous_recap(referentiel) if target else None
    answered, total = evaluation.progress(referentiel)
    out: list[str] = []
    add = out.append
    add(f"# Auto-évaluation « {escape(referentiel.short_title)} » — {escape(evaluation.siae)}")
    add("")
    details = [f"**Date :** {long_date(evaluation.date)}"]
    if evaluation.label:
        details.append(f"**Libellé :** {escape(evaluation.label)}")
    details.append(f"**Type de structure :** {escape(evaluation.structure_type)}")
    add(" · ".join(details))
    add("")
    add(f"**Référentiel :** {escape(referentiel.title)} (version {escape(referentiel.version)})")
    add("")
    participants = ", ".join(escape(p) for p in evaluation.participants) or "non renseignés"
    add(f"**Participants :** {participants}")
    add("")
    add(
        f"**Progression :** {answered}/{total} pratiques notées · **Résultat global :** "
        f"{percent(recap.total.percent)} ({recap.total.trend.symbol} {recap.total.trend.label})"
    )
    add("")
    if target:
        targets = evaluation_targets(referentiel, evaluation)
        add(f"**Cibles :** {len(targets)} pratiques · **Résultat visé :** {percent(target.total.percent)}")
        add("")
    if evaluation.evidence:
        count = sum(len(evaluation.evidence_of(p.id)) for p in referentiel.practices)
        documented = sum(1 for p in referentiel.practices if evaluation.evidence_of(p.id))
        add(f"**Preuves :** {count} pour {documented} pratiques (détail dans le dossier de preuves)")
        add("")
    _recap_section(out, referentiel, recap, target, previous)
    _radar_section(out, referentiel, recap, target, previous)
    _detail_section(out, referentiel, evaluation)
    _plan_section(out, referentiel, evaluation)
    _workshop_sections(out, referentiel, evaluation)
    return "\n".join(out).rstrip() + "\n"


def _recap_section(
    out: list[str], referentiel: Referentiel, recap: Recap, target: Recap | None, previous: Recap | None
) -> None:
    extra = [name for name, given in (("Cible", target), ("Préc.", previous)) if given is not None]
    header = (
        "| Score | Max | % | " + "".join(f"{name} | " for name in extra) + "Mises en œuvre | Non notées | Tendance |"
    )
    rule = "|---:|---:|---:|" + "---:|" * len(extra) + "---:|---:|---|"
    rows = recap_rows(referentiel, recap, objectives=False, target=target, previous=previous)
    out += ["## Récapitulatif par axe", "", f"| Axe {header}", f"|---{rule}"]
    for row in rows:
        if row.kind == "axis":
            out.append(f"| {escape(row.id)} · {escape(row.title)} | {_figure_cells(row)} |")
        elif row.kind == "total":
            out.append(f"| **Total** | {_figure_cells(row)} |")
    out += [
        "",
        "Tendance : "
        + " · ".join(f"{b.symbol} {escape(b.label)} dès {short_number(b.start)} %" for b in referentiel.trend),
        "",
    ]
    if extra:
        out += [
            "Cible : le % avec chaque cible atteinte (une cible ne baisse jamais une note)"
            + (" · Préc. : l'évaluation précédente" if previous is not None else ""),
            "",
        ]
    out += ["## Récapitulatif par activité", ""]
    by_activity = {row.id: row for row in rows if row.kind == "activity"}
    for axis in referentiel.axes:
        out += [
            f"### Axe {escape(axis.id)} · {escape(axis.title)}",
            "",
            f"| Activité | Objectif opérationnel {header}",
            f"|---|---{rule}",
        ]
        for objective in axis.objectives:
            for activity in objective.activities:
                row = by_activity[activity.id]
                out.append(
                    f"| {escape(activity.id)} {escape(activity.title)} | {escape(objective.title)} | "
                    f"{_figure_cells(row)} |"
                )
        out.append("")


def _radar_section(
    out: list[str], referentiel: Referentiel, recap: Recap, target: Recap | None, previous: Recap | None
) -> None:
    out += ["## Radar", ""]
    try:
        radar = axes_radar(referentiel, recap, previous, width=76, height=22, target=target)
    except RadarUnavailable as error:
        out += [f"_{escape(str(error))}_", ""]
        return
    fence = "````" if "```" in radar else "```"
    out += [f"{fence}text", radar, fence, ""]


def _detail_section(out: list[str], referentiel: Referentiel, evaluation: Evaluation) -> None:
    targets = evaluation_targets(referentiel, evaluation)
    out += ["## Détail des pratiques", ""]
    for axis in referentiel.axes:
        out += [f"### Axe {escape(axis.id)} · {escape(axis.title)}", ""]
        for goal in axis.goals:
            out.append(f"- {escape(goal)}")
        if axis.goals:
            out.append("")
        for objective in axis.objectives:
            for activity in objective.activities:
                _practice_table(out, referentiel, evaluation, activity, targets)
        development = evaluation.development_axes.get(axis.id, "")
        out += [f"**{escape(referentiel.development_axes_label)} :** {escape(development) or '—'}", ""]
        _axis_actions(out, referentiel, evaluation, axis, with_targets=bool(targets))


def _practice_table(
    out: list[str], referentiel: Referentiel, evaluation: Evaluation, activity: Activity, targets: dict[str, int]
) -> None:
    """An activity's practices: number, text, value, « Cible » and « Preuves » when there are some, note."""
    with_targets, with_evidence = bool(targets), bool(evaluation.evidence)
    extra = ["Cible"] * with_targets + ["Preuves"] * with_evidence
    out += [
        f"#### {escape(activity.id)} {escape(activity.title)}",
        "",
        f"| N° | Pratique | Note | {''.join(f'{name} | ' for name in extra)}{escape(referentiel.note_label)} |",
        "|---|---|---|" + "---|" * len(extra) + "---|",
    ]
    for practice in activity.practices:
        value = effective_value(practice, evaluation.values, evaluation.structure_type)
        cells = [escape(practice.id), escape(practice.text), escape(value_label(value, referentiel))]
        if with_targets:
            cells.append(escape(target_short(targets.get(practice.id), value)))
        if with_evidence:
            items = evaluation.evidence_of(practice.id) if practice.applies(evaluation.structure_type) else []
            cells.append(" ; ".join(escape(evidence_text(item)) for item in items) or "—")
        cells.append(escape(evaluation.note(practice.id)))
        out.append(f"| {' | '.join(cells)} |")
    out.append("")


def _axis_actions(
    out: list[str], referentiel: Referentiel, evaluation: Evaluation, axis: Axis, *, with_targets: bool
) -> None:
    """The axis's actions, in the plan's order, each with the targets it serves when targets are shown."""
    axis_actions = [
        a
        for a in action_plan(referentiel, evaluation.actions)
        if referentiel.has_practice(a.practice_id) and referentiel.locate(a.practice_id)[3].id == axis.id
    ]
    for action in axis_actions:
        due = f", échéance {french_date(action.due)}" if action.due else ""
        served = f", cible {served_targets(referentiel, evaluation, action)}" if with_targets else ""
        out.append(
            f"- Action {escape(action.practice_id)} : {escape(action.text)} ({escape(action.owner) or '—'}{due}, "
            f"{escape(action.status)}{served})"
        )
    if axis_actions:
        out.append("")


def _plan_section(out: list[str], referentiel: Referentiel, evaluation: Evaluation) -> None:
    out += [
        "## Plan d'amélioration",
        "",
        "Pratiques notées 0 ou 1 pour lesquelles l'équipe a noté une amélioration.",
        "",
    ]
    planned = [
        (practice, evaluation.values[practice.id])
        for practice in referentiel.practices
        if evaluation.values.get(practice.id) in (0, 1)
        and evaluation.note(practice.id).strip()
        and practice.applies(evaluation.structure_type)
    ]
    if not planned:
        out += ["_Aucune pour le moment._", ""]
        return
    out += [f"| N° | Pratique | Note | {escape(referentiel.note_label)} |", "|---|---|---|---|"]
    for practice, value in planned:
        out.append(
            f"| {escape(practice.id)} | {escape(practice.text)} | {escape(value_label(value, referentiel))} | "
            f"{escape(evaluation.note(practice.id))} |"
        )
    out.append("")


def _workshop_sections(out: list[str], referentiel: Referentiel, evaluation: Evaluation) -> None:
    """Disagreements between participants and the action plan, when the workshop recorded them."""
    flagged = disagreements(referentiel, evaluation.votes)
    if evaluation.votes:
        out += [
            "## Désaccords à discuter",
            "",
            f"Pratiques dont les votes s'écartent de {DISAGREEMENT_SPREAD} points ou plus.",
            "",
        ]
        if flagged:
            per_activity = disagreements_per_activity(referentiel, evaluation.votes)
            out += ["Par activité : " + " · ".join(f"{escape(a)} ({n})" for a, n in per_activity.items()), ""]
            out += ["| N° | Pratique | Votes | Note retenue |", "|---|---|---|---|"]
            for practice_id in flagged:
                votes = ", ".join(f"{escape(name)} {vote}" for name, vote in evaluation.votes[practice_id].items())
                out.append(
                    f"| {escape(practice_id)} | {escape(referentiel.practice(practice_id).text)} | {votes} | "
                    f"{escape(value_label(evaluation.values.get(practice_id), referentiel))} |"
                )
        else:
            out.append("_Aucun._")
        out.append("")
    if evaluation.actions:
        # With targets, each action says which it serves: « 1 → 3 » (current value → target).
        served = bool(evaluation_targets(referentiel, evaluation))
        out += [
            "## Plan d'action",
            "",
            "| N° | Action | Responsable | Échéance | Statut |" + (" Cible |" if served else ""),
            "|---|---|---|---|---|" + ("---|" if served else ""),
        ]
        for action in action_plan(referentiel, evaluation.actions):
            due = french_date(action.due) if action.due else "—"
            target = f" {served_targets(referentiel, evaluation, action)} |" if served else ""
            out.append(
                f"| {escape(action.practice_id)} | {escape(action.text)} | {escape(action.owner) or '—'} | "
                f"{due} | {escape(action.status)} |{target}"
            )
        out.append("")
