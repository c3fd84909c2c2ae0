"""The home screen starts on a sessions folder full of hostile files and lists the good ones."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from textual.widgets import DataTable

from siae_tui import locations
from siae_tui.ui.app import make_app
from tests.conftest import DATA

HOSTILE = DATA / "hostile"


async def test_home_lists_the_good_sessions_among_hostile_files(make_session, sessions_dir: Path) -> None:
    good = make_session(siae="Bonne SIAE")
    shutil.copytree(HOSTILE / "sessions", sessions_dir, dirs_exist_ok=True)
    deep = "[" * 100_000 + "]" * 100_000
    (sessions_dir / "deep.json").write_text('{"session": {"1": ' + deep + "}}", encoding="utf-8")
    os.mkfifo(sessions_dir / "tube.json")
    (sessions_dir / "dossier.json").mkdir()
    referentiels = Path("referentiels")
    shutil.copytree(HOSTILE / "referentiels", referentiels)
    (referentiels / "deep.yaml").write_text(deep, encoding="utf-8")
    app = make_app(sessions_dir, [locations.bundled_referentiels_dir(), referentiels], None)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        table = app.screen.query_one(DataTable)
        shown = {str(key.value) for key in table.rows}
        assert shown == {good.id, "good-escapes", "good-bom", "good-evidence"}
        cells = " ".join(str(cell) for row in range(table.row_count) for cell in table.get_row_at(row))
        assert "Régie Élan" in cells and "\x1b" not in cells and "PWNED" not in cells
    assert app.return_code in (None, 0)
