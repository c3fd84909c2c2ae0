"""The ``siae-tui`` command run inside the test process, as a user would see it.

A new Python per command costs about 0.3 s of imports, and the hostile corpus alone runs
two hundred commands: most CLI tests call ``siae_tui.cli.main`` here instead. What a
user would see is kept: the streams of a real process (UTF-8 and strict on standard
output, so printing a lone surrogate fails as it would in a terminal; nothing on
standard input, which is not a terminal), the exit code of ``sys.exit`` and
``argparse``, Python's warnings printed on standard error, and an exception escaping
``main`` reported as the traceback the user would have read. A thread left running
after ``main`` returns, which would keep a process from ending, is reported as a hang
(exit code -999). The real entry point, ``python -m siae_tui`` in its own process, is
still run by ``test_bad_input.py``, ``test_import_hygiene.py``, ``test_creation.py`` and
the terminal tests.
"""

from __future__ import annotations

import contextlib
import io
import os
import sys
import threading
import traceback
import warnings
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from siae_tui.cli import main


@dataclass
class Run:
    args: list[str]
    returncode: int
    stdout: str
    stderr: str


@contextlib.contextmanager
def _environment(changes: Mapping[str, str]) -> Iterator[None]:
    saved = {name: os.environ.get(name) for name in changes}
    os.environ.update(changes)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


@contextlib.contextmanager
def _warnings_to(stderr: io.TextIOWrapper) -> Iterator[None]:
    """Python's warnings as a user's process prints them on standard error (pytest would keep
    them for its own summary): the filters Python starts with, each warning shown once."""
    with warnings.catch_warnings():
        warnings.resetwarnings()
        warnings.simplefilter("default")
        for quiet in (DeprecationWarning, PendingDeprecationWarning, ImportWarning, ResourceWarning):
            warnings.simplefilter("ignore", quiet)
        warnings.showwarning = lambda message, category, filename, lineno, file=None, line=None: stderr.write(
            warnings.formatwarning(message, category, filename, lineno, line)
        )
        yield


def run_cli(args: Sequence[str], *, cwd: Path | None = None, env: Mapping[str, str] | None = None) -> Run:
    """``siae-tui ARGS`` with its output captured: exit code, standard output, standard error."""
    stdout = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", errors="strict", write_through=True)
    stderr = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", errors="backslashreplace", write_through=True)
    stdin = io.TextIOWrapper(io.BytesIO(b""), encoding="utf-8")
    saved = sys.stdin, sys.stdout, sys.stderr
    threads = set(threading.enumerate())
    try:
        with contextlib.chdir(cwd or Path.cwd()), _environment(env or {}), _warnings_to(stderr):
            sys.stdin, sys.stdout, sys.stderr = stdin, stdout, stderr
            try:
                code = main(list(args))
            except SystemExit as leaving:
                code = leaving.code if isinstance(leaving.code, int) else (0 if leaving.code is None else 1)
            except Exception:
                stderr.write(traceback.format_exc())
                code = 1
    finally:
        sys.stdin, sys.stdout, sys.stderr = saved
    left = [t.name for t in threading.enumerate() if t not in threads and not t.daemon and t.is_alive()]
    if left:  # a process would never exit: what a user sees is a command that hangs
        stderr.write(f"(the command would not end: threads left running: {', '.join(left)})\n")
        code = -999
    return Run(list(args), code, _text(stdout), _text(stderr))


def _text(stream: io.TextIOWrapper) -> str:
    stream.flush()
    return stream.buffer.getvalue().decode("utf-8", errors="replace")  # type: ignore[attr-defined]
