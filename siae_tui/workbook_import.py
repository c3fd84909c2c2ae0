"""Read an Excel workbook (.xlsx) into a new evaluation: the file side of ``domain.workbook``.

openpyxl opens the file (cached values of formulas, never the formulas) and
hands plain cell values to the domain's rules, which find the practices by
their text. The SIAE, date, label and structure type come from the
workbook's evaluation block when it has one (siae-tui's export), otherwise
from the file name and today's date.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from siae_tui.clock import CLOCK
from siae_tui.domain.evaluation import Evaluation
from siae_tui.domain.model import Referentiel
from siae_tui.domain.workbook import Sheet, WorkbookReading, choose_referentiel, normalise, to_evaluation
from siae_tui.report.french import parse_french_date

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
#: The référentiel's workbook is about 30 Ko compressed, 300 Ko once unzipped; far above that is not one.
MAX_FILE_BYTES = 20_000_000
MAX_UNZIPPED_BYTES = 100_000_000


class NotAWorkbook(ValueError):
    """The file cannot be opened as an .xlsx workbook; the message is French."""


@dataclass(frozen=True)
class WorkbookImport:
    evaluation: Evaluation
    reading: WorkbookReading


def load_sheets(path: Path) -> list[Sheet]:
    """Every sheet's cell values; ``NotAWorkbook`` for anything that is not an .xlsx file (or far too big)."""
    _check_size(path)
    from openpyxl import load_workbook  # ~50 ms: only when a workbook is read
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except FileNotFoundError:
        raise
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, TypeError, EOFError, OSError) as error:
        raise NotAWorkbook(f"ce fichier n'est pas un classeur Excel (.xlsx) lisible ({type(error).__name__})") from None
    try:
        return [Sheet(ws.title, [list(row) for row in ws.iter_rows(values_only=True)]) for ws in workbook.worksheets]
    except (zipfile.BadZipFile, KeyError, ValueError, TypeError, EOFError, OSError) as error:
        raise NotAWorkbook(f"classeur Excel illisible ({type(error).__name__})") from None
    finally:
        workbook.close()


def _check_size(path: Path) -> None:
    """Refuse before parsing a file, or a zip that unpacks, far larger than any evaluation workbook."""
    if path.stat().st_size > MAX_FILE_BYTES:
        raise NotAWorkbook(
            f"fichier trop gros pour un classeur d'évaluation (plus de {MAX_FILE_BYTES // 1_000_000} Mo)"
        )
    try:
        with zipfile.ZipFile(path) as archive:
            unzipped = sum(member.file_size for member in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        raise NotAWorkbook("ce fichier n'est pas un classeur Excel (.xlsx) lisible (pas une archive .xlsx)") from None
    if unzipped > MAX_UNZIPPED_BYTES:
        raise NotAWorkbook(
            f"classeur refusé : il occuperait plus de {MAX_UNZIPPED_BYTES // 1_000_000} Mo une fois ouvert"
        )


def _date(cell: object) -> dt.date | None:
    if isinstance(cell, dt.datetime):
        return cell.date()
    if isinstance(cell, dt.date):
        return cell
    return parse_french_date(str(cell)) if isinstance(cell, str) else None


def _siae(cell: object, path: Path) -> str:
    text = str(cell).strip() if cell is not None else ""
    if not text or normalise(text).startswith("indiquer le nom"):
        return path.stem.replace("_", " ").strip() or "SIAE"
    return text


def read_evaluation(path: Path, referentiels: Sequence[Referentiel], today: dt.date | None = None) -> WorkbookImport:
    """The evaluation in the workbook at ``path``; ``NotAWorkbook`` or ``ImportRefused`` when there is none."""
    reading = choose_referentiel(load_sheets(path), referentiels)
    meta = reading.metadata
    label = meta.get("label")
    if label is None and "referentiel" not in meta:  # the original workbook has no label: say where it came from
        label = f"Import du classeur {path.name}"
    evaluation = to_evaluation(
        reading,
        siae=_siae(meta.get("siae"), path),
        date=_date(meta.get("date")) or today or CLOCK.today(),
        label=str(label).strip() if label is not None else "",
        structure_type=str(meta.get("structure_type") or "Autre").strip(),
    )
    return WorkbookImport(evaluation, reading)
