"""A network's report: the consolidation in text, Markdown, JSON, CSV or HTML, and one SIAE's position.

Only what ``domain.consolidation`` computed is written: counts, medians,
quartiles, shares, histograms, practice texts of the référentiel. An entry's
identity and source never reach these functions' output, so no SIAE name,
SIRET or note can appear (the tests check every format). The JSON format is
documented in docs/consolidation-format.md.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from siae_tui.domain.consolidation import (
    BINS,
    DIMENSIONS,
    Consolidation,
    Group,
    Movement,
    Position,
    Stats,
)
from siae_tui.domain.metadata import network_label
from siae_tui.report.export_csv import french_csv
from siae_tui.report.export_html import environment
from siae_tui.report.french import number, percent, signed
from siae_tui.report.radar import RadarUnavailable, radar_text
from siae_tui.report.svg_radar import COMPACT, WIDE, Spoke, radar_svg

FORMAT = "siae-tui/consolidation"
FORMAT_VERSION = 1
POSITION_FORMAT = "siae-tui/position"

#: How each grouping is named in the reports (the JSON keys of ``DIMENSIONS``).
DIMENSION_LABELS = {"structure_type": "Type", "territory": "Territoire", "year": "Année", "network": "Réseau"}
NOT_GIVEN = "non renseigné"
_BIN_LABELS = tuple(f"{10 * i}–{10 * (i + 1)} %" for i in range(BINS))


def group_title(by: Mapping[str, str | None]) -> str:
    """« Type ACI · Territoire 35 », or « Ensemble des SIAE » for the group of all."""
    if not by:
        return "Ensemble des SIAE (dernière évaluation de chacune)"
    parts = []
    for key, value in by.items():
        shown = NOT_GIVEN if value is None else network_label(value) if key == "network" else value
        parts.append(f"{DIMENSION_LABELS.get(key, key)} {shown}")
    return " · ".join(parts)


def _by_words(consolidation: Consolidation) -> str:
    return ", ".join(DIMENSION_LABELS[DIMENSIONS[name]].lower() for name in consolidation.by) or "aucun"


def summary_lines(consolidation: Consolidation) -> list[str]:
    """What was read, kept, held back and skipped, in French sentences."""
    c = consolidation
    lines = [
        f"Référentiel : {c.referentiel.title} (« {c.referentiel.id} », version {c.referentiel.version})",
        f"{c.evaluations} évaluation(s) lue(s), {c.siae} SIAE, {c.siae_years} évaluation(s) retenue(s) "
        "(une par SIAE et par année : la plus récente).",
        f"Regroupement : {_by_words(c)} · groupes de {c.min_group} SIAE au moins.",
    ]
    if c.duplicates:
        lines.append(
            f"{c.duplicates} évaluation(s) en double (même SIAE, même année) écartée(s) : la plus récente est retenue."
        )
    if c.earlier_years:
        lines.append(
            f"{c.earlier_years} évaluation(s) d'années antérieures : comptées seulement dans « ce qui a bougé »."
        )
    if c.held_back_groups:
        lines.append(
            f"{c.held_back_groups} groupe(s) de moins de {c.min_group} SIAE non montré(s) "
            f"({c.held_back_siae} SIAE) : anonymat."
        )
    if c.overall_withheld:
        lines.append(
            "Ensemble des SIAE non montré : avec les groupes montrés, il laisserait déduire les chiffres des "
            f"{c.held_back_siae} SIAE non montrées (moins de {c.min_group})."
        )
    if c.skipped:
        lines.append(f"{len(c.skipped)} fichier(s) écarté(s) (liste à la fin).")
    return lines


def _movement_words(group: Group, min_group: int) -> str:
    if group.movements:
        return f"{group.evaluated_twice} SIAE évaluées deux années : écart médian par axe, le plus grand d'abord."
    if group.evaluated_twice:
        return f"{group.evaluated_twice} SIAE évaluée(s) deux années : moins de {min_group}, non montré (anonymat)."
    return "Aucune SIAE de ce groupe n'a d'évaluation d'une année antérieure."


# -- text ----------------------------------------------------------------------------


def _stats_row(stats: Stats, width: int) -> str:
    title = f"{stats.id} {stats.title}".strip() if stats.id else stats.title
    title = title if len(title) <= width else title[: width - 1] + "…"
    return (
        f"{title:<{width}} {percent(stats.median):>8} {percent(stats.q1):>8} {percent(stats.q3):>8} "
        f"{percent(stats.implemented_share):>8}  {_bars(stats.histogram)}"
    )


_BLOCKS = "·▁▂▃▄▅▆▇█"


def _bars(counts: Sequence[int]) -> str:
    """A histogram in ten characters, one per 10-point bin."""
    top = max(counts) or 1
    return "".join(_BLOCKS[0 if n == 0 else max(1, round(8 * n / top))] for n in counts)


def _text_group(group: Group, min_group: int) -> list[str]:
    width = 44
    header = f"{'':<{width}} {'médiane':>8} {'Q1':>8} {'Q3':>8} {'mis.œuv.':>8}  0 ─── 100 %"
    lines = [group_title(group.by), "=" * len(group_title(group.by)), f"{group.count} SIAE", "", header]
    lines += [_stats_row(s, width) for s in group.axes]
    lines.append(_stats_row(group.total, width))
    lines += ["", "Activités", header]
    lines += [_stats_row(s, width) for s in group.activities]
    lines += ["", "Pratiques le plus souvent notées 0 ou 1 (formation collective, outil partagé ?)"]
    lines += [f"  {w.id:<8} {percent(w.share):>8} ({w.low}/{w.scored})  {w.text}" for w in group.weakest] or [
        "  aucune"
    ]
    lines += ["", "Ce qui a bougé : " + _movement_words(group, min_group)]
    lines += [
        f"  Axe {m.id} {m.title} : {signed(m.median_change)} points (Q1 {signed(m.q1_change)}, "
        f"Q3 {signed(m.q3_change)}) · {m.up} en hausse, {m.down} en baisse"
        for m in group.movements
    ]
    return lines


def consolidation_text(consolidation: Consolidation) -> str:
    lines = ["Consolidation réseau — siae-tui", "", *summary_lines(consolidation), ""]
    lines.append("Colonnes : médiane, quartiles (Q1, Q3) du %, part des pratiques mises en œuvre, histogramme du %.")
    lines.append("")
    groups = ([consolidation.overall] if consolidation.overall else []) + consolidation.groups
    if not groups:
        lines.append(f"Aucun groupe d'au moins {consolidation.min_group} SIAE : rien à montrer.")
    for group in groups:
        lines += [*_text_group(group, consolidation.min_group), ""]
    if consolidation.skipped:
        lines.append("Fichiers écartés")
        lines += [f"  {s.path} : {s.reason}" for s in consolidation.skipped]
    return "\n".join(lines).rstrip() + "\n"


# -- Markdown ------------------------------------------------------------------------


def _md(text: str) -> str:
    """A table cell's text: no pipe, star, underscore or line break may break the table."""
    for char in "\\|*_`[]<>":
        text = text.replace(char, "\\" + char)
    return " ".join(text.split())


