"""The room under load: 30 phones vote within one second; how soon the TUI shows « n/N ont voté ».

The app runs headless (``run_test``) with its room open on 127.0.0.1, as in
a workshop. The 30 phones live in another thread with their own event loop
(as real phones are other machines): each keeps a server-sent-events stream
open, as the page does, and posts one vote at a random moment of the same
second (or all at once, for the burst rounds). A vote's latency runs from
just before its request is sent to the first time the screen's counter is
rendered with that vote counted. After each round the facilitator reveals
and keeps the median: the 30 votes must be in the session, on disk.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import json
import random
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import aiohttp

from benchmarks.fixtures import default_referentiel
from benchmarks.harness import Row
from siae_tui import locations
from siae_tui.domain.evaluation import Evaluation
from siae_tui.store import SessionStore

if TYPE_CHECKING:
    from textual.pilot import Pilot

    from siae_tui.ui.screens.room import RoomScreen

PHONES = 30


async def _phones(url: str, spread: float, seed: int) -> list[tuple[float, float, int]]:
    """Each phone follows the room and votes once within ``spread`` seconds.

    Answers (sent at, answered at, count after its vote) per phone.
    """
    rng = random.Random(seed)
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0)) as client:
        streams = [await client.get(f"{url}flux", params={"appareil": f"phone-{n:04}"}) for n in range(PHONES)]

        async def vote(n: int) -> tuple[float, float, int]:
            await asyncio.sleep(rng.random() * spread)
            device = f"phone-{n:04}"
            body = {"appareil": device, "participant": f"Participant {n + 1:02}", "valeur": str(rng.randrange(4))}
            sent = time.perf_counter()
            async with client.post(f"{url}vote", params={"appareil": device}, json=body) as response:
                assert response.status == 200, await response.text()
                count = int((await response.json())["ont_vote"])
                return sent, time.perf_counter(), count

        try:
            return list(await asyncio.gather(*(vote(n) for n in range(PHONES))))
        finally:
            for stream in streams:
                stream.close()


@dataclass
class _Measures:
    """What the rounds measured, in milliseconds, and what went wrong."""

    #: From a vote's request to the first drawing of the counter that counts it.
    latencies: list[float] = field(default_factory=list)
    #: From a vote's request to its answer.
    answers: list[float] = field(default_factory=list)
    #: ``latencies`` again, split: the votes sent all at once, and those spread over a second.
    burst: list[float] = field(default_factory=list)
    spread_out: list[float] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


@contextlib.contextmanager
def _counter_drawings() -> Iterator[list[tuple[float, int]]]:
    """Each time the room's vote counter is drawn, while in the block: when, and the count it shows."""
    from siae_tui.ui.screens.room import VoteCount

    renders: list[tuple[float, int]] = []
    original = VoteCount.render

    def render(self: VoteCount) -> object:  # the moment the counter is drawn, and what it says
        result = original(self)
        text = str(result)
        if "/" in text:
            renders.append((time.perf_counter(), int(text.split("/")[0])))
        return result

    VoteCount.render = render  # type: ignore[method-assign]
    try:
        yield renders
    finally:
        VoteCount.render = original  # type: ignore[method-assign]


async def _rounds(sessions: Path, session_id: str, rounds: int) -> tuple[list[float], list[float], list[str]]:
    from siae_tui.ui.app import make_app
    from siae_tui.ui.screens.room import RoomScreen

    measures = _Measures()
    with _counter_drawings() as renders:
        app = make_app(sessions, [locations.bundled_referentiels_dir()], session_id, room_host="127.0.0.1")
        async with app.run_test(size=(100, 40)) as pilot:
            await pilot.pause()
            await pilot.press("R")
            while not (isinstance(app.screen, RoomScreen) and app.screen.server.running):
                await pilot.pause(0.01)
            screen = app.screen
            for number in range(rounds):
                await _round(pilot, screen, number, renders, measures)
            on_disk = json.loads(screen.session.path.read_text(encoding="utf-8"))["session"]["1"]["votes"]
            if sum(len(v) == PHONES for v in on_disk.values()) != rounds:
                measures.problems.append("votes manquants sur le disque")
            await pilot.press("escape")
    if measures.burst:
        ordered = sorted(measures.burst)
        print(f"salle : tous à la fois p95 {ordered[round(0.95 * (len(ordered) - 1))]:.1f} ms, ", end="")
        ordered = sorted(measures.spread_out)
        print(f"répartis sur 1 s p95 {ordered[round(0.95 * (len(ordered) - 1))]:.1f} ms")
    return measures.latencies, measures.answers, measures.problems


async def _round(
    pilot: Pilot[None], screen: RoomScreen, number: int, renders: list[tuple[float, int]], measures: _Measures
) -> None:
    """The 30 phones vote on the current practice; then the facilitator reveals and keeps the median."""
    practice_id = screen.room.practice.id
    renders.clear()
    spread = 0.0 if number % 5 == 4 else 1.0  # one round in five: all 30 at the same instant
    sends = await asyncio.to_thread(asyncio.run, _phones(screen.server.url, spread, number))
    async with asyncio.timeout(5):
        while not renders or max(count for _, count in renders) < PHONES:
            await pilot.pause(0.005)
    for sent, answered, count in sends:
        measures.answers.append((answered - sent) * 1000)
        shown = min(at for at, seen in renders if seen >= count and at >= sent)
        measures.latencies.append((shown - sent) * 1000)
        (measures.burst if spread == 0 else measures.spread_out).append((shown - sent) * 1000)
    if screen.room.voted != PHONES:
        measures.problems.append(f"{practice_id}: {screen.room.voted}/{PHONES} votes")
    await pilot.press("v", "enter")
    stored = screen.session.evaluation.votes.get(practice_id, {})
    if len(stored) != PHONES:
        measures.problems.append(f"{practice_id}: {len(stored)} votes enregistrés")


def bench_room(tmp: Path, rounds: int) -> list[Row]:
    referentiel = default_referentiel()
    sessions = tmp / "room"
    store = SessionStore(sessions, [referentiel])
    participants = [f"Participant {n + 1:02}" for n in range(PHONES)]
    session = store.create(
        Evaluation(
            referentiel.id,
            referentiel.version,
            "SIAE atelier",
            dt.date(2026, 3, 12),
            "ACI",
            "Salle",
            participants=participants,
        )
    )
    session.save()
    session.close()
    latencies, answers, problems = asyncio.run(_rounds(sessions, session.id, rounds))
    for problem in problems:
        print(f"salle : {problem}")
    shown = Row(f"salle : vote → « n/{PHONES} ont voté » à l'écran", latencies, "p95 ≤ 200 ms")
    shown.passed = shown.p95 <= 200
    recorded = Row(
        f"salle : {PHONES} téléphones en 1 s, vote → réponse",
        answers,
        f"tous enregistrés ({PHONES * rounds - len(problems)}/{PHONES * rounds})",
    )
    recorded.passed = not problems
    return [shown, recorded]


if __name__ == "__main__":
    import tempfile

    from benchmarks.harness import render

    with tempfile.TemporaryDirectory(prefix="siae-bench-room-") as directory:
        print(render(bench_room(Path(directory), 10)))
