"""Evidence and targets in every export, and back through the JSON and Excel imports."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import json
import re
from html.parser import HTMLParser
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from siae_tui.domain.compare import compare
from siae_tui.domain.evaluation import Evaluation
from siae_tui.domain.evidence import MAX_EVIDENCE_PER_PRACTICE, Evidence, normalised
from siae_tui.domain.importer import ImportRefused, parse_export
from siae_tui.domain.loader import load_referentiel
from siae_tui.domain.model import Referentiel
from siae_tui.domain.workshop import Action
from siae_tui.report.compare import compare_json, compare_markdown, compare_text
from siae_tui.report.export_csv import export_csv
from siae_tui.report.export_html import export_html
from siae_tui.report.export_json import export_document, export_json
from siae_tui.report.export_markdown import export_markdown
from tests.conftest import DATA

LIVRET = Evidence("Livret d'accueil 2026", "https://intranet.example/livret?v=2&x=<1>", dt.date(2026, 1, 15))
CONVENTION = Evidence('Convention "France Travail" | signée', "\\\\serveur\\partenariats\\convention.pdf")
CR = Evidence('=HYPERLINK("http://x") compte rendu', "", dt.date(2025, 11, 3), carried_over=True)


@pytest.fixture(scope="module")
def mini() -> Referentiel:
    return load_referentiel(DATA / "mini-referentiel.yaml")


def audited(mini: Referentiel) -> Evaluation:
    """A session with evidence on two practices and targets on three (one of them below its value)."""
    return Evaluation(
        mini.id,
        mini.version,
        "Régie Élan",
        dt.date(2026, 3, 12),
        "ACI",
        "Revue 2026",
        participants=["Awa (CIP)", "Marc"],
        values={"1.1.1": 3, "1.1.2": 1, "2.1.1": 0, "3.1.1": "na"},
        notes={"1.1.2": "Convention à signer"},
        created="2026-03-12T09:00:00+00:00",
        updated="2026-03-12T11:30:00+00:00",
        evidence={"1.1.1": [LIVRET, CONVENTION], "2.1.1": [CR]},
        targets={"1.1.1": 2, "1.1.2": 3, "2.1.1": 2},
        actions=[Action("1.1.2", "Signer la convention", "Awa", dt.date(2026, 6, 30))],
    )


# -- JSON ----------------------------------------------------------------------------------------


def test_json_export_gives_each_practice_its_target_and_evidence(mini: Referentiel) -> None:
    data = json.loads(export_json(mini, audited(mini)))
    assert data["format_version"] == 2
    scores = {entry["practice"]: entry for entry in data["scores"]}
    assert [scores[p].get("target") for p in ("1.1.1", "1.1.2", "2.1.1", "2.1.2", "3.1.1")] == [2, 3, 2, None, None]
    assert scores["1.1.1"]["evidence"] == [
        {"title": LIVRET.title, "location": LIVRET.location, "date": "2026-01-15"},
        {"title": CONVENTION.title, "location": CONVENTION.location, "date": None},
    ]
    assert scores["2.1.1"]["evidence"] == [
        {"title": CR.title, "location": "", "date": "2025-11-03", "carried_over": True}
    ]
    assert "evidence" not in scores["1.1.2"]
    # The recap says what every group would reach with its targets met (1.1: max(3,2) + 3 = 6/6).
    axes = {axis["id"]: axis for axis in data["recap"]["axes"]}
    assert (axes["1"]["percent"], axes["1"]["target_percent"]) == (66.7, 100.0)
    assert data["recap"]["activities"][1]["target_percent"] == 66.7
    assert data["recap"]["total"]["target_percent"] == round(100 * 8 / 9, 1)


def test_json_export_without_evidence_nor_targets_is_version_1_as_before(mini: Referentiel) -> None:
    evaluation = audited(mini)
    evaluation.evidence, evaluation.targets = {}, {}
    data = json.loads(export_json(mini, evaluation))
    assert data["format_version"] == 1
    assert not any("target" in e or "evidence" in e for e in data["scores"])
    assert "target_percent" not in data["recap"]["total"]


def test_json_round_trip_of_evidence_and_targets(mini: Referentiel) -> None:
    original = audited(mini)
    again = parse_export(export_json(mini, original), [mini])
    assert again.evidence == original.evidence
    assert again.targets == original.targets
    assert export_document(mini, again)["scores"] == export_document(mini, original)["scores"]


def test_a_rescoring_exports_last_years_targets(mini: Referentiel) -> None:
    evaluation = audited(mini)
    evaluation.origin, evaluation.previous_targets = "2025-03-10-regie-elan", {"1.1.2": 2}
    data = export_document(mini, evaluation)
    assert data["previous_targets"] == {"1.1.2": 2}


def test_an_old_version_1_export_still_imports(mini: Referentiel) -> None:
    document = export_document(mini, audited(mini))
    for entry in document["scores"]:
        entry.pop("target", None)
        entry.pop("evidence", None)
    document["format_version"] = 1
    again = parse_export(json.dumps(document), [mini])
    assert (again.evidence, again.targets) == ({}, {})
    assert again.values == audited(mini).values


def _score(document: dict[str, Any], practice_id: str) -> dict[str, Any]:
    return next(e for e in document["scores"] if e["practice"] == practice_id)


@pytest.mark.parametrize(
    "practice_id,changes,expected",
    [
        ("1.1.1", {"target": 4}, "scores[0].target : cible 4 invalide (0 à 3 ou null)"),
        ("1.1.1", {"target": "3"}, "scores[0].target : cible '3' invalide"),
        ("1.1.1", {"target": True}, "cible True invalide"),
        ("3.1.1", {"target": 2}, "scores[4].target : pas de cible pour une pratique non applicable"),
        ("2.1.2", {"target": 2}, "scores[3].target : pas de cible pour une pratique non applicable"),
        ("1.1.1", {"evidence": "Livret"}, "scores[0].evidence : une liste de preuves"),
        ("1.1.1", {"evidence": [{"title": ""}]}, "scores[0].evidence[0] : le titre de la preuve"),
        ("1.1.1", {"evidence": [{"title": "a", "date": "2026-13-01"}]}, "scores[0].evidence[0].date : date invalide"),
        ("1.1.1", {"evidence": [{"title": "t" * 501}]}, "texte trop long dans « scores[0].evidence[0].title »"),
        ("1.1.1", {"evidence": [{"title": "a"}] * 101}, f"({MAX_EVIDENCE_PER_PRACTICE + 1}, 100 au plus)"),
        ("2.1.2", {"evidence": [{"title": "a"}]}, "pas de preuve pour une pratique qui ne concerne pas ce type"),
    ],
)
def test_bad_evidence_or_targets_refuse_the_import_with_their_place(
    mini: Referentiel, practice_id: str, changes: dict[str, Any], expected: str
) -> None:
    document = export_document(mini, audited(mini))
    _score(document, practice_id).update(changes)
    with pytest.raises(ImportRefused) as refused:
        parse_export(json.dumps(document), [mini])
    assert expected in str(refused.value)


# Titles as a team types them, hostile ones included: quotes, « = », pipes, line breaks, escapes, any Unicode.
fragments = st.text(st.characters(blacklist_categories=("Cs",)), max_size=12) | st.sampled_from(
    ['"', "'", "=", "=SUM(A1)", "|", "\n", "\r\n", "\x1b[2J", "<script>", "« »", "🚀", "#", "*"]
)
titles = (
    st.lists(fragments, min_size=1, max_size=6).map("".join).filter(lambda text: normalised(Evidence(text)).title != "")
)
dates = st.none() | st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(items=st.lists(st.builds(Evidence, titles, st.text(max_size=30), dates, st.booleans()), min_size=1, max_size=4))
def test_any_evidence_goes_through_the_json_export_unchanged_once_cleaned(
    mini: Referentiel, items: list[Evidence]
) -> None:
    evaluation = audited(mini)
    evaluation.evidence = {"1.1.2": [normalised(item) for item in items]}
    again = parse_export(export_json(mini, evaluation), [mini])
    assert again.evidence == evaluation.evidence


# -- Markdown, HTML, CSV -------------------------------------------------------------------------


class Tables(HTMLParser):
    """Every table of an HTML page as rows of (text, links) cells, with the table's class."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[tuple[str, list[list[tuple[str, list[str]]]]]] = []
        self._cell: list[str] | None = None
        self._links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self.tables.append((dict(attrs).get("class") or "", []))
        elif tag == "tr" and self.tables:
            self.tables[-1][1].append([])
        elif tag in ("td", "th"):
            self._cell, self._links = [], []
        elif tag == "a" and self._cell is not None:
            self._links.append(dict(attrs).get("href") or "")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None:
            self.tables[-1][1][-1].append(("".join(self._cell).strip(), self._links))
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def html_tables(page: str) -> list[tuple[str, list[list[tuple[str, list[str]]]]]]:
    parser = Tables()
    parser.feed(page)
    return parser.tables


