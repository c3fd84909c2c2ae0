"""Each layer loads only what it may; the domain and the headless CLI never import Textual.

Keeping them free of it is what lets consultants run exports over SSH and
what keeps the CLI fast; a subprocess gives a clean ``sys.modules``.
"""

from __future__ import annotations

import pkgutil
import subprocess
import sys
from types import ModuleType

import pytest

import siae_tui.domain
import siae_tui.report
import siae_tui.room
import siae_tui.store


def loaded_by(package: ModuleType) -> set[str]:
    """Top-level packages and siae_tui subpackages loaded by importing every module of ``package``."""
    modules = [f"{package.__name__}.{m.name}" for m in pkgutil.iter_modules(package.__path__)]
    code = "; ".join(f"import {m}" for m in modules) + (
        "; import sys; print(' '.join(sorted({'.'.join(m.split('.')[:2]) if m.startswith('siae_tui.') "
        "else m.split('.')[0] for m in sys.modules})))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return set(result.stdout.split())


@pytest.mark.parametrize(
    "package,forbidden",
    [
        (
            siae_tui.domain,
            {
                "textual",
                "tinydb",
                "plotext",
                "jinja2",
                "openpyxl",
                "aiohttp",
                "segno",
                "siae_tui.store",
                "siae_tui.report",
                "siae_tui.ui",
                "siae_tui.room",
            },
        ),
        (siae_tui.report, {"textual", "tinydb", "siae_tui.store", "siae_tui.ui", "siae_tui.cli"}),
        (
            siae_tui.store,
            {"textual", "plotext", "jinja2", "openpyxl", "siae_tui.report", "siae_tui.ui", "siae_tui.cli"},
        ),
        (siae_tui.room, {"textual", "tinydb", "siae_tui.store", "siae_tui.ui", "siae_tui.cli", "siae_tui.report"}),
    ],
    ids=["domain", "report", "store", "room"],
)
def test_each_layer_loads_only_what_it_may(package: ModuleType, forbidden: set[str]) -> None:
    """The same layers as the import-linter contracts, checked on what Python really loads."""
    assert loaded_by(package) & forbidden == set()


def test_headless_cli_does_not_import_textual() -> None:
    code = (
        "import sys; from siae_tui.cli import build_parser; build_parser(); "
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'textual'))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
