"""Leaving with work that is not on disk: retry, export elsewhere, or leave anyway.

A write can fail (full disk, file changed or removed by another program);
the work then lives only in memory, and the save mark says so. Quitting, or
going back to the home screen (which closes the session), must not drop it
silently: this dialog asks, in French, what to do.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.dom import DOMNode
from textual.widgets import Static

from siae_tui.store import Session
from siae_tui.ui.saving import save
from siae_tui.ui.screens.dialogs import DialogScreen, PromptScreen

Choice = Literal["retry", "export", "leave", "stay"]


class UnsavedWorkScreen(DialogScreen[Choice]):
    """Work in memory only: r retries the save, e exports it elsewhere, p leaves anyway, Échap stays."""

    # fmt: off
    BINDINGS = [
        Binding("r", "choose('retry')", "Réessayer", id="unsaved-retry", tooltip="Réessayer l'enregistrement."),
        Binding(
            "e",
            "choose('export')",
            "Exporter ailleurs",
            id="unsaved-export",
            tooltip="Écrire la session (JSON réimportable) dans un autre fichier.",
        ),
        # Not q: q opened this dialog, and q pressed twice must not throw the work away.
        Binding(
            "p",
            "choose('leave')",
            "Partir quand même",
            id="unsaved-leave",
            tooltip="Partir sans enregistrer : les modifications non enregistrées sont perdues.",
        ),
        Binding("escape", "choose('stay')", "Rester", id="unsaved-stay", tooltip="Revenir à l'évaluation."),
    ]
    # fmt: on

    def __init__(self, session: Session, leaving: str) -> None:
        super().__init__()
        self.session, self.leaving = session, leaving

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog dialog-wide"):
            yield Static("⚠ Des modifications ne sont pas enregistrées", classes="dialog-question")
            yield Static(
                f"La session « {self.session.id} » a des modifications gardées en mémoire seulement : "
                "le dernier enregistrement a échoué (voir le message affiché).\n"
            )
            yield Static(
                "r  Réessayer l'enregistrement\n"
                "e  Exporter ailleurs (fichier JSON réimportable)\n"
                f"p  Partir sans enregistrer : {self.leaving.lower()} (les modifications sont perdues)\n"
                "Échap  Rester dans l'évaluation",
                classes="dialog-choices",
            )

    def action_choose(self, choice: Choice) -> None:
        self.dismiss(choice)


async def settle_unsaved(node: DOMNode, session: Session, leaving: str = "Quitter") -> bool:
    """Ask until the unsaved work of ``session`` is settled; True when it is safe to leave.

    Must run in a worker (it waits on dialogs). Nothing to settle returns True at once.
    """
    from siae_tui.transfer import TransferError, export_to_file

    app = node.app
    while session.dirty and not session.read_only:
        choice = await app.push_screen_wait(UnsavedWorkScreen(session, leaving))
        if choice == "stay":
            return False
        if choice == "leave":
            return True
        if choice == "retry":
            save(node, session, lambda s: s.save())
            continue
        prompt = PromptScreen(
            "Exporter la session (JSON réimportable) vers le fichier", value=f"{session.id}-sauvegarde.json"
        )
        typed = await app.push_screen_wait(prompt)
        if typed is None:
            continue
        try:
            written = export_to_file(session, Path(typed.strip()).expanduser(), "json")
        except TransferError as error:
            app.notify(str(error), title="Export impossible", severity="error", timeout=20)
            continue
        app.notify(f"Session exportée : {written} (siae-tui import pour la reprendre)", timeout=15)
        return True
    return True
