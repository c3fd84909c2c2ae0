"""Typed access to the running siae-tui app from a screen or widget.

Textual types ``self.app`` as a plain ``App``; screens need the store and the
référentiels of ``SiaeApp``. One cast here (as posting does) instead of an
untyped attribute lookup in every screen.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual.dom import DOMNode

if TYPE_CHECKING:
    from siae_tui.ui.app import SiaeApp


def siae_app(node: DOMNode) -> SiaeApp:
    """The ``SiaeApp`` that ``node`` belongs to."""
    return cast("SiaeApp", node.app)
