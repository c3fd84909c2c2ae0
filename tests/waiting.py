"""Waiting in tests: for a state, never for a length of time.

A test waits for what proves the step happened (a text on the screen, a vote
counted, an event on a stream). ``hang_guard`` only stops a test that would
otherwise wait forever: its limit is generous on purpose (a busy 2-core machine
must never reach it) and its failure says what was awaited.

In Pilot tests, ``settled`` replaces Textual's ``wait_for_idle`` (``tests/tui/conftest.py``).
That one guesses that the app is idle when the process used little CPU during a 20 ms
sleep; on a busy machine the process may simply not have run during those 20 ms, so
the guess says « idle » while a key is still being handled, and the next key arrives
before the dialog the first one opens. ``settled`` asks the event loop instead: nothing
ready to run and no timer due within a frame or two (Textual's screen updates, the
app's size check), three times in a row. However slow the machine, it returns only once
the app has done everything a key set in motion.
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


#: A timer due this soon is part of handling the key (a frame, a debounce): wait for it.
SOON = 0.05
#: Consecutive calm looks before the loop counts as settled.
CALM = 3
#: Beyond this many frames of work in a row, something animates forever: say so.
MAX_FRAMES = 2000


async def settled(min_sleep: float = 0.0, max_sleep: float = 1.0) -> None:
    """Return once the event loop has nothing to do now and no timer due within ``SOON``.

    Same signature as ``textual._wait.wait_for_idle``, which it replaces in every Pilot
    and snapshot test (``tests/tui/conftest.py``); both arguments are ignored: the
    answer depends on the loop's state, not on how long it took to get there.
    """
    loop = asyncio.get_running_loop()
    calm = frames = 0
    while calm < CALM:
        ready = bool(loop._ready)  # type: ignore[attr-defined]
        due = [
            handle.when() - loop.time()
            for handle in loop._scheduled  # type: ignore[attr-defined]
            if not handle.cancelled() and handle.when() - loop.time() < SOON
        ]
        if not ready and not due:
            calm += 1
            await asyncio.sleep(0)
            continue
        calm = 0
        frames += 1
        if frames > MAX_FRAMES:
            raise AssertionError("the app never settled: something keeps scheduling work")
        await asyncio.sleep(max(0.0, min(due)) if due and not ready else 0)


async def until(condition: Callable[[], object], what: str, *, seen: Callable[[], object] | None = None) -> None:
    """Let the app work until ``condition()`` holds; ``what`` (and ``seen()``) say what was awaited if it never does."""
    async with hang_guard(what, seen=seen):
        while not condition():
            await settled()
            if not condition():
                await asyncio.sleep(SOON)  # something outside the app (a browser, a server) is awaited
