"""The one write path of the UI, and the mark that says what is on disk.

Every change a screen makes to a session goes through ``save``: it refuses in
a read-only session, calls the store (which returns only once the change is
durably on disk), and then sets every « ✓ Enregistré » mark on the screens;
when the store cannot write (full disk, file changed or removed by another
program) the marks turn to « ⚠ NON ENREGISTRÉ », a French notification says
why, the work stays in memory (the store keeps it and writes it with the next
successful save) and the app keeps running. When the store refuses the change
itself (a rule: « trop de preuves », a target on a practice that cannot be
scored), nothing changed in memory nor on disk: the notification says why and
the marks stay as they are. No UI write can end the app.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from textual.app import App
from textual.dom import DOMNode

from siae_tui.store import Session, SessionError
from siae_tui.ui.widgets.live_text import LiveText

SAVED = "✓ Enregistré"
TYPING = "… saisie"
NOT_SAVED = "⚠ NON ENREGISTRÉ"


class SaveStatus(LiveText):
    """What the room needs to trust: whether the last change is on disk."""

    def show_saved(self) -> None:
        self.update(SAVED)
        self.remove_class("unsaved")

    def show_typing(self) -> None:
        self.update(TYPING)

    def show_failed(self) -> None:
        self.update(NOT_SAVED)
        self.add_class("unsaved")


def _statuses(app: App[object]) -> Iterator[SaveStatus]:
    for screen in app.screen_stack:
        yield from screen.query(SaveStatus)


def refused_read_only(node: DOMNode, session: Session) -> bool:
    """True (and says so) when ``session`` is read-only: asked before opening a dialog that would write."""
    if session.read_only:
        node.app.notify("Session en lecture seule : rien ne peut être modifié.", severity="warning")
    return session.read_only


def save(node: DOMNode, session: Session, change: Callable[[Session], object]) -> bool:
    """Apply ``change`` to ``session`` durably; True once it is on disk.

    ``node`` is the screen or widget asking (for the app and its notifications).
    """
    app = node.app
    if refused_read_only(node, session):
        return False
    try:
        change(session)
    except SessionError as error:
        if not session.dirty:
            # The store refused the change before touching anything (a rule, not the disk):
            # what was on disk still is, so the marks stay as they are.
            app.notify(error.message, title="Modification refusée", severity="warning", timeout=15)
            return False
        for status in _statuses(app):
            status.show_failed()
        app.notify(error.message, title="Enregistrement impossible", severity="error", timeout=20)
        return False
    for status in _statuses(app):
        status.show_saved()
    return True
