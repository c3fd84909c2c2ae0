"""Comparing two evaluations, hand-written, and one SIAE's history."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from siae_tui.cli import main
from siae_tui.domain.compare import compare
from siae_tui.domain.evaluation import Evaluation
from siae_tui.domain.history import history, same_siae
from siae_tui.domain.loader import load_referentiel, parse_referentiel
from siae_tui.domain.model import Referentiel
from siae_tui.report.compare import compare_markdown, compare_text, signed_change
from siae_tui.report.history import history_chart
from siae_tui.store import SessionStore
from tests.conftest import DATA


@pytest.fixture(scope="module")
def mini() -> Referentiel:
    return load_referentiel(DATA / "mini-referentiel.yaml")


def evaluation(ref: Referentiel, values: dict, date: dt.date, label: str = "") -> Evaluation:
    return Evaluation(ref.id, ref.version, "Régie Élan", date, "AI", label, values=values)


# 2025: 1.1.1=1, 1.1.2=3, 2.1.1=2, 2.1.2 unscored, 3.1.1=0
# 2026: 1.1.1=3, 1.1.2=2, 2.1.1=2, 2.1.2=1,        3.1.1=na
EARLIER = {"1.1.1": 1, "1.1.2": 3, "2.1.1": 2, "3.1.1": 0}
CURRENT = {"1.1.1": 3, "1.1.2": 2, "2.1.1": 2, "2.1.2": 1, "3.1.1": "na"}


def test_every_difference_by_hand(mini: Referentiel) -> None:
    c = compare(mini, evaluation(mini, EARLIER, dt.date(2025, 3, 1)), evaluation(mini, CURRENT, dt.date(2026, 3, 1)))
    axes = {a.id: (a.before, a.after, a.delta) for a in c.axes}
    # Axis 1: 4/6 = 66.7 % -> 5/6 = 83.3 %; axis 2: 2/6 = 33.3 % -> 3/6 = 50 %; axis 3: 0/3 -> nothing applicable.
    assert axes == {"1": (66.7, 83.3, 16.6), "2": (33.3, 50.0, 16.7), "3": (0.0, 0.0, 0.0)}
    assert signed_change(c.axes[0].delta) == "▲ +16,6" and signed_change(c.axes[2].delta) == "= 0,0"
    assert [(p.id, p.before, p.after) for p in c.up] == [("1.1.1", 1, 3)]
    assert [(p.id, p.before, p.after) for p in c.down] == [("1.1.2", 3, 2)]
    # 2.1.2 was not scored in 2025: scoring it is not progress, it is listed apart.
    assert [(p.id, p.before, p.after) for p in c.status_changed] == [("3.1.1", 0, "na")]
    assert [(p.id, p.before, p.after) for p in c.first_scored] == [("2.1.2", None, 1)]
    # Total: 6/15 = 40 % -> 8/12 = 66.7 %
    assert (c.total_before, c.total_after) == (40.0, 66.7)
    assert c.not_comparable == []


def test_first_scored_practices_are_not_progress(mini: Referentiel) -> None:
    """Axis 2 rises from 33,3 to 50 % only because 2.1.2 was scored: like for like, nothing moved."""
    c = compare(mini, evaluation(mini, EARLIER, dt.date(2025, 3, 1)), evaluation(mini, CURRENT, dt.date(2026, 3, 1)))
    axis2 = c.axes[1]
    assert (axis2.delta, axis2.first_scored, axis2.like_for_like_delta) == (16.7, 1, 0.0)
    assert (c.axes[0].first_scored, c.axes[0].like_for_like_delta) == (0, 16.6)
    activity = next(a for a in c.activities if a.id == "2.1")
    assert (activity.first_scored, activity.like_for_like_delta) == (1, 0.0)
    assert c.total is not None and c.total.first_scored == 1
    text = compare_text(c)
    assert "Notées pour la première fois (pas une progression) (1) :" in text
    assert "dont 1 pratique notée pour la première fois ; à pratiques égales : = 0,0" in text
    md = compare_markdown(c)
    assert (
        "| 2 · Accompagnement | 33,3 % | 50,0 % | ▲ +16,7 | 1 pratique notée pour la première fois ; à pratiques égales : = 0,0 |"
        in md
    )


def test_earlier_version_compares_on_shared_ids(mini: Referentiel) -> None:
    text = (DATA / "mini-referentiel.yaml").read_text(encoding="utf-8")
    v2 = parse_referentiel(
        text.replace('version: "1"', 'version: "2"').replace(
            '              - {id: "1.1.2", text: "Faire des retours aux prescripteurs"}\n',
            '              - {id: "1.1.3", text: "Nouvelle pratique"}\n',
        ),
        "v2.yaml",
    )
    earlier = evaluation(mini, EARLIER, dt.date(2025, 3, 1))
    current = Evaluation(v2.id, "2", "Régie Élan", dt.date(2026, 3, 1), "AI", values={"1.1.1": 3, "1.1.3": 3})
    c = compare(v2, earlier, current, mini)
    assert c.not_comparable == ["1.1.2", "1.1.3"]
    axis1 = c.axes[0]
    assert (axis1.before, axis1.after) == (33.3, 100.0)  # only 1.1.1 counts on both sides
    assert "Pratiques non comparables" in compare_text(c) and "1.1.3" in compare_markdown(c)


def test_markdown_of_a_comparison_reads_well(mini: Referentiel) -> None:
    md = compare_markdown(
        compare(
            mini,
            evaluation(mini, EARLIER, dt.date(2025, 3, 1), "Revue | 2025"),
            evaluation(mini, CURRENT, dt.date(2026, 3, 1), "Revue 2026"),
        )
    )
    assert md.startswith("# Évolution — Régie Élan\n")
    assert "**Évaluation précédente :** 01/03/2025 (Revue \\| 2025)" in md
    assert "| 1 · Accueil | 66,7 % | 83,3 % | ▲ +16,6 | — |" in md
    assert "## Pratiques en hausse (1)" in md and "| 1.1.1 | Travailler avec les prescripteurs | 1 | 3 |" in md


def test_history_in_date_order_and_chart(mini: Referentiel) -> None:
    points = history(
        mini,
        [("b", evaluation(mini, CURRENT, dt.date(2026, 3, 1))), ("a", evaluation(mini, EARLIER, dt.date(2025, 3, 1)))],
    )
    assert [p.session_id for p in points] == ["a", "b"]
    assert [p.axes["1"] for p in points] == [66.7, 83.3]
    chart = history_chart(mini, points)
    assert "Axe 1" in chart and "03/2025" in chart and "\x1b[" not in chart


def test_siae_names_match_loosely() -> None:
    assert same_siae("Régie  Élan", "regie elan") and not same_siae("Régie Élan", "Régie Est")


def test_cli_compare_and_history(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, mini: Referentiel, capsys) -> None:
    sessions = tmp_path / "sessions"
    monkeypatch.setenv("SIAE_TUI_SESSIONS", str(sessions))
    monkeypatch.setenv("SIAE_TUI_REFERENTIELS", str(DATA))
    store = SessionStore(sessions, [mini])
    first = store.create(evaluation(mini, EARLIER, dt.date(2025, 3, 1), "2025"))
    second = store.create(evaluation(mini, CURRENT, dt.date(2026, 3, 1), "2026"))
    first.close(), second.close()
    assert main(["compare", first.id, second.id, "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["total"] == {"before": 40.0, "after": 66.7, "delta": 26.7}
    assert main(["compare", first.id, second.id]) == 0
    assert "En baisse (1) :" in capsys.readouterr().out
    assert main(["history", "REGIE elan"]) == 0
    out = capsys.readouterr().out
    assert "2 évaluation(s)" in out and "01/03/2025" in out
    assert main(["history", "Inconnue"]) == 1
    assert "aucune session pour la SIAE « Inconnue » (SIAE connues : Régie Élan)" in capsys.readouterr().err
