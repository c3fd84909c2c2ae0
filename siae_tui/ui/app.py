"""The siae-tui application and the factory that builds it.

``make_app`` is the one way to build the app, used by the CLI and by the
tests (snapshot and Pilot), so both run exactly what users run.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import signal
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from textual import events, work
from textual.app import App
from textual.binding import Binding
from textual.command import CommandPalette
from textual.widgets import TextArea

from siae_tui.clock import CLOCK
from siae_tui.domain.loader import ReferentielError, discover_referentiels
from siae_tui.domain.model import Referentiel
from siae_tui.store import Session, SessionError, SessionLocked, SessionStore
from siae_tui.store.settings import load_settings, save_setting
from siae_tui.ui import french
from siae_tui.ui.commands import BindingCommands
from siae_tui.ui.screens.home import HomeScreen
from siae_tui.ui.screens.too_small import MIN_HEIGHT, MIN_WIDTH, TooSmallScreen
from siae_tui.ui.themes import DEFAULT_THEME, HIGH_CONTRAST

if TYPE_CHECKING:
    from siae_tui.ui.screens.walk import WalkScreen


class SiaeApp(App[None]):
    """Walks an SIAE team through its self-evaluation."""

    TITLE = "siae-tui"
    CSS_PATH = "app.tcss"
    ENABLE_COMMAND_PALETTE = True
    # One declaration (the bindings) feeds the footer, the ? help and the palette.
    COMMANDS = {BindingCommands}
    BINDINGS = [
        Binding(
            "q",
            "quit",
            "Quitter",
            id="quit",
            tooltip="Quitter siae-tui : tout est déjà enregistré, rien n'est demandé.",
        ),
        Binding(
            "t",
            "toggle_contrast",
            "Contraste",
            id="contrast",
            tooltip="Basculer le thème à fort contraste, lisible au vidéoprojecteur.",
        ),
        Binding(
            "ctrl+p",
            "command_palette",
            "Commandes",
            show=False,
            id="palette",
            tooltip="Rechercher une action par son nom.",
        ),
    ]

    def __init__(
        self,
        store: SessionStore,
        referentiels: Sequence[Referentiel],
        referentiel_errors: Sequence[ReferentielError] = (),
        open_session: str | None = None,
        room_host: str | None = None,
    ) -> None:
        super().__init__()
        self.store = store
        self.referentiels = list(referentiels)
        self.referentiel_errors = list(referentiel_errors)
        self.open_session = open_session
        #: Where the room (votes from phones) listens; None: the primary LAN address, found when it opens.
        self._room_host = room_host
        self.register_theme(HIGH_CONTRAST)
        remembered = load_settings().get("theme")
        self.theme = remembered if remembered in (DEFAULT_THEME, HIGH_CONTRAST.name) else DEFAULT_THEME

    def on_mount(self) -> None:
        french.install()
        self._install_signal_handlers()
        # Opened straight into a session, the walk is the first (and only) screen drawn; the
        # home screen is built when the team leaves the walk (``go_home``), not before.
        if not (self.open_session and self.open_walk(self.open_session)):
            self.push_screen(HomeScreen())
        for error in self.referentiel_errors:
            self.notify(error.describe(), title="Référentiel ignoré", severity="warning", timeout=15)
        self._check_size()

    def on_ready(self) -> None:
        # Textual and the référentiel allocate many long-lived objects at start-up; freezing
        # them keeps later garbage collections short, so no keystroke waits on one (p95).
        gc.collect()
        gc.freeze()

    @property
    def room_host(self) -> str:
        """The address the room listens on (``--room-host``, or the primary LAN address)."""
        if self._room_host is None:
            from siae_tui.room import primary_lan_address

            self._room_host = primary_lan_address()
        return self._room_host

    # -- sessions ----------------------------------------------------------------
    def open_walk(self, session_id: str, read_only: bool = False) -> bool:
        """Open a session in the guided walk (True), offering read-only if another siae-tui writes it."""
        from siae_tui.ui.screens.walk import WalkScreen

        try:
            session = self.store.open(session_id, read_only=read_only)
        except SessionLocked:
            self._offer_read_only(session_id)
            return False
        except SessionError as error:
            self.notify(error.message, title="Ouverture impossible", severity="error", timeout=15)
            return False
        self.push_screen(WalkScreen(session))
        return True

    def go_home(self) -> None:
        """Leave the current screen for the home screen (built now if the app opened on a session)."""
        if any(isinstance(screen, HomeScreen) for screen in self.screen_stack):
            self.pop_screen()
        else:
            self.switch_screen(HomeScreen())

    @work
    async def _offer_read_only(self, session_id: str) -> None:
        from siae_tui.ui.screens.dialogs import ConfirmScreen

        question = ConfirmScreen(
            "Cette session est déjà ouverte en écriture dans une autre fenêtre siae-tui.\n\n"
            "L'ouvrir en lecture seule, pour la consulter sans rien modifier\u00a0?",
            yes="Lecture seule",
            no="Annuler",
        )
        if await self.push_screen_wait(question):
            self.open_walk(session_id, read_only=True)

    def _walks(self) -> list[WalkScreen]:
        from siae_tui.ui.screens.walk import WalkScreen

        return [screen for screen in self.screen_stack if isinstance(screen, WalkScreen)]

    async def action_quit(self) -> None:
        """Quit at once when everything is on disk (a note being typed is written first).

        After a failed save, the work kept in memory is settled first: retry,
        export elsewhere, or quit anyway.
        """
        walks = self._walks()
        for walk in walks:
            walk.save_before_leaving()
        if any(walk.session.dirty for walk in walks):
            self._quit_with_unsaved_work()
        else:
            self.exit()

    @work(exclusive=True)
    async def _quit_with_unsaved_work(self) -> None:
        from siae_tui.ui.screens.unsaved import settle_unsaved

        for walk in self._walks():
            if not await settle_unsaved(walk, walk.session, "Quitter"):
                return
        self.exit()

    def _install_signal_handlers(self) -> None:
        """A closed terminal (SIGHUP: an SSH link that drops) or SIGTERM saves what was typed, then quits."""
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGHUP, signal.SIGTERM):
            with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                loop.add_signal_handler(signum, self._save_and_exit)

    def _save_and_exit(self) -> None:
        """Nobody is there to answer a question: save, and if the disk refuses, export a rescue copy."""
        for walk in self._walks():
            walk.save_before_leaving()
            if walk.session.dirty:
                rescue_copy(walk.session)
        self.exit()

    def action_help_quit(self) -> None:
        """Ctrl+C does not quit a Textual app: say how to, in French."""
        self.notify("Pour quitter, appuyez sur q (tout est déjà enregistré).", title="Quitter siae-tui ?")

    def action_command_palette(self) -> None:
        """The command palette, in French."""
        if self.use_command_palette and not isinstance(self.screen, CommandPalette):
            self.push_screen(french.FrenchCommandPalette())

    # -- look --------------------------------------------------------------------
    def action_toggle_contrast(self) -> None:
        """Switch the high-contrast theme, and remember the choice for the next run."""
        self.theme = DEFAULT_THEME if self.theme == HIGH_CONTRAST.name else HIGH_CONTRAST.name
        save_setting("theme", self.theme)

    async def _on_key(self, event: events.Key) -> None:
        """A typed character that comes back up to the app while a text field holds the focus was
        sent before the focus moved into that field (a paste, keys a slow SSH link delivers in one
        packet): it is typed there, never taken for a key of the screen behind.

        The app hands every key to the widget that has the focus when the key is read; when
        several arrive together, the ones after « Entrée » (which opens the walk's note) reached
        the walk, and « PLIE 2 juin » opened the action plan with its P and scored with its 2. A
        text field takes every character it types itself, so one that it let through never comes
        back here: nothing is redirected twice.
        """
        field = self.focused
        if event.is_forwarded and event.is_printable and isinstance(field, TextArea) and not field.read_only:
            event.prevent_default()  # not App._on_key: no binding of the screen behind
            field.post_message(events.Key(event.key, event.character))
            return

    def on_resize(self) -> None:
        # Textual applies the new size after a short debounce: check once it has.
        self.set_timer(0.02, self._check_size)

    def _check_size(self) -> None:
        if not self.screen_stack:  # the app closed before the check: quit right after a resize or a start
            return
        too_small = self.size.width < MIN_WIDTH or self.size.height < MIN_HEIGHT
        showing = isinstance(self.screen, TooSmallScreen)
        if too_small and not showing:
            self.push_screen(TooSmallScreen())
        elif not too_small and showing:
            self.pop_screen()


def rescue_copy(session: Session) -> Path | None:
    """Write the work a failed save kept in memory to a JSON export, where a disk accepts it.

    Tried in the working folder, then the home folder, then /tmp; the file
    name says what it is, and ``siae-tui import`` takes it back.
    """
    from siae_tui.transfer import TransferError, export_to_file

    stamp = CLOCK.now().strftime("%Y%m%d-%H%M%S")
    for folder in (Path.cwd(), Path.home(), Path(tempfile.gettempdir())):
        try:
            return export_to_file(session, folder / f"{session.id}-sauvegarde-{stamp}.json", "json")
        except (TransferError, OSError):
            continue
    return None


def load_referentiels(referentiel_dirs: Sequence[Path]) -> tuple[list[Referentiel], list[ReferentielError]]:
    return discover_referentiels(*referentiel_dirs)


def make_app(
    sessions_dir: Path,
    referentiel_dirs: Sequence[Path],
    open_session: str | None = None,
    room_host: str | None = None,
) -> SiaeApp:
    """Build the app on a sessions directory and référentiel folders (``room_host``: see ``--room-host``)."""
    referentiels, errors = load_referentiels(referentiel_dirs)
    store = SessionStore(sessions_dir, referentiels)
    return SiaeApp(store, referentiels, errors, open_session, room_host)
