"""The HTML report (SVG radar, escaping, sections), the CSV export and exports by file name."""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import re
import zipfile
from pathlib import Path

import pytest

from siae_tui.cli import main
from siae_tui.domain.evaluation import Evaluation
from siae_tui.domain.loader import load_referentiel
from siae_tui.domain.model import Referentiel
from siae_tui.domain.workshop import Action
from siae_tui.report.export_csv import export_csv
from siae_tui.report.export_html import export_html
from siae_tui.report.radar import RadarUnavailable, spoke_angles
from siae_tui.report.svg_radar import COMPACT, WIDE, Spoke, radar_svg
from siae_tui.store import SessionStore
from tests.conftest import DATA


@pytest.fixture(scope="module")
def mini() -> Referentiel:
    return load_referentiel(DATA / "mini-referentiel.yaml")


def _polygon(svg: str, series: int) -> list[tuple[float, float]]:
    match = re.search(rf'<polygon class="radar-series" data-series="{series}"[^>]* points="([^"]+)"', svg)
    assert match, f"series {series} absent"
    return [tuple(float(v) for v in pair.split(",")) for pair in match.group(1).split()]  # type: ignore[misc]


@pytest.mark.parametrize("layout", [WIDE, COMPACT], ids=["wide", "compact"])
def test_each_vertex_sits_at_its_percentage_on_its_spoke(layout) -> None:
    percents = [0.0, 25.0, 50.0, 75.0, 100.0, 41.7]
    svg = radar_svg([Spoke(f"Axe {i}", "") for i in range(6)], [("Actuelle", percents)], title="t", layout=layout)
    cx, cy = layout.centre
    for (x, y), p, angle in zip(_polygon(svg, 0), percents, spoke_angles(6), strict=True):
        distance = math.hypot(x - cx, cy - y)
        assert distance == pytest.approx(p / 100 * layout.radius, abs=0.02)
        if p:
            assert math.atan2(cy - y, x - cx) == pytest.approx(math.atan2(math.sin(angle), math.cos(angle)), abs=1e-3)
    assert 'data-series="1"' not in svg and "radar-legend" not in svg


def test_rings_at_25_50_75_100_and_full_labels() -> None:
    long = "Développement économique, territorial et utilité sociale"
    svg = radar_svg([Spoke(long, "48,5 %"), Spoke("B", "0 %"), Spoke("C", "0 %")], [("x", [48.5, 0, 0])], title="t")
    assert svg.count('class="radar-ring"') == 4
    for level in ("25 %", "50 %", "75 %", "100 %"):
        assert f">{level}</text>" in svg
    words = " ".join(re.findall(r"<tspan[^>]*>([^<]*)</tspan>", svg))
    assert long in words and "…" not in words  # wrapped over lines, never cut


def test_a_rescoring_overlays_last_year_with_a_legend() -> None:
    svg = radar_svg(
        [Spoke(str(i), "") for i in range(5)],
        [("Évaluation actuelle", [50] * 5), ("Évaluation précédente", [25] * 5)],
        title="t",
    )
    cx, cy = WIDE.centre
    assert all(math.hypot(x - cx, y - cy) == pytest.approx(0.25 * WIDE.radius, abs=0.02) for x, y in _polygon(svg, 1))
    assert 'stroke-dasharray="7 5"' in svg and "radar-legend" in svg and "Évaluation précédente" in svg


def test_a_radar_needs_three_spokes() -> None:
    with pytest.raises(RadarUnavailable):
        radar_svg([Spoke("a", ""), Spoke("b", "")], [("x", [1, 2])], title="t")


def mini_evaluation(mini: Referentiel, note: str = "Convention à signer") -> Evaluation:
    return Evaluation(
        mini.id,
        mini.version,
        "Régie Élan",
        dt.date(2026, 11, 25),
        "ACI",
        "Revue 2026",
        participants=["Awa (CIP)", "Marc"],
        values={"1.1.1": 3, "1.1.2": 1, "2.1.1": 0, "3.1.1": "na"},
        notes={"1.1.2": note},
        development_axes={"1": "Livret d'accueil"},
    )


HOSTILE = [
    "<script>alert('x')</script>",
    '" onmouseover="alert(1)',
    "{{ 7 * 7 }} {% if true %}oui{% endif %}",
    "</td></tr></table><h1>faux</h1>",
    "&amp; & <b>gras</b>",
]


