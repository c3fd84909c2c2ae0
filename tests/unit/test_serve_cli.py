"""``siae-tui serve``: its options, and the command each browser tab runs."""

from __future__ import annotations

import contextlib
import shlex
import sys
from pathlib import Path

from siae_tui.cli import build_parser, main
from siae_tui.cli.serve_cmd import app_command


def test_serve_listens_on_localhost_port_8000_by_default() -> None:
    args = build_parser().parse_args(["serve"])
    assert (args.host, args.port) == ("127.0.0.1", 8000)


def test_each_tab_runs_siae_tui_on_the_same_folders(tmp_path: Path) -> None:
    args = build_parser().parse_args(
        ["--sessions-dir", str(tmp_path / "s e"), "--referentiels-dir", "refs", "--room-host", "10.0.0.2", "serve"]
    )
    command = shlex.split(app_command(args))
    assert command[:3] == [sys.executable, "-m", "siae_tui"]
    assert command[command.index("--sessions-dir") + 1] == str((tmp_path / "s e").resolve())
    assert command[command.index("--referentiels-dir") + 1] == str(Path("refs").resolve())
    assert command[command.index("--room-host") + 1] == "10.0.0.2"


def test_an_impossible_port_is_refused_in_french(capsys) -> None:
    assert main(["serve", "--port", "70000"]) == 1
    assert "port 70000 impossible" in capsys.readouterr().err


def test_room_host_reaches_the_app(monkeypatch, tmp_path: Path) -> None:
    import siae_tui.ui.app as ui_app

    built = {}

    def fake_make_app(sessions_dir, referentiel_dirs, open_session=None, room_host=None):
        built["room_host"] = room_host
        raise SystemExit(0)

    monkeypatch.setattr(ui_app, "make_app", fake_make_app)
    with contextlib.suppress(SystemExit):
        main(["--sessions-dir", str(tmp_path), "--room-host", "127.0.0.1"])
    assert built["room_host"] == "127.0.0.1"


def test_a_download_waits_a_busy_app_rather_than_cut_the_file(monkeypatch, capsys) -> None:
    """textual-serve ends a download after 4 s without the app's next chunk, and the browser keeps
    the file cut short (the browser test saw it beside three busy processes): serve waits 60 s."""
    from textual_serve import download_manager, server

    served = []
    monkeypatch.setattr(download_manager, "DOWNLOAD_TIMEOUT", 4)
    monkeypatch.setattr(server.Server, "serve", lambda self, *args, **kwargs: served.append(self))
    assert main(["serve", "--port", "8123"]) == 0
    assert served and download_manager.DOWNLOAD_TIMEOUT == 60
    assert "http://127.0.0.1:8123/" in capsys.readouterr().out
