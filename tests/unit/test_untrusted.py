"""Hostile files: every reader is bounded, every refusal is French, one bad file hides nothing.

The files are built here (some are megabytes, FIFOs or directories) rather
than committed; ``tests/data/hostile/`` holds the small ones that the CLI
matrix in ``test_hostile_cli.py`` runs every command on.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from siae_tui.cli import main
from siae_tui.domain.evaluation import Evaluation
from siae_tui.domain.importer import ImportRefused, parse_export
from siae_tui.domain.loader import ReferentielError, discover_referentiels, load_referentiel
from siae_tui.domain.model import Referentiel
from siae_tui.domain.text import clean_text
from siae_tui.report.export_json import export_json
from siae_tui.store import SessionError, SessionStore
from tests.conftest import DATA

MINI = (DATA / "mini-referentiel.yaml").read_text(encoding="utf-8")
ESCAPES = "\x1b]0;PWNED\x07\x1b[2J"


def good_session(store: SessionStore, referentiel: Referentiel, siae: str = "Régie Élan") -> str:
    session = store.create(Evaluation(referentiel.id, referentiel.version, siae, dt.date(2026, 3, 12), "ACI"))
    session.set_value("1.1.1", 2)
    session.close()
    return session.id


def session_document(referentiel: Referentiel, **overrides: object) -> dict:
    document = {
        "format": "siae-tui/session",
        "format_version": 1,
        "referentiel": {"id": referentiel.id, "version": referentiel.version},
        "siae": "Autre SIAE",
        "date": "2026-01-05",
        "values": {"1.1.1": 1},
    }
    document.update(overrides)
    return {"session": {"1": document}}


# -- référentiels -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "change,expected",
    [
        (('short_title: "Mini"', "short_title: !!bool maybe"), "étiquette YAML « !!bool » non autorisée"),
        (('short_title: "Mini"', "short_title: !!timestamp foo"), "étiquette YAML « !!timestamp »"),
        (('short_title: "Mini"', "short_title: !!python/name:os.system"), "non autorisée"),
        (('short_title: "Mini"', "short_title: " + "9" * 5000), "nombre trop long (5000 chiffres"),
        (('short_title: "Mini"', 'short_title: "Mini"\nshort_title: "Maxi"'), "clé « short_title » en double"),
        (('short_title: "Mini"', "short_title: &a [x]\ndescription: *a"), "ancres YAML"),
        (('short_title: "Mini"', "short_title: [x"), "YAML mal formé"),
    ],
)
def test_hostile_yaml_is_refused_in_french_with_its_place(
    tmp_path: Path, change: tuple[str, str], expected: str
) -> None:
    assert change[0] in MINI
    path = tmp_path / "hostile.yaml"
    path.write_text(MINI.replace(*change), encoding="utf-8")
    with pytest.raises(ReferentielError) as refused:
        load_referentiel(path)
    message = refused.value.describe()
    assert expected in message and str(path) in message and "ligne" in message
    assert not any(word in message for word in ("did not find", "expected", "found", "could not"))


def test_a_yaml_alias_bomb_is_refused_without_expanding(tmp_path: Path) -> None:
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"a{n}: &a{n} [" + ",".join([f"*a{n - 1}"] * 9) + "]" for n in range(1, 10)]
    path = tmp_path / "bomb.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(ReferentielError, match="ancres YAML"):
        load_referentiel(path)


def test_yaml_syntax_errors_are_told_in_french() -> None:
    from siae_tui.domain.loader import parse_referentiel

    with pytest.raises(ReferentielError) as refused:
        parse_referentiel("id: mini\naxes:\n  - id: 1\n   title: x\n", "r.yaml")
    message = refused.value.describe()
    assert "YAML mal formé" in message and "ligne 4" in message
    assert "did not find" not in message and "expected" not in message


@pytest.mark.parametrize(
    "encode,expected",
    [
        (lambda text: text.encode("latin-1", "replace"), "pas encodé en UTF-8"),
        (lambda text: text.encode("utf-16"), "UTF-16"),
        (lambda text: b"\xef\xbb\xbf" + text.encode("utf-8"), None),  # a BOM is simply accepted
    ],
)
def test_encodings_of_a_referentiel(tmp_path: Path, encode, expected: str | None) -> None:
    path = tmp_path / "r.yaml"
    path.write_bytes(encode(MINI.replace("Mini référentiel de test", "Référentiel")))
    if expected is None:
        assert load_referentiel(path).title == "Référentiel"
        return
    with pytest.raises(ReferentielError, match=expected):
        load_referentiel(path)


def test_a_directory_or_a_fifo_named_like_a_referentiel_is_skipped(tmp_path: Path) -> None:
    (tmp_path / "good.yaml").write_text(MINI, encoding="utf-8")
    (tmp_path / "dossier.yaml").mkdir()
    os.mkfifo(tmp_path / "tube.yaml")
    loaded, errors = discover_referentiels(tmp_path)
    assert [r.id for r in loaded] == ["mini"]
    messages = {e.path.name: e.describe() for e in errors}
    assert "c'est un dossier" in messages["dossier.yaml"]
    assert "pas un fichier ordinaire" in messages["tube.yaml"]


def test_referentiel_texts_lose_their_escapes(tmp_path: Path) -> None:
    path = tmp_path / "r.yaml"
    path.write_text(MINI.replace('"Mini référentiel de test"', '"Mini\\e]0;PWNED\\a\\e[2J réf"'), encoding="utf-8")
    assert load_referentiel(path).title == "Mini réf"


# -- session files, the index -----------------------------------------------------------


def write_hostile_sessions(directory: Path, referentiel: Referentiel) -> dict[str, str]:
    """Hostile files in a sessions folder, with a word each refusal must contain."""
    directory.mkdir(parents=True, exist_ok=True)
    deep = "[" * 100_000 + "]" * 100_000
    expected = {}

    def put(name: str, content: str | bytes, word: str) -> None:
        path = directory / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        expected[name] = word

    put("deep.json", deep, "imbriqué")
    put("deep-session.json", '{"session": {"1": ' + deep + "}}", "imbriqué")
    put(
        "big-int.json",
        json.dumps(session_document(referentiel)).replace('"1.1.1": 1', '"1.1.1": ' + "7" * 5000),
        "trop long",
    )
    put("surrogate.json", json.dumps(session_document(referentiel, siae="\ud800")), "Unicode isolé")
    put(
        "latin1.json",
        json.dumps(session_document(referentiel, siae="Régie"), ensure_ascii=False).encode("latin-1"),
        "UTF-8",
    )
    put("utf16.json", json.dumps(session_document(referentiel)).encode("utf-16"), "UTF-16")
    put(
        "unknown-action.json",
        json.dumps(session_document(referentiel, actions=[{"practice": "9.9.9", "text": "x", "status": "à faire"}])),
        "9.9.9",
    )
    put("nan.json", json.dumps(session_document(referentiel)).replace('"1.1.1": 1', '"1.1.1": NaN'), "NaN")
    (directory / "dossier.json").mkdir()
    expected["dossier.json"] = "dossier"
    os.mkfifo(directory / "tube.json")
    expected["tube.json"] = "pas un fichier ordinaire"
    return expected


def test_one_hostile_session_file_is_reported_and_the_rest_still_lists(
    tmp_path: Path, referentiel: Referentiel
) -> None:
    store = SessionStore(tmp_path / "sessions", [referentiel])
    expected = write_hostile_sessions(store.directory, referentiel)
    good = good_session(store, referentiel)
    bom = store.directory / "bom.json"
    bom.write_bytes(b"\xef\xbb\xbf" + json.dumps(session_document(referentiel)).encode())
    summaries, errors = store.list()
    assert sorted(s.id for s in summaries) == sorted([good, "bom"])
    by_name = {e.path.name: e.message for e in errors}
    assert set(by_name) == set(expected)
    for name, word in expected.items():
        assert word in by_name[name] and str(store.directory / name) in by_name[name], by_name[name]
    for name in expected:
        with pytest.raises(SessionError):
            store.open(str(store.directory / name), read_only=True)


@pytest.mark.parametrize(
    "index",
    [
        {"entries": 5},
        "[1, 2",
        "WRONG_ENTRIES",
        "ESCAPES",
    ],
)
def test_a_corrupt_index_is_ignored_and_rebuilt(tmp_path: Path, referentiel: Referentiel, index: object) -> None:
    store = SessionStore(tmp_path / "sessions", [referentiel])
    good = good_session(store, referentiel)
    store.list()
    cache = store.directory / ".index.json"
    real = json.loads(cache.read_text(encoding="utf-8"))
    if index == "WRONG_ENTRIES":
        real["entries"][f"{good}.json"]["summary"] = {"siae": 5}
        index = real
    elif index == "ESCAPES":
        real["entries"][f"{good}.json"]["summary"]["siae"] = "Régie" + ESCAPES
        index = real
    cache.write_text(index if isinstance(index, str) else json.dumps(index, ensure_ascii=False), encoding="utf-8")
    summaries, errors = store.list()
    assert [(s.id, s.siae) for s in summaries] == [(good, "Régie Élan")] or summaries[0].siae == "Régie"
    assert not errors
    assert json.loads(cache.read_text(encoding="utf-8"))["entries"][f"{good}.json"]["stamp"]


def test_an_action_on_an_unknown_practice_is_refused_when_read(tmp_path: Path, referentiel: Referentiel) -> None:
    store = SessionStore(tmp_path / "sessions", [referentiel])
    store.directory.mkdir(parents=True)
    action = {"practice": "9.9.9", "text": "x", "status": "à faire"}
    (store.directory / "bad.json").write_text(json.dumps(session_document(referentiel, actions=[action])))
    with pytest.raises(SessionError, match=r"pratiques inconnues.*9\.9\.9"):
        store.open("bad", read_only=True)


def test_a_300_character_id_is_a_french_message(tmp_path: Path, referentiel: Referentiel, capsys) -> None:
    store = SessionStore(tmp_path / "sessions", [referentiel])
    with pytest.raises(SessionError, match="trop long"):
        store.open("a" * 300, read_only=True)
    assert main(["--sessions-dir", str(store.directory), "recap", "a" * 300]) != 0
    error = capsys.readouterr().err
    assert "trop long" in error and "File name too long" not in error


@pytest.mark.parametrize("kind", ["missing", "file"])
def test_a_sessions_dir_that_is_missing_or_a_file_is_told(tmp_path: Path, capsys, kind: str) -> None:
    target = tmp_path / "ailleurs"
    if kind == "file":
        target.write_text("x", encoding="utf-8")
    assert main(["--sessions-dir", str(target), "list"]) != 0
    captured = capsys.readouterr()
    assert "Aucune session" not in captured.out
    assert ("n'existe pas" if kind == "missing" else "pas un dossier") in captured.err
    assert str(target) in captured.err


# -- imports -------------------------------------------------------------------------------


def mini_export(mini: Referentiel, **changes: object) -> dict:
    evaluation = Evaluation(mini.id, mini.version, "Régie Élan", dt.date(2026, 3, 12), "ACI", "Revue")
    document = json.loads(export_json(mini, evaluation))
    for key, value in changes.items():
        document["evaluation"][key] = value
    return document


@pytest.fixture(scope="module")
def mini() -> Referentiel:
    return load_referentiel(DATA / "mini-referentiel.yaml")


@pytest.mark.parametrize(
    "text,expected",
    [
        ("NUMERIC_DATE", "evaluation.date"),
        ("[" * 100_000 + "]" * 100_000, "imbriqué"),
        ('{"format": ' + "1" * 5000 + "}", "trop long"),
        ('{"format": "\\ud800"}', "Unicode isolé"),
    ],
)
def test_imports_list_their_problems(mini: Referentiel, text: str, expected: str) -> None:
    if text == "NUMERIC_DATE":
        text = json.dumps(mini_export(mini, date=20260101))
    with pytest.raises(ImportRefused) as refused:
        parse_export(text, [mini])
    assert refused.value.problems and expected in str(refused.value)


# -- escapes ---------------------------------------------------------------------------------


def test_clean_text_keeps_lines_only_where_asked() -> None:
    assert clean_text("Régie" + ESCAPES + " Élan\x00\x7f\x9b31m") == "Régie Élan"
    assert clean_text("a\r\nb\tc\x1bPq\x1b\\", multiline=True) == "a\nb c"
    assert clean_text("a\nb") == "a b"
    assert clean_text("plain text 😀") == "plain text 😀"


def test_escapes_in_an_imported_siae_reach_no_output(tmp_path: Path, mini: Referentiel, capsys) -> None:
    sessions = tmp_path / "sessions"
    export = tmp_path / "export.json"
    document = mini_export(mini, siae="Régie" + ESCAPES + " Élan", label="Revue\x1b[31m")
    document["scores"][0]["note"] = "ligne 1\nligne 2\x1b]8;;http://x\x07lien"
    export.write_text(json.dumps(document), encoding="utf-8")
    refs = ["--sessions-dir", str(sessions), "--referentiels-dir", str(DATA)]
    assert main([*refs, "import", str(export)]) == 0
    session_id = capsys.readouterr().out.split()[-1]
    report = tmp_path / "rapport.md"
    for command in (
        ["list"],
        ["list", "--json"],
        ["recap", session_id],
        ["history", "Régie Élan"],
        ["export", session_id, "--format", "md"],
        ["export", session_id, "--format", "md", "-o", str(report)],
        ["export", session_id, "--format", "json"],
    ):
        assert main([*refs, *command]) == 0, command
        captured = capsys.readouterr()
        for stream in (captured.out, captured.err):
            assert "\x1b" not in stream and "\x07" not in stream and "\\u001b" not in stream, command
            assert "PWNED" not in stream
    assert "Régie Élan" in report.read_text(encoding="utf-8")
    assert "\x1b" not in report.read_text(encoding="utf-8")
    assert "ligne 1\nligne 2lien" in json.dumps(
        json.loads(Path(sessions / f"{session_id}.json").read_text()), ensure_ascii=False
    ).replace("\\n", "\n")


def test_escapes_in_a_session_file_are_removed_when_read(tmp_path: Path, referentiel: Referentiel) -> None:
    store = SessionStore(tmp_path / "sessions", [referentiel])
    store.directory.mkdir(parents=True)
    document = session_document(
        referentiel, siae="A" + ESCAPES, participants=["Awa\x1b[1m"], notes={"1.1.1": "x\x1b[2Jy\nz"}
    )
    (store.directory / "s.json").write_text(json.dumps(document), encoding="utf-8")
    [summary], _ = store.list()
    assert summary.siae == "A"
    with store.open("s", read_only=True) as session:
        assert session.evaluation.participants == ["Awa"]
        assert session.evaluation.notes == {"1.1.1": "xy\nz"}


def test_files_over_the_size_cap_are_refused_before_reading(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import siae_tui.domain.untrusted as untrusted

    path = tmp_path / "gros.yaml"
    path.write_text(MINI + "#" * 2000, encoding="utf-8")
    monkeypatch.setattr(untrusted, "MAX_YAML_BYTES", 1000)
    monkeypatch.setattr("siae_tui.domain.loader.MAX_YAML_BYTES", 1000)
    with pytest.raises(ReferentielError, match="fichier trop gros"):
        load_referentiel(path)


#: Mostly the pieces escape sequences are made of, so that hypothesis builds many of them.
ESCAPE_PIECES = st.sampled_from(
    ["\x1b", "[", "]", "\x07", "\x9b", "\x9d", "\\", "P", "0", ";", "2J", "a", "\n", "\r", "\t", "é"]
)
ANY_CHARACTER = st.characters(exclude_categories=())


@given(st.lists(st.one_of(ESCAPE_PIECES, ANY_CHARACTER), max_size=80).map("".join), st.booleans())
def test_clean_text_leaves_nothing_a_terminal_would_obey(text: str, multiline: bool) -> None:
    cleaned = clean_text(text, multiline=multiline)
    allowed = {"\n"} if multiline else set()
    assert not [c for c in cleaned if (ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F) and c not in allowed]
    assert not any(0xD800 <= ord(c) <= 0xDFFF for c in cleaned)
    assert clean_text(cleaned, multiline=multiline) == cleaned


def test_an_import_with_a_bom_is_accepted(tmp_path: Path, mini: Referentiel, capsys) -> None:
    export = tmp_path / "export.json"
    export.write_bytes(b"\xef\xbb\xbf" + json.dumps(mini_export(mini)).encode("utf-8"))
    refs = ["--sessions-dir", str(tmp_path / "sessions"), "--referentiels-dir", str(DATA)]
    assert main([*refs, "import", str(export)]) == 0, capsys.readouterr().err
