"""Help, suggestions, evidence examples and glossary: how a référentiel declares them, how one practice gathers them."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from siae_tui.domain.guidance import fold, glossary_in, guidance_for
from siae_tui.domain.loader import MAX_GUIDANCE_ITEMS, MAX_GUIDANCE_TEXT, ReferentielError, parse_referentiel
from siae_tui.domain.model import GlossaryEntry, HelpItem, Referentiel, SourcedText

GUIDED = """\
id: guide
version: "1"
title: Référentiel guidé
scale:
  - {value: 0, label: Non}
  - {value: 1, label: En partie}
  - {value: 2, label: Oui}
trend:
  - {from: 0, colour: red, symbol: "-", label: Faible}
sources:
  - {id: atelier, title: "Atelier régional"}
  - {id: cedre, title: "Référentiel CEDRE"}
glossary:
  - {term: "Suivi à minima", definition: "Un suivi par échéances fixées.", source: cedre}
  - {term: "Régulation pédagogique", definition: "Le travail d'équipe sur les parcours.", source: cedre}
  - {term: "Tâche", definition: "Les travaux réalisés.", source: cedre}
  - {term: "Audit", definition: "Un processus méthodique.", source: cedre}
axes:
  - id: "1"
    title: Accompagnement
    help:
      - {text: "Aide de l'axe pour tous.", source: atelier}
      - {text: "Aide de l'axe pour les ACI.", source: atelier, applies_to: [ACI]}
    objectives:
      - title: Suivre les parcours
        help:
          - {text: "Aide de l'objectif.", source: atelier}
        activities:
          - id: "1.1"
            title: Suivi des parcours
            help:
              - {text: "Aide de l'activité pour les AI et ETTI.", source: cedre, applies_to: [AI, ETTI]}
            suggestions:
              - {text: "Mettre en place des audits de suivi", source: atelier}
              - {text: "Revoir les temps de l'accompagnement", source: atelier}
            evidence_examples:
              - {text: "Fiche de suivi", source: cedre}
            practices:
              - id: "1.1.1"
                text: Mettre en place un SUIVI A MINIMA de chaque personne
                help:
                  - {text: "Aide de la pratique.", source: cedre}
              - {id: "1.1.2", text: Répartir les taches, help: "Une aide en texte simple."}
  - id: "2"
    title: Pilotage
    objectives:
      - title: Piloter
        activities:
          - id: "2.1"
            title: Évaluation
            practices:
              - {id: "2.1.1", text: Définir des indicateurs}
