"""A practice's evidence (« preuves »): the list, and the form that adds or edits one item.

The list shows each item's document, date and place, and marks the ones a
re-scoring carried over from last year (« reprise de l'évaluation
précédente, à revoir »): saving such an item from the form, changed or not,
says the team has checked it, and clears the mark. Every change is written
through ``ui.saving.save``; the store holds the rules (an item needs a title,
texts are bounded, a practice keeps at most ``MAX_EVIDENCE_PER_PRACTICE``
items) and its refusals are shown as they are. A read-only session shows its
evidence and changes none.
"""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from siae_tui.domain.evidence import Evidence, evidence_problem, normalised
from siae_tui.domain.model import Practice
from siae_tui.report.french import date_mistake, french_date, parse_french_date
from siae_tui.report.labels import CARRIED_OVER_MARK
from siae_tui.store import Session
from siae_tui.ui.saving import SaveStatus, refused_read_only, save
from siae_tui.ui.screens.dialogs import ConfirmScreen, DialogScreen


class EvidenceForm(DialogScreen[Evidence | None]):
    """One evidence item: the document's name (required), where it is, its date; answers None when cancelled."""

    # Textual takes a list of files; DialogScreen's single name made mypy infer a plain str.
    CSS_PATH = ["dialogs.tcss", "evidence.tcss"]  # type: ignore[assignment]
    # fmt: off
    BINDINGS = [
        Binding("ctrl+s", "keep", "Enregistrer", key_display="Ctrl+S", id="evidence-keep",
                tooltip="Enregistrer la preuve."),
        Binding("escape", "cancel", "Annuler", key_display="Échap", id="evidence-cancel",
                tooltip="Fermer sans rien enregistrer."),
    ]
    # fmt: on

    def __init__(self, practice: Practice, editing: Evidence | None = None) -> None:
        super().__init__()
        self.practice, self.editing = practice, editing

    def compose(self) -> ComposeResult:
        item = self.editing
        title = "Modifier la preuve" if item else "Nouvelle preuve"
        with Vertical(classes="dialog dialog-wide evidence-form"):
            yield Label(Text(f"{title} · {self.practice.id}  {self.practice.text}"), classes="dialog-question")
            if item is not None and item.carried_over:
                yield Static(
                    f"↻ {CARRIED_OVER_MARK} : l'enregistrer dit que l'équipe l'a vérifiée.", classes="carried-over"
                )
            yield Label("Document (obligatoire)")
            yield Input(
                item.title if item else "", placeholder="ex. Livret d'accueil 2026", id="evidence-title", compact=True
            )
            yield Label("Emplacement : chemin, adresse web ou lieu (facultatif)")
            yield Input(
                item.location if item else "",
                placeholder="ex. Drive > Qualité > Accueil, ou classeur qualité, étagère 2",
                id="evidence-location",
                compact=True,
            )
            yield Label("Date du document (JJ/MM/AAAA, facultative)")
            yield Input(french_date(item.date) if item and item.date else "", id="evidence-date", compact=True)
            yield Static("", classes="error-text", id="evidence-error")
            yield Static(
                "Entrée : champ suivant, puis enregistrer · Ctrl+S : enregistrer · Échap : annuler", classes="hint"
            )

    def on_mount(self) -> None:
        self.query_one("#evidence-title", Input).focus()

    @on(Input.Submitted)
    def _next_field(self, event: Input.Submitted) -> None:
        """Entrée moves to the next field, and on the last one saves (a form read top to bottom)."""
        event.stop()
        if event.input.id == "evidence-date":
            self.action_keep()
        else:
            self.focus_next()

    def action_keep(self) -> None:
        title = self.query_one("#evidence-title", Input).value.strip()
        location = self.query_one("#evidence-location", Input).value.strip()
        typed_date = self.query_one("#evidence-date", Input).value.strip()
        date = parse_french_date(typed_date) if typed_date else None
        evidence = Evidence(title, location, date)
        problems = []
        problem = evidence_problem(evidence)
        if problem:
            problems.append(problem[0].upper() + problem[1:] + ".")
        if typed_date and date is None:
            problems.append(date_mistake(typed_date) + " Ou laissez-la vide.")
        if problems:
            self.query_one("#evidence-error", Static).update(Text("\n".join(problems)))
            return
        self.dismiss(evidence)

    def action_cancel(self) -> None:
        self.dismiss(None)