def practice_row(page: str, practice_id: str) -> dict[str, tuple[str, list[str]]]:
    """The cells of a practice's row in the detail tables, by column heading."""
    for kind, rows in html_tables(page):
        if kind != "practices" or not rows:
            continue
        heads = [text for text, _ in rows[0]]
        for row in rows[1:]:
            if row and row[0][0] == practice_id and "Preuves" in heads:
                return dict(zip(heads, row, strict=True))
    raise AssertionError(f"{practice_id} not found in a practice table")


def test_html_report_shows_targets_and_evidence_in_the_practice_table(mini: Referentiel) -> None:
    page = export_html(mini, audited(mini), today=dt.date(2026, 3, 13))
    row = practice_row(page, "1.1.1")
    assert row["Cible"][0] == "2 (sous la note actuelle)"
    evidence, links = row["Preuves"]
    assert "Livret d'accueil 2026" in evidence and "15/01/2026" in evidence
    assert 'Convention "France Travail" | signée' in evidence and "\\\\serveur\\partenariats" in evidence
    assert links == [LIVRET.location]  # only the http(s) address is a link
    assert practice_row(page, "1.1.2")["Preuves"][0] == "aucune preuve"  # a gap, said so
    assert practice_row(page, "3.1.1")["Preuves"][0] == "—"  # non applicable: not a gap
    carried = practice_row(page, "2.1.1")["Preuves"][0]
    assert "reprise de l'évaluation précédente" in carried and '=HYPERLINK("http://x")' in carried
    recap = next(rows for kind, rows in html_tables(page) if rows and rows[0][0][0] == "Axe")
    assert [text for text, _ in recap[0]][3:5] == ["%", "Cible"]
    assert [text for text, _ in recap[1]][3:5] == ["66,7 %", "100,0 %"]
    plan = next(rows for _, rows in html_tables(page) if rows and rows[0][1][0] == "Action")
    assert [text for text, _ in plan[1]][-1] == "1 → 3"
    assert 'data-series="target"' in page and "cible (pointillés verts)" in page


