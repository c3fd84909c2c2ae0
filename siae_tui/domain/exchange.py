"""The identity of the JSON exchange format (written by ``report.export_json``, read by the importer)."""

from __future__ import annotations

FORMAT = "siae-tui/evaluation"
FORMAT_VERSION = 1
