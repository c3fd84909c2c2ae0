"""Load and validate a référentiel YAML file.

Validation collects *every* problem (not just the first) with the file, the
place in it (``axes[2].objectives[0].activities[4].practices[1]``) and a French
message, because the people who write référentiels are network staff and
consultants, not programmers: one run must tell them everything to fix.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from siae_tui.domain.model import (
    STRUCTURE_TYPES,
    Activity,
    Axis,
    GlossaryEntry,
    HelpItem,
    Instructions,
    Objective,
    Practice,
    Referentiel,
    ScaleLevel,
    Source,
    SourcedText,
    TrendBand,
)
from siae_tui.domain.text import clean_message, clean_text
from siae_tui.domain.untrusted import MAX_YAML_BYTES, UntrustedData, decode_text, parse_yaml, read_limited

FORMAT = "siae-tui/referentiel"
FORMAT_VERSION = 1

_TOP_KEYS = {
    "format",
    "format_version",
    "id",
    "version",
    "title",
    "short_title",
    "source",
    "description",
    "instructions",
    "note_label",
    "development_axes_label",
    "scale",
    "implemented_from",
    "trend",
    "structure_types",
    "sources",
    "glossary",
    "axes",
}
_AXIS_KEYS = {"id", "title", "goals", "help", "objectives"}
_OBJECTIVE_KEYS = {"title", "help", "activities"}
_ACTIVITY_KEYS = {"id", "title", "help", "suggestions", "evidence_examples", "practices"}
_PRACTICE_KEYS = {"id", "text", "applies_to", "help"}
_SOURCE_KEYS = {"id", "title"}
_HELP_KEYS = {"text", "source", "applies_to"}
_SOURCED_TEXT_KEYS = {"text", "source"}
_GLOSSARY_KEYS = {"term", "definition", "source"}
_SCALE_KEYS = {"value", "label"}
_TREND_KEYS = {"from", "colour", "symbol", "label"}
_INSTRUCTIONS_KEYS = {"title", "text"}
_COLOURS = {"red", "orange", "yellow", "green", "blue", "grey"}

# Help, suggestions and the glossary are read from a file anyone may have written, and shown
# whole on one screen: these bounds are far above what the bundled référentiels need (their
# longest help text is about 1,000 characters, their longest list about 30 items) and low
# enough that a hostile file cannot bury the help screen.
#: Characters of one help text, suggestion, evidence example or definition.
MAX_GUIDANCE_TEXT = 4_000
#: Characters of a source title or a glossary term.
MAX_GUIDANCE_NAME = 200
#: Items of one list of help, suggestions, evidence examples, sources or glossary entries.
MAX_GUIDANCE_ITEMS = 200


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a référentiel file."""

    location: str
    message: str

    def __str__(self) -> str:
        return f"{self.location} : {self.message}" if self.location else self.message


class ReferentielError(Exception):
    """A référentiel file that cannot be used, with every problem found in it."""

    def __init__(self, path: Path | str, problems: Iterable[Problem]) -> None:
        self.path = Path(path)
        self.problems = tuple(problems)
        super().__init__(self.describe())

    def describe(self) -> str:
        count = len(self.problems)
        noun = "problème" if count == 1 else "problèmes"
        lines = [f"Référentiel invalide : {self.path} ({count} {noun})"]
        lines += [f"  - {problem}" for problem in self.problems]
        return "\n".join(lines)


def load_referentiel(path: Path | str) -> Referentiel:
    """Read, validate and return the référentiel in ``path``.

    Raises ``ReferentielError`` listing every problem when the file is missing,
    unreadable, not YAML, or not a valid référentiel.
    """
    path = Path(path)
    try:
        text = decode_text(read_limited(path, MAX_YAML_BYTES))
    except UntrustedData as error:
        raise ReferentielError(path, [Problem(error.where, error.message)]) from None
    return parse_referentiel(text, path)


def parse_referentiel(text: str, path: Path | str = "<texte>") -> Referentiel:
    """Validate YAML text as a référentiel (``path`` only names it in messages)."""
    try:
        data = parse_yaml(text)
    except UntrustedData as error:
        raise ReferentielError(path, [Problem(error.where, error.message)]) from None
    validator = _Validator()
    referentiel = validator.referentiel(data, str(path))
    if validator.problems:
        raise ReferentielError(path, validator.problems)
    assert referentiel is not None
    return referentiel