def _md_table(rows: Sequence[Stats]) -> list[str]:
    lines = [
        "| | médiane | Q1 | Q3 | mises en œuvre | histogramme (0 → 100 %) |",
        "|---|---:|---:|---:|---:|---|",
    ]
    for s in rows:
        title = _md(f"{s.id} {s.title}".strip() if s.id else f"**{s.title}**")
        if not s.id:
            title = f"**{_md(s.title)}**"
        lines.append(
            f"| {title} | {percent(s.median)} | {percent(s.q1)} | {percent(s.q3)} | "
            f"{percent(s.implemented_share)} | `{_bars(s.histogram)}` {'/'.join(map(str, s.histogram))} |"
        )
    return lines


def consolidation_markdown(consolidation: Consolidation) -> str:
    lines = ["# Consolidation réseau", ""] + [f"- {_md(line)}" for line in summary_lines(consolidation)] + [""]
    groups = ([consolidation.overall] if consolidation.overall else []) + consolidation.groups
    if not groups:
        lines += [f"Aucun groupe d'au moins {consolidation.min_group} SIAE : rien à montrer.", ""]
    for group in groups:
        lines += [f"## {_md(group_title(group.by))} — {group.count} SIAE", "", "### Axes", ""]
        lines += _md_table([*group.axes, group.total])
        lines += ["", "### Activités", ""]
        lines += _md_table(group.activities)
        lines += ["", "### Pratiques le plus souvent notées 0 ou 1", ""]
        if group.weakest:
            lines += ["| pratique | part notée 0 ou 1 | SIAE | texte |", "|---|---:|---:|---|"]
            lines += [f"| {w.id} | {percent(w.share)} | {w.low}/{w.scored} | {_md(w.text)} |" for w in group.weakest]
        else:
            lines.append("Aucune.")
        lines += ["", "### Ce qui a bougé", "", _md(_movement_words(group, consolidation.min_group)), ""]
        if group.movements:
            lines += [
                "| axe | écart médian (points) | Q1 | Q3 | en hausse | en baisse |",
                "|---|---:|---:|---:|---:|---:|",
            ]
            lines += [
                f"| {_md(f'{m.id} {m.title}')} | {signed(m.median_change)} | {signed(m.q1_change)} | "
                f"{signed(m.q3_change)} | {m.up} | {m.down} |"
                for m in group.movements
            ]
            lines.append("")
    if consolidation.skipped:
        lines += ["## Fichiers écartés", ""]
        lines += [f"- `{s.path.replace('`', '')}` : {_md(s.reason)}" for s in consolidation.skipped]
    return "\n".join(lines).rstrip() + "\n"


