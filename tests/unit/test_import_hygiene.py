"""The domain and the headless CLI never import Textual.

Keeping them free of it is what lets consultants run exports over SSH and
what keeps the CLI fast; a subprocess gives a clean ``sys.modules``.
"""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import siae_tui.domain


def test_domain_modules_do_not_import_textual() -> None:
    modules = [f"siae_tui.domain.{m.name}" for m in pkgutil.iter_modules(siae_tui.domain.__path__)]
    code = "; ".join(f"import {m}" for m in modules) + (
        "; import sys; bad = sorted(m for m in sys.modules if m.split('.')[0] == 'textual'); print(bad)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_headless_cli_does_not_import_textual() -> None:
    code = (
        "import sys; from siae_tui.cli import build_parser; build_parser(); "
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'textual'))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
