"""The « dossier de preuves » (its content and its gaps) and the CLI commands that show evidence and targets."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from siae_tui.cli import main
from siae_tui.domain.dossier import evidence_dossier
from siae_tui.domain.evidence import Evidence
from siae_tui.domain.loader import load_referentiel
from siae_tui.domain.model import Referentiel
from siae_tui.domain.scoring import NOT_APPLICABLE
from siae_tui.report.evidence_dossier import dossier_html, dossier_markdown
from siae_tui.store import SessionStore
from tests.conftest import DATA
from tests.unit.test_evidence_exports import LIVRET, audited, html_tables


@pytest.fixture(scope="module")
def mini() -> Referentiel:
    return load_referentiel(DATA / "mini-referentiel.yaml")


def test_the_dossier_counts_items_documented_practices_and_gaps(mini: Referentiel) -> None:
    dossier = evidence_dossier(mini, audited(mini))
    # 2.1.2 does not concern an ACI: left out; 3.1.1 is « na »: listed, never a gap.
    listed = [(p.practice.id, p.gap) for p in dossier.practices]
    assert listed == [("1.1.1", False), ("1.1.2", True), ("2.1.1", False), ("3.1.1", False)]
    assert (dossier.items, dossier.documented, dossier.applicable, dossier.gaps, dossier.carried_over) == (
        3,
        2,
        3,
        1,
        1,
    )
    assert dossier.practices[0].target == 2 and dossier.practices[3].target is None


def test_evidence_on_a_practice_scored_non_applicable_is_listed_but_not_counted_as_documented(
    mini: Referentiel,
) -> None:
    evaluation = audited(mini)
    evaluation.evidence["3.1.1"] = [Evidence("Délibération du CA")]
    dossier = evidence_dossier(mini, evaluation)
    assert dossier.practices[3].evidence and dossier.practices[3].value == NOT_APPLICABLE
    assert (dossier.items, dossier.documented, dossier.gaps) == (4, 2, 1)


def test_markdown_dossier_lists_every_practice_with_its_evidence_or_the_gap(mini: Referentiel) -> None:
    markdown = dossier_markdown(mini, audited(mini))
    lines = markdown.splitlines()
    assert lines[0] == "# Dossier de preuves — Régie Élan"
    assert (
        "**3 preuves · 2 pratiques documentées sur 3 applicables · 1 sans preuve · "
        "1 preuve reprise de l'évaluation précédente, à revoir**"
    ) in lines
    at = lines.index(
        "- **1.1.1** Travailler avec les prescripteurs — note : 3 — Mis en place et la pratique est revue "
        "régulièrement · cible : 2 (sous la note actuelle)"
    )
    assert (
        lines[at + 1]
        == "  - « Livret d'accueil 2026 » · 15/01/2026 · https://intranet.example/livret?v=2&amp;x=&lt;1&gt;"
    )
    assert lines[at + 2].startswith('  - « Convention "France Travail" \\| signée » · sans date · ')
    gap = lines.index(
        "- **1.1.2** Faire des retours aux prescripteurs — note : 1 — Pas mis en place mais en prévision · cible : 3"
    )
    assert lines[gap + 1] == "  - **aucune preuve**"
    assert "2.1.2" not in markdown
    assert "_aucune preuve (pratique non applicable)_" in markdown
    assert "## Axe 1 · Accueil" in lines and "### 1.1 Recrutement" in lines


def test_a_hostile_title_cannot_start_a_list_or_a_heading(mini: Referentiel) -> None:
    evaluation = audited(mini)
    evaluation.evidence = {"1.1.2": [Evidence("# 1. - * titre"), Evidence("<script>alert(1)</script>")]}
    markdown = dossier_markdown(mini, evaluation)
    assert "  - « \\# 1. - \\* titre » · sans date · emplacement non précisé" in markdown
    assert "<script>" not in markdown and "<script>" not in dossier_html(mini, evaluation)


def test_html_dossier_marks_the_gaps_and_links_only_web_addresses(mini: Referentiel) -> None:
    page = dossier_html(mini, audited(mini), today=dt.date(2026, 3, 13))
    rows = [row for kind, table in html_tables(page) if "dossier" in kind for row in table[1:]]
    by_id = {row[0][0]: row for row in rows}
    assert list(by_id) == ["1.1.1", "1.1.2", "2.1.1", "3.1.1"]
    assert by_id["1.1.2"][4][0] == "aucune preuve" and by_id["1.1.2"][3][0] == "3"
    text, links = by_id["1.1.1"][4]
    assert links == [LIVRET.location] and "15/01/2026" in text and "sans date" in text
    assert "reprise de l'évaluation précédente" in by_id["2.1.1"][4][0]
    assert '<tr class="gap"><td class="id">1.1.2</td>' in page
    assert "3 preuves · 2 pratiques documentées sur 3 applicables · 1 sans preuve" in page


def _session(tmp_path: Path, mini: Referentiel, monkeypatch: pytest.MonkeyPatch) -> tuple[SessionStore, str]:
    sessions = tmp_path / "sessions"
    monkeypatch.setenv("SIAE_TUI_SESSIONS", str(sessions))
    monkeypatch.setenv("SIAE_TUI_REFERENTIELS", str(DATA))
    store = SessionStore(sessions, [mini])
    session = store.create(audited(mini))
    session.close()
    return store, session.id


def test_cli_writes_the_dossier_in_markdown_or_html(
    tmp_path: Path, mini: Referentiel, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _store, session_id = _session(tmp_path, mini, monkeypatch)
    assert main(["evidence", session_id]) == 0
    assert capsys.readouterr().out.startswith("# Dossier de preuves — Régie Élan")
    assert main(["evidence", session_id, "--format", "html"]) == 0
    assert capsys.readouterr().out.startswith("<!DOCTYPE html>")
    out = tmp_path / "dossier.html"
    assert main(["evidence", session_id, "-o", str(out)]) == 0
    assert f"Dossier de preuves écrit : {out}" in capsys.readouterr().err
    assert '<tr class="gap">' in out.read_text(encoding="utf-8")
    assert main(["evidence", session_id, "-o", str(tmp_path / "dossier.xlsx")]) == 1
    assert "le dossier de preuves s'écrit en .md ou .html" in capsys.readouterr().err
    assert main(["evidence", "inconnue"]) == 1
    assert "introuvable" in capsys.readouterr().err


def test_cli_recap_radar_and_compare_show_targets(
    tmp_path: Path, mini: Referentiel, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    store, session_id = _session(tmp_path, mini, monkeypatch)
    monkeypatch.setenv("COLUMNS", "140")
    assert main(["recap", session_id]) == 0
    out = capsys.readouterr().out
    assert "Cible" in out and "100,0 %" in out
    assert "Cibles sous la note actuelle (à vérifier) : 1.1.1" in out
    assert main(["recap", session_id, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["total"]["target_percent"] == 88.9
    assert main(["radar", session_id]) == 0
    assert "Cible" in capsys.readouterr().out
    # A year later: the re-scoring carries the targets, the comparison says which were reached.
    again = store.duplicate(session_id, date=dt.date(2027, 3, 1), label="Revue 2027")
    again.set_value("1.1.2", 3)
    again.set_value("2.1.1", 1)
    again.close()
    assert main(["compare", session_id, again.id]) == 0
    out = capsys.readouterr().out
    assert "Cibles atteintes : 1 / 3 :" in out and "1.1.2  cible 3 → 3  atteinte" in out
    assert "1.1.1  cible 2 → 3 (reprise)  pas encore notée" in out  # carried over, not yet confirmed
    assert main(["recap", again.id]) == 0
    assert "Préc." not in capsys.readouterr().out  # no target of its own yet: the recap is as before