# -- JSON ------------------------------------------------------------------------------


def _stats_json(stats: Stats) -> dict[str, Any]:
    return {
        "id": stats.id,
        "title": stats.title,
        "count": stats.count,
        "median": stats.median,
        "q1": stats.q1,
        "q3": stats.q3,
        "implemented_share": stats.implemented_share,
        "histogram": list(stats.histogram),
    }


def _movement_json(movement: Movement) -> dict[str, Any]:
    return {
        "axis": movement.id,
        "title": movement.title,
        "median_change": movement.median_change,
        "q1_change": movement.q1_change,
        "q3_change": movement.q3_change,
        "up": movement.up,
        "down": movement.down,
    }


def _group_json(group: Group) -> dict[str, Any]:
    return {
        "by": dict(group.by),
        "count": group.count,
        "total": _stats_json(group.total),
        "axes": [_stats_json(s) for s in group.axes],
        "activities": [_stats_json(s) for s in group.activities],
        "weakest_practices": [
            {"id": w.id, "text": w.text, "low": w.low, "scored": w.scored, "share": w.share} for w in group.weakest
        ],
        "evaluated_twice": group.evaluated_twice,
        "movements": [_movement_json(m) for m in group.movements],
    }


def consolidation_document(consolidation: Consolidation) -> dict[str, Any]:
    c = consolidation
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "referentiel": {"id": c.referentiel.id, "version": c.referentiel.version, "title": c.referentiel.title},
        "by": [DIMENSIONS[name] for name in c.by],
        "min_group": c.min_group,
        "histogram_bins": [[10 * i, 10 * (i + 1)] for i in range(BINS)],
        "evaluations": c.evaluations,
        "count": c.siae,
        "siae_years": c.siae_years,
        "duplicates": c.duplicates,
        "earlier_years": c.earlier_years,
        "held_back": {"groups": c.held_back_groups, "siae": c.held_back_siae},
        "skipped": [{"path": s.path, "reason": s.reason} for s in c.skipped],
        "overall": _group_json(c.overall) if c.overall else None,
        "overall_withheld": c.overall_withheld,
        "groups": [_group_json(g) for g in c.groups],
    }


def consolidation_json(consolidation: Consolidation) -> str:
    return json.dumps(consolidation_document(consolidation), ensure_ascii=False, indent=2) + "\n"


# -- CSV -------------------------------------------------------------------------------


