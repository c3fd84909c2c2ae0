"""The room: phones vote on the practice on screen, the facilitator reveals and decides.

Opening the screen starts the room's web server (``siae_tui.room``) in the
app's own asyncio loop; closing it, or quitting the app, stops it. The screen
shows the QR code of the room's address, the short address and the room
code, « n/N ont voté » live, then, once revealed, the votes, the proposed
median and any disagreement, exactly as typed votes show them. The decision
is handed to the walk (``decide``), which writes it through its one write
path and moves on; the room follows the walk to the next practice, and every
phone with it. Digits typed before the reveal are the vote of the
participant under the cursor (someone without a phone): both kinds mix.
"""

from __future__ import annotations

from collections.abc import Callable

import segno
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static

from siae_tui.domain.navigation import Walk
from siae_tui.domain.room import KEYBOARD, NOT_APPLICABLE_CHOICE, UNSURE_CHOICE, Room
from siae_tui.domain.scoring import NOT_APPLICABLE, Value
from siae_tui.report.labels import votes_line
from siae_tui.room import RoomServer
from siae_tui.store import Session
from siae_tui.ui.saving import SaveStatus

#: What the walk does with a decision: write it (votes, value) and move on; True once on disk.
Decide = Callable[[str, dict[str, int], Value], bool]
#: The quiet zone around the QR code, in modules (3 keeps it within 80x24 and scanners read it).
QR_BORDER = 3
#: Each choice as the reveal shows it.
CHOICE_SHOWN = {NOT_APPLICABLE_CHOICE: "N/A", UNSURE_CHOICE: "ne sait pas"}


def qr_text(url: str) -> Text:
    """The QR code of ``url`` in half blocks: two rows of modules per line, dark on light whatever the theme.

    The blocks draw the *light* modules (the quiet zone is then made of blocks, which no
    layout strips as leading spaces), white on black; with NO_COLOR they fall back to the
    terminal's light text on its dark background, still the right way round.
    """
    rows = [[not dark for dark in row] for row in segno.make(url, error="l").matrix_iter(scale=1, border=QR_BORDER)]
    if len(rows) % 2:
        rows.append([True] * len(rows[0]))
    glyphs = {(False, False): " ", (True, False): "▀", (False, True): "▄", (True, True): "█"}
    lines = [
        "".join(glyphs[top, bottom] for top, bottom in zip(rows[i], rows[i + 1], strict=True))
        for i in range(0, len(rows), 2)
    ]
    return Text("\n".join(lines), style="#ffffff on #000000", no_wrap=True)


def spaced(code: str) -> str:
    """The room code in groups of four, easier to read out: ``abcd-efgh-…``."""
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


class VoteCount(Static):
    """« n/N ont voté », updated at every vote (the load benchmark watches it)."""


