"""Export by format name or file name: md, html, json, csv (text) and xlsx (bytes); the dossier de preuves."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from siae_tui.domain.evaluation import Evaluation
from siae_tui.domain.model import Referentiel
from siae_tui.report.evidence_dossier import dossier_html, dossier_markdown
from siae_tui.report.export_csv import export_csv
from siae_tui.report.export_html import export_html
from siae_tui.report.export_json import export_json
from siae_tui.report.export_markdown import export_markdown
from siae_tui.report.export_xlsx import export_xlsx

FORMATS: dict[str, Callable[[Referentiel, Evaluation], str | bytes]] = {
    "md": export_markdown,
    "html": export_html,
    "xlsx": export_xlsx,
    "csv": export_csv,
    "json": export_json,
}
#: What each format is, in the words of the export dialog and the CLI's help.
DESCRIPTIONS = {
    "md": "rapport Markdown",
    "html": "rapport HTML (navigateur, impression A4)",
    "xlsx": "classeur Excel (réimportable)",
    "csv": "tableau CSV (une ligne par pratique)",
    "json": "données JSON (réimportables)",
}
_SUFFIXES = {"md": "md", "markdown": "md", "html": "html", "htm": "html", "xlsx": "xlsx", "csv": "csv", "json": "json"}


def render_export(referentiel: Referentiel, evaluation: Evaluation, fmt: str) -> str | bytes:
    """The export in format ``fmt``: text for md, html, csv and json, bytes for xlsx."""
    return FORMATS[fmt](referentiel, evaluation)


def format_for(path: Path) -> str | None:
    """The format a file name asks for (``.md``, ``.html``, ``.xlsx``, ``.csv``, ``.json``), None otherwise."""
    return _SUFFIXES.get(path.suffix.lower().lstrip("."))


#: The « dossier de preuves » (``evidence_dossier``): Markdown or HTML, chosen like a report.
DOSSIER_FORMATS: dict[str, Callable[[Referentiel, Evaluation], str]] = {"md": dossier_markdown, "html": dossier_html}
DOSSIER_DESCRIPTIONS = {
    "md": "dossier de preuves Markdown",
    "html": "dossier de preuves HTML (navigateur, impression A4)",
}


def render_dossier(referentiel: Referentiel, evaluation: Evaluation, fmt: str) -> str:
    """The dossier de preuves in format ``fmt`` (md or html)."""
    return DOSSIER_FORMATS[fmt](referentiel, evaluation)


def dossier_format_for(path: Path) -> str | None:
    """The dossier's format a file name asks for (``.md``, ``.html``), None otherwise."""
    fmt = format_for(path)
    return fmt if fmt in DOSSIER_FORMATS else None
