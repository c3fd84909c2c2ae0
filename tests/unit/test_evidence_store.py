"""Evidence and targets in a session: one write per change, French refusals, old and hostile files."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from siae_tui.domain.evaluation import Evaluation
from siae_tui.domain.evidence import MAX_EVIDENCE_PER_PRACTICE, MAX_EVIDENCE_TITLE, Evidence, normalised
from siae_tui.domain.loader import load_referentiel
from siae_tui.domain.model import Referentiel
from siae_tui.domain.scoring import NOT_APPLICABLE
from siae_tui.store import Session, SessionError, SessionStore
from siae_tui.store.storage import AtomicJSONStorage
from tests.conftest import DATA
from tests.unit.test_evidence_exports import titles

HOSTILE_SESSIONS = DATA / "hostile" / "sessions"
LIVRET = Evidence("Livret d'accueil 2026", "https://intranet.example/livret.pdf", dt.date(2026, 1, 15))
CONVENTION = Evidence("Convention France Travail", "Classeur partenariats, étagère 2")


@pytest.fixture(scope="module")
def mini() -> Referentiel:
    return load_referentiel(DATA / "mini-referentiel.yaml")


@pytest.fixture
def store(tmp_path: Path, referentiel: Referentiel, mini: Referentiel) -> SessionStore:
    return SessionStore(tmp_path / "sessions", [referentiel, mini])


def new_session(store: SessionStore, referentiel: Referentiel, structure_type: str = "ACI") -> Session:
    return store.create(
        Evaluation(referentiel.id, referentiel.version, "Régie Élan", dt.date(2026, 3, 12), structure_type, "Revue")
    )


def document(session: Session) -> dict[str, Any]:
    return json.loads(session.path.read_text(encoding="utf-8"))["session"]["1"]


@pytest.fixture
def writes(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts the session files written to disk (one entry per durable write)."""
    counted: list[int] = []
    original = AtomicJSONStorage.write

    def counting(self: AtomicJSONStorage, data: dict[str, Any]) -> None:
        counted.append(1)
        original(self, data)

    monkeypatch.setattr(AtomicJSONStorage, "write", counting)
    return counted


def test_evidence_and_targets_survive_closing_and_reopening(store: SessionStore, referentiel: Referentiel) -> None:
    session = new_session(store, referentiel)
    session.add_evidence("1.1.1", LIVRET)
    session.add_evidence("1.1.1", CONVENTION)
    session.set_target("1.1.1", 3)
    session.set_target("2.4.1", 0)
    session.close()
    reopened = store.open(session.id)
    assert reopened.evaluation.evidence == {"1.1.1": [LIVRET, CONVENTION]}
    assert reopened.evaluation.targets == {"1.1.1": 3, "2.4.1": 0}
    saved = document(reopened)
    assert saved["format_version"] == 2
    assert saved["evidence"]["1.1.1"][0] == {
        "title": "Livret d'accueil 2026",
        "location": "https://intranet.example/livret.pdf",
        "date": "2026-01-15",
    }


def test_each_change_is_one_write(store: SessionStore, referentiel: Referentiel, writes: list[int]) -> None:
    session = new_session(store, referentiel)
    steps = [
        lambda: session.add_evidence("1.1.1", LIVRET),
        lambda: session.replace_evidence("1.1.1", 0, CONVENTION),
        lambda: session.remove_evidence("1.1.1", 0),
        lambda: session.set_target("1.1.1", 2),
        lambda: session.set_target("1.1.1", None),
    ]
    for step in steps:
        before = len(writes)
        step()
        assert len(writes) == before + 1
    assert document(session)["format_version"] == 1  # nothing left: written as before
    assert "evidence" not in document(session)
    before = len(writes)
    session.set_target("1.1.1", None)  # nothing to remove: nothing written
    assert len(writes) == before


def test_replace_and_remove_keep_the_order(store: SessionStore, referentiel: Referentiel) -> None:
    session = new_session(store, referentiel)
    third = Evidence("Compte rendu de réunion", date=dt.date(2025, 11, 3))
    for item in (LIVRET, CONVENTION, third):
        session.add_evidence("2.1.1", item)
    session.replace_evidence("2.1.1", 1, Evidence("Convention signée"))
    session.remove_evidence("2.1.1", 0)
    assert session.evaluation.evidence_of("2.1.1") == [Evidence("Convention signée"), third]
    session.remove_evidence("2.1.1", 1)
    session.remove_evidence("2.1.1", 0)
    assert session.evaluation.evidence == {}