def test_a_javascript_location_never_becomes_a_link(mini: Referentiel) -> None:
    evaluation = audited(mini)
    evaluation.evidence = {"1.1.1": [Evidence("Piège", "javascript:alert(1)"), Evidence("<b>x</b>", "https://a b")]}
    page = export_html(mini, evaluation)
    text, links = practice_row(page, "1.1.1")["Preuves"]
    assert links == [] and "javascript:alert(1)" in text and "<b>x</b>" in text
    assert "<b>x</b>" not in page


def test_html_report_says_which_of_last_years_targets_were_reached(mini: Referentiel) -> None:
    evaluation = audited(mini)
    evaluation.origin = "2025-03-10-regie-elan"
    evaluation.previous_values = {"1.1.1": 1, "1.1.2": 0}
    evaluation.previous_targets = {"1.1.1": 3, "1.1.2": 2, "2.1.1": 1}
    page = export_html(mini, evaluation)
    assert "Cibles atteintes : 1 / 3" in page
    reached = [rows for kind, rows in html_tables(page) if kind == "targets-reached"]
    assert [[cell for cell, _ in row] for row in reached[0][1:]] == [["1.1.1", mini.practice("1.1.1").text, "3", "3"]]


def test_markdown_report_shows_targets_and_evidence(mini: Referentiel) -> None:
    markdown = export_markdown(mini, audited(mini))
    line = next(line for line in markdown.splitlines() if line.startswith("| 1.1.1 |"))
    assert "2 (sous la note actuelle)" in line and "Livret d'accueil 2026 · 15/01/2026" in line
    assert 'Convention "France Travail" \\| signée' in line  # escaped: the table keeps its columns
    assert len(re.findall(r"(?<!\\)\|", line)) == 7
    assert "| N° | Pratique | Note | Cible | Preuves | Amélioration, planification |" in markdown
    assert "**Cibles :** 3 pratiques · **Résultat visé :** 88,9 %" in markdown
    assert "| 1.1.2 | Signer la convention | Awa | 30/06/2026 | à faire | 1 → 3 |" in markdown
    assert "| Axe | Score | Max | % | Cible | Mises en œuvre | Non notées | Tendance |" in markdown
    assert " ++ Cible" in markdown  # the radar's target outline


