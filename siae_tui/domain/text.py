"""Text from data files, made safe to show in a terminal or a report.

A SIAE name, a note or a référentiel title comes from files anyone can write
(an export sent by e-mail, a référentiel from a colleague). Terminal escape
sequences in them would retitle or clear the terminal of whoever lists the
sessions, and reach the Markdown report. Every text is cleaned where it
enters (session read, import, référentiel loader): escape sequences and C0/C1
control characters are removed, tabs become spaces, and line breaks are kept
only in texts that may span lines (notes, development axes, help).
"""

from __future__ import annotations

import re

#: ESC/CSI sequences (``ESC [ … final``), string commands (OSC, DCS, SOS, PM, APC, up to their
#: terminator) and the remaining two-character escapes, in their 7-bit and 8-bit forms.
_ESCAPE_SEQUENCE = re.compile(
    r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]?"
    r"|(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"
    r"|\x1b[ -/]*[0-~]?"
)
#: C0 controls but tab and line feed, DEL, C1 controls, and lone surrogates (unwritable in UTF-8).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
_ANYTHING_TO_CLEAN = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff]")


def clean_text(text: str, *, multiline: bool = False) -> str:
    """``text`` without escape sequences nor control characters.

    With ``multiline`` line breaks are kept (CR LF and CR become LF); otherwise
    they become spaces, as tabs always do.
    """
    if not _ANYTHING_TO_CLEAN.search(text):
        return text
    text = _ESCAPE_SEQUENCE.sub("", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    if not multiline:
        text = text.replace("\n", " ")
    return _CONTROL.sub("", text)


def clean_message(text: str) -> str:
    """A message about data (it may quote a name or a file name), safe to print; lines kept."""
    return clean_text(text, multiline=True)


def too_long(text: str, limit: int, where: str) -> str | None:
    """« texte trop long dans « where » (n caractères, limit au plus) », or None when ``text`` fits.

    The one wording for a text over its bound, whether a session file, an import
    or a form brought it.
    """
    if len(text) <= limit:
        return None
    return f"texte trop long dans « {where} » ({len(text)} caractères, {limit} au plus)"
