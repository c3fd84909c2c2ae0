"""Creating a session: one complete file, under an exclusive claim on its id.

A new session appears on disk whole or not at all, never as an empty or
half-written file, and two writers (threads of one program, or several
``siae-tui import`` started together) never end up with the same id.
"""

from __future__ import annotations

import datetime as dt
import errno
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from siae_tui.cli import main
from siae_tui.domain.evaluation import Evaluation
from siae_tui.domain.model import Referentiel
from siae_tui.report.export_json import export_json
from siae_tui.store import SessionError, SessionStore
from siae_tui.store.lock import SessionLock
from tests.conftest import DEFAULT_REFERENTIEL
from tests.waiting import HANG_GUARD


def evaluation(referentiel: Referentiel, participant: str = "Awa") -> Evaluation:
    return Evaluation(
        referentiel.id,
        referentiel.version,
        "Régie Élan",
        dt.date(2026, 3, 12),
        "ACI",
        "Revue",
        participants=[participant],
    )


@pytest.fixture
def store(tmp_path: Path, referentiel: Referentiel) -> SessionStore:
    return SessionStore(tmp_path / "sessions", [referentiel])


def test_a_new_session_file_is_published_once_and_complete(
    store: SessionStore, referentiel: Referentiel, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Whatever is made visible under a session's name is the whole document (a kill cannot cut it)."""
    published: list[dict] = []
    for name in ("replace", "link", "rename"):
        original = getattr(os, name)

        def spy(source, target, *args, _original=original, **kwargs):
            if str(target).endswith(".json") and not Path(target).name.startswith("."):
                published.append(json.loads(Path(source).read_text(encoding="utf-8")))
            return _original(source, target, *args, **kwargs)

        monkeypatch.setattr(os, name, spy)
    session = store.create(evaluation(referentiel))
    session.close()
    assert published, "the session file should have been published"
    for document in published:
        assert document["session"]["1"]["siae"] == "Régie Élan", document


def test_creation_skips_an_id_whose_lock_is_held(store: SessionStore, referentiel: Referentiel) -> None:
    """A creator that holds the claim on an id (another siae-tui, mid-creation) keeps it."""
    store.directory.mkdir(parents=True)
    claimed = SessionLock(store.directory / "2026-03-12-regie-elan-revue.json")
    assert claimed.acquire()
    try:
        session = store.create(evaluation(referentiel))
        assert session.id == "2026-03-12-regie-elan-revue-2"
        session.close()
    finally:
        claimed.release()


def test_creation_never_replaces_a_file_that_appeared_meanwhile(
    store: SessionStore, referentiel: Referentiel, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The id check and the write are one step: a file created in between is never overwritten."""
    first = store.create(evaluation(referentiel, "premier"))
    first.close()
    monkeypatch.setattr(Path, "exists", lambda self: False)  # as if the other writer were not yet visible
    second = store.create(evaluation(referentiel, "second"))
    second.close()
    assert second.id != first.id
    assert json.loads(first.path.read_text(encoding="utf-8"))["session"]["1"]["participants"] == ["premier"]


def test_a_lone_surrogate_is_refused_in_french_and_creates_nothing(
    tmp_path: Path, referentiel: Referentiel, capsys
) -> None:
    sessions = tmp_path / "sessions"
    export = tmp_path / "export.json"
    text = export_json(referentiel, evaluation(referentiel)).replace("Régie Élan", "Régie \\ud800 Élan")
    export.write_text(text, encoding="utf-8")
    code = main(["--sessions-dir", str(sessions), "import", str(export)])
    assert code != 0
    assert "caractère" in capsys.readouterr().err
    assert not sessions.exists() or not [p for p in sessions.iterdir() if p.suffix == ".json"]


def test_a_lone_surrogate_reaching_the_store_is_a_french_error(store: SessionStore, referentiel: Referentiel) -> None:
    bad = evaluation(referentiel)
    bad.notes["1.1.1"] = "note \ud800"
    with pytest.raises(SessionError, match="caractère"):
        store.create(bad)
    assert not [p for p in store.directory.iterdir() if p.suffix in (".json", ".tmp")]


@pytest.mark.parametrize("code", [errno.EACCES, errno.ENOSPC])
def test_import_on_a_read_only_or_full_folder_is_a_french_message(
    tmp_path: Path, referentiel: Referentiel, monkeypatch: pytest.MonkeyPatch, capsys, code: int
) -> None:
    sessions = tmp_path / "sessions"
    sessions.mkdir()
    export = tmp_path / "export.json"
    export.write_text(export_json(referentiel, evaluation(referentiel)), encoding="utf-8")
    real_open = os.open

    def failing_open(path, flags, *args, **kwargs):
        if str(path).startswith(str(sessions)) and flags & os.O_CREAT:
            raise OSError(code, os.strerror(code), str(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", failing_open)
    assert main(["--sessions-dir", str(sessions), "import", str(export)]) != 0
    message = capsys.readouterr().err
    assert "plein" in message or "écriture" in message, message
    assert "Errno" not in message


CREATOR = textwrap.dedent(
    """
    import datetime as dt, sys
    from siae_tui.domain.evaluation import Evaluation
    from siae_tui.domain.loader import load_referentiel
    from siae_tui.store import SessionStore

    ref = load_referentiel(sys.argv[1])
    store = SessionStore(sys.argv[2], [ref])
    name, count = sys.argv[3], int(sys.argv[4])
    print("prêt", flush=True)
    sys.stdin.readline()  # every creator starts at the parent's signal
    for n in range(count):
        marker = f"{name}-{n}"
        ev = Evaluation(ref.id, ref.version, "Même SIAE", dt.date(2026, 1, 1), "ACI", "Même libellé",
                        participants=[marker])
        session = store.create(ev)
        session.close()
        print(session.id, marker, flush=True)
    """
)


def run_concurrent_creators(directory: Path, processes: int, each: int) -> list[tuple[str, str]]:
    """Start ``processes`` creators at the same instant; return every acknowledged (id, marker).

    Each creator loads everything, says it is ready and waits; once all are ready, one line on
    each one's standard input starts them together, however long the machine took to get there.
    """
    children = [
        subprocess.Popen(
            [sys.executable, "-c", CREATOR, str(DEFAULT_REFERENTIEL), str(directory), f"p{n}", str(each)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in range(processes)
    ]
    for child in children:
        assert child.stdout is not None and child.stdout.readline() == "prêt\n"
    for child in children:
        assert child.stdin is not None
        child.stdin.write("\n")
        child.stdin.flush()
    acknowledged = []
    for child in children:
        out, err = child.communicate(timeout=HANG_GUARD)
        assert child.returncode == 0, err
        acknowledged += [tuple(line.split()) for line in out.splitlines()]
    return acknowledged


def test_concurrent_creations_of_the_same_name_all_survive(tmp_path: Path) -> None:
    directory = tmp_path / "sessions"
    acknowledged = run_concurrent_creators(directory, processes=4, each=12)
    assert len(acknowledged) == 48
    ids = [session_id for session_id, _ in acknowledged]
    assert len(set(ids)) == len(ids), "two creations were acknowledged under the same id"
    for session_id, marker in acknowledged:
        document = json.loads((directory / f"{session_id}.json").read_text(encoding="utf-8"))["session"]["1"]
        assert document["participants"] == [marker], f"{session_id} was overwritten"
    assert len(list(directory.glob("*.json"))) == 48
    assert not list(directory.glob(".*.tmp"))


@pytest.mark.parametrize("code", [errno.EACCES, errno.ENOSPC])
def test_open_on_a_read_only_or_full_folder_is_a_french_message(
    tmp_path: Path, referentiel: Referentiel, monkeypatch: pytest.MonkeyPatch, capsys, code: int
) -> None:
    """``siae-tui open ID`` says why before taking the terminal, with a non-zero exit status."""
    from siae_tui.ui.app import SiaeApp

    sessions = tmp_path / "sessions"
    session = SessionStore(sessions, [referentiel]).create(evaluation(referentiel))
    session.close()
    session.path.with_name(f".{session.id}.lock").unlink()
    real_open = os.open

    def failing_open(path, flags, *args, **kwargs):
        if str(path).startswith(str(sessions)) and flags & os.O_CREAT:
            raise OSError(code, os.strerror(code), str(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", failing_open)
    monkeypatch.setattr(SiaeApp, "run", lambda self, *a, **k: None)  # never take a terminal in a test
    assert main(["--sessions-dir", str(sessions), "open", session.id]) != 0
    message = capsys.readouterr().err
    assert "plein" in message or "écriture" in message, message


def test_concurrent_imports_of_the_same_export_all_survive(tmp_path: Path, referentiel: Referentiel) -> None:
    """Four ``siae-tui import`` of exports with the same date, SIAE and label, started together, five times."""
    directory = tmp_path / "sessions"
    exports = []
    for n in range(4):
        path = tmp_path / f"export-{n}.json"
        path.write_text(export_json(referentiel, evaluation(referentiel, f"import-{n}")), encoding="utf-8")
        exports.append(path)
    acknowledged: list[tuple[str, str]] = []
    for _round in range(5):
        children = [
            (
                path.stem,
                subprocess.Popen(
                    [sys.executable, "-m", "siae_tui", "--sessions-dir", str(directory), "import", str(path)],
                    stdout=subprocess.PIPE,
                    stderr=subprocess.PIPE,
                    text=True,
                ),
            )
            for path in exports
        ]
        for marker, child in children:
            out, err = child.communicate(timeout=HANG_GUARD)
            assert child.returncode == 0, err
            acknowledged.append((out.split()[-1], marker.replace("export", "import")))
    ids = [session_id for session_id, _ in acknowledged]
    assert len(set(ids)) == 20, "two imports were acknowledged under the same id"
    for session_id, marker in acknowledged:
        document = json.loads((directory / f"{session_id}.json").read_text(encoding="utf-8"))["session"]["1"]
        assert document["participants"] == [marker], f"{session_id} was overwritten"
