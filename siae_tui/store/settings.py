"""The user's preferences (today: the theme), kept between runs.

A small JSON file in ``locations.config_dir()``. A missing, unreadable or
odd file means the defaults: a preference is never worth an error message.
"""

from __future__ import annotations

import contextlib
import json
from pathlib import Path

from siae_tui import locations
from siae_tui.store.storage import write_atomically

SETTINGS_FILE = "settings.json"


def _path() -> Path:
    return locations.config_dir() / SETTINGS_FILE


def load_settings() -> dict[str, str]:
    """The saved preferences (text values only), or none."""
    try:
        data = json.loads(_path().read_text(encoding="utf-8")[:10_000])
    except (OSError, ValueError):
        return {}
    return (
        {k: v for k, v in data.items() if isinstance(k, str) and isinstance(v, str)} if isinstance(data, dict) else {}
    )


def save_setting(name: str, value: str) -> None:
    """Remember one preference; a folder that cannot be written is silently skipped."""
    settings = load_settings() | {name: value}
    with contextlib.suppress(OSError):
        _path().parent.mkdir(parents=True, exist_ok=True)
        write_atomically(_path(), json.dumps(settings, ensure_ascii=False, indent=2) + "\n")
