"""JSON and Markdown exports, and importing an export back."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from siae_tui.cli import main
from siae_tui.domain.evaluation import Evaluation
from siae_tui.domain.importer import ImportRefused, parse_export
from siae_tui.domain.loader import load_referentiel
from siae_tui.domain.model import Referentiel
from siae_tui.report.export_json import export_document, export_json
from siae_tui.report.export_markdown import escape, export_markdown
from siae_tui.store import SessionStore
from tests.conftest import DATA

GOLDEN = DATA / "golden" / "mini-report.md"


@pytest.fixture(scope="module")
def mini() -> Referentiel:
    return load_referentiel(DATA / "mini-referentiel.yaml")


def mini_evaluation(mini: Referentiel) -> Evaluation:
    return Evaluation(
        mini.id,
        mini.version,
        "Régie Élan",
        dt.date(2026, 3, 12),
        "ACI",
        "Revue 2026",
        participants=["Awa (CIP)", "Marc"],
        values={"1.1.1": 3, "1.1.2": 1, "2.1.1": 0, "3.1.1": "na"},
        notes={"1.1.2": "Convention à signer | avant juin", "2.1.1": "Former l'équipe *vite*\nen 2026"},
        development_axes={"1": "Livret d'accueil"},
        created="2026-03-12T09:00:00+00:00",
        updated="2026-03-12T11:30:00+00:00",
    )


def test_json_export_structure_and_hand_computed_recap(mini: Referentiel) -> None:
    data = json.loads(export_json(mini, mini_evaluation(mini)))
    assert (data["format"], data["format_version"]) == ("siae-tui/evaluation", 1)
    assert data["referentiel"] == {"id": "mini", "version": "1", "title": "Mini référentiel de test"}
    assert data["evaluation"]["date"] == "2026-03-12" and data["evaluation"]["participants"] == ["Awa (CIP)", "Marc"]
    # Every practice, in order, null when unscored; 2.1.2 does not concern an ACI.
    assert [(s["practice"], s["value"]) for s in data["scores"]] == [
        ("1.1.1", 3),
        ("1.1.2", 1),
        ("2.1.1", 0),
        ("2.1.2", "na"),
        ("3.1.1", "na"),
    ]
    assert data["scores"][3]["applies"] is False
    assert data["development_axes"] == {"1": "Livret d'accueil", "2": "", "3": ""}
    # By hand: axis 1 = 4/6 = 66.7 %, axis 2 = 0/3, axis 3 nothing applicable; total 4/9 = 44.4 %.
    axes = {
        a["id"]: (a["score"], a["max"], a["percent"], a["implemented"], a["applicable"], a["unscored"])
        for a in data["recap"]["axes"]
    }
    assert axes == {"1": (4, 6, 66.7, 1, 2, 0), "2": (0, 3, 0.0, 0, 1, 0), "3": (0, 0, 0.0, 0, 0, 0)}
    total = data["recap"]["total"]
    assert (total["score"], total["max"], total["percent"]) == (4, 9, 44.4)
    assert data["recap"]["activities"][0]["objective"] == "Recruter avec les prescripteurs"
    assert isinstance(total["percent"], float)


def test_json_keeps_accents(mini: Referentiel) -> None:
    assert "Régie Élan" in export_json(mini, mini_evaluation(mini))


def test_round_trip_gives_the_same_scores_notes_and_recap(referentiel: Referentiel) -> None:
    values = {p.id: i % 4 for i, p in enumerate(referentiel.practices[:120])} | {"5.3.1": "na"}
    original = Evaluation(
        referentiel.id,
        referentiel.version,
        "Tremplin",
        dt.date(2025, 6, 1),
        "EI",
        "Revue",
        ["Léa"],
        values,
        {"2.4.1": "à voir | bientôt 🚀", "5.3.1": "hors champ"},
        {"2": "Partenariats"},
    )
    text = export_json(referentiel, original)
    again = parse_export(text, [referentiel])
    assert again.values == original.values and again.notes == original.notes
    assert again.development_axes == original.development_axes
    second = export_document(referentiel, again)
    first = export_document(referentiel, original)
    assert second["scores"] == first["scores"] and second["recap"] == first["recap"]


def test_markdown_golden_file(mini: Referentiel) -> None:
    """The whole report for a small session; regenerate deliberately if the format changes."""
    assert export_markdown(mini, mini_evaluation(mini)) == GOLDEN.read_text(encoding="utf-8")


HOSTILE = [
    "a | b | c",
    "`code` and ``` fences",
    "<script>alert('x')</script>",
    "**gras** _it_ [lien](http://x)",
    "ligne 1\nligne 2\r\nligne 3",
    "x" * 3000,
    "emoji 🚀🎉 et accents éàü",
    "# titre",
    "\\|",
]


@pytest.mark.parametrize("note", HOSTILE)
def test_hostile_notes_cannot_break_tables(mini: Referentiel, note: str) -> None:
    evaluation = mini_evaluation(mini)
    evaluation.notes = {"1.1.2": note}
    evaluation.siae = note
    markdown = export_markdown(mini, evaluation)
    for line in markdown.splitlines():
        if line.startswith("|"):
            unescaped = len(re.findall(r"(?<!\\)\|", line))
            assert unescaped in (5, 8, 9), line  # practice tables have 5 pipes, recap tables 8 or 9
    assert "<script>" not in markdown
    assert "\nligne 2" not in markdown


def test_escape_keeps_text_readable() -> None:
    assert escape("a | b") == "a \\| b"
    assert escape("Tom & <b>") == "Tom &amp; &lt;b&gt;"
    assert escape("un\ndeux") == "un / deux"


def test_improvement_plan_lists_0_and_1_with_a_note(mini: Referentiel) -> None:
    plan = export_markdown(mini, mini_evaluation(mini)).split("## Plan d'amélioration", 1)[1]
    assert "1.1.2" in plan and "2.1.1" in plan and "1.1.1" not in plan


@pytest.mark.parametrize(
    "mutate,expected",
    [
        (lambda d: d.update(format="autre"), "ce n'est pas un export siae-tui"),
        (lambda d: d.update(format_version=3), "version plus récente"),
        (lambda d: d["referentiel"].update(id="inconnu"), "référentiel « inconnu » version 1 inconnu"),
        (
            lambda d: d["scores"].append({"practice": "9.9.9", "value": 1}),
            "scores[5].practice : pratique « 9.9.9 » inconnue",
        ),
        (lambda d: d["scores"][0].update(value=4), "scores[0].value : valeur 4 invalide"),
        (lambda d: d["scores"][0].update(value="3"), "scores[0].value : valeur '3' invalide"),
        (lambda d: d["scores"][1].update(note=12), "scores[1].note : un texte est attendu"),
        (lambda d: d["scores"].append(dict(d["scores"][0])), "présente deux fois"),
        (lambda d: d["evaluation"].update(date="12/03/2026"), "evaluation.date : date invalide"),
        (lambda d: d["development_axes"].update({"9": "x"}), "development_axes.9 : axe inconnu"),
    ],
)
def test_invalid_exports_are_refused_with_the_place(mini: Referentiel, mutate, expected: str) -> None:
    document = export_document(mini, mini_evaluation(mini))
    mutate(document)
    with pytest.raises(ImportRefused) as refused:
        parse_export(json.dumps(document), [mini])
    assert expected in str(refused.value)


def test_truncated_file_is_refused(mini: Referentiel) -> None:
    text = export_json(mini, mini_evaluation(mini))
    with pytest.raises(ImportRefused, match="JSON invalide ou fichier tronqué"):
        parse_export(text[: len(text) // 2], [mini])


def _cli_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, mini: Referentiel) -> Path:
    sessions = tmp_path / "sessions"
    monkeypatch.setenv("SIAE_TUI_SESSIONS", str(sessions))
    monkeypatch.setenv("SIAE_TUI_REFERENTIELS", str(DATA))
    return sessions


def test_cli_export_import_export(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, mini: Referentiel, capsys) -> None:
    sessions = _cli_env(tmp_path, monkeypatch, mini)
    session = SessionStore(sessions, [mini]).create(mini_evaluation(mini))
    session.close()
    out = tmp_path / "export.json"
    assert main(["export", session.id, "--format", "json", "-o", str(out)]) == 0
    assert f"Export écrit : {out}" in capsys.readouterr().err
    assert main(["import", str(out)]) == 0
    new_id = capsys.readouterr().out.split(": ", 1)[1].strip()
    assert main(["export", new_id, "--format", "json"]) == 0
    again = json.loads(capsys.readouterr().out)
    first = json.loads(out.read_text(encoding="utf-8"))
    assert again["scores"] == first["scores"] and again["recap"] == first["recap"]
    assert main(["export", session.id, "--format", "md"]) == 0
    assert capsys.readouterr().out.startswith("# Auto-évaluation « Mini » — Régie Élan")


def test_cli_import_refusal_creates_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, mini: Referentiel, capsys
) -> None:
    sessions = _cli_env(tmp_path, monkeypatch, mini)
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "siae-tui/evaluation", "format_version": 1, "scores": [', encoding="utf-8")
    assert main(["import", str(bad)]) == 1
    err = capsys.readouterr().err
    assert "import refusé, rien n'a été créé" in err and str(bad) in err and "Traceback" not in err
    assert not sessions.exists() or not list(sessions.glob("*.json"))


json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 10) | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=12,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(garbage=st.one_of(st.text(max_size=200), json_values.map(json.dumps)))
def test_random_input_is_refused_cleanly(mini: Referentiel, garbage: str) -> None:
    with pytest.raises(ImportRefused):
        parse_export(garbage, [mini])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    path=st.lists(
        st.sampled_from(
            [
                "scores",
                0,
                1,
                "value",
                "note",
                "evaluation",
                "date",
                "siae",
                "practice",
                "referentiel",
                "id",
                "participants",
                "development_axes",
                "1",
            ]
        ),
        min_size=1,
        max_size=3,
    ),
    replacement=json_values,
)
def test_mutated_exports_import_or_refuse_never_crash(mini: Referentiel, path: list, replacement) -> None:
    document = export_document(mini, mini_evaluation(mini))
    target = document
    for key in path[:-1]:
        try:
            target = target[key]
        except (KeyError, IndexError, TypeError):
            return
    try:
        target[path[-1]] = replacement
    except (IndexError, TypeError):
        return
    try:
        evaluation = parse_export(json.dumps(document), [mini])
    except ImportRefused:
        return
    # Whatever was accepted is a valid evaluation of the référentiel.
    assert all(mini.has_practice(p) for p in evaluation.values)
    assert isinstance(evaluation.date, dt.date) and evaluation.siae.strip()
