"""The bundled référentiels' help is quoted from the seeds, with its source named, and names nobody.

Each check reads the seed copies in ``tests/data/seeds/`` (000 the workbook, 001 INAÉ's
workshop, 002 the synthesis on the offre de services, 003 CEDRE v2), so a help text
that drifts from its document, or a piste d'amélioration left out, fails here.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from siae_tui.domain.guidance import glossary_in, guidance_for
from siae_tui.domain.loader import load_referentiel
from siae_tui.domain.model import HelpItem, Referentiel
from tests.conftest import DATA, REPO

SEEDS = DATA / "seeds"
WORKBOOK = (SEEDS / "000_78aefdf40b35e0f6.txt").read_text(encoding="utf-8")
WORKSHOP = (SEEDS / "001_c67dfddf8eb21806.txt").read_text(encoding="utf-8")
SYNTHESIS = (SEEDS / "002_2296d7ba2aee5e6f.txt").read_text(encoding="utf-8")
CEDRE = (SEEDS / "003_47962e342525f7b1.txt").read_text(encoding="utf-8")
BY_SOURCE = {"classeur": WORKBOOK, "inae-parcours": WORKSHOP, "synthese-offre-services": SYNTHESIS, "cedre-v2": CEDRE}

#: Words the help adds around a quotation: the toolbox's heading, the columns of the workshop's table.
LABELS = {
    "Boîte à outils",
    "les critères d'un parcours de qualité",
    "les indicateurs pour le mesurer",
    "AXE 1",
    "AXE 4",
}
#: Texts that run over two rows of a seed's table (a row of the workshop's table, a page break in CEDRE).
ACROSS_ROWS = {
    "Des attestations de compétences, portefeuille de compétences, des CV": (
        "Des attestations de compétences,",
        "portefeuille de compétences, des CV",
    ),
    "Dans le cadre d'une ETTI, la contractualisation concerne à minima, un nombre de salariés correspondant aux "
    "équivalents temps plein du financement de l'accompagnement socioprofessionnel. Cette évaluation se fait par "
    "rapport au nombre de salariés en mission chaque mois.": (
        "Dans le cadre d'une ETTI, la contractualisation concerne à minima, un nombre de salariés correspondant aux "
        "équivalents temps plein du financement de l'accompagnement socioprofessionnel. Cette évaluation se fait par",
        "rapport au nombre de salariés en mission chaque mois.",
    ),
}
#: The four pistes the workshop's document does not number (its first row), then 5 to 60.
UNNUMBERED_PISTES = [
    "Mettre en place des enquêtes pour recueillir la satisfaction des personnes et vérifier que notre offre leur convient ou bien s'il faut la faire évoluer",
    "Mieux mettre en avant la levée des freins à l'emploi",
    "Arrêter de faire « rentrer les personnes dans des cases »",
    "Travail sur les addictions, les freins au changement",
]


def flat(text: str) -> str:
    """A seed or a help text as one line: markup (HTML, Markdown emphasis, links) and line breaks gone."""
    text = re.sub(r"<[^>]+>", " ", text)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    return re.sub(r"\s+", " ", text.replace("**", "").replace("*", "")).strip()


FLAT = {source: flat(text) for source, text in BY_SOURCE.items()}


def quoted(piece: str, source: str) -> bool:
    """Whether ``piece`` is in the source's text, allowing « heading : text » joins of two quoted parts."""
    piece = flat(piece).removesuffix(" :")  # a heading that introduces a list
    if not piece or piece in LABELS or piece in FLAT[source]:
        return True
    if piece in ACROSS_ROWS:
        return all(part in FLAT[source] for part in ACROSS_ROWS[piece])
    if " : " in piece:
        head, rest = piece.split(" : ", 1)
        return quoted(head, source) and quoted(rest, source)
    return False


def pieces(text: str) -> list[str]:
    """The quoted parts of a help text: its lines, without list dashes, cut at « — » (our joins)."""
    found = []
    for line in text.splitlines():
        line = line.strip()
        line = line[2:] if line.startswith("- ") else line
        found += [part.strip() for part in line.split(" — ")]
    return found


@pytest.fixture(scope="module")
def projet() -> Referentiel:
    return load_referentiel(REPO / "referentiel" / "siae-projet-insertion.yaml")


@pytest.fixture(scope="module")
def cedre() -> Referentiel:
    return load_referentiel(REPO / "referentiel" / "cedre-v2.yaml")