def consolidation_csv(consolidation: Consolidation) -> str:
    """One row per group and axis, activity or total; UTF-8 with BOM, ``;``, decimal commas, CRLF."""
    keys = [DIMENSIONS[name] for name in consolidation.by]
    lines: list[Sequence[object]] = [
        [*(DIMENSION_LABELS[k].lower() for k in keys)]
        + ["niveau", "id", "titre", "SIAE", "médiane", "q1", "q3", "mises en œuvre"]
        + [f"histogramme {label}" for label in _BIN_LABELS]
    ]
    groups = ([consolidation.overall] if consolidation.overall else []) + consolidation.groups
    for group in groups:
        prefix = ["ensemble" if not group.by else (group.by.get(k) or NOT_GIVEN) for k in keys]
        for level, rows in (("total", [group.total]), ("axe", group.axes), ("activité", group.activities)):
            for s in rows:
                lines.append(
                    [
                        *prefix,
                        level,
                        s.id,
                        s.title,
                        s.count,
                        number(s.median),
                        number(s.q1),
                        number(s.q3),
                        number(s.implemented_share),
                        *s.histogram,
                    ]
                )
    return french_csv(lines)


# -- HTML ------------------------------------------------------------------------------


@dataclass(frozen=True)
class HtmlRow:
    id: str
    title: str
    median: str
    q1: str
    q3: str
    implemented: str
    #: Box from Q1 to Q3 and the median, as % of the bar's width.
    left: float
    width: float
    mark: float
    histogram: list[tuple[int, float, str]]


def _html_row(stats: Stats) -> HtmlRow:
    top = max(stats.histogram) or 1
    return HtmlRow(
        stats.id,
        stats.title,
        percent(stats.median),
        percent(stats.q1),
        percent(stats.q3),
        percent(stats.implemented_share),
        stats.q1,
        max(stats.q3 - stats.q1, 0.6),
        stats.median,
        [
            (n, round(100 * n / top, 1), f"{label} : {n} SIAE")
            for n, label in zip(stats.histogram, _BIN_LABELS, strict=True)
        ],
    )


def _radar(spokes: list[Spoke], series: list[tuple[str, list[float]]], title: str) -> tuple[Markup | None, str]:
    try:
        drawings = [radar_svg(spokes, series, title=title, layout=layout) for layout in (WIDE, COMPACT)]
    except RadarUnavailable as error:
        return None, str(error)
    return Markup("\n".join(drawings)), ""  # svg_radar escapes every text it draws


def _group_html(group: Group, min_group: int) -> dict[str, Any]:
    radar, missing = _radar(
        [Spoke(f"{s.id} {s.title}", percent(s.median)) for s in group.axes],
        [("Médiane du groupe", [s.median for s in group.axes])],
        f"Radar des médianes par axe — {group_title(group.by)}",
    )
    by_axis: dict[str, list[HtmlRow]] = {}
    for s in group.activities:
        by_axis.setdefault(s.id.split(".")[0], []).append(_html_row(s))
    return {
        "title": group_title(group.by),
        "count": group.count,
        "axes": [_html_row(s) for s in group.axes],
        "total": _html_row(group.total),
        "activities": [(_html_row(a), by_axis.get(a.id, [])) for a in group.axes],
        "weakest": [(w.id, w.text, percent(w.share), f"{w.low}/{w.scored}") for w in group.weakest],
        "movement_words": _movement_words(group, min_group),
        "movements": [
            (f"{m.id} {m.title}", signed(m.median_change), signed(m.q1_change), signed(m.q3_change), m.up, m.down)
            for m in group.movements
        ],
        "radar": radar,
        "radar_missing": missing,
    }


def consolidation_html(consolidation: Consolidation) -> str:
    groups = ([consolidation.overall] if consolidation.overall else []) + consolidation.groups
    context = {
        "title": f"Consolidation réseau — {consolidation.referentiel.short_title}",
        "summary": summary_lines(consolidation),
        "min_group": consolidation.min_group,
        "groups": [_group_html(g, consolidation.min_group) for g in groups],
        "skipped": [(s.path, s.reason) for s in consolidation.skipped],
        "bins": _BIN_LABELS,
        "position": None,
    }
    return environment().get_template("consolidation.html.j2").render(context)


# -- positioning -----------------------------------------------------------------------


def _position_rows(position: Position) -> list[tuple[str, str, str, str, str, str]]:
    rows = []
    for a in [*position.axes, position.total]:
        title = f"{a.id} {a.title}".strip() if a.id else a.title
        if a.median is None or a.q1 is None or a.q3 is None:
            rows.append((title, percent(a.value), "—", "—", "—", ""))
        else:
            rows.append((title, percent(a.value), percent(a.median), percent(a.q1), percent(a.q3), a.placement))
    return rows


