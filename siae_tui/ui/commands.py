"""The command palette's provider: every key of the screen and the app, found by any word.

The bindings are the one declaration (footer, ``?`` help and palette read
them). The search ignores accents and case and looks in the name *and* in
the description, so « recap », « radar » or « thème » find « Récap (r) » and
« Contraste (t) », as people type them.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from functools import partial

from textual.app import App
from textual.binding import Binding
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.screen import Screen


def fold(text: str) -> str:
    """« Récap » → « recap »: lower case, accents removed."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


class BindingCommands(Provider):
    """One palette entry per described binding of the current screen, then of the app."""

    def _entries(self) -> Iterator[tuple[str, str, Screen[object] | App[object], str]]:
        """Described bindings that can run here (``check_action``), each title once."""
        seen: set[str] = set()
        nodes: tuple[Screen[object] | App[object], ...] = (self.screen, self.app)
        for node in nodes:
            for binding in node.BINDINGS:
                if not isinstance(binding, Binding) or not binding.description:
                    continue
                key = binding.key_display or binding.key.split(",")[0]
                title = f"{binding.description} ({key})"
                if title in seen or node.check_action(binding.action, ()) is False:
                    continue
                seen.add(title)
                yield title, binding.tooltip or binding.description, node, binding.action

    async def discover(self) -> Hits:
        for title, help_text, node, action in self._entries():
            yield DiscoveryHit(title, partial(node.call_later, node.run_action, action), help=help_text)

    async def search(self, query: str) -> Hits:
        folded = fold(query)
        matcher = self.matcher(folded)
        for title, help_text, node, action in self._entries():
            score = max(matcher.match(fold(title)), matcher.match(fold(help_text)) * 0.8)
            if score > 0:
                shown = self.matcher(query).highlight(title) if self.matcher(query).match(title) else title
                yield Hit(score, shown, partial(node.call_later, node.run_action, action), help=help_text)