def test_csv_has_target_and_evidence_columns(mini: Referentiel) -> None:
    rows = list(csv.reader(io.StringIO(export_csv(mini, audited(mini)).lstrip("\ufeff")), delimiter=";"))
    header = rows[0]
    assert header[7:9] == ["cible", "preuves"]
    by_id = {row[0]: dict(zip(header, row, strict=True)) for row in rows[1:]}
    assert by_id["1.1.1"]["cible"] == "2" and by_id["2.1.2"]["cible"] == ""
    assert by_id["1.1.1"]["preuves"].split(" | ")[0] == "Livret d'accueil 2026 · 15/01/2026 · " + LIVRET.location
    assert by_id["2.1.1"]["preuves"].startswith("'=HYPERLINK")  # never run as a formula
    plain = audited(mini)
    plain.evidence, plain.targets = {}, {}
    assert "cible" not in export_csv(mini, plain).splitlines()[0]


def test_compare_text_json_and_markdown_say_which_targets_were_reached(mini: Referentiel) -> None:
    earlier = audited(mini)
    later = dataclasses.replace(earlier, date=dt.date(2027, 3, 1), values={"1.1.1": 3, "1.1.2": 2}, targets={})
    comparison = compare(mini, earlier, later)
    text = compare_text(comparison)
    assert "Cibles atteintes : 1 / 3 :" in text
    assert "  1.1.2  cible 3 → 2  non atteinte  Faire des retours aux prescripteurs" in text
    assert "  2.1.1  cible 2 → non notée  pas encore notée" in text
    data = compare_json(comparison)["targets"]
    assert (data["reached"], data["counted"]) == (1, 3)
    assert data["outcomes"][0] == {"practice": "1.1.1", "target": 2, "value": 3, "status": "reached"}
    markdown = compare_markdown(comparison)
    assert (
        "## Cibles atteintes : 1 / 3" in markdown
        and "| 1.1.1 | Travailler avec les prescripteurs | 2 | 3 | atteinte |" in markdown
    )
    without = compare(mini, dataclasses.replace(earlier, targets={}), later)
    assert "Cibles" not in compare_text(without) and "targets" not in compare_json(without)