def position_message(position: Position) -> str:
    """Which group the SIAE is compared with, or why it cannot be."""
    title = group_title(position.by) if position.by else "Ensemble des SIAE"
    if position.shown:
        return f"Comparée au groupe « {title} » : {position.group_count} SIAE."
    return (
        f"Groupe « {title} » trop petit pour être montré : {position.group_count} SIAE, il en faut au moins "
        f"{position.min_group} (anonymat). Seuls vos pourcentages sont affichés ; essayez un regroupement plus "
        'large (--by avec moins de critères, ou --by "" pour toutes les SIAE) ou davantage d\'évaluations.'
    )


def position_text(position: Position, *, width: int = 72, color: bool = False) -> str:
    lines = ["Positionnement de votre SIAE — siae-tui", "", position_message(position), ""]
    lines.append(f"{'':<40} {'vous':>8} {'médiane':>8} {'Q1':>8} {'Q3':>8}")
    for title, value, median, q1, q3, placement in _position_rows(position):
        shown = title if len(title) <= 40 else title[:39] + "…"
        lines.append(f"{shown:<40} {value:>8} {median:>8} {q1:>8} {q3:>8}  {placement}".rstrip())
    series = [("Votre SIAE", [a.value for a in position.axes])]
    if position.shown:
        series.append(("Médiane du groupe", [a.median or 0.0 for a in position.axes]))
    try:
        radar = radar_text(
            [f"{a.id} {a.title}" for a in position.axes],
            series,
            width=width,
            height=24,
            color=color,
            figures=[percent(a.value, 0) for a in position.axes],
        )
        lines += ["", radar]
        if position.shown:
            lines.append("Radar : votre SIAE (points pleins) et la médiane du groupe (pointillés).")
    except RadarUnavailable as error:
        lines += ["", str(error)]
    return "\n".join(lines).rstrip() + "\n"


def position_markdown(position: Position) -> str:
    lines = ["# Positionnement de votre SIAE", "", _md(position_message(position)), ""]
    lines += ["| axe | vous | médiane | Q1 | Q3 | position |", "|---|---:|---:|---:|---:|---|"]
    lines += [f"| {_md(t)} | {v} | {m} | {a} | {b} | {p} |" for t, v, m, a, b, p in _position_rows(position)]
    return "\n".join(lines) + "\n"


def position_document(position: Position) -> dict[str, Any]:
    def row(a: Any) -> dict[str, Any]:
        return {"id": a.id, "title": a.title, "value": a.value, "median": a.median, "q1": a.q1, "q3": a.q3}

    return {
        "format": POSITION_FORMAT,
        "format_version": FORMAT_VERSION,
        "group": {"by": dict(position.by), "count": position.group_count, "shown": position.shown},
        "min_group": position.min_group,
        "total": row(position.total),
        "axes": [row(a) for a in position.axes],
    }


def position_json(position: Position) -> str:
    return json.dumps(position_document(position), ensure_ascii=False, indent=2) + "\n"


def position_csv(position: Position) -> str:
    lines: list[Sequence[object]] = [["id", "titre", "vous", "médiane", "q1", "q3"]]
    for a in [*position.axes, position.total]:
        cells = [a.median, a.q1, a.q3]
        lines.append([a.id or "total", a.title, number(a.value), *("" if c is None else number(c) for c in cells)])
    return french_csv(lines)


def position_html(position: Position, referentiel_title: str) -> str:
    series = [("Votre SIAE", [a.value for a in position.axes])]
    if position.shown:
        series.append(("Médiane du groupe", [a.median or 0.0 for a in position.axes]))
    radar, missing = _radar(
        [Spoke(f"{a.id} {a.title}", percent(a.value)) for a in position.axes], series, "Votre SIAE et son groupe"
    )
    context = {
        "title": f"Positionnement de votre SIAE — {referentiel_title}",
        "summary": [],
        "min_group": position.min_group,
        "groups": [],
        "skipped": [],
        "bins": _BIN_LABELS,
        "position": {
            "message": position_message(position),
            "shown": position.shown,
            "rows": _position_rows(position),
            "radar": radar,
            "radar_missing": missing,
        },
    }
    return environment().get_template("consolidation.html.j2").render(context)
