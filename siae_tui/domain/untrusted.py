"""Bounded readers for files anyone may have written: session files, the index, imports, référentiels.

Python's own readers trust their input: ``json`` builds a 5,000-digit integer
(and raises an English ``ValueError`` since 3.11), recurses into 100,000
nested arrays, and PyYAML expands a 1 KB alias bomb into gigabytes or runs
``!!timestamp foo`` into an ``AttributeError``. Here every reader caps the
file size, the nesting depth and the length of numbers, accepts only plain
data (no YAML anchors, aliases or tags beyond ``!!str``, no duplicate keys),
and reports every refusal as ``UntrustedData`` with a French message (with
line and column when known), so the caller names the file and moves on to
the next one.

``read_limited`` is the one place that opens such a file, like the loader
always did: it refuses directories, FIFOs and devices before reading.
"""

from __future__ import annotations

import codecs
import errno
import json
import os
import re
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

#: A session with 247 practices and very long notes is about 1 MB.
MAX_JSON_BYTES = 32 * 1024 * 1024
#: The bundled référentiel is about 100 KB.
MAX_YAML_BYTES = 4 * 1024 * 1024
#: Sessions and exports nest 4 or 5 levels, référentiels about 10.
MAX_DEPTH = 64
#: No count or score in siae-tui needs more digits.
MAX_INT_DIGITS = 30
#: YAML events (scalars, mappings, sequences): the bundled référentiel has about 6,000.
MAX_YAML_EVENTS = 500_000

_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_CONSTRUCTOR = yaml.constructor.SafeConstructor()
_RESOLVER = yaml.resolver.Resolver()
#: The resolver's implicit-tag lookup (PyYAML's stubs leave it untyped).
_resolve: Callable[[type[yaml.Node], str, tuple[bool, bool]], str] = _RESOLVER.resolve
_STR = "tag:yaml.org,2002:str"
_SURROGATE = re.compile(r"[\ud800-\udfff]")
#: How a lone surrogate gets into JSON text that was valid UTF-8: as an escape.
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


class UntrustedData(ValueError):
    """Data refused by a bounded reader; ``message`` is French, ``line``/``column`` 1-based when known."""

    def __init__(self, message: str, line: int | None = None, column: int | None = None) -> None:
        self.message = message
        self.line = line
        self.column = column
        super().__init__(self.describe())

    @property
    def where(self) -> str:
        if self.line is None:
            return ""
        return f"ligne {self.line}" + (f", colonne {self.column}" if self.column is not None else "")

    def describe(self) -> str:
        return f"{self.message} ({self.where})" if self.where else self.message


class MissingFile(UntrustedData):
    """There is no file at that path (callers word it their own way: « session introuvable »…)."""


# -- files -------------------------------------------------------------------------


def read_limited(path: Path, limit: int) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes; ``UntrustedData`` otherwise.

    Opened non-blocking so that a FIFO named like a session never hangs the program.
    """
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except FileNotFoundError:
        raise MissingFile("fichier introuvable") from None
    except OSError as error:
        raise UntrustedData(f"lecture impossible : {_describe(error)}") from None
    try:
        status = os.fstat(descriptor)
        if stat.S_ISDIR(status.st_mode):
            raise UntrustedData("c'est un dossier, pas un fichier")
        if not stat.S_ISREG(status.st_mode):
            raise UntrustedData("ce n'est pas un fichier ordinaire (tube, périphérique…) : refusé")
        if status.st_size > limit:
            raise UntrustedData(f"fichier trop gros ({status.st_size} octets, {limit} au plus)")
        chunks, size = [], 0
        while chunk := os.read(descriptor, 1 << 20):
            chunks.append(chunk)
            size += len(chunk)
            if size > limit:
                raise UntrustedData(f"fichier trop gros (plus de {limit} octets)")
        return b"".join(chunks)
    except OSError as error:
        raise UntrustedData(f"lecture impossible : {_describe(error)}") from None
    finally:
        os.close(descriptor)


def _describe(error: OSError) -> str:
    if error.errno in (errno.EACCES, errno.EPERM):
        return "accès refusé"
    if error.errno == errno.ENAMETOOLONG:
        return "nom de fichier trop long"
    if error.errno == errno.ELOOP:
        return "trop de liens symboliques"
    if error.errno == errno.EIO:
        return "erreur d'entrée-sortie du disque"
    return f"erreur système (code {errno.errorcode.get(error.errno or 0, error.errno)})"


def decode_text(data: bytes) -> str:
    """UTF-8 text (a BOM is accepted); other encodings are refused with what to do."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or b"\x00" in data[:4096]:
        raise UntrustedData("le fichier est encodé en UTF-16 (ou binaire) : réenregistrez-le en UTF-8")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise UntrustedData(
            "le fichier n'est pas encodé en UTF-8 (Latin-1 ou Windows-1252 ?) : réenregistrez-le en UTF-8", line
        ) from None


# -- JSON ---------------------------------------------------------------------------


def _parse_int(text: str) -> int:
    digits = len(text.lstrip("-"))
    if digits > MAX_INT_DIGITS:
        raise UntrustedData(f"nombre entier trop long ({digits} chiffres, {MAX_INT_DIGITS} au plus)")
    return int(text)