@pytest.mark.parametrize("note", HOSTILE)
def test_hostile_text_is_escaped_everywhere(mini: Referentiel, note: str) -> None:
    evaluation = mini_evaluation(mini, note)
    evaluation.siae = note
    evaluation.label = note
    evaluation.participants = [note]
    evaluation.development_axes = {"1": note}
    evaluation.actions = [Action("1.1.2", note, note, dt.date(2027, 1, 1))]
    html = export_html(mini, evaluation)
    for dangerous in ("<script>", "<h1>faux", "<b>gras", 'onmouseover="alert'):
        assert dangerous not in html
    if "{{" in note:
        assert "{{ 7 * 7 }} {% if true %}oui{% endif %}" in html  # shown as typed, never evaluated
    escaped = note.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&#34;")
    assert escaped.replace("'", "&#39;") in html


def test_html_report_has_every_section(referentiel: Referentiel) -> None:
    values = {p.id: i % 4 for i, p in enumerate(referentiel.practices)}
    evaluation = Evaluation(
        referentiel.id,
        referentiel.version,
        "Régie Élan",
        dt.date(2026, 11, 25),
        "ACI",
        "Revue 2026",
        ["Awa", "Marc"],
        values,
        {"1.1.2": "Former l'équipe"},
        {"2": "Partenariats"},
        origin="2025-11-20-regie-elan",
        previous_values={p.id: 1 for p in referentiel.practices[:200]},
        votes={"1.1.3": {"Awa": 0, "Marc": 3}},
        actions=[Action("1.1.2", "Signer la convention", "Awa", dt.date(2027, 6, 1))],
    )
    html = export_html(referentiel, evaluation, today=dt.date(2026, 11, 26))
    assert html.startswith("<!DOCTYPE html>") and 'lang="fr"' in html
    assert "25 novembre 2026" in html and "Rapport produit par siae-tui le 26 novembre 2026" in html
    assert "http://" not in html.replace("http://www.w3.org/2000/svg", "") and "https://" not in html  # no network
    assert "@page { size: A4" in html and "break-before: page" in html and "@media (max-width: 40rem)" in html
    assert html.count('<section class="axis"') == 5
    assert html.count("<svg") == 2 * (1 + 5)  # axes and one per axis, drawn for a page and for a phone
    assert html.count('data-series="1"') == 2 * 6  # last year's polygon on every radar
    for practice in referentiel.practices:
        assert f'<td class="id">{practice.id}</td>' in html
    assert "3 — Mis en place et la pratique est revue régulièrement" in html
    assert 'class="trend trend-' in html and "▲" in html and "▼" in html  # colour and symbol
    for heading in (
        "Axes de développement",
        "Plan d'amélioration",
        "Plan d'action",
        "Désaccords à discuter",
        "Évolution depuis l'évaluation précédente",
        "Pratiques notées pour la première fois (pas une progression) (47)",
    ):
        assert heading in html
    assert "à pratiques égales" in html


def test_a_first_evaluation_has_no_comparison(mini: Referentiel) -> None:
    html = export_html(mini, mini_evaluation(mini))
    assert "Évolution depuis" not in html and 'data-series="1"' not in html
    assert "Pas de radar pour cet axe" in html  # the mini référentiel's axes have one activity


def test_csv_opens_in_french_excel(referentiel: Referentiel) -> None:
    evaluation = Evaluation(
        referentiel.id,
        referentiel.version,
        "Régie",
        dt.date(2026, 1, 1),
        "ACI",
        values={"1.1.1": 3, "1.1.2": "na"},
        notes={"1.1.1": 'Note ; avec "guillemets"\net retour'},
    )
    text = export_csv(referentiel, evaluation)
    assert text.startswith("\ufeffid;axe;activité;texte;valeur;libellé;note\r\n")
    rows = list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff")), delimiter=";"))
    assert len(rows) == 247
    assert rows[0] == {
        "id": "1.1.1",
        "axe": "1 Accueil et intégration",
        "activité": "1.1 Recrutement et relations prescripteurs",
        "texte": "Travailler avec les partenaires prescripteurs du territoire",
        "valeur": "3",
        "libellé": "3 — Mis en place et la pratique est revue régulièrement",
        "note": 'Note ; avec "guillemets"\net retour',
    }
    assert (rows[1]["valeur"], rows[2]["valeur"], rows[2]["libellé"]) == ("na", "", "pas encore notée")


