"""The guided walk: one practice at a time, scored with one key.

The screen owns its bindings (footer, ``?`` help and the command palette all
read them). Every change goes through the store, which returns only once it
is on disk; the « Enregistré » mark is set after that return, never before.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Label, Static, TextArea

from siae_tui.domain.navigation import WalkOrder
from siae_tui.domain.scoring import NOT_APPLICABLE, Value
from siae_tui.report.french import french_date
from siae_tui.report.labels import value_label, value_short
from siae_tui.store import Session, SessionError
from siae_tui.ui.screens.dialogs import PromptScreen, TextEditorScreen
from siae_tui.ui.screens.rescoring import RescoringActions
from siae_tui.ui.screens.workshop import votes_line
from siae_tui.ui.screens.workshop_actions import WorkshopActions
from siae_tui.ui.widgets.location_bar import LocationBar
from siae_tui.ui.widgets.radar_view import RadarView
from siae_tui.ui.widgets.recap_table import RecapTable
from siae_tui.ui.widgets.scale_panel import ScalePanel

#: Wait this long after the last keystroke in a note before writing it.
NOTE_SAVE_DELAY = 0.4
#: From this width the walk shows the side panel (live recap) beside the practice.
WIDE_LAYOUT = 160


class WalkScreen(RescoringActions, WorkshopActions, Screen[None]):
    """Walks through the référentiel of one open session."""

    CSS_PATH = "walk.tcss"
    AUTO_FOCUS = None  # keys go to the walk; the note takes focus only on enter
    BINDINGS = [
        Binding(
            "0",
            "score(0)",
            "Noter",
            key_display="0-3",
            id="score-0",
            tooltip="Noter la pratique (0 à 3) et passer à la suivante non notée.",
        ),
        Binding(
            "1",
            "score(1)",
            "Noter 1",
            show=False,
            id="score-1",
            tooltip="Noter 1 : pas mis en place mais en prévision.",
        ),
        Binding("2", "score(2)", "Noter 2", show=False, id="score-2", tooltip="Noter 2 : mis en place et à améliorer."),
        Binding(
            "3",
            "score(3)",
            "Noter 3",
            show=False,
            id="score-3",
            tooltip="Noter 3 : mis en place et la pratique est revue régulièrement.",
        ),
        Binding(
            "a",
            "not_applicable",
            "N/A",
            id="not-applicable",
            tooltip="Marquer la pratique non applicable (exclue du maximum).",
        ),
        Binding("backspace,x", "clear", "Effacer", show=False, id="clear", tooltip="Effacer la note de la pratique."),
        Binding(
            "enter",
            "edit_note",
            "Note",
            key_display="⏎",
            id="edit-note",
            tooltip="Écrire dans « Amélioration, planification » (Échap pour sortir).",
        ),
        Binding("down,j", "move(1)", "Suivante", show=False, id="next-practice", tooltip="Pratique suivante."),
        Binding("up,k", "move(-1)", "Précédente", show=False, id="previous-practice", tooltip="Pratique précédente."),
        Binding(
            "n",
            "activity(1)",
            "Activité",
            key_display="n/p",
            id="next-activity",
            tooltip="Aller à l'activité suivante.",
        ),
        Binding(
            "p",
            "activity(-1)",
            "Activité préc.",
            show=False,
            id="previous-activity",
            tooltip="Aller à l'activité précédente.",
        ),
        Binding(
            "g",
            "goto_activity",
            "Aller à",
            id="goto-activity",
            tooltip="Aller à une activité par son numéro (ex. 2.4).",
        ),
        Binding(
            "u", "next_unscored", "À noter", id="next-unscored", tooltip="Aller à la prochaine pratique non notée."
        ),
        Binding(
            "D",
            "development_axes",
            "Axes de dév.",
            show=False,
            id="development-axes",
            tooltip="Écrire les axes de développement de l'axe en cours.",
        ),
        Binding(
            "c",
            "confirm",
            "Confirmer",
            show=False,
            id="confirm-carried",
            tooltip="Réévaluation : garder la note reprise de l'an dernier et passer à la suivante.",
        ),
        Binding(
            "v",
            "next_to_confirm",
            "À confirmer",
            show=False,
            id="next-to-confirm",
            tooltip="Réévaluation : aller à la prochaine note reprise pas encore confirmée.",
        ),
        Binding(
            "f",
            "toggle_quick",
            "Réév. rapide",
            show=False,
            id="quick-rescoring",
            tooltip="Réévaluation rapide : ne parcourir que les pratiques notées 0 à 2 la dernière fois.",
        ),
        Binding(
            "m",
            "compare",
            "Comparer",
            show=False,
            id="compare",
            tooltip="Comparer avec l'évaluation précédente (par axe, activité et pratique).",
        ),
        Binding(
            "h",
            "history",
            "Évolution",
            show=False,
            id="history",
            tooltip="Toutes les évaluations de la SIAE, axe par axe dans le temps.",
        ),
        Binding(
            "w",
            "votes",
            "Votes",
            show=False,
            id="votes",
            tooltip="Atelier : saisir la note de chaque participant, puis retenir la médiane ou décider.",
        ),
        Binding(
            "exclamation_mark",
            "next_disagreement",
            "Désaccord suivant",
            key_display="!",
            show=False,
            id="next-disagreement",
            tooltip="Aller à la prochaine pratique où les votes s'écartent de 2 ou plus.",
        ),
        Binding(
            "A",
            "new_action",
            "Action",
            show=False,
            id="new-action",
            tooltip="Transformer la note en action (responsable, échéance, statut).",
        ),
        Binding(
            "P",
            "plan",
            "Plan d'action",
            show=False,
            id="action-plan",
            tooltip="Le plan d'action, trié par axe ou par échéance.",
        ),
        Binding(
            "F",
            "projection",
            "Projection",
            show=False,
            id="projection",
            tooltip="Vue de projection : la pratique, la note et le % de l'activité en grands chiffres.",
        ),
        Binding(
            "T",
            "toggle_timer",
            "Chronomètre",
            show=False,
            id="timer",
            tooltip="Chronométrer le temps passé par activité (affiché dans le récapitulatif).",
        ),
        Binding(
            "z",
            "pause",
            "Pause",
            show=False,
            id="pause",
            tooltip="Écran de pause : masque les notes pendant que la salle fait une pause.",
        ),
        Binding("r", "recap", "Récap", id="recap", tooltip="Récapitulatif et radar de l'évaluation."),
        Binding(
            "e",
            "export",
            "Exporter",
            show=False,
            id="export",
            tooltip="Exporter le rapport Markdown (.md) ou les données (.json) dans un fichier.",
        ),
        Binding(
            "i",
            "instructions",
            "Principes",
            show=False,
            id="instructions",
            tooltip="Afficher les principes d'évaluation du référentiel.",
        ),
        Binding(
            "question_mark", "help", "Aide", key_display="?", id="walk-help", tooltip="Toutes les touches et l'échelle."
        ),
        Binding(
            "escape",
            "escape",
            "Accueil",
            show=False,
            id="walk-home",
            tooltip="Sortir de la note, ou revenir à l'accueil (tout est enregistré).",
        ),
    ]

    @dataclass
    class ScoreChanged(Message):
        """A practice's value was saved (posted after the store call returned)."""

        practice_id: str
        value: Value

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.referentiel = session.referentiel
        self.order = WalkOrder(self.referentiel, session.evaluation.structure_type)
        self.current = self.order.resume_point(session.position, session.evaluation.values)
        self._note_timer: Timer | None = None
        self.quick = False
        self._loading_note = False

    # -- layout ----------------------------------------------------------------
    def compose(self) -> ComposeResult:
        evaluation = self.session.evaluation
        with Horizontal(classes="title-bar"):
            yield Static(
                f"{evaluation.siae} · {french_date(evaluation.date)}"
                + (f" · {evaluation.label}" if evaluation.label else ""),
                id="session-title",
            )
            yield Static("", id="save-status")
        if self.session.read_only:
            yield Static(
                "LECTURE SEULE : cette session est ouverte en écriture dans un autre siae-tui. "
                "Rien ne peut être modifié ici.",
                classes="read-only-banner",
            )
        with Horizontal(id="walk-body"):
            with Vertical(id="walk-main"):
                yield LocationBar(id="location")
                with VerticalScroll(id="practice-box"):
                    yield Static("", id="practice-text")
                yield ScalePanel(id="scale")
                yield Static("", id="votes-line")
                yield Static("", id="previous-actions")
                yield Static("", id="timer")
                yield Label(self.referentiel.note_label, id="note-label")
                yield TextArea("", id="note", soft_wrap=True, read_only=self.session.read_only)
            with Vertical(id="side-panel"):
                yield RadarView(id="live-radar")
                yield RecapTable(compact=True, id="live-recap")
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self.note_area = self.query_one("#note", TextArea)
        self.refresh_views()
        self._apply_width()

    def on_resize(self) -> None:
        self._apply_width()

    def _apply_width(self) -> None:
        wide = self.size.width >= WIDE_LAYOUT
        if wide != self.query_one("#side-panel").display:
            self.query_one("#side-panel").display = wide
            self._refresh_overview()

    # -- showing -----------------------------------------------------------------
    def refresh_views(self) -> None:
        """Redraw everything that depends on the current practice or the values."""
        evaluation = self.session.evaluation
        values = evaluation.values
        practice = self.referentiel.practice(self.current)
        answered, total = evaluation.progress(self.referentiel)
        rescoring = ""
        if evaluation.origin:
            previous = evaluation.previous_values.get(self.current)
            rescoring = (
                f"Réévaluation : {len(evaluation.carried_over)} à confirmer (c, v) · avant : {value_short(previous)}"
                + (" · rapide (f)" if self.quick else "")
            )
        self.query_one(LocationBar).show(
            self.referentiel, self.current, values, answered, total, rescoring, evaluation.structure_type
        )
        applies = practice.applies(evaluation.structure_type)
        concern = (
            ""
            if applies
            else f"\n(ne concerne pas les structures de type {evaluation.structure_type} : non applicable)"
        )
        self.query_one("#practice-text", Static).update(f"{practice.id}  {practice.text}{concern}")
        shown_value = values.get(self.current) if applies else NOT_APPLICABLE
        self.query_one(ScalePanel).show(self.referentiel, shown_value, self.current in evaluation.carried_over)
        votes_text = votes_line(evaluation.votes.get(self.current, {}))
        self.query_one("#votes-line", Static).update(votes_text)
        self.query_one("#votes-line").display = bool(votes_text)
        earlier = [a for a in evaluation.previous_actions if a.practice_id == self.current]
        earlier_text = "\n".join(
            f"↻ Action de l'évaluation précédente : {a.text} ({a.owner or '—'}, {a.status})" for a in earlier
        )
        self.query_one("#previous-actions", Static).update(earlier_text)
        self.query_one("#previous-actions").display = bool(earlier_text)
        self.follow_activity_timer()
        note = self.query_one("#note", TextArea)
        if not note.has_focus and note.text != evaluation.note(self.current):
            self._loading_note = True
            note.load_text(evaluation.note(self.current))
        self._refresh_overview()

    def _refresh_overview(self) -> None:
        """The side panel (wide terminals): live radar of the axes and recap of the current axis."""
        if not self.query_one("#side-panel").display:
            return
        evaluation = self.session.evaluation
        recap = evaluation.recap(self.referentiel)
        previous = evaluation.previous_recap(self.referentiel)
        axis_id = self.referentiel.locate(self.current)[3].id
        self.query_one("#live-radar", RadarView).show(self.referentiel, recap, previous)
        self.query_one("#live-recap", RecapTable).show(self.referentiel, recap, axis_id)

    def _show_saved(self) -> None:
        self.query_one("#save-status", Static).update("✓ Enregistré")
        self.query_one("#save-status").remove_class("unsaved")

    def _show_failure(self, error: SessionError) -> None:
        status = self.query_one("#save-status", Static)
        status.update("⚠ NON ENREGISTRÉ")
        status.add_class("unsaved")
        self.notify(error.message, title="Enregistrement impossible", severity="error", timeout=20)

    def _writable(self) -> bool:
        if self.session.read_only:
            self.notify("Session en lecture seule : rien ne peut être modifié.", severity="warning")
            return False
        return True

    # -- scoring -----------------------------------------------------------------
    def _save_value(self, value: Value, advance: bool = False) -> bool:
        """Save the current practice's value; with ``advance``, move on in the same write."""
        if not self._writable():
            return False
        scored = self.current
        following = None
        if advance:
            values = {**self.session.evaluation.values, scored: value}
            carried = self.session.evaluation.carried_over - {scored}
            following = self.order.next_matching(scored, lambda p: p != scored and self._pending(p, values, carried))
        try:
            self.session.set_value(scored, value, then=following)
        except SessionError as error:
            self._show_failure(error)
            self.refresh_views()
            return False
        self._show_saved()
        self.post_message(self.ScoreChanged(scored, value))
        if advance:
            self._arrive(following)
        return True

    def _in_walk(self, practice_id: str) -> bool:
        """Quick re-scoring walks only the practices scored 0 to 2 last time."""
        return not self.quick or self.session.evaluation.previous_values.get(practice_id) in (0, 1, 2)

    def _pending(self, practice_id: str, values=None, carried=None) -> bool:
        """Still to do: not scored yet, or carried over from last time and not confirmed."""
        evaluation = self.session.evaluation
        values = evaluation.values if values is None else values
        carried = evaluation.carried_over if carried is None else carried
        practice = self.referentiel.practice(practice_id)
        waiting = practice_id in carried or (
            practice.applies(evaluation.structure_type) and values.get(practice_id) is None
        )
        return waiting and self._in_walk(practice_id)

    def _arrive(self, following: str | None) -> bool:
        """Move to ``following``, or say the evaluation is complete when there is none."""
        if following is None:
            self.notify("Toutes les pratiques sont notées. Bravo !", title="Évaluation complète")
            return False
        self.current = following
        return True

    def _advance(self) -> None:
        """Go to the next practice still to do (after a confirmation)."""
        if self._arrive(self.order.next_matching(self.current, self._pending)):
            self._remember_position()

    def action_score(self, value: int) -> None:
        self._save_value(value, advance=True)
        self.refresh_views()

    def action_not_applicable(self) -> None:
        self._save_value(NOT_APPLICABLE, advance=True)
        self.refresh_views()

    def action_clear(self) -> None:
        self._save_value(None)
        self.refresh_views()

    # -- moving ------------------------------------------------------------------
    def _go(self, practice_id: str) -> None:
        self.current = practice_id
        self._remember_position()
        self.refresh_views()

    def _remember_position(self) -> None:
        if self.session.read_only:
            return
        try:
            self.session.set_position(self.current)
        except SessionError as error:
            self._show_failure(error)

    def action_move(self, delta: int) -> None:
        if not self.quick:
            self._go(self.order.step(self.current, delta))
            return
        ids = self.order.ids
        index = self.order.index(self.current) + delta
        while 0 <= index < len(ids) and not self._in_walk(ids[index]):
            index += delta
        if 0 <= index < len(ids):
            self._go(ids[index])

    def action_activity(self, delta: int) -> None:
        self._go(self.order.next_activity(self.current, delta))

    def action_next_unscored(self) -> None:
        following = self.order.next_matching(self.current, self._pending)
        if following is None:
            self.notify("Aucune pratique non notée : l'évaluation est complète.")
        else:
            self._go(following)

    def action_goto_activity(self) -> None:
        first, last = self.order.activity_ids[0], self.order.activity_ids[-1]

        def check(text: str) -> str | None:
            if self.order.find_activity(text) is None:
                return f"Activité « {text.strip()} » inconnue : tapez un numéro de {first} à {last}."
            return None

        def go(text: str | None) -> None:
            if text is not None and (activity_id := self.order.find_activity(text)):
                self._go(self.order.first_of_activity(activity_id))

        self.app.push_screen(
            PromptScreen("Aller à l'activité n°", placeholder=f"ex. {first} … {last}", check=check), go
        )

    # -- notes -------------------------------------------------------------------
    def action_edit_note(self) -> None:
        if self._writable():
            note = self.query_one("#note", TextArea)
            note.focus()
            note.move_cursor(note.document.end)

    @on(TextArea.Changed, "#note")
    def _note_changed(self) -> None:
        if self._loading_note:
            self._loading_note = False
            return
        self.query_one("#save-status", Static).update("… saisie")
        if self._note_timer is not None:
            self._note_timer.stop()
        self._note_timer = self.set_timer(NOTE_SAVE_DELAY, self.save_pending_note)

    def save_pending_note(self) -> None:
        """Write the note being typed (also called on escape and before quitting)."""
        if self._note_timer is not None:
            self._note_timer.stop()
            self._note_timer = None
        text = self.note_area.text
        if self.session.read_only or text == self.session.evaluation.note(self.current):
            return
        try:
            self.session.set_note(self.current, text)
        except SessionError as error:
            self._show_failure(error)
            return
        self._show_saved()

    def action_escape(self) -> None:
        note = self.query_one("#note", TextArea)
        if note.has_focus:
            self.save_pending_note()
            self.set_focus(None)
            self.refresh_views()
        else:
            self.app.pop_screen()

    def action_development_axes(self) -> None:
        _, _, _, axis = self.referentiel.locate(self.current)
        current = self.session.evaluation.development_axes.get(axis.id, "")

        def keep(text: str | None) -> None:
            if text is None or text == current or not self._writable():
                return
            try:
                self.session.set_development_axis(axis.id, text)
            except SessionError as error:
                self._show_failure(error)
                return
            self._show_saved()

        actions = [
            a for a in self.session.evaluation.actions if self.referentiel.locate(a.practice_id)[3].id == axis.id
        ]
        listed = "".join(f"\n • {a.practice_id} {a.text} ({a.owner or '—'}, {a.status})" for a in actions)
        self.app.push_screen(
            TextEditorScreen(
                f"{self.referentiel.development_axes_label} — axe {axis.id} · {axis.title}",
                current,
                "Ce que l'équipe veut développer sur cet axe dans l'année qui vient."
                + (f"\nActions de cet axe :{listed}" if actions else ""),
            ),
            keep,
        )

    # -- help --------------------------------------------------------------------
    def action_help(self) -> None:
        from siae_tui.ui.screens.help import HelpScreen

        self.app.push_screen(HelpScreen(self))

    def action_recap(self) -> None:
        from siae_tui.ui.screens.recap import RecapScreen

        self.app.push_screen(RecapScreen(self.session, self.referentiel.locate(self.current)[3].id))

    def action_export(self) -> None:
        from pathlib import Path

        from siae_tui.transfer import TransferError, export_to_file

        def check(text: str) -> str | None:
            if Path(text.strip()).suffix.lower() not in (".md", ".json"):
                return "Terminez le nom par .md (rapport lisible) ou .json (données réimportables)."
            return None

        def export(text: str | None) -> None:
            if text is None:
                return
            self.save_pending_note()
            try:
                written = export_to_file(self.session, Path(text.strip()).expanduser())
            except TransferError as error:
                self.notify(str(error), title="Export impossible", severity="error", timeout=20)
                return
            self.notify(f"Export écrit : {written}", title="Export terminé", timeout=15)

        self.app.push_screen(
            PromptScreen(
                "Exporter vers le fichier (.md : rapport, .json : données)", value=f"{self.session.id}.md", check=check
            ),
            export,
        )

    def action_instructions(self) -> None:
        from siae_tui.ui.screens.help import InstructionsScreen

        self.app.push_screen(InstructionsScreen(self.referentiel))

    def on_unmount(self) -> None:
        self.stop_activity_timer()
        self.save_pending_note()
        self.session.close()

    def current_value_label(self) -> str:
        return value_label(self.session.evaluation.value(self.current), self.referentiel)
