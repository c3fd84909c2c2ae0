"""The identity of the JSON exchange format (written by ``report.export_json``, read by the importer).

Version 2 added evidence and targets to ``scores`` (and ``previous_targets``).
An export is written as version 2 only when it holds some, and as version 1,
as before, otherwise: an older siae-tui refuses an export whose evidence or
targets it would silently leave out of the imported session, and still
imports (and consolidates) all the others.
"""

from __future__ import annotations

FORMAT = "siae-tui/evaluation"
FORMAT_VERSION = 2
#: What an export without evidence nor targets is written as.
BASE_FORMAT_VERSION = 1
