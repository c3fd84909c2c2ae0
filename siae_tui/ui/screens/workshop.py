"""Workshop dialogs: everyone's vote on a practice, an action from a note, the action plan."""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Input, Label, Select, Static

from siae_tui.domain.model import Practice, Referentiel
from siae_tui.domain.targets import ActionTarget, action_targets
from siae_tui.domain.workshop import ACTION_STATUSES, Action, action_plan, median_proposal
from siae_tui.report.french import french_date, parse_french_date
from siae_tui.report.labels import value_symbol, votes_line
from siae_tui.store import Session
from siae_tui.ui.access import siae_app
from siae_tui.ui.saving import SaveStatus, refused_read_only, save
from siae_tui.ui.screens.dialogs import DialogScreen


class VoteScreen(DialogScreen[tuple[dict[str, int], int] | None]):
    """Type each participant's score in turn; then keep the proposed median or type the decision.

    The dialog always starts with the first participant, even on a practice
    that already has votes: the earlier votes are shown, Entrée keeps one,
    a digit replaces it, and only once everyone has had their turn does a
    digit become the team's decision. (Opening straight on the decision once
    turned a stray « w 0 0 3 » into scores nobody voted.)
    """

    # fmt: off
    BINDINGS = [
        Binding("0", "vote(0)", "0", show=False, id="vote-0", tooltip="Vote 0."),
        Binding("1", "vote(1)", "1", show=False, id="vote-1", tooltip="Vote 1."),
        Binding("2", "vote(2)", "2", show=False, id="vote-2", tooltip="Vote 2."),
        Binding("3", "vote(3)", "3", show=False, id="vote-3", tooltip="Vote 3."),
        Binding("minus", "abstain", "S'abstient", key_display="-", id="vote-abstain",
                tooltip="Le participant ne vote pas sur cette pratique."),
        Binding("backspace", "back", "Corriger", key_display="⌫", id="vote-back",
                tooltip="Revenir au participant précédent."),
        Binding("enter", "enter", "Garder / médiane", key_display="⏎", id="vote-decide",
                tooltip="Garder le vote précédent du participant ; à la fin, retenir la médiane proposée."),
        Binding("escape", "cancel", "Annuler", key_display="Échap", id="vote-cancel",
                tooltip="Fermer sans rien enregistrer."),
    ]
    # fmt: on

    def __init__(self, practice: Practice, participants: list[str], votes: dict[str, int]) -> None:
        super().__init__()
        self.practice, self.participants = practice, participants
        #: The votes already recorded on this practice, shown and kept with Entrée.
        self.earlier = {name: votes[name] for name in participants if name in votes}
        self.votes: dict[str, int] = {}
        self.turn = 0

    @property
    def deciding(self) -> bool:
        return self.turn >= len(self.participants)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog dialog-wide"):
            yield Label(f"Votes · {self.practice.id}  {self.practice.text}", classes="dialog-question")
            yield Static("", id="vote-board")
            yield Static(
                "0-3 : vote du participant · - : s'abstient · ⏎ : garder son vote précédent · ⌫ : corriger · "
                "Échap : annuler",
                classes="hint",
                id="vote-hint",
            )

    def on_mount(self) -> None:
        self._show()

    def _show(self) -> None:
        text = Text()
        for index, name in enumerate(self.participants):
            current = index == self.turn
            voted = str(self.votes[name]) if name in self.votes else "s'abstient"
            shown = voted if index < self.turn else "·"
            earlier = f"   (avant : {self.earlier[name]})" if name in self.earlier and index >= self.turn else ""
            text.append(f"{'▶' if current else ' '} {name:<24} {shown}{earlier}\n", style="bold" if current else "")
        if self.deciding:
            line = votes_line(self.votes) or "Aucun vote : tout le monde s'est abstenu."
            text.append(f"\n{line}\n", style="bold")
            if self.votes:
                text.append("⏎ : retenir la médiane proposée · ou tapez la note décidée par l'équipe (0-3)")
            else:
                text.append("Tapez la note décidée par l'équipe (0-3), ou Échap pour annuler")
        self.query_one("#vote-board", Static).update(text)

    def _next(self) -> None:
        self.turn += 1
        self._show()

    def action_vote(self, value: int) -> None:
        if self.deciding:
            self.dismiss((self.votes, value))  # the team decided (the median or another value)
            return
        self.votes[self.participants[self.turn]] = value
        self._next()

    def action_abstain(self) -> None:
        if not self.deciding:
            self.votes.pop(self.participants[self.turn], None)
            self._next()

    def action_back(self) -> None:
        if self.turn > 0:
            self.turn -= 1
            self.votes.pop(self.participants[self.turn], None)
            self._show()

    def action_enter(self) -> None:
        if not self.deciding:
            name = self.participants[self.turn]
            if name in self.earlier:
                self.votes[name] = self.earlier[name]
                self._next()
            return
        median = median_proposal(self.votes)
        if median is not None:
            self.dismiss((self.votes, median))

    def action_cancel(self) -> None:
        self.dismiss(None)