def every_help(referentiel: Referentiel) -> list[tuple[str, HelpItem]]:
    found: list[tuple[str, HelpItem]] = []
    for axis in referentiel.axes:
        found += [(f"axe {axis.id}", item) for item in axis.help]
        for objective in axis.objectives:
            found += [(f"objectif {objective.id}", item) for item in objective.help]
            for activity in objective.activities:
                found += [(activity.id, item) for item in activity.help]
                for practice in activity.practices:
                    found += [(practice.id, item) for item in practice.help]
    return found


# -- every text is quoted from its source -----------------------------------------------


@pytest.mark.parametrize("name", ["siae-projet-insertion", "cedre-v2"])
def test_every_help_text_is_quoted_from_its_source(name: str) -> None:
    referentiel = load_referentiel(REPO / "referentiel" / f"{name}.yaml")
    help_items = every_help(referentiel)
    assert help_items
    for place, item in help_items:
        assert item.source in BY_SOURCE, place
        for piece in pieces(item.text):
            assert quoted(piece, item.source), f"{place}: « {piece} » n'est pas dans la source {item.source}"


def test_every_suggestion_is_a_piste_of_the_workshop(projet: Referentiel) -> None:
    suggestions = [s for a in projet.activities for s in a.suggestions]
    assert suggestions
    for suggestion in suggestions:
        assert suggestion.source == "inae-parcours"
        assert flat(suggestion.text) in FLAT["inae-parcours"], suggestion.text


def workshop_pistes() -> list[str]:
    """The 60 pistes d'amélioration as the document lists them: four in its first row, then 5. to 60."""
    first_row = next(line for line in WORKSHOP.splitlines() if line.startswith("Les DE et salariés"))
    assert all(piste in first_row.split("\t")[3] for piste in UNNUMBERED_PISTES)
    numbered: dict[int, str] = {}
    for line in WORKSHOP.splitlines():
        for cell in line.split("\t"):
            for number, text in re.findall(r"(?:^|\s)(\d{1,2})\. (.*?)(?=\s\d{1,2}\. |$)", cell.strip().lstrip("- ")):
                numbered[int(number)] = text.strip()
    assert sorted(numbered) == list(range(5, 61))
    return UNNUMBERED_PISTES + [numbered[n] for n in range(5, 61)]


def test_each_of_the_sixty_pistes_is_offered_at_least_once(projet: Referentiel) -> None:
    pistes = workshop_pistes()
    assert len(pistes) == 60
    offered = {s.text for a in projet.activities for s in a.suggestions}
    assert [p for p in pistes if p not in offered] == []
    assert offered <= set(pistes)


def test_the_fest_footnote_is_help_on_3_10_without_its_contact(projet: Referentiel) -> None:
    footnote = next(line for line in WORKBOOK.splitlines() if "autodiagnostic FEST" in line)
    help_3_10 = [item for item in projet.activity("3.10").help if item.source == "classeur"]
    assert [item.text for item in help_3_10] == ["* voir outil autodiagnostic FEST - INAE"]
    assert footnote.startswith(help_3_10[0].text + " - contact ")
    for practice in projet.activity("3.10").practices:
        assert help_3_10[0] in guidance_for(projet, practice.id, "ACI").activity_help


@pytest.mark.parametrize(
    "activity_id,structure,shown",
    [("4.1", "ACI", True), ("4.1", "EI", False), ("4.1", "AI", False), ("4.1", None, True)],
)
def test_the_aci_commercial_difficulty_is_help_on_axis_4_for_aci_only(
    projet: Referentiel, activity_id: str, structure: str | None, shown: bool
) -> None:
    practice = projet.activity(activity_id).practices[0]
    texts = [h.text for h in guidance_for(projet, practice.id, structure).all_help]
    assert any("l'axe 4 devra faire l'objet d'un travail particulier avec les ACI" in t for t in texts) is shown


def test_help_by_structure_type_names_known_types(projet: Referentiel, cedre: Referentiel) -> None:
    for referentiel in (projet, cedre):
        for place, item in every_help(referentiel):
            assert set(item.applies_to) <= set(referentiel.structure_types), place
    typed = {t for _, item in every_help(projet) for t in item.applies_to}
    assert typed == {"ACI", "AI", "EI"}


# -- the glossary ----------------------------------------------------------------------------


def cedre_definitions() -> dict[str, str]:
    """Section 2.5 of CEDRE: « - 1.N Terme :** définition »."""
    found = re.findall(r"^- 1\.\d+ (.+?) :\*\* (.+)$", CEDRE, flags=re.M)
    return {term: flat(definition) for term, definition in found}


