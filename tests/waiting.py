"""Waiting in tests: for a state, never for a length of time.

A test waits for what proves the step happened (a text on the screen, a vote
counted, an event on a stream). ``hang_guard`` only stops a test that would
otherwise wait forever: its limit is generous on purpose (a busy 2-core machine
must never reach it) and its failure says what was awaited.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable

HANG_GUARD = 60.0
"""Seconds before a wait is taken for a hang: a guard, not a speed requirement."""


@contextlib.asynccontextmanager
async def hang_guard(
    what: str, seconds: float = HANG_GUARD, *, seen: Callable[[], object] | None = None
) -> AsyncIterator[None]:
    """``async with hang_guard("the vote page"):`` fails with what was awaited if the body hangs.

    ``seen`` gives what was last observed, for the failure message.
    """
    guard = asyncio.timeout(seconds)
    try:
        async with guard:
            yield
    except TimeoutError:
        if not guard.expired():
            raise
        message = f"still waiting after {seconds:.0f} s for {what}"
        if seen is not None:
            message += f"; last seen: {str(seen())[:1000]}"
        raise AssertionError(message) from None
