"""Small modal dialogs: confirm, one-line prompt, multi-line editor, choice in a list, and their base.

Every dialog answers with the keyboard alone: enter (or ctrl+s for the
editor) accepts, escape cancels. Screens open them with ``@work`` and
``await self.app.push_screen_wait(...)``, so a flow reads top to bottom.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, OptionList, Static, TextArea
from textual.widgets.option_list import Option

DialogResult = TypeVar("DialogResult")


class DialogScreen(ModalScreen[DialogResult]):
    """A dialog centred over the screen that opened it.

    Styled by this class in ``dialogs.tcss`` (Textual's type selectors match
    subclasses), so every dialog is centred without a list of type names.
    """

    CSS_PATH = "dialogs.tcss"


class ConfirmScreen(DialogScreen[bool]):
    """A yes/no question; ``o`` (oui) confirms, ``n`` or escape refuses, and enter does what
    the question says is safe: it confirms, except for a ``destructive`` question, where it
    keeps things as they are (a « d » then « Entrée » typed in a hurry must not remove)."""

    BINDINGS = [
        Binding("o", "answer(True)", "Oui", id="confirm-yes", tooltip="Confirmer."),
        Binding("n,escape", "answer(False)", "Non", id="confirm-no", tooltip="Annuler."),
        Binding("enter", "enter", "Valider", show=False, id="confirm-enter", tooltip="La réponse sûre."),
    ]

    def __init__(self, question: str, yes: str = "Oui", no: str = "Non", *, destructive: bool = False) -> None:
        super().__init__()
        self.question, self.yes, self.no = question, yes, no
        self.destructive = destructive

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            # Text, not markup: a question quotes names people typed (an action, a document).
            yield Static(Text(self.question), classes="dialog-question")
            with Horizontal(classes="dialog-buttons"):
                yield Button(f"{self.yes} (o)", variant="primary", id="yes")
                yield Button(f"{self.no} (n)", id="no")

    def on_mount(self) -> None:
        if self.destructive:  # the focused button is the one Entrée presses
            self.query_one("#no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, value: bool) -> None:
        self.dismiss(value)

    def action_enter(self) -> None:
        self.dismiss(not self.destructive)


class PromptScreen(DialogScreen[str | None]):
    """Asks for one line of text; ``check`` returns a French error or None."""

    BINDINGS = [Binding("escape", "cancel", "Annuler", id="prompt-cancel", tooltip="Fermer sans rien changer.")]

    def __init__(
        self,
        question: str,
        *,
        value: str = "",
        placeholder: str = "",
        check: Callable[[str], str | None] | None = None,
    ) -> None:
        super().__init__()
        self.question, self.value, self.placeholder, self.check = question, value, placeholder, check

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.question, classes="dialog-question")
            yield Input(value=self.value, placeholder=self.placeholder, id="prompt-input")
            yield Static("", classes="error-text", id="prompt-error")
            yield Static("Entrée : valider · Échap : annuler", classes="hint")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        problem = self.check(event.value) if self.check else None
        if problem:
            self.query_one("#prompt-error", Static).update(problem)
            return
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)


class TextEditorScreen(DialogScreen[str | None]):
    """Edits a longer text (axes de développement); ctrl+s or escape keeps it."""

    BINDINGS = [
        Binding(
            "escape,ctrl+s",
            "keep",
            "Enregistrer et fermer",
            id="editor-keep",
            tooltip="Enregistrer le texte et revenir.",
        ),
    ]

    def __init__(self, title: str, text: str, explanation: str = "") -> None:
        super().__init__()
        self.title_text, self.text, self.explanation = title, text, explanation

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog dialog-wide"):
            yield Label(self.title_text, classes="dialog-question")
            if self.explanation:
                yield Static(self.explanation, classes="hint")
            yield TextArea(self.text, id="editor-text", soft_wrap=True)
            yield Static("Échap ou Ctrl+S : enregistrer et fermer", classes="hint")

    def on_mount(self) -> None:
        self.query_one(TextArea).focus()

    def action_keep(self) -> None:
        self.dismiss(self.query_one(TextArea).text)


class ChoiceScreen(DialogScreen[str | None]):
    """Choose one text of a numbered list: ↑ ↓ then Entrée; Échap closes without a choice."""

    BINDINGS = [Binding("escape", "cancel", "Annuler", id="choice-cancel", tooltip="Fermer sans rien choisir.")]

    def __init__(self, title: str, items: Sequence[str], explanation: str = "") -> None:
        super().__init__()
        self.title_text, self.items, self.explanation = title, list(items), explanation

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog dialog-wide"):
            yield Label(self.title_text, classes="dialog-question")
            if self.explanation:
                yield Static(Text(self.explanation), classes="hint")
            # Text, not markup: the items come from a référentiel anyone may have written.
            yield OptionList(*(Option(Text(f"{n}. {item}")) for n, item in enumerate(self.items, 1)), id="choice-list")
            yield Static("↑ ↓ : choisir · Entrée : insérer · Échap : annuler", classes="hint")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(self.items[event.option_index])

    def action_cancel(self) -> None:
        self.dismiss(None)
