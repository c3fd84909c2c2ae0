"""The export dialog: choose a format, see the file it will write, confirm before replacing one.

Every format of ``report.export_files`` is offered (rapport Markdown or HTML,
classeur Excel, CSV, données JSON), then the « dossier de preuves » (HTML or
Markdown: every practice's evidence, for an audit); choosing one changes the
file name's extension (and « -preuves » marks the dossier's default name), and
the full path is shown under the name as it is typed. A file
that already exists is replaced only after a « Oui ». When the export fails
(folder missing, disk full, read-only), the dialog stays open with the
reason, so another name can be tried at once.

Under ``siae-tui serve`` (the app in a browser tab) the file would land on
the server, not with the user: there, and only there, Entrée hands the export
to the browser as a download (Textual's ``deliver_binary``) instead.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, Label, RadioButton, RadioSet, Static

from siae_tui.report.export_files import DESCRIPTIONS, DOSSIER_DESCRIPTIONS, format_for, render_dossier, render_export
from siae_tui.store import Session
from siae_tui.transfer import TransferError, export_dossier_to_file, export_to_file
from siae_tui.ui.screens.dialogs import ConfirmScreen, DialogScreen

#: The formats in the order offered, the report for a board first.
ORDER = ("html", "md", "xlsx", "csv", "json")
#: Then the dossier de preuves, in these formats.
DOSSIER_ORDER = ("html", "md")
#: The end of the dossier's default file name (``<session>-preuves.html``), beside the report's.
DOSSIER_STEM = "-preuves"


@dataclass(frozen=True)
class Choice:
    """One line of the list: a file format, for the report or for the dossier de preuves."""

    fmt: str
    description: str
    dossier: bool = False

    @property
    def key(self) -> str:
        return f"dossier-{self.fmt}" if self.dossier else self.fmt


CHOICES = (
    *(Choice(fmt, DESCRIPTIONS[fmt]) for fmt in ORDER),
    *(Choice(fmt, DOSSIER_DESCRIPTIONS[fmt], dossier=True) for fmt in DOSSIER_ORDER),
)


class ExportScreen(DialogScreen[Path | None]):
    """Export the session: answers the written file's path, or None when cancelled."""

    # Textual takes a list of files; DialogScreen's single name made mypy infer a plain str.
    CSS_PATH = ["dialogs.tcss", "export.tcss"]  # type: ignore[assignment]
    BINDINGS = [Binding("escape", "cancel", "Annuler", id="export-cancel", tooltip="Fermer sans rien exporter.")]

    def __init__(
        self, session: Session, *, directory: Path | None = None, before_export: Callable[[], None] | None = None
    ) -> None:
        super().__init__()
        self.session = session
        self.directory = directory or Path.cwd()
        self.before_export = before_export

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog dialog-wide"):
            yield Label("Exporter la session", classes="dialog-question")
            with RadioSet(id="export-format"):
                for index, choice in enumerate(CHOICES):
                    label = f".{choice.fmt} — {choice.description}"
                    yield RadioButton(label, value=index == 0, id=f"format-{choice.key}")
            yield Label("Fichier :")
            yield Input(value=f"{self.session.id}.{CHOICES[0].fmt}", id="export-path", compact=True)
            yield Static("", id="export-target", classes="hint")
            yield Static("", id="export-error", classes="error-text")
            action = "télécharger" if self.app.is_web else "exporter"
            yield Static(
                f"Entrée : {action} · Maj+Tab : liste des formats (↑ ↓ puis Entrée) · Échap : annuler", classes="hint"
            )

    def on_mount(self) -> None:
        self._show_target()
        self.query_one(Input).focus()

    @property
    def choice(self) -> Choice:
        pressed = self.query_one(RadioSet).pressed_index
        return CHOICES[pressed if pressed >= 0 else 0]

    @property
    def fmt(self) -> str:
        """The chosen file format (md, html, xlsx, csv, json)."""
        return self.choice.fmt

    def target(self) -> Path:
        """The file the export will write, as typed (relative names are in the current folder)."""
        typed = Path(self.query_one(Input).value.strip()).expanduser()
        return typed if typed.is_absolute() else self.directory / typed

    def _show_target(self) -> None:
        name = self.query_one(Input).value.strip()
        web = self.app.is_web  # in a browser tab the file is downloaded, not written here
        shown = f"→ téléchargé par le navigateur : {Path(name).name}" if web else f"→ {self.target()}"
        self.query_one("#export-target", Static).update(shown if name else "")

    @on(RadioSet.Changed)
    def format_chosen(self, event: RadioSet.Changed) -> None:
        field = self.query_one(Input)
        name = Path(field.value.strip() or self.session.id)
        base = name.with_suffix("") if name.suffix else name
        # A default name follows the choice between report and dossier; a name someone typed is kept.
        if base.name in (self.session.id, f"{self.session.id}{DOSSIER_STEM}"):
            base = base.with_name(self.session.id + (DOSSIER_STEM if self.choice.dossier else ""))
        field.value = f"{base}.{self.fmt}"
        self.query_one("#export-error", Static).update("")

    @on(Input.Changed)
    def path_typed(self) -> None:
        self._show_target()

    @on(Input.Submitted)
    def submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.export()

    @work(exclusive=True)
    async def export(self) -> None:
        error = self.query_one("#export-error", Static)
        if not self.query_one(Input).value.strip():
            error.update("Indiquez le nom du fichier.")
            return
        path = self.target()
        if format_for(path) != self.fmt:
            error.update(f"Terminez le nom par .{self.fmt} pour ce format (ou choisissez un autre format).")
            return
        if self.app.is_web:
            self.download(Path(path.name))
            return
        if path.is_dir():
            error.update(f"« {path} » est un dossier : indiquez un nom de fichier.")
            return
        if path.exists():
            replace = await self.app.push_screen_wait(ConfirmScreen(f"« {path} » existe déjà. Le remplacer ?"))
            if not replace:
                error.update("Rien n'a été écrit : choisissez un autre nom, ou confirmez le remplacement.")
                return
        if self.before_export is not None:
            self.before_export()
        write = export_dossier_to_file if self.choice.dossier else export_to_file
        try:
            written = write(self.session, path, self.fmt)
        except TransferError as failure:
            error.update(f"Export impossible : {failure}")
            return
        self.dismiss(written)

    def download(self, name: Path) -> None:
        """In a browser tab: the export goes to the browser as a download; nothing is written here."""
        if self.before_export is not None:
            self.before_export()
        render = render_dossier if self.choice.dossier else render_export
        content = render(self.session.referentiel, self.session.evaluation, self.fmt)
        data = content.encode("utf-8") if isinstance(content, str) else content
        self.app.deliver_binary(BytesIO(data), save_filename=name.name)
        self.app.notify(f"Téléchargement de {name.name} envoyé au navigateur.", title="Export")
        self.dismiss(None)

    def action_cancel(self) -> None:
        self.dismiss(None)
