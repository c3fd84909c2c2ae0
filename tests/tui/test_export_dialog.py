"""The export dialog of the walk: every format, the path shown, a question before replacing a file."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path

from textual.widgets import Input, RadioSet, Static

from siae_tui.store import Session
from siae_tui.ui.app import SiaeApp
from siae_tui.ui.screens.dialogs import ConfirmScreen
from siae_tui.ui.screens.export import DOSSIER_ORDER, ORDER, ExportScreen
from siae_tui.ui.screens.walk import WalkScreen


def shown(app: SiaeApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


async def test_choose_a_format_see_the_path_and_confirm_before_replacing(
    build_app: Callable[..., SiaeApp], make_session: Callable[..., Session], sessions_dir: Path
) -> None:
    session = make_session(values={"1.1.1": 3})
    app = build_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("enter")
        assert isinstance(app.screen, WalkScreen)
        await pilot.press("e")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ExportScreen)
        labels = [str(button.label) for button in dialog.query("RadioButton")]
        # html, md, xlsx, csv, json, then the dossier de preuves in html and md.
        assert [label.split(" ")[0] for label in labels] == [f".{fmt}" for fmt in (*ORDER, *DOSSIER_ORDER)]
        assert [label.split(" — ")[1].startswith("dossier de preuves") for label in labels] == [False] * 5 + [True] * 2
        assert dialog.query_one(Input).value == f"{session.id}.html"
        assert shown(app, "#export-target") == f"→ {Path.cwd() / (session.id + '.html')}"
        # Choose the Excel workbook: the extension follows.
        dialog.query_one(RadioSet).focus()
        await pilot.press("down", "down", "enter")
        await pilot.pause()
        assert dialog.fmt == "xlsx" and dialog.query_one(Input).value == f"{session.id}.xlsx"
        dialog.query_one(Input).focus()
        await pilot.press("enter")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, WalkScreen)
        written = Path(f"{session.id}.xlsx")
        assert zipfile.is_zipfile(written)
        before = written.read_bytes()
        # Again: the file exists, so the dialog asks; « non » writes nothing and keeps the dialog.
        await pilot.press("e")
        await pilot.pause()
        app.screen.query_one(RadioSet).focus()
        await pilot.press("down", "down", "enter")
        app.screen.query_one(Input).focus()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen) and "existe déjà. Le remplacer ?" in app.screen.question
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, ExportScreen)
        assert "Rien n'a été écrit" in shown(app, "#export-error")
        assert written.read_bytes() == before
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("o")  # replace
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, WalkScreen)


async def test_a_failed_export_keeps_the_dialog_open_with_the_reason(
    build_app: Callable[..., SiaeApp], make_session: Callable[..., Session], sessions_dir: Path
) -> None:
    make_session()
    app = build_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("enter", "e")
        await pilot.pause()
        field = app.screen.query_one(Input)
        field.value = "dossier-absent/rapport.html"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ExportScreen)
        assert "dossier introuvable" in shown(app, "#export-error")
        field.value = "rapport.pdf"
        await pilot.press("enter")
        await pilot.pause()
        assert "Terminez le nom par .html" in shown(app, "#export-error")
        field.value = "rapport.html"
        await pilot.press("enter")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, WalkScreen)
    assert Path("rapport.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


async def test_escape_exports_nothing(
    build_app: Callable[..., SiaeApp], make_session: Callable[..., Session], sessions_dir: Path
) -> None:
    make_session()
    app = build_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "e")
        await pilot.pause()
        assert isinstance(app.screen, ExportScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, WalkScreen)
    assert not list(Path.cwd().glob("*.html"))


async def test_home_imports_a_workbook_exported_by_the_dialog(
    build_app: Callable[..., SiaeApp], make_session: Callable[..., Session], sessions_dir: Path
) -> None:
    from siae_tui.report.export_xlsx import export_xlsx

    session = make_session(label="Revue 2025", values={"1.1.1": 3, "2.1.1": 1}, notes={"2.1.1": "à former"})
    Path("revue-2025.xlsx").write_bytes(export_xlsx(session.referentiel, session.evaluation))
    app = build_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("i")
        await pilot.pause()
        app.screen.query_one(Input).value = "revue-2025.xlsx"
        await pilot.press("enter")
        await pilot.pause()
        await pilot.pause()
    imported = sessions_dir / f"{session.id}-2.json"  # same SIAE, date and label: the next free name
    assert '"à former"' in imported.read_text(encoding="utf-8")


async def test_in_a_browser_tab_the_export_is_a_download_and_nothing_is_written(
    build_app: Callable[..., SiaeApp],
    make_session: Callable[..., Session],
    sessions_dir: Path,
    monkeypatch,
) -> None:
    """Under ``siae-tui serve`` Entrée hands the file to the browser (deliver_binary) instead of writing it."""
    session = make_session(values={"1.1.1": 3})
    app = build_app()
    delivered: list[tuple[bytes, str]] = []
    monkeypatch.setattr(SiaeApp, "is_web", property(lambda self: True))
    monkeypatch.setattr(
        SiaeApp,
        "deliver_binary",
        lambda self, file, *, save_filename, **_: delivered.append((file.read(), save_filename)),
    )
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("enter", "e")
        await pilot.pause()
        assert shown(app, "#export-target") == f"→ téléchargé par le navigateur : {session.id}.html"
        app.screen.query_one(RadioSet).focus()
        await pilot.press("down", "down", "down", "enter")  # csv
        app.screen.query_one(Input).focus()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, WalkScreen)
    [(data, name)] = delivered
    assert name == f"{session.id}.csv" and data.startswith("\ufeff".encode()) and b"1.1.1" in data
    assert not list(Path.cwd().glob("*.csv"))