class _Validator:
    """Walks the parsed YAML, records problems, builds the model when it can."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.ids: dict[str, str] = {}
        #: The ids declared under ``sources``, which every help item must name.
        self.source_ids: tuple[str, ...] = ()

    def error(self, location: str, message: str) -> None:
        # Messages quote keys and values from the file: never let them carry terminal escapes.
        self.problems.append(Problem(clean_message(location), clean_message(message)))

    # -- helpers -------------------------------------------------------------
    def mapping(self, value: Any, location: str, allowed: set[str]) -> dict[str, Any] | None:
        if not isinstance(value, dict):
            self.error(location, f"une section (clé : valeur) est attendue, pas {_kind(value)}")
            return None
        for key in value:
            if key not in allowed:
                self.error(
                    location,
                    f"clé inconnue « {key} » (clés possibles : {', '.join(sorted(allowed))})",
                )
        return value

    def text(self, data: dict[str, Any], key: str, location: str, required: bool = True) -> str:
        value = data.get(key)
        if value is None:
            if required:
                self.error(location, f"« {key} » est obligatoire")
            return ""
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            self.error(f"{location}.{key}", f"un texte est attendu, pas {_kind(value)}")
            return ""
        value = _clean(value)
        if required and not value:
            self.error(f"{location}.{key}", "ne doit pas être vide")
        return value

    def identifier(self, data: dict[str, Any], location: str, kind: str) -> str:
        value = data.get("id")
        if value is None:
            self.error(location, "« id » est obligatoire")
            return ""
        if isinstance(value, float):
            self.error(
                f"{location}.id",
                f'l\'identifiant {value!r} a été lu comme un nombre : mettez-le entre guillemets (ex. "{value}")',
            )
            return ""
        if isinstance(value, bool) or not isinstance(value, (str, int)):
            self.error(f"{location}.id", f"un identifiant texte est attendu, pas {_kind(value)}")
            return ""
        value = _clean(value)
        if not value or any(c.isspace() for c in value):
            self.error(f"{location}.id", "l'identifiant ne doit être ni vide ni contenir d'espace")
            return ""
        key = f"{kind}:{value}"
        if key in self.ids:
            self.error(f"{location}.id", f"identifiant « {value} » déjà utilisé en {self.ids[key]}")
        else:
            self.ids[key] = location
        return value

    def sequence(self, data: dict[str, Any], key: str, location: str, required: bool = True) -> list[Any]:
        value = data.get(key)
        if value is None:
            if required:
                self.error(location, f"« {key} » est obligatoire (une liste)")
            return []
        if not isinstance(value, list):
            self.error(f"{location}.{key}", f"une liste est attendue, pas {_kind(value)}")
            return []
        if required and not value:
            self.error(f"{location}.{key}", "la liste ne doit pas être vide")
        return value

    def bounded_text(self, data: dict[str, Any], key: str, location: str, limit: int) -> str:
        """A required text of at most ``limit`` characters."""
        value = self.text(data, key, location)
        if len(value) > limit:
            self.error(f"{location}.{key}", f"texte trop long ({len(value)} caractères, {limit} au plus)")
            return value[:limit]
        return value

    def bounded_sequence(self, data: dict[str, Any], key: str, location: str) -> list[Any]:
        """An optional list of at most MAX_GUIDANCE_ITEMS items."""
        items = self.sequence(data, key, location, required=False)
        if len(items) > MAX_GUIDANCE_ITEMS:
            self.error(f"{location}.{key}", f"liste trop longue ({len(items)} éléments, {MAX_GUIDANCE_ITEMS} au plus)")
            return items[:MAX_GUIDANCE_ITEMS]
        return items

    def structure_list(self, data: dict[str, Any], location: str, structure_types: tuple[str, ...]) -> tuple[str, ...]:
        """``applies_to``: structure types the référentiel knows."""
        names = tuple(_clean(t) for t in self.sequence(data, "applies_to", location, required=False))
        for name in names:
            if name not in structure_types:
                self.error(
                    f"{location}.applies_to",
                    f"type de structure « {name} » inconnu ({', '.join(structure_types)})",
                )
        return names

    def source_ref(self, data: dict[str, Any], location: str) -> str:
        """The ``source`` of a help item, suggestion, example or glossary entry: a declared source id."""
        source = self.text(data, "source", location)
        if source and source not in self.source_ids:
            declared = ", ".join(self.source_ids) if self.source_ids else "aucune source déclarée"
            self.error(
                f"{location}.source",
                f"source « {source} » inconnue : déclarez-la dans « sources » en tête du fichier ({declared})",
            )
        return source

    # -- guidance (help, suggestions, evidence examples, sources, glossary) ------
    def sources(self, top: dict[str, Any]) -> tuple[Source, ...]:
        found = []
        for index, raw in enumerate(self.bounded_sequence(top, "sources", "")):
            location = f"sources[{index}]"
            data = self.mapping(raw, location, _SOURCE_KEYS)
            if data is None:
                continue
            source_id = self.identifier(data, location, "source")
            title = self.bounded_text(data, "title", location, MAX_GUIDANCE_NAME)
            if source_id:
                found.append(Source(source_id, title))
        self.source_ids = tuple(source.id for source in found)
        return tuple(found)

    def help_items(
        self, data: dict[str, Any], location: str, structure_types: tuple[str, ...], *, plain_text: bool = False
    ) -> tuple[HelpItem, ...]:
        """``help``: a list of ``{text, source, applies_to?}``.

        With ``plain_text`` (a practice's help) a single text is also read, as
        older référentiels wrote it: one help item without a source.
        """
        raw_help = data.get("help")
        if plain_text and isinstance(raw_help, str):
            text = _clean(raw_help)
            if len(text) > MAX_GUIDANCE_TEXT:
                self.error(f"{location}.help", f"texte trop long ({len(text)} caractères, {MAX_GUIDANCE_TEXT} au plus)")
                return ()
            return (HelpItem(text, ""),) if text else ()
        items = []
        for index, raw in enumerate(self.bounded_sequence(data, "help", location)):
            where = f"{location}.help[{index}]"
            item = self.mapping(raw, where, _HELP_KEYS)
            if item is None:
                continue
            text = self.bounded_text(item, "text", where, MAX_GUIDANCE_TEXT)
            items.append(
                HelpItem(text, self.source_ref(item, where), self.structure_list(item, where, structure_types))
            )
        return tuple(items)

    def sourced_texts(self, data: dict[str, Any], key: str, location: str) -> tuple[SourcedText, ...]:
        """``suggestions`` or ``evidence_examples``: a list of ``{text, source}``."""
        items = []
        for index, raw in enumerate(self.bounded_sequence(data, key, location)):
            where = f"{location}.{key}[{index}]"
            item = self.mapping(raw, where, _SOURCED_TEXT_KEYS)
            if item is None:
                continue
            items.append(
                SourcedText(self.bounded_text(item, "text", where, MAX_GUIDANCE_TEXT), self.source_ref(item, where))
            )
        return tuple(items)

    def glossary(self, top: dict[str, Any]) -> tuple[GlossaryEntry, ...]:
        entries: list[GlossaryEntry] = []
        seen: dict[str, str] = {}
        for index, raw in enumerate(self.bounded_sequence(top, "glossary", "")):
            location = f"glossary[{index}]"
            data = self.mapping(raw, location, _GLOSSARY_KEYS)
            if data is None:
                continue
            term = self.bounded_text(data, "term", location, MAX_GUIDANCE_NAME)
            definition = self.bounded_text(data, "definition", location, MAX_GUIDANCE_TEXT)
            source = self.source_ref(data, location)
            key = term.casefold()
            if key and key in seen:
                self.error(f"{location}.term", f"terme « {term} » déjà défini en {seen[key]}")
                continue
            seen[key] = location
            entries.append(GlossaryEntry(term, definition, source))
        return tuple(entries)

    # -- sections ------------------------------------------------------------
    def referentiel(self, data: Any, path: str) -> Referentiel | None:
        top = self.mapping(data, "", _TOP_KEYS) if data is not None else None
        if data is None:
            self.error("", "le fichier est vide")
        if top is None:
            return None
        if top.get("format", FORMAT) != FORMAT:
            self.error("format", f"« {FORMAT} » est attendu, pas « {top.get('format')} »")
        version = top.get("format_version", FORMAT_VERSION)
        if version != FORMAT_VERSION:
            self.error(
                "format_version",
                f"version de format {version!r} inconnue : cette version de siae-tui lit la version {FORMAT_VERSION}",
            )
        ref_id = self.identifier(top, "", "referentiel")
        ref_version = self.text(top, "version", "")
        title = self.text(top, "title", "")
        scale = self.scale(top)
        trend = self.trend(top)
        structure_types = self.structure_types(top)
        sources = self.sources(top)
        glossary = self.glossary(top)
        implemented_from = top.get("implemented_from", 2)
        values = {level.value for level in scale}
        if scale and implemented_from not in values:
            self.error("implemented_from", f"doit être une valeur de l'échelle ({sorted(values)})")
        instructions = None
        if top.get("instructions") is not None:
            raw = self.mapping(top["instructions"], "instructions", _INSTRUCTIONS_KEYS)
            if raw is not None:
                instructions = Instructions(
                    self.text(raw, "title", "instructions"), self.text(raw, "text", "instructions")
                )
        axes = tuple(
            axis
            for index, raw in enumerate(self.sequence(top, "axes", ""))
            if (axis := self.axis(raw, f"axes[{index}]", structure_types)) is not None
        )
        if self.problems:
            return None
        return Referentiel(
            id=ref_id,
            version=ref_version,
            title=title,
            short_title=self.text(top, "short_title", "", required=False) or title,
            scale=scale,
            trend=trend,
            axes=axes,
            implemented_from=implemented_from,
            description=self.text(top, "description", "", required=False),
            instructions=instructions,
            note_label=self.text(top, "note_label", "", required=False) or "Amélioration, planification",
            development_axes_label=self.text(top, "development_axes_label", "", required=False)
            or "Axes de développement",
            source=self.text(top, "source", "", required=False),
            structure_types=structure_types,
            sources=sources,
            glossary=glossary,
            path=path,
        )

    def scale(self, top: dict[str, Any]) -> tuple[ScaleLevel, ...]:
        levels: list[ScaleLevel] = []
        for index, raw in enumerate(self.sequence(top, "scale", "")):
            location = f"scale[{index}]"
            level = self.mapping(raw, location, _SCALE_KEYS)
            if level is None:
                continue
            value = level.get("value")
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                self.error(f"{location}.value", "un entier positif ou nul est attendu")
                continue
            levels.append(ScaleLevel(value, self.text(level, "label", location)))
        values = [level.value for level in levels]
        if levels and values != list(range(len(values))):
            self.error("scale", f"les valeurs doivent se suivre à partir de 0 (lu : {values})")
        return tuple(levels)

    def trend(self, top: dict[str, Any]) -> tuple[TrendBand, ...]:
        bands: list[TrendBand] = []
        for index, raw in enumerate(self.sequence(top, "trend", "")):
            location = f"trend[{index}]"
            band = self.mapping(raw, location, _TREND_KEYS)
            if band is None:
                continue
            start = band.get("from")
            if (
                isinstance(start, bool)
                or not isinstance(start, (int, float))
                or not 0 <= start <= 100
                or (isinstance(start, float) and math.isnan(start))
            ):
                self.error(f"{location}.from", "un pourcentage entre 0 et 100 est attendu")
                continue
            colour = self.text(band, "colour", location)
            if colour and colour not in _COLOURS:
                self.error(f"{location}.colour", f"couleur « {colour} » inconnue ({', '.join(sorted(_COLOURS))})")
            bands.append(
                TrendBand(float(start), colour, self.text(band, "symbol", location), self.text(band, "label", location))
            )
        starts = [band.start for band in bands]
        if bands and (starts[0] != 0 or starts != sorted(set(starts))):
            self.error("trend", f"les seuils « from » doivent commencer à 0 et croître strictement (lu : {starts})")
        return tuple(bands)

    def structure_types(self, top: dict[str, Any]) -> tuple[str, ...]:
        raw = self.sequence(top, "structure_types", "", required=False)
        if not raw:
            return STRUCTURE_TYPES
        names = tuple(_clean(name) for name in raw)
        if any(not name for name in names):
            self.error("structure_types", "un type de structure ne doit pas être vide")
        return names

    def axis(self, raw: Any, location: str, structure_types: tuple[str, ...]) -> Axis | None:
        data = self.mapping(raw, location, _AXIS_KEYS)
        if data is None:
            return None
        axis_id = self.identifier(data, location, "axis")
        title = self.text(data, "title", location)
        goals = tuple(_clean(goal) for goal in self.sequence(data, "goals", location, required=False))
        objectives = []
        for index, raw_objective in enumerate(self.sequence(data, "objectives", location)):
            objective_location = f"{location}.objectives[{index}]"
            objective = self.mapping(raw_objective, objective_location, _OBJECTIVE_KEYS)
            if objective is None:
                continue
            activities = tuple(
                activity
                for a_index, raw_activity in enumerate(self.sequence(objective, "activities", objective_location))
                if (
                    activity := self.activity(
                        raw_activity, f"{objective_location}.activities[{a_index}]", structure_types
                    )
                )
                is not None
            )
            objectives.append(
                Objective(
                    f"{axis_id}/{index + 1}",
                    self.text(objective, "title", objective_location),
                    activities,
                    self.help_items(objective, objective_location, structure_types),
                )
            )
        return Axis(axis_id, title, tuple(objectives), goals, self.help_items(data, location, structure_types))

    def activity(self, raw: Any, location: str, structure_types: tuple[str, ...]) -> Activity | None:
        data = self.mapping(raw, location, _ACTIVITY_KEYS)
        if data is None:
            return None
        activity_id = self.identifier(data, location, "activity")
        title = self.text(data, "title", location)
        practices = tuple(
            practice
            for index, raw_practice in enumerate(self.sequence(data, "practices", location))
            if (practice := self.practice(raw_practice, f"{location}.practices[{index}]", structure_types)) is not None
        )
        return Activity(
            activity_id,
            title,
            practices,
            self.help_items(data, location, structure_types),
            self.sourced_texts(data, "suggestions", location),
            self.sourced_texts(data, "evidence_examples", location),
        )

    def practice(self, raw: Any, location: str, structure_types: tuple[str, ...]) -> Practice | None:
        data = self.mapping(raw, location, _PRACTICE_KEYS)
        if data is None:
            return None
        practice_id = self.identifier(data, location, "practice")
        text = self.text(data, "text", location)
        applies_to = self.structure_list(data, location, structure_types)
        return Practice(
            practice_id, text, applies_to, self.help_items(data, location, structure_types, plain_text=True)
        )


def _clean(value: Any) -> str:
    """A référentiel text without escape sequences nor control characters (line breaks kept)."""
    return clean_text(str(value), multiline=True).strip()


def _kind(value: Any) -> str:
    if value is None:
        return "une valeur vide"
    if isinstance(value, bool):
        return "un booléen"
    if isinstance(value, (int, float)):
        return f"le nombre {value}"
    if isinstance(value, str):
        return f"le texte « {value[:40]} »"
    if isinstance(value, list):
        return "une liste"
    if isinstance(value, dict):
        return "une section"
    if isinstance(value, dt.date):
        return f"la date {value.isoformat()}"
    return "une valeur d'un autre type"


def discover_referentiels(*directories: Path) -> tuple[list[Referentiel], list[ReferentielError]]:
    """Load every ``*.yaml``/``*.yml`` in the directories, keeping the errors apart.

    A broken file must not hide the good ones: the caller shows the errors and
    offers the référentiels that loaded.
    """
    loaded: list[Referentiel] = []
    errors: list[ReferentielError] = []
    seen: set[tuple[str, str]] = set()
    for directory in directories:
        if not directory.is_dir():
            continue
        for path in sorted([*directory.glob("*.yaml"), *directory.glob("*.yml")]):
            try:
                referentiel = load_referentiel(path)
            except ReferentielError as error:
                errors.append(error)
                continue
            key = (referentiel.id, referentiel.version)
            if key not in seen:
                seen.add(key)
                loaded.append(referentiel)
    return loaded, errors