def _refuse_constant(name: str) -> Any:
    raise UntrustedData(f"valeur {name} non autorisée en JSON")


def parse_json(text: str) -> Any:
    """Plain JSON data, bounded in size, depth and number length, without lone surrogates."""
    if len(text) > MAX_JSON_BYTES:
        raise UntrustedData(f"fichier trop gros (plus de {MAX_JSON_BYTES} caractères)")
    if not text.strip():
        raise UntrustedData("le fichier est vide")
    try:
        data = json.loads(text, parse_int=_parse_int, parse_constant=_refuse_constant)
    except json.JSONDecodeError as error:
        raise UntrustedData("JSON invalide ou fichier tronqué", error.lineno, error.colno) from None
    except RecursionError:
        raise UntrustedData(f"JSON trop profondément imbriqué ({MAX_DEPTH} niveaux au plus)") from None
    _check_tree(data, texts=bool(_SURROGATE_ESCAPE.search(text) or _SURROGATE.search(text)))
    return data


def _check_tree(data: Any, *, texts: bool = True) -> None:
    """Depth and text checks the parser cannot do, without recursion.

    ``texts=False`` skips looking for lone surrogates in every text: ``parse_json`` passes it
    when the source holds neither a lone surrogate nor a ``\\uD800``–``\\uDFFF`` escape, the only
    ways a parsed text can hold one (a consolidation reads thousands of exports: this halves the check).
    """
    stack: list[tuple[Any, int]] = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, str):
            if _SURROGATE.search(value):
                raise UntrustedData("texte invalide : caractère Unicode isolé (« surrogate », \\ud800…)")
        elif isinstance(value, (dict, list)):
            if depth > MAX_DEPTH:
                raise UntrustedData(f"données trop profondément imbriquées ({MAX_DEPTH} niveaux au plus)")
            items = value.values() if isinstance(value, dict) else value
            if texts:
                if isinstance(value, dict):
                    stack.extend((key, depth) for key in value)
                stack.extend((item, depth + 1) for item in items)
            else:  # json.loads builds plain dicts and lists: an exact type test is enough, and quicker
                stack += [(item, depth + 1) for item in items if type(item) is dict or type(item) is list]


# -- YAML ---------------------------------------------------------------------------

#: PyYAML's problem texts (English) and what to tell a référentiel author instead.
_YAML_PROBLEMS = {
    "did not find expected node content": "valeur attendue introuvable",
    "mapping values are not allowed": "deux-points inattendu (mettez entre guillemets un texte contenant « : »)",
    "did not find expected ',' or ']'": "crochet « ] » ou virgule attendu",
    "did not find expected ',' or '}'": "accolade « } » ou virgule attendue",
    "did not find expected key": "clé attendue introuvable (indentation ?)",
    "did not find expected '-' indicator": "tiret « - » attendu (indentation de la liste ?)",
    "could not find expected ':'": "deux-points « : » attendu après une clé",
    "found character that cannot start any token": "caractère inattendu (une tabulation ? indentez avec des espaces)",
    "found unexpected end of stream": "fin de fichier inattendue (guillemet non fermé ?)",
    "found unknown escape character": "séquence d'échappement inconnue entre guillemets doubles",
    "control characters are not allowed": "caractère de contrôle interdit",
    "found a tab character that violates indentation": "tabulation dans l'indentation : utilisez des espaces",
    "found a tab character where an indentation space is expected": (
        "tabulation dans l'indentation : utilisez des espaces"
    ),
    "found unexpected ':'": "deux-points inattendu",
    "found undefined alias": "alias YAML non autorisé",
    "expected alphabetic or numeric character, but found": "nom d'ancre ou d'alias invalide",
}


def _yaml_syntax_error(error: yaml.YAMLError) -> UntrustedData:
    problem = str(getattr(error, "problem", "") or "")
    french = next((fr for en, fr in _YAML_PROBLEMS.items() if problem.startswith(en)), "syntaxe incorrecte")
    mark = getattr(error, "problem_mark", None)
    return UntrustedData(
        f"YAML mal formé ({french}) : vérifiez l'indentation, les deux-points et les guillemets",
        int(mark.line) + 1 if mark else None,
        int(mark.column) + 1 if mark else None,
    )


def _at(event: yaml.Event) -> tuple[int, int]:
    mark = event.start_mark
    return (mark.line + 1, mark.column + 1) if mark is not None else (0, 0)


def _scalar(event: yaml.ScalarEvent) -> Any:
    line, column = _at(event)
    if event.tag not in (None, "!", _STR):
        shown = event.tag.replace("tag:yaml.org,2002:", "!!")
        raise UntrustedData(f"étiquette YAML « {shown} » non autorisée (données simples seulement)", line, column)
    if event.tag is not None or not event.implicit[0]:  # quoted, block or !!str: a text
        return event.value
    return _plain_scalar(event.value, line, column)


