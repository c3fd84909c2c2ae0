"""The trash: sessions put aside with « s » on the home screen, and brought back with Entrée."""

from __future__ import annotations

from pathlib import Path

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from siae_tui.domain.evaluation import Evaluation
from siae_tui.report.french import french_date
from siae_tui.store import SessionError, SessionStore


class TrashScreen(Screen[str | None]):
    """Every readable session of the trash folder; Entrée restores the selected one (its id is answered)."""

    # fmt: off
    BINDINGS = [
        Binding("enter", "restore", "Restaurer", key_display="⏎", id="trash-restore",
                tooltip="Remettre la session sélectionnée dans la liste des sessions."),
        Binding("escape", "back", "Retour", key_display="Échap", id="trash-back", tooltip="Revenir à l'accueil."),
    ]
    # fmt: on

    def __init__(self, store: SessionStore) -> None:
        super().__init__()
        self.store = store
        self.entries: list[tuple[Path, Evaluation]] = []

    def compose(self) -> ComposeResult:
        yield Static("Corbeille · sessions supprimées (rien n'est effacé)", classes="title-bar")
        yield Static("", id="trash-intro")
        yield DataTable(id="trash", cursor_type="row", zebra_stripes=True)
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("SIAE", "Type", "Date", "Libellé")
        self.entries = self.store.trashed()
        for path, evaluation in self.entries:
            row = (evaluation.siae, evaluation.structure_type, french_date(evaluation.date), evaluation.label)
            table.add_row(*row, key=str(path))
        self.query_one("#trash-intro", Static).update(
            f"{len(self.entries)} session(s) dans la corbeille — ⏎ restaurer, Échap retour"
            if self.entries
            else "La corbeille est vide."
        )
        table.focus()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_restore()

    @work
    async def action_restore(self) -> None:
        if not self.entries:
            return
        path, _evaluation = self.entries[self.query_one(DataTable).cursor_row]
        try:
            session_id = self.store.restore(path)
        except SessionError as error:
            self.notify(error.message, title="Restauration impossible", severity="error", timeout=15)
            return
        self.dismiss(session_id)

    def action_back(self) -> None:
        self.dismiss(None)