def test_csv_has_workshop_columns_only_when_recorded(mini: Referentiel) -> None:
    evaluation = mini_evaluation(mini)
    assert "vote" not in export_csv(mini, evaluation).splitlines()[0]
    evaluation.votes = {"1.1.1": {"Awa (CIP)": 0, "Marc": 3}}
    evaluation.actions = [Action("1.1.1", "Former", "Awa", dt.date(2027, 3, 1))]
    rows = list(csv.reader(io.StringIO(export_csv(mini, evaluation).removeprefix("\ufeff")), delimiter=";"))
    assert rows[0][7:] == [
        "vote Awa (CIP)",
        "vote Marc",
        "médiane des votes",
        "désaccord",
        "action",
        "responsable",
        "échéance",
        "statut",
    ]
    assert rows[1][7:] == ["0", "3", "0", "oui", "Former", "Awa", "01/03/2027", "à faire"]


@pytest.mark.parametrize("fmt", ["md", "html", "xlsx", "csv", "json"])
def test_cli_exports_every_format_to_a_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, mini: Referentiel, fmt
) -> None:
    sessions = tmp_path / "sessions"
    monkeypatch.setenv("SIAE_TUI_SESSIONS", str(sessions))
    monkeypatch.setenv("SIAE_TUI_REFERENTIELS", str(DATA))
    session = SessionStore(sessions, [mini]).create(mini_evaluation(mini))
    session.close()
    out = tmp_path / f"rapport.{fmt}"
    assert main(["export", session.id, "--format", fmt, "-o", str(out)]) == 0
    data = out.read_bytes()
    if fmt == "xlsx":
        assert zipfile.is_zipfile(out)
    else:
        assert "Accueil" in data.decode("utf-8")
    assert oct(out.stat().st_mode & 0o777) == "0o600"  # written like the sessions, notes may be sensitive


def test_the_extension_chooses_the_format(tmp_path: Path, mini: Referentiel) -> None:
    from siae_tui.transfer import TransferError, export_to_file

    session = SessionStore(tmp_path / "s", [mini]).create(mini_evaluation(mini))
    assert export_to_file(session, tmp_path / "r.HTML").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert export_to_file(session, tmp_path / "r.csv").read_bytes().startswith(b"\xef\xbb\xbfid;")
    with pytest.raises(TransferError, match=r"\.xlsx \(classeur Excel\)"):
        export_to_file(session, tmp_path / "r.pdf")
    session.close()


def test_a_note_that_looks_like_a_formula_stays_text_in_the_csv(mini: Referentiel) -> None:
    """Excel would run « =HYPERLINK(…) » typed in a note: the cell starts with ' so it reads as text."""
    import csv as csv_module
    import io

    from siae_tui.domain.evaluation import Evaluation as Ev
    from siae_tui.report.export_csv import export_csv

    notes = {"1.1.1": '=HYPERLINK("http://x";"clic")', "1.1.2": "@SUM(A1)", "2.1.1": "- à revoir"}
    evaluation = Ev(mini.id, mini.version, "=Régie", dt.date(2026, 3, 12), "ACI", notes=notes)
    rows = list(csv_module.reader(io.StringIO(export_csv(mini, evaluation).lstrip("\ufeff")), delimiter=";"))
    cells = {row[0]: row[6] for row in rows[1:]}
    assert cells["1.1.1"] == '\'=HYPERLINK("http://x";"clic")'
    assert cells["1.1.2"] == "'@SUM(A1)" and cells["2.1.1"] == "'- à revoir"
    assert all(not cell.startswith(("=", "+", "@")) for row in rows for cell in row)


def test_every_csv_keeps_figures_as_numbers_and_formulas_as_text() -> None:
    """The network CSVs share the writer: a network typed « =cmd… » stays text, « -2,5 » stays a number."""
    from siae_tui.report.export_csv import french_csv

    text = french_csv([["réseau", "écart"], ["=cmd|' /C calc'!A0", "-2,5"], ["+33 6", 3]])
    assert text.startswith("\ufeff") and text.splitlines()[1:] == ["'=cmd|' /C calc'!A0;-2,5", "'+33 6;3"]
