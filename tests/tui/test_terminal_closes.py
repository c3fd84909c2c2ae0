"""A terminal that closes (an SSH link that drops) or a SIGTERM: what was typed is on disk.

The real ``siae-tui`` runs in a pseudo-terminal, as over SSH; someone types a
note, and the signal arrives once the screen shows it. Before, the signal
killed the process with the paragraph. The walk's own saves of a note being
typed (after a 0.4 s pause, every 2 s) are held off in the child, so only the
signal can have written it, however long the machine takes between the last
key and the signal.
"""

from __future__ import annotations

import fcntl
import json
import os
import pty
import re
import select
import signal
import struct
import sys
import termios
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from siae_tui.store import Session
from tests.waiting import HANG_GUARD

SEQUENCE = re.compile(rb"\x1b\[[0-9;?<>=$]*[A-Za-z]|\x1b[^\[]")


def drain(fd: int, seconds: float) -> bytes:
    """What the app writes during ``seconds`` (the terminal must be read, or the app blocks)."""
    output = b""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        ready, _, _ = select.select([fd], [], [], 0.05)
        if ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                return output
            if not chunk:
                return output
            output += chunk
    return output


def read_until(fd: int, text: str) -> None:
    """Read the terminal until the screen shows ``text`` (escape sequences left out)."""
    seen = b""
    deadline = time.monotonic() + HANG_GUARD
    while text.encode() not in SEQUENCE.sub(b"", seen):
        if time.monotonic() > deadline:
            pytest.fail(f"the screen never showed « {text} »")
        seen += drain(fd, 0.05)


#: ``siae-tui --sessions-dir DIR open ID`` with the walk's timed saves of a note being typed held off.
WITHOUT_TYPING_SAVES = """
import sys
import siae_tui.ui.screens.walk as walk
walk.NOTE_SAVE_DELAY = walk.NOTE_MAX_DELAY = 24 * 3600.0
from siae_tui.cli import main
sys.exit(main(["--sessions-dir", sys.argv[1], "open", sys.argv[2]]))
"""


@pytest.mark.parametrize("signum", [signal.SIGHUP, signal.SIGTERM], ids=["SIGHUP", "SIGTERM"])
def test_a_note_typed_until_the_terminal_closes_is_saved(
    make_session: Callable[..., Session], sessions_dir: Path, signum: int
) -> None:
    session = make_session()
    pid, fd = pty.fork()
    if pid == 0:  # the child: siae-tui on the session, in the pseudo-terminal
        os.environ["TERM"] = "xterm-256color"
        os.execv(sys.executable, [sys.executable, "-c", WITHOUT_TYPING_SAVES, str(sessions_dir), session.id])
    try:
        fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
        read_until(fd, "Progression 0/247")  # the walk is up
        typed = "Convention PLIE a signer"
        os.write(fd, b"\r")  # into the note
        for letter in typed:
            os.write(fd, letter.encode())
        read_until(fd, typed)  # every letter is in the note on screen, none on disk yet
        assert json.loads(session.path.read_text(encoding="utf-8"))["session"]["1"]["notes"] == {}
        os.kill(pid, signum)
        deadline = time.monotonic() + HANG_GUARD
        while time.monotonic() < deadline:
            done, _status = os.waitpid(pid, os.WNOHANG)
            if done:
                break
            drain(fd, 0.1)
        else:
            pytest.fail("siae-tui did not stop after the signal")
    finally:
        try:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        except (ProcessLookupError, ChildProcessError):
            pass
        os.close(fd)
    notes = json.loads(session.path.read_text(encoding="utf-8"))["session"]["1"]["notes"]
    assert notes == {"1.1.1": typed}
