"""The session store: round-trips, permissions, the lock, bad files, lifecycle."""

from __future__ import annotations

import datetime as dt
import json
import os
import stat
from pathlib import Path

import pytest

from siae_tui.domain.evaluation import Evaluation
from siae_tui.domain.model import Referentiel
from siae_tui.domain.scoring import NOT_APPLICABLE
from siae_tui.store import SessionError, SessionLocked, SessionStore


def new_evaluation(referentiel: Referentiel, siae: str = "Régie Élan", label: str = "Revue 2026") -> Evaluation:
    return Evaluation(
        referentiel.id,
        referentiel.version,
        siae,
        dt.date(2026, 3, 12),
        "ACI",
        label,
        participants=["Awa (CIP)", "Marc (directeur)"],
    )


@pytest.fixture
def store(tmp_path: Path, referentiel: Referentiel) -> SessionStore:
    return SessionStore(tmp_path / "sessions", [referentiel])


def read_document(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))["session"]["1"]


def test_round_trip_of_everything_a_session_holds(store: SessionStore, referentiel: Referentiel) -> None:
    session = store.create(new_evaluation(referentiel))
    session.set_value("1.1.1", 3)
    session.set_value("1.1.2", NOT_APPLICABLE)
    session.set_note("1.1.1", "Conventions à renouveler | avant juin\nvoir Pôle emploi 😀")
    session.set_development_axis("1", "Formaliser l'accueil")
    session.close()
    reopened = store.open(session.id)
    ev = reopened.evaluation
    assert ev.values == {"1.1.1": 3, "1.1.2": "na"}
    assert ev.notes == {"1.1.1": "Conventions à renouveler | avant juin\nvoir Pôle emploi 😀"}
    assert ev.development_axes == {"1": "Formaliser l'accueil"}
    assert (ev.siae, ev.structure_type, ev.date, ev.label) == ("Régie Élan", "ACI", dt.date(2026, 3, 12), "Revue 2026")
    assert ev.participants == ["Awa (CIP)", "Marc (directeur)"]
    assert (ev.referentiel_id, ev.referentiel_version) == ("siae-projet-insertion", "1")
    assert reopened.position == "1.1.2"


def test_each_change_is_on_disk_when_the_call_returns(store: SessionStore, referentiel: Referentiel) -> None:
    session = store.create(new_evaluation(referentiel))
    session.set_value("2.4.3", 2)
    assert read_document(session.path)["values"] == {"2.4.3": 2}
    session.set_note("2.4.3", "à revoir")
    assert read_document(session.path)["notes"] == {"2.4.3": "à revoir"}
    session.set_value("2.4.3", None)
    assert read_document(session.path)["values"] == {"2.4.3": None}


def test_session_file_is_private(store: SessionStore, referentiel: Referentiel) -> None:
    session = store.create(new_evaluation(referentiel))
    session.set_value("1.1.1", 1)
    assert stat.S_IMODE(os.stat(session.path).st_mode) == 0o600


def test_second_writer_is_refused_but_may_read(store: SessionStore, referentiel: Referentiel) -> None:
    first = store.create(new_evaluation(referentiel))
    first.set_value("1.1.1", 2)
    with pytest.raises(SessionLocked) as refused:
        store.open(first.id)
    assert "déjà ouverte en écriture par un autre siae-tui" in refused.value.message
    assert str(first.path) in refused.value.message
    viewer = store.open(first.id, read_only=True)
    assert viewer.evaluation.values == {"1.1.1": 2}
    with pytest.raises(SessionError, match="lecture seule"):
        viewer.set_value("1.1.1", 3)
    first.close()
    store.open(first.id).close()  # free again once the writer closed


def test_lock_of_a_dead_process_does_not_block(store: SessionStore, referentiel: Referentiel) -> None:
    session = store.create(new_evaluation(referentiel))
    session.close()
    pid = os.fork()
    if pid == 0:  # child: take the lock and die without releasing it
        store.open(session.id)
        os._exit(0)
    os.waitpid(pid, 0)
    store.open(session.id).close()