def test_the_cedre_glossary_is_its_section_2_5(cedre: Referentiel) -> None:
    definitions = cedre_definitions()
    assert len(definitions) == 25
    assert [e.term for e in cedre.glossary] == list(definitions)
    for entry in cedre.glossary:
        assert (entry.source, flat(entry.definition)) == ("cedre-v2", definitions[entry.term])
    terms = {e.term for e in cedre.glossary}
    assert {"Suivi à minima", "Régulation pédagogique", "Entretien de bilan"} <= terms


def test_the_projet_glossary_holds_the_cedre_terms_it_uses(projet: Referentiel, cedre: Referentiel) -> None:
    by_term = {e.term: e for e in cedre.glossary}
    assert projet.glossary and all(by_term[e.term] == e for e in projet.glossary)
    texts = [p.text for p in projet.practices] + [a.title for a in projet.activities]
    texts += [item.text for _, item in every_help(projet)] + [s.text for a in projet.activities for s in a.suggestions]
    assert glossary_in(cedre.glossary, texts) == projet.glossary


def test_suivi_a_minima_is_explained_beside_6_1_f(cedre: Referentiel) -> None:
    guidance = guidance_for(cedre, "6.1.F-mad", "AI")
    assert "Suivi à minima" in [e.term for e in guidance.glossary]


# -- CEDRE's « moyens à mettre en œuvre » ------------------------------------------------------

SECTIONS = {
    "4": ("## **4 – Responsabilité", "## **5 – Management"),
    "5": ("## **5 – Management", "## 6 - Mission accueil"),
    "6.1": ("### 6.1 Mission accueil", "## 6.2 Mission insertion"),
    "6.2": ("## 6.2 Mission insertion", "### 6.3 Processus support"),
    "6.3": ("### 6.3 Processus support", "**7) Mission observatoire"),
    "7": ("**7) Mission observatoire", "## 8) Amélioration continue"),
    "8": ("## 8) Amélioration continue", "## **9) Support"),
}


def seed_means(section: str) -> set[str]:
    """The items of a section's « moyens à mettre en œuvre » (HTML ▪ items and Markdown - items)."""
    start, end = SECTIONS[section]
    begin = CEDRE.index(start)
    region = CEDRE[CEDRE.index("moyens à mettre en œuvre", begin) : CEDRE.index(end, begin)]
    items = re.findall(r"▪ ([^<]+)</li>", region)
    items += [
        line
        for line in re.findall(r"^- (.+)$", region, flags=re.M)
        if not line.strip().endswith(":") and "<b>" not in line and not line.startswith("|")
    ]
    return {flat(item) for item in items}


@pytest.mark.parametrize("section", SECTIONS)
def test_every_means_of_a_section_is_an_evidence_example_of_its_activities(cedre: Referentiel, section: str) -> None:
    examples = [e for a in cedre.axis(section).activities for e in a.evidence_examples]
    items = {flat(e.text.split(" : ", 1)[-1]) for e in examples}
    assert items == seed_means(section)
    for example in examples:
        assert example.source == "cedre-v2"
        category = example.text.split(" : ", 1)[0] if " : " in example.text else ""
        assert category in FLAT["cedre-v2"], example.text


def test_the_section_without_means_has_no_examples(cedre: Referentiel) -> None:
    assert not any(a.evidence_examples for a in cedre.axis("3").activities)


# -- nobody's contact details --------------------------------------------------------------------

EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+")
PHONE = re.compile(r"(?<!\d)(?:\+33\s?|0)[1-9](?:[\s.-]?\d{2}){4}(?!\d)")
PEOPLE = ("MOREAU", "Moreau", "Candice", "Valéry", "tel:", "www.", "courrier@", "qualite@")


@pytest.mark.parametrize("path", sorted((REPO / "referentiel").glob("*.yaml")), ids=lambda p: p.name)
def test_no_phone_email_or_contact_person_in_a_referentiel(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert EMAIL.findall(text) == []
    assert PHONE.findall(text) == []
    assert [word for word in PEOPLE if word in text] == []


def test_the_patterns_do_find_the_seeds_contacts() -> None:
    assert EMAIL.search(WORKSHOP) and PHONE.search(WORKSHOP) and PHONE.search(SYNTHESIS)


# -- sources ----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["siae-projet-insertion", "cedre-v2"])
def test_every_declared_source_is_used(name: str) -> None:
    referentiel = load_referentiel(REPO / "referentiel" / f"{name}.yaml")
    used = {item.source for _, item in every_help(referentiel)} | {e.source for e in referentiel.glossary}
    used |= {s.source for a in referentiel.activities for s in (*a.suggestions, *a.evidence_examples)}
    assert used == {source.id for source in referentiel.sources}
    assert all(source.title for source in referentiel.sources)
