"""Themes: the default one, and a high-contrast one for projectors.

Projectors wash out mid-tones and dark greys; the high-contrast theme uses
pure black, white, yellow and cyan so the text reads from the back of a room.
"""

from __future__ import annotations

from textual.theme import Theme

DEFAULT_THEME = "textual-dark"

HIGH_CONTRAST = Theme(
    name="siae-contraste",
    primary="#FFFF00",
    secondary="#00FFFF",
    accent="#00FFFF",
    warning="#FFB000",
    error="#FF4040",
    success="#40FF40",
    foreground="#FFFFFF",
    background="#000000",
    surface="#000000",
    panel="#202020",
    boost="#303030",
    dark=True,
    variables={
        "footer-key-foreground": "#FFFF00",
        "block-cursor-background": "#FFFF00",
        "block-cursor-foreground": "#000000",
    },
)
