"""Change a session's details after creation: SIAE, structure type, date, label, participants.

A team that forgot its participants could never vote; a typo in the SIAE's
name stayed for ever. The dialog opens on the session's current details and
answers the changed ones; the home screen writes them through the store.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Label, Select, Static

from siae_tui.domain.metadata import metadata_problems, normalise_network, normalise_siret, normalise_territory
from siae_tui.domain.model import STRUCTURE_TYPES
from siae_tui.domain.workshop import duplicate_names
from siae_tui.report.french import date_mistake, french_date, parse_french_date
from siae_tui.store import SessionSummary
from siae_tui.ui.screens.dialogs import DialogScreen


def split_participants(text: str) -> list[str]:
    """« Awa (CIP), Marc » → ["Awa (CIP)", "Marc"]."""
    return [name.strip() for name in text.split(",") if name.strip()]


class SessionDetailsScreen(DialogScreen[dict[str, Any] | None]):
    """The details of one session, editable; Ctrl+S keeps them, Échap cancels."""

    # fmt: off
    BINDINGS = [
        Binding("ctrl+s", "keep", "Enregistrer", key_display="Ctrl+S", id="details-keep",
                tooltip="Enregistrer les nouvelles informations de la session."),
        Binding("escape", "cancel", "Annuler", key_display="Échap", id="details-cancel",
                tooltip="Fermer sans rien changer."),
    ]
    # fmt: on

    def __init__(
        self, summary: SessionSummary, participants: list[str], metadata: dict[str, str] | None = None
    ) -> None:
        super().__init__()
        self.summary, self.participants, self.metadata = summary, participants, metadata or {}

    def compose(self) -> ComposeResult:
        summary = self.summary
        with Vertical(classes="dialog dialog-wide"):
            yield Label(f"Modifier la session « {summary.id} »", classes="dialog-question")
            yield Label("Nom de la SIAE *")
            yield Input(summary.siae, id="details-siae", compact=True)
            yield Label("Type de structure")
            kinds = list(STRUCTURE_TYPES)
            if summary.structure_type not in kinds:
                kinds.append(summary.structure_type)
            yield Select(
                [(k, k) for k in kinds],
                value=summary.structure_type,
                allow_blank=False,
                id="details-structure",
                compact=True,
            )
            yield Label("Date de l'évaluation (JJ/MM/AAAA)")
            yield Input(french_date(summary.date), id="details-date", compact=True)
            yield Label("Libellé")
            yield Input(summary.label, id="details-label", compact=True)
            yield Label("Participants (séparés par des virgules)")
            yield Input(", ".join(self.participants), id="details-participants", compact=True)
            # For a network's consolidation (optional).
            yield Label("Territoire (département), réseau, SIRET — facultatifs")
            with Horizontal(id="details-network"):
                yield Input(
                    self.metadata.get("territory", ""),
                    placeholder="ex. 69",
                    id="details-territory",
                    compact=True,
                    max_length=10,
                )
                yield Input(self.metadata.get("network", ""), placeholder="réseau", id="details-reseau", compact=True)
                yield Input(
                    self.metadata.get("siret", ""),
                    placeholder="SIRET (14 chiffres)",
                    id="details-siret",
                    compact=True,
                    max_length=30,
                )
            yield Static("", classes="error-text", id="details-error")
            yield Static("Ctrl+S : enregistrer · Tab : champ suivant · Échap : annuler", classes="hint")

    def on_mount(self) -> None:
        self.query_one("#details-siae", Input).focus()

    def action_keep(self) -> None:
        siae = self.query_one("#details-siae", Input).value.strip()
        date_text = self.query_one("#details-date", Input).value
        date = parse_french_date(date_text)
        problems = []
        if not siae:
            problems.append("Le nom de la SIAE est obligatoire.")
        if date is None:
            problems.append(date_mistake(date_text))
        participants = split_participants(self.query_one("#details-participants", Input).value)
        territory, network, siret = (
            self.query_one(f"#details-{key}", Input).value for key in ("territory", "reseau", "siret")
        )
        problems += metadata_problems(territory, network, siret)
        if twice := duplicate_names(participants):
            problems.append(f"Participant(s) en double : {', '.join(twice)} (ajoutez l'initiale du nom).")
        if problems:
            self.query_one("#details-error", Static).update("\n".join(problems))
            return
        assert isinstance(date, dt.date)
        self.dismiss(
            {
                "siae": siae,
                "structure_type": str(self.query_one("#details-structure", Select).value),
                "date": date,
                "label": self.query_one("#details-label", Input).value.strip(),
                "participants": participants,
                "territory": normalise_territory(territory),
                "network": normalise_network(network),
                "siret": normalise_siret(siret),
            }
        )

    def action_cancel(self) -> None:
        self.dismiss(None)