def test_ids_are_safe_whatever_the_siae_name(store: SessionStore, referentiel: Referentiel) -> None:
    session = store.create(new_evaluation(referentiel, siae='../../etc/passwd "Élan" 🚀', label="a/b"))
    assert session.path.parent == store.directory
    assert session.id == "2026-03-12-etc-passwd-elan-a-b"
    other = store.create(new_evaluation(referentiel, siae='../../etc/passwd "Élan" 🚀', label="a/b"))
    assert other.id == "2026-03-12-etc-passwd-elan-a-b-2"
    with pytest.raises(SessionError, match="identifiant de session invalide"):
        store.open("..%2f..")


def write_raw(store: SessionStore, name: str, content: str) -> Path:
    store.directory.mkdir(parents=True, exist_ok=True)
    path = store.directory / name
    path.write_text(content, encoding="utf-8")
    return path


def valid_document(ref: Referentiel, **overrides: object) -> dict:
    doc = {
        "format": "siae-tui/session",
        "format_version": 1,
        "referentiel": {"id": ref.id, "version": ref.version},
        "siae": "Autre SIAE",
        "date": "2026-01-05",
        "values": {"1.1.1": 1},
    }
    doc.update(overrides)
    return {"session": {"1": doc}}


@pytest.mark.parametrize(
    "content,expected",
    [
        ('{"session": {"1": {"format": "siae-tui/se', "JSON invalide ou fichier tronqué (ligne 1"),
        ('{"_default": {"1": {"name": "autre appli"}}}', "ce n'est pas un fichier de session siae-tui"),
        ("[1, 2]", "ce n'est pas un fichier de session siae-tui"),
        ("NEWER", "version plus récente de siae-tui"),
        ("UNKNOWN_REF", "référentiel « cedre-v9 » version 1 introuvable"),
        ("UNKNOWN_PRACTICE", "pratiques inconnues du référentiel « siae-projet-insertion » : 9.9.9"),
        ("BAD_VALUE", "note 7 hors échelle pour la pratique 1.1.1"),
        ("BAD_DATE", "date illisible « 12/03/2026 »"),
    ],
)
def test_bad_files_are_reported_never_overwritten_and_others_still_list(
    store: SessionStore, referentiel: Referentiel, content: str, expected: str
) -> None:
    documents = {
        "NEWER": valid_document(referentiel, format_version=99),
        "UNKNOWN_REF": valid_document(referentiel, referentiel={"id": "cedre-v9", "version": "1"}),
        "UNKNOWN_PRACTICE": valid_document(referentiel, values={"9.9.9": 2}),
        "BAD_VALUE": valid_document(referentiel, values={"1.1.1": 7}),
        "BAD_DATE": valid_document(referentiel, date="12/03/2026"),
    }
    if content in documents:
        content = json.dumps(documents[content])
    bad = write_raw(store, "bad.json", content)
    good = store.create(new_evaluation(referentiel))
    good.close()
    summaries, errors = store.list()
    assert [s.id for s in summaries] == [good.id]
    assert len(errors) == 1 and expected in errors[0].message and str(bad) in errors[0].message
    with pytest.raises(SessionError, match=r"session inutilisable|illisible"):
        store.open("bad")
    assert bad.read_text(encoding="utf-8") == content


def test_list_is_sorted_with_progress_and_percent(store: SessionStore, referentiel: Referentiel) -> None:
    older = store.create(new_evaluation(referentiel, siae="Zèbre", label="2025"))
    older.update_details(date=dt.date(2025, 3, 1))
    older.set_value("1.1.1", 3)
    older.set_value("1.1.2", NOT_APPLICABLE)
    recent = store.create(new_evaluation(referentiel, siae="Abeille"))
    summaries, _ = store.list()
    assert [s.siae for s in summaries] == ["Abeille", "Zèbre"]
    assert (summaries[1].answered, summaries[1].total) == (2, 247)
    assert summaries[1].percent == round(100 * 3 / (246 * 3), 1)
    # The cached summary follows a change made after the first listing.
    recent.set_value("1.1.1", 3)
    assert store.list()[0][0].answered == 1


