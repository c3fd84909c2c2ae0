"""The guided walk: one practice at a time, scored with one key.

Every key of the walk is declared and handled here; the rules (what is still
to do, where a key leads) are ``domain.navigation.Walk``, and every change is
written through ``ui.saving.save``, which shows « ✓ Enregistré » only once
the store has it on disk. Dialogs are opened with ``@work`` and
``push_screen_wait`` so that each flow reads top to bottom.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from time import monotonic

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Static, TextArea
from textual.worker import Worker

from siae_tui.domain.navigation import Walk
from siae_tui.domain.scoring import NOT_APPLICABLE, Value
from siae_tui.domain.targets import target_recap
from siae_tui.domain.workshop import is_disagreement
from siae_tui.report.french import french_date
from siae_tui.report.labels import value_short, votes_line
from siae_tui.store import Session, SessionError
from siae_tui.ui.access import siae_app
from siae_tui.ui.saving import SaveStatus, refused_read_only, save
from siae_tui.ui.screens.dialogs import PromptScreen, TextEditorScreen
from siae_tui.ui.widgets.activity_timer import ActivityTimer, Booking
from siae_tui.ui.widgets.live_recap import LiveRecap
from siae_tui.ui.widgets.live_text import LiveText
from siae_tui.ui.widgets.location_bar import LocationBar
from siae_tui.ui.widgets.note_area import NoteArea
from siae_tui.ui.widgets.practice_text import PracticeText
from siae_tui.ui.widgets.radar_view import RadarView
from siae_tui.ui.widgets.scale_panel import ScalePanel

#: Wait this long after the last keystroke in a note before writing it...
NOTE_SAVE_DELAY = 0.4
#: ...but never let someone who keeps typing go longer than this without a save.
NOTE_MAX_DELAY = 2.0
#: From this width the walk shows the side panel (live recap) beside the practice.
WIDE_LAYOUT = 160


def opens_dialog(
    flow: Callable[[WalkScreen], Worker[None]],
) -> Callable[[WalkScreen], Worker[None]]:
    """Mark a key's ``@work`` flow that opens a dialog or a screen over the walk.

    Keys that arrive together (a paste, or keystrokes a slow SSH link delivers in one
    packet) are handled before the flow's worker has pushed its dialog: without this,
    « C » then « 3 » scored the practice 3 instead of setting its target. From the key
    until the dialog covers the walk (``on_screen_suspend``) or the flow ends without one,
    ``check_action`` turns the walk's keys off.
    """

    @functools.wraps(flow)
    def start(screen: WalkScreen) -> Worker[None]:
        screen._opening = flow(screen)
        return screen._opening

    return start


class WalkScreen(Screen[None]):
    """Walks through the référentiel of one open session."""

    CSS_PATH = "walk.tcss"
    #: Below 30 rows the screen is « -short »: the practice and the scale drop their blank line
    #: above so that the note keeps at least four lines to write in (see walk.tcss).
    VERTICAL_BREAKPOINTS = [(0, "-short"), (30, "-tall")]
    AUTO_FOCUS = None  # keys go to the walk; the note takes focus only on enter
    # One declaration per key feeds the footer, the ? help and the command palette.
    # fmt: off
    BINDINGS = [
        Binding("0", "score(0)", "Noter", key_display="0-3", id="score-0",
                tooltip="Noter la pratique (0 à 3) et passer à la suivante non notée."),
        Binding("1", "score(1)", "Noter 1", show=False, id="score-1",
                tooltip="Noter 1 : pas mis en place mais en prévision."),
        Binding("2", "score(2)", "Noter 2", show=False, id="score-2", tooltip="Noter 2 : mis en place et à améliorer."),
        Binding("3", "score(3)", "Noter 3", show=False, id="score-3",
                tooltip="Noter 3 : mis en place et la pratique est revue régulièrement."),
        Binding("a", "not_applicable", "N/A", id="not-applicable",
                tooltip="Marquer la pratique non applicable (exclue du maximum)."),
        Binding("backspace,x", "clear", "Effacer", show=False, id="clear", tooltip="Effacer la note de la pratique."),
        Binding("enter", "edit_note", "Note", key_display="⏎", id="edit-note",
                tooltip="Écrire dans « Amélioration, planification » (Échap pour sortir)."),
        Binding("down,j", "move(1)", "Suivante", show=False, id="next-practice", tooltip="Pratique suivante."),
        Binding("up,k", "move(-1)", "Précédente", show=False, id="previous-practice", tooltip="Pratique précédente."),
        Binding("n", "activity(1)", "Activité", key_display="n/p", show=False, id="next-activity",
                tooltip="Aller à l'activité suivante."),
        Binding("p", "activity(-1)", "Activité préc.", show=False, id="previous-activity",
                tooltip="Aller à l'activité précédente."),
        Binding("g", "goto_activity", "Aller à", id="goto-activity",
                tooltip="Aller à une activité (ex. 2.4) ou à une pratique (ex. 1.3.8) par son numéro."),
        # The same key when the footer gives its place to re-scoring or workshop keys (see check_action).
        Binding("g", "goto", "Aller à", show=False, id="goto-activity-any-mode",
                tooltip="Aller à une activité (ex. 2.4) ou à une pratique (ex. 1.3.8) par son numéro."),
        Binding("u", "next_unscored", "Non notée", show=False, id="next-unscored",
                tooltip="Aller à la prochaine pratique non notée."),
        Binding("D", "development_axes", "Axes de dév.", show=False, id="development-axes",
                tooltip="Écrire les axes de développement de l'axe en cours."),
        # What backs a practice, and where the team wants it next year.
        Binding("E", "evidence", "Preuves", show=False, id="evidence",
                tooltip="Preuves de la pratique : les documents qui montrent qu'elle est en place "
                        "(nom, emplacement, date) ; a ajouter, ⏎ modifier, d retirer."),
        Binding("C", "target", "Cible", show=False, id="target",
                tooltip="Cible de la pratique pour la prochaine évaluation : 0 à 3, x pour l'effacer."),
        # Re-scoring (a session duplicated from an earlier evaluation).
        Binding("c", "confirm", "Garder", id="confirm-carried",
                tooltip="Réévaluation : garder la note reprise de l'an dernier et passer à la suivante."),
        Binding("v", "next_to_confirm", "Reprises", id="next-to-confirm",
                tooltip="Réévaluation : aller à la prochaine note reprise pas encore confirmée."),
        Binding("f", "toggle_quick", "Rapide", id="quick-rescoring",
                tooltip="Réévaluation rapide : ne parcourir que les pratiques notées 0 à 2 la dernière fois."),
        Binding("m", "compare", "Comparer", show=False, id="compare",
                tooltip="Comparer avec l'évaluation précédente (par axe, activité et pratique)."),
        Binding("h", "history", "Évolution", show=False, id="history",
                tooltip="Toutes les évaluations de la SIAE, axe par axe dans le temps."),
        # Workshop (a session with participants).
        Binding("w", "votes", "Votes", id="votes",
                tooltip="Atelier : saisir la note de chaque participant, puis retenir la médiane ou décider."),
        # The room: shown in the help and the palette; the 80-column footer keeps w, !, A, P.
        Binding("R", "room", "Salle", show=False, id="room",
                tooltip="Atelier : ouvrir la salle ; chacun vote depuis son téléphone (QR code), puis on dévoile."),
        Binding("exclamation_mark", "next_disagreement", "Écart", key_display="!",
                id="next-disagreement", tooltip="Aller à la prochaine pratique où les votes s'écartent de 2 ou plus."),
        Binding("A", "new_action", "Action", id="new-action",
                tooltip="Transformer la note en action (responsable, échéance, statut)."),
        Binding("P", "plan", "Plan", id="action-plan",
                tooltip="Le plan d'action, trié par axe ou par échéance."),
        Binding("F", "projection", "Projection", show=False, id="projection",
                tooltip="Vue de projection : la pratique, la note et le % de l'activité en grands chiffres."),
        Binding("T", "toggle_timer", "Chronomètre", show=False, id="timer",
                tooltip="Chronométrer le temps passé par activité (affiché dans le récapitulatif)."),
        Binding("z", "pause", "Pause", show=False, id="pause",
                tooltip="Écran de pause : masque les notes pendant que la salle fait une pause."),
        # Views and files.
        Binding("r", "recap", "Récap", id="recap", tooltip="Récapitulatif et radar de l'évaluation."),
        Binding("e", "export", "Exporter", show=False, id="export",
                tooltip="Exporter : rapport HTML ou Markdown, classeur Excel, tableau CSV, données JSON, "
                        "ou le dossier de preuves."),
        Binding("i", "instructions", "Principes", show=False, id="instructions",
                tooltip="Afficher les principes d'évaluation du référentiel."),
        Binding("o", "guidance", "Aide de la pratique", show=False, id="guidance",
                tooltip="Aide de la pratique, pistes d'amélioration, exemples de preuves, glossaire (sources citées)."),
        Binding("question_mark", "help", "Aide", key_display="?", id="walk-help",
                tooltip="Toutes les touches et l'échelle."),
        Binding("escape", "escape", "Accueil", show=False, id="walk-home",
                tooltip="Sortir de la note, ou revenir à l'accueil (tout est enregistré)."),
    ]
    # fmt: on

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.referentiel = session.referentiel
        self.walk = Walk(self.referentiel, session.evaluation, session.position)
        self._note_timer: Timer | None = None
        self._loading_note = False
        #: The practice whose note the editor holds, and since when it has unsaved typing.
        self._note_owner = self.walk.current
        self._note_unsaved_since: float | None = None
        #: The side panel waits for the keys of a burst to be handled (``_refresh_overview``).
        self._overview_deferred = False
        #: The dialog flow a key started and whose dialog is not up yet (``opens_dialog``).
        self._opening: Worker[None] | None = None
        self.activity_timer = ActivityTimer(id="timer")

    #: Keys that exist only in a re-scoring, and only in a session with participants (a workshop):
    #: elsewhere they would do nothing, so they are neither in the footer nor active.
    RESCORING_ACTIONS = frozenset({"confirm", "next_to_confirm", "toggle_quick", "compare"})
    WORKSHOP_ACTIONS = frozenset({"votes", "room", "next_disagreement"})

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Show (and allow) the re-scoring and workshop keys only where they apply.

        Between a key that opens a dialog and the dialog being up, the walk's keys are off
        (see ``opens_dialog``).
        """
        if self._opening is not None and not self._opening.is_finished:
            return None
        evaluation = self.session.evaluation
        if action in self.RESCORING_ACTIONS:
            return bool(evaluation.origin)
        if action in self.WORKSHOP_ACTIONS:
            return bool(evaluation.participants)
        if action == "edit_note":  # in the note, Entrée is a new line: not offered in the footer
            return self.focused is not self.note_area
        if action == "goto_activity":  # at 80 columns the footer needs its place in those modes
            return not (evaluation.origin or evaluation.participants)
        return True

    @property
    def current(self) -> str:
        """The practice on screen."""
        return self.walk.current

    # -- layout ----------------------------------------------------------------
    def compose(self) -> ComposeResult:
        evaluation = self.session.evaluation
        with Horizontal(classes="title-bar"):
            label = f" · {evaluation.label}" if evaluation.label else ""
            yield Static(f"{evaluation.siae} · {french_date(evaluation.date)}{label}", classes="title")
            yield SaveStatus("", id="save-status")
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
                    yield PracticeText(id="practice-text")
                yield ScalePanel(id="scale")
                yield LiveText("", id="votes-line")
                yield LiveText("", id="previous-actions")
                yield self.activity_timer
                yield LiveText(self.referentiel.note_label, id="note-label")
                yield NoteArea("", id="note", soft_wrap=True, read_only=self.session.read_only)
            with Vertical(id="side-panel"):
                yield RadarView(id="live-radar")
                yield LiveRecap(id="live-recap")
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self.note_area = self.query_one("#note", TextArea)
        self.query_one(PracticeText).reserve(f"{p.id}  {p.text}" for p in self.referentiel.practices)
        self.refresh_views()
        self._apply_width()

    def on_resize(self) -> None:
        self._apply_width()

    def _apply_width(self) -> None:
        side_panel = self.query_one("#side-panel")
        wide = self.size.width >= WIDE_LAYOUT
        if wide != side_panel.display:
            side_panel.display = wide
            self._refresh_overview()

    # -- showing -----------------------------------------------------------------
    def refresh_views(self) -> None:
        """Redraw everything that depends on the current practice or the values."""
        evaluation = self.session.evaluation
        practice_id = self.walk.current
        answered, total = evaluation.progress(self.referentiel)
        rescoring = ""
        if evaluation.origin:
            before = value_short(evaluation.previous_values.get(practice_id))
            rescoring = f"Réévaluation : {len(evaluation.carried_over)} à confirmer (c, v) · avant : {before}"
            rescoring += " · rapide (f)" if self.walk.quick else ""
        self.query_one(LocationBar).show(
            self.referentiel,
            practice_id,
            evaluation.values,
            answered,
            total,
            rescoring,
            evaluation.structure_type,
        )
        practice = self.referentiel.practice(practice_id)
        applies = self.walk.applies(practice_id)
        concern = (
            ""
            if applies
            else f"\n(ne concerne pas les structures de type {evaluation.structure_type} : non applicable)"
        )
        self.query_one("#practice-text", LiveText).update(f"{practice.id}  {practice.text}{concern}")
        shown_value = evaluation.values.get(practice_id) if applies else NOT_APPLICABLE
        # Only a target that counts is marked (not on a practice « non applicable »).
        target = evaluation.targets.get(practice_id) if shown_value != NOT_APPLICABLE else None
        self.query_one(ScalePanel).show(
            self.referentiel, shown_value, practice_id in evaluation.carried_over, target=target
        )
        self.query_one("#note-label", LiveText).update(self._note_label(practice_id))
        self._show_line("#votes-line", votes_line(evaluation.votes.get(practice_id, {})))
        earlier = [a for a in evaluation.previous_actions if a.practice_id == practice_id]
        self._show_line(
            "#previous-actions",
            "\n".join(
                f"↻ Action de l'évaluation précédente : {a.text} ({a.owner or '—'}, {a.status})" for a in earlier
            ),
        )
        self._follow_timer()
        if self._note_owner != practice_id:
            self.save_pending_note()  # a safety net: every way of moving has saved it already
        self._note_owner = practice_id
        if not self.note_area.has_focus and self.note_area.text != evaluation.note(practice_id):
            self._loading_note = True
            self.note_area.load_text(evaluation.note(practice_id))
        self._refresh_overview()

    def _note_label(self, practice_id: str) -> str:
        """« Amélioration, planification · 2 preuves, 1 à revoir (E) », or the label alone without evidence.

        The count rides on the label's line rather than a line of its own: the walk keeps its layout.
        """
        label = self.referentiel.note_label
        items = self.session.evaluation.evidence_of(practice_id)
        if not items:
            return label
        count = f"{len(items)} preuve{'s' if len(items) > 1 else ''}"
        to_review = sum(1 for item in items if item.carried_over)
        if to_review:
            count += f", {to_review} à revoir"
        return f"{label} · {count} (E)"

    def _show_line(self, selector: str, text: str) -> None:
        line = self.query_one(selector, LiveText)
        line.update(text)
        line.display = bool(text)

    def _refresh_overview(self) -> None:
        """The side panel (wide terminals): live radar of the axes and recap of the current axis.

        Drawn with the key that changed it, in the same frame. When more keys are already
        waiting in the app's queue (pasted, or delivered together by a slow SSH link: a
        person cannot type that fast), the drawing waits until they are all handled, and the
        panel is drawn once for the whole burst: the radar costs about 10 ms, such a key
        alone 2 to 3. Whether keys are waiting is a fact of the queue, not of the clock, so a
        busy machine draws the same frames as an idle one.
        """
        if not self.query_one("#side-panel").display:
            return
        if self.app.message_queue_size:
            if not self._overview_deferred:
                self._overview_deferred = True
                self.app.call_later(self._draw_deferred_overview)
        else:
            self._draw_overview()

    def _draw_deferred_overview(self) -> None:
        """Queued behind the waiting keys: draw once none is left (else queue up behind them again)."""
        if self.app.message_queue_size:
            self.app.call_later(self._draw_deferred_overview)
            return
        self._overview_deferred = False
        if self.is_attached and self.query_one("#side-panel").display:
            self._draw_overview()

    def _draw_overview(self) -> None:
        evaluation = self.session.evaluation
        recap = evaluation.recap(self.referentiel)
        axis_id = self.referentiel.locate(self.walk.current)[3].id
        self.query_one("#live-radar", RadarView).show(
            self.referentiel,
            recap,
            evaluation.previous_recap(self.referentiel),
            target=target_recap(self.referentiel, evaluation),
        )
        self.query_one("#live-recap", LiveRecap).show(self.referentiel, recap, axis_id)

    def _not_for_this_structure(self, consequence: str) -> bool:
        """True, and says so with ``consequence``, when the current practice does not concern
        the session's structure type (a CEDRE specification of the other column)."""
        if self.walk.applies(self.walk.current):
            return False
        kind = self.session.evaluation.structure_type
        self.notify(
            f"Cette pratique ne concerne pas les structures de type {kind} : {consequence}.", severity="warning"
        )
        return True

    def _save(self, change: Callable[[Session], object]) -> bool:
        """Write ``change`` through the one UI write path, the note being typed first; True once on disk."""
        self.save_pending_note()
        return save(self, self.session, change)

    # -- scoring -----------------------------------------------------------------
    def _score(self, value: Value, *, advance: bool = True) -> bool:
        """Save the current practice's value and, with ``advance``, the next position in the same write."""
        if isinstance(value, int) and self._not_for_this_structure("elle reste non applicable"):
            return False
        following = self.walk.next_after_scoring(value) if advance else None
        scored = self.walk.current
        if not self._save(lambda s: s.set_value(scored, value, then=following)):
            return False
        if advance:
            self._arrive(following)
        return True

    def _arrive(self, following: str | None) -> None:
        """Move to ``following``, or say the evaluation is complete when there is none."""
        if following is None:
            self.notify("Toutes les pratiques sont notées. Bravo !", title="Évaluation complète")
        else:
            self.walk.current = following

    def action_score(self, value: int) -> None:
        self._score(value)
        self.refresh_views()

    def action_not_applicable(self) -> None:
        self._score(NOT_APPLICABLE)
        self.refresh_views()

    def action_clear(self) -> None:
        self._score(None, advance=False)
        self.refresh_views()

    # -- moving ------------------------------------------------------------------
    def _go(self, practice_id: str) -> None:
        """Show ``practice_id`` and remember it as where the team is."""
        self.save_pending_note()
        self.walk.current = practice_id
        if not self.session.read_only:
            self._save(lambda s: s.set_position(practice_id))
        self.refresh_views()

    def _go_or_say(self, following: str | None, nowhere: str) -> None:
        """Go to ``following``, or say why there is nowhere to go."""
        if following is None:
            self.notify(nowhere)
        else:
            self._go(following)

    def action_move(self, delta: int) -> None:
        following = self.walk.step(delta)
        if following is None:
            where = "de la réévaluation rapide" if self.walk.quick else "du référentiel"
            self.notify(f"{'Dernière' if delta > 0 else 'Première'} pratique {where}.", timeout=3)
        else:
            self._go(following)

    def action_activity(self, delta: int) -> None:
        self._go(self.walk.next_activity(delta))

    def action_next_unscored(self) -> None:
        self._go_or_say(self.walk.next_pending(), "Aucune pratique non notée : l'évaluation est complète.")

    @opens_dialog
    @work
    async def action_goto_activity(self) -> None:
        order = self.walk.order
        first, last = order.activity_ids[0], order.activity_ids[-1]

        def check(text: str) -> str | None:
            if order.find(text) is None:
                return (
                    f"« {text.strip()} » inconnu : tapez une activité de {first} à {last}, "
                    f"ou une pratique (ex. {order.ids[0]})."
                )
            return None

        prompt = PromptScreen(
            "Aller à l'activité n° (ou à la pratique n°)", placeholder=f"ex. {first} … {last}, ou 1.3.8", check=check
        )
        typed = await self.app.push_screen_wait(prompt)
        if typed is not None and (target := order.find(typed)):
            self._go(target)

    def action_goto(self) -> None:
        """``g`` in a re-scoring or a workshop, where the footer does not list it."""
        self.action_goto_activity()

    # -- notes -------------------------------------------------------------------
    def action_edit_note(self) -> None:
        if refused_read_only(self, self.session):
            return
        # Focus now, not once the keys already queued are handled (``focus()`` waits its turn): the
        # keys that came with Entrée are then the note's (``SiaeApp._on_key``).
        self.set_focus(self.note_area)
        self.note_area.move_cursor(self.note_area.document.end)

    @on(TextArea.Changed, "#note")
    def _note_changed(self) -> None:
        """Typing: save after a pause, and at least every NOTE_MAX_DELAY seconds while it goes on."""
        if self._loading_note:
            self._loading_note = False
            return
        self.query_one(SaveStatus).show_typing()
        now = monotonic()
        if self._note_unsaved_since is None:
            self._note_unsaved_since = now
        if now - self._note_unsaved_since >= NOTE_MAX_DELAY:
            self.save_pending_note()
            return
        if self._note_timer is not None:
            self._note_timer.stop()
        self._note_timer = self.set_timer(NOTE_SAVE_DELAY, self.save_pending_note)

    def save_pending_note(self) -> None:
        """Write the note being typed on the practice it belongs to.

        Called before every other write, every move, every screen opened over
        the walk, when the editor loses focus, on quit and on SIGHUP/SIGTERM:
        a note is on disk before anything else happens.
        """
        if self._note_timer is not None:
            self._note_timer.stop()
            self._note_timer = None
        self._note_unsaved_since = None
        practice_id, text = self._note_owner, self.note_area.text
        if self.session.read_only or text == self.session.evaluation.note(practice_id):
            return
        save(self, self.session, lambda s: s.set_note(practice_id, text))

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        """Leaving the note editor (Tab, a click elsewhere) saves it."""
        if event.widget is self.note_area:
            self.save_pending_note()

    def on_screen_suspend(self) -> None:
        """Another screen covers the walk (recap, help, a dialog…): the note goes to disk first."""
        self._opening = None  # the dialog a key asked for is up: keys go to it now
        self.save_pending_note()

    def action_escape(self) -> None:
        if self.note_area.has_focus:
            self.save_pending_note()
            self.set_focus(None)
            self.refresh_views()
            return
        self.save_pending_note()
        if self.session.dirty:
            self._leave_with_unsaved_work()
        else:
            siae_app(self).go_home()

    @work(exclusive=True)
    async def _leave_with_unsaved_work(self) -> None:
        """Going home closes the session: work not on disk is settled first (retry, export, leave)."""
        from siae_tui.ui.screens.unsaved import settle_unsaved

        if await settle_unsaved(self, self.session, "Revenir à l'accueil"):
            siae_app(self).go_home()

    @opens_dialog
    @work
    async def action_development_axes(self) -> None:
        axis = self.referentiel.locate(self.walk.current)[3]
        evaluation = self.session.evaluation
        current = evaluation.development_axes.get(axis.id, "")
        actions = [a for a in evaluation.actions if self.referentiel.locate(a.practice_id)[3].id == axis.id]
        listed = "".join(f"\n • {a.practice_id} {a.text} ({a.owner or '—'}, {a.status})" for a in actions)
        editor = TextEditorScreen(
            f"{self.referentiel.development_axes_label} — axe {axis.id} · {axis.title}",
            current,
            "Ce que l'équipe veut développer sur cet axe dans l'année qui vient."
            + (f"\nActions de cet axe :{listed}" if actions else ""),
        )
        text = await self.app.push_screen_wait(editor)
        if text is not None and text != current:
            self._save(lambda s: s.set_development_axis(axis.id, text))

    # -- evidence and targets ----------------------------------------------------
    @opens_dialog
    @work
    async def action_evidence(self) -> None:
        """The practice's evidence: listed even in a read-only session, changed only where it may be."""
        from siae_tui.ui.screens.evidence import EvidenceScreen

        self.save_pending_note()
        await self.app.push_screen_wait(EvidenceScreen(self.session, self.walk.current))
        self.refresh_views()

    @opens_dialog
    @work
    async def action_target(self) -> None:
        from siae_tui.ui.screens.target import TargetScreen

        if refused_read_only(self, self.session):
            return
        evaluation = self.session.evaluation
        practice_id = self.walk.current
        if self._not_for_this_structure("pas de cible"):
            return
        value = evaluation.values.get(practice_id)
        if value == NOT_APPLICABLE:
            self.notify("Cette pratique est notée non applicable : pas de cible.", severity="warning")
            return
        self.save_pending_note()
        current = evaluation.targets.get(practice_id)
        choice = await self.app.push_screen_wait(
            TargetScreen(self.referentiel, self.referentiel.practice(practice_id), value, current)
        )
        if choice is None or choice.value == current:
            return
        saved = self._save(lambda s: s.set_target(practice_id, choice.value))
        if saved and choice.value is not None and isinstance(value, int) and choice.value < value:
            # Allowed (domain.targets), but most likely a slip of the finger.
            self.notify(
                f"Cible {choice.value} sous la note actuelle ({value}) : une cible ne baisse jamais une note. "
                "À vérifier.",
                severity="warning",
            )
        self.refresh_views()

    # -- re-scoring --------------------------------------------------------------
    def action_confirm(self) -> None:
        if self.walk.current not in self.session.evaluation.carried_over:
            self.notify("Cette note n'est pas une reprise à confirmer.", severity="information")
            return
        confirmed = self.walk.current
        if self._save(lambda s: s.confirm(confirmed)):
            following = self.walk.next_pending()
            if following is not None:
                self._go(following)
                return
            self._arrive(None)
        self.refresh_views()

    def action_next_to_confirm(self) -> None:
        self._go_or_say(self.walk.next_to_confirm(), "Toutes les notes reprises ont été confirmées ou changées.")

    def action_toggle_quick(self) -> None:
        if not self.session.evaluation.origin:
            self.notify(
                "Réévaluation rapide : seulement pour une session issue d'une évaluation précédente (d à l'accueil).",
                severity="warning",
            )
            return
        self.walk.quick = not self.walk.quick
        if self.walk.quick and not self.walk.in_walk(self.walk.current):
            self.action_next_unscored()
        self.notify(
            "Réévaluation rapide : seules les pratiques notées 0 à 2 l'an dernier."
            if self.walk.quick
            else "Réévaluation complète : toutes les pratiques."
        )
        self.refresh_views()

    def action_compare(self) -> None:
        from siae_tui.ui.screens.compare import CompareScreen

        origin = self.session.evaluation.origin
        if not origin:
            self.notify("Pas d'évaluation précédente : créez une réévaluation avec d à l'accueil.", severity="warning")
            return
        try:
            earlier = siae_app(self).store.open(origin, read_only=True)
        except SessionError as error:
            self.notify(error.message, title="Évaluation précédente illisible", severity="error", timeout=15)
            return
        self.app.push_screen(CompareScreen(self.session, earlier))

    def action_history(self) -> None:
        from siae_tui.ui.screens.compare import HistoryScreen

        self.app.push_screen(HistoryScreen(self.session, siae_app(self).store))

    # -- workshop ----------------------------------------------------------------
    @opens_dialog
    @work
    async def action_votes(self) -> None:
        from siae_tui.ui.screens.workshop import VoteScreen

        evaluation = self.session.evaluation
        if not evaluation.participants:
            self.notify(
                "Pas de participants dans cette session : les votes demandent la liste des participants.",
                severity="warning",
            )
            return
        if refused_read_only(self, self.session):
            return
        practice_id = self.walk.current
        if self._not_for_this_structure("pas de vote"):
            return
        dialog = VoteScreen(
            self.referentiel.practice(practice_id), evaluation.participants, evaluation.votes.get(practice_id, {})
        )
        result = await self.app.push_screen_wait(dialog)
        if result is None:
            return
        votes, decision = result
        flagged = is_disagreement(votes)
        # A flagged practice stays on screen for the conversation; otherwise the walk moves on.
        following = None if flagged else self.walk.next_after_scoring(decision)
        if self._save(lambda s: s.record_votes(practice_id, votes, decision, then=following)):
            if flagged:
                self.notify("Désaccord : les votes s'écartent de 2 points ou plus. À discuter !", title="Désaccord")
            else:
                self._arrive(following)
        self.refresh_views()

    @opens_dialog
    @work
    async def action_room(self) -> None:
        """The room votes from its phones; each decision is written like typed votes, and the walk moves on."""
        from siae_tui.ui.screens.room import RoomScreen

        if refused_read_only(self, self.session):
            return
        self.save_pending_note()

        def decide(practice_id: str, votes: dict[str, int], decision: Value) -> bool:
            # The votes were revealed and discussed before this decision: the room moves on.
            following = self.walk.next_after_scoring(decision)
            if not self._save(lambda s: s.record_votes(practice_id, votes, decision, then=following)):
                return False
            self._arrive(following)
            self.refresh_views()
            return True

        await self.app.push_screen_wait(RoomScreen(self.session, self.walk, decide, siae_app(self).room_host))
        self.refresh_views()

    def action_next_disagreement(self) -> None:
        self._go_or_say(self.walk.next_disagreement(), "Aucun désaccord signalé.")

    @opens_dialog
    @work
    async def action_new_action(self) -> None:
        from siae_tui.ui.screens.workshop import ActionScreen

        if refused_read_only(self, self.session):
            return
        self.save_pending_note()
        evaluation = self.session.evaluation
        practice_id = self.walk.current
        dialog = ActionScreen(
            self.referentiel.practice(practice_id), evaluation.note(practice_id), evaluation.participants
        )
        action = await self.app.push_screen_wait(dialog)
        if action is not None and any(
            (a.practice_id, a.text) == (action.practice_id, action.text) for a in evaluation.actions
        ):
            self.notify("Cette action est déjà dans le plan : P pour la voir ou la modifier.", severity="warning")
            return
        if action is not None and self._save(lambda s: s.add_action(action)):
            self.notify(f"Action ajoutée au plan ({len(evaluation.actions)}) : P pour le voir.")

    def action_plan(self) -> None:
        from siae_tui.ui.screens.workshop import ActionPlanScreen

        self.app.push_screen(ActionPlanScreen(self.session))

    def action_projection(self) -> None:
        from siae_tui.ui.screens.projection import ProjectionScreen

        self.app.push_screen(ProjectionScreen(self))

    @opens_dialog
    @work
    async def action_pause(self) -> None:
        """The pause screen hides everything; the activity timer stops while the room is away."""
        from siae_tui.ui.screens.projection import PauseScreen

        self.save_pending_note()
        timing = self.activity_timer.activity_id
        if timing is not None:
            self._book(self.activity_timer.stop())
        await self.app.push_screen_wait(PauseScreen())
        if timing is not None and not self.session.read_only:
            self.activity_timer.start(timing, self.session.evaluation.activity_seconds.get(timing, 0))

    def action_toggle_timer(self) -> None:
        timer = self.activity_timer
        if timer.running:
            self._book(timer.stop())
            self.notify("Chronomètre arrêté.")
        elif not self.session.read_only:
            activity_id = self.walk.activity()
            timer.start(activity_id, self.session.evaluation.activity_seconds.get(activity_id, 0))
            self.notify("Chronomètre lancé : le temps passé par activité s'affiche dans le récapitulatif.")

    def _follow_timer(self) -> None:
        """On reaching another activity, book the time spent on the previous one."""
        activity_id = self.walk.activity()
        booked = self.session.evaluation.activity_seconds.get(activity_id, 0)
        self._book(self.activity_timer.follow(activity_id, booked))

    def _book(self, booking: Booking | None) -> None:
        if booking is not None and booking.seconds > 0:
            self._save(lambda s: s.add_activity_time(booking.activity_id, booking.seconds))

    # -- views and files ---------------------------------------------------------
    def action_help(self) -> None:
        from siae_tui.ui.screens.help import HelpScreen

        self.app.push_screen(HelpScreen(self, self.referentiel))

    def action_recap(self) -> None:
        from siae_tui.ui.screens.recap import RecapScreen

        self.app.push_screen(RecapScreen(self.session, self.referentiel.locate(self.walk.current)[3].id))

    @opens_dialog
    @work
    async def action_export(self) -> None:
        from siae_tui.ui.screens.export import ExportScreen

        written = await self.app.push_screen_wait(ExportScreen(self.session, before_export=self.save_pending_note))
        if written is not None:
            self.notify(f"Export écrit : {written}", title="Export terminé", timeout=15)

    def action_instructions(self) -> None:
        from siae_tui.ui.screens.help import InstructionsScreen

        self.app.push_screen(InstructionsScreen(self.referentiel))

    def action_guidance(self) -> None:
        from siae_tui.ui.screens.guidance import GuidanceScreen

        evaluation = self.session.evaluation
        self.app.push_screen(GuidanceScreen(self.referentiel, self.walk.current, evaluation.structure_type))

    def save_before_leaving(self) -> None:
        """Everything held on screen goes to disk: the note being typed and the timer's running time."""
        self.save_pending_note()
        if self.activity_timer.running:
            self._book(self.activity_timer.stop())

    def on_unmount(self) -> None:
        self.save_before_leaving()
        self.session.close()
