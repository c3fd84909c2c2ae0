"""Any terminal size, and a disk that refuses a write, in the real app."""

from __future__ import annotations

import errno
import json
from pathlib import Path

import pytest

import siae_tui.store.storage as storage
from siae_tui.ui.screens.home import HomeScreen
from siae_tui.ui.screens.too_small import TooSmallScreen
from siae_tui.ui.screens.walk import WalkScreen


@pytest.mark.parametrize("size", [(20, 6), (40, 12), (79, 23), (80, 24), (120, 40), (200, 50), (300, 100)])
async def test_every_size_renders_without_error(build_app, make_session, size: tuple[int, int]) -> None:
    make_session(values={"1.1.1": 2})
    app = build_app(open_session=None)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        if size[0] < 80 or size[1] < 24:
            assert isinstance(app.screen, TooSmallScreen)
            return
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("enter", "2", "r")
        await pilot.pause()
    assert app.return_code in (None, 0)


async def test_a_refused_write_is_shown_and_the_work_kept(
    build_app, make_session, sessions_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    session = make_session()
    app = build_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "3")
        walk = app.screen
        assert isinstance(walk, WalkScreen)

        real_fsync = storage.os.fsync
        disk = {"full": True}

        def fsync(descriptor: int) -> None:
            if disk["full"]:
                raise OSError(errno.ENOSPC, "No space left on device")
            real_fsync(descriptor)

        monkeypatch.setattr(storage.os, "fsync", fsync)
        await pilot.press("2")
        status = str(walk.query_one("#save-status").render())
        assert "NON ENREGISTRÉ" in status
        assert any("le disque est plein" in n.message for n in app._notifications)
        assert walk.session.evaluation.values["1.1.2"] == 2  # kept in memory
        assert walk.current == "1.1.2"  # stays on the unsaved practice
        disk["full"] = False
        await pilot.press("j", "1")  # the next write stores everything
        assert "Enregistré" in str(walk.query_one("#save-status").render())
    document = json.loads(session.path.read_text(encoding="utf-8"))["session"]["1"]
    assert document["values"] == {"1.1.1": 3, "1.1.2": 2, "1.1.3": 1}
