"""Loading référentiels: valid files load, broken ones explain themselves in French."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from siae_tui.cli import main
from siae_tui.domain.loader import ReferentielError, discover_referentiels, load_referentiel
from tests.conftest import DEFAULT_REFERENTIEL

MINIMAL = """\
id: mini
version: "1"
title: Mini référentiel
scale:
  - {value: 0, label: Non}
  - {value: 1, label: En partie}
  - {value: 2, label: Oui}
trend:
  - {from: 0, colour: red, symbol: "-", label: Faible}
  - {from: 50, colour: green, symbol: "+", label: Bon}
axes:
  - id: "A"
    title: Premier axe
    objectives:
      - title: Objectif
        activities:
          - id: "A.1"
            title: Activité
            practices:
              - {id: "A.1.1", text: Première pratique}
              - {id: "A.1.2", text: Deuxième pratique, applies_to: [AI, ETTI]}
"""


def write(tmp_path: Path, text: str, name: str = "ref.yaml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def problems(tmp_path: Path, text: str) -> list[str]:
    with pytest.raises(ReferentielError) as caught:
        load_referentiel(write(tmp_path, text))
    return [str(p) for p in caught.value.problems]


def test_minimal_referentiel_loads(tmp_path: Path) -> None:
    ref = load_referentiel(write(tmp_path, MINIMAL))
    assert (ref.id, ref.version, ref.max_value) == ("mini", "1", 2)
    assert ref.practice("A.1.2").applies_to == ("AI", "ETTI")
    assert ref.practice("A.1.2").applies("ACI") is False
    assert ref.practice("A.1.1").applies("ACI") is True


def test_yaml_syntax_error_names_file_and_line(tmp_path: Path) -> None:
    path = write(tmp_path, "id: x\naxes: [\n  - oops: : :\n")
    with pytest.raises(ReferentielError) as caught:
        load_referentiel(path)
    message = caught.value.describe()
    assert str(path) in message
    assert "YAML mal formé" in message
    assert "ligne" in message


def test_every_problem_is_reported_at_once_with_its_location(tmp_path: Path) -> None:
    broken = (
        MINIMAL.replace("text: Première pratique", "text: ''")
        .replace('id: "A.1.2"', 'id: "A.1.1"')
        .replace("title: Objectif", "title: Objectif\n        colour: blue")
    )
    found = problems(tmp_path, broken)
    assert "axes[0].objectives[0].activities[0].practices[0].text : ne doit pas être vide" in found
    assert any("practices[1].id" in p and "« A.1.1 » déjà utilisé" in p for p in found)
    assert any("axes[0].objectives[0]" in p and "clé inconnue « colour »" in p for p in found)


def test_unquoted_decimal_id_gets_a_hint(tmp_path: Path) -> None:
    found = problems(tmp_path, MINIMAL.replace('id: "A.1"', "id: 1.5"))
    assert any("lu comme un nombre" in p and "guillemets" in p for p in found)


@pytest.mark.parametrize(
    "change,expected",
    [
        (("- {value: 1, label: En partie}", "- {value: 5, label: En partie}"), "les valeurs doivent se suivre"),
        (("{from: 50,", "{from: 0,"), "croître strictement"),
        (("colour: green", "colour: turquoise"), "couleur « turquoise » inconnue"),
        (("applies_to: [AI, ETTI]", "applies_to: [XYZ]"), "type de structure « XYZ » inconnu"),
        (("    title: Premier axe\n", ""), "« title » est obligatoire"),
        (
            (
                'practices:\n              - {id: "A.1.1", text: Première pratique}\n              - {id: "A.1.2", text: Deuxième pratique, applies_to: [AI, ETTI]}',
                "practices: []",
            ),
            "la liste ne doit pas être vide",
        ),
    ],
)
def test_invalid_content_is_explained(tmp_path: Path, change: tuple[str, str], expected: str) -> None:
    assert change[0] in MINIMAL
    assert any(expected in p for p in problems(tmp_path, MINIMAL.replace(*change)))


@pytest.mark.parametrize(
    "content,expected",
    [
        ("", "le fichier est vide"),
        ("- a\n- b\n", "une section (clé : valeur) est attendue"),
        ("format: autre-chose\n" + MINIMAL, "« siae-tui/referentiel » est attendu"),
        ("format_version: 9\n" + MINIMAL, "version de format 9 inconnue"),
    ],
)
def test_wrong_kind_of_file(tmp_path: Path, content: str, expected: str) -> None:
    assert any(expected in p for p in problems(tmp_path, content))


def test_missing_and_non_utf8_files(tmp_path: Path) -> None:
    with pytest.raises(ReferentielError, match="fichier introuvable"):
        load_referentiel(tmp_path / "absent.yaml")
    latin1 = tmp_path / "latin1.yaml"
    latin1.write_bytes(MINIMAL.replace("Mini référentiel", "Réf").encode("latin-1"))
    with pytest.raises(ReferentielError, match="UTF-8"):
        load_referentiel(latin1)


def test_broken_file_does_not_hide_good_ones(tmp_path: Path) -> None:
    write(tmp_path, MINIMAL, "good.yaml")
    write(tmp_path, "axes: [", "bad.yaml")
    loaded, errors = discover_referentiels(tmp_path)
    assert [r.id for r in loaded] == ["mini"]
    assert [e.path.name for e in errors] == ["bad.yaml"]


def test_cli_check_valid_prints_one_line_summary(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["referentiel", "check", str(DEFAULT_REFERENTIEL)]) == 0
    out = capsys.readouterr().out
    assert "Référentiel valide" in out
    assert "5 axes, 34 activités, 247 pratiques" in out


def test_cli_check_invalid_exits_1_with_french_message(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, MINIMAL.replace("text: Première pratique", "text: ''"))
    assert main(["referentiel", "check", str(path)]) == 1
    err = capsys.readouterr().err
    assert str(path) in err and "ne doit pas être vide" in err
    assert "Traceback" not in err


def test_cli_missing_argument_is_french(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["referentiel", "check"])
    assert exited.value.code == 2
    assert "arguments obligatoires manquants : FICHIER" in capsys.readouterr().err


def test_documented_example_is_the_tested_file_and_loads() -> None:
    """docs/referentiel-format.md shows exactly tests/data/mini-referentiel.yaml, which is valid."""
    from tests.conftest import DATA, REPO

    doc = (REPO / "docs" / "referentiel-format.md").read_text(encoding="utf-8")
    example = (DATA / "mini-referentiel.yaml").read_text(encoding="utf-8")
    assert f"```yaml\n{example}```" in doc
    referentiel = load_referentiel(DATA / "mini-referentiel.yaml")
    assert len(referentiel.practices) == 5
