"""Export by file name: the extension chooses the format (.md or .json)."""

from __future__ import annotations

from pathlib import Path

from siae_tui.domain.evaluation import Evaluation
from siae_tui.domain.model import Referentiel
from siae_tui.report.export_json import export_json
from siae_tui.report.export_markdown import export_markdown

FORMATS = {"json": export_json, "md": export_markdown}


def render_export(referentiel: Referentiel, evaluation: Evaluation, fmt: str) -> str:
    """The export text in format ``json`` or ``md``."""
    return FORMATS[fmt](referentiel, evaluation)


def format_for(path: Path) -> str | None:
    """``md`` or ``json`` from a file name, None for any other extension."""
    suffix = path.suffix.lower().lstrip(".")
    return {"md": "md", "markdown": "md", "json": "json"}.get(suffix)
