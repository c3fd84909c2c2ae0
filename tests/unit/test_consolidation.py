"""A network's consolidation: figures by hand, anonymity, duplicates, skipped files, positioning, the CLI."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import pytest

from siae_tui.collect import collect
from siae_tui.domain.consolidation import (
    ConsolidationError,
    Entry,
    consolidate,
    entry_of,
    histogram,
    parse_by,
    position,
    quartiles,
    share,
)
from siae_tui.domain.evaluation import Evaluation
from siae_tui.domain.loader import load_referentiel
from siae_tui.domain.model import Referentiel
from siae_tui.report.consolidation import (
    consolidation_csv,
    consolidation_document,
    consolidation_html,
    consolidation_json,
    consolidation_markdown,
    consolidation_text,
    position_csv,
    position_html,
    position_json,
    position_markdown,
    position_text,
)
from siae_tui.report.export_json import export_json
from siae_tui.store import SessionStore
from tests.cli import Run, run_cli
from tests.conftest import DATA, REPO

SECRET_NOTE = "Note-confidentielle-XYZ"


@pytest.fixture(scope="module")
def mini() -> Referentiel:
    return load_referentiel(DATA / "mini-referentiel.yaml")


def evaluation(
    ref: Referentiel,
    name: str,
    values: dict,
    *,
    kind: str = "ACI",
    date: dt.date = dt.date(2026, 3, 1),
    siret: str | None = None,
    territory: str | None = None,
) -> Evaluation:
    return Evaluation(
        ref.id,
        ref.version,
        name,
        date,
        kind,
        "Revue",
        ["Awa"],
        values,
        {"1.1.1": SECRET_NOTE},
        siret=siret,
        territory=territory,
    )


# Five ACI SIAE on the mini référentiel (for ACI, 2.1.2 does not apply: axis 2 is 2.1.1 alone).
#        1.1.1 1.1.2 | 2.1.1 | 3.1.1
# S1:      0     0   |   0   |  (unscored)
# S2:      1     0   |   1   |   1
# S3:      2     1   |   2   |   1
# S4:      3     2   |   3   |   2
# S5:      3     3   |   3   |   3
FIVE = [
    {"1.1.1": 0, "1.1.2": 0, "2.1.1": 0},
    {"1.1.1": 1, "1.1.2": 0, "2.1.1": 1, "3.1.1": 1},
    {"1.1.1": 2, "1.1.2": 1, "2.1.1": 2, "3.1.1": 1},
    {"1.1.1": 3, "1.1.2": 2, "2.1.1": 3, "3.1.1": 2},
    {"1.1.1": 3, "1.1.2": 3, "2.1.1": 3, "3.1.1": 3},
]
#: Valid SIRETs (Luhn), one per SIAE of the tests.
SIRETS = ["73282932000074", "44306184100047", "35600000000048", "35600000049837", "05123456789010"]


def entries(ref: Referentiel, rows: list[dict], kind: str = "ACI", prefix: str = "Régie") -> list[Entry]:
    return [
        entry_of(ref, evaluation(ref, f"{prefix} {n}", values, kind=kind), f"{prefix}-{n}.json")
        for n, values in enumerate(rows)
    ]


def test_quartiles_by_hand() -> None:
    # Inclusive method: position (n - 1) × p in the sorted values, interpolated.
    # [10, 20, 30, 40, 50, 60]: Q1 at 1.25 → 20 + 0.25 × 10 = 22.5; median at 2.5 → 35; Q3 at 3.75 → 47.5.
    q = quartiles([60, 10, 30, 20, 50, 40])
    assert (q.q1, q.median, q.q3) == (22.5, 35.0, 47.5)
    assert (quartiles([42.0]).median, quartiles([42.0]).q1) == (42.0, 42.0)
    assert histogram([0, 9.9, 10, 55, 99.9, 100]) == (2, 1, 0, 0, 0, 1, 0, 0, 0, 2)
    assert share([(1, 4), (2, 4)]) == 37.5 and share([]) == 0.0


def test_group_figures_by_hand(mini: Referentiel) -> None:
    result = consolidate(mini, entries(mini, FIVE), by=["type"])
    [group] = result.groups
    assert group.by == {"structure_type": "ACI"} and group.count == 5
    axes = {s.id: s for s in group.axes}
    # Axis 1 (max 6): 0/6, 1/6, 3/6, 5/6, 6/6 = 0, 16.7, 50, 83.3, 100 → Q1 16.7, median 50, Q3 83.3 (n = 5:
    # positions 1, 2, 3 exactly). Implemented (2 or 3): 0 + 0 + 1 + 2 + 2 = 5 of 10 applicable = 50 %.
    assert (axes["1"].q1, axes["1"].median, axes["1"].q3, axes["1"].implemented_share) == (16.7, 50.0, 83.3, 50.0)
    assert axes["1"].histogram == (1, 1, 0, 0, 0, 1, 0, 0, 1, 1)
    # Axis 2 (2.1.1 only, max 3): 0, 33.3, 66.7, 100, 100 → Q1 33.3, median 66.7, Q3 100; implemented 3/5 = 60 %.
    assert (axes["2"].q1, axes["2"].median, axes["2"].q3, axes["2"].implemented_share) == (33.3, 66.7, 100.0, 60.0)
    # Axis 3 (3.1.1, unscored counts 0): 0, 33.3, 33.3, 66.7, 100 → Q1 33.3, median 33.3, Q3 66.7; 2/5 = 40 %.
    assert (axes["3"].q1, axes["3"].median, axes["3"].q3, axes["3"].implemented_share) == (33.3, 33.3, 66.7, 40.0)
    # Total (max 12): 0/12, 3/12, 6/12, 10/12, 12/12 = 0, 25, 50, 83.3, 100; implemented 10 of 20 = 50 %.
    assert (group.total.q1, group.total.median, group.total.q3, group.total.implemented_share) == (
        25.0,
        50.0,
        83.3,
        50.0,
    )
    # Most often 0 or 1: 1.1.2 3/5 = 60 %, 3.1.1 2/4 scored = 50 %, then 1.1.1 and 2.1.1 2/5 = 40 % (référentiel order).
    assert [(w.id, w.low, w.scored, w.share) for w in group.weakest] == [
        ("1.1.2", 3, 5, 60.0),
        ("3.1.1", 2, 4, 50.0),
        ("1.1.1", 2, 5, 40.0),
        ("2.1.1", 2, 5, 40.0),
    ]
    document = consolidation_document(result)
    assert document["format"] == "siae-tui/consolidation" and document["format_version"] == 1
    assert document["count"] == 5 and document["groups"][0]["by"] == {"structure_type": "ACI"}
    assert document["groups"][0]["axes"][0] | {"title": ""} == {
        "id": "1",
        "title": "",
        "count": 5,
        "median": 50.0,
        "q1": 16.7,
        "q3": 83.3,
        "implemented_share": 50.0,
        "histogram": [1, 1, 0, 0, 0, 1, 0, 0, 1, 1],
    }


def test_a_group_of_four_is_held_back(mini: Referentiel) -> None:
    result = consolidate(mini, entries(mini, FIVE) + entries(mini, FIVE[:4], kind="AI", prefix="Asso"), by=["type"])
    assert [dict(g.by) for g in result.groups] == [{"structure_type": "ACI"}]
    assert (result.held_back_groups, result.held_back_siae) == (1, 4)
    assert "1 groupe(s) de moins de 5 SIAE non montré(s) (4 SIAE)" in consolidation_text(result)
    assert consolidation_document(result)["held_back"] == {"groups": 1, "siae": 4}
    # All nine SIAE less the five ACI shown would give the four AI's histograms: the whole set is withheld.
    assert result.overall is None and result.overall_withheld
    assert "Ensemble des SIAE non montré" in consolidation_text(result)
    # Five held back (two groups): together they are a group of five, the whole set may be shown.
    mixed = (
        entries(mini, FIVE)
        + entries(mini, FIVE[:3], kind="AI", prefix="A")
        + entries(mini, FIVE[:2], kind="EI", prefix="E")
    )
    shown = consolidate(mini, mixed, by=["type"])
    assert shown.overall is not None and shown.overall.count == 10 and shown.held_back_siae == 5
    assert len(consolidate(mini, entries(mini, FIVE[:4]), min_group=4).groups) == 1


def test_one_siae_counts_once_per_year_latest_kept(mini: Referentiel) -> None:
    march = evaluation(mini, "Régie Élan", FIVE[0], date=dt.date(2026, 3, 1), siret=SIRETS[0])
    september = evaluation(mini, "REGIE ELAN (nouveau nom)", FIVE[4], date=dt.date(2026, 9, 1), siret=SIRETS[0])
    same_name = evaluation(mini, "régie  élan", FIVE[2], date=dt.date(2026, 5, 1))  # no SIRET: another identity
    others = entries(mini, FIVE[1:4])
    result = consolidate(
        mini, [entry_of(mini, september, "b.json"), entry_of(mini, march, "a.json"), *others], min_group=4
    )
    assert (result.evaluations, result.siae, result.duplicates) == (5, 4, 1)
    assert result.duplicate_sources == [("a.json", "b.json")]  # for the console, never in the outputs
    [group] = result.groups
    # The September evaluation (100 % on axis 1) is kept, not March's (0 %): values 16.7, 50, 83.3, 100;
    # n = 4: Q1 at 0.75 → 16.7 + 0.75 × 33.3 = 41.7; median (50 + 83.3) / 2 = 66.7; Q3 at 2.25 → 87.5.
    assert sorted(s for s in [group.axes[0].median, group.axes[0].q1, group.axes[0].q3]) == [41.7, 66.7, 87.5]
    assert "1 évaluation(s) en double (même SIAE, même année) écartée(s) : la plus récente est retenue." in (
        consolidation_text(result)
    )
    # Folded names identify a SIAE without SIRET: « Régie  élan » = « régie élan ».
    twice = [entry_of(mini, same_name, "c.json"), entry_of(mini, evaluation(mini, "Régie Élan", FIVE[1]), "d.json")]
    assert consolidate(mini, twice, min_group=1).duplicates == 1


def test_axes_that_moved_for_siae_evaluated_two_years(mini: Referentiel) -> None:
    rows = []
    for n in range(5):
        name = f"Régie {n}"
        rows.append(entry_of(mini, evaluation(mini, name, FIVE[n], date=dt.date(2025, 3, 1)), f"{n}-2025.json"))
        after = dict(FIVE[n], **{"2.1.1": 3})  # axis 2 moves, the others stay
        rows.append(entry_of(mini, evaluation(mini, name, after, date=dt.date(2026, 3, 1)), f"{n}-2026.json"))
    result = consolidate(mini, rows, by=["type"])
    [group] = result.groups
    assert group.count == 5 and result.earlier_years == 5 and group.evaluated_twice == 5
    # Axis 2 changes: 0 → 100, 33.3 → 100, 66.7 → 100, 100 → 100 twice: +100, +66.7, +33.3, 0, 0 → median +33.3.
    first = group.movements[0]
    assert (first.id, first.median_change, first.q1_change, first.q3_change, first.up, first.down) == (
        "2",
        33.3,
        0.0,
        66.7,
        3,
        0,
    )
    by_year = consolidate(mini, rows, by=["type", "annee"])
    assert [g.by["year"] for g in by_year.groups] == ["2025", "2026"]
    assert by_year.groups[0].movements == [] and by_year.groups[1].evaluated_twice == 5
    # Fewer than --min-group SIAE evaluated twice: the movements are not shown.
    assert consolidate(mini, rows[:8] + entries(mini, FIVE[:1], prefix="Autre"), by=["type"]).groups[0].movements == []


def test_positioning_against_the_group(mini: Referentiel) -> None:
    result = consolidate(mini, entries(mini, FIVE) + entries(mini, FIVE[:2], kind="EI", prefix="EI"))
    mine = entry_of(mini, evaluation(mini, "Ma SIAE", FIVE[3]), "mine.json")
    where = position(result, mine)
    assert where.shown and where.group_count == 5
    axis1 = where.axes[0]
    assert (axis1.value, axis1.median, axis1.q1, axis1.q3, axis1.placement) == (
        83.3,
        50.0,
        16.7,
        83.3,
        "dans la moitié centrale",
    )
    assert where.axes[1].placement == "dans la moitié centrale" and where.total.value == 83.3
    text = position_text(where)
    assert "Comparée au groupe « Type ACI » : 5 SIAE." in text and "Médiane du groupe" in text
    small = position(result, entry_of(mini, evaluation(mini, "Mon EI", FIVE[1], kind="EI"), "ei.json"))
    assert not small.shown and small.group_count == 2 and small.axes[0].median is None
    assert "trop petit pour être montré : 2 SIAE, il en faut au moins 5" in position_text(small)
    assert json.loads(position_json(small))["group"] == {"by": {"structure_type": "EI"}, "count": 2, "shown": False}
    for rendered in (position_markdown(where), position_html(where, "Mini"), position_csv(where)):
        assert "83,3" in rendered and "Ma SIAE" not in rendered and SECRET_NOTE not in rendered


def test_no_name_siret_or_note_in_any_format(mini: Referentiel) -> None:
    rows = [
        entry_of(mini, evaluation(mini, f"Zèbre Solidaire {n}", FIVE[n], siret=SIRETS[n], territory="35"), f"f{n}.json")
        for n in range(5)
    ]
    result = consolidate(mini, rows, by=["type", "territoire"], min_group=5)
    assert result.groups
    for rendered in (
        consolidation_text(result),
        consolidation_markdown(result),
        consolidation_html(result),
        consolidation_json(result),
        consolidation_csv(result),
    ):
        for secret in ("Zèbre", "zebre", SECRET_NOTE, *SIRETS, "Awa"):
            assert secret.casefold() not in rendered.casefold()


def test_without_groupings_the_one_group_is_everyone(mini: Referentiel) -> None:
    result = consolidate(mini, entries(mini, FIVE), by=parse_by(""))
    assert result.overall is None and [(dict(g.by), g.count) for g in result.groups] == [({}, 5)]
    assert position(result, entries(mini, FIVE)[0]).shown


def test_unknown_grouping_is_refused_in_french() -> None:
    assert parse_by("Type, annee,type") == ("type", "annee")
    with pytest.raises(ConsolidationError, match="regroupement « region » inconnu"):
        parse_by("type,region")


def _write_exports(folder: Path, ref: Referentiel, rows: list[dict], kind: str = "ACI", name: str = "Zèbre") -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for n, values in enumerate(rows):
        text = export_json(
            ref, evaluation(ref, f"{name} {n}", values, kind=kind, siret=SIRETS[n % 4] if n < 4 else None)
        )
        (folder / f"export-{kind}-{n}.json").write_text(text, "utf-8")


def test_corrupt_foreign_and_hostile_files_are_listed_and_never_stop_the_run(
    tmp_path: Path, referentiel: Referentiel
) -> None:
    good = tmp_path / "exports"
    values = [{p.id: (n + i) % 4 for i, p in enumerate(referentiel.practices)} for n in range(5)]
    _write_exports(good, referentiel, values)
    (good / "corrupt.json").write_text('{"format": "siae-tui/evaluation", ', "utf-8")
    (good / "notes.txt").write_text("ignored: not .json in a folder", "utf-8")
    cedre = load_referentiel(REPO / "referentiel" / "cedre-v2.yaml")
    (good / "cedre.json").write_text(export_json(cedre, evaluation(cedre, "Autre", {})), "utf-8")
    os.mkfifo(good / "fifo.json")
    hostile = DATA / "hostile"
    collected = collect(
        [str(good), str(hostile / "imports"), str(hostile / "sessions"), str(tmp_path / "absent.json")],
        [referentiel, cedre],
        workers=1,
    )
    assert collected.referentiel is not None and collected.referentiel.id == referentiel.id
    reasons = {Path(s.path).name: s.reason for s in collected.skipped}
    assert "JSON invalide ou fichier tronqué" in reasons["corrupt.json"]
    assert "référentiel « cedre-v2 »" in reasons["cedre.json"]
    assert "pas un fichier ordinaire" in reasons["fifo.json"]
    assert reasons["absent.json"] == "fichier ou dossier introuvable"
    assert "UTF-16" in reasons["utf16.json"] and "surrogate" in reasons["surrogate.json"]
    assert "notes.txt" not in reasons
    # The hostile corpus's good sessions are consolidated with the exports; every reason is French, one line.
    assert len(collected.entries) >= 5
    assert all(r and "\n" not in r and "\x1b" not in r and "Traceback" not in r for r in reasons.values())


def test_many_files_are_read_by_worker_processes_in_order(
    tmp_path: Path, referentiel: Referentiel, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("siae_tui.collect.PARALLEL_FROM", 2)
    monkeypatch.setattr("siae_tui.collect._CHUNK", 3)
    values = [{p.id: (n * i) % 4 for i, p in enumerate(referentiel.practices)} for n in range(8)]
    _write_exports(tmp_path / "a", referentiel, values)
    (tmp_path / "a" / "broken.json").write_text("[", "utf-8")
    one = collect([str(tmp_path / "a")], [referentiel], workers=1)
    many = collect([str(tmp_path / "a")], [referentiel], workers=2)
    assert [e.source for e in one.entries] == [e.source for e in many.entries]
    assert [e.axes for e in one.entries] == [e.axes for e in many.entries] and many.skipped == one.skipped


def _cli(*args: str, cwd: Path) -> Run:
    return run_cli(args, cwd=cwd, env={"SIAE_TUI_SESSIONS": str(cwd / "sessions")})


def test_cli_every_format_strict_and_position(tmp_path: Path, referentiel: Referentiel) -> None:
    values = [{p.id: (n + i) % 4 for i, p in enumerate(referentiel.practices)} for n in range(6)]
    _write_exports(tmp_path / "exports", referentiel, values)
    store = SessionStore(tmp_path / "sessions", [referentiel])
    for n in range(2):  # session files among the exports: same figures, same anonymity
        store.create(evaluation(referentiel, f"Zèbre session {n}", values[n], kind="ACI")).close()
    (tmp_path / "exports" / "broken.json").write_text("{", "utf-8")
    earlier = evaluation(referentiel, "Zèbre 0 (ancien nom)", values[5], date=dt.date(2026, 1, 15), siret=SIRETS[0])
    (tmp_path / "exports" / "dup.json").write_text(export_json(referentiel, earlier), "utf-8")
    outputs = {}
    for fmt in ("text", "md", "html", "json", "csv"):
        run = _cli("consolidate", "exports", "sessions", "--format", fmt, "-o", f"out.{fmt}", cwd=tmp_path)
        assert run.returncode == 0, run.stderr
        assert "fichier écarté n°1 : exports/broken.json : fichier illisible : JSON invalide" in run.stderr
        assert "doublon écarté : exports/dup.json (même SIAE, même année : exports/export-ACI-0.json est retenu)" in (
            run.stderr
        )
        outputs[fmt] = (tmp_path / f"out.{fmt}").read_text("utf-8-sig")
    for fmt, text in outputs.items():
        for secret in ("Zèbre", "zebre", SECRET_NOTE, *SIRETS):
            assert secret.casefold() not in text.casefold(), fmt
    document = json.loads(outputs["json"])
    assert document["count"] == 8 and document["groups"][0]["count"] == 8
    assert (document["evaluations"], document["duplicates"]) == (9, 1)
    assert document["skipped"] == [
        {
            "path": "fichier écarté n°1",  # never the path: session files are named after their SIAE
            "reason": "fichier illisible : JSON invalide ou fichier tronqué (ligne 1, colonne 2)",
        }
    ]
    assert (tmp_path / "out.csv").read_bytes().startswith(b"\xef\xbb\xbf") and ";" in outputs["csv"]
    strict = _cli("consolidate", "exports", "--strict", cwd=tmp_path)
    assert strict.returncode == 1 and "--strict" in strict.stderr and not strict.stdout
    placed = _cli("consolidate", "exports", "--position", "exports/export-ACI-0.json", cwd=tmp_path)
    assert placed.returncode == 0 and "Comparée au groupe « Type ACI » : 6 SIAE." in placed.stdout
    small = _cli("consolidate", "exports", "--position", "exports/export-ACI-0.json", "--min-group", "7", cwd=tmp_path)
    assert "trop petit pour être montré : 6 SIAE, il en faut au moins 7" in small.stdout
    session_id = next(p.stem for p in (tmp_path / "sessions").glob("*.json") if not p.name.startswith("."))
    by_id = _cli("consolidate", "exports", "--position", session_id, "--format", "json", cwd=tmp_path)
    assert json.loads(by_id.stdout)["format"] == "siae-tui/position"
    for bad in (["--by", "region"], ["--min-group", "0"], ["--position", "inconnue"]):
        run = _cli("consolidate", "exports", *bad, cwd=tmp_path)
        assert run.returncode != 0 and "Traceback" not in run.stderr and run.stderr.startswith("siae-tui")
    nothing = _cli("consolidate", "nowhere", cwd=tmp_path)
    assert nothing.returncode == 1 and "aucune évaluation consolidable" in nothing.stderr


def test_progress_bar_on_a_terminal_only(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, referentiel: Referentiel
) -> None:
    from siae_tui.cli.consolidate_cmd import _ProgressBar

    bar = _ProgressBar()
    for done in range(1, 5):
        bar(done, 4)
    err = capsys.readouterr().err
    assert err.startswith("\rLecture 1/4 [") and err.endswith("] 100 %\n")
    _write_exports(tmp_path / "e", referentiel, [{}] * 5)
    piped = _cli("consolidate", "e", cwd=tmp_path)  # stderr is a pipe, not a terminal: no bar
    assert piped.returncode == 0 and "Lecture" not in piped.stderr


def test_a_skipped_file_is_named_by_number_in_the_network_output_never_by_its_path() -> None:
    """Session files are named after their SIAE: a skipped one must not put that name in the output."""
    from siae_tui.cli.consolidate_cmd import anonymous_skipped
    from siae_tui.domain.consolidation import Skipped

    path = "/reseau/sessions/2026-03-12-regie-elan.json"
    [shown] = anonymous_skipped([Skipped(path, f"session illisible ({path}) : 2026-03-12-regie-elan.json tronqué")])
    assert shown.path == "fichier écarté n°1"
    assert "regie-elan" not in shown.path + shown.reason and "session illisible" in shown.reason