def test_texts_are_stored_cleaned(store: SessionStore, referentiel: Referentiel) -> None:
    session = new_session(store, referentiel)
    session.add_evidence("1.1.1", Evidence("  Livret\n2026\x1b[31m  ", " \\\\serveur\\qualité\t"))
    assert session.evaluation.evidence_of("1.1.1") == [Evidence("Livret 2026", "\\\\serveur\\qualité")]


@pytest.mark.parametrize(
    "change,message",
    [
        (lambda s: s.add_evidence("9.9.9", LIVRET), "pratique « 9.9.9 » inconnue"),
        (lambda s: s.set_target("9.9.9", 2), "pratique « 9.9.9 » inconnue"),
        (lambda s: s.add_evidence("1.1.1", Evidence("   ")), "titre de la preuve (nom du document) est obligatoire"),
        (
            lambda s: s.add_evidence("1.1.1", Evidence("x" * (MAX_EVIDENCE_TITLE + 1))),
            f"texte trop long dans « titre de la preuve » ({MAX_EVIDENCE_TITLE + 1} caractères, "
            f"{MAX_EVIDENCE_TITLE} au plus)",
        ),
        (lambda s: s.add_evidence("1.1.1", Evidence("a", "u" * 2001)), "texte trop long dans « emplacement"),
        (lambda s: s.replace_evidence("1.1.1", 0, LIVRET), "preuve n°1 introuvable pour la pratique 1.1.1"),
        (lambda s: s.remove_evidence("1.1.1", -1), "preuve n°0 introuvable"),
        (lambda s: s.set_target("1.1.1", 4), "cible 4 impossible pour la pratique 1.1.1 (0 à 3)"),
        (lambda s: s.set_target("1.1.1", True), "cible True impossible"),
        (lambda s: s.set_target("1.1.2", 2), "la pratique 1.1.2 est notée non applicable : pas de cible possible"),
    ],
)
def test_refusals_are_french_and_change_nothing(
    store: SessionStore, referentiel: Referentiel, change: Any, message: str
) -> None:
    session = new_session(store, referentiel)
    session.set_value("1.1.2", NOT_APPLICABLE)
    on_disk = session.path.read_text(encoding="utf-8")
    with pytest.raises(SessionError) as refused:
        change(session)
    assert message in refused.value.message
    assert session.path.read_text(encoding="utf-8") == on_disk
    assert session.evaluation.evidence == {} and session.evaluation.targets == {}


def test_a_practice_that_does_not_concern_the_structure_type_takes_neither(
    store: SessionStore, mini: Referentiel
) -> None:
    session = new_session(store, mini, "ACI")  # 2.1.2 concerns AI and ETTI only
    for change in (lambda: session.add_evidence("2.1.2", LIVRET), lambda: session.set_target("2.1.2", 3)):
        with pytest.raises(SessionError, match="ne concerne pas les structures de type ACI : non applicable"):
            change()


def test_evidence_may_explain_a_practice_scored_non_applicable(store: SessionStore, referentiel: Referentiel) -> None:
    session = new_session(store, referentiel)
    session.set_value("1.1.2", NOT_APPLICABLE)
    session.add_evidence("1.1.2", Evidence("Délibération du CA : pas d'hébergement"))
    assert len(session.evaluation.evidence_of("1.1.2")) == 1


def test_a_practice_holds_a_bounded_number_of_items(store: SessionStore, referentiel: Referentiel) -> None:
    session = new_session(store, referentiel)
    session.evaluation.evidence["1.1.1"] = [Evidence(f"Document {n}") for n in range(MAX_EVIDENCE_PER_PRACTICE)]
    with pytest.raises(
        SessionError, match=f"trop de preuves pour la pratique 1.1.1 \\(101, {MAX_EVIDENCE_PER_PRACTICE}"
    ):
        session.add_evidence("1.1.1", LIVRET)


