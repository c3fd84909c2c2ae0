"""The note editor: a TextArea that gives back keys meant for the walk.

Keys that arrive in one read (a paste, an SSH link) are queued to the
focused widget before the first one is handled: after Tab, the digit that
followed used to be typed into the note instead of scoring the practice.
So the editor leaves focus itself, at once, on Tab or Échap (the walk's
keys then work), and a key that reaches it once it has lost focus is sent
back to the app, which routes it to whatever has focus now.
"""

from __future__ import annotations

from textual import events, work
from textual.binding import Binding
from textual.widgets import TextArea


class NoteArea(TextArea):
    """« Amélioration, planification » of the current practice."""

    BINDINGS = [
        Binding(
            "ctrl+o",
            "suggest",
            "Pistes d'amélioration",
            key_display="Ctrl+O",
            id="note-suggest",
            tooltip="Dans un commentaire (et dans une action, A) : insérer une piste d'amélioration de l'activité.",
        )
    ]

    @property
    def _holds_focus(self) -> bool:
        # ``has_focus`` follows the Blur message, which comes after the keys already queued.
        return self.screen.focused is self

    async def _on_key(self, event: events.Key) -> None:
        if self._holds_focus and event.key in ("tab", "shift+tab", "escape"):
            event.prevent_default()
            event.stop()
            self.screen.set_focus(None)  # now, not when the key has bubbled up: the next key is the walk's
            return
        if not self._holds_focus:
            event.prevent_default()
            event.stop()
            self.app.post_message(events.Key(event.key, event.character))
            return
        await super()._on_key(event)

    @work
    async def action_suggest(self) -> None:
        """Ctrl+O: insert one of the activity's pistes d'amélioration, on its own line, at the cursor."""
        from siae_tui.ui.screens.guidance import pick_suggestion, practice_context

        context = practice_context(self)
        if context is None or self.read_only:
            return
        chosen = await pick_suggestion(self, *context)
        if chosen is not None:
            row, column = self.cursor_location
            before = self.document.get_line(row)[:column]
            self.insert(f"\n{chosen}" if before.strip() else chosen)
