"""Bad input never shows a traceback: fuzzed référentiels, wrong CLI arguments."""

from __future__ import annotations

import contextlib
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from siae_tui.cli import build_parser
from siae_tui.domain.loader import ReferentielError, parse_referentiel
from tests.cli import Run, run_cli
from tests.conftest import DATA, DEFAULT_REFERENTIEL
from tests.waiting import HANG_GUARD

VALID = (DATA / "mini-referentiel.yaml").read_text(encoding="utf-8")

yaml_like = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=10),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(
            st.sampled_from(
                [
                    "id",
                    "version",
                    "title",
                    "axes",
                    "objectives",
                    "activities",
                    "practices",
                    "text",
                    "scale",
                    "trend",
                    "value",
                    "label",
                    "from",
                    "colour",
                    "applies_to",
                    "x",
                ]
            ),
            children,
            max_size=5,
        )
    ),
    max_leaves=20,
)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_random_text_is_a_referentiel_error_or_valid(text: str) -> None:
    try:
        parse_referentiel(text, "fuzz.yaml")
    except ReferentielError as error:
        assert "fuzz.yaml" in error.describe()


@settings(max_examples=200, deadline=None)
@given(yaml_like)
def test_random_structures_are_reported_in_french(data) -> None:
    with pytest.raises(ReferentielError) as caught:
        parse_referentiel(yaml.safe_dump(data, allow_unicode=True), "fuzz.yaml")
    assert caught.value.problems


@settings(max_examples=150, deadline=None)
@given(cut=st.integers(0, len(VALID)), junk=st.text(max_size=5))
def test_truncated_or_corrupted_valid_file_never_crashes(cut: int, junk: str) -> None:
    with contextlib.suppress(ReferentielError):
        parse_referentiel(VALID[:cut] + junk + VALID[cut + len(junk) :], "mini.yaml")


def subcommands() -> list[str]:
    parser = build_parser()
    action = next(a for a in parser._actions if a.dest == "command")
    return sorted(action.choices)


def siae_tui(*args: str, sessions: Path) -> Run:
    return run_cli(["--sessions-dir", str(sessions), *args])


def test_the_command_itself_answers_in_french_without_a_traceback(tmp_path: Path) -> None:
    """The real entry point, in its own process with no terminal: the tests below call it in-process."""
    result = subprocess.run(
        [sys.executable, "-m", "siae_tui", "--sessions-dir", str(tmp_path), "recap", "absente"],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=HANG_GUARD,
    )
    assert result.returncode == 1 and not result.stdout
    assert result.stderr == f"siae-tui : session « absente » introuvable ({tmp_path / 'absente.json'})\n"


@pytest.mark.parametrize("command", subcommands())
def test_every_command_with_wrong_arguments_answers_in_french(command: str, tmp_path: Path) -> None:
    for args in ([command], [command, "--option-inconnue"], [command, "session-inconnue", "encore", "trop"]):
        if command == "serve" and args == [command]:
            continue  # valid without arguments: it would start serving (its options: test_serve_cli.py)
        result = siae_tui(*args, sessions=tmp_path / "sessions")
        if command == "list" and args == [command]:
            assert result.returncode != 0 and "le dossier des sessions n'existe pas" in result.stderr
            continue
        assert result.returncode != 0, (args, result.stdout)
        assert "Traceback" not in result.stderr
        assert any(word in result.stderr for word in ("erreur", "introuvable", "inconnu", "arguments", "refusé")), (
            result.stderr
        )


@pytest.mark.parametrize(
    "args,expected",
    [
        (["recap", "absente"], "session « absente » introuvable"),
        (["export", "absente", "--format", "pdf"], "choix invalide 'pdf'"),
        (["radar", "absente", "--width", "abc"], "valeur invalide : 'abc'"),
        (["import", "/nulle/part.json"], "fichier introuvable : /nulle/part.json"),
        (["referentiel", "check", str(DEFAULT_REFERENTIEL) + ".absent"], "fichier introuvable"),
        (["open", "/etc/passwd"], "fichier de session illisible"),
        (["open", "../../nulle-part"], "session « ../../nulle-part » introuvable"),
    ],
)
def test_specific_messages(args: list[str], expected: str, tmp_path: Path) -> None:
    result = siae_tui(*args, sessions=tmp_path / "sessions")
    assert result.returncode != 0 and expected in result.stderr and "Traceback" not in result.stderr
    assert not Path("/etc/.passwd.lock").exists()  # nothing is ever written beside a file that is not a session
