"""A workshop's laptop dies mid-write: nothing acknowledged is ever lost.

A child process scores practices in a loop and prints each change only
after ``set_value`` returned; the parent kills it with SIGKILL at a random
moment, then checks that the file parses and holds every printed change.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from siae_tui.domain.loader import load_referentiel
from tests.conftest import DEFAULT_REFERENTIEL

REFERENTIEL = load_referentiel(DEFAULT_REFERENTIEL)

CHILD = textwrap.dedent(
    """
    import datetime as dt, sys
    from siae_tui.domain.evaluation import Evaluation
    from siae_tui.domain.loader import load_referentiel
    from siae_tui.store import SessionStore

    ref = load_referentiel(sys.argv[1])
    store = SessionStore(sys.argv[2], [ref])
    session = store.create(Evaluation(ref.id, ref.version, "Crash", dt.date(2026, 1, 1)))
    print(session.path, flush=True)
    n = 0
    while True:
        for practice in ref.practices:
            n += 1
            value = n % 4
            session.set_value(practice.id, value)
            print(practice.id, value, flush=True)
    """
)


def test_sigkill_never_loses_an_acknowledged_change(tmp_path: Path) -> None:
    rng = random.Random(20261124)
    for round_ in range(6):
        directory = tmp_path / f"round{round_}"
        child = subprocess.Popen(
            [sys.executable, "-c", CHILD, str(DEFAULT_REFERENTIEL), str(directory)],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert child.stdout is not None
        session_path = Path(child.stdout.readline().strip())
        time.sleep(rng.uniform(0.05, 0.4))
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
        acknowledged: dict[str, int] = {}
        last_id = ""
        for line in child.stdout.read().splitlines():
            parts = line.split()
            if len(parts) == 2:  # a line cut by the kill is not an acknowledgement
                acknowledged[parts[0]] = int(parts[1])
                last_id = parts[0]
        document = json.loads(session_path.read_text(encoding="utf-8"))["session"]["1"]
        on_disk = document["values"]
        assert acknowledged, "the child should have written something before being killed"
        # At most one write can be in flight: the one to the practice after the last acknowledged.
        order = [p.id for p in REFERENTIEL.practices]
        in_flight = order[(order.index(last_id) + 1) % len(order)]
        for practice_id, value in acknowledged.items():
            if practice_id != in_flight:
                assert on_disk[practice_id] == value, f"round {round_}: {practice_id} lost"
        leftovers = [p for p in directory.iterdir() if p.name.endswith(".tmp")]
        assert len(leftovers) <= 1  # at most the temp file of the write cut by the kill
