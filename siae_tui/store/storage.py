"""A TinyDB storage that never leaves a half-written session file.

TinyDB's stock ``JSONStorage`` rewrites the file in place: a crash or a full
disk in the middle leaves a truncated file and the workshop's work is gone.
Here every write goes to a temporary file in the same directory, is flushed
and fsynced, then atomically replaces the old file (``os.replace``), and the
directory entry is fsynced too. Either the old or the new file survives,
never a mixture. Temporary files are created 0600 (notes can be sensitive).
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from tinydb.storages import Storage


def write_atomically(path: Path, text: str) -> None:
    """Durably replace ``path`` with ``text`` (UTF-8), or leave it untouched."""
    descriptor, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise
    _fsync_directory(path.parent)


def _fsync_directory(directory: Path) -> None:
    descriptor = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


class AtomicJSONStorage(Storage):
    """TinyDB storage: reads the JSON file, writes it with ``write_atomically``.

    No file handle is held between calls, because ``os.replace`` swaps the
    file under any open handle.
    """

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)

    def read(self) -> dict[str, dict[str, Any]] | None:
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return None
        if not text.strip():
            return None
        data: dict[str, dict[str, Any]] = json.loads(text)
        return data

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        write_atomically(self.path, json.dumps(data, ensure_ascii=False, indent=1))

    def close(self) -> None:
        pass
