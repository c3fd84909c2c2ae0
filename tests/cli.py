"""The ``siae-tui`` command run inside the test process, as a user would see it.

A new Python per command costs about 0.3 s of imports, and the hostile corpus alone runs
two hundred commands: most CLI tests call ``siae_tui.cli.main`` here instead. What a
user would see is kept: the streams of a real process (UTF-8 and strict on standard
output, so printing a lone surrogate fails as it would in a terminal; nothing on
standard input, which is not a terminal), the exit code of ``sys.exit`` and
``argparse``, and an exception escaping ``main`` reported as the traceback the user
would have read. The real entry point, ``python -m siae_tui`` in its own process, is
still run by ``test_bad_input.py``, ``test_import_hygiene.py``, ``test_creation.py``
and the terminal tests.
"""

from __future__ import annotations

import contextlib
import io
import os
import sys
import traceback
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


def run_cli(args: Sequence[str], *, cwd: Path | None = None, env: Mapping[str, str] | None = None) -> Run:
    """``siae-tui ARGS`` with its output captured: exit code, standard output, standard error."""
    stdout = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", errors="strict", write_through=True)
    stderr = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", errors="backslashreplace", write_through=True)
    stdin = io.TextIOWrapper(io.BytesIO(b""), encoding="utf-8")
    saved = sys.stdin, sys.stdout, sys.stderr
    try:
        with contextlib.chdir(cwd or Path.cwd()), _environment(env or {}):
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
    return Run(list(args), code, _text(stdout), _text(stderr))


def _text(stream: io.TextIOWrapper) -> str:
    stream.flush()
    return stream.buffer.getvalue().decode("utf-8", errors="replace")  # type: ignore[attr-defined]
