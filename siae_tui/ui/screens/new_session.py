"""The new-session form: who is evaluating, when, and against which référentiel."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Input, Label, Select, Static

from siae_tui.clock import CLOCK
from siae_tui.domain.evaluation import Evaluation
from siae_tui.domain.metadata import (
    MAX_NETWORK_LENGTH,
    metadata_problems,
    normalise_network,
    normalise_siret,
    normalise_territory,
)
from siae_tui.domain.model import STRUCTURE_TYPES
from siae_tui.domain.workshop import duplicate_names
from siae_tui.locations import DEFAULT_REFERENTIEL_ID
from siae_tui.report.french import date_mistake, french_date, parse_french_date
from siae_tui.store import SessionError
from siae_tui.ui.access import siae_app

#: The optional details' inputs, in the order ``metadata_problems`` takes them.
_METADATA = ("territory", "network", "siret")


class NewSessionScreen(Screen[None]):
    """Asks for the evaluation's details; ctrl+s (or enter on the last field) creates it."""

    CSS_PATH = "new_session.tcss"
    BINDINGS = [
        Binding("ctrl+s", "create", "Créer", id="new-create", tooltip="Créer la session et commencer l'évaluation."),
        Binding("escape", "cancel", "Annuler", id="new-cancel", tooltip="Revenir à l'accueil sans rien créer."),
        # q quits everywhere else; here it would throw the form away (on a list, where it is not typed).
        Binding("q", "quit_hint", show=False, id="new-quit-hint"),
    ]

    def compose(self) -> ComposeResult:
        yield Static("Nouvelle évaluation", classes="title-bar")
        with VerticalScroll(id="form"):
            yield Label("Nom de la SIAE *")
            yield Input(placeholder="ex. Régie de quartier Élan", id="siae")
            yield Label("Type de structure")
            yield Select([(t, t) for t in STRUCTURE_TYPES], value="ACI", allow_blank=False, id="structure")
            yield Label("Date de l'évaluation (JJ/MM/AAAA)")
            yield Input(value=french_date(CLOCK.today()), id="date")
            yield Label("Libellé (facultatif)")
            yield Input(placeholder="ex. Revue annuelle 2026", id="label")
            yield Label("Participants (séparés par des virgules)")
            yield Input(placeholder="ex. Awa (CIP), Marc (direction), Léa (encadrante)", id="participants")
            referentiels = siae_app(self).referentiels
            default = next((i for i, r in enumerate(referentiels) if r.id == DEFAULT_REFERENTIEL_ID), 0)
            yield Label("Référentiel")
            yield Select(
                [
                    (f"{r.short_title} — v{r.version} — {len(r.practices)} pratiques", i)
                    for i, r in enumerate(referentiels)
                ],
                value=default,
                allow_blank=False,
                id="referentiel",
                disabled=len(referentiels) < 2,
            )
            # For a network's consolidation; short labels: the form lays labels beside their fields.
            yield Label("Territoire (facultatif)")
            yield Input(placeholder="département : 01–95, 2A, 2B, 971–976", id="territory", max_length=10)
            yield Label("Réseau (facultatif)")
            yield Input(
                placeholder="ex. coorace, fei, ou le nom du réseau",
                id="network",
                max_length=MAX_NETWORK_LENGTH,
            )
            yield Label("SIRET (facultatif)")
            yield Input(placeholder="14 chiffres, ex. 732 829 320 00074", id="siret", max_length=30)
            yield Static("", classes="error-text", id="form-error")
            yield Static("Tab : champ suivant · Ctrl+S : créer · Échap : annuler (Ctrl+P : commandes)", classes="hint")
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        # One line per field (no borders): the form and its errors fit 80x24.
        for field in self.query(Input):
            field.compact = True
        for choice in self.query(Select):
            choice.compact = True
        self.query_one("#siae", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input.id in ("participants", "siret"):
            self.action_create()
        else:
            self.focus_next()

    def _problems(self) -> list[str]:
        problems = []
        if not self.query_one("#siae", Input).value.strip():
            problems.append("Le nom de la SIAE est obligatoire.")
        problems += metadata_problems(*(self.query_one(f"#{key}", Input).value for key in _METADATA))
        if parse_french_date(self.query_one("#date", Input).value) is None:
            problems.append(date_mistake(self.query_one("#date", Input).value))
        names = [p.strip() for p in self.query_one("#participants", Input).value.split(",") if p.strip()]
        if twice := duplicate_names(names):
            problems.append(f"Participant(s) en double : {', '.join(twice)} (ajoutez l'initiale du nom).")
        return problems

    def action_create(self) -> None:
        problems = self._problems()
        error = self.query_one("#form-error", Static)
        error.update("\n".join(problems))
        if problems:
            error.scroll_visible(animate=False)
        date = parse_french_date(self.query_one("#date", Input).value)
        if problems or date is None:
            return
        chosen = self.query_one("#referentiel", Select).value
        referentiel = siae_app(self).referentiels[chosen if isinstance(chosen, int) else 0]
        participants = [p.strip() for p in self.query_one("#participants", Input).value.split(",") if p.strip()]
        evaluation = Evaluation(
            referentiel_id=referentiel.id,
            referentiel_version=referentiel.version,
            siae=self.query_one("#siae", Input).value.strip(),
            date=date,
            structure_type=str(self.query_one("#structure", Select).value),
            label=self.query_one("#label", Input).value.strip(),
            participants=participants,
            territory=normalise_territory(self.query_one("#territory", Input).value),
            network=normalise_network(self.query_one("#network", Input).value),
            siret=normalise_siret(self.query_one("#siret", Input).value),
        )
        try:
            session = siae_app(self).store.create(evaluation)
        except SessionError as error:
            self.query_one("#form-error", Static).update(error.message)
            return
        from siae_tui.ui.screens.walk import WalkScreen

        self.app.switch_screen(WalkScreen(session))

    def action_quit_hint(self) -> None:
        self.notify("Pour quitter, revenez d'abord à l'accueil avec Échap (le formulaire est abandonné).")

    def action_cancel(self) -> None:
        self.app.pop_screen()