class ActionScreen(DialogScreen[Action | None]):
    """An action with an owner, a due date and a status: a new one from a practice's note, or one of the plan."""

    # fmt: off
    BINDINGS = [
        Binding("ctrl+s", "keep", "Enregistrer", key_display="Ctrl+S", id="action-keep",
                tooltip="Enregistrer l'action dans le plan."),
        Binding("ctrl+o", "suggest", "Pistes", key_display="Ctrl+O", id="action-suggest",
                tooltip="Insérer dans l'action une piste d'amélioration de l'activité."),
        Binding("escape", "cancel", "Annuler", key_display="Échap", id="action-cancel",
                tooltip="Fermer sans rien enregistrer."),
    ]
    # fmt: on

    def __init__(
        self,
        practice: Practice,
        note: str,
        participants: list[str],
        editing: Action | None = None,
        referentiel: Referentiel | None = None,
    ) -> None:
        super().__init__()
        self.practice, self.note, self.participants, self.editing = practice, note, participants, editing
        #: Where the practice's pistes d'amélioration are; without it, the app's référentiel holding the practice.
        self.referentiel = referentiel

    def compose(self) -> ComposeResult:
        action = self.editing
        title = "Modifier l'action" if action else "Nouvelle action"
        owner = action.owner if action else (self.participants[0] if self.participants else "")
        with Vertical(classes="dialog dialog-wide action-form"):
            yield Label(f"{title} · {self.practice.id}  {self.practice.text}", classes="dialog-question")
            yield Label("Action")
            yield Input(action.text if action else self.note.replace("\n", " ").strip(), id="action-text", compact=True)
            yield Label("Responsable")
            yield Input(owner, id="action-owner", compact=True)
            yield Label("Échéance (JJ/MM/AAAA, facultative)")
            yield Input(french_date(action.due) if action and action.due else "", id="action-due", compact=True)
            yield Label("Statut")
            yield Select(
                [(s, s) for s in ACTION_STATUSES],
                value=action.status if action else ACTION_STATUSES[0],
                allow_blank=False,
                id="action-status",
                compact=True,
            )
            yield Static("", classes="error-text", id="action-error")
            yield Static("Ctrl+S : enregistrer · Tab : champ suivant · Échap : annuler", classes="hint")

    def on_mount(self) -> None:
        self.query_one("#action-text", Input).focus()

    def action_keep(self) -> None:
        text = self.query_one("#action-text", Input).value.strip()
        due_text = self.query_one("#action-due", Input).value.strip()
        due = parse_french_date(due_text) if due_text else None
        problems = []
        if not text:
            problems.append("Décrivez l'action.")
        if due_text and due is None:
            problems.append(f"Échéance invalide « {due_text} » : écrivez-la JJ/MM/AAAA.")
        if problems:
            self.query_one("#action-error", Static).update("\n".join(problems))
            return
        self.dismiss(
            Action(
                self.practice.id,
                text,
                self.query_one("#action-owner", Input).value.strip(),
                due,
                str(self.query_one("#action-status", Select).value),
            )
        )

    def action_cancel(self) -> None:
        self.dismiss(None)

    @work
    async def action_suggest(self) -> None:
        """Ctrl+O: insert one of the activity's pistes d'amélioration into the action's text, at the cursor."""
        from siae_tui.ui.screens.guidance import activity_of, pick_suggestion

        referentiel = self.referentiel
        if referentiel is None:
            found = activity_of(siae_app(self).referentiels, self.practice)
            referentiel = found[0] if found is not None else None
        if referentiel is None:
            return
        chosen = await pick_suggestion(self, referentiel, self.practice.id)
        if chosen is None:
            return
        field = self.query_one("#action-text", Input)
        before = field.value[: field.cursor_position]
        field.insert_text_at_cursor(f" {chosen}" if before and not before.endswith(" ") else chosen)
        field.focus()


def _served(targets: list[ActionTarget]) -> Text:
    """« 1 → 3 » per target an action serves (current value → target), « ✓ 3 → 3 » once met, « — » for none."""
    if not targets:
        return Text("—")
    text = Text()
    for index, served in enumerate(targets):
        if index:
            text.append(", ")
        line = f"{value_symbol(served.current)} → {served.target}"
        text.append(f"✓ {line}" if served.met else line, style="green" if served.met else "")
    return text


