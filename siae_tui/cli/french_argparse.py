"""argparse speaking French.

argparse builds every message through its module-level ``_`` (gettext) and
``ngettext``; Python ships no French catalogue for it, so we route those two
names through a small table. The users are French SIAE teams: a wrong option
must be explained in their language, like every other error.
"""

from __future__ import annotations

import argparse
from typing import Any

_FRENCH = {
    "usage: ": "utilisation : ",
    "positional arguments": "arguments",
    "options": "options",
    "optional arguments": "options",
    "show this help message and exit": "afficher cette aide et quitter",
    "show program's version number and exit": "afficher la version et quitter",
    "the following arguments are required: %s": "arguments obligatoires manquants : %s",
    "unrecognized arguments: %s": "arguments non reconnus : %s",
    "invalid choice: %(value)r (choose from %(choices)s)": "choix invalide %(value)r (choix possibles : %(choices)s)",
    "expected one argument": "une valeur est attendue",
    "expected at most one argument": "au plus une valeur est attendue",
    "expected at least one argument": "au moins une valeur est attendue",
    "invalid %(type)s value: %(value)r": "valeur invalide : %(value)r",
    "argument %(argument_name)s: %(message)s": "argument %(argument_name)s : %(message)s",
    "%(prog)s: error: %(message)s\n": "%(prog)s : erreur : %(message)s\n",
    "ambiguous option: %(option)s could match %(matches)s": "option ambiguë : %(option)s peut désigner %(matches)s",
    "not allowed with argument %s": "incompatible avec l'argument %s",
    "one of the arguments %s is required": "l'un des arguments %s est obligatoire",
    "ignored explicit argument %r": "argument explicite ignoré %r",
    "unexpected option string: %s": "option inattendue : %s",
    "%(prog)s: error: %(message)s": "%(prog)s : erreur : %(message)s",
}


def _gettext(message: str) -> str:
    return _FRENCH.get(message, message)


def _ngettext(singular: str, plural: str, count: int) -> str:
    if singular == "expected %s argument":
        return "%s valeur attendue" if count == 1 else "%s valeurs attendues"
    return singular if count == 1 else plural


def install() -> None:
    """Make argparse's messages French (idempotent)."""
    # argparse looks its messages up through these module globals, which its stubs do not declare.
    argparse._ = _gettext  # type: ignore[attr-defined]  # see above: undeclared in typeshed
    argparse.ngettext = _ngettext  # type: ignore[attr-defined]  # see above: undeclared in typeshed


class FrenchParser(argparse.ArgumentParser):
    """An ArgumentParser whose help option and section titles are French."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        install()
        kwargs.setdefault("add_help", False)
        super().__init__(*args, **kwargs)
        self.add_argument("-h", "--help", action="help", help="afficher cette aide et quitter")