def _plain_scalar(value: str, line: int, column: int) -> Any:
    """What an unquoted scalar means by YAML's implicit rules, refused when it is no plain data."""
    tag = _resolve(yaml.ScalarNode, value, (True, False))
    if tag.endswith(":str"):
        return value
    if tag.endswith(":null"):
        return None
    if tag.endswith(":bool"):
        return _CONSTRUCTOR.bool_values[value.lower()]
    if tag.endswith((":int", ":float")):
        return _number(tag, value, line, column)
    if tag.endswith(":timestamp"):
        try:
            return _CONSTRUCTOR.construct_yaml_timestamp(yaml.ScalarNode(tag, value))
        except (ValueError, AttributeError):
            raise UntrustedData(f"date illisible « {value[:40]} »", line, column) from None
    if tag.endswith(":merge"):
        raise UntrustedData("clé de fusion YAML « << » non autorisée", line, column)
    return value  # « = » and other plain scalars without meaning here: a text


def _number(tag: str, value: str, line: int, column: int) -> Any:
    """An integer or a float, refused past ``MAX_INT_DIGITS`` digits."""
    digits = sum(c.isalnum() for c in value)
    if digits > MAX_INT_DIGITS:
        raise UntrustedData(f"nombre trop long ({digits} chiffres, {MAX_INT_DIGITS} au plus)", line, column)
    node = yaml.ScalarNode(tag, value)
    return _CONSTRUCTOR.construct_yaml_int(node) if tag.endswith(":int") else _CONSTRUCTOR.construct_yaml_float(node)


#: The open mapping is waiting for a key (not a value).
_NO_KEY = object()
#: What ``_finished_value`` returns for an event that finishes no value.
_NO_VALUE = object()


def parse_yaml(text: str) -> Any:
    """One YAML document of plain data: mappings, sequences, texts, numbers, booleans, null, dates.

    Built from the parser's events (no composer, no constructor): anchors and aliases are
    refused, so nothing is ever shared or expanded; only ``!!str`` may be written as a tag;
    a key repeated in a mapping is an error; depth and event count are capped.
    """
    if len(text) > MAX_YAML_BYTES:
        raise UntrustedData(f"fichier trop gros (plus de {MAX_YAML_BYTES} caractères)")
    # Each open collection: [container, pending key or _NO_KEY, keys seen with their line].
    stack: list[list[Any]] = []
    result: Any = None
    documents = 0
    try:
        for count, event in enumerate(yaml.parse(text, Loader=_SAFE_LOADER)):
            if count > MAX_YAML_EVENTS:
                raise UntrustedData(f"fichier trop volumineux ({MAX_YAML_EVENTS} éléments au plus)")
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    raise UntrustedData("un seul document YAML est attendu (un « --- » de trop ?)", *_at(event))
                continue
            value = _finished_value(event, stack)
            if value is _NO_VALUE:
                continue
            if not stack:
                result = value
                continue
            _add(stack[-1], value, *_at(event))
    except yaml.YAMLError as error:
        raise _yaml_syntax_error(error) from None
    return result


def _finished_value(event: yaml.Event, stack: list[list[Any]]) -> Any:
    """The value this event finishes (a scalar, a closed collection), or ``_NO_VALUE``.

    A collection's start opens it on ``stack``; aliases and anchors are refused.
    """
    if isinstance(event, yaml.AliasEvent):
        raise UntrustedData("les alias YAML (« * ») ne sont pas autorisés", *_at(event))
    if isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
        return stack.pop()[0]
    if not isinstance(event, yaml.NodeEvent):
        return _NO_VALUE
    if event.anchor is not None:
        raise UntrustedData("les ancres YAML (« & ») ne sont pas autorisées", *_at(event))
    if isinstance(event, yaml.ScalarEvent):
        return _scalar(event)
    _open(event, stack)
    return _NO_VALUE


def _open(event: yaml.NodeEvent, stack: list[list[Any]]) -> None:
    """Open a mapping or a sequence on ``stack``, refusing a tag and a depth past ``MAX_DEPTH``."""
    tag = getattr(event, "tag", None)  # a collection's start event carries it
    if tag is not None:
        shown = str(tag).replace("tag:yaml.org,2002:", "!!")
        raise UntrustedData(f"étiquette YAML « {shown} » non autorisée", *_at(event))
    if len(stack) >= MAX_DEPTH:
        raise UntrustedData(f"données trop profondément imbriquées ({MAX_DEPTH} niveaux au plus)")
    container: Any = {} if isinstance(event, yaml.MappingStartEvent) else []
    stack.append([container, _NO_KEY, {}])


def _add(parent: list[Any], value: Any, line: int, column: int) -> None:
    """Put a finished value into the open collection: a list item, a key, or the value of the pending key."""
    container, pending = parent[0], parent[1]
    if isinstance(container, list):
        container.append(value)
    elif pending is _NO_KEY:
        if isinstance(value, (dict, list)):
            raise UntrustedData("une clé YAML doit être un texte ou un nombre, pas une section ou une liste", line)
        seen = parent[2]
        if value in seen:
            raise UntrustedData(f"clé « {value} » en double (déjà en ligne {seen[value]})", line, column)
        seen[value] = line
        parent[1] = value
    else:
        container[pending] = value
        parent[1] = _NO_KEY
