"""What the référentiel offers beside the current practice, and the picker of its suggestions.

``GuidanceScreen`` (the walk's ``o``) shows what ``domain.guidance.guidance_for``
gathers: the practice's help, its activity's (and objective's, axis's), the
activity's pistes d'amélioration, numbered, its evidence examples and the
glossary entries it uses, each with the title of the document it quotes.

``pick_suggestion`` is how the note editor and the action editor offer those
pistes (``Ctrl+O``): a list, one chosen, its text returned for the editor to insert.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Static

from siae_tui.domain.guidance import Guidance, guidance_for
from siae_tui.domain.model import Activity, HelpItem, Practice, Referentiel
from siae_tui.ui.access import siae_app
from siae_tui.ui.screens.dialogs import ChoiceScreen

#: The key that offers the pistes in the editors (the guidance screen names it above the pistes).
SUGGEST_KEY = "Ctrl+O"


@runtime_checkable
class ShowsPractice(Protocol):
    """A screen that shows one practice of a référentiel (the walk): what the note editor asks."""

    referentiel: Referentiel

    @property
    def current(self) -> str: ...


class GuidanceScreen(ModalScreen[None]):
    """Help, pistes d'amélioration, evidence examples and glossary for one practice, each with its source."""

    CSS_PATH = "guidance.tcss"
    BINDINGS = [
        Binding("escape,o,q", "close", "Fermer", id="guidance-close", tooltip="Fermer l'aide de la pratique."),
        Binding("j", "scroll(1)", "Descendre", show=False, id="guidance-down", tooltip="Faire défiler vers le bas."),
        Binding("k", "scroll(-1)", "Monter", show=False, id="guidance-up", tooltip="Faire défiler vers le haut."),
    ]

    def __init__(self, referentiel: Referentiel, practice_id: str, structure_type: str | None) -> None:
        super().__init__()
        self.guidance = guidance_for(referentiel, practice_id, structure_type)

    def compose(self) -> ComposeResult:
        guidance = self.guidance
        practice, activity = guidance.practice, guidance.activity
        with VerticalScroll(classes="guidance-box", id="guidance-box"):
            yield Static(Text(f"Aide — {practice.id}  {practice.text}", style="bold"), id="guidance-title")
            if guidance.is_empty:
                yield Static(Text("\nLe référentiel ne donne ni aide ni piste pour cette pratique."))
            yield from self._section("Aide de la pratique", _help(guidance.practice_help))
            yield from self._section(
                f"Aide de l'activité {activity.id} · {activity.title}", _help(guidance.activity_help)
            )
            yield from self._section(f"Aide de l'objectif · {guidance.objective.title}", _help(guidance.objective_help))
            yield from self._section(
                f"Aide de l'axe {guidance.axis.id} · {guidance.axis.title}", _help(guidance.axis_help)
            )
            yield from self._section(
                f"Pistes d'amélioration ({SUGGEST_KEY} dans une note ou une action pour en insérer une)",
                [_Entry(f"{n}. ", s.text, s.source) for n, s in enumerate(guidance.suggestions, 1)],
                section_id="guidance-suggestions",
            )
            yield from self._section(
                "Exemples de preuves", [_Entry("• ", e.text, e.source) for e in guidance.evidence_examples]
            )
            yield from self._section(
                "Glossaire", [_Entry("• ", f"{e.term} : {e.definition}", e.source) for e in guidance.glossary]
            )
            yield Static(Text("\n↑ ↓ PgPréc PgSuiv : faire défiler · Échap : fermer", style="dim"), classes="hint")

    def _section(self, title: str, entries: list[_Entry], section_id: str | None = None) -> ComposeResult:
        """A heading and its entries; a source shared by every entry is named once, under the heading."""
        if not entries:
            return
        sources = {entry.source for entry in entries}
        shared = sources.pop() if len(sources) == 1 else None
        heading = Text(f"\n{title}", style="bold underline")
        if shared:
            heading.append(f"\n— {self.guidance.source_title(shared)}", style="not underline not bold dim")
        yield Static(heading, classes="guidance-heading")
        lines = [entry.render(self.guidance, with_source=shared is None) for entry in entries]
        yield Static(Text("\n").join(lines), id=section_id)

    def on_mount(self) -> None:
        self.query_one("#guidance-box").focus()

    def action_scroll(self, lines: int) -> None:
        self.query_one("#guidance-box", VerticalScroll).scroll_relative(y=lines, animate=False)

    def action_close(self) -> None:
        self.dismiss(None)


@dataclass(frozen=True)
class _Entry:
    """One quoted text of the guidance screen, with its marker (« • », « 3. »)."""

    marker: str
    text: str
    source: str
    applies_to: tuple[str, ...] = ()

    def render(self, guidance: Guidance, *, with_source: bool) -> Text:
        """The text (never read as markup), who it is for, and its source's title, dimmed."""
        indent = " " * len(self.marker)
        # A list inside the text (criteria, indicators…) is indented under the entry's marker.
        line = Text(self.marker + self.text.replace("\n", "\n" + indent))
        if self.applies_to:
            line.append(f"  (pour {', '.join(self.applies_to)})", style="italic")
        if with_source and self.source:
            line.append(f"\n{indent}— {guidance.source_title(self.source)}", style="dim")
        return line


def _help(items: Sequence[HelpItem]) -> list[_Entry]:
    return [_Entry("• ", item.text, item.source, item.applies_to) for item in items]


# -- the pistes d'amélioration, offered in the editors ---------------------------------------


def activity_of(referentiels: Sequence[Referentiel], practice: Practice) -> tuple[Referentiel, Activity] | None:
    """The référentiel and activity a practice belongs to (the same practice: same id and text)."""
    for referentiel in referentiels:
        if referentiel.has_practice(practice.id) and referentiel.practice(practice.id) == practice:
            return referentiel, referentiel.locate(practice.id)[1]
    return None


async def pick_suggestion(node: Widget, referentiel: Referentiel, practice_id: str) -> str | None:
    """Offer the pistes d'amélioration of the practice's activity; the one chosen, or None.

    Call it from a worker (``@work``): it waits for the picker to close.
    """
    activity = referentiel.locate(practice_id)[1]
    if not activity.suggestions:
        node.notify(f"Le référentiel ne propose pas de piste d'amélioration pour l'activité {activity.id}.")
        return None
    sources = dict.fromkeys(referentiel.source_title(s.source) for s in activity.suggestions)
    picker = ChoiceScreen(
        f"Insérer une piste d'amélioration — activité {activity.id} · {activity.title}",
        [s.text for s in activity.suggestions],
        "Source : " + " ; ".join(title for title in sources if title),
    )
    return await siae_app(node).push_screen_wait(picker)


def practice_context(node: Widget) -> tuple[Referentiel, str] | None:
    """The référentiel and practice of the screen ``node`` is on, when it shows one (the walk)."""
    screen = node.screen
    if isinstance(screen, ShowsPractice):
        return screen.referentiel, screen.current
    return None