def test_scoring_non_applicable_removes_the_practice_target_in_the_same_write(
    store: SessionStore, referentiel: Referentiel
) -> None:
    """A target on a non-applicable practice would count nowhere and no export or import
    would carry it (an adversarial review found it kept, hidden): it goes with the « a »."""
    session = new_session(store, referentiel)
    session.set_target("1.1.1", 3)
    session.set_target("1.1.2", 2)
    session.set_value("1.1.1", NOT_APPLICABLE)
    assert session.evaluation.targets == {"1.1.2": 2}
    on_disk = store.open(session.id, read_only=True)
    assert on_disk.evaluation.targets == {"1.1.2": 2} and on_disk.evaluation.values["1.1.1"] == NOT_APPLICABLE
    session.set_target("1.1.2", None)  # removing is always allowed
    assert session.evaluation.targets == {}


def test_an_old_session_file_without_evidence_nor_targets_still_opens(tmp_path: Path, referentiel: Referentiel) -> None:
    store = SessionStore(tmp_path, [referentiel])
    old = (HOSTILE_SESSIONS / "good-bom.json").read_bytes()
    (tmp_path / "ancienne.json").write_bytes(old)
    session = store.open("ancienne")
    ev = session.evaluation
    assert (ev.evidence, ev.targets, ev.previous_targets) == ({}, {}, {})
    session.add_evidence("1.1.1", LIVRET)  # upgraded at its first change
    assert document(session)["format_version"] == 2 and document(session)["values"] == {"1.1.1": 2}


def test_a_session_without_evidence_nor_targets_is_written_exactly_as_before(
    store: SessionStore, referentiel: Referentiel
) -> None:
    session = new_session(store, referentiel)
    session.set_value("1.1.1", 2)
    saved = document(session)
    assert saved["format_version"] == 1
    assert not {"evidence", "targets", "previous_targets"} & set(saved)


def test_rescoring_carries_targets_as_previous_and_evidence_marked(
    store: SessionStore, referentiel: Referentiel
) -> None:
    earlier = new_session(store, referentiel)
    earlier.set_value("1.1.1", 1)
    earlier.set_value("1.1.3", NOT_APPLICABLE)
    earlier.set_target("1.1.1", 3)
    earlier.set_target("1.1.2", 2)
    earlier.add_evidence("1.1.1", LIVRET)
    earlier.evaluation.targets["1.1.3"] = 3  # set before « na »: it did not count, it is not carried
    earlier.save()
    earlier.close()
    again = store.duplicate(earlier.id, date=dt.date(2027, 3, 10), label="Revue 2027")
    ev = again.evaluation
    assert ev.previous_targets == {"1.1.1": 3, "1.1.2": 2}
    assert ev.targets == {}
    assert ev.evidence == {"1.1.1": [Evidence(LIVRET.title, LIVRET.location, LIVRET.date, carried_over=True)]}
    again.close()
    reopened = store.open(again.id)
    assert reopened.evaluation.previous_targets == {"1.1.1": 3, "1.1.2": 2}
    assert reopened.evaluation.evidence["1.1.1"][0].carried_over
    assert document(reopened)["evidence"]["1.1.1"][0]["carried_over"] is True
    # Editing the item (a new one from the form) clears the mark.
    reopened.replace_evidence("1.1.1", 0, LIVRET)
    assert not reopened.evaluation.evidence["1.1.1"][0].carried_over


def _valid(referentiel: Referentiel, **fields: Any) -> str:
    doc: dict[str, Any] = {
        "format": "siae-tui/session",
        "format_version": 2,
        "referentiel": {"id": referentiel.id, "version": referentiel.version},
        "siae": "SIAE",
        "date": "2026-01-05",
        "values": {"1.1.1": 1},
    }
    doc.update(fields)
    return json.dumps({"session": {"1": doc}})