class ActionPlanScreen(Screen[None]):
    """Every action of the session, by axis or by due date; a key moves an action's status on."""

    # fmt: off
    BINDINGS = [
        Binding("escape,P", "back", "Retour", id="plan-back", tooltip="Revenir à l'évaluation."),
        Binding("s", "toggle_sort", "Tri axe/échéance", id="plan-sort", tooltip="Trier par axe ou par échéance."),
        Binding(
            "space",
            "next_status",
            "Statut suivant",
            key_display="espace",
            id="plan-status",
            tooltip="Passer l'action sélectionnée à l'étape suivante (à faire → en cours → fait).",
        ),
        Binding("enter", "edit", "Modifier", key_display="⏎", id="plan-edit",
                tooltip="Modifier l'action sélectionnée (texte, responsable, échéance, statut)."),
        Binding("delete,x", "delete", "Supprimer", key_display="Suppr", id="plan-delete",
                tooltip="Retirer l'action sélectionnée du plan (après confirmation)."),
    ]
    # fmt: on

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session, self.referentiel, self.by = session, session.referentiel, "axis"
        self.rows: list[Action] = []

    def compose(self) -> ComposeResult:
        with Horizontal(classes="title-bar"):
            yield Static("Plan d'action", classes="title")
            yield SaveStatus("", id="save-status")
        yield DataTable(id="plan", cursor_type="row", zebra_stripes=True)
        yield Static("", id="plan-targets", classes="hint")
        yield Footer(compact=True, show_command_palette=False)

    #: Fixed columns; the action's text takes the rest of the width (cut with « … »).
    COLUMNS = (("Axe", 3), ("N°", 7), ("Responsable", 12), ("Échéance", 10), ("Statut", 8))
    #: The target each action serves (« 1 → 3 », « ✓ 3 → 3 »), shown when the session has targets.
    TARGET_COLUMN = ("Cible", 7)

    def on_mount(self) -> None:
        self.refresh_plan()

    def on_resize(self) -> None:
        self.refresh_plan()

    def refresh_plan(self) -> None:
        table = self.query_one(DataTable)
        cursor = table.cursor_row
        table.clear(columns=True)
        evaluation = self.session.evaluation
        self.rows = action_plan(self.referentiel, list(evaluation.actions), self.by)
        served = {id(action): action_targets(self.referentiel, evaluation, action) for action in self.rows}
        columns = self.COLUMNS + ((self.TARGET_COLUMN,) if any(served.values()) else ())
        padding = 2 * table.cell_padding
        room = max(16, self.size.width - sum(w + padding for _, w in columns) - padding - 2)
        table.add_column("Axe", width=3)
        table.add_column("N°", width=7)
        table.add_column("Action", width=room)
        for header, width in columns[2:]:
            table.add_column(header, width=width)
        for action in self.rows:
            axis = self.referentiel.locate(action.practice_id)[3].id
            text = action.text if len(action.text) <= room else action.text[: room - 1] + "…"
            owner = action.owner or "—"
            cells: list[str | Text] = [
                axis,
                action.practice_id,
                text,
                owner if len(owner) <= 12 else owner[:11] + "…",
                french_date(action.due) if action.due else "—",
                action.status,
            ]
            if len(columns) > len(self.COLUMNS):
                cells.append(_served(served[id(action)]))
            table.add_row(*cells)
        legend = self.query_one("#plan-targets", Static)
        legend.update(
            "Cible : note actuelle → cible pour la prochaine évaluation (✓ déjà atteinte)"
            if len(columns) > len(self.COLUMNS)
            else ""
        )
        legend.display = len(columns) > len(self.COLUMNS)
        if self.rows:
            table.move_cursor(row=min(max(cursor, 0), len(self.rows) - 1))
        self.sub_title = "par axe" if self.by == "axis" else "par échéance"

    def _selected(self) -> tuple[int, Action] | None:
        """The selected action and its place in the session's list (the plan shows them sorted)."""
        if not self.rows:
            return None
        action = self.rows[self.query_one(DataTable).cursor_row]
        return self.session.evaluation.actions.index(action), action

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        """Entrée on a row (the table takes the key first): edit that action."""
        event.stop()
        self.action_edit()

    @work
    async def action_edit(self) -> None:
        selected = self._selected()
        if selected is None or refused_read_only(self, self.session):
            return
        index, action = selected
        practice = self.referentiel.practice(action.practice_id)
        edited = await self.app.push_screen_wait(
            ActionScreen(
                practice, "", self.session.evaluation.participants, editing=action, referentiel=self.referentiel
            )
        )
        if edited is not None and edited != action:
            save(self, self.session, lambda s: s.replace_action(index, edited))
        self.refresh_plan()

    @work
    async def action_delete(self) -> None:
        from siae_tui.ui.screens.dialogs import ConfirmScreen

        selected = self._selected()
        if selected is None or refused_read_only(self, self.session):
            return
        index, action = selected
        question = ConfirmScreen(
            f"Retirer l'action « {action.text} » ({action.practice_id}) du plan ?\n"
            "(o : retirer · Entrée ou n : garder)",
            yes="Retirer",
            no="Garder",
            destructive=True,
        )
        if await self.app.push_screen_wait(question):
            save(self, self.session, lambda s: s.remove_action(index))
        self.refresh_plan()

    def action_toggle_sort(self) -> None:
        self.by = "due" if self.by == "axis" else "axis"
        self.refresh_plan()

    def action_next_status(self) -> None:
        if not self.rows:
            return
        action = self.rows[self.query_one(DataTable).cursor_row]
        following = ACTION_STATUSES[(ACTION_STATUSES.index(action.status) + 1) % len(ACTION_STATUSES)]
        index = self.session.evaluation.actions.index(action)
        save(self, self.session, lambda s: s.replace_action(index, action.with_status(following)))
        self.refresh_plan()

    def action_back(self) -> None:
        self.app.pop_screen()