class RoomScreen(Screen[None]):
    """The room of one session, open while this screen is."""

    CSS_PATH = "room.tcss"
    # fmt: off
    BINDINGS = [
        Binding("v", "reveal", "Dévoiler", id="room-reveal", tooltip="Dévoiler les votes de la salle."),
        Binding("enter", "enter", "Dévoiler / médiane", key_display="⏎", id="room-enter",
                tooltip="Dévoiler les votes ; une fois dévoilés, retenir la médiane proposée."),
        Binding("0", "digit(0)", "Vote", key_display="0-3", id="room-0",
                tooltip="Avant le dévoilement : vote du participant sélectionné ; après : note décidée par l'équipe."),
        Binding("1", "digit(1)", "1", show=False, id="room-1", tooltip="Vote ou décision 1."),
        Binding("2", "digit(2)", "2", show=False, id="room-2", tooltip="Vote ou décision 2."),
        Binding("3", "digit(3)", "3", show=False, id="room-3", tooltip="Vote ou décision 3."),
        Binding("a", "not_applicable", "N/A", id="room-na",
                tooltip="Après le dévoilement : décider « non applicable »."),
        Binding("minus", "clear_vote", "Effacer", key_display="-", show=False, id="room-clear",
                tooltip="Effacer le vote du participant sélectionné."),
        Binding("down,j", "cursor(1)", "Participant", key_display="↑↓", id="room-down",
                tooltip="Sélectionner le participant suivant (pour taper son vote)."),
        Binding("up,k", "cursor(-1)", "Précédent", show=False, id="room-up", tooltip="Participant précédent."),
        Binding("c", "hide", "Revoter", id="room-hide",
                tooltip="Cacher à nouveau les votes : chacun peut changer le sien."),
        Binding("o", "toggle_anonymous", "Anonyme", id="room-anonymous",
                tooltip="Vote anonyme (ou nominatif) : seulement avant le premier vote d'une pratique."),
        Binding("escape", "close", "Fermer la salle", key_display="Échap", id="room-close",
                tooltip="Fermer la salle : le serveur s'arrête, les téléphones ne peuvent plus voter."),
    ]
    # fmt: on

    def __init__(self, session: Session, walk: Walk, decide: Decide, host: str, port: int = 0) -> None:
        super().__init__()
        self.session, self.walk, self.decide = session, walk, decide
        evaluation = session.evaluation
        self.room = Room(session.referentiel, tuple(evaluation.participants))
        self.server = RoomServer(self.room, host, port, on_change=self._phone_voted)
        self.cursor = 0

    def compose(self) -> ComposeResult:
        with Horizontal(classes="title-bar"):
            yield Static(f"Salle · {self.session.evaluation.siae}", classes="title")
            yield SaveStatus("", id="save-status")
        with Horizontal(id="room-body"):
            yield Static("", id="room-qr")
            with Vertical(id="room-side"):
                yield Static("", id="room-address")
                yield VoteCount("", id="room-count")
                with VerticalScroll(id="room-scroll"):
                    yield Static("", id="room-practice")
                    yield Static("", id="room-board")
                    yield Static("", id="room-tally")
        yield Footer(compact=True, show_command_palette=False)

    async def on_mount(self) -> None:
        self._follow_walk()
        try:
            await self.server.start()
        except OSError as error:
            self.notify(
                f"Impossible d'ouvrir la salle sur {self.server.host} : {error.strerror or error}. "
                "Choisissez une autre adresse avec --room-host.",
                title="Salle fermée",
                severity="error",
                timeout=20,
            )
            self.dismiss(None)
            return
        self.query_one("#room-qr", Static).update(qr_text(self.server.url))
        self.query_one("#room-address", Static).update(
            Text.assemble(
                "Scannez le QR code, ou ouvrez\n",
                (self.server.base, "bold"),
                "\net tapez le code de la salle :\n",
                (spaced(self.server.token), "bold"),
            )
        )
        self._show()

    async def on_unmount(self) -> None:
        await self.server.close()

    # -- following the walk --------------------------------------------------------
    def _follow_walk(self) -> None:
        """Put the walk's practice to the vote (a practice that does not concern the structure: none)."""
        practice_id = self.walk.current
        self.room.show(self.session.referentiel.practice(practice_id) if self.walk.applies(practice_id) else None)
        self.server.changed()

    # -- showing -------------------------------------------------------------------
    def _phone_voted(self) -> None:
        """A phone voted: the count and the board change, nothing else (30 phones may vote at once)."""
        room = self.room
        mode = " (anonyme)" if room.anonymous else ""
        self.query_one(VoteCount).update(f"{room.voted}/{room.expected} ont voté{mode}")
        self.query_one("#room-board", Static).update(self._board())
        if len(room.ballots) == 1:
            self.refresh_bindings()  # the anonymous switch is no longer offered

    def _show(self) -> None:
        room = self.room
        practice = room.practice
        if practice is None:
            kind = self.session.evaluation.structure_type
            shown = Text(f"{self.walk.current} : ne concerne pas les structures de type {kind}, pas de vote.")
        else:
            shown = Text.assemble((practice.id, "bold"), "  ", practice.text)  # référentiel text is never markup
        self.query_one("#room-practice", Static).update(shown)
        self._phone_voted()
        self.query_one("#room-tally", Static).update(self._tally())
        self.refresh_bindings()

    def _board(self) -> Text:
        text = Text()
        if self.room.anonymous:
            return text
        for index, name in enumerate(self.room.participants):
            ballot = self.room.ballots.get(name)
            if ballot is None:
                state = "·"
            elif self.room.revealed:
                state = CHOICE_SHOWN.get(ballot.choice, ballot.choice)
            else:
                state = "✓ a voté"
            typed = " (clavier)" if ballot is not None and ballot.device == KEYBOARD else ""
            selected = index == self.cursor and not self.room.revealed
            text.append(f"{'▶' if selected else ' '} {name:<16} {state}{typed}\n", style="bold" if selected else "")
        return text

    def _tally(self) -> str:
        if not self.room.revealed:
            return "Les votes restent cachés jusqu'au dévoilement (v)."
        tally = self.room.tally()
        votes = tally.votes
        if self.room.anonymous:  # phones are not names: number the votes, lowest first
            votes = {f"n°{i}": vote for i, vote in enumerate(sorted(votes.values()), 1)}
        parts = [votes_line(votes) or "Aucune note : personne n'a voté 0 à 3."]
        if tally.not_applicable:
            parts.append(f"N/A : {tally.not_applicable}")
        if tally.unsure:
            parts.append(f"ne sait pas : {tally.unsure}")
        proposal = "⏎ : retenir la médiane · " if tally.median is not None else ""
        return " · ".join(parts) + f"\n{proposal}0-3 : note décidée · a : non applicable · c : revoter"

    # -- keys ----------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Each key where it applies: votes before the reveal, decisions after."""
        room = self.room
        if action in ("reveal", "toggle_anonymous", "cursor", "clear_vote"):
            hidden_round = room.practice is not None and not room.revealed
            if action == "toggle_anonymous":
                return hidden_round and not room.ballots
            if action in ("cursor", "clear_vote"):
                return hidden_round and not room.anonymous
            return hidden_round
        if action in ("not_applicable", "hide"):
            return room.revealed
        if action == "digit":
            return room.practice is not None and (room.revealed or not room.anonymous)
        return True

    def action_reveal(self) -> None:
        if self.room.practice is not None and not self.room.revealed:
            self.room.reveal()
            self.server.changed()
            self._show()

    def action_hide(self) -> None:
        self.room.revealed = False
        self.server.changed()
        self._show()

    def action_enter(self) -> None:
        if not self.room.revealed:
            self.action_reveal()
            return
        median = self.room.tally().median
        if median is not None:
            self._decide(median)

    def action_digit(self, value: int) -> None:
        if self.room.revealed:
            self._decide(value)
            return
        name = self.room.participants[self.cursor]
        self.room.type_vote(name, str(value))
        self.server.changed()
        self.action_cursor(1)

    def action_not_applicable(self) -> None:
        if self.room.revealed:
            self._decide(NOT_APPLICABLE)

    def action_clear_vote(self) -> None:
        self.room.type_vote(self.room.participants[self.cursor], None)
        self.server.changed()
        self._show()

    def action_cursor(self, delta: int) -> None:
        self.cursor = (self.cursor + delta) % len(self.room.participants)
        self._show()

    def action_toggle_anonymous(self) -> None:
        if not self.room.ballots:
            self.room.set_anonymous(not self.room.anonymous)
            self.server.changed()
            self.notify(
                "Vote anonyme : les votes ne sont pas nominatifs." if self.room.anonymous else "Vote nominatif."
            )
            self._show()

    def _decide(self, decision: Value) -> None:
        """The team decided: the walk writes it and moves on, and the room (every phone) follows."""
        practice = self.room.practice
        if practice is None:
            return
        if not self.decide(practice.id, self.room.named_votes(), decision):
            return  # not on disk: the votes stay revealed, the decision can be given again
        if self.walk.current == practice.id:
            self.room.show(None)  # nowhere further to go: the evaluation is complete
            self.server.changed()
        else:
            self._follow_walk()
        self.cursor = 0
        self._show()

    async def action_close(self) -> None:
        await self.server.close()
        self.dismiss(None)
