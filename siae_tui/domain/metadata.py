"""The optional details a network groups by: territory, network, SIRET.

All three are optional and short (a federation asks for little: seed 004 warns
against heavy data collection). Each field has a ``validate_*`` function that
returns a French problem, or None when the text is acceptable (an empty text
is acceptable: the field is optional), and a ``normalise_*`` function that
returns the stored form (None when empty). Forms, the JSON import and the
session reader all use them, so a value is checked the same way everywhere::

    problem = validate_siret(text)
    if problem is None:
        evaluation.siret = normalise_siret(text)
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING

from siae_tui.domain.text import clean_text

if TYPE_CHECKING:
    from siae_tui.domain.evaluation import Evaluation

#: Metropolitan départements 01–95 (20 became 2A and 2B in 1976), and the overseas ones 971–976.
DEPARTEMENTS: frozenset[str] = frozenset(
    {f"{n:02d}" for n in range(1, 96) if n != 20} | {"2A", "2B"} | {str(n) for n in range(971, 977)}
)

#: Networks of the IAE, as short codes (lowercase slugs, in the manner of data·inclusion's
#: « réseaux porteurs ») and their names. Any other network may be written as free text.
NETWORKS: tuple[tuple[str, str], ...] = (
    ("chantier-ecole", "Chantier école"),
    ("cocagne", "Réseau Cocagne"),
    ("coorace", "COORACE"),
    ("croix-rouge-insertion", "Croix-Rouge insertion"),
    ("emmaus", "Emmaüs France"),
    ("envie", "Fédération Envie"),
    ("fas", "Fédération des acteurs de la solidarité"),
    ("fei", "Fédération des entreprises d'insertion"),
    ("regies-de-quartier", "Comité national de liaison des régies de quartier"),
    ("tissons-la-solidarite", "Tissons la solidarité"),
)
_NETWORK_CODES = {code: code for code, _ in NETWORKS}
_NETWORK_NAMES = {name.casefold(): code for code, name in NETWORKS}
#: A free-text network name is a short line.
MAX_NETWORK_LENGTH = 80

#: La Poste's establishments share one SIREN and follow another checksum rule (digit sum divisible by 5).
LA_POSTE_SIREN = "356000000"
_SEPARATORS = re.compile(r"[\s.\-]")


# -- territory ---------------------------------------------------------------------


def normalise_territory(text: str | None) -> str | None:
    """« 7 » → « 07 », « 2a » → « 2A », blanks → None (the result may still be invalid: validate first)."""
    value = clean_text(text or "").strip().upper()
    if not value:
        return None
    if value.isdigit() and len(value) == 1:
        value = f"0{value}"
    return value


def validate_territory(text: str | None) -> str | None:
    """A French problem when ``text`` is not a département code (01–95, 2A, 2B, 971–976); None otherwise."""
    value = normalise_territory(text)
    if value is None or value in DEPARTEMENTS:
        return None
    if value == "20":
        return "Territoire « 20 » : la Corse s'écrit 2A (Corse-du-Sud) ou 2B (Haute-Corse)."
    return f"Territoire « {value[:20]} » inconnu : indiquez le numéro du département (01 à 95, 2A, 2B, 971 à 976)."


# -- network -----------------------------------------------------------------------


def normalise_network(text: str | None) -> str | None:
    """A listed network as its code (given by code or by name, any case); other text kept as typed."""
    value = " ".join(clean_text(text or "").split())
    if not value:
        return None
    folded = value.casefold()
    return _NETWORK_CODES.get(folded) or _NETWORK_NAMES.get(folded) or value


def validate_network(text: str | None) -> str | None:
    """A French problem when the network is too long to be a name; None otherwise (free text is welcome)."""
    value = normalise_network(text)
    if value is not None and len(value) > MAX_NETWORK_LENGTH:
        return (
            f"Réseau trop long ({len(value)} caractères, {MAX_NETWORK_LENGTH} au plus) : indiquez son nom ou son code."
        )
    return None


def network_label(code: str) -> str:
    """The name of a listed network, or the free text itself."""
    return next((name for listed, name in NETWORKS if listed == code), code)


# -- SIRET -------------------------------------------------------------------------


def normalise_siret(text: str | None) -> str | None:
    """The 14 digits without spaces, dots or dashes (« 123 456 789 00012 »); blanks → None."""
    value = _SEPARATORS.sub("", clean_text(text or ""))
    return value or None


def luhn_valid(digits: str) -> bool:
    """The Luhn checksum INSEE uses for SIREN and SIRET numbers."""
    total = 0
    for index, char in enumerate(reversed(digits)):
        digit = int(char)
        if index % 2 == 1:
            digit *= 2
            if digit > 9:
                digit -= 9
        total += digit
    return total % 10 == 0


def validate_siret(text: str | None) -> str | None:
    """A French problem when ``text`` is not a valid SIRET (14 digits, Luhn key; La Poste's own rule); else None."""
    value = normalise_siret(text)
    if value is None:
        return None
    if not value.isascii() or not value.isdigit() or len(value) != 14:
        return f"SIRET « {value[:30]} » invalide : il compte 14 chiffres (espaces permis)."
    if value.startswith(LA_POSTE_SIREN) and value != LA_POSTE_SIREN + "00048":
        valid = sum(int(c) for c in value) % 5 == 0
    else:
        valid = luhn_valid(value)
    if not valid:
        return f"SIRET « {value} » invalide : la clé de contrôle ne correspond pas (vérifiez les chiffres)."
    return None


# -- all three ---------------------------------------------------------------------


def read_metadata(
    source: Mapping[str, object],
) -> tuple[tuple[str | None, str | None, str | None], list[tuple[str, str]]]:
    """Territory, network and SIRET from a file's mapping (absent or null: None), normalised.

    Also answers the problems found, as (key, French problem); a field with a
    problem reads as None. The importer reports them all, the session reader
    refuses the file on the first: the rules are the same, here once.
    """
    found: list[str | None] = []
    problems: list[tuple[str, str]] = []
    for key, validate, normalise in (
        ("territory", validate_territory, normalise_territory),
        ("network", validate_network, normalise_network),
        ("siret", validate_siret, normalise_siret),
    ):
        value = source.get(key)
        if value is not None and not isinstance(value, str):
            problems.append((key, "un texte est attendu"))
            value = None
        problem = validate(value) if value is not None else None
        if problem:
            problems.append((key, problem))
            value = None
        found.append(normalise(value))
    return (found[0], found[1], found[2]), problems


def metadata_problems(territory: str | None, network: str | None, siret: str | None) -> list[str]:
    """Every problem of the three optional fields, in the form's order."""
    return [
        problem
        for problem in (validate_territory(territory), validate_network(network), validate_siret(siret))
        if problem
    ]


def metadata_of(evaluation: Evaluation) -> dict[str, str]:
    """The details that are set, keyed as sessions and exports write them (absent when not given)."""
    details = {"territory": evaluation.territory, "network": evaluation.network, "siret": evaluation.siret}
    return {key: value for key, value in details.items() if value is not None}
