"""A terminal that closes (an SSH link that drops) or a SIGTERM: what was typed is on disk.

The real ``siae-tui`` runs in a pseudo-terminal, as over SSH; someone types a
note without pausing, and the signal arrives 0.1 s after the last key. Before,
the debounced save never fired while typing went on, and the signal killed
the process with the paragraph.
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


@pytest.mark.parametrize("signum", [signal.SIGHUP, signal.SIGTERM], ids=["SIGHUP", "SIGTERM"])
def test_a_note_typed_until_the_terminal_closes_is_saved(
    make_session: Callable[..., Session], sessions_dir: Path, signum: int
) -> None:
    session = make_session()
    pid, fd = pty.fork()
    if pid == 0:  # the child: siae-tui on the session, in the pseudo-terminal
        os.environ["TERM"] = "xterm-256color"
        os.execv(
            sys.executable, [sys.executable, "-m", "siae_tui", "--sessions-dir", str(sessions_dir), "open", session.id]
        )
    try:
        fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
        read_until(fd, "Progression 0/247")  # the walk is up
        typed = "PLIE juin"
        os.write(fd, b"\r" + typed[0].encode())  # into the note, and the first letter
        read_until(fd, "… saisie")
        for letter in typed[1:]:  # steady typing, never the pause that triggers a save
            os.write(fd, letter.encode())
            drain(fd, 0.1)
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
