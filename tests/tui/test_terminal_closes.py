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


def drain(fd: int, seconds: float) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        ready, _, _ = select.select([fd], [], [], 0.05)
        if ready:
            try:
                if not os.read(fd, 65536):
                    return
            except OSError:
                return


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
        drain(fd, 3.0)  # start-up
        os.write(fd, b"\r")  # into the note
        drain(fd, 0.5)
        typed = "Convention PLIE a signer"
        for letter in typed:  # steady typing, never the pause that triggers a save
            os.write(fd, letter.encode())
            drain(fd, 0.1)
        os.kill(pid, signum)
        deadline = time.monotonic() + 10
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
