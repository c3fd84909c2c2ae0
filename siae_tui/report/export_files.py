"""Export by format name or file name: md, html, json, csv (text) and xlsx (bytes); the dossier de preuves."""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import cast

from siae_tui.domain.evaluation import Evaluation
from siae_tui.domain.model import Referentiel

#: Each format's renderer as (module, function), imported by its first export: openpyxl and
#: jinja2 alone cost about 70 ms, which the app's start and the other commands need not pay.
RENDERERS: dict[str, tuple[str, str]] = {
    "md": ("siae_tui.report.export_markdown", "export_markdown"),
    "html": ("siae_tui.report.export_html", "export_html"),
    "xlsx": ("siae_tui.report.export_xlsx", "export_xlsx"),
    "csv": ("siae_tui.report.export_csv", "export_csv"),
    "json": ("siae_tui.report.export_json", "export_json"),
}
FORMATS = tuple(RENDERERS)
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
    return _render(RENDERERS[fmt], referentiel, evaluation)


def _render(renderer: tuple[str, str], referentiel: Referentiel, evaluation: Evaluation) -> str | bytes:
    """Import the renderer's module (on its first use) and call it."""
    module, function = renderer
    return cast(str | bytes, getattr(importlib.import_module(module), function)(referentiel, evaluation))


def format_for(path: Path) -> str | None:
    """The format a file name asks for (``.md``, ``.html``, ``.xlsx``, ``.csv``, ``.json``), None otherwise."""
    return _SUFFIXES.get(path.suffix.lower().lstrip("."))


#: The « dossier de preuves » (``evidence_dossier``): Markdown or HTML, chosen like a report.
DOSSIER_FORMATS: dict[str, tuple[str, str]] = {
    "md": ("siae_tui.report.evidence_dossier", "dossier_markdown"),
    "html": ("siae_tui.report.evidence_dossier", "dossier_html"),
}
DOSSIER_DESCRIPTIONS = {
    "md": "dossier de preuves Markdown",
    "html": "dossier de preuves HTML (navigateur, impression A4)",
}


def render_dossier(referentiel: Referentiel, evaluation: Evaluation, fmt: str) -> str:
    """The dossier de preuves in format ``fmt`` (md or html)."""
    return cast(str, _render(DOSSIER_FORMATS[fmt], referentiel, evaluation))


def dossier_format_for(path: Path) -> str | None:
    """The dossier's format a file name asks for (``.md``, ``.html``), None otherwise."""
    fmt = format_for(path)
    return fmt if fmt in DOSSIER_FORMATS else None
