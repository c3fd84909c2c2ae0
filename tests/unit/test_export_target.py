"""``export -o``: a new file or a regular file, never a session in use, a link or a device."""

from __future__ import annotations

import datetime as dt
import os
import stat
from pathlib import Path

import pytest

from siae_tui.cli import main
from siae_tui.domain.evaluation import Evaluation
from siae_tui.domain.model import Referentiel
from siae_tui.store import SessionStore


@pytest.fixture
def store(tmp_path: Path, referentiel: Referentiel) -> SessionStore:
    return SessionStore(tmp_path / "sessions", [referentiel])


def create(store: SessionStore, referentiel: Referentiel, siae: str):
    return store.create(Evaluation(referentiel.id, referentiel.version, siae, dt.date(2026, 3, 12), "ACI"))


def export(store: SessionStore, session_id: str, target: Path, fmt: str = "json") -> int:
    return main(["--sessions-dir", str(store.directory), "export", session_id, "--format", fmt, "-o", str(target)])


def test_export_never_replaces_a_session_held_open(store: SessionStore, referentiel: Referentiel, capsys) -> None:
    exported = create(store, referentiel, "Abeille")
    exported.close()
    in_use = create(store, referentiel, "Zèbre")  # held open, as by a TUI
    in_use.set_value("1.1.1", 3)
    before = in_use.path.read_bytes()
    assert export(store, exported.id, in_use.path) != 0
    assert "session" in capsys.readouterr().err
    assert in_use.path.read_bytes() == before
    in_use.set_value("1.1.2", 1)  # the TUI still saves normally
    in_use.close()


def test_export_never_replaces_a_closed_session_either(store: SessionStore, referentiel: Referentiel, capsys) -> None:
    first = create(store, referentiel, "Abeille")
    first.close()
    other = create(store, referentiel, "Zèbre")
    other.close()
    before = other.path.read_bytes()
    assert export(store, first.id, other.path) != 0
    assert other.path.read_bytes() == before


def special_targets(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    victim = tmp_path / "victime.txt"
    victim.write_text("intact", encoding="utf-8")
    link = tmp_path / "lien.json"
    link.symlink_to(victim)
    fifo = tmp_path / "tube.json"
    os.mkfifo(fifo)
    directory = tmp_path / "rep.json"
    directory.mkdir()
    targets = {
        "symlink": (link, "lien symbolique"),
        "fifo": (fifo, "pas un fichier ordinaire"),
        "directory": (directory, "c'est un dossier"),
    }
    device = tmp_path / "full.json"
    try:
        os.mknod(device, stat.S_IFCHR | 0o666, os.makedev(1, 7))  # a private /dev/full
        targets["device"] = (device, "pas un fichier ordinaire")
    except (PermissionError, OSError):
        pass
    return targets


@pytest.mark.parametrize("kind", ["symlink", "fifo", "directory", "device"])
def test_export_refuses_links_fifos_directories_and_devices(
    store: SessionStore, referentiel: Referentiel, tmp_path: Path, capsys, kind: str
) -> None:
    session = create(store, referentiel, "Abeille")
    session.close()
    targets = special_targets(tmp_path)
    if kind not in targets:
        pytest.skip("mknod is not allowed here")
    target, expected = targets[kind]
    mode = target.lstat().st_mode
    assert export(store, session.id, target) != 0
    message = capsys.readouterr().err
    assert expected in message and str(target) in message and "Export écrit" not in message
    assert target.lstat().st_mode == mode  # still the link, FIFO, directory or device it was
    assert (tmp_path / "victime.txt").read_text(encoding="utf-8") == "intact"


def test_export_to_a_new_or_regular_file_works(store: SessionStore, referentiel: Referentiel, tmp_path: Path) -> None:
    session = create(store, referentiel, "Abeille")
    session.close()
    target = tmp_path / "rapport.md"
    assert export(store, session.id, target, "md") == 0
    assert export(store, session.id, target, "md") == 0  # replacing an earlier export is fine
    assert "Abeille" in target.read_text(encoding="utf-8")


def test_an_export_never_lands_in_the_sessions_folder(tmp_path: Path) -> None:
    """A lock file or a « nouveau.json » there would break the single writer or be listed as a bad file."""
    import datetime as dt

    from siae_tui.domain.evaluation import Evaluation
    from siae_tui.domain.loader import load_referentiel
    from siae_tui.store import SessionStore
    from siae_tui.transfer import TransferError, export_to_file
    from tests.conftest import DEFAULT_REFERENTIEL

    referentiel = load_referentiel(DEFAULT_REFERENTIEL)
    store = SessionStore(tmp_path / "sessions", [referentiel])
    with store.create(Evaluation(referentiel.id, referentiel.version, "Régie", dt.date(2026, 3, 12))) as session:
        for name in (f".{session.id}.lock", "nouveau.json", "rapport.md"):
            with pytest.raises(TransferError, match="dossier des sessions"):
                export_to_file(session, store.directory / name, "md")
        assert export_to_file(session, tmp_path / "rapport.md").is_file()
