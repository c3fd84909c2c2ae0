"""Waiting in Pilot tests for states, never for time.

Textual's Pilot waits after each key with ``textual._wait.wait_for_idle``, which guesses
that the app is idle when the process used little CPU during a 20 ms sleep. On a busy
machine the process may simply not have run during those 20 ms: the guess says « idle »
while the key is still being handled, and the next key arrives before the dialog the
first one opens (measured: the suite failed under load, never idle). ``settled`` asks
the event loop instead: nothing ready to run, and no timer due within a frame or two
(Textual's screen updates, the app's size check), three times in a row. However slow
the machine, it returns only once the app has done everything a key set in motion.

``until`` waits for a condition the test names, with a hang guard that is not a speed
requirement: it only turns a lost event into a failure that says what was awaited,
instead of a suite that never ends.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

#: A timer due this soon is part of handling the key (a frame, a debounce): wait for it.
SOON = 0.05
#: Consecutive calm looks before the loop counts as settled.
CALM = 3
#: Beyond this many frames of work in a row, something animates forever: say so.
MAX_FRAMES = 2000
#: A guard against a hang, not a speed requirement: a lost event fails instead of blocking the suite.
HANG_GUARD = 120.0


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


async def until(condition: Callable[[], object], what: str) -> None:
    """Let the app work until ``condition()`` holds; ``what`` names it if it never does."""
    try:
        async with asyncio.timeout(HANG_GUARD):
            while not condition():
                await settled()
                if condition():
                    return
                await asyncio.sleep(SOON)  # something outside the app (a browser, a server) is awaited
    except TimeoutError:
        raise AssertionError(f"never happened: {what}") from None
