"""The room's web server: phones vote on the current practice.

An aiohttp application that runs inside the Textual app's own asyncio loop
(``RoomServer.start`` / ``close``), serves the vote page from this package's
files, and applies the pure rules of ``siae_tui.domain.room``. It knows
nothing of the UI: the room screen gives it a ``Room`` and a callback.
"""

from __future__ import annotations

from siae_tui.room.network import primary_lan_address
from siae_tui.room.server import RoomServer, new_token

__all__ = ["RoomServer", "new_token", "primary_lan_address"]