"""


def load(text: str) -> Referentiel:
    return parse_referentiel(textwrap.dedent(text), Path("guide.yaml"))


def problems(text: str) -> list[str]:
    with pytest.raises(ReferentielError) as caught:
        load(text)
    return [str(p) for p in caught.value.problems]


@pytest.fixture(scope="module")
def guided() -> Referentiel:
    return load(GUIDED)


# -- the schema ------------------------------------------------------------------


def test_sources_glossary_help_suggestions_and_examples_load(guided: Referentiel) -> None:
    assert guided.source_title("cedre") == "Référentiel CEDRE"
    assert guided.source_title("inconnue") == ""
    assert guided.glossary[0] == GlossaryEntry("Suivi à minima", "Un suivi par échéances fixées.", "cedre")
    axis = guided.axis("1")
    assert axis.help[1] == HelpItem("Aide de l'axe pour les ACI.", "atelier", ("ACI",))
    assert axis.objectives[0].help == (HelpItem("Aide de l'objectif.", "atelier"),)
    activity = guided.activity("1.1")
    assert activity.suggestions[1] == SourcedText("Revoir les temps de l'accompagnement", "atelier")
    assert activity.evidence_examples == (SourcedText("Fiche de suivi", "cedre"),)
    assert guided.practice("1.1.1").help == (HelpItem("Aide de la pratique.", "cedre"),)


def test_a_practice_help_written_as_plain_text_still_loads_without_a_source(guided: Referentiel) -> None:
    assert guided.practice("1.1.2").help == (HelpItem("Une aide en texte simple.", ""),)


def test_a_referentiel_without_guidance_loads_with_empty_defaults() -> None:
    from siae_tui.domain.loader import load_referentiel
    from tests.conftest import DATA

    mini = load_referentiel(DATA / "mini-referentiel.yaml")
    assert (mini.sources, mini.glossary) == ((), ())
    assert all(not a.help and not a.suggestions and not a.evidence_examples for a in mini.activities)
    assert guidance_for(mini, "1.1.1", "ACI").is_empty


LONG = "x" * (MAX_GUIDANCE_TEXT + 1)


@pytest.mark.parametrize(
    "change,expected",
    [
        # wrong types
        (
            ("sources:\n  - {id: atelier", "sources:\n  - {id: [a, b]"),
            "sources[0].id : un identifiant texte est attendu",
        ),
        (
            (
                '    help:\n      - {text: "Aide de l\'axe pour tous."',
                '    help: "un texte"\n    aide:\n      - {text: "x"',
            ),
            "axes[0].help : une liste est attendue, pas le texte « un texte »",
        ),
        (
            (
                '- {text: "Mettre en place des audits de suivi", source: atelier}',
                '- "Mettre en place des audits de suivi"',
            ),
            "axes[0].objectives[0].activities[0].suggestions[0] : une section (clé : valeur) est attendue",
        ),
        (
            ('evidence_examples:\n              - {text: "Fiche de suivi", source: cedre}', "evidence_examples: 12"),
            "axes[0].objectives[0].activities[0].evidence_examples : une liste est attendue, pas le nombre 12",
        ),
        (("glossary:\n", "glossary: oui\nx_glossary:\n"), "glossary : une liste est attendue"),
        (('{term: "Tâche", definition:', '{term: "Tâche", sens:'), "clé inconnue « sens »"),
        (('{term: "Tâche",', "{term: [Tâche],"), "glossary[2].term : un texte est attendu, pas une liste"),
        # missing or unknown source
        (
            ('{text: "Aide de l\'objectif.", source: atelier}', '{text: "Aide de l\'objectif."}'),
            "« source » est obligatoire",
        ),
        (
            ('{text: "Fiche de suivi", source: cedre}', '{text: "Fiche de suivi", source: coorace}'),
            "axes[0].objectives[0].activities[0].evidence_examples[0].source : source « coorace » inconnue : "
            "déclarez-la dans « sources » en tête du fichier (atelier, cedre)",
        ),
        (
            ('{text: "Aide de la pratique.", source: cedre}', '{text: "Aide de la pratique.", source: inae}'),
            "axes[0].objectives[0].activities[0].practices[0].help[0].source : source « inae » inconnue",
        ),
        (
            ('definition: "Les travaux réalisés.", source: cedre', 'definition: "Les travaux réalisés.", source: x'),
            "glossary[2].source : source « x » inconnue",
        ),
        # unknown structure type
        (
            ("source: atelier, applies_to: [ACI]", "source: atelier, applies_to: [SCOP]"),
            "axes[0].help[1].applies_to : type de structure « SCOP » inconnu (ACI, AI, EI, ETTI, Autre)",
        ),
        # too long
        (
            ('{text: "Revoir les temps de l\'accompagnement"', f'{{text: "{LONG}"'),
            f"suggestions[1].text : texte trop long ({MAX_GUIDANCE_TEXT + 1} caractères, {MAX_GUIDANCE_TEXT} au plus)",
        ),
        (
            ('title: "Atelier régional"', f'title: "{"T" * 300}"'),
            "sources[0].title : texte trop long (300 caractères, 200 au plus)",
        ),
        (
            ('definition: "Un processus méthodique."', f'definition: "{LONG}"'),
            "glossary[3].definition : texte trop long",
        ),
        (('help: "Une aide en texte simple."', f'help: "{LONG}"'), "practices[1].help : texte trop long"),
        # duplicates
        (
            ("{id: cedre, title:", "{id: atelier, title:"),
            "sources[1].id : identifiant « atelier » déjà utilisé en sources[0]",
        ),
        (
            ('{term: "Tâche"', '{term: "suivi à minima"'),
            "glossary[2].term : terme « suivi à minima » déjà défini en glossary[0]",
        ),
    ],
)
def test_invalid_guidance_is_explained_in_french_with_its_place(change: tuple[str, str], expected: str) -> None:
    assert change[0] in GUIDED
    found = problems(GUIDED.replace(*change))
    assert any(expected in p for p in found), found


def test_too_many_items_in_a_list_is_refused() -> None:
    many = "".join(f'\n              - {{text: "Piste {n}", source: atelier}}' for n in range(MAX_GUIDANCE_ITEMS + 1))
    text = GUIDED.replace("            suggestions:", "            suggestions:" + many, 1)
    found = problems(text)
    assert any(
        f"liste trop longue ({MAX_GUIDANCE_ITEMS + 3} éléments, {MAX_GUIDANCE_ITEMS} au plus)" in p for p in found
    )


def test_a_help_text_is_cleaned_of_terminal_escapes() -> None:
    # A YAML double-quoted text may carry an OSC sequence (retitle the terminal) as escapes.
    referentiel = load(GUIDED.replace("Aide de l'objectif.", "Aide \\x1b]0;titre\\x07de l'objectif."))
    assert referentiel.axis("1").objectives[0].help[0].text == "Aide de l'objectif."


def test_the_error_names_the_file() -> None:
    with pytest.raises(ReferentielError) as caught:
        load(GUIDED.replace("source: cedre}\n", "source: nulle}\n", 1))
    assert caught.value.describe().startswith("Référentiel invalide : guide.yaml (")


# -- guidance_for ----------------------------------------------------------------


def texts(items: tuple[HelpItem, ...] | tuple[SourcedText, ...]) -> list[str]:
    return [item.text for item in items]


def test_a_practice_gathers_its_own_help_then_the_nearest_levels_first(guided: Referentiel) -> None:
    guidance = guidance_for(guided, "1.1.1", "AI")
    assert texts(guidance.practice_help) == ["Aide de la pratique."]
    assert texts(guidance.activity_help) == ["Aide de l'activité pour les AI et ETTI."]
    assert texts(guidance.objective_help) == ["Aide de l'objectif."]
    assert texts(guidance.axis_help) == ["Aide de l'axe pour tous."]
    assert texts(guidance.all_help) == [
        "Aide de la pratique.",
        "Aide de l'activité pour les AI et ETTI.",
        "Aide de l'objectif.",
        "Aide de l'axe pour tous.",
    ]
    assert texts(guidance.suggestions) == [
        "Mettre en place des audits de suivi",
        "Revoir les temps de l'accompagnement",
    ]
    assert texts(guidance.evidence_examples) == ["Fiche de suivi"]
    assert guidance.source_title("atelier") == "Atelier régional"


@pytest.mark.parametrize(
    "structure,expected",
    [
        ("ACI", ["Aide de l'objectif.", "Aide de l'axe pour tous.", "Aide de l'axe pour les ACI."]),
        ("ETTI", ["Aide de l'activité pour les AI et ETTI.", "Aide de l'objectif.", "Aide de l'axe pour tous."]),
        ("Autre", ["Aide de l'objectif.", "Aide de l'axe pour tous."]),
        (
            None,
            [
                "Aide de l'activité pour les AI et ETTI.",
                "Aide de l'objectif.",
                "Aide de l'axe pour tous.",
                "Aide de l'axe pour les ACI.",
            ],
        ),
    ],
)
def test_help_is_filtered_by_structure_type(guided: Referentiel, structure: str | None, expected: list[str]) -> None:
    assert texts(guidance_for(guided, "1.1.2", structure).all_help)[1:] == expected  # after the practice's own


def test_glossary_terms_found_without_case_accents_or_plural(guided: Referentiel) -> None:
    # « SUIVI A MINIMA » in the practice, « audits » in a suggestion, « taches » in the other practice: not this one.
    assert [e.term for e in guidance_for(guided, "1.1.1", "ACI").glossary] == ["Suivi à minima", "Audit"]
    assert [e.term for e in guidance_for(guided, "1.1.2", "ACI").glossary] == ["Tâche", "Audit"]


def test_a_practice_without_guidance_is_empty(guided: Referentiel) -> None:
    guidance = guidance_for(guided, "2.1.1", "ACI")
    assert guidance.is_empty and guidance.activity.id == "2.1"


@pytest.mark.parametrize(
    "term,text,found",
    [
        ("Suivi", "le suivi des parcours", True),
        ("Suivi", "un suivis régulier", True),
        ("Suivi", "poursuivi", False),  # a whole word only
        ("Suivi à minima", "un suivi\nà  minima", True),  # any run of spaces
        ("Outils", "un outil commun", True),
        ("Entretien de bilan", "l'entretien de bilan", True),
        ("Offre d'insertion", "son offre d’insertion", True),  # typographic apostrophe
        ("Tâche", "attacher", False),
        ("Régulation pédagogique", "REGULATION PEDAGOGIQUE", True),
    ],
)
def test_word_match(term: str, text: str, found: bool) -> None:
    entry = GlossaryEntry(term, "…", "cedre")
    assert (glossary_in([entry], [text]) == (entry,)) is found


def test_fold() -> None:
    assert fold("Élan Œuvre – l’équipe") == "elan œuvre - l'equipe"