@pytest.mark.parametrize(
    "fields,message",
    [
        ({"evidence": []}, "« evidence » devrait être un objet"),
        ({"evidence": {"1.1.1": "Livret"}}, "« evidence.1.1.1 » devrait être une liste"),
        ({"evidence": {"1.1.1": [5]}}, "evidence.1.1.1[0] : un objet {title, location, date} est attendu"),
        ({"evidence": {"1.1.1": [{"title": 5}]}}, "evidence.1.1.1[0].title : le nom du document"),
        ({"evidence": {"1.1.1": [{"title": ""}]}}, "le titre de la preuve (nom du document) est obligatoire"),
        ({"evidence": {"1.1.1": [{"title": "a", "location": ["x"]}]}}, "evidence.1.1.1[0].location : un texte"),
        ({"evidence": {"1.1.1": [{"title": "a", "date": "15/01/2026"}]}}, "evidence.1.1.1[0].date : date invalide"),
        ({"evidence": {"1.1.1": [{"title": "a", "date": 20260115}]}}, "date invalide"),
        ({"evidence": {"1.1.1": [{"title": "a", "carried_over": "oui"}]}}, "carried_over : true ou false"),
        ({"evidence": {"1.1.1": [{"title": "x" * 1_000_000}]}}, "texte trop long dans « evidence.1.1.1[0].title »"),
        ({"evidence": {"1.1.1": [{"title": "a"}] * 5000}}, "trop de preuves pour la pratique 1.1.1 (5000, 100"),
        ({"evidence": {"9.9.9": [{"title": "a"}]}}, "pratiques inconnues du référentiel"),
        ({"targets": [3]}, "« targets » devrait être un objet"),
        ({"targets": {"1.1.1": "3"}}, "cible '3' invalide pour la pratique 1.1.1"),
        ({"targets": {"1.1.1": True}}, "cible True invalide"),
        ({"targets": {"1.1.1": 7}}, "cible 7 hors échelle pour la pratique 1.1.1"),
        ({"targets": {"1.1.1": -1}}, "cible -1 invalide"),
        ({"targets": {"9.9.9": 2}}, "pratiques inconnues du référentiel"),
        ({"previous_targets": {"1.1.1": 12}}, "cible 12 hors échelle"),
        ({"previous_targets": "tout"}, "« previous_targets » devrait être un objet"),
    ],
)
def test_hostile_evidence_and_targets_in_a_session_file_are_refused_in_french(
    tmp_path: Path, referentiel: Referentiel, fields: dict[str, Any], message: str
) -> None:
    store = SessionStore(tmp_path, [referentiel])
    content = _valid(referentiel, **fields)
    (tmp_path / "hostile.json").write_text(content, encoding="utf-8")
    with pytest.raises(SessionError) as refused:
        store.open("hostile")
    assert "session inutilisable" in refused.value.message and message in refused.value.message
    assert (tmp_path / "hostile.json").read_text(encoding="utf-8") == content  # never rewritten
    _summaries, errors = store.list()
    assert len(errors) == 1 and message in errors[0].message


def test_a_version_2_file_is_read_and_a_newer_one_refused(tmp_path: Path, referentiel: Referentiel) -> None:
    store = SessionStore(tmp_path, [referentiel])
    (tmp_path / "v2.json").write_text(
        _valid(referentiel, targets={"1.1.1": 3}, evidence={"1.1.1": [{"title": "Livret", "date": "2026-01-15"}]}),
        encoding="utf-8",
    )
    session = store.open("v2", read_only=True)
    assert session.evaluation.targets == {"1.1.1": 3}
    assert session.evaluation.evidence == {"1.1.1": [Evidence("Livret", "", dt.date(2026, 1, 15))]}
    (tmp_path / "v3.json").write_text(_valid(referentiel, format_version=3), encoding="utf-8")
    with pytest.raises(SessionError, match="version plus récente"):
        store.open("v3")


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    items=st.lists(
        st.builds(Evidence, titles, st.text(max_size=30), st.none() | st.dates(), st.booleans()), min_size=1, max_size=3
    ),
    target=st.none() | st.integers(0, 3),
)
def test_any_evidence_and_target_survive_the_session_file(
    tmp_path_factory: pytest.TempPathFactory, referentiel: Referentiel, items: list[Evidence], target: int | None
) -> None:
    store = SessionStore(tmp_path_factory.mktemp("sessions"), [referentiel])
    session = new_session(store, referentiel)
    for item in items:
        session.add_evidence("2.1.1", item)
    session.set_target("2.1.1", target)
    session.close()
    reopened = store.open(session.id, read_only=True).evaluation
    assert reopened.evidence == {"2.1.1": [normalised(item) for item in items]}
    assert reopened.targets == ({} if target is None else {"2.1.1": target})
