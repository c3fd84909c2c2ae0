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
import errno
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from tinydb.storages import Storage


def write_atomically(path: Path, text: str | bytes) -> None:
    """Durably replace ``path`` with ``text`` (UTF-8) or bytes (a workbook), or leave it untouched."""
    temporary = _durable_temporary(path, text.encode("utf-8") if isinstance(text, str) else text)
    try:
        os.replace(temporary, path)
    except BaseException:
        _remove(temporary)
        raise
    _fsync_directory(path.parent)


def publish_new(path: Path, data: bytes) -> bool:
    """Create ``path`` holding ``data``, complete and durable, only if no such file exists.

    The bytes go to a fsynced temporary file first, then ``os.link`` gives it the final
    name: the link is atomic and fails when the name is taken, so the file appears
    whole or not at all and an existing session is never replaced. False when the name
    was taken. On file systems without hard links (FAT USB sticks) the caller's session
    lock is what keeps other siae-tui away, and ``os.replace`` publishes.
    """
    temporary = _durable_temporary(path, data)
    try:
        try:
            os.link(temporary, path)
        except FileExistsError:
            return False
        except OSError as error:
            if error.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EMLINK):
                raise
            if path.exists():
                return False
            os.replace(temporary, path)
    finally:
        _remove(temporary)
    _fsync_directory(path.parent)
    return True


def _durable_temporary(path: Path, data: bytes) -> str:
    """A fsynced 0600 temporary file beside ``path`` holding ``data``; removed if anything fails."""
    descriptor, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        _remove(temporary)
        raise
    return temporary


def _remove(path: str | Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        os.unlink(path)


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
            # utf-8-sig: a session saved by an editor that adds a BOM opens (decode_text allows it), so it must save.
            text = self.path.read_text(encoding="utf-8-sig")
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
