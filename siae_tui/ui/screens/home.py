"""Home: the sessions of the sessions directory and what to do with them."""

from __future__ import annotations

import os
from pathlib import Path

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from siae_tui.clock import CLOCK
from siae_tui.domain.metadata import metadata_of
from siae_tui.report.french import french_date, percent
from siae_tui.store import SessionError, SessionStore, SessionSummary
from siae_tui.ui.access import siae_app


def _shown_path(directory: Path) -> str:
    """The sessions folder as the user would type it: relative when under the working directory."""
    relative = os.path.relpath(directory)
    return str(directory) if relative.startswith("..") else relative


class HomeScreen(Screen[None]):
    """Lists sessions; one key per action."""

    CSS_PATH = "home.tcss"
    BINDINGS = [
        Binding("n", "new_session", "Nouvelle", id="home-new", tooltip="Créer une nouvelle évaluation."),
        Binding(
            "enter,o",
            "open_session",
            "Ouvrir",
            key_display="⏎",
            id="home-open",
            tooltip="Ouvrir la session sélectionnée et reprendre là où l'équipe s'était arrêtée.",
        ),
        Binding(
            "d",
            "duplicate",
            "Réévaluer",
            id="home-duplicate",
            tooltip="Dupliquer la session pour une nouvelle évaluation (revue annuelle).",
        ),
        Binding(
            "r",
            "edit_details",
            "Modifier",
            id="home-edit",
            tooltip="Modifier la session : nom de la SIAE, type, date, libellé, participants.",
        ),
        Binding(
            "c",
            "trash",
            "Corbeille",
            show=False,
            id="home-trash",
            tooltip="Voir les sessions supprimées et en restaurer.",
        ),
        Binding(
            "s,delete",
            "delete",
            "Supprimer",
            show=False,
            id="home-delete",
            tooltip="Mettre la session à la corbeille (après confirmation).",
        ),
        Binding(
            "i",
            "import_file",
            "Importer",
            id="home-import",
            tooltip="Créer une session à partir d'un export JSON de siae-tui ou d'un classeur Excel (.xlsx).",
        ),
        Binding(
            "question_mark", "help", "Aide", key_display="?", id="home-help", tooltip="Afficher toutes les touches."
        ),
    ]

    def compose(self) -> ComposeResult:
        yield Static("siae-tui · Auto-évaluation du projet d'insertion", classes="title-bar")
        yield Static("", id="home-intro")
        yield DataTable(id="sessions", cursor_type="row", zebra_stripes=True)
        yield Static("", id="home-problems")
        yield Footer(compact=True, show_command_palette=False)

    @property
    def store(self) -> SessionStore:
        return siae_app(self).store

    def on_mount(self) -> None:
        self.query_one(DataTable).add_columns("SIAE", "Type", "Date", "Libellé", "Progression", "%")

    def on_screen_resume(self) -> None:
        """Shown first, or back from another screen: re-read the sessions (cheap, cached)."""
        self.reload()

    def reload(self, select: str | None = None) -> None:
        """Re-read the sessions directory (cheap: summaries are cached)."""
        summaries, problems = self.store.list()
        self.summaries = {s.id: s for s in summaries}
        table = self.query_one(DataTable)
        current = select or self._selected_id()
        table.clear()
        for summary in summaries:
            table.add_row(*self._cells(summary), key=summary.id)
        if current in self.summaries:
            table.move_cursor(row=table.get_row_index(current))
        intro = self.query_one("#home-intro", Static)
        where = _shown_path(self.store.directory)
        if summaries:
            intro.update(f"{len(summaries)} session(s) dans {where} — ⏎ ouvrir, n nouvelle")
        else:
            intro.update(f"Aucune session dans {where}.\nAppuyez sur n pour créer la première évaluation.")
        self.query_one("#home-problems", Static).update(self._problems_text(problems))
        table.focus()

    @staticmethod
    def _cells(summary: SessionSummary) -> tuple[str, ...]:
        return (
            summary.siae,
            summary.structure_type,
            french_date(summary.date),
            summary.label,
            f"{summary.answered}/{summary.total}",
            percent(summary.percent),
        )

    @staticmethod
    def _problems_text(problems: list[SessionError]) -> str:
        if not problems:
            return ""
        lines = [f"⚠ {len(problems)} fichier(s) ignoré(s), laissé(s) intact(s) :"]
        lines += [f"  • {problem.message}" for problem in problems]
        return "\n".join(lines)

    def _selected_id(self) -> str | None:
        table = self.query_one(DataTable)
        if table.row_count == 0:
            return None
        row_key, _ = table.coordinate_to_cell_key(table.cursor_coordinate)
        return row_key.value

    def _require_selection(self) -> str | None:
        session_id = self._selected_id()
        if session_id is None:
            self.notify("Aucune session sélectionnée : créez-en une avec n.", severity="warning")
        return session_id

    # -- actions -------------------------------------------------------------------
    def action_new_session(self) -> None:
        from siae_tui.ui.screens.new_session import NewSessionScreen

        self.app.push_screen(NewSessionScreen())

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open_session()

    def action_open_session(self) -> None:
        if (session_id := self._require_selection()) is not None:
            siae_app(self).open_walk(session_id)

    @work
    async def action_duplicate(self) -> None:
        from siae_tui.ui.screens.dialogs import PromptScreen  # loaded on first use: a quicker start

        session_id = self._require_selection()
        if session_id is None:
            return
        earlier = self.summaries[session_id]

        def check(text: str) -> str | None:
            return None if text.strip() else "Le libellé est obligatoire (ex. « Revue annuelle 2027 »)."

        prompt = PromptScreen(
            f"Réévaluer « {earlier.siae} » : libellé de la nouvelle évaluation (datée d'aujourd'hui)",
            placeholder="Revue annuelle " + str(CLOCK.today().year),
            check=check,
        )
        label = await self.app.push_screen_wait(prompt)
        if label is None:
            return
        try:
            session = self.store.duplicate(session_id, date=CLOCK.today(), label=label.strip())
        except SessionError as error:
            self.notify(error.message, title="Duplication impossible", severity="error", timeout=15)
            return
        session.close()
        self.reload(select=session.id)
        self.notify(f"Nouvelle évaluation créée à partir de « {earlier.label or earlier.siae} ».")
        siae_app(self).open_walk(session.id)

    @work
    async def action_edit_details(self) -> None:
        from siae_tui.ui.screens.session_details import SessionDetailsScreen

        session_id = self._require_selection()
        if session_id is None:
            return
        try:
            with self.store.open(session_id, read_only=True) as session:
                evaluation, referentiel = session.evaluation, session.referentiel
                participants = list(evaluation.participants)
                metadata = metadata_of(evaluation)
        except SessionError as error:
            self.notify(error.message, title="Modification impossible", severity="error", timeout=15)
            return
        dialog = SessionDetailsScreen(self.summaries[session_id], participants, metadata)
        changes = await self.app.push_screen_wait(dialog)
        if changes is None:
            return
        new_type = str(changes["structure_type"])
        scores, targets, evidence = evaluation.left_out_by(referentiel, new_type)
        if scores or targets or evidence:
            from siae_tui.ui.screens.dialogs import ConfirmScreen

            old_type = evaluation.structure_type
            question = ConfirmScreen(
                f"Passer de {old_type} à {new_type} : {scores} note(s), {targets} cible(s) et {evidence} preuve(s) "
                f"portent sur des pratiques qui ne concernent pas les structures de type {new_type}.\n"
                "Elles ne compteront plus et ne seront plus exportées ; le fichier les garde, et elles reviennent "
                f"si la session repasse en {old_type}.\n(o : changer quand même · Entrée ou n : garder {old_type})",
                yes="Changer",
                no=f"Garder {old_type}",
                destructive=True,
            )
            if not await self.app.push_screen_wait(question):
                return
        try:
            self.store.update(session_id, **changes)
        except SessionError as error:
            self.notify(error.message, title="Modification impossible", severity="error", timeout=15)
            return
        self.reload(select=session_id)
        self.notify("Session modifiée.")

    @work
    async def action_trash(self) -> None:
        from siae_tui.ui.screens.trash import TrashScreen

        restored = await self.app.push_screen_wait(TrashScreen(self.store))
        if restored is not None:
            self.reload(select=restored)
            self.notify(f"Session restaurée : {restored}")

    @work
    async def action_delete(self) -> None:
        from siae_tui.ui.screens.dialogs import ConfirmScreen  # loaded on first use: a quicker start

        session_id = self._require_selection()
        if session_id is None:
            return
        summary = self.summaries[session_id]
        question = ConfirmScreen(
            f"Mettre à la corbeille la session « {summary.siae} — {summary.label or french_date(summary.date)} » ?\n"
            "Le fichier est déplacé dans le dossier .trash, pas effacé.",
            yes="Supprimer",
            no="Garder",
        )
        if not await self.app.push_screen_wait(question):
            return
        try:
            target = self.store.delete(session_id)
        except SessionError as error:
            self.notify(error.message, title="Suppression impossible", severity="error", timeout=15)
            return
        self.notify(f"Session mise à la corbeille : {target}")
        self.reload()

    @work
    async def action_import_file(self) -> None:
        from siae_tui.transfer import TransferError, import_file
        from siae_tui.ui.screens.dialogs import PromptScreen

        prompt = PromptScreen(
            "Chemin de l'export JSON ou du classeur Excel (.xlsx) à importer",
            placeholder="ex. revue-2025.json ou referentiel-2025.xlsx",
        )
        typed = await self.app.push_screen_wait(prompt)
        if not typed or not typed.strip():
            return
        try:
            imported = import_file(Path(typed.strip()).expanduser(), self.store)
        except TransferError as error:
            self.notify(str(error), title="Import refusé", severity="error", timeout=20)
            return
        self.reload(select=imported.session_id)
        self.notify(
            f"Session importée : {imported.session_id}" + (f"\n{imported.report}" if imported.report else ""),
            timeout=20 if imported.report else 5,
        )

    def action_help(self) -> None:
        from siae_tui.ui.screens.help import HelpScreen

        self.app.push_screen(HelpScreen(self))