class EvidenceScreen(Screen[None]):
    """The evidence of one practice: a to add, Entrée to edit, d or Suppr to remove, Échap to go back."""

    CSS_PATH = "evidence.tcss"
    # fmt: off
    BINDINGS = [
        Binding("a", "add", "Ajouter", id="evidence-add",
                tooltip="Ajouter une preuve : le document, où le trouver, sa date."),
        # A priority binding: the list would take Entrée first, and the footer would not show it.
        Binding("enter", "edit", "Modifier", key_display="⏎", priority=True, id="evidence-edit",
                tooltip="Modifier la preuve sélectionnée (l'enregistrer confirme une preuve reprise)."),
        Binding("d,delete", "remove", "Retirer", key_display="d/Suppr", id="evidence-remove",
                tooltip="Retirer la preuve sélectionnée (après confirmation)."),
        Binding("escape,E", "back", "Retour", key_display="Échap", id="evidence-back",
                tooltip="Revenir à l'évaluation."),
    ]
    # fmt: on

    def __init__(self, session: Session, practice_id: str) -> None:
        super().__init__()
        self.session, self.referentiel = session, session.referentiel
        self.practice = self.referentiel.practice(practice_id)

    @property
    def items(self) -> list[Evidence]:
        return self.session.evaluation.evidence_of(self.practice.id)

    @property
    def applies(self) -> bool:
        """Whether the practice concerns the session's structure type (evidence may then be added or edited)."""
        return self.practice.applies(self.session.evaluation.structure_type)

    def compose(self) -> ComposeResult:
        with Horizontal(classes="title-bar"):
            yield Static(f"Preuves · pratique {self.practice.id}", classes="title")
            yield SaveStatus("", id="save-status")
        yield Static(Text(f"{self.practice.id}  {self.practice.text}"), id="evidence-practice")
        yield OptionList(id="evidence-list")
        yield Static("", id="evidence-hint", classes="hint")
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self._show()
        self.query_one(OptionList).focus()

    def _show(self, highlight: int | None = None) -> None:
        """List the items again, keeping the highlighted one (or ``highlight``) in view."""
        listing = self.query_one(OptionList)
        kept = listing.highlighted if highlight is None else highlight
        listing.clear_options()
        listing.add_options(Option(self._item_text(n, item)) for n, item in enumerate(self.items, 1))
        if self.items:
            listing.highlighted = min(max(kept or 0, 0), len(self.items) - 1)
        listing.display = bool(self.items)
        kind = self.session.evaluation.structure_type
        if not self.applies:
            hint = f"Cette pratique ne concerne pas les structures de type {kind} : pas de preuve à ajouter."
        elif not self.items:
            hint = (
                "Aucune preuve pour cette pratique. a : ajouter un document qui montre qu'elle est en place "
                "(son nom, où le trouver, sa date)."
            )
        else:
            hint = ""
        self.query_one("#evidence-hint", Static).update(hint)
        self.query_one("#evidence-hint").display = bool(hint)

    @staticmethod
    def _item_text(number: int, item: Evidence) -> Text:
        """« 1. Livret d'accueil 2026 · 15/01/2026 », where to find it beneath, then the carried-over mark."""
        text = Text(f"{number}. ")
        text.append(item.title, style="bold")
        if item.date:
            text.append(f" · {french_date(item.date)}")
        text.append("\n   " + (item.location or "emplacement non précisé"), style="" if item.location else "dim")
        if item.carried_over:
            text.append(f"\n   ↻ {CARRIED_OVER_MARK}", style="italic yellow")
        return text

    def _selected(self) -> tuple[int, Evidence] | None:
        index = self.query_one(OptionList).highlighted
        items = self.items
        return (index, items[index]) if index is not None and 0 <= index < len(items) else None

    def _refused(self) -> bool:
        """True (and says why) when nothing may change here: a read-only session, a practice out of scope."""
        if refused_read_only(self, self.session):
            return True
        if not self.applies:
            kind = self.session.evaluation.structure_type
            self.notify(
                f"Cette pratique ne concerne pas les structures de type {kind} : pas de preuve.", severity="warning"
            )
            return True
        return False

    @on(OptionList.OptionSelected)
    def _chosen_with_the_mouse(self, event: OptionList.OptionSelected) -> None:
        """A click on an item: edit it (Entrée is the screen's own key)."""
        event.stop()
        self.action_edit()

    @work(exclusive=True)
    async def action_add(self) -> None:
        if self._refused():
            return
        practice_id = self.practice.id
        evidence = await self.app.push_screen_wait(EvidenceForm(self.practice))
        if evidence is not None and save(self, self.session, lambda s: s.add_evidence(practice_id, evidence)):
            self._show(highlight=len(self.items) - 1)
        else:
            self._show()

    @work(exclusive=True)
    async def action_edit(self) -> None:
        selected = self._selected()
        if selected is None or self._refused():
            return
        index, item = selected
        practice_id = self.practice.id
        edited = await self.app.push_screen_wait(EvidenceForm(self.practice, item))
        # The form's item is never carried over: saving an unchanged carried-over item confirms it.
        if edited is not None and normalised(edited) != item:
            save(self, self.session, lambda s: s.replace_evidence(practice_id, index, edited))
        self._show()

    @work(exclusive=True)
    async def action_remove(self) -> None:
        selected = self._selected()
        if selected is None or refused_read_only(self, self.session):
            return  # removing stays possible on a practice out of scope: the store allows it
        index, item = selected
        practice_id = self.practice.id
        question = ConfirmScreen(
            f"Retirer la preuve « {item.title} » de la pratique {practice_id} ?\n(o : retirer · Entrée ou n : garder)",
            yes="Retirer",
            no="Garder",
            destructive=True,
        )
        if await self.app.push_screen_wait(question):
            save(self, self.session, lambda s: s.remove_evidence(practice_id, index))
        self._show()

    def action_back(self) -> None:
        self.dismiss(None)