def test_duplicate_starts_a_rescoring(store: SessionStore, referentiel: Referentiel) -> None:
    earlier = store.create(new_evaluation(referentiel))
    earlier.set_value("1.1.1", 2)
    earlier.set_value("1.1.2", 0)
    earlier.set_note("1.1.2", "à lancer")
    earlier.close()
    again = store.duplicate(earlier.id, date=dt.date(2027, 3, 10), label="Revue 2027")
    ev = again.evaluation
    assert again.id != earlier.id
    assert (ev.date, ev.label, ev.origin) == (dt.date(2027, 3, 10), "Revue 2027", earlier.id)
    assert ev.values == ev.previous_values == {"1.1.1": 2, "1.1.2": 0}
    assert ev.notes == {"1.1.2": "à lancer"}
    assert ev.carried_over == {"1.1.1", "1.1.2"}
    again.confirm("1.1.1")
    again.set_value("1.1.2", 1)
    assert set(read_document(again.path)["carried_over"]) == set()


def test_rename_and_delete_to_trash(store: SessionStore, referentiel: Referentiel) -> None:
    session = store.create(new_evaluation(referentiel))
    session.close()
    store.rename(session.id, label="Revue de printemps")
    assert store.list()[0][0].label == "Revue de printemps"
    trashed = store.delete(session.id)
    assert trashed.parent == store.directory / ".trash" and trashed.exists()
    assert store.list() == ([], [])


def test_a_session_of_the_same_id_deleted_in_the_same_second_is_kept_beside_the_first(
    store: SessionStore, referentiel: Referentiel
) -> None:
    """The suite's clock stands still: both deletions happen in the same second."""
    first = store.create(new_evaluation(referentiel))
    first.set_value("1.1.1", 1)
    first.close()
    store.delete(first.id)
    second = store.create(new_evaluation(referentiel))
    second.set_value("1.1.1", 3)
    second.close()
    assert second.id == first.id
    store.delete(second.id)
    # Both are in the trash, the most recently deleted first.
    assert [evaluation.values for _path, evaluation in store.trashed()] == [{"1.1.1": 3}, {"1.1.1": 1}]


def test_cannot_delete_a_session_open_elsewhere(store: SessionStore, referentiel: Referentiel) -> None:
    session = store.create(new_evaluation(referentiel))
    with pytest.raises(SessionLocked):
        store.delete(session.id)
    assert session.path.exists()


def test_external_change_is_detected_and_nothing_overwritten(store: SessionStore, referentiel: Referentiel) -> None:
    session = store.create(new_evaluation(referentiel))
    session.set_value("1.1.1", 1)
    edited = session.path.read_text(encoding="utf-8").replace('"Régie Élan"', '"Modifié à la main"')
    session.path.write_text(edited + "\n", encoding="utf-8")
    with pytest.raises(SessionError, match="modifié par un autre programme"):
        session.set_value("1.1.2", 3)
    assert session.path.read_text(encoding="utf-8") == edited + "\n"
    assert session.evaluation.values["1.1.2"] == 3 and session.dirty


def test_deleted_file_is_detected(store: SessionStore, referentiel: Referentiel) -> None:
    session = store.create(new_evaluation(referentiel))
    session.path.unlink()
    with pytest.raises(SessionError, match="supprimé par un autre programme"):
        session.set_value("1.1.1", 2)
    session.save(overwrite_external_changes=True)
    assert read_document(session.path)["values"] == {"1.1.1": 2}


