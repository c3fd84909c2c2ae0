"""The note editor: a TextArea that gives back keys meant for the walk.

Keys that arrive in one read (a paste, an SSH link) are queued to the
focused widget before the first one is handled: after Tab, the digit that
followed used to be typed into the note instead of scoring the practice.
So the editor leaves focus itself, at once, on Tab or Échap (the walk's
keys then work), and a key that reaches it once it has lost focus is sent
back to the app, which routes it to whatever has focus now.
"""

from __future__ import annotations

from textual import events
from textual.widgets import TextArea


class NoteArea(TextArea):
    """« Amélioration, planification » of the current practice."""

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
