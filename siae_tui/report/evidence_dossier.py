"""The « dossier de preuves » as Markdown and as one HTML page, for an audit.

By axis, activity and practice: the value, the target and each evidence item
(document, date, location), « aucune preuve » where a practice that applies
has none, and the counts first. The data come from ``domain.dossier``; every
text is escaped as in the reports (``export_markdown.escape``, Jinja2's
autoescape), and a location becomes a link only when it is an http(s)
address.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from siae_tui.clock import CLOCK
from siae_tui.domain.dossier import Dossier, DossierPractice, evidence_dossier
from siae_tui.domain.evaluation import Evaluation
from siae_tui.domain.evidence import Evidence
from siae_tui.domain.model import Referentiel
from siae_tui.report.export_html import EvidenceLine, environment
from siae_tui.report.export_markdown import escape
from siae_tui.report.french import french_date, long_date
from siae_tui.report.labels import CARRIED_OVER_MARK, target_short, value_label

TITLE = "Dossier de preuves"
#: What the dossier says of a practice that applies and has no evidence.
GAP = "aucune preuve"


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def dossier_summary(dossier: Dossier) -> str:
    """« 3 preuves · 2 pratiques documentées sur 4 applicables · 2 sans preuve · 1 preuve reprise, à revoir »."""
    parts = [
        _plural(dossier.items, "preuve", "preuves"),
        f"{_plural(dossier.documented, 'pratique documentée', 'pratiques documentées')} "
        f"sur {dossier.applicable} applicable{'s' if dossier.applicable > 1 else ''}",
        f"{dossier.gaps} sans preuve",
    ]
    if dossier.carried_over:
        parts.append(
            f"{_plural(dossier.carried_over, 'preuve reprise', 'preuves reprises')} de l'évaluation précédente, "
            "à revoir"
        )
    return " · ".join(parts)


def _heading(evaluation: Evaluation) -> str:
    return f"{TITLE} — {evaluation.siae}"


def _target(practice: DossierPractice) -> str:
    return target_short(practice.target, practice.value) if practice.target is not None else "pas de cible"


def _markdown_item(item: Evidence) -> str:
    """« Livret » · 15/01/2026 · https://… : quoted, so that no title can start a list or a heading."""
    line = (
        f"« {escape(item.title)} » · {french_date(item.date) if item.date else 'sans date'} · "
        f"{escape(item.location) or 'emplacement non précisé'}"
    )
    return line + (f" _({CARRIED_OVER_MARK})_" if item.carried_over else "")


def dossier_markdown(referentiel: Referentiel, evaluation: Evaluation) -> str:
    """The dossier as Markdown text."""
    dossier = evidence_dossier(referentiel, evaluation)
    out = [f"# {escape(_heading(evaluation))}", ""]
    details = [f"**Date de l'évaluation :** {long_date(evaluation.date)}"]
    if evaluation.label:
        details.append(f"**Libellé :** {escape(evaluation.label)}")
    details.append(f"**Type de structure :** {escape(evaluation.structure_type)}")
    out += [" · ".join(details), ""]
    out += [f"**Référentiel :** {escape(referentiel.title)} (version {escape(referentiel.version)})", ""]
    out += [f"**{dossier_summary(dossier)}**", ""]
    out += [
        "Pour chaque pratique : sa note, sa cible et ses preuves (document · date · emplacement). "
        f"« {GAP} » signale une pratique applicable sans document.",
        "",
    ]
    for axis in dossier.axes:
        out += [f"## Axe {escape(axis.axis.id)} · {escape(axis.axis.title)}", ""]
        for block in axis.activities:
            out += [f"### {escape(block.activity.id)} {escape(block.activity.title)}", ""]
            for practice in block.practices:
                out.append(
                    f"- **{escape(practice.practice.id)}** {escape(practice.practice.text)} — "
                    f"note : {escape(value_label(practice.value, referentiel))} · cible : {escape(_target(practice))}"
                )
                if practice.evidence:
                    out += [f"  - {_markdown_item(item)}" for item in practice.evidence]
                elif practice.gap:
                    out.append(f"  - **{GAP}**")
                else:
                    out.append("  - _aucune preuve (pratique non applicable)_")
            out.append("")
    return "\n".join(out).rstrip() + "\n"


@dataclass(frozen=True)
class _Line:
    id: str
    text: str
    value: str
    value_class: str
    target: str
    evidence: tuple[EvidenceLine, ...]
    gap: bool


def _line(referentiel: Referentiel, practice: DossierPractice) -> _Line:
    value = practice.value
    value_class = "unscored" if value is None else ("na" if not practice.applicable else f"v{value}")
    return _Line(
        practice.practice.id,
        practice.practice.text,
        value_label(value, referentiel),
        value_class,
        _target(practice),
        tuple(EvidenceLine.of(item) for item in practice.evidence),
        practice.gap,
    )


def dossier_html(referentiel: Referentiel, evaluation: Evaluation, *, today: dt.date | None = None) -> str:
    """The dossier as one self-contained HTML page (printable, like the report)."""
    dossier = evidence_dossier(referentiel, evaluation)
    context = {
        "title": _heading(evaluation),
        "referentiel": referentiel,
        "evaluation": evaluation,
        "date": long_date(evaluation.date),
        "printed": long_date(today or CLOCK.today()),
        "summary": dossier_summary(dossier),
        "gap": GAP,
        "axes": [
            (
                axis.axis,
                [(block.activity, [_line(referentiel, p) for p in block.practices]) for block in axis.activities],
            )
            for axis in dossier.axes
        ],
    }
    return environment().get_template("evidence.html.j2").render(context)