def test_read_only_directory_keeps_work_in_memory(
    store: SessionStore, referentiel: Referentiel, monkeypatch: pytest.MonkeyPatch
) -> None:
    session = store.create(new_evaluation(referentiel))
    session.set_value("1.1.1", 1)
    import errno

    import siae_tui.store.storage as storage

    def no_space(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(storage.os, "fsync", no_space)
    with pytest.raises(SessionError, match="le disque est plein"):
        session.set_value("1.1.2", 3)
    assert read_document(session.path)["values"] == {"1.1.1": 1}  # old file intact
    assert [p.name for p in store.directory.iterdir() if p.suffix == ".tmp"] == []
    monkeypatch.undo()
    session.save()  # space freed: retry stores everything
    assert read_document(session.path)["values"] == {"1.1.1": 1, "1.1.2": 3}


def test_cli_list_shows_sessions_and_bad_files(
    store: SessionStore, referentiel: Referentiel, monkeypatch, capsys
) -> None:
    from siae_tui.cli import main

    monkeypatch.setenv("SIAE_TUI_SESSIONS", str(store.directory))
    session = store.create(new_evaluation(referentiel))
    session.set_value("1.1.1", 3)
    session.close()
    write_raw(store, "cassé.json", "{pas du json")
    assert main(["list"]) == 0
    captured = capsys.readouterr()
    assert f"{session.id}  12/03/2026  Régie Élan · ACI · Revue 2026  1/247  0,4 %" in captured.out
    assert "fichier ignoré" in captured.err and "cassé.json" in captured.err


def test_a_session_file_with_a_vote_off_the_scale_or_from_a_stranger_is_refused(
    tmp_path: Path, referentiel: Referentiel
) -> None:
    """The walk once showed « Awa 5 → médiane 5 » from a file the importer would have refused."""
    import json as json_module

    from siae_tui.domain.evaluation import Evaluation as Ev

    store = SessionStore(tmp_path, [referentiel])
    for votes, participants in (({"Awa": 5}, ["Awa"]), ({"Awa": 2}, [])):
        session = store.create(Ev(referentiel.id, referentiel.version, "Régie", dt.date(2026, 3, 12)))
        session.close()
        data = json_module.loads(session.path.read_text(encoding="utf-8"))
        data["session"]["1"]["votes"] = {"1.1.1": votes}
        data["session"]["1"]["participants"] = participants
        session.path.write_text(json_module.dumps(data), encoding="utf-8")
        with pytest.raises(SessionError, match="vote"):
            store.open(session.id)


def test_a_text_longer_than_ten_pages_makes_the_file_refused_not_the_app_frozen(
    tmp_path: Path, referentiel: Referentiel
) -> None:
    import json as json_module

    from siae_tui.domain.evaluation import Evaluation as Ev

    store = SessionStore(tmp_path, [referentiel])
    session = store.create(Ev(referentiel.id, referentiel.version, "Régie", dt.date(2026, 3, 12)))
    session.close()
    data = json_module.loads(session.path.read_text(encoding="utf-8"))
    data["session"]["1"]["notes"] = {"1.1.1": "x" * 1_000_000}
    session.path.write_text(json_module.dumps(data), encoding="utf-8")
    with pytest.raises(SessionError, match="texte trop long"):
        store.open(session.id)


def test_a_cleared_detail_stays_cleared_after_reopening(store: SessionStore, referentiel: Referentiel) -> None:
    """Each save replaces the stored document whole: a key left out is gone, not merged back."""
    session = store.create(new_evaluation(referentiel))
    session.update_details(territory="35", network="coorace")
    session.update_details(territory=None)
    session.close()
    reopened = store.open(session.id, read_only=True)
    assert (reopened.evaluation.territory, reopened.evaluation.network) == (None, "coorace")
    assert "territory" not in read_document(session.path)


def test_a_session_file_with_a_byte_order_mark_can_be_changed(store: SessionStore, referentiel: Referentiel) -> None:
    session = store.create(new_evaluation(referentiel))
    session.close()
    session.path.write_bytes(b"\xef\xbb\xbf" + session.path.read_bytes())
    reopened = store.open(session.id)
    reopened.set_value("1.1.1", 2)
    reopened.close()
    assert store.open(session.id, read_only=True).evaluation.values == {"1.1.1": 2}
