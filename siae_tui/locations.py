"""Where sessions and référentiels live: one place decides, so tests can redirect it.

Order of precedence for each: the command-line option, then the environment
variable, then the default.
"""

from __future__ import annotations

import os
from pathlib import Path

SESSIONS_ENV = "SIAE_TUI_SESSIONS"
REFERENTIELS_ENV = "SIAE_TUI_REFERENTIELS"
CONFIG_ENV = "SIAE_TUI_CONFIG"
DEFAULT_REFERENTIEL_ID = "siae-projet-insertion"

_PACKAGE_DIR = Path(__file__).resolve().parent


def sessions_dir(option: str | os.PathLike[str] | None = None) -> Path:
    """The sessions directory: ``--sessions-dir``, ``$SIAE_TUI_SESSIONS`` or ``./sessions``."""
    if option:
        return Path(option).expanduser()
    if os.environ.get(SESSIONS_ENV):
        return Path(os.environ[SESSIONS_ENV]).expanduser()
    return Path.cwd() / "sessions"


def bundled_referentiels_dir() -> Path:
    """The référentiels shipped with siae-tui.

    In a wheel they are copied into the package; in a checkout (and an editable
    install) they are the repository's top-level ``referentiel/`` folder.
    """
    for candidate in (_PACKAGE_DIR / "referentiel", _PACKAGE_DIR.parent / "referentiel"):
        if candidate.is_dir():
            return candidate
    return _PACKAGE_DIR.parent / "referentiel"


def referentiel_dirs(option: str | os.PathLike[str] | None = None) -> list[Path]:
    """Directories searched for référentiels: the bundled one, then the user's."""
    dirs = [bundled_referentiels_dir()]
    user = option or os.environ.get(REFERENTIELS_ENV)
    if user:
        dirs.append(Path(user).expanduser())
    return dirs


def default_referentiel_path() -> Path:
    return bundled_referentiels_dir() / f"{DEFAULT_REFERENTIEL_ID}.yaml"


def config_dir() -> Path:
    """Where the user's preferences live: ``$SIAE_TUI_CONFIG``, else ``$XDG_CONFIG_HOME/siae-tui``."""
    if os.environ.get(CONFIG_ENV):
        return Path(os.environ[CONFIG_ENV]).expanduser()
    base = os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config"
    return Path(base) / "siae-tui"
